// The request-path fast paths of the runtime (round of a float, 1-d argsort, a[int] and a[slice], np.array of plain
// numbers as ints, dict.get): each against what CPython/numpy answer (fixtures/fastpath-cases.json, written by
// gen_fastpath_cases.py) and against the general path it short-cuts, on the layouts the general path also takes
// (views, negative strides, 0-d and empty arrays).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PyError, Slice, isTuple, slice, tuple, weakFloat } from "../../src/runtime/core.ts";
import { NDArray, type DType } from "../../src/runtime/ndarray.ts";
import * as glue from "../../src/runtime/glue.ts";
import * as np from "../../src/runtime/np.ts";
import { pyScalarTo } from "../../src/runtime/np-base.ts";
import * as py from "../../src/runtime/py.ts";
import * as pyre from "../../src/runtime/pyre.ts";
import { toJSON } from "../../src/runtime/py-json.ts";
import { PyDict, PySet } from "../../src/runtime/pydict.ts";
import { restoreBunch } from "../../src/runtime/bunch.ts";
import * as pd from "../../src/runtime/pandas/api.ts";
import { METHOD_NOT_FOUND } from "../../src/runtime/pystr.ts";

interface Cases {
  round: [number, number, number][];
  fixed: [number, string, string][];
  argsort: { values: (number | string)[]; dtype: DType; expected: number[] }[];
}
const cases = JSON.parse(readFileSync(new URL("./fixtures/fastpath-cases.json", import.meta.url), "utf8")) as Cases;

const decode = (v: number | string): number => (typeof v === "number" ? v : Number(v));
const list = (a: NDArray): number[] => Array.from(a.values() as ArrayLike<number>);
/** The message of what `f` throws, "none" when it returns. */
const errorMessage = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "none";
};

describe("round(float, ndigits)", () => {
  it("matches CPython on ties, near-ties, signs, zeros and large ndigits", () => {
    expect(cases.round.length).toBeGreaterThan(1000);
    for (const [x, n, want] of cases.round) {
      const got = py.roundFloat(x, n);
      if (!Object.is(got, want)) expect({ x, n, got }).toEqual({ x, n, got: want });
    }
  });

  it("py.round of a Python float takes the same path", () => {
    for (const [x, n, want] of cases.round.slice(0, 300)) expect(Number(py.round(weakFloat(x), n))).toBe(want);
  });
});

describe("format(float, 'f' and '%' specs)", () => {
  it("matches CPython on exact ties (to even), their neighbours, carries, values rounded to zero, large and signed values", () => {
    expect(cases.fixed.length).toBeGreaterThan(3000);
    for (const [x, spec, want] of cases.fixed) {
      const got = py.format(x, spec);
      if (got !== want) expect({ x, spec, got }).toEqual({ x, spec, got: want });
    }
  });

  it("f-strings and str.format take the same path", () => {
    expect(py.fstringValue(0.125, "", ".2f")).toBe("0.12");
    expect(py.fstringValue(0.97651234, "", ".1%")).toBe("97.7%");
    expect(py.strFormat("{:.2f}", [2.675], {})).toBe("2.67");
    expect(py.strFormat("{:.3f}", [weakFloat(1)], {})).toBe("1.000");
  });
});

describe("argsort of a 1-d array", () => {
  it("matches numpy's order (ties in input order, NaN last, -0 equal to 0)", () => {
    for (const c of cases.argsort) {
      const a = np.array(c.values.map(decode), c.dtype);
      expect({ values: c.values, dtype: c.dtype, got: list(np.argsort(a)) }).toEqual({ values: c.values, dtype: c.dtype, got: c.expected });
    }
  });

  it("gives what the lane path gives, for contiguous arrays, strided and reversed views, and beyond one run", () => {
    let s = 7;
    const rand = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s >>> 8;
    };
    for (const n of [0, 1, 2, 15, 16, 17, 40]) {
      for (const dtype of ["float32", "float64", "int64", "int32"] as DType[]) {
        const values = Array.from({ length: 2 * n }, () => {
          const r = rand() % 9;
          return dtype.startsWith("float") && r === 8 ? NaN : r === 7 ? -0 : r % 4;
        });
        const base = np.array(values, dtype);
        const views = [np.getitem(base, slice(0, n, null)), np.getitem(base, slice(null, null, 2)), np.getitem(base, slice(null, null, -3))];
        for (const v of views) {
          const general = np.getitem(np.argsort(np.reshape(v.copy(), [1, v.shape[0]!]), -1), 0);
          const fast = np.argsort(v);
          expect(fast.dtype).toBe("int64");
          expect(fast.shape).toEqual([v.shape[0]]);
          expect(list(fast)).toEqual(list(general));
        }
      }
    }
  });

  it("axis=None and 0-d arrays go through the 1-d path like numpy", () => {
    const m = np.array(
      [
        [3, 1],
        [2, 1],
      ],
      "float64",
    );
    expect(list(np.argsort(m, null))).toEqual([1, 3, 2, 0]);
    expect(list(np.argsort(np.array(5, "float32")))).toEqual([0]);
    expect(list(np.argsort(np.array(["b", "a", "b", "a"], "str")))).toEqual([1, 3, 0, 2]);
  });
});

