// --execute (opt-in): runs a copy of the notebook with the user's own Python and Jupyter, in a temporary folder,
// with one cell appended that writes exactly the named module-level values to JSON; nb2svc then uses those values
// for the constants it could not know statically. The user's notebook and folder are never touched.
import { cellLabel } from "../diagnostics/cells.ts";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PyValue } from "../python/values.ts";
import { DiagnosticLog } from "../diagnostics/log.ts";
import { notebookObjectFix } from "../diagnostics/fixes.ts";
import type { Diagnostic, SourceLocation } from "../diagnostics/types.ts";
import type { Notebook } from "../load/types.ts";
import { allowedSklearnClasses, NUMPY_UFUNCS } from "../pickle/index.ts";
import { stopProcessTree, trackChild } from "../processes.ts";
import { removedIfStopped } from "../scratch.ts";

export interface ExecuteOptions {
  /** The Python to run Jupyter with; default NB2SVC_PYTHON, then python3. */
  readonly python?: string;
  /** Longest the notebook may run, in seconds. */
  readonly timeoutSeconds?: number;
}

export interface ExecuteResult {
  readonly values: ReadonlyMap<string, PyValue>;
  readonly diagnostics: readonly Diagnostic[];
}

/** Folders never copied with the notebook: they are large and the notebook does not read them. */
const SKIP = new Set(["node_modules", ".git", ".ipynb_checkpoints", "__pycache__", ".venv", "venv"]);
const OUTPUT = "__nb2svc_constants.json";

/** Classes whose live instances are sent as their attribute dicts: the fitted scikit-learn objects the runtime rebuilds. */
const OBJECT_CLASSES: readonly string[] = [...allowedSklearnClasses(), "scipy.sparse._csr.csr_matrix", "scipy.sparse.csr.csr_matrix"];

/**
 * The appended cell: encodes values in the tagged JSON nb2svc reads (ints apart from floats, arrays with dtypes, the
 * fitted scikit-learn objects the runtime rebuilds as their class and attribute dict, as a pickle holds them).
 */
