// Recovering the inference path from notebooks written the way people write them: preprocessing in top-level cells
// (or inside a `def predict(...)` that also calls the model), the model run on a literal, a row of a data set or an
// image file, and the answer printed. The backward slice from the model call to the example becomes a
// `preprocess` function, the forward slice from the model's output to what the cell displays a `postprocess`
// function, both written as Python from the notebook's own lines (with where each line came from), so that they go
// through translation like functions the person wrote; the displayed answers become goldens.
import type { Parser } from "web-tree-sitter";
import type { Cell } from "../load/types.ts";
import { BYTES, toJson, type Value } from "./evaluate.ts";
import { type FlowAnalysis, type Frame, type Site, unwrapConversions } from "./flow.ts";
import type * as A from "../python/pyast.ts";
import { parseRepr } from "./repr.ts";
import type { Resolver } from "./resolve.ts";
import { functionFacts, type ModuleScope, type TopStmt } from "../python/scope.ts";
import { parseWith } from "../python/parse.ts";
import type { Column, FrameInfo, Frames } from "./frames.ts";
import { RowProvenance, rowsValue, type Rows } from "./rows.ts";
import { BackwardSlicer, boundNames, exprsOf, keepLocals, readsOf, type Boundary, type SliceFrame } from "./slice.ts";
import type { Golden, InputBinding, InputRef, Json, OutputBinding, OutputRef, PyValue, SourceLine } from "./types.ts";
import { bindCall, childBlocks, childExprs, ownCalls, stmtExprs, targetNames, walkExpr, walkStmts } from "../python/walk.ts";

export interface RecoverContext {
  readonly parser: Parser;
  readonly cells: readonly Cell[];
  /** Each analysed cell's Python (magics neutralised), by cell index: statements' lines and columns refer to it. */
  readonly pythonOf: ReadonlyMap<number, string>;
  readonly scope: ModuleScope;
  readonly flow: FlowAnalysis;
  readonly resolver: Resolver;
  /** Names taken by the notebook's own functions: recovered functions get other names. */
  readonly taken: ReadonlySet<string>;
  /** Model objects exported with torch.onnx.export: calling one gives torch tensors. */
  readonly torchModels: ReadonlySet<string>;
  /** Model objects exported with skl2onnx (or onnxmltools): `predict` gives a 1-d array where the graph gives (n, 1). */
  readonly sklearnModels: ReadonlySet<string>;
  readonly frames: Frames;
  /** Values read from a run of the notebook (`--execute`): `=<expression>` keys hold boundary values. */
  readonly executed?: ReadonlyMap<string, PyValue>;
}

/** Python source written by recovery, with where each of its lines came from. */
export interface WrittenFunction {
  readonly name: string;
  readonly source: string;
  readonly origin: readonly SourceLine[];
  readonly params: readonly string[];
}

export interface RecoveredPath {
  readonly site: Site;
  readonly preprocess: WrittenFunction | null;
  readonly postprocess: WrittenFunction | null;
  readonly input: InputBinding;
  readonly output: OutputBinding;
  /** The postprocessing's parameters after the output(s): the model's inputs it reads (see fedInputsRead). */
  readonly fedInputs: readonly InputRef[];
  /** Its parameters after those: the request's fields it reads (see wrapperValuesRead). */
  readonly requestFields: readonly string[];
  /** Expressions whose values a run of the notebook would give, making examples of calls of a split function (see ranArgument). */
  readonly wants: readonly string[];
  readonly boundaries: readonly Boundary[];
  /** When the preprocessing takes one record (a row of a table with known columns): its parameter and columns. */
  readonly record: {
    readonly param: string;
    readonly columns: readonly Column[];
    readonly csv: FrameInfo["csv"] | null;
    /**
     * The notebook ran the path on several rows at once (`df.iloc[:3]`), so its answer holds one item per row: each
     * record's answer is the first (and only) item of its one-row answer.
     */
    readonly perRow: boolean;
  } | null;
  readonly goldens: readonly Golden[];
  /** The cells the recovered lines came from. */
  readonly cells: readonly number[];
  /** Module-level names the recovered functions read. */
  readonly reads: ReadonlySet<string>;
  /** Why a part could not be recovered, for the report. */
  readonly notes: readonly string[];
  /**
   * The notebook's functions whose result is the answer, outermost first, when the model call is in a function that
   * returns it: `predict` (which calls `predict_proba`, which holds the model call) then `predict_proba`. Empty when the
   * path was recovered from top-level code.
   */
  readonly functions: readonly string[];
  /** Functions written for the callees on the way (their preprocessing and postprocessing), which the path's call. */
  readonly helpers: readonly WrittenFunction[];
}

/** Calls that compute a score against known answers: a display of one is evaluation, not an answer. */
const METRICS = /(accuracy|precision|recall|f1|roc_auc|auc|mean_squared_error|mean_absolute_error|r2_score|log_loss|confusion_matrix|classification_report|score|allclose|assert_allclose|array_equal|testing\.)/;
const DISPLAY_FUNCTIONS = new Set(["print", "display"]);
/** Names notebooks give the true labels: reading them next to the model's answers computes a score. */
const LABELS = /^(y|y_?(test|true|val|valid|eval|holdout)\w*|labels?|targets?|truth|ground_truth|actual)$/i;

export function recoverPaths(ctx: RecoverContext): RecoveredPath[] {
  const out: RecoveredPath[] = [];
  const loops = statementsInLoops(ctx.scope);
  for (const site of ctx.flow.sites) {
    const frame = frameOf(ctx, site);
    if (!frame) continue;
    const top = frame.table.statements[site.pos];
    // a model call inside a loop trains or evaluates over a data set
    if (site.frame.fn === null && top && loops.has(top.stmt)) continue;
    if (isTraining(ctx, site) || feedbackLoop(ctx, site)) continue;
    const path = recoverAt(ctx, site, frame);
    if (path) out.push(path, ...callerPaths(ctx, path));
  }
  return out;
}

function frameOf(ctx: RecoverContext, site: Site): SliceFrame | null {
  const fn = site.frame.fn;
  const cell = site.frame.cell;
  return {
    table: site.frame.table,
    fn,
    cellOf: (t) => (fn && cell !== null ? cell : t.cell),
    qualify: ctx.scope.qualify,
  };
}

function statementsInLoops(scope: ModuleScope): Set<A.Stmt> {
  const out = new Set<A.Stmt>();
  const mark = (stmts: readonly A.Stmt[]) => {
    for (const s of stmts) {
      out.add(s);
      if (s.type !== "FunctionDef" && s.type !== "ClassDef") {
        for (const b of childBlocks(s)) mark(b);
      }
    }
  };
  for (const t of scope.statements) {
    if (t.stmt.type === "For" || t.stmt.type === "While") {
      mark(t.stmt.body);
      mark(t.stmt.orelse);
    }
  }
  return out;
}

/** The model calls that run in a loop feeding the model's answers back into its input (see feedbackLoop). */
export function feedbackSites(ctx: RecoverContext): { site: Site; loop: A.For | A.While }[] {
  const out: { site: Site; loop: A.For | A.While }[] = [];
  for (const site of ctx.flow.sites) {
    const loop = isTraining(ctx, site) ? null : feedbackLoop(ctx, site);
    if (loop) out.push({ site, loop });
  }
  return out;
}

/**
 * The loop around a model call that feeds the model's answers back into its input (a recursive multi-step forecast:
 * `window = np.append(window[1:], yhat)`; a recurrent state passed in again), or null. Each request would run the
 * model several times, each run on what the one before answered: no preprocess/model/postprocess split expresses it.
 */
function feedbackLoop(ctx: RecoverContext, site: Site): A.For | A.While | null {
  const top = site.frame.table.statements[site.pos];
  if (!top) return null;
  const inputs = inputExpressions(ctx, site)?.exprs ?? site.call.args;
  for (const { stmt } of site.frame.table.statements) {
    if (stmt.type !== "For" && stmt.type !== "While") continue;
    const body: A.Stmt[] = [];
    walkStmts(stmt.body, (x) => body.push(x));
    if (!body.includes(top.stmt)) continue;
    // what the loop computes from the model's answers, and what the model's input is computed from
    const fromOutput = new Set(boundNames(top.stmt));
    const intoInput = new Set(inputs.flatMap(readsOf));
    for (let changed = true; changed; ) {
      changed = false;
      for (const b of body) {
        const reads = exprsOf(b).flatMap(readsOf);
        const bound = [...boundNames(b), ...changedInPlace(b)];
        const add = (to: Set<string>, names: readonly string[]) => {
          for (const n of names) {
            if (to.has(n)) continue;
            to.add(n);
            changed = true;
          }
        };
        if (reads.some((n) => fromOutput.has(n))) add(fromOutput, bound);
        if (bound.some((n) => intoInput.has(n))) add(intoInput, reads);
      }
    }
    if ([...intoInput].some((n) => fromOutput.has(n))) return stmt;
  }
  return null;
}

/** The variable a statement changes in place: `preds.append(yhat)`, `window[-1] = yhat`. */
function changedInPlace(s: A.Stmt): string[] {
  let e: A.Expr | null = s.type === "Expr" && s.value.type === "Call" ? s.value.func : s.type === "Assign" && s.targets.length === 1 ? s.targets[0]! : s.type === "AugAssign" ? s.target : null;
  if (e?.type === "Name") return [];
  while (e && (e.type === "Attribute" || e.type === "Subscript")) e = e.value;
  return e?.type === "Name" ? [e.id] : [];
}

