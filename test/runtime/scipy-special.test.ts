// scipy.special.softmax and expit against scipy 1.10's results (values printed by Python, float32 kept float32).
// Compared within a few ulps (2 measured): numpy's SIMD exp is not correctly rounded (float32 exp(-1.25) is one ulp
// below the nearest float32), the runtime's is, so a softmax may differ in its last bits.
import { describe, expect, it } from "vitest";
import { NDArray } from "../../src/runtime/ndarray.ts";
import * as np from "../../src/runtime/np.ts";
import { expit, softmax } from "../../src/runtime/scipy-special.ts";

const f32 = np.asarray([[1.5, -2.0, 0.25], [3.0, 3.0, -1.0]], "float32");

/** Equal within a few ulps of `bits` mantissa bits, element by element. */
function withinUlps(got: unknown, want: number[] | number[][], bits = 23): void {
  const g = (got as unknown[]).flat(1) as number[];
  want.flat(1).forEach((w, i) => expect(Math.abs(g[i]! - w)).toBeLessThanOrEqual(Math.abs(w) * 2 ** (2 - bits)));
}

describe("scipy.special", () => {
  it("softmax over an axis, and over every element by default", () => {
    const rows = softmax(f32, 1);
    expect(rows.dtype).toBe("float32");
    withinUlps(rows.tolist(), [
      [0.7594732046127319, 0.02293410338461399, 0.21759270131587982],
      [0.49546265602111816, 0.49546265602111816, 0.00907471589744091],
    ]);
    withinUlps(softmax(f32).tolist(), [
      [0.09650491923093796, 0.00291419611312449, 0.027649126946926117],
      [0.4325050711631775, 0.4325050711631775, 0.007921607233583927],
    ]);
    const ints = softmax([1, 2, 3]);
    expect(ints.dtype).toBe("float64");
    withinUlps(ints.tolist(), [0.09003057317038043, 0.24472847105479767, 0.6652409557748218], 52);
  });

  it("expit keeps float32 and computes other input in float64", () => {
    const e = expit(f32);
    expect(e).toBeInstanceOf(NDArray);
    expect(e.dtype).toBe("float32");
    withinUlps(e.tolist(), [
      [0.8175744414329529, 0.11920291930437088, 0.562176525592804],
      [0.9525741338729858, 0.9525741338729858, 0.2689414322376251],
    ]);
    withinUlps(expit([0, 2]).tolist(), [0.5, 0.8807970779778823], 52);
  });
});
