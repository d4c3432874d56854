// The batching sweep behind DEFAULT_BATCHING (src/plan/plan.ts) for a model that costs something: one converted
// service started once per setting (BATCH_MAX_ROWS, BATCH_MAX_DELAY_MS, ORT_INTRA_OP_THREADS, batching off), all side
// by side, driven in rounds interleaved across the settings so that the machine's other work falls on all of them
// alike; medians over the rounds. Reports requests per second, p50/p99, rows per model run and the server's CPU time
// per request (steadier than throughput on a shared machine). At 16+ connections the first SWEEP_SETTLE seconds of each
// run (autocannon's fresh connections being accepted, one per turn of the event loop: bench/lib/load.ts) are left out
// of req/s and latencies, and how long it took until every connection was answered is reported. Writes
// bench/heavy/sweep-<notebook>.json and .md.
//
//   npx tsx bench/heavy/sweep.ts
//   SWEEP_NOTEBOOK=examples/iris/iris.ipynb SWEEP_CONNECTIONS=64 SWEEP_SETTINGS="rows=16;rows=32;rows=64" npx tsx bench/heavy/sweep.ts
//
// Settings: SWEEP_NOTEBOOK (default bench/heavy/heavy.ipynb), SWEEP_CONNECTIONS (default 1,8,64), SWEEP_SECONDS
// (per load run, default 4), SWEEP_SETTLE (default 3), SWEEP_ROUNDS (default 2), SWEEP_SETTINGS (";"-separated, each a ","-separated list of
// rows=N, delay=MS, threads=N or off; default the sweep below).
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import buildCli from "../../test/global-setup.ts";
import { sameAnswer, type Tolerance } from "../lib/compare.ts";
import { load, median } from "../lib/load.ts";
import { request, run, startServer, type Server } from "../lib/processes.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const NOTEBOOK = path.resolve(ROOT, process.env.SWEEP_NOTEBOOK ?? "bench/heavy/heavy.ipynb");
const CONNECTIONS = (process.env.SWEEP_CONNECTIONS ?? "1,8,64").split(",").map(Number);
const SECONDS = Number(process.env.SWEEP_SECONDS ?? 4);
const ROUNDS = Number(process.env.SWEEP_ROUNDS ?? 2);
const SETTLE = Number(process.env.SWEEP_SETTLE ?? 3);
const SETTINGS = (process.env.SWEEP_SETTINGS ?? "rows=8;rows=16;rows=32;rows=64;rows=32,delay=2;rows=32,delay=5;rows=32,threads=2;off")
  .split(";")
  .map((s) => s.trim())
  .filter(Boolean);

interface Setting {
  readonly label: string;
  readonly env: Record<string, string>;
}

function setting(spec: string): Setting {
  const env: Record<string, string> = { BATCHING: "on" };
  for (const part of spec.split(",").map((p) => p.trim())) {
    const [key, value] = part.split("=");
    if (key === "off" && value === undefined) env.BATCHING = "off";
    else if (key === "rows" && value) env.BATCH_MAX_ROWS = value;
    else if (key === "delay" && value) env.BATCH_MAX_DELAY_MS = value;
    else if (key === "threads" && value) env.ORT_INTRA_OP_THREADS = value;
    else throw new Error(`SWEEP_SETTINGS: cannot read "${part}" (expected rows=N, delay=MS, threads=N or off)`);
  }
  return { label: spec, env };
}

const began = performance.now();
const say = (msg: string) => process.stderr.write(`[sweep ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`);

interface Row {
  readonly setting: string;
  readonly connections: number;
  readonly rps: number;
  readonly p50us: number;
  readonly p99us: number;
  readonly rowsPerRun: number | null;
  readonly cpuUsPerRequest: number | null;
  /** The longest over the rounds until every connection had its first answer; null if one never had. */
  readonly allAnsweredMs: number | null;
  readonly errors: number;
  readonly rounds: readonly number[];
}