/** A model call whose result feeds a loss (`criterion(model(x), y)`, `.backward()`) trains. */
function isTraining(_ctx: RecoverContext, site: Site): boolean {
  const top = site.frame.table.statements[site.pos];
  if (!top) return false;
  const text = top.stmt.text;
  if (/\.backward\(|loss|criterion|optimizer/.test(text)) return true;
  return false;
}

function isDataset(ctx: RecoverContext, frame: SliceFrame): (name: string, pos: number) => boolean {
  const memo = new Map<string, boolean>();
  const visit = (name: string, pos: number, depth: number): boolean => {
    if (depth > 12) return false;
    const b = frame.table.bindingAt(name, pos) ?? (frame.fn ? ctx.scope.bindingAt(name, Number.MAX_SAFE_INTEGER) : undefined);
    if (!b || !b.value || (b.kind !== "assign" && b.kind !== "for")) return b?.kind === "for";
    const key = `${name}@${b.order}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false);
    let found = false;
    walkExpr(b.value, (x) => {
      if (found) return;
      if (x.type === "Call") {
        const q = ctx.scope.qualify(x.func);
        if (q && /^(sklearn\.datasets\.|sklearn\.model_selection\.train_test_split$|pandas\.read_|numpy\.(load|loadtxt|genfromtxt)$|torchvision\.datasets\.|tensorflow\.keras\.datasets\.|keras\.datasets\.|datasets\.load_dataset$|torch\.utils\.data\.)/.test(q)) found = true;
        // synthetic data drawn in the notebook (`rng.normal(...)` with `rng = np.random.default_rng(0)`)
        if (q && /^numpy\.random\./.test(q)) found = true;
        if (x.func.type === "Attribute" && (x.func.attr === "load_data" || x.func.attr === "read_csv")) found = true;
      }
      // (`df = df.set_index("date")` reads the binding before it)
      if (x.type === "Name" && !found) found = visit(x.id, b.order, depth + 1);
    });
    memo.set(key, found);
    return found;
  };
  return (name, pos) => visit(name, pos, 0);
}

/** The expressions the model's inputs are computed from, in input order, and how the result binds to the inputs. */
function inputExpressions(ctx: RecoverContext, site: Site): { exprs: A.Expr[]; binding: InputBinding; names: (string | null)[] } | null {
  if (site.feeds) {
    // sess.run(None, feeds) with `feeds = {...}` bound earlier
    if (site.feeds.type === "Name") {
      const b = site.frame.table.bindingAt(site.feeds.id, site.pos);
      if (b?.value?.type === "Dict" && b.value.keys.every((k) => k !== null)) {
        return fromDict(ctx, site, b.value);
      }
    }
    // sess.run(None, to_inputs(row)): whatever the expression builds is the dict of inputs by name
    return { exprs: [site.feeds], binding: { kind: "dict" }, names: [null] };
  }
  if (site.via === "session-run") {
    const call = site.call;
    const feeds = call.args[1] ?? call.keywords.find((k) => k.arg === "input_feed")?.value;
    if (feeds?.type === "Dict") return fromDict(ctx, site, feeds);
  }
  const exprs = site.inputs.map((i) => i.expr);
  if (exprs.length === 0) return null;
  return { exprs, binding: exprs.length === 1 ? { kind: "single" } : { kind: "tuple" }, names: exprs.map(() => null) };
}

function fromDict(ctx: RecoverContext, site: Site, d: A.DictExpr): { exprs: A.Expr[]; binding: InputBinding; names: (string | null)[] } {
  const keys = d.keys.map((k) => (k ? feedKeyOf(ctx, site, k) : null));
  const exprs = [...d.values];
  if (keys.every((k) => k?.name !== undefined)) return { exprs, binding: { kind: "dict" }, names: keys.map((k) => k!.name!) };
  const binding: InputBinding = exprs.length === 1 ? { kind: "single" } : { kind: "tuple" };
  if (keys.every((k) => k?.index !== undefined)) {
    // {sess.get_inputs()[1].name: b, sess.get_inputs()[0].name: a}: in input order
    const order = exprs.map((e, i) => ({ e, index: keys[i]!.index! })).sort((a, b) => a.index - b.index);
    return { exprs: order.map((o) => o.e), binding, names: order.map(() => null) };
  }
  return { exprs, binding, names: exprs.map(() => null) };
}

/** A feed key: a literal input name, or `sess.get_inputs()[i].name` (directly or through a variable). */
function feedKeyOf(ctx: RecoverContext, site: Site, k: A.Expr): { name?: string; index?: number } | null {
  if (k.type === "Constant" && k.kind === "str") return { name: k.value as string };
  const e = throughName(ctx, site, k);
  const i = e && indexedName(e, "get_inputs");
  return i !== null && i !== undefined ? { index: i } : null;
}

/** The value a name holds where the model is called (or the expression itself). */
function throughName(ctx: RecoverContext, site: Site, e: A.Expr): A.Expr | undefined {
  if (e.type !== "Name") return e;
  const b = site.frame.table.bindingAt(e.id, site.pos) ?? ctx.scope.bindingAt(e.id, Number.MAX_SAFE_INTEGER);
  return b?.value ?? undefined;
}

/** `sess.get_inputs()[i].name` (with `method` get_inputs or get_outputs): i. */
function indexedName(e: A.Expr, method: string): number | null {
  if (e.type === "Attribute" && e.attr === "name" && e.value.type === "Subscript" && e.value.slice.type === "Constant" && e.value.slice.kind === "int") {
    const inner = e.value.value;
    if (inner.type === "Call" && inner.func.type === "Attribute" && inner.func.attr === method) return e.value.slice.value as number;
  }
  return null;
}

/**
 * The path at a model call; with `callee`, at a call of the function that path was recovered from (see callerPaths),
 * with `reserved` the names its functions took.
 */
function recoverAt(ctx: RecoverContext, site: Site, frame: SliceFrame, callee: Callee | null = null, reserved: ReadonlySet<string> = ctx.taken): RecoveredPath | null {
  const inputs = inputExpressions(ctx, site);
  const notes: string[] = [];
  const taken = new Set(reserved);
  const top = frame.table.statements[site.pos];
  if (!top) return null;

  // preprocessing: backward from the model's inputs
  let preprocess: WrittenFunction | null = null;
  let boundaries: readonly Boundary[] = [];
  const reads = new Set<string>();
  const cells = new Set<number>();
  let record: RecoveredPath["record"] = null;
  // the rows of data the notebook ran the path on, when nb2svc can tell which (rows.ts)
  let example: Rows | null = null;
  // rows of a data set fed to the model as they are (`sess.run(None, {name: X[:3]})`): the request is the tensor
  let rawRows: Boundary | null = null;
  if (inputs) {
    // rows of a table read from a CSV beside the notebook: requests are its raw rows (frames.ts knows its columns)
    const throughRows = (name: string, pos: number) => !frame.fn && ctx.frames.ofName(name, pos)?.csv !== undefined;
    const columnsOf = (name: string, pos: number) => (frame.fn ? null : (ctx.frames.ofName(name, pos)?.columns.map((c) => c.name) ?? null));
    const slicer = new BackwardSlicer(frame, isDataset(ctx, frame), throughRows, columnsOf);
    const s = slicer.slice(inputs.exprs, site.pos);
    boundaries = s.boundaries;
    // rows of a DataFrame whose columns are known: the request is one record, made a one-row frame
    const prelude: string[] = [];
    const replacements = new Map(s.replacements);
    const only = boundaries.length === 1 && !frame.fn ? boundaries[0]! : null;
    const rows = only?.kind === "rows" ? only : null;
    const file = only?.kind === "file" && only.file?.media === "table" ? only : null;
    const pandas = [...ctx.scope.imports].find(([, m]) => m === "pandas")?.[0];
    const numpy = [...ctx.scope.imports].find(([, m]) => m === "numpy")?.[0];
    // (a window of a series is one example, not records of the table)
    const table = !pandas ? null : rows && !rows.window ? ctx.frames.ofName(rows.dataset!, rows.binding ? rows.binding.order + 1 : site.pos) : file ? ctx.frames.of(file.file!.call, site.pos) : null;
    if ((rows || file) && table && pandas) {
      const param = "record";
      const frameOf = `${pandas}.DataFrame([${param}], columns=[${table.columns.map((c) => JSON.stringify(c.name)).join(", ")}])`;
      if (rows) {
        prelude.push(`${rows.dataset} = ${frameOf}`);
        if (rows.expr) replacements.set(rows.expr, rows.selects === "one" ? `${rows.dataset}.iloc[0]` : rows.dataset!);
      } else {
        // pd.read_csv("new_rows.csv") scored as it is: each request is one of its rows
        replacements.set(file!.expr!, frameOf);
      }
      const b = (rows ?? file)!;
      boundaries = [{ ...b, name: param }];
      const used = columnsRead(ctx, s.statements.filter((t) => !s.rewritten.has(t.stmt)), inputs.exprs, table.columns.map((c) => c.name), rows?.dataset ?? null);
      record = {
        param,
        columns: table.columns.map((c) => (used === null || used.has(c.name) ? c : { ...c, optional: true })),
        csv: table.csv ?? null,
        // the notebook answered several rows at once unless it picked one row (`df.iloc[0]`) on the way
        perRow: rows ? rows.selects === "rows" : !s.selections.some((x) => x.selects === "one"),
      };
    } else if (rows && !frame.fn) {
      // rows of a numpy array: the request's nested lists become the array the notebook had; rows of some columns of
      // a frame (a window of a multivariate series), the frame
      if (rows.columns && pandas) prelude.push(`${rows.name} = ${pandas}.DataFrame(${rows.name}, columns=[${rows.columns.map((c) => JSON.stringify(c)).join(", ")}])`);
      else if (numpy && (rows.window || !ctx.frames.ofName(rows.dataset!, site.pos))) prelude.push(`${rows.name} = ${numpy}.asarray(${rows.name})`);
    } else if (frame.fn) {
      // a parameter the notebook passes a numpy array (`predict(sess, X_test[:3])`, `x: np.ndarray`): the request's
      // nested lists become such an array, so the wrapper's `x.astype(np.float32)` or `x.shape` reads as it did
      for (const b of boundaries) {
        const dtype = b.kind === "param" && numpy ? arrayParameter(ctx, frame.fn, b.name) : null;
        if (dtype !== null) prelude.push(`${b.name} = ${numpy}.asarray(${b.name}${dtype ? `, dtype=${numpy}.${dtype}` : ""})`);
      }
    }
    if (!frame.fn) {
      const provenance = new RowProvenance(ctx.resolver);
      const nearest = s.selections[0];
      const only = boundaries.length === 1 ? boundaries[0]! : null;
      if (nearest) example = nearest.expr ? provenance.of(nearest.expr, nearest.pos) : nearest.binding ? provenance.of({ type: "Name", id: nearest.binding.name } as A.Name, nearest.pos) : null;
      else if (only?.kind === "rows") example = only.expr ? provenance.of(only.expr, site.pos) : only.binding ? provenance.of({ type: "Name", id: only.binding.name } as A.Name, only.binding.order + 1) : null;
    }
    if (boundaries.length > 0) {
      const dropped = new Set(boundaries.filter((b) => b.binding && b.expr === b.binding.value).map((b) => b.binding!.stmt));
      const body = s.statements.filter((t) => !dropped.has(t.stmt) && t !== top);
      const ret = returnOf(inputs.exprs, inputs.binding, inputs.names);
      // `model(torch.randn(1, 8))`, `sess.run(None, {"x": X_test})`: the input as it is is the model's input
      const identity = !record && body.length === 0 && inputs.exprs.every((e) => e.type === "Name" || s.replacements.has(e)) && boundaries.every((b) => b.kind === "random" || b.kind === "opaque" || b.kind === "rows");
      // (a call of a function whose preprocessing comes after: its arguments go through that preprocessing)
      if (identity && !callee?.pre) {
        notes.push("the model runs on its input as it is: the service takes the model's tensors");
        rawRows = boundaries.length === 1 && boundaries[0]!.kind === "rows" && inputs.exprs.length === 1 ? boundaries[0]! : null;
        boundaries = [];
      } else {
        const name = freshName("preprocess", taken);
        preprocess = writeFunction(ctx, frame, name, paramsWithDefaults(frame, boundaries), body, ret, record ? replacements : s.replacements, top, prelude, s.rewritten, callee?.pre?.name);
        for (const n of s.reads) reads.add(n);
        for (const t of body) cells.add(frame.cellOf(t));
      }
    } else notes.push("the model's input does not depend on an example the notebook gives");
  } else notes.push("the model's inputs are built in a way nb2svc does not follow");

  // postprocessing: forward from the model's output to what a cell displays
  const forwarded = forward(ctx, site, frame, top, callee);
  // reg.predict(x) on a scikit-learn model: (n,), where its ONNX graph answers (n, 1)
  const sklearnPredict = site.via === "method-call" && site.call.func.type === "Attribute" && site.call.func.attr === "predict" && ctx.sklearnModels.has(modelName(site) ?? "");
  const post = forwarded && sklearnPredict && forwarded.output.kind === "output" ? { ...forwarded, output: { ...forwarded.output, squeeze: true } } : forwarded;
  let postprocess: WrittenFunction | null = null;
  let output: OutputBinding = defaultOutput(ctx, site);
  let display: Display | null = null;
  let fed: FedInput[] = [];
  let requestFields: readonly string[] = [];
  // a wrapper whose callers show its result through one expression (`labels[predict(text)]`): that expression ends
  // the postprocessing, so the service answers what they showed, and the goldens are read through it; only around
  // one returned value (a frame's columns are returned as a dict)
  const single = post?.returns.kind === "single" && post.returns.exprs.length === 1;
  const shownThrough = post?.display.fromReturn && frame.fn && single ? wrapperOuter(ctx, frame.fn) : null;
  if (post) {
    output = post.output;
    display = post.display;
    // `out = model(x); out`: showing the outputs as they are is no postprocessing
    const identity = post.statements.length === 0 && post.returns.kind === "single" && post.returns.exprs[0]?.type === "Name" && post.params.includes((post.returns.exprs[0] as A.Name).id);
    const name = freshName("postprocess", taken);
    // a torch model's outputs are tensors: the translation gives their methods torch's meaning (`x.max(1)`)
    const torchAlias = [...ctx.scope.imports].find(([, m]) => m === "torch")?.[0];
    const tensorOut = !callee && site.via !== "session-run" && torchAlias !== undefined && modelName(site) !== null && ctx.torchModels.has(modelName(site)!);
    const params = post.params.map((p) => (tensorOut ? `${p}: ${torchAlias}.Tensor` : p));
    const replacements = new Map(post.replacements);
    if (shownThrough) {
      const e = post.returns.exprs[0]!;
      replacements.set(e, shownThrough.replace(RESULT, `(${exprText(ctx, frame.cellOf(post.display.stmt), e, post.replacements)})`));
    }
    const write = (more: readonly string[], beside: readonly TopStmt[] = []) => {
      const body = [...beside, ...post.statements].sort((x, y) => x.order - y.order);
      return writeFunction(ctx, frame, name, [...params, ...more], body, post.returns, replacements, post.display.stmt);
    };
    // (with preprocessing the displayed outputs are the answer, as the notebook showed them: the function stays)
    if (!identity || preprocess) {
      postprocess = write([]);
      // (a callee's arguments are no model inputs: what its caller reads of them are the request's fields, below)
      fed = inputs && !callee ? fedInputsRead(frame, site, inputs, post, freeNames(ctx.parser, postprocess.source)) : [];
      const fedParams = fed.map((x) => (x.tensor && tensorOut ? `${x.param}: ${torchAlias}.Tensor` : x.param));
      if (fed.length) postprocess = write(fedParams);
      const beside = frame.fn && preprocess ? wrapperValuesRead(ctx, frame, top, preprocess, postprocess, post) : null;
      if (beside) {
        postprocess = write([...fedParams, ...beside.fields], beside.statements);
        requestFields = beside.fields;
      }
    }
    for (const n of post.reads) if (!fed.some((x) => x.param === n)) reads.add(n);
    for (const t of post.statements) cells.add(frame.cellOf(t));
    cells.add(post.display.cell);
  }
  cells.add(frame.cellOf(top));
  if (callee && !postprocess) return null;

  const goldens: Golden[] = [];
  const wants = new Set<string>();
  if (display?.fromReturn && preprocess && frame.fn) goldens.push(...wrapperGoldens(ctx, frame.fn, boundaries, preprocess, postprocess, postprocess ? shownThrough : null, wants, display.template));
  else if (display && preprocess && inputs) {
    const g = goldenOf(ctx, boundaries, display, preprocess, postprocess, site, record, example);
    if (g) goldens.push(g);
  } else if (display && !preprocess && rawRows && example) {
    // the model's one input is those rows: the plan names the request's field after the model's input
    const rows = rowsValue(example, null);
    const expected = rows === undefined ? undefined : readDisplayed(ctx, display);
    if (rows !== undefined && expected) {
      goldens.push({
        cell: display.cell,
        call: `${postprocess ? `${postprocess.name}(` : ""}model(${short(JSON.stringify(rows))})${postprocess ? ")" : ""}`,
        input: { [rawRows.name]: rows },
        expected: expected.value,
        outputText: display.text.trimEnd(),
        ...(expected.atol ? { atol: expected.atol } : {}),
        fromData: true,
      });
    }
  }
  for (const c of callee?.path.cells ?? []) cells.add(c);
  for (const n of callee?.path.reads ?? []) reads.add(n);
  return {
    // (a caller's path runs the model where its callee does)
    site: callee?.path.site ?? site,
    preprocess,
    postprocess,
    record: preprocess ? record : null,
    input: callee?.path.input ?? inputs?.binding ?? { kind: "single" },
    output: callee?.path.output ?? output,
    fedInputs: postprocess ? fed.map((x) => x.ref) : [],
    requestFields: postprocess ? requestFields : [],
    boundaries,
    wants: [...wants],
    goldens,
    cells: [...cells].sort((a, b) => a - b),
    reads,
    notes,
    functions: display?.fromReturn && frame.fn ? [frame.fn.name, ...(callee?.path.functions ?? [])] : [],
    helpers: callee ? [...callee.path.helpers, ...(callee.pre ? [callee.pre] : []), callee.post] : [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Callers: a function that calls the function holding the model call

/** What the recovery of a caller takes from the path of the function it calls (see callerPaths). */
interface Callee {
  readonly path: RecoveredPath;
  /** The callee's preprocessing and postprocessing, renamed after it: the caller's call them. */
  readonly pre: WrittenFunction | null;
  readonly post: WrittenFunction;
}

/** How many functions a chain of callers may add above the one holding the model call. */
const MAX_CALLERS = 3;

/**
 * The paths through the notebook's functions that call the function a path was recovered from (`def predict(x): p =
 * predict_proba(x); return labels[p.argmax()]`, where `predict_proba` holds the model call), and through their
 * callers in turn: the caller's lines before the call, then the callee's preprocessing, are the preprocessing; the
 * callee's postprocessing, then the caller's lines after the call, the postprocessing; the examples are the cells that
 * show the caller's result. A caller that calls it several times, in a loop or a comprehension, is no such path.
 */
function callerPaths(ctx: RecoverContext, path: RecoveredPath, depth = 0): RecoveredPath[] {
  const callee = path.functions[0];
  // (what the callee's postprocessing reads beside the model's output would have to come through the caller)
  if (!callee || depth >= MAX_CALLERS || !path.postprocess || path.fedInputs.length || path.requestFields.length || path.record) return [];
  const out: RecoveredPath[] = [];
  for (const [name, frame] of ctx.flow.functionFrames) {
    if (path.functions.includes(name)) continue;
    const found = onlyCall(frame, callee);
    const caller = found && recoverCaller(ctx, path, frame, found.call, found.top);
    if (caller) out.push(caller, ...callerPaths(ctx, caller, depth + 1));
  }
  return out;
}

/**
 * The one call of the notebook function `name` in a function's body, with its statement: null when there is none,
 * several, or one that may run several times or not at all (in a loop, a comprehension, a lambda).
 */
function onlyCall(frame: Frame, name: string): { call: A.Call; top: TopStmt } | null {
  const found: { call: A.Call; top: TopStmt }[] = [];
  for (const top of frame.table.statements) {
    if (top.stmt.type === "FunctionDef" || top.stmt.type === "ClassDef") continue;
    for (const call of ownCalls(top.stmt)) if (call.func.type === "Name" && call.func.id === name) found.push({ call, top });
  }
  if (found.length !== 1 || frame.table.bindings.has(name)) return null;
  const { call, top } = found[0]!;
  if (enclosingStatements(frame.table, top).some((s) => s.type !== "With")) return null;
  let repeated = false;
  const visit = (e: A.Expr, inside: boolean): void => {
    if (e === call) repeated = inside;
    const deferred = inside || e.type === "ListComp" || e.type === "SetComp" || e.type === "DictComp" || e.type === "GeneratorExp" || e.type === "Lambda";
    for (const c of childExprs(e)) visit(c, deferred);
  };
  stmtExprs(top.stmt).forEach((e) => visit(e, false));
  return repeated ? null : { call, top };
}

/** The compound statements of a frame whose blocks hold `top`, outermost first. */
function enclosingStatements(table: ModuleScope, top: TopStmt): A.Stmt[] {
  const out: A.Stmt[] = [];
  const holds = (s: A.Stmt): boolean => childBlocks(s).some((b) => b.includes(top.stmt) || b.some(holds));
  for (const t of table.statements) if (t !== top && holds(t.stmt)) out.push(t.stmt);
  return out;
}

/**
 * The path through `frame`'s function, whose statement `top` calls the function `path` was recovered from: the call
 * stands for the model call, its arguments for the model's inputs (those the callee's preprocessing takes); null
 * when an argument that preprocessing takes is not the call's.
 */
function recoverCaller(ctx: RecoverContext, path: RecoveredPath, frame: Frame, call: A.Call, top: TopStmt): RecoveredPath | null {
  const calleeFn = ctx.scope.functions.get(path.functions[0]!)?.def;
  const params = calleeFn ? calleeParams(ctx, path, calleeFn) : null;
  const args = params && calleeFn ? argumentsFor(calleeFn, call, params) : null;
  if (!args || !calleeFn) return null;
  const taken = new Set(ctx.taken);
  for (const h of path.helpers) taken.add(h.name);
  const rename = (w: WrittenFunction, part: string): WrittenFunction => {
    const name = freshName(`${calleeFn.name}_${part}`, taken);
    return { ...w, name, source: w.source.replace(/^def \w+/, `def ${name}`) };
  };
  const callee: Callee = { path, pre: path.preprocess && rename(path.preprocess, "preprocess"), post: rename(path.postprocess!, "postprocess") };
  const site: Site = { call, frame, pos: top.order, cell: frame.cell ?? top.cell, via: "model-call", inputs: args.map((expr) => ({ expr, name: null })), feeds: null };
  const sliceFrame = frameOf(ctx, site);
  return sliceFrame && recoverAt(ctx, site, sliceFrame, callee, taken);
}

/**
 * The callee's parameters its preprocessing takes, in that function's order; without preprocessing, the parameters
 * it feeds the model as they are, in the model's input order. Null when one is not a parameter of the callee (an
 * example written inside it).
 */
function calleeParams(ctx: RecoverContext, path: RecoveredPath, fn: A.FunctionDef): string[] | null {
  const isParam = (n: string) => fn.params.some((p) => p.name === n && (p.kind === "positional" || p.kind === "positional-only" || p.kind === "keyword-only"));
  const names = path.preprocess
    ? path.preprocess.params.map((name) => {
        const b = path.boundaries.find((x) => x.name === name);
        const source = b?.file?.pathExpr ?? b?.expr;
        return source?.type === "Name" && isParam(source.id) ? source.id : b?.kind === "param" ? name : null;
      })
    : (inputExpressions(ctx, path.site)?.exprs ?? [null]).map((e) => (e?.type === "Name" ? e.id : null));
  return names.every((n): n is string => n !== null && isParam(n)) ? names : null;
}

/**
 * The call's argument for each of `params`, in order; a parameter left to its default ends the list when no later
 * one is given. Null when an argument cannot be told (`*args`, `**kwargs`) or a parameter without a default is missing.
 */
function argumentsFor(fn: A.FunctionDef, call: A.Call, params: readonly string[]): A.Expr[] | null {
  const bound = bindCall(fn.params, call);
  if (!bound) return null;
  const args = params.map((name) => bound.named.get(name));
  const given = args.filter((a): a is A.Expr => a !== undefined);
  if (args.slice(0, given.length).some((a) => a === undefined)) return null;
  const leftOut = params.slice(given.length);
  return leftOut.every((n) => fn.params.find((p) => p.name === n)?.default) ? given : null;
}

/**
 * What the postprocessing of a split function reads that the function computes apart from the model's output (`seen
 * = ratings.loc[ratings.userId == user_id, "movie"].values`, to leave out the items a user rated), before the model
 * call or after it, or takes as a parameter: those lines (the postprocessing runs them), and the parameters read that
 * are the request's fields (the preprocessing's parameters), which the service passes the postprocessing too. A
 * parameter with a default that the request does not carry stays bound to its default (defaultsRead). Null when it
 * reads neither.
 */
function wrapperValuesRead(ctx: RecoverContext, frame: SliceFrame, top: TopStmt, pre: WrittenFunction, post: WrittenFunction, written: Forward): { statements: TopStmt[]; fields: string[] } | null {
  const kept = new Set<TopStmt>([top, ...written.statements]);
  const unbound = keepLocals(frame, [...freeNames(ctx.parser, post.source)].map((name) => ({ name, at: written.display.stmt.order })), kept);
  const statements = frame.table.statements.filter((t) => kept.has(t) && t !== top && !written.statements.includes(t));
  const fields = pre.params.filter((p) => unbound.has(p));
  return statements.length || fields.length ? { statements, fields } : null;
}

/** The names a written function's body reads and does not bind (empty when its source does not parse). */
function freeNames(parser: Parser, source: string): Set<string> {
  const def = parseWith(parser, source).body[0];
  return new Set(def?.type === "FunctionDef" ? functionFacts(def).freeNames : []);
}

interface FedInput {
  /** The name the postprocessing reads, made its parameter. */
  readonly param: string;
  readonly ref: InputRef;
  /** The name is the tensor fed as it is (not an array converted to one on the way). */
  readonly tensor: boolean;
}

/**
 * The model's inputs the postprocessing reads (`recon = sess.run(None, {"input": x})[0]`, then `np.mean((x - recon) **
 * 2)`): each name free in the written function (`free`: not one only inside the model call it replaced) whose value
 * at the answer is the one fed to the model (directly or through a conversion that keeps its values) becomes a
 * parameter given what the request's preprocessing fed the model. Left a free name, it would be read as a constant:
 * the notebook's example, the same for every request.
 */
function fedInputsRead(frame: SliceFrame, site: Site, inputs: { readonly exprs: readonly A.Expr[]; readonly names: readonly (string | null)[] }, post: Forward, free: ReadonlySet<string>): FedInput[] {
  const out: FedInput[] = [];
  inputs.exprs.forEach((e, index) => {
    const inner = unwrapConversions(e, frame.qualify);
    if (inner.type !== "Name" || !free.has(inner.id) || out.some((x) => x.param === inner.id)) return;
    // not bound again between the model call and the answer
    if (frame.table.bindingAt(inner.id, site.pos) !== frame.table.bindingAt(inner.id, post.display.stmt.order)) return;
    const name = inputs.names[index];
    out.push({ param: inner.id, ref: { index, ...(name ? { name } : {}) }, tensor: inner === e });
  });
  return out;
}

/** The model object a framework call runs (`model` in `model(x)` and `model.forward(x)`). */
function modelName(site: Site): string | null {
  const f = site.call.func;
  if (f.type === "Name") return f.id;
  if (f.type === "Attribute" && f.value.type === "Name") return f.value.id;
  return null;
}

/**
 * The columns of a frame the recovered path reads by name (`row[FEATURES]`, `df["city"]`); null when it uses the
 * frame whole (`pd.get_dummies(df)`, `df.values`), so every column matters. A column the path never reads need not
 * be in a request.
 */
function columnsRead(ctx: RecoverContext, stmts: readonly TopStmt[], roots: readonly A.Expr[], columns: readonly string[], frameVar: string | null): Set<string> | null {
  const used = new Set<string>();
  let whole = false;
  const names = (v: Value | undefined): string[] =>
    v?.k === "str" ? [v.v] : v && (v.k === "list" || v.k === "tuple") ? v.items.filter((x) => x.k === "str").map((x) => (x as { v: string }).v) : [];
  // columns the path drops (`df.drop(columns=["quality", "label"])`, the target and what training made of it): a
  // request need not have them
  const dropped = new Set<string>();
  const visit = (e: A.Expr, pos: number, parent: A.Expr | null) => {
    if (e.type === "Subscript") for (const n of names(ctx.resolver.evaluateAt(e.slice, pos))) used.add(n);
    if (e.type === "Call" && e.func.type === "Attribute" && e.func.attr === "drop") {
      const axis = e.keywords.find((k) => k.arg === "axis")?.value;
      const byAxis = axis && ((axis.type === "Constant" && (axis.value === 1 || axis.value === "columns")));
      const cols = e.keywords.find((k) => k.arg === "columns")?.value ?? (byAxis ? e.args[0] : undefined);
      if (cols) for (const n of names(ctx.resolver.evaluateAt(cols, pos))) dropped.add(n);
    } else if (e.type === "Call") {
      for (const k of e.keywords) if (k.arg === "columns" || k.arg === "subset") for (const n of names(ctx.resolver.evaluateAt(k.value, pos))) used.add(n);
    }
    if (e.type === "Name" && e.id === frameVar) {
      // the frame itself, not one of its columns: every column may matter
      const selected = parent?.type === "Subscript" && parent.value === e;
      const attr = parent?.type === "Attribute" && parent.value === e && (parent.attr === "iloc" || parent.attr === "loc");
      if (!selected && !attr) whole = true;
    }
    for (const c of childExprs(e)) visit(c, pos, e);
  };
  for (const t of stmts) for (const e of exprsOf(t.stmt)) visit(e, t.order, null);
  for (const r of roots) visit(r, Number.MAX_SAFE_INTEGER, null);
  const known = [...used].filter((n) => columns.includes(n) && !dropped.has(n));
  if (whole || known.length === 0) return dropped.size ? new Set(columns.filter((c) => !dropped.has(c))) : null;
  return new Set(known);
}

function defaultOutput(ctx: RecoverContext, site: Site): OutputBinding {
  void ctx;
  return site.via === "session-run" ? { kind: "all-outputs" } : { kind: "output", index: 0 };
}

function freshName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

function returnOf(exprs: readonly A.Expr[], binding: InputBinding, names: readonly (string | null)[]): Ret {
  // one expression that makes the whole dict of inputs (`to_inputs(row)`) is returned as it is
  if (binding.kind === "dict" && exprs.length === 1 && names[0] === null) return { kind: "single", exprs };
  if (binding.kind === "dict") return { kind: "dict", exprs, keys: names.map((n) => n!) };
  return exprs.length === 1 ? { kind: "single", exprs } : { kind: "tuple", exprs };
}

type Ret =
  /** One answer per item of a loop: the loop written again, appending each item's answer. */
  | { readonly kind: "loop"; readonly exprs: readonly A.Expr[]; readonly keys: readonly string[] | null; readonly loop: LoopShape }
  | { readonly kind: "single"; readonly exprs: readonly A.Expr[] }
  | { readonly kind: "tuple"; readonly exprs: readonly A.Expr[] }
  | { readonly kind: "dict"; readonly exprs: readonly A.Expr[]; readonly keys: readonly string[] };

// ---------------------------------------------------------------------------------------------------------------
// Forward: from the model's output to a display

interface Display {
  readonly cell: number;
  readonly stmt: TopStmt;
  /** The displayed values: one expression, or the fields of an f-string / the arguments of a print. */
  readonly values: readonly A.Expr[];
  /** The f-string or print(...) the values are shown through, to read the answer back from the text. */
  readonly template: Template;
  readonly text: string;
  /** Fields of the template (by index into the original values) that are not part of the answer. */
  readonly skipped?: readonly boolean[];
  /** The answer is a function's return value; the notebook shows it where it calls the function. */
  readonly fromReturn?: boolean;
  /** The display prints one line per item of a loop over the model's answers. */
  readonly loop?: LoopShape;
}

/** A loop that prints an answer per item: `for <target> in <iter>: <body>; print(...)`, with its iteration rewritten. */
interface LoopShape {
  /** The loop target and iterable to write (`s in scores`, the input's part of a `zip` dropped). */
  readonly target: string;
  readonly iter: A.Expr;
  /** The iterable's source when it was rewritten (`zip(texts, scores)` becomes `scores`). */
  readonly iterText: string;
  /** The loop's statements before its print. */
  readonly body: readonly A.Stmt[];
  readonly cell: number;
}

type Template =
  | { readonly kind: "repr" }
  /** A DataFrame built from a dict of columns, shown as a table: the answer is the columns that come from the model. */
  | { readonly kind: "frame"; readonly columns: readonly string[] }
  | { readonly kind: "fstring"; readonly parts: readonly (string | { readonly index: number; readonly spec: string; readonly conversion: string })[] }
  | { readonly kind: "print-args"; readonly parts: readonly (string | { readonly index: number })[]; readonly sep: string };

interface Forward {
  readonly params: readonly string[];
  readonly output: OutputBinding;
  readonly statements: readonly TopStmt[];
  readonly returns: Ret;
  readonly replacements: ReadonlyMap<A.Expr, string>;
  readonly display: Display;
  readonly reads: ReadonlySet<string>;
}

/** How the model call's value is named: the variables it is bound to, or a parameter standing in for the call. */
function outputBindingOf(ctx: RecoverContext, site: Site, top: TopStmt): { params: string[]; output: OutputBinding; replaceCall: boolean } {
  const s = top.stmt;
  const call = site.call;
  const runOutputs = site.via === "session-run" ? requestedOutputs(ctx, site) : null;
  if (s.type === "Assign" && s.targets.length === 1) {
    const t = s.targets[0]!;
    // logits = model(x); outputs = sess.run(None, feeds)
    if (s.value === call && t.type === "Name") {
      return { params: [t.id], output: runOutputs ?? { kind: "output", index: 0 }, replaceCall: false };
    }
    // pred = sess.run(None, feeds)[0]
    if (s.value.type === "Subscript" && s.value.value === call && s.value.slice.type === "Constant" && s.value.slice.kind === "int" && t.type === "Name") {
      const k = s.value.slice.value as number;
      if (site.via === "session-run") {
        const ref = runOutputs?.kind === "outputs" ? runOutputs.outputs[k] : { index: k };
        if (ref) return { params: [t.id], output: { kind: "output", ...ref }, replaceCall: false };
      }
    }
    // label, probs = sess.run(None, feeds)
    if (s.value === call && (t.type === "Tuple" || t.type === "List") && t.elts.every((e) => e.type === "Name")) {
      return { params: [], output: runOutputs ?? { kind: "all-outputs" }, replaceCall: true };
    }
  }
  return { params: [], output: runOutputs ?? { kind: "output", index: 0 }, replaceCall: true };
}

/** `sess.run(None, ...)` or `sess.run([], ...)`: every output; `sess.run(["label"], ...)` / `sess.run([label_name], ...)`: those outputs. */
function requestedOutputs(ctx: RecoverContext, site: Site): OutputBinding | null {
  const names = site.call.args[0] ?? site.call.keywords.find((k) => k.arg === "output_names")?.value;
  if (!names || (names.type === "Constant" && names.kind === "none")) return { kind: "all-outputs" };
  // [o.name for o in sess.get_outputs()]: every output, in order
  if (names.type === "ListComp" && names.generators.length === 1 && !names.generators[0]!.ifs.length) {
    const it = names.generators[0]!.iter;
    if (it.type === "Call" && it.func.type === "Attribute" && it.func.attr === "get_outputs" && it.args.length === 0) return { kind: "all-outputs" };
  }
  if (names.type !== "List" && names.type !== "Tuple") return null;
  // sess.run([], feeds): onnxruntime runs every output for an empty list, as for None
  if (names.elts.length === 0) return { kind: "all-outputs" };
  const outputs: OutputRef[] = [];
  for (const e of names.elts) {
    const v = throughName(ctx, site, e);
    if (v?.type === "Constant" && v.kind === "str") outputs.push({ index: 0, name: v.value as string });
    else {
      const i = v && indexedName(v, "get_outputs");
      if (i === null || i === undefined) return null;
      outputs.push({ index: i });
    }
  }
  return { kind: "outputs", outputs };
}

/** skl2onnx's classifier outputs: `predict` is the label output, `predict_proba` the probabilities. */
const SKLEARN_OUTPUT: { readonly [method: string]: number } = { predict: 0, predict_proba: 1 };

/**
 * The other calls of a scikit-learn classifier on the same input in the site's cell (`pred = clf.predict(x)[0]` beside
 * `proba = clf.predict_proba(x)[0]`), each the model's other output: one run of the ONNX model answers both.
 */
function siblingCalls(ctx: RecoverContext, site: Site, frame: SliceFrame, top: TopStmt): { call: A.Call; stmt: TopStmt }[] {
  const f = site.call.func;
  const model = modelName(site);
  if (site.via !== "method-call" || f.type !== "Attribute" || !(f.attr in SKLEARN_OUTPUT) || !model || !ctx.sklearnModels.has(model)) return [];
  const argText = site.call.args.map((a) => a.text).join(", ");
  const found: { call: A.Call; stmt: TopStmt }[] = [];
  for (const t of frame.table.statements) {
    if (frame.cellOf(t) !== frame.cellOf(top)) continue;
    for (const e of exprsOfAll(t.stmt)) {
      walkExpr(e, (x) => {
        if (x.type !== "Call" || x === site.call || x.func.type !== "Attribute" || x.func.value.type !== "Name" || x.func.value.id !== model) return;
        if (!(x.func.attr in SKLEARN_OUTPUT) || x.func.attr === f.attr || x.keywords.length || x.args.map((a) => a.text).join(", ") !== argText) return;
        found.push({ call: x, stmt: t });
      });
    }
  }
  return found;
}

/**
 * A label-named module constant written out as a list of strings (`LABELS = ["circle", "square"]`): the class names
 * answers are looked up in (`[LABELS[i] for i, p in enumerate(probs) if p > 0.5]`), not the true labels.
 */
function classNames(ctx: RecoverContext, n: string): boolean {
  const bs = ctx.scope.bindings.get(n) ?? [];
  const strings = (v: A.Expr | null) => (v?.type === "List" || v?.type === "Tuple") && v.elts.length > 0 && v.elts.every((x) => x.type === "Constant" && typeof x.value === "string");
  return bs.length > 0 && bs.every((b) => b.kind === "assign" && b.element === undefined && strings(b.value));
}

function forward(ctx: RecoverContext, site: Site, frame: SliceFrame, top: TopStmt, callee: Callee | null = null): Forward | null {
  const siblings = siblingCalls(ctx, site, frame, top);
  // a call of a function holding the model call stands for its postprocessing of the model's outputs
  const how: ReturnType<typeof outputBindingOf> = callee
    ? { params: [...callee.post.params], output: callee.path.output, replaceCall: true }
    : siblings.length
      ? { params: ["outputs"], output: { kind: "outputs", outputs: [{ index: 0 }, { index: 1 }] }, replaceCall: true }
      : outputBindingOf(ctx, site, top);
  const params = how.replaceCall && !callee ? [how.output.kind === "output" ? "output" : "outputs"] : how.params;
  const replacements = new Map<A.Expr, string>();
  const outputIndex = (c: A.Call) => SKLEARN_OUTPUT[(c.func as A.Attribute).attr]!;
  if (how.replaceCall) replacements.set(site.call, callee ? `${callee.post.name}(${params.join(", ")})` : siblings.length ? `outputs[${outputIndex(site.call)}]` : params[0]!);
  for (const s of siblings) replacements.set(s.call, `outputs[${outputIndex(s.call)}]`);
  const siblingCall = new Set<A.Expr>(siblings.map((s) => s.call));
  const siblingStmt = new Set(siblings.map((s) => s.stmt));
  // names derived from the output, with the binding positions that made them: every one, since a name rebound from
  // itself (`output = output[0]`, then `output = softmax(output)`) reads its earlier derived binding
  const derived = new Map<string, Set<number>>();
  const derive = (n: string, order: number) => {
    const at = derived.get(n);
    if (at) at.add(order);
    else derived.set(n, new Set([order]));
  };
  const derivedHere = (n: string, pos: number): number | undefined => {
    const b = frame.table.bindingAt(n, pos);
    return b !== undefined && derived.get(n)?.has(b.order) ? b.order : undefined;
  };
  const start = Math.min(how.replaceCall ? top.order : top.order + 1, ...siblings.map((x) => x.stmt.order));
  if (!how.replaceCall) for (const p of params) derive(p, top.order);
  const statements: TopStmt[] = [];
  const isDerived = (t: TopStmt): boolean => {
    if ((t === top && how.replaceCall) || siblingStmt.has(t)) return true;
    return exprsOfAll(t.stmt).some((e) => readsOf(e).some((n) => derivedHere(n, t.order) !== undefined));
  };
  const fromOutput = (v: A.Expr, pos: number): boolean => {
    let found = false;
    walkExpr(v, (x) => {
      if (x === site.call || siblingCall.has(x)) found = true;
    });
    return (
      found ||
      readsOf(v).some((n) => derivedHere(n, pos) !== undefined)
    );
  };
  const scoring = new Set<string>();
  /** Columns a frame that does not come from the output is given from it, by frame, in assignment order. */
  const assignedColumns = new Map<string, { column: string; value: A.Expr }[]>();
  const nextSite = ctx.flow.sites.filter((x) => x.frame === site.frame && x.pos > site.pos && !siblingCall.has(x.call)).map((x) => x.pos);
  const end = Math.min(frame.table.statements.length, ...nextSite);
  let display: Display | null = null;
  // the cell after one that printed the whole output array, when it reads that array (see below)
  let pickCell: number | null = null;
  for (let i = start; i < end; i++) {
    const t = frame.table.statements[i]!;
    // the cell that shows the answer may go on to show it further processed (`print(pred)`, then
    // `print([names[i] for i in pred])`): its last such display is the answer; the next cell is another story, but
    // for one that picks the answer out of the whole array the cell before printed (PyTorch Hub's example:
    // `print(probabilities)`, then `torch.topk(probabilities, 5)` and a print per category)
    if (display && t.cell !== display.cell && t.cell !== pickCell) {
      pickCell = pickCell === null && !frame.fn ? pickingCell(frame, display, t.cell) : null;
      if (pickCell === null) break;
    }
    if (t.stmt.type === "FunctionDef" || t.stmt.type === "ClassDef") continue;
    // `results = new_rows.copy(); results["predicted"] = np.round(pred.ravel(), 2); results`: the columns assigned
    // from the output are the answer, the input's columns shown beside them are not
    const assigned = columnAssignment(t.stmt);
    if (assigned && !frame.fn && !derived.has(assigned.frame) && fromOutput(assigned.value, t.order)) {
      const before = (assignedColumns.get(assigned.frame) ?? []).filter((c) => c.column !== assigned.column);
      assignedColumns.set(assigned.frame, [...before, { column: assigned.column, value: assigned.value }]);
      continue;
    }
    const withColumns = assignedColumns.size ? displayOf(ctx, frame, t) : null;
    const shownName = withColumns?.template.kind === "repr" && withColumns.values.length === 1 && withColumns.values[0]!.type === "Name" ? withColumns.values[0].id : null;
    if (withColumns && shownName && assignedColumns.has(shownName)) {
      const cols = assignedColumns.get(shownName)!;
      display = { ...withColumns, values: cols.map((c) => c.value), template: { kind: "frame", columns: cols.map((c) => c.column) } };
      continue;
    }
    if (!isDerived(t)) continue;
    // a value computed with the true labels (`rmse = sqrt(mean((pred - y_test)**2))`) is a score, and so is what
    // is computed from it
    const bound = new Set(boundNames(t.stmt));
    if (exprsOfAll(t.stmt).some((e) => readsOf(e).some((n) => !bound.has(n) && (scoring.has(n) || (LABELS.test(n) && !derived.has(n) && !classNames(ctx, n)))))) {
      for (const n of boundNames(t.stmt)) scoring.add(n);
    }
    // inside `def predict(x): ... return LABELS[out.argmax()]`, what the function returns is what it shows
    const shown = frame.fn ? returnDisplay(frame, t) : displayOf(ctx, frame, t);
    if (shown) {
      const columns = frameColumns(ctx, shown, (v) => fromOutput(v, t.order));
      if (columns === "none") continue;
      if (columns) {
        display = columns;
        break;
      }
      if (isMetric(shown, derived) || shown.values.every((v) => readsOf(v).some((n) => scoring.has(n)))) continue;
      // a displayed value that does not come from the model's output (the input shown beside the answer, the true
      // label) is no part of the answer: its place in the text is skipped when the answer is read back
      const answerAt = shown.values.map((v) => fromOutput(v, t.order));
      if (!answerAt.some(Boolean)) continue;
      // a later display replaces the answer only when it shows the same value further processed; one of another
      // output (`print(label[0])`, then `probas`) is a second answer beside the first
      if (display) {
        const before = new Set(display.values.flatMap(readsOf).filter((n) => derived.has(n)));
        if (!shown.values.some((v, k) => answerAt[k] && readsOf(v).some((n) => before.has(n)))) continue;
      }
      display = { ...shown, values: shown.values.filter((_, k) => answerAt[k]), skipped: shown.values.map((_, k) => !answerAt[k]) };
      // inside a function, what it returns first is what it shows
      if (frame.fn) break;
      continue;
    }
    if (t.stmt.type === "For" && !frame.fn) {
      // for text, scores in zip(texts, outputs): print(f"{LABELS[scores.argmax()]} <- {text}")
      const shownLoop = loopDisplay(ctx, t, t.stmt, (n) => derivedHere(n, t.order) !== undefined);
      if (shownLoop) {
        display = shownLoop;
        break;
      }
    }
    if (t.stmt.type === "For" || t.stmt.type === "While" || t.stmt.type === "If" || t.stmt.type === "With" || t.stmt.type === "Try") continue;
    statements.push(t);
    for (const n of boundNames(t.stmt)) derive(n, t.order);
  }
  if (!display) return null;
  // keep only what the display needs
  const needed = new Set<TopStmt>();
  const want = (names: readonly string[], pos: number) => {
    for (const n of names) {
      const at = derivedHere(n, pos);
      if (at === undefined) continue;
      // what changes the value in place before it is read (`scores[seen] = -np.inf`) makes it too
      const changes = (frame.table.mutations.get(n) ?? []).filter((p) => p > at && p < pos);
      for (const t of statements.filter((x) => x.order === at || changes.includes(x.order))) {
        if (needed.has(t)) continue;
        needed.add(t);
        want(exprsOfAll(t.stmt).flatMap(readsOf), t.order);
      }
    }
  };
  want(display.values.flatMap(readsOf), display.stmt.order);
  if (display.loop) want([display.loop.iter, ...display.loop.body.flatMap((b) => exprsOf(b))].flatMap(readsOf), display.stmt.order);
  if (how.replaceCall && top !== display.stmt) needed.add(top);
  const kept = statements.filter((t) => needed.has(t));
  if (how.replaceCall && top === display.stmt) {
    // print(model.predict(x)): the display itself holds the call
  }
  const readsOut = new Set<string>();
  const locals = new Set<string>([...params, ...kept.flatMap((t) => boundNames(t.stmt))]);
  for (const t of kept) for (const e of exprsOfAll(t.stmt)) for (const n of readsOf(e)) if (!locals.has(n)) readsOut.add(n);
  if (display.loop) {
    for (const n of boundNames(display.stmt.stmt)) locals.add(n);
    for (const b of display.loop.body) for (const n of boundNames(b)) locals.add(n);
    for (const e of [display.loop.iter, ...display.loop.body.flatMap((b) => exprsOf(b))]) for (const n of readsOf(e)) if (!locals.has(n)) readsOut.add(n);
  }
  for (const v of display.values) for (const n of readsOf(v)) if (!locals.has(n)) readsOut.add(n);
  const keys = fieldNames(display.values, display);
  return {
    params,
    output: how.output,
    statements: kept,
    returns: display.loop
      ? { kind: "loop", exprs: display.values, keys: display.values.length === 1 ? null : keys, loop: display.loop }
      : display.values.length === 1
        ? { kind: "single", exprs: display.values }
        : { kind: "dict", exprs: display.values, keys },
    replacements,
    display,
    reads: readsOut,
  };
}

/**
 * `cell` when it is the code cell right after the display's, the display printed one name whole (`print(probabilities)`),
 * and `cell` reads that name outside a display: the cell may pick the answer out of it. Null otherwise.
 */
function pickingCell(frame: SliceFrame, display: Display, cell: number): number | null {
  const shown = display.values.length === 1 && !display.loop && display.template.kind === "repr" ? display.values[0]! : null;
  if (shown?.type !== "Name") return null;
  const between = frame.table.statements.filter((t) => t.cell > display.cell && t.cell < cell);
  if (between.length > 0) return null;
  const reads = frame.table.statements.filter((t) => t.cell === cell && t.stmt.type !== "Expr" && exprsOfAll(t.stmt).some((e) => readsOf(e).includes(shown.id)));
  return reads.length > 0 ? cell : null;
}

/** `frame["column"] = value`: the frame's name, the column and the value; null for any other statement. */
function columnAssignment(s: A.Stmt): { frame: string; column: string; value: A.Expr } | null {
  if (s.type !== "Assign" || s.targets.length !== 1) return null;
  const target = s.targets[0]!;
  if (target.type !== "Subscript" || target.value.type !== "Name" || target.slice.type !== "Constant" || target.slice.kind !== "str") return null;
  return { frame: target.value.id, column: target.slice.value as string, value: s.value };
}

function exprsOfAll(s: A.Stmt): A.Expr[] {
  if (s.type === "For") return [s.iter];
  if (s.type === "If" || s.type === "While") return [s.test];
  if (s.type === "With") return s.items.map((i) => i.context);
  return exprsOf(s);
}

/**
 * Keys of a returned dict for several displayed values: the words the display puts before each (`"Survived: {x},
 * probability {p}"` gives survived, probability), else the variable each reads, made unique.
 */
function fieldNames(values: readonly A.Expr[], display?: Display): string[] {
  const used = new Set<string>();
  const labels = display ? labelsOf(display) : [];
  return values.map((v, i) => {
    let base = labels[i] || rootName(v) || `value${i + 1}`;
    base = base.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "").toLowerCase() || `value${i + 1}`;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    return name;
  });
}

const LINKING_WORDS: ReadonlySet<string> = new Set(["with", "and", "at", "of", "the", "a", "an", "is", "are", "was", "to", "for", "by", "in", "on", "as", "=", "->"]);

/** The text before each answer field of a display, up to three words (`"Predicted price: "` gives predicted price). */
function labelsOf(d: Display): string[] {
  const t = d.template;
  if (t.kind === "repr") return [];
  if (t.kind === "frame") return [...t.columns];
  const out: string[] = [];
  let before = "";
  const parts = t.kind === "fstring" ? t.parts : t.parts;
  for (const p of parts) {
    if (typeof p === "string") before += p;
    else {
      if (!d.skipped?.[p.index]) {
        // the words of the last clause before the field: "kWh/m2, cooling load: " gives cooling load
        const clause = before.split(/[,;|\n]/).pop() ?? "";
        const words = clause.replace(/[^\p{L}\p{N}_ ]+/gu, " ").trim().split(/\s+/).filter(Boolean).slice(-3);
        // "digit 5 with p=" names the second field p: joining words at the clause's edges are not its name
        while (words.length > 1 && LINKING_WORDS.has(words[0]!.toLowerCase())) words.shift();
        while (words.length > 1 && LINKING_WORDS.has(words[words.length - 1]!.toLowerCase())) words.pop();
        out.push(LINKING_WORDS.has(words[0]?.toLowerCase() ?? "") ? "" : words.join("_"));
      }
      before = "";
    }
  }
  return out;
}

/**
 * `pd.DataFrame({"predicted": pred.round(1), "actual": y_test.values})`: the columns that come from the model's
 * output are the answer (the true values beside them are not); null when the display is not such a frame, "none"
 * when no column comes from the output.
 */
function frameColumns(ctx: RecoverContext, d: Display, fromOutput: (v: A.Expr) => boolean): Display | "none" | null {
  if (d.template.kind !== "repr" || d.values.length !== 1) return null;
  const v = d.values[0]!;
  if (v.type !== "Call" || ctx.scope.qualify(v.func) !== "pandas.DataFrame" || v.args.length !== 1 || v.args[0]!.type !== "Dict") return null;
  const dict = v.args[0] as A.DictExpr;
  const keys: string[] = [];
  const values: A.Expr[] = [];
  for (const [i, k] of dict.keys.entries()) {
    if (k?.type !== "Constant" || k.kind !== "str") return null;
    if (!fromOutput(dict.values[i]!)) continue;
    keys.push(k.value as string);
    values.push(dict.values[i]!);
  }
  if (values.length === 0) return "none";
  return { ...d, values, template: { kind: "frame", columns: keys } };
}

/**
 * A DataFrame's text (pandas' `to_string`, what Jupyter shows as text/plain): column names and each row's cells,
 * split at the columns' right edges (pandas right-aligns them, two spaces apart). Undefined for a truncated or
 * wrapped frame, or text that is not a table.
 */
export function parseFrameText(text: string): { columns: string[]; rows: string[][] } | undefined {
  const blocks = text.replace(/\s+$/, "").split(/\n[ \t]*\n/);
  if (blocks.length === 1) return parseFrameBlock(blocks[0]!);
  // a frame wider than the display is wrapped in blocks of columns, each header but the last ending in a backslash,
  // with the same rows (same index labels) in each
  if (!blocks.slice(0, -1).every((b) => /\\[ \t]*$/.test(b.split("\n", 1)[0]!))) return undefined;
  const parts = blocks.map((b) => parseFrameBlock(b.replace(/^([^\n]*?)[ \t]*\\[ \t]*(?=\n|$)/, "$1")));
  const first = parts[0];
  if (!first || parts.some((p) => !p || p.index.join("\n") !== first.index.join("\n"))) return undefined;
  return { columns: parts.flatMap((p) => p!.columns), rows: first.rows.map((_, i) => parts.flatMap((p) => p!.rows[i]!)) };
}

function parseFrameBlock(text: string): { columns: string[]; rows: string[][]; index: string[] } | undefined {
  const lines = text.replace(/\s+$/, "").split("\n");
  if (lines.length < 2 || lines.some((l) => /^\s*\.\.\.(\s|$)|\\$/.test(l) || /^\[\d+ rows x \d+ columns\]$/.test(l.trim()))) return undefined;
  const header = lines[0]!;
  const groups = [...header.matchAll(/\S+(?: \S+)*/g)];
  if (groups.length === 0 || !/^\s/.test(header)) return undefined;
  let body = lines.slice(1);
  // a named index is shown on its own line under the header: no cells there
  if (body[0] !== undefined && body[0].trimEnd().length <= groups[0]!.index! && /^\S/.test(body[0])) body = body.slice(1);
  const names = groups.flatMap((m) => splitHeader(m[0], m.index!, body));
  const edges = names.map((m) => m.index + m.name.length);
  const rows: string[][] = [];
  const labels: string[] = [];
  for (const line of body) {
    const index = /^\S+/.exec(line);
    if (!index) return undefined;
    labels.push(index[0]);
    let from = index[0].length;
    const cells: string[] = [];
    for (const edge of edges) {
      cells.push(line.slice(from, edge).trim());
      from = edge;
    }
    if (line.slice(from).trim() || cells.some((c) => c === "")) return undefined;
    rows.push(cells);
  }
  return rows.length ? { columns: names.map((m) => m.name), rows, index: labels } : undefined;
}

/**
 * Header words one space apart (`probability decision`): one name with a space (`sepal length (cm)`), or two
 * columns whose names fill their widths. Split where every row's cell ends at the word's end too (cells are
 * right-aligned, so the word ends a column).
 */
function splitHeader(text: string, at: number, rows: readonly string[]): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  let start = 0;
  for (const gap of text.matchAll(/ /g)) {
    const p = at + gap.index!;
    if (!rows.every((r) => r[p] === " " && r[p - 1] !== undefined && r[p - 1] !== " ")) continue;
    out.push({ name: text.slice(start, gap.index), index: at + start });
    start = gap.index! + 1;
  }
  out.push({ name: text.slice(start), index: at + start });
  return out;
}

/**
 * A pandas Series as its repr shows it (`class_2    0.996135` per line, then `dtype: float32`, or `Name: p, dtype:
 * ...`), as a service answering the Series gives it (its JSON form): {label: value} in order when every label is a
 * word (class names, a record's fields), else its values in order. Undefined for a truncated Series or text that is
 * not one.
 */
export function parseSeriesText(text: string): { value: Json; atol?: number } | undefined {
  const lines = text.replace(/\s+$/, "").split("\n");
  if (lines.length < 2 || !/^(Name: .*, )?dtype: \w+$/.test(lines[lines.length - 1]!)) return undefined;
  const labels: string[] = [];
  const values: Json[] = [];
  let atol = 0;
  for (const line of lines.slice(0, -1)) {
    const m = /^(\S.*?)\s{2,}(\S+)$/.exec(line);
    const cell = m && !/^\.\.\.?\s/.test(line) ? readFrameCell(m[2]!) : undefined;
    if (!cell) return undefined;
    labels.push(m![1]!);
    values.push(cell.value);
    atol = Math.max(atol, cell.atol);
  }
  // (labels that read as numbers or booleans are not strings in the Series either)
  const words = labels.every((l) => typeof readFrameCell(l)?.value === "string") && new Set(labels).size === labels.length;
  const value: Json = words ? Object.fromEntries(labels.map((l, i) => [l, values[i]!])) : values;
  return atol ? { value, atol } : { value };
}

/** One cell of a DataFrame's text: a number (with the precision shown), a bool, NaN as null, or text. */
function readFrameCell(cell: string): { value: Json; atol: number } | undefined {
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell)) {
    const decimals = /\.(\d+)$/.exec(cell)?.[1]?.length ?? 0;
    return { value: Number(cell), atol: decimals && !/[eE]/.test(cell) ? 0.5 * 10 ** -decimals : 0 };
  }
  if (cell === "True" || cell === "False") return { value: cell === "True", atol: 0 };
  if (cell === "NaN" || cell === "None" || cell === "NaT") return { value: null, atol: 0 };
  return { value: cell, atol: 0 };
}

