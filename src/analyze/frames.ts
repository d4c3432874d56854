// What nb2svc can know of a pandas DataFrame without running the notebook: its columns (names and dtypes), from a
// CSV shipped beside the notebook, a scikit-learn data set's `.frame`, `pd.DataFrame(X, columns=...)`, and the
// operations that keep, drop, add or select columns. A recovered path that starts from rows of such a frame takes
// requests as records with these columns.
import { readInside } from "../notebook-files.ts";
import { DATASETS } from "./datasets.ts";
import type * as A from "../python/pyast.ts";
import type { Resolver } from "./resolve.ts";
import type { Binding } from "../python/scope.ts";

export interface Column {
  readonly name: string;
  /** The pandas dtype: int64, float64, bool, object; null when not known. */
  readonly type: string | null;
  /** The inference path never reads it (the target column of a test split): a request may leave it out. */
  readonly optional?: boolean;
}

export interface FrameInfo {
  readonly columns: readonly Column[];
  /** Rows of a CSV the frame was read from (strings as read, before dtype conversion), when small. */
  readonly csv?: { readonly file: string; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] };
}

/** Methods that return a frame with the same columns. */
const SAME_COLUMNS = new Set(["to_numpy", "copy", "dropna", "fillna", "reset_index", "head", "tail", "sample", "sort_values", "sort_index", "query", "drop_duplicates", "astype", "replace", "infer_objects", "convert_dtypes"]);
/** Largest CSV read for its rows (goldens); columns are read from any size. */
const MAX_CSV_BYTES = 4 * 1024 * 1024;

export class Frames {
  private readonly memo = new Map<string, FrameInfo | null>();
  /** CSV files read and parsed, by path and separator: a notebook reads the same file at many points. */
  private readonly parsed = new Map<string, { text: string; rows: string[][] } | null>();

  constructor(private readonly resolver: Resolver) {}

  /** The frame a name holds just before position `pos` (module level), or null when its columns are not known. */
  ofName(name: string, pos: number): FrameInfo | null {
    const b = this.resolver.scope.bindingAt(name, pos);
    if (!b) return null;
    const key = `${name}@${b.order}:${pos}`;
    if (this.memo.has(key)) return this.memo.get(key)!;
    this.memo.set(key, null);
    let info = this.ofBinding(b);
    if (info) info = this.withAssignedColumns(name, b.order, pos, info);
    this.memo.set(key, info);
    return info;
  }

  private ofBinding(b: Binding): FrameInfo | null {
    if (b.kind !== "assign" || !b.value) return null;
    const v = b.value;
    // X_train, X_test, y_train, y_test = train_test_split(X, y, ...): X_train and X_test are rows of X
    if (b.element?.length === 1 && v.type === "Call" && this.resolver.scope.qualify(v.func) === "sklearn.model_selection.train_test_split") {
      const source = v.args[Math.floor(b.element[0]! / 2)];
      return source ? this.of(source, b.order) : null;
    }
    // X, y = load_wine(return_X_y=True, as_frame=True): X is the features' frame
    if (b.element?.length === 1 && b.element[0] === 0 && v.type === "Call") {
      const asFrame = v.keywords.some((k) => k.arg === "as_frame" && k.value.type === "Constant" && k.value.value === true);
      const ds = asFrame ? this.dataset(v, b.order) : null;
      if (ds) return { columns: ds.feature_names.map((n) => ({ name: n, type: "float64" })) };
    }
    if (b.element?.length) return null;
    return this.of(v, b.order);
  }

