// The notebook as one Python module: what each top-level name is bound to and when, the imports, the functions and
// classes. "When" is a global order over top-level statements in notebook order (the order a fresh
// "Run All" executes them), so a lookup can ask what a name held at a given point.
import type * as A from "./pyast.ts";
import { childBlocks, childExprs, flattenScope, stmtExprs, targetNames, walkExpr, walkStmts } from "./walk.ts";

export interface ParsedCell {
  readonly index: number;
  readonly module: A.Module;
  readonly tags: readonly string[];
}

/** A top-level statement with its cell and global position. */
export interface TopStmt {
  readonly cell: number;
  readonly order: number;
  readonly stmt: A.Stmt;
}

/** A binding of a name at module level. */
export interface Binding {
  readonly name: string;
  readonly cell: number;
  readonly order: number;
  readonly stmt: A.Stmt;
  /** The bound value's expression; for `a, b = f()` the whole right side with `element` set. */
  readonly value: A.Expr | null;
  /** Index path into a tuple-unpacking target (`a, (b, c) = ...`: b is [1, 0]). */
  readonly element?: readonly number[];
  readonly kind: "assign" | "augassign" | "for" | "with" | "import" | "def" | "class" | "other";
}

export class ModuleScope {
  readonly statements: TopStmt[] = [];
  readonly bindings = new Map<string, Binding[]>();
  /** alias -> qualified module or object (`np` -> `numpy`, `nn` -> `torch.nn`, `load_iris` -> `sklearn.datasets.load_iris`). */
  readonly imports = new Map<string, string>();
  readonly functions = new Map<string, { def: A.FunctionDef; cell: number; order: number }>();
  readonly classes = new Map<string, { def: A.ClassDef; cell: number }>();
  /** Positions of top-level statements that mutate a name in place (`X[k] = v`, `X.append(v)`, `del X[k]`). */
  readonly mutations = new Map<string, number[]>();
  /** Functions whose bodies also stand at top level, where the cell calls them (`main()`): see driverCalled. */
  readonly inlined = new Set<A.FunctionDef>();
  /** Globals that some function body mutates in place: their values depend on when it is called. */
  readonly mutatedInFunctions = new Set<string>();

  constructor(readonly cells: readonly ParsedCell[]) {
    let order = 0;
    for (const cell of cells) {
      // script-style cells (`def main(): ...` then `main()`, or under `if __name__ == "__main__":`): the body of a
      // function the cell calls once with no arguments runs as if written at top level, where the cell shows its prints
      const defs = new Map<string, A.FunctionDef>();
      const push = (stmt: A.Stmt, inlining: readonly A.FunctionDef[]) => {
        const top = { cell: cell.index, order: order++, stmt };
        this.statements.push(top);
        this.bind(top);
        this.noteMutations(top);
        if (stmt.type === "FunctionDef") defs.set(stmt.name, stmt);
        const driver = driverCalled(stmt, defs);
        if (driver && !inlining.includes(driver) && inlining.length < 3) {
          this.inlined.add(driver);
          for (const s of flattenScope(driver.body)) push(s, [...inlining, driver]);
        }
      };
      for (const stmt of flattenScope(cell.module.body)) push(stmt, []);
    }
  }

  private noteMutations({ order, stmt }: TopStmt): void {
    if (stmt.type === "FunctionDef") {
      const locals = new Set(functionFacts(stmt).locals);
      walkStmts(stmt.body, (s) => {
        for (const name of mutatedNames(s)) if (!locals.has(name)) this.mutatedInFunctions.add(name);
      });
      return;
    }
    if (stmt.type === "ClassDef") return;
    for (const name of mutatedNames(stmt)) {
      const list = this.mutations.get(name);
      if (list) list.push(order);
      else this.mutations.set(name, [order]);
    }
  }

  /**
   * True when `name` may be changed in place after position `from` and before position `to`; with `functions`,
   * a function body that changes it counts too (its calls are not followed).
   */
  isMutated(name: string, from: number, to: number, functions = true): boolean {
    if (functions && this.mutatedInFunctions.has(name)) return true;
    return (this.mutations.get(name) ?? []).some((o) => o > from && o < to);
  }

