// The module-level values the service's functions read: literals, values derived from literals (and from JSON
// files the notebook loaded), and values the notebook computed from data and saved to JSON next to itself.
import path from "node:path";
import { notebookObjectFix } from "../diagnostics/fixes.ts";
import type { DiagnosticLog } from "../diagnostics/log.ts";
import { loadNumpyFile, loadPickleFile, toJson, toNdarray, type PickleLoad, type Value } from "./evaluate.ts";
import { dtypeOf } from "../python/dtypes.ts";
import { readInside } from "../notebook-files.ts";
import { parseJsonValue } from "./json-value.ts";
import type * as A from "../python/pyast.ts";
import type { Resolver } from "./resolve.ts";
import { functionFacts, type Binding, type TopStmt } from "../python/scope.ts";
import type { Constant, DType, PyValue } from "./types.ts";
import type { SourceLocation } from "../diagnostics/types.ts";
import { isPureLibraryModule, libraryEntry } from "../pylib/index.ts";
import { RANDOM_TRANSFORMS } from "../pylib/torchvision.ts";
import { childExprs, ownCalls, stmtExprs, targetNames, walkExpr, walkStmts } from "../python/walk.ts";
import { isUnrebuilt, unreadSklearnLayout } from "../pickle/index.ts";

const PURE_MODULES: ReadonlySet<string> = new Set(["numpy", "math", "re", "string"]);
/** In pureDependencies' bound names: the names being checked are read by a lambda's body, which runs only when called. */
const LAMBDA_BODY = "<lambda body>";
const PURE_BUILTINS: ReadonlySet<string> = new Set(
  "abs all any bool dict divmod enumerate filter float frozenset int len list map max min range reversed round set sorted str sum tuple zip chr ord".split(" "),
);
/** Methods of str, list, dict, ndarray and compiled regexes that compute without changing anything. */
const PURE_METHODS: ReadonlySet<string> = new Set(
  (
    "lower upper strip lstrip rstrip split rsplit splitlines join replace format startswith endswith title capitalize " +
    "casefold zfill center ljust rjust partition rpartition find rfind count index isdigit isalpha isalnum " +
    "translate maketrans fromkeys " +
    "copy get keys values items " +
    "reshape astype tolist transpose mean sum std var min max argmax argmin ravel flatten squeeze round clip item " +
    "cumsum prod any all argsort " +
    "findall sub match search fullmatch"
  ).split(" "),
);

/** A JSON file the notebook wrote, and which module-level name each of its keys (or the whole file) holds. */
/** A file the notebook wrote, and which module-level name each of its keys (or the whole file) holds. */
interface Save {
  readonly file: string;
  /** name -> key in the file (a JSON object's key, an .npz member), or null when the file is the value itself. */
  readonly names: ReadonlyMap<string, string | null>;
  readonly order: number;
  /** json: json.dump; npy: np.save; npz: np.savez; lines: a list of strings written one per line; pickle: joblib/pickle.dump. */
  readonly format: "json" | "npy" | "npz" | "lines" | "pickle";
  /** Where the save call is (pickle saves: their diagnostics point at it). */
  readonly at?: SourceLocation;
}

/** joblib/pickle functions that write or read a fitted object (read back by the safe pickle reader). */
const PICKLE_DUMPS: ReadonlySet<string> = new Set(["joblib.dump", "sklearn.externals.joblib.dump", "pickle.dump"]);
const PICKLE_LOADS: ReadonlySet<string> = new Set(["joblib.load", "sklearn.externals.joblib.load", "pickle.load"]);

/**
 * The names a pickled payload holds: `obj` (the whole file), `{"scaler": scaler, ...}` (by key), `[scaler, enc]` or
 * `(scaler, enc)` (by position, as `#0`, `#1`).
 */
function pickledNames(payload: A.Expr): Map<string, string | null> {
  const names = new Map<string, string | null>();
  if (payload.type === "Name") names.set(payload.id, null);
  else if (payload.type === "Dict") {
    payload.keys.forEach((k, i) => {
      if (k?.type === "Constant" && k.kind === "str" && payload.values[i]!.type === "Name") names.set((payload.values[i] as A.Name).id, k.value as string);
    });
  } else if (payload.type === "List" || payload.type === "Tuple") {
    payload.elts.forEach((e, i) => {
      if (e.type === "Name") names.set(e.id, `#${i}`);
    });
  }
  return names;
}

// (a pandas Series saved with `to_dict()` is read back as that dict: its values by label, as the notebook indexes it)
const TO_PLAIN = new Set(["tolist", "item", "copy", "to_dict"]);

/**
 * Finds where the notebook saves values to files: `json.dump(obj, f)`, `f.write(json.dumps(obj))`,
 * `np.save(p, X)`, `np.savez(p, mean=X)`, and lists of strings written one per line (`f.write("\n".join(X))`,
 * `for t in X: f.write(t + "\n")`), also inside the notebook's own function called at module level (`save_vocab(vocab,
 * "vocab.json")`, a tokenizer's `save` method read as a function).
 */