const CLASS_LISTS = /^(target_names|class_names|classes_?|labels|label_names|categories|CLASSES|LABELS|CLASS_NAMES|names)$/i;

/** The variable an expression is about (`probas[0][1]` is probas, `bool(label[0])` label, `r.value` r). */
function rootName(v: A.Expr): string | null {
  if (v.type === "Name") return v.id;
  // data.target_names[label], CLASSES[idx], le.classes_[i]: a class name picked from the list of them is the label
  if (v.type === "Subscript") {
    const list = v.value.type === "Attribute" ? v.value.attr : v.value.type === "Name" ? v.value.id : "";
    if (CLASS_LISTS.test(list)) return "label";
  }
  if (v.type === "Subscript" || v.type === "Attribute") return v.type === "Attribute" && v.value.type !== "Name" ? v.attr : rootName(v.value);
  if (v.type === "Call") return v.args[0] ? rootName(v.args[0]) : v.func.type === "Attribute" ? rootName(v.func.value) : null;
  // "Survived" if label[0] == 1 else "Did not survive": words chosen by the label
  if (v.type === "IfExp") return rootName(v.test);
  if (v.type === "Compare") return rootName(v.left);
  return null;
}

/** A metric (`accuracy_score(y_test, pred)`, `(pred == y_test).mean()`) is evaluation, not an answer to show. */
function isMetric(d: Display, derived: ReadonlyMap<string, unknown>): boolean {
  for (const v of d.values) {
    // what a value looks like (its shape, type, length) is not an answer either
    if (v.type === "Attribute" && ["shape", "dtype", "ndim", "device", "size"].includes(v.attr)) return true;
    if (v.type === "Call" && v.func.type === "Name" && ["type", "len"].includes(v.func.id)) return true;
    if (v.type === "Call" && v.func.type === "Attribute" && ["size", "dim", "numel"].includes(v.func.attr)) return true;
    let metric = false;
    walkExpr(v, (x) => {
      if (x.type === "Call") {
        const name = x.func.type === "Name" ? x.func.id : x.func.type === "Attribute" ? x.func.attr : "";
        if (METRICS.test(name)) metric = true;
      }
      if (x.type === "Compare" && x.ops.some((o) => o === "==" || o === "!=")) {
        const names = readsOf(x);
        if (names.some((n) => derived.has(n)) && names.some((n) => !derived.has(n) && (LABELS.test(n) || /(^y|label|target|true)/i.test(n)))) metric = true;
      }
    });
    if (metric) return true;
  }
  return false;
}

