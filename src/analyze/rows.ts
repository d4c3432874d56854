// Which rows of which data an expression holds, without running the notebook: a CSV beside it or one of
// scikit-learn's bundled data sets, through the operations that keep rows (column selections, dtype changes, the
// per-row encoding of a table) and those that pick them (iloc, slices, head, a seeded train_test_split or
// df.sample, reproduced with numpy's generator). This is how a notebook's example drawn from its test set
// (`X_test[:5]`, `df_test.iloc[[3]]`) becomes a golden without --execute. Anything else (masks, dropna, an unseeded
// split, stratify) is not known: null.
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../assets.ts";
import { DATASETS } from "./datasets.ts";
import type { FrameInfo } from "./frames.ts";
import { sampleRows, trainTestSplit } from "./numpy-random.ts";
import type * as A from "../python/pyast.ts";
import type { Resolver } from "./resolve.ts";
import { chainRoot, childBlocks, childExprs, stmtExprs } from "../python/walk.ts";
import type { Binding } from "../python/scope.ts";
import type { Json } from "./types.ts";
import type { PyValue } from "../python/values.ts";

export type RowSource =
  | { readonly kind: "csv"; readonly file: string; readonly csv: NonNullable<FrameInfo["csv"]> }
  | { readonly kind: "dataset"; readonly name: string };

export interface Rows {
  readonly source: RowSource;
  /** Positions in the source's rows, in the order the expression holds them. */
  readonly positions: readonly number[];
  /** The expression picked one row and dropped the row axis (`X[0]`, `df.iloc[0]`). */
  readonly one?: boolean;
  /** One column of the rows, as a flat list (`df["sales"].values[-14:]`, a series' window). */
  readonly column?: string;
}

/** Methods that keep a frame's or array's rows as they are. */
const SAME_ROWS = new Set(["copy", "astype", "fillna", "rename", "to_numpy", "replace", "assign", "select_dtypes", "infer_objects", "convert_dtypes", "reset_index", "tolist", "set_index"]);
/** In-place calls that change which rows a frame holds. */
const ROW_CHANGING = new Set(["dropna", "drop_duplicates", "sort_values", "sort_index", "query", "drop"]);

/** Reductions of one column that pandas computes from its values alone (skipping missing ones), at conversion time. */
const STATISTICS: ReadonlySet<string> = new Set(["mean", "median", "mode", "std", "var", "min", "max", "sum", "count", "nunique", "unique"]);
/** Row-keeping methods that keep every value as read too, so a statistic of the result is the CSV's. */
const SAME_VALUES: ReadonlySet<string> = new Set(["copy", "reset_index", "infer_objects"]);
/** Methods that change a frame, a series or a list in place. */
const IN_PLACE: ReadonlySet<string> = new Set(["append", "extend", "insert", "pop", "remove", "clear", "update", "__setitem__"]);
/** read_csv arguments that do not change how cells are parsed. */
const PLAIN_READ: ReadonlySet<string> = new Set(["filepath_or_buffer", "sep", "delimiter", "encoding"]);

export class RowProvenance {
  /**
   * Set while following the rows of a statistic: then the values must be the source's exactly, so any change in place
   * (`df["Age"].fillna(..., inplace=True)`, `df.loc[...] = ...`), an alias that could change them, or an operation
   * that changes values (astype, fillna, get_dummies) makes the rows unknown.
   */
  private exact = false;
  /** The column whose statistic is being computed (while `exact`): assignments to other columns leave it as read. */
  private column: string | null = null;

  constructor(private readonly resolver: Resolver) {}

  /**
   * The value of a statistic of one column of a frame whose rows are known exactly (`train["Age"].median()`,
   * `df.Fare.mean()`, `X["Embarked"].mode()`), computed as pandas 1.5 does; undefined when not known. `mode()` is the
   * list of the most frequent values, sorted, so `mode()[0]` evaluates to the smallest of them.
   */
  statistic(e: A.Call, pos: number): PyValue | undefined {
    if (e.func.type !== "Attribute" || !STATISTICS.has(e.func.attr) || e.args.length) return undefined;
    const method = e.func.attr;
    let ddof = 1;
    for (const k of e.keywords) {
      const v = this.resolver.evaluateAt(k.value, pos);
      if ((k.arg === "skipna" && method !== "mode" && method !== "nunique") || (k.arg === "dropna" && (method === "mode" || method === "nunique"))) {
        if (v?.k !== "bool" || !v.v) return undefined;
      } else if (k.arg === "ddof" && (method === "std" || method === "var") && v?.k === "int" && v.v >= 0) ddof = v.v;
      else return undefined;
    }
    const recv = e.func.value;
    let frame: A.Expr;
    let column: string;
    if (recv.type === "Subscript") {
      const key = this.resolver.evaluateAt(recv.slice, pos);
      if (key?.k !== "str" || (recv.value.type === "Attribute" && (recv.value.attr === "iloc" || recv.value.attr === "loc"))) return undefined;
      frame = recv.value;
      column = key.v;
    } else if (recv.type === "Attribute") {
      frame = recv.value;
      column = recv.attr;
    } else return undefined;
    this.exact = true;
    this.column = column;
    let rows: Rows | null;
    try {
      rows = this.of(frame, pos);
    } finally {
      this.exact = false;
      this.column = null;
    }
    if (!rows || rows.one || rows.column !== undefined) return undefined;
    const cells = this.cellsOf(rows, frame, column, pos);
    return cells ? columnStatistic(cells.values, cells.type, method, ddof) : undefined;
  }

