// analyze: a Notebook to an Analysis. Parses every code cell with tree-sitter, finds the ONNX model the notebook
// exported, the inference path around it, the constants that path reads and the goldens the notebook displayed.
import { realpathSync } from "node:fs";
import path from "node:path";
import { DiagnosticLog } from "../diagnostics/log.ts";
import type { Cell, Notebook } from "../load/types.ts";
import { ConstantResolver, notebookFunctionsIn } from "./constants.ts";
import { FlowAnalysis, type PathFinding } from "./flow.ts";
import { findGoldens, taggedGoldens } from "./goldens.ts";
import { stripMagics } from "./magics.ts";
import { findModels } from "./models.ts";
import { getParser, parseWith } from "./parse.ts";
import type * as A from "./pyast.ts";
import { Resolver } from "./resolve.ts";
import { functionFacts, ModuleScope, PY_BUILTINS, type ParsedCell } from "./scope.ts";
import type { Analysis, CellRole, Constant, InferenceCall, ModelReference, PyFunction, PyValue } from "./types.ts";
import { ownCalls } from "./walk.ts";

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
  const pythonOf = new Map<number, string>();
  const markers = new Map<number, Set<Marker>>();
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
    const module = parseWith(parser, stripped.python);
    for (const err of module.errors) {
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
    pythonOf.set(cell.index, stripped.python);
    parsed.push({ index: cell.index, module, tags: cell.tags });
  }

  const scope = new ModuleScope(parsed);
  const resolver = new Resolver(scope, nb.dir);
  const models = findModels(resolver, log);

  const sessions = new Set<string>();
  for (const ref of models) if (ref.sessionVar) sessions.add(ref.sessionVar);
  const modelObjects = new Set(models.map((m) => m.modelObject).filter((m): m is string => m !== null));
  const flow = new FlowAnalysis(scope, { models: modelObjects, sessions });
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
    if (name && !scope.functions.has(name)) {
      log.error({
        code: "ANALYZE_NO_SUCH_FUNCTION",
        message: `the notebook defines no function \`${name}\` to use as ${which}`,
        suggestion: `choose one of: ${[...scope.functions.keys()].join(", ") || "(no functions defined)"}`,
      });
    }
  }

  const modelPath = chooseModel(nb, models, paths, opts, log);
  const functions = [...scope.functions.entries()].map(([name, { def, cell }]) =>
    describeFunction(name, def, cell, pythonOf.get(cell) ?? "", scope),
  );
  const byName = new Map(functions.map((f) => [f.name, f]));
  const entries = (opts.entries ?? [preprocess, postprocess]).filter((n): n is string => n !== null && byName.has(n));
  for (const name of opts.entries ?? []) {
    if (!byName.has(name)) {
      log.error({
        code: "ANALYZE_NO_SUCH_FUNCTION",
        message: `there is no module-level function \`${name}\``,
        suggestion: `choose one of: ${[...byName.keys()].join(", ") || "(no functions defined)"}`,
      });
    }
  }
  const helpers = closure(entries, byName).filter((n) => !entries.includes(n));

  // values are read as the notebook had them when it ran the inference path
  const firstUse = Math.min(
    ...withPath.filter((p) => p.site.frame.fn === null).map((p) => p.site.pos),
    ...[...markers.entries()].filter(([, m]) => m.has("golden")).map(([cell]) => scope.orderOfCell(cell)),
    scope.statements.length,
  );
  const constantResolver = new ConstantResolver(resolver, log, opts.executed);
  let constants = resolveConstants([...entries, ...helpers], byName, constantResolver, firstUse);
  // notebook functions a fitted object calls (a FunctionTransformer's func) are translated with it, with theirs
  const calledByConstants = closure(constants.flatMap((c) => (c.data ? notebookFunctionsIn(c.data) : [])), byName).filter((n) => !entries.includes(n) && !helpers.includes(n));
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
  const goldens = [
    ...found,
    ...taggedGoldens(
      { parser, cells: nb.cells, cellBodies: new Map(parsed.map((c) => [c.index, c.module.body])), flow, resolver },
      goldenCells,
      preprocess,
      found,
      log,
    ),
  ].sort((a, b) => a.cell - b.cell);

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

  if (models.length === 0 && !opts.modelPath && !opts.entries) {
    log.error({
      code: "ANALYZE_NO_MODEL",
      message: "the notebook exports no ONNX model (no torch.onnx.export, onnx.save, skl2onnx or tf2onnx call was found)",
      suggestion: 'export the trained model in a cell, e.g. torch.onnx.export(model, example_input, "model.onnx", input_names=["input"], output_names=["output"], dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}), or pass --model PATH',
    });
  }
  if (models.length > 0 && !preprocess && !postprocess && !opts.entries) {
    log.warning({
      code: "ANALYZE_NO_INFERENCE_PATH",
      message: "found no cell that calls the model on the output of a notebook function, so the service takes raw tensors",
      suggestion: "define `def preprocess(...)` and `def postprocess(...)` and call `postprocess(model(preprocess(x)))` in a cell, or tag the cells that define them `preprocess`/`postprocess`",
    });
  }
  if ((preprocess || postprocess) && goldens.length === 0 && !opts.entries) {
    log.warning({
      code: "ANALYZE_NO_GOLDENS",
      message: "no cell runs the inference path on a literal input and displays the answer, so the service's tests cannot compare with the notebook",
      suggestion: `add a cell like \`${postprocess ?? "postprocess"}(model(${preprocess ?? "preprocess"}(<a literal input>)))\` as its last line and run it`,
    });
  }

  return {
    notebook: nb.path,
    cellRoles: cellRoles(nb, parsed, models, paths, preprocess, postprocess, helpers, goldens.map((g) => g.cell)),
    imports: Object.fromEntries(scope.imports),
    models,
    modelPath,
    functions,
    inference,
    preprocess,
    postprocess,
    helpers,
    entries,
    constants,
    goldens,
    diagnostics: log.items,
  };
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
  paths: readonly PathFinding[],
  opts: AnalyzeOptions,
  log: DiagnosticLog,
): string | null {
  if (opts.modelPath) return path.resolve(nb.dir, opts.modelPath);
  const resolved = models.filter((m) => m.path !== null);
  // the model the inference path calls, then the last export, then the last session load
  const used = new Set(
    paths
      .filter((p) => p.preprocess || p.postprocess)
      .map((p) => (p.site.call.func.type === "Name" ? p.site.call.func.id : p.site.call.func.type === "Attribute" && p.site.call.func.value.type === "Name" ? p.site.call.func.value.id : null)),
  );
  const linked = resolved.filter((m) => (m.modelObject && used.has(m.modelObject)) || (m.sessionVar && used.has(m.sessionVar)));
  const exports = resolved.filter((m) => m.kind !== "onnxruntime.InferenceSession");
  const choice = linked.filter((m) => m.kind !== "onnxruntime.InferenceSession").pop() ?? linked.pop() ?? exports.pop() ?? resolved.pop();
  const distinct = new Set(resolved.map((m) => m.path));
  // a notebook is untrusted input: the file it names must be inside its own folder (symlinks followed), or the
  // person must name it with --model
  if (choice && !insideFolder(choice.path!, nb.dir)) {
    log.error({
      code: "ANALYZE_MODEL_OUTSIDE",
      message: `the notebook's model path \`${choice.pathSource}\` leads outside the notebook's folder (${choice.path}); nb2svc does not read it`,
      at: choice.at,
      suggestion: "move the model next to the notebook, or pass it explicitly with --model PATH",
    });
    return null;
  }
  if (choice && distinct.size > 1) {
    log.info({
      code: "ANALYZE_SEVERAL_MODELS",
      message: `the notebook writes ${distinct.size} ONNX files; serving ${path.relative(nb.dir, choice.path!)}`,
      at: choice.at,
      suggestion: "pass --model PATH to serve another one",
    });
  }
  return choice?.path ?? null;
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

function describeFunction(name: string, def: A.FunctionDef, cell: number, python: string, scope: ModuleScope): PyFunction {
  const lines = python.split("\n").slice(def.line - 1, def.endLine);
  const indent = def.col - 1;
  const source = lines.map((l, i) => (i === 0 ? l.slice(indent) : l.slice(Math.min(indent, /^\s*/.exec(l)![0].length)))).join("\n");
  const facts = functionFacts(def);
  const calls = new Set<string>();
  for (const c of ownCalls(def)) if (c.func.type === "Name" && scope.functions.has(c.func.id) && !facts.locals.includes(c.func.id)) calls.add(c.func.id);
  const globals: string[] = [];
  const modules: Record<string, string> = {};
  for (const n of facts.freeNames) {
    if (scope.imports.has(n)) modules[n] = scope.imports.get(n)!;
    else if (scope.functions.has(n) || scope.classes.has(n)) continue;
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
): Constant[] {
  const readers = new Map<string, string[]>();
  for (const n of names) for (const g of byName.get(n)?.globals ?? []) if (!resolved.has(g)) readers.set(g, [...(readers.get(g) ?? []), n]);
  const out: Constant[] = [];
  const queue = [...readers.entries()];
  const seen = new Set([...readers.keys(), ...resolved]);
  while (queue.length) {
    const [name, by] = queue.shift()!;
    const c = resolver.resolve(name, order, by);
    if (!c) continue;
    out.push(c);
    // constants computed from other constants need those too
    for (const d of c.dependsOn ?? []) {
      if (!seen.has(d)) {
        seen.add(d);
        queue.push([d, [name]]);
      }
    }
  }
  return sortByDefinition(out);
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
    if (models.some((m) => m.at.cell === cell.index && m.kind !== "onnxruntime.InferenceSession")) role = "export";
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
