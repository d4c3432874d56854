// analyze: a Notebook to an Analysis. Parses every code cell with tree-sitter, finds the ONNX model the notebook
// exported, the inference path around it, the constants that path reads and the goldens the notebook displayed.
import { existsSync, readdirSync, realpathSync, type Dirent } from "node:fs";
import path from "node:path";
import { cellsLabel, countsOf } from "../diagnostics/cells.ts";
import { DiagnosticLog } from "../diagnostics/log.ts";
import type { SourceLocation } from "../diagnostics/types.ts";
import type { Cell, Notebook } from "../load/types.ts";
import { ConstantResolver, notebookFunctionsIn } from "./constants.ts";
import { FlowAnalysis, type PathFinding } from "./flow.ts";
import { findGoldens, taggedGoldens } from "./goldens.ts";
import { flattenInstances } from "../python/instances.ts";
import { stripMagics } from "../python/magics.ts";
import { findModels, shellModels } from "./models.ts";
import type { Parser } from "web-tree-sitter";
import { imageGoldens, imageParameters, locate } from "./media.ts";
import { getParser, parseWith } from "../python/parse.ts";
import { typedCell } from "./rows.ts";
import { foldStatistics } from "./fold-stats.ts";
import { filledColumns } from "./missing.ts";
import { boundaryExpression, feedbackSites, recoverPaths, type RecoverContext, type RecoveredPath } from "./recover.ts";
import type * as A from "../python/pyast.ts";
import { Resolver } from "./resolve.ts";
import { functionFacts, ModuleScope, PY_BUILTINS, type ParsedCell } from "../python/scope.ts";
import type { Analysis, CellRole, Constant, Golden, InferenceCall, Json, ModelReference, PyFunction, PyValue } from "./types.ts";
import { ownCalls, stmtExprs, walkExpr, walkStmts } from "../python/walk.ts";

export interface AnalyzeOptions {
  /** The ONNX file to serve, overriding what the notebook exports (absolute, or relative to the notebook). */
  readonly modelPath?: string;
  /** The entry preprocessing function to use, overriding detection. */
  readonly preprocess?: string;
  /** The postprocessing function to use, overriding detection. */
  readonly postprocess?: string;
  /**
   * Functions to translate instead of the detected entry functions (`nb2svc translate --function`): helpers and
   * constants are then those these functions need.
   */
  readonly entries?: readonly string[];
  /** Values read from a run of the notebook (`--execute`), for constants that cannot be known statically. */
  readonly executed?: ReadonlyMap<string, PyValue>;
}

/** Cell tags (JupyterLab) and first-line directives (`# nb2svc: preprocess`) that mark a cell's role. */
const MARKERS = ["preprocess", "postprocess", "golden", "skip"] as const;
type Marker = (typeof MARKERS)[number];

function markersOf(cell: Cell): Set<Marker> {
  const out = new Set<Marker>();
  for (const t of cell.tags) if ((MARKERS as readonly string[]).includes(t)) out.add(t as Marker);
  const first = cell.source.split("\n", 1)[0] ?? "";
  const m = /^\s*#\s*nb2svc:\s*([\w\s,-]+)$/.exec(first);
  if (m) for (const w of m[1]!.split(/[\s,]+/)) if ((MARKERS as readonly string[]).includes(w)) out.add(w as Marker);
  return out;
}

