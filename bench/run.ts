// `npm run bench`: how fast nb2svc converts, and how fast the services it writes answer, next to the limits (the model
// in-process, a bare Fastify endpoint) and to what a notebook author would write instead (FastAPI + PyTorch), all in
// one run so that ratios compare numbers taken minutes apart on the same machine. Writes bench/results.json and
// bench/results.md and prints the tables. Takes about 14 minutes with the defaults.
//
// Two sections: "examples" (conversion, the 1,000-cell notebook, and serving the three examples next to their limits)
// and "heavy" (bench/heavy/heavy.ipynb, a model whose inference dominates: the service at 1, 8 and 64 connections next
// to the model alone in a loop at several batch sizes, and FastAPI + PyTorch; about 2 minutes alone).
//
// Settings: BENCH_SECONDS (per load run, default 5), BENCH_ROUNDS (load runs per server and concurrency, interleaved
// across servers; the median is reported; default 3), BENCH_EXAMPLES (default iris,digits,sentiment), BENCH_PYTHON
// (default /usr/bin/python3, for the FastAPI comparison; the bench installs nothing and says so when it skips),
// BENCH_ONLY (the sections to run, default examples,heavy; a run of fewer writes bench/results-<sections>.json and
// .md and leaves the full run's files alone), BENCH_WORKERS (processes per server for the comparison at equal
// workers: uvicorn's --workers and the service's WORKERS; default the machine's cores; the examples' service, bare
// Fastify and batching off run one process each, and so does the heavy model's service unless BENCH_WORKERS is set),
// BENCH_HEAVY_THREADS (onnxruntime intra-op threads to measure the heavy model with, service and loop alike; default 1,
// the service's default ORT_INTRA_OP_THREADS; e.g. 1,2), BENCH_GENERATOR (the load generator of the examples' serving
// runs: wrk or autocannon; default wrk when it is on PATH, else autocannon: bench/lib/load.ts, docs/performance.md),
// BENCH_WRK_THREADS (wrk's -t; default one per process of the server under test, up to the cores).
//
// The heavy section is always driven by autocannon: its runs at 64 connections leave out the first seconds (the
// server accepting connections one per turn of its event loop), which needs every answer's time, which wrk does not
// give; at a few hundred requests a second at most, the generator's CPU does not matter.
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { convert } from "../src/driver/pipeline.ts";
import { analyze } from "../src/analyze/analyze.ts";
import { loadNotebook } from "../src/load/load.ts";
import buildCli from "../test/global-setup.ts";
import { sameAnswer, type Tolerance } from "./lib/compare.ts";
import { defaultGenerator, type Generator, load, median, wrkAvailable, type LoadResult } from "./lib/load.ts";
import { request, run, startServer, type Server, type ServerSpec } from "./lib/processes.ts";
import { HEAVY_GOAL, markdown, type HeavyResults, type HeavyServingRow, type OrtRow, type Results, type ServingRow } from "./lib/report.ts";
import { bundleBenchServer, modelFile } from "./lib/servers.ts";
import { writeSyntheticNotebook } from "./lib/synthetic.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EXAMPLES = (process.env.BENCH_EXAMPLES ?? "iris,digits,sentiment").split(",").map((s) => s.trim()).filter(Boolean);
const PYTHON = process.env.BENCH_PYTHON ?? "/usr/bin/python3";
const CONNECTIONS = [1, 64] as const;
const COLD_STARTS = 7;
const FASTAPI_COLD_STARTS = 3;
const CONVERSIONS = 3;
const SECTIONS = ["examples", "heavy"] as const;
const ONLY = sections(process.env.BENCH_ONLY);
/** 0: not set (each section's default). */
const WORKERS = positiveInteger("BENCH_WORKERS", 0);
/** Processes per server in the comparison at equal workers (the service's WORKERS, uvicorn's --workers). */
const ALL_WORKERS = WORKERS || os.availableParallelism();
const HEAVY_CONNECTIONS = [1, 8, 64] as const;
/** The examples' service with one worker per core (ALL_WORKERS), beside FastAPI with as many. */
const ALL_LABEL = `service, batching on, WORKERS=${ALL_WORKERS}`;
const HEAVY_LOOP_ROWS = [1, 4, 8, 16, 32, 64] as const;
const HEAVY_LOOP_SECONDS = 2;
/**
 * Seconds of each heavy load run at 16+ connections left out before counting: the time the service takes to accept
 * autocannon's fresh connections, one per turn of its event loop (bench/lib/load.ts), reported apart.
 */
const HEAVY_SETTLE_SECONDS = 3;
/** The examples' serving runs' load generator; the heavy section's is autocannon (above). */
const GENERATOR = generator(process.env.BENCH_GENERATOR);
/**
 * wrk's threads: BENCH_WRK_THREADS, or 0 for one per process of the server under test, up to the cores. Measured
 * (docs/performance.md, "Method"): against a one-process server one thread took 1-6 µs less CPU per request than two
 * and mostly measured it as high or higher; against two processes (the service's WORKERS=2, uvicorn --workers 2) two
 * threads measured them 15-90 % higher in every pass.
 */
