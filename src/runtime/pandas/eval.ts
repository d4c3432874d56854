// DataFrame.eval and DataFrame.query (pandas' default parser="pandas"): an expression over the frame's columns,
// `bmi = weight / height ** 2` assignments one per line, evaluated column-wise with the runtime's Python operators
// (so a Series op is the Series op translated code would run). As pandas' parser does, `&` and `|` bind like `and`
// and `or` (below comparisons), `and`/`or`/`not` are element-wise, and comparisons chain (`1 < a < 5`). Local
// variables (`@name`) are refused: the service has no access to the caller's scope.
import { PyError, WeakFloat } from "../core.ts";
import { callMethod } from "../py-builtins.ts";
import * as ops from "../py-ops.ts";

type Token = { readonly kind: "num" | "str" | "name" | "op" | "end"; readonly text: string; readonly value?: unknown };

const syntaxError = (expr: string): PyError => new PyError("SyntaxError", `invalid syntax in the expression ${JSON.stringify(expr)}`);

const OPS = ["**", "//", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "&", "|", "~", "(", ")", "[", "]", ",", "="];

function tokenize(expr: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    const num = /^(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(expr.slice(i));
    if (num) {
      const t = num[1]!;
      const v = Number(t);
      // a float literal keeps its float-ness (`2.0`), as the translator's literals do
      out.push({ kind: "num", text: t, value: /[.eE]/.test(t) && Number.isInteger(v) ? new WeakFloat(v) : v });
      i += t.length;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = expr.indexOf(c, i + 1);
      if (end < 0) throw new PyError("SyntaxError", `unterminated string literal in the expression ${JSON.stringify(expr)}`);
      out.push({ kind: "str", text: expr.slice(i, end + 1), value: expr.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (c === "`") {
      const end = expr.indexOf("`", i + 1);
      if (end < 0) throw syntaxError(expr);
      out.push({ kind: "name", text: expr.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (c === "@") {
      const name = /^@(\w+)/.exec(expr.slice(i))?.[1] ?? "";
      throw new PyError(
        "NotImplementedError",
        `the expression ${JSON.stringify(expr)} reads the local variable @${name}, which nb2svc's pandas runtime cannot see: write the value into the string (an f-string) or select with df[df["col"] > value]`,
      );
    }
    const word = /^[A-Za-z_]\w*/.exec(expr.slice(i));
    if (word) {
      out.push({ kind: "name", text: word[0] });
      i += word[0].length;
      continue;
    }
    const op = OPS.find((o) => expr.startsWith(o, i));
    if (!op) throw syntaxError(expr);
    out.push({ kind: "op", text: op });
    i += op.length;
  }
  out.push({ kind: "end", text: "" });
  return out;
}

/** A parsed expression: a closure over the names it reads. */
type Node = (name: (n: string) => unknown) => unknown;

const COMPARE: Readonly<Record<string, (a: unknown, b: unknown) => unknown>> = { "==": ops.eq, "!=": ops.ne, "<": ops.lt, "<=": ops.le, ">": ops.gt, ">=": ops.ge };
const ARITH: Readonly<Record<string, (a: unknown, b: unknown) => unknown>> = {
  "+": ops.add,
  "-": ops.sub,
  "*": ops.mul,
  "/": ops.truediv,
  "//": ops.floordiv,
  "%": ops.mod,
};
const CONSTANTS: Readonly<Record<string, unknown>> = { True: true, False: false, None: null };

class Parser {
  private i = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly expr: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private isOp(...texts: string[]): boolean {
    const t = this.peek();
    return (t.kind === "op" || t.kind === "name") && texts.includes(t.text);
  }

  private expect(text: string): void {
    if (!this.isOp(text)) throw syntaxError(this.expr);
    this.i++;
  }

  parse(): Node {
    const node = this.or();
    if (this.peek().kind !== "end") throw syntaxError(this.expr);
    return node;
  }

  private or(): Node {
    let left = this.and();
    while (this.isOp("or", "|")) {
      this.i++;
      const l = left;
      const r = this.and();
      left = (n) => ops.bitor(l(n), r(n));
    }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.isOp("and", "&")) {
      this.i++;
      const l = left;
      const r = this.not();
      left = (n) => ops.bitand(l(n), r(n));
    }
    return left;
  }

  private not(): Node {
    if (this.isOp("not")) {
      this.i++;
      const x = this.not();
      return (n) => ops.invert(x(n));
    }
    return this.comparison();
  }

  /** `a < b <= c` is `(a < b) & (b <= c)`; `x in [...]` and `x not in [...]` are isin. */
  private comparison(): Node {
    const first = this.sum();
    const parts: Node[] = [];
    let left = first;
    for (;;) {
      let test: ((a: unknown, b: unknown) => unknown) | null = null;
      if (this.peek().kind === "op" && COMPARE[this.peek().text]) test = COMPARE[this.tokens[this.i++]!.text]!;
      else if (this.isOp("in")) {
        this.i++;
        test = (a, b) => callMethod(a, "isin", [b]);
      } else if (this.isOp("not") && this.tokens[this.i + 1]?.text === "in") {
        this.i += 2;
        test = (a, b) => ops.invert(callMethod(a, "isin", [b]));
      }
      if (!test) break;
      const l = left;
      const r = this.sum();
      const t = test;
      parts.push((n) => t(l(n), r(n)));
      left = r;
    }
    if (parts.length === 0) return first;
    return parts.reduce((a, b) => (n) => ops.bitand(a(n), b(n)));
  }

  private sum(): Node {
    let left = this.term();
    while (this.isOp("+", "-")) {
      const f = ARITH[this.tokens[this.i++]!.text]!;
      const l = left;
      const r = this.term();
      left = (n) => f(l(n), r(n));
    }
    return left;
  }

  private term(): Node {
    let left = this.unary();
    while (this.isOp("*", "/", "//", "%")) {
      const f = ARITH[this.tokens[this.i++]!.text]!;
      const l = left;
      const r = this.unary();
      left = (n) => f(l(n), r(n));
    }
    return left;
  }

  private unary(): Node {
    if (this.isOp("-", "+", "~")) {
      const op = this.tokens[this.i++]!.text;
      const x = this.unary();
      return op === "-" ? (n) => ops.neg(x(n)) : op === "~" ? (n) => ops.invert(x(n)) : (n) => ops.pos(x(n));
    }
    return this.power();
  }

  /** `a ** -b ** c`: right-associative, binding tighter than a unary minus on its left. */
  private power(): Node {
    const base = this.atom();
    if (!this.isOp("**")) return base;
    this.i++;
    const exp = this.unary();
    return (n) => ops.pow(base(n), exp(n));
  }

  private atom(): Node {
    const t = this.tokens[this.i++]!;
    if (t.kind === "num" || t.kind === "str") return () => t.value;
    if (t.kind === "name") {
      if (t.text in CONSTANTS) return () => CONSTANTS[t.text];
      return (n) => n(t.text);
    }
    if (t.text !== "(" && t.text !== "[") throw syntaxError(this.expr);
    // `(x)` groups; `[a, b]` and `(a, b)` are lists (the right side of `in`)
    const close = t.text === "(" ? ")" : "]";
    const items: Node[] = [];
    let comma = false;
    while (!this.isOp(close)) {
      items.push(this.or());
      if (this.isOp(close)) break;
      this.expect(",");
      comma = true;
    }
    this.i++;
    if (close === ")" && items.length === 1 && !comma) return items[0]!;
    return (n) => items.map((x) => x(n));
  }
}

/** One line of the expression: `target = expression`, or an expression. */
interface Line {
  readonly target: string | null;
  readonly node: Node;
}

function parseLines(expr: string): Line[] {
  const lines = expr
    .split(/[\n;]/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines.length === 0) throw new PyError("ValueError", "expr cannot be an empty string");
  return lines.map((line) => {
    const tokens = tokenize(line);
    const assign = tokens.length > 2 && tokens[0]!.kind === "name" && tokens[1]!.text === "=";
    return { target: assign ? tokens[0]!.text : null, node: new Parser(assign ? tokens.slice(2) : tokens, line).parse() };
  });
}

/** What a frame gives `eval`: its columns by name, and a way to set one on a copy. */
export interface EvalFrame {
  column(name: string): unknown;
  hasColumn(name: string): boolean;
  withColumn(name: string, value: unknown): EvalFrame;
}

/**
 * `df.eval(expr)`: the expression's value, or (with assignments) a frame with the assigned columns added in order,
 * each line seeing the columns the lines before it assigned.
 */
export function evaluate(frame: EvalFrame, expr: string): unknown {
  const lines = parseLines(expr);
  const assigns = lines.filter((l) => l.target !== null).length;
  if (assigns > 0 && assigns < lines.length) throw new PyError("ValueError", "Multi-line expressions are only valid if all expressions contain an assignment");
  if (assigns === 0 && lines.length > 1) throw new PyError("ValueError", "Multi-line expressions are only valid if all expressions contain an assignment");
  let current = frame;
  const lookup = (name: string) => {
    if (!current.hasColumn(name)) throw new PyError("UndefinedVariableError", `name '${name}' is not defined`);
    return current.column(name);
  };
  if (assigns === 0) return lines[0]!.node(lookup);
  for (const l of lines) current = current.withColumn(l.target!, l.node(lookup));
  return current;
}
