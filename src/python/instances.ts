// A notebook class with one instance, read as the module-level code it amounts to. Notebooks written for production
// wrap the model in a class (`class IrisPredictor:` whose `__init__` opens the session and loads the statistics, and
// whose `predict` calls `self.preprocess`, the session and `self.postprocess`), made once
// (`predictor = IrisPredictor("iris.onnx", "stats.json")`) and called (`predictor.predict({...})`). nb2svc reads
// module-level functions and constants; such an instance is exactly that: its `__init__` sets constants, its
// methods are functions of them. This rewrites the cells' source so: `__init__`'s body runs at the class's place with
// its parameters bound to the call's arguments, `self.x` becomes `predictor_x`, a method `m(self, ...)` becomes the
// function `predictor_m(...)`, and `predictor.m(...)` / `predictor(...)` call them. Every line keeps its number, so
// locations still point at what the person wrote. A `@dataclass` made once is read the same way (its fields hold the
// call's arguments), and a class of settings never made (Kaggle's `class CFG:`, read as `CFG.lr`) becomes module-level
// constants `CFG_lr`. A class the rewrite cannot express exactly is left as it is.
import type { Parser } from "web-tree-sitter";
import { parseWith } from "./parse.ts";
import type * as A from "./pyast.ts";
import { functionFacts, PY_BUILTINS } from "./scope.ts";
import { bindCall, flattenScope, stmtExprs, targetNames, walkExpr, walkStmts } from "./walk.ts";

/**
 * A class whose one instance was rewritten as module-level code, or a class used as a namespace of constants
 * (`class CFG: lr = 1e-3`, read as `CFG.lr`, never made), whose attributes were (then `instance` is the class's name).
 */
export interface FlattenedInstance {
  readonly kind: "instance" | "namespace";
  readonly cls: string;
  readonly instance: string;
  /** The cell and line of the instance's creation. */
  readonly cell: number;
  readonly line: number;
  /** The module-level names the instance's attributes and methods became, by attribute. */
  readonly names: ReadonlyMap<string, string>;
  /** The functions its methods became. */
  readonly functions: readonly string[];
}

interface Edit {
  readonly line: number;
  /** 1-based UTF-8 byte columns, as the parser reports them. */
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
  readonly text: string;
}

interface ParsedSource {
  readonly index: number;
  readonly source: string;
  readonly module: A.Module;
}

/** Where the instance is made: `name = Cls(...)`, or `name = Cls.factory(...)` (`factory` a classmethod). */
interface Make {
  readonly cell: ParsedSource;
  readonly stmt: A.Assign;
  readonly call: A.Call;
  readonly target: A.Name;
  readonly factory: string | null;
}

/** Dunders that are functions of the instance: `p(x)` calls `__call__`, `len(vocab)` calls `__len__`. */
const SUPPORTED_DUNDERS: ReadonlySet<string> = new Set(["__init__", "__call__", "__len__"]);

/** A class that cannot be flattened: the reason is for tests and debugging; the class is left as it is. */
class NotFlat extends Error {}

function fail(why: string): never {
  throw new NotFlat(why);
}

/**
 * The cells' sources with every flattenable one-instance class rewritten, and what was rewritten. Cells whose source
 * did not change are not in `sources`; `modules` holds every cell's parse, of its source as rewritten.
 */
export function flattenInstances(
  cells: readonly { readonly index: number; readonly source: string }[],
  parser: Parser,
): { sources: Map<number, string>; modules: Map<number, A.Module>; flattened: FlattenedInstance[] } {
  let parsed: ParsedSource[] = cells.map((c) => ({ ...c, module: parseWith(parser, c.source) }));
  const sources = new Map<number, string>();
  const flattened: FlattenedInstance[] = [];
  // one class at a time, parsing again after each rewrite (positions change only within the rewritten lines)
  for (let round = 0; round < 8; round++) {
    let done: { instance: FlattenedInstance; cells: Map<number, ParsedSource> } | null = null;
    for (const c of parsed) {
      if (c.module.errors.length) continue;
      for (const s of c.module.body) {
        if (s.type !== "ClassDef") continue;
        done = tryRewrite(parsed, c, s, parser);
        if (done) break;
      }
      if (done) break;
    }
    if (!done) break;
    flattened.push(done.instance);
    for (const [index, c] of done.cells) sources.set(index, c.source);
    parsed = parsed.map((c) => done!.cells.get(c.index) ?? c);
  }
  return { sources, modules: new Map(parsed.map((c) => [c.index, c.module])), flattened };
}