const WRK_THREADS = positiveInteger("BENCH_WRK_THREADS", 0);
/** The examples' load options for a server of `processes` processes. */
const examplesLoad = (processes: number) =>
  ({ generator: GENERATOR, wrkThreads: WRK_THREADS || Math.min(processes, os.availableParallelism()) }) as const;
/** Processes of an examples' server, by its label: the equal-workers comparison runs ALL_WORKERS, the others one. */
const processesOf = (label: string) => (label === ALL_LABEL || label === "FastAPI + PyTorch" ? ALL_WORKERS : 1);
const HEAVY_THREADS = (process.env.BENCH_HEAVY_THREADS ?? "1").split(",").map((t) => {
  const n = Number(t.trim());
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_HEAVY_THREADS=${process.env.BENCH_HEAVY_THREADS}: expected thread counts >= 1, comma-separated`);
  return n;
});

function sections(raw: string | undefined): ReadonlySet<(typeof SECTIONS)[number]> {
  const wanted = (raw ?? SECTIONS.join(",")).split(",").map((s) => s.trim()).filter(Boolean);
  for (const w of wanted) if (!(SECTIONS as readonly string[]).includes(w)) throw new Error(`BENCH_ONLY=${raw}: expected some of ${SECTIONS.join(", ")}`);
  return new Set(SECTIONS.filter((s) => wanted.includes(s)));
}

function generator(raw: string | undefined): Generator {
  const wanted = raw?.trim() || defaultGenerator();
  if (wanted !== "wrk" && wanted !== "autocannon") throw new Error(`BENCH_GENERATOR=${raw}: expected wrk or autocannon`);
  if (wanted === "wrk" && !wrkAvailable()) throw new Error("BENCH_GENERATOR=wrk: wrk is not on PATH (on Debian: apt-get install -y --no-install-recommends wrk)");
  return wanted;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${raw}: expected an integer >= 1`);
  return n;
}

const began = performance.now();
const loadAverageAtStart = os.loadavg();
const say = (msg: string) => process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`);

const work = mkdtempSync(path.join(os.tmpdir(), "nb2svc-bench-"));
// the helper bundles and the services resolve onnxruntime-node (external) and nothing else from nb2svc's node_modules
symlinkSync(path.join(ROOT, "node_modules"), path.join(work, "node_modules"), "dir");

try {
  const results = await main();
  // a partial run does not overwrite the full run's tables
  const stem = ONLY.size === SECTIONS.length ? "results" : `results-${[...ONLY].join("-")}`;
  writeFileSync(path.join(ROOT, "bench", `${stem}.json`), JSON.stringify(results, null, 2) + "\n");
  const md = markdown(results);
  writeFileSync(path.join(ROOT, "bench", `${stem}.md`), md);
  process.stdout.write(`\n${md}`);
  say(`wrote bench/${stem}.json and bench/${stem}.md`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function main(): Promise<Results> {
  say("building dist/cli.js and the helper servers");
  await buildCli();
  const bundles = await bundleHelpers();
  const python = await pythonStack();
  say(
    GENERATOR === "wrk"
      ? `load generator: wrk (${WRK_THREADS ? `${WRK_THREADS} thread(s)` : "a thread per process of the server, up to the cores"}); the heavy section's: autocannon`
      : `load generator: autocannon${process.env.BENCH_GENERATOR ? "" : " (wrk is not on PATH: apt-get install -y --no-install-recommends wrk)"}`,
  );
  say(python.available ? `FastAPI comparison: ${python.versions}` : `FastAPI comparison skipped: ${python.reason}`);

  const conversion: Results["conversion"][number][] = [];
  const services: Results["services"][number][] = [];
  let synthetic: Results["synthetic"] = null;
  if (ONLY.has("examples")) synthetic = await examples(conversion, services, bundles, python);
  const heavy = ONLY.has("heavy") ? await heavySection(bundles, python) : undefined;

  return {
    date: new Date().toISOString(),
    machine: machine(python.versions),
    settings: {
      secondsPerRun: SECONDS,
      rounds: ROUNDS,
      connections: [...CONNECTIONS],
      coldStarts: COLD_STARTS,
      fastapiColdStarts: FASTAPI_COLD_STARTS,
      sections: [...ONLY],
      generator: GENERATOR === "wrk" ? { examples: "wrk", wrkThreads: WRK_THREADS || "per server process", heavy: "autocannon" } : { examples: "autocannon", heavy: "autocannon" },
    },
    conversion,
    synthetic,
    services,
    fastapi: python.available ? { available: true, versions: python.versions } : { available: false, reason: python.reason },
    ...(heavy ? { heavy } : {}),
    totalSeconds: Math.round((performance.now() - began) / 1000),
  };
}

