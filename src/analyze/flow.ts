// The inference path: where the notebook calls its model, which notebook function made the model's input
// (preprocessing) and which one consumed its output (postprocessing). Values are traced backwards through
// assignments and through the conversions notebooks wrap around tensors (`torch.from_numpy`, `.numpy()`, ...).
import type * as A from "../python/pyast.ts";
import { ModuleScope, type Binding } from "../python/scope.ts";
import type { InputBinding, OutputBinding } from "./types.ts";
import { ownCalls } from "../python/walk.ts";

/** A block of statements sharing one scope: the notebook's module level, or one function's body. */
export interface Frame {
  /** The function whose body this is; null at module level. */
  readonly fn: A.FunctionDef | null;
  /** Bindings of this scope (for a function: its local bindings; positions are local). */
  readonly table: ModuleScope;
  readonly qualify: (e: A.Expr) => string | null;
  /** The notebook cell the statements are in, for a function frame. */
  readonly cell: number | null;
}

export type Origin =
  | { readonly kind: "user-call"; readonly fn: string; readonly call: A.Call; readonly pos: number; readonly element: readonly number[] }
  | { readonly kind: "model"; readonly site: Site; readonly index: number | null }
  | { readonly kind: "param"; readonly name: string }
  | { readonly kind: "other" };

export interface Site {
  readonly call: A.Call;
  readonly frame: Frame;
  readonly pos: number;
  readonly cell: number;
  readonly via: "model-call" | "method-call" | "session-run";
  /** The expressions that become the model's inputs, with input names where the notebook gave them. */
  readonly inputs: readonly { readonly expr: A.Expr; readonly name: string | null }[];
  /** `sess.run(None, feeds)` with feeds not a dict literal. */
  readonly feeds: A.Expr | null;
}

type HandleKind = "models" | "sessions" | "nets";

interface Consumer {
  readonly fn: string;
  readonly call: A.Call;
  readonly pos: number;
  readonly origin: Extract<Origin, { kind: "model" }>;
}

export interface PathFinding {
  readonly site: Site;
  readonly preprocess: { readonly fn: string; readonly call: A.Call; readonly pos: number } | null;
  readonly input: InputBinding;
  readonly postprocess: { readonly fn: string; readonly call: A.Call; readonly pos: number } | null;
  readonly output: OutputBinding;
}

const TENSOR_WRAPPERS = new Set([
  "torch.from_numpy",
  "torch.tensor",
  "torch.as_tensor",
  "torch.Tensor",
  "torch.FloatTensor",
  "torch.LongTensor",
  "torch.autograd.Variable",
  "numpy.asarray",
  "numpy.array",
  "numpy.ascontiguousarray",
  "tensorflow.convert_to_tensor",
  "tensorflow.constant",
  "list",
]);
const WRAPPER_METHODS = new Set([
  "numpy",
  "detach",
  "cpu",
  "cuda",
  "float",
  "double",
  "long",
  "int",
  "to",
  "contiguous",
  "clone",
  "copy",
  "astype",
  "tolist",
]);
/**
 * The value a model input is made from by conversions that keep its values (`torch.from_numpy(x)`, `x.astype(np.float32)`,
 * `x.detach().numpy()`): `x`; the expression itself when it is no such conversion.
 */
export function unwrapConversions(e: A.Expr, qualify: (e: A.Expr) => string | null): A.Expr {
  for (let depth = 0; depth < 40 && e.type === "Call"; depth++) {
    const f: A.Expr = e.func;
    const q = qualify(f);
    if (q && TENSOR_WRAPPERS.has(q) && e.args[0]) e = e.args[0];
    else if (f.type === "Attribute" && WRAPPER_METHODS.has(f.attr)) e = f.value;
    else break;
  }
  return e;
}

const MODEL_METHODS = new Set(["forward", "predict", "predict_proba", "decision_function", "transform", "__call__", "run"]);