export async function analyze(nb: Notebook, opts: AnalyzeOptions = {}): Promise<Analysis> {
  const parser = await getParser();
  const log = new DiagnosticLog();
  const parsed: ParsedCell[] = [];
  const shellRefs: ModelReference[] = [];
  const pythonOf = new Map<number, string>();
  const markers = new Map<number, Set<Marker>>();
  const pythonCells: { cell: Cell; source: string }[] = [];
  for (const cell of nb.cells) {
    if (cell.kind !== "code") continue;
    const m = markersOf(cell);
    markers.set(cell.index, m);
    if (m.has("skip")) continue;
    const stripped = stripMagics(cell.source);
    if (stripped.python === null) {
      log.info({
        code: "ANALYZE_CELL_MAGIC",
        message: `cell magic %%${stripped.cellMagic} makes this cell non-Python; it is not analyzed`,
        at: { cell: cell.index, line: stripped.magics[0]?.line ?? 1, column: 1 },
      });
      continue;
    }
    shellRefs.push(...shellModels(cell.index, stripped.magics, nb.dir));
    pythonCells.push({ cell, source: stripped.python });
  }
  // a class made once (`predictor = IrisPredictor(...)`) is read as the module-level code it amounts to
  const flat = flattenInstances(pythonCells.map((c) => ({ index: c.cell.index, source: c.source })), parser);
  for (const f of flat.flattened) {
    const shown = (xs: readonly string[]) => xs.map((n) => `\`${n}\``).join(", ");
    log.info({
      code: "ANALYZE_INSTANCE_FLATTENED",
      message:
        f.kind === "namespace"
          ? `\`${f.cls}\`, a class the notebook reads as a namespace of settings, is read as module-level constants (${shown([...f.names.values()])})`
          : f.functions.length === 0
            ? `\`${f.instance}\`, the one instance of the notebook's class \`${f.cls}\`, is read as module-level constants (${shown([...f.names.values()])})`
            : `\`${f.instance}\`, the one instance of the notebook's class \`${f.cls}\`, is read as module-level code: its attributes as constants, its methods as functions (${shown(f.functions)})`,
      at: { cell: f.cell, line: f.line, column: 1 },
      suggestion: "check the functions recovered from it with `nb2svc inspect`",
    });
  }
  for (const { cell, source } of pythonCells) {
    const python = flat.sources.get(cell.index) ?? source;
    // parsed once, by the rewrite
    const module = flat.modules.get(cell.index)!;
    for (const err of module.errors) {
      if (err.kind === "nesting") {
        log.warning({
          code: "ANALYZE_TOO_DEEP",
          message: `${err.message}, more than nb2svc reads; the statement is left out of the analysis`,
          at: { cell: cell.index, line: err.line, column: err.col },
          suggestion: "split the expression into smaller ones held in variables",
        });
        continue;
      }
      log.warning({
        code: "ANALYZE_SYNTAX",
        message: `syntax error: ${err.message}; the rest of the cell is still analyzed`,
        at: { cell: cell.index, line: err.line, column: err.col },
        suggestion: "fix the syntax (Python would not run this cell)",
      });
    }
    // tree-sitter accepts a `return` that dedented out of its function; Python does not
    for (const s of module.body) {
      if (s.type === "Return") {
        log.warning({
          code: "ANALYZE_SYNTAX",
          message: "syntax error: 'return' outside function (is the indentation of the function above it consistent?)",
          at: { cell: cell.index, line: s.line, column: s.col },
          suggestion: "indent the function's body consistently",
        });
      }
    }
    pythonOf.set(cell.index, python);
    parsed.push({ index: cell.index, module, tags: cell.tags });
  }

  const scope = new ModuleScope(parsed);
  const resolver = new Resolver(scope, nb.dir);
  const models = [...findModels(resolver, log), ...shellRefs].sort((a, b) => a.at.cell - b.at.cell || a.at.line - b.at.line);

  const sessions = new Set<string>();
  for (const ref of models) if (ref.sessionVar) sessions.add(ref.sessionVar);
  const nets = new Set<string>();
  for (const ref of models) if (ref.netVar) nets.add(ref.netVar);
  const modelObjects = sameClassObjects(scope, new Set(models.map((m) => m.modelObject).filter((m): m is string => m !== null)));
  const flow = new FlowAnalysis(scope, { models: modelObjects, sessions, nets });
  const paths = flow.sites.map((s) => flow.pathOf(s));

  // the entry functions: options first, then cell markers, then what the inference path shows
  const markedFunction = (marker: Marker): string | null => {
    for (const c of parsed) {
      if (!markers.get(c.index)?.has(marker)) continue;
      const defs = c.module.body.filter((s): s is A.FunctionDef => s.type === "FunctionDef");
      // the function the other functions in the cell do not call is the entry
      const called = new Set(defs.flatMap((d) => ownCalls(d).map((x) => (x.func.type === "Name" ? x.func.id : ""))));
      const entry = defs.filter((d) => !called.has(d.name)).pop() ?? defs.pop();
      if (entry) return entry.name;
    }
    return null;
  };
  const withPath = paths.filter((p) => p.preprocess || p.postprocess);
  // by name, last: a notebook that never calls its model on them still says what they are for
  const named = (names: readonly string[]) => names.find((n) => scope.functions.has(n)) ?? null;
  const preprocess = pick(
    opts.preprocess,
    markedFunction("preprocess"),
    mostCommon(withPath.map((p) => p.preprocess?.fn)),
    named(["preprocess", "pre_process", "preprocess_input", "prepare_input"]),
  );
  const postprocess = pick(
    opts.postprocess,
    markedFunction("postprocess"),
    mostCommon(withPath.map((p) => p.postprocess?.fn)),
    named(["postprocess", "post_process", "postprocess_output", "decode_output"]),
  );
  for (const [name, which] of [
    [opts.preprocess, "preprocess"],
    [opts.postprocess, "postprocess"],
  ] as const) {
    if (name && !scope.functions.has(name)) log.error(noSuchFunction(name, `the notebook defines no function \`${name}\` to use as ${which}`, [...scope.functions.keys()], scope));
  }

  const functions = [...scope.functions.entries()].map(([name, { def, cell }]) =>
    describeFunction(name, def, cell, pythonOf.get(cell) ?? "", scope),
  );

  // no notebook function around the model (or only one side): recover the path from top-level code
  let recovered: RecoveredPath | null = null;
  let recoverCtx: RecoverContext | null = null;
  let preprocessName = preprocess;
  let postprocessName = postprocess;
  // the person's own choice (options, tags, directives) stands; otherwise a path with both halves found in the
  // notebook's functions and called on an example stands too
  const chosenByPerson = Boolean(opts.preprocess || opts.postprocess || markedFunction("preprocess") || markedFunction("postprocess"));
  // (one function on both sides is a conversion helper, `to_numpy(tensor)` before and after the model: not a path)
  const functionsComplete = Boolean(preprocess && postprocess && preprocess !== postprocess);
  // the notebook's own pair, when no cell calls it on an example the notebook wrote (`preprocess(image_data)` after
  // top-level lines that opened and resized the image, as the ONNX model zoo's notebooks do): the top-level code
  // around the model call is recovered too, and serves when it gives both halves and an example
  const untested =
    functionsComplete &&
    !opts.entries &&
    !chosenByPerson &&
    ![...markers.values()].some((m) => m.has("golden")) &&
    findGoldens({ parser, cells: nb.cells, cellBodies: new Map(parsed.map((c) => [c.index, c.module.body])), flow, resolver }, withPath.filter((p) => (p.preprocess?.fn ?? null) === preprocess && (p.postprocess?.fn ?? null) === postprocess), preprocess, postprocess).length === 0;
  if (!opts.entries && !chosenByPerson && (!functionsComplete || untested)) {
    recoverCtx = {
      parser,
      cells: nb.cells,
      pythonOf,
      scope,
      flow,
      resolver,
      taken: new Set([...scope.functions.keys(), ...scope.bindings.keys()]),
      torchModels: new Set(models.filter((m) => m.kind === "torch.onnx.export" && m.modelObject).map((m) => m.modelObject!)),
      sklearnModels: new Set(models.filter((m) => (m.kind === "skl2onnx" || m.kind === "onnxmltools" || m.kind === "onnx.save") && m.modelObject).map((m) => m.modelObject!)),
      frames: resolver.frames(),
      ...(opts.executed ? { executed: opts.executed } : {}),
    };
    const allPaths = recoverPaths(recoverCtx);

    recovered = chooseRecovered(allPaths);
    for (const { site, loop } of feedbackSites(recoverCtx)) {
      // served as one step when the notebook also ran one; refused when that loop was its only inference
      const where = site.frame.fn ? `\`${site.frame.fn.name}\`` : "the notebook";
      const served = recovered !== null || functionsComplete;
      const message = `${where} runs the model in a loop (line ${loop.line}) that feeds its answers back into its input, a recursive multi-step forecast; a service runs the model once per request, so ${served ? "this loop is not served" : "it cannot be served as written"}`;
      const suggestion = "export a model that makes every step in one run (an nn.Module whose forward runs the loop, exported with torch.onnx.export), or serve one step: a cell that calls the model once on a window and shows its answer, with the loop left to the client";
      const at = { cell: site.cell, line: site.call.line, column: site.call.col };
      if (served) log.warning({ code: "ANALYZE_MODEL_IN_LOOP", message, at, suggestion });
      else log.error({ code: "ANALYZE_MODEL_IN_LOOP", message, at, suggestion });
    }
    if (untested && recovered && !(recovered.preprocess && recovered.postprocess && recovered.goldens.length > 0)) recovered = null;
    // a notebook function found on one side only is kept unless recovery gives both sides or an example
    if (recovered && (preprocess || postprocess) && !(recovered.preprocess && recovered.postprocess) && recovered.goldens.length === 0) recovered = null;
    if (recovered) {
      // (the functions written for the callees on the way come first: the path's own call them)
      const written = [...recovered.helpers, recovered.preprocess, recovered.postprocess].filter((w) => w !== null);
      for (const w of written) {
        const fn = writtenFunction(parser, w, scope, new Set(written.map((x) => x.name)));
        if (fn) functions.push(fn);
        else log.warning({ code: "ANALYZE_RECOVERY_SYNTAX", message: `the recovered \`${w.name}\` does not parse; it is left out`, at: { cell: w.origin[0]!.cell, line: w.origin[0]!.line, column: 1 } });
      }
      preprocessName = recovered.preprocess?.name ?? null;
      postprocessName = recovered.postprocess?.name ?? null;
      log.info({
        code: "ANALYZE_RECOVERED",
        message: `the inference path was recovered from ${recovered.functions.length > 1 ? `\`${recovered.functions[0]}\` and the functions it calls to the model call (${recovered.functions.slice(1).map((f) => `\`${f}\``).join(", ")}),` : recovered.site.frame.fn ? `the body of \`${recovered.site.frame.fn.name}\`, split at its model call,` : "top-level code"} in ${cellsLabel(recovered.cells, countsOf(nb.cells))}${recovered.preprocess ? `: \`${recovered.preprocess.name}(${recovered.preprocess.params.join(", ")})\`` : ""}${recovered.postprocess ? `, \`${recovered.postprocess.name}\`` : ""}`,
        at: { cell: recovered.site.cell, line: recovered.site.call.line, column: recovered.site.call.col },
        suggestion: "check the recovered functions with `nb2svc inspect`; to choose other code, tag cells `preprocess`/`postprocess` or pass --preprocess/--postprocess",
      });
    }
  }
  const modelPath = chooseModel(nb, models, recovered ? [...paths, { site: recovered.site, preprocess: null, postprocess: null, input: recovered.input, output: recovered.output, recovered: true }] : paths, opts, log);
  const byName = new Map(functions.map((f) => [f.name, f]));
  const entries = (opts.entries ?? [preprocessName, postprocessName]).filter((n): n is string => n !== null && byName.has(n));
  for (const name of opts.entries ?? []) {
    if (!byName.has(name)) log.error(noSuchFunction(name, `there is no module-level function \`${name}\``, [...byName.keys()], scope));
  }
  const helpers = closure(entries, byName).filter((n) => !entries.includes(n));

  // values are read as the notebook had them when it ran the inference path
  // a function defined again later (the same cells run twice, a notebook pasted into another) is the last definition:
  // its path runs after it, not at the uses of an earlier one
  const defined = Math.max(-1, ...entries.map((n) => scope.functions.get(n)?.order ?? -1));
  const firstUse = recovered
    ? recoveredReadOrder(recovered, scope)
    : Math.min(
        ...withPath.filter((p) => p.site.frame.fn === null && p.site.pos > defined).map((p) => p.site.pos),
        ...[...markers.entries()].filter(([, m]) => m.has("golden")).map(([cell]) => scope.orderOfCell(cell)),
        scope.statements.length,
      );
  // `train["Age"].median()` read in the path, over rows known exactly: a constant computed now (fold-stats.ts)
  const unfolded = new Map(byName);
  const folded = foldStatistics(parser, [...entries, ...helpers], byName, resolver, scope, firstUse);
  for (const [i, f] of functions.entries()) if (unfolded.get(f.name) === f) functions[i] = byName.get(f.name)!;
  const constantResolver = new ConstantResolver(resolver, log, opts.executed);
  let constants = resolveConstants([...entries, ...helpers], byName, constantResolver, firstUse, new Set(), parser);
  if (folded.length) constants = sortByDefinition([...folded, ...constants]);
  // notebook functions a fitted object calls (a FunctionTransformer's func) are translated with it, with theirs
  // and so are those a lambda among the constants calls
  const calledByConstants = closure(constants.flatMap((c) => [...(c.data ? notebookFunctionsIn(c.data) : []), ...(c.calls ?? [])]), byName).filter((n) => !entries.includes(n) && !helpers.includes(n));
  if (calledByConstants.length) {
    helpers.push(...calledByConstants);
    const more = resolveConstants(calledByConstants, byName, constantResolver, firstUse, new Set(constants.map((c) => c.name)));
    constants = sortByDefinition([...constants, ...more]);
  }

  const chosen = withPath.filter(
    (p) => (p.preprocess?.fn ?? null) === preprocess && (p.postprocess?.fn ?? null) === postprocess,
  );
  const found = findGoldens(
    {
      parser,
      cells: nb.cells,
      cellBodies: new Map(parsed.map((c) => [c.index, c.module.body])),
      flow,
      resolver,
    },
    chosen.length ? chosen : withPath,
    preprocess,
    postprocess,
  );
  const goldenCells = [...markers.entries()].filter(([, m]) => m.has("golden")).map(([cell]) => cell);
  const allGoldens: Golden[] = [
    ...found,
    ...(recovered?.goldens ?? []),
    ...taggedGoldens(
      { parser, cells: nb.cells, cellBodies: new Map(parsed.map((c) => [c.index, c.module.body])), flow, resolver },
      goldenCells,
      preprocess,
      found,
      log,
    ),
  ].sort((a, b) => a.cell - b.cell);

  // parameters that are image files: the request carries the image, the examples send the file they opened
  const entryFn = preprocessName ? byName.get(preprocessName) : undefined;
  const images = entryFn ? imageParameters(parser, entryFn, functions, Object.fromEntries(scope.imports)) : null;
  for (const p of images?.paths ?? []) {
    log.warning({
      code: "ANALYZE_IMAGE_PATH",
      message: `\`${p.param}\` is made into a path (\`${p.via.text}\`) before an image is read from it; a service receives the image file itself, not a path, so \`${p.param}\` stays a string`,
      at: locate(p.fn, p.via.line, p.via.col),
      suggestion: `open the parameter itself (Image.open(${p.param})) and build the path where the function is called`,
    });
  }
  const goldens = images ? imageGoldens(allGoldens, images.params, nb.dir, log) : allGoldens;

  // papermill injects new values into the `parameters` cell at run time; the service keeps the notebook's
  const parameterCells = new Set(nb.cells.filter((c) => c.tags.includes("parameters")).map((c) => c.index));
  for (const c of constants) {
    if (c.source.at && parameterCells.has(c.source.at.cell)) {
      log.info({
        code: "ANALYZE_PAPERMILL_PARAMETER",
        message: `\`${c.name}\` comes from the papermill parameters cell; the service uses the value written there${c.value !== undefined ? ` (${JSON.stringify(c.value).slice(0, 40)})` : ""}`,
        at: c.source.at,
        suggestion: "to serve another value, change it in that cell (or convert the notebook papermill wrote) and convert again",
      });
    }
  }

  const inference: InferenceCall[] = paths.map((p) => ({
    at: { cell: p.site.cell, line: p.site.call.line, column: p.site.call.col },
    source: p.site.call.text,
    via: p.site.via,
    preprocess: p.preprocess?.fn ?? null,
    postprocess: p.postprocess?.fn ?? null,
    input: p.input,
    output: p.output,
  }));

  if (models.length === 0 && !modelPath && !opts.modelPath && !opts.entries && !log.items.some((d) => d.code === "ANALYZE_MODEL_AMBIGUOUS")) {
    log.error({
      code: "ANALYZE_NO_MODEL",
      message: "the notebook exports no ONNX model (no torch.onnx.export, onnx.save, skl2onnx or tf2onnx call was found)",
      suggestion: 'export the trained model in a cell, e.g. torch.onnx.export(model, example_input, "model.onnx", input_names=["input"], output_names=["output"], dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}), or pass --model PATH',
    });
  }
  // a model but no inference path: the service takes raw tensors, said with where the notebook's answer came from
  const rawTensors = models.length > 0 && !preprocessName && !postprocessName && !opts.entries;
  const byClass = rawTensors ? classAnswer(nb, scope) : null;
  if (byClass) {
    const others = byClass.calls.map((m) => `\`${byClass.cls}.${m}\``);
    log.warning({
      code: "ANALYZE_NO_INFERENCE_PATH",
      message: `the notebook's answer comes from \`${byClass.cls}.${byClass.method}\`, a method of a class the notebook defines, which nb2svc does not translate: the service takes the model's raw tensors and skips that code${others.length ? ` and the methods it calls (${others.join(", ")})` : ""}`,
      at: byClass.at,
      suggestion: `move the methods to top-level functions (\`def preprocess(...)\`, \`def postprocess(...)\`) that read module-level constants instead of \`self.\` attributes, call \`postprocess(model(preprocess(x)))\` in a cell, and convert again`,
    });
  } else if (rawTensors) {
    log.warning({
      code: "ANALYZE_NO_INFERENCE_PATH",
      message: "found no cell that calls the model on the output of a notebook function, so the service takes raw tensors",
      suggestion: "define `def preprocess(...)` and `def postprocess(...)` and call `postprocess(model(preprocess(x)))` in a cell, or tag the cells that define them `preprocess`/`postprocess`",
    });
  }
  if ((preprocessName || postprocessName) && goldens.length === 0 && !opts.entries) {
    log.warning({
      code: "ANALYZE_NO_GOLDENS",
      message: "no cell runs the inference path on a literal input and displays the answer, so the service's tests cannot compare with the notebook",
      suggestion:
        recovered && recoverCtx && recovered.boundaries.length
          ? `run nb2svc with --execute: it runs a copy of the notebook and reads the example it ran (${recovered.boundaries.map((b) => `\`${b.name}\``).join(", ")}), or build the example from a literal`
          : `add a cell like \`${postprocessName ?? "postprocess"}(model(${preprocessName ?? "preprocess"}(<a literal input>)))\` as its last line and run it`,
    });
  }

  return {
    notebook: nb.path,
    cellRoles: cellRoles(nb, parsed, models, paths, preprocessName, postprocessName, helpers, goldens.map((g) => g.cell)),
    imports: Object.fromEntries(scope.imports),
    models,
    modelPath,
    functions,
    inference: recovered ? [recoveredCall(recovered), ...inference.filter((c) => c.source !== recovered!.site.call.text || c.at.cell !== recovered!.site.cell)] : inference,
    inferencePath: {
      kind: recovered ? "recovered" : preprocessName || postprocessName ? "functions" : "raw",
      cells: recovered ? recovered.cells : [...new Set([preprocessName, postprocessName].map((n) => (n ? byName.get(n)?.cell : undefined)).filter((c): c is number => c !== undefined))].sort((a, b) => a - b),
    },
    preprocess: preprocessName,
    postprocess: postprocessName,
    helpers,
    entries,
    constants,
    goldens,
    ...(images?.params.length && preprocessName ? { media: { [preprocessName]: Object.fromEntries(images.params.map((p) => [p, "image" as const])) } } : {}),
    ...(preprocessName && byName.has(preprocessName) ? { filledColumns: { [preprocessName]: pathFills(parser, [preprocessName, ...helpers], byName, constants) } } : {}),
    ...(recovered?.record && recovered.preprocess
      ? {
          recordColumns: { [recovered.preprocess.name]: recovered.record.columns },
          recordPerRow: recovered.record.perRow,
          ...(recovered.record.csv ? { recordSamples: csvRecords(recovered.record.csv, recovered.record.columns, 3) } : {}),
        }
      : {}),
    // what a run of the notebook would add: the examples the recovered path ran on, when no golden could be read
    executeWants: recovered && recoverCtx && recovered.goldens.length === 0 ? [...recovered.boundaries.map((b) => boundaryExpression(recoverCtx!, b, recovered!.site)).filter((e): e is string => e !== null), ...recovered.wants] : [],
    diagnostics: log.items,
  };
}

