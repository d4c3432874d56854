// The pandas runtime at the edges of a service: request JSON in (fromJS records), results out (toJSON of frames,
// Series, indexes and numpy scalars), the runtime's Python protocol (len, truthiness, in, iteration, repr, unknown
// names), and what the translator refuses in pandas code, with the diagnostic a notebook author sees.
import { describe, expect, it } from "vitest";
import * as pd from "../../../src/runtime/pandas/api.ts";
import * as py from "../../../src/runtime/py.ts";
import * as np from "../../../src/runtime/np.ts";
import { PyError } from "../../../src/runtime/core.ts";
import type { NDArray } from "../../../src/runtime/ndarray.ts";
import * as glue from "../../../src/runtime/glue.ts";
import { refusalsOf } from "../../helpers/translated.ts";
import { raises } from "../../helpers/raises.ts";

const request = (json: string): unknown => py.fromJS(JSON.parse(json));

const raised = (f: () => unknown): string => raises(f).message;

describe("the JSON boundary", () => {
  it("a frame returned by postprocessing is its records, NaN as null", () => {
    const df = pd.DataFrame([request('{"a": 1, "b": 2.5, "c": "x"}'), request('{"a": 3, "c": null}')]);
    expect(py.toJSON(df)).toEqual([
      { a: 1, b: 2.5, c: "x" },
      { a: 3, b: null, c: null },
    ]);
    expect(JSON.stringify(py.toJSON({ out: df }))).toBe('{"out":[{"a":1,"b":2.5,"c":"x"},{"a":3,"b":null,"c":null}]}');
  });

  it("a Series on positions is its list, one labelled by words its {label: value} in order; an Index its labels, a numpy scalar its number", () => {
    const s = pd.Series([1.5, NaN, 3], undefined, undefined, "v");
    expect(py.toJSON(s)).toEqual([1.5, null, 3]);
    expect(py.toJSON(py.getattr(s, "index"))).toEqual([0, 1, 2]);
    expect(py.toJSON(py.callMethod(s, "sum"))).toBe(4.5);
    expect(py.toJSON(py.getattr(pd.DataFrame(request('{"a": [1], "b": ["x"]}')), "dtypes"))).toEqual({ a: "int64", b: "object" });
    // class names sorted by their score keep both: the order and what each score is
    const scores = py.callMethod(pd.Series([0.1, 0.7, 0.2], ["cat", "dog", "fox"]), "sort_values", [], { ascending: false });
    expect(JSON.stringify(py.toJSON(scores))).toBe('{"dog":0.7,"fox":0.2,"cat":0.1}');
    // numbers as labels (a sorted RangeIndex), or a label twice: the values in order
    expect(py.toJSON(py.callMethod(pd.Series([0.1, 0.7]), "sort_values", [], { ascending: false }))).toEqual([0.7, 0.1]);
    expect(py.toJSON(pd.Series([1, 2], ["a", "a"]))).toEqual([1, 2]);
  });

  it("a request record becomes a one-row frame with pandas' dtypes (a JSON 2.0 arrives as the int 2)", () => {
    const df = pd.DataFrame([request('{"age": 42, "income": 2.0, "ratio": 0.5, "plan": "pro", "member": true, "note": null}')]);
    expect(py.toJSON(py.getattr(df, "dtypes"))).toEqual({ age: "int64", income: "int64", ratio: "float64", plan: "object", member: "bool", note: "object" });
    expect(py.toJSON(py.getattr(df, "shape"))).toEqual([1, 6]);
  });

  it("the model's input keeps its dtype on the way out of the frame", () => {
    const df = pd.DataFrame([request('{"a": 1, "b": 2.5}')]);
    const x = np.asarray(df, "float32");
    expect([x.dtype, x.shape, x.tolist()]).toEqual(["float32", [1, 2], [[1, 2.5]]]);
  });
});

