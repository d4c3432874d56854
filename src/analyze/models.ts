// Finds where the notebook writes ONNX files (and loads them into onnxruntime sessions), resolves their paths and
// links each to the Python model object it was made from.
import path from "node:path";
import type { DiagnosticLog } from "../diagnostics/log.ts";
import type * as A from "../python/pyast.ts";
import type { Resolver } from "./resolve.ts";
import type { ModuleScope, TopStmt } from "../python/scope.ts";
import type { Magic } from "../python/magics.ts";
import type { Value } from "./evaluate.ts";
import type { ExportKind, ModelReference } from "./types.ts";
import { functionFacts } from "../python/scope.ts";
import { ownCalls, targetNames, walkExpr, walkStmts } from "../python/walk.ts";

const SKL2ONNX = new Set(["skl2onnx.convert_sklearn", "skl2onnx.to_onnx", "skl2onnx.convert.convert_sklearn", "skl2onnx.convert.to_onnx"]);
const TF2ONNX = /^tf2onnx\.convert\.from_(keras|function|tflite|graph_def|saved_model)$/;
/** Converters that return an ONNX proto (saved later with onnx.save or SerializeToString). */
const PROTO_CONVERTERS = /^(keras2onnx\.convert_keras|onnxmltools\.(convert\.)?convert_\w+|onnxmltools\.convert_\w+)$/;
/** OpenCV's DNN readers of an ONNX file (readNet guesses the framework from the file's suffix). */
const CV_NETS = new Set(["cv2.dnn.readNetFromONNX", "cv2.dnn.readNet"]);
const SESSION = new Set(["onnxruntime.InferenceSession", "onnxruntime.capi.onnxruntime_inference_collection.InferenceSession"]);
/** `proto` then `path`: functions that save an ONNX proto to a file. */
/** onnxruntime's quantizers: `quantize_dynamic(model_input, model_output, ...)` writes the served copy. */
const QUANTIZERS = /^onnxruntime\.quantization(\.quantize)?\.quantize_(dynamic|static)$/;
const PROTO_SAVERS = new Set(["onnx.save", "onnx.save_model", "onnx.external_data_helper.save_model", "keras2onnx.save_model", "onnxmltools.utils.save_model", "onnxmltools.save_model"]);

function kwarg(c: A.Call, name: string): A.Expr | undefined {
  return c.keywords.find((k) => k.arg === name)?.value;
}
function argAt(c: A.Call, i: number, name: string): A.Expr | undefined {
  return c.args[i] ?? kwarg(c, name);
}

function stringList(e: A.Expr | undefined): string[] | null {
  if (!e || (e.type !== "List" && e.type !== "Tuple")) return null;
  const out: string[] = [];
  for (const x of e.elts) {
    if (x.type !== "Constant" || x.kind !== "str") return null;
    out.push(x.value as string);
  }
  return out;
}

/** The statement of each call, so that values are resolved at the right point. */
interface Located {
  readonly call: A.Call;
  readonly top: TopStmt;
}