/** ANALYZE_NO_SUCH_FUNCTION for `name`; a method (`IrisPredictor.preprocess`) is told that classes are not translated. */
function noSuchFunction(name: string, message: string, known: readonly string[], scope: ModuleScope) {
  const [cls, method] = name.split(".");
  const choose = known.length ? `, or choose one of: ${known.join(", ")}` : "";
  if (cls && method && scope.classes.has(cls)) {
    return {
      code: "ANALYZE_NO_SUCH_FUNCTION" as const,
      message: `\`${name}\` is a method of \`${cls}\`, a class the notebook defines; nb2svc translates module-level functions, not classes`,
      suggestion: `move it to a top-level function (\`def ${method}(...)\`, reading module-level constants instead of \`self.\` attributes) and pass its name${choose}`,
    };
  }
  return { code: "ANALYZE_NO_SUCH_FUNCTION" as const, message, suggestion: known.length ? `choose one of: ${known.join(", ")}` : "the notebook defines no module-level function: define one with def in a cell" };
}

/**
 * The method of a notebook class whose result a cell displays (`predictor.predict({...})` with
 * `predictor = IrisPredictor(...)`, or `IrisPredictor(...).predict(...)`), with the class's other methods it calls
 * (`self.preprocess(...)`): where the notebook's inference lives when it is wrapped in a class.
 */