function findSaves(resolver: Resolver): Save[] {
  const { scope } = resolver;
  // in a function's body: the module's imports
  const { qualify } = resolver.at(0);
  const saves: Save[] = [];
  for (const top of scope.statements) {
    for (const call of ownCalls(top.stmt)) {
      const inside = savesInCall(call, top, resolver);
      if (inside) {
        saves.push(...inside);
        continue;
      }
      const q = qualify(call.func);
      if (q === "numpy.save" || q === "numpy.savez" || q === "numpy.savez_compressed") {
        const target = call.args[0] ?? call.keywords.find((k) => k.arg === "file")?.value;
        const file = target && fileOf(target, top.order, resolver, true);
        if (!file) continue;
        const names = new Map<string, string | null>();
        if (q === "numpy.save") {
          const name = call.args[1] && plainName(call.args[1]);
          if (name) names.set(name, null);
        } else {
          call.args.slice(1).forEach((a, i) => {
            const name = plainName(a);
            if (name) names.set(name, `arr_${i}`);
          });
          for (const kw of call.keywords) {
            const name = kw.arg && kw.arg !== "file" ? plainName(kw.value) : null;
            if (name) names.set(name, kw.arg);
          }
        }
        const npyFile = q === "numpy.save" && !/\.npy$/i.test(file) ? `${file}.npy` : q !== "numpy.save" && !/\.npz$/i.test(file) ? `${file}.npz` : file;
        if (names.size) saves.push({ file: npyFile, names, order: top.order, format: q === "numpy.save" ? "npy" : "npz" });
        continue;
      }
      if (q && PICKLE_DUMPS.has(q)) {
        const payload = call.args[0] ?? call.keywords.find((k) => k.arg === "value" || k.arg === "obj")?.value;
        const target = call.args[1] ?? call.keywords.find((k) => k.arg === "filename" || k.arg === "file")?.value;
        const file = target && (fileOf(target, top.order, resolver, true) ?? fileOf(target, top.order, resolver));
        const names = payload ? pickledNames(payload) : new Map<string, string | null>();
        if (file && names.size) saves.push({ file, names, order: top.order, format: "pickle", at: { cell: top.cell, line: call.line, column: call.col } });
        continue;
      }
      const lines = linesSave(call, loopAround(scope.statements, top.stmt), scope);
      if (lines && (call.func.type === "Attribute")) {
        const file = fileOf(call.func.value, top.order, resolver);
        if (file) saves.push({ file, names: new Map([[lines, null]]), order: top.order, format: "lines" });
        continue;
      }
      let payload: A.Expr | undefined;
      let target: A.Expr | undefined;
      if (q === "json.dump") {
        payload = call.args[0];
        target = call.args[1] ?? call.keywords.find((k) => k.arg === "fp")?.value;
      } else if (call.func.type === "Attribute" && (call.func.attr === "write" || call.func.attr === "write_text")) {
        const arg = call.args[0];
        if (arg?.type === "Call" && qualify(arg.func) === "json.dumps") {
          payload = arg.args[0];
          target = call.func.value;
        }
      }
      if (!payload || !target) continue;
      const file = fileOf(target, top.order, resolver);
      if (!file) continue;
      const names = new Map<string, string | null>();
      if (payload.type === "Name") names.set(payload.id, null);
      else if (payload.type === "Dict") {
        payload.keys.forEach((k, i) => {
          if (k?.type !== "Constant" || k.kind !== "str") return;
          const name = plainName(payload.values[i]!);
          if (name) names.set(name, k.value as string);
        });
      } else if (payload.type === "Call" && qualify(payload.func) === "dict") {
        for (const kw of payload.keywords) {
          const name = kw.arg && plainName(kw.value);
          if (name) names.set(name, kw.arg);
        }
      }
      const single = plainName(payload);
      if (single && payload.type !== "Name") names.set(single, null);
      if (names.size) saves.push({ file, names, order: top.order, format: "json" });
    }
  }
  return saves;
}

/**
 * What a call of the notebook's own function saves, at the call: the saves its body makes with the parameters bound
 * to the call's arguments, of module-level names or of names the call passes (`json.dump(vocab, f)` in
 * `save_vocab(word_index, path)` saves `word_index`). Null when the call is not of a notebook function.
 */
function savesInCall(call: A.Call, top: TopStmt, resolver: Resolver): Save[] | null {
  const inner = resolver.inCall(call, top.order);
  const def = call.func.type === "Name" ? resolver.scope.functions.get(call.func.id)?.def : undefined;
  if (!inner || !def) return null;
  const locals = functionFacts(def).locals;
  const passed = (n: string) => {
    const i = def.params.findIndex((p) => p.name === n);
    const p = def.params[i];
    const given = p && ((p.kind !== "keyword-only" ? call.args[i] : undefined) ?? call.keywords.find((k) => k.arg === n)?.value);
    return given ? plainName(given) : null;
  };
  return findSaves(inner).flatMap((s) => {
    const names = new Map<string, string | null>();
    for (const [n, key] of s.names) {
      const outer = locals.includes(n) ? passed(n) : n;
      if (outer) names.set(outer, key);
    }
    return names.size ? [{ ...s, names, order: top.order }] : [];
  });
}

/**
 * The name of a list of strings a `.write(...)` call saves one per line: `f.write("\n".join(X))`,
 * `f.writelines(t + "\n" for t in X)`, or `f.write(t + "\n")` inside `for t in X:`.
 */
function linesSave(call: A.Call, stmt: A.Stmt, scope: Resolver["scope"]): string | null {
  if (call.func.type !== "Attribute" || !["write", "write_text", "writelines"].includes(call.func.attr)) return null;
  const arg = call.args[0];
  if (!arg) return null;
  const isNewline = (x: A.Expr | undefined) => x?.type === "Constant" && x.kind === "str" && x.value === "\n";
  // "\n".join(X)
  if (arg.type === "Call" && arg.func.type === "Attribute" && arg.func.attr === "join" && isNewline(arg.func.value) && arg.args[0]) {
    return plainName(arg.args[0]);
  }
  // (t + "\n" for t in X), [f"{t}\n" for t in X]
  if ((arg.type === "GeneratorExp" || arg.type === "ListComp") && arg.generators.length === 1 && arg.generators[0]!.ifs.length === 0) {
    const g = arg.generators[0]!;
    if (g.target.type === "Name" && lineOf(arg.elt, g.target.id)) return plainName(g.iter);
  }
  // for t in X: f.write(t + "\n")
  if (stmt.type === "For" && stmt.target.type === "Name" && stmt.body.length === 1 && lineOf(arg, stmt.target.id)) return plainName(stmt.iter);
  void scope;
  return null;
}

