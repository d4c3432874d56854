// The float arithmetic fast paths of map2 (src/runtime/np-ufunc.ts): float32 and float64 loops specialised by type,
// and a block repeated along the other operand (an image's per-channel mean against its (H, W, 3) pixels). Each is
// checked element by element against the definition: the double result rounded to the output's type.
import { describe, expect, it } from "vitest";
import { weakFloat } from "../../src/runtime/core.ts";
import type { NDArray } from "../../src/runtime/ndarray.ts";
import * as np from "../../src/runtime/np.ts";
import * as py from "../../src/runtime/py.ts";

/** Deterministic values in [-2, 2), some exactly representable, some not. */
function values(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return ((s >>> 8) / 2 ** 24) * 4 - 2;
  });
}

const OPS = [
  ["add", py.add, (x: number, y: number) => x + y],
  ["subtract", py.sub, (x: number, y: number) => x - y],
  ["multiply", py.mul, (x: number, y: number) => x * y],
  ["divide", py.truediv, (x: number, y: number) => x / y],
] as const;

/** The expected result: every element of the broadcast, computed in doubles and rounded as the dtype stores it. */
function expected(a: NDArray, b: NDArray, f: (x: number, y: number) => number, dtype: "float32" | "float64"): number[] {
  const [ba, bb] = np.broadcast_arrays(a, b);
  const A = Array.from(ba!.values() as ArrayLike<number>);
  const B = Array.from(bb!.values() as ArrayLike<number>);
  return A.map((x, i) => (dtype === "float32" ? Math.fround(f(x, B[i]!)) : f(x, B[i]!)));
}

describe("float arithmetic fast paths", () => {
  for (const dtype of ["float32", "float64"] as const) {
    for (const [name, op, f] of OPS) {
      it(`${dtype} ${name}: whole arrays, a scalar, a trailing block, a leading block, views`, () => {
        const img = np.reshape(np.array(values(5 * 4 * 3, 1), dtype), [5, 4, 3]);
        const cases: [NDArray, NDArray][] = [
          [img, np.reshape(np.array(values(60, 2), dtype), [5, 4, 3])],
          [img, np.array(values(1, 3), dtype)],
          [img, np.array(values(3, 4), dtype)], // (3,) against (5, 4, 3)
          [img, np.reshape(np.array(values(3, 5), dtype), [1, 1, 3])],
          [img, np.reshape(np.array(values(12, 6), dtype), [4, 3])],
          [np.array(values(3, 7), dtype), img], // the block on the left
          [img, np.reshape(np.array(values(5, 8), dtype), [5, 1, 1])], // not a trailing block: the general loop
          [np.transpose(img, [2, 0, 1]) as NDArray, np.reshape(np.array(values(3, 9), dtype), [3, 1, 1])], // a view
        ];
        for (const [a, b] of cases) {
          const got = op(a, b) as NDArray;
          expect(got.dtype).toBe(dtype);
          expect(Array.from(got.values() as ArrayLike<number>)).toEqual(expected(a, b, f, dtype));
        }
        // a Python float keeps the array's dtype (numpy's weak scalars)
        const scaled = op(img, weakFloat(255)) as NDArray;
        expect(scaled.dtype).toBe(dtype);
        expect(Array.from(scaled.values() as ArrayLike<number>)).toEqual(expected(img, np.array([255], dtype), f, dtype));
      });
    }
  }

  it("float32 against float64 promotes to float64 (not a float32 loop)", () => {
    const a = np.array(values(6, 10), "float32");
    const b = np.array(values(6, 11), "float64");
    const got = py.truediv(a, b) as NDArray;
    expect(got.dtype).toBe("float64");
    expect(Array.from(got.values() as ArrayLike<number>)).toEqual(expected(np.astype(a, "float64"), b, (x, y) => x / y, "float64"));
  });

  it("uint8 pixels to float32 keep every value (astype through TypedArray.set)", () => {
    const px = np.array(Array.from({ length: 256 }, (_, i) => i), "uint8");
    expect(Array.from(np.astype(px, "float32").values() as ArrayLike<number>)).toEqual(Array.from({ length: 256 }, (_, i) => i));
    const wrapped = np.astype(np.array([300, -1, 70000], "int64"), "uint8");
    expect(Array.from(wrapped.values() as ArrayLike<number>)).toEqual([44, 255, 112]);
  });
});