function classAnswer(nb: Notebook, scope: ModuleScope): { cls: string; method: string; calls: string[]; at: SourceLocation } | null {
  const classOf = (e: A.Expr, order: number): string | null => {
    const made = e.type === "Name" ? scope.bindingAt(e.id, order)?.value : e;
    return made?.type === "Call" && made.func.type === "Name" && scope.classes.has(made.func.id) ? made.func.id : null;
  };
  for (const top of scope.statements) {
    if (top.stmt.type !== "Expr" || !nb.cells.find((c) => c.index === top.cell)?.outputs.length) continue;
    const shown = top.stmt.value;
    const call = shown.type === "Call" && shown.func.type === "Name" && shown.func.id === "print" ? shown.args[0] : shown;
    if (call?.type !== "Call" || call.func.type !== "Attribute") continue;
    const cls = classOf(call.func.value, top.order);
    const method = call.func.attr;
    const def = cls ? scope.classes.get(cls)!.def.body.find((m): m is A.FunctionDef => m.type === "FunctionDef" && m.name === method) : undefined;
    if (!cls || !def) continue;
    const methods = new Set(scope.classes.get(cls)!.def.body.flatMap((m) => (m.type === "FunctionDef" ? [m.name] : [])));
    const calls = new Set<string>();
    walkStmts(def.body, (st) =>
      stmtExprs(st).forEach((e) =>
        walkExpr(e, (x) => {
          if (x.type === "Call" && x.func.type === "Attribute" && x.func.value.type === "Name" && x.func.value.id === "self" && methods.has(x.func.attr)) calls.add(x.func.attr);
        }),
      ),
    );
    return { cls, method, calls: [...calls], at: { cell: top.cell, line: call.line, column: call.col } };
  }
  return null;
}

