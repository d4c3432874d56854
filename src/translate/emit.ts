// Python AST to TypeScript AST, one function at a time. Every Python operation becomes a call into the runtime, which
// implements Python's and numpy's semantics; what the runtime cannot do exactly is refused here, with the construct,
// its location and a fix, and nothing of a refused function is emitted.
import { ts } from "ts-morph";
import { dtypeOf } from "../python/dtypes.ts";
import type * as A from "../python/pyast.ts";
import { functionFacts } from "../python/scope.ts";
import { namedParams, targetNames } from "../python/walk.ts";
import { convertPattern, FLAGS as RE_FLAGS } from "../runtime/pyre.ts";
import { NP_FUNCTIONS, NDARRAY_METHODS } from "../runtime/np-signatures.ts";
import { UNARY_OPERATORS, ufuncOf } from "../runtime/operators.ts";
import { firstAssignedLocals, typeableParams, type FirstAssigned } from "./locals.ts";
import { RUNTIME_RETURNS } from "./runtime-returns.ts";
import { joinTypes, type Known, type StaticType } from "./static-types.ts";
import { BINARY, BUILTINS, COMPARE, REFUSED_BUILTINS, UNARY, rt, rtCall } from "./glue-api.ts";
import { NameScope } from "./names.ts";
import { libraryEntry, runtimeAlias, translatedNamesOf, type LibraryFunction } from "../pylib/index.ts";
import { IMAGE_RESULT_METHODS, PILLOW_IMAGE_MEMBERS, RUNTIME_IMAGE_MEMBERS, returnsImage } from "../pylib/pil.ts";

const f = ts.factory;

export interface Refusal {
  readonly at: A.Loc;
  readonly construct: string;
  readonly reason: string;
  readonly suggestion: string;
}

/** What the emitter knows about the module around a function. */
export interface ModuleInfo {
  /** Notebook functions: Python name -> TypeScript name and definition. */
  readonly functions: ReadonlyMap<string, { readonly tsName: string; readonly def: A.FunctionDef }>;
  /** Module-level constants: Python name -> TypeScript name. */
  readonly constants: ReadonlyMap<string, string>;
  /** Import aliases: `np` -> `numpy`. */
  readonly imports: ReadonlyMap<string, string>;
  readonly scope: NameScope;
  /** Runtime modules of libraries (src/pylib) the emitted code calls: the module imports each. */
  readonly libraryModules: Set<string>;
  /** Static types of module-level values (by TypeScript name): constants and what notebook functions return. */
  readonly valueTypes?: ReadonlyMap<string, StaticType | null>;
  readonly returnTypes?: ReadonlyMap<string, StaticType | null>;
}

/** A call of a notebook function: what is known of each argument, by parameter position (`"default"` where the call leaves it to its default). */
export interface CallSite {
  readonly callee: string;
  readonly args: readonly (Known | "default")[];
}

/** What emitting a function gives: its TypeScript parts, and what the module-level solver needs to know. */
export interface EmittedFunction {
  readonly params: ts.ParameterDeclaration[];
  readonly body: ts.Statement[];
  readonly refusals: Refusal[];
  readonly returns: StaticType | null;
  /** The static type of each parameter's default value (null where there is none or nothing is known). */
  readonly defaultTypes: readonly Known[];
  /** The notebook functions it calls, and what it passes them. */
  readonly calls: readonly CallSite[];
  /** Notebook functions it uses as values (passed, stored): they can be called with anything. */
  readonly valueUses: ReadonlySet<string>;
}

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
  }
}

/** The names notebooks give their imports by convention: a notebook read without its import cell still says what to add. */
const CONVENTIONAL_IMPORTS: Readonly<Record<string, string>> = {
  np: "import numpy as np",
  pd: "import pandas as pd",
  torch: "import torch",
  F: "import torch.nn.functional as F",
  nn: "from torch import nn",
  transforms: "from torchvision import transforms",
  cv2: "import cv2",
  Image: "from PIL import Image",
  ort: "import onnxruntime as ort",
  rt: "import onnxruntime as rt",
  math: "import math",
  re: "import re",
  json: "import json",
};
/** Adds `name` to the names known to hold a kind of value, or takes it out. */
function holding(names: Set<string>, name: string, holds: boolean): void {
  if (holds) names.add(name);
  else names.delete(name);
}

const id = (name: string) => f.createIdentifier(name);
const str = (s: string) => f.createStringLiteral(s);
const num = (n: number): ts.Expression =>
  n < 0 || Object.is(n, -0)
    ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(Math.abs(n).toString()))
    : Number.isFinite(n)
      ? f.createNumericLiteral(n.toString())
      : f.createPropertyAccessExpression(id("Number"), Number.isNaN(n) ? "NaN" : "POSITIVE_INFINITY");
const call = (callee: ts.Expression, args: readonly ts.Expression[]) => f.createCallExpression(callee, undefined, args);
const arrow = (body: ts.Expression) => f.createArrowFunction(undefined, undefined, [], undefined, undefined, body);
const unknownType = () => f.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword);
const exprStmt = (e: ts.Expression) => f.createExpressionStatement(e);
const assign = (target: ts.Expression, value: ts.Expression) => exprStmt(f.createAssignment(target, value));
const block = (stmts: readonly ts.Statement[]) => f.createBlock(stmts, true);

