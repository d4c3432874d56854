// DataFrame/Series.pipe (at run time, and as the direct call the translator makes of a named function with keywords),
// clip with list-like bounds (a Series aligned on the axis, a list by position), and pd.cut with explicit edges and
// get_dummies of its categories. Expected values are pandas 1.5.3's (python3 -c "df.clip(upper=pd.Series({...}),
// axis=1)", ...), with their dtypes.
import { describe, expect, it } from "vitest";
import * as pd from "../../../src/runtime/pandas/api.ts";
import * as py from "../../../src/runtime/py.ts";
import { translatePython } from "../../helpers/translated.ts";
import { raises } from "../../helpers/raises.ts";

type Frame = InstanceType<typeof pd.DataFrameClass>;
type Series = InstanceType<typeof pd.SeriesClass>;

const frame = (): Frame => pd.DataFrame(py.fromJS({ a: [1, 5, 9], b: [0.5, 2.5, null], c: [10, 20, 30] }));
const S = (o: Record<string, number>): Series => pd.Series(py.fromJS(o));

/** A frame as pandas' to_dict("list") with each column's dtype: { a: [[1, 4, 4], "int64"], ... }. */
function cols(df: unknown): Record<string, [unknown[], string]> {
  const f = df as Frame;
  const out: Record<string, [unknown[], string]> = {};
  for (const c of f.columns.labels()) {
    const s = py.getitem(f, c) as Series;
    out[String(c)] = [py.toJSON(py.callMethod(s, "tolist")) as unknown[], s.values.dtype];
  }
  return out;
}

const raised = (f: () => unknown): string => raises(f).message;

describe("DataFrame.clip with a Series or list bound", () => {
  const clip = (kw: Record<string, unknown>) => cols(py.callMethod(frame(), "clip", [], kw));

  it("a Series bound with axis=1 is aligned on the columns; a NaN bound clips nothing", () => {
    expect(clip({ upper: S({ a: 4, b: 1.0, c: NaN }), axis: 1 })).toEqual({ a: [[1, 4, 4], "int64"], b: [[0.5, 1, null], "float64"], c: [[10, 20, 30], "int64"] });
    expect(clip({ lower: S({ a: 2, b: 1.0, c: 15 }), axis: "columns" })).toEqual({ a: [[2, 5, 9], "int64"], b: [[1, 2.5, null], "float64"], c: [[15, 20, 30], "int64"] });
  });

  it("a column the bound lacks becomes NaN (pandas' where aligns the bound), an int column clipped to 4.5 float64", () => {
    expect(clip({ upper: S({ a: 4.5, b: 1.0 }), axis: 1 })).toEqual({ a: [[1, 4.5, 4.5], "float64"], b: [[0.5, 1, null], "float64"], c: [[null, null, null], "float64"] });
    expect(clip({ lower: S({ a: 2, b: 1.0, c: 15 }), upper: S({ a: 6, c: 25 }), axis: 1 })).toEqual({ a: [[2, 5, 6], "int64"], b: [[null, null, null], "float64"], c: [[15, 20, 25], "int64"] });
    expect(clip({ lower: [1, 2, 3], upper: S({ a: 4 }), axis: 1 })).toEqual({ a: [[1, 4, 4], "int64"], b: [[null, null, null], "float64"], c: [[null, null, null], "float64"] });
  });

  it("a bound whose values are all missing is no bound", () => {
    expect(clip({ upper: S({ a: NaN, b: NaN }), axis: 1 })).toEqual({ a: [[1, 5, 9], "int64"], b: [[0.5, 2.5, null], "float64"], c: [[10, 20, 30], "int64"] });
  });

  it("axis=0 aligns a Series on the index; a list goes by position (along the columns without an axis)", () => {
    expect(clip({ upper: pd.Series([4, 3, 2]), axis: 0 })).toEqual({ a: [[1, 3, 2], "int64"], b: [[0.5, 2.5, null], "float64"], c: [[4, 3, 2], "int64"] });
    expect(clip({ upper: pd.Series([4, 3, 2], [2, 1, 0]), axis: "index" })).toEqual({ a: [[1, 3, 4], "int64"], b: [[0.5, 2.5, null], "float64"], c: [[2, 3, 4], "int64"] });
    expect(clip({ upper: pd.Series([4, 3]), axis: 0 })).toEqual({ a: [[1, 3, null], "float64"], b: [[0.5, 2.5, null], "float64"], c: [[4, 3, null], "float64"] });
    expect(clip({ upper: [4, 1, 25] })).toEqual({ a: [[1, 4, 4], "int64"], b: [[0.5, 1, null], "float64"], c: [[10, 20, 25], "int64"] });
    expect(clip({ upper: [4, 1, 2], axis: 0 })).toEqual({ a: [[1, 1, 2], "int64"], b: [[0.5, 1, null], "float64"], c: [[4, 1, 2], "int64"] });
  });

  it("pandas' errors", () => {
    expect(raised(() => clip({ upper: S({ a: 4 }) }))).toBe("ValueError: Must specify axis=0 or 1");
    expect(raised(() => clip({ upper: [4, 1], axis: 1 }))).toBe("ValueError: Unable to coerce to Series, length must be 3: given 2");
    expect(raised(() => clip({ upper: [4, 1], axis: 0 }))).toBe("ValueError: Unable to coerce to Series, length must be 3: given 2");
    expect(raised(() => clip({ upper: [1, 2, 3], axis: 2 }))).toBe("ValueError: No axis named 2 for object type DataFrame");
  });
});

