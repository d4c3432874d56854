// Generic traversals of the Python AST.
import type * as A from "./pyast.ts";

/** The parameters that each bind one argument: all but `*args` and `**kwargs`. */
export function namedParams(params: readonly A.Param[]): A.Param[] {
  return params.filter((p) => p.kind !== "var-positional" && p.kind !== "var-keyword");
}

/** Direct child expressions of an expression. */
export function childExprs(e: A.Expr): A.Expr[] {
  switch (e.type) {
    case "Name":
    case "Constant":
    case "UnsupportedExpr":
      return [];
    case "JoinedStr":
      return e.parts.flatMap((p) => (typeof p === "string" ? [] : [p.value, ...(p.spec ? [p.spec] : [])]));
    case "List":
    case "Tuple":
    case "Set":
      return [...e.elts];
    case "Dict":
      return [...e.keys.filter((k): k is A.Expr => k !== null), ...e.values];
    case "BinOp":
      return [e.left, e.right];
    case "UnaryOp":
      return [e.operand];
    case "BoolOp":
      return [...e.values];
    case "Compare":
      return [e.left, ...e.comparators];
    case "Call":
      return [e.func, ...e.args, ...e.keywords.map((k) => k.value)];
    case "Attribute":
      return [e.value];
    case "Subscript":
      return [e.value, e.slice];
    case "Slice":
      return [e.lower, e.upper, e.step].filter((x): x is A.Expr => x !== null);
    case "Starred":
      return [e.value];
    case "Lambda":
      return [...e.params.flatMap((p) => (p.default ? [p.default] : [])), e.body];
    case "IfExp":
      return [e.test, e.body, e.orelse];
    case "ListComp":
    case "SetComp":
    case "GeneratorExp":
      return [e.elt, ...e.generators.flatMap((g) => [g.target, g.iter, ...g.ifs])];
    case "DictComp":
      return [e.key, e.value, ...e.generators.flatMap((g) => [g.target, g.iter, ...g.ifs])];
    case "NamedExpr":
      return [e.target, e.value];
  }
}

/** Visits an expression and every expression inside it, parents first. */
export function walkExpr(e: A.Expr, visit: (e: A.Expr) => void): void {
  visit(e);
  for (const c of childExprs(e)) walkExpr(c, visit);
}

/** Expressions held directly by a statement (not those of nested statements). */
export function stmtExprs(s: A.Stmt): A.Expr[] {
  switch (s.type) {
    case "FunctionDef":
      return [
        ...s.decorators,
        ...s.params.flatMap((p) => [p.default, p.annotation].filter((x): x is A.Expr => x !== null)),
        ...(s.returns ? [s.returns] : []),
      ];
    case "ClassDef":
      return [...s.decorators, ...s.bases];
    case "Return":
      return s.value ? [s.value] : [];
    case "Assign":
      return [...s.targets, s.value];
    case "AugAssign":
      return [s.target, s.value];
    case "AnnAssign":
      return [s.target, s.annotation, ...(s.value ? [s.value] : [])];
    case "Expr":
      return [s.value];
    case "If":
    case "While":
      return [s.test];
    case "For":
      return [s.target, s.iter];
    case "With":
      return s.items.flatMap((i) => [i.context, ...(i.vars ? [i.vars] : [])]);
    case "Raise":
      return s.exc ? [s.exc] : [];
    case "Assert":
      return [s.test, ...(s.msg ? [s.msg] : [])];
    case "Delete":
      return [...s.targets];
    case "Try":
      return s.handlers.flatMap((h) => (h.exceptionType ? [h.exceptionType] : []));
    default:
      return [];
  }
}

/** Statement blocks nested in a statement, in execution order (function and class bodies included). */
export function childBlocks(s: A.Stmt): (readonly A.Stmt[])[] {
  switch (s.type) {
    case "FunctionDef":
    case "ClassDef":
    case "With":
      return [s.body];
    case "If":
    case "For":
    case "While":
      return [s.body, s.orelse];
    case "Try":
      return [s.body, ...s.handlers.map((h) => h.body), s.orelse, s.finalbody];
    default:
      return [];
  }
}

/**
 * Statements that run at the level of the block they are in, flattened through `with`, `if`, `for`, `while` and
 * `try` (whose bodies do not open a scope in Python), but not into function or class bodies.
 */
export function flattenScope(body: readonly A.Stmt[]): A.Stmt[] {
  const out: A.Stmt[] = [];
  const visit = (stmts: readonly A.Stmt[]) => {
    for (const s of stmts) {
      out.push(s);
      if (s.type !== "FunctionDef" && s.type !== "ClassDef") for (const b of childBlocks(s)) visit(b);
    }
  };
  visit(body);
  return out;
}

