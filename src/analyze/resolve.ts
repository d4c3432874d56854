// What names hold at a point of the notebook: static values (through evaluate.ts) at module level, or within a
// function whose parameters are bound to known values.
import type * as A from "../python/pyast.ts";
import { evaluate, sortedItems, type EvalContext, type Value } from "./evaluate.ts";
import { ModuleScope } from "../python/scope.ts";
import { bindCall, walkStmts } from "../python/walk.ts";

/** Calls of the notebook's functions followed inside one another, at most (recursion stops there). */
const MAX_CALL_DEPTH = 4;
import { Frames } from "./frames.ts";
import { RowProvenance } from "./rows.ts";

/** A body's `return` when it is the last statement, or the last of the `with` blocks that end the body. */
function finalReturn(body: readonly A.Stmt[]): A.Return | undefined {
  const last = body[body.length - 1];
  if (last?.type === "Return") return last;
  return last?.type === "With" && !last.isAsync ? finalReturn(last.body) : undefined;
}

export class Resolver {
  private readonly cache = new Map<string, Value | undefined>();
  private readonly active = new Set<string>();

  constructor(
    readonly scope: ModuleScope,
    readonly dir: string,
    /** For a function's body: the module's resolver, the parameters' values, and where the module called it. */
    private readonly outer?: { readonly module: Resolver; readonly params: ReadonlyMap<string, Value | undefined>; readonly order: number; readonly depth: number },
  ) {}

  /** The evaluation context for an expression at module level, just before global position `order`. */
  at(order: number, locals?: ReadonlyMap<string, Value | undefined>): EvalContext {
    const ctx: EvalContext = {
      dir: this.dir,
      qualify: this.outer?.module.scope.qualify ?? this.scope.qualify,
      env: (name) => (locals?.has(name) ? locals.get(name) : this.valueOf(name, order)),
      columnsOf: (name) => (locals?.has(name) || this.outer ? null : (this.frames().ofName(name, order)?.columns.map((c) => c.name) ?? null)),
      // the module's frames only: a function's locals or a comprehension's variables may shadow their names
      statistic: (call) => (this.outer || locals?.size ? undefined : this.rows().statistic(call, order)),
      callUser: (name, call, element) => (locals?.has(name) ? undefined : (this.outer?.module ?? this).callFunction(name, call, ctx, this.outer?.order ?? order, this.outer?.depth ?? 0, element)),
    };
    return ctx;
  }

  /**
   * What a call of the notebook's function `name` returns (`names = load_labels("labels.json")`,
   * `model, X_test, names = train()`): its one `return <expr>`, which ends the body or the `with` blocks that end it
   * (`with open(path) as f: return json.load(f)`), evaluated in the body with the parameters bound to the call's known
   * arguments (or their defaults) and the module's names as they are where the module makes the call. Undefined for
   * a function with another return, or a value not known statically.
   */
  private callFunction(name: string, call: A.Call, args: EvalContext, order: number, depth: number, element?: number): Value | undefined {
    const def = this.scope.functions.get(name)?.def;
    const ret = def && finalReturn(def.body);
    if (!def || !ret?.value) return undefined;
    let returns = 0;
    walkStmts(def.body, (s) => {
      if (s.type === "Return") returns++;
    });
    if (returns !== 1) return undefined;
    const inner = this.inCall(call, order, args, depth);
    if (!inner) return undefined;
    const n = inner.scope.statements.length;
    // `a, b, names = f()` with `return x, y, z`: only z needs to be known for names
    if (element !== undefined && ret.value.type === "Tuple" && !ret.value.elts.some((x) => x.type === "Starred")) {
      const one = ret.value.elts[element];
      return one && inner.evaluateAt(one, n);
    }
    // `return make(session, labels)`, another notebook function's tuple: only its element needs to be known
    if (element !== undefined && ret.value.type === "Call" && ret.value.func.type === "Name") {
      const ctx = inner.at(n);
      const one = ctx.qualify(ret.value.func) === ret.value.func.id ? ctx.callUser?.(ret.value.func.id, ret.value, element) : undefined;
      if (one !== undefined) return one;
    }
    const v = inner.evaluateAt(ret.value, n);
    // `return load_parts(path)`, a tuple returned whole: its element
    return element === undefined ? v : v?.k === "tuple" || v?.k === "list" ? v.items[element] : undefined;
  }

