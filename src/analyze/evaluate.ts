// Static evaluation of the Python expressions whose values the tool needs without running the notebook: model
// paths, literal constants, golden inputs, and the reprs a notebook printed. Pure: it runs no notebook code; the one
// effect it has is reading JSON files the notebook wrote next to itself (`json.load(open("stats.json"))`), and only
// inside the notebook's folder.
import path from "node:path";
import type * as A from "../python/pyast.ts";
import { strRepr } from "../runtime/core.ts";
import { floatRepr } from "../runtime/pyformat.ts";
import { dtypeOf, numpyDType } from "../python/dtypes.ts";
import { kindInside, listInside, readBytesInside, readInside } from "../notebook-files.ts";
import { parseJsonValue } from "./json-value.ts";
import { npyToNested, parseNpy, parseNpz } from "./npy.ts";
import { DATASETS } from "./datasets.ts";
import { decodeModel, describeModel } from "../inspect/onnx-graph.ts";
import { PickleError, readPickleFile, unreadSklearnLayout, type PickleErrorKind } from "../pickle/index.ts";

/** scikit-learn's Bunch (a dict whose keys are attributes too), as pickles and data sets name it. */
export const BUNCH = "sklearn.utils._bunch.Bunch";
import type { DType, Json, PyValue } from "./types.ts";

/** A value known at conversion time: Python data, or a path or open file the notebook names. */
export type Value =
  | PyValue
  | { readonly k: "path"; readonly v: string }
  | { readonly k: "file"; readonly path: string; readonly mode: string }
  /** An onnxruntime session over a model file the notebook names: its inputs' and outputs' names, shapes and types. */
  | { readonly k: "session"; readonly path: string };

/** Looks up a name's value at the point of evaluation; undefined when unknown. */
export type Env = (name: string) => Value | undefined;

export interface EvalContext {
  readonly env: Env;
  /** Qualified name of an expression used as a callee (`np.array` -> `numpy.array`), from the notebook's imports. */
  readonly qualify: (e: A.Expr) => string | null;
  /** The notebook's folder: relative paths resolve against it, and files are read only inside it. */
  readonly dir: string;
  /** The columns of the DataFrame a module-level name holds here, when they are known (frames.ts). */
  readonly columnsOf?: (name: string) => readonly string[] | null;
  /** The value a call of one of the notebook's own functions returns, when it is known (resolve.ts). */
  readonly callUser?: (name: string, call: A.Call, element?: number) => Value | undefined;
  /** A statistic of a column of a frame whose rows are known exactly (`train["Age"].median()`), as pandas computes it (rows.ts). */
  readonly statistic?: (call: A.Call) => Value | undefined;
}

export const NONE: PyValue = { k: "none" };
export const str = (v: string): PyValue => ({ k: "str", v });

/** Evaluates an expression to a Value, or undefined when it is not known at conversion time. */
export function evaluate(e: A.Expr, ctx: EvalContext): Value | undefined {
  switch (e.type) {
    case "Constant":
      switch (e.kind) {
        case "int":
          return e.bigValue ? undefined : { k: "int", v: e.value as number };
        case "float":
          return { k: "float", v: e.value as number };
        case "str":
          return { k: "str", v: e.value as string };
        case "bool":
          return { k: "bool", v: e.value as boolean };
        case "none":
          return NONE;
        default:
          return undefined;
      }
    case "JoinedStr": {
      let out = "";
      for (const p of e.parts) {
        if (typeof p === "string") out += p;
        else {
          if (p.spec || p.conversion === "r" || p.conversion === "a") return undefined;
          const v = evaluate(p.value, ctx);
          const s = v === undefined ? undefined : pyStr(v);
          if (s === undefined) return undefined;
          out += (p.selfDoc ?? "") + s;
        }
      }
      return { k: "str", v: out };
    }
    case "Name":
      if (e.id === "nan" || e.id === "inf") return undefined;
      return ctx.env(e.id);
    case "List":
    case "Tuple":
    case "Set": {
      const items = evalAll(e.elts, ctx);
      return items && { k: e.type === "List" ? "list" : e.type === "Tuple" ? "tuple" : "set", items };
    }
    case "Dict": {
      const entries: [PyValue, PyValue][] = [];
      for (const [i, key] of e.keys.entries()) {
        const value = asData(evaluate(e.values[i]!, ctx));
        if (value === undefined) return undefined;
        if (key === null) {
          if (value.k !== "dict") return undefined;
          for (const entry of value.entries) setEntry(entries, entry[0], entry[1]);
          continue;
        }
        const k = asData(evaluate(key, ctx));
        if (k === undefined) return undefined;
        setEntry(entries, k, value);
      }
      return { k: "dict", entries };
    }
    case "UnaryOp": {
      const v = evaluate(e.operand, ctx);
      if (!v) return undefined;
      if (e.op === "not") {
        const t = truthy(v);
        return t === undefined ? undefined : { k: "bool", v: !t };
      }
      if (v.k === "int" || v.k === "float") return { k: v.k, v: e.op === "-" ? -v.v : e.op === "+" ? v.v : ~v.v };
      if (v.k === "bool" && e.op !== "~") return { k: "int", v: e.op === "-" ? -Number(v.v) : Number(v.v) };
      return undefined;
    }
    case "BinOp":
      return binop(e, ctx);
    case "Subscript": {
      const base = evaluate(e.value, ctx);
      const key = evaluate(e.slice, ctx);
      if (!base || !key) return undefined;
      if (base.k === "dict") return base.entries.find(([k]) => sameKey(k, key))?.[1];
      if (base.k === "object" && base.cls === BUNCH && base.state.k === "dict") return base.state.entries.find(([k]) => sameKey(k, key))?.[1];
      if ((base.k === "list" || base.k === "tuple") && key.k === "int") {
        const i = key.v < 0 ? key.v + base.items.length : key.v;
        return base.items[i];
      }
      return undefined;
    }
    case "Call":
      return call(e, ctx);
    case "Attribute":
      return attribute(e, ctx);
    case "Compare":
      return compare(e, ctx);
    case "BoolOp": {
      // Python's and/or give one of their operands
      let last: Value | undefined;
      for (const x of e.values) {
        last = evaluate(x, ctx);
        const t = last && truthy(last);
        if (t === undefined) return undefined;
        if (e.op === "and" ? !t : t) return last;
      }
      return last;
    }
    case "IfExp": {
      const c = evaluate(e.test, ctx);
      const t = c && truthy(c);
      return t === undefined ? undefined : evaluate(t ? e.body : e.orelse, ctx);
    }
    case "ListComp":
    case "SetComp":
    case "GeneratorExp":
    case "DictComp":
      return comprehension(e, ctx);
    default:
      return undefined;
  }
}

