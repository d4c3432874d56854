// Converted services against the bare Fastify endpoint, interleaved (bench/lib/interleaved.ts): requests/s and p50 per
// server and concurrency (medians over rounds), as ratios to bare Fastify, with the server's CPU per request and the
// load average. Shorter than `npm run bench` (which also measures cold starts, FastAPI and batching off), for
// comparing runtime changes.
//   npx tsx bench/request-ab.ts <label>=<converted service dir>[::<node flag>,...] [...]   (ROUNDS=5 SECONDS=4)
// e.g. `semi32=/tmp/svc::--max-semi-space-size=32` runs that service's server with that V8 flag.
import { existsSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleBare, interleavedTables, runInterleaved } from "./lib/interleaved.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 4);

const specs = process.argv.slice(2).map((a) => {
  const at = a.indexOf("=");
  if (at < 0) throw new Error(`expected label=dir, got ${a}`);
  const [dir, flags] = a.slice(at + 1).split("::");
  return { label: a.slice(0, at), dir: path.resolve(dir!), flags: flags ? flags.split(",") : [] };
});
if (specs.length === 0) throw new Error("usage: npx tsx bench/request-ab.ts <label>=<service dir> [...]");

const body = JSON.stringify((JSON.parse(readFileSync(path.join(specs[0]!.dir, "src", "generated", "goldens.json"), "utf8")) as { goldens: { request: unknown }[] }).goldens[0]!.request);
const contenders = specs.map(({ label, dir, flags }) => {
  // onnxruntime-node is external to the service's bundle: resolved from nb2svc's node_modules, as bench/run.ts does
  if (!existsSync(path.join(dir, "node_modules"))) symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return { label, spec: { command: process.execPath, args: [...flags, path.join(dir, "dist", "server.js")], cwd: dir, env: { WORKERS: "1" }, readyPath: "/readyz" } };
});
const result = await runInterleaved(contenders, body, await bundleBare(), ROUNDS, SECONDS);
console.log(interleavedTables(result, ROUNDS, SECONDS));