  /** Column `column` of `rows` as pandas types it, missing values as null. */
  private cellsOf(rows: Rows, frame: A.Expr, column: string, pos: number): { values: (number | string | boolean | null)[]; type: string } | null {
    if (rows.source.kind === "dataset") {
      const d = datasetData(rows.source.name);
      const names = DATASETS[rows.source.name];
      const i = names ? names.feature_names.indexOf(column) : -1;
      if (!d || i < 0) return null;
      return { values: rows.positions.map((p) => d.data[p]![i]!), type: "float64" };
    }
    const { header, rows: data } = rows.source.csv;
    const i = header.indexOf(column);
    const type = this.resolver.frames().of(frame, pos)?.columns.find((c) => c.name === column)?.type ?? null;
    if (i < 0 || (type !== "int64" && type !== "float64" && type !== "object" && type !== "bool")) return null;
    return { values: rows.positions.map((p) => typedCell(data[p]![i] ?? "", type) as number | string | boolean | null), type };
  }

  /**
   * True when nothing between `from` and `to` may change the values `name` holds: no assignment into it, no call on it
   * with `inplace=True`, and no alias through which other code could (`combine = [train, test]`, `df = train`, one of
   * the notebook's functions called with it).
   */
  private untouched(name: string, from: number, to: number): boolean {
    const { scope } = this.resolver;
    // (an empty range: only whether a function body changes it)
    if (scope.isMutated(name, 0, 0, true)) return false;
    for (const { order, stmt } of scope.statements) {
      if (order > from && order < to && !this.setsOtherColumn(stmt, name) && ((scope.mutations.get(name) ?? []).includes(order) || this.touches(stmt, name, 0))) return false;
    }
    return true;
  }

  /**
   * True when statement `s` only writes another column of frame `name` than the one whose statistic is computed:
   * `train["Title"] = train["Name"].str.extract(...)`, `train["Embarked"].fillna("S", inplace=True)`, as Kaggle
   * notebooks engineer features on the training frame before `train["Age"].median()`. Its value only reads `name`.
   */
  private setsOtherColumn(s: A.Stmt, name: string): boolean {
    const other = (x: A.Expr): boolean => {
      if (x.type === "Subscript" && x.value.type === "Name" && x.value.id === name && x.slice.type === "Constant") return typeof x.slice.value === "string" && x.slice.value !== this.column;
      return x.type === "Attribute" && x.value.type === "Name" && x.value.id === name && x.attr !== this.column && /^[A-Z]/.test(x.attr);
    };
    const reads = (e: A.Expr) => !this.touches({ type: "Expr", value: e, line: s.line, col: s.col, endLine: s.endLine, endCol: s.endCol, text: e.text }, name, 0);
    if (s.type === "Assign") return s.targets.length === 1 && other(s.targets[0]!) && reads(s.value);
    if (s.type !== "Expr" || s.value.type !== "Call" || s.value.func.type !== "Attribute") return false;
    const call = s.value;
    const fn = call.func as A.Attribute;
    const inplace = call.keywords.some((k) => k.arg === "inplace" && k.value.type === "Constant" && k.value.value === true);
    return inplace && (fn.attr === "fillna" || fn.attr === "replace") && other(fn.value) && call.args.every(reads) && call.keywords.every((k) => reads(k.value));
  }

  /** True when statement `s` (nested statements included) may change what `name` holds in place, or aliases it. */
  private touches(s: A.Stmt, name: string, depth: number): boolean {
    const { scope } = this.resolver;
    let touched = false;
    const visit = (x: A.Expr, inContainer: boolean): void => {
      if (touched) return;
      if (x.type === "Name") {
        touched = x.id === name && inContainer;
        return;
      }
      if (x.type === "Call") {
        const inplace = x.keywords.find((k) => k.arg === "inplace");
        if (inplace && !(inplace.value.type === "Constant" && inplace.value.value === false) && x.func.type === "Attribute" && chainRoot(x.func.value) === name) touched = true;
        if (x.func.type === "Attribute" && IN_PLACE.has(x.func.attr) && chainRoot(x.func.value) === name) touched = true;
        // one of the notebook's functions given the frame: followed when it only reads it
        if (x.func.type === "Name" && scope.functions.has(x.func.id)) {
          const def = scope.functions.get(x.func.id)!.def;
          x.args.forEach((a, i) => {
            if (a.type === "Name" && a.id === name && (depth > 2 || this.mutatesParam(def, i, depth + 1))) touched = true;
          });
          if (x.keywords.some((k) => k.value.type === "Name" && k.value.id === name)) touched = true;
        }
        // pd.concat([train, test]) copies: its list is no alias
        if (scope.qualify(x.func) === "pandas.concat") {
          for (const c of childExprs(x)) for (const el of c.type === "List" || c.type === "Tuple" ? c.elts : [c]) visit(el, false);
          return;
        }
      }
      const container = x.type === "List" || x.type === "Tuple" || x.type === "Set" || x.type === "Dict";
      for (const c of childExprs(x)) visit(c, container);
    };
    // a function or class defined here changes module names only through `global`, which scope.isMutated counts
    const walk = (t: A.Stmt): void => {
      if (touched || t.type === "FunctionDef" || t.type === "ClassDef") return;
      if (t.type === "Assign" && t.value.type === "Name" && t.value.id === name) touched = true;
      const targets = t.type === "Assign" ? t.targets : t.type === "AugAssign" || t.type === "AnnAssign" ? [t.target] : t.type === "Delete" ? t.targets : [];
      if (targets.some((x) => (x.type === "Subscript" || x.type === "Attribute") && chainRoot(x) === name)) touched = true;
      for (const e of stmtExprs(t)) visit(e, false);
      for (const b of childBlocks(t)) b.forEach(walk);
    };
    walk(s);
    return touched;
  }