function extractionCell(names: readonly string[]): string {
  return `# added by nb2svc --execute: writes the values the service needs
import json as _nb2svc_json, math as _nb2svc_math
_nb2svc_classes = set(${JSON.stringify(OBJECT_CLASSES)})
_nb2svc_ufuncs = set(${JSON.stringify([...NUMPY_UFUNCS])})
def _nb2svc_enc(v):
    try:
        import numpy as _np
    except ImportError:
        _np = None
    if v is None or isinstance(v, (bool, str)):
        return v
    _cls = type(v).__module__ + "." + type(v).__qualname__
    if _cls in _nb2svc_classes:
        _state = v.__getstate__() if hasattr(v, "__getstate__") else dict(vars(v))
        if not isinstance(_state, dict):
            raise TypeError("a %s with a state other than a dict cannot be a constant" % _cls)
        return {"object": _cls, "state": _nb2svc_enc(_state)}
    if isinstance(v, type) or (_np is not None and isinstance(v, _np.dtype)):
        if _np is None:
            raise TypeError("a type cannot be a constant")
        _d = _np.dtype(v)
        return {"dtype_name": "object" if _d.kind == "O" else "str" if _d.kind == "U" else _d.name}
    if _np is not None and isinstance(v, _np.ufunc):
        if v.__name__ not in _nb2svc_ufuncs:
            raise TypeError("numpy.%s cannot be a constant" % v.__name__)
        return {"ufunc": v.__name__}
    if isinstance(v, slice):
        return {"slice": [_nb2svc_enc(v.start), _nb2svc_enc(v.stop), _nb2svc_enc(v.step)]}
    if callable(v) and getattr(v, "__module__", None) == "__main__" and getattr(v, "__qualname__", None) == getattr(v, "__name__", "") and v.__name__ != "<lambda>":
        return {"function": "__main__." + v.__name__}
    # a DataFrame is its records, a Series its values, a torch tensor its array (the forms requests take)
    if hasattr(v, "to_dict") and hasattr(v, "columns") and hasattr(v, "iloc"):
        return [{str(k): _nb2svc_enc(x.item() if hasattr(x, "item") else x) for k, x in r.items()} for r in v.to_dict("records")]
    if hasattr(v, "to_numpy") and hasattr(v, "iloc"):
        v = v.to_numpy()
    if hasattr(v, "detach") and hasattr(v, "numpy"):
        v = v.detach().cpu().numpy()
    if _np is not None and isinstance(v, _np.ndarray):
        if v.dtype.kind in "OU":
            return _nb2svc_enc(v.tolist())
        if v.dtype.kind not in "biuf":
            raise TypeError("arrays of %s cannot be constants" % v.dtype)
        return {"nd": [_nb2svc_num(x) for x in v.reshape(-1).tolist()], "dtype": str(v.dtype), "shape": list(v.shape)}
    if _np is not None and isinstance(v, _np.generic):
        return {"np": _nb2svc_num(v.item()), "dtype": str(v.dtype)}
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return {"f": _nb2svc_num(v)}
    if isinstance(v, list):
        return [_nb2svc_enc(x) for x in v]
    if isinstance(v, tuple):
        return {"tuple": [_nb2svc_enc(x) for x in v]}
    if isinstance(v, dict):
        return {"dict": [[_nb2svc_enc(k), _nb2svc_enc(x)] for k, x in v.items()]}
    if isinstance(v, (set, frozenset)):
        return {"set": [_nb2svc_enc(x) for x in v]}
    raise TypeError("a %s cannot be a constant of the service" % type(v).__name__)
def _nb2svc_num(x):
    if isinstance(x, float):
        if _nb2svc_math.isnan(x):
            return "nan"
        if _nb2svc_math.isinf(x):
            return "inf" if x > 0 else "-inf"
    return x
_nb2svc_out = {}
for _nb2svc_name in ${JSON.stringify(names)}:
    if _nb2svc_name.startswith("="):
        # an expression (the example a model call read): its value now
        try:
            _nb2svc_out[_nb2svc_name] = {"value": _nb2svc_enc(eval(_nb2svc_name[1:], globals()))}
        except Exception as _nb2svc_e:
            _nb2svc_out[_nb2svc_name] = {"error": "%s: %s" % (type(_nb2svc_e).__name__, _nb2svc_e)}
    elif _nb2svc_name in globals():
        try:
            _nb2svc_out[_nb2svc_name] = {"value": _nb2svc_enc(globals()[_nb2svc_name])}
        except Exception as _nb2svc_e:
            _nb2svc_t = type(globals()[_nb2svc_name])
            _nb2svc_out[_nb2svc_name] = {"error": str(_nb2svc_e), "type": _nb2svc_t.__module__ + "." + _nb2svc_t.__qualname__}
    else:
        _nb2svc_out[_nb2svc_name] = {"error": "not defined when the notebook finished"}
with open(${JSON.stringify(OUTPUT)}, "w") as _nb2svc_f:
    _nb2svc_json.dump(_nb2svc_out, _nb2svc_f)
`;
}

