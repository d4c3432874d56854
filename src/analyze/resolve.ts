// What names hold at a point of the notebook: static values (through evaluate.ts) at module level, or within a
// function whose parameters are bound to known values.
import type * as A from "../python/pyast.ts";
import { evaluate, type EvalContext, type Value } from "./evaluate.ts";
import type { ModuleScope } from "../python/scope.ts";
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
    };
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