/** The examples: conversion, the 1,000-cell notebook, and serving each next to its limits. */
async function examples(
  conversion: Results["conversion"][number][],
  services: Results["services"][number][],
  bundles: Helpers,
  python: PythonStack,
): Promise<NonNullable<Results["synthetic"]>> {
  const serviceDirs = new Map<string, { dir: string; maxBatchRows: number }>();
  for (const name of EXAMPLES) {
    say(`converting ${name}: the CLI process ${CONVERSIONS} times, then in-process`);
    const notebook = path.join(ROOT, "examples", name, `${name}.ipynb`);
    const cli: number[] = [];
    let stages: Record<string, number> = {};
    let maxBatchRows = 32;
    for (let i = 0; i < CONVERSIONS; i++) {
      const out = path.join(work, `${name}-cli-${i}`);
      const r = await run(process.execPath, [path.join(ROOT, "dist", "cli.js"), "convert", notebook, "--out", out, "--yes", "--no-verify", "--json"], { cwd: ROOT });
      if (r.code !== 0) throw new Error(`nb2svc convert ${name} failed (${r.code}):\n${r.stderr}`);
      const report = JSON.parse(r.stdout) as { timings: Record<string, number>; service: { batching: { maxBatchRows: number } } };
      cli.push(r.ms);
      stages = report.timings;
      maxBatchRows = report.service.batching.maxBatchRows;
      if (i === 0) serviceDirs.set(name, { dir: out, maxBatchRows });
    }
    // in-process: the first call pays for lazy set-up (the parser's wasm, TypeScript, esbuild's service), then warm
    const inProcess: number[] = [];
    for (let i = 0; i <= CONVERSIONS; i++) {
      const t0 = performance.now();
      const outcome = await convert(notebook, { out: path.join(work, `${name}-api`), force: true, verify: false });
      if (!outcome.ok) throw new Error(`convert ${name} in-process failed: ${JSON.stringify(outcome.diagnostics)}`);
      if (i > 0 || name !== EXAMPLES[0]) inProcess.push(performance.now() - t0);
      else say(`  first in-process convert (cold): ${(performance.now() - t0).toFixed(0)} ms`);
    }
    conversion.push({ example: name, cliMs: median(cli), cliRunsMs: cli, inProcessMs: median(inProcess), stagesMs: stages });
  }

  say("synthetic 1,000-cell notebook: load + analyze");
  const synDir = path.join(work, "synthetic");
  mkdirSync(synDir);
  const synFile = writeSyntheticNotebook(path.join(ROOT, "examples"), synDir);
  const synInProcess: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const loaded = await loadNotebook(synFile);
    const analysis = await analyze(loaded.notebook!);
    synInProcess.push(performance.now() - t0);
    if (!analysis.preprocess) throw new Error("the synthetic notebook's inference path was not found");
  }
  const synCli: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await run(process.execPath, [path.join(ROOT, "dist", "cli.js"), "inspect", synFile, "--json"], { cwd: ROOT });
    if (r.code !== 0) {
      // reported, not fatal: the serving sections still run
      say(`  nb2svc inspect (synthetic) exited ${r.code}: ${(r.stderr || r.stdout).slice(0, 400)}`);
      synCli.push(NaN);
      continue;
    }
    synCli.push(r.ms);
  }
  const synthetic = { cells: 1000, inProcessMs: median(synInProcess), cliInspectMs: median(synCli) };

  for (const name of EXAMPLES) services.push(await serving(name, serviceDirs.get(name)!, bundles, python));
  return synthetic;
}

/** The bench's own servers, bundled by bundleHelpers. */
interface Helpers {
  /** bench/servers/bare.ts: Fastify with nothing behind /predict. */
  readonly bare: string;
  /** bench/servers/ort-loop.ts: the model in-process, in a loop. */
  readonly ortLoop: string;
  /** bench/servers/floor.ts: Fastify plus an onnxruntime-node session of the model, for the cold start's floor. */
  readonly floor: string;
}

/** Bundles the bench's own servers (Helpers) as the service is bundled (bench/lib/servers.ts). */
async function bundleHelpers(): Promise<Helpers> {
  return {
    bare: await bundleBenchServer("bare", path.join(work, "bare.mjs")),
    ortLoop: await bundleBenchServer("ort-loop", path.join(work, "ort-loop.mjs")),
    floor: await bundleBenchServer("floor", path.join(work, "floor.mjs")),
  };
}

interface PythonStack {
  readonly available: boolean;
  readonly reason?: string;
  readonly versions?: string;
  /** Python's onnxruntime imports too (not a Debian package: see bench/fastapi/app.py): the heavy section adds FastAPI + onnxruntime. */
  readonly onnxruntime?: boolean;
}

