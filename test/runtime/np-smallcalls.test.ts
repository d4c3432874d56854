// The fixed-cost shortcuts of request-sized numpy calls (src/runtime/np-ufunc.ts, np-base.ts, np-reduce.ts): two
// arrays of one dtype, a float array with a Python scalar, the two-shape broadcast, a reduction over the last axis,
// ufunc kernels made once per loop dtype, np.array of nested numbers. Each case is one a shortcut must not take, or
// must take with the general path's answer (values and figures from numpy 1.24 / numpy 2's NEP 50 where stated).
import { afterEach, describe, expect, it } from "vitest";
import { Ellipsis, PyError, Slice, slice, tuple, weakFloat } from "../../src/runtime/core.ts";
import type { NDArray } from "../../src/runtime/ndarray.ts";
import * as np from "../../src/runtime/np.ts";
import { broadcast2, broadcastShapes } from "../../src/runtime/np-base.ts";

const list = (a: NDArray): number[] => Array.from(a.values() as ArrayLike<number>);
const saved = np.getPromotionRules();
afterEach(() => np.setPromotionRules(saved));

function pyErr(f: () => unknown): { type: string; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof PyError) return { type: e.type, message: e.message.slice(e.type.length + 2) };
    throw e;
  }
  throw new Error("no error raised");
}

describe("a float array with a Python scalar", () => {
  it("rounds the scalar to float32 before the operation (x + 0.1, x / 0.1, numpy 1.24's values)", () => {
    for (const rules of ["nep50", "legacy"] as const) {
      np.setPromotionRules(rules);
      const x = np.array([0.013, 1.863], "float32");
      expect(list(np.add(x, weakFloat(0.1)))).toEqual([0.11300000548362732, 1.9630000591278076]);
      expect(list(np.divide(x, weakFloat(0.1)))).toEqual([0.12999999523162842, 18.6299991607666]);
    }
  });

  it("compares in float32: float32(0.1) > 0.1 is False", () => {
    const x = np.array([0.1], "float32");
    expect(list(np.greater(x, weakFloat(0.1)))).toEqual([0]);
    expect(list(np.equal(x, weakFloat(0.1)))).toEqual([1]);
    expect(np.greater(x, weakFloat(0.1)).dtype).toBe("bool");
  });

  it("keeps the operand order (1 - p, 2.0 / x)", () => {
    const p = np.array([0.25, 4], "float32");
    expect(list(np.subtract(1, p))).toEqual([0.75, -3]);
    expect(list(np.divide(weakFloat(2), p))).toEqual([8, 0.5]);
    expect(list(np.power(weakFloat(2), p))).toEqual([Math.fround(2 ** 0.25), 16]);
  });

  it("keeps NaN and the sign of zero", () => {
    const z = np.array([-0, 0], "float32");
    expect(list(np.add(z, weakFloat(-0))).map((v) => Object.is(v, -0))).toEqual([true, false]);
    expect(list(np.multiply(np.array([1, -1], "float64"), weakFloat(0))).map((v) => Object.is(v, -0))).toEqual([false, true]);
    expect(list(np.maximum(np.array([1, NaN], "float32"), weakFloat(NaN))).every(Number.isNaN)).toBe(true);
  });

  it("NEP 50 keeps float32 for a large Python int and float; numpy 1.x's value-based rules widen to float64", () => {
    const x = np.array([0], "float32");
    np.setPromotionRules("nep50");
    expect(np.add(x, 16777217).dtype).toBe("float32");
    expect(list(np.add(x, 16777217))).toEqual([16777216]);
    expect(np.add(x, weakFloat(1e300)).dtype).toBe("float32");
    np.setPromotionRules("legacy");
    // numpy 1.24: np.array([0], np.float32) + 16777217 is array([16777217.]) (float64), likewise + 1e300
    expect(np.add(x, 16777217).dtype).toBe("float64");
    expect(list(np.add(x, 16777217))).toEqual([16777217]);
    expect(np.add(x, weakFloat(1e300)).dtype).toBe("float64");
    expect(np.subtract(2 ** 30, x).dtype).toBe("float64");
  });

  it("integer arrays with a Python int keep their dtype and wrap as numpy 2 does; the rest is the general rules'", () => {
    np.setPromotionRules("nep50");
    const i = np.array([1, 2], "int32");
    expect(np.add(i, weakFloat(0.5)).dtype).toBe("float64");
    expect(np.add(i, 1).dtype).toBe("int32");
    expect(list(np.add(np.array([127], "int8"), 1))).toEqual([-128]);
    expect(list(np.subtract(1, np.array([3], "uint8")))).toEqual([254]);
    expect(pyErr(() => np.add(np.array([1], "int8"), 300))).toEqual({ type: "OverflowError", message: "Python integer 300 out of bounds for int8" });
    expect(pyErr(() => np.add(np.array([1], "uint8"), -1))).toEqual({ type: "OverflowError", message: "Python integer -1 out of bounds for uint8" });
    // numpy 2 compares a Python int out of the dtype's range exactly: int8 == 300 is False, int8 < 300 True
    expect(list(np.equal(np.array([44], "int8"), 300))).toEqual([0]);
    expect(list(np.less(np.array([44], "int8"), 300))).toEqual([1]);
    expect(list(np.equal(np.array([44, 1], "int8"), 44))).toEqual([1, 0]);
    expect(np.divide(np.array([3], "int64"), 2).dtype).toBe("float64");
    expect(list(np.divide(np.array([3], "int64"), 2))).toEqual([1.5]);
    expect(list(np.floor_divide(np.array([-7], "int64"), 2))).toEqual([-4]);
    expect(list(np.remainder(np.array([-7], "int16"), 3))).toEqual([2]);
    expect(list(np.multiply(np.array([2 ** 40], "int64"), 2 ** 20))).toEqual([2 ** 60]);
    expect(pyErr(() => np.power(np.array([2], "int64"), -1)).type).toBe("ValueError");
    expect(np.add(np.array([true]), 1).dtype).toBe("int64");
    expect(np.arctan2(np.array([1], "int16"), 1).dtype).toBe("float32");
  });

  it("raises the general path's errors", () => {
    expect(pyErr(() => np.bitwise_and(np.array([1.5], "float32"), 1)).type).toBe("TypeError");
  });
});