export class FlowAnalysis {
  readonly functionFrames = new Map<string, Frame>();
  readonly moduleFrame: Frame;
  readonly sites: Site[] = [];
  private readonly siteByCall = new Map<A.Call, Site>();

  constructor(
    readonly scope: ModuleScope,
    /** Names of objects that are the model (`model`, `clf`), an onnxruntime session (`sess`) or an OpenCV DNN net. */
    readonly handles: { readonly models: ReadonlySet<string>; readonly sessions: ReadonlySet<string>; readonly nets?: ReadonlySet<string> },
  ) {
    this.moduleFrame = { fn: null, table: scope, qualify: scope.qualify, cell: null };
    for (const [name, { def, cell }] of scope.functions) {
      const table = new ModuleScope([{ index: cell, module: { body: def.body, errors: [] }, tags: [] }]);
      this.functionFrames.set(name, { fn: def, table, qualify: scope.qualify, cell });
    }
    this.handleParams = this.findHandleParams();
    for (const frame of [this.moduleFrame, ...this.functionFrames.values()]) this.findSites(frame);
  }

  /** Parameters of notebook functions that calls pass a model, session or net (`def predict(model, path)`, called as `predict(net, "x.jpg")`). */
  private readonly handleParams: ReadonlyMap<string, { readonly [K in HandleKind]: ReadonlySet<string> }>;

  private findHandleParams(): Map<string, Record<HandleKind, Set<string>>> {
    const out = new Map<string, Record<HandleKind, Set<string>>>();
    const kindOf = (e: A.Expr): HandleKind | null => {
      if (e.type !== "Name") return null;
      return this.handles.models.has(e.id) ? "models" : this.handles.sessions.has(e.id) ? "sessions" : this.handles.nets?.has(e.id) ? "nets" : null;
    };
    for (const top of this.scope.statements) {
      if (top.stmt.type === "FunctionDef" || top.stmt.type === "ClassDef") continue;
      for (const call of ownCalls(top.stmt)) {
        const def = call.func.type === "Name" ? this.scope.functions.get(call.func.id)?.def : undefined;
        if (!def) continue;
        const note = (param: string | undefined, arg: A.Expr) => {
          const kind = kindOf(arg);
          if (!param || !kind) return;
          const sets = out.get(def.name) ?? { models: new Set(), sessions: new Set(), nets: new Set() };
          sets[kind].add(param);
          out.set(def.name, sets);
        };
        const positional = def.params.filter((p) => p.kind === "positional" || p.kind === "positional-only");
        call.args.forEach((a, i) => {
          if (a.type !== "Starred" && !call.args.slice(0, i).some((b) => b.type === "Starred")) note(positional[i]?.name, a);
        });
        for (const k of call.keywords) if (k.arg !== null) note(def.params.find((p) => p.name === k.arg && (p.kind === "positional" || p.kind === "keyword-only"))?.name, k.value);
      }
    }
    return out;
  }

  /** True when `name` is a model (session, net) handle in `frame`: the notebook's own, or a parameter calls pass one to. */
  private isHandle(kind: HandleKind, name: string, frame: Frame): boolean {
    if (frame.fn && this.handleParams.get(frame.fn.name)?.[kind].has(name) && !frame.table.bindings.has(name)) return true;
    return this.handles[kind]?.has(name) === true;
  }

  private findSites(frame: Frame): void {
    for (const top of frame.table.statements) {
      if (top.stmt.type === "FunctionDef" || top.stmt.type === "ClassDef") continue;
      for (const call of ownCalls(top.stmt)) {
        const site = this.siteOf(call, frame, top.order, frame.cell ?? top.cell);
        if (site) {
          this.sites.push(site);
          this.siteByCall.set(call, site);
        }
      }
    }
  }

  private isUserFunction(name: string, frame: Frame): boolean {
    if (!this.scope.functions.has(name)) return false;
    // a local of the same name shadows the notebook's function
    return !(frame.fn && (frame.table.bindings.has(name) || frame.fn.params.some((p) => p.name === name)));
  }

