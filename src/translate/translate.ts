// translate: the Python functions (and the constants they read) of a ServicePlan to one TypeScript module, built
// with ts-morph. Each Python function becomes an internal function working on Python values, plus an export under
// its Python name that accepts plain JSON-like values.
import { cellLabel } from "../diagnostics/cells.ts";
import { readdirSync } from "node:fs";
import path from "node:path";
import { Project, VariableDeclarationKind, ts, type ImportDeclarationStructure, type OptionalKind, type SourceFile } from "ts-morph";
import { packageRoot } from "../assets.ts";
import { parsePython } from "../python/parse.ts";
import type * as A from "../python/pyast.ts";
import { namedParams } from "../python/walk.ts";
import type { Constant, PyFunction, PyValue } from "../analyze/types.ts";
import { DiagnosticLog } from "../diagnostics/log.ts";
import type { PythonCode, ServicePlan } from "../plan/types.ts";
import { formatTypeScript, isIdentifierText, printNode, requestFieldType } from "../codegen/ts-print.ts";
import { inferFunction, tsType, tsTypeNode, typeOfValue, UNKNOWN, type FunctionTypes, type PyType } from "./infer.ts";
import { FunctionEmitter, staticTypeNode, type CallSite, type EmittedFunction, type ModuleInfo, type Refusal } from "./emit.ts";
import { joinTypes, type Known, type StaticType } from "./static-types.ts";
import { rtCall } from "./glue-api.ts";
import { libraryEntry, runtimeAlias } from "../pylib/index.ts";
import { isUnrebuilt } from "../pickle/index.ts";
import { NameScope } from "./names.ts";
import type { TranslatedFunction, TranslatedModule } from "./types.ts";

const f = ts.factory;

/** The one input of translation: the plan's Python code (functions, constants, imports), and what it is for. */
export interface TranslateInput extends PythonCode {
  /** Where the code came from, for the module's header comment. */
  readonly origin: string;
  /**
   * The functions callers outside the module use: each gets an export taking plain JSON-like values. Others are
   * internal helpers. Default: every function.
   */
  readonly entries?: readonly string[];
  /**
   * What the caller passes an entry function, by parameter position, when it is more than a JSON-like value (the
   * service passes postprocessing the model's output array): the export takes that type (see EntryArgument).
   */
  readonly entryTypes?: Readonly<Record<string, readonly (EntryArgument | null)[]>>;
}

/**
 * An argument's type as the caller guarantees it: a static type (passed unconverted: the Python value of an array,
 * a str, a number or a bool is that value itself), or the TypeScript type of a JSON-like value the export converts to
 * Python values (a request field's type, the model's outputs as `readonly NDArray[]`).
 */
export type EntryArgument = StaticType | { readonly tsType: string };

const isStatic = (t: EntryArgument | null): t is StaticType => typeof t === "string";


export function translatePlan(plan: ServicePlan): Promise<TranslatedModule> {
  const entries = [plan.pipeline.preprocess, plan.pipeline.postprocess].filter((n): n is string => n !== null);
  return translate({ ...plan.code, origin: plan.notebook.fileName, entries, entryTypes: pipelineArgumentTypes(plan) });
}

/**
 * What the service's pipeline (src/generate/pipeline-module.ts) passes the entry functions: request fields the
 * request schema makes a str, a number or a bool (validated before the pipeline runs), the model's output array to
 * postprocessing fed one output (not the lists of dicts a ZipMap's outputs become), and the model's input arrays to
 * postprocessing that reads them.
 */
