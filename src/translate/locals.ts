// Which of a function's locals can be declared where they are first assigned (`const x: NDArray = ...`) instead of
// hoisted to the top as `let x: unknown`: Python scopes a name to the whole function, TypeScript to its block, so
// only a name first bound by a plain assignment at the function's top level, and mentioned nowhere before it, can be.
import type * as A from "../python/pyast.ts";
import { namedParams, stmtExprs, targetNames, walkExpr, walkStmts } from "../python/walk.ts";

export interface FirstAssigned {
  /** The top-level statement that binds the name first (an `x = ...` or `x: T = ...`). */
  readonly first: A.Stmt;
  /** How many statements bind it (plain assignments and augmented ones): one makes it a `const`. */
  readonly assignments: number;
}

export function firstAssignedLocals(def: A.FunctionDef): Map<string, FirstAssigned> {
  const params = new Set(def.params.map((p) => p.name));
  const plain = new Map<string, A.Stmt[]>();
  const augmented = new Map<string, number>();
  const other = new Set<string>();
  const addPlain = (name: string, s: A.Stmt) => {
    const list = plain.get(name);
    if (list) list.push(s);
    else plain.set(name, [s]);
  };
  walkStmts(def.body, (s) => {
    for (const e of stmtExprs(s)) {
      walkExpr(e, (x) => {
        if (x.type === "NamedExpr") other.add(x.target.id);
      });
    }
    switch (s.type) {
      case "Assign":
        if (s.targets.length === 1 && s.targets[0]!.type === "Name") addPlain(s.targets[0]!.id, s);
        else s.targets.flatMap(targetNames).forEach((n) => other.add(n));
        break;
      case "AnnAssign":
        if (s.target.type === "Name" && s.value) addPlain(s.target.id, s);
        else targetNames(s.target).forEach((n) => other.add(n));
        break;
      case "AugAssign":
        if (s.target.type === "Name") augmented.set(s.target.id, (augmented.get(s.target.id) ?? 0) + 1);
        break;
      case "For":
        targetNames(s.target).forEach((n) => other.add(n));
        break;
      case "With":
        s.items.forEach((i) => i.vars && targetNames(i.vars).forEach((n) => other.add(n)));
        break;
      default:
        for (const n of namesBoundOtherwise(s)) other.add(n);
        break;
    }
  });
  const out = new Map<string, FirstAssigned>();
  for (const [name, stmts] of plain) {
    if (params.has(name) || other.has(name)) continue;
    const first = stmts[0]!;
    const index = def.body.indexOf(first);
    if (index < 0) continue;
    const value = first.type === "Assign" || first.type === "AnnAssign" ? first.value : null;
    if (def.body.slice(0, index).some((s) => mentions(s, name)) || (value && mentionsExpr(value, name))) continue;
    out.set(name, { first, assignments: stmts.length + (augmented.get(name) ?? 0) });
  }
  return out;
}

function mentionsExpr(e: A.Expr, name: string): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (x.type === "Name" && x.id === name) found = true;
  });
  return found;
}

function mentions(s: A.Stmt, name: string): boolean {
  let found = false;
  walkStmts([s], (t) => {
    if ((t.type === "FunctionDef" || t.type === "ClassDef") && t.name === name) found = true;
    for (const e of stmtExprs(t)) if (mentionsExpr(e, name)) found = true;
  });
  return found;
}

/**
 * The parameters that can carry a static type: every binding of them in the body is an assignment the emitter sees
 * the value of (`x = ...`, `x += ...`, a for or with target, an unpacked item), none an `except ... as x`, a
 * `(x := ...)`, a nested `def x`, `global x` or `del x`.
 */
export function typeableParams(def: A.FunctionDef): Set<string> {
  const out = new Set(namedParams(def.params).map((p) => p.name));
  walkStmts(def.body, (s) => {
    for (const e of stmtExprs(s)) {
      walkExpr(e, (x) => {
        if (x.type === "NamedExpr") out.delete(x.target.id);
      });
    }
    for (const n of namesBoundOtherwise(s)) out.delete(n);
  });
  return out;
}

/**
 * The names a statement binds other than by assignment or as a for/with target: `except ... as x`, a nested `def x`
 * or `class x`, `global x`/`nonlocal x`, `del x`, `import x`.
 */
function namesBoundOtherwise(s: A.Stmt): string[] {
  switch (s.type) {
    case "Try":
      return s.handlers.flatMap((h) => (h.name ? [h.name] : []));
    case "FunctionDef":
    case "ClassDef":
      return [s.name];
    case "Global":
    case "Nonlocal":
      return [...s.names];
    case "Delete":
      return s.targets.flatMap(targetNames);
    case "Import":
    case "ImportFrom":
      return s.names.map((n) => n.asname ?? n.name.split(".")[0]!);
    default:
      return [];
  }
}