  /**
   * True when the function may change its `index`-th positional argument in place before it rebinds the name
   * (`def preprocess(df): df = df.copy(); df["Age"] = ...` only changes its copy).
   */
  private mutatesParam(def: A.FunctionDef, index: number, depth: number): boolean {
    const p = def.params[index];
    if (!p || (p.kind !== "positional" && p.kind !== "positional-only")) return true;
    for (const s of def.body) {
      const rebinds = s.type === "Assign" && s.targets.length === 1 && s.targets[0]!.type === "Name" && s.targets[0]!.id === p.name;
      if (this.touches(s, p.name, depth)) return true;
      if (rebinds) return false;
    }
    return false;
  }

  /** The rows `e` holds just before position `pos` (module level), or null when they are not known. */
  of(e: A.Expr, pos: number, depth = 0): Rows | null {
    if (depth > 40) return null;
    const { scope } = this.resolver;
    switch (e.type) {
      case "Name": {
        const b = scope.bindingAt(e.id, pos);
        if (!b || b.kind !== "assign" || !b.value) return null;
        if (this.changedInPlace(e.id, b.order, pos)) return null;
        if (this.exact && !this.untouched(e.id, b.order, pos)) return null;
        return this.ofBinding(b, depth);
      }
      case "Attribute": {
        if (e.attr === "values") return this.exact ? null : this.of(e.value, pos, depth + 1);
        if ((e.attr === "data" || e.attr === "frame") && this.datasetName(e.value, pos)) return this.all({ kind: "dataset", name: this.datasetName(e.value, pos)! });
        return null;
      }
      case "Subscript":
        return this.subscript(e, pos, depth);
      case "Call":
        return this.call(e, pos, depth);
      default:
        return null;
    }
  }

  private ofBinding(b: Binding, depth: number): Rows | null {
    const v = b.value!;
    if (b.element?.length === 1 && v.type === "Call") {
      const q = this.resolver.scope.qualify(v.func);
      if (q === "sklearn.model_selection.train_test_split") return this.split(v, b.element[0]!, b.order, depth);
      // X, y = load_iris(return_X_y=True): X is the data's rows
      if (b.element[0] === 0 && this.datasetName(v, b.order)) return this.all({ kind: "dataset", name: this.datasetName(v, b.order)! });
      return null;
    }
    if (b.element?.length) return null;
    return this.of(v, b.order, depth + 1);
  }

  /** X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=..., random_state=...). */
  private split(c: A.Call, element: number, pos: number, depth: number): Rows | null {
    const source = c.args[Math.floor(element / 2)];
    const rows = source && this.of(source, pos, depth + 1);
    if (!rows || rows.one) return null;
    // stratify=y: the class of each row, for scikit-learn's stratified split
    const strat = c.keywords.find((k) => k.arg === "stratify" && !(k.value.type === "Constant" && k.value.kind === "none"))?.value;
    const labels = strat ? this.labelsOf(strat, pos, depth + 1) : null;
    if (strat && (!labels || labels.length !== rows.positions.length)) return null;
    const num = (name: string): number | null | undefined => {
      const k = c.keywords.find((x) => x.arg === name)?.value;
      if (!k) return null;
      const v = this.resolver.evaluateAt(k, pos);
      if (v?.k === "none") return null;
      return v && (v.k === "int" || v.k === "float") ? v.v : undefined;
    };
    const testSize = num("test_size");
    const trainSize = num("train_size");
    const seed = num("random_state");
    const shuffleArg = c.keywords.find((x) => x.arg === "shuffle")?.value;
    const shuffle = shuffleArg ? this.resolver.evaluateAt(shuffleArg, pos) : { k: "bool" as const, v: true };
    if (testSize === undefined || trainSize === undefined || seed === undefined || shuffle?.k !== "bool") return null;
    if (seed !== null && !Number.isInteger(seed)) return null;
    const parts = trainTestSplit(rows.positions.length, testSize, trainSize, seed, shuffle.v, labels);
    if (!parts) return null;
    const picked = element % 2 === 0 ? parts.train : parts.test;
    return { source: rows.source, positions: picked.map((i) => rows.positions[i]!) };
  }