/**
 * The class rewritten, with the changed cells parsed again; null when it cannot be (NotFlat), and also when the
 * rewrite went wrong (an error of its own, or a cell that no longer parses): the class is then read as it is.
 */
function tryRewrite(cells: readonly ParsedSource[], home: ParsedSource, cls: A.ClassDef, parser: Parser): { instance: FlattenedInstance; cells: Map<number, ParsedSource> } | null {
  let result: Rewrite;
  try {
    result = rewrite(cells, home, cls);
  } catch {
    return null;
  }
  const out = new Map<number, ParsedSource>();
  for (const [index, source] of result.sources) {
    const module = parseWith(parser, source);
    if (module.errors.length) return null;
    out.set(index, { index, source, module });
  }
  return { instance: result.instance, cells: out };
}

interface Rewrite {
  readonly sources: Map<number, string>;
  readonly instance: FlattenedInstance;
}

/** Every statement of a module, nested ones and function and class bodies included, with every expression in it. */
function everyExpr(body: readonly A.Stmt[], visit: (e: A.Expr, s: A.Stmt) => void): void {
  walkStmts(body, (s) => {
    for (const e of stmtExprs(s)) walkExpr(e, (x) => visit(x, s));
  });
}

function rewrite(cells: readonly ParsedSource[], home: ParsedSource, cls: A.ClassDef): Rewrite {
  const first = cls.body[0];
  if (!first || first.line === cls.line) fail("a one-line class");

  // the instance: `name = Cls(...)` at module level, or `name = Cls.load(...)` through a classmethod that returns
  // `cls(...)`; made again only under the same name (a tokenizer built, saved, then loaded back), the class named
  // nowhere else
  const factories = new Set(cls.body.flatMap((s) => (s.type === "FunctionDef" && isClassmethod(s) ? [s.name] : [])));
  const makes: Make[] = [];
  for (const c of cells) {
    for (const s of c.module.body) {
      if (s.type !== "Assign" || s.value.type !== "Call") continue;
      const f = s.value.func;
      const factory = f.type === "Attribute" && f.value.type === "Name" && f.value.id === cls.name && factories.has(f.attr) ? f.attr : null;
      if (!factory && !(f.type === "Name" && f.id === cls.name)) continue;
      if (s.targets.length !== 1 || s.targets[0]!.type !== "Name") fail("not an instance bound to a name");
      makes.push({ cell: c, stmt: s, call: s.value, target: s.targets[0] as A.Name, factory });
    }
  }
  if (!makes.length) return rewriteNamespace(cells, home, cls);
  const made = makes[0]!;
  if (makes.some((m) => m.target.id !== made.target.id)) fail("two instances");
  // made by a factory or more than once: `__init__` and the factories are functions returning the attributes, and
  // each creation binds them (`tok_vocab, tok_max_len = tok_load("vocab.json")`), as Python rebinds the instance
  const returning = factories.size > 0 || makes.length > 1;
  if (cls.bases.some((b) => !(b.type === "Name" && b.id === "object"))) fail("bases");
  // a @dataclass: its fields are the instance's attributes, set from the call's arguments or their defaults
  const dataclass = isDataclass(cls);
  if (cls.decorators.length && !dataclass) fail("decorated");
  if (dataclass && returning) fail("a dataclass made by a factory or more than once");
  const instance = made.target.id;
  for (const m of makes) if (cells.indexOf(m.cell) < cells.indexOf(home) || (m.cell === home && m.stmt.line < cls.endLine)) fail("made before the class");
  if (!returning && lineShared(made.cell, made.stmt)) fail("shares its lines");

  // the class's members
  const methods = new Map<string, A.FunctionDef>();
  const classAttrs = new Map<string, { stmt: A.Stmt; target: A.Expr }>();
  const fields: A.AnnAssign[] = [];
  const statics = new Set<string>();
  const blank: A.Stmt[] = [];
  for (const s of cls.body) {
    if (s.type === "AnnAssign" && s.target.type === "Name" && dataclass) {
      if (s.value?.type === "Call" && /^(dataclasses\.)?field$/.test(s.value.func.text)) fail("field(...)");
      fields.push(s);
    } else if (s.type === "AnnAssign" && s.target.type === "Name" && s.value) classAttrs.set(s.target.id, { stmt: s, target: s.target });
    else if (s.type === "FunctionDef") {
      // a @staticmethod is a plain function already (`def softmax(x)`, called as `self.softmax(...)`)
      const isStatic = s.decorators.length === 1 && s.decorators[0]!.type === "Name" && s.decorators[0]!.id === "staticmethod";
      const isFactory = factories.has(s.name);
      if ((s.decorators.length && !isStatic && !isFactory) || s.isAsync || methods.has(s.name)) fail("decorated, async or redefined method");
      if (s.name.startsWith("__") && s.name.endsWith("__") && !SUPPORTED_DUNDERS.has(s.name)) fail(`dunder ${s.name}`);
      const self = s.params[0];
      if (isStatic) statics.add(s.name);
      else if (!self || self.name !== (isFactory ? "cls" : "self") || self.kind === "var-positional" || self.kind === "keyword-only") fail("no self or cls");
      if (s.params.some((p) => p.kind === "var-positional" || p.kind === "var-keyword")) fail("*args");
      methods.set(s.name, s);
    } else if (s.type === "Assign" && s.targets.length === 1 && s.targets[0]!.type === "Name") classAttrs.set(s.targets[0]!.id, { stmt: s, target: s.targets[0]! });
    // `PAD, UNK = "<pad>", "<unk>"`
    else if (s.type === "Assign" && s.targets.length === 1 && s.targets[0]!.type === "Tuple" && s.targets[0]!.elts.every((e) => e.type === "Name")) {
      for (const e of s.targets[0]!.elts) classAttrs.set((e as A.Name).id, { stmt: s, target: e });
    }
    else if ((s.type === "Expr" && s.value.type === "Constant" && s.value.kind === "str") || s.type === "Pass") blank.push(s);
    else fail(`class body holds a ${s.type}`);
  }
  const init = methods.get("__init__");
  if (dataclass && init) fail("a dataclass with its own __init__");

  // instance attributes: set in __init__ only, or a dataclass's fields
  const attrs = new Set<string>(fields.map((f) => (f.target as A.Name).id));
  for (const [name, m] of methods) {
    walkStmts(m.body, (s) => {
      const targets = s.type === "Assign" ? s.targets : s.type === "AugAssign" || s.type === "AnnAssign" ? [s.target] : s.type === "For" ? [s.target] : s.type === "With" ? s.items.flatMap((i) => (i.vars ? [i.vars] : [])) : [];
      for (const t of targets) {
        walkExpr(t, (x) => {
          if (x.type === "Attribute" && x.value.type === "Name" && x.value.id === "self") {
            if (name !== "__init__") fail(`${name} sets self.${x.attr}`);
            attrs.add(x.attr);
          }
        });
      }
    });
  }
  if (init) walkStmts(init.body, (s) => s.type === "Return" && fail("__init__ returns"));
  if (returning && (!init || attrs.size === 0)) fail("made by a factory or more than once, without attributes set in __init__");

  // the module-level name of each attribute and method
  const taken = identifiers(cells);
  const names = new Map<string, string>();
  const nameFor = (member: string) => {
    const n = `${instance}_${/^__\w+__$/.test(member) ? member.slice(2, -2) : member}`;
    if (taken.has(n)) fail(`${n} is taken`);
    return n;
  };
  for (const a of [...attrs, ...classAttrs.keys(), ...[...methods.keys()].filter((m) => m !== "__init__" || returning)]) {
    if (names.has(a)) fail(`${a} is both an attribute and a method`);
    names.set(a, nameFor(a));
  }
  const initLocal = new Map<string, string>();
  if (init && !returning) for (const l of functionFacts(init).locals) if (l !== "self") initLocal.set(l, nameFor(`init_${l}`));

  // self is only ever `self.member`, members known
  for (const m of methods.values()) {
    const members = new Set<A.Expr>();
    everyExpr(m.body, (x) => {
      if (x.type === "Attribute" && x.value.type === "Name" && x.value.id === "self") {
        if (!names.has(x.attr)) fail(`self.${x.attr} unknown`);
        members.add(x.value);
      } else if (x.type === "Name" && x.id === "self" && !members.has(x)) fail("self used as a value");
      if (x.type === "UnsupportedExpr" && /\bself\b/.test(x.text)) fail("self in unsupported code");
    });
    walkStmts(m.body, (s) => s.type === "UnsupportedStmt" && /\bself\b/.test(s.text) && fail("self in unsupported code"));
    if (m.params.slice(1).some((p) => p.name === "self")) fail("self twice");
  }
  // cls is only ever `cls(...)` (the instance made) or `cls.member`
  for (const name of factories) {
    const known = new Set<A.Expr>();
    everyExpr(methods.get(name)!.body, (x) => {
      if (x.type === "Call" && x.func.type === "Name" && x.func.id === "cls") known.add(x.func);
      else if (x.type === "Attribute" && x.value.type === "Name" && x.value.id === "cls") {
        if (!classAttrs.has(x.attr) && !statics.has(x.attr) && !factories.has(x.attr)) fail(`cls.${x.attr} unknown`);
        known.add(x.value);
      } else if (x.type === "Name" && x.id === "cls" && !known.has(x)) fail("cls used as a value");
      if (x.type === "UnsupportedExpr" && /\bcls\b/.test(x.text)) fail("cls in unsupported code");
    });
  }

  // the instance is only ever `instance.member` or `instance(...)`, and the class is named only where it is made
  const { edits, edit } = editor();
  const makeStmts = new Set<A.Stmt>(makes.map((m) => m.stmt));
  // in the old form the creation is blanked; returning, its target and callee are rewritten (below), its arguments read
  const skipped = (s: A.Stmt) => !returning && s === made.stmt;
  const makeParts = new Set<A.Expr>(makes.flatMap((m) => [m.target, m.call.func, ...(m.call.func.type === "Attribute" ? [m.call.func.value] : [])]));
  for (const c of cells) {
    const seen = new Set<A.Expr>();
    everyExpr(c.module.body, (x, s) => {
      if (seen.has(x) || makeParts.has(x)) return;
      // `Predictor.LABELS`, `Predictor.softmax(...)`: what the class itself holds
      if (x.type === "Attribute" && x.value.type === "Name" && x.value.id === cls.name && (classAttrs.has(x.attr) || statics.has(x.attr))) {
        seen.add(x.value);
        edit(c, x, names.get(x.attr)!);
        return;
      }
      if (x.type === "Name" && x.id === cls.name && !(c === home && s === cls)) fail("class named elsewhere");
      // `len(tok)`, with `__len__`
      if (x.type === "Call" && x.func.type === "Name" && x.func.id === "len" && x.args.length === 1 && x.args[0]!.type === "Name" && x.args[0]!.id === instance && !x.keywords.length && !skipped(s)) {
        seen.add(x.args[0]!);
        edit(c, x, `${names.get("__len__") ?? fail("len() without __len__")}()`);
        return;
      }
      if (x.type === "Attribute" && x.value.type === "Name" && x.value.id === instance && !skipped(s)) {
        const n = names.get(x.attr) ?? fail(`${instance}.${x.attr} unknown`);
        seen.add(x.value);
        edit(c, x, n);
      } else if (x.type === "Call" && x.func.type === "Name" && x.func.id === instance) {
        seen.add(x.func);
        edit(c, x.func, names.get("__call__") ?? fail("called without __call__"));
      } else if (x.type === "Name" && x.id === instance && !skipped(s)) {
        // shown as it is (`print(cfg)`, or a cell ending with `cfg`): the text shown stays in the cell's outputs
        if (!shownAlone(s, x)) fail(`${instance} used as a value`);
        edit(c, x, JSON.stringify(`<${cls.name} instance>`));
      }
    });
    // bound again anywhere else: the instance is not one value
    walkStmts(c.module.body, (s) => {
      if (makeStmts.has(s)) return;
      const bound = s.type === "Assign" ? s.targets.flatMap(targetNames) : s.type === "For" ? targetNames(s.target) : s.type === "FunctionDef" || s.type === "ClassDef" ? [s.name] : [];
      if (bound.includes(instance) || bound.includes(cls.name) !== (s === cls)) fail("bound again");
    });
    if (/\b(global|nonlocal)\b/.test(c.source) && new RegExp(`\\b(global|nonlocal)\\b[^\\n]*\\b${instance}\\b`).test(c.source)) fail("global");
  }

  if (returning) {
    const bound = [...attrs].map((a) => names.get(a)!).join(", ");
    for (const m of makes) {
      edit(m.cell, m.target, bound);
      edit(m.cell, m.call.func, names.get(m.factory ?? "__init__")!);
    }
  }
  const args = returning ? new Map<string, A.Expr | null>() : bindArguments(dataclass ? fields.map(fieldParam) : init ? init.params.slice(1) : [], made.call);
  if (!returning) checkBoundBefore(cells, home, cls, init, args);

  // the class's cell: header, docstring and `pass` blanked, `__init__` as module code, methods as functions
  const lines = home.source.split("\n");
  const bodyIndent = indentOf(lines[first.line - 1]!);
  const blanks: [number, number][] = [[cls.line, first.line - 1]];
  for (const s of blank) blanks.push([s.line, s.endLine]);
  const dedents: [number, number, number][] = [];
  for (const [name, m] of methods) {
    const bodyStart = m.body[0]!.line;
    if (bodyStart === m.line && m.body[0]!.line === m.endLine) fail("one-line method");
    if (name === "__init__" && !returning) {
      // the parameters bound to the call's arguments, on the `def` line; the body at module level, locals renamed
      const binds = [...args].map(([p, a]) => `${initLocal.get(p)} = ${a ? a.text.replace(/\n\s*/g, " ") : "None"}`);
      edit(home, { line: m.line, col: 1, endLine: m.line, endCol: Buffer.byteLength(lines[m.line - 1]!) + 1 }, binds.join("; "));
      blanks.push([m.line + 1, bodyStart - 1]);
      if (m.docstring !== null) blanks.push([m.body[0]!.line, m.body[0]!.endLine]);
      dedents.push([bodyStart, m.endLine, indentOf(lines[bodyStart - 1]!).length]);
      everyExpr(m.body, (x) => {
        if (x.type === "Name" && initLocal.has(x.id)) edit(home, x, initLocal.get(x.id)!);
      });
    } else {
      edit(home, m.nameLoc, names.get(name)!);
      if (statics.has(name) || factories.has(name)) blanks.push([m.line, m.nameLoc.line - 1]);
      if (!statics.has(name)) {
        const self = m.params[0]!;
        const next = m.params[1];
        edit(home, { line: self.line, col: self.col, endLine: next ? next.line : self.endLine, endCol: next ? next.col : self.endCol }, "");
      }
      dedents.push([m.line, m.endLine, bodyIndent.length]);
    }
    if (name === "__init__" && returning) edit(home, endOf(m.body[m.body.length - 1]!), `; return ${[...attrs].map((a) => names.get(a)!).join(", ")}`);
    const me = factories.has(name) ? "cls" : "self";
    everyExpr(m.body, (x) => {
      if (x.type === "Attribute" && x.value.type === "Name" && x.value.id === me) edit(home, x, names.get(x.attr)!);
      else if (me === "cls" && x.type === "Call" && x.func.type === "Name" && x.func.id === "cls") edit(home, x.func, names.get("__init__")!);
    });
  }
  for (const [name, { target }] of classAttrs) edit(home, target, names.get(name)!);
  for (const stmt of new Set([...classAttrs.values()].map((a) => a.stmt))) dedents.push([stmt.line, stmt.endLine, bodyIndent.length]);
  // a dataclass's field, at its own line, holds the call's argument or its default
  for (const f of fields) {
    const name = (f.target as A.Name).id;
    const value = args.get(name)!;
    edit(home, f, `${names.get(name)}: ${f.annotation.text} = ${value.text.replace(/\n\s*/g, " ")}${"\n".repeat(f.endLine - f.line)}`);
    dedents.push([f.line, f.endLine, bodyIndent.length]);
  }
  // class attributes read as `ClassName.x` inside methods are refused above (the class is named nowhere else)

  const out = new Map<number, string>();
  for (const c of new Set([home, made.cell, ...edits.keys()])) {
    let text = applyEdits(c.source, edits.get(c) ?? []);
    const ls = text.split("\n");
    if (c === home) {
      for (const [from, to] of blanks) for (let l = from; l <= to; l++) if (!ls[l - 1]!.trim().startsWith("#") || l === cls.line) ls[l - 1] = "";
      for (const [from, to, n] of dedents) for (let l = from; l <= to; l++) ls[l - 1] = dedent(ls[l - 1]!, n);
    }
    if (c === made.cell && !returning) for (let l = made.stmt.line; l <= made.stmt.endLine; l++) ls[l - 1] = "";
    text = ls.join("\n");
    out.set(c.index, text);
  }
  const functions = [...methods.keys()].filter((m) => m !== "__init__").map((m) => names.get(m)!);
  return { sources: out, instance: { kind: "instance", cls: cls.name, instance, cell: made.cell.index, line: made.stmt.line, names, functions } };
}

