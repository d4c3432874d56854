// Type inference for the translated functions' signatures: what each parameter accepts and what each function
// returns, from annotations, defaults, the values constants hold, and how parameters are used. The types only
// describe the exported signatures (the function bodies work on Python values through the runtime); where nothing
// is known, the type is `unknown`, never `any`.
import { ts } from "ts-morph";
import type * as A from "../python/pyast.ts";
import type { PyValue } from "../python/values.ts";
import { dottedName, namedParams, walkExpr, walkStmts, stmtExprs } from "../python/walk.ts";
import { schemaForAnnotation } from "../plan/schema.ts";
import type { JsonSchema } from "../plan/types.ts";
import { printNode, propertyName } from "../codegen/ts-print.ts";

export type PyType =
  | { readonly k: "unknown" }
  | { readonly k: "none" | "bool" | "int" | "float" | "str" | "ndarray" | "npscalar" | "arraylike" | "fn" }
  | { readonly k: "list"; readonly item: PyType }
  | { readonly k: "tuple"; readonly items: readonly PyType[] | null }
  | { readonly k: "dict"; readonly value: PyType; readonly fields: Readonly<Record<string, PyType>> | null }
  | { readonly k: "union"; readonly types: readonly PyType[] };

export const UNKNOWN: PyType = { k: "unknown" };
const T = (k: "none" | "bool" | "int" | "float" | "str" | "ndarray" | "npscalar" | "arraylike" | "fn"): PyType => ({ k });
const list = (item: PyType): PyType => ({ k: "list", item });

function same(a: PyType, b: PyType): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The union of two types, simplified: int and float become float, unknown absorbs everything. */
export function join(a: PyType, b: PyType): PyType {
  if (a.k === "unknown" || b.k === "unknown") return UNKNOWN;
  if (same(a, b)) return a;
  if ((a.k === "int" && b.k === "float") || (a.k === "float" && b.k === "int")) return T("float");
  if ((a.k === "int" || a.k === "bool") && (b.k === "int" || b.k === "bool")) return T("int");
  if (a.k === "list" && b.k === "list") return list(join(a.item, b.item));
  if (a.k === "dict" && b.k === "dict") {
    if (a.fields && b.fields && same({ k: "dict", value: UNKNOWN, fields: Object.fromEntries(Object.keys(a.fields).sort().map((k) => [k, UNKNOWN])) }, { k: "dict", value: UNKNOWN, fields: Object.fromEntries(Object.keys(b.fields).sort().map((k) => [k, UNKNOWN])) })) {
      return { k: "dict", value: join(a.value, b.value), fields: Object.fromEntries(Object.keys(a.fields).map((k) => [k, join(a.fields![k]!, b.fields![k]!)])) };
    }
    return { k: "dict", value: join(a.value, b.value), fields: null };
  }
  const members = [...(a.k === "union" ? a.types : [a]), ...(b.k === "union" ? b.types : [b])];
  const out: PyType[] = [];
  for (const m of members) {
    const i = out.findIndex((x) => same(x, m) || (x.k === "list" && m.k === "list") || (x.k === "dict" && m.k === "dict"));
    if (i < 0) out.push(m);
    else out[i] = same(out[i]!, m) ? m : join(out[i]!, m);
  }
  if (out.length > 4) return UNKNOWN;
  return out.length === 1 ? out[0]! : { k: "union", types: out };
}

/** The type of a constant's exact value. */
export function typeOfValue(v: PyValue): PyType {
  switch (v.k) {
    case "none":
    case "bool":
    case "int":
    case "float":
    case "str":
      return T(v.k);
    case "list":
    case "set":
      return list(v.items.map(typeOfValue).reduce(join, v.items.length ? typeOfValue(v.items[0]!) : UNKNOWN));
    case "tuple":
      return { k: "tuple", items: v.items.map(typeOfValue) };
    case "dict": {
      const strKeys = v.entries.every(([k]) => k.k === "str");
      const value = v.entries.map(([, x]) => typeOfValue(x)).reduce(join, v.entries.length ? typeOfValue(v.entries[0]![1]) : UNKNOWN);
      return { k: "dict", value: strKeys ? value : value, fields: null };
    }
    case "ndarray":
      return T("ndarray");
    case "npscalar":
      return T("npscalar");
    case "object":
      return UNKNOWN;
  }
}