  private subscript(e: A.Subscript, pos: number, depth: number): Rows | null {
    const iloc = e.value.type === "Attribute" && e.value.attr === "iloc";
    const base = iloc ? this.of((e.value as A.Attribute).value, pos, depth + 1) : this.of(e.value, pos, depth + 1);
    if (!base || base.one) return null;
    const key = this.resolver.evaluateAt(e.slice, pos);
    // df[["a", "b"]], df["a"]: the same rows
    if (!iloc && key?.k === "str") return { ...base, column: key.v };
    if (!iloc && key && (key.k === "list" || key.k === "tuple") && key.items.every((x) => x.k === "str")) return base;
    const first = e.slice.type === "Tuple" ? e.slice.elts[0]! : e.slice;
    const rest = e.slice.type === "Tuple" ? e.slice.elts.slice(1) : [];
    // X[0, :] and df.iloc[:5, :] pick rows; anything else in the other axes is not followed
    if (!rest.every((x) => x.type === "Slice" && !x.lower && !x.upper && !x.step)) return null;
    const n = base.positions.length;
    if (first.type === "Slice") {
      const bound = (x: A.Expr | null) => (x === null ? null : this.resolver.evaluateAt(x, pos));
      const [lo, hi, st] = [bound(first.lower), bound(first.upper), bound(first.step)];
      const int = (v: ReturnType<typeof bound>) => (v === null ? null : v?.k === "int" ? v.v : undefined);
      const [a, b, s] = [int(lo), int(hi), int(st)];
      if (a === undefined || b === undefined || s === undefined) return null;
      const picked = sliceIndices(n, a, b, s ?? 1);
      return picked && { ...base, positions: picked.map((i) => base.positions[i]!) };
    }
    const v = this.resolver.evaluateAt(first, pos);
    if (v?.k === "int") {
      const i = v.v < 0 ? v.v + n : v.v;
      return i >= 0 && i < n ? { ...base, positions: [base.positions[i]!], one: true } : null;
    }
    if (v && (v.k === "list" || v.k === "tuple") && v.items.every((x) => x.k === "int")) {
      const picked = v.items.map((x) => ((x as { v: number }).v < 0 ? (x as { v: number }).v + n : (x as { v: number }).v));
      return picked.every((i) => i >= 0 && i < n) ? { ...base, positions: picked.map((i) => base.positions[i]!) } : null;
    }
    return null;
  }

  private call(e: A.Call, pos: number, depth: number): Rows | null {
    const q = this.resolver.scope.qualify(e.func);
    if (q === "pandas.read_csv") {
      const info = this.resolver.frames().of(e, pos);
      const file = e.args[0] && this.resolver.evaluateAt(e.args[0], pos);
      if (!info?.csv || !file || (file.k !== "str" && file.k !== "path")) return null;
      if (this.exact && e.keywords.some((k) => !PLAIN_READ.has(k.arg ?? ""))) return null;
      return this.all({ kind: "csv", file: file.v, csv: info.csv });
    }
    if (q === "pandas.DataFrame" || q === "numpy.array" || q === "numpy.asarray" || q === "pandas.get_dummies") {
      if (this.exact) return null;
      return e.args[0] ? this.of(e.args[0], pos, depth + 1) : null;
    }
    if (e.func.type !== "Attribute") return null;
    const method = e.func.attr;
    // digits.images.reshape((n, -1)): the 8x8 images flattened are the data's rows
    const recv = e.func.value;
    if (method === "reshape" && recv.type === "Attribute" && recv.attr === "images" && this.datasetName(recv.value, pos) === "digits") {
      const second = e.args.length === 2 ? e.args[1] : e.args[0]?.type === "Tuple" && e.args[0].elts.length === 2 ? e.args[0].elts[1] : undefined;
      const last = second ? this.resolver.evaluateAt(second, pos) : undefined;
      if (last && (last.k === "int" && (last.v === -1 || last.v === 64))) return this.all({ kind: "dataset", name: "digits" });
      return null;
    }
    const base = this.of(e.func.value, pos, depth + 1);
    if (!base || base.one) return null;
    if (method === "drop") {
      // dropping columns keeps the rows; dropping rows is not followed
      return e.keywords.some((k) => k.arg === "columns") || e.keywords.some((k) => k.arg === "axis" && this.resolver.evaluateAt(k.value, pos)?.k === "int" && (this.resolver.evaluateAt(k.value, pos) as { v: number }).v === 1) ? base : null;
    }
    if (this.exact ? SAME_VALUES.has(method) : SAME_ROWS.has(method)) return base;
    const n = base.positions.length;
    if (method === "head" || method === "tail") {
      const k = e.args[0] ? this.resolver.evaluateAt(e.args[0], pos) : { k: "int" as const, v: 5 };
      if (k?.k !== "int") return null;
      const count = k.v < 0 ? Math.max(0, n + k.v) : Math.min(n, k.v);
      const picked = method === "head" ? base.positions.slice(0, count) : base.positions.slice(n - count);
      return { ...base, positions: picked };
    }
    if (method === "sample") {
      const kw = (name: string) => {
        const x = e.keywords.find((k) => k.arg === name)?.value;
        return x ? this.resolver.evaluateAt(x, pos) : null;
      };
      if (e.keywords.some((k) => k.arg === "replace" || k.arg === "weights" || k.arg === "axis")) return null;
      const size = e.args[0] ? this.resolver.evaluateAt(e.args[0], pos) : kw("n");
      const frac = kw("frac");
      const seed = kw("random_state");
      if (seed?.k !== "int") return null;
      const picked = sampleRows(n, size?.k === "int" ? size.v : null, frac && (frac.k === "float" || frac.k === "int") ? frac.v : null, seed.v);
      return picked && { ...base, positions: picked.map((i) => base.positions[i]!) };
    }
    return null;
  }

