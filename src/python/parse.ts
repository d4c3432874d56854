// parse: Python source to the nb2svc AST (pyast.ts), through tree-sitter-python running in web-tree-sitter.
// The tree-sitter tree is converted and freed at once, so the rest of the tool works on plain data.
import { Language, Parser, type Node as TsNode, type TreeCursor } from "web-tree-sitter";
import { pythonGrammar } from "../assets.ts";
import type * as A from "./pyast.ts";
import { decodeStringBody, splitStringLiteral } from "./strings.ts";

let parserPromise: Promise<Parser> | null = null;

/** Loads the WebAssembly parser once per process. */
export function getParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const language = await Language.load(pythonGrammar());
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

/** Parses Python source. Syntax errors are reported in `errors`; the statements around them are still converted. */
export async function parsePython(source: string): Promise<A.Module> {
  return parseWith(await getParser(), source);
}

export function parseWith(parser: Parser, source: string): A.Module {
  const tree = parser.parse(source);
  if (!tree) throw new Error("tree-sitter returned no tree");
  try {
    const errors: A.SyntaxProblem[] = [];
    const tooDeep = deepStatements(tree.walk());
    for (const where of tooDeep.values()) {
      errors.push({ ...where, kind: "nesting", message: `this code nests more than ${MAX_NESTING} levels deep` });
    }
    const body = new Converter(errors, source, tooDeep).block(tree.rootNode);
    return { body, errors };
  } finally {
    tree.delete();
  }
}

/**
 * The deepest nesting of syntax nodes nb2svc reads (a chain `1 + 1 + ...` nests one level per term). The converter,
 * the analysis and translation (TypeScript's printer among them) recurse once or more per level, and Node's stack
 * holds about 700 levels of the deepest of them; CPython itself stops near 3,000 terms.
 */
export const MAX_NESTING = 400;

/**
 * The top-level statements (by start offset) nesting deeper than MAX_NESTING, each with where the limit is passed.
 * Walked with a cursor, without recursion, so that any depth is measured.
 */
