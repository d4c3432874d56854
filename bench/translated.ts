// The translated notebook code of converted services, per call: microseconds for the notebook's preprocess (on each
// golden request) and postprocess (on the model's outputs for it), the per-request cost the service adds around the
// model. Printed, not asserted (timings on a shared machine are for reading, as ratios).
//   npx tsx bench/translated.ts <service dir>...    (services made by `nb2svc convert ... -o <dir>`)
// The service's notebook.ts runs against this checkout's src/runtime, so that two conversions compare the
// translations alone.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as ort from "onnxruntime-node";
import * as np from "../src/runtime/np.ts";
import type { NDArray } from "../src/runtime/ndarray.ts";

interface Golden {
  readonly name: string;
  readonly request: Record<string, unknown>;
}
type Fn = (...args: unknown[]) => unknown;

const runtime = path.resolve(import.meta.dirname, "../src/runtime");
const scratch = mkdtempSync(path.join(os.tmpdir(), "nb2svc-bench-"));
// an ES module like the runtime it imports: loaded as CommonJS, it would get a second copy of the runtime's classes
writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ type: "module" }));

/**
 * µs of CPU per call (the process's user + system time, not the wall clock: on a shared machine a batch that waits
 * for a core would measure the neighbours), the best of 15 batches of 20 ms or more.
 */
function microseconds(run: () => unknown): number {
  const cpu = () => {
    const u = process.cpuUsage();
    return u.user + u.system; // µs
  };
  for (let i = 0; i < 2000; i++) run();
  let n = 1;
  for (;;) {
    const t = cpu();
    for (let i = 0; i < n; i++) run();
    if (cpu() - t > 20_000) break;
    n *= 2;
  }
  let best = Infinity;
  for (let b = 0; b < 15; b++) {
    const t = cpu();
    for (let i = 0; i < n; i++) run();
    best = Math.min(best, (cpu() - t) / n);
  }
  return best;
}

async function service(dir: string): Promise<void> {
  const generated = path.join(dir, "src", "generated");
  const name = path.basename(dir);
  // the module imports the runtime as the service's package: point it at this checkout's sources
  const source = readFileSync(path.join(generated, "notebook.ts"), "utf8").replace(/"@nb2svc\/runtime\/([\w/-]+)"/g, (_, m: string) => JSON.stringify(pathToFileURL(path.join(runtime, `${m}.ts`)).href));
  const file = path.join(scratch, `${name}-notebook.ts`);
  writeFileSync(file, source);
  const notebook = (await import(pathToFileURL(file).href)) as Record<string, Fn>;
  const pipeline = readFileSync(path.join(generated, "pipeline.ts"), "utf8");
  // the arguments the pipeline passes: request fields by name, and which model output
  const fields = [...(/notebook\["preprocess"\]\(([^)]*)\)/.exec(pipeline)?.[1] ?? "").matchAll(/body\["([^"]+)"\]/g)].map((m) => m[1]!);
  const outputIndex = Number(/notebook\["postprocess"\]\(outputs\[(\d+)\]\)/.exec(pipeline)?.[1] ?? "NaN");
  const goldens = (JSON.parse(readFileSync(path.join(generated, "goldens.json"), "utf8")) as { goldens: Golden[] }).goldens;
  const modelDir = path.join(dir, "model");
  const session = await ort.InferenceSession.create(path.join(modelDir, readdirSync(modelDir).find((f) => f.endsWith(".onnx"))!));
  for (const g of goldens) {
    const args = fields.map((f) => g.request[f]);
    const features = notebook.preprocess!(...args) as NDArray;
    const pre = microseconds(() => notebook.preprocess!(...args));
    const input = session.inputNames[0]!;
    const type = features.dtype === "int64" ? "int64" : "float32";
    const out = await session.run({ [input]: new ort.Tensor(type, np.toTensorData(features, type) as never, [...features.shape]) });
    const t = out[session.outputNames[outputIndex]!]!;
    const logits = np.fromTensorData(t.data as never, t.dims, "float32");
    const post = Number.isNaN(outputIndex) ? NaN : microseconds(() => notebook.postprocess!(logits));
    console.log(`${name.padEnd(14)} ${g.name.padEnd(10)} preprocess ${pre.toFixed(2).padStart(7)} µs   postprocess ${post.toFixed(2).padStart(7)} µs`);
  }
  await session.release();
}

for (const dir of process.argv.slice(2)) await service(path.resolve(dir));