  /**
   * The class labels an expression holds, row by row (`y` of `load_wine(return_X_y=True)`, `wine.target`,
   * `df["species"]`), for a stratified split; null when not known.
   */
  private labelsOf(e: A.Expr, pos: number, depth: number): (number | string)[] | null {
    if (depth > 40) return null;
    const { scope } = this.resolver;
    if (e.type === "Attribute" && e.attr === "target") {
      const name = this.datasetName(e.value, pos);
      return name ? (datasetData(name)?.target ?? null) : null;
    }
    if (e.type === "Attribute" && e.attr === "values") return this.labelsOf(e.value, pos, depth + 1);
    // df.quality: a column read as an attribute
    if (e.type === "Attribute") return this.columnLabels(e.value, e.attr, pos, depth);
    if (e.type === "Call" && e.func.type === "Attribute" && (e.func.attr === "to_numpy" || e.func.attr === "copy")) return this.labelsOf(e.func.value, pos, depth + 1);
    if (e.type === "Call" && e.func.type === "Attribute" && e.func.attr === "astype") return this.castLabels(e, pos, depth);
    // a label computed from a column: (df.quality >= 7), df["target"].map({...}), np.where(cond, a, b)
    if (e.type === "Compare") return this.comparedLabels(e, pos, depth);
    if (e.type === "Call" && e.func.type === "Attribute" && (e.func.attr === "map" || e.func.attr === "replace") && e.args.length === 1 && e.keywords.length === 0) {
      return this.mappedLabels(e.func.value, e.args[0]!, e.func.attr === "replace", pos, depth);
    }
    if (e.type === "Call" && this.resolver.scope.qualify(e.func) === "numpy.where" && e.args.length === 3) {
      const cond = this.labelsOf(e.args[0]!, pos, depth + 1);
      const [a, b] = [labelConstant(this.resolver.evaluateAt(e.args[1]!, pos)), labelConstant(this.resolver.evaluateAt(e.args[2]!, pos))];
      return cond && a !== null && b !== null ? cond.map((c) => (c === 1 ? a : b)) : null;
    }
    if (e.type === "Name") {
      const b = scope.bindingAt(e.id, pos);
      if (!b?.value || b.kind !== "assign") return null;
      if (b.element?.length === 1 && b.element[0] === 1 && b.value.type === "Call") {
        const name = this.datasetName(b.value, b.order);
        return name ? (datasetData(name)?.target ?? null) : null;
      }
      if (b.element?.length) return null;
      return this.labelsOf(b.value, b.order, depth + 1);
    }
    if (e.type === "Subscript") {
      const key = this.resolver.evaluateAt(e.slice, pos);
      if (key?.k !== "str") return null;
      return this.columnLabels(e.value, key.v, pos, depth);
    }
    return null;
  }

  /** The values of column `column` of the frame `frame` holds, row by row; null when not known. */
  private columnLabels(frame: A.Expr, column: string, pos: number, depth: number): (number | string)[] | null {
    const added = this.addedColumn(frame, column, pos);
    if (added) return this.labelsOf(added.value, added.pos, depth + 1);
    const rows = this.of(frame, pos, depth + 1);
    if (!rows || rows.one) return null;
    if (rows.source.kind === "dataset") {
      const d = datasetData(rows.source.name);
      const names = DATASETS[rows.source.name];
      if (!d || !names) return null;
      const i = names.feature_names.indexOf(column);
      if (column !== "target" && i < 0) return null;
      return rows.positions.map((p) => (column === "target" ? d.target[p]! : d.data[p]![i]!));
    }
    const { header, rows: data } = rows.source.csv;
    const i = header.indexOf(column);
    if (i < 0) return null;
    const type = this.resolver.frames().of(frame, pos)?.columns.find((c) => c.name === column)?.type ?? null;
    const out: (number | string)[] = [];
    for (const p of rows.positions) {
      const v = typedCell(data[p]![i] ?? "", type);
      // a missing value is no class scikit-learn's split can sort with the others
      if (v === null) return null;
      out.push(typeof v === "number" || typeof v === "string" ? v : v === true ? 1 : v === false ? 0 : String(v));
    }
    return out;
  }

  /**
   * `df["good"] = (df["quality"] >= 7).astype(int)` before `pos`: the last such statement's value and position, when
   * `frame` is a name and nothing rebinds it in between.
   */
  private addedColumn(frame: A.Expr, column: string, pos: number): { value: A.Expr; pos: number } | null {
    if (frame.type !== "Name") return null;
    const { scope } = this.resolver;
    const binding = scope.bindingAt(frame.id, pos);
    const positions = (scope.mutations.get(frame.id) ?? []).filter((p) => p < pos && p > (binding?.order ?? -1)).sort((a, b) => b - a);
    for (const p of positions) {
      const s = scope.statements[p]?.stmt;
      if (s?.type !== "Assign" || s.targets.length !== 1) continue;
      const t = s.targets[0]!;
      if (t.type !== "Subscript" || t.value.type !== "Name" || t.value.id !== frame.id) continue;
      const k = this.resolver.evaluateAt(t.slice, p);
      if (k?.k === "str" && k.v === column) return { value: s.value, pos: p };
    }
    return null;
  }

