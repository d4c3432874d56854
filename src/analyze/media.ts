// media: which parameters of the entry preprocessing function are images. A parameter is an image when it reaches an
// image read (`Image.open`, `cv2.imread`/`cv2.imdecode`, Keras' `load_img`, `torchvision.io.read_image`) unchanged,
// or through the wrappers notebooks put around a file's bytes (`io.BytesIO(x)`, `np.frombuffer(x, np.uint8)`,
// `open(x, "rb").read()`): the service then receives the image file itself and hands its bytes where the notebook
// handed a path. The notebook's examples that called the function with a literal path become `{"$file": path}`
// goldens (the file must be inside the notebook's folder), replayed by sending that file.
import path from "node:path";
import type { Parser } from "web-tree-sitter";
import type { DiagnosticLog } from "../diagnostics/log.ts";
import { readBytesInside } from "../notebook-files.ts";
import { parseWith } from "../python/parse.ts";
import type * as A from "../python/pyast.ts";
import type { Golden, Json, PyFunction } from "./types.ts";
import { childBlocks, childExprs, namedParams, stmtExprs, targetNames } from "../python/walk.ts";

/** What a request field holds when it is not JSON data. */
export type Media = "image";

/** Calls that decode an image from the value of their first argument (a path in the notebook, bytes in the service). */
const IMAGE_READS: ReadonlySet<string> = new Set([
  "PIL.Image.open",
  "cv2.imread",
  "cv2.imdecode",
  "torchvision.io.read_image",
  "torchvision.io.decode_image",
  "torchvision.io.image.read_image",
  "torchvision.io.image.decode_image",
  ...["keras", "tensorflow.keras", "tf.keras"].flatMap((root) =>
    ["utils", "preprocessing.image", "utils.image_utils"].map((sub) => `${root}.${sub}.load_img`),
  ),
]);

/** The keyword that names an image read's first parameter, for `Image.open(fp=path)`. */
const FIRST_PARAM = new Set(["fp", "filename", "buf", "path", "input"]);

/** Calls whose result is their first argument's bytes, as the image reads take them. */
const BYTE_WRAPPERS: ReadonlySet<string> = new Set([
  "io.BytesIO",
  "numpy.frombuffer",
  "numpy.asarray",
  "numpy.array",
  "bytes",
  "bytearray",
  "memoryview",
  "torchvision.io.read_file",
  "torchvision.io.image.read_file",
  "torch.frombuffer",
]);

/** Calls that make a path from a path: the service has bytes there, so the parameter cannot be served as an image. */
const PATH_MAKERS: ReadonlySet<string> = new Set([
  "os.path.join",
  "os.path.abspath",
  "os.path.expanduser",
  "os.path.normpath",
  "os.fspath",
  "pathlib.Path",
  "pathlib.PurePath",
  "str",
]);

/** Where a value comes from: a parameter, unchanged (`bytes`), as an open file (`file`), or made into another path. */
interface Source {
  readonly param: string;
  readonly kind: "bytes" | "file" | "path";
  /** For `path`: the expression that made the path, for the diagnostic. */
  readonly via?: A.Expr;
}

export interface ImageParams {
  /** Parameters of the function that are images, in parameter order. */
  readonly params: readonly string[];
  /** Parameters that reach an image read only after a path was made from them (`os.path.join(DIR, name)`). */
  readonly paths: readonly { readonly param: string; readonly via: A.Expr; readonly fn: PyFunction }[];
}

interface Context {
  readonly parser: Parser;
  readonly functions: ReadonlyMap<string, PyFunction>;
  readonly qualify: (e: A.Expr) => string | null;
  /** Per function: its parsed definition (parsed once). */
  readonly defs: Map<string, A.FunctionDef | null>;
  /** Functions being analysed (recursion guard). */
  readonly active: Set<string>;
  readonly cache: Map<string, ImageParams>;
}

/**
 * The image parameters of `fn`: those that flow, unchanged or as bytes, into an image read in its body or in the
 * notebook functions it passes them to.
 */
export function imageParameters(parser: Parser, fn: PyFunction, functions: readonly PyFunction[], imports: Readonly<Record<string, string>>): ImageParams {
  const qualify = (e: A.Expr): string | null => {
    if (e.type === "Name") return imports[e.id] ?? e.id;
    if (e.type === "Attribute") {
      const base = qualify(e.value);
      return base === null ? null : `${base}.${e.attr}`;
    }
    return null;
  };
  const ctx: Context = { parser, functions: new Map(functions.map((f) => [f.name, f])), qualify, defs: new Map(), active: new Set(), cache: new Map() };
  return analyseFunction(ctx, fn);
}

function definition(ctx: Context, fn: PyFunction): A.FunctionDef | null {
  if (!ctx.defs.has(fn.name)) {
    const module = parseWith(ctx.parser, fn.source);
    const def = module.body.find((s): s is A.FunctionDef => s.type === "FunctionDef");
    ctx.defs.set(fn.name, def ?? null);
  }
  return ctx.defs.get(fn.name)!;
}