function pick(...xs: (string | null | undefined)[]): string | null {
  for (const x of xs) if (x) return x;
  return null;
}

function mostCommon(xs: (string | undefined)[]): string | null {
  const counts = new Map<string, number>();
  for (const x of xs) if (x) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best: string | null = null;
  for (const [k, n] of counts) if (best === null || n > counts.get(best)!) best = k;
  return best;
}

function chooseModel(
  nb: Notebook,
  models: readonly ModelReference[],
  paths: readonly (PathFinding & { readonly recovered?: boolean })[],
  opts: AnalyzeOptions,
  log: DiagnosticLog,
): string | null {
  if (opts.modelPath) return path.resolve(nb.dir, opts.modelPath);
  const resolved = models.filter((m) => m.path !== null);
  // the model the inference path calls, then the last export, then the last load
  const used = new Set(
    paths
      .filter((p) => p.preprocess || p.postprocess || p.recovered)
      .map((p) => (p.site.call.func.type === "Name" ? p.site.call.func.id : p.site.call.func.type === "Attribute" && p.site.call.func.value.type === "Name" ? p.site.call.func.value.id : null)),
  );
  const isLoad = (m: ModelReference) => m.kind === "onnxruntime.InferenceSession" || m.kind === "cv2.dnn.readNet" || m.kind === "onnx.load";
  // a file that exists beats one that does not (a notebook may export somewhere else, then load the copy it keeps)
  const rank = (m: ModelReference) => (existsSync(m.path!) ? 2 : 0) + (!isLoad(m) ? 1 : 0);
  const linked = resolved.filter((m) => (m.modelObject && used.has(m.modelObject)) || (m.sessionVar && used.has(m.sessionVar)) || (m.netVar && used.has(m.netVar)));
  const best = (xs: readonly ModelReference[]) => xs.reduce<ModelReference | undefined>((a, m) => (!a || rank(m) >= rank(a) ? m : a), undefined);
  const choice = best(linked) ?? best(resolved);
  const distinct = new Set(resolved.map((m) => m.path));
  // a notebook is untrusted input: the file it names must be inside its own folder (symlinks followed), or the
  // person must name it with --model
  if (choice && !insideFolder(choice.path!, nb.dir)) {
    const local = onnxFilesBeside(nb.dir).filter((f) => path.basename(f) === path.basename(choice!.path!));
    if (local.length === 1) {
      log.info({
        code: "ANALYZE_MODEL_COPY",
        message: `the notebook's model path \`${choice.pathSource}\` leads outside its folder; serving the file of that name beside it, ${path.relative(nb.dir, local[0]!)}`,
        at: choice.at,
        suggestion: "pass --model PATH to serve another file",
      });
      return local[0]!;
    }
    log.error({
      code: "ANALYZE_MODEL_OUTSIDE",
      message: `the notebook's model path \`${choice.pathSource}\` leads outside the notebook's folder (${choice.path}); nb2svc does not read it`,
      at: choice.at,
      suggestion: "move the model next to the notebook, or pass it explicitly with --model PATH",
    });
    return null;
  }
  if (choice && !existsSync(choice.path!)) {
    // written elsewhere when the notebook ran (a Colab drive, another machine): the copy kept beside the notebook
    const sameName = onnxFilesBeside(nb.dir).filter((f) => path.basename(f) === path.basename(choice!.path!));
    if (sameName.length === 1) {
      log.info({
        code: "ANALYZE_MODEL_COPY",
        message: `${path.relative(nb.dir, choice.path!)} is not where the notebook writes it; serving ${path.relative(nb.dir, sameName[0]!)}, the file of that name beside the notebook`,
        at: choice.at,
        suggestion: "pass --model PATH to serve another file",
      });
      return sameName[0]!;
    }
  }
  if (!choice || !existsSync(choice.path!)) {
    const files = onnxFilesBeside(nb.dir);
    if (files.length === 1) {
      log.info({
        code: "ANALYZE_MODEL_FROM_FOLDER",
        message: choice
          ? `${path.relative(nb.dir, choice.path!)}, the model the notebook writes, is missing; serving ${path.relative(nb.dir, files[0]!)}, the only ONNX file beside the notebook`
          : `no code in the notebook names an ONNX file nb2svc can read; serving ${path.relative(nb.dir, files[0]!)}, the only ONNX file beside the notebook`,
        ...(choice ? { at: choice.at } : {}),
        suggestion: "pass --model PATH to serve another file",
      });
      return files[0]!;
    }
    if (!choice && files.length > 1) {
      log.error({
        code: "ANALYZE_MODEL_AMBIGUOUS",
        message: `no code in the notebook names an ONNX file nb2svc can read, and its folder holds ${files.length}: ${files.map((f) => path.relative(nb.dir, f)).join(", ")}`,
        suggestion: "pass the one to serve with --model PATH",
      });
      return null;
    }
  }
  if (choice && distinct.size > 1) {
    log.info({
      code: "ANALYZE_SEVERAL_MODELS",
      message: `the notebook names ${distinct.size} ONNX files; serving ${path.relative(nb.dir, choice.path!)}`,
      at: choice.at,
      suggestion: "pass --model PATH to serve another one",
    });
  } else if (choice && isLoad(choice) && !resolved.some((m) => !isLoad(m))) {
    log.info({
      code: "ANALYZE_MODEL_LOADED",
      message: `the notebook only loads its model; serving ${path.relative(nb.dir, choice.path!)}, the file it loads`,
      at: choice.at,
      suggestion: "pass --model PATH to serve another file",
    });
  }
  return choice?.path ?? null;
}