/**
 * The `for` loop whose one statement is `stmt` (`for t in X: f.write(...)`, also inside `with open(...)`: the
 * flattened statements list a loop's body apart from it), else `stmt`.
 */
function loopAround(statements: readonly TopStmt[], stmt: A.Stmt): A.Stmt {
  return statements.find((t) => t.stmt.type === "For" && t.stmt.body.length === 1 && t.stmt.body[0] === stmt)?.stmt ?? stmt;
}

/** `t + "\n"` or `f"{t}\n"`: one line holding the loop variable `t`. */
function lineOf(e: A.Expr, v: string): boolean {
  if (e.type === "BinOp" && e.op === "+" && e.left.type === "Name" && e.left.id === v) {
    return e.right.type === "Constant" && e.right.value === "\n";
  }
  return e.type === "JoinedStr" && e.parts.length === 2 && typeof e.parts[0] !== "string" && (e.parts[0] as { value: A.Expr }).value.type === "Name" && ((e.parts[0] as { value: A.Name }).value.id === v) && e.parts[1] === "\n";
}

/** `X`, `X.tolist()`, `s.to_dict()`, `list(X)`, `float(X)`: the name whose value is saved. */
function plainName(e: A.Expr): string | null {
  if (e.type === "Name") return e.id;
  if (e.type === "Call" && e.args.length === 0 && e.func.type === "Attribute" && TO_PLAIN.has(e.func.attr)) {
    return plainName(e.func.value);
  }
  if (e.type === "Call" && e.func.type === "Name" && ["list", "float", "int", "dict", "str"].includes(e.func.id) && e.args.length === 1) {
    return plainName(e.args[0]!);
  }
  return null;
}

function fileOf(target: A.Expr, order: number, resolver: Resolver, bare = false): string | null {
  const { scope } = resolver;
  if (bare) {
    // np.save takes the path itself
    const v = resolver.evaluateAt(target, order);
    if (v && (v.k === "str" || v.k === "path")) return v.v;
  }
  if (target.type === "Call") {
    const q = resolver.at(order).qualify(target.func);
    if (q === "open" || q === "io.open" || q === "pathlib.Path") {
      const v = target.args[0] && resolver.evaluateAt(target.args[0], order);
      return v && (v.k === "str" || v.k === "path") ? v.v : null;
    }
    if (target.func.type === "Attribute" && target.func.attr === "open") return fileOf(target.func.value, order, resolver);
    return null;
  }
  if (target.type === "Name") {
    const v = resolver.evaluateAt(target, order + 1);
    if (v?.k === "file" || v?.k === "path" || v?.k === "str") return v.k === "file" ? v.path : v.v;
    const b = scope.bindingAt(target.id, order + 1);
    if (b?.value && (b.kind === "with" || b.kind === "assign")) return fileOf(b.value, b.order, resolver);
  }
  return null;
}

export class ConstantResolver {
  private readonly saves: Save[];

  constructor(
    private readonly resolver: Resolver,
    private readonly log: DiagnosticLog,
    private readonly executed: ReadonlyMap<string, PyValue> = new Map(),
  ) {
    this.saves = findSaves(resolver);
  }