/**
 * A Python annotation as a type (`list[float]`, `str | None`, `dict[str, int]`), through the same reading of
 * annotations that gives the request's JSON Schema; `np.ndarray` and its aliases take any array.
 */
export function typeOfAnnotation(e: A.Expr): PyType {
  if (/^(np|numpy|npt)?\.?(ndarray|NDArray)\b/.test(e.text)) return T("arraylike");
  const schema = schemaForAnnotation(e.text);
  return schema ? typeOfSchema(schema) : UNKNOWN;
}

function typeOfSchema(s: JsonSchema): PyType {
  if (Array.isArray(s.anyOf)) return (s.anyOf as JsonSchema[]).map(typeOfSchema).reduce(join);
  switch (s.type) {
    case "integer":
      return T("int");
    case "number":
      return T("float");
    case "string":
      return T("str");
    case "boolean":
      return T("bool");
    case "null":
      return T("none");
    case "array":
      if (Array.isArray(s.prefixItems)) return { k: "tuple", items: (s.prefixItems as JsonSchema[]).map(typeOfSchema) };
      return list(s.items ? typeOfSchema(s.items as JsonSchema) : UNKNOWN);
    case "object":
      return { k: "dict", value: s.additionalProperties ? typeOfSchema(s.additionalProperties as JsonSchema) : UNKNOWN, fields: null };
    default:
      return UNKNOWN;
  }
}

const STR_METHODS_STR = new Set("lower upper strip lstrip rstrip replace join format title capitalize casefold swapcase zfill center ljust rjust expandtabs removeprefix removesuffix translate".split(" "));
const STR_METHODS_LIST = new Set("split rsplit splitlines".split(" "));
const STR_METHODS_BOOL = new Set("startswith endswith isdigit isalpha isalnum isspace isupper islower isdecimal isnumeric istitle isidentifier".split(" "));
const STR_METHODS_INT = new Set("find rfind index rindex count".split(" "));
const NP_SCALAR_REDUCTIONS = new Set("sum mean std var min max amin amax argmax argmin median prod any all nansum nanmean nanmax nanmin".split(" "));
const BUILTIN_RETURNS: Readonly<Record<string, PyType>> = {
  len: T("int"),
  int: T("int"),
  ord: T("int"),
  float: T("float"),
  str: T("str"),
  repr: T("str"),
  chr: T("str"),
  hex: T("str"),
  bin: T("str"),
  oct: T("str"),
  format: T("str"),
  ascii: T("str"),
  bool: T("bool"),
  isinstance: T("bool"),
  any: T("bool"),
  all: T("bool"),
  callable: T("bool"),
};

export interface FunctionTypes {
  readonly params: readonly PyType[];
  readonly returns: PyType;
}

export interface InferContext {
  /** Types of module constants. */
  readonly constants: ReadonlyMap<string, PyType>;
  /** Already inferred notebook functions. */
  readonly functions: ReadonlyMap<string, FunctionTypes>;
  /** Import aliases (`np` -> `numpy`). */
  readonly imports: ReadonlyMap<string, string>;
}

