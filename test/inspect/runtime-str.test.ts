// The runtime's string dtype against numpy 1.24 (fixtures/str_cases.json, from gen_str_cases.py): creation from
// lists, indexing, masks, comparisons by code point, astype to and from str, concatenation, where/full/zeros,
// printing, and numpy's errors for arithmetic on strings. The numeric paths are the runtime's own tests' business.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PyError, slice, tuple, WeakFloat } from "../../src/runtime/core.ts";
import { NDArray } from "../../src/runtime/ndarray.ts";
import * as np from "../../src/runtime/np.ts";
import { FIXTURES } from "./services.ts";

interface Expected {
  readonly kind?: string;
  readonly shape?: number[];
  readonly tolist?: unknown;
  readonly str?: string | null;
  readonly repr?: string | null;
  readonly error?: string;
  readonly message?: string;
}

const EXPECTED = JSON.parse(readFileSync(path.join(FIXTURES, "str_cases.json"), "utf8")) as Record<string, Expected>;

const a = () => np.array([["Austin", "Boston"], ["Paris", "é🙂"]]);

const CASES: Record<string, () => unknown> = {
  "from a list": () => np.array(["a", "bb", ""]),
  "from nested lists": a,
  "mixed with numbers": () => np.array(["a", 1, 2.5, true]),
  "dtype=str from numbers": () => np.array([1, 2], "str"),
  "index a row": () => np.getitem(a(), 1),
  "index an element": () => np.getitem(a(), tupleOf(1, 1)),
  "slice a column": () => np.getitem(a(), tupleOf(slice(), 0)),
  "reversed": () => np.getitem(a(), tupleOf(slice(null, null, -1), slice(null, null, -1))),
  "fancy index": () => np.getitem(a(), [1, 0, 1]),
  "boolean mask": () => np.getitem(a(), np.not_equal(a(), "Boston")),
  "equal to a str": () => np.equal(a(), "Paris"),
  "not equal elementwise": () => np.not_equal(np.array(["a", "b", "é"]), np.array(["a", "c", "é"])),
  "less by code point": () => np.less(np.array(["a", "é", "🙂", "Z", "ab", ""]), "b"),
  "greater_equal arrays": () => np.greater_equal(np.array(["b", "a", "ba"]), np.array(["a", "a", "b"])),
  "astype(str) of ints": () => np.astype(np.array([1, -20, 300]), "str"),
  "astype(str) of floats": () => np.astype(np.array([1.5, 2.0, 1e20, 1e-5, -0.0].map((v) => new WeakFloat(v))), "str"),
  "astype(str) of float32": () => np.astype(np.array([0.1, 3.25], "float32"), "str"),
  "astype(str) of bools": () => np.astype(np.array([true, false]), "str"),
  "astype(float) of str": () => np.astype(np.array(["1.5", " 2 ", "1e3", "-inf", "1_000"]), "float64"),
  "astype(float32) of str": () => np.astype(np.array(["0.1"]), "float32"),
  "astype(int) of str": () => np.astype(np.array(["12", "-3", " 7 "]), "int64"),
  "astype(bool) of str": () => np.astype(np.array(["", "False", "x"]), "bool"),
  "astype(float) of a word": () => np.astype(np.array(["1", "abc"]), "float64"),
  "astype(int) of a fraction": () => np.astype(np.array(["1.5"]), "int64"),
  "concatenate": () => np.concatenate([np.array(["a"]), np.array(["bb", "c"])]),
  "concatenate rows": () => np.concatenate([a(), np.array([["x", "y"]])], 0),
  "stack": () => np.stack([np.array(["a", "b"]), np.array(["c", "d"])]),
  "reshape": () => np.reshape(a(), -1),
  "transpose": () => np.transpose(a()),
  "where": () => np.where(np.greater(np.array([0.2, 0.9]), 0.5), "yes", "no"),
  "full": () => np.full([2, 2], "x"),
  "zeros": () => np.zeros(3, "str"),
  "tolist of 0-d": () => np.array("x"),
  "sort by code point": () => np.sort(np.array(["b", "a", "é", "Z", "a", "🙂", "ab"])),
  "argsort (stable)": () => np.argsort(np.array(["b", "a", "é", "Z", "a", "🙂", "ab"])),
  "unique": () => np.unique(np.array(["b", "a", "é", "Z", "a", "🙂", "ab"])),
  "unique counts": () => (np.unique(np.array(["b", "a", "b", ""]), false, false, true) as NDArray[])[1],
  "argmax": () => np.argmax(np.array(["b", "a", "é", "Z"])),
  "max of str": () => np.max(np.array(["a", "b"])),
  "add two str arrays": () => np.add(np.array(["a"]), np.array(["b"])),
  "exp of str": () => np.exp(np.array(["1"])),
  "sum of str": () => np.sum(np.array(["a", "b"])),
};

/**
 * numpy keeps the width an array was declared with (astype(str) of int64 is <U21, of float64 <U32, a list mixing
 * numbers <U32, a row keeps its array's width); the runtime's strings have no width, and its repr shows the longest
 * element's. Values, shapes and str() agree; only these reprs' dtype widths differ.
 */
const DECLARED_WIDTH = new Set(["index a row", "mixed with numbers", "astype(str) of ints", "astype(str) of floats", "astype(str) of float32", "astype(str) of bools"]);

/** As gen_str_cases.py writes them: non-finite floats as "inf", "-inf", "nan". */
function clean(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(clean);
  if (typeof x === "number" && !Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  return x;
}

const tupleOf = (...xs: unknown[]): unknown => tuple(xs);

describe("string arrays, as numpy 1.24 makes them", () => {
  it("every recorded case has a runtime counterpart", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, run] of Object.entries(CASES)) {
    it(name, () => {
      const e = EXPECTED[name]!;
      if (e.error) {
        let thrown: unknown;
        try {
          run();
        } catch (x) {
          thrown = x;
        }
        expect(thrown).toBeInstanceOf(PyError);
        expect((thrown as PyError).type).toBe(e.error);
        expect((thrown as PyError).message).toContain(e.message!.slice(0, 40));
        return;
      }
      const r = run() as NDArray;
      expect(r).toBeInstanceOf(NDArray);
      expect(r.dtype === "str" ? "U" : r.dtype === "bool" ? "b" : r.dtype.startsWith("float") ? "f" : "i").toBe(e.kind);
      expect([...r.shape]).toEqual(e.shape);
      expect(clean(r.tolist())).toEqual(e.tolist);
      if (e.str) expect(np.str(r)).toBe(e.str);
      if (e.repr && !DECLARED_WIDTH.has(name)) expect(np.repr(r)).toBe(e.repr);
    });
  }
});

describe("string arrays in translated code", () => {
  it("`astype(str)` and `dtype=str` name the string dtype through Python's str", async () => {
    const { translatePython } = await import("../helpers/translated.ts");
    const { fns } = await translatePython(
      [
        "import numpy as np",
        "",
        "def columns(age, city):",
        "    c = np.array([[city]]).astype(str)",
        "    n = np.array([[age]], dtype=str)",
        "    return {'city': c, 'age': n, 'same': bool((c == n)[0, 0]), 'is_paris': bool(c[0, 0] == 'Paris')}",
      ].join("\n"),
    );
    const out = fns.columns!(31, "Paris") as Record<string, NDArray | boolean>;
    expect((out.city as NDArray).dtype).toBe("str");
    expect((out.city as NDArray).tolist()).toEqual([["Paris"]]);
    expect((out.age as NDArray).tolist()).toEqual([["31"]]);
    expect(out.same).toBe(false);
    expect(out.is_paris).toBe(true);
  });
});