export function findModels(resolver: Resolver, log: DiagnosticLog): ModelReference[] {
  const { scope } = resolver;
  const calls: Located[] = [];
  for (const top of scope.statements) {
    // calls inside function bodies count too (an `export()` helper); they resolve against the module state then
    // (a body that also stands at top level, `main()`'s, is read there, where its names are bound)
    if (top.stmt.type === "FunctionDef" && scope.inlined.has(top.stmt)) continue;
    for (const call of ownCalls(top.stmt)) calls.push({ call, top });
  }
  const seen = new Set<A.Call>();
  const refs: ModelReference[] = [];

  /**
   * The Python object an ONNX proto variable was built from (`onx = convert_sklearn(clf, ...)` gives clf). In an
   * export helper (`top` its def), a local proto is followed in its body, and a parameter converted
   * (`def save_onnx(model, path): onx = to_onnx(model, ...)`) is the object its first module-level call passes.
   */
  const protoSource = (e: A.Expr | undefined, order: number, top?: TopStmt): string | null => {
    if (!e) return null;
    if (e.type === "Call") {
      const q = scope.qualify(e.func);
      if (q && (SKL2ONNX.has(q) || TF2ONNX.test(q) || PROTO_CONVERTERS.test(q))) {
        const model = argAt(e, 0, "model");
        if (model?.type !== "Name") return null;
        return top?.stmt.type === "FunctionDef" ? passedTo(top.stmt, model.id, top) : model.id;
      }
      return null;
    }
    if (e.type === "Subscript") return protoSource(e.value, order, top);
    if (e.type === "Name") {
      const local = top?.stmt.type === "FunctionDef" ? localValue(top.stmt, e.id) : undefined;
      if (local !== undefined) return local && protoSource(local, order, top);
      const b = scope.bindingAt(e.id, order);
      return b?.value ? protoSource(b.value, b.order) : null;
    }
    return null;
  };

  /** The module-level name a helper's first call passes for its parameter `name`, or `name` when it is not one. */
  const passedTo = (def: A.FunctionDef, name: string, top: TopStmt): string | null => {
    const i = def.params.findIndex((p) => p.name === name);
    if (i < 0) return name;
    for (const t of scope.statements) {
      if (t.order <= top.order) continue;
      for (const c of ownCalls(t.stmt)) {
        if (c.func.type !== "Name" || c.func.id !== def.name) continue;
        const arg = c.args[i] ?? kwarg(c, name);
        return arg?.type === "Name" ? arg.id : null;
      }
    }
    return null;
  };

  const add = (
    kind: ExportKind,
    call: A.Call,
    top: TopStmt,
    pathExpr: A.Expr | undefined,
    modelObject: string | null,
    extraIn: Partial<ModelReference> & { readonly fileInFolder?: string; readonly swapSuffix?: string } = {},
  ) => {
    const { fileInFolder, swapSuffix, ...extra } = extraIn;
    if (seen.has(call)) return;
    seen.add(call);
    const at = { cell: top.cell, line: call.line, column: call.col };
    let resolved: string | null = null;
    if (pathExpr) {
      const values = pathValues(pathExpr, top);
      const v = values[0];
      // an export helper called with several paths: one reference per call
      for (const other of values.slice(1)) {
        refs.push({ kind, at, pathSource: pathExpr.text, path: path.resolve(resolver.dir, other), modelObject, inputNames: null, outputNames: null, ...extra });
      }
      if (v !== undefined) {
        resolved = path.resolve(resolver.dir, v);
        if (fileInFolder) resolved = path.join(resolved, fileInFolder);
        if (swapSuffix) resolved = resolved.replace(/\.[^./]+$/, "") + swapSuffix;
      }
      else if (!isInMemory(pathExpr)) {
        log.warning({
          code: "ANALYZE_MODEL_PATH_UNRESOLVED",
          message: `cannot tell which file \`${pathExpr.text}\` names without running the notebook`,
          at: { cell: top.cell, line: pathExpr.line, column: pathExpr.col },
          suggestion: 'write the path as a string literal (e.g. "model.onnx") or pass it with --model PATH',
        });
      }
    }
    refs.push({
      kind,
      at,
      pathSource: pathExpr?.text ?? "",
      path: resolved,
      modelObject,
      inputNames: null,
      outputNames: null,
      ...extra,
    });
  };

  /**
   * The paths an expression names: its static value, or, inside an export helper (`def export(model, path):`), its
   * value at each module-level call of the helper with the helper's parameters bound there.
   */
  const pathValues = (e: A.Expr, top: TopStmt): string[] => {
    const v = resolver.evaluateAt(e, top.order);
    if (v && (v.k === "str" || v.k === "path")) return [v.v];
    if (top.stmt.type !== "FunctionDef") return [];
    const def = top.stmt;
    const out: string[] = [];
    for (const t of scope.statements) {
      if (t.order <= top.order) continue;
      for (const c of ownCalls(t.stmt)) {
        if (c.func.type !== "Name" || c.func.id !== def.name) continue;
        const locals = new Map<string, Value | undefined>();
        def.params.forEach((p, i) => {
          const arg = c.args[i] ?? c.keywords.find((k) => k.arg === p.name)?.value ?? p.default ?? undefined;
          if (arg) locals.set(p.name, resolver.evaluateAt(arg, t.order));
        });
        const at = resolver.evaluateAt(e, t.order, locals);
        if (at && (at.k === "str" || at.k === "path") && !out.includes(at.v)) out.push(at.v);
      }
    }
    return out;
  };

  for (const { call, top } of calls) {
    if (call.func.type === "Attribute" && (call.func.attr === "write" || call.func.attr === "write_bytes")) {
      // open(p, "wb").write(onx.SerializeToString()), f.write(...) inside `with open(p, "wb") as f`,
      // Path(p).write_bytes(onx.SerializeToString())
      const payload = call.args[0];
      if (payload?.type === "Call" && payload.func.type === "Attribute" && payload.func.attr === "SerializeToString") {
        const target = fileTarget(call.func.value, top, resolver);
        const model = protoSource(payload.func.value, top.order, top);
        if (target) add(model ? "skl2onnx" : "serialize-write", call, top, target, model);
      }
      continue;
    }
    const q = scope.qualify(call.func);
    if (!q) continue;
    if (q === "torch.onnx.export" && argAt(call, 2, "f") === undefined) {
      // torch 2's ONNXProgram (dynamo=True): the file is the one its .save(path) writes, found below
      continue;
    } else if (q === "torch.onnx.export") {
      const model = argAt(call, 0, "model");
      add("torch.onnx.export", call, top, argAt(call, 2, "f"), model?.type === "Name" ? model.id : null, {
        inputNames: stringList(kwarg(call, "input_names")),
        outputNames: stringList(kwarg(call, "output_names")),
      });
    } else if (PROTO_SAVERS.has(q)) {
      const kind: ExportKind = q.startsWith("keras2onnx") ? "keras2onnx" : q.startsWith("onnxmltools") ? "onnxmltools" : "onnx.save";
      add(kind, call, top, argAt(call, 1, q.startsWith("onnx.") ? "f" : "file_path"), protoSource(argAt(call, 0, "proto"), top.order, top));
    } else if (QUANTIZERS.test(q)) {
      add("quantize", call, top, argAt(call, 1, "model_output"), null);
    } else if (TF2ONNX.test(q) && kwarg(call, "output_path")) {
      const model = argAt(call, 0, "model");
      add("tf2onnx", call, top, kwarg(call, "output_path"), model?.type === "Name" ? model.id : null);
    } else if (q === "transformers.onnx.export") {
      // export(preprocessor, model, config, opset, output: Path)
      const model = argAt(call, 1, "model");
      add("transformers", call, top, argAt(call, 4, "output"), model?.type === "Name" ? model.id : null);
    } else if (q === "optimum.exporters.onnx.main_export" || q === "optimum.exporters.onnx.export") {
      // main_export(model_name_or_path, output=dir): the model is dir/model.onnx
      const out = kwarg(call, "output") ?? call.args[1];
      if (out) add("optimum", call, top, out, null, { fileInFolder: "model.onnx" });
    } else if (SESSION.has(q)) {
      const sessionVar = top.stmt.type === "Assign" && top.stmt.value === call ? nameOf(top.stmt.targets[0]) : (returnedInto(call, top, scope) ?? boundFromHelper(top, resolver));
      let source = argAt(call, 0, "path_or_bytes");
      // InferenceSession(proto.SerializeToString()): the file onnx.load read the proto from, else a proto in memory
      // (a converter's, whose saved file is its own reference)
      if (source?.type === "Call" && source.func.type === "Attribute" && source.func.attr === "SerializeToString") {
        const proto = source.func.value;
        const b = proto.type === "Name" ? scope.bindingAt(proto.id, top.order) : undefined;
        const loaded = b?.value?.type === "Call" && ["onnx.load", "onnx.load_model"].includes(scope.qualify(b.value.func) ?? "") ? argAt(b.value, 0, "f") : undefined;
        source = loaded;
      }
      add("onnxruntime.InferenceSession", call, top, source, null, { sessionVar });
    } else if (CV_NETS.has(q) && argAt(call, 0, q === "cv2.dnn.readNet" ? "model" : "onnxFile")) {
      const netVar = top.stmt.type === "Assign" && top.stmt.value === call ? nameOf(top.stmt.targets[0]) : null;
      add("cv2.dnn.readNet", call, top, argAt(call, 0, q === "cv2.dnn.readNet" ? "model" : "onnxFile"), null, { netVar });
    } else if ((q === "onnx.load" || q === "onnx.load_model") && argAt(call, 0, "f")) {
      add("onnx.load", call, top, argAt(call, 0, "f"), null);
    } else if (call.func.type === "Attribute" && call.func.attr === "export" && isFormatOnnx(call)) {
      // ultralytics: YOLO("yolov8n.pt").export(format="onnx") writes yolov8n.onnx beside the weights
      const weights = ultralyticsWeights(call.func.value, top);
      if (weights) add("ultralytics", call, top, weights, null, { swapSuffix: ".onnx" });
    } else if (call.func.type === "Attribute" && call.func.attr === "save" && dynamoExport(call.func.value, top)) {
      // torch.onnx.dynamo_export(model, x).save("m.onnx"), onnx_program = torch.onnx.export(model, x, dynamo=True)
      const model = argAt(dynamoExport(call.func.value, top)!, 0, "model");
      add("torch.onnx.export", call, top, argAt(call, 0, "destination"), model?.type === "Name" ? model.id : null);
    } else if (call.func.type === "Attribute" && call.func.attr === "save_pretrained" && optimumModel(call.func.value, top)) {
      add("optimum", call, top, argAt(call, 0, "save_directory"), null, { fileInFolder: "model.onnx" });
    }
  }
  return refs;

  function isFormatOnnx(c: A.Call): boolean {
    const f = kwarg(c, "format");
    return f?.type === "Constant" && f.kind === "str" && String(f.value).toLowerCase() === "onnx";
  }

  /** The weights file of an ultralytics model object (`YOLO("yolov8n.pt")`, directly or through a name). */
  function ultralyticsWeights(e: A.Expr, top: TopStmt): A.Expr | null {
    if (e.type === "Name") {
      const b = scope.bindingAt(e.id, top.order + 1);
      return b?.value ? ultralyticsWeights(b.value, top) : null;
    }
    if (e.type === "Call") {
      const q = scope.qualify(e.func);
      if (q && /^ultralytics\.(YOLO|RTDETR|NAS|SAM)$/.test(q)) return e.args[0] ?? null;
    }
    return null;
  }

  /** The call that made an ONNXProgram: torch.onnx.dynamo_export(model, x), or torch.onnx.export(model, x, dynamo=True) with no file. */
  function dynamoExport(e: A.Expr, top: TopStmt): A.Call | null {
    if (e.type === "Name") {
      const b = scope.bindingAt(e.id, top.order + 1);
      return b?.value ? dynamoExport(b.value, top) : null;
    }
    if (e.type !== "Call") return null;
    const q = scope.qualify(e.func);
    return q === "torch.onnx.dynamo_export" || (q === "torch.onnx.export" && argAt(e, 2, "f") === undefined) ? e : null;
  }

  /** An optimum ORTModel made with export=True (`ORTModelForSequenceClassification.from_pretrained(m, export=True)`). */
  function optimumModel(e: A.Expr, top: TopStmt): boolean {
    if (e.type === "Name") {
      const b = scope.bindingAt(e.id, top.order + 1);
      return b?.value ? optimumModel(b.value, top) : false;
    }
    if (e.type === "Call") {
      const q = scope.qualify(e.func);
      return q !== null && /^optimum\.onnxruntime\.ORTModel\w*\.from_pretrained$/.test(q);
    }
    return false;
  }
}