describe("two arrays of one dtype", () => {
  it("computes in that dtype under both rules, 0-d operands included", () => {
    for (const rules of ["nep50", "legacy"] as const) {
      np.setPromotionRules(rules);
      const big = np.array(1e30, "float32");
      expect(np.multiply(np.array([1e10], "float32"), big).dtype).toBe("float32");
      expect(list(np.multiply(np.array([1e10], "float32"), big))).toEqual([Infinity]);
      expect(np.add(np.array([100], "int8"), np.array(100, "int8")).dtype).toBe("int8");
      expect(list(np.add(np.array([100], "int8"), np.array(100, "int8")))).toEqual([-56]);
      expect(np.add(np.array(3e9, "uint32"), np.array(3e9, "uint32")).dtype).toBe("uint32");
    }
  });

  it("leaves a loop of another dtype to the general path (int true division, bool subtract)", () => {
    const i = np.array([1, 2], "int64");
    expect(np.divide(i, i).dtype).toBe("float64");
    expect(np.floor_divide(np.array([true]), np.array([true])).dtype).toBe("int8");
    expect(pyErr(() => np.subtract(np.array([true]), np.array([false]))).message).toMatch(/^numpy boolean subtract/);
    expect(np.add(np.array([true]), np.array([true])).dtype).toBe("bool");
    expect(np.less(i, i).dtype).toBe("bool");
  });

  it("takes each ufunc's kernel for the loop dtype it runs in", () => {
    // the same ufunc on several dtypes in turn: a kernel kept for one loop must not serve another
    expect(list(np.multiply(np.array([2 ** 20], "int32"), np.array([2 ** 12], "int32")))).toEqual([0]);
    expect(list(np.multiply(np.array([2 ** 20], "int64"), np.array([2 ** 12], "int64")))).toEqual([2 ** 32]);
    expect(list(np.power(np.array([2], "int64"), np.array([3], "int64")))).toEqual([8]);
    expect(pyErr(() => np.power(np.array([2], "int64"), np.array([-1], "int64"))).type).toBe("ValueError");
    expect(list(np.power(np.array([2], "float64"), np.array([-1], "float64")))).toEqual([0.5]);
    expect(list(np.left_shift(np.array([1], "int8"), np.array([7], "int8")))).toEqual([-128]);
    expect(list(np.left_shift(np.array([1], "int64"), np.array([40], "int64")))).toEqual([2 ** 40]);
    expect(list(np.floor_divide(np.array([-7], "int64"), np.array([2], "int64")))).toEqual([-4]);
    expect(list(np.floor_divide(np.array([-7], "float32"), np.array([2], "float32")))).toEqual([-4]);
  });
});

