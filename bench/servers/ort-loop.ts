// The limit: the service's model run in-process with onnxruntime-node, in a loop, awaiting each run as the service
// does, with the service's session options. Input: one preprocessed request (ORT_LOOP_INPUT, JSON), repeated to
// `rows` rows. Prints one JSON line per batch size: runs per second and the latency of one run.
import * as ort from "onnxruntime-node";

interface Input {
  readonly model: string;
  readonly feeds: Record<string, { readonly dtype: ort.Tensor.Type; readonly shape: readonly number[]; readonly data: readonly number[] }>;
  readonly rows: readonly number[];
  readonly seconds: number;
}

const input = JSON.parse(process.env.ORT_LOOP_INPUT ?? "") as Input;
const session = await ort.InferenceSession.create(input.model, {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: "sequential",
  graphOptimizationLevel: "all",
});

/** `rows` copies of the request's one row, as the batcher would stack them. */
function feedsOf(rows: number): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const [name, f] of Object.entries(input.feeds)) {
    const n = f.data.length;
    const data = f.dtype === "int64" ? new BigInt64Array(n * rows) : f.dtype === "float64" ? new Float64Array(n * rows) : new Float32Array(n * rows);
    for (let r = 0; r < rows; r++) for (let i = 0; i < n; i++) data[r * n + i] = (f.dtype === "int64" ? BigInt(f.data[i]!) : f.data[i]!) as never;
    out[name] = new ort.Tensor(f.dtype, data, [rows * (f.shape[0] ?? 1), ...f.shape.slice(1)]);
  }
  return out;
}

for (const rows of input.rows) {
  const feeds = feedsOf(rows);
  for (let i = 0; i < 200; i++) await session.run(feeds);
  const times: number[] = [];
  const end = performance.now() + input.seconds * 1000;
  for (let t = performance.now(); t < end; ) {
    await session.run(feeds);
    const now = performance.now();
    times.push(now - t);
    t = now;
  }
  times.sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 1000;
  process.stdout.write(`${JSON.stringify({ rows, runsPerSecond: times.length / (total / 1000), p50us: q(0.5), p99us: q(0.99) })}\n`);
}
await session.release();