  /**
   * Resolves `name` as the functions see it when run at global position `order`. `keysRead`: the string keys the
   * reading functions subscript it with, or null when `readers` are constants computed from it (which hold it
   * without applying it: a dict of transforms holding the training one).
   */
  resolve(name: string, order: number, readers: readonly string[], keysRead: readonly string[] | null = []): Constant | null {
    const { scope } = this.resolver;
    const b = scope.bindingAt(name, order);
    if (!b) return null;
    if (b.kind === "def" || b.kind === "class" || b.kind === "import") return null;
    const at = { cell: b.cell, line: b.stmt.line, column: b.stmt.col };
    const expression = b.value?.text ?? null;
    // `x = joblib.load("x.joblib")`, `x = pickle.load(f)`: the file, read by the safe pickle reader
    const loaded = this.fromPickleLoad(name, b);
    if (loaded) return loaded;
    const numpy = b.value ? this.numpyDtype(b.value, b.order, 0) : null;
    // a function that changes the constant in place is refused by translate, which says why
    const value = this.resolver.valueOf(name, order, false);
    if (value?.k === "object" && isUnrebuilt(value)) {
      // `model = bundle["model"]`: the model itself, which a pickle is never read for
      this.log.error({ code: "ANALYZE_PICKLE_REFUSED", message: `\`${name}\` is ${unrebuiltReason(value.cls)}`, at, suggestion: unrebuiltFix(value.cls) });
      return { name, source: { kind: "unresolved", at, expression }, numpy: null };
    }
    if (value !== undefined && value.k !== "file" && value.k !== "path" && value.k !== "session") {
      const json = toJson(value);
      if (json !== undefined) {
        return {
          name,
          source: { kind: "literal", at, expression: expression ?? name },
          value: json,
          data: this.withDefault(name, b, order, value),
          numpy: value.k === "ndarray" || value.k === "npscalar" ? { dtype: value.dtype } : numpy ? { dtype: numpy } : null,
          tuple: value.k === "tuple",
        };
      }
    }
    const saved = this.fromSavedFile(name, b);
    if (saved) return { ...saved, ...(saved.data ? { data: this.withDefault(name, b, order, saved.data) } : {}), numpy: numpy ? { dtype: numpy } : (saved.numpy ?? null) };
    // a value computed by pure code from other known values (a compiled regex, `np.linspace(0, 1, 5)`, a
    // comprehension over other constants) is code, not data: translate emits that code, which computes it when the
    // service starts
    const calls = new Set<string>();
    const deps = b.value && !this.scope().isMutated(name, b.order, order, false) ? this.pureDependencies(b.value, b.order, calls) : null;
    if (deps && deps.every((d) => this.knowable(d, b.order, new Set([name])))) {
      if (keysRead) this.refuseRandomTransforms(name, b, readers, keysRead);
      return {
        name,
        source: { kind: "literal", at, expression: b.value!.text },
        numpy: numpy ? { dtype: numpy } : null,
        dependsOn: deps,
        ...(calls.size ? { calls: [...calls] } : {}),
      };
    }
    const ran = this.executed.get(name);
    const unread = ran ? unreadSklearnLayout(ran) : null;
    if (ran && unread) {
      this.log.error({
        code: "ANALYZE_PICKLE_VERSION",
        message: `\`${name}\`, read from the notebook's run: ${unread}`,
        at,
        suggestion: "fit it with scikit-learn 1.0 to 1.5, or save its fitted attributes (e.g. scaler.mean_.tolist()) to JSON and compute with numpy",
      });
      return { name, source: { kind: "unresolved", at, expression }, numpy: null };
    }
    if (ran) {
      return {
        name,
        source: { kind: "executed", at, expression },
        value: toJson(ran) ?? null,
        data: ran,
        numpy: ran.k === "ndarray" || ran.k === "npscalar" ? { dtype: ran.dtype } : null,
        tuple: ran.k === "tuple",
      };
    }
    const cls = this.notebookClassOf(b.value);
    if (cls) {
      // --execute would not help: a run gives the object, and nb2svc translates no class
      this.log.error({
        code: "ANALYZE_CONSTANT_UNRESOLVED",
        message: `\`${name}\`, read by ${readers.map((r) => `\`${r}\``).join(", ")}, is an object of \`${cls}\`, a class the notebook defines${expression ? ` (\`${short(expression)}\`)` : ""}; nb2svc does not translate classes, and the object is saved nowhere nb2svc can read it`,
        at,
        suggestion: notebookObjectFix(name, cls),
      });
      return { name, source: { kind: "unresolved", at, expression }, numpy: null };
    }
    this.log.error({
      code: "ANALYZE_CONSTANT_UNRESOLVED",
      message: `\`${name}\`, read by ${readers.map((r) => `\`${r}\``).join(", ")}, is computed when the notebook runs${expression ? ` (\`${short(expression)}\`)` : ""} and saved nowhere nb2svc can read it`,
      at,
      suggestion: `add a cell after it that saves it next to the notebook, run it, and convert again:\n${this.fittedObject(b.value) ? `        import joblib\n        joblib.dump(${name}, "${name.toLowerCase()}.joblib")` : `        import json\n        with open("${name.toLowerCase()}.json", "w") as f:\n            json.dump(${saveExpression(name, numpy, readByLabel(this.resolver.scope.statements.map((t) => t.stmt), name))}, f)`}\n      (or run nb2svc with --execute to let it run the notebook and read the value)`,
    });
    return { name, source: { kind: "unresolved", at, expression }, numpy: numpy ? { dtype: numpy } : null };
  }

  private scope() {
    return this.resolver.scope;
  }

  /**
   * A transform the inference functions apply that is itself random (`T.Compose([T.RandomHorizontalFlip(), ...])`
   * shared by training and prediction, or the training entry of a dict of transforms, `data_transforms["train"](img)`):
   * each request would get another answer, so it is refused here, where the cell to change is known. A dict is
   * checked at the keys the functions subscript it with (`keysRead`); applied at a key known only per request, the
   * runtime raises the same when a random transform runs.
   */
  private refuseRandomTransforms(name: string, b: Binding, readers: readonly string[], keysRead: readonly string[]): void {
    const followed = new Set([name]);
    const walk = (e: A.Expr, found: string[]) => {
      if (e.type === "Name" && !followed.has(e.id)) {
        // `data_transforms = {"train": train_tf, ...}`: the transform a name holds
        followed.add(e.id);
        const v = this.scope().bindingAt(e.id, b.order)?.value;
        if (v) walk(v, found);
        return;
      }
      if (e.type !== "Call") return;
      const q = this.scope().qualify(e.func) ?? "";
      if (RANDOM_TRANSFORMS.has(q)) found.push(q.slice(q.lastIndexOf(".") + 1));
      else if (q === "torchvision.transforms.Compose") {
        const list = e.args[0] ?? e.keywords.find((k) => k.arg === "transforms")?.value;
        if (list?.type === "List" || list?.type === "Tuple") list.elts.forEach((x) => walk(x, found));
      }
    };
    const dict = b.value?.type === "Dict" ? b.value : null;
    const entries = dict
      ? dict.keys.flatMap((k, i) => (k?.type === "Constant" && k.kind === "str" ? [{ key: k.value as string, value: dict.values[i]! }] : []))
      : [];
    const random = (e: A.Expr) => {
      const found: string[] = [];
      walk(e, found);
      return found;
    };
    const applied = dict ? entries.filter((x) => keysRead.includes(x.key)).map((x) => ({ label: `${name}[${JSON.stringify(x.key)}]`, found: random(x.value) })) : b.value ? [{ label: name, found: random(b.value) }] : [];
    for (const { label, found } of applied) {
      if (found.length === 0) continue;
      const calm = dict ? entries.find((x) => !keysRead.includes(x.key) && random(x.value).length === 0) : undefined;
      this.log.error({
        code: "ANALYZE_RANDOM_TRANSFORM",
        message: `\`${label}\`, applied by ${readers.map((r) => `\`${r}\``).join(", ")}, holds ${found.map((f) => `\`${f}\``).join(", ")}: a random augmentation, so each request would get another answer`,
        at: { cell: b.cell, line: b.stmt.line, column: b.stmt.col },
        suggestion: calm
          ? `apply the evaluation entry where the notebook predicts: \`${name}[${JSON.stringify(calm.key)}]\` instead of \`${label}\``
          : `define an evaluation transform without the random steps (\`eval_${name} = transforms.Compose([...])\`, keeping the resizing, cropping, ToTensor and Normalize) and apply it where the notebook predicts; training can keep \`${label}\``,
      });
    }
  }

  /**
   * The class the notebook defines that `value` makes an object of: `Preprocessor()`, or a method called on it,
   * `Preprocessor().fit(X)` (fit methods return the object), or a class method that makes one,
   * `Tokenizer.load("vocab.txt")`.
   */
  private notebookClassOf(value: A.Expr | null | undefined): string | null {
    let e = value;
    while (e?.type === "Call") {
      if (e.func.type === "Name") return this.scope().classes.has(e.func.id) ? e.func.id : null;
      e = e.func.type === "Attribute" ? e.func.value : null;
      if (e?.type === "Name") return this.scope().classes.has(e.id) ? e.id : null;
    }
    return null;
  }

  /** A scikit-learn object (`MinMaxScaler(...)`, `make_pipeline(...)`): saved with joblib, since JSON cannot hold it. */
  private fittedObject(value: A.Expr | null | undefined): boolean {
    return value?.type === "Call" && (this.scope().qualify(value.func) ?? "").startsWith("sklearn.");
  }

  /** True when `name` (as it is just before `order`) can be resolved without running the notebook. */
  private knowable(name: string, order: number, visiting: Set<string>): boolean {
    if (visiting.has(name) || visiting.size > 50) return false;
    const b = this.scope().bindingAt(name, order);
    if (!b || b.kind !== "assign" || !b.value) return false;
    if (this.resolver.valueOf(name, order, false) !== undefined) return true;
    if (this.saves.some((s) => s.names.has(name) && s.order >= b.order)) return true;
    const deps = this.pureDependencies(b.value, b.order);
    if (!deps) return false;
    const inner = new Set(visiting).add(name);
    return deps.every((d) => this.knowable(d, b.order, inner));
  }

  /**
   * The module-level names a pure expression reads, or null when it is not pure: it may call only numpy, math, re
   * and side-effect-free builtins, and read only literals, comprehension variables and other constants; a lambda's
   * body may also call the notebook's functions, which go to `calls`.
   */
  pureDependencies(e: A.Expr, order: number, calls = new Set<string>()): string[] | null {
    const scope = this.scope();
    const deps = new Set<string>();
    const pure = (x: A.Expr, bound: ReadonlySet<string>): boolean => {
      switch (x.type) {
        case "Constant":
          return x.kind !== "bytes" && x.kind !== "complex";
        case "Name": {
          if (bound.has(x.id) || PURE_BUILTINS.has(x.id)) return true;
          if (scope.imports.has(x.id)) {
            const q = scope.imports.get(x.id)!;
            // a library module or class used only for its pure names (`transforms.Resize`) is no dependency either
            return PURE_MODULES.has(q.split(".")[0]!) || isPureLibraryName(q);
          }
          const b = scope.bindingAt(x.id, order);
          // a function the notebook defines is translated with what reads it: a lambda may call it
          // (`text_pipeline = lambda x: [vocab.get(t, 0) for t in tokenizer(x)]`)
          if (b?.kind === "def" && bound.has(LAMBDA_BODY) && scope.functions.has(x.id)) {
            calls.add(x.id);
            return true;
          }
          if (!b || b.kind !== "assign") return false;
          deps.add(x.id);
          return true;
        }
        case "Attribute": {
          const q = scope.qualify(x);
          if (q && scope.imports.has(q.split(".")[0]!) === false && PURE_MODULES.has(q.split(".")[0]!)) return true;
          if (q && isPureLibraryName(q)) return true;
          return pure(x.value, bound);
        }
        case "Call": {
          const q = x.func.type === "Name" ? x.func.id : scope.qualify(x.func);
          const lib = q !== null ? libraryEntry(q) : undefined;
          const moduleCall = q !== null && ((PURE_MODULES.has(q.split(".")[0]!) && !/^numpy\.random/.test(q)) || (lib?.kind === "function" && lib.pure === true));
          const builtin = x.func.type === "Name" && PURE_BUILTINS.has(x.func.id) && !scope.bindings.has(x.func.id);
          // a method is pure only when it is one of the value methods known to have no effect (a generator's
          // `rng.normal()` is not)
          const method = x.func.type === "Attribute" && !moduleCall && PURE_METHODS.has(x.func.attr) && pure(x.func.value, bound);
          if (!moduleCall && !builtin && !method) return false;
          return x.args.every((a) => pure(a.type === "Starred" ? a.value : a, bound)) && x.keywords.every((k) => pure(k.value, bound));
        }
        case "ListComp":
        case "SetComp":
        case "GeneratorExp":
        case "DictComp": {
          const inner = new Set(bound);
          for (const g of x.generators) {
            if (!pure(g.iter, inner)) return false;
            for (const n of targetNames(g.target)) inner.add(n);
            if (!g.ifs.every((c) => pure(c, inner))) return false;
          }
          return x.type === "DictComp" ? pure(x.key, inner) && pure(x.value, inner) : pure(x.elt, inner);
        }
        case "Lambda":
          // defining a lambda runs none of it (its body runs when it is called, as a def's does): it is a value when
          // its defaults are and every name its body reads from outside it is (`T.Lambda(lambda t: t.view(-1))`)
          return x.params.every((p) => p.default === null || pure(p.default, bound)) && functionFacts(x).freeNames.every((n) => pure({ ...x, type: "Name", id: n } as A.Name, new Set(bound).add(LAMBDA_BODY)));
        case "NamedExpr":
        case "Starred":
        case "UnsupportedExpr":
          return false;
        default:
          return childExprs(x).every((c) => pure(c, bound));
      }
    };
    return pure(e, new Set()) ? [...deps] : null;
  }

  /** A constant bound by `joblib.load(path)` / `pickle.load(file)` (also through `with open(...) as f`). */
  private fromPickleLoad(name: string, b: Binding): Constant | null {
    const call = b.kind === "assign" && b.value?.type === "Call" ? b.value : null;
    const q = call ? this.scope().qualify(call.func) : null;
    if (!call || !q || !PICKLE_LOADS.has(q)) return null;
    const arg = call.args[0] ?? call.keywords.find((k) => k.arg === "filename" || k.arg === "file")?.value;
    const file = arg && (fileOf(arg, b.order, this.resolver, true) ?? fileOf(arg, b.order, this.resolver));
    const at = { cell: b.cell, line: call.line, column: call.col };
    if (!file) return null;
    let result = loadPickleFile(file, this.resolver.dir);
    for (const i of b.element ?? []) {
      if (!result.ok) break;
      const v: PyValue = result.value;
      const item = v.k === "list" || v.k === "tuple" ? v.items[i] : undefined;
      result = item ? { ok: true, value: item } : { ok: false, kind: "unsupported", reason: `${file} does not hold a sequence to unpack into \`${name}\`` };
    }
    return this.pickleConstant(name, b, file, null, result, at, "load");
  }

  /** The constant a pickle read gives, or (with a diagnostic at the save or load) the executed value or an unresolved one. */
  private pickleConstant(name: string, b: Binding, file: string, key: string | null, loaded: PickleLoad, at: SourceLocation, how: "load" | "save"): Constant {
    // a model saved alone is refused here; beside transformers (a pipeline, a dict) it is a placeholder the service never calls
    const result: PickleLoad = loaded.ok && isUnrebuilt(loaded.value) ? { ok: false, kind: "refused", reason: `it holds ${unrebuiltReason(loaded.value.cls).replace(/^an? /, "a ")}` } : loaded;
    const bound = { cell: b.cell, line: b.stmt.line, column: b.stmt.col };
    const abs = path.resolve(this.resolver.dir, file);
    // a function the pickle names is translated with the object when the notebook defines it (at module level)
    const fn = result.ok ? notebookFunctionsIn(result.value).find((f) => !this.scope().functions.has(f)) : undefined;
    if (result.ok && fn) {
      this.log.error({
        code: "ANALYZE_PICKLE_FUNCTION",
        message: `\`${name}\` (${how === "load" ? "loaded from" : "saved to"} ${file}) calls \`${fn}\` (a FunctionTransformer's func), which the notebook does not define at module level; a pickle only names functions, and nb2svc translates the notebook's own`,
        at,
        suggestion: `define \`${fn}\` with def in a cell of the notebook, or use a numpy function (FunctionTransformer(np.log1p))`,
      });
      return { name, source: { kind: "unresolved", at: bound, expression: b.value?.text ?? null }, numpy: null };
    }
    if (result.ok) {
      return { name, source: { kind: "json-file", at: bound, file: abs, key, format: "pickle" }, value: toJson(result.value) ?? null, data: result.value, numpy: null };
    }
    const verb = how === "load" ? "loaded from" : "saved to";
    const code =
      result.kind === "missing" ? "ANALYZE_ARTIFACT_MISSING" : result.kind === "refused" ? "ANALYZE_PICKLE_REFUSED" : result.kind === "layout" ? "ANALYZE_PICKLE_VERSION" : "ANALYZE_PICKLE_UNREADABLE";
    const suggestion = result.notebookClass
      ? notebookObjectFix(name, result.notebookClass, "where the notebook pickles it")
      : result.kind === "missing"
        ? "run the notebook (so that it writes the file) and keep the file beside the .ipynb"
        : result.kind === "refused"
          ? loaded.ok
            ? unrebuiltFix(loaded.ok && loaded.value.k === "object" ? loaded.value.cls : "")
            : "save only fitted scikit-learn transformers and plain data (numbers, strings, lists, dicts, numpy arrays) in it: nb2svc reads pickles as data and never runs them"
          : result.kind === "layout"
            ? "fit and save it with scikit-learn 1.0 to 1.5, or save its fitted attributes (e.g. scaler.mean_.tolist()) to JSON and compute with numpy"
            : "re-run the cell that writes it (joblib.dump(obj, path) or pickle.dump(obj, f) with protocol 2 to 5)";
    const ran = this.executed.get(name);
    if (ran && result.kind !== "refused") {
      return { name, source: { kind: "executed", at: bound, expression: b.value?.text ?? null }, value: toJson(ran) ?? null, data: ran, numpy: null };
    }
    this.log.error({ code, message: `\`${name}\` is ${verb} ${file}: ${result.reason}`, at, suggestion });
    return { name, source: { kind: "unresolved", at: bound, expression: b.value?.text ?? null }, numpy: null };
  }

  /**
   * A dict that is a `collections.defaultdict` where the functions read it, with what its factory gives when that is
   * a constant: the last `name.default_factory = lambda: UNK` at module level before `order`, else the factory it was
   * made with (`defaultdict(int)`). A factory that gives another value each time (`lambda: len(vocab)`) is left out.
   */
  private withDefault(name: string, b: Binding, order: number, data: PyValue): PyValue {
    if (data.k !== "dict") return data;
    const { scope } = this.resolver;
    let factory: { e: A.Expr; order: number } | null = null;
    for (const t of scope.statements) {
      if (t.order <= b.order || t.order >= order) continue;
      const s = t.stmt;
      if (s.type === "Assign" && s.targets.length === 1 && s.targets[0]!.type === "Attribute" && s.targets[0]!.attr === "default_factory" && s.targets[0]!.value.type === "Name" && s.targets[0]!.value.id === name) factory = { e: s.value, order: t.order };
    }
    if (!factory && b.value?.type === "Call" && scope.qualify(b.value.func) === "collections.defaultdict" && b.value.args[0]) factory = { e: b.value.args[0], order: b.order };
    if (!factory) return data;
    const made = this.factoryValue(factory.e, factory.order);
    return made ? { ...data, default: made } : data;
  }

  /** What a defaultdict's factory gives, when it is a constant: `int`, `float`, `str`, or a lambda of known values. */
  private factoryValue(e: A.Expr, order: number): PyValue | null {
    const zero: Record<string, PyValue> = { int: { k: "int", v: 0 }, float: { k: "float", v: 0 }, str: { k: "str", v: "" }, bool: { k: "bool", v: false } };
    if (e.type === "Name") return this.resolver.scope.bindingAt(e.id, order) ? null : (zero[e.id] ?? null);
    if (e.type !== "Lambda" || e.params.length) return null;
    let reads = false;
    walkExpr(e.body, (x) => {
      if (x.type === "Call") reads = true;
    });
    // a call may give another value each time (`len(vocab)`)
    if (reads) return null;
    const v = this.staticValue(e.body, order);
    return v && ["none", "bool", "int", "float", "str"].includes(v.k) ? (v as PyValue) : null;
  }

  /**
   * The value `e` has at `order`, its names read from the files the notebook saved them to as well (`UNK =
   * word2idx["<unk>"]`, after `json.dump(word2idx, f)`), through a few assignments.
   */
  private staticValue(e: A.Expr, order: number, depth = 0): Value | undefined {
    const locals = new Map<string, Value | undefined>();
    walkExpr(e, (x) => {
      if (x.type !== "Name" || locals.has(x.id)) return;
      let v = this.resolver.valueOf(x.id, order);
      const b = this.resolver.scope.bindingAt(x.id, order);
      if (v === undefined && b?.kind === "assign") v = this.fromSavedFile(x.id, b)?.data ?? (depth < 3 && b.value ? this.staticValue(b.value, b.order, depth + 1) : undefined);
      if (v !== undefined) locals.set(x.id, v);
    });
    return this.resolver.evaluateAt(e, order, locals);
  }

  private fromSavedFile(name: string, b: Binding): Omit<Constant, "numpy"> & { numpy?: Constant["numpy"] } | null {
    // the last save of this name after it got its value
    const save = [...this.saves].reverse().find((s) => s.names.has(name) && s.order >= b.order);
    if (!save) return null;
    const key = save.names.get(name)!;
    const at = { cell: b.cell, line: b.stmt.line, column: b.stmt.col };
    const file = path.resolve(this.resolver.dir, save.file);
    if (save.format === "pickle") {
      let result = loadPickleFile(save.file, this.resolver.dir);
      if (result.ok && key !== null) {
        const v: PyValue = result.value;
        const item = key.startsWith("#")
          ? v.k === "list" || v.k === "tuple" ? v.items[Number(key.slice(1))] : undefined
          : v.k === "dict" ? v.entries.find(([k]) => k.k === "str" && k.v === key)?.[1] : undefined;
        result = item ? { ok: true, value: item } : { ok: false, kind: "unsupported", reason: `it holds no ${key.startsWith("#") ? `item ${key.slice(1)}` : `key "${key}"`} for \`${name}\`` };
      }
      return this.pickleConstant(name, b, save.file, key, result, save.at ?? at, "save");
    }
    if (save.format === "npy" || save.format === "npz") {
      const loaded = loadNumpyFile(save.file, this.resolver.dir);
      const data = loaded && key !== null ? (loaded.k === "dict" ? loaded.entries.find(([k]) => k.k === "str" && k.v === key)?.[1] : undefined) : loaded;
      if (!data) {
        this.log.error({
          code: "ANALYZE_ARTIFACT_MISSING",
          message: `\`${name}\` is saved by the notebook to ${save.file}${key ? ` (as "${key}")` : ""}, but that file is missing or unreadable next to the notebook`,
          at,
          suggestion: "run the notebook (so that it writes the file) and keep the file beside the .ipynb",
        });
        return null;
      }
      return { name, source: { kind: "json-file", at, file, key, format: save.format }, value: toJson(data) ?? null, data };
    }
    const text = readInside(save.file, this.resolver.dir);
    if (text !== undefined && save.format === "lines") {
      const lines = text.split("\n");
      if (lines[lines.length - 1] === "") lines.pop();
      const data: PyValue = { k: "list", items: lines.map((v) => ({ k: "str", v })) };
      return { name, source: { kind: "json-file", at, file, key: null, format: "lines" }, value: lines, data };
    }
    if (text === undefined) {
      this.log.error({
        code: "ANALYZE_ARTIFACT_MISSING",
        message: `\`${name}\` is saved by the notebook to ${save.file}, but that file is not next to the notebook`,
        at,
        suggestion: "run the notebook (so that it writes the file) and keep the file beside the .ipynb",
      });
      return null;
    }
    const whole = parseJsonValue(text);
    if (whole === undefined) {
      this.log.error({
        code: "ANALYZE_ARTIFACT_INVALID",
        message: `${save.file} is not valid JSON`,
        at,
        suggestion: "re-run the cell that writes it",
      });
      return null;
    }
    let data: PyValue | undefined = whole;
    if (key !== null) {
      data = whole.k === "dict" ? whole.entries.find(([k]) => k.k === "str" && k.v === key)?.[1] : undefined;
      if (data === undefined) {
        this.log.error({
          code: "ANALYZE_ARTIFACT_KEY_MISSING",
          message: `${save.file} has no key "${key}" for \`${name}\``,
          at,
          suggestion: "re-run the cell that writes it",
        });
        return null;
      }
    }
    return { name, source: { kind: "json-file", at, file, key, format: "json" }, value: toJson(data) ?? null, data };
  }

  /**
   * The dtype of a numpy value from the expression that made it: `.astype(np.float32)`, `np.array(..., dtype=)`,
   * `np.float32(x)`, reductions of known arrays. float64 for arrays whose dtype cannot be seen (numpy's default
   * for float data, and what sklearn data sets hold); null when the value is not a numpy array.
   */
  numpyDtype(e: A.Expr, order: number, depth: number): DType | null {
    if (depth > 20) return null;
    const { scope } = this.resolver;
    if (e.type === "Name") {
      const b = scope.bindingAt(e.id, order);
      return b?.value && b.kind === "assign" && !b.element ? this.numpyDtype(b.value, b.order, depth + 1) : null;
    }
    if (e.type === "BinOp") {
      const l = this.numpyDtype(e.left, order, depth + 1);
      const r = this.numpyDtype(e.right, order, depth + 1);
      if (l && r) return l === r ? l : l === "float64" || r === "float64" ? "float64" : l;
      return l ?? r;
    }
    if (e.type === "Subscript") return this.numpyDtype(e.value, order, depth + 1);
    if (e.type !== "Call") return null;
    const q = scope.qualify(e.func);
    const dtypeArg = e.keywords.find((k) => k.arg === "dtype")?.value;
    if (q && /^numpy\./.test(q)) {
      const scalar = /^numpy\.(float32|float64|int64|int32|uint8|bool_)$/.exec(q);
      if (scalar) return dtypeOf(e.func, { qualify: scope.qualify });
      if (dtypeArg) return dtypeOf(dtypeArg, { qualify: scope.qualify });
      if (/^numpy\.(array|asarray)$/.test(q) && e.args[1]) return dtypeOf(e.args[1], { qualify: scope.qualify });
      if (/^numpy\.(array|asarray)$/.test(q) && e.args[0]) {
        const v = this.resolver.evaluateAt(e.args[0], order);
        const arr = v && toNdarray(v, null);
        if (arr?.k === "ndarray") return arr.dtype;
        return this.numpyDtype(e.args[0], order, depth + 1) ?? "float64";
      }
      const first = e.args[0];
      if (/^numpy\.(zeros|ones|full|empty|arange|linspace|eye)$/.test(q)) return "float64";
      return (first && this.numpyDtype(first, order, depth + 1)) ?? "float64";
    }
    if (e.func.type === "Attribute") {
      const m = e.func.attr;
      if (m === "astype" && e.args[0]) return dtypeOf(e.args[0], { qualify: scope.qualify });
      if (m === "tolist" || m === "item") return null;
      if (["mean", "std", "var"].includes(m)) {
        const base = this.numpyDtype(e.func.value, order, depth + 1);
        return base === "float32" ? "float32" : "float64";
      }
      if (["sum", "min", "max", "copy", "reshape", "ravel", "flatten", "squeeze", "transpose", "clip", "round"].includes(m)) {
        return this.numpyDtype(e.func.value, order, depth + 1) ?? "float64";
      }
      if (m === "numpy" || m === "detach" || m === "cpu") return "float32"; // torch tensors default to float32
    }
    return null;
  }
}