describe("the broadcast shape of two operands", () => {
  const cases: [number[], number[]][] = [
    [[1, 10], [1, 1]],
    [[1, 1], [2, 3]],
    [[1, 1, 1], [3]],
    [[3], [1, 1, 1]],
    [[0], [1]],
    [[], [2, 2]],
    [[2, 1], [3]],
    [[4, 1, 3], [1, 5, 1]],
  ];
  it("equals the general rule's", () => {
    for (const [a, b] of cases) expect({ a, b, got: [...broadcast2(a, b)] }).toEqual({ a, b, got: broadcastShapes(a, b) });
  });

  it("gives results of that shape, and numpy's error for shapes that do not broadcast", () => {
    expect(np.add(np.ones([1, 1, 1], "float32"), np.ones([3], "float32")).shape).toEqual([1, 1, 3]);
    expect(pyErr(() => np.add(np.ones([2], "float32"), np.ones([3], "float32")))).toEqual({
      type: "ValueError",
      message: "operands could not be broadcast together with shapes (2,) (3,) ",
    });
  });

  it("does not let a result share its shape with an operand", () => {
    const a = np.ones([2, 3], "float32");
    const r = np.add(a, np.ones([1, 1], "float32"));
    expect(r.shape).toEqual([2, 3]);
    expect(r.shape).not.toBe(a.shape);
  });
});

describe("max and min over trailing axes", () => {
  it("agrees with the general lanes on a view (softmax's keepdims max)", () => {
    const x = np.array(
      [
        [3, 1, NaN, 2],
        [-0, 0, -5, -0],
        [7, 7, 1, 9],
      ],
      "float32",
    );
    const t = np.transpose(np.transpose(x)) as NDArray; // the same values; contiguous
    const v = np.copy(np.transpose(x)) as NDArray; // (4, 3): reduced over axis 0 it goes through the lanes
    const m = np.max(x, -1, true);
    expect(m.shape).toEqual([3, 1]);
    const got = list(m);
    expect(Number.isNaN(got[0])).toBe(true);
    // ties take the later element: max of [-0, 0, -5, -0] is -0.0 (numpy 1.24: np.max(...) -> -0.0)
    expect(Object.is(got[1], -0)).toBe(true);
    expect(got[2]).toBe(9);
    const viaLanes = list(np.max(v, 0));
    expect(viaLanes.map((x) => (Object.is(x, -0) ? "-0" : x))).toEqual(got.map((x) => (Object.is(x, -0) ? "-0" : x)));
    expect(list(np.min(t, -1))).toEqual(list(np.min(v, 0)));
    expect(list(np.max(x, [0, 1]))).toEqual([NaN]);
    expect(np.max(x, [0, 1], true).shape).toEqual([1, 1]);
    expect(list(np.max(np.array([[1, 5, 2]], "int64"), -1))).toEqual([5]);
  });

  it("raises numpy's error for an empty lane and reduces an empty outer shape to an empty result", () => {
    expect(pyErr(() => np.max(np.zeros([2, 0], "float32"), -1))).toEqual({
      type: "ValueError",
      message: "zero-size array to reduction operation maximum which has no identity",
    });
    expect(np.max(np.zeros([0, 3], "float32"), -1).shape).toEqual([0]);
  });
});