  private add(b: Binding): void {
    const list = this.bindings.get(b.name);
    if (list) list.push(b);
    else this.bindings.set(b.name, [b]);
  }

  private bind({ cell, order, stmt }: TopStmt): void {
    const base = { cell, order, stmt };
    switch (stmt.type) {
      case "Assign":
        for (const t of stmt.targets) this.bindTarget(t, stmt.value, base, []);
        break;
      case "AnnAssign":
        if (stmt.value) this.bindTarget(stmt.target, stmt.value, base, []);
        break;
      case "AugAssign":
        for (const name of targetNames(stmt.target)) this.add({ ...base, name, value: null, kind: "augassign" });
        break;
      case "For":
        for (const name of targetNames(stmt.target)) this.add({ ...base, name, value: null, kind: "for" });
        break;
      case "With":
        for (const item of stmt.items) {
          if (item.vars) for (const name of targetNames(item.vars)) this.add({ ...base, name, value: item.context, kind: "with" });
        }
        break;
      case "Import":
        for (const a of stmt.names) {
          const alias = a.asname ?? a.name.split(".")[0]!;
          this.imports.set(alias, a.asname ? a.name : a.name.split(".")[0]!);
          this.add({ ...base, name: alias, value: null, kind: "import" });
        }
        break;
      case "ImportFrom":
        for (const a of stmt.names) {
          if (a.name === "*") continue;
          const alias = a.asname ?? a.name;
          this.imports.set(alias, stmt.module ? `${stmt.module}.${a.name}` : a.name);
          this.add({ ...base, name: alias, value: null, kind: "import" });
        }
        break;
      case "FunctionDef":
        this.functions.set(stmt.name, { def: stmt, cell, order });
        this.add({ ...base, name: stmt.name, value: null, kind: "def" });
        break;
      case "ClassDef":
        this.classes.set(stmt.name, { def: stmt, cell });
        this.add({ ...base, name: stmt.name, value: null, kind: "class" });
        break;
      case "Try":
        for (const h of stmt.handlers) if (h.name) this.add({ ...base, name: h.name, value: null, kind: "other" });
        break;
      default:
        break;
    }
  }

  private bindTarget(t: A.Expr, value: A.Expr, base: { cell: number; order: number; stmt: A.Stmt }, path: number[]): void {
    if (t.type === "Name") {
      this.add({ ...base, name: t.id, value, kind: "assign", ...(path.length ? { element: path } : {}) });
      return;
    }
    if (t.type === "Tuple" || t.type === "List") {
      // `a, b = x, y` binds a to x directly, which keeps values statically known
      if ((value.type === "Tuple" || value.type === "List") && value.elts.length === t.elts.length && !t.elts.some((e) => e.type === "Starred")) {
        t.elts.forEach((e, i) => this.bindTarget(e, value.elts[i]!, base, []));
        return;
      }
      t.elts.forEach((e, i) => {
        if (e.type === "Starred") for (const name of targetNames(e)) this.add({ ...base, name, value: null, kind: "other" });
        else this.bindTarget(e, value, base, [...path, i]);
      });
    }
  }

  /** The binding of `name` in effect just before global position `order` (the last one when order is omitted). */
  bindingAt(name: string, order = Number.MAX_SAFE_INTEGER): Binding | undefined {
    const list = this.bindings.get(name);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.order < order) return list[i];
    return undefined;
  }

  /** The global position of the first top-level statement of a cell (or past the end). */
  orderOfCell(cell: number): number {
    const s = this.statements.find((t) => t.cell >= cell);
    return s ? s.order : this.statements.length;
  }

  /**
   * The dotted name an expression refers to, with import aliases resolved: `np.asarray` -> `numpy.asarray`,
   * `ort.InferenceSession` -> `onnxruntime.InferenceSession`, `net` -> `net`. Null for anything else.
   */
  qualify = (e: A.Expr): string | null => {
    if (e.type === "Name") return this.imports.get(e.id) ?? e.id;
    if (e.type === "Attribute") {
      const base = this.qualify(e.value);
      return base === null ? null : `${base}.${e.attr}`;
    }
    return null;
  };
}