describe("the Python protocol of frames and Series", () => {
  const df = pd.DataFrame(request('{"a": [1, 2], "b": ["x", "y"]}'));
  const s = py.getitem(df, "a");

  it("len, in, iteration and repr", () => {
    expect(py.len(df)).toBe(2);
    expect(py.len(s)).toBe(2);
    expect(py.contains(df, "b")).toBe(true);
    expect(py.contains(s, 1)).toBe(true);
    expect(py.contains(s, 7)).toBe(false);
    expect(py.list(df)).toEqual(["a", "b"]);
    expect(py.list(s)).toEqual([1, 2]);
    expect(py.repr(df)).toBe("   a  b\n0  1  x\n1  2  y");
    expect(py.str(s)).toBe("0    1\n1    2\nName: a, dtype: int64");
  });

  it("truthiness is ambiguous, as in pandas", () => {
    expect(raised(() => py.truthy(s))).toBe("ValueError: The truth value of a Series is ambiguous. Use a.empty, a.bool(), a.item(), a.any() or a.all().");
    expect(raised(() => py.truthy(df))).toContain("The truth value of a DataFrame is ambiguous");
    expect(py.truthy(py.getattr(df, "empty"))).toBe(false);
  });

  it("names pandas has and the runtime does not are AttributeErrors naming them", () => {
    expect(raised(() => py.callMethod(df, "merge", [df]))).toBe("AttributeError: 'DataFrame' object has no attribute 'merge'");
    expect(raised(() => py.getattr(s, "cat"))).toBe("AttributeError: 'Series' object has no attribute 'cat'");
    expect(raised(() => py.callMethod(s, "fillna", [0], { method: "ffill" }))).toBe("TypeError: fillna(method=...) is not supported by nb2svc's pandas runtime");
  });

  it("object columns have no numpy form: a clear error, or a numeric dtype", () => {
    expect(raised(() => py.getattr(df, "values"))).toContain("column 'b' has object dtype (values of type str)");
    expect(raised(() => np.asarray(df, "float32"))).toBe("ValueError: could not convert string to float: 'x'");
  });

  it("a frame of string columns is numpy's string array (a model's per-column string input: df[[c]].values)", () => {
    const strings = py.getitem(df, ["b"]);
    const values = py.getattr(strings, "values") as NDArray;
    expect([values.dtype, values.shape]).toEqual(["str", [2, 1]]);
    expect(values.tolist()).toEqual([["x"], ["y"]]);
    expect((py.callMethod(values, "astype", [py.str]) as NDArray).tolist()).toEqual([["x"], ["y"]]);
  });

  it("pandas' exception classes are caught by their Python bases", () => {
    let caught: unknown;
    try {
      py.callMethod(pd.Series([1.5, NaN]), "astype", ["int64"]);
    } catch (e) {
      caught = e;
    }
    expect((caught as PyError).type).toBe("IntCastingNaNError");
    expect(glue.exceptionMatches(caught, ["ValueError"])).toBe(true);
    try {
      py.add(pd.Series([1, 2]), "a");
    } catch (e) {
      caught = e;
    }
    expect((caught as PyError).type).toBe("UFuncTypeError");
    expect(glue.exceptionMatches(caught, ["TypeError"])).toBe(true);
  });

  it("in-place methods change the frame and return None", () => {
    const d = pd.DataFrame([request('{"a": null, "b": 1}')]);
    expect(py.callMethod(d, "fillna", [0], { inplace: true })).toBe(null);
    expect(py.toJSON(d)).toEqual([{ a: 0, b: 1 }]);
  });
});

describe("pandas code the translator refuses", () => {
  const cases: Record<string, { source: string; says: string }> = {
    "reading files": { source: "import pandas as pd\ndef f(p):\n    return pd.read_csv(p)\n", says: "`pandas.read_csv` is not among the pandas functions nb2svc translates (DataFrame, DataFrame.from_dict, DataFrame.from_records, Series, Index, get_dummies, cut, concat," },
    "pd.NA": { source: "import pandas as pd\ndef f(x):\n    return x is pd.NA\n", says: "`pandas.NA` is not available in translated code" },
    "merge": { source: "import pandas as pd\ndef f(a, b):\n    return pd.merge(a, b)\n", says: "`pandas.merge` is not among the pandas functions nb2svc translates" },
    "assigning another attribute": { source: "import pandas as pd\ndef f(r):\n    df = pd.DataFrame([r])\n    df.name = 'a'\n    return df\n", says: "assigning attributes" },
    "an unknown keyword": { source: "import pandas as pd\ndef f(r):\n    return pd.get_dummies(r, colums=['a'])\n", says: "has no supported parameter `colums`" },
  };
  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      const ds = await refusalsOf(c.source);
      expect(ds.length).toBeGreaterThan(0);
      expect(`${ds[0]!.message} ${ds[0]!.suggestion}`).toContain(c.says);
    });
  }
});