export function inferFunction(def: A.FunctionDef, ctx: InferContext): FunctionTypes {
  const env = new Map<string, PyType>();
  const params = namedParams(def.params);
  const usage = paramUsage(def, ctx);
  const paramTypes = params.map((p) => {
    if (p.annotation) return typeOfAnnotation(p.annotation);
    const fromUse = usage.get(p.name);
    const fromDefault = p.default && p.default.type === "Constant" && p.default.kind !== "none" ? typeOf(p.default, env, ctx) : null;
    return fromDefault ?? fromUse ?? UNKNOWN;
  });
  params.forEach((p, i) => env.set(p.name, paramTypes[i]!));
  const assigned = new Map<string, PyType>();
  const returns: PyType[] = [];
  // two passes: a loop can assign a name after a use that the first pass saw as unknown
  for (let pass = 0; pass < 2; pass++) {
    returns.length = 0;
    walkStmts(def.body, (s) => {
      if (s.type === "FunctionDef") return;
      if (s.type === "Assign") {
        for (const t of s.targets) if (t.type === "Name") assigned.set(t.id, joinOpt(assigned.get(t.id), typeOf(s.value, env, ctx)));
      } else if (s.type === "AugAssign" && s.target.type === "Name") {
        const cur = env.get(s.target.id) ?? UNKNOWN;
        assigned.set(s.target.id, joinOpt(assigned.get(s.target.id), binop(s.op, cur, typeOf(s.value, env, ctx))));
      } else if (s.type === "Return") {
        returns.push(s.value ? typeOf(s.value, env, ctx) : T("none"));
      }
    });
    for (const [k, v] of assigned) env.set(k, params.some((p) => p.name === k) ? join(env.get(k)!, v) : v);
  }
  const last = def.body[def.body.length - 1];
  if (!last || (last.type !== "Return" && last.type !== "Raise")) returns.push(T("none"));
  return { params: paramTypes, returns: returns.length ? returns.reduce(join) : T("none") };
}

function joinOpt(a: PyType | undefined, b: PyType): PyType {
  return a ? join(a, b) : b;
}

/** What a parameter's uses say it must be: a str when string methods are called on it, an array for numpy, ... */
function paramUsage(def: A.FunctionDef, ctx: InferContext): Map<string, PyType> {
  const names = new Set(def.params.map((p) => p.name));
  const out = new Map<string, PyType>();
  const note = (name: string, t: PyType) => {
    const cur = out.get(name);
    out.set(name, cur && !same(cur, t) ? (cur.k === "arraylike" || t.k === "arraylike" ? T("arraylike") : UNKNOWN) : t);
  };
  walkStmts(def.body, (s) => {
    for (const e of stmtExprs(s)) {
      walkExpr(e, (x) => {
        if (x.type !== "Call") return;
        const f = x.func;
        if (f.type === "Attribute" && f.value.type === "Name" && names.has(f.value.id)) {
          if (STR_METHODS_STR.has(f.attr) || STR_METHODS_LIST.has(f.attr) || STR_METHODS_BOOL.has(f.attr)) note(f.value.id, T("str"));
          else if (["get", "items", "keys", "values", "setdefault"].includes(f.attr)) note(f.value.id, { k: "dict", value: UNKNOWN, fields: null });
        }
        const q = dottedName(f);
        const root = q?.split(".")[0];
        if (root && ctx.imports.get(root) === "numpy" && x.args[0]?.type === "Name" && names.has(x.args[0].id)) note(x.args[0].id, T("arraylike"));
        if (f.type === "Name" && ctx.functions.has(f.id)) {
          const callee = ctx.functions.get(f.id)!;
          x.args.forEach((a, i) => {
            if (a.type === "Name" && names.has(a.id) && callee.params[i] && callee.params[i]!.k !== "unknown") note(a.id, callee.params[i]!);
          });
        }
      });
    }
  });
  return out;
}

function binop(op: string, l: PyType, r: PyType): PyType {
  if (l.k === "ndarray" || r.k === "ndarray" || l.k === "arraylike" || r.k === "arraylike") return l.k === "arraylike" && r.k === "arraylike" ? UNKNOWN : T("ndarray");
  if (l.k === "npscalar" || r.k === "npscalar") return T("npscalar");
  if (op === "+" && l.k === "str" && r.k === "str") return T("str");
  if (op === "+" && l.k === "list" && r.k === "list") return list(join(l.item, r.item));
  if (op === "*" && ((l.k === "str" && r.k === "int") || (l.k === "int" && r.k === "str"))) return T("str");
  if (op === "*" && l.k === "list" && r.k === "int") return l;
  if (op === "%" && l.k === "str") return T("str");
  const num = (t: PyType) => t.k === "int" || t.k === "float" || t.k === "bool";
  if (num(l) && num(r)) {
    if (op === "/") return T("float");
    return l.k === "float" || r.k === "float" ? T("float") : T("int");
  }
  return UNKNOWN;
}

