// `a.dtype.name` and the other attributes notebooks read off a dtype (numpy arrays and pandas Series), against what
// numpy 1.24 / pandas 1.5 give for the same values (fixtures/dtype_attrs.json, written by gen_dtype_cases.py).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PyError } from "../../src/runtime/core.ts";
import * as np from "../../src/runtime/np.ts";
import * as pd from "../../src/runtime/pandas/api.ts";
import * as py from "../../src/runtime/py.ts";

interface Case {
  readonly lib: "numpy" | "pandas";
  readonly values: unknown[];
  readonly dtype?: string | null;
  readonly convert?: string | null;
  readonly str: string;
  readonly attrs: Record<string, string | number>;
}
const fixture = JSON.parse(readFileSync(path.join(__dirname, "fixtures", "dtype_attrs.json"), "utf8")) as { cases: Case[] };

function build(c: Case): unknown {
  if (c.lib === "numpy") return np.array(c.values, c.dtype ?? undefined);
  const s = pd.Series(c.values);
  return c.convert === "datetime" ? pd.to_datetime(s) : s;
}

describe("dtype attributes", () => {
  it.each(fixture.cases.map((c) => [`${c.lib} ${JSON.stringify(c.values)} ${c.dtype ?? c.convert ?? ""}`, c] as const))("%s", (_, c) => {
    const dtype = py.getattr(build(c), "dtype");
    expect(py.str(dtype)).toBe(c.str);
    for (const [name, value] of Object.entries(c.attrs)) expect([name, py.getattr(dtype, name)]).toEqual([name, value]);
  });

  it("a dtype still compares and converts as its name", () => {
    const a = np.array([1, 2], "float32");
    expect(py.eq(py.getattr(a, "dtype"), "float32")).toBe(true);
    expect(np.zeros([2], py.getattr(a, "dtype") as string).dtype).toBe("float32");
    const s = np.array(["ab", "cdefg"]);
    expect(np.asarray(s, py.getattr(s, "dtype") as string).dtype).toBe("str");
  });

  it("an attribute a dtype does not have is an AttributeError, and other strings have none", () => {
    const dtype = py.getattr(np.array([1.5]), "dtype");
    expect(() => py.getattr(dtype, "nonsense")).toThrow(PyError);
    expect(() => py.getattr("hello", "name")).toThrow("'str' object has no attribute 'name'");
  });
});