describe("a[int] and a[slice]", () => {
  const same = (fast: NDArray, general: NDArray) => {
    expect(fast.dtype).toBe(general.dtype);
    expect(fast.shape).toEqual(general.shape);
    expect(fast.strides).toEqual(general.strides);
    expect(fast.offset).toBe(general.offset);
    expect(fast.data === general.data).toBe(true);
    expect(list(fast)).toEqual(list(general));
  };
  const base = np.reshape(np.arange(0, 24, 1, "float32"), [4, 6]);
  const arrays: [string, NDArray][] = [
    ["2-d", base],
    ["1-d", np.getitem(base, 1)],
    ["transposed", np.transpose(base)],
    ["reversed rows", np.getitem(base, slice(null, null, -1))],
    ["strided columns", np.getitem(base, tuple([slice(null, null, null), slice(1, null, 2)]))],
    ["empty", np.getitem(base, slice(2, 2, null))],
  ];

  it("views: the same shape, strides, offset and buffer as the general path (a one-item tuple key)", () => {
    const slices = [slice(null, null, -1), slice(null, 3, null), slice(1, -1, 2), slice(-2, null, null), slice(10, 20, null), slice(null, null, -4), slice(3, 0, -1)];
    for (const [, a] of arrays) {
      for (const s of slices) same(np.getitem(a, s), np.getitem(a, tuple([s])));
      if (a.ndim > 1) for (const i of [0, 2, -1, -3]) if (i < a.shape[0]! && -i <= a.shape[0]!) same(np.getitem(a, i), np.getitem(a, tuple([i])));
    }
    // a view writes through to its base, as numpy's does
    const copy = base.copy();
    np.setitem(np.getitem(copy, slice(null, null, -1)), 0, 99);
    expect(list(np.getitem(copy, 3))).toEqual([99, 99, 99, 99, 99, 99]);
  });

  it("an int on a 1-d array is a 0-d copy, with a numpy integer scalar key too", () => {
    const row = np.getitem(base, slice(null, null, -1));
    const v = np.getitem(np.getitem(row, 0), -2);
    expect(v.shape).toEqual([]);
    expect(v.item()).toBe(22);
    const order = np.argsort(np.array([0.3, 0.1, 0.2], "float32"));
    for (const k of py.iter(order) as Iterable<NDArray>) {
      const got = np.getitem(np.array([10, 20, 30], "int32"), k);
      expect(got.dtype).toBe("int32");
      expect(got.item()).toBe([10, 20, 30][k.item() as number]);
    }
    const one = np.array([7], "float64");
    const x = np.getitem(one, 0);
    (x.data as Float64Array)[0] = 1;
    expect(one.item(0)).toBe(7);
  });

  it("errors are the general path's: out of bounds, a float, a 0-d array, a zero step", () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    };
    const a = np.array([1, 2, 3], "float64");
    for (const key of [3, -4, 1.5, np.array(5, "int64"), slice(null, null, 0), slice(0.5, null, null)]) {
      expect(message(() => np.getitem(a, key))).toBe(message(() => np.getitem(a, tuple([key]))));
      expect(message(() => np.getitem(a, key))).not.toBe("no error");
    }
    expect(message(() => np.getitem(np.array(1, "float64"), 0))).toMatch(/^IndexError: too many indices/);
    // a 0-d bool array is a mask, not an index
    expect(np.getitem(a, np.array(true, "bool")).shape).toEqual([1, 3]);
  });
});

describe("np.array of nested plain numbers", () => {
  const general = (values: unknown[], d: DType) => values.flat(Infinity).map((v) => pyScalarTo(v as number, d));

  it("int64 and int32 as asked, element by element as numpy stores them", () => {
    const rows = [
      [1, 2, 3],
      [-4, 0, 2 ** 40],
    ];
    const a = np.array([rows[0]], "int64");
    expect(a.dtype).toBe("int64");
    expect(a.shape).toEqual([1, 3]);
    const b = np.array(rows, "int64");
    expect(list(b)).toEqual(general(rows, "int64"));
    const c = np.array([[1, -2147483648, 2147483647]], "int32");
    expect(c.dtype).toBe("int32");
    expect(c.data).toBeInstanceOf(Int32Array);
    expect(list(c)).toEqual([1, -2147483648, 2147483647]);
  });

  it("without a dtype: int64 for ints, float64 once a float is among them (-0 and NaN kept as floats)", () => {
    const ints = np.array([[1, 2], [3, -0]]);
    expect(ints.dtype).toBe("int64");
    expect(Object.is(ints.item(3), 0)).toBe(true);
    const mixed = np.array([[1, 2.5], [-0, NaN]]);
    expect(mixed.dtype).toBe("float64");
    expect(list(mixed)).toEqual([1, 2.5, -0, NaN]);
    expect(Object.is(mixed.item(2), -0)).toBe(true);
  });

  it("what it does not take goes the general way: floats or out-of-range ints for an int dtype, bools, ragged lists, empty", () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as PyError).type;
      }
      return "none";
    };
    expect(list(np.array([1.7, -2.2], "int64"))).toEqual([1, -2]);
    expect(err(() => np.array([2 ** 31], "int32"))).toBe("OverflowError");
    expect(err(() => np.array([NaN], "int64"))).toBe("ValueError");
    expect(err(() => np.array([2 ** 64]))).toBe("OverflowError");
    expect(np.array([true, 2]).dtype).toBe("int64");
    expect(err(() => np.array([[1, 2], [3]], "int64"))).toBe("ValueError");
    expect(np.array([], "int64").shape).toEqual([0]);
    expect(np.array([[], []]).dtype).toBe("float64");
  });
});

