// Golden examples: cells that ran the inference path on a literal input and displayed the answer. The answer,
// read back from the cell's output, is what the generated service must reproduce.
import type { Parser } from "web-tree-sitter";
import type { Cell } from "../load/types.ts";
import { pyStr, toJson, type Value } from "./evaluate.ts";
import type { FlowAnalysis, Frame, PathFinding } from "./flow.ts";
import type * as A from "../python/pyast.ts";
import { parseRepr } from "./repr.ts";
import type { Resolver } from "./resolve.ts";
import type { DiagnosticLog } from "../diagnostics/log.ts";
import type { Golden, Json } from "./types.ts";
import { bindCall, ownCalls } from "../python/walk.ts";

export interface GoldenContext {
  readonly parser: Parser;
  readonly cells: readonly Cell[];
  /** The cell's top-level statements, unflattened, to find the expression it displays. */
  readonly cellBodies: ReadonlyMap<number, readonly A.Stmt[]>;
  readonly flow: FlowAnalysis;
  readonly resolver: Resolver;
}

/** What a cell displays: its last expression statement (execute_result), or a value it prints (stdout). */
function displayed(cell: Cell, body: readonly A.Stmt[]): { expr: A.Expr; text: string } | null {
  let last = body[body.length - 1];
  // `with torch.no_grad(): print(postprocess(...))`: a with block runs its body once, in place
  while (last?.type === "With" && body.length === 1 && last.body.length > 0) {
    const inner = last.body;
    if (inner.slice(0, -1).some((s) => s.text.includes("print("))) return null;
    last = inner[inner.length - 1];
  }
  if (!last || last.type !== "Expr") return null;
  const result = cell.outputs.find((o) => o.kind === "execute_result");
  const v = last.value;
  if (v.type === "Call" && v.func.type === "Name" && (v.func.id === "print" || v.func.id === "display") && v.args.length === 1) {
    if (v.func.id === "print") {
      const out = cell.outputs.filter((o) => o.kind === "stream" && o.name === "stdout");
      const text = out.map((o) => (o.kind === "stream" ? o.text : "")).join("");
      // only a cell whose output is exactly this one print can be read back unambiguously
      const printsElsewhere = body.slice(0, -1).some((s) => s.text.includes("print("));
      return text && !printsElsewhere ? { expr: v.args[0]!, text } : null;
    }
    const shown = cell.outputs.find((o) => o.kind === "display_data");
    const plain = shown && shown.kind === "display_data" ? shown.data["text/plain"] : undefined;
    return typeof plain === "string" ? { expr: v.args[0]!, text: plain } : null;
  }
  if (!result || result.kind !== "execute_result") return null;
  const plain = result.data["text/plain"];
  return typeof plain === "string" ? { expr: v, text: plain } : null;
}

/**
 * A cell that loops over a literal list and prints one line per item (`for name in ["lime", "pear"]:
 * print(name, postprocess(...preprocess(f"samples/{name}.png")))`): per item, the loop variable's value and the
 * text of the one printed value that is not known statically (the answer). Null when the cell is not of that form
 * or its lines do not match the items.
 */
function loopLines(cell: Cell, body: readonly A.Stmt[], resolver: Resolver, order: number): { loop: A.For; answer: A.Expr; items: { value: Value; text: string }[] } | null {
  const loop = body[body.length - 1];
  if (loop?.type !== "For" || loop.orelse.length || loop.target.type !== "Name" || body.length !== 1) return null;
  const last = loop.body[loop.body.length - 1];
  if (last?.type !== "Expr" || last.value.type !== "Call" || last.value.func.type !== "Name" || last.value.func.id !== "print") return null;
  const print = last.value;
  if (print.keywords.length || loop.body.slice(0, -1).some((s) => s.text.includes("print("))) return null;
  const iterable = resolver.evaluateAt(loop.iter, order);
  if (!iterable || (iterable.k !== "list" && iterable.k !== "tuple")) return null;
  const text = cell.outputs.map((o) => (o.kind === "stream" && o.name === "stdout" ? o.text : "")).join("");
  const lines = text.replace(/\n$/, "").split("\n");
  if (lines.length !== iterable.items.length) return null;
  const variable = loop.target.id;
  let answer: A.Expr | null = null;
  const items: { value: Value; text: string }[] = [];
  for (const [i, value] of iterable.items.entries()) {
    const locals = new Map<string, Value>([[variable, value]]);
    // every printed value but one is known (the item, a literal): the rest of the line is the answer's text
    const parts = print.args.map((a) => {
      const v = a.type === "Starred" ? undefined : resolver.evaluateAt(a, order, locals);
      return v === undefined ? null : pyStr(v) ?? null;
    });
    const unknown = parts.flatMap((p, k) => (p === null ? [k] : []));
    if (unknown.length !== 1) return null;
    const k = unknown[0]!;
    if (answer && answer !== print.args[k]) return null;
    answer = print.args[k]!;
    const before = parts.slice(0, k).map((p) => p + " ").join("");
    const after = parts.slice(k + 1).map((p) => " " + p).join("");
    const line = lines[i]!;
    if (!line.startsWith(before) || !line.endsWith(after) || line.length < before.length + after.length) return null;
    items.push({ value, text: line.slice(before.length, line.length - after.length) });
  }
  return answer ? { loop, answer, items } : null;
}