function deepStatements(cursor: TreeCursor): Map<number, A.Loc> {
  const found = new Map<number, A.Loc>();
  let depth = 0;
  let top = -1;
  try {
    for (;;) {
      if (depth === 1) top = cursor.startIndex;
      if (depth > MAX_NESTING) {
        if (!found.has(top)) {
          const { startPosition: s, endPosition: e } = cursor;
          found.set(top, { line: s.row + 1, col: s.column + 1, endLine: e.row + 1, endCol: e.column + 1 });
        }
      } else if (cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return found;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

function loc(n: TsNode): A.Loc {
  return {
    line: n.startPosition.row + 1,
    col: n.startPosition.column + 1,
    endLine: n.endPosition.row + 1,
    endCol: n.endPosition.column + 1,
  };
}

const BIN_OPS: ReadonlySet<string> = new Set(["+", "-", "*", "/", "//", "%", "**", "@", "&", "|", "^", "<<", ">>"]);

class Converter {
  constructor(
    private readonly errors: A.SyntaxProblem[],
    private readonly source: string,
    /** Top-level statements too deep to convert (see MAX_NESTING), by start offset: left out. */
    private readonly tooDeep: ReadonlyMap<number, A.Loc> = new Map(),
  ) {}

  /**
   * A node's text, sliced from the source. (web-tree-sitter's `node.text` re-reads the rest of the input for every
   * node, which made large cells quadratic in allocations.)
   */
  private t(n: TsNode): string {
    return this.source.slice(n.startIndex, n.endIndex);
  }

  private node(n: TsNode): { text: string } & A.Loc {
    return { ...loc(n), text: this.t(n) };
  }

  private syntaxError(n: TsNode, message: string): void {
    this.errors.push({ ...loc(n), message });
  }

  /** Statements of a `module` or `block` node. */
  block(n: TsNode | null): A.Stmt[] {
    if (!n) return [];
    const out: A.Stmt[] = [];
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === "comment") continue;
      if (n.type === "module" && this.tooDeep.has(c.startIndex)) continue;
      if (c.type === "ERROR" || c.isMissing) {
        this.reportErrors(c);
        continue;
      }
      if (c.hasError) this.reportErrors(c);
      out.push(this.stmt(c));
    }
    return out;
  }

  private reportErrors(n: TsNode): void {
    if (n.type === "ERROR") {
      this.syntaxError(n, `invalid syntax near \`${firstLine(this.t(n))}\``);
      return;
    }
    if (n.isMissing) {
      this.syntaxError(n, `missing \`${n.type}\``);
      return;
    }
    for (const c of n.children) if (c && (c.hasError || c.isMissing || c.type === "ERROR")) this.reportErrors(c);
  }

  stmt(n: TsNode): A.Stmt {
    const base = this.node(n);
    switch (n.type) {
      case "expression_statement":
        return this.expressionStatement(n);
      case "function_definition":
        return this.functionDef(n, []);
      case "decorated_definition": {
        const decorators = n.namedChildren
          .filter((c): c is TsNode => c?.type === "decorator")
          .map((d) => this.expr(d.namedChildren[0]!));
        const def = n.childForFieldName("definition")!;
        if (def.type === "function_definition") return this.functionDef(def, decorators, n);
        if (def.type === "class_definition") return this.classDef(def, decorators, n);
        return { ...base, type: "UnsupportedStmt", nodeType: `decorated ${def.type}` };
      }
      case "class_definition":
        return this.classDef(n, []);
      case "return_statement": {
        const v = n.namedChildren[0];
        return { ...base, type: "Return", value: v ? this.exprOrTuple(n.namedChildren) : null };
      }
      case "if_statement":
        return this.ifStatement(n);
      case "for_statement":
        return {
          ...base,
          type: "For",
          target: this.target(n.childForFieldName("left")!),
          iter: this.exprOrTuple(n.childrenForFieldName("right")),
          body: this.block(n.childForFieldName("body")),
          orelse: this.block(n.childForFieldName("alternative")?.childForFieldName("body") ?? null),
          isAsync: n.children[0]?.type === "async",
        };
      case "while_statement":
        return {
          ...base,
          type: "While",
          test: this.expr(n.childForFieldName("condition")!),
          body: this.block(n.childForFieldName("body")),
          orelse: this.block(n.childForFieldName("alternative")?.childForFieldName("body") ?? null),
        };
      case "with_statement": {
        const clause = n.namedChildren.find((c) => c?.type === "with_clause");
        const items: A.WithItem[] = [];
        for (const item of clause?.namedChildren ?? []) {
          if (item?.type !== "with_item") continue;
          const value = item.childForFieldName("value")!;
          if (value.type === "as_pattern") {
            const target = value.childForFieldName("alias")?.namedChildren[0];
            items.push({ context: this.expr(value.namedChildren[0]!), vars: target ? this.target(target) : null });
          } else items.push({ context: this.expr(value), vars: null });
        }
        return {
          ...base,
          type: "With",
          items,
          body: this.block(n.childForFieldName("body")),
          isAsync: n.children[0]?.type === "async",
        };
      }
      case "import_statement":
        return { ...base, type: "Import", names: this.aliases(n.namedChildren) };
      case "import_from_statement": {
        const moduleNode = n.childForFieldName("module_name")!;
        let level = 0;
        let module: string | null = this.t(moduleNode);
        if (moduleNode.type === "relative_import") {
          const prefix = moduleNode.namedChildren.find((c) => c?.type === "import_prefix");
          level = prefix ? this.t(prefix).length : 0;
          const dotted = moduleNode.namedChildren.find((c) => c?.type === "dotted_name");
          module = dotted ? this.t(dotted) : null;
        }
        const names = n.namedChildren.filter((c) => c && c.id !== moduleNode.id);
        const wildcard = n.children.some((c) => c?.type === "wildcard_import");
        return {
          ...base,
          type: "ImportFrom",
          module,
          level,
          names: wildcard ? [{ name: "*", asname: null }] : this.aliases(names),
        };
      }
      case "try_statement":
        return this.tryStatement(n);
      case "raise_statement": {
        const v = n.namedChildren[0];
        return { ...base, type: "Raise", exc: v ? this.expr(v) : null };
      }
      case "assert_statement": {
        const [test, msg] = n.namedChildren;
        return { ...base, type: "Assert", test: this.expr(test!), msg: msg ? this.expr(msg) : null };
      }
      case "global_statement":
      case "nonlocal_statement":
        return {
          ...base,
          type: n.type === "global_statement" ? "Global" : "Nonlocal",
          names: n.namedChildren.map((c) => this.t(c!)),
        };
      case "delete_statement": {
        const v = n.namedChildren[0]!;
        const targets = v.type === "expression_list" ? v.namedChildren.map((c) => this.expr(c!)) : [this.expr(v)];
        return { ...base, type: "Delete", targets };
      }
      case "pass_statement":
        return { ...base, type: "Pass" };
      case "break_statement":
        return { ...base, type: "Break" };
      case "continue_statement":
        return { ...base, type: "Continue" };
      default:
        return { ...base, type: "UnsupportedStmt", nodeType: n.type };
    }
  }

  private aliases(nodes: readonly (TsNode | null)[]): A.Alias[] {
    const out: A.Alias[] = [];
    for (const c of nodes) {
      if (!c) continue;
      if (c.type === "aliased_import") {
        out.push({ name: this.t(c.childForFieldName("name")!), asname: this.t(c.childForFieldName("alias")!) });
      } else if (c.type === "dotted_name" || c.type === "identifier") out.push({ name: this.t(c), asname: null });
    }
    return out;
  }

  private classDef(n: TsNode, decorators: A.Expr[], outer?: TsNode): A.ClassDef {
    const args = n.childForFieldName("superclasses");
    return {
      ...this.node(outer ?? n),
      type: "ClassDef",
      name: this.t(n.childForFieldName("name")!),
      bases: args ? args.namedChildren.map((c) => this.expr(c!)) : [],
      body: this.block(n.childForFieldName("body")),
      decorators,
    };
  }

  private functionDef(n: TsNode, decorators: A.Expr[], outer?: TsNode): A.FunctionDef {
    const body = this.block(n.childForFieldName("body"));
    const first = body[0];
    const docstring =
      first?.type === "Expr" && first.value.type === "Constant" && first.value.kind === "str"
        ? (first.value.value as string)
        : null;
    const nameNode = n.childForFieldName("name")!;
    const returns = n.childForFieldName("return_type");
    return {
      ...this.node(outer ?? n),
      type: "FunctionDef",
      name: this.t(nameNode),
      nameLoc: loc(nameNode),
      params: this.params(n.childForFieldName("parameters")),
      returns: returns ? this.typeExpr(returns) : null,
      body,
      decorators,
      isAsync: n.children[0]?.type === "async",
      docstring,
    };
  }

  private params(n: TsNode | null): A.Param[] {
    if (!n) return [];
    const out: A.Param[] = [];
    let kind: A.Param["kind"] = "positional";
    const children = n.namedChildren.filter((c): c is TsNode => c !== null && c.type !== "comment");
    if (children.some((c) => c.type === "positional_separator")) {
      kind = "positional-only";
    }
    for (const c of children) {
      const at = loc(c);
      switch (c.type) {
        case "identifier":
          out.push({ ...at, name: this.t(c), kind, annotation: null, default: null });
          break;
        case "typed_parameter": {
          const inner = c.namedChildren[0]!;
          const annotation = this.typeExpr(c.childForFieldName("type")!);
          if (inner.type === "list_splat_pattern") {
            out.push({ ...at, name: this.t(inner.namedChildren[0]!), kind: "var-positional", annotation, default: null });
            kind = "keyword-only";
          } else if (inner.type === "dictionary_splat_pattern") {
            out.push({ ...at, name: this.t(inner.namedChildren[0]!), kind: "var-keyword", annotation, default: null });
          } else out.push({ ...at, name: this.t(inner), kind, annotation, default: null });
          break;
        }
        case "default_parameter":
        case "typed_default_parameter": {
          const type = c.childForFieldName("type");
          out.push({
            ...at,
            name: this.t(c.childForFieldName("name")!),
            kind,
            annotation: type ? this.typeExpr(type) : null,
            default: this.expr(c.childForFieldName("value")!),
          });
          break;
        }
        case "list_splat_pattern":
          out.push({ ...at, name: this.t(c.namedChildren[0]!), kind: "var-positional", annotation: null, default: null });
          kind = "keyword-only";
          break;
        case "dictionary_splat_pattern":
          out.push({ ...at, name: this.t(c.namedChildren[0]!), kind: "var-keyword", annotation: null, default: null });
          break;
        case "positional_separator":
          kind = "positional";
          break;
        case "keyword_separator":
          kind = "keyword-only";
          break;
        default:
          this.syntaxError(c, `unexpected parameter \`${this.t(c)}\``);
      }
    }
    return out;
  }

  /** A `type` node wraps the annotation expression. */
  private typeExpr(n: TsNode): A.Expr {
    if (n.type === "type") {
      const inner = n.namedChildren[0];
      if (inner && inner.type === "generic_type") return this.genericType(inner);
      return inner ? this.expr(inner) : this.unsupported(n);
    }
    return this.expr(n);
  }

  /** `list[int]` is a `generic_type` in annotations; represent it as the subscript Python's ast would give. */
  private genericType(n: TsNode): A.Expr {
    const name = n.namedChildren[0]!;
    const params = n.namedChildren[1];
    const args = (params?.namedChildren ?? []).map((c) => this.typeExpr(c!));
    const slice: A.Expr =
      args.length === 1 ? args[0]! : { ...this.node(params ?? n), type: "Tuple", elts: args };
    return { ...this.node(n), type: "Subscript", value: this.expr(name), slice };
  }

  private ifStatement(n: TsNode): A.If {
    const alternatives = n.childrenForFieldName("alternative");
    const build = (i: number): A.Stmt[] => {
      const alt = alternatives[i];
      if (!alt) return [];
      if (alt.type === "else_clause") return this.block(alt.childForFieldName("body"));
      return [
        {
          ...this.node(alt),
          type: "If",
          test: this.expr(alt.childForFieldName("condition")!),
          body: this.block(alt.childForFieldName("consequence")),
          orelse: build(i + 1),
        },
      ];
    };
    return {
      ...this.node(n),
      type: "If",
      test: this.expr(n.childForFieldName("condition")!),
      body: this.block(n.childForFieldName("consequence")),
      orelse: build(0),
    };
  }

  private tryStatement(n: TsNode): A.Stmt {
    const handlers: A.ExceptHandler[] = [];
    let orelse: A.Stmt[] = [];
    let finalbody: A.Stmt[] = [];
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === "except_clause" || c.type === "except_group_clause") {
        const value = c.childForFieldName("value") ?? c.namedChildren.find((x) => x?.type !== "block") ?? null;
        let exceptionType: A.Expr | null = null;
        let name: string | null = null;
        if (value && value.type === "as_pattern") {
          exceptionType = this.expr(value.namedChildren[0]!);
          name = (value.childForFieldName("alias") ? this.t(value.childForFieldName("alias")!) : null);
        } else if (value && value.type !== "block") exceptionType = this.expr(value);
        const block = c.namedChildren.find((x) => x?.type === "block") ?? null;
        handlers.push({ ...loc(c), exceptionType, name, body: this.block(block) });
      } else if (c.type === "else_clause") orelse = this.block(c.childForFieldName("body"));
      else if (c.type === "finally_clause") finalbody = this.block(c.namedChildren.find((x) => x?.type === "block") ?? null);
    }
    return {
      ...this.node(n),
      type: "Try",
      body: this.block(n.childForFieldName("body")),
      handlers,
      orelse,
      finalbody,
    };
  }

  private expressionStatement(n: TsNode): A.Stmt {
    const base = this.node(n);
    const children = n.namedChildren.filter((c): c is TsNode => c !== null && c.type !== "comment");
    if (children.length === 1) {
      const c = children[0]!;
      if (c.type === "assignment") return this.assignment(c, base);
      if (c.type === "augmented_assignment") {
        const op = this.t(c.childForFieldName("operator")!).slice(0, -1);
        return {
          ...base,
          type: "AugAssign",
          target: this.target(c.childForFieldName("left")!),
          op: op as A.BinOperator,
          value: this.expr(c.childForFieldName("right")!),
        };
      }
      return { ...base, type: "Expr", value: this.expr(c) };
    }
    return { ...base, type: "Expr", value: this.exprOrTuple(children) };
  }

  private assignment(c: TsNode, base: { text: string } & A.Loc): A.Stmt {
    const type = c.childForFieldName("type");
    const left = c.childForFieldName("left")!;
    const right = c.childForFieldName("right");
    if (type) {
      return {
        ...base,
        type: "AnnAssign",
        target: this.target(left),
        annotation: this.typeExpr(type),
        value: right ? this.rhs(right) : null,
      };
    }
    const targets = [this.target(left)];
    let value = right!;
    while (value.type === "assignment" && value.childForFieldName("right") && !value.childForFieldName("type")) {
      targets.push(this.target(value.childForFieldName("left")!));
      value = value.childForFieldName("right")!;
    }
    return { ...base, type: "Assign", targets, value: this.rhs(value) };
  }

  private rhs(n: TsNode): A.Expr {
    if (n.type === "expression_list") return this.exprOrTuple(n.namedChildren);
    if (n.type === "assignment" || n.type === "augmented_assignment" || n.type === "yield") return this.unsupported(n);
    return this.expr(n);
  }

  /** Assignment and loop targets: names, attributes, subscripts, (nested) tuples and starred names. */
  private target(n: TsNode): A.Expr {
    switch (n.type) {
      case "pattern_list":
      case "tuple_pattern":
        return { ...this.node(n), type: "Tuple", elts: n.namedChildren.map((c) => this.target(c!)) };
      case "list_pattern":
        return { ...this.node(n), type: "List", elts: n.namedChildren.map((c) => this.target(c!)) };
      case "list_splat_pattern":
        return { ...this.node(n), type: "Starred", value: this.target(n.namedChildren[0]!) };
      default:
        return this.expr(n);
    }
  }

  private exprOrTuple(nodes: readonly (TsNode | null)[]): A.Expr {
    const ns = nodes.filter((c): c is TsNode => c !== null && c.type !== "comment");
    if (ns.length === 1 && ns[0]!.type !== "expression_list") return this.expr(ns[0]!);
    if (ns.length === 1) return this.exprOrTuple(ns[0]!.namedChildren);
    const first = ns[0]!;
    const last = ns[ns.length - 1]!;
    return {
      line: first.startPosition.row + 1,
      col: first.startPosition.column + 1,
      endLine: last.endPosition.row + 1,
      endCol: last.endPosition.column + 1,
      text: ns.map((x) => this.t(x)).join(", "),
      type: "Tuple",
      elts: ns.map((x) => this.expr(x)),
    };
  }

  private unsupported(n: TsNode): A.UnsupportedExpr {
    return { ...this.node(n), type: "UnsupportedExpr", nodeType: n.type };
  }

  expr(n: TsNode): A.Expr {
    const base = this.node(n);
    switch (n.type) {
      case "identifier":
        return { ...base, type: "Name", id: this.t(n) };
      case "integer":
      case "float":
        return this.number(n);
      case "true":
      case "false":
        return { ...base, type: "Constant", kind: "bool", value: n.type === "true" };
      case "none":
        return { ...base, type: "Constant", kind: "none", value: null };
      case "ellipsis":
        return { ...base, type: "Constant", kind: "ellipsis", value: null };
      case "string":
      case "concatenated_string":
        return this.string(n);
      case "parenthesized_expression": {
        const inner = n.namedChildren.find((c) => c?.type !== "comment");
        return inner ? this.expr(inner) : this.unsupported(n);
      }
      case "list":
        return { ...base, type: "List", elts: this.elements(n) };
      case "tuple":
      case "expression_list":
        return { ...base, type: "Tuple", elts: this.elements(n) };
      case "set":
        return { ...base, type: "Set", elts: this.elements(n) };
      case "dictionary": {
        const keys: (A.Expr | null)[] = [];
        const values: A.Expr[] = [];
        for (const c of n.namedChildren) {
          if (!c || c.type === "comment") continue;
          if (c.type === "pair") {
            keys.push(this.expr(c.childForFieldName("key")!));
            values.push(this.expr(c.childForFieldName("value")!));
          } else if (c.type === "dictionary_splat") {
            keys.push(null);
            values.push(this.expr(c.namedChildren[0]!));
          }
        }
        return { ...base, type: "Dict", keys, values };
      }
      case "binary_operator": {
        const op = this.t(n.childForFieldName("operator")!);
        if (!BIN_OPS.has(op)) return this.unsupported(n);
        return {
          ...base,
          type: "BinOp",
          op: op as A.BinOperator,
          left: this.expr(n.childForFieldName("left")!),
          right: this.expr(n.childForFieldName("right")!),
        };
      }
      case "unary_operator":
        return {
          ...base,
          type: "UnaryOp",
          op: this.t(n.childForFieldName("operator")!) as "-" | "+" | "~",
          operand: this.expr(n.childForFieldName("argument")!),
        };
      case "not_operator":
        return { ...base, type: "UnaryOp", op: "not", operand: this.expr(n.childForFieldName("argument")!) };
      case "boolean_operator": {
        const op = this.t(n.childForFieldName("operator")!) as "and" | "or";
        const values: A.Expr[] = [];
        const collect = (x: TsNode) => {
          if (x.type === "boolean_operator" && this.t(x.childForFieldName("operator")!) === op) {
            collect(x.childForFieldName("left")!);
            collect(x.childForFieldName("right")!);
          } else values.push(this.expr(x));
        };
        collect(n);
        return { ...base, type: "BoolOp", op, values };
      }
      case "comparison_operator": {
        const operands: A.Expr[] = [];
        const ops: A.CmpOperator[] = [];
        for (let i = 0; i < n.childCount; i++) {
          const c = n.child(i)!;
          if (n.fieldNameForChild(i) === "operators") ops.push(this.t(c).replace(/\s+/g, " ") as A.CmpOperator);
          else if (c.isNamed && c.type !== "comment") operands.push(this.expr(c));
        }
        return { ...base, type: "Compare", left: operands[0]!, ops, comparators: operands.slice(1) };
      }
      case "call":
        return this.call(n);
      case "attribute":
        return {
          ...base,
          type: "Attribute",
          value: this.expr(n.childForFieldName("object")!),
          attr: this.t(n.childForFieldName("attribute")!),
        };
      case "subscript": {
        const parts = n.childrenForFieldName("subscript").map((c) => this.expr(c));
        const hasTrailingComma = n.children.some((c, i) => c?.type === "," && i > 1);
        const slice: A.Expr =
          parts.length === 1 && !hasTrailingComma
            ? parts[0]!
            : {
                ...base,
                text: this.t(n).slice(this.t(n).indexOf("[") + 1, -1),
                type: "Tuple",
                elts: parts,
              };
        return { ...base, type: "Subscript", value: this.expr(n.childForFieldName("value")!), slice };
      }
      case "slice": {
        const parts: (A.Expr | null)[] = [null, null, null];
        let i = 0;
        for (const c of n.children) {
          if (!c) continue;
          if (c.type === ":") i++;
          else if (c.isNamed && c.type !== "comment") parts[i] = this.expr(c);
        }
        return { ...base, type: "Slice", lower: parts[0]!, upper: parts[1]!, step: parts[2]! };
      }
      case "list_splat":
        return { ...base, type: "Starred", value: this.expr(n.namedChildren[0]!) };
      case "lambda": {
        const params = n.childForFieldName("parameters");
        return { ...base, type: "Lambda", params: this.params(params), body: this.expr(n.childForFieldName("body")!) };
      }
      case "conditional_expression": {
        const [body, test, orelse] = n.namedChildren;
        return { ...base, type: "IfExp", test: this.expr(test!), body: this.expr(body!), orelse: this.expr(orelse!) };
      }
      case "list_comprehension":
      case "set_comprehension":
      case "generator_expression":
        return {
          ...base,
          type: n.type === "list_comprehension" ? "ListComp" : n.type === "set_comprehension" ? "SetComp" : "GeneratorExp",
          elt: this.expr(n.childForFieldName("body")!),
          generators: this.clauses(n),
        };
      case "dictionary_comprehension": {
        const pair = n.childForFieldName("body")!;
        return {
          ...base,
          type: "DictComp",
          key: this.expr(pair.childForFieldName("key")!),
          value: this.expr(pair.childForFieldName("value")!),
          generators: this.clauses(n),
        };
      }
      case "named_expression":
        return {
          ...base,
          type: "NamedExpr",
          target: { ...this.node(n.childForFieldName("name")!), type: "Name", id: this.t(n.childForFieldName("name")!) },
          value: this.expr(n.childForFieldName("value")!),
        };
      case "pattern_list":
      case "tuple_pattern":
      case "list_pattern":
      case "list_splat_pattern":
        return this.target(n);
      case "keyword_argument":
        // only reachable for malformed input (a keyword outside an argument list)
        return this.unsupported(n);
      default:
        return this.unsupported(n);
    }
  }

  private elements(n: TsNode): A.Expr[] {
    return n.namedChildren.filter((c): c is TsNode => c !== null && c.type !== "comment").map((c) => this.expr(c));
  }

  private clauses(n: TsNode): A.ComprehensionClause[] {
    const out: { target: A.Expr; iter: A.Expr; ifs: A.Expr[]; isAsync: boolean }[] = [];
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === "for_in_clause") {
        out.push({
          target: this.target(c.childForFieldName("left")!),
          iter: this.exprOrTuple(c.childrenForFieldName("right")),
          ifs: [],
          isAsync: c.children[0]?.type === "async",
        });
      } else if (c.type === "if_clause" && out.length > 0) {
        out[out.length - 1]!.ifs.push(this.expr(c.namedChildren[0]!));
      }
    }
    return out;
  }

  private call(n: TsNode): A.Expr {
    const base = this.node(n);
    const func = this.expr(n.childForFieldName("function")!);
    const argsNode = n.childForFieldName("arguments")!;
    if (argsNode.type === "generator_expression") {
      return { ...base, type: "Call", func, args: [this.expr(argsNode)], keywords: [] };
    }
    const args: A.Expr[] = [];
    const keywords: A.Keyword[] = [];
    for (const c of argsNode.namedChildren) {
      if (!c || c.type === "comment") continue;
      if (c.type === "keyword_argument") {
        keywords.push({ arg: this.t(c.childForFieldName("name")!), value: this.expr(c.childForFieldName("value")!), loc: loc(c) });
      } else if (c.type === "dictionary_splat") {
        keywords.push({ arg: null, value: this.expr(c.namedChildren[0]!), loc: loc(c) });
      } else args.push(this.expr(c));
    }
    return { ...base, type: "Call", func, args, keywords };
  }

  private number(n: TsNode): A.Expr {
    const base = this.node(n);
    const raw = this.t(n).replace(/_/g, "");
    if (/[jJ]$/.test(raw)) return { ...base, type: "Constant", kind: "complex", value: null };
    if (n.type === "integer") {
      let big: bigint;
      try {
        big = /^0[oO]/.test(raw) ? BigInt("0o" + raw.slice(2)) : BigInt(raw);
      } catch {
        this.syntaxError(n, `invalid integer literal \`${this.t(n)}\``);
        return { ...base, type: "Constant", kind: "int", value: 0 };
      }
      const value = Number(big);
      const exact = BigInt(value) === big;
      return { ...base, type: "Constant", kind: "int", value, ...(exact ? {} : { bigValue: big.toString() }) };
    }
    return { ...base, type: "Constant", kind: "float", value: Number(raw) };
  }

  private string(n: TsNode): A.Expr {
    const base = this.node(n);
    const pieces = n.type === "concatenated_string" ? n.namedChildren.filter((c): c is TsNode => c?.type === "string") : [n];
    const parts: (string | A.FormattedValue)[] = [];
    let isF = false;
    let isBytes = false;
    for (const piece of pieces) {
      const start = piece.namedChildren.find((c) => c?.type === "string_start");
      const prefix = (start ? this.t(start) : '"').replace(/['"]+$/, "").toLowerCase();
      const raw = prefix.includes("r");
      if (prefix.includes("b")) isBytes = true;
      if (prefix.includes("f")) {
        isF = true;
        for (const c of piece.namedChildren) {
          if (!c) continue;
          if (c.type === "string_content") parts.push(decodeFStringText(this.t(c), raw));
          else if (c.type === "interpolation") parts.push(this.interpolation(c, raw));
        }
      } else {
        const { body } = splitStringLiteral(this.t(piece));
        parts.push(decodeStringBody(body, raw));
      }
    }
    if (!isF) {
      return { ...base, type: "Constant", kind: isBytes ? "bytes" : "str", value: (parts as string[]).join("") };
    }
    const merged: (string | A.FormattedValue)[] = [];
    for (const p of parts) {
      const last = merged[merged.length - 1];
      if (typeof p === "string" && typeof last === "string") merged[merged.length - 1] = last + p;
      else if (p !== "") merged.push(p);
    }
    return { ...base, type: "JoinedStr", parts: merged };
  }

  private interpolation(n: TsNode, raw: boolean): A.FormattedValue {
    const expression = n.childForFieldName("expression")!;
    const conversion = (n.childForFieldName("type_conversion") ? this.t(n.childForFieldName("type_conversion")!).slice(1) : "");
    const specNode = n.childForFieldName("format_specifier");
    const selfDoc = n.children.some((c) => c?.type === "=") ? this.t(n).slice(1, this.t(n).indexOf("=") + 1) : undefined;
    let spec: A.JoinedStr | null = null;
    if (specNode) {
      // the literal parts of a spec are unnamed text between `format_expression` children
      const parts: (string | A.FormattedValue)[] = [];
      const text = this.t(specNode);
      const origin = specNode.startIndex;
      let cursor = text.startsWith(":") ? 1 : 0;
      for (const fe of specNode.namedChildren) {
        if (!fe || fe.type !== "format_expression") continue;
        const from = fe.startIndex - origin;
        if (from > cursor) parts.push(decodeFStringText(text.slice(cursor, from), raw));
        const inner = fe.childForFieldName("expression") ?? fe.namedChildren[0]!;
        parts.push({ value: this.expr(inner), conversion: "", spec: null });
        cursor = fe.endIndex - origin;
      }
      if (cursor < text.length) parts.push(decodeFStringText(text.slice(cursor), raw));
      spec = { ...this.node(specNode), type: "JoinedStr", parts: parts.filter((p) => p !== "") };
    }
    return {
      value: this.expr(expression),
      conversion: conversion as A.FormattedValue["conversion"],
      spec,
      ...(selfDoc !== undefined ? { selfDoc } : {}),
    };
  }
}

function decodeFStringText(text: string, raw: boolean): string {
  return decodeStringBody(text, raw).replace(/\{\{/g, "{").replace(/\}\}/g, "}");
}

function firstLine(s: string): string {
  const line = s.split("\n")[0] ?? "";
  return line.length > 40 ? line.slice(0, 40) + "…" : line;
}