function elementOf(t: PyType): PyType {
  if (t.k === "list") return t.item;
  if (t.k === "str") return T("str");
  if (t.k === "tuple") return t.items ? t.items.reduce(join, t.items[0] ?? UNKNOWN) : UNKNOWN;
  if (t.k === "dict") return T("str");
  if (t.k === "ndarray" || t.k === "arraylike") return T("ndarray");
  return UNKNOWN;
}

export function typeOf(e: A.Expr, env: ReadonlyMap<string, PyType>, ctx: InferContext): PyType {
  switch (e.type) {
    case "Constant":
      return e.kind === "int" || e.kind === "float" || e.kind === "str" || e.kind === "bool" || e.kind === "none" ? T(e.kind) : UNKNOWN;
    case "JoinedStr":
      return T("str");
    case "Name":
      return env.get(e.id) ?? ctx.constants.get(e.id) ?? (ctx.functions.has(e.id) ? T("fn") : UNKNOWN);
    case "List":
    case "Set":
      return list(e.elts.length ? e.elts.map((x) => typeOf(x, env, ctx)).reduce(join) : UNKNOWN);
    case "Tuple":
      return { k: "tuple", items: e.elts.map((x) => typeOf(x, env, ctx)) };
    case "Dict": {
      const strKeys = e.keys.every((k) => k?.type === "Constant" && k.kind === "str");
      const values = e.values.map((v) => typeOf(v, env, ctx));
      const value = values.length ? values.reduce(join) : UNKNOWN;
      if (!strKeys) return { k: "dict", value, fields: null };
      const fields: Record<string, PyType> = {};
      e.keys.forEach((k, i) => (fields[(k as A.Constant).value as string] = values[i]!));
      return { k: "dict", value, fields };
    }
    case "ListComp":
    case "SetComp":
    case "GeneratorExp":
    case "DictComp": {
      const inner = new Map(env);
      for (const g of e.generators) {
        const el = elementOf(typeOf(g.iter, inner, ctx));
        if (g.target.type === "Name") inner.set(g.target.id, el);
        else if (g.target.type === "Tuple" && el.k === "tuple" && el.items) g.target.elts.forEach((t, i) => t.type === "Name" && inner.set(t.id, el.items![i] ?? UNKNOWN));
      }
      if (e.type === "DictComp") return { k: "dict", value: typeOf(e.value, inner, ctx), fields: null };
      return list(typeOf(e.elt, inner, ctx));
    }
    case "BinOp":
      return binop(e.op, typeOf(e.left, env, ctx), typeOf(e.right, env, ctx));
    case "UnaryOp":
      return e.op === "not" ? T("bool") : typeOf(e.operand, env, ctx);
    case "BoolOp":
      return e.values.map((v) => typeOf(v, env, ctx)).reduce(join);
    case "Compare": {
      const arr = [e.left, ...e.comparators].some((x) => {
        const t = typeOf(x, env, ctx);
        return t.k === "ndarray" || t.k === "arraylike";
      });
      return arr ? T("ndarray") : T("bool");
    }
    case "IfExp":
      return join(typeOf(e.body, env, ctx), typeOf(e.orelse, env, ctx));
    case "Subscript": {
      const base = typeOf(e.value, env, ctx);
      const slice = e.slice.type === "Slice";
      if (base.k === "str") return T("str");
      if (base.k === "list") return slice ? base : base.item;
      if (base.k === "tuple") {
        if (slice || !base.items) return slice ? { k: "tuple", items: null } : UNKNOWN;
        const i = e.slice.type === "Constant" && e.slice.kind === "int" ? (e.slice.value as number) : null;
        return i !== null ? (base.items[i < 0 ? base.items.length + i : i] ?? UNKNOWN) : base.items.reduce(join, base.items[0] ?? UNKNOWN);
      }
      if (base.k === "dict") {
        const key = e.slice.type === "Constant" && e.slice.kind === "str" ? (e.slice.value as string) : null;
        return key !== null && base.fields && key in base.fields ? base.fields[key]! : base.value;
      }
      if (base.k === "ndarray" || base.k === "arraylike") return T("ndarray");
      return UNKNOWN;
    }
    case "Attribute": {
      const base = typeOf(e.value, env, ctx);
      if (base.k === "ndarray" || base.k === "arraylike") {
        if (e.attr === "shape") return { k: "tuple", items: null };
        if (e.attr === "ndim" || e.attr === "size") return T("int");
        if (e.attr === "T") return T("ndarray");
      }
      return UNKNOWN;
    }
    case "Call":
      return callType(e, env, ctx);
    case "Lambda":
      return T("fn");
    case "NamedExpr":
      return typeOf(e.value, env, ctx);
    default:
      return UNKNOWN;
  }
}