/** The items iterating over a value gives: a file gives its lines (with their newlines), a dict its keys. */
/** Python's sorted() of strings or of numbers (a new array); undefined for anything else. */
export function sortedItems(items: readonly PyValue[]): PyValue[] | undefined {
  if (items.every((x) => x.k === "str")) return [...items].sort((a, b) => ((a as { v: string }).v < (b as { v: string }).v ? -1 : (a as { v: string }).v > (b as { v: string }).v ? 1 : 0));
  if (items.every((x) => x.k === "int" || x.k === "float")) return [...items].sort((a, b) => (a as { v: number }).v - (b as { v: number }).v);
  return undefined;
}

function iterate(v: Value, dir: string): PyValue[] | undefined {
  if (v.k === "list" || v.k === "tuple" || v.k === "set") return [...v.items];
  if (v.k === "str") return Array.from(v.v, (c) => str(c));
  if (v.k === "dict") return v.entries.map(([k]) => k);
  // a 1-d array of strings (a column's unique() labels): its items are str
  if (v.k === "ndarray" && v.dtype === "str" && Array.isArray(v.value) && v.value.every((x) => typeof x === "string")) return v.value.map((x) => str(x as string));
  if (v.k === "file") {
    const text = readInside(v.path, dir);
    return text === undefined ? undefined : (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).map(str);
  }
  return undefined;
}

const MAX_COMPREHENSION_ITEMS = 1_000_000;

function comprehension(e: A.Comprehension | A.DictComp, ctx: EvalContext): Value | undefined {
  const results: PyValue[] = [];
  const entries: [PyValue, PyValue][] = [];
  const bind = (target: A.Expr, v: PyValue, locals: Map<string, Value>): boolean => {
    if (target.type === "Name") {
      locals.set(target.id, v);
      return true;
    }
    if ((target.type === "Tuple" || target.type === "List") && (v.k === "tuple" || v.k === "list") && v.items.length === target.elts.length) {
      return target.elts.every((t, i) => bind(t, v.items[i]!, locals));
    }
    return false;
  };
  const run = (i: number, locals: Map<string, Value>): boolean => {
    const scoped: EvalContext = { ...ctx, env: (n) => (locals.has(n) ? locals.get(n) : ctx.env(n)) };
    if (i === e.generators.length) {
      if (e.type === "DictComp") {
        const k = asData(evaluate(e.key, scoped));
        const v = asData(evaluate(e.value, scoped));
        if (k === undefined || v === undefined) return false;
        setEntry(entries, k, v);
        return true;
      }
      const v = asData(evaluate(e.elt, scoped));
      if (v === undefined) return false;
      results.push(v);
      return results.length < MAX_COMPREHENSION_ITEMS;
    }
    const g = e.generators[i]!;
    const src = evaluate(g.iter, scoped);
    const items = src && iterate(src, ctx.dir);
    if (!items) return false;
    for (const item of items) {
      const inner = new Map(locals);
      if (!bind(g.target, item, inner)) return false;
      const innerCtx: EvalContext = { ...ctx, env: (n) => (inner.has(n) ? inner.get(n) : ctx.env(n)) };
      let keep = true;
      for (const cond of g.ifs) {
        const c = evaluate(cond, innerCtx);
        const t = c && truthy(c);
        if (t === undefined) return false;
        keep &&= t;
      }
      if (keep && !run(i + 1, inner)) return false;
    }
    return true;
  };
  if (!run(0, new Map())) return undefined;
  if (e.type === "DictComp") return { k: "dict", entries };
  return { k: e.type === "SetComp" ? "set" : "list", items: results };
}

/** A value as data inside a container: a path becomes its string, an open file or a session has no data form. */
function asData(v: Value | undefined): PyValue | undefined {
  if (!v || v.k === "file" || v.k === "session") return undefined;
  return v.k === "path" ? str(v.v) : v;
}