function analyseFunction(ctx: Context, fn: PyFunction): ImageParams {
  const known = ctx.cache.get(fn.name);
  if (known) return known;
  const none: ImageParams = { params: [], paths: [] };
  const def = definition(ctx, fn);
  if (!def || ctx.active.has(fn.name)) return none;
  ctx.active.add(fn.name);
  try {
    const env = new Map<string, Source>();
    for (const p of namedParams(def.params)) env.set(p.name, { param: p.name, kind: "bytes" });
    const images = new Set<string>();
    const paths: { param: string; via: A.Expr; fn: PyFunction }[] = [];
    const reads = (s: Source | null) => {
      if (!s) return;
      if (s.kind === "bytes") images.add(s.param);
      else if (s.kind === "path" && s.via && !paths.some((p) => p.param === s.param)) paths.push({ param: s.param, via: s.via, fn });
    };
    const visitExpr = (e: A.Expr) => {
      if (e.type === "Lambda") return;
      if (e.type === "Call") {
        const q = ctx.qualify(e.func);
        if (q && IMAGE_READS.has(q)) reads(sourceOf(ctx, env, firstArgument(e)));
        else if (e.func.type === "Name" && ctx.functions.has(e.func.id) && !env.has(e.func.id)) {
          // a notebook function given a parameter: an image there is an image here
          const callee = ctx.functions.get(e.func.id)!;
          const inner = analyseFunction(ctx, callee);
          const calleeDef = definition(ctx, callee);
          if (calleeDef) {
            const bound = bindCall(calleeDef, e);
            for (const [param, arg] of bound) {
              const s = sourceOf(ctx, env, arg);
              if (!s) continue;
              if (inner.params.includes(param)) reads(s);
              else {
                const p = inner.paths.find((x) => x.param === param);
                if (p && s.kind === "bytes" && !paths.some((x) => x.param === s.param)) paths.push({ param: s.param, via: p.via, fn: p.fn });
              }
            }
          }
        }
      }
      for (const c of childExprs(e)) visitExpr(c);
    };
    const visit = (body: readonly A.Stmt[]) => {
      for (const s of body) {
        if (s.type === "FunctionDef" || s.type === "ClassDef") continue;
        for (const e of stmtExprs(s)) visitExpr(e);
        if (s.type === "Assign" || s.type === "AnnAssign") {
          const value = s.value;
          const targets = s.type === "Assign" ? s.targets : [s.target];
          const src = value ? sourceOf(ctx, env, value) : null;
          for (const t of targets) {
            for (const name of targetNames(t)) {
              // a name rebound to something else no longer carries the parameter
              if (src && t.type === "Name") env.set(name, src);
              else env.delete(name);
            }
          }
        } else if (s.type === "With") {
          for (const item of s.items) {
            const src = sourceOf(ctx, env, item.context);
            if (item.vars?.type === "Name") {
              if (src) env.set(item.vars.id, src);
              else env.delete(item.vars.id);
            }
          }
        } else if (s.type === "For") {
          for (const name of targetNames(s.target)) env.delete(name);
        }
        for (const b of childBlocks(s)) visit(b);
      }
    };
    visit(def.body);
    const order = def.params.map((p) => p.name);
    const result: ImageParams = { params: order.filter((p) => images.has(p)), paths: paths.filter((p) => !images.has(p.param)) };
    ctx.cache.set(fn.name, result);
    return result;
  } finally {
    ctx.active.delete(fn.name);
  }
}

/** The image read's first argument (positional, or by its keyword). */
function firstArgument(e: A.Call): A.Expr | null {
  const a = e.args[0];
  if (a && a.type !== "Starred") return a;
  return e.keywords.find((k) => k.arg !== null && FIRST_PARAM.has(k.arg))?.value ?? null;
}

/** A call's arguments bound to the callee's parameter names. */
function bindCall(def: A.FunctionDef, call: A.Call): Map<string, A.Expr> {
  const out = new Map<string, A.Expr>();
  const positional = def.params.filter((p) => p.kind === "positional" || p.kind === "positional-only");
  call.args.forEach((a, i) => {
    if (a.type !== "Starred" && positional[i]) out.set(positional[i]!.name, a);
  });
  for (const k of call.keywords) if (k.arg && def.params.some((p) => p.name === k.arg)) out.set(k.arg, k.value);
  return out;
}