function callType(e: A.Call, env: ReadonlyMap<string, PyType>, ctx: InferContext): PyType {
  const f = e.func;
  const arg = (i: number) => (e.args[i] ? typeOf(e.args[i]!, env, ctx) : UNKNOWN);
  if (f.type === "Name" && !env.has(f.id)) {
    const fn = ctx.functions.get(f.id);
    if (fn) return fn.returns;
    if (f.id in BUILTIN_RETURNS) return BUILTIN_RETURNS[f.id]!;
    switch (f.id) {
      case "round":
        return e.args.length > 1 || e.keywords.length ? (arg(0).k === "ndarray" ? T("ndarray") : T("float")) : T("int");
      case "abs":
        return arg(0);
      case "min":
      case "max":
        return e.args.length === 1 ? elementOf(arg(0)) : e.args.map((_, i) => arg(i)).reduce(join);
      case "sum": {
        const el = elementOf(arg(0));
        return el.k === "int" || el.k === "float" || el.k === "bool" ? (el.k === "bool" ? T("int") : el) : UNKNOWN;
      }
      case "sorted":
      case "list":
      case "reversed":
        return list(elementOf(arg(0)));
      case "tuple":
        return { k: "tuple", items: null };
      case "set":
        return list(elementOf(arg(0)));
      case "dict":
        return { k: "dict", value: UNKNOWN, fields: null };
      case "range":
        return list(T("int"));
      case "enumerate":
        return list({ k: "tuple", items: [T("int"), elementOf(arg(0))] });
      case "zip":
        return list({ k: "tuple", items: e.args.map((_, i) => elementOf(arg(i))) });
      case "map":
        return list(UNKNOWN);
      case "filter":
        return list(elementOf(arg(1)));
      case "divmod":
        return { k: "tuple", items: [T("int"), T("int")] };
      default:
        return UNKNOWN;
    }
  }
  const q = dottedName(f);
  const root = q?.split(".")[0];
  const module = root ? ctx.imports.get(root) : undefined;
  if (module && q) {
    const name = q.slice(root!.length + 1);
    if (module === "numpy") {
      if (NP_SCALAR_REDUCTIONS.has(name) && !e.keywords.some((k) => k.arg === "axis") && e.args.length < 2) return T("npscalar");
      if (/^(float32|float64|int64|int32|uint8|bool_)$/.test(name)) return arg(0).k === "list" || arg(0).k === "ndarray" ? T("ndarray") : T("npscalar");
      if (name === "count_nonzero" && e.args.length < 2) return T("int");
      if (name === "allclose" || name === "array_equal") return T("bool");
      return T("ndarray");
    }
    if (module === "math") {
      if (/^(floor|ceil|trunc|factorial|gcd|comb|perm|isqrt)$/.test(name)) return T("int");
      if (/^is/.test(name)) return T("bool");
      return T("float");
    }
    if (module === "re") {
      if (name === "sub") return T("str");
      if (name === "findall" || name === "split") return list(UNKNOWN);
      return UNKNOWN;
    }
    if (module === "torch") return arg(0);
    return UNKNOWN;
  }
  if (f.type === "Attribute") {
    const recv = typeOf(f.value, env, ctx);
    const m = f.attr;
    if (["numpy", "detach", "cpu", "contiguous"].includes(m) && e.args.length === 0) return recv;
    if (recv.k === "str" || (recv.k === "unknown" && (STR_METHODS_STR.has(m) || STR_METHODS_LIST.has(m) || STR_METHODS_BOOL.has(m)))) {
      if (STR_METHODS_STR.has(m)) return T("str");
      if (STR_METHODS_LIST.has(m)) return list(T("str"));
      if (STR_METHODS_BOOL.has(m)) return T("bool");
      if (STR_METHODS_INT.has(m)) return T("int");
      if (m === "partition" || m === "rpartition") return { k: "tuple", items: [T("str"), T("str"), T("str")] };
    }
    if (recv.k === "dict") {
      if (m === "get") return e.args[1] ? join(recv.value, arg(1)) : join(recv.value, T("none"));
      if (m === "keys") return list(T("str"));
      if (m === "values") return list(recv.value);
      if (m === "items") return list({ k: "tuple", items: [T("str"), recv.value] });
      if (m === "copy") return recv;
    }
    if (recv.k === "list") {
      if (m === "pop") return recv.item;
      if (m === "index" || m === "count") return T("int");
      if (m === "copy") return recv;
      if (["append", "extend", "insert", "sort", "reverse", "clear", "remove"].includes(m)) return T("none");
    }
    if (recv.k === "ndarray" || recv.k === "arraylike" || (recv.k === "unknown" && ["reshape", "astype", "transpose", "flatten", "ravel", "squeeze", "tolist", "item", "argmax", "argmin"].includes(m))) {
      if (m === "tolist") return list(UNKNOWN);
      if (m === "item") return T("float");
      if (NP_SCALAR_REDUCTIONS.has(m) && !e.keywords.some((k) => k.arg === "axis") && e.args.length === 0) return T("npscalar");
      return T("ndarray");
    }
  }
  return UNKNOWN;
}