describe("int(), round() and iteration on numpy scalars", () => {

  it("int() of numpy scalars truncates, refuses NaN, infinity and bigger arrays, gives +0 for -0", () => {
    const f = np.array([2.7, -2.7, -0.0, NaN, Infinity], "float32");
    const [a, b, z, n, inf] = py.iter(f) as NDArray[];
    expect(py.int(a)).toBe(2);
    expect(py.int(b)).toBe(-2);
    expect(Object.is(py.int(z), 0)).toBe(true);
    expect(Object.is(py.int(-0), 0)).toBe(true);
    expect(errorMessage(() => py.int(n))).toBe("ValueError: cannot convert float NaN to integer");
    expect(errorMessage(() => py.int(inf))).toBe("OverflowError: cannot convert float infinity to integer");
    expect(errorMessage(() => py.int(f))).toBe("TypeError: only size-1 arrays can be converted to Python scalars");
    expect(py.int(np.array(true, "bool"))).toBe(1);
    expect(py.int(np.array([[7]], "int64"))).toBe(7);
  });

  it("round(x, n) of a float gives the one-argument-binding answer; ints, bools and arrays keep their own paths", () => {
    expect(py.round(2.675, 2)).toBe(2.67);
    expect(py.round(weakFloat(0.125), 2)).toBe(0.12);
    expect(py.round(-0.00004, 4)).toEqual(weakFloat(-0));
    expect(py.round(weakFloat(2.5), 0)).toEqual(weakFloat(2));
    expect(py.round(1234, -2)).toBe(1200);
    expect(py.round(true, 1)).toBe(1);
    expect(py.round(NaN, 2)).toBeNaN();
    expect(errorMessage(() => py.round(weakFloat(1.5), weakFloat(2)))).toMatch(/^TypeError/);
    // an array rounds as numpy does (scaled, rint, unscaled: 2.675 * 100 is 267.5), not as Python's float.__round__
    expect(list(py.round(np.array([0.125, 2.675], "float64"), 2) as NDArray)).toEqual([0.12, 2.68]);
  });

  it("iterating a 1-d array yields 0-d copies in order, from views with any stride; a 2-d array yields row views", () => {
    const base = np.array([1, 2, 3, 4, 5, 6], "int32");
    const rev = np.getitem(base, slice(null, null, -2));
    const items = [...(py.iter(rev) as Iterable<NDArray>)];
    expect(items.map((x) => [x.dtype, x.shape.length, x.item()])).toEqual([
      ["int32", 0, 6],
      ["int32", 0, 4],
      ["int32", 0, 2],
    ]);
    (items[0]!.data as Int32Array)[0] = 0;
    expect(base.item(5)).toBe(6);
    const rows = [...(py.iter(np.reshape(base, [3, 2])) as Iterable<NDArray>)];
    expect(rows.map((r) => r.shape)).toEqual([[2], [2], [2]]);
    expect(rows[1]!.data === base.data).toBe(true);
    expect([...(py.iter(np.array([], "float32")) as Iterable<unknown>)]).toEqual([]);
    expect(errorMessage(() => py.iter(np.array(1, "float32")))).toBe("TypeError: iteration over a 0-d array");
  });
});

describe("toJSON of a value that already is JSON", () => {
  it("gives it back as it is; anything to convert anywhere in it makes the whole a converted copy", () => {
    const answer = { digit: 3, top3: [{ digit: 3, probability: 0.9871 }, { digit: 8, probability: -0 }], note: null, ok: true };
    expect(toJSON(answer)).toBe(answer);
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { label: "cat", score: 0.5 });
    expect(toJSON(nullProto)).toBe(nullProto);
    const nested = { a: { b: [1, 2, { c: "d" }] } };
    expect(toJSON(nested)).toBe(nested);

    const withNaN = { p: [0.5, NaN], q: { r: Infinity } };
    expect(toJSON(withNaN)).toEqual({ p: [0.5, null], q: { r: null } });
    expect(toJSON(withNaN)).not.toBe(withNaN);
    const withTuple = { shape: tuple([1, 2]) };
    const t = toJSON(withTuple) as { shape: unknown[] };
    expect(t.shape).toEqual([1, 2]);
    expect(t.shape).not.toBe(withTuple.shape);
    expect(toJSON({ a: undefined, b: weakFloat(2), c: new PyDict([[1, "x"]]) })).toEqual({ a: null, b: 2, c: { 1: "x" } });
    expect(toJSON([np.array([1.5, 2], "float32"), 3])).toEqual([[1.5, 2], 3]);
  });

  it("a '__proto__' key and a deep nesting keep their meaning", () => {
    const o = JSON.parse('{"__proto__": {"x": 1}, "y": [2]}') as Record<string, unknown>;
    const j = toJSON(o) as Record<string, unknown>;
    expect(JSON.stringify(j)).toBe('{"__proto__":{"x":1},"y":[2]}');
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(JSON.stringify(toJSON(deep))).toBe(JSON.stringify(deep));
  });
});