/** Python's builtins that notebook code reads as globals. */
export const PY_BUILTINS: ReadonlySet<string> = new Set(
  (
    "abs all any ascii bin bool bytearray bytes callable chr classmethod compile complex delattr dict dir divmod " +
    "enumerate eval exec filter float format frozenset getattr globals hasattr hash help hex id input int isinstance " +
    "issubclass iter len list locals map max memoryview min next object oct open ord pow print property range repr " +
    "reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip __import__ __name__ " +
    "True False None Ellipsis NotImplemented ArithmeticError AssertionError AttributeError BaseException " +
    "Exception FloatingPointError IndexError KeyError LookupError NameError NotImplementedError OverflowError " +
    "RuntimeError StopIteration TypeError ValueError ZeroDivisionError display get_ipython"
  ).split(" "),
);

export interface FunctionFacts {
  /** Names read that are not bound in the function (globals, builtins, imports). */
  readonly freeNames: readonly string[];
  /** Names bound locally (parameters included). */
  readonly locals: readonly string[];
  /** Names declared `global` and assigned: mutation of module state. */
  readonly globalWrites: readonly string[];
}

/** Free and local names of a function, with Python's scoping (comprehension and lambda scopes included). */
export function functionFacts(def: A.FunctionDef | A.Lambda): FunctionFacts {
  const locals = new Set<string>(def.params.map((p) => p.name));
  const declaredGlobal = new Set<string>();
  const reads: string[] = [];
  const globalWrites = new Set<string>();
  const body: readonly A.Stmt[] = def.type === "FunctionDef" ? def.body : [];
  // first pass: every name bound anywhere in the function body is local (Python decides scope per function)
  const bindTarget = (t: A.Expr) => targetNames(t).forEach((n) => locals.add(n));
  const walrus = (e: A.Expr) =>
    walkExpr(e, (x) => {
      if (x.type === "NamedExpr") locals.add(x.target.id);
    });
  const collectBindings = (stmts: readonly A.Stmt[]) => {
    for (const s of stmts) {
      for (const e of stmtExprs(s)) walrus(e);
      switch (s.type) {
        case "Assign":
          s.targets.forEach(bindTarget);
          break;
        case "AugAssign":
        case "AnnAssign":
          bindTarget(s.target);
          break;
        case "For":
          bindTarget(s.target);
          break;
        case "With":
          s.items.forEach((i) => i.vars && bindTarget(i.vars));
          break;
        case "FunctionDef":
        case "ClassDef":
          locals.add(s.name);
          continue;
        case "Import":
          s.names.forEach((a) => locals.add(a.asname ?? a.name.split(".")[0]!));
          break;
        case "ImportFrom":
          s.names.forEach((a) => locals.add(a.asname ?? a.name));
          break;
        case "Global":
          s.names.forEach((n) => declaredGlobal.add(n));
          break;
        case "Try":
          s.handlers.forEach((h) => h.name && locals.add(h.name));
          break;
        default:
          break;
      }
      for (const b of childBlocksNoDefs(s)) collectBindings(b);
    }
  };
  collectBindings(body);
  for (const g of declaredGlobal) {
    if (locals.has(g)) globalWrites.add(g);
    locals.delete(g);
  }

  const readExpr = (e: A.Expr, bound: ReadonlySet<string>): void => {
    switch (e.type) {
      case "Name":
        if (!bound.has(e.id) && !locals.has(e.id)) reads.push(e.id);
        return;
      case "Lambda": {
        const inner = new Set(bound);
        e.params.forEach((p) => inner.add(p.name));
        e.params.forEach((p) => p.default && readExpr(p.default, bound));
        readExpr(e.body, inner);
        return;
      }
      case "ListComp":
      case "SetComp":
      case "GeneratorExp":
      case "DictComp": {
        const inner = new Set(bound);
        e.generators.forEach((g, i) => {
          // the first iterable is evaluated in the enclosing scope
          readExpr(g.iter, i === 0 ? bound : inner);
          targetNames(g.target).forEach((n) => inner.add(n));
          g.ifs.forEach((c) => readExpr(c, inner));
        });
        if (e.type === "DictComp") {
          readExpr(e.key, inner);
          readExpr(e.value, inner);
        } else readExpr(e.elt, inner);
        return;
      }
      default:
        for (const c of childExprs(e)) readExpr(c, bound);
    }
  };
  const empty: ReadonlySet<string> = new Set();
  if (def.type === "Lambda") readExpr(def.body, empty);
  const readStmts = (stmts: readonly A.Stmt[]) => {
    for (const s of stmts) {
      if (s.type === "FunctionDef") {
        // a nested function's free names are read from this scope or outer ones
        const inner = functionFacts(s);
        inner.freeNames.forEach((n) => !locals.has(n) && reads.push(n));
        s.params.forEach((p) => p.default && readExpr(p.default, empty));
        continue;
      }
      for (const e of stmtExprs(s)) readExpr(e, empty);
      for (const b of childBlocksNoDefs(s)) readStmts(b);
    }
  };
  readStmts(body);
  if (def.type === "FunctionDef") def.params.forEach((p) => p.default && readExpr(p.default, empty));
  return { freeNames: [...new Set(reads)], locals: [...locals], globalWrites: [...globalWrites] };
}