const f = ts.factory;
const kw = (k: ts.KeywordTypeSyntaxKind) => f.createKeywordTypeNode(k);

/**
 * The TypeScript type of a value of `t`: as a parameter (`input`: what callers may pass, plain JSON-like values or
 * arrays) or as a result (the plain form translated functions return: dicts as objects, arrays as NDArray).
 */
export function tsType(t: PyType, input: boolean): string {
  return printNode(tsTypeNode(t, input));
}

export function tsTypeNode(t: PyType, input: boolean): ts.TypeNode {
  const ro = (n: ts.TypeNode) => (input ? f.createTypeOperatorNode(ts.SyntaxKind.ReadonlyKeyword, n) : n);
  switch (t.k) {
    case "unknown":
    case "fn":
      return kw(ts.SyntaxKind.UnknownKeyword);
    case "none":
      return f.createLiteralTypeNode(f.createNull());
    case "bool":
      return kw(ts.SyntaxKind.BooleanKeyword);
    case "int":
    case "float":
      return kw(ts.SyntaxKind.NumberKeyword);
    case "str":
      return kw(ts.SyntaxKind.StringKeyword);
    case "ndarray":
    case "npscalar":
      return input ? f.createTypeReferenceNode("ArrayInput") : f.createTypeReferenceNode("NDArray");
    case "arraylike":
      return f.createTypeReferenceNode("ArrayInput");
    case "list":
      return ro(f.createArrayTypeNode(tsTypeNode(t.item, input)));
    case "tuple":
      return t.items ? ro(f.createTupleTypeNode(t.items.map((x) => tsTypeNode(x, input)))) : ro(f.createArrayTypeNode(kw(ts.SyntaxKind.UnknownKeyword)));
    case "dict":
      if (t.fields && !input) {
        return f.createTypeLiteralNode(
          Object.entries(t.fields).map(([k, v]) => f.createPropertySignature(undefined, propertyName(k), undefined, tsTypeNode(v, input))),
        );
      }
      return f.createTypeReferenceNode(input ? "Readonly" : "Record", input ? [f.createTypeReferenceNode("Record", [kw(ts.SyntaxKind.StringKeyword), tsTypeNode(t.value, input)])] : [kw(ts.SyntaxKind.StringKeyword), tsTypeNode(t.value, input)]);
    case "union":
      return f.createUnionTypeNode(t.types.map((x) => tsTypeNode(x, input)));
  }
}