  /** `labels >= 7` (either side a constant): 1 where true, 0 where false, as numpy's bools sort. */
  private comparedLabels(e: A.Compare, pos: number, depth: number): number[] | null {
    if (e.ops.length !== 1) return null;
    const op = e.ops[0]!;
    const right = e.comparators[0]!;
    const leftConst = labelConstant(this.resolver.evaluateAt(e.left, pos));
    const rightConst = leftConst === null ? labelConstant(this.resolver.evaluateAt(right, pos)) : null;
    const labels = leftConst === null ? this.labelsOf(e.left, pos, depth + 1) : this.labelsOf(right, pos, depth + 1);
    const c = leftConst ?? rightConst;
    if (!labels || c === null) return null;
    const test = (a: number | string, b: number | string): boolean | null => {
      if (op === "==") return a === b;
      if (op === "!=") return a !== b;
      if (typeof a !== typeof b) return null;
      if (op === "<") return a < b;
      if (op === "<=") return a <= b;
      if (op === ">") return a > b;
      if (op === ">=") return a >= b;
      return null;
    };
    const out: number[] = [];
    for (const v of labels) {
      const r = leftConst === null ? test(v, c) : test(c, v);
      if (r === null) return null;
      out.push(r ? 1 : 0);
    }
    return out;
  }

  /** `labels.map({...})` / `.replace({...})` with a literal dict. `map` gives NaN for a missing key: not followed. */
  private mappedLabels(base: A.Expr, arg: A.Expr, replace: boolean, pos: number, depth: number): (number | string)[] | null {
    const d = this.resolver.evaluateAt(arg, pos);
    if (d?.k !== "dict") return null;
    const table = new Map<number | string, number | string>();
    for (const [k, v] of d.entries) {
      const [kk, vv] = [labelConstant(k), labelConstant(v)];
      if (kk === null || vv === null) return null;
      table.set(kk, vv);
    }
    const labels = this.labelsOf(base, pos, depth + 1);
    if (!labels) return null;
    const out: (number | string)[] = [];
    for (const v of labels) {
      const m = table.get(v);
      if (m === undefined && !replace) return null;
      out.push(m ?? v);
    }
    return out;
  }

  /** `labels.astype(...)`: the classes stay the same for int, bool and str of strings; numbers made strings sort otherwise. */
  private castLabels(e: A.Call, pos: number, depth: number): (number | string)[] | null {
    const labels = this.labelsOf((e.func as A.Attribute).value, pos, depth + 1);
    const arg = e.args[0];
    if (!labels || !arg) return labels;
    const target = arg.type === "Name" ? arg.id : this.resolver.evaluateAt(arg, pos)?.k === "str" ? (this.resolver.evaluateAt(arg, pos) as { v: string }).v : this.resolver.scope.qualify(arg) ?? "";
    if (/^(str|object|numpy\.str_?|numpy\.object_?)$/.test(target) && labels.some((v) => typeof v === "number")) return null;
    // float labels made int: truncated, as numpy casts
    if (/^(int|numpy\.int\d*|int\d*|numpy\.uint8|uint8)$/.test(target)) return labels.map((v) => (typeof v === "number" ? Math.trunc(v) : v));
    return labels;
  }

  /** True when a statement between `from` and `to` changes which rows `name` holds in place (`df.dropna(inplace=True)`). */
  private changedInPlace(name: string, from: number, to: number): boolean {
    const { scope } = this.resolver;
    for (const p of scope.mutations.get(name) ?? []) {
      if (p <= from || p >= to) continue;
      const s = scope.statements[p]?.stmt;
      if (s && /\binplace\s*=\s*True\b/.test(s.text) && [...ROW_CHANGING].some((m) => s.text.includes(`.${m}(`))) return true;
    }
    // `df = df[df.x > 0]`-style rebinding is a binding of its own (followed, and refused, by `of`)
    return false;
  }

  private all(source: RowSource): Rows {
    const n = source.kind === "csv" ? source.csv.rows.length : datasetData(source.name)?.data.length ?? 0;
    return { source, positions: Array.from({ length: n }, (_, i) => i) };
  }

  /** The data set a `load_*()` call (or a name bound to one) loads, when nb2svc has its data. */
  private datasetName(e: A.Expr, pos: number): string | null {
    let x: A.Expr | undefined = e;
    if (x.type === "Name") x = this.resolver.scope.bindingAt(x.id, pos)?.value ?? undefined;
    if (x?.type !== "Call") return null;
    const q = this.resolver.scope.qualify(x.func);
    const m = q && /^sklearn\.datasets\.load_(iris|wine|breast_cancer|diabetes|digits)$/.exec(q);
    return m ? m[1]! : null;
  }
}

/** A constant a label can be compared with or mapped to: a number (bools as 0/1) or a string; null otherwise. */
function labelConstant(v: PyValue | { readonly k: string } | undefined): number | string | null {
  if (!v) return null;
  const x = v as PyValue;
  if (x.k === "int" || x.k === "float" || x.k === "str") return x.v;
  if (x.k === "bool") return x.v ? 1 : 0;
  return null;
}

