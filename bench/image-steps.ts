// Where the runtime's time goes in the image benchmark's numpy part (bench/image.ts): each numpy step of the
// ImageNet normalisation timed alone on the real 224x224x3 image, CPU p50 in ms.
//
//   npx tsx bench/image-steps.ts [IMAGE.jpg]   (BENCH_RUNS, default 300)
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as core from "../src/runtime/core.ts";
import * as pil from "../src/runtime/image/pil.ts";
import * as np from "../src/runtime/np.ts";
import * as py from "../src/runtime/py.ts";
import * as glue from "../src/runtime/glue.ts";
import type { NDArray } from "../src/runtime/ndarray.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const IMAGE = process.argv[2] ?? path.join(ROOT, "test/runtime/image/fixtures/src/q90_420_640x480.jpg");
const RUNS = Number(process.env.BENCH_RUNS ?? 300);

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
function p50(fn: () => unknown): number {
  for (let i = 0; i < 20; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = cpu();
    fn();
    t.push(cpu() - s);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1]!;
}

const bytes = new Uint8Array(readFileSync(IMAGE));
const img = pil.open(bytes).convert("RGB").resize([224, 224], 2);
const MEAN = np.array([0.485, 0.456, 0.406], "float32");
const STD = np.array([0.229, 0.224, 0.225], "float32");
const x0 = np.asarray(img, "float32") as NDArray;
const x1 = py.truediv(x0, core.weakFloat(255)) as NDArray;
const x2 = py.sub(x1, MEAN) as NDArray;
const x3 = py.truediv(x2, STD) as NDArray;
const steps: [string, () => unknown][] = [
  ["decode (JPEG to RGB)", () => pil.open(bytes).convert("RGB").raster],
  ["resize 640x480 -> 224x224 bilinear", () => pil.open(bytes).convert("RGB").resize([224, 224], 2)],
  ["np.asarray(img, dtype=np.float32)", () => np.asarray(img, "float32")],
  ["x / 255.0", () => py.truediv(x0, core.weakFloat(255))],
  ["x - MEAN", () => py.sub(x1, MEAN)],
  ["x / STD", () => py.truediv(x2, STD)],
  ["x.transpose(2, 0, 1)[np.newaxis, ...]", () => py.getitem(py.callMethod(x3, "transpose", [2, 0, 1]), core.tuple([null, core.Ellipsis]))],
  ["to the model's contiguous float32 (glue.toJS)", () => glue.toJS(py.getitem(py.callMethod(x3, "transpose", [2, 0, 1]), core.tuple([null, core.Ellipsis])))],
];
console.log(`image: ${path.relative(ROOT, IMAGE)}, ${RUNS} runs each, CPU p50 ms`);
for (const [name, fn] of steps) console.log(`${name.padEnd(48)} ${p50(fn).toFixed(3)}`);
