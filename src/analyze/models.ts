// Finds where the notebook writes ONNX files (and loads them into onnxruntime sessions), resolves their paths and
// links each to the Python model object it was made from.
import path from "node:path";
import type { DiagnosticLog } from "../diagnostics/log.ts";
import type * as A from "./pyast.ts";
import type { Resolver } from "./resolve.ts";
import type { TopStmt } from "./scope.ts";
import type { ExportKind, ModelReference } from "./types.ts";
import { ownCalls, walkExpr } from "./walk.ts";

const SKL2ONNX = new Set(["skl2onnx.convert_sklearn", "skl2onnx.to_onnx", "skl2onnx.convert.convert_sklearn"]);
const TF2ONNX = /^tf2onnx\.convert\.from_(keras|function|tflite|graph_def)$/;
const SESSION = new Set(["onnxruntime.InferenceSession", "onnxruntime.capi.onnxruntime_inference_collection.InferenceSession"]);

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
    for (const call of ownCalls(top.stmt)) calls.push({ call, top });
  }
  const seen = new Set<A.Call>();
  const refs: ModelReference[] = [];

  /** The Python object an ONNX proto variable was built from (`onx = convert_sklearn(clf, ...)` gives clf). */
  const protoSource = (e: A.Expr | undefined, order: number): string | null => {
    if (!e) return null;
    if (e.type === "Call") {
      const q = scope.qualify(e.func);
      if (q && (SKL2ONNX.has(q) || TF2ONNX.test(q))) {
        const model = argAt(e, 0, "model");
        return model?.type === "Name" ? model.id : null;
      }
      return null;
    }
    if (e.type === "Subscript") return protoSource(e.value, order);
    if (e.type === "Name") {
      const b = scope.bindingAt(e.id, order);
      return b?.value ? protoSource(b.value, b.order) : null;
    }
    return null;
  };

  const add = (
    kind: ExportKind,
    call: A.Call,
    top: TopStmt,
    pathExpr: A.Expr | undefined,
    modelObject: string | null,
    extra: Partial<ModelReference> = {},
  ) => {
    if (seen.has(call)) return;
    seen.add(call);
    const at = { cell: top.cell, line: call.line, column: call.col };
    let resolved: string | null = null;
    if (pathExpr) {
      const v = resolver.evaluateAt(pathExpr, top.order);
      if (v && (v.k === "str" || v.k === "path")) resolved = path.resolve(resolver.dir, v.v);
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

  for (const { call, top } of calls) {
    if (call.func.type === "Attribute" && (call.func.attr === "write" || call.func.attr === "write_bytes")) {
      // open(p, "wb").write(onx.SerializeToString()), f.write(...) inside `with open(p, "wb") as f`,
      // Path(p).write_bytes(onx.SerializeToString())
      const payload = call.args[0];
      if (payload?.type === "Call" && payload.func.type === "Attribute" && payload.func.attr === "SerializeToString") {
        const target = fileTarget(call.func.value, top, resolver);
        const model = protoSource(payload.func.value, top.order);
        if (target) add(model ? "skl2onnx" : "serialize-write", call, top, target, model);
      }
      continue;
    }
    const q = scope.qualify(call.func);
    if (!q) continue;
    if (q === "torch.onnx.export") {
      const model = argAt(call, 0, "model");
      add("torch.onnx.export", call, top, argAt(call, 2, "f"), model?.type === "Name" ? model.id : null, {
        inputNames: stringList(kwarg(call, "input_names")),
        outputNames: stringList(kwarg(call, "output_names")),
      });
    } else if (q === "onnx.save" || q === "onnx.save_model" || q === "onnx.external_data_helper.save_model") {
      add("onnx.save", call, top, argAt(call, 1, "f"), protoSource(argAt(call, 0, "proto"), top.order));
    } else if (TF2ONNX.test(q) && kwarg(call, "output_path")) {
      const model = argAt(call, 0, "model");
      add("tf2onnx", call, top, kwarg(call, "output_path"), model?.type === "Name" ? model.id : null);
    } else if (SESSION.has(q)) {
      const sessionVar = top.stmt.type === "Assign" && top.stmt.value === call ? nameOf(top.stmt.targets[0]) : null;
      add("onnxruntime.InferenceSession", call, top, argAt(call, 0, "path_or_bytes"), null, { sessionVar });
    }
  }
  return refs;
}

function nameOf(e: A.Expr | undefined): string | null {
  return e?.type === "Name" ? e.id : null;
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
    const b = scope.bindingAt(receiver.id, top.order + 1);
    if (!b?.value) return undefined;
    if (b.kind === "with" || b.kind === "assign") return fileTarget(b.value, top, resolver);
  }
  return undefined;
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