/**
 * A loop over the model's answers that prints a line per item. Its iterable must read the answers; a `zip` of the
 * inputs and the answers keeps only the answers' part. The body holds simple statements and, last, one print.
 */
function loopDisplay(ctx: RecoverContext, t: TopStmt, loop: A.For, isDerivedName: (n: string) => boolean): Display | null {
  const body = loop.body;
  const last = body[body.length - 1];
  if (!last || last.type !== "Expr" || last.value.type !== "Call" || last.value.func.type !== "Name" || last.value.func.id !== "print") return null;
  if (!body.slice(0, -1).every((b) => b.type === "Assign" || b.type === "AugAssign" || b.type === "AnnAssign")) return null;
  if (loop.orelse.length) return null;
  let target = loop.target.text;
  let iter: A.Expr = loop.iter;
  let iterText = loop.iter.text;
  if (loop.iter.type === "Call" && loop.iter.func.type === "Name" && loop.iter.func.id === "zip" && (loop.target.type === "Tuple" || loop.target.type === "List") && loop.target.elts.length === loop.iter.args.length) {
    const keep = loop.iter.args.map((a, i) => ({ a, name: (loop.target as A.TupleExpr).elts[i]! })).filter(({ a }) => readsOf(a).some(isDerivedName));
    if (keep.length === 0) return null;
    target = keep.length === 1 ? keep[0]!.name.text : keep.map((k) => k.name.text).join(", ");
    iter = keep.length === 1 ? keep[0]!.a : loop.iter;
    iterText = keep.length === 1 ? keep[0]!.a.text : `zip(${keep.map((k) => k.a.text).join(", ")})`;
  } else if (!readsOf(loop.iter).some(isDerivedName)) return null;
  const cell = ctx.cells[t.cell];
  if (!cell) return null;
  const text = cell.outputs.filter((o) => o.kind === "stream" && o.name === "stdout").map((o) => (o.kind === "stream" ? o.text : "")).join("");
  if (!text || printsOf(ctx, t.cell).count !== 1) return null;
  const shown = printDisplay(t, last.value, text.replace(/\n$/, ""));
  if (!shown) return null;
  // the loop's own names (and what its body computes from them) carry the answer
  const bodyNames = new Set(body.slice(0, -1).flatMap(boundNames));
  const kept = new Set(target.split(",").map((x) => x.trim()));
  const answerAt = shown.values.map((v) => readsOf(v).some((n) => kept.has(n) || bodyNames.has(n) || isDerivedName(n)));
  if (!answerAt.some(Boolean)) return null;
  return {
    ...shown,
    values: shown.values.filter((_, k) => answerAt[k]),
    skipped: shown.values.map((_, k) => !answerAt[k]),
    loop: { target, iter, iterText, body: body.slice(0, -1), cell: t.cell },
  };
}