describe("Series.clip with a Series or list bound", () => {
  const s = (): Series => pd.Series([1, 5, 9], ["x", "y", "z"]);
  const clip = (kw: Record<string, unknown>) => {
    const r = py.callMethod(s(), "clip", [], kw) as Series;
    return [py.toJSON(py.callMethod(r, "tolist")), r.values.dtype];
  };

  it("a list by position, a Series by label (a label it lacks gives NaN, a NaN bound clips nothing)", () => {
    expect(clip({ upper: [4, 3, 2] })).toEqual([[1, 3, 2], "int64"]);
    expect(clip({ upper: S({ y: 3, z: NaN, w: 1 }) })).toEqual([[null, 3, 9], "float64"]);
    expect(clip({ lower: S({ x: 3.5 }) })).toEqual([[3.5, null, null], "float64"]);
  });

  it("pandas' errors", () => {
    expect(raised(() => clip({ upper: [4, 3] }))).toBe("ValueError: Length of values (2) does not match length of index (3)");
    expect(raised(() => clip({ upper: [4, 3, 2], axis: 1 }))).toBe("ValueError: No axis named 1 for object type Series");
  });
});

describe("pipe", () => {
  it("calls a function value with the frame or Series first, then the other arguments", () => {
    const df = pd.DataFrame(py.fromJS({ a: [1, 2] }));
    expect(py.toJSON(py.callMethod(df, "pipe", [(d: unknown, k: unknown) => py.mul(d, k), 3]))).toEqual([{ a: 3 }, { a: 6 }]);
    expect(py.toJSON(py.callMethod(py.getitem(df, "a"), "pipe", [(s: unknown, k: unknown) => py.mul(s, k), 4]))).toEqual([4, 8]);
    expect(raised(() => py.callMethod(df, "pipe", [3]))).toBe("TypeError: 'int' object is not callable");
  });

  it("a named function with keywords, and the (func, keyword) form, are the direct call", async () => {
    const { fns } = await translatePython(`
import pandas as pd

def scale(k, frame, offset=0):
    return frame * k + offset

def add(frame, n, scale=1):
    return frame + n * scale

def dummies(r):
    df = pd.DataFrame([r, {"a": 2, "c": "y"}])
    return df.assign(b=lambda d: d.a * 2).pipe(pd.get_dummies, columns=["c"], dtype=float)

def tuple_form(r):
    return pd.DataFrame([r, {"a": 2, "c": "y"}])[["a"]].pipe((scale, "frame"), 10, offset=1)

def keywords(r):
    return pd.DataFrame([r, {"a": 2, "c": "y"}])[["a"]].pipe(add, 3, scale=2)
`);
    const r = { a: 1, c: "x" };
    expect(cols(fns.dummies!(r))).toEqual({ a: [[1, 2], "int64"], b: [[2, 4], "int64"], c_x: [[1, 0], "float64"], c_y: [[0, 1], "float64"] });
    expect(py.toJSON(fns.tuple_form!(r))).toEqual([{ a: 11 }, { a: 21 }]);
    expect(py.toJSON(fns.keywords!(r))).toEqual([{ a: 7 }, { a: 8 }]);
  });
});