/** Attributes of a value that are read as properties in Python, not called. */
const TORCH_IDENTITY_METHODS = new Set(["numpy", "detach", "cpu", "contiguous"]);
/** `type.method` static methods of the builtin types: the runtime function (src/runtime/py.ts) and the most arguments. */
const TYPE_STATIC_METHODS: Readonly<Record<string, readonly [string, number]>> = { "str.maketrans": ["str_maketrans", 3], "dict.fromkeys": ["dict_fromkeys", 2] };
/** Methods that change their receiver (lists, dicts, sets, arrays). */
const MUTATING_METHODS = new Set(["append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "update", "setdefault", "popitem", "add", "discard", "fill", "resize", "put", "itemset"]);
const TORCH_IDENTITY_FUNCTIONS = new Set(["torch.Tensor"]);
/**
 * Methods only torch tensors have (numpy arrays do not): on a value whose torch origin translation did not see
 * (`data_transforms["val"](img).to(device)`, `transform(img).div(2)`) they are still tensor methods, when the
 * notebook imports torch. The runtime's tensorMethod calls the value's own method when it is no array (a set's add).
 */
const TORCH_ONLY_METHODS = new Set(["to", "type", "float", "double", "long", "int", "half", "permute", "div", "divide", "true_divide", "mul", "multiply", "add", "sub", "subtract", "unsqueeze_", "squeeze_", "softmax", "log_softmax", "sigmoid", "exp", "log", "sqrt", "tanh", "relu", "topk", "clone", "cuda", "requires_grad_", "dim", "numel", "clamp", "eq", "gt", "lt"]);
/** Tensor methods whose result is not a tensor (a number, a list, a numpy array). */
const TORCH_LEAVING_METHODS = new Set(["item", "tolist", "numpy", "size", "dim", "numel", "__len__"]);
/**
 * ndarray methods that are the numpy function of the same name on the array (`x.sum(axis=1)` is
 * `np.sum(x, 1)`), with the method's keyword names that the function spells differently.
 */
const ARRAY_METHOD_FUNCTIONS: Readonly<Record<string, { readonly fn: string; readonly rename?: Readonly<Record<string, string>> }>> = {
  ...Object.fromEntries(
    ["sum", "prod", "mean", "std", "var", "min", "max", "argmax", "argmin", "argsort", "any", "all", "cumsum", "cumprod", "round", "copy", "ravel", "squeeze", "swapaxes", "dot", "nonzero", "repeat", "take", "searchsorted", "ptp"].map((m) => [m, { fn: m }]),
  ),
  clip: { fn: "clip", rename: { min: "a_min", max: "a_max" } },
};
const ARITHMETIC: ReadonlySet<Known> = new Set<Known>(["NDArray", "number", "boolean", "WeakFloat"]);
const TYPE_NODES: Readonly<Record<StaticType, () => ts.TypeNode>> = {
  NDArray: () => f.createTypeReferenceNode("NDArray"),
  number: () => f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword),
  string: () => f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
  boolean: () => f.createKeywordTypeNode(ts.SyntaxKind.BooleanKeyword),
  WeakFloat: () => f.createTypeReferenceNode(f.createQualifiedName(id("core"), "WeakFloat")),
};
/** The TypeScript type of a static type (`unknown` where nothing is known). */
export const staticTypeNode = (t: Known): ts.TypeNode => (t && t !== "bottom" ? TYPE_NODES[t]() : unknownType());

const NP_CONSTANTS: Readonly<Record<string, ts.Expression | (() => ts.Expression)>> = {
  pi: () => num(Math.PI),
  e: () => num(Math.E),
  inf: () => num(Infinity),
  nan: () => num(NaN),
  newaxis: () => f.createNull(),
  // numpy's abstract scalar types, as the names `select_dtypes(include=[np.number])` reads (dtypes are names too)
  number: () => str("number"),
  integer: () => str("integer"),
  floating: () => str("floating"),
};

/** Translates one function definition (and the functions and lambdas nested in it). */
export class FunctionEmitter {
  private readonly refusals: Refusal[] = [];
  private scope: NameScope;
  /** Stack of loops: each knows the flag that `break` sets for a `for ... else`. */
  private loops: { breakFlag: string | null }[] = [];
  /** The variable holding the exception in the innermost `except` block, for a bare `raise`. */
  private currentException: string | null = null;
  /**
   * Local names that hold torch tensors (parameters annotated `torch.Tensor`, results of `torch.*` calls and of
   * tensor methods): their methods and attributes have torch's semantics (`x.max(1)` is (values, indices)).
   */
  private readonly tensors = new Set<string>();
  /**
   * Local names that hold PIL images (parameters annotated `Image.Image`, results of `Image.open`, `ImageOps.*`,
   * `ImageEnhance.*(...).enhance` and image methods, in order).
   */
  private readonly images = new Set<string>();
  /** Locals declared at their first assignment (by Python name), and the types assumed for them while emitting. */
  private firstAssigned = new Map<string, FirstAssigned>();
  private assumed = new Map<string, Known>();
  /** The join of what is assigned to each such local, and of what the function returns, in this emission. */
  private observed = new Map<string, Known>();
  private returned: Known = "bottom";
  /** TypeScript name -> Python name of the locals above. */
  private readonly declaredTs = new Map<string, string>();
  /** Expressions whose type depends on a local not solved yet. */
  private pending = new WeakSet<ts.Node>();
  private nestedDepth = 0;
  /** Parameters that carry a static type in this emission (by Python name), with what callers pass them. */
  private typedParams = new Map<string, Known>();
  private calls: CallSite[] = [];
  private valueUses = new Set<string>();
  private defaultTypes: Known[] = [];

  constructor(private readonly mod: ModuleInfo) {
    this.scope = new NameScope(mod.scope);
  }

  /** Refusals are collected, not thrown, so that one run reports every problem of the function. */
  private refuse(at: A.Loc, construct: string, reason: string, suggestion: string): never {
    throw new Refused({ at, construct, reason, suggestion });
  }

  /** Emits the function's body; returns null (and `refusals`) when any part of it cannot be translated. */
  /**
   * The function's parameters and body, and what it returns as far as static types go. Locals declared at their
   * first assignment get the join of the types assigned to them; since what an assignment's value is can depend on
   * the locals it reads (`x = x - MEAN` is an array when `x` is), the types are solved optimistically: every such
   * local starts "not known yet", the body is emitted, the observed joins become the assumptions, and the body is
   * emitted again until assumptions and observations agree (then every value read has the type assumed for it). If
   * they do not agree within a few rounds, every local is emitted as `unknown`, which is always consistent.
   */
  emitFunction(def: A.FunctionDef, paramTypes: readonly Known[] = []): EmittedFunction {
    this.firstAssigned = firstAssignedLocals(def);
    // a parameter is typed by what callers pass it (paramTypes: the module's solver joins every call) and by what
    // the body assigns to it, solved like the locals, starting from what is passed
    const typeable = typeableParams(def);
    const plain = namedParams(def.params);
    const incoming = new Map<string, Known>();
    plain.forEach((p, i) => {
      const t = paramTypes[i];
      if (t && t !== "bottom" && typeable.has(p.name) && !this.firstAssigned.has(p.name)) incoming.set(p.name, t);
    });
    const start = new Map<string, Known>([...incoming, ...[...this.firstAssigned.keys()].map((n) => [n, "bottom"] as const)]);
    let assumed = start;
    for (let round = 0; round < 5; round++) {
      const out = this.emitOnce(def, assumed, incoming);
      if (out.refusals.length) return out;
      const next = new Map([...this.observed].map(([n, t]) => [n, t === "bottom" ? null : t] as const));
      if ([...next].every(([n, t]) => assumed.get(n) === t)) return out;
      assumed = next;
    }
    return this.emitOnce(def, new Map([...this.firstAssigned.keys()].map((n) => [n, null])), new Map());
  }

  private emitOnce(def: A.FunctionDef, assumed: Map<string, Known>, incoming: ReadonlyMap<string, Known>): EmittedFunction {
    this.refusals.length = 0;
    this.tensors.clear();
    this.images.clear();
    this.loops = [];
    this.assumed = assumed;
    this.typedParams = new Map([...incoming].filter(([n]) => assumed.has(n)));
    // a parameter holds what the caller passed before any assignment: that is observed from the start
    this.observed = new Map([...assumed.keys()].map((n) => [n, this.typedParams.get(n) ?? "bottom"]));
    this.returned = "bottom";
    this.declaredTs.clear();
    this.pending = new WeakSet();
    this.calls = [];
    this.valueUses = new Set();
    this.defaultTypes = [];
    const body = this.functionBody(def.params, def.body, def, true);
    const returns = this.returned === "bottom" ? null : this.returned;
    return { params: body.params, body: body.statements, refusals: [...this.refusals], returns, defaultTypes: this.defaultTypes, calls: this.calls, valueUses: this.valueUses };
  }

  /** What is statically known about an emitted expression's value. */
  typeOf(e: ts.Expression): Known {
    if (this.pending.has(e)) return "bottom";
    if (ts.isParenthesizedExpression(e)) return this.typeOf(e.expression);
    if (ts.isNumericLiteral(e)) return "number";
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return "number";
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) return "string";
    if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return "boolean";
    if (ts.isConditionalExpression(e)) return joinTypes(this.typeOf(e.whenTrue), this.typeOf(e.whenFalse));
    if (ts.isIdentifier(e)) {
      const py = this.declaredTs.get(e.text);
      if (py !== undefined) return this.assumed.get(py) ?? null;
      return this.mod.valueTypes?.get(e.text) ?? null;
    }
    if (ts.isCallExpression(e)) {
      const callee = e.expression;
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "core" && callee.name.text === "weakFloat") return "WeakFloat";
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
        return RUNTIME_RETURNS[callee.expression.text]?.[callee.name.text] ?? null;
      }
      if (ts.isIdentifier(callee)) return this.mod.returnTypes?.get(callee.text) ?? null;
    }
    return null;
  }

  private observe(local: string, type: Known): void {
    const seen = this.observed.has(local) ? this.observed.get(local)! : "bottom";
    this.observed.set(local, joinTypes(seen, type));
  }

  /** An expression whose type waits for a local's (while types are being solved). */
  private waiting<T extends ts.Expression>(e: T, ...operands: ts.Expression[]): T {
    if (operands.some((o) => this.typeOf(o) === "bottom")) this.pending.add(e);
    return e;
  }

  /** An array, a number or a bool, or a float literal that prints as an int (`255.0`, a WeakFloat): what numpy's operators take as they are. */
  private isNumeric(e: ts.Expression): boolean {
    if (ARITHMETIC.has(this.typeOf(e))) return true;
    const inner = ts.isParenthesizedExpression(e) ? e.expression : e;
    return ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && ts.isIdentifier(inner.expression.expression) && inner.expression.expression.text === "core" && inner.expression.name.text === "weakFloat";
  }

  /** True when `e` is statically an array, and not a tensor (whose methods are torch's). */
  private isArray(py: A.Expr, e: ts.Expression): boolean {
    return this.typeOf(e) === "NDArray" && !this.isTensor(py);
  }

  /** `a op b` as numpy's ufunc when one side is an array and the other an array or a number (Python would dispatch to numpy). */
  private arrayOperator(op: string, left: A.Expr, l: ts.Expression, right: A.Expr, r: ts.Expression): ts.Expression | null {
    const ufunc = ufuncOf(op);
    if (!ufunc || this.isTensor(left) || this.isTensor(right)) return null;
    const tl = this.typeOf(l);
    const tr = this.typeOf(r);
    if (!this.isNumeric(l) || !this.isNumeric(r) || (tl !== "NDArray" && tr !== "NDArray")) return null;
    return rtCall("np", ufunc, [l, r]);
  }

  private functionBody(
    params: readonly A.Param[],
    stmts: readonly A.Stmt[],
    def: A.FunctionDef | null,
    top: boolean,
  ): { params: ts.ParameterDeclaration[]; statements: ts.Statement[] } {
    const outer = this.scope;
    this.scope = new NameScope(outer);
    try {
      const tsParams: ts.ParameterDeclaration[] = [];
      // Python evaluates defaults where the function is defined, before its parameters exist
      const defaults = params.map((p) => (p.default ? this.withScope(outer, () => this.guard(() => this.expr(p.default!), undefined)) : undefined));
      for (const [index, p] of params.entries()) {
        if (p.kind === "var-positional" || p.kind === "var-keyword") {
          this.refusals.push({
            at: p,
            construct: `${p.kind === "var-positional" ? "*" : "**"}${p.name}`,
            reason: "variadic parameters are not translated",
            suggestion: "name each parameter",
          });
          continue;
        }
        const name = this.scope.bind(p.name);
        const annotated = p.annotation ? this.qualify(p.annotation) : null;
        holding(this.tensors, p.name, annotated === "torch.Tensor");
        holding(this.images, p.name, annotated === "PIL.Image.Image");
        const typed = top && this.nestedDepth === 0 && this.typedParams.has(p.name);
        if (typed) this.declaredTs.set(name, p.name);
        if (top && this.nestedDepth === 0) this.defaultTypes.push(defaults[index] ? this.typeOf(defaults[index]) : null);
        tsParams.push(f.createParameterDeclaration(undefined, undefined, name, undefined, typed ? staticTypeNode(this.assumed.get(p.name) ?? null) : unknownType(), defaults[index]));
      }
      const out: ts.Statement[] = [];
      if (def) {
        const facts = functionFacts(def);
        if (facts.globalWrites.length) {
          this.refusals.push({
            at: def.nameLoc,
            construct: `global ${facts.globalWrites.join(", ")}`,
            reason: "the function assigns module-level names, which would make each request change the next",
            suggestion: "return the new value instead of assigning a global",
          });
        }
        const locals = facts.locals.filter((n) => !params.some((p) => p.name === n) && !(top && this.firstAssigned.has(n)));
        if (top) {
          for (const n of this.firstAssigned.keys()) this.declaredTs.set(this.scope.bind(n), n);
        }
        if (locals.length) {
          out.push(
            f.createVariableStatement(
              undefined,
              f.createVariableDeclarationList(
                locals.map((n) => f.createVariableDeclaration(this.scope.bind(n), undefined, unknownType())),
                ts.NodeFlags.Let,
              ),
            ),
          );
        }
      }
      for (const s of stmts) {
        const emitted = this.guard(() => this.stmt(s), []);
        out.push(...emitted);
      }
      const last = stmts[stmts.length - 1];
      if (top || def) {
        if (!last || (last.type !== "Return" && last.type !== "Raise")) {
          out.push(f.createReturnStatement(f.createNull()));
          if (top && this.nestedDepth === 0) this.returned = joinTypes(this.returned, null);
        }
      }
      return { params: tsParams, statements: out };
    } finally {
      this.scope = outer;
    }
  }

  /** Runs an emission step, recording a refusal instead of stopping the whole function. */
  private guard<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof Refused) {
        this.refusals.push(e.refusal);
        return fallback;
      }
      throw e;
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Statements

  private stmts(body: readonly A.Stmt[]): ts.Statement[] {
    return body.flatMap((s) => this.guard(() => this.stmt(s), []));
  }

  private stmt(s: A.Stmt): ts.Statement[] {
    switch (s.type) {
      case "Expr":
        // a docstring or a bare string is a comment in Python
        if (s.value.type === "Constant" && s.value.kind === "str") return [];
        return [exprStmt(this.expr(s.value))];
      case "Assign": {
        const value = this.expr(s.value);
        this.noteAssigned(s.targets, s.value);
        if (s.targets.length === 1) {
          const declared = this.declaration(s, s.targets[0]!, value);
          if (declared) return declared;
        }
        if (s.targets.length === 1) return this.assignTo(s.targets[0]!, value);
        const tmp = this.scope.fresh("value");
        return [this.constDecl(tmp, value), ...s.targets.flatMap((t) => this.assignTo(t, id(tmp)))];
      }
      case "AnnAssign": {
        if (!s.value) return [];
        const value = this.expr(s.value);
        this.noteAssigned([s.target], s.value);
        return this.declaration(s, s.target, value) ?? this.assignTo(s.target, value);
      }
      case "AugAssign":
        return this.augAssign(s);
      case "Return": {
        const value = s.value ? this.expr(s.value) : f.createNull();
        if (this.nestedDepth === 0) this.returned = joinTypes(this.returned, s.value ? this.typeOf(value) : null);
        return [f.createReturnStatement(value)];
      }
      case "If":
        return [this.ifStatement(s)];
      case "For":
        return this.forStatement(s);
      case "While":
        return this.whileStatement(s);
      case "Break": {
        const loop = this.loops[this.loops.length - 1];
        return loop?.breakFlag ? [assign(id(loop.breakFlag), f.createTrue()), f.createBreakStatement()] : [f.createBreakStatement()];
      }
      case "Continue":
        return [f.createContinueStatement()];
      case "Pass":
        return [];
      case "Raise":
        return [this.raise(s)];
      case "Assert": {
        const msg = s.msg ? [rtCall("py", "str", [this.expr(s.msg)])] : [];
        return [f.createIfStatement(f.createLogicalNot(this.test(s.test)), f.createThrowStatement(rtCall("glue", "assertion", msg)))];
      }
      case "Try":
        return [this.tryStatement(s)];
      case "With":
        return this.withStatement(s);
      case "FunctionDef":
        return [this.nestedFunction(s)];
      case "Delete":
        return s.targets.map((t) => {
          if (t.type !== "Subscript") {
            return this.refuse(t, `del ${t.text}`, "only `del x[key]` is translated", "assign a new value instead");
          }
          return exprStmt(rtCall("py", "delitem", [this.expr(t.value), this.subscriptKey(t.slice)]));
        });
      case "Import":
      case "ImportFrom":
        return this.refuse(s, s.text, "imports inside a function are not translated", "import at the top of the notebook instead");
      case "Global":
        return [];
      case "Nonlocal":
        return this.refuse(s, s.text, "`nonlocal` is not translated", "return the new value from the inner function instead");
      case "ClassDef":
        return this.refuse(s, `class ${s.name}`, "classes are not translated", "use functions and dicts");
      case "UnsupportedStmt":
        return this.refuse(s, firstLine(s.text), `\`${s.nodeType.replace(/_/g, " ")}\` is not translated`, "rewrite it with if/for/while and function calls");
    }
  }

  /**
   * Records what the assigned names now hold: tensors (each name of a tuple of them, `values, idx = torch.max(x, 1)`),
   * or a PIL image (a name assigned one; names unpacked from a value hold none).
   */
  private noteAssigned(targets: readonly A.Expr[], value: A.Expr): void {
    const tensor = this.isTensor(value);
    const image = this.isImage(value);
    const mark = (t: A.Expr, unpacked: boolean) => {
      if (t.type === "Name") {
        holding(this.tensors, t.id, tensor);
        holding(this.images, t.id, image && !unpacked);
      } else if (t.type === "Tuple" || t.type === "List") t.elts.forEach((x) => mark(x, true));
      else if (t.type === "Starred") mark(t.value, true);
    };
    targets.forEach((t) => mark(t, false));
  }

  /** True when `e` is statically a PIL image: made by PIL (`Image.open`, `ImageOps.fit`) or by an image's method. */
  private isImage(e: A.Expr): boolean {
    if (e.type === "Name") return this.images.has(e.id) && !!this.scope.lookupLocal(e.id);
    if (e.type !== "Call") return false;
    const q = this.qualify(e.func);
    if (q !== null) return returnsImage(q);
    if (e.func.type !== "Attribute") return false;
    // `ImageEnhance.Contrast(img).enhance(1.5)` is an image too
    const made = e.func.value.type === "Call" ? this.qualify(e.func.value.func) : null;
    if (e.func.attr === "enhance" && made?.startsWith("PIL.ImageEnhance.")) return true;
    return IMAGE_RESULT_METHODS.has(e.func.attr) && this.isImage(e.func.value);
  }

  /**
   * Refuses a member of Pillow's `Image.Image` that the runtime's image lacks (`img.rotate(15)`, `img.getexif()`),
   * read on a value known to be an image: at translation, naming the line, rather than when a request runs it.
   */
  private checkImageMember(at: A.Expr, receiver: A.Expr, member: string): void {
    if (RUNTIME_IMAGE_MEMBERS.has(member) || !PILLOW_IMAGE_MEMBERS.has(member) || !this.isImage(receiver)) return;
    const shown = [...RUNTIME_IMAGE_MEMBERS].join(", ");
    if (member === "save" || member === "show") {
      this.refuse(at, at.text, `\`Image.${member}()\` writes outside the service, which only computes the answer`, `remove this line from the function the service runs (an image's ${shown} are translated)`);
    }
    this.refuse(at, at.text, `Pillow's \`Image.${member}\` is not in nb2svc's image runtime (an image has ${shown} there)`, "do this step with those, ImageOps, ImageFilter or numpy on `np.asarray(img)`");
  }

  /** True when `e` is statically a torch tensor (or a tuple of them). */
  private isTensor(e: A.Expr): boolean {
    switch (e.type) {
      case "Name":
        return this.tensors.has(e.id);
      case "Call": {
        const q = this.qualify(e.func);
        if (q !== null) return /^torch\.(?!no_grad|inference_mode|set_|manual_seed|onnx|cuda|device)/.test(q) && q !== "torch.Tensor";
        if (e.func.type === "Attribute") return !TORCH_LEAVING_METHODS.has(e.func.attr) && this.isTensor(e.func.value);
        return false;
      }
      case "BinOp":
        return this.isTensor(e.left) || this.isTensor(e.right);
      case "UnaryOp":
        return e.op !== "not" && this.isTensor(e.operand);
      case "Subscript":
        return this.isTensor(e.value);
      case "Attribute":
        return ["values", "indices", "T", "data"].includes(e.attr) && this.isTensor(e.value);
      default:
        return false;
    }
  }

  /**
   * An assignment to a local declared where it is first assigned: the declaration itself (`const` when it is the
   * only assignment) at the first one, a plain assignment after. Records the value's type for the solver. Null for
   * other targets.
   */
  private declaration(s: A.Stmt, target: A.Expr, value: ts.Expression): ts.Statement[] | null {
    if (target.type !== "Name" || this.nestedDepth > 0) return null;
    const info = this.firstAssigned.get(target.id);
    if (!info || this.scope.lookupLocal(target.id) === undefined) return null;
    const name = this.scope.lookupLocal(target.id)!;
    if (!this.declaredTs.has(name)) return null;
    this.observe(target.id, this.typeOf(value));
    if (info.first !== s) return [assign(id(name), value)];
    const type = staticTypeNode(this.assumed.get(target.id) ?? null);
    return [
      f.createVariableStatement(
        undefined,
        f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, type, value)], info.assignments === 1 ? ts.NodeFlags.Const : ts.NodeFlags.Let),
      ),
    ];
  }

  private constDecl(name: string, value: ts.Expression): ts.Statement {
    return f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, undefined, value)], ts.NodeFlags.Const));
  }

  /** Statements that bind `target` to `value` (evaluated once). */
  private assignTo(target: A.Expr, value: ts.Expression): ts.Statement[] {
    switch (target.type) {
      case "Name": {
        const ref = this.nameRef(target, true);
        // a typed parameter (or local) rebound: its type is the join of everything it holds
        if (this.nestedDepth === 0 && ts.isIdentifier(ref) && this.declaredTs.get(ref.text) === target.id) this.observe(target.id, this.typeOf(value));
        return [assign(ref, value)];
      }
      case "Subscript":
        this.checkNotConstant(target.value, target);
        return [exprStmt(rtCall("py", "setitem", [this.expr(target.value), this.subscriptKey(target.slice), value]))];
      case "Tuple":
      case "List": {
        const star = target.elts.findIndex((e) => e.type === "Starred");
        const tmp = this.scope.fresh("items");
        const args: ts.Expression[] = [value, num(target.elts.length)];
        if (star >= 0) args.push(num(star));
        const out: ts.Statement[] = [this.constDecl(tmp, rtCall("glue", "unpack", args))];
        target.elts.forEach((e, i) => {
          const item = f.createElementAccessExpression(id(tmp), num(i));
          out.push(...this.assignTo(e.type === "Starred" ? e.value : e, item));
        });
        return out;
      }
      case "Attribute":
        // df.columns = [...] / s.index = [...]: pandas' set_axis in place (the frame's labels; its data is unchanged)
        if (target.attr === "columns" || target.attr === "index") {
          this.checkNotConstant(target.value, target);
          const kw = f.createObjectLiteralExpression([f.createPropertyAssignment(str("axis"), str(target.attr)), f.createPropertyAssignment(str("inplace"), f.createTrue())]);
          return [exprStmt(rtCall("py", "callMethod", [this.expr(target.value), str("set_axis"), f.createArrayLiteralExpression([value]), kw]))];
        }
        return this.refuse(target, target.text, "assigning attributes of objects is not translated", "build a new dict or array instead");
      default:
        return this.refuse(target, target.text, "this is not a target the translator can assign", "assign to a name");
    }
  }

  private augAssign(s: A.AugAssign): ts.Statement[] {
    const op = str(s.op);
    const value = this.expr(s.value);
    const t = s.target;
    if (t.type === "Name") {
      const ref = this.nameRef(t, true);
      const current = this.nameRef(t, false);
      const declared = ts.isIdentifier(current) && this.declaredTs.has(current.text) && this.nestedDepth === 0;
      // an array stays an array (numpy writes into it, or rebinds a 0-d one), when the other side is numeric
      const array = this.isArray(t, current) && this.isNumeric(value) && !this.isTensor(s.value);
      const updated = array ? rtCall("glue", "inplaceArray", [op, current, value]) : this.waiting(rtCall("glue", "inplace", [op, current, value]), current);
      if (declared) this.observe(t.id, this.typeOf(updated));
      return [assign(ref, updated)];
    }
    if (t.type === "Subscript") {
      this.checkNotConstant(t.value, t);
      const obj = this.scope.fresh("target");
      const key = this.scope.fresh("key");
      return [
        this.constDecl(obj, this.expr(t.value)),
        this.constDecl(key, this.subscriptKey(t.slice)),
        exprStmt(
          rtCall("py", "setitem", [
            id(obj),
            id(key),
            rtCall("glue", "inplace", [op, rtCall("py", "getitem", [id(obj), id(key)]), value]),
          ]),
        ),
      ];
    }
    return this.refuse(t, s.text, "augmented assignment to attributes is not translated", "assign to a name or an item");
  }

  private ifStatement(s: A.If): ts.Statement {
    const orelse = s.orelse.length === 1 && s.orelse[0]!.type === "If" ? this.ifStatement(s.orelse[0] as A.If) : s.orelse.length ? block(this.stmts(s.orelse)) : undefined;
    return f.createIfStatement(this.test(s.test), block(this.stmts(s.body)), orelse);
  }

  private loopBody(body: readonly A.Stmt[], hasElse: boolean): { flag: string | null; statements: ts.Statement[] } {
    const flag = hasElse ? this.scope.fresh("broke") : null;
    this.loops.push({ breakFlag: flag });
    try {
      return { flag, statements: this.stmts(body) };
    } finally {
      this.loops.pop();
    }
  }

  private withElse(flag: string | null, loop: ts.Statement, orelse: readonly A.Stmt[]): ts.Statement[] {
    if (!flag) return [loop];
    return [
      f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(flag, undefined, undefined, f.createFalse())], ts.NodeFlags.Let)),
      loop,
      f.createIfStatement(f.createLogicalNot(id(flag)), block(this.stmts(orelse))),
    ];
  }

  private forStatement(s: A.For): ts.Statement[] {
    if (s.isAsync) return this.refuse(s, "async for", "asynchronous loops are not translated", "use a plain for loop");
    const item = this.scope.fresh("item");
    const iterable = rtCall("py", "iter", [unpackedItems(s.target, this.expr(s.iter))]);
    const { flag, statements } = this.loopBody(s.body, s.orelse.length > 0);
    const loop = f.createForOfStatement(
      undefined,
      f.createVariableDeclarationList([f.createVariableDeclaration(item)], ts.NodeFlags.Const),
      iterable,
      block([...this.assignTo(s.target, id(item)), ...statements]),
    );
    return this.withElse(flag, loop, s.orelse);
  }

  private whileStatement(s: A.While): ts.Statement[] {
    const test = this.test(s.test);
    const { flag, statements } = this.loopBody(s.body, s.orelse.length > 0);
    return this.withElse(flag, f.createWhileStatement(test, block(statements)), s.orelse);
  }

  private raise(s: A.Raise): ts.Statement {
    if (!s.exc) {
      if (!this.currentException) return this.refuse(s, "raise", "a bare `raise` outside `except` has nothing to re-raise", "raise a specific exception");
      return f.createThrowStatement(id(this.currentException));
    }
    const e = s.exc;
    const name = e.type === "Call" && e.func.type === "Name" ? e.func.id : e.type === "Name" ? e.id : null;
    if (!name || !/Error$|Exception$|^StopIteration$|^KeyboardInterrupt$/.test(name) || this.isShadowed(name)) {
      return this.refuse(s, firstLine(s.text), "only built-in exceptions (ValueError, KeyError, ...) are raised in translated code", "raise ValueError(\"...\") with a message");
    }
    const args = e.type === "Call" ? e.args.map((a) => rtCall("py", "str", [this.expr(a)])) : [];
    return f.createThrowStatement(rtCall("glue", "raise", [str(name), ...args.slice(0, 1)]));
  }

  private isShadowed(name: string): boolean {
    return this.scope.lookupLocal(name) !== undefined || this.mod.functions.has(name) || this.mod.constants.has(name);
  }

  private tryStatement(s: A.Try): ts.Statement {
    const caught = this.scope.fresh("error");
    let handlerChain: ts.Statement = f.createThrowStatement(id(caught));
    const previous = this.currentException;
    this.currentException = caught;
    try {
      for (const h of [...s.handlers].reverse()) {
        const body: ts.Statement[] = [];
        if (h.name) body.push(assign(id(this.scope.bind(h.name)), rtCall("glue", "exceptionValue", [id(caught)])));
        body.push(...this.stmts(h.body));
        if (!h.exceptionType) {
          handlerChain = block(body);
          continue;
        }
        const names = this.exceptionNames(h.exceptionType);
        const test = rtCall("glue", "exceptionMatches", [id(caught), f.createArrayLiteralExpression(names.map(str))]);
        handlerChain = f.createIfStatement(test, block(body), handlerChain);
      }
    } finally {
      this.currentException = previous;
    }
    const flag = s.orelse.length ? this.scope.fresh("failed") : null;
    const catchBody = flag ? [assign(id(flag), f.createTrue()), handlerChain] : [handlerChain];
    const tryBlock = block(this.stmts(s.body));
    const stmt = f.createTryStatement(
      tryBlock,
      s.handlers.length ? f.createCatchClause(f.createVariableDeclaration(caught), block(catchBody)) : undefined,
      s.finalbody.length ? block(this.stmts(s.finalbody)) : undefined,
    );
    if (!flag) return stmt;
    return block([
      f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(flag, undefined, undefined, f.createFalse())], ts.NodeFlags.Let)),
      stmt,
      f.createIfStatement(f.createLogicalNot(id(flag)), block(this.stmts(s.orelse))),
    ]);
  }

  private exceptionNames(e: A.Expr): string[] {
    const one = (x: A.Expr): string => {
      if (x.type === "Name" && /Error$|Exception$|^StopIteration$/.test(x.id)) return x.id;
      return this.refuse(x, x.text, "only built-in exception classes can be caught", "catch ValueError, KeyError, ... by name");
    };
    return e.type === "Tuple" ? e.elts.map(one) : [one(e)];
  }

  private withStatement(s: A.With): ts.Statement[] {
    const opened: ts.Statement[] = [];
    for (const item of s.items) {
      // `with open(path, "rb") as f:` over the bytes the service received for `path`
      if (item.context.type === "Call" && this.isBinaryOpen(item.context)) {
        const file = this.builtinCall(item.context, "open");
        opened.push(...(item.vars ? this.assignTo(item.vars, file) : [exprStmt(file)]));
        continue;
      }
      const q = this.qualify(item.context.type === "Call" ? item.context.func : item.context);
      // `with Image.open(path) as img:`: PIL's image is its own context manager, and leaving the block only closes
      // the file it was read from; the service decodes the bytes it received, so the image is all there is
      if (item.context.type === "Call" && q === "PIL.Image.open") {
        const image = this.expr(item.context);
        if (item.vars) this.noteAssigned([item.vars], item.context);
        opened.push(...(item.vars ? this.assignTo(item.vars, image) : [exprStmt(image)]));
        continue;
      }
      if (q !== "torch.no_grad" && q !== "torch.inference_mode" && q !== "numpy.errstate") {
        return this.refuse(item.context, `with ${item.context.text}`, "context managers (files, locks, devices) are not translated", "do the work without `with`; only `with torch.no_grad():`, `with open(path, \"rb\") as f:` and `with Image.open(path) as img:` are accepted");
      }
    }
    return [...opened, ...this.stmts(s.body)];
  }

  /** `open(x, "rb")`: a binary read, the one file access translated (x is bytes the service received). */
  private isBinaryOpen(e: A.Call): boolean {
    if (e.func.type !== "Name" || e.func.id !== "open" || this.mod.constants.has("open") || this.mod.imports.has("open")) return false;
    const mode = e.args[1] ?? e.keywords.find((k) => k.arg === "mode")?.value;
    const others = e.args.length > 2 || e.keywords.some((k) => k.arg !== "mode" && k.arg !== "file");
    const file = e.args[0] ?? e.keywords.find((k) => k.arg === "file")?.value;
    return !others && file !== undefined && file.type !== "Starred" && mode?.type === "Constant" && typeof mode.value === "string" && /^(rb|br)$/.test(mode.value);
  }

  private nestedFunction(s: A.FunctionDef): ts.Statement {
    if (s.decorators.length) return this.refuse(s, `@${s.decorators[0]!.text}`, "decorators are not translated", "call the function directly");
    const target = this.scope.lookupLocal(s.name)!;
    this.nestedDepth++;
    let fn: { params: ts.ParameterDeclaration[]; statements: ts.Statement[] };
    try {
      fn = this.functionBody(s.params, s.body, s, false);
    } finally {
      this.nestedDepth--;
    }
    // defaults are values computed where the function is defined: capture them there
    const captured = fn.params.map((p) => (p.initializer ? this.scope.fresh("default") : null));
    const defaults = fn.params.map((p) => p.initializer);
    const params = fn.params.map((p, i) =>
      f.createParameterDeclaration(undefined, undefined, p.name, undefined, unknownType(), captured[i] ? id(captured[i]!) : undefined),
    );
    return assign(id(target), captureDefaults(f.createArrowFunction(undefined, undefined, params, unknownType(), undefined, block(fn.statements)), captured, defaults));
  }

  // ------------------------------------------------------------------------------------------------------------
  // Expressions

  /** A condition: Python truthiness of the expression, with `and`/`or`/`not` short-circuiting as booleans. */
  test(e: A.Expr): ts.Expression {
    if (e.type === "BoolOp") {
      const parts = e.values.map((v) => this.test(v));
      return parts.reduce((a, b) =>
        f.createBinaryExpression(a, e.op === "and" ? ts.SyntaxKind.AmpersandAmpersandToken : ts.SyntaxKind.BarBarToken, b),
      );
    }
    if (e.type === "UnaryOp" && e.op === "not") return f.createLogicalNot(this.test(e.operand));
    if (e.type === "Constant" && e.kind === "bool") return e.value ? f.createTrue() : f.createFalse();
    return rtCall("py", "truthy", [this.expr(e)]);
  }

  expr(e: A.Expr): ts.Expression {
    switch (e.type) {
      case "Constant":
        return this.constant(e);
      case "Name":
        return this.nameRef(e, false);
      case "JoinedStr":
        return this.fstring(e);
      case "List":
        return f.createArrayLiteralExpression(this.elements(e.elts));
      case "Tuple":
        return rtCall("core", "tuple", [f.createArrayLiteralExpression(this.elements(e.elts))]);
      case "Set":
        return f.createNewExpression(id("PySet"), undefined, [f.createArrayLiteralExpression(this.elements(e.elts))]);
      case "Dict":
        return this.dict(e);
      case "BinOp": {
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        return this.arrayOperator(e.op, e.left, l, e.right, r) ?? this.waiting(rtCall("py", BINARY[e.op]!, [l, r]), l, r);
      }
      case "UnaryOp":
        if (e.op === "not") return f.createLogicalNot(this.test(e.operand));
        if (e.op === "-" && e.operand.type === "Constant" && (e.operand.kind === "int" || e.operand.kind === "float")) {
          return this.constant({ ...e.operand, value: -(e.operand.value as number) });
        }
        {
          const operand = this.expr(e.operand);
          const ufunc = (UNARY_OPERATORS as Readonly<Record<string, { ufunc: string }>>)[e.op]?.ufunc;
          if (ufunc && this.isArray(e.operand, operand)) return rtCall("np", ufunc, [operand]);
          return this.waiting(rtCall("py", UNARY[e.op]!, [operand]), operand);
        }
      case "BoolOp":
        return e.values
          .map((v) => this.expr(v))
          .reduce((a, b) => rtCall("glue", e.op, [a, arrow(b)]));
      case "Compare":
        return this.compare(e);
      case "Call":
        return this.call(e);
      case "Attribute":
        return this.attribute(e);
      case "Subscript": {
        const joiner = this.qualify(e.value);
        if (joiner === "numpy.c_" || joiner === "numpy.r_") return this.indexJoin(e, joiner.slice(6));
        const value = this.expr(e.value);
        const key = this.subscriptKey(e.slice);
        if (this.isArray(e.value, value)) return rtCall("np", "getitem", [value, key]);
        return this.waiting(rtCall("py", "getitem", [value, key]), value);
      }
      case "IfExp":
        return f.createConditionalExpression(this.test(e.test), undefined, this.expr(e.body), undefined, this.expr(e.orelse));
      case "Lambda":
        return this.lambda(e);
      case "ListComp":
      case "SetComp":
      case "GeneratorExp":
      case "DictComp":
        return this.comprehension(e);
      case "NamedExpr":
        return f.createParenthesizedExpression(f.createAssignment(this.nameRef(e.target, true), this.expr(e.value)));
      case "Slice":
        return this.refuse(e, e.text, "a slice outside a subscript is not translated", "use it inside [...]");
      case "Starred":
        return this.refuse(e, e.text, "unpacking with * is only translated in calls and list displays", "build the list explicitly");
      case "UnsupportedExpr":
        return this.refuse(
          e,
          firstLine(e.text),
          e.nodeType === "yield" || e.nodeType === "await" ? `\`${e.nodeType}\` (generators and coroutines) is not translated` : `\`${e.nodeType.replace(/_/g, " ")}\` is not translated`,
          e.nodeType === "yield" ? "return a list instead of yielding items" : "rewrite it with the supported subset",
        );
    }
  }

  /** `np.c_[a, b]`, `np.r_[a, b]` of arrays and numbers; ranges (`np.r_[0:3]`) and string directives are refused. */
  private indexJoin(e: A.Subscript, name: string): ts.Expression {
    const items = e.slice.type === "Tuple" ? e.slice.elts : [e.slice];
    const odd = items.find((x) => x.type === "Slice" || (x.type === "Constant" && x.kind === "str"));
    if (odd) return this.refuse(odd, odd.text, `a ${odd.type === "Slice" ? "range" : "string directive"} inside \`np.${name}[...]\` is not translated`, "join arrays with np.concatenate or np.column_stack");
    return rtCall("np", name, [f.createArrayLiteralExpression(this.elements(items))]);
  }

  private elements(elts: readonly A.Expr[]): ts.Expression[] {
    return elts.map((x) => (x.type === "Starred" ? f.createSpreadElement(rtCall("py", "list", [this.expr(x.value)])) : this.expr(x)));
  }

  private constant(e: A.Constant): ts.Expression {
    switch (e.kind) {
      case "int":
        if (e.bigValue) return this.refuse(e, e.text, "integers beyond 2**53 lose precision in JavaScript", "use a float or a smaller integer");
        return num(e.value as number);
      case "float": {
        const v = e.value as number;
        // an integral float must stay a float: numpy and str() tell 2.0 from 2
        return Number.isInteger(v) ? rtCall("core", "weakFloat", [num(v)]) : num(v);
      }
      case "str":
        return str(e.value as string);
      case "bool":
        return e.value ? f.createTrue() : f.createFalse();
      case "none":
        return f.createNull();
      case "ellipsis":
        return rt("core", "Ellipsis");
      default:
        return this.refuse(e, e.text, `${e.kind} literals are not translated`, e.kind === "bytes" ? "use a str" : "use floats");
    }
  }

  /** A name read (or written, with `write`): local, notebook function, module constant, or builtin. */
  private nameRef(e: A.Name, write: boolean): ts.Expression {
    const local = this.scope.lookupLocal(e.id);
    if (local) return id(local);
    if (write) return this.refuse(e, e.id, "assigning a module-level name from a function is not translated", "return the value instead");
    const fn = this.mod.functions.get(e.id);
    if (fn) {
      this.valueUses.add(e.id);
      return id(fn.tsName);
    }
    const c = this.mod.constants.get(e.id);
    if (c) return id(c);
    if (BUILTINS.has(e.id)) return rt("py", e.id);
    if (e.id in REFUSED_BUILTINS) return this.refuse(e, e.id, `\`${e.id}\` is not translated: ${REFUSED_BUILTINS[e.id]}`, "remove it");
    const imported = this.mod.imports.get(e.id);
    if (imported !== undefined) return this.moduleValue(e, imported) ?? this.refuse(e, e.id, `the module \`${e.id}\` is not a value in translated code`, "call its functions directly");
    const module = CONVENTIONAL_IMPORTS[e.id];
    if (module !== undefined) return this.refuse(e, e.id, `\`${e.id}\` is not imported in the notebook`, `add \`${module}\` to a cell before this one`);
    return this.refuse(e, e.id, `\`${e.id}\` is not defined in the notebook (or not at module level)`, "define it at module level with a literal value, or save it to JSON in the notebook");
  }

  private fstring(e: A.JoinedStr): ts.Expression {
    const parts = e.parts.map((p) => {
      if (typeof p === "string") return str(p);
      const args: ts.Expression[] = [this.expr(p.value), str(p.conversion)];
      if (p.spec) args.push(this.fstring(p.spec));
      const value = rtCall("py", "fstringValue", args);
      return p.selfDoc ? f.createBinaryExpression(str(p.selfDoc), ts.SyntaxKind.PlusToken, value) : value;
    });
    if (parts.length === 0) return str("");
    const all = parts.length === 1 && !ts.isStringLiteral(parts[0]!) ? [str(""), parts[0]!] : parts;
    return all.reduce((a, b) => f.createBinaryExpression(a, ts.SyntaxKind.PlusToken, b));
  }

  private dict(e: A.DictExpr): ts.Expression {
    const entries: ts.Expression[] = [];
    for (const [i, k] of e.keys.entries()) {
      if (k === null) {
        entries.push(f.createSpreadElement(rtCall("glue", "entries", [this.expr(e.values[i]!)])));
      } else entries.push(f.createArrayLiteralExpression([this.expr(k), this.expr(e.values[i]!)]));
    }
    return f.createNewExpression(id("PyDict"), undefined, [f.createArrayLiteralExpression(entries, entries.length > 3)]);
  }

  private compare(e: A.Compare): ts.Expression {
    const one = (op: A.CmpOperator, a: ts.Expression, b: ts.Expression): ts.Expression => {
      if (op === "in") return rtCall("py", "contains", [b, a]);
      if (op === "not in") return rtCall("py", "not_in", [b, a]);
      return rtCall("py", COMPARE[op]!, [a, b]);
    };
    if (e.ops.length === 1) {
      const l = this.expr(e.left);
      const r = this.expr(e.comparators[0]!);
      return this.arrayOperator(e.ops[0]!, e.left, l, e.comparators[0]!, r) ?? this.waiting(one(e.ops[0]!, l, r), l, r);
    }
    const rest = e.ops.map((op, i) => f.createArrayLiteralExpression([str(op), arrow(this.expr(e.comparators[i]!))]));
    return rtCall("glue", "compareChain", [this.expr(e.left), f.createArrayLiteralExpression(rest)]);
  }

  private lambda(e: A.Lambda): ts.Expression {
    const outer = this.scope;
    const defaults = e.params.map((p) => (p.default ? this.expr(p.default) : undefined));
    const captured = defaults.map((d) => (d ? this.scope.fresh("default") : null));
    this.scope = new NameScope(outer);
    try {
      const params = e.params.map((p, i) => {
        if (p.kind === "var-positional" || p.kind === "var-keyword") return this.refuse(p, p.name, "variadic lambda parameters are not translated", "name each parameter");
        return f.createParameterDeclaration(undefined, undefined, this.scope.bind(p.name), undefined, unknownType(), captured[i] ? id(captured[i]!) : undefined);
      });
      const fn = f.createArrowFunction(undefined, undefined, params, unknownType(), undefined, this.expr(e.body));
      return captureDefaults(fn, captured, defaults);
    } finally {
      this.scope = outer;
    }
  }

  private comprehension(e: A.Comprehension | A.DictComp): ts.Expression {
    const outer = this.scope;
    this.scope = new NameScope(outer);
    try {
      const out = this.scope.fresh(e.type === "DictComp" ? "dict" : e.type === "SetComp" ? "set" : "list");
      const init =
        e.type === "DictComp"
          ? f.createNewExpression(id("PyDict"), undefined, [])
          : e.type === "SetComp"
            ? f.createNewExpression(id("PySet"), undefined, [])
            : f.createAsExpression(f.createArrayLiteralExpression([]), f.createArrayTypeNode(unknownType()));
      // the first iterable is evaluated in the enclosing scope, before the comprehension's names exist
      const firstIter = this.withScope(outer, () => this.expr(e.generators[0]!.iter));
      const names = e.generators.flatMap((g) => targetNames(g.target));
      const decls = names.length
        ? [f.createVariableStatement(undefined, f.createVariableDeclarationList(names.map((n) => f.createVariableDeclaration(this.scope.bind(n), undefined, unknownType())), ts.NodeFlags.Let))]
        : [];
      const innermost: ts.Statement =
        e.type === "DictComp"
          ? exprStmt(call(f.createPropertyAccessExpression(id(out), "set"), [this.expr(e.key), this.expr(e.value)]))
          : exprStmt(call(f.createPropertyAccessExpression(id(out), e.type === "SetComp" ? "add" : "push"), [this.expr(e.elt)]));
      let body: ts.Statement = innermost;
      for (let i = e.generators.length - 1; i >= 0; i--) {
        const g = e.generators[i]!;
        if (g.isAsync) return this.refuse(e, "async for", "asynchronous comprehensions are not translated", "use a plain for");
        const item = this.scope.fresh("item");
        let inner: ts.Statement = body;
        for (const cond of [...g.ifs].reverse()) inner = f.createIfStatement(this.test(cond), block([inner]));
        body = f.createForOfStatement(
          undefined,
          f.createVariableDeclarationList([f.createVariableDeclaration(item)], ts.NodeFlags.Const),
          rtCall("py", "iter", [unpackedItems(g.target, i === 0 ? firstIter : this.expr(g.iter))]),
          block([...this.assignTo(g.target, id(item)), inner]),
        );
      }
      const fn = f.createArrowFunction(
        undefined,
        undefined,
        [],
        undefined,
        undefined,
        block([...decls, this.constDecl(out, init), body, f.createReturnStatement(id(out))]),
      );
      return call(f.createParenthesizedExpression(fn), []);
    } finally {
      this.scope = outer;
    }
  }

  private withScope<T>(scope: NameScope, fn: () => T): T {
    const saved = this.scope;
    this.scope = scope;
    try {
      return fn();
    } finally {
      this.scope = saved;
    }
  }

  private subscriptKey(k: A.Expr): ts.Expression {
    if (k.type === "Slice") {
      const part = (x: A.Expr | null) => (x ? this.expr(x) : f.createNull());
      return rtCall("glue", "slice", [part(k.lower), part(k.upper), part(k.step)]);
    }
    if (k.type === "Tuple") return rtCall("core", "tuple", [f.createArrayLiteralExpression(k.elts.map((x) => this.subscriptKey(x)))]);
    return this.expr(k);
  }

  /** The dotted module path of an expression, through the notebook's imports (`np.linalg.norm` -> `numpy.linalg.norm`). */
  private qualify(e: A.Expr): string | null {
    if (e.type === "Name") {
      if (this.scope.lookupLocal(e.id) || this.mod.functions.has(e.id) || this.mod.constants.has(e.id)) return null;
      return this.mod.imports.get(e.id) ?? null;
    }
    if (e.type === "Attribute") {
      const base = this.qualify(e.value);
      return base === null ? null : `${base}.${e.attr}`;
    }
    return null;
  }

  /**
   * A module's value by its qualified name (`np.pi`, `math.inf`, `re.I`, `string.punctuation`, `Image.BILINEAR`),
   * read as `module.name` or imported by name (`from string import punctuation`); null when it is not one.
   */
  private moduleValue(e: A.Expr, q: string): ts.Expression | null {
    const np = /^numpy\.(\w+)$/.exec(q);
    if (np) {
      const dtype = dtypeOf(e, { qualify: (x) => this.qualify(x) });
      if (dtype) return str(dtype);
      const c = NP_CONSTANTS[np[1]!];
      if (c) return typeof c === "function" ? c() : c;
    }
    const math = /^math\.(pi|e|tau|inf|nan)$/.exec(q);
    if (math) return rt("pymath", math[1]!);
    const re = /^re\.([A-Z]+)$/.exec(q);
    if (re) return rt("pyre", re[1]!);
    const lib = libraryEntry(q);
    if (lib?.kind === "constant") {
      const v = lib.value;
      return v === null ? f.createNull() : typeof v === "string" ? str(v) : typeof v === "boolean" ? (v ? f.createTrue() : f.createFalse()) : num(v);
    }
    if (lib?.kind === "function") return this.libraryFunctionValue(lib);
    if (lib?.kind === "value") {
      this.mod.libraryModules.add(lib.module);
      return f.createPropertyAccessExpression(id(runtimeAlias(lib.module)), lib.name);
    }
    return null;
  }

  private attribute(e: A.Attribute): ts.Expression {
    const q = this.qualify(e);
    if (q !== null) return this.moduleValue(e, q) ?? this.refuse(e, e.text, `\`${q}\` is not available in translated code`, "use numpy, math, re or Python builtins");
    if (this.isTensor(e.value)) {
      this.mod.libraryModules.add("torch");
      return call(f.createPropertyAccessExpression(id(runtimeAlias("torch")), "tensorAttr"), [this.expr(e.value), str(e.attr)]);
    }
    this.checkImageMember(e, e.value, e.attr);
    const value = this.expr(e.value);
    if (e.attr === "T" && this.isArray(e.value, value)) return rtCall("np", "transpose", [value]);
    return this.waiting(rtCall("py", "getattr", [value, str(e.attr)]), value);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Calls

  private call(e: A.Call): ts.Expression {
    const fn = e.func;
    // notebook functions
    if (fn.type === "Name" && !this.scope.lookupLocal(fn.id) && this.mod.functions.has(fn.id)) {
      const target = this.mod.functions.get(fn.id)!;
      const args = this.bindToParams(e, target.def.params, fn.id);
      const passed = namedParams(target.def.params).map((_, i) => (args[i] === undefined || (ts.isIdentifier(args[i]) && args[i].text === "undefined") ? "default" : this.typeOf(args[i])));
      this.calls.push({ callee: fn.id, args: passed });
      return call(id(target.tsName), args);
    }
    // local callables (lambdas, nested functions, parameters holding functions)
    if (fn.type === "Name" && this.scope.lookupLocal(fn.id)) {
      if (e.keywords.length) return this.refuse(e, e.text, "keyword arguments to a local function value are not translated", "pass them by position");
      return rtCall("glue", "call", [id(this.scope.lookupLocal(fn.id)!), ...this.positional(e.args)]);
    }
    // module constants that are callable objects (`transform = T.Compose([...])`, then `transform(img)`)
    if (fn.type === "Name" && !this.scope.lookupLocal(fn.id) && this.mod.constants.has(fn.id)) {
      if (e.keywords.length) return this.refuse(e, e.text, "keyword arguments to a callable module value are not translated", "pass them by position");
      return rtCall("glue", "call", [this.expr(fn), ...this.positional(e.args)]);
    }
    if (fn.type === "Name" && !this.mod.constants.has(fn.id) && !this.mod.imports.has(fn.id)) return this.builtinCall(e, fn.id);
    const q = this.qualify(fn);
    if (q !== null) return this.moduleCall(e, q);
    if (fn.type === "Attribute") return this.methodCall(e, fn);
    // a callable picked from a container or made on the spot: `data_transforms["val"](img)`, `T.Compose([...])(img)`
    if (fn.type === "Subscript" || fn.type === "Call") {
      if (e.keywords.length) return this.refuse(e, e.text, "keyword arguments to a callable value are not translated", "pass them by position");
      return rtCall("glue", "call", [this.expr(fn), ...this.positional(e.args)]);
    }
    return this.refuse(e, firstLine(e.text), "this call is not translated", "call a function by name");
  }

  private positional(args: readonly A.Expr[]): ts.Expression[] {
    return args.map((a) => (a.type === "Starred" ? f.createSpreadElement(rtCall("py", "list", [this.expr(a.value)])) : this.expr(a)));
  }

  /** Arguments in parameter order, keywords placed by name; unspecified optional parameters get `undefined`. */
  private bindToParams(e: A.Call, params: readonly A.Param[], name: string): ts.Expression[] {
    const plain = namedParams(params);
    if (e.args.some((a) => a.type === "Starred") || e.keywords.some((k) => k.arg === null)) {
      return this.refuse(e, e.text, "* and ** in calls of notebook functions are not translated", "pass each argument");
    }
    if (e.args.length > plain.filter((p) => p.kind !== "keyword-only").length) {
      return this.refuse(e, e.text, `too many positional arguments for \`${name}\``, "check the call");
    }
    const out: (ts.Expression | null)[] = plain.map(() => null);
    e.args.forEach((a, i) => (out[i] = this.expr(a)));
    for (const k of e.keywords) {
      const i = plain.findIndex((p) => p.name === k.arg && p.kind !== "positional-only");
      if (i < 0) return this.refuse(k.loc, `${k.arg}=`, `\`${name}\` has no parameter \`${k.arg}\``, "check the call");
      out[i] = this.expr(k.value);
    }
    let last = out.length;
    while (last > 0 && out[last - 1] === null) last--;
    return out.slice(0, last).map((x, i) => {
      if (x) return x;
      if (!plain[i]!.default) return this.refuse(e, e.text, `missing argument \`${plain[i]!.name}\` for \`${name}\``, "check the call");
      return id("undefined");
    });
  }

  private kwargs(e: A.Call): ts.Expression | null {
    const named = e.keywords.filter((k) => k.arg !== null);
    if (e.keywords.some((k) => k.arg === null)) return this.refuse(e, e.text, "** in calls is not translated", "pass each keyword");
    if (!named.length) return null;
    return f.createObjectLiteralExpression(named.map((k) => f.createPropertyAssignment(str(k.arg!), this.npArg(k.arg!, k.value))));
  }

  private builtinCall(e: A.Call, name: string): ts.Expression {
    if (name === "open" && this.isBinaryOpen(e)) return rtCall("py", "openBytes", [this.expr(e.args[0] ?? e.keywords.find((k) => k.arg === "file")!.value)]);
    if (name in REFUSED_BUILTINS) return this.refuse(e, `${name}(...)`, `\`${name}\` is not translated: ${REFUSED_BUILTINS[name]}`, name === "print" ? "remove the print, or return what you want to see" : "rewrite without it");
    if (!BUILTINS.has(name)) {
      return this.refuse(e, `${name}(...)`, `\`${name}\` is not a notebook function or a supported builtin`, "define it as a function in the notebook");
    }
    if (name === "isinstance" && e.args.length === 2) return rtCall("py", "isinstance", [this.expr(e.args[0]!), this.typeNames(e.args[1]!)]);
    const args = this.positional(e.args);
    const kw = this.kwargs(e);
    if (kw) args.push(rtCall("py", "kw", [kw]));
    return rtCall("py", name, args);
  }

  /** The second argument of isinstance: Python type names as strings. */
  private typeNames(e: A.Expr): ts.Expression {
    const one = (x: A.Expr): string => {
      if (x.type === "Name" && ["int", "float", "str", "bool", "list", "tuple", "dict", "set", "type(None)"].includes(x.id)) return x.id;
      const q = this.qualify(x);
      if (q === "numpy.ndarray") return "ndarray";
      if (q && /^numpy\.(integer|floating|number|bool_)$/.test(q)) return q.slice(6);
      return this.refuse(x, x.text, "isinstance is translated for builtin types and np.ndarray only", "compare with int, float, str, list, tuple, dict or np.ndarray");
    };
    const names = e.type === "Tuple" ? e.elts.map(one) : [one(e)];
    return f.createArrayLiteralExpression(names.map(str));
  }

  private moduleCall(e: A.Call, q: string): ts.Expression {
    if (TORCH_IDENTITY_FUNCTIONS.has(q) && e.args.length >= 1) return this.expr(e.args[0]!);
    const lib = libraryEntry(q);
    if (lib?.kind === "function") return this.libraryCall(e, q, lib);
    const m = /^(numpy|math|re)\.(.+)$/.exec(q);
    if (!m) return this.refuseOutside(e, q);
    const [, module, fname] = m;
    if (module === "numpy") return this.numpyCall(e, fname!.replace(/\./g, "_"));
    if (module === "math") {
      if (e.keywords.length) return this.refuse(e, e.text, "keyword arguments to math functions are not translated", "pass them by position");
      return rtCall("pymath", fname!, this.positional(e.args));
    }
    return this.reCall(e, fname!);
  }

  /** A call of a module function nb2svc does not translate, with what it does translate of that module. */
  private refuseOutside(e: A.Call, q: string): ts.Expression {
    const root = q.split(".")[0]!;
    const names = translatedNamesOf(root);
    const fix = root === "torch" ? "do this step with numpy" : names.length ? "rewrite it with those, numpy, math, re or builtins" : "rewrite it with numpy, math, re or builtins";
    if (names.length) {
      const shown = names.length > 12 ? `${names.slice(0, 12).join(", ")} and ${names.length - 12} more` : names.join(", ");
      return this.refuse(e, `${q}(...)`, `\`${q}\` is not among the ${root} functions nb2svc translates (${shown})`, fix);
    }
    return this.refuse(e, `${q}(...)`, `\`${q}\` is outside what nb2svc translates (numpy, math, re, Python builtins, and the functions of pandas, torch, torchvision, PIL, cv2, scikit-learn and keras that docs/translation.md lists)`, fix);
  }

  private numpyCall(e: A.Call, fname: string): ts.Expression {
    const params = NP_FUNCTIONS[fname];
    if (!params) {
      return this.refuse(e, `np.${fname.replace(/_/g, ".")}(...)`, `numpy's \`${fname}\` is not in nb2svc's runtime`, "use another numpy function, or file an issue for it");
    }
    if (fname.startsWith("random")) return this.refuse(e, e.text, "random numbers differ between runs", "move randomness out of preprocessing");
    const out: (ts.Expression | null)[] = [];
    e.args.forEach((a, i) => {
      if (a.type === "Starred") this.refuse(a, a.text, "* in numpy calls is not translated", "pass each argument");
      out[i] = this.npArg(params[i] ?? "", a);
    });
    for (const k of e.keywords) {
      const i = params.indexOf(k.arg ?? "");
      if (i < 0) return this.refuse(k.loc, `${k.arg}=`, `np.${fname} has no supported parameter \`${k.arg}\``, "remove it or pass a supported one");
      out[i] = this.npArg(k.arg!, k.value);
    }
    let last = out.length;
    while (last > 0 && (out[last - 1] === null || out[last - 1] === undefined)) last--;
    // `out` has holes where parameters were skipped; Array.from visits them (map would not)
    return rtCall("np", fname, Array.from({ length: last }, (_, i) => out[i] ?? id("undefined")));
  }

  /** A library function's runtime export, as a value (`transforms.ToTensor` passed without calling it). */
  private libraryFunctionValue(lib: LibraryFunction): ts.Expression {
    this.mod.libraryModules.add(lib.module);
    return f.createPropertyAccessExpression(id(runtimeAlias(lib.module)), lib.name);
  }

  /** A library call (src/pylib): arguments bound to the Python parameters by position and keyword, in their order. */
  private libraryCall(e: A.Call, q: string, lib: LibraryFunction): ts.Expression {
    const out: (ts.Expression | undefined)[] = [];
    e.args.forEach((a, i) => {
      if (a.type === "Starred") return this.refuse(a, a.text, `* in calls of \`${q}\` is not translated`, "pass each argument");
      if (i >= lib.params.length) return this.refuse(a, a.text, `too many positional arguments for \`${q}\``, "check the call");
      out[i] = this.npArg(lib.params[i]!, a);
    });
    for (const k of e.keywords) {
      const i = lib.params.indexOf(k.arg ?? "");
      if (i < 0) return this.refuse(k.loc, `${k.arg ?? "**"}=`, `\`${q}\` has no supported parameter \`${k.arg ?? "**"}\``, `remove it, or pass one of: ${lib.params.join(", ") || "(none)"}`);
      out[i] = this.npArg(k.arg!, k.value);
    }
    let last = out.length;
    while (last > 0 && out[last - 1] === undefined) last--;
    return call(this.libraryFunctionValue(lib), Array.from({ length: last }, (_, i) => out[i] ?? id("undefined")));
  }

  /** dtype arguments become dtype names at translation time (`np.float32`, `float`, `"f4"`). */
  private npArg(param: string, a: A.Expr): ts.Expression {
    if (param === "dtype") {
      const d = dtypeOf(a, { qualify: (x) => this.qualify(x) });
      if (d) return str(d);
    }
    return this.expr(a);
  }

  private reCall(e: A.Call, fname: string): ts.Expression {
    const pattern = e.args[0] ?? e.keywords.find((k) => k.arg === "pattern")?.value;
    if (pattern?.type === "Constant" && pattern.kind === "str") {
      const flagsArg = e.keywords.find((k) => k.arg === "flags")?.value;
      const flags = flagsArg ? this.staticFlags(flagsArg) : 0;
      const converted = convertPattern(pattern.value as string, flags ?? 0);
      if ("error" in converted) {
        return this.refuse(pattern, pattern.text, `this regular expression cannot be run exactly in JavaScript: ${converted.error}`, "rewrite the pattern without it");
      }
    }
    const args = this.positional(e.args);
    const kw = this.kwargs(e);
    if (kw) args.push(rtCall("py", "kw", [kw]));
    return rtCall("pyre", fname, args);
  }

  private staticFlags(e: A.Expr): number | null {
    const values = RE_FLAGS;
    if (e.type === "BinOp" && e.op === "|") {
      const a = this.staticFlags(e.left);
      const b = this.staticFlags(e.right);
      return a === null || b === null ? null : a | b;
    }
    const q = this.qualify(e);
    const m = q && /^re\.(\w+)$/.exec(q);
    return m && m[1]! in values ? values[m[1]!]! : null;
  }

  /**
   * A module-level value changed in place by a function would change for every later request: refused. (Only
   * direct changes are seen; a constant passed to a function that changes its argument is not.)
   */
  private checkNotConstant(e: A.Expr, at: A.Expr): void {
    let root = e;
    while (root.type === "Subscript" || root.type === "Attribute") root = root.value;
    if (root.type === "Name" && !this.scope.lookupLocal(root.id) && this.mod.constants.has(root.id)) {
      this.refuse(at, at.text, `it changes the module-level \`${root.id}\` in place, so every request would see the previous one's change`, `work on a copy: \`${root.id.toLowerCase()} = ${root.id}.copy()\` (or list(...)/dict(...)) inside the function`);
    }
  }

  private importsTorch(): boolean {
    for (const q of this.mod.imports.values()) if (q === "torch" || q.startsWith("torch.") || q === "torchvision" || q.startsWith("torchvision.")) return true;
    return false;
  }

  private methodCall(e: A.Call, fn: A.Attribute): ts.Expression {
    const onType = this.typeMethodCall(e, fn);
    if (onType) return onType;
    this.checkImageMember(e, fn.value, fn.attr);
    if (MUTATING_METHODS.has(fn.attr)) this.checkNotConstant(fn.value, e);
    const dtype = fn.attr === "astype" ? (e.args[0] ?? e.keywords.find((k) => k.arg === "dtype")?.value) : undefined;
    if (dtype?.type === "Constant" && dtype.value === "category") {
      // (the runtime refuses it too, but only when a request runs it)
      return this.refuse(
        e,
        e.text,
        "a category column learns its categories from the values it holds: on one request's row every value would get code 0",
        "keep the training column's categories (`CATS = list(train[col].astype(\"category\").cat.categories)`, saved to JSON) and use `pd.Categorical(x, categories=CATS).codes`, or map values to codes with a dict (`.map({...})`)",
      );
    }
    if (TORCH_IDENTITY_METHODS.has(fn.attr) && e.args.length === 0 && e.keywords.length === 0) return this.expr(fn.value);
    if (this.isTensor(fn.value) || (TORCH_ONLY_METHODS.has(fn.attr) && this.importsTorch())) {
      // torch dtypes (`x.to(torch.float32)`, `x.type(torch.long)`) are dtype names at translation time
      const args = f.createArrayLiteralExpression(e.args.map((a) => (a.type === "Starred" ? f.createSpreadElement(rtCall("py", "list", [this.expr(a.value)])) : this.npArg("dtype", a))));
      const kw = this.kwargs(e);
      this.mod.libraryModules.add("torch");
      return call(f.createPropertyAccessExpression(id(runtimeAlias("torch")), "tensorMethod"), [this.expr(fn.value), str(fn.attr), args, ...(kw ? [kw] : [])]);
    }
    // torch's unsqueeze on a tensor (an array here): numpy's expand_dims
    if (fn.attr === "unsqueeze" && e.args.length === 1 && e.keywords.length === 0) return rtCall("np", "expand_dims", [this.expr(fn.value), this.expr(e.args[0]!)]);
    if (fn.attr === "pipe") {
      const direct = this.pipeCall(e, fn);
      if (direct) return direct;
    }
    const receiver = this.expr(fn.value);
    if (this.isArray(fn.value, receiver)) {
      const direct = this.arrayMethod(e, fn.attr, receiver);
      if (direct) return direct;
    }
    // dtypes (`x.astype(np.float32)`, `x.sum(dtype=float)`) are dtype names at translation time
    const positional = fn.attr === "astype" && e.args[0] ? [this.npArg("dtype", e.args[0]), ...this.positional(e.args.slice(1))] : this.positional(e.args);
    const args = f.createArrayLiteralExpression(positional);
    const kw = this.kwargs(e);
    return this.waiting(rtCall("py", "callMethod", [receiver, str(fn.attr), args, ...(kw ? [kw] : [])]), receiver);
  }

  /**
   * The static methods of the builtin types, `str.maketrans(...)` and `dict.fromkeys(...)`, as the runtime's functions
   * for them (the runtime's `str` and `dict` are functions, which have no such attributes). Both take positional
   * arguments only; a call CPython would refuse for its count is refused here.
   */
  private typeMethodCall(e: A.Call, fn: A.Attribute): ts.Expression | null {
    const v = fn.value;
    if (v.type !== "Name" || this.scope.lookupLocal(v.id) || this.mod.functions.has(v.id) || this.mod.constants.has(v.id) || this.mod.imports.has(v.id)) return null;
    const name = `${v.id}.${fn.attr}`;
    const target = TYPE_STATIC_METHODS[name];
    if (!target) return null;
    const [runtimeName, most] = target;
    if (e.keywords.length) return this.refuse(e, e.text, `${name}() takes no keyword arguments`, "pass the arguments by position");
    if (e.args.some((a) => a.type === "Starred")) return this.refuse(e, e.text, `* in calls of ${name} is not translated`, "pass each argument");
    if (e.args.length < 1 || e.args.length > most) return this.refuse(e, e.text, `${name} takes 1 to ${most} arguments`, "check the call");
    return rtCall("py", runtimeName, this.positional(e.args));
  }

  /**
   * pandas' `obj.pipe(func, *args, **kwargs)` of a named function (a notebook function, `pd.get_dummies`) is the call
   * `func(obj, *args, **kwargs)`, and `pipe((func, "data"), ...)` is `func(..., data=obj)`: translated as that call, its
   * keywords bound to the function's parameters here (the runtime's pipe has no parameter names to bind them to).
   * Null for any other function value: the runtime's pipe calls it with positional arguments.
   */
  private pipeCall(e: A.Call, fn: A.Attribute): ts.Expression | null {
    const first = e.args[0];
    if (!first || e.args.some((a) => a.type === "Starred")) return null;
    const keyword = first.type === "Tuple" && first.elts.length === 2 ? first.elts[1]! : null;
    const target = keyword?.type === "Constant" && typeof keyword.value === "string" ? keyword.value : null;
    const func = target === null ? first : (first as A.TupleExpr).elts[0]!;
    const notebookFunction = func.type === "Name" && !this.scope.lookupLocal(func.id) && this.mod.functions.has(func.id);
    const q = notebookFunction ? null : this.qualify(func);
    if (!notebookFunction && (q === null || libraryEntry(q)?.kind !== "function")) return null;
    if (target !== null && e.keywords.some((k) => k.arg === target)) return this.refuse(e, e.text, `${target} is both the pipe target and a keyword argument`, "pass it once");
    const rest = e.args.slice(1);
    const direct: A.Call =
      target === null
        ? { ...e, func, args: [fn.value, ...rest] }
        : { ...e, func, args: rest, keywords: [...e.keywords, { arg: target, value: fn.value, loc: e }] };
    return this.call(direct);
  }

  /**
   * A method of an array as the numpy function it is (`x.reshape(1, -1)` is `np.reshape(x, [1, -1])`), or null
   * when the call has a form the function does not take (then the method is called by name at run time).
   */
  private arrayMethod(e: A.Call, method: string, receiver: ts.Expression): ts.Expression | null {
    if (e.args.some((a) => a.type === "Starred") || e.keywords.some((k) => k.arg === null)) return null;
    if (method === "reshape" || method === "transpose") {
      if (e.keywords.length) return null;
      const args = e.args.map((a) => this.expr(a));
      if (args.length === 0) return method === "transpose" ? rtCall("np", "transpose", [receiver]) : null;
      return rtCall("np", method, [receiver, args.length === 1 ? args[0]! : f.createArrayLiteralExpression(args)]);
    }
    // flatten: a new C-ordered buffer, one axis (the runtime's method is a copy reshaped, which these two are);
    // tolist: the array's own method, which the runtime's method calls
    if (method === "flatten" || method === "tolist") {
      if (e.args.length || e.keywords.length) return null;
      return method === "flatten" ? rtCall("np", "ravel", [rtCall("np", "copy", [receiver])]) : call(f.createPropertyAccessExpression(receiver, "tolist"), []);
    }
    if (method === "astype") {
      if (e.args.length !== 1 || e.keywords.length) return null;
      const dtype = this.npArg("dtype", e.args[0]!);
      return ts.isStringLiteral(dtype) ? rtCall("np", "astype", [receiver, dtype]) : null;
    }
    const entry = ARRAY_METHOD_FUNCTIONS[method];
    const methodParams = NDARRAY_METHODS[method];
    const fnParams = entry ? NP_FUNCTIONS[entry.fn] : undefined;
    if (!entry || !methodParams || !fnParams || e.args.length > methodParams.length) return null;
    const out: (ts.Expression | undefined)[] = [receiver];
    const place = (param: string, a: A.Expr): boolean => {
      const i = fnParams.indexOf(entry.rename?.[param] ?? param);
      if (i < 1 || out[i] !== undefined) return false;
      out[i] = this.npArg(param, a);
      return true;
    };
    if (!e.args.every((a, i) => place(methodParams[i]!, a))) return null;
    if (!e.keywords.every((k) => methodParams.includes(k.arg!) && place(k.arg!, k.value))) return null;
    return rtCall("np", entry.fn, Array.from({ length: out.length }, (_, i) => out[i] ?? id("undefined")));
  }
}