/** The .onnx files in the notebook's folder and its subfolders (three levels; no hidden or dependency folders). */
function onnxFilesBeside(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith(".") || e.name === "node_modules" || e.name === "__pycache__") continue;
      const full = path.join(d, e.name);
      if (e.isDirectory() && depth < 3) visit(full, depth + 1);
      else if (e.isFile() && /\.onnx$/i.test(e.name) && insideFolder(full, dir)) out.push(full);
    }
  };
  visit(dir, 0);
  return out;
}

/** True when `file` is inside `dir`, following every symlink on the way (even when the file itself is missing). */
function insideFolder(file: string, dir: string): boolean {
  const real = (p: string): string => {
    // the longest existing prefix, resolved, with the rest appended
    let head = path.resolve(p);
    const rest: string[] = [];
    for (;;) {
      try {
        return path.join(realpathSync(head), ...rest);
      } catch {
        const up = path.dirname(head);
        if (up === head) return path.resolve(p);
        rest.unshift(path.basename(head));
        head = up;
      }
    }
  };
  return real(file).startsWith(real(dir) + path.sep);
}

/** `written`: the functions recovery wrote, which a written function may call as it calls the notebook's. */
function describeFunction(name: string, def: A.FunctionDef, cell: number, python: string, scope: ModuleScope, written: ReadonlySet<string> = new Set()): PyFunction {
  const lines = python.split("\n").slice(def.line - 1, def.endLine);
  const indent = def.col - 1;
  const source = lines.map((l, i) => (i === 0 ? l.slice(indent) : l.slice(Math.min(indent, /^\s*/.exec(l)![0].length)))).join("\n");
  const facts = functionFacts(def);
  const isFunction = (n: string) => scope.functions.has(n) || written.has(n);
  const calls = new Set<string>();
  for (const c of ownCalls(def)) if (c.func.type === "Name" && isFunction(c.func.id) && !facts.locals.includes(c.func.id)) calls.add(c.func.id);
  // a function passed as a value (`s.apply(clean)`, `sorted(xs, key=score)`) is called too, by its receiver
  for (const n of facts.freeNames) if (isFunction(n)) calls.add(n);
  const globals: string[] = [];
  const modules: Record<string, string> = {};
  for (const n of facts.freeNames) {
    if (scope.imports.has(n)) modules[n] = scope.imports.get(n)!;
    else if (isFunction(n) || scope.classes.has(n)) continue;
    else if (scope.bindings.has(n)) globals.push(n);
    else if (!PY_BUILTINS.has(n)) globals.push(n);
  }
  return {
    name,
    cell,
    line: def.line,
    column: def.col,
    params: def.params.map((p) => ({
      name: p.name,
      kind: p.kind === "positional-only" ? "positional" : p.kind,
      ...(p.annotation ? { annotation: p.annotation.text } : {}),
      ...(p.default ? { default: p.default.text } : {}),
    })),
    ...(def.returns ? { returnAnnotation: def.returns.text } : {}),
    source,
    lineOffset: def.line - 1,
    calls: [...calls],
    globals,
    modules,
  };
}

function closure(entries: readonly string[], byName: ReadonlyMap<string, PyFunction>): string[] {
  const seen: string[] = [];
  const visit = (n: string) => {
    if (seen.includes(n) || !byName.has(n)) return;
    seen.push(n);
    byName.get(n)!.calls.forEach(visit);
  };
  entries.forEach(visit);
  return seen;
}