async function pythonStack(): Promise<PythonStack> {
  const probe = await run(PYTHON, [
    "-c",
    // uvloop and httptools too: uvicorn's fallback (asyncio and h11) answers each request on a kept-alive connection
    // about 40 ms late here (p50 44 ms and 23 req/s at 1 connection, 06:18 UTC
    // 2026-12-06), which would compare the service with a FastAPI no one deploys
    "import sys, fastapi, uvicorn, uvloop, httptools, torch, onnx\n" +
      "def has(m):\n  try:\n    __import__(m); return True\n  except ImportError:\n    return False\n" +
      "print(f'Python {sys.version.split()[0]}, FastAPI {fastapi.__version__}, uvicorn {uvicorn.__version__} (uvloop: {has(\"uvloop\")}, httptools: {has(\"httptools\")}), PyTorch {torch.__version__}, onnx {onnx.__version__}' + (f', onnxruntime {__import__(\"onnxruntime\").__version__}' if has('onnxruntime') else ''))",
  ]).catch(() => null);
  if (!probe || probe.code !== 0) {
    return {
      available: false,
      reason:
        `${PYTHON} cannot import fastapi, uvicorn (with uvloop and httptools), torch and onnx; the bench installs nothing itself ` +
        "(on Debian: apt-get install python3-fastapi python3-uvicorn python3-uvloop python3-httptools python3-torch python3-onnx)",
    };
  }
  return { available: true, versions: probe.stdout.trim(), onnxruntime: probe.stdout.includes("onnxruntime ") };
}

function machine(python?: string): Results["machine"] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    onnxruntime: JSON.parse(readFileSync(path.join(ROOT, "node_modules", "onnxruntime-node", "package.json"), "utf8")).version as string,
    fastify: JSON.parse(readFileSync(path.join(ROOT, "node_modules", "fastify", "package.json"), "utf8")).version as string,
    loadAverageAtStart: loadAverageAtStart.map((l) => Math.round(l * 100) / 100),
    loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
    ...(python ? { python } : {}),
  };
}

interface Golden {
  readonly request: Record<string, unknown>;
  readonly expected: unknown;
}