/** `__init__`'s code runs at the class's place: what it and the call's arguments read must be bound before it. */
function checkBoundBefore(cells: readonly ParsedSource[], home: ParsedSource, cls: A.ClassDef, init: A.FunctionDef | undefined, args: ReadonlyMap<string, A.Expr | null>): void {
  const before = boundBefore(cells, home, cls);
  const reads = (e: A.Expr, local: ReadonlySet<string>) => {
    // names a comprehension or a lambda binds for itself
    const own = new Set<string>();
    walkExpr(e, (x) => {
      if (x.type === "ListComp" || x.type === "SetComp" || x.type === "GeneratorExp" || x.type === "DictComp") for (const g of x.generators) targetNames(g.target).forEach((n) => own.add(n));
      if (x.type === "Lambda") x.params.forEach((p) => own.add(p.name));
    });
    walkExpr(e, (x) => {
      if (x.type === "Name" && !local.has(x.id) && !own.has(x.id) && !before.has(x.id) && !PY_BUILTINS.has(x.id) && x.id !== "self") fail(`${x.id} is bound after the class`);
    });
  };
  for (const a of args.values()) if (a) reads(a, new Set());
  if (init) {
    const local = new Set(functionFacts(init).locals);
    walkStmts(init.body, (s) => {
      for (const e of stmtExprs(s)) reads(e, local);
    });
  }
}