function resolveConstants(
  names: readonly string[],
  byName: ReadonlyMap<string, PyFunction>,
  resolver: ConstantResolver,
  order: number,
  resolved: ReadonlySet<string> = new Set(),
  parser?: Parser,
): Constant[] {
  const readers = new Map<string, string[]>();
  for (const n of names) for (const g of byName.get(n)?.globals ?? []) if (!resolved.has(g)) readers.set(g, [...(readers.get(g) ?? []), n]);
  const out: Constant[] = [];
  // (readers: the functions that read it, or null for a constant another constant is computed from, which holds it)
  const queue: [string, string[], boolean][] = [...readers.entries()].map(([n, by]) => [n, by, true]);
  const seen = new Set([...readers.keys(), ...resolved]);
  while (queue.length) {
    const [name, by, byFunctions] = queue.shift()!;
    const c = resolver.resolve(name, order, by, byFunctions ? (parser ? literalKeys(parser, name, by, byName) : []) : null);
    if (!c) continue;
    out.push(c);
    // constants computed from other constants need those too
    for (const d of c.dependsOn ?? []) {
      if (!seen.has(d)) {
        seen.add(d);
        queue.push([d, [name], false]);
      }
    }
  }
  return sortByDefinition(out);
}

/**
 * The string keys the functions `readers` subscript module name `name` with (`data_transforms["val"](img)`): which
 * entries of a container constant the inference applies.
 */
function literalKeys(parser: Parser, name: string, readers: readonly string[], byName: ReadonlyMap<string, PyFunction>): string[] {
  const keys = new Set<string>();
  for (const r of readers) {
    const fn = byName.get(r);
    if (!fn) continue;
    const module = parseWith(parser, fn.source);
    walkStmts(module.body, (st) => {
      for (const top of stmtExprs(st)) {
        walkExpr(top, (x) => {
          if (x.type === "Subscript" && x.value.type === "Name" && x.value.id === name && x.slice.type === "Constant" && x.slice.kind === "str") keys.add(x.slice.value as string);
        });
      }
    });
  }
  return [...keys];
}

/** Constants in the order the notebook defines them. */
function sortByDefinition(cs: Constant[]): Constant[] {
  const at = (c: Constant) => c.source.at ?? { cell: Number.MAX_SAFE_INTEGER, line: 0, column: 0 };
  return cs.sort((a, b) => at(a).cell - at(b).cell || at(a).line - at(b).line || at(a).column - at(b).column);
}

