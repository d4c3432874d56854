// The long fuzz run: `npx tsx test/fuzz/long.ts [count] [workers]` (default 100000 inputs, 2 workers).
// Each input runs in a worker with a watchdog: an exception is a bug, and so is an input that does not finish
// within HANG_MS (the worker is replaced and the seed reported). Prints a summary and exits 1 on any failure.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import * as esbuild from "esbuild";

const HANG_MS = 30_000;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const EXAMPLES = ["iris", "digits", "sentiment"];

type Result = { seed: number; ok: true; stage: string } | { seed: number; ok: false; error: string };

{
  const count = Number(process.argv[2] ?? 100_000);
  const workers = Number(process.argv[3] ?? 2);
  // workers cannot load TypeScript through tsx's hooks on Node 20: bundle the worker once
  // inside the repository (dist/ is ignored by git) so that the worker's packages resolve from node_modules
  const workerFile = path.join(root, "dist", "fuzz-worker.mjs");
  await esbuild.build({ entryPoints: [path.join(here, "worker.ts")], bundle: true, platform: "node", format: "esm", packages: "external", outfile: workerFile, logLevel: "warning" });
  const started = Date.now();
  const stages = new Map<string, number>();
  const failures: Result[] = [];
  let next = 0;
  let done = 0;
  const spawnWorker = (): Promise<void> =>
    new Promise((resolve) => {
      const w = new Worker(workerFile, { workerData: { root, examples: EXAMPLES } });
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      const feed = () => {
        if (next >= count) {
          void w.terminate().then(() => resolve());
          return;
        }
        current = next++;
        timer = setTimeout(() => {
          failures.push({ seed: current, ok: false, error: `hang: no result within ${HANG_MS} ms` });
          done++;
          void w.terminate().then(() => spawnWorker().then(resolve));
        }, HANG_MS);
        w.postMessage({ seed: current });
      };
      w.on("message", (r: Result) => {
        clearTimeout(timer);
        done++;
        if (r.ok) stages.set(r.stage, (stages.get(r.stage) ?? 0) + 1);
        else failures.push(r);
        if (done % 5000 === 0) console.error(`${done}/${count} inputs, ${failures.length} failures, ${Math.round((Date.now() - started) / 1000)} s`);
        feed();
      });
      w.on("error", (e) => {
        clearTimeout(timer);
        failures.push({ seed: current, ok: false, error: `worker crashed: ${e.stack}` });
        done++;
        spawnWorker().then(resolve);
      });
      w.once("online", feed);
    });
  await Promise.all(Array.from({ length: workers }, spawnWorker));
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ inputs: done, failures: failures.length, seconds: Math.round(seconds), perSecond: Math.round(done / seconds), endedAt: Object.fromEntries(stages) }, null, 2));
  for (const f of failures.slice(0, 20)) console.log(`seed ${f.seed}: ${"error" in f ? f.error.split("\n").slice(0, 6).join("\n") : ""}`);
  process.exit(failures.length ? 1 : 0);
}
