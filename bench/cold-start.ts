// Cold start only: `npx tsx bench/cold-start.ts DIR [N]` starts a converted service's bundle (DIR/dist/server.js,
// WORKERS=1) N times (default 9) and prints the time from spawn to its first ready answer, each and the median.
// The full `npm run bench` measures the same among everything else; this is for checking a change to the start.
import { existsSync, symlinkSync } from "node:fs";
import path from "node:path";
import { startServer } from "./lib/processes.ts";

const dir = path.resolve(process.argv[2] ?? "");
const runs = Number(process.argv[3] ?? 9);
if (!existsSync(path.join(dir, "dist", "server.js"))) {
  console.error(`usage: npx tsx bench/cold-start.ts SERVICE_DIR [RUNS]: ${dir} has no dist/server.js (convert a notebook first)`);
  process.exit(2);
}
const modules = path.join(dir, "node_modules");
if (!existsSync(modules)) symlinkSync(path.resolve(import.meta.dirname, "..", "node_modules"), modules, "dir");
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const s = await startServer({
    command: process.execPath,
    args: [path.join(dir, "dist", "server.js")],
    cwd: dir,
    env: { WORKERS: "1", SHUTDOWN_LINGER_MS: "0" },
    readyPath: "/readyz",
  });
  times.push(s.coldStartMs);
  await s.stop();
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`cold start to ready (ms): ${times.map((t) => t.toFixed(0)).join(", ")}; median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)}`);