function pipelineArgumentTypes(plan: ServicePlan): Record<string, (EntryArgument | null)[]> {
  const out: Record<string, (EntryArgument | null)[]> = {};
  const params = (name: string) => plan.code.functions.find((fn) => fn.name === name)?.params.filter((p) => p.kind === "positional") ?? [];
  const { preprocess, postprocess, output } = plan.pipeline;
  // a record request passes the record itself (the PredictRecord interface, which is no Record<string, unknown>)
  if (preprocess && plan.request.style === "record") out[preprocess] = [{ tsType: "object" }];
  const scalar: Readonly<Record<string, StaticType>> = { string: "string", number: "number", integer: "number", boolean: "boolean" };
  /** What the pipeline passes for a request field, by name (null: no field of that name). */
  const fieldType = (name: string, hasDefault: boolean): EntryArgument | null => {
    const field = plan.request.fields.find((fld) => fld.name === name);
    const type = field?.schema.type;
    if (!field) return null;
    return field.required && !field.media && !hasDefault && typeof type === "string" && scalar[type] ? scalar[type] : { tsType: requestFieldType(field) };
  };
  if (preprocess && plan.request.style === "fields") out[preprocess] = params(preprocess).map((p) => fieldType(p.name, p.default !== undefined));
  const zipMaps = plan.pipeline.sessionOutputs === true && (plan.model.signature.rewrite?.zipMaps.length ?? 0) > 0;
  if (postprocess) {
    const outputs: EntryArgument | null = !zipMaps && params(postprocess).length >= 1 ? (output.kind === "output" ? "NDArray" : { tsType: "readonly NDArray[]" }) : null;
    // the model inputs it reads, as the request's preprocessing fed them
    const fed = (plan.pipeline.postprocessInputs ?? []).map((): EntryArgument => "NDArray");
    // and the request fields it reads, as preprocessing gets them
    const fields = (plan.pipeline.postprocessFields ?? []).map((name) =>
      preprocess && plan.request.style === "fields" ? fieldType(name, params(preprocess).find((p) => p.name === name)?.default !== undefined) : null,
    );
    if (outputs !== null || fed.length || fields.length) out[postprocess] = [outputs, ...fed, ...fields];
  }
  return out;
}

/** Every runtime source file, relative to src/runtime with `/` (the module imports some; esbuild drops what is unused). */
export function runtimeFiles(): string[] {
  const root = path.join(packageRoot(), "src", "runtime");
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => f.endsWith(".ts"))
    .sort();
}

interface Parsed {
  readonly fn: PyFunction;
  readonly def: A.FunctionDef;
}