/**
 * A class never made whose body only binds values (`class CFG:` with `seed = 42`, `img_size: int = 224`), read only
 * as `CFG.x` (the Kaggle idiom for settings): each attribute becomes the module-level constant `CFG_x`, at its line.
 */
function rewriteNamespace(cells: readonly ParsedSource[], home: ParsedSource, cls: A.ClassDef): Rewrite {
  if (cls.bases.some((b) => !(b.type === "Name" && b.id === "object"))) fail("bases");
  if (cls.decorators.length && !isDataclass(cls)) fail("decorated");
  const first = cls.body[0]!;
  const attrs = new Map<string, A.Name>();
  const blank: A.Stmt[] = [];
  for (const s of cls.body) {
    const target = s.type === "Assign" && s.targets.length === 1 ? s.targets[0]! : s.type === "AnnAssign" && s.value ? s.target : null;
    if (target?.type === "Name") attrs.set(target.id, target);
    else if ((s.type === "Expr" && s.value.type === "Constant" && s.value.kind === "str") || s.type === "Pass") blank.push(s);
    else fail(`namespace body holds a ${s.type}`);
  }
  if (attrs.size === 0) fail("no attributes");
  const taken = identifiers(cells);
  const names = new Map<string, string>();
  for (const a of attrs.keys()) {
    const n = `${cls.name}_${a}`;
    if (taken.has(n)) fail(`${n} is taken`);
    names.set(a, n);
  }
  const { edits, edit } = editor();
  // inside the body, an attribute defined above is read by its bare name (`total = a + b`)
  const inBody = new Set<string>();
  for (const s of cls.body) {
    for (const e of stmtExprs(s)) {
      walkExpr(e, (x) => {
        if (x.type === "Name" && inBody.has(x.id)) edit(home, x, names.get(x.id)!);
      });
    }
    const target = s.type === "Assign" ? s.targets[0] : s.type === "AnnAssign" ? s.target : undefined;
    if (target?.type === "Name") {
      edit(home, target, names.get(target.id)!);
      inBody.add(target.id);
    }
  }
  // elsewhere only `CFG.x` read, never set
  for (const c of cells) {
    const seen = new Set<A.Expr>();
    walkStmts(c.module.body, (s) => {
      if (s === cls || (c === home && cls.body.includes(s))) return;
      const targets = s.type === "Assign" ? s.targets : s.type === "AugAssign" || s.type === "AnnAssign" || s.type === "For" ? [s.target] : [];
      for (const t of targets) walkExpr(t, (x) => x.type === "Attribute" && x.value.type === "Name" && x.value.id === cls.name && fail("an attribute set"));
      if ((s.type === "FunctionDef" || s.type === "ClassDef") && s.name === cls.name) fail("bound again");
      if (s.type === "Assign" && s.targets.some((t) => targetNames(t).includes(cls.name))) fail("bound again");
      for (const e of stmtExprs(s)) {
        walkExpr(e, (x) => {
          if (seen.has(x)) return;
          if (x.type === "Attribute" && x.value.type === "Name" && x.value.id === cls.name) {
            seen.add(x.value);
            edit(c, x, names.get(x.attr) ?? fail(`${cls.name}.${x.attr} unknown`));
          } else if (x.type === "Name" && x.id === cls.name) fail("the class used as a value");
        });
      }
    });
  }
  const out = new Map<number, string>();
  for (const c of new Set([home, ...edits.keys()])) {
    const ls = applyEdits(c.source, edits.get(c) ?? []).split("\n");
    if (c === home) {
      const indent = indentOf(ls[first.line - 1]!).length;
      for (let l = cls.line; l < first.line; l++) ls[l - 1] = "";
      for (const s of blank) for (let l = s.line; l <= s.endLine; l++) ls[l - 1] = "";
      for (let l = first.line; l <= cls.endLine; l++) ls[l - 1] = dedent(ls[l - 1]!, indent);
    }
    out.set(c.index, ls.join("\n"));
  }
  return { sources: out, instance: { kind: "namespace", cls: cls.name, instance: cls.name, cell: home.index, line: cls.line, names, functions: [] } };
}

