// Image preprocessing speed: decode a 640x480 JPEG and preprocess it to a 224x224 normalised NCHW float32 tensor,
// p50 over many runs, with the Python function notebooks write translated by nb2svc (so the runtime's numpy
// operations are measured as a service runs them), side by side with Pillow + numpy running the same function in
// one run. Also times the steps separately (decode, resize, the numpy part) to show where the time goes.
//
//   npx tsx bench/image.ts [IMAGE.jpg]        (BENCH_RUNS, default 300; BENCH_PYTHON, default /usr/bin/python3)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { translatePython } from "../test/helpers/translated.ts";
import * as pil from "../src/runtime/image/pil.ts";
import type { NDArray } from "../src/runtime/ndarray.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const IMAGE = process.argv[2] ?? path.join(ROOT, "test/runtime/image/fixtures/src/q90_420_640x480.jpg");
const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const PYTHON = process.env.BENCH_PYTHON ?? "/usr/bin/python3";

// the same function as bench/image_pillow.py's `preprocess`
const SOURCE = `
import io
import numpy as np
from PIL import Image

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)

def preprocess(data):
    img = Image.open(io.BytesIO(data)).convert("RGB").resize((224, 224), Image.BILINEAR)
    x = np.asarray(img, dtype=np.float32) / 255.0
    x = (x - MEAN) / STD
    return x.transpose(2, 0, 1)[np.newaxis, ...]
`;

const wall = (): number => performance.now();
/** Process CPU time in ms: robust to other processes on a busy machine (the Python side uses process_time). */
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The median of `runs` timings in ms. */
function p50(fn: () => unknown, runs: number, clock: () => number = wall): number {
  for (let i = 0; i < 20; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = clock();
    fn();
    times.push(clock() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1];
  if (median === undefined) throw new Error("p50: no runs");
  return median;
}

async function main(): Promise<void> {
  const bytes = new Uint8Array(readFileSync(IMAGE));
  const { fns } = await translatePython(SOURCE);
  const preprocess = fns.preprocess!;
  const out = preprocess(bytes) as NDArray;
  let checksum = 0;
  for (const v of out.values()) checksum += v;

  const decode = () => pil.open(bytes).convert("RGB").raster;
  const decoded = pil.open(bytes).convert("RGB");
  const resize = () => decoded.resize([224, 224], 2).raster;
  const resized = decoded.resize([224, 224], 2);
  const ts = {
    decode_ms: p50(decode, RUNS),
    total_ms: p50(() => preprocess(bytes), RUNS),
    decode_cpu_ms: p50(decode, RUNS, cpu),
    resize_cpu_ms: p50(resize, RUNS, cpu),
    total_cpu_ms: p50(() => preprocess(bytes), RUNS, cpu),
  };
  const numpyPart = ts.total_cpu_ms - ts.decode_cpu_ms - ts.resize_cpu_ms;
  void resized;

  const py = JSON.parse(execFileSync(PYTHON, [path.join(ROOT, "bench/image_pillow.py"), IMAGE, String(RUNS)], { encoding: "utf8" })) as {
    pillow: string;
    numpy: string;
    decode_ms: number;
    total_ms: number;
    decode_cpu_ms: number;
    total_cpu_ms: number;
    checksum: number;
    shape: number[];
  };
  const rel = Math.abs(checksum - py.checksum) / Math.abs(py.checksum);
  const row = (name: string, a: number, b: number) => [name, a.toFixed(2), b.toFixed(2), (a / b).toFixed(2) + "x"];
  const rows = [
    ["p50, ms", `nb2svc runtime (Node ${process.versions.node})`, `Pillow ${py.pillow} + numpy ${py.numpy}`, "ratio"],
    ["---", "---:", "---:", "---:"],
    row("decode (JPEG 640x480 to RGB), wall", ts.decode_ms, py.decode_ms),
    row("decode + resize + normalise to 1x3x224x224, wall", ts.total_ms, py.total_ms),
    row("decode, CPU", ts.decode_cpu_ms, py.decode_cpu_ms),
    row("decode + resize + normalise, CPU", ts.total_cpu_ms, py.total_cpu_ms),
  ];
  console.log(`image: ${path.relative(ROOT, IMAGE)}, ${RUNS} runs each`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  console.log(`runtime steps (CPU): decode ${ts.decode_cpu_ms.toFixed(2)} ms, resize ${ts.resize_cpu_ms.toFixed(2)} ms, numpy part ${numpyPart.toFixed(2)} ms`);
  console.log(`same tensor: shape ${JSON.stringify(out.shape)} vs ${JSON.stringify(py.shape)}, checksum relative difference ${rel.toExponential(2)}`);
}

await main();