/** Where the value of `e` comes from, when it is one of the function's parameters (as bytes, a file or a path). */
function sourceOf(ctx: Context, env: ReadonlyMap<string, Source>, e: A.Expr | null): Source | null {
  if (!e) return null;
  switch (e.type) {
    case "Name":
      return env.get(e.id) ?? null;
    case "Call": {
      const q = ctx.qualify(e.func);
      const first = e.args[0] && e.args[0].type !== "Starred" ? e.args[0] : null;
      if (q === "open" && !isShadowed(env, "open")) {
        const s = sourceOf(ctx, env, first);
        const mode = e.args[1] ?? e.keywords.find((k) => k.arg === "mode")?.value;
        const binary = mode?.type === "Constant" && typeof mode.value === "string" && mode.value.includes("b") && !/[wax+]/.test(mode.value);
        if (s?.kind === "bytes" && binary) return { param: s.param, kind: "file" };
        return s ? { param: s.param, kind: "path", via: e } : null;
      }
      // f.read(): the file's bytes
      if (e.func.type === "Attribute" && e.func.attr === "read" && e.args.length === 0) {
        const s = sourceOf(ctx, env, e.func.value);
        if (s?.kind === "file") return { param: s.param, kind: "bytes" };
        return null;
      }
      // Path(p).read_bytes()
      if (e.func.type === "Attribute" && e.func.attr === "read_bytes") {
        const s = sourceOf(ctx, env, e.func.value);
        return s ? { param: s.param, kind: "path", via: e } : null;
      }
      if (q && BYTE_WRAPPERS.has(q)) {
        const s = sourceOf(ctx, env, first);
        return s && s.kind === "bytes" ? s : s ? { ...s, via: s.via ?? e } : null;
      }
      if (q && PATH_MAKERS.has(q)) {
        for (const a of [...e.args, ...e.keywords.map((k) => k.value)]) {
          const s = sourceOf(ctx, env, a);
          if (s) return { param: s.param, kind: "path", via: s.via ?? e };
        }
      }
      return null;
    }
    case "BinOp": {
      // DIR + name, Path(DIR) / name
      if (e.op !== "+" && e.op !== "/") return null;
      const s = sourceOf(ctx, env, e.left) ?? sourceOf(ctx, env, e.right);
      return s ? { param: s.param, kind: "path", via: s.via ?? e } : null;
    }
    case "JoinedStr": {
      for (const c of childExprs(e)) {
        const s = sourceOf(ctx, env, c);
        if (s) return { param: s.param, kind: "path", via: s.via ?? e };
      }
      return null;
    }
    default:
      return null;
  }
}

function isShadowed(env: ReadonlyMap<string, Source>, name: string): boolean {
  return env.has(name);
}

/** Where a line of a function's source is in the notebook. */
export function locate(fn: PyFunction, line: number, column: number): { cell: number; line: number; column: number } {
  const o = fn.origin?.[line - 1];
  if (o) return { cell: o.cell, line: o.line, column: column + o.columnShift };
  return { cell: fn.cell, line: fn.lineOffset + line, column: line === 1 ? column + fn.column - 1 : column };
}

/**
 * The examples' image arguments as `{"$file": path}`, the path relative to the notebook's folder: a literal path the
 * notebook passed (`preprocess("samples/cat.png")`), or a `$file` recovery already made. An example whose image is
 * missing, or outside the notebook's folder, cannot be replayed: it is left out, with a warning.
 */
export function imageGoldens(goldens: readonly Golden[], images: readonly string[], dir: string, log: DiagnosticLog): Golden[] {
  if (images.length === 0) return [...goldens];
  const out: Golden[] = [];
  for (const g of goldens) {
    const input: { [name: string]: Json } = { ...g.input };
    let problem: string | null = null;
    for (const name of images) {
      const v = input[name];
      if (v === undefined) continue;
      const p = typeof v === "string" ? v : v !== null && typeof v === "object" && !Array.isArray(v) && typeof v.$file === "string" ? v.$file : null;
      if (p === null) {
        problem = `the example gives \`${name}\` ${JSON.stringify(v).slice(0, 60)}, not the path of an image file`;
        break;
      }
      const rel = fileInside(p, dir);
      if (rel === null) {
        problem = `the example's image ${JSON.stringify(p)} is missing or outside the notebook's folder`;
        break;
      }
      input[name] = { $file: rel };
    }
    if (problem) {
      log.warning({
        code: "ANALYZE_GOLDEN_IMAGE",
        message: `${problem}, so the service's tests cannot send it; this example is left out`,
        at: { cell: g.cell, line: 1, column: 1 },
        suggestion: "keep the example images in the notebook's folder (or below it) and open them by a relative path",
      });
      continue;
    }
    out.push({ ...g, input });
  }
  return out;
}

/** A file inside `dir` (symbolic links resolved), as a POSIX path relative to it; null when missing or outside. */
export function fileInside(p: string, dir: string): string | null {
  if (p === "" || p.includes("\0")) return null;
  if (readBytesInside(p, dir) === undefined) return null;
  const rel = path.relative(path.resolve(dir), path.resolve(dir, p));
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join("/");
}