  private siteOf(call: A.Call, frame: Frame, pos: number, cell: number): Site | null {
    const f = call.func;
    const base = { call, frame, pos, cell, feeds: null };
    if (f.type === "Name" && this.isHandle("models", f.id, frame)) {
      return { ...base, via: "model-call", inputs: call.args.filter((a) => a.type !== "Starred").map((expr) => ({ expr, name: null })) };
    }
    if (f.type !== "Attribute" || f.value.type !== "Name") return null;
    const recv = f.value.id;
    if (this.isHandle("models", recv, frame) && MODEL_METHODS.has(f.attr) && f.attr !== "run") {
      return { ...base, via: "method-call", inputs: call.args.map((expr) => ({ expr, name: null })) };
    }
    if (this.isHandle("nets", recv, frame) && f.attr === "forward" && call.args.length === 0 && call.keywords.length === 0) {
      // OpenCV's two-step run: `net.setInput(blob)` before, then `out = net.forward()` (the first output)
      const input = this.netInput(recv, frame, pos, call);
      return input ? { ...base, via: "method-call", inputs: [input] } : null;
    }
    if (this.isHandle("sessions", recv, frame) && f.attr === "run") {
      const feeds = call.args[1] ?? call.keywords.find((k) => k.arg === "input_feed")?.value;
      if (!feeds) return null;
      if (feeds.type === "Dict" && feeds.keys.every((k) => k !== null)) {
        const inputs = feeds.keys.map((k, i) => ({
          expr: feeds.values[i]!,
          name: k!.type === "Constant" && k!.kind === "str" ? (k!.value as string) : null,
        }));
        return { ...base, via: "session-run", inputs };
      }
      return { ...base, via: "session-run", inputs: [], feeds };
    }
    return null;
  }

  /**
   * The blob the last `net.setInput(blob[, name])` before `forward` (in the same statement list) fed, or null when
   * there is none or it also scales or shifts the blob (setInput's scalefactor and mean are not translated).
   */
  private netInput(net: string, frame: Frame, pos: number, forward: A.Call): { expr: A.Expr; name: string | null } | null {
    let found: A.Call | null = null;
    for (const top of frame.table.statements) {
      if (top.order > pos) break;
      for (const call of ownCalls(top.stmt)) {
        if (call === forward) break;
        const f = call.func;
        if (f.type === "Attribute" && f.attr === "setInput" && f.value.type === "Name" && f.value.id === net) found = call;
      }
    }
    if (!found) return null;
    const blob = found.args[0] ?? found.keywords.find((k) => k.arg === "blob")?.value;
    const nameArg = found.args[1] ?? found.keywords.find((k) => k.arg === "name")?.value;
    if (!blob || found.args.length > 2 || found.keywords.some((k) => k.arg === "scalefactor" || k.arg === "mean")) return null;
    const name = nameArg?.type === "Constant" && nameArg.kind === "str" && nameArg.value !== "" ? (nameArg.value as string) : null;
    return { expr: blob, name };
  }