describe("answers built as object literals (glue.toJS, toJSON's conversion)", () => {
  // json.dumps({"b": 1, "__proto__": {"x": 1}, "2": [1.5, 2], True: None, 1.5: "f"}) in CPython, with the integer-like
  // key first as every JavaScript object orders it (the service's JSON is JSON.stringify's)
  const dict = () =>
    new PyDict([
      ["b", 1],
      ["__proto__", new PyDict([["x", 1]])],
      ["2", tuple([weakFloat(1.5), 2])],
      [true, null],
      [1.5, "f"],
    ]);

  it("glue.toJS keeps a '__proto__' key as an own data property, the prototype untouched, the text and order exact", () => {
    const o = glue.toJS(dict()) as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(o, "__proto__")).toBe(true);
    expect(Object.keys(o)).toEqual(["2", "b", "__proto__", "true", "1.5"]);
    expect(JSON.stringify(o)).toBe('{"2":[1.5,2],"b":1,"__proto__":{"x":1},"true":null,"1.5":"f"}');
    // the same text through the service's boundary, which gives this answer back as it is (it is JSON already)
    expect(toJSON(o)).toBe(o);
    expect(JSON.stringify(toJSON(o))).toBe(JSON.stringify(o));
    // keys json.dumps spells alike: the last value is kept at the first one's place, as a dict written as JSON is read
    expect(JSON.stringify(glue.toJS(new PyDict([[1, "a"], ["z", 0], ["1", "b"]])))).toBe('{"1":"b","z":0}');
  });

  it("glue.toJS gives every kind of value its plain form, whatever order it tests them in", () => {
    const arr = np.array([1.5, 2], "float32");
    const v = glue.toJS([
      null,
      undefined,
      3,
      NaN,
      "s",
      true,
      weakFloat(2),
      arr,
      tuple([1, tuple([weakFloat(1)])]),
      new py.PySet(["a"]),
      py.range(2),
      new PyDict([[null, new PyDict([[false, [weakFloat(0.5)]]])], [NaN, 1], [-Infinity, 2], [weakFloat(3), 3], [np.array(4, "int64"), 4]]),
    ]) as unknown[];
    expect(v.slice(0, 7)).toEqual([null, null, 3, NaN, "s", true, 2]);
    expect(v[7]).toBe(arr);
    expect(v[8]).toEqual([1, [1]]);
    expect(isTuple(v[8])).toBe(false);
    expect(v.slice(9, 11)).toEqual([["a"], [0, 1]]);
    // keys as json.dumps writes None, False, nan, -inf and 3.0 (a numpy scalar key by the value it holds)
    expect(JSON.stringify(v[11])).toBe('{"4":4,"null":{"false":[0.5]},"NaN":1,"-Infinity":2,"3.0":3}');
  });

  it("toJSON's conversion keeps a '__proto__' key as data when something in the object needs converting", () => {
    const o = JSON.parse('{"a": 1, "__proto__": {"x": 1}, "n": 0}') as Record<string, unknown>;
    o.n = NaN;
    const j = toJSON(o) as Record<string, unknown>;
    expect(j).not.toBe(o);
    expect(Object.getPrototypeOf(j)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(j, "__proto__")).toBe(true);
    expect(JSON.stringify(j)).toBe('{"a":1,"__proto__":{"x":1},"n":null}');
  });

  it("an enumerable property put on Object.prototype neither hides an own value to convert nor enters the answer", () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = NaN;
    try {
      const ok = { a: 1, b: [2] };
      const okJSON = toJSON(ok) as Record<string, unknown>;
      expect(JSON.stringify(okJSON)).toBe('{"a":1,"b":[2]}');
      expect(Object.keys(okJSON)).toEqual(["a", "b"]);
      const bad = { a: Infinity };
      expect(JSON.stringify(toJSON(bad))).toBe('{"a":null}');
      expect((toJSON(bad) as Record<string, unknown>).a).toBeNull();
    } finally {
      delete proto.polluted;
    }
  });
});