describe("keepdims results made in their final shape", () => {
  it("sum and max keep 1s for the reduced axes, on every path (trailing lane, lanes, whole array, ints)", () => {
    const x = np.reshape(np.arange(0, 24, 1, "float32"), [2, 3, 4]);
    const xi = np.reshape(np.arange(0, 24, 1, "int64"), [2, 3, 4]);
    const t = np.transpose(x, [2, 0, 1]) as NDArray;
    const cases: [NDArray, unknown, number[]][] = [
      [x, -1, [2, 3, 1]],
      [x, 1, [2, 1, 4]],
      [x, [0, 2], [1, 3, 1]],
      [x, null, [1, 1, 1]],
      [t, -1, [4, 2, 1]],
      [xi, -1, [2, 3, 1]],
      [xi, [0, 1], [1, 1, 4]],
    ];
    for (const [a, axis, shape] of cases) {
      for (const f of [np.sum, np.max] as const) {
        const kept = f === np.sum ? np.sum(a, axis, null, true) : np.max(a, axis, true);
        const plain = f === np.sum ? np.sum(a, axis) : np.max(a, axis);
        expect({ axis, shape: kept.shape }).toEqual({ axis, shape });
        expect(kept.dtype).toBe(plain.dtype);
        expect(list(kept)).toEqual(list(plain));
        expect(kept.strides.length).toBe(shape.length);
      }
    }
    // float32 sums stay float32 (numpy 1.24: np.sum(x, -1, keepdims=True)[0, 0, 0] == 6.0 as float32)
    expect(np.sum(x, -1, null, true).dtype).toBe("float32");
    expect(list(np.sum(x, -1, null, true)).slice(0, 2)).toEqual([6, 22]);
  });
});

describe("argmax and argmin over the last axis", () => {
  it("agree with the lanes of a transposed copy: first of ties, first NaN, keepdims", () => {
    const x = np.array(
      [
        [1, 9, 9, 2],
        [0, NaN, 5, NaN],
        [-0, 0, -1, 0],
      ],
      "float32",
    );
    const v = np.copy(np.transpose(x)) as NDArray;
    expect(list(np.argmax(x, -1))).toEqual([1, 1, 0]);
    expect(list(np.argmin(x, -1))).toEqual([0, 1, 2]);
    expect(list(np.argmax(x, -1))).toEqual(list(np.argmax(v, 0)));
    expect(list(np.argmin(x, 1))).toEqual(list(np.argmin(v, 0)));
    expect(np.argmax(x, -1, true).shape).toEqual([3, 1]);
    expect(np.argmax(x).shape).toEqual([]);
    expect(list(np.argmax(x))).toEqual([5]);
    expect(list(np.argmax(np.transpose(x)))).toEqual([4]); // a view raveled to a copy: the first NaN in its C order (numpy: 4)
    expect(list(np.argmax(np.array([3, 7, 7], "int64")))).toEqual([1]);
    // 1-d views without a ravel: reversed and strided
    const r = np.getitem(np.array([5, 1, 9, 9, 2], "float32"), slice(null, null, -1));
    expect(list(np.argmax(r))).toEqual([1]);
    expect(list(np.argmin(np.getitem(np.array([5, 1, 9, 0, 2], "float32"), slice(null, null, 2))))).toEqual([2]);
    expect(pyErr(() => np.argmax(np.array([], "float32"))).message).toBe("attempt to get argmax of an empty sequence");
  });
});

describe("a[start:stop:step] of an array", () => {
  it("selects what the general index path selects (Python's slice clamping), for every bound and step", () => {
    const bounds = [null, -12, -6, -5, -4, -1, 0, 1, 2, 4, 5, 6, 12];
    for (const n of [0, 1, 5]) {
      const a = np.arange(0, n, 1, "int64");
      for (const step of [null, -3, -2, -1, 1, 2, 3])
        for (const start of bounds)
          for (const stop of bounds) {
            const s = slice(start, stop, step);
            const fast = np.getitem(a, s);
            const general = np.getitem(a, tuple([s, Ellipsis]));
            const key = { n, start, stop, step };
            expect({ key, shape: fast.shape, values: list(fast) }).toEqual({ key, shape: general.shape, values: list(general) });
            const py = Array.from({ length: n }, (_, i) => i);
            const want = pySlice(py, start, stop, step);
            expect({ key, values: list(fast) }).toEqual({ key, values: want });
          }
    }
  });
});