function evalAll(es: readonly A.Expr[], ctx: EvalContext): PyValue[] | undefined {
  const out: PyValue[] = [];
  for (const x of es) {
    if (x.type === "Starred") {
      const v = evaluate(x.value, ctx);
      if (!v || !("items" in v)) return undefined;
      out.push(...v.items);
      continue;
    }
    const v = asData(evaluate(x, ctx));
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

function setEntry(entries: [PyValue, PyValue][], k: PyValue, v: PyValue): void {
  const i = entries.findIndex(([x]) => sameKey(x, k));
  if (i >= 0) entries[i] = [entries[i]![0], v];
  else entries.push([k, v]);
}

/** `a < b`, `x in xs`, `c not in (t, "w")`, chained, for numbers, strings and containers of them. */
function compare(e: A.Compare, ctx: EvalContext): Value | undefined {
  let left = evaluate(e.left, ctx);
  for (let i = 0; i < e.ops.length; i++) {
    const right = evaluate(e.comparators[i]!, ctx);
    if (!left || !right) return undefined;
    const r = compareOne(e.ops[i]!, left, right);
    if (r === undefined) return undefined;
    if (!r) return { k: "bool", v: false };
    left = right;
  }
  return { k: "bool", v: true };
}

function compareOne(op: A.CmpOperator, a: Value, b: Value): boolean | undefined {
  switch (op) {
    case "==":
      return sameKey(a, b) || (a.k === "list" && b.k === "list" && a.items.length === b.items.length && a.items.every((x, i) => sameKey(x, b.items[i]!)));
    case "!=":
      return !compareOne("==", a, b);
    case "in":
    case "not in": {
      let found: boolean | undefined;
      if (b.k === "str" && a.k === "str") found = b.v.includes(a.v);
      else if (b.k === "list" || b.k === "tuple" || b.k === "set") found = b.items.some((x) => sameKey(x, a));
      else if (b.k === "dict") found = b.entries.some(([k]) => sameKey(k, a));
      if (found === undefined) return undefined;
      return op === "in" ? found : !found;
    }
    case "is":
    case "is not": {
      if (a.k !== "none" && b.k !== "none") return undefined;
      const same = a.k === b.k;
      return op === "is" ? same : !same;
    }
    default: {
      const num = (x: Value) => (x.k === "int" || x.k === "float" ? x.v : x.k === "bool" ? Number(x.v) : undefined);
      const x = num(a);
      const y = num(b);
      if (x !== undefined && y !== undefined) return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
      if (a.k === "str" && b.k === "str") return op === "<" ? a.v < b.v : op === "<=" ? a.v <= b.v : op === ">" ? a.v > b.v : a.v >= b.v;
      return undefined;
    }
  }
}

function sameKey(a: Value, b: Value): boolean {
  const num = (x: Value) => (x.k === "int" || x.k === "float" ? x.v : x.k === "bool" ? Number(x.v) : undefined);
  const na = num(a);
  if (na !== undefined) return na === num(b);
  if (a.k === "str" && b.k === "str") return a.v === b.v;
  if (a.k === "none" && b.k === "none") return true;
  if (a.k === "tuple" && b.k === "tuple")
    return a.items.length === b.items.length && a.items.every((x, i) => sameKey(x, b.items[i]!));
  return false;
}

function truthy(v: Value): boolean | undefined {
  switch (v.k) {
    case "none":
      return false;
    case "bool":
      return v.v;
    case "int":
    case "float":
      return v.v !== 0;
    case "str":
      return v.v.length > 0;
    case "list":
    case "tuple":
    case "set":
      return v.items.length > 0;
    case "dict":
      return v.entries.length > 0;
    default:
      return undefined;
  }
}

function binop(e: A.BinOp, ctx: EvalContext): Value | undefined {
  const l = evaluate(e.left, ctx);
  const r = evaluate(e.right, ctx);
  if (!l || !r) return undefined;
  if (e.op === "/" && l.k === "path" && (r.k === "str" || r.k === "path")) return { k: "path", v: joinPath(l.v, r.v) };
  if (e.op === "+" && l.k === "str" && r.k === "str") return { k: "str", v: l.v + r.v };
  if (e.op === "+" && (l.k === "list" || l.k === "tuple") && r.k === l.k) return { k: l.k, items: [...l.items, ...r.items] };
  if (e.op === "*" && (l.k === "str" || l.k === "list") && r.k === "int") {
    if (l.k === "str") return { k: "str", v: l.v.repeat(Math.max(0, r.v)) };
    return { k: "list", items: Array.from({ length: Math.max(0, r.v) }, () => l.items).flat() };
  }
  if (e.op === "%" && l.k === "str") return undefined;
  const ln = l.k === "int" || l.k === "float" ? l : l.k === "bool" ? ({ k: "int", v: Number(l.v) } as const) : null;
  const rn = r.k === "int" || r.k === "float" ? r : r.k === "bool" ? ({ k: "int", v: Number(r.v) } as const) : null;
  if (!ln || !rn) return undefined;
  const isInt = ln.k === "int" && rn.k === "int";
  const a = ln.v;
  const b = rn.v;
  switch (e.op) {
    case "+":
      return { k: isInt ? "int" : "float", v: a + b };
    case "-":
      return { k: isInt ? "int" : "float", v: a - b };
    case "*":
      return { k: isInt ? "int" : "float", v: a * b };
    case "/":
      return b === 0 ? undefined : { k: "float", v: a / b };
    case "//":
      return b === 0 ? undefined : { k: isInt ? "int" : "float", v: Math.floor(a / b) };
    case "%":
      return b === 0 ? undefined : { k: isInt ? "int" : "float", v: a - b * Math.floor(a / b) };
    case "**":
      return isInt && b >= 0 ? { k: "int", v: a ** b } : { k: "float", v: a ** b };
    default:
      return undefined;
  }
}

function joinPath(a: string, b: string): string {
  if (b.startsWith("/")) return b;
  if (a === "" || a === ".") return b;
  return a.endsWith("/") ? a + b : `${a}/${b}`;
}

function attribute(e: A.Attribute, ctx: EvalContext): Value | undefined {
  const q = ctx.qualify(e);
  if (q === "numpy.pi" || q === "math.pi") return { k: "float", v: Math.PI };
  if (q === "numpy.e" || q === "math.e") return { k: "float", v: Math.E };
  // a missing value written into an example (`{"income": np.nan}`): a request's null
  if (q === "numpy.nan" || q === "numpy.NaN" || q === "math.nan") return { k: "float", v: NaN };
  // df.columns: a frame's column names, when known without running the notebook
  if (e.attr === "columns" && e.value.type === "Name" && ctx.columnsOf) {
    const cols = ctx.columnsOf(e.value.id);
    if (cols) return { k: "list", items: cols.map(str) };
  }
  const base = evaluate(e.value, ctx);
  // a scikit-learn data set's Bunch: its names are known (datasets.ts), its data is not
  if (base?.k === "object" && (base.cls === BUNCH || base.cls === NODE_ARG || base.cls === IMAGE_FOLDER) && base.state.k === "dict") return base.state.entries.find(([k]) => k.k === "str" && k.v === e.attr)?.[1];
  if (base?.k === "path") {
    if (e.attr === "name") return { k: "str", v: path.posix.basename(base.v) };
    if (e.attr === "parent") return { k: "path", v: path.posix.dirname(base.v) };
    if (e.attr === "stem") return { k: "str", v: path.posix.parse(base.v).name };
    if (e.attr === "suffix") return { k: "str", v: path.posix.extname(base.v) };
  }
  return undefined;
}

/** The mode of a "file" value that stands for the file's bytes (`f.read()` of a binary file), or their base64 text. */
export const BYTES = "bytes";
const BASE64 = "base64";

const IMAGE_FOLDER = "torchvision.datasets.folder.ImageFolder";

/**
 * `datasets.ImageFolder(root, ...)` over a folder beside the notebook: what it knows without reading an image, its
 * `classes` (the sorted names of root's subfolders, torchvision's `find_classes`) and `class_to_idx`.
 */
function imageFolder(root: Value | undefined, dir: string): Value | undefined {
  if (!root || (root.k !== "str" && root.k !== "path")) return undefined;
  const entries = listInside(root.v, dir);
  if (!entries) return undefined;
  const classes = entries.filter((x) => x.folder).map((x) => x.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (classes.length === 0) return undefined;
  const state: PyValue = {
    k: "dict",
    entries: [
      [str("root"), str(root.v)],
      [str("classes"), { k: "list", items: classes.map(str) }],
      [str("class_to_idx"), { k: "dict", entries: classes.map((c, i) => [str(c), { k: "int", v: i }]) }],
    ],
  };
  return { k: "object", cls: IMAGE_FOLDER, state };
}

function kwarg(e: A.Call, name: string): A.Expr | undefined {
  return e.keywords.find((k) => k.arg === name)?.value;
}

function call(e: A.Call, ctx: EvalContext): Value | undefined {
  const q = ctx.qualify(e.func);
  if (e.func.type === "Attribute" && ctx.statistic) {
    const stat = ctx.statistic(e);
    if (stat !== undefined) return stat;
  }
  // methods on values we know
  if (e.func.type === "Attribute" && (q === null || !q.includes("."))) {
    return method(e, e.func, ctx);
  }
  if (e.func.type === "Attribute" && q !== null) {
    const known = qualifiedCall(q, e, ctx);
    if (known !== undefined) return known;
    return method(e, e.func, ctx);
  }
  if (q === null) return undefined;
  // a name that no import qualifies: the notebook's own function, maybe (`labels = load_labels("labels.json")`)
  if (e.func.type === "Name" && q === e.func.id && ctx.callUser) {
    const v = ctx.callUser(q, e);
    if (v !== undefined) return v;
  }
  return qualifiedCall(q, e, ctx);
}

function qualifiedCall(q: string, e: A.Call, ctx: EvalContext): Value | undefined {
  const arg = (i: number, name?: string) => {
    const x = e.args[i] ?? (name ? kwarg(e, name) : undefined);
    return x === undefined ? undefined : evaluate(x, ctx);
  };
  const dataset = /^sklearn\.datasets\.(?:load|fetch)_(\w+)$/.exec(q);
  if (dataset && DATASETS[dataset[1]!] && !e.keywords.some((k) => k.arg === "return_X_y")) {
    const names = DATASETS[dataset[1]!]!;
    const entries: [PyValue, PyValue][] = [[str("feature_names"), { k: "list", items: names.feature_names.map(str) }]];
    if (names.target_names) {
      entries.push([str("target_names"), { k: "list", items: names.target_names.map((t) => (typeof t === "string" ? str(t) : { k: "int", v: t })) }]);
    }
    return { k: "object", cls: BUNCH, state: { k: "dict", entries } };
  }
  if (q === HASHING_VECTORIZER) return hashingVectorizer(e, ctx);
  if (SESSIONS.has(q)) {
    const p = arg(0, "path_or_bytes");
    return p && (p.k === "str" || p.k === "path") ? { k: "session", path: p.v } : undefined;
  }
  switch (q) {
    case "os.path.join": {
      const parts = evalAll(e.args, ctx);
      if (!parts || parts.some((p) => p.k !== "str")) return undefined;
      return { k: "str", v: parts.map((p) => (p as { v: string }).v).reduce((a, b) => joinPath(a, b)) };
    }
    case "os.path.abspath":
    case "os.path.normpath":
    case "os.path.expanduser":
    case "os.fspath": {
      const p = arg(0);
      return p && (p.k === "str" || p.k === "path") ? { k: "str", v: p.v } : undefined;
    }
    case "os.path.splitext": {
      const p = arg(0);
      if (!p || (p.k !== "str" && p.k !== "path")) return undefined;
      const ext = path.posix.extname(p.v);
      return { k: "tuple", items: [str(p.v.slice(0, p.v.length - ext.length)), str(ext)] };
    }
    // a folder or file beside the notebook (`[d for d in os.listdir("data") if os.path.isdir(os.path.join("data", d))]`)
    case "os.path.isdir":
    case "os.path.isfile":
    case "os.path.exists": {
      const p = arg(0);
      const kind = p && (p.k === "str" || p.k === "path") ? kindInside(p.v, ctx.dir) : undefined;
      if (kind === undefined) return undefined;
      return { k: "bool", v: q === "os.path.exists" ? kind !== "missing" : kind === (q === "os.path.isdir" ? "folder" : "file") };
    }
    case "os.path.dirname": {
      const p = arg(0);
      return p && (p.k === "str" || p.k === "path") ? { k: "str", v: path.posix.dirname(p.v) } : undefined;
    }
    // the service runs its model on the CPU (onnxruntime's CPU provider), whatever device the notebook trained on:
    // `device = torch.device("cuda" if torch.cuda.is_available() else "cpu")` is "cpu" there, and `x.to(device)`
    // changes nothing
    case "torch.cuda.is_available":
    case "torch.backends.mps.is_available":
      return e.args.length === 0 ? { k: "bool", v: false } : undefined;
    case "torch.device": {
      const d = arg(0, "type");
      return d?.k === "str" && e.args.length <= 2 ? d : undefined;
    }
    case "os.listdir": {
      // a folder beside the notebook (class names from `sorted(os.listdir("data/train"))`), read as Python would
      const p = e.args.length ? arg(0, "path") : str(".");
      const entries = p && (p.k === "str" || p.k === "path") ? listInside(p.v, ctx.dir) : undefined;
      return entries && { k: "list", items: entries.map((x) => str(x.name)) };
    }
    case "torchvision.datasets.ImageFolder":
    case "torchvision.datasets.folder.ImageFolder":
      return imageFolder(arg(0, "root"), ctx.dir);
    // a file's bytes base64-encoded and back (an API's payload built from an image file): still that file
    case "base64.b64encode":
    case "base64.standard_b64encode":
    case "base64.urlsafe_b64encode": {
      const v = arg(0, "s");
      return v?.k === "file" && v.mode === BYTES ? { k: "file", path: v.path, mode: BASE64 } : undefined;
    }
    case "base64.b64decode":
    case "base64.standard_b64decode":
    case "base64.urlsafe_b64decode":
    case "base64.decodebytes": {
      const v = arg(0, "s");
      return v?.k === "file" && v.mode === BASE64 ? { k: "file", path: v.path, mode: BYTES } : undefined;
    }
    case "io.BytesIO": {
      const v = arg(0, "initial_bytes");
      return v?.k === "file" && v.mode === BYTES ? v : undefined;
    }
    case "os.getcwd":
      return e.args.length === 0 ? str(".") : undefined;
    case "os.path.basename": {
      const p = arg(0);
      return p && (p.k === "str" || p.k === "path") ? { k: "str", v: path.posix.basename(p.v) } : undefined;
    }
    case "pathlib.Path":
    case "pathlib.PurePath":
    case "pathlib.PosixPath": {
      const parts = evalAll(e.args, ctx);
      if (!parts || parts.some((p) => p.k !== "str")) return undefined;
      return { k: "path", v: parts.length ? parts.map((p) => (p as { v: string }).v).reduce((a, b) => joinPath(a, b)) : "." };
    }
    case "str": {
      const v = arg(0);
      const s = v && pyStr(v);
      return s === undefined ? undefined : { k: "str", v: s };
    }
    case "int":
    case "float": {
      const v = arg(0);
      if (!v) return undefined;
      const n =
        v.k === "int" || v.k === "float" || v.k === "npscalar"
          ? Number(v.v)
          : v.k === "bool"
            ? Number(v.v)
            : v.k === "str" && v.v.trim() !== "" && !Number.isNaN(Number(v.v))
              ? Number(v.v)
              : undefined;
      if (n === undefined) return undefined;
      return q === "int" ? { k: "int", v: Math.trunc(n) } : { k: "float", v: n };
    }
    case "list":
    case "tuple":
    case "set": {
      if (e.args.length === 0) return { k: q, items: [] };
      const v = arg(0);
      if (!v) return undefined;
      if ("items" in v) return { k: q, items: v.items };
      if (v.k === "str") return { k: q, items: Array.from(v.v, (c) => str(c)) };
      if (v.k === "dict") return { k: q, items: v.entries.map(([key]) => key) };
      return undefined;
    }
    case "dict": {
      if (e.args.length === 0) {
        const entries: [PyValue, PyValue][] = [];
        for (const k of e.keywords) {
          if (k.arg === null) return undefined;
          const v = asData(evaluate(k.value, ctx));
          if (!v) return undefined;
          entries.push([str(k.arg), v]);
        }
        return { k: "dict", entries };
      }
      const v = arg(0);
      if (v?.k === "dict") return v;
      return undefined;
    }
    case "range": {
      const vals = evalAll(e.args, ctx);
      if (!vals || vals.some((v) => v.k !== "int") || vals.length === 0) return undefined;
      const ns = vals.map((v) => (v as { v: number }).v);
      const [start, stop, step] = ns.length === 1 ? [0, ns[0]!, 1] : [ns[0]!, ns[1]!, ns[2] ?? 1];
      if (step === 0) return undefined;
      const items: PyValue[] = [];
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
        items.push({ k: "int", v: i });
        if (items.length > 1_000_000) return undefined;
      }
      return { k: "list", items };
    }
    case "open":
    case "io.open": {
      const p = arg(0, "file");
      const mode = arg(1, "mode") ?? str("r");
      if (!p || (p.k !== "str") || mode.k !== "str") return undefined;
      return { k: "file", path: p.v, mode: mode.v };
    }
    case "numpy.loadtxt": {
      // a text file of labels or numbers (`np.loadtxt("synset.txt", str, delimiter="\t")`)
      const p = arg(0, "fname");
      const file = p?.k === "file" ? p.path : p?.k === "str" || p?.k === "path" ? p.v : undefined;
      const allowed = new Set(["fname", "dtype", "comments", "delimiter", "skiprows", "encoding"]);
      if (file === undefined || e.args.length > 4 || e.keywords.some((k) => !k.arg || !allowed.has(k.arg))) return undefined;
      const dtypeExpr = e.args[1] ?? kwarg(e, "dtype");
      const dtype = dtypeExpr === undefined ? "float64" : dtypeExpr.type === "Name" && dtypeExpr.id === "str" ? "str" : dtypeOf(dtypeExpr, ctx);
      const comments = arg(2, "comments") ?? str("#");
      const delimiter = arg(3, "delimiter");
      const skiprows = kwarg(e, "skiprows") ? evaluate(kwarg(e, "skiprows")!, ctx) : { k: "int" as const, v: 0 };
      if (!dtype || (comments.k !== "str" && comments.k !== "none") || (delimiter && delimiter.k !== "str" && delimiter.k !== "none") || skiprows?.k !== "int") return undefined;
      const text = readInside(file, ctx.dir);
      return text === undefined ? undefined : loadtxt(text, dtype, comments.k === "str" ? comments.v : null, delimiter?.k === "str" ? delimiter.v : null, skiprows.v);
    }
    case "numpy.load": {
      const p = arg(0, "file");
      return p && (p.k === "str" || p.k === "path") ? loadNumpyFile(p.v, ctx.dir) : undefined;
    }
    case "joblib.load":
    case "sklearn.externals.joblib.load":
    case "pickle.load": {
      // a file the notebook wrote, read as data by the safe reader (constants.ts reports why one cannot be read)
      const p = arg(0, q === "pickle.load" ? "file" : "filename");
      const file = p?.k === "file" ? p.path : p?.k === "str" || p?.k === "path" ? p.v : undefined;
      if (file === undefined) return undefined;
      const loaded = loadPickleFile(file, ctx.dir);
      return loaded.ok ? loaded.value : undefined;
    }
    case "len": {
      const v = arg(0);
      if (!v) return undefined;
      if (v.k === "str") return { k: "int", v: Array.from(v.v).length };
      if ("items" in v) return { k: "int", v: v.items.length };
      if (v.k === "dict") return { k: "int", v: v.entries.length };
      return undefined;
    }
    case "sorted": {
      const v = arg(0);
      const items = v && iterate(v, ctx.dir);
      if (!items || e.keywords.length) return undefined;
      const out = sortedItems(items);
      return out && { k: "list", items: out };
    }
    case "enumerate": {
      const v = arg(0);
      const items = v && iterate(v, ctx.dir);
      const start = arg(1, "start");
      if (!items || (start && start.k !== "int")) return undefined;
      const s0 = start ? (start as { v: number }).v : 0;
      return { k: "list", items: items.map((x, i) => ({ k: "tuple", items: [{ k: "int", v: i + s0 }, x] })) };
    }
    case "zip": {
      const lists = e.args.map((a) => {
        const v = evaluate(a, ctx);
        return v && iterate(v, ctx.dir);
      });
      if (lists.some((l) => !l) || e.keywords.length) return undefined;
      const n = Math.min(...lists.map((l) => l!.length));
      return { k: "list", items: Array.from({ length: n }, (_, i) => ({ k: "tuple", items: lists.map((l) => l![i]!) })) };
    }
    case "json.load": {
      const f = arg(0, "fp");
      return f?.k === "file" ? readJsonValue(f.path, ctx.dir) : undefined;
    }
    case "json.loads": {
      const s = arg(0, "s");
      if (s?.k === "file" && s.mode === BYTES) return readJsonValue(s.path, ctx.dir);
      return s?.k === "str" ? parseJsonValue(s.v) : undefined;
    }
    case "numpy.array":
    case "numpy.asarray":
    case "numpy.asanyarray":
    case "numpy.ascontiguousarray": {
      const v = arg(0, "object") ?? arg(0, "a");
      if (!v) return undefined;
      const dtypeExpr = e.args[1] ?? kwarg(e, "dtype");
      const dtype = dtypeExpr ? dtypeOf(dtypeExpr, ctx) : null;
      if (dtypeExpr && !dtype) return undefined;
      return toNdarray(v, dtype);
    }
    default: {
      const scalar = /^numpy\.(float32|float64|int64|int32|uint8|bool_)$/.exec(q);
      if (scalar) {
        const v = arg(0);
        const dtype = numpyDType(scalar[1]!)!;
        if (v && (v.k === "int" || v.k === "float" || v.k === "bool")) {
          const n = Number(v.v);
          return {
            k: "npscalar",
            dtype,
            v: dtype === "bool" ? n !== 0 : dtype === "float32" ? Math.fround(n) : dtype === "float64" ? n : Math.trunc(n),
          };
        }
        if (v && (v.k === "list" || v.k === "tuple" || v.k === "ndarray")) return toNdarray(v, dtype);
      }
      return undefined;
    }
  }
}

function method(e: A.Call, f: A.Attribute, ctx: EvalContext): Value | undefined {
  const self = evaluate(f.value, ctx);
  if (!self) return undefined;
  const args = evalAll(e.args, ctx);
  if (!args) return undefined;
  if (self.k === "str") {
    const s = self.v;
    const a0 = args[0];
    switch (f.attr) {
      case "lower":
        return str(s.toLowerCase());
      case "splitlines":
        return args.length === 0 ? { k: "list", items: s.split(/\r\n|\r|\n/).filter((x, i, all) => i < all.length - 1 || x !== "").map(str) } : undefined;
      case "rstrip":
      case "lstrip":
        if (args.length === 0) return str(f.attr === "rstrip" ? s.trimEnd() : s.trimStart());
        if (a0?.k === "str" && args.length === 1) {
          const chars = new Set(Array.from(a0.v));
          const cps = Array.from(s);
          if (f.attr === "rstrip") while (cps.length && chars.has(cps[cps.length - 1]!)) cps.pop();
          else while (cps.length && chars.has(cps[0]!)) cps.shift();
          return str(cps.join(""));
        }
        return undefined;
      case "upper":
        return str(s.toUpperCase());
      case "strip":
        return args.length === 0 ? str(s.replace(/^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/g, "")) : undefined;
      case "format":
        return undefined;
      case "join":
        if (a0 && "items" in a0 && a0.items.every((x) => x.k === "str")) {
          return str(a0.items.map((x) => (x as { v: string }).v).join(s));
        }
        return undefined;
      case "replace":
        if (a0?.k === "str" && args[1]?.k === "str" && args.length === 2) return str(s.split(a0.v).join(args[1].v));
        return undefined;
      case "split":
        if (args.length === 0) return { k: "list", items: s.split(/\s+/).filter((x) => x !== "").map(str) };
        if (a0?.k === "str" && a0.v !== "" && args.length === 1) return { k: "list", items: s.split(a0.v).map(str) };
        return undefined;
      default:
        return undefined;
    }
  }
  if (self.k === "session") return (f.attr === "get_inputs" || f.attr === "get_outputs") && args.length === 0 ? nodeArgs(self.path, ctx.dir, f.attr === "get_inputs" ? "inputs" : "outputs") : undefined;
  if (self.k === "path") {
    if (f.attr === "read_text") return readText(self.v, ctx.dir);
    if (f.attr === "joinpath" && args.every((a) => a.k === "str")) {
      return { k: "path", v: args.map((a) => (a as { v: string }).v).reduce(joinPath, self.v) };
    }
    if (f.attr === "open") {
      const mode = args[0]?.k === "str" ? args[0].v : "r";
      return { k: "file", path: self.v, mode };
    }
    // Path("m.pt").with_suffix(".onnx"), p.with_name("model.onnx"), p.resolve(): still relative to the notebook
    if (f.attr === "with_suffix" && args[0]?.k === "str") {
      const parsed = path.posix.parse(self.v);
      return { k: "path", v: path.posix.join(parsed.dir, parsed.name + args[0].v) };
    }
    if (f.attr === "with_name" && args[0]?.k === "str") return { k: "path", v: path.posix.join(path.posix.dirname(self.v), args[0].v) };
    if ((f.attr === "resolve" || f.attr === "absolute" || f.attr === "expanduser") && args.length === 0) return self;
    if (f.attr === "as_posix" && args.length === 0) return str(self.v);
    return undefined;
  }
  // a file opened in binary mode reads as its bytes, which nb2svc keeps as the file (an image sent as itself)
  if (self.k === "file" && f.attr === "read" && args.length === 0 && (self.mode.includes("b") || self.mode === BASE64)) return { k: "file", path: self.path, mode: self.mode === BASE64 ? BASE64 : BYTES };
  if (self.k === "file" && self.mode === BASE64 && f.attr === "decode") return self;
  if (self.k === "file" && f.attr === "read") return readText(self.path, ctx.dir);
  if (self.k === "file" && (f.attr === "readlines" || f.attr === "readline")) {
    const lines = iterate(self, ctx.dir);
    return lines && (f.attr === "readlines" ? { k: "list", items: lines } : (lines[0] ?? str("")));
  }
  if (self.k === "ndarray" && f.attr === "tolist" && args.length === 0) return ndarrayToList(self.value, self.dtype);
  if (self.k === "ndarray" && f.attr === "astype" && e.args[0]) {
    const dtype = dtypeOf(e.args[0], ctx);
    return dtype ? toNdarray(self, dtype) : undefined;
  }
  if (self.k === "dict") {
    if (f.attr === "get" && args[0]) return self.entries.find(([k]) => sameKey(k, args[0]!))?.[1] ?? args[1] ?? NONE;
    if (f.attr === "keys") return { k: "list", items: self.entries.map(([k]) => k) };
    if (f.attr === "values") return { k: "list", items: self.entries.map(([, v]) => v) };
    if (f.attr === "items") return { k: "list", items: self.entries.map(([k, v]) => ({ k: "tuple", items: [k, v] })) };
    if (f.attr === "copy") return self;
  }
  if ((self.k === "list" || self.k === "tuple") && f.attr === "copy") return self;
  // an Index's tolist() (df.columns.tolist()), as a list
  if (self.k === "list" && f.attr === "tolist" && args.length === 0) return self;
  return undefined;
}

/** onnxruntime's class for what `InferenceSession.get_inputs()` lists. */
const NODE_ARG = "onnxruntime.capi.onnxruntime_pybind11_state.NodeArg";
const SESSIONS: ReadonlySet<string> = new Set(["onnxruntime.InferenceSession", "onnxruntime.capi.onnxruntime_inference_collection.InferenceSession"]);

/**
 * `sess.get_inputs()` / `sess.get_outputs()` read from the model file, as onnxruntime's Python API gives them: `name`,
 * `shape` (ints, the symbolic name of a named dimension, None for an unnamed one) and `type` (`"tensor(float)"`), so
 * that `sess.get_inputs()[0].shape[2]` is known without running the notebook.
 */
function nodeArgs(file: string, dir: string, which: "inputs" | "outputs"): PyValue | undefined {
  const bytes = readBytesInside(file, dir);
  if (!bytes) return undefined;
  let values;
  try {
    values = describeModel(decodeModel(bytes))[which];
  } catch {
    return undefined; // not an ONNX model: the value stays unknown, as it would for any unreadable file
  }
  return {
    k: "list",
    items: values.map((v): PyValue => {
      const entries: [PyValue, PyValue][] = [[str("name"), str(v.name)]];
      if (v.type.kind === "tensor") {
        entries.push([str("type"), str(`tensor(${v.type.elem})`)]);
        if (v.type.shape) entries.push([str("shape"), { k: "list", items: v.type.shape.map((d): PyValue => (d === null ? NONE : typeof d === "string" ? str(d) : { k: "int", v: d })) }]);
      }
      return { k: "object", cls: NODE_ARG, state: { k: "dict", entries } };
    }),
  };
}

/** `np.load(p)`: a .npy file as an array, a .npz file as a dict of arrays; undefined for anything else. */
export function loadNumpyFile(p: string, dir: string): PyValue | undefined {
  const bytes = readBytesInside(p, dir);
  if (!bytes) return undefined;
  try {
    if (/\.npz$/i.test(p)) {
      const entries: [PyValue, PyValue][] = [];
      for (const [name, a] of parseNpz(bytes)) entries.push([str(name), { k: "ndarray", dtype: a.dtype, value: npyToNested(a) }]);
      return { k: "dict", entries };
    }
    const a = parseNpy(bytes);
    return a.shape.length === 0 ? { k: "npscalar", dtype: a.dtype, v: a.data[0]! } : { k: "ndarray", dtype: a.dtype, value: npyToNested(a) };
  } catch {
    return undefined;
  }
}

const HASHING_VECTORIZER = "sklearn.feature_extraction.text.HashingVectorizer";

/** HashingVectorizer's parameters and defaults (scikit-learn 1.0 to 1.5: all keyword-only). */
const HASHING_DEFAULTS: readonly (readonly [string, PyValue])[] = [
  ["input", str("content")],
  ["encoding", str("utf-8")],
  ["decode_error", str("strict")],
  ["strip_accents", NONE],
  ["lowercase", { k: "bool", v: true }],
  ["preprocessor", NONE],
  ["tokenizer", NONE],
  ["stop_words", NONE],
  ["token_pattern", str("(?u)\\b\\w\\w+\\b")],
  ["ngram_range", { k: "tuple", items: [{ k: "int", v: 1 }, { k: "int", v: 1 }] }],
  ["analyzer", str("word")],
  ["n_features", { k: "int", v: 2 ** 20 }],
  ["binary", { k: "bool", v: false }],
  ["norm", str("l2")],
  ["alternate_sign", { k: "bool", v: true }],
  ["dtype", str("float64")],
];

/**
 * `HashingVectorizer(n_features=2**10, ...)` with known arguments: the object itself, since a HashingVectorizer is
 * stateless (its transform needs no fit, so notebooks build one and never save it): its parameters are its state.
 */
function hashingVectorizer(e: A.Call, ctx: EvalContext): Value | undefined {
  if (e.args.length) return undefined;
  const state = new Map(HASHING_DEFAULTS);
  for (const k of e.keywords) {
    if (!k.arg || !state.has(k.arg)) return undefined;
    if (k.arg === "dtype") {
      const d = dtypeOf(k.value, ctx);
      if (!d) return undefined;
      state.set("dtype", str(d));
      continue;
    }
    const v = evaluate(k.value, ctx);
    if (!v || v.k === "path" || v.k === "file" || v.k === "session") return undefined;
    state.set(k.arg, v);
  }
  return { k: "object", cls: HASHING_VECTORIZER, state: { k: "dict", entries: [...state].map(([k, v]) => [str(k), v] as const) } };
}

/** A joblib or pickle file read by the safe reader, or why it cannot be. */
export type PickleLoad =
  | { readonly ok: true; readonly value: PyValue }
  | { readonly ok: false; readonly reason: string; readonly kind: PickleErrorKind | "missing" | "layout"; readonly notebookClass?: string };

/**
 * `joblib.load(p)` / `pickle.load(open(p, "rb"))`: the file's value, read only inside the notebook's folder by the
 * pickle reader, which runs nothing and builds only fitted scikit-learn objects and plain data (src/pickle).
 */
export function loadPickleFile(p: string, dir: string): PickleLoad {
  const bytes = readBytesInside(p, dir);
  if (!bytes) return { ok: false, kind: "missing", reason: `${p} is missing, outside the notebook's folder, or larger than 256 MiB` };
  try {
    const { value } = readPickleFile(bytes);
    const layout = unreadSklearnLayout(value);
    if (layout) return { ok: false, kind: "layout", reason: layout };
    return { ok: true, value };
  } catch (e) {
    if (e instanceof PickleError) return { ok: false, kind: e.kind, reason: e.message, ...(e.notebookClass ? { notebookClass: e.notebookClass } : {}) };
    throw e;
  }
}

/**
 * numpy.loadtxt of a text file: lines after `skiprows` with comments cut and blank lines dropped, fields split on the
 * delimiter (whitespace when none); one field a line makes a 1-D array, as does a single line; else 2-D.
 */
function loadtxt(text: string, dtype: DType, comments: string | null, delimiter: string | null, skiprows: number): Value | undefined {
  const rows: string[][] = [];
  for (const raw of text.split(/\r?\n/).slice(skiprows)) {
    const line = comments !== null && raw.includes(comments) ? raw.slice(0, raw.indexOf(comments)) : raw;
    // numpy strips the line's trailing newline and, with a whitespace delimiter, surrounding whitespace
    const fields = delimiter === null ? line.trim().split(/\s+/).filter((f) => f !== "") : line.split(delimiter);
    if (delimiter === null ? fields.length === 0 : line.trim() === "") continue;
    rows.push(fields);
  }
  if (rows.length === 0 || rows.some((r) => r.length !== rows[0]!.length)) return undefined;
  const cell = (f: string): Json | undefined => {
    if (dtype === "str") return f;
    const n = Number(f.trim());
    if (f.trim() === "" || Number.isNaN(n)) return undefined;
    if (dtype === "float64") return n;
    if (dtype === "float32") return Math.fround(n);
    return Number.isInteger(n) ? n : undefined;
  };
  const table = rows.map((r) => r.map(cell));
  if (table.some((r) => r.some((x) => x === undefined))) return undefined;
  const value = (rows[0]!.length === 1 ? table.map((r) => r[0]) : rows.length === 1 ? table[0] : table) as Json;
  return { k: "ndarray", dtype, value };
}

function readText(p: string, dir: string): Value | undefined {
  const text = readInside(p, dir);
  return text === undefined ? undefined : str(text);
}

function readJsonValue(p: string, dir: string): Value | undefined {
  const text = readInside(p, dir);
  return text === undefined ? undefined : parseJsonValue(text);
}

/** `ndarray.tolist()`: nested lists of Python floats, ints or bools by dtype. */
export function ndarrayToList(j: Json, dtype: DType): PyValue {
  if (Array.isArray(j)) return { k: "list", items: j.map((x) => ndarrayToList(x, dtype)) };
  if (dtype === "bool") return { k: "bool", v: Boolean(j) };
  if (dtype === "str") return str(String(j));
  return { k: dtype.startsWith("float") ? "float" : "int", v: Number(j) };
}

export function fromJson(j: Json): PyValue {
  if (j === null) return NONE;
  if (typeof j === "boolean") return { k: "bool", v: j };
  if (typeof j === "number") return Number.isInteger(j) ? { k: "int", v: j } : { k: "float", v: j };
  if (typeof j === "string") return str(j);
  if (Array.isArray(j)) return { k: "list", items: j.map(fromJson) };
  return { k: "dict", entries: Object.entries(j).map(([k, v]) => [str(k), fromJson(v)] as const) };
}

/** The JSON form of a value (what `json.dumps` would write, with tuples as lists and arrays as `tolist()`). */
export function toJson(v: Value): Json | undefined {
  switch (v.k) {
    case "none":
      return null;
    case "bool":
    case "int":
    case "float":
    case "str":
      return v.k === "float" && !Number.isFinite(v.v) ? null : v.v;
    case "npscalar":
      return typeof v.v === "number" && !Number.isFinite(v.v) ? null : v.v;
    case "object":
      // a fitted object has no JSON form of its own; its attributes stand for it (what inspect shows)
      return toJson(v.state);
    case "list":
    case "tuple":
    case "set": {
      const out: Json[] = [];
      for (const x of v.items) {
        const j = toJson(x);
        if (j === undefined) return undefined;
        out.push(j);
      }
      return out;
    }
    case "dict": {
      const out: { [key: string]: Json } = Object.create(null);
      for (const [k, x] of v.entries) {
        const key = k.k === "str" ? k.v : k.k === "int" || k.k === "float" || k.k === "bool" ? pyStr(k) : undefined;
        const j = toJson(x);
        if (key === undefined || j === undefined) return undefined;
        out[key] = j;
      }
      return out;
    }
    case "ndarray":
      return v.value;
    case "path":
      return v.v;
    default:
      return undefined;
  }
}

/** Builds an array value with numpy's dtype inference, or undefined for ragged or non-numeric data. */
export function toNdarray(v: Value, dtype: DType | null): Value | undefined {
  if (v.k === "ndarray") {
    if (!dtype || dtype === v.dtype) return v;
    return toNdarray(ndarrayToList(v.value, v.dtype), dtype);
  }
  let kind = 0; // 0 bool < 1 int < 2 float
  let strings = 0;
  let numbers = 0;
  const shapeOf = (x: Value): number[] | undefined => {
    if (x.k === "list" || x.k === "tuple") {
      const inner = x.items.map(shapeOf);
      if (inner.some((s) => s === undefined)) return undefined;
      const first = inner[0];
      if (first && inner.some((s) => s!.length !== first.length || s!.some((d, i) => d !== first[i]))) return undefined;
      return [x.items.length, ...(first ?? [])];
    }
    if (x.k === "ndarray") return undefined;
    if (x.k === "str") {
      strings++;
      return [];
    }
    numbers++;
    if (x.k === "bool") return [];
    if (x.k === "int") {
      kind = Math.max(kind, 1);
      return [];
    }
    if (x.k === "float" || x.k === "npscalar") {
      kind = 2;
      return [];
    }
    return undefined;
  };
  if (!shapeOf(v)) return undefined;
  // strings make a `<U` array; numpy would turn numbers among them into strings too, which is not followed here
  if (strings > 0 && (numbers > 0 || (dtype !== null && dtype !== "str"))) return undefined;
  if (dtype === "str" && numbers > 0) return undefined;
  const inferred: DType = strings > 0 ? "str" : kind === 2 ? "float64" : kind === 1 ? "int64" : "bool";
  const target = dtype ?? inferred;
  const cast = (x: Value): Json => {
    if (x.k === "list" || x.k === "tuple") return x.items.map(cast);
    if (x.k === "str") return x.v;
    const n = Number((x as { v: number | boolean }).v);
    switch (target) {
      case "bool":
        return n !== 0;
      case "float32":
        return Math.fround(n);
      case "float64":
        return n;
      case "uint8":
        return ((Math.trunc(n) % 256) + 256) % 256;
      default:
        return Math.trunc(n);
    }
  };
  return { k: "ndarray", dtype: target, value: cast(v) };
}

/** Python's str() of a value, for f-strings and `str(x)`; undefined where it would need a repr we do not model. */
export function pyStr(v: Value): string | undefined {
  switch (v.k) {
    case "str":
    case "path":
      return v.v;
    case "int":
      return String(v.v);
    case "bool":
      return v.v ? "True" : "False";
    case "none":
      return "None";
    case "float":
      return floatRepr(v.v);
    case "list":
    case "tuple":
    case "set":
    case "dict":
      return pyRepr(v);
    default:
      return undefined;
  }
}

/** Python's repr of a plain value (numbers, strings, None, and lists, tuples, sets and dicts of them). */
export function pyRepr(v: Value): string | undefined {
  const all = (items: readonly Value[]) => {
    const out = items.map(pyRepr);
    return out.every((x): x is string => x !== undefined) ? out : undefined;
  };
  switch (v.k) {
    case "str":
      return strRepr(v.v);
    case "list": {
      const items = all(v.items);
      return items && `[${items.join(", ")}]`;
    }
    case "tuple": {
      const items = all(v.items);
      return items && (items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`);
    }
    case "set": {
      const items = all(v.items);
      return items && (items.length ? `{${items.join(", ")}}` : "set()");
    }
    case "dict": {
      const keys = all(v.entries.map(([k]) => k));
      const values = all(v.entries.map(([, x]) => x));
      return keys && values && `{${keys.map((k, i) => `${k}: ${values[i]}`).join(", ")}}`;
    }
    case "path":
    case "file":
    case "session":
      return undefined;
    default:
      return pyStr(v);
  }
}