/** Python's slice over n items, as positions; null for a zero step. */
function sliceIndices(n: number, start: number | null, stop: number | null, step: number): number[] | null {
  if (step === 0) return null;
  const clamp = (v: number | null, dflt: number, lower: number, upper: number) => (v === null ? dflt : v < 0 ? Math.max(v + n, lower) : Math.min(v, upper));
  const lower = step < 0 ? -1 : 0;
  const upper = step < 0 ? n - 1 : n;
  const a = clamp(start, step < 0 ? upper : lower, lower, upper);
  const b = clamp(stop, step < 0 ? lower : upper, lower, upper);
  const out: number[] = [];
  for (let i = a; step > 0 ? i < b : i > b; i += step) out.push(i);
  return out;
}

const cache = new Map<string, { data: number[][]; target: number[] } | null>();

/** A bundled data set's rows (scikit-learn 1.2's, in src/analyze/datasets/), read once. */
export function datasetData(name: string): { data: number[][]; target: number[] } | null {
  if (cache.has(name)) return cache.get(name)!;
  let value: { data: number[][]; target: number[] } | null = null;
  try {
    // found from the package's root: this module may run bundled, far from its source folder
    const file = path.join(packageRoot(), "src", "analyze", "datasets", `${name}.json.gz`);
    value = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as { data: number[][]; target: number[] };
  } catch {
    value = null;
  }
  cache.set(name, value);
  return value;
}

/** The rows as a request's value: CSV rows as records typed by `columns`, a data set's rows as numbers. */
export function rowsValue(rows: Rows, columns: readonly { readonly name: string; readonly type: string | null }[] | null): Json | undefined {
  if (rows.column !== undefined) {
    // one column's values: numbers where every cell reads as one, as pandas would type the column
    const cells = columnCells(rows);
    if (!cells) return undefined;
    const numeric = cells.every((c) => c !== null && typeof c === "number") || cells.every((c) => typeof c === "string" && c !== "" && Number.isFinite(Number(c)));
    const values = cells.map((c) => (numeric && typeof c === "string" ? Number(c) : c));
    return rows.one ? values[0] : values;
  }
  if (rows.source.kind === "csv") {
    if (!columns) return undefined;
    const { header, rows: data } = rows.source.csv;
    const records = rows.positions.map((p) => {
      const row = data[p]!;
      const record: { [k: string]: Json } = {};
      for (const c of columns) {
        const i = header.indexOf(c.name);
        if (i < 0) continue;
        record[c.name] = typedCell(row[i] ?? "", c.type);
      }
      return record;
    });
    return rows.one ? records[0] : records;
  }
  const d = datasetData(rows.source.name);
  const names = DATASETS[rows.source.name];
  if (!d || !names) return undefined;
  if (columns) {
    // a data set's frame (`as_frame=True`): records of its feature names, and its target
    const records = rows.positions.map((p) => {
      const record: { [k: string]: Json } = {};
      for (const c of columns) {
        const i = names.feature_names.indexOf(c.name);
        if (i >= 0) record[c.name] = d.data[p]![i]!;
        else if (c.name === "target") record[c.name] = d.target[p]!;
      }
      return record;
    });
    return rows.one ? records[0] : records;
  }
  const picked = rows.positions.map((p) => d.data[p]!);
  return rows.one ? picked[0] : picked;
}

/** The raw cells of the one column `rows` holds, or null when the column is not in its source. */
function columnCells(rows: Rows): (string | number | null)[] | null {
  if (rows.source.kind === "csv") {
    const { header, rows: data } = rows.source.csv;
    const i = header.indexOf(rows.column!);
    return i < 0 ? null : rows.positions.map((p) => data[p]![i] ?? null);
  }
  const d = datasetData(rows.source.name);
  const names = DATASETS[rows.source.name];
  if (!d || !names) return null;
  const i = names.feature_names.indexOf(rows.column!);
  if (i >= 0) return rows.positions.map((p) => d.data[p]![i]!);
  return rows.column === "target" ? rows.positions.map((p) => d.target[p]!) : null;
}

/** A CSV cell as pandas reads it into a column of `type`: numbers, booleans, missing values as null. */
export function typedCell(text: string, type: string | null): Json {
  const missing = text === "" || /^(nan|NaN|NA|N\/A|null|NULL|None)$/.test(text);
  if (type === "int64") return Number.parseInt(text, 10);
  if (type === "float64") return missing ? null : pandasFloat(text);
  if (type === "bool") return /^true$/i.test(text);
  return missing ? null : text;
}

/** A cell value as pandas holds it in a column: a number, a string, a bool, or null for a missing value. */
type Cell = number | string | boolean | null;

/**
 * pandas 1.5's reduction `method` of a column of dtype `type` (skipna): sums are numpy's pairwise float sums, mean is
 * the sum over count, var/std the mean of squared deviations over count - ddof (nanops.nanvar), the median of an even
 * count the mean of the two middle values, mode the sorted most frequent values. Undefined where pandas gives NaN or
 * raises (nothing to reduce, a mean of strings).
 */
