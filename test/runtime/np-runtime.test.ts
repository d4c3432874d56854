// Hand-written checks of the numpy runtime that a fixture cannot express: buffer sharing of views, the ONNX
// Runtime tensor interop, the signature table against the implementation, and speed on request-sized data.
import { describe, expect, it } from "vitest";
import { Ellipsis, isTuple, PyError, slice, tuple, weakFloat } from "../../src/runtime/core.ts";
import { NDArray } from "../../src/runtime/ndarray.ts";
import * as np from "../../src/runtime/np.ts";
import { NDARRAY_METHODS, NP_FUNCTIONS } from "../../src/runtime/np-signatures.ts";

const errType = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof PyError ? e.type : `non-PyError ${String(e)}`;
  }
  return "no error";
};

describe("views share the buffer", () => {
  it("y = x[0]; y[1] = 5 changes x", () => {
    const x = np.reshape(np.arange(6), [2, 3]);
    const y = np.getitem(x, 0);
    np.setitem(y, 1, 5);
    expect(x.tolist()).toEqual([
      [0, 5, 2],
      [3, 4, 5],
    ]);
  });

  it("[:, None], transpose, reshape, expand_dims, squeeze, flip, ravel and basic slices are views", () => {
    const x = np.zeros([2, 3]);
    const views = [
      np.getitem(x, tuple([slice(), null])),
      np.transpose(x),
      x.T,
      np.reshape(x, [3, 2]),
      np.expand_dims(x, 0),
      np.squeeze(np.expand_dims(x, 0)),
      np.flip(x),
      np.ravel(x),
      np.getitem(x, tuple([Ellipsis, slice(null, null, 2)])),
    ];
    for (const v of views) expect(v.data).toBe(x.data);
  });

  it("fancy indexing and integer indexing to a scalar copy", () => {
    const x = np.arange(5);
    expect(np.getitem(x, [1, 2]).data).not.toBe(x.data);
    const s = np.getitem(x, 1);
    np.setitem(x, 1, 100);
    expect(s.item()).toBe(1);
  });

  it("assignments read overlapping sources before writing (numpy >= 2.0.1 also for fancy targets)", () => {
    const x = np.arange(6);
    np.setitem(x, [1, 2, 3], np.getitem(x, slice(0, 3)));
    expect(x.tolist()).toEqual([0, 0, 1, 2, 4, 5]);
    const y = np.arange(5);
    np.setitem(y, slice(), np.flip(y));
    expect(y.tolist()).toEqual([4, 3, 2, 1, 0]);
  });

  it("in-place operators write through views", () => {
    const x = np.zeros([2, 2], "float32");
    const row = np.getitem(x, 1);
    np.inplace("+", row, 1.5);
    expect(x.tolist()).toEqual([
      [0, 0],
      [1.5, 1.5],
    ]);
    expect(errType(() => np.inplace("+", np.array([1, 2]), 0.5))).toBe("TypeError");
  });

  it("ndarray.sort and fill work in place", () => {
    const x = np.array([3, 1, 2]);
    const v = np.getitem(x, slice());
    expect(np.ndarrayMethod(v, "sort", [], {})).toBeNull();
    expect(x.tolist()).toEqual([1, 2, 3]);
    np.ndarrayMethod(x, "fill", [7], {});
    expect(x.tolist()).toEqual([7, 7, 7]);
  });
});

describe("Python values", () => {
  it("tells Python float literals (WeakFloat) from ints", () => {
    const u = np.array([1, 2], "uint8");
    expect(np.multiply(u, 2).dtype).toBe("uint8");
    expect(np.multiply(u, weakFloat(2)).dtype).toBe("float64");
    expect(np.array([weakFloat(1), 2]).dtype).toBe("float64");
    expect(np.arange(weakFloat(3)).dtype).toBe("float64");
  });

  it("accepts tuples, nested NDArrays and scalar types as dtypes", () => {
    expect(np.array(tuple([1, 2])).shape).toEqual([2]);
    expect(np.array([np.float32(1), np.float32(2)]).dtype).toBe("float32");
    expect(np.zeros(2, np.float32).dtype).toBe("float32");
    expect(np.zeros(2, "f4").dtype).toBe("float32");
    expect(np.zeros(2, "float").dtype).toBe("float64");
    expect(np.zeros(2, "int").dtype).toBe("int64");
    expect(np.astype(np.ones(2), np.uint8).dtype).toBe("uint8");
    expect(errType(() => np.zeros(2, "float16"))).toBe("TypeError");
  });

  it("returns tuples where numpy does", () => {
    expect(isTuple(np.nonzero(np.array([0, 1])))).toBe(true);
    expect(isTuple(np.ndarrayAttribute(np.zeros([2, 3]), "shape"))).toBe(true);
    expect(isTuple(np.unique(np.array([1, 1]), false, false, true))).toBe(true);
    expect(isTuple(np.divmod(np.array([7]), 2))).toBe(true);
    expect(Array.isArray(np.split(np.arange(4), 2)) && !isTuple(np.split(np.arange(4), 2))).toBe(true);
  });

  it("implements the Python-half helpers", () => {
    const x = np.array([
      [1, 2],
      [3, 4],
    ]);
    expect(np.len(x)).toBe(2);
    expect(np.iterate(x).map((r) => r.tolist())).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(np.iterate(np.array([5, 6])).map((v) => v.ndim)).toEqual([0, 0]);
    expect(np.truthy(np.array([2]))).toBe(true);
    expect(errType(() => np.truthy(x))).toBe("ValueError");
    expect(np.toNumber(np.array([[2.5]]))).toBe(2.5);
    expect(np.contains(x, 3)).toBe(true);
    expect(np.ndarrayAttribute(x, "dtype")).toBe("int64");
    expect(np.ndarrayAttribute(x, "ndim")).toBe(2);
    expect(errType(() => np.ndarrayAttribute(x, "nope"))).toBe("AttributeError");
    expect(errType(() => np.ndarrayMethod(x, "nope", [], {}))).toBe("AttributeError");
    expect((np.binary("@", x, x) as NDArray).tolist()).toEqual([
      [7, 10],
      [15, 22],
    ]);
    expect((np.unary("~", np.array([true])) as NDArray).tolist()).toEqual([false]);
    expect(JSON.stringify({ x })).toBe('{"x":[[1,2],[3,4]]}');
    expect(String(np.array([1.5, 2]))).toBe("[1.5 2. ]");
    expect(np.repr(np.array([1, 2], "uint8"))).toBe("array([1, 2], dtype=uint8)");
  });

  it("maps methods' keyword arguments like Python", () => {
    const x = np.reshape(np.arange(6, null, null, "float32"), [2, 3]);
    expect((np.ndarrayMethod(x, "sum", [], { axis: 1, keepdims: true }) as NDArray).shape).toEqual([2, 1]);
    expect((np.ndarrayMethod(x, "reshape", [3, -1], {}) as NDArray).shape).toEqual([3, 2]);
    expect((np.ndarrayMethod(x, "reshape", [tuple([1, -1])], {}) as NDArray).shape).toEqual([1, 6]);
    expect((np.ndarrayMethod(x, "transpose", [1, 0], {}) as NDArray).shape).toEqual([3, 2]);
    expect(np.ndarrayMethod(x, "astype", ["float32"], { copy: false })).toBe(x);
    expect(errType(() => np.ndarrayMethod(x, "sum", [], { out: null }))).toBe("TypeError");
  });
});

