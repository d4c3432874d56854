// Which columns of a record the inference path fills when their value is missing: the request fields that may be
// null (or left out, which is the same missing value). People send null for a value they do not know precisely
// because the notebook fills it (`df["Age"].fillna(age_median)`); a field the path does not fill stays a required
// value, since a NaN would reach the model.
import type * as A from "../python/pyast.ts";
import type { PyValue } from "../python/values.ts";
import { stmtExprs, walkExpr, walkStmts } from "../python/walk.ts";
import type { Constant, Json } from "./types.ts";

/** The columns a path fills, or "*" when it fills the whole frame (`df.fillna(0)`, an imputer over every column). */
export type FilledColumns = readonly string[] | "*";

/** Methods whose result has missing values replaced: `s.fillna(v)`; `ffill`/`bfill` fill nothing in one row. */
const FILLS = new Set(["fillna"]);
/** Tests for a missing value: a path that asks (`df["Age"].isna()`, `pd.isnull(x)`) decides what to do with one. */
const TESTS = new Set(["isnull", "isna", "notnull", "notna", "isnan", "nan_to_num"]);

/**
 * The columns whose missing value the statements (the bodies of the path's functions) fill or test: `X["c"].fillna`,
 * `X.c.fillna`, `X[["a", "b"]].fillna`, `X.fillna({"c": v})`, `X.fillna(v)` (every column), `X["c"].isna()`,
 * `pd.isnull(X["c"])`, `imputer.transform(X[cols])` with an imputer (or a pipeline or ColumnTransformer holding one)
 * read from a file. Column lists may be module constants (`X[NUMERIC].fillna(...)`).
 */
export function filledColumns(bodies: readonly (readonly A.Stmt[])[], constants: readonly Constant[]): FilledColumns {
  const byName = new Map(constants.map((c) => [c.name, c]));
  const out = new Set<string>();
  let all = false;
  const add = (cols: FilledColumns | null) => {
    if (cols === "*") all = true;
    else if (cols) for (const c of cols) out.add(c);
  };
  const visit = (e: A.Expr) => {
    if (e.type !== "Call") return;
    const f = e.func;
    if (f.type === "Attribute" && FILLS.has(f.attr)) {
      const cols = selectedColumns(f.value, byName);
      add(cols ?? fillKeys(e, byName) ?? "*");
    } else if (f.type === "Attribute" && TESTS.has(f.attr) && e.args.length === 0) {
      add(selectedColumns(f.value, byName));
    } else if (f.type === "Attribute" && TESTS.has(f.attr) && e.args[0]) {
      // pd.isnull(X["c"]), np.isnan(X["c"]), np.nan_to_num(X[cols])
      add(selectedColumns(e.args[0], byName));
    } else if (f.type === "Attribute" && (f.attr === "transform" || f.attr === "fit_transform") && f.value.type === "Name" && e.args[0]) {
      const imputed = imputedColumns(byName.get(f.value.id)?.data);
      if (imputed) add(imputed === "*" ? (selectedColumns(e.args[0], byName) ?? "*") : imputed);
    }
  };
  for (const body of bodies) walkStmts(body, (s) => stmtExprs(s).forEach((x) => walkExpr(x, visit)));
  return all ? "*" : [...out];
}

/** `X["c"]`, `X[["a", "b"]]`, `X[COLS]`, `X.c`: the columns it selects; null for anything else (a whole frame). */
function selectedColumns(e: A.Expr, constants: ReadonlyMap<string, Constant>): string[] | null {
  if (e.type === "Subscript") return stringsOf(e.slice, constants);
  // X.Age: an attribute named like a column (a frame's own attributes and methods are lowercase words pandas defines)
  if (e.type === "Attribute" && e.value.type !== "Attribute" && !FRAME_ATTRIBUTES.has(e.attr)) return [e.attr];
  return null;
}

const FRAME_ATTRIBUTES = new Set(["values", "loc", "iloc", "T", "columns", "index", "dtypes", "str", "dt", "cat", "array", "shape"]);

/** A string, a list or tuple of strings, or a constant holding one. */
function stringsOf(e: A.Expr, constants: ReadonlyMap<string, Constant>): string[] | null {
  if (e.type === "Constant") return typeof e.value === "string" ? [e.value] : null;
  if (e.type === "List" || e.type === "Tuple") {
    const items = e.elts.map((x) => (x.type === "Constant" && typeof x.value === "string" ? x.value : null));
    return items.every((x): x is string => x !== null) ? items : null;
  }
  if (e.type === "Name") {
    const v: Json | undefined = constants.get(e.id)?.value;
    if (typeof v === "string") return [v];
    if (Array.isArray(v) && v.every((x): x is string => typeof x === "string")) return v;
  }
  return null;
}

/** `X.fillna({"Age": 30, "Embarked": "S"})` (or a constant dict): the keys it fills; null for one value for all. */
function fillKeys(call: A.Call, constants: ReadonlyMap<string, Constant>): string[] | null {
  const v = call.args[0] ?? call.keywords.find((k) => k.arg === "value")?.value;
  if (v?.type === "Dict") {
    const keys = v.keys.map((k) => (k?.type === "Constant" && typeof k.value === "string" ? k.value : null));
    return keys.every((k): k is string => k !== null) ? keys : null;
  }
  const held = v?.type === "Name" ? constants.get(v.id)?.value : undefined;
  if (held !== null && typeof held === "object" && !Array.isArray(held)) return Object.keys(held);
  return null;
}

/**
 * The columns a fitted scikit-learn object read from a file imputes: "*" (the columns it is given) for an imputer or
 * a pipeline with one, the columns of a ColumnTransformer's transformers that hold one; null when it imputes nothing.
 */
export function imputedColumns(v: PyValue | undefined): FilledColumns | null {
  if (v?.k !== "object") return null;
  if (/ColumnTransformer$/.test(v.cls)) {
    const out: string[] = [];
    for (const t of [...attribute(v, "transformers_"), ...attribute(v, "transformers")]) {
      if ((t.k !== "tuple" && t.k !== "list") || t.items.length < 3 || !holdsImputer(t.items[1]!)) continue;
      const cols = t.items[2]!;
      if (cols.k === "str") out.push(cols.v);
      else if (cols.k === "list" || cols.k === "tuple") for (const c of cols.items) if (c.k === "str") out.push(c.v);
    }
    return out.length ? [...new Set(out)] : null;
  }
  return holdsImputer(v) ? "*" : null;
}

/** The items of a list attribute of an object's state. */
function attribute(v: PyValue & { k: "object" }, name: string): readonly PyValue[] {
  if (v.state.k !== "dict") return [];
  const found = v.state.entries.find(([k]) => k.k === "str" && k.v === name)?.[1];
  return found && (found.k === "list" || found.k === "tuple") ? found.items : [];
}

/** An imputer (SimpleImputer, KNNImputer, IterativeImputer), or an object whose state holds one. */
function holdsImputer(v: PyValue): boolean {
  switch (v.k) {
    case "object":
      return /Imputer$/.test(v.cls) || holdsImputer(v.state);
    case "list":
    case "tuple":
    case "set":
      return v.items.some(holdsImputer);
    case "dict":
      return v.entries.some(([, x]) => holdsImputer(x));
    default:
      return false;
  }
}