/** Model references in shell cells: `!python -m tf2onnx.convert ... --output m.onnx`, `!yolo export model=x.pt format=onnx`. */
export function shellModels(cell: number, magics: readonly Magic[], dir: string): ModelReference[] {
  const refs: ModelReference[] = [];
  for (const m of magics) {
    if (m.kind !== "shell") continue;
    // a command continued over lines (trailing backslashes) is one command
    const text = m.text.replace(/^!/, "").replace(/\\\s*\n\s*/g, " ");
    const at = { cell, line: m.line, column: 1 };
    const ref = (kind: ExportKind, file: string): ModelReference => ({ kind, at, pathSource: file, path: path.resolve(dir, file), modelObject: null, inputNames: null, outputNames: null });
    const tf = /\btf2onnx\.convert\b.*?--output[=\s]+("[^"]+"|'[^']+'|\S+)/.exec(text);
    if (tf) {
      refs.push(ref("shell", unquote(tf[1]!)));
      continue;
    }
    const torch = /\b(?:python3?\s+-m\s+)?(?:optimum-cli\s+export\s+onnx|optimum\.exporters\.onnx)\b.*?\s("[^"]+"|'[^']+'|[^\s-][^\s]*)\s*$/.exec(text);
    if (torch) {
      refs.push(ref("shell", path.join(unquote(torch[1]!), "model.onnx")));
      continue;
    }
    const yolo = /\byolo\s+(?:\w+\s+)?export\b.*?\bmodel=("[^"]+"|'[^']+'|\S+)/.exec(text);
    if (yolo && /\bformat=onnx\b/.test(text)) {
      const weights = unquote(yolo[1]!);
      refs.push(ref("shell", weights.replace(/\.[^./]+$/, "") + ".onnx"));
    }
  }
  return refs;
}