describe("re.findall without groups from the start", () => {
  // CPython 3.11's answers; the empty matches are where String#match and Python's scanner step differently
  const CPYTHON: [string, string, string[]][] = [
    ["[a-z0-9']+", "what a wonderful film!!! i loved it.", ["what", "a", "wonderful", "film", "i", "loved", "it"]],
    ["a*", "baaac", ["", "aaa", "", ""]],
    ["\\b", "ab cd", ["", "", "", ""]],
    ["x*", "xaxx", ["x", "", "xx", ""]],
    ["(?<=a)b*", "abab", ["b", "b"]],
    ["\\w+", "naïve café 𝔘nicode", ["naïve", "café", "𝔘nicode"]],
    [".", "a😀b", ["a", "😀", "b"]],
    ["", "abc", ["", "", "", ""]],
    ["\\d+|", "a12b", ["", "12", "", ""]],
    ["z", "abc", []],
  ];

  it("matches CPython, empty matches included, and the compiled pattern's scan with a start position", () => {
    for (const [pattern, text, want] of CPYTHON) {
      expect([pattern, text, pyre.findall(pattern, text)]).toEqual([pattern, text, want]);
      // pos=0 given explicitly still starts at 0; pos=1 takes the scanner, which must agree with Python's slice rule
      expect(pyre.compile(pattern).findall(text, 0)).toEqual(want);
    }
    expect(pyre.compile("[a-z]+").findall("ab cd", 1)).toEqual(["b", "cd"]);
    expect(pyre.findall("[a-z]+", "ab cd", pyre.IGNORECASE)).toEqual(["ab", "cd"]);
    expect(pyre.findall("[a-z]+", "AB cd")).toEqual(["cd"]);
  });

  it("two arguments take the short call only when they are a pattern string and a text: the rest bind as before", () => {
    expect(errorMessage(() => pyre.findall("a", 5))).toBe("TypeError: expected string or bytes-like object, got 'int'");
    expect(errorMessage(() => pyre.findall("a", null))).toBe("TypeError: expected string or bytes-like object, got 'NoneType'");
    expect(errorMessage(() => pyre.findall(5, "a"))).toBe("TypeError: first argument must be string or compiled pattern");
    expect(errorMessage(() => pyre.findall("(", "a"))).toMatch(/^re\.error: missing \), unterminated subpattern at position 0/);
    expect(pyre.findall(pyre.compile("[a-z]+"), "ab cd")).toEqual(["ab", "cd"]);
    expect(pyre.findall("[a-z]+", py.kw({ string: "ab cd" }))).toEqual(["ab", "cd"]);
    expect(pyre.findall("([a-z])([a-z])", "ab cd")).toEqual([tuple(["a", "b"]), tuple(["c", "d"])]);
    expect(pyre.findall("[a-z]+", "ab cd", 0)).toEqual(["ab", "cd"]);
  });
});

describe("re.sub and re.split without match objects", () => {
  // CPython 3.11's answers: templates with group references (unmatched ones empty), escapes, empty matches beside
  // non-empty ones, counts, astral characters
  const SUB: [string, string, string, number, string, number][] = [
    ["x*", "-", "abxd", 0, "-a-b--d-", 5],
    ["[^a-z0-9 ]", "", "what a WONDERFUL film!!! i loved it.", 0, "what a  film i loved it", 13],
    ["\\s+", " ", "  a\tb \n c  ", 0, " a b c ", 4],
    ["(a)|b", "[\\1]", "abcab", 0, "[a][]c[a][]", 4],
    ["(?P<w>\\w)(\\d)?", "<\\g<w>\\2\\g<0>>", "a1 b", 0, "<a1a1> <bb>", 2],
    ["a", "\\n", "bab", 0, "b\nb", 1],
    ["", "-", "a😀b", 0, "-a-😀-b-", 4],
    ["(?<=a)b*", "X", "abab", 1, "aXab", 1],
    ["o", "0", "foo boo", 2, "f00 boo", 2],
    ["o", "0", "foo", -1, "foo", 0],
    ["😀", "e", "a😀b😀", 0, "aebe", 2],
    ["\\d+|", "#", "a12b", 0, "#a##b#", 4],
  ];
  const SPLIT: [string, string, number, (string | null)[]][] = [
    ["\\s+", "a b  c", 0, ["a", "b", "c"]],
    ["(,)", "a,b,,c", 0, ["a", ",", "b", ",", "", ",", "c"]],
    ["(,)|(;)", "a,b;c", 0, ["a", ",", null, "b", null, ";", "c"]],
    ["x*", "axbc", 0, ["", "a", "", "b", "c", ""]],
    ["\\b", "ab cd", 0, ["", "ab", " ", "cd", ""]],
    [",", "a,b,c", 1, ["a", "b,c"]],
    ["", "a😀b", 0, ["", "a", "😀", "b", ""]],
    ["(?P<x>-)?\\s", "a b- c", 0, ["a", null, "b", "-", "c"]],
  ];

  it("re.sub with a template string and re.subn match CPython", () => {
    for (const [pattern, repl, text, count, want, n] of SUB) {
      expect([pattern, repl, text, pyre.sub(pattern, repl, text, count)]).toEqual([pattern, repl, text, want]);
      const subn = pyre.subn(pattern, repl, text, count);
      expect(py.repr(subn)).toBe(py.repr(tuple([want, n])));
    }
  });

  it("a function as repl still gets Match objects, with spans in code points", () => {
    const spans: string[] = [];
    const out = pyre.sub("[a-z]+", (m: pyre.Match) => {
      spans.push(py.repr(py.callMethod(m, "span", [])));
      return String(py.callMethod(m, "group", [])).toUpperCase();
    }, "😀ab c");
    expect(out).toBe("😀AB C");
    expect(spans).toEqual(["(1, 3)", "(4, 5)"]);
    // (CPython says "sequence item 0: expected str instance, int found": the wording is older than this change)
    expect(errorMessage(() => pyre.sub("a", (_m: unknown) => 1, "a"))).toMatch(/^TypeError: .*expected str instance, int found$/);
  });

  it("errors come in CPython's order: the template, then the text, then the count", () => {
    expect(errorMessage(() => pyre.sub("a", "\\q", 5))).toBe("re.error: bad escape \\q at position 0");
    expect(errorMessage(() => pyre.sub("a", "\\2", "a"))).toBe("re.error: invalid group reference 2 at position 1");
    expect(errorMessage(() => pyre.sub("a", "b", 5))).toBe("TypeError: expected string or bytes-like object, got 'int'");
    // (CPython: "decoding to str: need a bytes-like object, int found", as it tries bytes; a TypeError either way)
    expect(errorMessage(() => pyre.sub("a", 5, "a"))).toMatch(/^TypeError: /);
    expect(errorMessage(() => pyre.sub("a", "b", "a", weakFloat(1)))).toMatch(/^TypeError: 'float' object cannot be interpreted as an integer/);
    expect(errorMessage(() => pyre.split("a", null))).toBe("TypeError: expected string or bytes-like object, got 'NoneType'");
  });

  it("re.split matches CPython: groups (None when they did not take part), empty matches, maxsplit", () => {
    for (const [pattern, text, maxsplit, want] of SPLIT) {
      expect([pattern, text, pyre.split(pattern, text, maxsplit)]).toEqual([pattern, text, want]);
    }
  });
});

