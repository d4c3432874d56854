// The numpy/Python runtime on request-sized data: milliseconds per operation on 1e6 float32 elements, and the
// Python glue's per-value cost. Printed, not asserted (timings on a shared machine are for reading, as ratios).
//   npx tsx bench/runtime-ops.ts
import * as py from "../src/runtime/py.ts";
import { weakFloat } from "../src/runtime/core.ts";
import * as np from "../src/runtime/np.ts";

function time(f: () => unknown, reps = 5): number {
  f();
  const t = performance.now();
  for (let i = 0; i < reps; i++) f();
  return (performance.now() - t) / reps;
}

const n = 1_000_000;
const a = np.astype(np.arange(n), "float32");
const b = np.multiply(a, 0.5);
const m = np.reshape(a, [1000, 1000]);
const rows: [string, number][] = [
  ["np.add(a, b)", time(() => np.add(a, b))],
  ["np.multiply(a, 2.5)", time(() => np.multiply(a, 2.5))],
  ["np.exp(a)", time(() => np.exp(a))],
  ["np.greater(a, b)", time(() => np.greater(a, b))],
  ["np.sum(a)", time(() => np.sum(a))],
  ["np.mean(m, 1)", time(() => np.mean(m, 1))],
  ["np.std(m, 0)", time(() => np.std(m, 0))],
  ["m - m.mean(1, keepdims=True)", time(() => np.subtract(m, np.mean(m, 1, null, true)))],
  ["a[a > 5000]", time(() => np.getitem(a, np.greater(a, 5000)))],
  ["m.T.copy()", time(() => np.transpose(m).copy())],
  [
    "200,000 py.add/py.mul on mixed int and float",
    time(() => {
      let acc: unknown = 0;
      for (let i = 0; i < 200_000; i++) acc = py.add(acc, py.mul(i, weakFloat(0.5) as unknown as number));
      return acc;
    }, 3),
  ],
  ["re.sub over 20,000 words", time(() => py.re.sub("(\\w+)", "<\\1>", "word ".repeat(20_000)), 3)],
  [
    "20,000 format(x, '.3f')",
    time(() => {
      for (let i = 0; i < 20_000; i++) py.format(i / 7, ".3f");
    }, 3),
  ],
];
console.log(`| operation (1e6 float32 elements unless said) | ms |\n| --- | ---: |`);
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(2)} |`);