  /** Where the value of `e` (evaluated at position `pos` of `frame`) came from. */
  trace(e: A.Expr, frame: Frame, pos: number, depth = 0): Origin {
    if (depth > 40) return { kind: "other" };
    switch (e.type) {
      case "Call": {
        const site = this.siteByCall.get(e);
        if (site) return { kind: "model", site, index: null };
        const f = e.func;
        if (f.type === "Name" && this.isUserFunction(f.id, frame)) {
          return { kind: "user-call", fn: f.id, call: e, pos, element: [] };
        }
        const q = frame.qualify(f);
        if (q && TENSOR_WRAPPERS.has(q) && e.args[0]) return this.trace(e.args[0], frame, pos, depth + 1);
        if (f.type === "Attribute" && WRAPPER_METHODS.has(f.attr)) return this.trace(f.value, frame, pos, depth + 1);
        return { kind: "other" };
      }
      case "Subscript": {
        const index = e.slice.type === "Constant" && e.slice.kind === "int" ? (e.slice.value as number) : null;
        if (index === null) return { kind: "other" };
        const inner = this.trace(e.value, frame, pos, depth + 1);
        if (inner.kind === "model" && inner.index === null) return { ...inner, index };
        if (inner.kind === "user-call") return { ...inner, element: [...inner.element, index] };
        return { kind: "other" };
      }
      case "Name": {
        if (frame.fn && frame.fn.params.some((p) => p.name === e.id) && !frame.table.bindingAt(e.id, pos)) {
          return { kind: "param", name: e.id };
        }
        const b: Binding | undefined = frame.table.bindingAt(e.id, pos);
        if (!b?.value || (b.kind !== "assign" && b.kind !== "with")) return { kind: "other" };
        const inner = this.trace(b.value, frame, b.order, depth + 1);
        if (!b.element?.length) return inner;
        if (inner.kind === "model" && inner.index === null) return { ...inner, index: b.element[0]! };
        if (inner.kind === "user-call") return { ...inner, element: [...inner.element, ...b.element] };
        return { kind: "other" };
      }
      default:
        return { kind: "other" };
    }
  }

  private readonly consumerIndex = new Map<Frame, Map<Site, Consumer[]>>();

  /**
   * Calls of notebook functions whose first argument is this site's output. Each call of the frame is traced once
   * and filed under the site its argument comes from (tracing per site was quadratic in long notebooks).
   */
  private consumers(site: Site): Consumer[] {
    let index = this.consumerIndex.get(site.frame);
    if (!index) {
      index = new Map();
      for (const top of site.frame.table.statements) {
        if (top.stmt.type === "FunctionDef" || top.stmt.type === "ClassDef") continue;
        for (const call of ownCalls(top.stmt)) {
          if (call.func.type !== "Name" || !this.isUserFunction(call.func.id, site.frame) || !call.args[0]) continue;
          // the argument is evaluated at this statement: bindings made by it are visible (position + 1)
          const origin = this.trace(call.args[0], site.frame, top.order + 1);
          if (origin.kind !== "model" || origin.site.pos > top.order) continue;
          const list = index.get(origin.site) ?? [];
          list.push({ fn: call.func.id, call, pos: top.order, origin });
          index.set(origin.site, list);
        }
      }
      this.consumerIndex.set(site.frame, index);
    }
    return index.get(site) ?? [];
  }

  /** Pre- and postprocessing around one call of the model. */
  pathOf(site: Site): PathFinding {
    let preprocess: PathFinding["preprocess"] = null;
    let input: InputBinding = { kind: "single" };
    const origins = site.inputs.map((i) => this.trace(i.expr, site.frame, site.pos));
    if (site.feeds) {
      const o = this.trace(site.feeds, site.frame, site.pos);
      if (o.kind === "user-call" && o.element.length === 0) {
        preprocess = { fn: o.fn, call: o.call, pos: o.pos };
        input = { kind: "dict" };
      }
    } else if (origins.length > 0) {
      const first = origins[0]!;
      if (first.kind === "user-call") {
        const sameCall = origins.every((o) => o.kind === "user-call" && o.call === first.call);
        if (origins.length === 1 && first.element.length === 0) {
          preprocess = { fn: first.fn, call: first.call, pos: first.pos };
        } else if (
          sameCall &&
          origins.every((o, i) => o.kind === "user-call" && o.element.length === 1 && o.element[0] === i)
        ) {
          preprocess = { fn: first.fn, call: first.call, pos: first.pos };
          input = { kind: "tuple" };
        }
      }
    }
    const consumer = this.consumers(site)[0];
    let output: OutputBinding = site.via === "session-run" ? { kind: "all-outputs" } : { kind: "output", index: 0 };
    if (consumer?.origin.index !== null && consumer?.origin.index !== undefined) {
      output = { kind: "output", index: consumer.origin.index };
    }
    return {
      site,
      preprocess,
      input,
      postprocess: consumer ? { fn: consumer.fn, call: consumer.call, pos: consumer.pos } : null,
      output,
    };
  }
}
