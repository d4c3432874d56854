// Which load generator disturbs the servers it measures less: autocannon (in this process, as `npm run bench` ran it)
// or wrk (a C process) with one or two threads. Every generator drives every server in turn, round after round
// (interleaved), at 64 connections and at 1; for each run: the rate and p50 the generator reports, the server's CPU
// per answered request (/proc/PID/stat, with its direct children: uvicorn's and the service's workers), and the
// generator's own CPU per answered request (autocannon: this process's CPU time, process.cpuUsage(); wrk: this
// process's reaped children's CPU time, cutime + cstime in /proc/self/stat, which grows by wrk's once it exits and is
// reaped). Prints one JSON line per run and the medians; the load average is printed each round.
//
//   npx tsx bench/generators.ts SERVICE_DIR
// SERVICE_DIR: a converted iris (`npx nb2svc convert examples/iris/iris.ipynb --out DIR --yes`). Settings:
// GEN_SECONDS (per run, default 4), GEN_ROUNDS (default 3), GEN_SERVERS (labels below, comma-separated; default all),
// GEN_GENERATORS (default all: autocannon, wrk -t1, wrk -t2, and wrk -t1 without the script's per-answer status check,
// to see what that check costs; at 1 connection only autocannon and wrk -t1), GEN_PYTHON (default /usr/bin/python3).
import { readFileSync, rmSync, mkdtempSync, symlinkSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { COMMON, EXTERNAL, REQUIRE_SHIM, TARGET } from "../src/codegen/bundle-options.ts";
import { loadAutocannon, loadWrk, median, type LoadResult } from "./lib/load.ts";
import { request, startServer, type Server, type ServerSpec } from "./lib/processes.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SECONDS = Number(process.env.GEN_SECONDS ?? 4);
const ROUNDS = Number(process.env.GEN_ROUNDS ?? 3);
const PYTHON = process.env.GEN_PYTHON ?? "/usr/bin/python3";
const dir = process.argv[2];
if (!dir || !existsSync(path.join(dir, "dist", "server.js"))) throw new Error("usage: npx tsx bench/generators.ts SERVICE_DIR (a converted iris with dist/server.js)");
if (!existsSync(path.join(dir, "node_modules"))) symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");

/** This process's CPU time and that of its reaped children, in seconds (USER_HZ = 100). */
function ownCpu(): { self: number; children: number } {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields 14-17: utime, stime, cutime, cstime
  return { self: (Number(f[11]) + Number(f[12])) / 100, children: (Number(f[13]) + Number(f[14])) / 100 };
}

type Gen = "autocannon" | "wrk -t1" | "wrk -t2" | "wrk -t1, no response()";
const ALL_GENERATORS: readonly Gen[] = ["autocannon", "wrk -t1", "wrk -t2", "wrk -t1, no response()"];
const GENERATORS = (process.env.GEN_GENERATORS?.split(",").map((g) => g.trim()) ?? ALL_GENERATORS).map((g) => {
  if (!(ALL_GENERATORS as readonly string[]).includes(g)) throw new Error(`GEN_GENERATORS: no generator ${g}; expected some of ${ALL_GENERATORS.join(", ")}`);
  return g as Gen;
});

function drive(gen: Gen, url: string, body: string, connections: number): Promise<LoadResult> {
  if (gen === "autocannon") return loadAutocannon(url, body, connections, SECONDS);
  return loadWrk(url, body, connections, SECONDS, { wrkThreads: gen === "wrk -t2" ? 2 : 1, checkEachStatus: !gen.includes("no response") });
}

const body = JSON.stringify({ features: [5.1, 3.5, 1.4, 0.2] });
const work = mkdtempSync(path.join(os.tmpdir(), "nb2svc-gen-"));
symlinkSync(path.join(ROOT, "node_modules"), path.join(work, "node_modules"), "dir");
const bare = path.join(work, "bare.mjs");
await esbuild.build({ ...COMMON, platform: "node", target: TARGET.node, entryPoints: [path.join(ROOT, "bench", "servers", "bare.ts")], outfile: bare, external: EXTERNAL, banner: { js: REQUIRE_SHIM }, logLevel: "warning" });

const service = (workers: number): ServerSpec => ({ command: process.execPath, args: [path.join(dir, "dist", "server.js")], cwd: dir, env: { BATCHING: "on", WORKERS: String(workers) }, readyPath: "/readyz" });
const fastapi = (workers: number): ServerSpec => ({
  command: PYTHON,
  args: ["-m", "uvicorn", "app:app", "--host", "127.0.0.1", "--port", "{PORT}", "--workers", String(workers)],
  cwd: path.join(ROOT, "bench", "fastapi"),
  env: { EXAMPLE: "iris", EXAMPLES_DIR: path.join(ROOT, "examples") },
  readyPath: "/readyz",
  timeoutMs: 120_000,
});
const answer = '{"label":"setosa","confidence":0.9999}';
const specs: Record<string, ServerSpec> = {
  "bare Fastify": { command: process.execPath, args: [bare], cwd: work, env: { BARE_RESPONSE: answer }, readyPath: "/readyz" },
  "service WORKERS=1": service(1),
  "service WORKERS=2": service(2),
  "FastAPI --workers 1": fastapi(1),
  "FastAPI --workers 2": fastapi(2),
};
const wanted = (process.env.GEN_SERVERS ?? Object.keys(specs).join(",")).split(",").map((s) => s.trim());

interface Run {
  server: string;
  gen: Gen;
  connections: number;
  rps: number;
  p50us: number;
  errors: number;
  serverCpuUs: number;
  genCpuUs: number;
  load1: number;
}
const runs: Run[] = [];
const servers: { label: string; server: Server }[] = [];
try {
  for (const label of wanted) {
    const spec = specs[label];
    if (!spec) throw new Error(`GEN_SERVERS: no server ${label}; expected some of ${Object.keys(specs).join(", ")}`);
    const server = await startServer(spec);
    const r = await request(server.url + "/predict", body);
    if (r.status !== 200) throw new Error(`${label} answered ${r.status} ${r.body}`);
    servers.push({ label, server });
    // warm-up with each kind of generator, at both concurrencies
    await loadWrk(server.url + "/predict", body, 64, 2);
    await loadAutocannon(server.url + "/predict", body, 64, 2);
    await loadWrk(server.url + "/predict", body, 1, 2);
  }
  for (let round = 0; round < ROUNDS; round++) {
    process.stderr.write(`round ${round + 1}: load average ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}\n`);
    for (const connections of [64, 1]) {
      for (const { label, server } of servers) {
        for (const gen of GENERATORS) {
          if (connections === 1 && (gen === "wrk -t2" || gen.includes("no response"))) continue;
          const s0 = server.cpuSeconds()!;
          const g0 = ownCpu();
          const r = await drive(gen, server.url + "/predict", body, connections);
          const g1 = ownCpu();
          const s1 = server.cpuSeconds()!;
          const genCpu = gen === "autocannon" ? g1.self - g0.self : g1.children - g0.children;
          const run: Run = {
            server: label,
            gen,
            connections,
            rps: Math.round(r.rps),
            p50us: Math.round(r.p50us),
            errors: r.errors,
            serverCpuUs: Math.round(((s1 - s0) / r.responses) * 1e7) / 10,
            genCpuUs: Math.round((genCpu / r.responses) * 1e7) / 10,
            load1: Math.round(os.loadavg()[0]! * 100) / 100,
          };
          runs.push(run);
          process.stdout.write(`${JSON.stringify(run)}\n`);
        }
      }
    }
  }
} finally {
  for (const { server } of servers) await server.stop();
  rmSync(work, { recursive: true, force: true });
}

process.stdout.write("\nmedians (rounds interleaved)\n| server | generator | connections | req/s | p50 µs | server CPU µs/req | generator CPU µs/req | errors |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
for (const connections of [64, 1]) {
  for (const { label } of servers) {
    for (const gen of GENERATORS) {
      const rs = runs.filter((r) => r.server === label && r.gen === gen && r.connections === connections);
      if (!rs.length) continue;
      const m = (k: "rps" | "p50us" | "serverCpuUs" | "genCpuUs") => median(rs.map((r) => r[k]));
      process.stdout.write(
        `| ${label} | ${gen} | ${connections} | ${m("rps").toFixed(0)} | ${m("p50us").toFixed(0)} | ${m("serverCpuUs").toFixed(1)} | ${m("genCpuUs").toFixed(1)} | ${rs.reduce((n, r) => n + r.errors, 0)} |\n`,
      );
    }
  }
}
process.stdout.write(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}\n`);