/** `((d) => (x, i = d) => ...)(value)`: default values evaluated once, when the function is defined. */
function captureDefaults(fn: ts.ArrowFunction, names: readonly (string | null)[], values: readonly (ts.Expression | undefined)[]): ts.Expression {
  const used = names.map((n, i) => [n, values[i]] as const).filter((x): x is readonly [string, ts.Expression] => x[0] !== null && x[1] !== undefined);
  if (used.length === 0) return fn;
  const outer = f.createArrowFunction(undefined, undefined, used.map(([n]) => f.createParameterDeclaration(undefined, undefined, n, undefined, unknownType())), undefined, undefined, fn);
  return call(f.createParenthesizedExpression(outer), used.map(([, v]) => v));
}

function firstLine(s: string): string {
  const l = s.split("\n")[0]!;
  return l.length > 60 ? l.slice(0, 60) + "…" : l;
}

/** The runtime's builtins whose items a loop target that unpacks them may take as plain arrays (py.enumeratePairs). */
const UNPACKED_ITEMS: Readonly<Record<string, string>> = { enumerate: "enumeratePairs", zip: "zipItems" };

/**
 * A loop's or comprehension's iterable, given its target: `py.enumerate(...)`/`py.zip(...)` (the builtins, as the
 * call was emitted) become their variants with plain arrays for items when the target is a pattern without `*` that
 * unpacks each item at once (`for i, x in enumerate(xs)`), so no tuple is ever seen; so does `d.items()` (emitted as
 * `py.callMethod(d, "items", [])`) for a target of two (`for k, v in d.items()`; a dict's items are pairs, any other
 * target fails on them either way): py.itemPairs(d), which calls items() on what is not a dict. Anything else is
 * unchanged.
 */
