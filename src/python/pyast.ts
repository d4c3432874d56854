// The Python AST nb2svc works on: made by parse (from tree-sitter's concrete tree), read by analyze and translate.
// Shaped after CPython's `ast` module, reduced to what notebooks' inference code uses; everything else is kept as
// an `Unsupported` node with its text and location, so that translate can refuse it precisely.

/** 1-based line and column within the parsed source (a cell, or a function's source). */
export interface Loc {
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
}

interface Node extends Loc {
  /** The node's source text. */
  readonly text: string;
}

export type Expr =
  | Name
  | Constant
  | JoinedStr
  | ListExpr
  | TupleExpr
  | SetExpr
  | DictExpr
  | BinOp
  | UnaryOp
  | BoolOp
  | Compare
  | Call
  | Attribute
  | Subscript
  | SliceExpr
  | Starred
  | Lambda
  | IfExp
  | Comprehension
  | DictComp
  | NamedExpr
  | UnsupportedExpr;

export interface Name extends Node {
  readonly type: "Name";
  readonly id: string;
}

export type ConstantKind = "int" | "float" | "complex" | "str" | "bytes" | "bool" | "none" | "ellipsis";

export interface Constant extends Node {
  readonly type: "Constant";
  readonly kind: ConstantKind;
  /** ints and floats as numbers (ints beyond 2**53 lose precision: `bigValue` keeps them), strings decoded. */
  readonly value: number | string | boolean | null;
  readonly bigValue?: string;
}

export interface FormattedValue {
  readonly value: Expr;
  readonly conversion: "" | "r" | "s" | "a";
  /** The format spec, itself an f-string (it can hold `{width}` fields), or null. */
  readonly spec: JoinedStr | null;
  /** `f"{x=}"` self-documenting form: the text before `=`. */
  readonly selfDoc?: string;
}

export interface JoinedStr extends Node {
  readonly type: "JoinedStr";
  readonly parts: readonly (string | FormattedValue)[];
}

export interface ListExpr extends Node {
  readonly type: "List";
  readonly elts: readonly Expr[];
}
export interface TupleExpr extends Node {
  readonly type: "Tuple";
  readonly elts: readonly Expr[];
}
export interface SetExpr extends Node {
  readonly type: "Set";
  readonly elts: readonly Expr[];
}
export interface DictExpr extends Node {
  readonly type: "Dict";
  /** null key: `**mapping`. */
  readonly keys: readonly (Expr | null)[];
  readonly values: readonly Expr[];
}

export type BinOperator = "+" | "-" | "*" | "/" | "//" | "%" | "**" | "@" | "&" | "|" | "^" | "<<" | ">>";
export interface BinOp extends Node {
  readonly type: "BinOp";
  readonly op: BinOperator;
  readonly left: Expr;
  readonly right: Expr;
}
export interface UnaryOp extends Node {
  readonly type: "UnaryOp";
  readonly op: "-" | "+" | "~" | "not";
  readonly operand: Expr;
}
export interface BoolOp extends Node {
  readonly type: "BoolOp";
  readonly op: "and" | "or";
  readonly values: readonly Expr[];
}
export type CmpOperator = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in" | "is" | "is not";
export interface Compare extends Node {
  readonly type: "Compare";
  readonly left: Expr;
  readonly ops: readonly CmpOperator[];
  readonly comparators: readonly Expr[];
}
export interface Keyword {
  /** null: `**mapping`. */
  readonly arg: string | null;
  readonly value: Expr;
  readonly loc: Loc;
}
export interface Call extends Node {
  readonly type: "Call";
  readonly func: Expr;
  /** Positional arguments; `*xs` arrives as Starred. */
  readonly args: readonly Expr[];
  readonly keywords: readonly Keyword[];
}
export interface Attribute extends Node {
  readonly type: "Attribute";
  readonly value: Expr;
  readonly attr: string;
}
export interface Subscript extends Node {
  readonly type: "Subscript";
  readonly value: Expr;
  /** One index, a SliceExpr, or a Tuple of them for `x[a, b]`. */
  readonly slice: Expr;
}
export interface SliceExpr extends Node {
  readonly type: "Slice";
  readonly lower: Expr | null;
  readonly upper: Expr | null;
  readonly step: Expr | null;
}
export interface Starred extends Node {
  readonly type: "Starred";
  readonly value: Expr;
}
export interface Lambda extends Node {
  readonly type: "Lambda";
  readonly params: readonly Param[];
  readonly body: Expr;
}
export interface IfExp extends Node {
  readonly type: "IfExp";
  readonly test: Expr;
  readonly body: Expr;
  readonly orelse: Expr;
}
export interface ComprehensionClause {
  readonly target: Expr;
  readonly iter: Expr;
  readonly ifs: readonly Expr[];
  readonly isAsync: boolean;
}
export interface Comprehension extends Node {
  readonly type: "ListComp" | "SetComp" | "GeneratorExp";
  readonly elt: Expr;
  readonly generators: readonly ComprehensionClause[];
}
export interface DictComp extends Node {
  readonly type: "DictComp";
  readonly key: Expr;
  readonly value: Expr;
  readonly generators: readonly ComprehensionClause[];
}
export interface NamedExpr extends Node {
  readonly type: "NamedExpr";
  readonly target: Name;
  readonly value: Expr;
}
export interface UnsupportedExpr extends Node {
  readonly type: "UnsupportedExpr";
  /** tree-sitter's node type, e.g. `await`, `yield`. */
  readonly nodeType: string;
}