describe("list + list, list * int, list slicing and a method called without arguments", () => {

  it("+ and * make new lists (tuples from tuples), with CPython's errors for mixed kinds and non-int counts", () => {
    const a = [1, "x"];
    const b = [null, [2]];
    const sum = py.add(a, b) as unknown[];
    expect(sum).toEqual([1, "x", null, [2]]);
    expect(sum).not.toBe(a);
    expect(a).toEqual([1, "x"]);
    expect(sum[3]).toBe(b[1]);
    expect(py.repr(py.add(tuple([1]), tuple([2, 3])))).toBe("(1, 2, 3)");
    expect(py.repr(py.add([], []))).toBe("[]");
    expect(errorMessage(() => py.add([1], tuple([2])))).toBe('TypeError: can only concatenate list (not "tuple") to list');
    expect(errorMessage(() => py.add(tuple([1]), [2]))).toBe('TypeError: can only concatenate tuple (not "list") to tuple');
    expect(errorMessage(() => py.add([1], 2))).toBe('TypeError: can only concatenate list (not "int") to list');

    expect(py.mul([0, 1], 3)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(py.mul([0], -2)).toEqual([]);
    expect(py.mul([0], 0)).toEqual([]);
    expect(py.mul([7], true)).toEqual([7]);
    expect(py.mul(2, ["a"])).toEqual(["a", "a"]);
    expect(py.repr(py.mul(tuple([1, 2]), 2))).toBe("(1, 2, 1, 2)");
    const inner = [1];
    const rep = py.mul([inner], 2) as unknown[];
    expect(rep[0]).toBe(inner);
    expect(rep[1]).toBe(inner);
    expect(errorMessage(() => py.mul([0], 2.5))).toBe("TypeError: can't multiply sequence by non-int of type 'float'");
    expect(errorMessage(() => py.mul([0], weakFloat(2)))).toBe("TypeError: can't multiply sequence by non-int of type 'float'");
    expect(errorMessage(() => py.mul([0], NaN))).toBe("TypeError: can't multiply sequence by non-int of type 'float'");
    // a numpy scalar count is numpy's business, as it was: the list becomes an array
    expect(np.isNDArray(py.mul([1, 2], np.array(2, "int64")))).toBe(true);
  });

  it("a slice's indices and length are Slice.indices' and sliceLength's, bounds checked first, then the step", () => {
    const bounds = [null, -12, -5, -1, 0, 1, 3, 5, 12];
    for (const length of [0, 1, 5, 9]) {
      for (const start of bounds) {
        for (const stop of bounds) {
          for (const step of [null, -3, -1, 1, 2, 7]) {
            const s = slice(start, stop, step);
            const got = py.sliceIndices(s, length);
            expect([start, stop, step, length, got]).toEqual([start, stop, step, length, [...s.indices(length), s.sliceLength(length)]]);
          }
        }
      }
    }
    expect(errorMessage(() => py.sliceIndices(slice(0, 1, 0), 3))).toBe("ValueError: slice step cannot be zero");
    expect(errorMessage(() => py.sliceIndices(new Slice(0.5 as unknown as number, null, 0), 3))).toBe(
      "TypeError: slice indices must be integers or None or have an __index__ method",
    );
    expect(py.getitem([1, 2, 3, 4], slice(null, 24, null))).toEqual([1, 2, 3, 4]);
    expect(py.getitem([1, 2, 3, 4], slice(-2, null, null))).toEqual([3, 4]);
    expect(py.getitem([1, 2, 3, 4], slice(null, null, -2))).toEqual([4, 2]);
    expect(py.repr(py.getitem(tuple([1, 2, 3]), slice(1, null, null)))).toBe("(2, 3)");
    expect(py.getitem([1, 2], glue.slice(true, null, null))).toEqual([2]);
  });

  // (CPython names the type too, "str.lower() takes no arguments", and says "takes no keyword arguments": the binding's
  // wording is older than this short cut, which must only leave it as it is)
  it("positional calls bind as the general binding does (an empty keywords object takes it): values and errors", () => {
    const calls: [unknown, string, unknown[]][] = [
      ["banana", "replace", ["an", "AN"]],
      ["banana", "replace", ["an", "AN", 1]],
      ["banana", "replace", ["an"]],
      ["banana", "replace", [undefined, "x"]],
      ["banana", "replace", ["a", "b", 1, 2]],
      ["  a b  ", "strip", []],
      ["xxaxx", "strip", ["x"]],
      ["a,b,,c", "split", [","]],
      ["a b c", "split", [null, 1]],
      ["-", "join", [["a", "b"]]],
      ["-", "join", [[1]]],
      ["-", "join", []],
      ["abc", "center", [7, "*"]],
      ["abc", "startswith", ["ab", 0, 2]],
      [[3, 1, 2], "index", [1]],
      [[3, 1, 2], "index", [1, 0, 1]],
      [new PyDict([["a", 1]]), "pop", ["b", 0]],
    ];
    for (const [obj, name, args] of calls) {
      const general = errorMessage(() => py.repr(py.callMethod(obj, name, [...args], {})));
      expect([name, args, errorMessage(() => py.repr(py.callMethod(obj, name, [...args])))]).toEqual([name, args, general]);
    }
    expect(py.round(weakFloat(2.5))).toBe(2);
    expect(py.round(2.675, 2)).toBe(2.67);
    expect(py.int("ff", 16)).toBe(255);
    expect(errorMessage(() => py.int("ff", 16, 1))).toBe(errorMessage(() => py.int("ff", 16, 1, py.kw({}))));
  });

  it("str.replace writes '$' in the replacement as it is (CPython's answers)", () => {
    expect(py.callMethod("a$b a", "replace", ["a", "$&"])).toBe("$&$b $&");
    expect(py.callMethod("aXa", "replace", ["a", "$$"])).toBe("$$X$$");
    expect(py.callMethod("aXa", "replace", ["a", "$1$`"])).toBe("$1$`X$1$`");
    expect(py.callMethod("banana", "replace", ["an", "AN", 1])).toBe("bANana");
    expect(py.callMethod("abc", "replace", ["", "-"])).toBe("-a-b-c-");
    expect(py.callMethod("abc", "replace", ["z", "y"])).toBe("abc");
  });

  it("a method of no parameters still refuses arguments and keywords, with the binding's errors", () => {
    expect(py.callMethod("ÀB Σ", "lower", [])).toBe("àb σ");
    expect(py.callMethod("İ", "lower", [])).toBe("i\u0307");
    expect(py.callMethod("ab", "upper", [], {})).toBe("AB");
    expect(errorMessage(() => py.callMethod("ab", "lower", [1]))).toBe("TypeError: lower() takes no arguments (1 given)");
    expect(errorMessage(() => py.callMethod("ab", "lower", [], { x: 1 }))).toBe("TypeError: 'x' is an invalid keyword argument for lower()");
  });
});

describe("dict.get called positionally", () => {
  it("answers what the general binding answers: keys equal in Python (1, 1.0, True), missing keys, defaults", () => {
    const d = new PyDict([["the", 4], [1, "one"], [weakFloat(2.5), "two and a half"], [tuple([1, 2]), "pair"], [null, "none"]]);
    const keys: unknown[] = ["the", "a", 1, weakFloat(1), true, 2.5, weakFloat(2.5), tuple([1, 2]), null, 0, false, ""];
    for (const k of keys) {
      for (const args of [[k], [k, 0], [k, null], [k, "dflt"]]) {
        // an empty kwargs object takes the general path (bindArgs)
        const general = py.callMethod(d, "get", [...args], {});
        expect(py.callMethod(d, "get", [...args])).toEqual(general);
      }
    }
    expect(py.callMethod(d, "get", ["a"])).toBe(null);
    expect(py.callMethod(d, "get", [true])).toBe("one");
  });

  it("leaves other calls to the general path: CPython's errors for 0 or 3 arguments, an unhashable key, keywords", () => {
    const d = new PyDict([["a", 1]]);
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return String((e as Error).message);
      }
      return "no error";
    };
    expect(message(() => py.callMethod(d, "get", []))).toBe(message(() => py.callMethod(d, "get", [], {})));
    expect(message(() => py.callMethod(d, "get", []))).toMatch(/get/);
    expect(message(() => py.callMethod(d, "get", ["a", 1, 2]))).toBe(message(() => py.callMethod(d, "get", ["a", 1, 2], {})));
    expect(message(() => py.callMethod(d, "get", [new PyDict()]))).toMatch(/unhashable type: 'dict'/);
    expect(message(() => py.callMethod(d, "get", [[1, 2]]))).toMatch(/unhashable type: .list./);
    expect(message(() => py.callMethod(d, "get", ["a"], { default: 2 }))).toMatch(/takes no keyword arguments|keyword/);
  });
});

