// np.digitize and np.select: values, dtypes and errors from numpy 1.24.2 (python3 -c "np.digitize(...)"); where
// numpy 1.24's value-based promotion and NEP 50 (the runtime's default) give different dtypes, both are checked.
import { afterEach, describe, expect, it } from "vitest";
import type { NDArray } from "../../src/runtime/ndarray.ts";
import * as np from "../../src/runtime/np.ts";
import { raises } from "../helpers/raises.ts";

const saved = np.getPromotionRules();
afterEach(() => np.setPromotionRules(saved));

const got = (a: NDArray): [unknown, string] => [a.tolist(), a.dtype];

const pyErr = (f: () => unknown): string => raises(f).message;

describe("np.digitize", () => {
  const x = () => np.array([-1, 0, 0.5, 1, 2.5, 3, 10, NaN]);

  it("increasing bins: right=False counts edges <= x, right=True edges < x; NaN past the last bin", () => {
    expect(got(np.digitize(x(), [0, 1, 2, 3]))).toEqual([[0, 1, 1, 2, 3, 4, 4, 4], "int64"]);
    expect(got(np.digitize(x(), [0, 1, 2, 3], true))).toEqual([[0, 0, 1, 1, 3, 3, 4, 4], "int64"]);
    expect(got(np.digitize(x(), [0, 1, 1, 3]))).toEqual([[0, 1, 1, 3, 3, 4, 4, 4], "int64"]);
    expect(got(np.digitize([20, 30, 70], [0, 25, 45, 65, 120]))).toEqual([[1, 2, 4], "int64"]);
    expect(got(np.digitize(np.array([1, 2, 3], "int64"), [1.5, 2.5]))).toEqual([[0, 1, 2], "int64"]);
  });

  it("decreasing bins count from the other end", () => {
    expect(got(np.digitize(x(), [3, 2, 1, 0]))).toEqual([[4, 3, 3, 2, 1, 0, 0, 0], "int64"]);
    expect(got(np.digitize(x(), [3, 2, 1, 0], true))).toEqual([[4, 4, 3, 3, 1, 1, 0, 0], "int64"]);
    expect(got(np.digitize(x(), [3, 1, 1, 0], true))).toEqual([[4, 4, 3, 3, 1, 1, 0, 0], "int64"]);
    // numpy's monotonicity check reads [0, nan] as decreasing
    expect(got(np.digitize(x(), [0, NaN]))).toEqual([[2, 0, 0, 0, 0, 0, 0, 0], "int64"]);
  });

  it("keeps x's shape: a scalar gives a scalar, a 2-d x a 2-d result; equal or no edges are increasing", () => {
    const s = np.digitize(2.5, [0, 1, 2, 3]);
    expect([s.shape, s.item(), s.dtype]).toEqual([[], 3, "int64"]);
    expect(got(np.digitize([[1, 5], [2, 0]], [1, 2, 3]))).toEqual([[[1, 3], [2, 0]], "int64"]);
    expect(got(np.digitize(x(), [1, 1, 1]))).toEqual([[0, 0, 0, 3, 3, 3, 3, 3], "int64"]);
    expect(got(np.digitize(x(), []))).toEqual([[0, 0, 0, 0, 0, 0, 0, 0], "int64"]);
  });

  it("numpy's errors", () => {
    expect(pyErr(() => np.digitize(x(), [0, 2, 1]))).toBe("ValueError: bins must be monotonically increasing or decreasing");
    expect(pyErr(() => np.digitize(x(), [[0, 2], [1, 3]]))).toBe("ValueError: object too deep for desired array");
    expect(pyErr(() => np.digitize(x(), 1))).toBe("ValueError: object of too small depth for desired array");
  });
});

describe("np.select", () => {
  const y = () => np.array([1, 5, 12, 30]);

  it("the first true condition wins, else the default", () => {
    expect(got(np.select([np.less(y(), 4), np.less(y(), 15)], [0, 1], 2))).toEqual([[0, 1, 1, 2], "int64"]);
    expect(got(np.select([np.less(y(), 4), np.greater(y(), 2)], [y(), np.negative(y())], 99))).toEqual([[1, -5, -12, -30], "int64"]);
    expect(got(np.select([np.less(y(), 4), np.less(y(), 15)], [np.multiply(y(), 10), np.multiply(y(), 0.5)]))).toEqual([[10, 2.5, 6, 0], "float64"]);
    expect(got(np.select([np.less(y(), 4), np.less(y(), 15)], [true, false]))).toEqual([[1, 0, 0, 0], "int64"]);
  });

  it("strings choose as numpy's str arrays do", () => {
    expect(got(np.select([np.less(y(), 4), np.less(y(), 15)], ["a", "bb"], "other"))).toEqual([["a", "bb", "bb", "other"], "str"]);
  });

  it("broadcasts conditions against choices; scalars alone give a 0-d array", () => {
    const col = np.reshape(np.less(y(), 4), [4, 1]);
    expect(got(np.select([col, np.array([true, false, true])], [1, 2]))).toEqual([[[1, 1, 1], [2, 0, 2], [2, 0, 2], [2, 0, 2]], "int64"]);
    const s = np.select([true, false], [1, 2], 3);
    expect([s.shape, s.item()]).toEqual([[], 1]);
  });

  it("the choices' dtype, then the default's: numpy 1.24 keeps float32 for a NaN default, NEP 50 widens", () => {
    const f32 = () => np.array([1.5, 2, 3, 4], "float32");
    np.setPromotionRules("legacy");
    expect(got(np.select([np.less(y(), 4)], [f32()], NaN))).toEqual([[1.5, NaN, NaN, NaN], "float32"]);
    expect(got(np.select([np.less(y(), 4)], [f32()]))).toEqual([[1.5, 0, 0, 0], "float32"]);
    expect(got(np.select([np.less(y(), 4)], [np.float32(1.5)], 0))).toEqual([[1.5, 0, 0, 0], "float32"]);
    // numpy 2 (NEP 50): np.asarray(nan) is a float64 array, not a weak scalar
    np.setPromotionRules("nep50");
    expect(np.select([np.less(y(), 4)], [f32()], NaN).dtype).toBe("float64");
  });

  it("numpy's errors", () => {
    const c = () => [np.less(y(), 4), np.less(y(), 15)];
    expect(pyErr(() => np.select(c(), [1, 2, 3]))).toBe("ValueError: list of cases must be same length as list of conditions");
    expect(pyErr(() => np.select([], []))).toBe("ValueError: select with an empty condition list is not possible");
    expect(pyErr(() => np.select([y()], [1]))).toBe("TypeError: invalid entry 0 in condlist: should be boolean ndarray");
    expect(pyErr(() => np.select([np.less(y(), 4), np.array([true, false])], [1, 2]))).toBe(
      "ValueError: shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (4,) and arg 1 with shape (2,).",
    );
    expect(pyErr(() => np.select([np.less(y(), 4)], [np.arange(3)]))).toBe(
      "ValueError: shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (4,) and arg 1 with shape (3,).",
    );
  });
});