export async function translate(input: TranslateInput): Promise<TranslatedModule> {
  const log = new DiagnosticLog();
  const at = (fn: PyFunction, loc: A.Loc) => {
    const origin = fn.origin?.[loc.line - 1];
    if (origin) return { cell: origin.cell, line: origin.line, column: Math.max(1, loc.col + origin.columnShift) };
    return { cell: fn.cell, line: fn.lineOffset + loc.line, column: loc.col + fn.column - 1 };
  };

  // parse each function's source again: the analysis keeps plain data, not trees
  const parsed: Parsed[] = [];
  for (const fn of input.functions) {
    const module = await parsePython(fn.source);
    const def = module.body[0];
    if (module.errors.length || def?.type !== "FunctionDef" || module.body.length !== 1) {
      const e = module.errors[0];
      log.error({
        code: "TRANSLATE_SYNTAX",
        message: `\`${fn.name}\` has a syntax error${e ? `: ${e.message}` : ""}`,
        at: e ? at(fn, e) : { cell: fn.cell, line: fn.line, column: fn.column },
        suggestion: "fix the cell so that Python can run it",
      });
      continue;
    }
    parsed.push({ fn, def });
  }

  const scope = new NameScope();
  const functions = new Map<string, { tsName: string; def: A.FunctionDef }>();
  for (const p of parsed) functions.set(p.fn.name, { tsName: scope.bind(p.fn.name), def: p.def });
  const constants = new Map<string, string>();
  const known = input.constants.filter((c) => c.data !== undefined || (c.source.kind === "literal" && c.data === undefined));
  for (const c of known) constants.set(c.name, scope.bind(c.name));
  const libraryModules = new Set<string>();
  const valueTypes = new Map<string, StaticType | null>();
  const returnTypes = new Map<string, StaticType | null>();
  const mod: ModuleInfo = { functions, constants, imports: new Map(Object.entries(input.imports)), scope, libraryModules, valueTypes, returnTypes };
  // notebook functions the constants call or hold: their parameters take what those pass (or anything)
  const constantCalls: CallSite[] = [];
  const constantFunctionUses = new Set<string>();

  // constants first: a function that reads one that cannot be emitted cannot be emitted either
  const constantStatements: { name: string; text: string; type: StaticType | null }[] = [];
  const unknownConstants = new Set(input.constants.filter((c) => !constants.has(c.name)).map((c) => c.name));
  for (const c of known) {
    const held = (py: string) => {
      constantFunctionUses.add(py);
      return functions.get(py)?.tsName;
    };
    const expr = c.data !== undefined ? constantExpression(c, libraryModules, log, held) : await expressionConstant(c, mod, log, constantCalls, constantFunctionUses);
    if (!expr) {
      unknownConstants.add(c.name);
      continue;
    }
    const type = new FunctionEmitter(mod).typeOf(expr);
    const known = type === "bottom" ? null : type;
    valueTypes.set(constants.get(c.name)!, known);
    constantStatements.push({ name: constants.get(c.name)!, text: printNode(expr), type: known });
  }

  const refused = new Set<string>();
  const emittable: Parsed[] = [];
  for (const p of calleesFirst(parsed)) {
    const { fn } = p;
    const missing = fn.globals.filter((g) => unknownConstants.has(g));
    if (missing.length) {
      refused.add(fn.name);
      log.error({
        code: "TRANSLATE_CONSTANT_UNKNOWN",
        message: `\`${fn.name}\` reads ${missing.map((m) => `\`${m}\``).join(", ")}, whose value nb2svc cannot know without running the notebook`,
        at: { cell: fn.cell, line: fn.line, column: fn.column },
        suggestion: "save the value to JSON in the notebook (see the diagnostic on its definition), or run nb2svc with --execute",
      });
      continue;
    }
    emittable.push(p);
  }
  // callees before callers, so that a caller knows what a callee returns
  const emitAll = (paramTypes: ReadonlyMap<string, readonly Known[]>): Map<string, EmittedFunction> => {
    const out = new Map<string, EmittedFunction>();
    for (const { fn, def } of emittable) {
      const result = new FunctionEmitter(mod).emitFunction(def, paramTypes.get(fn.name));
      returnTypes.set(functions.get(fn.name)!.tsName, result.returns);
      out.set(fn.name, result);
    }
    return out;
  };
  // first with every parameter unknown (what a function can be called with is not known yet)
  let emitted = emitAll(new Map());
  for (const [name, result] of emitted) {
    if (!result.refusals.length) continue;
    refused.add(name);
    const { fn } = parsed.find((p) => p.fn.name === name)!;
    for (const r of result.refusals) reportRefusal(log, fn, r, at);
  }
  // a function that calls a refused one is refused too, and says why
  let changed = true;
  while (changed) {
    changed = false;
    for (const { fn } of parsed) {
      if (refused.has(fn.name)) continue;
      const bad = fn.calls.filter((c) => refused.has(c));
      if (bad.length === 0) continue;
      refused.add(fn.name);
      emitted.delete(fn.name);
      changed = true;
      log.error({
        code: "TRANSLATE_CALLS_REFUSED",
        message: `\`${fn.name}\` calls ${bad.map((b) => `\`${b}\``).join(", ")}, which cannot be translated (see above)`,
        at: { cell: fn.cell, line: fn.line, column: fn.column },
        suggestion: "fix the called function first",
      });
    }
  }
  for (const name of refused) emitted.delete(name);
  // an argument the caller guarantees a static type for (and the parameter has no default) is passed as it is: the
  // Python value of an array, a str, a number or a bool is that value itself (py.fromJS returns it unchanged)
  const guaranteedTypes = new Map(
    parsed.map(({ fn, def }) => [
      fn.name,
      namedParams(def.params).map((p, i) => {
        const t = input.entryTypes?.[fn.name]?.[i] ?? null;
        return p.default || !isStatic(t) ? null : t;
      }),
    ]),
  );
  emitted = solveParameters(emitted, emitAll, {
    entries: input.entries ?? parsed.map((p) => p.fn.name),
    entryTypes: Object.fromEntries(guaranteedTypes),
    arity: new Map(parsed.map((p) => [p.fn.name, namedParams(p.def.params).length])),
    valueUses: constantFunctionUses,
    constantCalls,
  });

  const project = new Project({ useInMemoryFileSystem: true });
  const sf = project.createSourceFile("module.ts", "");
  sf.addStatements([
    `// Translated from ${JSON.stringify(input.origin).replace(/[\u2028\u2029]/g, " ")} by nb2svc: Python and numpy semantics come from ./runtime.`,
  ]);

  // in one insertion: ts-morph parses the module again after each
  sf.addVariableStatements(
    constantStatements.map((c) => ({ declarationKind: VariableDeclarationKind.Const, declarations: [{ name: c.name, type: printNode(staticTypeNode(c.type)), initializer: c.text }] })),
  );

  // signature types: callees before callers, so that a caller's parameters can take the callee's
  const constantTypes = new Map<string, PyType>();
  for (const c of input.constants) {
    if (c.numpy) constantTypes.set(c.name, { k: c.data?.k === "int" || c.data?.k === "float" ? "npscalar" : "ndarray" });
    else if (c.data) constantTypes.set(c.name, typeOfValue(c.data));
  }
  const inferred = new Map<string, FunctionTypes>();
  const inferCtx = { constants: constantTypes, functions: inferred, imports: mod.imports };
  const visiting = new Set<string>();
  const inferAll = (name: string) => {
    if (inferred.has(name) || visiting.has(name)) return;
    const p = parsed.find((x) => x.fn.name === name);
    if (!p) return;
    visiting.add(name);
    for (const callee of p.fn.calls) inferAll(callee);
    inferred.set(name, inferFunction(p.def, inferCtx));
  };
  for (const p of parsed) inferAll(p.fn.name);

  const exportsOut: TranslatedFunction[] = [];
  const isEntry = (name: string) => input.entries === undefined || input.entries.includes(name);
  for (const { fn, def } of parsed) {
    const body = emitted.get(fn.name);
    if (!body) continue;
    const tsName = functions.get(fn.name)!.tsName;
    // Python evaluates a default once, when the function is defined: a list default is shared by every call.
    // Defaults that are not plain literals become module constants to keep that.
    const initializers = body.params.map((p, i) => {
      if (!p.initializer) return undefined;
      const pyDefault = namedParams(def.params)[i]?.default;
      if (!pyDefault || pyDefault.type === "Constant" || (pyDefault.type === "UnaryOp" && pyDefault.operand.type === "Constant")) return printNode(p.initializer);
      const hoisted = scope.fresh(`${fn.name}_${(p.name as ts.Identifier).text}_default`);
      sf.addVariableStatement({ declarationKind: VariableDeclarationKind.Const, declarations: [{ name: hoisted, type: printNode(staticTypeNode(body.defaultTypes[i] ?? null)), initializer: printNode(p.initializer) }] });
      return hoisted;
    });
    sf.addFunction({
      name: tsName,
      docs: [`\`${fn.name}\` from ${cellLabel(fn.cell)}, line ${fn.line}.${def.docstring ? "\n\n" + def.docstring.trim() : ""}`.replace(/\*\//g, "*\\/")],
      parameters: body.params.map((p, i) => ({
        name: (p.name as ts.Identifier).text,
        type: p.type ? printNode(p.type) : "unknown",
        ...(initializers[i] ? { initializer: initializers[i] } : {}),
      })),
      returnType: printNode(staticTypeNode(body.returns)),
      statements: body.body.map(printNode),
    });
    if (!isEntry(fn.name)) continue;
    const params = namedParams(def.params);
    const guaranteed = guaranteedTypes.get(fn.name)!;
    // the function itself is the export when nothing needs converting: every argument passes as it is, and what it
    // returns is its own JSON-like value (an array, a str, a number, a bool)
    if (guaranteed.every((t) => t !== null) && body.returns !== null && body.returns !== "WeakFloat") {
      sf.addExportDeclaration({ namedExports: [{ name: tsName, alias: exportName(fn.name) === tsName ? undefined : exportName(fn.name) }] });
      exportsOut.push({
        name: fn.name,
        exportName: fn.name,
        params: params.map((p, i) => ({ name: p.name, type: printNode(staticTypeNode(guaranteed[i]!)), optional: false })),
        returnType: printNode(staticTypeNode(body.returns)),
      });
      continue;
    }
    // the export: plain JSON-like values in, converted to Python values (objects become dicts)
    const wrapper = scope.fresh(`${fn.name}Entry`);
    const sig = inferred.get(fn.name)!;
    const types = params.map((_, i) => {
      const g = guaranteed[i];
      if (g) return printNode(staticTypeNode(g));
      // a JSON-like value's TypeScript type as the caller gives it (converted to Python values below)
      const t = input.entryTypes?.[fn.name]?.[i] ?? null;
      return t && !isStatic(t) ? t.tsType : tsType(sig.params[i] ?? UNKNOWN, true);
    });
    const returnType = tsType(sig.returns, false);
    const wrapperScope = new NameScope(scope);
    const names = params.map((p) => wrapperScope.fresh(p.name));
    const argument = (n: string, i: number): ts.Expression => {
      const value = f.createIdentifier(n);
      if (guaranteed[i]) return value;
      if (!params[i]!.default) return rtCall("py", "fromJS", [value]);
      return f.createConditionalExpression(
        f.createBinaryExpression(value, ts.SyntaxKind.EqualsEqualsEqualsToken, f.createIdentifier("undefined")),
        undefined,
        f.createIdentifier("undefined"),
        undefined,
        rtCall("py", "fromJS", [value]),
      );
    };
    sf.addFunction({
      name: wrapper,
      parameters: params.map((p, i) => ({ name: names[i]!, type: types[i], hasQuestionToken: p.default !== null })),
      returnType,
      statements: [
        printNode(
          f.createReturnStatement(
            f.createAsExpression(rtCall("glue", "toJS", [f.createCallExpression(f.createIdentifier(tsName), undefined, names.map(argument))]), tsTypeNode(sig.returns, false)),
          ),
        ),
      ],
    });
    sf.addExportDeclaration({ namedExports: [{ name: wrapper, alias: exportName(fn.name) }] });
    exportsOut.push({
      name: fn.name,
      exportName: fn.name,
      params: params.map((p, i) => ({ name: p.name, type: types[i]!, optional: p.default !== null })),
      returnType,
    });
  }
  addUsedImports(sf, libraryModules);
  // TypeScript's formatter at two spaces, as ts-morph's formatText applies it, without its re-parse of the module
  return { text: formatTypeScript(sf.getFullText()), functions: exportsOut, runtimeFiles: runtimeFiles(), diagnostics: log.items };
}

interface ParameterContext {
  /** The functions called from outside the module, and what their callers guarantee (see TranslateInput). */
  readonly entries: readonly string[];
  readonly entryTypes: Readonly<Record<string, readonly (StaticType | null)[]>>;
  /** Each function's number of (non-variadic) parameters. */
  readonly arity: ReadonlyMap<string, number>;
  /** Functions the constants hold or call. */
  readonly valueUses: ReadonlySet<string>;
  readonly constantCalls: readonly CallSite[];
}

/**
 * Parameter types over the module: a parameter holds what its callers pass, so its type is the join of the
 * arguments at every call (its default's type included, and for an entry what the caller outside guarantees, else
 * unknown). A function used as a value (passed, stored in a constant) can be called with anything: its parameters
 * stay unknown. Emitting with assumed types changes what the bodies pass on, so this is solved like the locals
 * (emit.ts): from the emission with every parameter unknown, emit again with what the calls passed, until
 * assumptions and calls agree; if they do not within a few rounds, or a round refuses what the first did not, the
 * first emission stands (always consistent).
 */
function solveParameters(
  first: Map<string, EmittedFunction>,
  emitAll: (paramTypes: ReadonlyMap<string, readonly Known[]>) => Map<string, EmittedFunction>,
  ctx: ParameterContext,
): Map<string, EmittedFunction> {
  const keep = (all: Map<string, EmittedFunction>) => new Map([...first.keys()].map((n) => [n, all.get(n)!]));
  let current = first;
  let assumed = new Map<string, readonly Known[]>();
  for (let round = 0; round < 6; round++) {
    const observed = passedTypes(current, ctx);
    if (JSON.stringify([...observed].sort()) === JSON.stringify([...assumed].sort())) return current;
    assumed = observed;
    const next = keep(emitAll(assumed));
    if ([...next.values()].some((e) => e.refusals.length)) break;
    current = next;
  }
  // emitting again restores what the first emission knew of each function's return
  return keep(emitAll(new Map()));
}

/** What the calls of the emitted functions pass each function's parameters (only functions with a known one). */
function passedTypes(emitted: ReadonlyMap<string, EmittedFunction>, ctx: ParameterContext): Map<string, readonly Known[]> {
  const used = new Set(ctx.valueUses);
  const calls = new Map<string, (readonly (Known | "default")[])[]>();
  const note = (c: CallSite) => calls.set(c.callee, [...(calls.get(c.callee) ?? []), c.args]);
  ctx.constantCalls.forEach(note);
  for (const e of emitted.values()) {
    e.valueUses.forEach((u) => used.add(u));
    e.calls.forEach(note);
  }
  const out = new Map<string, readonly Known[]>();
  for (const [name, e] of emitted) {
    if (used.has(name)) continue;
    const sites = [...(calls.get(name) ?? [])];
    if (ctx.entries.includes(name)) sites.push(ctx.entryTypes[name] ?? []);
    if (sites.length === 0) continue;
    const types = Array.from({ length: ctx.arity.get(name) ?? 0 }, (_, i) => {
      let t: Known = e.params[i]?.initializer ? (e.defaultTypes[i] ?? null) : "bottom";
      for (const site of sites) {
        const a = site[i];
        t = joinTypes(t, a === "default" ? (e.defaultTypes[i] ?? null) : a === undefined || a === "bottom" ? null : a);
      }
      return t === "bottom" ? null : t;
    });
    if (types.some((t) => t !== null)) out.set(name, types);
  }
  return out;
}

/** Functions ordered so that each comes after the notebook functions it calls (a cycle keeps the given order). */
function calleesFirst(parsed: readonly Parsed[]): Parsed[] {
  const byName = new Map(parsed.map((p) => [p.fn.name, p]));
  const out: Parsed[] = [];
  const seen = new Set<string>();
  const visit = (p: Parsed) => {
    if (seen.has(p.fn.name)) return;
    seen.add(p.fn.name);
    for (const callee of p.fn.calls) {
      const c = byName.get(callee);
      if (c) visit(c);
    }
    out.push(p);
  };
  parsed.forEach(visit);
  return out;
}

/** The runtime modules the module's code names, imported before it (only those it uses). */
function addUsedImports(sf: SourceFile, libraryModules: ReadonlySet<string>): void {
  const text = sf.getFullText();
  const uses = (name: string) => new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(text);
  const imports: OptionalKind<ImportDeclarationStructure>[] = [];
  for (const [ns, file] of [["core", "core.ts"], ["glue", "glue.ts"], ["np", "np.ts"], ["py", "py.ts"], ["pymath", "pymath.ts"], ["pyre", "pyre.ts"]] as const) {
    if (uses(ns)) imports.push({ moduleSpecifier: `./runtime/${file}`, namespaceImport: ns });
  }
  for (const m of [...libraryModules].sort()) if (uses(runtimeAlias(m))) imports.push({ moduleSpecifier: `./runtime/${m}.ts`, namespaceImport: runtimeAlias(m) });
  const dicts = ["PyDict", "PyDefaultDict", "PySet"].filter(uses);
  if (dicts.length) imports.push({ moduleSpecifier: "./runtime/pydict.ts", namedImports: dicts });
  if (uses("ArrayInput")) imports.push({ moduleSpecifier: "./runtime/glue.ts", namedImports: [{ name: "ArrayInput", isTypeOnly: true }] });
  if (uses("NDArray")) imports.push({ moduleSpecifier: "./runtime/ndarray.ts", namedImports: [{ name: "NDArray", isTypeOnly: true }] });
  sf.insertImportDeclarations(0, imports);
}

/**
 * An export name: any identifier, reserved words included (`export { x as delete }` is valid), stays bare; other
 * text (not possible from Python, but cheap to be safe) becomes an ES2022 string export name.
 */
function exportName(name: string): string {
  return isIdentifierText(name) ? name : JSON.stringify(name);
}

function reportRefusal(log: DiagnosticLog, fn: PyFunction, r: Refusal, at: (fn: PyFunction, loc: A.Loc) => { cell: number; line: number; column: number }): void {
  log.error({
    code: "TRANSLATE_UNSUPPORTED",
    message: `in \`${fn.name}\`: \`${r.construct}\`: ${r.reason}`,
    at: at(fn, r.at),
    suggestion: r.suggestion,
  });
}

/**
 * A constant as the notebook held it: a value saved as a list but held as a numpy array (`MEAN.tolist()` in the
 * JSON, `MEAN` a float32 array in the notebook) becomes that array again. Null (with an error) when it holds an
 * object of a class the runtime cannot rebuild.
 */
function constantExpression(c: Constant, libraryModules: Set<string>, log: DiagnosticLog, functionName?: (py: string) => string | undefined): ts.Expression | null {
  const v = c.data!;
  const dtype = c.numpy?.dtype;
  if (dtype && v.k !== "ndarray" && v.k !== "npscalar") {
    if (v.k === "list" || v.k === "tuple") return rtCall("np", "array", [valueExpression(v), f.createStringLiteral(dtype)]);
    if (v.k === "int" || v.k === "float" || v.k === "bool") return rtCall("np", dtype === "bool" ? "bool_" : dtype, [valueExpression(v)]);
  }
  try {
    return valueExpression(v, libraryModules, functionName);
  } catch (e) {
    if (!(e instanceof UnknownClass)) throw e;
    log.error({
      code: "TRANSLATE_UNKNOWN_CLASS",
      message: `\`${c.name}\` holds a \`${e.cls}\` object, which nb2svc's runtime cannot rebuild`,
      ...(c.source.at ? { at: c.source.at } : {}),
      suggestion: "save the numbers it holds (e.g. its fitted attributes) to JSON and compute with numpy instead",
    });
    return null;
  }
}

class UnknownClass extends Error {
  constructor(readonly cls: string) {
    super(cls);
  }
}

/**
 * A constant's exact Python value as TypeScript: dicts keep order and key types, integral floats stay floats. Objects
 * of library classes are rebuilt by their runtime's `restore` (the runtime modules used are added to `libraryModules`).
 */
export function valueExpression(v: PyValue, libraryModules?: Set<string>, functionName?: (py: string) => string | undefined): ts.Expression {
  const inner = (x: PyValue): ts.Expression => valueExpression(x, libraryModules, functionName);
  const num = (n: number): ts.Expression =>
    !Number.isFinite(n)
      ? f.createPropertyAccessExpression(f.createIdentifier("Number"), Number.isNaN(n) ? "NaN" : n > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY")
      : n < 0 || Object.is(n, -0)
        ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(Math.abs(n).toString()))
        : f.createNumericLiteral(n.toString());
  switch (v.k) {
    case "none":
      return f.createNull();
    case "bool":
      return v.v ? f.createTrue() : f.createFalse();
    case "int":
      return num(v.v);
    case "float":
      return Number.isInteger(v.v) ? rtCall("core", "weakFloat", [num(v.v)]) : num(v.v);
    case "str":
      return f.createStringLiteral(v.v);
    case "list":
      return f.createArrayLiteralExpression(v.items.map(inner), v.items.length > 16);
    case "tuple":
      return rtCall("core", "tuple", [f.createArrayLiteralExpression(v.items.map(inner))]);
    case "set":
      return f.createNewExpression(f.createIdentifier("PySet"), undefined, [f.createArrayLiteralExpression(v.items.map(inner))]);
    case "dict": {
      const entries = f.createArrayLiteralExpression(
        v.entries.map(([k, x]) => f.createArrayLiteralExpression([inner(k), inner(x)])),
        v.entries.length > 4,
      );
      // a defaultdict whose factory gives a constant
      if (v.default) return f.createNewExpression(f.createIdentifier("PyDefaultDict"), undefined, [inner(v.default), entries]);
      return f.createNewExpression(f.createIdentifier("PyDict"), undefined, [entries]);
    }
    case "ndarray": {
      if (v.dtype === "str") return rtCall("np", "array", [jsonArray(v.value), f.createStringLiteral("str")]);
      const flat = ([v.value] as unknown[]).flat(Infinity as 1) as (number | boolean)[];
      if (flat.length <= 256) return rtCall("np", "array", [jsonArray(v.value), f.createStringLiteral(v.dtype)]);
      return rtCall("glue", "arrayFromBase64", [f.createStringLiteral(base64Of(flat, v.dtype)), f.createStringLiteral(v.dtype), f.createArrayLiteralExpression(shapeOf(v.value).map((n) => f.createNumericLiteral(n)))]);
    }
    case "npscalar":
      return rtCall("np", v.dtype === "bool" ? "bool_" : v.dtype, [typeof v.v === "boolean" ? (v.v ? f.createTrue() : f.createFalse()) : num(v.v)]);
    case "object": {
      // a notebook function a fitted object holds (a FunctionTransformer's func): the function translated with it
      const fn = v.cls === "builtins.function" && v.state.k === "str" ? functionName?.(v.state.v.replace(/^__main__\./, "")) : undefined;
      if (fn) return f.createIdentifier(fn);
      // a model the pickle holds beside its transformers: a placeholder that raises when used
      if (isUnrebuilt(v) && libraryModules) {
        libraryModules.add("sklearn/values");
        return f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(runtimeAlias("sklearn/values")), "restoreUnrebuilt"), undefined, [f.createStringLiteral(v.cls)]);
      }
      const entry = libraryEntry(v.cls);
      if (entry?.kind !== "class" || !libraryModules) throw new UnknownClass(v.cls);
      libraryModules.add(entry.module);
      return f.createCallExpression(
        f.createPropertyAccessExpression(f.createIdentifier(runtimeAlias(entry.module)), entry.restore),
        undefined,
        [inner(v.state)],
      );
    }
  }
}