describe("zip's and enumerate's items for a loop target that unpacks them (zipItems, enumeratePairs)", () => {
  it("are zip's and enumerate's items, with their errors, as plain arrays rather than tuples", () => {
    const a = [1, 2, 3];
    const b = ["x", "y"];
    const zipped = py.zip(a, b) as unknown[][];
    const items = py.zipItems(a, b) as unknown[][];
    expect(items).toEqual(zipped.map((t) => [...t]));
    expect(zipped.every(isTuple)).toBe(true);
    expect(items.some(isTuple)).toBe(false);
    const counted = py.enumerate(b, py.kw({ start: 5 })) as unknown[][];
    const pairs = py.enumeratePairs(b, py.kw({ start: 5 })) as unknown[][];
    expect(pairs).toEqual([[5, "x"], [6, "y"]]);
    expect(pairs).toEqual(counted.map((t) => [...t]));
    expect(counted.every(isTuple)).toBe(true);
    expect(pairs.some(isTuple)).toBe(false);
    expect(py.zipItems(np.array([1, 2], "int64"), "ab")).toHaveLength(2);
    expect(py.zipItems()).toEqual([]);
    for (const [variant, original] of [
      [() => py.zipItems(a, b, py.kw({ strict: true })), () => py.zip(a, b, py.kw({ strict: true }))],
      [() => py.zipItems(a, 5), () => py.zip(a, 5)],
      [() => py.enumeratePairs(5), () => py.enumerate(5)],
      [() => py.enumeratePairs(b, 1.5), () => py.enumerate(b, 1.5)],
    ] as const) {
      expect(errorMessage(variant)).not.toBe("none");
      expect(errorMessage(variant)).toBe(errorMessage(original));
    }
  });
});