describe("ONNX Runtime interop", () => {
  it("produces the typed arrays onnxruntime-node expects", () => {
    const x = np.reshape(np.arange(6), [2, 3]);
    const t = np.toTensorData(np.transpose(x), "int64");
    expect(t).toBeInstanceOf(BigInt64Array);
    expect(Array.from(t as BigInt64Array)).toEqual([0n, 3n, 1n, 4n, 2n, 5n]);
    const f = np.toTensorData(np.array([0.1, 1e40]), "float32");
    expect(f).toBeInstanceOf(Float32Array);
    expect(Array.from(f as Float32Array)).toEqual([Math.fround(0.1), Infinity]);
    const b = np.toTensorData(np.array([0, 2, -1]), "bool");
    expect(b).toBeInstanceOf(Uint8Array);
    expect(Array.from(b as Uint8Array)).toEqual([0, 1, 1]);
    expect(np.toTensorData(np.array([1.9, -1.9]), "int32")).toEqual(new Int32Array([1, -1]));
  });

  it("wraps tensor outputs as arrays", () => {
    const a = np.fromTensorData(new BigInt64Array([1n, -2n, 3n, 4n]), [2, 2], "int64");
    expect(a.dtype).toBe("int64");
    expect(a.tolist()).toEqual([
      [1, -2],
      [3, 4],
    ]);
    const data = new Float32Array([1, 2, 3]);
    const f = np.fromTensorData(data, [1, 3], "float32");
    expect(f.data).toBe(data);
    expect(np.fromTensorData(new Uint8Array([1, 0]), [2], "bool").tolist()).toEqual([true, false]);
    expect(errType(() => np.fromTensorData(new Float32Array(2), [3], "float32"))).toBe("ValueError");
  });
});

describe("signature table", () => {
  const helpers = new Set([
    "NDArray",
    "setPromotionRules",
    "getPromotionRules",
    "pi",
    "e",
    "inf",
    "nan",
    "newaxis",
    "euler_gamma",
    "getitem",
    "setitem",
    "isNDArray",
    "iterate",
    "len",
    "truthy",
    "toNumber",
    "contains",
    "repr",
    "str",
    "ndarrayAttribute",
    "bindArgs",
    "ndarrayMethod",
    "binary",
    "unary",
    "inplace",
    "toTensorData",
    "fromTensorData",
    "toDType",
    "canCastSameKind",
  ]);
  const exported = np as unknown as Record<string, unknown>;

  it("lists every exported numpy function, and only those", () => {
    for (const name of Object.keys(exported)) {
      if (helpers.has(name)) continue;
      expect(NP_FUNCTIONS[name], `NP_FUNCTIONS.${name}`).toBeDefined();
    }
    for (const name of Object.keys(NP_FUNCTIONS)) expect(typeof exported[name], `np.${name}`).toBe("function");
  });

  it("never declares fewer parameters than the implementation takes", () => {
    for (const [name, sig] of Object.entries(NP_FUNCTIONS)) {
      if (sig.some((p) => p.startsWith("*"))) continue;
      const fn = exported[name] as (...a: unknown[]) => unknown;
      expect(fn.length, name).toBeLessThanOrEqual(sig.length);
    }
  });

  it("has an implementation for every listed method", () => {
    const x = np.array([
      [3, 1],
      [2, 0],
    ]);
    const args: Record<string, unknown[]> = {
      astype: ["float32"],
      swapaxes: [0, 1],
      fill: [1],
      dot: [x],
      repeat: [2],
      take: [[0]],
      searchsorted: [1],
      item: [0],
      reshape: [4],
      clip: [0, 1],
    };
    for (const name of Object.keys(NDARRAY_METHODS)) {
      const self = name === "searchsorted" ? np.array([1, 2, 3]) : np.copy(x);
      const t = errType(() => np.ndarrayMethod(self, name, args[name] ?? [], {}));
      expect(t, name).toBe("no error");
    }
  });
});