const loadAverageAtStart = os.loadavg();
const work = mkdtempSync(path.join(os.tmpdir(), "nb2svc-sweep-"));
const servers: { setting: Setting; server: Server }[] = [];
try {
  await buildCli();
  const dir = path.join(work, "svc");
  say(`converting ${path.relative(ROOT, NOTEBOOK)}`);
  const converted = await run(process.execPath, [path.join(ROOT, "dist", "cli.js"), "convert", NOTEBOOK, "--out", dir, "--yes", "--no-verify", "--json"], { cwd: ROOT });
  if (converted.code !== 0) throw new Error(`convert failed:\n${converted.stderr}`);
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  const goldens = JSON.parse(readFileSync(path.join(dir, "src", "generated", "goldens.json"), "utf8")) as { tolerance: Tolerance; goldens: { request: unknown; expected: unknown }[] };
  const golden = goldens.goldens[0]!;
  const body = JSON.stringify(golden.request);

  for (const s of SETTINGS.map(setting)) {
    const server = await startServer({ command: process.execPath, args: [path.join(dir, "dist", "server.js")], cwd: dir, env: s.env, readyPath: "/readyz" });
    servers.push({ setting: s, server });
    const answer = await request(server.url + "/predict", body);
    if (answer.status !== 200 || !sameAnswer(JSON.parse(answer.body), golden.expected, goldens.tolerance)) throw new Error(`${s.label}: wrong answer ${answer.status} ${answer.body}`);
    await load(server.url + "/predict", body, Math.max(...CONNECTIONS), 2);
    await load(server.url + "/predict", body, 1, 1);
  }

  const runs = new Map<string, { rps: number; p50us: number; p99us: number; rowsPerRun: number | null; cpuUsPerRequest: number | null; allAnsweredMs: number | null; errors: number }[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of CONNECTIONS) {
      for (const { setting: s, server } of servers) {
        const before = await batchStats(server.url);
        const cpu0 = server.cpuSeconds();
        const r = await load(server.url + "/predict", body, c, SECONDS, { settleSeconds: c >= 16 ? SETTLE : 0 });
        const cpu1 = server.cpuSeconds();
        const after = await batchStats(server.url);
        const rowsPerRun = after.runs > before.runs ? (after.rows - before.rows) / (after.runs - before.runs) : null;
        const cpuUsPerRequest = cpu0 !== null && cpu1 !== null && r.responses ? ((cpu1 - cpu0) / r.responses) * 1e6 : null;
        const key = `${s.label}|${c}`;
        runs.set(key, [...(runs.get(key) ?? []), { rps: r.rps, p50us: r.p50us, p99us: r.p99us, rowsPerRun, cpuUsPerRequest, allAnsweredMs: r.allAnsweredMs, errors: r.errors }]);
        say(
          `round ${round + 1}, ${s.label}, ${c} conn: ${r.rps.toFixed(1)} req/s, p50 ${(r.p50us / 1000).toFixed(1)} ms, p99 ${(r.p99us / 1000).toFixed(1)} ms, ` +
            `rows/run ${rowsPerRun?.toFixed(1) ?? "–"}, CPU/req ${cpuUsPerRequest !== null ? (cpuUsPerRequest / 1000).toFixed(2) : "–"} ms, ` +
            `all answered after ${r.allAnsweredMs !== null ? (r.allAnsweredMs / 1000).toFixed(1) : "never"} s`,
        );
      }
    }
  }

  const rows: Row[] = [];
  for (const c of CONNECTIONS) {
    for (const { setting: s } of servers) {
      const rs = runs.get(`${s.label}|${c}`)!;
      const nums = (f: (x: (typeof rs)[number]) => number | null) => rs.map(f).filter((v): v is number => v !== null);
      rows.push({
        setting: s.label,
        connections: c,
        rps: median(rs.map((r) => r.rps)),
        p50us: median(rs.map((r) => r.p50us)),
        p99us: median(rs.map((r) => r.p99us)),
        rowsPerRun: nums((r) => r.rowsPerRun).length ? median(nums((r) => r.rowsPerRun)) : null,
        cpuUsPerRequest: nums((r) => r.cpuUsPerRequest).length ? median(nums((r) => r.cpuUsPerRequest)) : null,
        allAnsweredMs: rs.some((r) => r.allAnsweredMs === null) ? null : Math.max(...nums((r) => r.allAnsweredMs)),
        errors: rs.reduce((n, r) => n + r.errors, 0),
        rounds: rs.map((r) => Math.round(r.rps * 10) / 10),
      });
    }
  }
  const name = path.basename(NOTEBOOK, ".ipynb");
  const result = {
    date: new Date().toISOString(),
    notebook: path.relative(ROOT, NOTEBOOK),
    loadAverageAtStart,
    secondsPerRun: SECONDS,
    settleSeconds: SETTLE,
    rounds: ROUNDS,
    rows,
    totalSeconds: Math.round((performance.now() - began) / 1000),
  };
  writeFileSync(path.join(ROOT, "bench", "heavy", `sweep-${name}.json`), JSON.stringify(result, null, 2) + "\n");
  const md = [
    `# Batching sweep, ${result.notebook}, ${result.date.slice(0, 16).replace("T", " ")} UTC`,
    "",
    `Load average at start ${result.loadAverageAtStart.map((l) => l.toFixed(2)).join(", ")}; ${SECONDS} s per run (at 16+ connections after ${SETTLE} s left out), ` +
      `${ROUNDS} interleaved round(s), medians; whole sweep ${result.totalSeconds} s.`,
    "",
    "| setting | connections | req/s | p50 ms | p99 ms | rows per model run | CPU per request (ms) | all connections answered (s) | req/s per round |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows.map(
      (r) =>
        `| ${r.setting} | ${r.connections} | ${r.rps.toFixed(1)}${r.errors ? ` (${r.errors} errors)` : ""} | ${(r.p50us / 1000).toFixed(1)} | ${(r.p99us / 1000).toFixed(1)} | ${r.rowsPerRun?.toFixed(1) ?? "–"} | ${r.cpuUsPerRequest !== null ? (r.cpuUsPerRequest / 1000).toFixed(2) : "–"} | ${r.allAnsweredMs !== null ? (r.allAnsweredMs / 1000).toFixed(1) : "never"} | ${r.rounds.join(", ")} |`,
    ),
    "",
  ].join("\n");
  writeFileSync(path.join(ROOT, "bench", "heavy", `sweep-${name}.md`), md);
  process.stdout.write(md);
} finally {
  for (const { server } of servers) await server.stop();
  rmSync(work, { recursive: true, force: true });
}

async function batchStats(url: string): Promise<{ rows: number; runs: number }> {
  const text = (await request(url + "/metrics")).body;
  const value = (metric: string) => Number(new RegExp(`^${metric} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
  return { rows: value("model_batch_rows_sum"), runs: value("model_batch_rows_count") };
}