/** The notebook functions (`__main__.f`, as the pickle reader names them) a fitted object holds. */
export function notebookFunctionsIn(v: PyValue): string[] {
  const out: string[] = [];
  const stack: PyValue[] = [v];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.k === "object") {
      if (x.cls === "builtins.function" && x.state.k === "str") out.push(x.state.v.replace(/^__main__\./, ""));
      else stack.push(x.state);
    } else if (x.k === "list" || x.k === "tuple" || x.k === "set") stack.push(...x.items);
    else if (x.k === "dict") for (const [k, y] of x.entries) stack.push(k, y);
  }
  return out;
}

/** A library constant, a pure library function, or a module that only leads to such names (src/pylib). */
function isPureLibraryName(q: string): boolean {
  const e = libraryEntry(q);
  if (e) return e.kind === "constant" || e.kind === "value" || (e.kind === "function" && e.pure === true);
  // a module of pure names only, read in a lambda's body (`T.Lambda(lambda im: im.filter(ImageFilter.SHARPEN))`)
  return isPureLibraryModule(q);
}

function short(s: string): string {
  const line = s.split("\n")[0]!;
  return line.length > 60 ? line.slice(0, 60) + "…" : line;
}

/**
 * What to save a value as in JSON: a pandas Series the notebook reads by label (`means["rooms"]`) as its dict
 * (`to_dict()`, read back as that dict), which a list would not keep; an array as its list.
 */