  /**
   * The body of the notebook's function that `call` calls at module position `order`, as a scope whose parameters
   * hold the call's known arguments (evaluated in `args`, by default where the call is) or their defaults; undefined
   * when the call is not of a notebook function bound there, or its arguments cannot be matched (`*args`).
   */
  inCall(call: A.Call, order: number, args: EvalContext = this.at(order), depth = 0): Resolver | undefined {
    const fn = call.func.type === "Name" ? this.scope.functions.get(call.func.id) : undefined;
    if (!fn || depth >= MAX_CALL_DEPTH || this.scope.bindingAt(fn.def.name, order)?.stmt !== fn.def) return undefined;
    const def = fn.def;
    if (def.params.some((p) => p.kind === "var-positional" || p.kind === "var-keyword")) return undefined;
    const bound = bindCall(def.params, call);
    if (!bound) return undefined;
    const params = new Map<string, Value | undefined>();
    for (const p of def.params) {
      const given = bound.named.get(p.name);
      params.set(p.name, given ? evaluate(given, args) : p.default ? evaluate(p.default, this.at(fn.order)) : undefined);
    }
    const body = new ModuleScope([{ index: fn.cell, module: { body: def.body, errors: [] }, tags: [] }]);
    return new Resolver(body, this.dir, { module: this, params, order, depth: depth + 1 });
  }

  private framesOf: Frames | null = null;
  private rowsOf: RowProvenance | null = null;

  /** Which rows of which data expressions hold (rows.ts), made once. */
  rows(): RowProvenance {
    this.rowsOf ??= new RowProvenance(this);
    return this.rowsOf;
  }

  /** What is known of DataFrames' columns (frames.ts), made once. */
  frames(): Frames {
    this.framesOf ??= new Frames(this);
    return this.framesOf;
  }

  /**
   * The static value of a module-level name just before `order`, or undefined when it is not known. With
   * `functionsMutate` false, changes made inside function bodies are not counted (translate refuses those itself).
   */
  valueOf(name: string, order: number, functionsMutate = true): Value | undefined {
    const b = this.scope.bindingAt(name, order);
    // in a function's body, a name it does not bind is a parameter or the module's
    if (!b && this.outer) return this.outer.params.has(name) ? this.outer.params.get(name) : this.outer.module.valueOf(name, this.outer.order);
    // `with open("stats.json") as f:` binds f to the file (the context manager returns itself)
    if (!b || (b.kind !== "assign" && b.kind !== "with") || !b.value) return undefined;
    const sorts = this.inPlaceSorts(name, b.order, order, functionsMutate);
    if (sorts === null) return undefined;
    if (sorts.length) {
      // `classes = [d for d in os.listdir(...) if ...]` then `classes.sort()`: the value, sorted as each call does
      let v = this.valueOf(name, b.order + 1, functionsMutate);
      for (const reverse of sorts) {
        const items = v?.k === "list" ? sortedItems(v.items) : undefined;
        v = items && { k: "list", items: reverse ? items.reverse() : items };
      }
      return v;
    }
    const key = `${name}@${b.order}`;
    if (this.cache.has(key)) return this.cache.get(key);
    if (this.active.has(key)) return undefined; // a cycle such as `x = x + 1` resolved against itself
    this.active.add(key);
    let path = b.element ?? [];
    let v: Value | undefined;
    const first = path[0];
    if (first !== undefined && b.value.type === "Call" && b.value.func.type === "Name") {
      // one element of what the notebook's own function returns, when the others are not known
      const ctx = this.at(b.order);
      v = ctx.qualify(b.value.func) === b.value.func.id ? ctx.callUser?.(b.value.func.id, b.value, first) : undefined;
      if (v !== undefined) path = path.slice(1);
    }
    v ??= evaluate(b.value, this.at(b.order));
    for (const i of path) {
      v = v && "items" in v ? v.items[i] : undefined;
    }
    this.active.delete(key);
    this.cache.set(key, v);
    return v;
  }

  /**
   * The top-level `name.sort()` / `name.sort(reverse=True)` statements that change `name` in place between `from`
   * and `to` (their `reverse` flags, in order), or null when anything else may change it there.
   */
  private inPlaceSorts(name: string, from: number, to: number, functionsMutate: boolean): boolean[] | null {
    if (!this.scope.isMutated(name, from, to, functionsMutate)) return [];
    if (functionsMutate && this.scope.isMutated(name, 0, 0, true)) return null;
    const flags: boolean[] = [];
    for (const { order, stmt } of this.scope.statements) {
      if (order <= from || order >= to || !this.scope.isMutated(name, order - 1, order + 1, false)) continue;
      const call = stmt.type === "Expr" ? stmt.value : null;
      if (call?.type !== "Call" || call.func.type !== "Attribute" || call.func.attr !== "sort" || call.func.value.type !== "Name" || call.func.value.id !== name || call.args.length) return null;
      const reverse = call.keywords.length === 1 && call.keywords[0]!.arg === "reverse" ? this.evaluateAt(call.keywords[0]!.value, order) : undefined;
      if (call.keywords.length > (reverse ? 1 : 0) || (reverse && reverse.k !== "bool")) return null;
      flags.push(reverse?.k === "bool" && reverse.v);
    }
    return flags;
  }

  evaluateAt(e: A.Expr, order: number, locals?: ReadonlyMap<string, Value | undefined>): Value | undefined {
    return evaluate(e, this.at(order, locals));
  }
}