/** A `return` in a function holding the model call: its value is the answer (shown where the function is called). */
function returnDisplay(frame: SliceFrame, t: TopStmt): Display | null {
  if (t.stmt.type !== "Return" || !t.stmt.value) return null;
  return { cell: frame.cellOf(t), stmt: t, values: [t.stmt.value], template: { kind: "repr" }, text: "", fromReturn: true };
}

/** What statement `t` shows: the cell's last expression (with an execute_result), or a print/display with output. */
function displayOf(ctx: RecoverContext, frame: SliceFrame, t: TopStmt): Display | null {
  if (frame.fn) return null;
  const cell = ctx.cells[t.cell];
  if (!cell) return null;
  const s = t.stmt;
  if (s.type !== "Expr") return null;
  const v = s.value;
  if (v.type === "Call" && v.func.type === "Name" && DISPLAY_FUNCTIONS.has(v.func.id)) {
    const printed = printsOf(ctx, t.cell);
    if (v.func.id === "print") {
      // the text this print wrote: the cell's output when it is the cell's only print; with several prints, its
      // line when each printed one line (as many lines as prints, none in a loop)
      const text = cell.outputs.filter((o) => o.kind === "stream" && o.name === "stdout").map((o) => (o.kind === "stream" ? o.text : "")).join("");
      if (!text) return null;
      if (printed.count === 1) return printDisplay(t, v, text.replace(/\n$/, ""));
      const lines = text.replace(/\n$/, "").split("\n");
      const order = printed.order.indexOf(t.stmt);
      if (order < 0 || printed.inLoops) return null;
      if (lines.length === printed.count) return printDisplay(t, v, lines[order]!);
      // an array printed over several lines (`[[249.7]\n [236.1]]`): with each print's text a run of lines whose
      // brackets balance, the runs are the prints' texts in order
      const runs = balancedRuns(lines);
      if (runs?.length === printed.count) return printDisplay(t, v, runs[order]!);
      // another print wrote several lines (`print(patient.T)` before the answer): a one-line print that starts with
      // words of its own is the one line that starts with them
      const lead = leadingText(v);
      const matching = lead ? lines.filter((l) => l.startsWith(lead)) : [];
      return matching.length === 1 ? printDisplay(t, v, matching[0]!) : null;
    }
    const shown = cell.outputs.find((o) => o.kind === "display_data");
    const plain = shown?.kind === "display_data" ? shown.data["text/plain"] : undefined;
    if (typeof plain !== "string" || !v.args[0]) return null;
    return { cell: t.cell, stmt: t, values: [v.args[0]], template: { kind: "repr" }, text: plain };
  }
  // the last statement of the cell, shown as Out[n]
  const last = lastStatementOfCell(ctx.scope, t.cell);
  if (last !== t) return null;
  const result = cell.outputs.find((o) => o.kind === "execute_result");
  const plain = result?.kind === "execute_result" ? result.data["text/plain"] : undefined;
  if (typeof plain !== "string") return null;
  return { cell: t.cell, stmt: t, values: [v], template: { kind: "repr" }, text: plain };
}

/**
 * Lines grouped into the shortest runs whose brackets (`[]`, `()`) balance: a numpy array's or a list's repr over
 * several lines is one run, any other line one run each. Null when the brackets do not balance.
 */
function balancedRuns(lines: readonly string[]): string[] | null {
  const runs: string[] = [];
  let run: string[] = [];
  let depth = 0;
  for (const line of lines) {
    for (const ch of line) {
      if (ch === "[" || ch === "(") depth++;
      else if ((ch === "]" || ch === ")") && --depth < 0) return null;
    }
    run.push(line);
    if (depth === 0) {
      runs.push(run.join("\n"));
      run = [];
    }
  }
  return depth === 0 ? runs : null;
}

/**
 * The text a print starts with when it writes one line: the leading literal of its f-string or its first argument,
 * when it is a string constant and nothing it prints is a literal newline; else null.
 */
function leadingText(call: A.Call): string | null {
  if (call.keywords.some((k) => k.arg !== "flush")) return null;
  const first = call.args[0];
  let lead: string | null = null;
  let literals: string[] = [];
  if (call.args.length === 1 && first?.type === "JoinedStr") {
    literals = first.parts.filter((p): p is string => typeof p === "string");
    lead = typeof first.parts[0] === "string" ? first.parts[0] : null;
  } else if (first?.type === "Constant" && first.kind === "str") {
    literals = call.args.flatMap((a) => (a.type === "Constant" && a.kind === "str" ? [a.value as string] : []));
    lead = first.value as string;
  } else if (call.args.length === 1 && first && formatTemplate(first)) {
    const parts = formatTemplate(first)!.parts;
    literals = parts.filter((p): p is string => typeof p === "string");
    lead = typeof parts[0] === "string" ? parts[0] : null;
  }
  if (!lead || !lead.trim() || literals.some((x) => x.includes("\n"))) return null;
  return lead;
}

