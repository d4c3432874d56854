// What names hold at a point of the notebook: static values (through evaluate.ts) at module level, or within a
// function whose parameters are bound to known values.
import type * as A from "./pyast.ts";
import { evaluate, type EvalContext, type Value } from "./evaluate.ts";
import type { ModuleScope } from "./scope.ts";
import { Frames } from "./frames.ts";

export class Resolver {
  private readonly cache = new Map<string, Value | undefined>();
  private readonly active = new Set<string>();

  constructor(
    readonly scope: ModuleScope,
    readonly dir: string,
  ) {}

  /** The evaluation context for an expression at module level, just before global position `order`. */
  at(order: number, locals?: ReadonlyMap<string, Value | undefined>): EvalContext {
    return {
      dir: this.dir,
      qualify: this.scope.qualify,
      env: (name) => (locals?.has(name) ? locals.get(name) : this.valueOf(name, order)),
      columnsOf: (name) => (locals?.has(name) ? null : (this.frames().ofName(name, order)?.columns.map((c) => c.name) ?? null)),
      callNotebook: (name, args) => (locals?.has(name) ? undefined : this.callNotebook(name, args, order)),
    };
  }

  /**
   * What a call of the notebook function `name` at `order` returns, followed statically: only a body of plain
   * assignments to names, `with` blocks (`with open(path) as f:`) and a `return`, every value known (a docstring
   * aside). Anything else (branches, loops, mutation) leaves the value unknown, as it would without the function.
   */
  private callNotebook(name: string, args: readonly Value[], order: number): Value | undefined {
    const b = this.scope.bindingAt(name, order);
    const fn = this.scope.functions.get(name);
    if (b?.kind !== "def" || !fn || fn.order !== b.order) return undefined;
    const params = fn.def.params;
    if (params.length !== args.length || params.some((p) => p.kind !== "positional" && p.kind !== "positional-only")) return undefined;
    const key = `${name}()@${b.order}`;
    if (this.active.has(key)) return undefined; // recursion
    this.active.add(key);
    try {
      const locals = new Map<string, Value | undefined>(params.map((p, i) => [p.name, args[i]]));
      const run = (body: readonly A.Stmt[]): { returned: Value | undefined } | "next" | null => {
        for (const [i, s] of body.entries()) {
          if (s.type === "Expr" && i === 0 && s.value.type === "Constant" && s.value.kind === "str") continue;
          if (s.type === "Assign" && s.targets.length === 1 && s.targets[0]!.type === "Name") {
            locals.set(s.targets[0]!.id, evaluate(s.value, this.at(order, locals)));
            continue;
          }
          if (s.type === "With" && !s.isAsync) {
            for (const item of s.items) {
              const v = evaluate(item.context, this.at(order, locals));
              if (item.vars) {
                if (item.vars.type !== "Name") return null;
                locals.set(item.vars.id, v);
              }
            }
            const inner = run(s.body);
            if (inner !== "next") return inner;
            continue;
          }
          if (s.type === "Return") return { returned: s.value ? evaluate(s.value, this.at(order, locals)) : { k: "none" } };
          return null;
        }
        return "next";
      };
      const r = run(fn.def.body);
      return r === null ? undefined : r === "next" ? { k: "none" } : r.returned;
    } finally {
      this.active.delete(key);
    }
  }

  private framesOf: Frames | null = null;

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
    // `with open("stats.json") as f:` binds f to the file (the context manager returns itself)
    if (!b || (b.kind !== "assign" && b.kind !== "with") || !b.value) return undefined;
    if (this.scope.isMutated(name, b.order, order, functionsMutate)) return undefined;
    const key = `${name}@${b.order}`;
    if (this.cache.has(key)) return this.cache.get(key);
    if (this.active.has(key)) return undefined; // a cycle such as `x = x + 1` resolved against itself
    this.active.add(key);
    let v = evaluate(b.value, this.at(b.order));
    for (const i of b.element ?? []) {
      v = v && "items" in v ? v.items[i] : undefined;
    }
    this.active.delete(key);
    this.cache.set(key, v);
    return v;
  }

  evaluateAt(e: A.Expr, order: number, locals?: ReadonlyMap<string, Value | undefined>): Value | undefined {
    return evaluate(e, this.at(order, locals));
  }
}