  /** The frame an expression evaluates to at `pos`, or null. */
  of(e: A.Expr, pos: number): FrameInfo | null {
    const { scope } = this.resolver;
    switch (e.type) {
      case "Name":
        return this.ofName(e.id, pos);
      case "Subscript": {
        // df[["a", "b"]], df[FEATURES]: those columns; df.iloc[...], df.loc[rows]: the same columns
        if (e.value.type === "Attribute" && (e.value.attr === "iloc" || e.value.attr === "loc")) {
          const base = this.of(e.value.value, pos);
          if (!base) return null;
          if (e.value.attr === "loc" && e.slice.type === "Tuple" && e.slice.elts[1]) return this.select(base, e.slice.elts[1], pos);
          return base;
        }
        const base = this.of(e.value, pos);
        if (!base) return null;
        const key = this.resolver.evaluateAt(e.slice, pos);
        if (key && (key.k === "list" || key.k === "tuple") && key.items.every((x) => x.k === "str")) return this.select(base, e.slice, pos);
        return null;
      }
      case "Attribute": {
        // df.values: an array whose columns are the frame's
        if (e.attr === "values") {
          const base = this.of(e.value, pos);
          if (base) return base;
        }
        // load_iris(as_frame=True).frame, data.frame: the features and the target
        if (e.attr === "frame" || e.attr === "data") {
          const ds = this.dataset(e.value, pos);
          if (ds) {
            const features = ds.feature_names.map((n) => ({ name: n, type: "float64" }));
            return { columns: e.attr === "frame" ? [...features, { name: "target", type: ds.target_names ? "int64" : "float64" }] : features };
          }
        }
        return null;
      }
      case "Call": {
        const q = scope.qualify(e.func);
        if (q === "pandas.read_csv" || q === "pandas.read_table") return this.readCsv(e, pos);
        if (q === "pandas.get_dummies") return this.getDummies(e, pos);
        if (q === "pandas.DataFrame") {
          const cols = e.keywords.find((k) => k.arg === "columns")?.value ?? e.args[2];
          const names = cols && this.resolver.evaluateAt(cols, pos);
          if (names && (names.k === "list" || names.k === "tuple") && names.items.every((x) => x.k === "str")) {
            // a scikit-learn data set's features are float64
            const data = e.args[0];
            const fromDataset = data?.type === "Attribute" && data.attr === "data" && this.dataset(data.value, pos) !== null;
            return { columns: names.items.map((x) => ({ name: (x as { v: string }).v, type: fromDataset ? "float64" : null })) };
          }
          return null;
        }
        if (e.func.type !== "Attribute") return null;
        const method = e.func.attr;
        const base = this.of(e.func.value, pos);
        if (!base) return null;
        if (SAME_COLUMNS.has(method)) return base;
        if (method === "drop") {
          const axis = e.keywords.find((k) => k.arg === "axis")?.value;
          const colsArg = e.keywords.find((k) => k.arg === "columns")?.value ?? (axis && isOne(axis) ? e.args[0] : undefined);
          const names = colsArg && this.resolver.evaluateAt(colsArg, pos);
          const dropped = names?.k === "str" ? [names.v] : names && (names.k === "list" || names.k === "tuple") ? names.items.filter((x) => x.k === "str").map((x) => (x as { v: string }).v) : null;
          return dropped ? { ...base, columns: base.columns.filter((c) => !dropped.includes(c.name)) } : null;
        }
        if (method === "rename") {
          const mapping = e.keywords.find((k) => k.arg === "columns")?.value;
          const m = mapping && this.resolver.evaluateAt(mapping, pos);
          if (m?.k !== "dict") return null;
          const to = new Map(m.entries.filter(([k, v]) => k.k === "str" && v.k === "str").map(([k, v]) => [(k as { v: string }).v, (v as { v: string }).v]));
          return { ...base, columns: base.columns.map((c) => ({ ...c, name: to.get(c.name) ?? c.name })) };
        }
        return null;
      }
      default:
        return null;
    }
  }

  /**
   * pd.get_dummies(df, columns=[...]): the other columns first, then `<column>_<category>` for each listed column in
   * its sorted categories (read from the CSV the frame came from), as pandas 1.5 orders them.
   */
  private getDummies(e: A.Call, pos: number): FrameInfo | null {
    const data = e.args[0] ?? e.keywords.find((k) => k.arg === "data")?.value;
    const base = data ? this.of(data, pos) : null;
    if (!base?.csv) return null;
    const kw = (name: string) => e.keywords.find((k) => k.arg === name)?.value;
    const listed = kw("columns") ? this.resolver.evaluateAt(kw("columns")!, pos) : undefined;
    const names = listed && (listed.k === "list" || listed.k === "tuple") ? listed.items.filter((x) => x.k === "str").map((x) => (x as { v: string }).v) : base.columns.filter((c) => c.type === "object").map((c) => c.name);
    const sepV = kw("prefix_sep") ? this.resolver.evaluateAt(kw("prefix_sep")!, pos) : undefined;
    const sep = sepV?.k === "str" ? sepV.v : "_";
    const dropFirst = kw("drop_first")?.type === "Constant" && (kw("drop_first") as A.Constant).value === true;
    const dtypeArg = kw("dtype");
    const dtype = dtypeArg ? (/float/.test(dtypeArg.text) ? "float64" : /bool/.test(dtypeArg.text) ? "bool" : "int64") : "uint8";
    const dummies: Column[] = [];
    for (const name of names) {
      const i = base.csv.header.indexOf(name);
      if (i < 0) return null;
      const type = base.columns.find((c) => c.name === name)?.type;
      const values = [...new Set(base.csv.rows.map((r) => r[i] ?? "").filter((v) => v !== ""))];
      const sorted = type === "object" ? values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : values.map(Number).sort((a, b) => a - b).map((n) => (type === "float64" ? String(n).includes(".") ? String(n) : `${n}.0` : String(n)));
      for (const cat of dropFirst ? sorted.slice(1) : sorted) dummies.push({ name: `${name}${sep}${cat}`, type: dtype });
    }
    return { columns: [...base.columns.filter((c) => !names.includes(c.name)), ...dummies] };
  }

  private select(base: FrameInfo, key: A.Expr, pos: number): FrameInfo | null {
    const v = this.resolver.evaluateAt(key, pos);
    if (!v || (v.k !== "list" && v.k !== "tuple")) return null;
    const names = v.items.filter((x) => x.k === "str").map((x) => (x as { v: string }).v);
    return { ...base, columns: names.map((n) => base.columns.find((c) => c.name === n) ?? { name: n, type: null }) };
  }

