// Converted services against the bare Fastify endpoint, interleaved: each round loads every server in turn for a few
// seconds at 64 connections and at 1, so a busy machine's drift falls on all of them alike. Reports requests/s and
// p50 per server and concurrency (medians over rounds), as ratios to bare Fastify, with the load average. Shorter
// than `npm run bench` (which also measures cold starts, FastAPI and batching off), for comparing runtime changes.
//   npx tsx bench/request-ab.ts <label>=<converted service dir>[::<node flag>,...] [...]   (ROUNDS=5 SECONDS=4)
// e.g. `semi32=/tmp/svc::--max-semi-space-size=32` runs that service's server with that V8 flag.
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { COMMON, MINIFY, REQUIRE_SHIM, TARGET } from "../src/codegen/bundle-options.ts";
import { load, median, type LoadResult } from "./lib/load.ts";
import { request, startServer, type Server } from "./lib/processes.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 4);
const CONNECTIONS = [64, 1];

const specs = process.argv.slice(2).map((a) => {
  const at = a.indexOf("=");
  if (at < 0) throw new Error(`expected label=dir, got ${a}`);
  const [dir, flags] = a.slice(at + 1).split("::");
  return { label: a.slice(0, at), dir: path.resolve(dir!), flags: flags ? flags.split(",") : [] };
});
if (specs.length === 0) throw new Error("usage: npx tsx bench/request-ab.ts <label>=<service dir> [...]");

const work = mkdtempSync(path.join(tmpdir(), "request-ab-"));
const bare = path.join(work, "bare.mjs");
// bundled as the service's server is (src/codegen/bundle-options.ts)
await esbuild.build({
  ...COMMON,
  ...MINIFY,
  platform: "node",
  target: TARGET.node,
  entryPoints: [path.join(ROOT, "bench", "servers", "bare.ts")],
  outfile: bare,
  banner: { js: REQUIRE_SHIM },
  logLevel: "warning",
});

const body = JSON.stringify((JSON.parse(readFileSync(path.join(specs[0]!.dir, "src", "generated", "goldens.json"), "utf8")) as { goldens: { request: unknown }[] }).goldens[0]!.request);
const servers: { label: string; server: Server }[] = [];
try {
  let answer = "";
  for (const { label, dir, flags } of specs) {
    // onnxruntime-node is external to the service's bundle: resolved from nb2svc's node_modules, as bench/run.ts does
    if (!existsSync(path.join(dir, "node_modules"))) symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    const server = await startServer({ command: process.execPath, args: [...flags, path.join(dir, "dist", "server.js")], cwd: dir, env: { WORKERS: "1" }, readyPath: "/readyz" });
    servers.push({ label, server });
    const r = await request(server.url + "/predict", body);
    if (r.status !== 200) throw new Error(`${label}: ${r.status} ${r.body}`);
    if (answer && r.body !== answer) throw new Error(`${label} answers ${r.body}, ${servers[0]!.label} answered ${answer}`);
    answer = r.body;
  }
  servers.push({ label: "bare Fastify", server: await startServer({ command: process.execPath, args: [bare], cwd: work, env: { BARE_RESPONSE: answer }, readyPath: "/readyz" }) });
  for (const { server } of servers) for (const c of CONNECTIONS) await load(server.url + "/predict", body, c, 2);

  const runs = new Map<string, LoadResult[]>();
  // the server's own CPU time per answer (/proc): less moved than req/s by a busy machine's scheduling, which decides
  // how much of a core the server gets, though not by what the other processes do to its caches
  const cpus = new Map<string, number[]>();
  const loads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of CONNECTIONS) {
      for (const { label, server } of round % 2 ? [...servers].reverse() : servers) {
        const key = `${label}@${c}`;
        const cpu0 = server.cpuSeconds();
        const r = await load(server.url + "/predict", body, c, SECONDS);
        const cpu1 = server.cpuSeconds();
        if (r.errors > 0) throw new Error(`${label}: ${r.errors} errors at ${c} connections`);
        runs.set(key, [...(runs.get(key) ?? []), r]);
        const cpuUs = cpu0 === null || cpu1 === null ? NaN : ((cpu1 - cpu0) * 1e6) / r.responses;
        cpus.set(key, [...(cpus.get(key) ?? []), cpuUs]);
        process.stderr.write(`  ${key}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50us.toFixed(0)} µs, CPU ${cpuUs.toFixed(1)} µs/req\n`);
      }
    }
    loads.push(loadavg()[0]!);
    process.stderr.write(`round ${round + 1}/${ROUNDS} done, load average ${loadavg()[0]!.toFixed(2)}\n`);
  }
  const med = (label: string, c: number, f: (r: LoadResult) => number) => median(runs.get(`${label}@${c}`)!.map(f));
  console.log(`${ROUNDS} rounds of ${SECONDS} s, one worker; load average (1 min) over the rounds: ${loads.map((l) => l.toFixed(2)).join(", ")}`);
  console.log("| server | req/s @64 | x bare | CPU µs/req @64 | + bare µs | p50 µs @1 | + bare µs |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  const bareRps = med("bare Fastify", 64, (r) => r.rps);
  const bareP50 = med("bare Fastify", 1, (r) => r.p50us);
  const bareCpu = median(cpus.get("bare Fastify@64")!);
  for (const { label } of servers) {
    const rps = med(label, 64, (r) => r.rps);
    const p50 = med(label, 1, (r) => r.p50us);
    const cpu = median(cpus.get(`${label}@64`)!);
    console.log(`| ${label} | ${rps.toFixed(0)} | ${(rps / bareRps).toFixed(2)} | ${cpu.toFixed(1)} | ${(cpu - bareCpu).toFixed(1)} | ${p50.toFixed(0)} | ${(p50 - bareP50).toFixed(0)} |`);
  }
  // how much single rounds moved: the medians above mean little when these ranges overlap
  console.log("\n| server | req/s @64, rounds | CPU µs/req @64, rounds | p50 µs @1, rounds |\n| --- | --- | --- | --- |");
  const range = (xs: readonly number[], digits: number) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
  for (const { label } of servers) {
    console.log(`| ${label} | ${range(runs.get(`${label}@64`)!.map((r) => r.rps), 0)} | ${range(cpus.get(`${label}@64`)!, 1)} | ${range(runs.get(`${label}@1`)!.map((r) => r.p50us), 0)} |`);
  }
} finally {
  for (const { server } of servers) await server.stop();
}