describe("basic index tuples (ints, slices, None, Ellipsis)", () => {
  // the same key with every int (as an index or a slice bound) a 0-d int64 array: resolve's general path, which
  // reads them as ints, where the shortcut for plain ints and slices does not take them
  const zeroD = (v: number) => np.array(v, "int64") as unknown as number;
  const general = (key: unknown[]): unknown =>
    tuple(
      key.map((k) => {
        if (typeof k === "number") return zeroD(k);
        if (k instanceof Slice) {
          const b = (v: number | null) => (v === null ? null : zeroD(v));
          return new Slice(b(k.start), b(k.stop), k.step === null ? zeroD(1) : zeroD(k.step));
        }
        return k;
      }),
    );
  const base = np.reshape(np.arange(0, 24, 1, "float32"), [2, 3, 4]);
  const keys: unknown[][] = [
    [null, slice(null, null, null)],
    [slice(null, null, null), slice(null, null, -1)],
    [Ellipsis, 0],
    [Ellipsis, slice(null, 2, null)],
    [1, Ellipsis, slice(null, null, -2)],
    [null, 1, null, slice(1, null, null)],
    [-1, -1, -1],
    [0, slice(3, 0, -1)],
    [1, 2],
    [slice(5, 9, null)],
    [Ellipsis, null],
    [],
  ];
  const show = (key: unknown[]) =>
    key.map((k) => (k === Ellipsis ? "..." : k instanceof Slice ? `${k.start}:${k.stop}:${k.step}` : String(k))).join(", ");
  it("views what the general path views, for getitem and setitem", () => {
    for (const key of keys) {
      const fast = np.getitem(base, tuple(key));
      const slow = np.getitem(base, general(key));
      expect({ key: show(key), shape: fast.shape, values: list(fast) }).toEqual({ key: show(key), shape: slow.shape, values: list(slow) });
      const a = np.copy(base);
      const b = np.copy(base);
      np.setitem(a, tuple(key), np.negative(fast));
      np.setitem(b, general(key), np.negative(slow));
      expect({ key: show(key), values: list(a) }).toEqual({ key: show(key), values: list(b) });
    }
  });

  it("copies an index of ints only, views one with an Ellipsis (numpy's a[1, 2, 3] vs a[..., 1, 2, 3])", () => {
    const a = np.copy(base);
    const scalar = np.getitem(a, tuple([1, 2, 3]));
    const view = np.getitem(a, tuple([Ellipsis, 1, 2, 3]));
    np.setitem(a, tuple([1, 2, 3]), 99);
    expect(list(scalar)).toEqual([23]);
    expect(list(view)).toEqual([99]);
    expect(np.getitem(a, tuple([null])).shape).toEqual([1, 2, 3, 4]);
    expect(np.getitem(a, null).shape).toEqual([1, 2, 3, 4]);
    expect(np.getitem(a, Ellipsis).shape).toEqual([2, 3, 4]);
  });

  it("raises numpy's errors", () => {
    expect(pyErr(() => np.getitem(base, tuple([1, 3])))).toEqual({ type: "IndexError", message: "index 3 is out of bounds for axis 1 with size 3" });
    expect(pyErr(() => np.getitem(base, tuple([0, 0, 0, 0]))).message).toBe("too many indices for array: array is 3-dimensional, but 4 were indexed");
    expect(pyErr(() => np.getitem(base, tuple([Ellipsis, Ellipsis]))).message).toBe("an index can only have a single ellipsis ('...')");
    expect(pyErr(() => np.getitem(base, tuple([0, 1.5]))).type).toBe("IndexError");
    expect(pyErr(() => np.getitem(base, tuple([slice(null, null, 0)]))).message).toBe("slice step cannot be zero");
  });
});

/** Python's list slicing, written from its definition (range(*slice(...).indices(len))). */
function pySlice(xs: number[], start: number | null, stop: number | null, step: number | null): number[] {
  const n = xs.length;
  const st = step ?? 1;
  const norm = (v: number | null, dflt: number, lo: number, hi: number) => (v === null ? dflt : v < 0 ? Math.max(v + n, lo) : Math.min(v, hi));
  const out: number[] = [];
  if (st > 0) for (let i = norm(start, 0, 0, n); i < norm(stop, n, 0, n); i += st) out.push(xs[i]!);
  else for (let i = norm(start, n - 1, -1, n - 1); i > norm(stop, -1, -1, n - 1); i += st) out.push(xs[i]!);
  return out;
}

describe("reshape targets", () => {
  it("resolves -1 and says numpy's errors with the shape as written", () => {
    const a = np.arange(0, 6, 1, "float32");
    expect(np.reshape(a, [1, -1]).shape).toEqual([1, 6]);
    expect(np.reshape(a, [np.array(2, "int64"), -1]).shape).toEqual([2, 3]);
    expect(pyErr(() => np.reshape(a, [4, -1])).message).toBe("cannot reshape array of size 6 into shape (4,newaxis)");
    expect(pyErr(() => np.reshape(a, [4, 2])).message).toBe("cannot reshape array of size 6 into shape (4,2)");
    expect(pyErr(() => np.reshape(a, [2.5, -1])).message).toBe("'float' object cannot be interpreted as an integer");
  });
});

