// `a.dtype == np.float32` and the other spellings of a dtype: the runtime holds a dtype as its name, and compares it
// with scalar types, aliases and np.dtype() results as numpy 1.24 does (fixtures/dtype_eq.json, written by
// gen_dtype_eq_cases.py).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as np from "../../src/runtime/np.ts";
import * as py from "../../src/runtime/py.ts";

type Spec = { type: string } | { str: string } | { dtype: string };
interface Case {
  readonly left: string;
  readonly right: Spec;
  readonly eq: boolean;
  readonly ne: boolean;
  readonly reflected?: boolean;
}
const fixture = JSON.parse(readFileSync(path.join(__dirname, "fixtures", "dtype_eq.json"), "utf8")) as { numpy: string; cases: Case[] };

function value(spec: Spec): unknown {
  if ("type" in spec) return (np as unknown as Record<string, unknown>)[spec.type];
  if ("str" in spec) return spec.str;
  return np.dtype(spec.dtype);
}

describe("dtype equality", () => {
  it("matches numpy 1.24 for every dtype and spelling of the fixture", () => {
    expect(fixture.numpy).toBe("1.24.2");
    expect(fixture.cases.length).toBeGreaterThan(400);
    for (const c of fixture.cases) {
      const d = py.getattr(np.zeros([2], c.left === "bool" ? "bool" : c.left), "dtype");
      const other = value(c.right);
      const [a, b] = c.reflected ? [other, d] : [d, other];
      const label = `${c.reflected ? "reflected " : ""}${c.left} vs ${JSON.stringify(c.right)}`;
      expect(py.eq(a, b), label).toBe(c.eq);
      expect(py.ne(a, b), label).toBe(c.ne);
    }
  });

  it("np.dtype() spells a dtype as the runtime holds it", () => {
    expect(np.dtype("f4")).toBe("float32");
    expect(np.dtype(np.float64)).toBe("float64");
    expect(np.dtype("<U5")).toBe("<U5");
    // numpy 1.24: np.dtype("float32") == np.float32, == "float32", == "f4" are True, == np.float64 False
    expect(py.eq(np.dtype("float32"), np.float32)).toBe(true);
    expect(py.eq(np.dtype("float32"), "float32")).toBe(true);
    expect(py.eq(np.dtype("float32"), "f4")).toBe(true);
    expect(py.eq(np.dtype("float32"), np.float64)).toBe(false);
    expect(() => np.dtype("float9")).toThrow("data type 'float9' not understood");
  });

  it("leaves other comparisons as Python's", () => {
    // strings that spell no dtype stay unequal, and scalar types compare by identity. (numpy's np.float32 ==
    // "float32" is False, a type against a str; the runtime cannot tell the str "float32" from the dtype it names,
    // so it answers as for a dtype.)
    expect(py.eq("float32", "abc")).toBe(false);
    expect(py.eq("abc", "abd")).toBe(false);
    expect(py.eq(np.float32, np.float32)).toBe(true);
    expect(py.eq(np.float32, np.float64)).toBe(false);
  });
});