describe("obj.items()'s items for a loop target that unpacks them (itemPairs)", () => {
  const methodItems = (x: unknown) => py.callMethod(x, "items", []);
  /** Each item of a loop `for k, v in x.items()` as the translated loop unpacks it, or the message of its error. */
  const unpacked = (items: () => unknown, count = 2): unknown => {
    try {
      return Array.from(py.iter(items()), (item) => glue.unpack(item, count));
    } catch (e) {
      return (e as Error).message;
    }
  };

  it("are a dict's (and a Bunch's) items() as plain arrays, with its stored keys and in its order", () => {
    const d = new PyDict([["a", 1], [1, "one"], [true, "replaced"], [weakFloat(2.5), null], [tuple([1, "x"]), [2]], [null, 0.5]]);
    const bunch = restoreBunch(new PyDict([["target_names", ["setosa"]], ["DESCR", "iris"]]));
    for (const x of [d, bunch, new PyDict(), py.fromJS({ cat: 0.25, dog: 0.75 })]) {
      const original = methodItems(x) as unknown[][];
      const pairs = py.itemPairs(x) as unknown[][];
      expect(original.every(isTuple)).toBe(true);
      expect(pairs.some(isTuple)).toBe(false);
      expect(pairs).toHaveLength(original.length);
      pairs.forEach((p, i) => {
        expect(p).toHaveLength(2);
        expect(p[0]).toBe(original[i]![0]);
        expect(p[1]).toBe(original[i]![1]);
      });
      for (const count of [2, 1, 3]) expect(unpacked(() => py.itemPairs(x), count)).toEqual(unpacked(() => methodItems(x), count));
    }
    // the key first inserted is the one kept (1, not True), and a key that is a tuple stays one
    expect((py.itemPairs(d) as unknown[][]).map((p) => p[0])).toEqual(["a", 1, weakFloat(2.5), tuple([1, "x"]), null]);
    expect(isTuple((py.itemPairs(d) as unknown[][])[3]![0])).toBe(true);
    expect(unpacked(() => py.itemPairs(d), 3)).toBe("ValueError: not enough values to unpack (expected 3, got 2)");
  });

  // (CPython raises RuntimeError when the dict changes size during the loop; the runtime's dict.items() is a list taken
  // at once, py.ts says so, and itemPairs keeps what it does)
  it("are taken at once, as dict.items()'s are: a loop that adds or changes keys sees the dict as it was", () => {
    const run = (items: (d: PyDict) => unknown): unknown[] => {
      const d = new PyDict([["a", 1], ["b", 2]]);
      const seen: unknown[] = [];
      for (const item of py.iter(items(d))) {
        const [k, v] = glue.unpack(item, 2);
        seen.push([k, v]);
        d.set("b", 20);
        d.set("c", 3);
        d.delete("a");
      }
      return [seen, [...d.entries()]];
    };
    expect(run(py.itemPairs)).toEqual(run(methodItems));
    expect(run(py.itemPairs)[0]).toEqual([["a", 1], ["b", 2]]);
  });

  it("are anything else's items() as the method call gives them, with its errors", () => {
    const series = pd.Series([0.5, 0.25], ["x", "y"]);
    const triples = { pyMethod: (name: string) => (name === "items" ? [tuple([1, 2, 3])] : METHOD_NOT_FOUND) };
    const notIterable = { pyMethod: (name: string) => (name === "items" ? 5 : METHOD_NOT_FOUND) };
    for (const x of [series, triples, notIterable]) {
      expect(py.itemPairs(x)).toEqual(methodItems(x));
      expect(unpacked(() => py.itemPairs(x))).toEqual(unpacked(() => methodItems(x)));
    }
    expect(unpacked(() => py.itemPairs(series))).toEqual([["x", 0.5], ["y", 0.25]]);
    expect(unpacked(() => py.itemPairs(triples))).toBe("ValueError: too many values to unpack (expected 2)");
    expect(unpacked(() => py.itemPairs(notIterable))).toBe("TypeError: 'int' object is not iterable");
    for (const x of [[1, 2], tuple([1, 2]), "ab", 3, null, new PySet([1]), np.array([1, 2], "int64"), { pyMethod: () => METHOD_NOT_FOUND }]) {
      expect(errorMessage(() => py.itemPairs(x))).toMatch(/^AttributeError: '[\w.]+' object has no attribute 'items'$/);
      expect(errorMessage(() => py.itemPairs(x))).toBe(errorMessage(() => methodItems(x)));
    }
  });
});
