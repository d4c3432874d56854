// Cold start only: `npx tsx bench/cold-start.ts DIR [N] [DIR2 ...]` starts a converted service's bundle
// (DIR/dist/server.js, WORKERS=1) N times (default 9) and prints the time from spawn to its first ready answer, each
// and the median, with the process's CPU time (user + system, every thread) when it turned ready. With several
// folders (the same service built two ways, say), their starts alternate, so that a machine whose load drifts
// weighs on each alike: compare those medians, not runs made minutes apart.
// The full `npm run bench` measures the same among everything else; this is for checking a change to the start.
import { existsSync, readFileSync, symlinkSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { startServer } from "./lib/processes.ts";

const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 9);
const dirs = args.filter((a) => !/^\d+$/.test(a)).map((a) => path.resolve(a));
if (dirs.length === 0) dirs.push(path.resolve(""));
for (const dir of dirs) {
  if (!existsSync(path.join(dir, "dist", "server.js"))) {
    console.error(`usage: npx tsx bench/cold-start.ts SERVICE_DIR [RUNS] [SERVICE_DIR ...]: ${dir} has no dist/server.js (convert a notebook first)`);
    process.exit(2);
  }
  const modules = path.join(dir, "node_modules");
  if (!existsSync(modules)) symlinkSync(path.resolve(import.meta.dirname, "..", "node_modules"), modules, "dir");
}
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(" ");
console.log(`load average at the start: ${load()}`);
const wall = dirs.map((): number[] => []);
const cpu = dirs.map((): number[] => []);
const mainCpu = dirs.map((): number[] => []);
for (let i = 0; i < runs; i++) {
  for (const [d, dir] of dirs.entries()) {
    const s = await startServer({
      command: process.execPath,
      args: [path.join(dir, "dist", "server.js")],
      cwd: dir,
      env: { WORKERS: "1", SHUTDOWN_LINGER_MS: "0" },
      readyPath: "/readyz",
    });
    wall[d]!.push(s.coldStartMs);
    const seconds = s.cpuSeconds();
    if (seconds !== null) cpu[d]!.push(seconds * 1000);
    const main = mainThreadCpuMs(s.pid);
    if (main !== null) mainCpu[d]!.push(main);
    await s.stop();
  }
}
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [d, dir] of dirs.entries()) {
  const cpuText = cpu[d]!.length ? `; CPU at ready median ${median(cpu[d]!).toFixed(0)} ms, of it the main thread's ${median(mainCpu[d]!).toFixed(0)}` : "";
  console.log(`${dir}: cold start to ready (ms): ${wall[d]!.map((t) => t.toFixed(0)).join(", ")}; median ${median(wall[d]!).toFixed(0)}${cpuText}`);
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