function shapeOf(j: unknown): number[] {
  return Array.isArray(j) ? [j.length, ...(j.length ? shapeOf(j[0]) : [])] : [];
}

function base64Of(flat: readonly (number | boolean)[], dtype: string): string {
  const n = flat.map(Number);
  const typed =
    dtype === "float32" ? new Float32Array(n) : dtype === "int32" ? new Int32Array(n) : dtype === "uint8" || dtype === "bool" ? new Uint8Array(n) : new Float64Array(n);
  return Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).toString("base64");
}

function jsonArray(j: unknown): ts.Expression {
  if (Array.isArray(j)) return f.createArrayLiteralExpression(j.map(jsonArray), j.length > 16);
  if (typeof j === "boolean") return j ? f.createTrue() : f.createFalse();
  if (typeof j === "string") return f.createStringLiteral(j);
  const n = j as number;
  return n < 0 ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(String(-n))) : f.createNumericLiteral(String(n));
}

/** A constant defined by pure code from literals (`re.compile(r"...")`), translated like a function's code. */
async function expressionConstant(c: Constant, mod: ModuleInfo, log: DiagnosticLog, calls: CallSite[], functionUses: Set<string>): Promise<ts.Expression | null> {
  if (c.source.kind !== "literal") return null;
  const module = await parsePython(c.source.expression);
  const stmt = module.body[0];
  if (module.errors.length || stmt?.type !== "Expr") return null;
  const def: A.FunctionDef = {
    ...stmt,
    type: "FunctionDef",
    name: c.name,
    nameLoc: stmt,
    params: [],
    returns: null,
    body: [{ ...stmt, type: "Return", value: stmt.value }],
    decorators: [],
    isAsync: false,
    docstring: null,
  };
  const emitted = new FunctionEmitter(mod).emitFunction(def);
  const { body, refusals } = emitted;
  calls.push(...emitted.calls);
  emitted.valueUses.forEach((u) => functionUses.add(u));
  if (refusals.length) {
    for (const r of refusals) {
      log.error({
        code: "TRANSLATE_UNSUPPORTED",
        message: `in the value of \`${c.name}\`: \`${r.construct}\`: ${r.reason}`,
        at: c.source.at,
        suggestion: r.suggestion,
      });
    }
    return null;
  }
  const ret = body.find((s): s is ts.ReturnStatement => ts.isReturnStatement(s));
  return ret?.expression ?? null;
}