export function columnStatistic(cells: readonly Cell[], type: string, method: string, ddof = 1): PyValue | undefined {
  const present = cells.filter((c): c is number | string | boolean => c !== null && !(typeof c === "number" && Number.isNaN(c)));
  if (method === "count") return { k: "int", v: present.length };
  if (method === "nunique") return { k: "int", v: new Set(present).size };
  if (method === "unique") return uniqueValues(present, type, present.length < cells.length);
  const boxed = (v: number | string | boolean): PyValue =>
    typeof v === "string" ? { k: "str", v } : typeof v === "boolean" ? { k: "bool", v } : type === "int64" ? { k: "int", v } : { k: "float", v };
  if (method === "mode") {
    const counts = new Map<number | string | boolean, number>();
    for (const c of present) counts.set(c, (counts.get(c) ?? 0) + 1);
    const top = Math.max(0, ...counts.values());
    const modes = [...counts.keys()].filter((k) => counts.get(k) === top);
    modes.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { k: "list", items: modes.map(boxed) };
  }
  if (present.length === 0) return undefined;
  if (method === "min" || method === "max") {
    // pandas fills a missing string with ±inf to skip it, and then cannot compare them: TypeError
    if (type === "bool" || (type === "object" && present.length < cells.length)) return undefined;
    let best = present[0]!;
    for (const c of present) if (method === "min" ? c < best : c > best) best = c;
    return boxed(best);
  }
  if (type !== "int64" && type !== "float64") return undefined;
  const nums = cells.map((c) => (typeof c === "number" && !Number.isNaN(c) ? c : 0));
  const n = present.length;
  if (method === "sum") return type === "int64" ? { k: "int", v: nums.reduce((a, b) => a + b, 0) } : { k: "float", v: pairwiseSum(nums) };
  if (method === "median") {
    const sorted = (present as number[]).slice().sort((a, b) => a - b);
    const h = Math.floor(n / 2);
    return { k: "float", v: n % 2 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2 };
  }
  const avg = pairwiseSum(nums) / n;
  if (method === "mean") return { k: "float", v: avg };
  if (n - ddof <= 0) return undefined;
  const sq = cells.map((c) => (typeof c === "number" && !Number.isNaN(c) ? (avg - c) ** 2 : 0));
  const variance = pairwiseSum(sq) / (n - ddof);
  return { k: "float", v: method === "var" ? variance : Math.sqrt(variance) };
}

/**
 * `Series.unique()`: the values in order of first appearance (class names, `sorted(df.label.unique())`). Of an object
 * column, a list of its strings (as the runtime's pandas returns it); of a numeric or bool column, an array of its
 * dtype. Undefined when a value is missing (pandas keeps NaN or None among them) or a string column holds others.
 */
function uniqueValues(present: readonly (number | string | boolean)[], type: string, missing: boolean): PyValue | undefined {
  if (missing) return undefined;
  const seen = [...new Set(present)];
  if (type === "object") return seen.every((v) => typeof v === "string") ? { k: "list", items: seen.map((v) => ({ k: "str", v: v as string })) } : undefined;
  return { k: "ndarray", dtype: type === "bool" ? "bool" : type === "int64" ? "int64" : "float64", value: seen as Json };
}

/**
 * numpy's sum of a contiguous float64 array: its reduction walks the array in buffers of 8192 elements and adds the
 * pairwise sum (blocks of 8 lanes, 128 to a leaf) of each to the running total.
 */
function pairwiseSum(a: readonly number[]): number {
  let acc = 0;
  for (let c = 0; c < a.length; c += 8192) acc += pairwise(a, c, Math.min(8192, a.length - c));
  return acc;
}

function pairwise(a: readonly number[], off: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[off + i]!;
    return res;
  }
  if (n <= 128) {
    const r = a.slice(off, off + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[off + i + j]!;
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[off + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, off, n2) + pairwise(a, off + n2, n - n2);
}

/** Powers of ten as C's literals give them (`10 ** k` is not always correctly rounded in JavaScript). */
const POW10 = Array.from({ length: 309 }, (_, k) => Number(`1e${k}`));

/**
 * A float cell as pandas' default CSV parser reads it (precise_xstrtod in pandas/_libs/src/parser/tokenizer.c): at
 * most 17 digits, leading zeros included, accumulated in a double and scaled by a power of ten, so a long decimal
 * such as 0.0010143788467908224 reads as 0.0010143788467908, not as the nearest double. Other spellings (inf, nan)
 * as JavaScript reads them.
 */
export function pandasFloat(text: string): number {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return Number(text);
  const [, sign, whole, frac = "", exp] = m;
  let number = 0;
  let exponent = 0;
  let digits = 0;
  for (const d of whole!) {
    if (digits < 17) {
      number = number * 10 + (d.charCodeAt(0) - 48);
      digits++;
    } else exponent++;
  }
  let decimals = 0;
  for (const d of frac) {
    if (digits >= 17) break;
    number = number * 10 + (d.charCodeAt(0) - 48);
    digits++;
    decimals++;
  }
  exponent -= decimals;
  if (sign === "-") number = -number;
  // the exponent's digits, at most 17 of them, as the C code reads them
  if (exp !== undefined) {
    const expSign = exp.startsWith("-") ? -1 : 1;
    const expDigits = exp.replace(/^[+-]/, "").slice(0, 17);
    exponent += expSign * Number.parseInt(expDigits, 10);
  }
  if (exponent > 308) return number < 0 ? -Infinity : number === 0 ? 0 : Infinity;
  if (exponent > 0) return number * POW10[exponent]!;
  if (exponent < -308) return exponent < -616 ? (number < 0 ? -0 : 0) : number / POW10[-308 - exponent]! / POW10[308]!;
  return number / POW10[-exponent]!;
}