/** The empty span at the end of a simple statement (`__init__`'s last, where its `return` goes). */
function endOf(s: A.Stmt): A.Loc {
  if (["If", "For", "While", "With", "Try", "FunctionDef", "ClassDef", "UnsupportedStmt"].includes(s.type)) fail("__init__ ends with a block");
  return { line: s.endLine, col: s.endCol, endLine: s.endLine, endCol: s.endCol };
}

/** Text replacements collected per cell: `edit(cell, node, text)` replaces the node's source with `text`. */
function editor(): { edits: Map<ParsedSource, Edit[]>; edit: (c: ParsedSource, loc: A.Loc, text: string) => void } {
  const edits = new Map<ParsedSource, Edit[]>();
  const edit = (c: ParsedSource, loc: A.Loc, text: string) => {
    const list = edits.get(c) ?? [];
    list.push({ line: loc.line, col: loc.col, endLine: loc.endLine, endCol: loc.endCol, text });
    edits.set(c, list);
  };
  return { edits, edit };
}

/** Whether the statement only shows `name`: `print(name)` or the bare expression `name`. */
function shownAlone(s: A.Stmt, name: A.Name): boolean {
  if (s.type !== "Expr") return false;
  const v = s.value;
  return v === name || (v.type === "Call" && v.func.type === "Name" && v.func.id === "print" && v.args.length === 1 && v.args[0] === name && v.keywords.length === 0);
}