/** The tagged JSON the extraction cell writes, as exact Python values. */
export function decodeTagged(t: unknown): PyValue | undefined {
  const num = (x: unknown): number => (x === "nan" ? NaN : x === "inf" ? Infinity : x === "-inf" ? -Infinity : (x as number));
  if (t === null) return { k: "none" };
  if (typeof t === "boolean") return { k: "bool", v: t };
  if (typeof t === "string") return { k: "str", v: t };
  if (typeof t === "number") return { k: "int", v: t };
  if (Array.isArray(t)) {
    const items = t.map(decodeTagged);
    return items.every((x) => x !== undefined) ? { k: "list", items: items as PyValue[] } : undefined;
  }
  const o = t as Record<string, unknown>;
  if ("f" in o) return { k: "float", v: num(o.f) };
  if ("tuple" in o || "set" in o) {
    const items = ((o.tuple ?? o.set) as unknown[]).map(decodeTagged);
    return items.every((x) => x !== undefined) ? { k: "tuple" in o ? "tuple" : "set", items: items as PyValue[] } : undefined;
  }
  if ("dict" in o) {
    const entries = (o.dict as [unknown, unknown][]).map(([k, v]) => [decodeTagged(k), decodeTagged(v)] as const);
    return entries.every(([k, v]) => k && v) ? { k: "dict", entries: entries as [PyValue, PyValue][] } : undefined;
  }
  // a fitted object (its class and attribute dict) and the values inside one, as the pickle reader gives them
  if ("object" in o) {
    const state = decodeTagged(o.state);
    return state ? { k: "object", cls: String(o.object), state } : undefined;
  }
  if ("dtype_name" in o) return { k: "str", v: String(o.dtype_name) };
  if ("function" in o) return { k: "object", cls: "builtins.function", state: { k: "str", v: String(o.function) } };
  if ("ufunc" in o) return { k: "object", cls: "numpy.ufunc", state: { k: "str", v: String(o.ufunc) } };
  if ("slice" in o) {
    const items = (o.slice as unknown[]).map(decodeTagged);
    return items.every((x) => x !== undefined) ? { k: "object", cls: "builtins.slice", state: { k: "tuple", items: items as PyValue[] } } : undefined;
  }
  const widened: Readonly<Record<string, string>> = { int8: "int32", int16: "int32", uint16: "int32", uint32: "int64", float16: "float32" };
  const dtype = widened[o.dtype as string] ?? (o.dtype as string);
  const known = ["float32", "float64", "int64", "int32", "uint8", "bool"];
  if (!known.includes(dtype)) return undefined;
  if ("np" in o) return { k: "npscalar", dtype: dtype as "float32", v: typeof o.np === "boolean" ? o.np : num(o.np) };
  if ("nd" in o) {
    const shape = o.shape as number[];
    const flat = (o.nd as unknown[]).map((x) => (typeof x === "boolean" ? x : num(x)));
    const nest = (dim: number, offset: number): unknown => {
      if (dim === shape.length) return flat[offset];
      const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
      return Array.from({ length: shape[dim]! }, (_, i) => nest(dim + 1, offset + i * stride));
    };
    return { k: "ndarray", dtype: dtype as "float32", value: nest(0, 0) as never };
  }
  return undefined;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string; error?: string }> {
  return new Promise((resolve) => {
    let output = "";
    let child;
    try {
      // its own process group (Jupyter starts the kernel as a child of its own): a timeout, or nb2svc being stopped,
      // stops the kernel too, not only nbconvert
      child = spawn(cmd, args, { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: "1" } });
    } catch (e) {
      resolve({ code: null, output: "", error: (e as Error).message });
      return;
    }
    const untrack = trackChild(child);
    const exited = new Promise((r) => child.once("exit", r));
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => void stopProcessTree(child, exited), timeoutMs);
    const settle = (result: { code: number | null; output: string; error?: string }) => {
      clearTimeout(timer);
      untrack();
      resolve(result);
    };
    child.on("error", (e) => settle({ code: null, output, error: e.message }));
    child.on("close", (code) => {
      // what nbconvert left running in its group (a kernel it did not shut down) ends with it
      void stopProcessTree(child, exited);
      settle({ code, output });
    });
  });
}