/** One example's service next to its limits and its FastAPI counterpart. */
async function serving(
  name: string,
  svc: { dir: string; maxBatchRows: number },
  bundles: Helpers,
  python: PythonStack,
): Promise<Results["services"][number]> {
  symlinkSync(path.join(ROOT, "node_modules"), path.join(svc.dir, "node_modules"), "dir");
  const goldens = JSON.parse(readFileSync(path.join(svc.dir, "src", "generated", "goldens.json"), "utf8")) as { tolerance: Tolerance; goldens: Golden[] };
  const golden = goldens.goldens[0]!;
  const body = JSON.stringify(golden.request);

  say(`${name}: the model in-process (onnxruntime-node in a loop)`);
  const ort = await ortLoop(svc.dir, golden, bundles.ortLoop, [1, svc.maxBatchRows], { seconds: 2, threads: 1 });

  const serviceSpec = (batching: string, env: Readonly<Record<string, string>> = {}): ServerSpec => ({
    command: process.execPath,
    args: [path.join(svc.dir, "dist", "server.js")],
    cwd: svc.dir,
    // the defaults a deployment gets (LOG_LEVEL=info: one JSON line per request), only batching and the processes set
    env: { BATCHING: batching, WORKERS: "1", ...env },
    readyPath: "/readyz",
  });
  const fastapiSpec: ServerSpec = {
    command: PYTHON,
    args: ["-m", "uvicorn", "app:app", "--host", "127.0.0.1", "--port", "{PORT}", "--workers", String(ALL_WORKERS)],
    cwd: path.join(ROOT, "bench", "fastapi"),
    env: { EXAMPLE: name, EXAMPLES_DIR: path.join(ROOT, "examples") },
    readyPath: "/readyz",
    timeoutMs: 120_000,
  };

  say(`${name}: cold starts`);
  const coldService: number[] = [];
  const coldFloor: number[] = [];
  const floorSpec: ServerSpec = { command: process.execPath, args: [bundles.floor], cwd: work, env: { FLOOR_MODEL: modelFile(svc.dir) }, readyPath: "/readyz" };
  for (let i = 0; i < COLD_STARTS; i++) {
    // no linger on SIGTERM: only the start is measured here, and the next one follows sooner
    const s = await startServer(serviceSpec("on", { SHUTDOWN_LINGER_MS: "0" }));
    coldService.push(s.coldStartMs);
    await s.stop();
    // the floor alternates with the service, so that both see the machine alike
    const f = await startServer(floorSpec);
    coldFloor.push(f.coldStartMs);
    await f.stop();
  }
  const coldAll: number[] = [];
  if (ALL_WORKERS > 1) {
    for (let i = 0; i < COLD_STARTS; i++) {
      // ready: every worker has opened the model and they warmed up together (src/cluster.ts)
      const s = await startServer(serviceSpec("on", { SHUTDOWN_LINGER_MS: "0", WORKERS: String(ALL_WORKERS) }));
      coldAll.push(s.coldStartMs);
      await s.stop();
    }
  }
  const coldFastapi: number[] = [];
  if (python.available) {
    for (let i = 0; i < FASTAPI_COLD_STARTS; i++) {
      const s = await startServer(fastapiSpec);
      coldFastapi.push(s.coldStartMs);
      await s.stop();
    }
  }

  say(`${name}: serving, ${ROUNDS} round(s) of ${SECONDS} s per server and concurrency`);
  const servers: { label: string; server: Server }[] = [];
  try {
    const on = await startServer(serviceSpec("on"));
    servers.push({ label: "service, batching on", server: on });
    servers.push({ label: "service, batching off", server: await startServer(serviceSpec("off")) });
    if (ALL_WORKERS > 1) servers.push({ label: ALL_LABEL, server: await startServer(serviceSpec("on", { WORKERS: String(ALL_WORKERS) })) });
    const answer = await request(on.url + "/predict", body);
    if (answer.status !== 200 || !sameAnswer(JSON.parse(answer.body), golden.expected, goldens.tolerance)) {
      throw new Error(`${name}: the service does not answer the notebook's example: ${answer.status} ${answer.body}`);
    }
    servers.push({
      label: "bare Fastify (HTTP ceiling)",
      server: await startServer({ command: process.execPath, args: [bundles.bare], cwd: work, env: { BARE_RESPONSE: answer.body }, readyPath: "/readyz" }),
    });
    if (python.available) servers.push({ label: "FastAPI + PyTorch", server: await startServer(fastapiSpec) });

    // bare Fastify runs right after the service with batching on (before it, in reversed rounds), and FastAPI next to
    // the service with every worker: the pairs the goals compare run seconds apart, not behind two other servers' runs
    const runOrder = ["service, batching on", "bare Fastify (HTTP ceiling)", "service, batching off", ALL_LABEL, "FastAPI + PyTorch"];
    servers.sort((a, b) => runOrder.indexOf(a.label) - runOrder.indexOf(b.label));
    const correct = new Map<string, boolean>();
    for (const { label, server } of servers) {
      const r = await request(server.url + "/predict", body);
      correct.set(label, r.status === 200 && sameAnswer(JSON.parse(r.body), golden.expected, goldens.tolerance));
      // warm-up, at both concurrencies: the JIT takes seconds to settle on a lone request's path (measured)
      await load(server.url + "/predict", body, 64, 2, examplesLoad(processesOf(label)));
      await load(server.url + "/predict", body, 1, 2, examplesLoad(processesOf(label)));
    }

    const runs = new Map<string, (LoadResult & { rowsPerRun?: number; cpuUsPerRequest?: number })[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of CONNECTIONS) {
        // every other round in reverse, so that each server has the first place of a round (after the warm-up or the
        // other servers' 64-connection runs) as often as a later one: in the run of 2026-12-06 01:41 UTC the service
        // with batching on, always first, had 165 µs p50 at 1 connection for digits in round 1 against 98 for batching
        // off right after it (they differ only by a timer one connection never waits for), and 103 against 93 for iris
        for (const { label, server } of round % 2 ? [...servers].reverse() : servers) {
          const service = label.startsWith("service");
          const before = service ? await batchStats(server.url) : null;
          const cpu0 = server.cpuSeconds();
          const r = await load(server.url + "/predict", body, c, SECONDS, examplesLoad(processesOf(label)));
          const cpu1 = server.cpuSeconds();
          const after = service ? await batchStats(server.url) : null;
          const rowsPerRun = before && after ? (after.rows - before.rows) / Math.max(1, after.runs - before.runs) : undefined;
          const cpuUsPerRequest = cpu0 !== null && cpu1 !== null && r.responses > 0 ? ((cpu1 - cpu0) / r.responses) * 1e6 : undefined;
          const key = `${label}|${c}`;
          runs.set(key, [...(runs.get(key) ?? []), { ...r, ...(rowsPerRun !== undefined ? { rowsPerRun } : {}), ...(cpuUsPerRequest !== undefined ? { cpuUsPerRequest } : {}) }]);
          say(
            `  ${label}, ${c} connection(s): ${r.rps.toFixed(0)} req/s, p50 ${r.p50us.toFixed(0)} us, p99 ${r.p99us.toFixed(0)} us` +
              `${cpuUsPerRequest !== undefined ? `, ${cpuUsPerRequest.toFixed(1)} us CPU per request` : ""}${r.errors ? `, ${r.errors} errors` : ""}`,
          );
        }
      }
    }
    const rows: ServingRow[] = [];
    for (const { label } of servers) {
      for (const c of CONNECTIONS) {
        const rs = runs.get(`${label}|${c}`)!;
        const rowsPerRun = rs.map((r) => r.rowsPerRun).filter((v): v is number => v !== undefined);
        const cpu = rs.map((r) => r.cpuUsPerRequest).filter((v): v is number => v !== undefined);
        rows.push({
          server: label,
          connections: c,
          rps: median(rs.map((r) => r.rps)),
          p50us: median(rs.map((r) => r.p50us)),
          p99us: median(rs.map((r) => r.p99us)),
          errors: rs.reduce((n, r) => n + r.errors, 0),
          rounds: rs.map((r) => Math.round(r.rps)),
          correct: correct.get(label) ?? false,
          ...(rowsPerRun.length ? { rowsPerRun: median(rowsPerRun) } : {}),
          ...(cpu.length ? { cpuUsPerRequest: median(cpu) } : {}),
        });
      }
    }
    const peak = (label: string) => servers.find((s) => s.label === label)?.server.peakRssMiB() ?? null;
    const all = servers.find((s) => s.label === ALL_LABEL)?.server.peakRssByProcessMiB() ?? null;
    return {
      example: name,
      serving: rows,
      ort,
      workers: ALL_WORKERS,
      coldStartMs: {
        service: median(coldService),
        serviceRuns: coldService,
        floor: median(coldFloor),
        floorRuns: coldFloor,
        ...(coldAll.length ? { allWorkers: median(coldAll), allWorkersRuns: coldAll } : {}),
        ...(coldFastapi.length ? { fastapi: median(coldFastapi), fastapiRuns: coldFastapi } : {}),
      },
      peakRssMiB: {
        service: peak("service, batching on"),
        // the primary first, then each worker
        ...(all ? { allWorkers: all } : {}),
        ...(python.available ? { fastapi: peak("FastAPI + PyTorch") } : {}),
      },
    };
  } finally {
    for (const { server } of servers) await server.stop();
  }
}

