// The long fuzz run's worker (see long.ts): runs one mutated example per message and answers with how it ended.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { mutateNotebook, rng } from "./mutate.ts";
import { runStages } from "./target.ts";

const { root, examples } = workerData as { root: string; examples: string[] };
const texts = examples.map((n) => readFileSync(path.join(root, "examples", n, `${n}.ipynb`), "utf8"));

parentPort!.on("message", async ({ seed }: { seed: number }) => {
  const i = seed % examples.length;
  try {
    // small scale: the long run is about many inputs; the short run in npm test has the huge ones
    const out = await runStages(mutateNotebook(texts[i]!, rng(seed), 0.1), path.join(root, "examples", examples[i]!));
    parentPort!.postMessage({ seed, ok: true, stage: out.stage });
  } catch (e) {
    parentPort!.postMessage({ seed, ok: false, error: (e as Error).stack ?? String(e) });
  }
});