/** Every statement, nested ones included, parents first. */
export function walkStmts(body: readonly A.Stmt[], visit: (s: A.Stmt) => void): void {
  for (const s of body) {
    visit(s);
    for (const b of childBlocks(s)) walkStmts(b, visit);
  }
}

/** Every call expression inside the given statements (nested statements and expressions included). */
export function allCalls(body: readonly A.Stmt[]): A.Call[] {
  const out: A.Call[] = [];
  walkStmts(body, (s) => {
    for (const e of stmtExprs(s)) walkExpr(e, (x) => x.type === "Call" && out.push(x));
  });
  return out;
}

/** Names bound by an assignment target (`a`, `a, (b, *c)`); attributes and subscripts bind nothing. */
export function targetNames(t: A.Expr): string[] {
  switch (t.type) {
    case "Name":
      return [t.id];
    case "Tuple":
    case "List":
      return t.elts.flatMap(targetNames);
    case "Starred":
      return targetNames(t.value);
    default:
      return [];
  }
}

/**
 * Calls a top-level statement makes itself: those in its own expressions, plus everything inside a function or
 * class body (which `flattenScope` does not list separately). Nested blocks of `with`/`if`/`for` are their own
 * statements in the flattened list, so they are not repeated here.
 */
export function ownCalls(s: A.Stmt): readonly A.Call[] {
  // several analyses ask for the same statements' calls: remember them (statements are immutable)
  const cached = callsOf.get(s);
  if (cached) return cached;
  let out: A.Call[];
  if (s.type === "FunctionDef" || s.type === "ClassDef") out = allCalls([s]);
  else {
    out = [];
    for (const e of stmtExprs(s)) walkExpr(e, (x) => x.type === "Call" && out.push(x));
  }
  callsOf.set(s, out);
  return out;
}

const callsOf = new WeakMap<A.Stmt, A.Call[]>();

/** The dotted name an expression spells (`np.linalg.norm`), without resolving imports; null for anything else. */
export function dottedName(e: A.Expr): string | null {
  if (e.type === "Name") return e.id;
  if (e.type === "Attribute") {
    const b = dottedName(e.value);
    return b && `${b}.${e.attr}`;
  }
  return null;
}

/** The name an attribute, subscript or call chain starts from (`df["Age"].str.lower()` -> df, `f(x).y` -> f). */
export function chainRoot(e: A.Expr): string | null {
  let x = e;
  while (x.type === "Attribute" || x.type === "Subscript" || x.type === "Call") x = x.type === "Call" ? x.func : x.value;
  return x.type === "Name" ? x.id : null;
}

/** A call's arguments bound to a function's parameters (bindCall). */
export interface BoundCall {
  /** The argument each parameter it names or reaches by position is given. */
  readonly named: Map<string, A.Expr>;
  /** Positional arguments past the named parameters, which a `*args` parameter takes. */
  readonly extraArgs: readonly A.Expr[];
  /** Keywords no parameter names, which a `**kwargs` parameter takes. */
  readonly extraKeywords: readonly A.Keyword[];
}

/**
 * Binds a call's arguments to `params` as Python does: positional arguments to the positional parameters in order,
 * keywords by name. Null when that cannot be told (`f(*xs)`, `f(**d)`) or Python would raise a TypeError (too many
 * positional arguments without `*args`, a keyword no parameter takes without `**kwargs`, a parameter given twice).
 * Parameters left out are not in `named`: their defaults are the caller's to read.
 */
export function bindCall(params: readonly A.Param[], call: A.Call): BoundCall | null {
  if (call.args.some((a) => a.type === "Starred") || call.keywords.some((k) => k.arg === null)) return null;
  const positional = params.filter((p) => p.kind === "positional" || p.kind === "positional-only");
  const named = new Map<string, A.Expr>();
  call.args.slice(0, positional.length).forEach((a, i) => named.set(positional[i]!.name, a));
  const extraArgs = call.args.slice(positional.length);
  if (extraArgs.length > 0 && !params.some((p) => p.kind === "var-positional")) return null;
  const extraKeywords: A.Keyword[] = [];
  for (const k of call.keywords) {
    const p = params.find((x) => x.name === k.arg && (x.kind === "positional" || x.kind === "keyword-only"));
    if (p && named.has(p.name)) return null;
    if (p) named.set(p.name, k.value);
    else if (params.some((x) => x.kind === "var-keyword")) extraKeywords.push(k);
    else return null;
  }
  return { named, extraArgs, extraKeywords };
}