function childBlocksNoDefs(s: A.Stmt): (readonly A.Stmt[])[] {
  return s.type === "FunctionDef" || s.type === "ClassDef" ? [] : childBlocks(s);
}

/** Methods of lists, dicts, sets and arrays that change the object they are called on. */
const MUTATING_METHODS: ReadonlySet<string> = new Set([
  "append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "update", "setdefault", "popitem",
  "add", "discard", "difference_update", "intersection_update", "fill", "resize", "put", "itemset", "__setitem__",
]);

function rootName(e: A.Expr): string | null {
  if (e.type === "Name") return e.id;
  if (e.type === "Subscript" || e.type === "Attribute") return rootName(e.value);
  return null;
}

/** Names a statement changes in place, in its own expressions (not in nested blocks). */
function mutatedNames(s: A.Stmt): string[] {
  const out: string[] = [];
  const targets =
    s.type === "Assign" ? s.targets : s.type === "AugAssign" || s.type === "AnnAssign" ? [s.target] : s.type === "Delete" ? s.targets : [];
  for (const t of targets) {
    const visit = (x: A.Expr) => {
      if (x.type === "Tuple" || x.type === "List") x.elts.forEach(visit);
      else if (x.type === "Starred") visit(x.value);
      else if (x.type === "Subscript" || x.type === "Attribute") {
        const n = rootName(x);
        if (n) out.push(n);
      }
    };
    visit(t);
  }
  for (const e of stmtExprs(s)) {
    walkExpr(e, (x) => {
      if (x.type === "Call" && x.func.type === "Attribute" && MUTATING_METHODS.has(x.func.attr)) {
        const n = rootName(x.func.value);
        if (n) out.push(n);
      }
    });
  }
  return out;
}

/**
 * The function a statement `name()` calls when its body can be read as top-level code: defined earlier in the same
 * cell, no parameters without defaults, and no `return`, `yield`, `global` or `nonlocal` in its own body.
 */
function driverCalled(stmt: A.Stmt, defs: ReadonlyMap<string, A.FunctionDef>): A.FunctionDef | null {
  if (stmt.type !== "Expr" || stmt.value.type !== "Call") return null;
  const call = stmt.value;
  if (call.func.type !== "Name" || call.args.length > 0 || call.keywords.length > 0) return null;
  const def = defs.get(call.func.id);
  if (!def || def.params.some((p) => p.default === null || p.default === undefined)) return null;
  let plain = true;
  walkStmts(def.body, (s) => {
    if (s.type === "Return" || s.type === "Global" || s.type === "Nonlocal") plain = false;
    for (const e of stmtExprs(s)) walkExpr(e, (x) => {
      if (x.type === "UnsupportedExpr" && /^(yield|await)/.test(x.nodeType)) plain = false;
    });
  });
  return plain ? def : null;
}
