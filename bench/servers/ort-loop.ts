// The limit: the service's model run in-process with onnxruntime-node, in a loop, awaiting each run as the service
// does, with the service's session options (`threads` intra-op threads: the service's ORT_INTRA_OP_THREADS, default
// 1). Input: one preprocessed request (ORT_LOOP_INPUT, JSON), repeated to `rows` rows. Prints one JSON line per batch
// size: runs per second and the latency of one run.
import * as ort from "onnxruntime-node";

interface Input {
  readonly model: string;
  readonly feeds: Record<string, { readonly dtype: ort.Tensor.Type; readonly shape: readonly number[]; readonly data: readonly number[] }>;
  readonly rows: readonly number[];
  readonly seconds: number;
  readonly threads?: number;
}

const input = JSON.parse(process.env.ORT_LOOP_INPUT ?? "") as Input;
const session = await ort.InferenceSession.create(input.model, {
  intraOpNumThreads: input.threads ?? 1,
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
  // warm-up: 200 runs settle a small model; a heavy one (100 ms per run) is warm after a few, so at most half a second
  const warm = performance.now() + 500;
  for (let i = 0; i < 200 && (i < 3 || performance.now() < warm); i++) await session.run(feeds);
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const end = performance.now() + input.seconds * 1000;
  for (let t = performance.now(); t < end; ) {
    await session.run(feeds);
    const now = performance.now();
    times.push(now - t);
    t = now;
  }
  // CPU time of the whole process (onnxruntime's threads too) per row: on a shared machine, steadier than the wall time
  const cpu = process.cpuUsage(cpu0);
  const cpuUsPerRow = (cpu.user + cpu.system) / (times.length * rows);
  times.sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 1000;
  process.stdout.write(`${JSON.stringify({ rows, threads: input.threads ?? 1, runsPerSecond: times.length / (total / 1000), p50us: q(0.5), p99us: q(0.99), cpuUsPerRow })}\n`);
}
await session.release();