function unpackedItems(target: A.Expr, iterable: ts.Expression): ts.Expression {
  if ((target.type !== "Tuple" && target.type !== "List") || target.elts.some((e) => e.type === "Starred")) return iterable;
  if (!ts.isCallExpression(iterable) || !ts.isPropertyAccessExpression(iterable.expression)) return iterable;
  const callee = iterable.expression;
  if (!ts.isIdentifier(callee.expression) || callee.expression.text !== "py" || !ts.isIdentifier(callee.name)) return iterable;
  if (target.elts.length === 2 && isItemsCall(callee.name.text, iterable.arguments)) return rtCall("py", "itemPairs", [iterable.arguments[0]!]);
  const variant = Object.hasOwn(UNPACKED_ITEMS, callee.name.text) ? UNPACKED_ITEMS[callee.name.text] : undefined;
  return variant ? f.updateCallExpression(iterable, rt("py", variant), iterable.typeArguments, iterable.arguments) : iterable;
}

/** Whether `py.<name>(...args)` is `obj.items()` as methodCall emits it: callMethod(obj, "items", []), no keywords. */
function isItemsCall(name: string, args: ts.NodeArray<ts.Expression>): boolean {
  if (name !== "callMethod" || args.length !== 3) return false;
  const [method, positional] = [args[1]!, args[2]!];
  return ts.isStringLiteral(method) && method.text === "items" && ts.isArrayLiteralExpression(positional) && positional.elements.length === 0;
}