/** Whether another statement of the cell starts or ends on the statement's lines (`a = 1; p = Cls()`). */
function lineShared(c: ParsedSource, stmt: A.Stmt): boolean {
  return c.module.body.some((s) => s !== stmt && s.endLine >= stmt.line && s.line <= stmt.endLine);
}

/** `@classmethod def load(cls, ...)`, the only decorator. */
function isClassmethod(f: A.FunctionDef): boolean {
  return f.decorators.length === 1 && f.decorators[0]!.type === "Name" && f.decorators[0]!.id === "classmethod";
}

/** `@dataclass`, `@dataclasses.dataclass`, `@dataclass(frozen=True)`. */
function isDataclass(cls: A.ClassDef): boolean {
  return cls.decorators.length === 1 && /^(dataclasses\.)?dataclass(\([^()]*\))?$/.test(cls.decorators[0]!.text);
}

/** A dataclass field as the parameter of the `__init__` the decorator writes. */
function fieldParam(f: A.AnnAssign): A.Param {
  return { line: f.line, col: f.col, endLine: f.endLine, endCol: f.endCol, name: (f.target as A.Name).id, kind: "positional", annotation: f.annotation, default: f.value };
}

/** Parameters (`__init__`'s after self) bound to the call's arguments, or to their defaults (null: no argument). */
function bindArguments(params: readonly A.Param[], call: A.Call): Map<string, A.Expr | null> {
  const bound = bindCall(params, call);
  if (!bound || bound.extraArgs.length > 0 || bound.extraKeywords.length > 0) fail("arguments that do not bind one by one to the parameters");
  for (const p of params) if (!bound.named.has(p.name) && !p.default) fail(`${p.name} missing`);
  return new Map(params.map((p) => [p.name, bound.named.get(p.name) ?? p.default ?? null]));
}