const TRAINING = /\.backward\(|\.fit\(|optimizer\.step|\.train\(\)|\.zero_grad\(/;
const DATA = /read_csv|read_parquet|load_\w+\(|fetch_\w+\(|train_test_split|DataLoader|Dataset\(/;

function cellRoles(
  nb: Notebook,
  parsed: readonly ParsedCell[],
  models: readonly ModelReference[],
  paths: readonly PathFinding[],
  pre: string | null,
  post: string | null,
  helpers: readonly string[],
  goldenCells: readonly number[],
): Analysis["cellRoles"] {
  const byCell = new Map(parsed.map((p) => [p.index, p]));
  const out: { cell: number; role: CellRole }[] = [];
  for (const cell of nb.cells) {
    if (cell.kind !== "code") continue;
    const p = byCell.get(cell.index);
    const defs = p ? p.module.body.filter((s): s is A.FunctionDef => s.type === "FunctionDef").map((d) => d.name) : [];
    let role: CellRole = "other";
    if (models.some((m) => m.at.cell === cell.index && m.kind !== "onnxruntime.InferenceSession" && m.kind !== "cv2.dnn.readNet")) role = "export";
    else if (pre && (defs.includes(pre) || (defs.some((d) => helpers.includes(d)) && !(post && defs.includes(post))))) role = "preprocess";
    else if (post && defs.includes(post)) role = "postprocess";
    else if (goldenCells.includes(cell.index) || paths.some((x) => x.site.cell === cell.index && x.site.frame.fn === null && (x.preprocess || x.postprocess))) role = "inference";
    else if (p && p.module.body.length > 0 && p.module.body.every((s) => s.type === "Import" || s.type === "ImportFrom" || s.type === "Pass")) role = "imports";
    else if (TRAINING.test(cell.source)) role = "training";
    else if (DATA.test(cell.source)) role = "data";
    out.push({ cell: cell.index, role });
  }
  return out;
}

/** The recovered path to use: one with a golden, then one with both halves, then the last one found. */
function chooseRecovered(paths: readonly RecoveredPath[]): RecoveredPath | null {
  // an example the notebook wrote out (a literal, a file) beats rows nb2svc rebuilt from data; among equals, the
  // later call (the notebook's inference section comes after its evaluation)
  // (an onnxruntime session runs exactly what the service will; the framework object only the same model)
  const score = (p: RecoveredPath) =>
    (p.goldens.length ? 16 : 0) + (p.goldens.some((g) => !g.fromData) ? 8 : 0) + (p.preprocess ? 4 : 0) + (p.postprocess ? 2 : 0) + (p.site.via === "session-run" ? 1 : 0);
  // among paths that score the same, the one whose postprocessing does more: a quick check after the inference
  // section (`labels[out.argmax()]`) shows less than the top-k the notebook built as its answer
  const work = (p: RecoveredPath) => p.postprocess?.source.split("\n").length ?? 0;
  let best: RecoveredPath | null = null;
  for (const p of paths) if (!best || score(p) > score(best) || (score(p) === score(best) && work(p) >= work(best))) best = p;
  if (!best || (!best.preprocess && !best.postprocess)) return null;
  // other calls that recover to the same functions add their examples
  const same = paths.filter((p) => p !== best && p.preprocess?.source.replace(/^def \w+/, "") === best!.preprocess?.source.replace(/^def \w+/, "") && p.postprocess?.source.replace(/^def \w+/, "") === best!.postprocess?.source.replace(/^def \w+/, ""));
  const goldens = [...best.goldens];
  for (const p of same) for (const g of p.goldens) if (!goldens.some((x) => x.cell === g.cell)) goldens.push({ ...g, call: g.call.replace(p.preprocess?.name ?? "\0", best.preprocess?.name ?? "").replace(p.postprocess?.name ?? "\0", best.postprocess?.name ?? "") });
  // rows of the notebook's data it showed answers for through another path that ends the same way (`X_test.iloc[:5]`
  // scored before a literal `new_wine`): the rows are records of the chosen path too, so they stay examples
  for (const p of paths) {
    if (p === best || same.includes(p)) continue;
    for (const g of dataRecordGoldens(best, p)) if (!goldens.some((x) => x.cell === g.cell)) goldens.push(g);
  }
  if (goldens.length === best.goldens.length && same.length === 0) return best;
  return { ...best, goldens: goldens.sort((a, b) => a.cell - b.cell), cells: [...new Set([...best.cells, ...same.flatMap((p) => p.cells)])].sort((a, b) => a - b) };
}

/**
 * The goldens of `other` made from rows of the notebook's data (CSV rows as records) written as goldens of `best`,
 * when both take one record and end in the same postprocessing: each row keeps the columns `best`'s record has, and
 * its answer is reshaped to `best`'s (one item per row where `other` answered rows at once and `best` one row).
 * The checks after generation keep only those the service answers as the notebook did (confirmDataGoldens).
 */
function dataRecordGoldens(best: RecoveredPath, other: RecoveredPath): Golden[] {
  const post = (p: RecoveredPath) => p.postprocess?.source.replace(/^def \w+/, "") ?? null;
  if (!other.record || !best.preprocess || !other.preprocess || post(best) !== post(other) || best.preprocess.params.length !== 1) return [];
  const param = best.preprocess.params[0]!;
  const isRecord = (v: Json | undefined): v is { [k: string]: Json } => v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
  const literal = best.goldens.filter((g) => !g.fromData).map((g) => g.input[param]);
  // the columns a request of `best` has: its table's, or the keys of the records the notebook wrote
  const columns = best.record ? best.record.columns.map((c) => c.name) : literal.length && literal.every(isRecord) ? [...new Set(literal.flatMap((r) => Object.keys(r as object)))] : null;
  if (!columns) return [];
  const wrap = other.record.perRow && !(best.record?.perRow ?? false);
  const out: Golden[] = [];
  for (const g of other.goldens) {
    if (!g.fromData) continue;
    const value = g.input[other.record.param];
    const rows = Array.isArray(value) ? value : [value];
    if (!rows.every(isRecord) || !rows.every((r) => columns.every((c) => c in r))) continue;
    const records = rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]!])));
    const expected = wrap && Array.isArray(g.expected) && g.expected.length === records.length ? g.expected.map((e) => [e]) : g.expected;
    out.push({ ...g, input: { [param]: Array.isArray(value) ? records : records[0]! }, expected, call: g.call.replace(other.preprocess.name, best.preprocess.name).replace(`(${other.record.param}=`, `(${param}=`) });
  }
  return out;
}

/** The columns whose missing values the functions fill (missing.ts), from their sources as translated. */
function pathFills(parser: Parser, names: readonly string[], byName: ReadonlyMap<string, PyFunction>, constants: readonly Constant[]): readonly string[] | "*" {
  const bodies = names.flatMap((n) => {
    const fn = byName.get(n);
    const module = fn ? parseWith(parser, fn.source) : null;
    return module && !module.errors.length ? [module.body] : [];
  });
  return filledColumns(bodies, constants);
}

/** A recovered function as the analysis describes functions: parsed again, with its lines' origins. */
function writtenFunction(parser: Parser, w: RecoveredPath["preprocess"] & object, scope: ModuleScope, written: ReadonlySet<string>): PyFunction | null {
  const module = parseWith(parser, w.source);
  const def = module.body[0];
  if (module.errors.length || def?.type !== "FunctionDef") return null;
  const first = w.origin[0]!;
  const described = describeFunction(w.name, def, first.cell, w.source, scope, written);
  return { ...described, line: first.line, column: 1, lineOffset: 0, origin: w.origin };
}

/** Where the recovered functions' module-level names are read: after the last statement they came from. */
function recoveredReadOrder(r: RecoveredPath, scope: ModuleScope): number {
  if (r.site.frame.fn) return scope.statements.length;
  const lastCell = r.cells[r.cells.length - 1] ?? r.site.cell;
  let order = r.site.pos + 1;
  for (const t of scope.statements) if (t.cell <= lastCell) order = Math.max(order, t.order + 1);
  return order;
}

function recoveredCall(r: RecoveredPath): InferenceCall {
  return {
    at: { cell: r.site.cell, line: r.site.call.line, column: r.site.call.col },
    source: r.site.call.text,
    via: r.site.via,
    preprocess: r.preprocess?.name ?? null,
    postprocess: r.postprocess?.name ?? null,
    input: r.input,
    output: r.output,
    ...(r.fedInputs.length ? { fedInputs: r.fedInputs } : {}),
    ...(r.requestFields.length ? { requestFields: r.requestFields } : {}),
  };
}

/**
 * The exported objects and every other object of the same notebook class (`net = LoadNet()` reloaded from a
 * checkpoint, when `model = LoadNet()` was exported): calling any of them runs the model.
 */
function sameClassObjects(scope: ModuleScope, exported: ReadonlySet<string>): Set<string> {
  const out = new Set(exported);
  const classOf = (b: { value: A.Expr | null } | undefined): string | null => {
    const v = b?.value;
    return v?.type === "Call" && v.func.type === "Name" && scope.classes.has(v.func.id) ? v.func.id : null;
  };
  const classes = new Set<string>();
  for (const name of exported) for (const b of scope.bindings.get(name) ?? []) {
    const c = classOf(b);
    if (c) classes.add(c);
  }
  if (classes.size === 0) return out;
  for (const [name, bindings] of scope.bindings) {
    if (bindings.some((b) => b.kind === "assign" && classes.has(classOf(b) ?? ""))) out.add(name);
  }
  return out;
}

/**
 * The first rows of the CSV a recovered path's table came from, as records typed by their columns' dtypes: inputs
 * for model checks that are real data (a made-up category would not survive the notebook's encoding).
 */
function csvRecords(csv: { readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] }, columns: readonly { readonly name: string; readonly type: string | null }[], n: number): { [k: string]: Json }[] {
  return csv.rows.slice(0, n).map((row) => {
    const record: { [k: string]: Json } = {};
    for (const c of columns) {
      const i = csv.header.indexOf(c.name);
      if (i >= 0) record[c.name] = typedCell(row[i] ?? "", c.type);
    }
    return record;
  });
}