describe("pd.cut with explicit edges", () => {
  const age = (): Series => pd.Series([28, 0, 25, 45, 130, null, 64.5], ["a", "b", "c", "d", "e", "f", "g"], undefined, "age");
  const bins = [0, 25, 45, 65, 120];
  const labels = ["young", "adult", "middle", "senior"];
  const out = (s: unknown): [unknown, string, unknown, unknown] => {
    const r = s as Series;
    return [py.toJSON(py.callMethod(r, "tolist")), r.values.dtype, r.name, r.index.labels()];
  };

  it("labels: (a, b] bins by default, [a, b) with right=False, the first edge with include_lowest; NaN outside", () => {
    const idx = ["a", "b", "c", "d", "e", "f", "g"];
    expect(out(pd.cut(age(), bins, undefined, labels))).toEqual([["adult", null, "young", "adult", null, null, "middle"], "object", "age", idx]);
    expect(out(pd.cut(age(), bins, false, labels))).toEqual([["adult", "young", "adult", "middle", null, null, "middle"], "object", "age", idx]);
    expect(out(pd.cut(age(), bins, undefined, labels, undefined, undefined, true))).toEqual([["adult", "young", "young", "adult", null, null, "middle"], "object", "age", idx]);
  });

  it("labels=False: the bin numbers, int64, or float64 when a value is outside", () => {
    expect(out(pd.cut(age(), bins, undefined, false)).slice(0, 2)).toEqual([[1, null, 0, 1, null, null, 2], "float64"]);
    expect(out(pd.cut(pd.Series([28, 50]), bins, undefined, false)).slice(0, 2)).toEqual([[1, 2], "int64"]);
    expect((pd.cut([1, 30], bins, undefined, false) as { tolist(): unknown }).tolist()).toEqual([0, 1]);
  });

  it("get_dummies makes a column of every category, in the labels' order, for a one-row frame too", async () => {
    const { fns } = await translatePython(`
import pandas as pd

BINS = [0, 25, 45, 65, 120]
LABELS = ["young", "adult", "middle", "senior"]

def features(r):
    df = pd.DataFrame([r]).copy()
    df["g"] = pd.cut(df["age"], bins=BINS, labels=LABELS)
    return pd.get_dummies(df, columns=["g"])

def first_dropped(r):
    df = pd.DataFrame([r])
    df["g"] = pd.cut(df["age"], bins=BINS, labels=LABELS)
    return pd.get_dummies(df, columns=["g"], drop_first=True, dtype=float)

def outside(ages):
    return pd.get_dummies(pd.cut(pd.Series(ages), bins=BINS, labels=[3, 2, 1, 0]), prefix="p", dummy_na=True)
`);
    expect(cols(fns.features!({ age: 28, x: 1 }))).toEqual({
      age: [[28], "int64"], x: [[1], "int64"], g_young: [[0], "uint8"], g_adult: [[1], "uint8"], g_middle: [[0], "uint8"], g_senior: [[0], "uint8"],
    });
    expect(cols(fns.first_dropped!({ age: 28 }))).toEqual({ age: [[28], "int64"], g_adult: [[1], "float64"], g_middle: [[0], "float64"], g_senior: [[0], "float64"] });
    expect(cols(fns.outside!([30, 200]))).toEqual({ p_3: [[0, 0], "uint8"], p_2: [[1, 0], "uint8"], p_1: [[0, 0], "uint8"], p_0: [[0, 0], "uint8"], p_nan: [[0, 1], "uint8"] });
  });

  it("pandas' errors, and what nb2svc refuses (Interval categories, a number of bins)", () => {
    expect(raised(() => pd.cut(age(), [0, 25, 20], undefined, ["a", "b"]))).toBe("ValueError: bins must increase monotonically.");
    expect(raised(() => pd.cut(age(), bins, undefined, ["a"]))).toBe("ValueError: Bin labels must be one fewer than the number of bin edges");
    expect(raised(() => pd.cut(age(), bins, undefined, ["a", "a", "b", "c"]))).toBe("ValueError: labels must be unique if ordered=True; pass ordered=False for duplicate labels");
    expect(raised(() => pd.cut(age(), [0, 25, 25, 50], undefined, ["a", "b", "c"]))).toBe(
      "ValueError: Bin edges must be unique: array([ 0, 25, 25, 50]).\nYou can drop duplicate edges by setting the 'duplicates' kwarg",
    );
    expect(raised(() => pd.cut(pd.Series(["a"]), bins, undefined, labels))).toBe("TypeError: '<' not supported between instances of 'int' and 'str'");
    expect(raised(() => pd.cut(age(), bins))).toContain("TypeError: cut without labels= gives Interval categories");
    expect(raised(() => pd.cut(age(), 4, undefined, false))).toContain("TypeError: cut(bins=<a number of bins>) is not supported");
  });
});