/** The names bound at module level by the statements before the class (earlier cells, earlier in its cell). */
function boundBefore(cells: readonly ParsedSource[], home: ParsedSource, cls: A.ClassDef): Set<string> {
  const out = new Set<string>();
  for (const c of cells) {
    for (const s of flattenScope(c.module.body)) {
      if (c === home && s.line >= cls.line) return out;
      if (s.type === "Assign") s.targets.flatMap(targetNames).forEach((n) => out.add(n));
      else if (s.type === "AugAssign" || s.type === "AnnAssign" || s.type === "For") targetNames(s.target).forEach((n) => out.add(n));
      else if (s.type === "With") s.items.forEach((i) => i.vars && targetNames(i.vars).forEach((n) => out.add(n)));
      else if (s.type === "Import") s.names.forEach((a) => out.add(a.asname ?? a.name.split(".")[0]!));
      else if (s.type === "ImportFrom") s.names.forEach((a) => out.add(a.asname ?? a.name));
      else if (s.type === "FunctionDef" || s.type === "ClassDef") out.add(s.name);
    }
    if (c === home) return out;
  }
  return out;
}

/** Every identifier the notebook's code spells, so that no new name collides with one. */
function identifiers(cells: readonly ParsedSource[]): Set<string> {
  const out = new Set<string>();
  for (const c of cells) for (const m of c.source.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) out.add(m[0]);
  return out;
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** The line without up to `n` characters of leading whitespace (a continuation line may be indented less). */
function dedent(line: string, n: number): string {
  const lead = indentOf(line).length;
  return line.slice(Math.min(lead, n));
}

/** The source with the edits applied; edits must not overlap. */
function applyEdits(source: string, edits: readonly Edit[]): string {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === "\n") starts.push(i + 1);
  const offset = (line: number, byteCol: number) => {
    const start = starts[line - 1]!;
    const end = starts[line] !== undefined ? starts[line]! - 1 : source.length;
    return start + Buffer.from(source.slice(start, end)).subarray(0, byteCol - 1).toString().length;
  };
  const spans = edits.map((e) => ({ from: offset(e.line, e.col), to: offset(e.endLine, e.endCol), text: e.text })).sort((a, b) => b.from - a.from);
  let out = source;
  let limit = Infinity;
  for (const s of spans) {
    if (s.to > limit) fail("overlapping edits");
    out = out.slice(0, s.from) + s.text + out.slice(s.to);
    limit = s.from;
  }
  return out;
}