function unquote(s: string): string {
  return /^(["']).*\1$/.test(s) ? s.slice(1, -1) : s;
}

function nameOf(e: A.Expr | undefined): string | null {
  return e?.type === "Name" ? e.id : null;
}

/**
 * The module-level name a loader function's result is bound to: `def load(path): return ort.InferenceSession(path)`
 * then `sess = load("model.onnx")` makes `sess` the session. The first such binding; null when there is none.
 */
function returnedInto(call: A.Call, top: TopStmt, scope: ModuleScope): string | null {
  const def = top.stmt;
  if (def.type !== "FunctionDef") return null;
  let returned = false;
  walkStmts(def.body, (s) => {
    if (s.type === "Return" && s.value === call) returned = true;
  });
  if (!returned) return null;
  for (const t of scope.statements) {
    const s = t.stmt;
    if (t.order > top.order && s.type === "Assign" && s.value.type === "Call" && s.value.func.type === "Name" && s.value.func.id === def.name) return nameOf(s.targets[0]);
  }
  return null;
}

/**
 * The module-level name that holds the session a helper makes and passes on (a classmethod factory read as a
 * function, `return tok_init(ort.InferenceSession(path), labels)`, then `p_session, p_labels = p_from_files(...)`):
 * the first name a call of the helper binds whose value is a session. Null when there is none.
 */
function boundFromHelper(top: TopStmt, resolver: Resolver): string | null {
  const def = top.stmt;
  if (def.type !== "FunctionDef") return null;
  for (const t of resolver.scope.statements) {
    const s = t.stmt;
    if (t.order <= top.order || s.type !== "Assign" || s.value.type !== "Call" || s.value.func.type !== "Name" || s.value.func.id !== def.name) continue;
    const held = s.targets.flatMap(targetNames).find((n) => resolver.valueOf(n, t.order + 1)?.k === "session");
    if (held) return held;
  }
  return null;
}

/** The path expression of the file a `.write(...)` goes to. */
function fileTarget(receiver: A.Expr, top: TopStmt, resolver: Resolver): A.Expr | undefined {
  const { scope } = resolver;
  if (receiver.type === "Call") {
    const q = scope.qualify(receiver.func);
    if (q === "open" || q === "io.open") return receiver.args[0];
    if (q === "pathlib.Path") return receiver;
    if (receiver.func.type === "Attribute" && receiver.func.attr === "open") return receiver.func.value;
    return undefined;
  }
  if (receiver.type === "Name") {
    // in an export helper, `with Path(path).open("wb") as f:` of its own body
    const local = top.stmt.type === "FunctionDef" ? localValue(top.stmt, receiver.id) : undefined;
    if (local !== undefined) return local ? fileTarget(local, top, resolver) : undefined;
    const b = scope.bindingAt(receiver.id, top.order + 1);
    if (!b?.value) return undefined;
    if (b.kind === "with" || b.kind === "assign") return fileTarget(b.value, top, resolver);
  }
  return undefined;
}

/**
 * What a function's body binds `name` to, by its one assignment or `with ... as name`; null when it binds it
 * otherwise or more than once (a parameter, a loop variable), undefined when `name` is not the function's own.
 */
function localValue(def: A.FunctionDef, name: string): A.Expr | null | undefined {
  if (!functionFacts(def).locals.includes(name)) return undefined;
  const values: A.Expr[] = [];
  let other = false;
  walkStmts(def.body, (s) => {
    if (s.type === "Assign" && s.targets.length === 1 && s.targets[0]!.type === "Name" && s.targets[0]!.id === name) values.push(s.value);
    else if (s.type === "With") {
      for (const i of s.items) if (i.vars?.type === "Name" && i.vars.id === name) values.push(i.context);
    } else if ((s.type === "Assign" || s.type === "AugAssign" || s.type === "For") && targetNamesOf(s).includes(name)) other = true;
  });
  return values.length === 1 && !other ? values[0]! : null;
}

function targetNamesOf(s: A.Assign | A.AugAssign | A.For): string[] {
  return s.type === "Assign" ? s.targets.flatMap(targetNames) : targetNames(s.target);
}

/** `io.BytesIO()` and similar targets hold the model in memory: no file to find. */
function isInMemory(e: A.Expr): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (x.type === "Attribute" && x.attr === "BytesIO") found = true;
    if (x.type === "Name" && /buf|bytes|stream/i.test(x.id)) found = true;
  });
  return found;
}