function saveExpression(name: string, numpy: DType | null, byLabel: boolean): string {
  if (byLabel) return `{"${name}": ${name}.to_dict()}`;
  return numpy ? `{"${name}": ${name}.tolist()}` : `{"${name}": ${name}}`;
}

/** Whether the notebook reads `name` by a string key anywhere (`means["rooms"]`), functions included. */
function readByLabel(statements: readonly A.Stmt[], name: string): boolean {
  let found = false;
  walkStmts(statements, (s) => {
    for (const e of stmtExprs(s)) {
      walkExpr(e, (x) => {
        if (x.type === "Subscript" && x.value.type === "Name" && x.value.id === name && x.slice.type === "Constant" && x.slice.kind === "str") found = true;
      });
    }
  });
  return found;
}


/** Why an object the pickle reader kept by name only (src/pickle/unrebuilt.ts) cannot be a constant. */
function unrebuiltReason(cls: string): string {
  return `a \`${cls.split(".").pop()}\` (\`${cls}\`) read from a pickle, which nb2svc does not rebuild: it rebuilds the scikit-learn transformers docs/sklearn.md lists, and a model runs from its ONNX file`;
}

/** scikit-learn modules of transformers (what a pipeline applies before its model), by their pickled paths. */
const TRANSFORMER_MODULES = /^sklearn\.(preprocessing|feature_selection|feature_extraction|decomposition|impute|kernel_approximation|random_projection|cross_decomposition|manifold)\b/;

/** The fix for an object nb2svc does not rebuild: a model runs from its ONNX file; a transformer goes into the ONNX or into numpy. */
function unrebuiltFix(cls: string): string {
  if (TRANSFORMER_MODULES.test(cls)) {
    const short = cls.split(".").pop();
    return `convert the ${short} into the ONNX model with the estimator (skl2onnx converts a Pipeline of both), or save the numbers it holds (its fitted attributes) to JSON and compute with numpy`;
  }
  return "run the model from the ONNX file the notebook exports (onnxruntime.InferenceSession(...).run) in the inference code, and keep using the transformers saved beside it (pipe.named_steps[\"scaler\"], bundle[\"scaler\"])";
}