/** True when `e` (at module level, before `pos`) is the value returned by `call`. */
function isResultOf(flow: FlowAnalysis, frame: Frame, e: A.Expr, pos: number, call: A.Call): boolean {
  const o = flow.trace(e, frame, pos);
  return o.kind === "user-call" && o.call === call && o.element.length === 0;
}

/** Binds a call's arguments to a function's parameters, evaluating them; null when one is not static. */
function bindArguments(def: A.FunctionDef, call: A.Call, evaluateArg: (e: A.Expr) => Value | undefined): Map<string, Value> | null {
  const bound = bindCall(def.params, call);
  if (!bound || bound.extraArgs.length > 0 || bound.extraKeywords.length > 0) return null;
  const out = new Map<string, Value>();
  for (const [name, e] of bound.named) {
    const v = evaluateArg(e);
    if (v === undefined) return null;
    out.set(name, v);
  }
  return out;
}

/**
 * Whether a call of the postprocessing passes, after the model's output, only what its parameters default to: the
 * service calls it with the output alone, so `postprocess(out, k=3)` shows an answer the service does not give.
 */
function passesOnlyDefaults(def: A.FunctionDef, call: A.Call, evaluateArg: (e: A.Expr) => Value | undefined): boolean {
  const positional = def.params.filter((p) => p.kind === "positional" || p.kind === "positional-only");
  const passed: [A.Param | undefined, A.Expr][] = [...call.args.slice(1).map((a, i): [A.Param | undefined, A.Expr] => [positional[i + 1], a]), ...call.keywords.map((k): [A.Param | undefined, A.Expr] => [def.params.find((p) => p.name === k.arg), k.value])];
  return passed.every(([p, e]) => {
    // (a parameter without a default, which the service cannot fill, is reported where the path is planned)
    if (!p?.default) return true;
    const given = evaluateArg(e);
    const fallback = evaluateArg(p.default);
    const g = given && toJson(given);
    return g !== undefined && JSON.stringify(g) === JSON.stringify(fallback && toJson(fallback));
  });
}

function toJsonRecord(values: ReadonlyMap<string, Value>): { [name: string]: Json } | null {
  const out: { [name: string]: Json } = {};
  for (const [k, v] of values) {
    const j = toJson(v);
    if (j === undefined) return null;
    out[k] = j;
  }
  return out;
}

/** Finds goldens for the chosen inference path (the functions `pre` and `post`). */
export function findGoldens(ctx: GoldenContext, paths: readonly PathFinding[], pre: string | null, post: string | null): Golden[] {
  const { flow, resolver } = ctx;
  const scope = resolver.scope;
  const goldens: Golden[] = [];
  const done = new Set<number>();
  for (const p of paths) {
    if (p.preprocess?.fn !== (pre ?? p.preprocess?.fn) || p.postprocess?.fn !== (post ?? p.postprocess?.fn)) continue;
    if (!p.preprocess || !p.postprocess) continue;
    const preDef = scope.functions.get(p.preprocess.fn)?.def;
    const postDef = scope.functions.get(p.postprocess.fn)?.def;
    if (!preDef || !postDef) continue;
    if (p.site.frame.fn === null) {
      // the path runs at module level: the cell that holds it displays the answer
      const cell = ctx.cells[p.site.cell];
      const body = ctx.cellBodies.get(p.site.cell);
      if (!cell || !body || done.has(cell.index)) continue;
      const shown = displayed(cell, body);
      const lastOrder = lastOrderOfCell(resolver, cell.index);
      const loop = shown ? null : loopLines(cell, body, resolver, p.preprocess.pos);
      if (!passesOnlyDefaults(postDef, p.postprocess.call, (e) => resolver.evaluateAt(e, p.postprocess!.pos))) continue;
      if (loop && isResultOf(flow, flow.moduleFrame, loop.answer, lastOrder + 1, p.postprocess.call)) {
        for (const item of loop.items) {
          const locals = new Map<string, Value>([[(loop.loop.target as A.Name).id, item.value]]);
          const args = bindArguments(preDef, p.preprocess.call, (e) => resolver.evaluateAt(e, p.preprocess!.pos, locals));
          const golden = args && makeGolden(ctx, cell, p.preprocess.fn, args, item.text);
          if (golden) goldens.push(golden);
        }
        done.add(cell.index);
        continue;
      }
      if (!shown || !isResultOf(flow, flow.moduleFrame, shown.expr, lastOrder + 1, p.postprocess.call)) continue;
      const args = bindArguments(preDef, p.preprocess.call, (e) => resolver.evaluateAt(e, p.preprocess!.pos));
      const golden = args && makeGolden(ctx, cell, p.preprocess.fn, args, shown.text);
      if (golden) {
        goldens.push(golden);
        done.add(cell.index);
      }
      continue;
    }
    // the path runs inside a notebook function (`def predict(x): ...`): its calls on literals are goldens
    const wrapper = p.site.frame.fn;
    const ret = returnedExpr(wrapper);
    if (!ret) continue;
    const wrapperFrame = flow.functionFrames.get(wrapper.name)!;
    const retPos = wrapperFrame.table.statements.length;
    if (!isResultOf(flow, wrapperFrame, ret, retPos, p.postprocess.call)) continue;
    for (const cell of ctx.cells) {
      const body = ctx.cellBodies.get(cell.index);
      if (!body || done.has(cell.index)) continue;
      const shown = displayed(cell, body);
      if (!shown) continue;
      const lastOrder = lastOrderOfCell(resolver, cell.index);
      const o = flow.trace(shown.expr, flow.moduleFrame, lastOrder + 1);
      if (o.kind !== "user-call" || o.fn !== wrapper.name || o.element.length) continue;
      const wrapperArgs = bindArguments(wrapper, o.call, (e) => resolver.evaluateAt(e, o.pos));
      if (!wrapperArgs) continue;
      // what the call leaves to the wrapper's defaults (`def predict(x, k=2)` called as `predict(x)`)
      for (const param of wrapper.params) {
        const d = param.default && !wrapperArgs.has(param.name) ? resolver.evaluateAt(param.default, o.pos) : undefined;
        if (d !== undefined) wrapperArgs.set(param.name, d);
      }
      if (!passesOnlyDefaults(postDef, p.postprocess.call, (e) => resolver.evaluateAt(e, o.pos, wrapperArgs))) continue;
      // the preprocessing call's arguments, evaluated with the wrapper's parameters bound
      const preArgs = bindArguments(preDef, p.preprocess.call, (e) => resolver.evaluateAt(e, o.pos, wrapperArgs));
      const golden = preArgs && makeGolden(ctx, cell, p.preprocess.fn, preArgs, shown.text);
      if (golden) {
        goldens.push(golden);
        done.add(cell.index);
      }
    }
  }
  return goldens.sort((a, b) => a.cell - b.cell);
}