export interface Param extends Loc {
  readonly name: string;
  readonly kind: "positional" | "positional-only" | "keyword-only" | "var-positional" | "var-keyword";
  readonly annotation: Expr | null;
  readonly default: Expr | null;
}

export type Stmt =
  | FunctionDef
  | ClassDef
  | Return
  | Assign
  | AugAssign
  | AnnAssign
  | ExprStmt
  | If
  | For
  | While
  | With
  | Import
  | ImportFrom
  | Try
  | Raise
  | Assert
  | Global
  | Delete
  | Simple
  | UnsupportedStmt;

export interface FunctionDef extends Node {
  readonly type: "FunctionDef";
  readonly name: string;
  readonly nameLoc: Loc;
  readonly params: readonly Param[];
  readonly returns: Expr | null;
  readonly body: readonly Stmt[];
  readonly decorators: readonly Expr[];
  readonly isAsync: boolean;
  /** The docstring, when the body starts with one. */
  readonly docstring: string | null;
}
export interface ClassDef extends Node {
  readonly type: "ClassDef";
  readonly name: string;
  readonly bases: readonly Expr[];
  readonly body: readonly Stmt[];
  /** `@dataclass` and the like; the node's location and text start at the first. */
  readonly decorators: readonly Expr[];
}
export interface Return extends Node {
  readonly type: "Return";
  readonly value: Expr | null;
}
export interface Assign extends Node {
  readonly type: "Assign";
  /** `a = b = value` has two targets. */
  readonly targets: readonly Expr[];
  readonly value: Expr;
}
export interface AugAssign extends Node {
  readonly type: "AugAssign";
  readonly target: Expr;
  readonly op: BinOperator;
  readonly value: Expr;
}
export interface AnnAssign extends Node {
  readonly type: "AnnAssign";
  readonly target: Expr;
  readonly annotation: Expr;
  readonly value: Expr | null;
}
export interface ExprStmt extends Node {
  readonly type: "Expr";
  readonly value: Expr;
}
export interface If extends Node {
  readonly type: "If";
  readonly test: Expr;
  readonly body: readonly Stmt[];
  /** `elif` arrives as a nested If in `orelse`. */
  readonly orelse: readonly Stmt[];
}
export interface For extends Node {
  readonly type: "For";
  readonly target: Expr;
  readonly iter: Expr;
  readonly body: readonly Stmt[];
  readonly orelse: readonly Stmt[];
  readonly isAsync: boolean;
}
export interface While extends Node {
  readonly type: "While";
  readonly test: Expr;
  readonly body: readonly Stmt[];
  readonly orelse: readonly Stmt[];
}
export interface WithItem {
  readonly context: Expr;
  readonly vars: Expr | null;
}
export interface With extends Node {
  readonly type: "With";
  readonly items: readonly WithItem[];
  readonly body: readonly Stmt[];
  readonly isAsync: boolean;
}
export interface Alias {
  readonly name: string;
  readonly asname: string | null;
}
export interface Import extends Node {
  readonly type: "Import";
  readonly names: readonly Alias[];
}
export interface ImportFrom extends Node {
  readonly type: "ImportFrom";
  /** null for `from . import x`. */
  readonly module: string | null;
  readonly level: number;
  /** `*` arrives as a name "*". */
  readonly names: readonly Alias[];
}
export interface ExceptHandler extends Loc {
  readonly exceptionType: Expr | null;
  readonly name: string | null;
  readonly body: readonly Stmt[];
}
export interface Try extends Node {
  readonly type: "Try";
  readonly body: readonly Stmt[];
  readonly handlers: readonly ExceptHandler[];
  readonly orelse: readonly Stmt[];
  readonly finalbody: readonly Stmt[];
}
export interface Raise extends Node {
  readonly type: "Raise";
  readonly exc: Expr | null;
}
export interface Assert extends Node {
  readonly type: "Assert";
  readonly test: Expr;
  readonly msg: Expr | null;
}
export interface Global extends Node {
  readonly type: "Global" | "Nonlocal";
  readonly names: readonly string[];
}
export interface Delete extends Node {
  readonly type: "Delete";
  readonly targets: readonly Expr[];
}
export interface Simple extends Node {
  readonly type: "Pass" | "Break" | "Continue";
}
export interface UnsupportedStmt extends Node {
  readonly type: "UnsupportedStmt";
  readonly nodeType: string;
}

export interface Module {
  readonly body: readonly Stmt[];
  /** Syntax errors tree-sitter recovered from: where they are and the offending text. */
  readonly errors: readonly SyntaxProblem[];
}

export interface SyntaxProblem extends Loc {
  readonly message: string;
  /** "nesting": valid Python nested too deep to read (the statement is left out), not a syntax error. */
  readonly kind?: "nesting";
}