/** Rows and model runs so far, from the service's /metrics. */
async function batchStats(url: string): Promise<{ rows: number; runs: number }> {
  const text = (await request(url + "/metrics")).body;
  const value = (metric: string) => Number(new RegExp(`^${metric} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
  return { rows: value("model_batch_rows_sum"), runs: value("model_batch_rows_count") };
}

/** One batch size of bench/servers/ort-loop.ts. */
type LoopRow = OrtRow & { readonly threads: number; readonly cpuUsPerRow: number };

/** The model alone: a service's preprocessed example repeated to each of `rows` rows, in a loop in a fresh process. */
async function ortLoop(dir: string, golden: Golden, bundle: string, rows: readonly number[], opts: { seconds: number; threads: number }): Promise<LoopRow[]> {
  // the generated code imports the runtime by its package name (`@nb2svc/runtime/...`, packages/runtime in the
  // service); the service's node_modules is nb2svc's own (a link), so the runtime is linked there only for these
  // imports (a link left by an interrupted run is replaced; it pointed into a deleted temporary folder)
  const runtimeLink = path.join(dir, "node_modules", "@nb2svc", "runtime");
  if (lstatSync(runtimeLink, { throwIfNoEntry: false })) unlinkSync(runtimeLink);
  mkdirSync(path.dirname(runtimeLink), { recursive: true });
  symlinkSync(path.join(dir, "packages", "runtime"), runtimeLink, "dir");
  let pipeline: { preprocess: (body: unknown) => Record<string, { shape: readonly number[]; values(): ArrayLike<number> }> };
  let SERVICE: { model: { file: string; inputs: readonly { name: string; dtype: string }[] } };
  try {
    pipeline = (await import(path.join(dir, "src", "generated", "pipeline.ts"))) as typeof pipeline;
    ({ SERVICE } = (await import(path.join(dir, "src", "generated", "service.ts"))) as { SERVICE: typeof SERVICE });
  } finally {
    unlinkSync(runtimeLink);
    rmdirSync(path.dirname(runtimeLink));
  }
  const feeds = pipeline.preprocess(golden.request);
  const input = {
    model: path.join(dir, "model", SERVICE.model.file),
    feeds: Object.fromEntries(SERVICE.model.inputs.map((spec) => [spec.name, { dtype: spec.dtype, shape: feeds[spec.name]!.shape, data: Array.from(feeds[spec.name]!.values()) }])),
    rows,
    seconds: opts.seconds,
    threads: opts.threads,
  };
  const r = await run(process.execPath, [bundle], { cwd: work, env: { ORT_LOOP_INPUT: JSON.stringify(input) } });
  if (r.code !== 0) throw new Error(`the in-process model loop failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as LoopRow);
}

/**
 * The model that costs something (bench/heavy/heavy.ipynb, a few ms per row): the service with its defaults at 1, 8
 * and 64 connections, the model alone in a loop at several batch sizes (the limit), and FastAPI + PyTorch, in rounds
 * interleaved across all of them. The goal of issue 15: the service at 64 connections serves >= 0.8x the rows per
 * second of the loop's best batch size, with the same intra-op threads.
 */
async function heavySection(bundles: { ortLoop: string }, python: PythonStack): Promise<HeavyResults> {
  const notebook = path.join(ROOT, "bench", "heavy", "heavy.ipynb");
  const dir = path.join(work, "heavy-svc");
  say("heavy: converting bench/heavy/heavy.ipynb");
  const converted = await run(process.execPath, [path.join(ROOT, "dist", "cli.js"), "convert", notebook, "--out", dir, "--yes", "--no-verify", "--json"], { cwd: ROOT });
  if (converted.code !== 0) throw new Error(`nb2svc convert bench/heavy/heavy.ipynb failed (${converted.code}):\n${converted.stderr}`);
  const batching = (JSON.parse(converted.stdout) as { service: { batching: { maxBatchRows: number; maxDelayMs: number } } }).service.batching;
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  const goldens = JSON.parse(readFileSync(path.join(dir, "src", "generated", "goldens.json"), "utf8")) as { tolerance: Tolerance; goldens: Golden[] };
  const golden = goldens.goldens[0]!;
  const body = JSON.stringify(golden.request);
  const workers = WORKERS || 1;

  const serviceLabel = (threads: number) => `service, batching on${threads === HEAVY_THREADS[0] ? "" : `, ORT_INTRA_OP_THREADS=${threads}`}`;
  const servers: { label: string; server: Server }[] = [];
  try {
    for (const threads of HEAVY_THREADS) {
      const server = await startServer({
        command: process.execPath,
        args: [path.join(dir, "dist", "server.js")],
        cwd: dir,
        // WORKERS is passed for when the service runs worker processes; until then it is one process
        env: { BATCHING: "on", ORT_INTRA_OP_THREADS: String(threads), WORKERS: String(workers) },
        readyPath: "/readyz",
      });
      servers.push({ label: serviceLabel(threads), server });
    }
    if (python.available) {
      const backends = python.onnxruntime ? (["torch", "onnxruntime"] as const) : (["torch"] as const);
      for (const backend of backends) {
        const server = await startServer({
          command: PYTHON,
          args: [path.join(ROOT, "bench", "fastapi", "app.py"), "--port", "{PORT}", "--workers", String(workers)],
          cwd: path.join(ROOT, "bench", "fastapi"),
          env: { EXAMPLE: "heavy", MODEL_THREADS: "1", FASTAPI_BACKEND: backend },
          readyPath: "/readyz",
          timeoutMs: 120_000,
        });
        servers.push({ label: backend === "torch" ? "FastAPI + PyTorch" : "FastAPI + onnxruntime", server });
      }
    }

    const correct = new Map<string, boolean>();
    for (const { label, server } of servers) {
      const r = await request(server.url + "/predict", body);
      correct.set(label, r.status === 200 && sameAnswer(JSON.parse(r.body), golden.expected, goldens.tolerance));
      if (label.startsWith("service") && !correct.get(label)) throw new Error(`heavy: the service does not answer the notebook's example: ${r.status} ${r.body}`);
      await load(server.url + "/predict", body, 64, 2, { generator: "autocannon" });
      await load(server.url + "/predict", body, 1, 2, { generator: "autocannon" });
    }

    const loops = new Map<string, { rowsPerSecond: number; p50us: number; p99us: number; cpuUsPerRow: number }[]>();
    const runs = new Map<string, (LoadResult & { rowsPerRun?: number; cpuUsPerRequest?: number })[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const threads of HEAVY_THREADS) {
        say(`heavy, round ${round + 1}: the model alone, ${threads} thread(s), ${HEAVY_LOOP_ROWS.join("/")} rows per run`);
        for (const o of await ortLoop(dir, golden, bundles.ortLoop, HEAVY_LOOP_ROWS, { seconds: HEAVY_LOOP_SECONDS, threads })) {
          const key = `${threads}|${o.rows}`;
          loops.set(key, [...(loops.get(key) ?? []), { rowsPerSecond: o.runsPerSecond * o.rows, p50us: o.p50us, p99us: o.p99us, cpuUsPerRow: o.cpuUsPerRow }]);
          say(`  ${o.rows} row(s) per run: ${(o.runsPerSecond * o.rows).toFixed(0)} rows/s, run p50 ${(o.p50us / 1000).toFixed(1)} ms`);
        }
      }
      for (const c of HEAVY_CONNECTIONS) {
        for (const { label, server } of servers) {
          const service = label.startsWith("service");
          const before = service ? await batchStats(server.url) : null;
          const cpu0 = server.cpuSeconds();
          const r = await load(server.url + "/predict", body, c, SECONDS, { generator: "autocannon", settleSeconds: c >= 16 ? HEAVY_SETTLE_SECONDS : 0 });
          const cpu1 = server.cpuSeconds();
          const after = service ? await batchStats(server.url) : null;
          // over the whole run, the ramp included (the service's metrics and /proc have no finer clock)
          const rowsPerRun = before && after ? (after.rows - before.rows) / Math.max(1, after.runs - before.runs) : undefined;
          const cpuUsPerRequest = cpu0 !== null && cpu1 !== null && r.responses > 0 ? ((cpu1 - cpu0) / r.responses) * 1e6 : undefined;
          const key = `${label}|${c}`;
          runs.set(key, [...(runs.get(key) ?? []), { ...r, ...(rowsPerRun !== undefined ? { rowsPerRun } : {}), ...(cpuUsPerRequest !== undefined ? { cpuUsPerRequest } : {}) }]);
          say(
            `  heavy, ${label}, ${c} connection(s): ${r.rps.toFixed(1)} rows/s, p50 ${(r.p50us / 1000).toFixed(1)} ms, p99 ${(r.p99us / 1000).toFixed(1)} ms` +
              `${rowsPerRun !== undefined ? `, ${rowsPerRun.toFixed(1)} rows per model run` : ""}${r.errors ? `, ${r.errors} errors` : ""}` +
              `, every connection answered after ${r.allAnsweredMs !== null ? `${(r.allAnsweredMs / 1000).toFixed(1)} s` : "never"}`,
          );
        }
      }
    }

    const loop: HeavyResults["loop"][number][] = [];
    for (const threads of HEAVY_THREADS) {
      for (const rows of HEAVY_LOOP_ROWS) {
        const ls = loops.get(`${threads}|${rows}`)!;
        loop.push({
          threads,
          rows,
          rowsPerSecond: median(ls.map((l) => l.rowsPerSecond)),
          p50us: median(ls.map((l) => l.p50us)),
          p99us: median(ls.map((l) => l.p99us)),
          cpuUsPerRow: median(ls.map((l) => l.cpuUsPerRow)),
          rounds: ls.map((l) => l.rowsPerSecond),
        });
      }
    }
    const serving: HeavyServingRow[] = [];
    for (const { label } of servers) {
      for (const c of HEAVY_CONNECTIONS) {
        const rs = runs.get(`${label}|${c}`)!;
        const rowsPerRun = rs.map((r) => r.rowsPerRun).filter((v): v is number => v !== undefined);
        const cpu = rs.map((r) => r.cpuUsPerRequest).filter((v): v is number => v !== undefined);
        const ramp = rs.map((r) => r.allAnsweredMs);
        serving.push({
          server: label,
          connections: c,
          rps: median(rs.map((r) => r.rps)),
          p50us: median(rs.map((r) => r.p50us)),
          p99us: median(rs.map((r) => r.p99us)),
          errors: rs.reduce((n, r) => n + r.errors, 0),
          rounds: rs.map((r) => Math.round(r.rps * 10) / 10),
          correct: correct.get(label) ?? false,
          ...(rowsPerRun.length ? { rowsPerRun: median(rowsPerRun) } : {}),
          ...(cpu.length ? { cpuUsPerRequest: median(cpu) } : {}),
          allAnsweredMs: ramp.some((v) => v === null) ? null : Math.max(...(ramp as number[])),
          settleSeconds: c >= 16 ? HEAVY_SETTLE_SECONDS : 0,
        });
      }
    }
    const most = Math.max(...HEAVY_CONNECTIONS);
    const goal = HEAVY_THREADS.map((threads) => {
      const mine = loop.filter((l) => l.threads === threads);
      const best = mine.reduce((a, b) => (b.rowsPerSecond > a.rowsPerSecond ? b : a));
      const service = serving.find((x) => x.server === serviceLabel(threads) && x.connections === most)!;
      const perRound = service.rounds.map((rps, i) => rps / Math.max(...mine.map((l) => l.rounds[i] ?? NaN)));
      const ratio = service.rps / best.rowsPerSecond;
      // CPU time, which other work on a shared machine disturbs less than wall time: the least CPU per row of the loop
      // over the service's CPU per request (one thread: both do all their work on it, so this is their speed ratio)
      const leastCpu = Math.min(...mine.map((l) => l.cpuUsPerRow));
      const cpuRatio = threads === 1 && service.cpuUsPerRequest !== undefined ? leastCpu / service.cpuUsPerRequest : undefined;
      return {
        threads,
        connections: most,
        serviceRowsPerSecond: service.rps,
        loopBestRowsPerSecond: best.rowsPerSecond,
        loopBestRows: best.rows,
        ratio,
        perRound,
        met: ratio >= HEAVY_GOAL,
        ...(cpuRatio !== undefined ? { cpuRatio } : {}),
      };
    });
    return {
      model: {
        notebook: "bench/heavy/heavy.ipynb",
        onnxMB: statSync(path.join(ROOT, "bench", "heavy", "heavy.onnx")).size / 1e6,
        input: `VGG-style CNN, 1.7 M parameters, input image float32 [batch, 1, 64, 64] from a 64x64 nested list of grey levels (a ${(body.length / 1024).toFixed(0)} KiB JSON body)`,
      },
      settings: {
        secondsPerRun: SECONDS,
        loopSecondsPerSize: HEAVY_LOOP_SECONDS,
        rounds: ROUNDS,
        connections: [...HEAVY_CONNECTIONS],
        loopRows: [...HEAVY_LOOP_ROWS],
        threads: [...HEAVY_THREADS],
        workers,
        batching: { maxBatchRows: batching.maxBatchRows, maxDelayMs: batching.maxDelayMs },
      },
      loop,
      serving,
      goal,
      peakRssMiB: Object.fromEntries(servers.map(({ label, server }) => [label, server.peakRssMiB()])),
    };
  } finally {
    for (const { server } of servers) await server.stop();
  }
}