function makeGolden(ctx: GoldenContext, cell: Cell, fn: string, args: ReadonlyMap<string, Value>, outputText: string): Golden | null {
  const input = toJsonRecord(args);
  const expected = parseRepr(ctx.parser, outputText);
  if (!input || expected === undefined) return null;
  const call = `${fn}(${Object.entries(input).map(([k, v]) => `${k}=${pyLiteral(v)}`).join(", ")})`;
  return { cell: cell.index, call, input, expected, outputText: outputText.trimEnd() };
}

/** A JSON value written as the Python literal that produces it. */
export function pyLiteral(v: Json): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number" || typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(", ")}]`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${pyLiteral(x)}`).join(", ")}}`;
}

function returnedExpr(def: A.FunctionDef): A.Expr | null {
  const last = def.body[def.body.length - 1];
  return last?.type === "Return" && last.value ? last.value : null;
}

function lastOrderOfCell(resolver: Resolver, cell: number): number {
  let last = -1;
  for (const t of resolver.scope.statements) if (t.cell === cell) last = t.order;
  return last;
}

/**
 * Cells the person tagged `golden` (or marked `# nb2svc: golden`) that the inference path did not already give:
 * the call of the preprocessing function in the cell is the input, the displayed value the answer.
 */
export function taggedGoldens(ctx: GoldenContext, cells: readonly number[], pre: string | null, known: readonly Golden[], log: DiagnosticLog): Golden[] {
  const out: Golden[] = [];
  const scope = ctx.resolver.scope;
  const preDef = pre ? scope.functions.get(pre)?.def : undefined;
  for (const index of cells) {
    if (known.some((g) => g.cell === index)) continue;
    const cell = ctx.cells[index];
    const body = ctx.cellBodies.get(index);
    if (!cell || !body) continue;
    const shown = displayed(cell, body);
    const calls = body.flatMap((s) => ownCalls(s)).filter((c) => c.func.type === "Name" && c.func.id === pre);
    const order = lastOrderOfCell(ctx.resolver, index);
    const call = calls[0];
    const args = call && preDef ? bindArguments(preDef, call, (e) => ctx.resolver.evaluateAt(e, order + 1)) : null;
    const golden = args && shown && pre ? makeGolden(ctx, cell, pre, args, shown.text) : null;
    if (golden) out.push(golden);
    else {
      log.warning({
        code: "ANALYZE_GOLDEN_UNREADABLE",
        message: !shown
          ? "this cell is tagged golden but displays no value nb2svc can read back"
          : !call
            ? `this cell is tagged golden but does not call the preprocessing function${pre ? ` \`${pre}\`` : ""}`
            : "this cell is tagged golden but its input is not a literal nb2svc can read",
        at: { cell: index, line: 1, column: 1 },
        suggestion: `end the cell with the answer as its last expression, computed as ${pre ?? "preprocess"}(<literal input>) -> model -> postprocess`,
      });
    }
  }
  return out;
}