/** Runs a copy of the notebook and returns the values of `names` when it finished; `where` says where each is defined. */
export async function executeNotebook(nb: Notebook, names: readonly string[], opts: ExecuteOptions = {}, where: ReadonlyMap<string, SourceLocation> = new Map()): Promise<ExecuteResult> {
  const log = new DiagnosticLog();
  const values = new Map<string, PyValue>();
  if (names.length === 0) return { values, diagnostics: [] };
  const python = opts.python ?? process.env.NB2SVC_PYTHON ?? "python3";
  const check = await run(python, ["-c", "import nbconvert, nbformat, ipykernel"], os.tmpdir(), 60_000);
  if (check.code !== 0) {
    log.error({
      code: "EXECUTE_NO_JUPYTER",
      message: `--execute needs a Python with Jupyter; \`${python}\` ${check.error ? `cannot be run (${check.error})` : "has no nbconvert/ipykernel"}`,
      suggestion: "install them (`pip install nbconvert ipykernel`, or Debian's jupyter-nbconvert python3-ipykernel), or point NB2SVC_PYTHON at a Python that has them",
    });
    return { values, diagnostics: log.items };
  }
  const work = mkdtempSync(path.join(os.tmpdir(), "nb2svc-execute-"));
  const release = removedIfStopped(work);
  try {
    cpSync(nb.dir, work, { recursive: true, filter: (src) => !SKIP.has(path.basename(src)) });
    const copy = JSON.parse(JSON.stringify(nb.raw)) as { cells: unknown[] };
    copy.cells.push({ cell_type: "code", execution_count: null, metadata: { tags: ["nb2svc-extract"] }, outputs: [], source: extractionCell(names) });
    const input = "__nb2svc_execute.ipynb";
    writeFileSync(path.join(work, input), JSON.stringify(copy));
    const timeout = opts.timeoutSeconds ?? 1800;
    const result = await run(
      python,
      ["-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--allow-errors", `--ExecutePreprocessor.timeout=${timeout}`, "--output", "__nb2svc_executed.ipynb", input],
      work,
      (timeout + 60) * 1000,
    );
    const out = path.join(work, OUTPUT);
    if (!existsSync(out)) {
      log.error({
        code: "EXECUTE_FAILED",
        message: `running the notebook did not finish: ${lastLines(result.output)}`,
        suggestion: "run the notebook in Jupyter (Kernel > Restart & Run All) and fix the first failing cell",
      });
      return { values, diagnostics: log.items };
    }
    const written = JSON.parse(readFileSync(out, "utf8")) as Record<string, { value?: unknown; error?: string; type?: string }>;
    const failed = firstFailedCell(path.join(work, "__nb2svc_executed.ipynb"), nb.cells.length);
    for (const name of names) {
      const entry = written[name];
      const value = entry && "value" in entry ? decodeTagged(entry.value) : undefined;
      if (value) values.set(name, value);
      else if (name.startsWith("=")) {
        // an example the notebook ran on: without it the service is still tested (on model checks)
        log.info({
          code: "EXECUTE_EXAMPLE_UNAVAILABLE",
          message: `running the notebook did not give the example \`${name.slice(1)}\`: ${entry?.error ?? "it could not be read"}`,
        });
      } else if (entry?.type?.startsWith("__main__.")) {
        const cls = entry.type.slice("__main__.".length);
        log.error({
          code: "EXECUTE_VALUE_UNAVAILABLE",
          message: `after running the notebook, \`${name}\` is an object of \`${cls}\`, a class the notebook defines: the service cannot hold it as a constant, and nb2svc does not translate classes`,
          ...(where.has(name) ? { at: where.get(name)! } : {}),
          suggestion: notebookObjectFix(name, cls),
        });
      } else {
        const unrun = entry?.error === "not defined when the notebook finished" && failed;
        const why = unrun ? `was never computed: ${cellLabel(failed.cell)} raised ${failed.ename}: ${failed.evalue}` : `cannot be read: ${entry?.error ?? "the run did not write it"}`;
        const at = unrun ? { cell: failed.cell, line: 1, column: 1 } : where.get(name);
        log.error({
          code: "EXECUTE_VALUE_UNAVAILABLE",
          message: `after running the notebook, \`${name}\` ${why}`,
          ...(at ? { at } : {}),
          suggestion: failed
            ? "fix that cell so the notebook runs from top to bottom (Kernel > Restart & Run All)"
            : "make it a plain value (numbers, strings, lists, dicts, numpy arrays of numbers) or a fitted scikit-learn transformer nb2svc reads (docs/sklearn.md)",
        });
      }
    }
    if (failed) {
      log.warning({
        code: "EXECUTE_CELL_FAILED",
        message: `running the notebook, ${cellLabel(failed.cell)} raised ${failed.ename}: ${failed.evalue}`,
        at: { cell: failed.cell, line: 1, column: 1 },
        suggestion: "values computed after that cell could not be read; fix it so the notebook runs from top to bottom",
      });
    }
    return { values, diagnostics: log.items };
  } finally {
    rmSync(work, { recursive: true, force: true });
    release();
  }
}

/** The first cell of the executed copy (among the notebook's own cells) that raised, with the exception. */
function firstFailedCell(file: string, cells: number): { cell: number; ename: string; evalue: string } | null {
  if (!existsSync(file)) return null;
  try {
    const nb = JSON.parse(readFileSync(file, "utf8")) as { cells: { outputs?: { output_type: string; ename?: string; evalue?: string }[] }[] };
    for (let i = 0; i < Math.min(cells, nb.cells.length); i++) {
      const err = nb.cells[i]!.outputs?.find((o) => o.output_type === "error");
      if (err) return { cell: i, ename: err.ename ?? "an exception", evalue: (err.evalue ?? "").slice(0, 300) };
    }
  } catch {
    return null;
  }
  return null;
}

function lastLines(s: string): string {
  const lines = s.trim().split("\n").filter((l) => l.trim() !== "");
  return lines.slice(-3).join(" / ").slice(0, 400) || "no output";
}
