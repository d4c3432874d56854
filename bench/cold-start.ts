// Cold start only: `npx tsx bench/cold-start.ts DIR [N] [DIR2 ...]` starts a converted service's bundle
// (DIR/dist/server.js, WORKERS=1) N times (default 9) and prints the time from spawn to its first ready answer, each
// and the median, with the process's CPU time (user + system, every thread) when it turned ready. With several
// folders (the same service built two ways, say), their starts alternate, so that a machine whose load drifts
// weighs on each alike: compare those medians, not runs made minutes apart.
// The full `npm run bench` measures the same among everything else; this is for checking a change to the start.
// `--floor` adds bench/servers/floor.ts (Fastify, then an onnxruntime-node session of the first folder's model, nothing
// else), alternating with the services: the least such a start takes on this machine at that moment.
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { type ServerSpec, startServer } from "./lib/processes.ts";
import { bundleBenchServer, modelFile } from "./lib/servers.ts";

const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 9);
const floor = args.includes("--floor");
const dirs = args.filter((a) => !/^\d+$/.test(a) && a !== "--floor").map((a) => path.resolve(a));
if (dirs.length === 0) dirs.push(path.resolve(""));
for (const dir of dirs) {
  if (!existsSync(path.join(dir, "dist", "server.js"))) {
    console.error(`usage: npx tsx bench/cold-start.ts SERVICE_DIR [RUNS] [SERVICE_DIR ...]: ${dir} has no dist/server.js (convert a notebook first)`);
    process.exit(2);
  }
  const modules = path.join(dir, "node_modules");
  if (!existsSync(modules)) symlinkSync(path.resolve(import.meta.dirname, "..", "node_modules"), modules, "dir");
}
const specs: { label: string; spec: ServerSpec }[] = dirs.map((dir) => ({
  label: dir,
  spec: { command: process.execPath, args: [path.join(dir, "dist", "server.js")], cwd: dir, env: { WORKERS: "1", SHUTDOWN_LINGER_MS: "0" }, readyPath: "/readyz" },
}));
const work = floor ? mkdtempSync(path.join(tmpdir(), "nb2svc-cold-")) : null;
if (work) {
  // bundled as bench/run.ts bundles it (the service's options); onnxruntime-node resolves from nb2svc's node_modules
  symlinkSync(path.resolve(import.meta.dirname, "..", "node_modules"), path.join(work, "node_modules"), "dir");
  const floorServer = await bundleBenchServer("floor", path.join(work, "floor.mjs"));
  specs.push({ label: "floor (Fastify + an onnxruntime-node session alone)", spec: { command: process.execPath, args: [floorServer], cwd: work, env: { FLOOR_MODEL: modelFile(dirs[0]!) }, readyPath: "/readyz" } });
}
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(" ");
console.log(`load average at the start: ${load()}`);
const wall = specs.map((): number[] => []);
const cpu = specs.map((): number[] => []);
const mainCpu = specs.map((): number[] => []);
for (let i = 0; i < runs; i++) {
  for (const [d, { spec }] of specs.entries()) {
    const s = await startServer(spec);
    wall[d]!.push(s.coldStartMs);
    const seconds = s.cpuSeconds();
    if (seconds !== null) cpu[d]!.push(seconds * 1000);
    const main = mainThreadCpuMs(s.pid);
    if (main !== null) mainCpu[d]!.push(main);
    await s.stop();
  }
}
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
if (work) rmSync(work, { recursive: true, force: true });
for (const [d, { label }] of specs.entries()) {
  const cpuText = cpu[d]!.length ? `; CPU at ready median ${median(cpu[d]!).toFixed(0)} ms, of it the main thread's ${median(mainCpu[d]!).toFixed(0)}` : "";
  console.log(`${label}: cold start to ready (ms): ${wall[d]!.map((t) => t.toFixed(0)).join(", ")}; median ${median(wall[d]!).toFixed(0)}${cpuText}`);
}
console.log(`load average at the end: ${load()}`);

/**
 * utime + stime of the process's main thread (/proc/PID/task/PID/stat), in ms: the start's critical path when another
 * core is free, whatever other threads (V8's, libuv's, a worker's) spend beside it. null off Linux.
 */
function mainThreadCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8");
    // fields after the command (which may hold spaces), from the third: utime and stime are the 14th and 15th
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}