  /** Columns assigned after the frame was bound and before `pos` (`df["ratio"] = df.a / df.b`). */
  private withAssignedColumns(name: string, from: number, to: number, info: FrameInfo): FrameInfo {
    const { scope } = this.resolver;
    const positions = (scope.mutations.get(name) ?? []).filter((p) => p > from && p < to);
    let columns = [...info.columns];
    for (const p of positions) {
      const s = scope.statements[p]?.stmt;
      if (s?.type !== "Assign") continue;
      for (const t of s.targets) {
        if (t.type !== "Subscript" || t.value.type !== "Name" || t.value.id !== name) continue;
        const key = this.resolver.evaluateAt(t.slice, p);
        if (key?.k === "str" && !columns.some((c) => c.name === key.v)) columns = [...columns, { name: key.v, type: null }];
      }
    }
    return { ...info, columns };
  }

  /** The data set a `load_*()` call (or a name bound to one) returns, by its names. */
  private dataset(e: A.Expr, pos: number): (typeof DATASETS)[string] | null {
    const { scope } = this.resolver;
    let x: A.Expr | undefined = e;
    let at = pos;
    if (x.type === "Name") {
      const b = scope.bindingAt(x.id, pos);
      x = b?.value ?? undefined;
      at = b?.order ?? pos;
    }
    if (x?.type !== "Call") return null;
    const q = scope.qualify(x.func);
    const m = q && /^sklearn\.datasets\.(?:load|fetch)_(\w+)$/.exec(q);
    void at;
    return m ? (DATASETS[m[1]!] ?? null) : null;
  }

  private readCsv(e: A.Call, pos: number): FrameInfo | null {
    const p = e.args[0] ?? e.keywords.find((k) => k.arg === "filepath_or_buffer")?.value;
    const v = p && this.resolver.evaluateAt(p, pos);
    if (!v || (v.k !== "str" && v.k !== "path")) return null;
    const sepArg = e.keywords.find((k) => k.arg === "sep" || k.arg === "delimiter")?.value;
    const sepV = sepArg && this.resolver.evaluateAt(sepArg, pos);
    const sep = sepV?.k === "str" ? sepV.v : e.func.type === "Attribute" && e.func.attr === "read_table" ? "\t" : ",";
    if (sep.length !== 1) return null;
    const key = `${v.v}\0${sep}`;
    if (!this.parsed.has(key)) {
      const read = readInside(v.v, this.resolver.dir);
      this.parsed.set(key, read === undefined ? null : { text: read, rows: parseCsv(read.length > MAX_CSV_BYTES ? read.slice(0, read.indexOf("\n", MAX_CSV_BYTES) + 1 || MAX_CSV_BYTES) : read, sep) });
    }
    const cached = this.parsed.get(key);
    if (!cached) return null;
    const { text } = cached;
    const rows = cached.rows.slice();
    const header = rows.shift();
    if (!header) return null;
    const usecols = e.keywords.find((k) => k.arg === "usecols")?.value;
    const keep = usecols ? this.resolver.evaluateAt(usecols, pos) : undefined;
    const columns = header.map((name, i) => ({ name, type: columnType(rows.map((r) => r[i] ?? "")) }));
    const index = e.keywords.find((k) => k.arg === "index_col")?.value;
    let picked = columns;
    if (keep && (keep.k === "list" || keep.k === "tuple")) picked = columns.filter((c) => keep.items.some((x) => x.k === "str" && x.v === c.name));
    if (index) {
      const iv = this.resolver.evaluateAt(index, pos);
      if (iv?.k === "int") picked = picked.filter((_, i) => i !== iv.v);
      else if (iv?.k === "str") picked = picked.filter((c) => c.name !== iv.v);
    }
    // the file's cells whichever columns were kept (`usecols`) or made the index (`index_col`): rows keep their
    // positions, and every reader picks cells by column name
    return { columns: picked, ...(text.length <= MAX_CSV_BYTES ? { csv: { file: v.v, header, rows } } : {}) };
  }
}

function isOne(e: A.Expr): boolean {
  return (e.type === "Constant" && e.value === 1) || (e.type === "Constant" && e.value === "columns");
}

/** pandas' dtype for a CSV column from its text values (empty cells are missing values). */
function columnType(values: readonly string[]): string {
  const present = values.filter((v) => v !== "" && !/^(nan|NaN|NA|N\/A|null|NULL|None)$/.test(v));
  if (present.length === 0) return "float64";
  if (present.every((v) => /^[+-]?\d+$/.test(v))) return present.length === values.length ? "int64" : "float64";
  if (present.every((v) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|Infinity)$/.test(v))) return "float64";
  if (present.length === values.length && present.every((v) => /^(True|False|true|false|TRUE|FALSE)$/.test(v))) return "bool";
  return "object";
}

/** RFC 4180 CSV: quoted fields with doubled quotes and newlines inside; a trailing newline ends the last row. */
export function parseCsv(text: string, sep = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      i++;
    } else if (c === sep) {
      row.push(field);
      field = "";
      i++;
    } else if (c === "\n" || c === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += c === "\r" && s[i + 1] === "\n" ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}