/** The cell's print calls: how many, the statements that make them in order, and whether one is in a loop. */
function printsOf(ctx: RecoverContext, cell: number): { count: number; order: (A.Stmt | null)[]; inLoops: boolean } {
  let count = 0;
  // null: a line printed inside one of the notebook's functions the cell calls (`model = train()` printing accuracy)
  const order: (A.Stmt | null)[] = [];
  let inLoops = false;
  for (const t of ctx.scope.statements) {
    if (t.cell !== cell) continue;
    if (t.stmt.type !== "FunctionDef" && t.stmt.type !== "ClassDef") {
      for (const e of stmtExprs(t.stmt)) {
        walkExpr(e, (x) => {
          if (x.type !== "Call" || x.func.type !== "Name") return;
          const n = functionPrints(ctx.scope, x.func.id, 0);
          if (n === null) inLoops = true;
          else {
            for (let i = 0; i < n; i++) order.push(null);
            count += n;
          }
        });
      }
    }
    if (t.stmt.type === "Expr") {
      walkExpr(t.stmt.value, (x) => {
        if (x.type === "Call" && x.func.type === "Name" && x.func.id === "print") {
          count++;
          order.push(t.stmt);
        }
      });
    } else if (t.stmt.type === "For" || t.stmt.type === "While") {
      if (/\bprint\(/.test(t.stmt.text)) inLoops = true;
    } else if (t.stmt.type !== "If" && t.stmt.type !== "With" && t.stmt.type !== "Try" && t.stmt.type !== "FunctionDef" && t.stmt.type !== "ClassDef" && /\bprint\(/.test(t.stmt.text)) {
      // a print inside another statement's expression (`x = print(...)`) counts too
      count++;
      order.push(t.stmt);
    }
  }
  return { count, order, inLoops };
}

/**
 * How many lines a call of the notebook's function `name` prints: its own top-level `print(...)` statements and those
 * of the notebook's functions it calls, when each prints one line; null when that depends on a loop or a condition.
 * 0 for anything that is not one of the notebook's functions (or whose body stands at top level itself).
 */
function functionPrints(scope: ModuleScope, name: string, depth: number): number | null {
  const fn = scope.functions.get(name);
  if (!fn || scope.inlined.has(fn.def)) return 0;
  if (depth > 3) return null;
  let n = 0;
  for (const s of fn.def.body) {
    if (s.type === "FunctionDef" || s.type === "ClassDef") continue;
    const text = s.text;
    if (s.type !== "Expr" && s.type !== "Assign" && s.type !== "AugAssign" && s.type !== "AnnAssign" && s.type !== "Return") {
      // a loop, a condition, a with or try block: how many lines it prints is not known here, unless it prints
      // none (`for i, w in enumerate(clean_text(text).split()): x[0, i] = ...` calls only functions that print nothing)
      if (/\bprint\(/.test(text)) return null;
      if ([...scope.functions.keys()].some((f) => text.includes(`${f}(`) && (f === name || functionPrints(scope, f, depth + 1) !== 0))) return null;
      continue;
    }
    for (const e of stmtExprs(s)) {
      let unknown = false;
      walkExpr(e, (x) => {
        if (x.type !== "Call" || x.func.type !== "Name") return;
        if (x.func.id === "print") n++;
        else if (x.func.id !== name) {
          const inner = functionPrints(scope, x.func.id, depth + 1);
          if (inner === null) unknown = true;
          else n += inner;
        } else unknown = true;
      });
      if (unknown) return null;
    }
  }
  return n;
}

function lastStatementOfCell(scope: ModuleScope, cell: number): TopStmt | null {
  let last: TopStmt | null = null;
  for (const t of scope.statements) if (t.cell === cell) last = last && t.stmt.line < last.stmt.line ? last : t;
  return last;
}

function printDisplay(t: TopStmt, call: A.Call, text: string): Display | null {
  const sepKw = call.keywords.find((k) => k.arg === "sep")?.value;
  const sep = sepKw?.type === "Constant" && sepKw.kind === "str" ? (sepKw.value as string) : " ";
  if (call.keywords.some((k) => k.arg !== "sep" && k.arg !== "end" && k.arg !== "flush")) return null;
  const values: A.Expr[] = [];
  // print(f"Predicted: {label} ({p:.1%})")
  if (call.args.length === 1 && call.args[0]!.type === "JoinedStr") {
    const js = call.args[0] as A.JoinedStr;
    const parts: (string | { index: number; spec: string; conversion: string })[] = [];
    for (const p of js.parts) {
      if (typeof p === "string") parts.push(p);
      else {
        if (p.selfDoc) return null;
        if (p.spec && p.spec.parts.some((x) => typeof x !== "string")) return null;
        values.push(p.value);
        parts.push({ index: values.length - 1, spec: p.spec ? (p.spec.parts as string[]).join("") : "", conversion: p.conversion });
      }
    }
    if (values.length === 0) return null;
    return { cell: t.cell, stmt: t, values, template: { kind: "fstring", parts }, text };
  }
  // print("* class ID: {}, label: {}".format(i, labels[i])), print("%s: %.4f" % (label, p)): as f-strings
  const formatted = call.args.length === 1 ? formatTemplate(call.args[0]!) : null;
  if (formatted) return { cell: t.cell, stmt: t, values: formatted.values, template: { kind: "fstring", parts: formatted.parts }, text };
  // print('Final top prediction is: ' + labels[idx]): the text around a concatenated value, as an f-string's
  // (`str(p)` is formatted as `{p}` is)
  const concat = call.args.length === 1 ? concatenation(call.args[0]!) : null;
  if (concat && concat.some((x) => x.type === "Constant" && x.kind === "str") && concat.some((x) => x.type !== "Constant")) {
    const parts: (string | { index: number; spec: string; conversion: string })[] = [];
    for (const x of concat) {
      if (x.type === "Constant" && x.kind === "str") parts.push(x.value as string);
      else {
        const inner = x.type === "Call" && x.func.type === "Name" && x.func.id === "str" && x.args.length === 1 && x.keywords.length === 0 && x.args[0]!.type !== "Starred" ? x.args[0]! : x;
        values.push(inner);
        parts.push({ index: values.length - 1, spec: "", conversion: "" });
      }
    }
    return { cell: t.cell, stmt: t, values, template: { kind: "fstring", parts }, text };
  }
  // print("Predicted:", label) / print(pred)
  const parts: (string | { index: number })[] = [];
  for (const a of call.args) {
    if (a.type === "Starred") return null;
    if (a.type === "Constant" && a.kind === "str") parts.push(a.value as string);
    else {
      values.push(a);
      parts.push({ index: values.length - 1 });
    }
  }
  if (values.length === 0) return null;
  if (call.args.length === 1) return { cell: t.cell, stmt: t, values, template: { kind: "repr" }, text };
  return { cell: t.cell, stmt: t, values, template: { kind: "print-args", parts, sep }, text };
}

type TemplatePart = string | { index: number; spec: string; conversion: string };

/**
 * `"{} ({:.2%})".format(a, b)` and `"%s: %.4f" % (a, b)` as the parts of an f-string over the arguments, or null
 * when the template uses what an f-string cannot say here (named or nested fields, `*` widths, a mapping).
 */
function formatTemplate(e: A.Expr): { parts: TemplatePart[]; values: A.Expr[] } | null {
  if (e.type === "Call" && e.func.type === "Attribute" && e.func.attr === "format" && e.func.value.type === "Constant" && e.func.value.kind === "str") {
    if (e.keywords.length || e.args.some((a) => a.type === "Starred")) return null;
    const s = e.func.value.value as string;
    const parts: TemplatePart[] = [];
    const values: A.Expr[] = [];
    let auto = 0;
    let lit = "";
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!;
      if ((ch === "{" || ch === "}") && s[i + 1] === ch) {
        lit += ch;
        i++;
        continue;
      }
      if (ch === "}") return null;
      if (ch !== "{") {
        lit += ch;
        continue;
      }
      const end = s.indexOf("}", i);
      if (end < 0) return null;
      const m = /^(\d*)(?:!([rsa]))?(?::([^{}]*))?$/.exec(s.slice(i + 1, end));
      if (!m) return null;
      const index = m[1] === "" ? auto++ : Number(m[1]);
      const arg = e.args[index];
      if (!arg) return null;
      if (lit) parts.push(lit);
      lit = "";
      values.push(arg);
      parts.push({ index: values.length - 1, spec: m[3] ?? "", conversion: m[2] ?? "" });
      i = end;
    }
    if (lit) parts.push(lit);
    return values.length ? { parts, values } : null;
  }
  if (e.type === "BinOp" && e.op === "%" && e.left.type === "Constant" && e.left.kind === "str") {
    const args = e.right.type === "Tuple" ? e.right.elts : [e.right];
    if (args.some((a) => a.type === "Starred" || a.type === "Dict")) return null;
    const s = e.left.value as string;
    const parts: TemplatePart[] = [];
    const values: A.Expr[] = [];
    const re = /%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdifreEgGxXor%])/g;
    let last = 0;
    let lit = "";
    for (let m = re.exec(s); m; m = re.exec(s)) {
      lit += s.slice(last, m.index);
      last = m.index + m[0].length;
      if (m[4] === "%") {
        lit += "%";
        continue;
      }
      const arg = args[values.length];
      if (!arg) return null;
      if (lit) parts.push(lit);
      lit = "";
      values.push(arg);
      const [, flags, width, prec, conv] = m;
      // printf's conversions as format specs: %f is 6 decimals, %i/%u are %d, %s and %r are str() and repr()
      const type = conv === "i" ? "d" : conv === "s" || conv === "r" ? "" : conv;
      const precision = prec !== undefined ? `.${prec}` : conv === "f" || conv === "e" || conv === "E" ? ".6" : "";
      parts.push({ index: values.length - 1, spec: conv === "s" || conv === "r" ? `${flags!.includes("-") ? "<" : ""}${width}` : `${flags!.replace("-", "<")}${width}${precision}${type}`, conversion: conv === "r" ? "r" : "" });
    }
    lit += s.slice(last);
    if (values.length !== args.length) return null;
    if (lit) parts.push(lit);
    return values.length ? { parts, values } : null;
  }
  return null;
}