describe("np.array of nested plain numbers", () => {
  it("token ids as int64 and int32 (more than fit in V8's heap)", () => {
    const ids = Array.from({ length: 24 }, (_, i) => (i * 7) % 50);
    const a = np.array([ids], "int64");
    expect(a.shape).toEqual([1, 24]);
    expect(a.dtype).toBe("int64");
    expect(list(a)).toEqual(ids);
    const b = np.array([ids], "int32");
    expect(b.dtype).toBe("int32");
    expect(list(b)).toEqual(ids);
    expect(Object.is(list(np.array([-0], "int64"))[0], 0)).toBe(true);
  });

  it("finds the shape of nested lists, empty ones and lists of arrays", () => {
    expect(np.array([[]]).shape).toEqual([1, 0]);
    expect(np.array([]).shape).toEqual([0]);
    expect(np.array([np.array([1, 2]), np.array([3, 4])]).shape).toEqual([2, 2]);
    expect(np.array([[np.array([1, 2])]]).shape).toEqual([1, 1, 2]);
    expect(pyErr(() => np.array([[1, 2], [3]])).message).toMatch(/inhomogeneous shape after 1 dimensions/);
  });
});

describe("ndarray methods' arguments", () => {
  const x = np.reshape(np.arange(0, 6, 1, "float64"), [2, 3]);
  it("binds positional-only calls as the general binding does", () => {
    expect(np.ndarrayMethod(x, "reshape", [3, 2], {}) as NDArray).toMatchObject({ shape: [3, 2] });
    expect(np.ndarrayMethod(x, "reshape", [[3, -1]], {}) as NDArray).toMatchObject({ shape: [3, 2] });
    expect((np.ndarrayMethod(x, "astype", ["float32"], {}) as NDArray).dtype).toBe("float32");
    expect(list(np.ndarrayMethod(x, "sum", [1], {}) as NDArray)).toEqual([3, 12]);
    expect(list(np.ndarrayMethod(x, "sum", [], { axis: 0 }) as NDArray)).toEqual([3, 5, 7]);
    expect(np.ndarrayMethod(x, "astype", ["float64"], { copy: false })).toBe(x);
    expect(np.ndarrayMethod(x, "astype", ["float64"], {})).not.toBe(x);
    // a trailing undefined (a skipped argument) is no argument: argmax's axis stays None
    expect(list(np.ndarrayMethod(x, "argmax", [undefined], {}) as NDArray)).toEqual([5]);
  });

  it("says Python's errors", () => {
    expect(pyErr(() => np.ndarrayMethod(x, "argmax", [0, false, 1], {})).message).toBe("argmax() takes at most 2 positional arguments (3 given)");
    expect(pyErr(() => np.ndarrayMethod(x, "sum", [0], { axis: 0 })).message).toBe("argument for sum() given by name ('axis') and position (1)");
    expect(pyErr(() => np.ndarrayMethod(x, "sum", [], { axes: 0 })).message).toBe("'axes' is an invalid keyword argument for sum()");
  });
});

describe("unary kernels and clip made once", () => {
  it("keep their dtype rules: -0 of int64 0 is 0, of float 0.0 is -0.0; clip propagates NaN", () => {
    expect(Object.is(list(np.negative(np.array([0], "int64")))[0], 0)).toBe(true);
    expect(Object.is(list(np.negative(np.array([0], "float32")))[0], -0)).toBe(true);
    expect(list(np.square(np.array([46341], "int32")))).toEqual([-2147479015]);
    expect(list(np.square(np.array([true, false])))).toEqual([1, 0]);
    expect(np.square(np.array([true])).dtype).toBe("int8");
    expect(list(np.invert(np.array([0, 5], "int64")))).toEqual([-1, -6]);
    expect(list(np.signbit(np.array([-0, 0, -1], "float64")))).toEqual([1, 0, 1]);
    const c = list(np.clip(np.array([NaN, -1, 0.5, 3], "float32"), 0, 1));
    expect(Number.isNaN(c[0])).toBe(true);
    expect(c.slice(1)).toEqual([0, 0.5, 1]);
    expect(list(np.clip(np.array([-5, 5, 300], "int64"), 0, 255))).toEqual([0, 5, 255]);
  });
});