/** The operands of a chain of `+` that adds at least one string literal (`"a" + x + "b"`), or null. */
function concatenation(e: A.Expr): A.Expr[] | null {
  if (e.type !== "BinOp" || e.op !== "+") return null;
  const out: A.Expr[] = [];
  const flatten = (x: A.Expr): void => {
    if (x.type === "BinOp" && x.op === "+") {
      flatten(x.left);
      flatten(x.right);
    } else out.push(x);
  };
  flatten(e);
  return out.some((x) => x.type === "Constant" && x.kind === "str") ? out : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Goldens

function goldenOf(
  ctx: RecoverContext,
  boundaries: readonly Boundary[],
  display: Display,
  pre: WrittenFunction,
  post: WrittenFunction | null,
  site: Site,
  record: RecoveredPath["record"],
  example: Rows | null,
): Golden | null {
  const input: { [name: string]: Json } = {};
  let fromData = false;
  for (const b of boundaries) {
    let v = boundaryValue(ctx, b, site);
    // rows of a CSV or a bundled data set that nb2svc knows the notebook picked (a seeded split, iloc)
    if (v === undefined && example && boundaries.length === 1 && (b.kind === "rows" || b.kind === "file")) {
      v = rowsValue(example, record ? record.columns : b.columns ? b.columns.map((name) => ({ name, type: null })) : null);
      // rows of some columns (a window of a multivariate series): each row its values in the columns' order
      if (b.columns && !record && Array.isArray(v)) v = windowRows(v as { [k: string]: Json }[], b.columns);
      // one row of a table is one record (a list of records is answered with a list)
      if (record && Array.isArray(v) && v.length === 1) v = v[0]!;
      fromData = v !== undefined;
    }
    if (v === undefined) return null;
    input[b.name] = v;
  }
  const read = readDisplayed(ctx, display);
  if (read === undefined) return null;
  const expected = record?.perRow ? { ...read, value: rowsOfColumns(read.value, input[record.param]) } : read;
  const args = Object.entries(input).map(([k, v]) => `${k}=${short(JSON.stringify(v))}`).join(", ");
  const call = `${post ? `${post.name}(` : ""}model(${pre.name}(${args}))${post ? ")" : ""}`;
  return {
    cell: display.cell,
    call,
    input,
    expected: expected.value,
    outputText: display.text.trimEnd(),
    ...(expected.atol ? { atol: expected.atol } : {}),
    ...(fromData ? { fromData: true } : {}),
  };
}

/** CSV records as rows of `columns`' values; a column whose every cell reads as a number holds numbers, as pandas types it. */
function windowRows(records: readonly { readonly [k: string]: Json }[], columns: readonly string[]): Json[][] {
  const numeric = columns.map((c) => records.every((r) => typeof r[c] === "number" || (typeof r[c] === "string" && r[c] !== "" && Number.isFinite(Number(r[c])))));
  return records.map((r) => columns.map((c, i) => (numeric[i] && typeof r[c] === "string" ? Number(r[c]) : (r[c] ?? null))));
}

/**
 * An answer of columns (`{"predicted": [...], "p_good": [...]}`, a frame's prediction columns) for several records,
 * one item per record in every column: the answer of each record, as the service gives it row by row.
 */
function rowsOfColumns(answer: Json, records: Json | undefined): Json {
  if (!Array.isArray(records) || answer === null || typeof answer !== "object" || Array.isArray(answer)) return answer;
  const columns = Object.entries(answer);
  if (columns.length === 0 || !columns.every(([, v]) => Array.isArray(v) && v.length === records.length)) return answer;
  return records.map((_, i) => Object.fromEntries(columns.map(([k, v]) => [k, (v as Json[])[i]!])));
}

/** Stands for a wrapper's result in the expression its callers show it through (wrapperOuter). */
const RESULT = "__wrapper_result__";

/** Builtins an expression around a wrapper's result may call: they compute from their arguments only. */
const OUTER_BUILTINS = new Set(["str", "int", "float", "round", "len", "abs", "list", "tuple", "sorted"]);
/** Methods of the result itself that expression may call (`pred.ravel()`, `probs.round(4)`), which the postprocessing translates. */
const OUTER_METHODS = new Set(["ravel", "flatten", "tolist", "item", "squeeze", "round", "argmax", "max", "min", "sum", "astype", "reshape", "upper", "lower", "strip", "title", "capitalize", "to_dict", "idxmax"]);

/**
 * The one call of `fn` inside a value statement `t` shows, or the one name in it bound to such a call before
 * (`pred = predict(x)`, then `print(pred.ravel())`): that call, where it ran, and the text of the value with the
 * call (or name) as RESULT (null when the value is that result itself); null when the value holds none or several.
 */
function wrapperCallIn(ctx: RecoverContext, t: TopStmt, v: A.Expr, fn: A.FunctionDef): { call: A.Call; result: A.Expr; at: number; outer: string | null } | null {
  const found: { call: A.Call; result: A.Expr; at: number }[] = [];
  const isCall = (x: A.Expr | null): x is A.Call => x?.type === "Call" && x.func.type === "Name" && x.func.id === fn.name;
  walkExpr(v, (x) => {
    if (isCall(x)) found.push({ call: x, result: x, at: t.order });
    if (x.type !== "Name") return;
    const b = ctx.scope.bindingAt(x.id, t.order);
    if (b?.kind === "assign" && !b.element && isCall(b.value) && !ctx.scope.isMutated(x.id, b.order, t.order, false)) found.push({ call: b.value, result: x, at: b.order });
  });
  if (found.length !== 1) return null;
  const { call, result, at } = found[0]!;
  return { call, result, at, outer: result === v ? null : exprText(ctx, t.cell, v, new Map([[result, RESULT]])) };
}

/**
 * What the cells that show `fn`'s result do to it (`ag_news_label[predict(text)]` in the PyTorch text-classification
 * tutorial, `"This is a %s news" % ...` around it, `pred.ravel()`), as text with the result as RESULT: the last
 * cell's, when they differ (the notebook's final answer). Null when a cell shows the result as it is, or none shows
 * it through an expression of values known statically (a name the notebook computes, a call other than a few
 * builtins and methods of the result, show what the service does not answer).
 */
function wrapperOuter(ctx: RecoverContext, fn: A.FunctionDef): string | null {
  const moduleFrame: SliceFrame = { table: ctx.scope, fn: null, cellOf: (t) => t.cell, qualify: ctx.scope.qualify };
  const outers: (string | null)[] = [];
  for (const t of ctx.scope.statements) {
    const shown = displayOf(ctx, moduleFrame, t);
    if (!shown || shown.values.length !== 1) continue;
    const found = wrapperCallIn(ctx, t, shown.values[0]!, fn);
    if (found && (found.outer === null || knownAround(ctx, shown.values[0]!, found.result, t.order))) outers.push(found.outer);
  }
  return outers.includes(null) ? null : (outers[outers.length - 1] ?? null);
}

/**
 * True when `v`, outside `result`, reads only values known statically at `order`, and calls only OUTER_BUILTINS and
 * OUTER_METHODS of what it computes from the result.
 */
function knownAround(ctx: RecoverContext, v: A.Expr, result: A.Expr, order: number): boolean {
  let ok = true;
  const fromResult = (x: A.Expr): boolean => {
    let found = false;
    walkExpr(x, (y) => (found ||= y === result));
    return found;
  };
  const visit = (x: A.Expr): void => {
    if (x === result || !ok) return;
    const builtin = x.type === "Call" && x.func.type === "Name" && OUTER_BUILTINS.has(x.func.id) && !ctx.scope.bindings.has(x.func.id);
    const method = x.type === "Call" && x.func.type === "Attribute" && OUTER_METHODS.has(x.func.attr) && fromResult(x.func.value);
    if (x.type === "Call" && !builtin && !method) ok = false;
    else if (x.type === "Name" && !OUTER_BUILTINS.has(x.id) && ctx.resolver.evaluateAt(x, order) === undefined) ok = false;
    else if (x.type === "Lambda" || x.type === "NamedExpr") ok = false;
    if (x.type === "Call") [...(method ? [(x.func as A.Attribute).value] : []), ...x.args, ...x.keywords.map((k) => k.value)].forEach(visit);
    else childExprs(x).forEach(visit);
  };
  visit(v);
  return ok;
}

/**
 * Examples of a function that holds the model call (`def predict(text): ...`): the cells that show its result for
 * arguments known statically (`predict("What a film!")`), or that result through `outer` (wrapperOuter). Its
 * parameters are the recovered preprocessing's.
 */
function wrapperGoldens(ctx: RecoverContext, fn: A.FunctionDef, boundaries: readonly Boundary[], pre: WrittenFunction, post: WrittenFunction | null, outer: string | null, wants: Set<string>, returned: Template): Golden[] {
  const out: Golden[] = [];
  const moduleFrame: SliceFrame = { table: ctx.scope, fn: null, cellOf: (t) => t.cell, qualify: ctx.scope.qualify };
  for (const t of ctx.scope.statements) {
    const shown = displayOf(ctx, moduleFrame, t);
    // `label, p = predict(x)`, then `print(f"{label}: {p:.0%}")`: the tuple it returned, shown field by field
    const unpacked = shown && outer === null ? unpackedCall(ctx, t, shown.values, fn) : null;
    if (!shown || (shown.values.length !== 1 && !unpacked)) continue;
    // predict("text"), or a name bound to it earlier (`label = predict("text")`), or the call inside what the
    // postprocessing now ends with
    let call: A.Expr | undefined = unpacked?.call ?? shown.values[0]!;
    let at = unpacked?.at ?? t.order;
    if (outer !== null) {
      const found = wrapperCallIn(ctx, t, call, fn);
      if (found?.outer !== outer) continue;
      call = found.call;
      at = found.at;
    }
    if (call?.type === "Name") {
      const b = ctx.scope.bindingAt(call.id, t.order);
      // (one name unpacked from what it returned, `label, p = predict(x)`, is not all it returned)
      call = b?.element ? undefined : (b?.value ?? undefined);
      at = b?.order ?? at;
    }
    // print(json.dumps(predict(...))): the answer as JSON text (read as a literal: its true, false and null
    // cannot be told from Python's here, so a display holding them is not read)
    if (call?.type === "Call" && ctx.scope.qualify(call.func) === "json.dumps" && call.args.length === 1 && call.args[0]!.type === "Call") {
      if (/\b(true|false|null)\b/.test(shown.text)) continue;
      call = call.args[0];
    }
    // [predict(t) for t in texts], or a function returning it: the first item is an example of its own
    const first = outer === null && call ? firstItem(ctx, call, at, fn) : null;
    if (first) call = first.call;
    if (call?.type !== "Call" || call.func.type !== "Name" || call.func.id !== fn.name) continue;
    // the arguments, by parameter: only those the request's fields come from are evaluated (a model passed in,
    // `predict(model, "x.jpg")`, is no value of the request)
    const bound = bindCall(fn.params, call);
    if (!bound || bound.extraArgs.length > 0) continue;
    const args = bound.named;
    // `def detect(**reading)` called as `detect(temperature=74.2, ...)`: the keywords no parameter names are its dict
    const rest = fn.params.find((p) => p.kind === "var-keyword")?.name;
    const gathered: { [name: string]: Json } = {};
    for (const k of bound.extraKeywords) {
      const v = ctx.resolver.evaluateAt(k.value, at);
      const j = v && toJson(v);
      if (j === undefined) break;
      gathered[k.arg!] = j;
    }
    if (Object.keys(gathered).length < bound.extraKeywords.length) continue;
    let ok = true;
    const input: { [name: string]: Json } = {};
    const fromRequest = new Set<string>();
    for (const b of boundaries) {
      // the wrapper's parameter the boundary stands for (`Image.open(image_path)` is the request's `image`)
      const source = b.file?.pathExpr ?? b.expr;
      const param = source?.type === "Name" && fn.params.some((x) => x.name === source.id) ? source.id : b.name;
      fromRequest.add(param);
      const arg = args.get(param);
      const declared = fn.params.some((x) => x.name === param);
      if (param === rest) input[b.name] = gathered;
      else if (first && arg?.type === "Name" && arg.id === first.target) input[b.name] = first.item;
      else if (first && arg && readsOf(arg).includes(first.target)) ok = false;
      else if (arg || (!declared && source)) {
        // an expression of the wrapper's own (`io.BytesIO(base64.b64decode(b64_string))`): evaluated with the
        // call's arguments and the wrapper's assignments before it
        const v = arg ? ctx.resolver.evaluateAt(arg, at) : ctx.resolver.evaluateAt(source!, at, wrapperLocals(ctx, fn, args, at));
        // rows of a data set passed as they are (`predict(sess, X_test[:3])`), else the value a run gave (--execute)
        const rowsOf = (e: A.Expr) => arrayRows(ctx, new RowProvenance(ctx.resolver), e, at);
        const listed = arg ? listedArray(ctx, arg) : null;
        const j = v?.k === "file" && v.mode === BYTES ? { $file: v.path } : v ? toJson(v) : arg ? (rowsOf(arg) ?? (listed ? rowsOf(listed) : undefined) ?? ranArgument(ctx, arg, at, wants)) : undefined;
        if (j === undefined || (j === null && v?.k !== "none")) {
          ok = false;
          break;
        }
        input[b.name] = j;
      } else {
        const j = defaultOf(ctx, fn, param, at);
        if (j === undefined) {
          ok = false;
          break;
        }
        input[b.name] = j;
      }
    }
    // an argument the request does not carry is its default in the service (`k = 2` in the split postprocessing): a
    // call that passes another value (`predict(x, k=3)`) shows an answer the service does not give for that request
    // (a parameter without a default, such as a model passed in, is not the request's either)
    const notDefault = ([name, e]: [string, A.Expr]) => {
      if (fromRequest.has(name) || !fn.params.find((x) => x.name === name)?.default) return false;
      const v = ctx.resolver.evaluateAt(e, at);
      return JSON.stringify(v && toJson(v)) !== JSON.stringify(defaultOf(ctx, fn, name, at));
    };
    if (!ok || [...args].some(notDefault)) continue;
    // a wrapper returning `pd.DataFrame({"probability": p, ...})` shown whole: the frame's text, read by its columns
    const read = returned.kind === "frame" && outer === null && shown.template.kind === "repr" ? { ...shown, template: returned } : shown;
    const displayed = readDisplayed(ctx, read);
    const shownValue = first ? itemOf(displayed, first.count) : unpacked ? inElementOrder(displayed, unpacked.elements) : displayed;
    if (!shownValue) continue;
    // (one row of it per record, when the wrapper was given a list of records: the service answers each)
    const only = boundaries.length === 1 ? input[boundaries[0]!.name] : undefined;
    const expected = read !== shown ? { ...shownValue, value: rowsOfColumns(shownValue.value, only) } : shownValue;
    const argText = Object.entries(input).map(([k, v]) => `${k}=${short(JSON.stringify(v))}`).join(", ");
    out.push({
      cell: shown.cell,
      call: `${post ? `${post.name}(` : ""}model(${pre.name}(${argText}))${post ? ")" : ""}`,
      input,
      expected: expected.value,
      outputText: shown.text.trimEnd(),
      ...(expected.atol ? { atol: expected.atol } : {}),
    });
  }
  return out;
}

/**
 * The call of `fn` a comprehension over values known statically makes for its first item (`[predict(t) for t in
 * ["great", "awful"]]`, or a function whose body returns one over its parameter, `predict_all(rows)`): the call, the
 * loop's target, that item and how many there are. The service runs the model once per request, so it serves `fn`
 * for one item; the comprehension's first answer is its example. Null otherwise.
 */
function firstItem(ctx: RecoverContext, e: A.Expr, at: number, fn: A.FunctionDef): { call: A.Call; target: string; item: Json; count: number } | null {
  let comp: A.Expr = e;
  let iter: A.Expr | null = null;
  if (e.type === "Call" && e.func.type === "Name" && e.func.id !== fn.name && !e.keywords.length) {
    // def predict_all(rows): return [predict(r) for r in rows]
    const g = ctx.scope.functions.get(e.func.id)?.def;
    const body = g?.body.filter((x) => !(x.type === "Expr" && x.value.type === "Constant"));
    const ret = body?.length === 1 && body[0]!.type === "Return" ? body[0]!.value : null;
    if (!g || ret?.type !== "ListComp") return null;
    const over = ret.generators[0]?.iter;
    const index = over?.type === "Name" ? g.params.findIndex((p) => p.name === over.id && p.kind === "positional") : -1;
    if (index < 0 || !e.args[index]) return null;
    comp = ret;
    iter = e.args[index]!;
  }
  if (comp.type !== "ListComp" || comp.generators.length !== 1) return null;
  const gen = comp.generators[0]!;
  const call = comp.elt;
  if (gen.ifs.length || gen.target.type !== "Name" || call.type !== "Call" || call.func.type !== "Name" || call.func.id !== fn.name) return null;
  const over = iter ?? gen.iter;
  const v = ctx.resolver.evaluateAt(over, at);
  const items = v ? toJson(v) : arrayRows(ctx, new RowProvenance(ctx.resolver), over, at);
  if (!Array.isArray(items) || items.length === 0) return null;
  return { call, target: gen.target.id, item: items[0]!, count: items.length };
}

/**
 * The call of `fn` whose returned tuple the displayed values are, each a name unpacked from it (`label, p =
 * predict(x)`), every element shown once: the call, where it ran, and each value's element index. Null otherwise.
 */
function unpackedCall(ctx: RecoverContext, t: TopStmt, values: readonly A.Expr[], fn: A.FunctionDef): { call: A.Call; at: number; elements: number[] } | null {
  if (values.length < 2) return null;
  const bindings = values.map((v) => (v.type === "Name" ? ctx.scope.bindingAt(v.id, t.order) : undefined));
  const b = bindings[0];
  const target = b?.stmt.type === "Assign" && b.stmt.targets.length === 1 ? b.stmt.targets[0]! : null;
  if (!b || b.value?.type !== "Call" || b.value.func.type !== "Name" || b.value.func.id !== fn.name || (target?.type !== "Tuple" && target?.type !== "List")) return null;
  if (target.elts.some((e) => e.type !== "Name") || target.elts.length !== values.length) return null;
  const elements = bindings.map((x) => (x?.stmt === b.stmt && x.element?.length === 1 ? x.element[0]! : -1));
  if (new Set(elements).size !== values.length || elements.includes(-1)) return null;
  if (values.some((v) => ctx.scope.isMutated((v as A.Name).id, b.order, t.order, false))) return null;
  return { call: b.value, at: b.order, elements };
}

/** The displayed fields (read back in display order) as the tuple they were unpacked from. */
function inElementOrder(displayed: { value: Json; atol?: number } | undefined, elements: readonly number[]): { value: Json; atol?: number } | undefined {
  const fields = displayed && typeof displayed.value === "object" && displayed.value !== null && !Array.isArray(displayed.value) ? Object.values(displayed.value) : null;
  if (!fields || fields.length !== elements.length) return undefined;
  const value: Json[] = [];
  elements.forEach((e, i) => (value[e] = fields[i]!));
  return { ...displayed, value };
}

/** The first of `count` answers a comprehension displayed, with the display's precision. */
function itemOf(displayed: { value: Json; atol?: number } | undefined, count: number): { value: Json; atol?: number } | undefined {
  if (!displayed || !Array.isArray(displayed.value) || displayed.value.length !== count) return undefined;
  return { ...displayed, value: displayed.value[0]! };
}

/**
 * Whether the notebook gives `fn`'s parameter `name` a numpy array: its annotation says so (`x: np.ndarray`), or every
 * call that passes it passes one (`np.array([[...]])`, a data set's rows). The array's dtype when the calls tell it
 * ("" when they do not), null when the parameter is not an array.
 */
function arrayParameter(ctx: RecoverContext, fn: A.FunctionDef, name: string): string | null {
  const p = fn.params.find((x) => x.name === name);
  const annotated = p?.annotation ? ctx.scope.qualify(p.annotation) === "numpy.ndarray" : false;
  const index = fn.params.filter((x) => x.kind === "positional" || x.kind === "positional-only").findIndex((x) => x.name === name);
  const provenance = new RowProvenance(ctx.resolver);
  const dtypes = new Set<string>();
  let passed = 0;
  for (const t of ctx.scope.statements) {
    for (const call of ownCalls(t.stmt)) {
      if (call.func.type !== "Name" || call.func.id !== fn.name) continue;
      const arg = call.keywords.find((k) => k.arg === name)?.value ?? (index >= 0 ? call.args[index] : undefined);
      if (!arg || arg.type === "Starred") continue;
      passed++;
      const v = ctx.resolver.evaluateAt(arg, t.order);
      if (v?.k === "ndarray") dtypes.add(v.dtype);
      // scikit-learn's data sets hold float64
      else if (v === undefined && arrayRows(ctx, provenance, arg, t.order) !== undefined) dtypes.add("float64");
      else return annotated ? "" : null;
    }
  }
  if (passed === 0 && !annotated) return null;
  return dtypes.size === 1 && !dtypes.has("str") ? [...dtypes][0]! : "";
}

/** The array a list is made of (`X_test[0].tolist()`, `list(X_test[0])`): the same values as JSON. Null otherwise. */
function listedArray(ctx: RecoverContext, e: A.Expr): A.Expr | null {
  if (e.type !== "Call" || e.keywords.length) return null;
  if (e.func.type === "Attribute" && e.func.attr === "tolist" && e.args.length === 0) return e.func.value;
  if (e.func.type === "Name" && e.func.id === "list" && !ctx.scope.bindings.has("list") && e.args.length === 1) return e.args[0]!;
  return null;
}

/** The rows `e` holds of a scikit-learn data set loaded as arrays (`X_test[:3]`), as nested lists; undefined otherwise. */
function arrayRows(ctx: RecoverContext, provenance: RowProvenance, e: A.Expr, at: number): Json | undefined {
  const root = rootOf(e);
  if (root === null || ctx.frames.ofName(root, at)) return undefined;
  const rows = provenance.of(e, at);
  return rows && rows.source.kind !== "csv" && rows.column === undefined ? rowsValue(rows, null) : undefined;
}

/**
 * The value an argument of a call at `at` had (`classify_window(X_test[0])`, a window cut from the data), read from a
 * run of the notebook (--execute) when every name it reads keeps that value to the notebook's end (no later binding,
 * no later change in place); the expression is added to `wants`, what a run is asked for. Undefined otherwise.
 */
function ranArgument(ctx: RecoverContext, e: A.Expr, at: number, wants: Set<string>): Json | undefined {
  for (const n of readsOf(e)) {
    const all = ctx.scope.bindings.get(n) ?? [];
    if (all.length === 0 || ctx.scope.bindingAt(n, at) !== all[all.length - 1] || (ctx.scope.mutations.get(n) ?? []).some((p) => p >= at)) return undefined;
  }
  wants.add(e.text);
  const ran = ctx.executed?.get(`=${e.text}`);
  return ran ? toJson(ran) : undefined;
}

/** The value of `fn`'s parameter `name`'s default at `at`; undefined when it has none, or one not known statically. */
function defaultOf(ctx: RecoverContext, fn: A.FunctionDef, name: string, at: number): Json | undefined {
  const p = fn.params.find((x) => x.name === name);
  const d = p?.default ? ctx.resolver.evaluateAt(p.default, at) : undefined;
  return d ? toJson(d) : undefined;
}

/**
 * The wrapper's parameters as the call gives them, then its plain top-level assignments in order, each evaluated
 * with what came before (an unknown value shadows the module's name of the same name).
 */
function wrapperLocals(ctx: RecoverContext, fn: A.FunctionDef, args: ReadonlyMap<string, A.Expr>, at: number): Map<string, Value | undefined> {
  const locals = new Map<string, Value | undefined>();
  for (const p of fn.params) {
    const a = args.get(p.name) ?? p.default;
    locals.set(p.name, a ? ctx.resolver.evaluateAt(a, at) : undefined);
  }
  for (const s of fn.body) {
    if (s.type !== "Assign") continue;
    const v = s.targets.length === 1 && s.targets[0]!.type === "Name" ? ctx.resolver.evaluateAt(s.value, at, locals) : undefined;
    for (const t of s.targets) for (const n of targetNames(t)) locals.set(n, t.type === "Name" ? v : undefined);
  }
  return locals;
}

function short(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}

/**
 * The expression whose value, when the notebook has finished, is the boundary's value at the model call: a name (or
 * a selection of one) whose binding at the call is its last, and that nothing changes in place afterwards. Null when
 * a run cannot tell (a value rebound later, an inline random draw).
 */
export function boundaryExpression(ctx: RecoverContext, b: Boundary, site: Site): string | null {
  if (site.frame.fn) return null;
  const text = b.expr && b.kind === "rows" ? b.expr.text : b.binding ? b.name.replace(/_\d+$/, "") : null;
  const root = b.expr && b.kind === "rows" ? rootOf(b.expr) : b.binding?.name ?? null;
  if (!text || !root) return null;
  const bindings = ctx.scope.bindings.get(root) ?? [];
  const atSite = ctx.scope.bindingAt(root, site.pos + 1);
  if (!atSite || bindings[bindings.length - 1] !== atSite) return null;
  if ((ctx.scope.mutations.get(root) ?? []).some((p) => p > site.pos)) return null;
  return b.binding && !b.expr ? b.binding.name : text;
}

function rootOf(e: A.Expr): string | null {
  if (e.type === "Name") return e.id;
  if (e.type === "Subscript" || e.type === "Attribute") return rootOf(e.value);
  if (e.type === "Call" && e.func.type === "Attribute") return rootOf(e.func.value);
  return null;
}

function boundaryValue(ctx: RecoverContext, b: Boundary, site: Site): Json | undefined {
  const expr = boundaryExpression(ctx, b, site);
  const ran = expr !== null ? ctx.executed?.get(`=${expr}`) : undefined;
  if (ran) {
    const j = toJson(ran);
    if (j !== undefined) return j;
  }
  const pos = b.binding ? b.binding.order : site.pos;
  if (b.kind === "literal" && b.expr) {
    const v: Value | undefined = site.frame.fn ? undefined : ctx.resolver.evaluateAt(b.expr, pos);
    return v === undefined ? undefined : toJson(v);
  }
  if (b.kind === "file" && b.file?.media === "image") {
    const v = site.frame.fn ? undefined : ctx.resolver.evaluateAt(b.file.pathExpr, pos);
    if (v && (v.k === "str" || v.k === "path")) return { $file: v.v };
  }
  return undefined;
}

/** The displayed answer as JSON, and how exactly the display shows numbers (f-string precision). */
function readDisplayed(ctx: RecoverContext, d: Display): { value: Json; atol?: number } | undefined {
  if (d.loop) {
    // one printed line per item
    const items: Json[] = [];
    let atol = 0;
    for (const line of d.text.split("\n")) {
      const one = readDisplayed(ctx, { ...d, loop: undefined, text: line });
      if (!one) return undefined;
      items.push(one.value);
      atol = Math.max(atol, one.atol ?? 0);
    }
    return atol ? { value: items, atol } : { value: items };
  }
  if (d.template.kind === "repr") {
    const v = parseRepr(ctx.parser, d.text) ?? parseNumpyStr(d.text);
    if (v !== undefined) return { value: v };
    const series = parseSeriesText(d.text);
    if (series) return series;
    const text = plainString(d);
    return text === undefined ? undefined : { value: text };
  }
  if (d.template.kind === "frame") {
    const table = parseFrameText(d.text);
    if (!table) return undefined;
    const cols: Json[][] = [];
    let atol = 0;
    for (const name of d.template.columns) {
      const i = table.columns.indexOf(name);
      if (i < 0) return undefined;
      const values: Json[] = [];
      for (const row of table.rows) {
        const v = readFrameCell(row[i]!);
        if (v === undefined) return undefined;
        values.push(v.value);
        atol = Math.max(atol, v.atol);
      }
      cols.push(values);
    }
    const value: Json = cols.length === 1 ? cols[0]! : Object.fromEntries(d.template.columns.map((c, i) => [c, cols[i]!]));
    return atol ? { value, atol } : { value };
  }
  const fields: { index: number; spec: string; conversion: string }[] = [];
  let pattern = "^";
  const parts = d.template.kind === "fstring" ? d.template.parts : d.template.parts.flatMap((p, i) => (i === 0 ? [p] : [(d.template as { sep: string }).sep, p]));
  for (const p of parts) {
    if (typeof p === "string") pattern += escapeRegExp(p);
    else if (d.skipped?.[p.index]) pattern += "[\\s\\S]*?";
    else {
      fields.push({ index: p.index, spec: "spec" in p ? p.spec : "", conversion: "conversion" in p ? p.conversion : "" });
      pattern += "([\\s\\S]*?)";
    }
  }
  // fields may be split at several places (`print(labels, probs)`: spaces inside each value too): the split where
  // every field reads back as a value wins; a field read as plain text only when it is the one way to split
  const splits = allMatches(new RegExp(pattern + "$"), d.text, fields.length);
  let chosen: { values: Json[]; atol: number } | undefined;
  let textual: { values: Json[]; atol: number } | undefined;
  // with text fields (`print("Survived" if p > 0.5 else "Did not survive", round(p, 3))`), the split where the most
  // fields read back as values, when only one split does: the words of a text field are not a number's
  let bestRead = -1;
  let bestCount = 0;
  for (const groups of splits) {
    const values: Json[] = [];
    let atol = 0;
    let plain = 0;
    let ok = true;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const v = readField(ctx, groups[i]!, f.spec, f.conversion);
      if (v === undefined) {
        ok = false;
        break;
      }
      if (typeof v.value === "string" && !f.spec && f.conversion !== "r") plain++;
      values.push(v.value);
      atol = Math.max(atol, v.atol ?? 0);
    }
    if (!ok) continue;
    if (plain === 0) {
      chosen = { values, atol };
      break;
    }
    const read = fields.length - plain;
    if (read > bestRead) {
      bestRead = read;
      bestCount = 1;
      textual = { values, atol };
    } else if (read === bestRead) bestCount++;
  }
  if (!chosen && (splits.length === 1 || (bestCount === 1 && bestRead > 0))) chosen = textual;
  if (!chosen) return undefined;
  const { values, atol } = chosen;
  const value: Json = values.length === 1 ? values[0]! : Object.fromEntries(fieldNames(d.values, d).map((k, i) => [k, values[i]!]));
  return atol ? { value, atol } : { value };
}

/** One f-string field's text back to a value: `3.14` under `.2f` is 3.14 within 0.005; `12.5%` is 0.125. */
function readField(ctx: RecoverContext, text: string, spec: string, conversion: string): { value: Json; atol?: number } | undefined {
  const m = /^(?:.?[<>=^])?[+\- ]?#?0?\d*[,_]?(?:\.(\d+))?([eEfFgG%dns])?$/.exec(spec);
  if (spec && m) {
    const decimals = m[1] !== undefined ? Number(m[1]) : null;
    const kind = m[2] ?? "";
    if (kind === "s") return { value: text.trim() };
    const cleaned = text.trim().replace(/[,_]/g, "");
    if (kind === "%") {
      const n = Number(cleaned.replace(/%$/, ""));
      if (!Number.isFinite(n)) return undefined;
      return { value: n / 100, atol: decimals !== null ? 0.5 * 10 ** -(decimals + 2) : 0.005 };
    }
    const n = Number(cleaned);
    if (Number.isFinite(n) && /^[+-]?[\d.]+(e[+-]?\d+)?$/i.test(cleaned)) {
      if (kind === "d") return { value: n };
      const atol = decimals !== null && kind !== "e" && kind !== "E" && kind !== "g" && kind !== "G" ? 0.5 * 10 ** -decimals : undefined;
      return atol !== undefined ? { value: n, atol: atol * 1.0000001 } : { value: n };
    }
    // a width or alignment on a string (`{label:>10}`): the text without its padding
    if (kind === "") return { value: text.trim() };
    return undefined;
  }
  if (conversion === "r") return parseRepr(ctx.parser, text) !== undefined ? { value: parseRepr(ctx.parser, text)! } : undefined;
  // str() of a value: numbers and numpy prints read back, anything else is the string itself
  const trimmed = text.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return { value: Number(trimmed) };
  if (trimmed === "True" || trimmed === "False") return { value: trimmed === "True" };
  const arr = trimmed.startsWith("[") ? (parseRepr(ctx.parser, trimmed) ?? parseNumpyStr(trimmed)) : undefined;
  if (arr !== undefined) return { value: arr };
  return { value: text };
}

/** A printed str (not a repr): `print(label)` shows `setosa`. */
function plainString(d: Display): Json | undefined {
  const v = d.values[0];
  if (d.stmt.stmt.type === "Expr" && d.stmt.stmt.value.type === "Call" && v && d.text && !/^[[({'"]/.test(d.text.trim())) {
    const t = d.text.trim();
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
    if (t === "True" || t === "False") return t === "True";
    return d.text;
  }
  return undefined;
}

/**
 * Every way a template's regex (literal text between lazy `([\s\S]*?)` fields) matches `text`: the fields' texts,
 * for up to a few fields and a bounded number of candidate splits.
 */
function allMatches(re: RegExp, text: string, fields: number): string[][] {
  const first = re.exec(text);
  if (!first) return [];
  if (fields <= 1) return [first.slice(1)];
  const out: string[][] = [];
  // move the end of each earlier field forward, one candidate at a time (a field may hold the separator itself)
  const source = re.source.slice(1, -1);
  const parts = source.split("([\\s\\S]*?)");
  const search = (from: number, k: number, acc: string[]) => {
    if (out.length >= 200) return;
    if (k === fields - 1) {
      const rest = text.slice(from);
      const tail = new RegExp(`^([\\s\\S]*?)${parts[k + 1]}$`).exec(rest);
      if (tail) out.push([...acc, tail[1]!]);
      return;
    }
    const sep = new RegExp(parts[k + 1]!, "g");
    sep.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = sep.exec(text)) !== null) {
      search(m.index + m[0].length, k + 1, [...acc, text.slice(from, m.index)]);
      if (m[0].length === 0) sep.lastIndex++;
    }
  };
  const lead = new RegExp(`^${parts[0]}`).exec(text);
  if (!lead) return [];
  search(lead[0].length, 0, []);
  return out.length ? out : [first.slice(1)];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * numpy's str() of an array, as print shows it: `[0 1 2]`, `[[0.1 0.9]\n [0.7 0.3]]`, `['setosa' 'virginica']`:
 * elements separated by spaces, not commas.
 */
export function parseNumpyStr(text: string): Json | undefined {
  const s = text.trim();
  if (!s.startsWith("[") || s.length > 1_000_000) return undefined;
  let i = 0;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const value = (): Json | undefined => {
    ws();
    if (s[i] === "[") {
      i++;
      const items: Json[] = [];
      for (;;) {
        ws();
        if (s[i] === "]") {
          i++;
          return items;
        }
        if (s[i] === ",") {
          i++;
          continue;
        }
        if (s.startsWith("...", i)) return undefined; // a summarised array cannot be read back
        const v = value();
        if (v === undefined) return undefined;
        items.push(v);
      }
    }
    if (s[i] === "'" || s[i] === '"') {
      const q = s[i]!;
      let j = i + 1;
      let out = "";
      while (j < s.length && s[j] !== q) {
        if (s[j] === "\\" && j + 1 < s.length) {
          out += s[j + 1];
          j += 2;
        } else out += s[j++];
      }
      if (j >= s.length) return undefined;
      i = j + 1;
      return out;
    }
    const m = /^(-?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|nan|inf)|True|False)/i.exec(s.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    const t = m[0];
    if (t === "True" || t === "False") return t === "True";
    if (/nan|inf/i.test(t)) return null;
    return Number(t);
  };
  const v = value();
  ws();
  return i === s.length ? v : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing the functions

/** Statements whose text holds an indented block. */
const BLOCKS = new Set<A.Stmt["type"]>(["For", "While", "If", "With", "Try"]);

function writeFunction(
  ctx: RecoverContext,
  frame: SliceFrame,
  name: string,
  params: readonly string[],
  body: readonly TopStmt[],
  ret: Ret,
  replacements: ReadonlyMap<A.Expr, string>,
  retAt: TopStmt,
  prelude: readonly string[] = [],
  rewritten: ReadonlyMap<A.Stmt, string> = new Map(),
  /** A function the returned values are passed to (the preprocessing of the function a caller calls). */
  wrap?: string,
): WrittenFunction {
  const lines: string[] = [`def ${name}(${params.join(", ")}):`];
  const names = params.map((p) => p.split(/[:=]/)[0]!.trim());
  const first = body[0] ?? retAt;
  const origin: SourceLine[] = [{ cell: frame.cellOf(first), line: first.stmt.line, columnShift: 0 }];
  // lines nb2svc adds (the record made a one-row frame) point at the first line they serve
  for (const l of prelude) {
    lines.push("    " + l);
    origin.push({ cell: frame.cellOf(first), line: first.stmt.line, columnShift: 0 });
  }
  for (const p of defaultsRead(frame, names, body, ret)) {
    lines.push(`    ${p.name} = ${exprText(ctx, frame.cellOf(first), p.default!, new Map())}`);
    origin.push({ cell: frame.cellOf(first), line: p.default!.line, columnShift: 0 });
  }
  for (const t of body) {
    const cell = frame.cellOf(t);
    const text = rewritten.get(t.stmt) ?? statementText(ctx, cell, t.stmt, replacements);
    // a block statement's body keeps its place under its header: a top-level loop moves into the function with it
    const indent = BLOCKS.has(t.stmt.type) ? " ".repeat(Math.max(0, 5 - t.stmt.col)) : "";
    text.split("\n").forEach((l, i) => {
      if (i === 0) {
        lines.push("    " + l);
        origin.push({ cell, line: t.stmt.line, columnShift: t.stmt.col - 5 });
      } else {
        lines.push(l && indent + l);
        origin.push({ cell, line: t.stmt.line + i, columnShift: -indent.length });
      }
    });
  }
  const cell = frame.cellOf(retAt);
  const texts = ret.exprs.map((e) => exprText(ctx, cell, e, replacements).replace(/\n\s*/g, " "));
  if (ret.kind === "loop") {
    // the loop again, collecting each item's answer
    const item = ret.keys ? `{${ret.keys.map((k, i) => `${JSON.stringify(k)}: ${texts[i]}`).join(", ")}}` : texts[0]!;
    const loopLine = retAt.stmt.line;
    const add = (line: string, at: number) => {
      lines.push(line);
      origin.push({ cell, line: at, columnShift: 0 });
    };
    add("    answers = []", loopLine);
    add(`    for ${ret.loop.target} in ${ret.loop.iterText}:`, loopLine);
    for (const b of ret.loop.body) add("        " + statementText(ctx, cell, b, replacements).replace(/\n/g, " "), b.line);
    add(`        answers.append(${item})`, ret.exprs[0]?.line ?? loopLine);
    add("    return answers", loopLine);
    return { name, source: lines.join("\n"), origin, params: names };
  }
  let value: string;
  if (ret.kind === "dict") value = `{${ret.keys.map((k, i) => `${JSON.stringify(k)}: ${texts[i]}`).join(", ")}}`;
  else if (ret.kind === "tuple") value = texts.join(", ");
  else value = texts[0]!;
  lines.push(`    return ${wrap ? `${wrap}(${ret.kind === "dict" ? value : texts.join(", ")})` : value}`);
  const at = ret.exprs[0] ?? retAt.stmt;
  origin.push({ cell, line: at.line, columnShift: at.col - 12 });
  return { name, source: lines.join("\n"), origin, params: names };
}

/**
 * The written preprocessing's parameters: the boundaries' names, a parameter of the notebook's function keeping its
 * literal default (`def classify(x, region=None)` with `if region is None: region = "south"`: the request may leave
 * it out or send null). Python wants the parameters with a default last; the request names each field anyway.
 */
function paramsWithDefaults(frame: SliceFrame, boundaries: readonly Boundary[]): string[] {
  const literal = (b: Boundary) => {
    const p = b.kind === "param" ? frame.fn?.params.find((x) => x.name === b.name && x.kind !== "var-positional" && x.kind !== "var-keyword") : undefined;
    const d = p?.default;
    return d && (d.type === "Constant" || (d.type === "UnaryOp" && d.operand.type === "Constant")) ? d.text : null;
  };
  const plain = boundaries.filter((b) => literal(b) === null).map((b) => b.name);
  const defaulted = boundaries.filter((b) => literal(b) !== null).map((b) => `${b.name}=${literal(b)}`);
  return [...plain, ...defaulted];
}

/**
 * The parameters with a default of the function the model call is in (`def predict(x, k=2)`) that the written
 * function reads but does not take: bound to their default, as the notebook's call without them had them.
 */
function defaultsRead(frame: SliceFrame, params: readonly string[], body: readonly TopStmt[], ret: Ret): A.Param[] {
  if (!frame.fn) return [];
  const read = new Set<string>();
  const visit = (e: A.Expr) => readsOf(e).forEach((n) => read.add(n));
  walkStmts([...body.map((t) => t.stmt), ...(ret.kind === "loop" ? ret.loop.body : [])], (st) => stmtExprs(st).forEach(visit));
  ret.exprs.forEach(visit);
  if (ret.kind === "loop") visit(ret.loop.iter);
  return frame.fn.params.filter((p) => p.default !== null && (p.kind === "positional" || p.kind === "keyword-only") && !params.includes(p.name) && read.has(p.name));
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") out.push(i + 1);
  return out;
}

const startsCache = new WeakMap<object, number[]>();

function offsetOf(ctx: RecoverContext, cell: number, line: number, col: number): number {
  const text = ctx.pythonOf.get(cell) ?? "";
  const key = ctx.pythonOf as object;
  let starts = startsCache.get(key);
  if (!starts || (starts as unknown as { cell?: number }).cell !== cell) {
    starts = lineStarts(text);
    (starts as unknown as { cell: number }).cell = cell;
    startsCache.set(key, starts);
  }
  return (starts[line - 1] ?? text.length) + col - 1;
}

/** The source of a node in its cell, with replaced sub-expressions (of this node only) spliced in. */
function sourceWith(ctx: RecoverContext, cell: number, node: A.Stmt | A.Expr, replacements: ReadonlyMap<A.Expr, string>): string {
  const text = ctx.pythonOf.get(cell) ?? "";
  const from = offsetOf(ctx, cell, node.line, node.col);
  const to = offsetOf(ctx, cell, node.endLine, node.endCol);
  const inside: { from: number; to: number; name: string }[] = [];
  const visit = (e: A.Expr) => {
    const name = replacements.get(e);
    if (name !== undefined) {
      inside.push({ from: offsetOf(ctx, cell, e.line, e.col), to: offsetOf(ctx, cell, e.endLine, e.endCol), name });
      return;
    }
    for (const c of childExprs(e)) visit(c);
  };
  if (isExpr(node)) visit(node);
  else for (const e of stmtExprs(node)) visit(e);
  inside.sort((a, b) => b.from - a.from);
  let out = text.slice(from, to);
  for (const r of inside) if (r.from >= from && r.to <= to) out = out.slice(0, r.from - from) + r.name + out.slice(r.to - from);
  return out;
}

const STMT_TYPES = new Set(["FunctionDef", "ClassDef", "Return", "Assign", "AugAssign", "AnnAssign", "Expr", "If", "For", "While", "With", "Import", "ImportFrom", "Try", "Raise", "Assert", "Global", "Nonlocal", "Delete", "Pass", "Break", "Continue", "UnsupportedStmt"]);

function isExpr(n: A.Stmt | A.Expr): n is A.Expr {
  return !STMT_TYPES.has(n.type);
}

function statementText(ctx: RecoverContext, cell: number, s: A.Stmt, replacements: ReadonlyMap<A.Expr, string>): string {
  return sourceWith(ctx, cell, s, replacements);
}

function exprText(ctx: RecoverContext, cell: number, e: A.Expr, replacements: ReadonlyMap<A.Expr, string>): string {
  const direct = replacements.get(e);
  if (direct) return direct;
  return sourceWith(ctx, cell, e, replacements);
}
