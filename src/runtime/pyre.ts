// Python's re module on JavaScript RegExp. convertPattern() rewrites Python regex syntax into an equivalent
// JavaScript source (u flag, Unicode \w \d \s \b as Python defines them for str patterns, Python's ^ $ . semantics
// written out with lookarounds so no JavaScript m/s flag is involved) and refuses what JavaScript cannot express.
// The runtime functions mirror Python's: positions are code points, empty matches follow Python 3.7+ rules.
import { PyError, tuple } from "./core.ts";
import {
  PY_SPACE_CLASS, Kwargs, splitKwargs, bindArgs, hasSurrogates, cpToUnit, typeName, typeError,
  indexArg, isInt, codePoints,
} from "./py-base.ts";
import { PyDict } from "./pydict.ts";
import { repr, strRepr } from "./pyformat.ts";

// ---------------------------------------------------------------------------------------------------------------
// Flags

export const I = 2;
export const IGNORECASE = 2;
export const L = 4;
export const LOCALE = 4;
export const M = 8;
export const MULTILINE = 8;
export const S = 16;
export const DOTALL = 16;
export const U = 32;
export const UNICODE = 32;
export const X = 64;
export const VERBOSE = 64;
export const DEBUG = 128;
export const A = 256;
export const ASCII = 256;
export const NOFLAG = 0;

/** The flags by name, as `re.<NAME>` spells them (the translator reads a pattern's flags with this). */
export const FLAGS: Readonly<Record<string, number>> = { I, IGNORECASE, L, LOCALE, M, MULTILINE, S, DOTALL, U, UNICODE, X, VERBOSE, DEBUG, A, ASCII, NOFLAG };

const FLAG_LETTERS: Record<string, number> = { i: I, L: L, m: M, s: S, u: U, x: X, a: A };

// ---------------------------------------------------------------------------------------------------------------
// Pattern conversion

class ConvError extends Error {
  constructor(
    readonly msg: string,
    readonly index: number,
    readonly type: string = "re.error",
  ) {
    super(msg);
  }
}

interface Converted {
  source: string;
  jsFlags: string;
  flags: number; // Python's pattern.flags (inline flags included, UNICODE for str patterns)
  groups: number;
  names: Map<string, number>;
  closeOrder: number[]; // closeOrder[g] = order in which group g's ")" appears
  mayPreferEmpty: boolean;
}

type ItemKind = "atom" | "anchor" | "look" | "quant";
interface Item {
  src: string;
  kind: ItemKind;
}

const SYNTAX = new Set("^$\\.*+?()[]{}|/".split(""));
const CLASS_SPECIAL = new Set("\\]^-[".split(""));
const VERBOSE_SPACE = new Set([" ", "\t", "\n", "\r", "\v", "\f"]);
const DIGITS = /^[0-9]$/;
const OCT = /^[0-7]$/;
const HEX = /^[0-9a-fA-F]$/;
const ASCII_LETTER = /^[A-Za-z]$/;
const CONTROL_OR_SPACE = /[\p{Cc}\p{Cf}\p{Z}\p{Cs}\p{Co}\p{Cn}]/u;

function hexEscape(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

function literalOut(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (SYNTAX.has(ch)) return "\\" + ch;
  if (cp < 0x80 ? cp < 0x20 || cp === 0x7f : CONTROL_OR_SPACE.test(ch)) return hexEscape(cp);
  return ch;
}

function classLiteralOut(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (CLASS_SPECIAL.has(ch)) return "\\" + ch;
  if (cp < 0x80 ? cp < 0x20 || cp === 0x7f : CONTROL_OR_SPACE.test(ch)) return hexEscape(cp);
  return ch;
}

const START = "(?<![\\s\\S])";
const END = "(?![\\s\\S])";

const WORD_U = "\\p{L}\\p{N}_";
const WORD_A = "A-Za-z0-9_";
const SPACE_A = " \\t\\n\\r\\f\\v";

type Category = "d" | "D" | "w" | "W" | "s" | "S";

/** Class body (without brackets) of a positive category, or null if it has to be a negation. */
function categoryBody(c: Category, ascii: boolean): string | null {
  switch (c) {
    case "d":
      return ascii ? "0-9" : "\\p{Nd}";
    case "w":
      return ascii ? WORD_A : WORD_U;
    case "s":
      return ascii ? SPACE_A : PY_SPACE_CLASS;
    case "D":
      return ascii ? null : "\\P{Nd}";
    default:
      return null;
  }
}

function categoryAtom(c: Category, ascii: boolean): string {
  const body = categoryBody(c, ascii);
  if (body !== null) return `[${body}]`;
  return `[^${categoryBody(c.toLowerCase() as Category, ascii)}]`;
}

class Converter {
  private readonly cps: string[];
  private i = 0;
  groups = 0;
  readonly names = new Map<string, number>();
  private readonly openGroups = new Set<number>();
  readonly closeOrder: number[] = [0];
  private closeCount = 0;
  mayPreferEmpty = false;
  flags: number;

  constructor(
    pattern: string,
    flags: number,
    private readonly offset: number,
  ) {
    this.cps = codePoints(pattern);
    this.flags = flags;
  }

  private err(msg: string, at: number = this.i): never {
    throw new ConvError(msg, at);
  }

  private peek(k = 0): string | undefined {
    return this.cps[this.i + k];
  }

  private skipVerbose(flags: number): void {
    if (!(flags & X)) return;
    for (;;) {
      const c = this.cps[this.i];
      if (c !== undefined && VERBOSE_SPACE.has(c)) this.i++;
      else if (c === "#") {
        while (this.i < this.cps.length && this.cps[this.i] !== "\n") this.i++;
      } else return;
    }
  }

  /** Leading global flag groups: (?aiLmsux). */
  private leadingFlags(): void {
    for (;;) {
      this.skipVerbose(this.flags);
      if (this.peek() !== "(" || this.peek(1) !== "?") return;
      let j = this.i + 2;
      let f = 0;
      while (j < this.cps.length && FLAG_LETTERS[this.cps[j]] !== undefined) f |= FLAG_LETTERS[this.cps[j++]];
      if (j === this.i + 2 || this.cps[j] !== ")") return;
      this.flags |= f;
      this.i = j + 1;
    }
  }

  convert(): string {
    this.leadingFlags();
    const f = this.flags;
    if (f & L) throw new ConvError("cannot use LOCALE flag with a str pattern", 0, "ValueError");
    if (f & A && f & U) throw new ConvError("ASCII and UNICODE flags are incompatible", 0, "ValueError");
    const out = this.parseAlt(f);
    if (this.i < this.cps.length) {
      if (this.peek() === ")") this.err("unbalanced parenthesis");
      this.err("unexpected character");
    }
    return out;
  }

  private parseAlt(flags: number): string {
    const branches = [this.parseSeq(flags)];
    while (this.peek() === "|") {
      this.i++;
      this.mayPreferEmpty = true;
      branches.push(this.parseSeq(flags));
    }
    return branches.join("|");
  }

  private parseSeq(flags: number): string {
    const items: Item[] = [];
    for (;;) {
      this.skipVerbose(flags);
      const c = this.peek();
      if (c === undefined || c === "|" || c === ")") break;
      const start = this.i;
      if (c === "*" || c === "+" || c === "?" || (c === "{" && this.braceQuantifier() !== null)) {
        this.quantify(items, start);
        continue;
      }
      this.i++;
      switch (c) {
        case "\\":
          items.push(this.escape(flags));
          break;
        case "[":
          items.push({ src: this.charClass(flags, start), kind: "atom" });
          break;
        case "(":
          {
            const item = this.group(flags, start);
            if (item) items.push(item);
          }
          break;
        case ".":
          items.push({ src: flags & S ? "[\\s\\S]" : "[^\\n]", kind: "atom" });
          break;
        case "^":
          items.push({ src: flags & M ? "(?<![^\\n])" : START, kind: "anchor" });
          break;
        case "$":
          items.push({ src: flags & M ? "(?![^\\n])" : "(?=\\n?" + END + ")", kind: "anchor" });
          break;
        default:
          items.push({ src: literalOut(c.codePointAt(0)!), kind: "atom" });
      }
    }
    return items.map((it) => it.src).join("");
  }

  /** {m}, {m,}, {,n}, {m,n} at the cursor: [min, max|null, length], or null when "{" is a literal. */
  private braceQuantifier(): [number, number | null, number] | null {
    let j = this.i + 1;
    let lo = "";
    let hi = "";
    while (j < this.cps.length && DIGITS.test(this.cps[j])) lo += this.cps[j++];
    let comma = false;
    if (this.cps[j] === ",") {
      comma = true;
      j++;
      while (j < this.cps.length && DIGITS.test(this.cps[j])) hi += this.cps[j++];
    } else hi = lo;
    if (this.cps[j] !== "}") return null;
    if (!comma && lo === "") return null;
    const min = lo === "" ? 0 : Number(lo);
    const max = hi === "" ? null : Number(hi);
    return [min, max, j + 1 - this.i];
  }

  private quantify(items: Item[], start: number): void {
    let q: string;
    const c = this.peek()!;
    if (c === "{") {
      const [min, max, len] = this.braceQuantifier()!;
      if (max !== null && max < min) this.err("min repeat greater than max repeat", this.i + 1);
      q = max === null ? `{${min},}` : max === min ? `{${min}}` : `{${min},${max}}`;
      this.i += len;
    } else {
      q = c;
      this.i++;
    }
    const last = items[items.length - 1];
    if (last === undefined || last.kind === "anchor") this.err("nothing to repeat", start);
    if (last.kind === "quant") this.err("multiple repeat", start);
    if (this.peek() === "?") {
      this.i++;
      q += "?";
      this.mayPreferEmpty = true;
    } else if (this.peek() === "+") {
      this.err("possessive quantifiers are not supported in JavaScript", this.i);
    }
    const base = last.kind === "look" ? `(?:${last.src})` : last.src;
    items[items.length - 1] = { src: base + q, kind: "quant" };
  }

  private hexDigits(n: number, what: string, at: number): number {
    let s = "";
    for (let k = 0; k < n; k++) {
      const c = this.peek();
      if (c === undefined || !HEX.test(c)) this.err(`incomplete escape \\${what}${s}`, at);
      s += c;
      this.i++;
    }
    return parseInt(s, 16);
  }

  /** Escapes shared by classes and the main pattern that denote a single character, or null. */
  private charEscape(c: string, at: number): number | null {
    switch (c) {
      case "a":
        return 7;
      case "f":
        return 12;
      case "n":
        return 10;
      case "r":
        return 13;
      case "t":
        return 9;
      case "v":
        return 11;
      case "x":
        return this.hexDigits(2, "x", at);
      case "u":
        return this.hexDigits(4, "u", at);
      case "U": {
        const v = this.hexDigits(8, "U", at);
        if (v > 0x10ffff) this.err(`bad escape \\U${v.toString(16).padStart(8, "0")}`, at);
        return v;
      }
      case "N":
        this.err("\\N{...} escapes are not supported", at);
    }
    return null;
  }

  private escape(flags: number): Item {
    const at = this.i - 1;
    const c = this.peek();
    if (c === undefined) this.err("bad escape (end of pattern)", at);
    this.i++;
    const ascii = (flags & A) !== 0;
    switch (c) {
      case "A":
        return { src: START, kind: "anchor" };
      case "Z":
        return { src: END, kind: "anchor" };
      case "b":
      case "B": {
        const w = `[${ascii ? WORD_A : WORD_U}]`;
        if (c === "b") return { src: `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`, kind: "anchor" };
        return { src: `(?!${START}${END})(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))`, kind: "anchor" };
      }
      case "d":
      case "D":
      case "w":
      case "W":
      case "s":
      case "S":
        return { src: categoryAtom(c, ascii), kind: "atom" };
    }
    const ch = this.charEscape(c, at);
    if (ch !== null) return { src: literalOut(ch), kind: "atom" };
    if (c === "0") {
      let s = "0";
      if (this.peek() !== undefined && OCT.test(this.peek()!)) s += this.cps[this.i++];
      if (this.peek() !== undefined && OCT.test(this.peek()!)) s += this.cps[this.i++];
      return { src: literalOut(parseInt(s, 8)), kind: "atom" };
    }
    if (DIGITS.test(c)) {
      let s = c;
      if (this.peek() !== undefined && DIGITS.test(this.peek()!)) {
        s += this.cps[this.i++];
        if (OCT.test(s[0]) && OCT.test(s[1]) && this.peek() !== undefined && OCT.test(this.peek()!)) {
          s += this.cps[this.i++];
          const v = parseInt(s, 8);
          if (v > 0o377) this.err(`octal escape value \\${s} outside of range 0-0o377`, at);
          return { src: literalOut(v), kind: "atom" };
        }
      }
      const g = Number(s);
      if (g > this.groups) this.err(`invalid group reference ${g}`, at + 1);
      if (this.openGroups.has(g)) this.err("cannot refer to an open group", at);
      return { src: `(?:\\${g + this.offset})`, kind: "atom" };
    }
    if (ASCII_LETTER.test(c)) this.err(`bad escape \\${c}`, at);
    return { src: literalOut(c.codePointAt(0)!), kind: "atom" };
  }

  private classEscape(at: number): number | Category {
    const c = this.peek();
    if (c === undefined) this.err("unterminated character set", at);
    this.i++;
    if (c === "d" || c === "D" || c === "w" || c === "W" || c === "s" || c === "S") return c;
    if (c === "b") return 8;
    const ch = this.charEscape(c, this.i - 2);
    if (ch !== null) return ch;
    if (OCT.test(c)) {
      let s = c;
      if (this.peek() !== undefined && OCT.test(this.peek()!)) s += this.cps[this.i++];
      if (this.peek() !== undefined && OCT.test(this.peek()!)) s += this.cps[this.i++];
      const v = parseInt(s, 8);
      if (v > 0o377) this.err(`octal escape value \\${s} outside of range 0-0o377`, this.i - s.length - 1);
      return v;
    }
    if (DIGITS.test(c) || ASCII_LETTER.test(c)) this.err(`bad escape \\${c}`, this.i - 2);
    return c.codePointAt(0)!;
  }

  private charClass(flags: number, start: number): string {
    const ascii = (flags & A) !== 0;
    const negate = this.peek() === "^";
    if (negate) this.i++;
    let body = "";
    const negCats: Category[] = [];
    let first = true;
    for (;;) {
      const itemStart = this.i;
      const c = this.peek();
      if (c === undefined) this.err("unterminated character set", start);
      this.i++;
      if (c === "]" && !first) break;
      first = false;
      const code1: number | Category = c === "\\" ? this.classEscape(start) : c.codePointAt(0)!;
      const raw1 = this.cps.slice(itemStart, this.i).join("");
      if (this.peek() === "-") {
        this.i++;
        const thatStart = this.i;
        const that = this.peek();
        if (that === undefined) this.err("unterminated character set", start);
        this.i++;
        if (that === "]") {
          body += this.classItem(code1, ascii, negCats) + "\\-";
          break;
        }
        const code2: number | Category = that === "\\" ? this.classEscape(start) : that.codePointAt(0)!;
        if (typeof code1 !== "number" || typeof code2 !== "number" || code2 < code1) {
          this.err(`bad character range ${raw1}-${this.cps.slice(thatStart, this.i).join("")}`, itemStart);
        }
        body += classLiteralOut(code1) + "-" + classLiteralOut(code2);
      } else {
        body += this.classItem(code1, ascii, negCats);
      }
    }
    if (negCats.length === 0) return `[${negate ? "^" : ""}${body}]`;
    // Complemented categories (\W, \S, ASCII \D) cannot sit inside a u-mode class: spell the union out.
    const parts = body ? [`[${body}]`] : [];
    for (const nc of negCats) parts.push(`[^${categoryBody(nc.toLowerCase() as Category, ascii)}]`);
    const union = parts.join("|");
    return negate ? `(?:(?!${union})[\\s\\S])` : `(?:${union})`;
  }

  private classItem(code: number | Category, ascii: boolean, negCats: Category[]): string {
    if (typeof code === "number") return classLiteralOut(code);
    const body = categoryBody(code, ascii);
    if (body !== null) return body;
    negCats.push(code);
    return "";
  }

  private groupName(terminator: string, at: number): string {
    let name = "";
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.err("missing " + terminator + ", unterminated name", at);
      this.i++;
      if (c === terminator) break;
      name += c;
    }
    if (name === "") this.err("missing group name", at);
    if (!/^[\p{XID_Start}_][\p{XID_Continue}]*$/u.test(name)) this.err(`bad character in group name '${name}'`, at);
    return name;
  }

  private parseFlagLetters(): [on: number, off: number, term: string] {
    let on = 0;
    let off = 0;
    let c = this.peek();
    while (c !== undefined && FLAG_LETTERS[c] !== undefined) {
      on |= FLAG_LETTERS[c];
      this.i++;
      c = this.peek();
    }
    if (c === "-") {
      this.i++;
      c = this.peek();
      if (c === undefined || FLAG_LETTERS[c] === undefined) this.err("missing flag", this.i);
      while (c !== undefined && FLAG_LETTERS[c] !== undefined) {
        const fl = FLAG_LETTERS[c];
        if (fl === A || fl === U || fl === L) this.err("bad inline flags: cannot turn off flags 'a', 'u' and 'L'", this.i + 1);
        if (on & fl) this.err("bad inline flags: flag turned on and off", this.i + 1);
        off |= fl;
        this.i++;
        c = this.peek();
      }
    }
    if (c !== ":" && c !== ")") this.err(c === undefined ? "missing -, : or )" : "unknown flag", this.i);
    this.i++;
    return [on, off, c];
  }

  private group(flags: number, start: number): Item | null {
    if (this.peek() !== "?") return this.capture(flags, start, null);
    this.i++;
    const c = this.peek();
    if (c === undefined) this.err("unexpected end of pattern", this.i);
    this.i++;
    switch (c) {
      case ":":
        return { src: `(?:${this.body(flags, start)})`, kind: "atom" };
      case "P": {
        const k = this.peek();
        this.i++;
        if (k === "<") {
          const name = this.groupName(">", this.i);
          if (this.names.has(name)) this.err(`redefinition of group name ${strRepr(name)} as group ${this.groups + 1}; was group ${this.names.get(name)}`, start);
          return this.capture(flags, start, name);
        }
        if (k === "=") {
          const nameAt = this.i;
          const name = this.groupName(")", this.i);
          const g = this.names.get(name);
          if (g === undefined) this.err(`unknown group name '${name}'`, nameAt);
          if (this.openGroups.has(g)) this.err("cannot refer to an open group", start);
          return { src: `(?:\\k<${name}>)`, kind: "atom" };
        }
        this.err(k === undefined ? "unexpected end of pattern" : `unknown extension ?P${k}`, start + 1);
        break;
      }
      case "=":
      case "!":
        return { src: `(?${c}${this.body(flags, start)})`, kind: "look" };
      case "<": {
        const k = this.peek();
        if (k === "=" || k === "!") {
          this.i++;
          return { src: `(?<${k}${this.body(flags, start)})`, kind: "look" };
        }
        this.err(k === undefined ? "unexpected end of pattern" : `unknown extension ?<${k}`, start + 1);
        break;
      }
      case "#":
        while (this.peek() !== undefined && this.peek() !== ")") this.i++;
        if (this.peek() === undefined) this.err("missing ), unterminated comment", start);
        this.i++;
        return null;
      case ">":
        this.err("atomic groups are not supported in JavaScript", start);
        break;
      case "(":
        this.err("conditional groups are not supported in JavaScript", start);
        break;
      default: {
        if (c !== "-" && FLAG_LETTERS[c] === undefined) this.err(`unknown extension ?${c}`, start + 1);
        this.i--;
        const [on, off, term] = this.parseFlagLetters();
        if (term === ")") this.err("global flags not at the start of the expression", start);
        if (on & L) this.err("bad inline flags: cannot use 'L' flag with a str pattern", start);
        const inner = (flags | on) & ~off;
        if ((inner & I) !== (flags & I)) {
          this.err("scoped IGNORECASE flags ((?i:...) / (?-i:...)) are not supported in JavaScript", start);
        }
        return { src: `(?:${this.body(inner, start)})`, kind: "atom" };
      }
    }
    return null;
  }

  private capture(flags: number, start: number, name: string | null): Item {
    const g = ++this.groups;
    if (name !== null) this.names.set(name, g);
    this.openGroups.add(g);
    const inner = this.body(flags, start);
    this.openGroups.delete(g);
    this.closeOrder[g] = ++this.closeCount;
    return { src: name !== null ? `(?<${name}>${inner})` : `(${inner})`, kind: "atom" };
  }

  private body(flags: number, start: number): string {
    const inner = this.parseAlt(flags);
    if (this.peek() !== ")") this.err("missing ), unterminated subpattern", start);
    this.i++;
    return inner;
  }
}

function convertFull(pattern: string, flags: number, offset: number): Converted {
  const conv = new Converter(pattern, flags, offset);
  const source = conv.convert();
  const f = conv.flags;
  return {
    source,
    jsFlags: f & I ? "iu" : "u",
    flags: f & A ? f : f | U,
    groups: conv.groups,
    names: conv.names,
    closeOrder: conv.closeOrder,
    mayPreferEmpty: conv.mayPreferEmpty,
  };
}

/**
 * Python regex syntax (with Python flag bits) to a JavaScript RegExp source and flags, or an error (with the code
 * point index) for patterns Python rejects or JavaScript cannot express.
 */
export function convertPattern(
  pattern: string,
  flags: number = 0,
): { source: string; flags: string } | { error: string; index: number } {
  try {
    const c = convertFull(pattern, flags, 0);
    new RegExp(c.source, c.jsFlags);
    return { source: c.source, flags: c.jsFlags };
  } catch (e) {
    if (e instanceof ConvError) return { error: e.msg, index: e.index };
    return { error: e instanceof Error ? e.message : String(e), index: 0 };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Runtime: Pattern and Match

const reError = (msg: string): PyError => new PyError("re.error", msg);

/** Maps UTF-16 offsets of one string to code-point offsets (identity for strings without astral characters). */
class Positions {
  private readonly surr: boolean;
  private table: Int32Array | undefined;
  constructor(readonly s: string) {
    this.surr = hasSurrogates(s);
  }
  toCp(unit: number): number {
    if (!this.surr || unit < 0) return unit;
    if (!this.table) {
      const t = new Int32Array(this.s.length + 1);
      let cp = 0;
      for (let u = 0; u < this.s.length; u++) {
        t[u] = cp;
        const c = this.s.charCodeAt(u);
        if (c >= 0xd800 && c <= 0xdbff && u + 1 < this.s.length && (this.s.charCodeAt(u + 1) & 0xfc00) === 0xdc00) {
          t[++u] = cp;
        }
        cp++;
      }
      t[this.s.length] = cp;
      this.table = t;
    }
    return this.table[unit];
  }
  toUnit(cp: number): number {
    return this.surr ? cpToUnit(this.s, cp) : Math.min(cp, this.s.length);
  }
  /** UTF-16 offset one code point after `unit`. */
  next(unit: number): number {
    const c = this.s.charCodeAt(unit);
    return c >= 0xd800 && c <= 0xdbff && (this.s.charCodeAt(unit + 1) & 0xfc00) === 0xdc00 ? unit + 2 : unit + 1;
  }
  cpLength(): number {
    return this.toCp(this.s.length);
  }
}

type Exec = RegExpExecArray & { indices: Array<[number, number] | undefined> };

const NOT_FOUND: unique symbol = Symbol("no such member");

export class Match {
  readonly pyTypeName = "re.Match";
  constructor(
    readonly re: Pattern,
    readonly string: string,
    private readonly exec: Exec,
    private readonly positions: Positions,
    readonly pos: number,
    readonly endpos: number,
  ) {}

  private groupIndex(g: unknown): number {
    if (typeof g === "string") {
      const k = this.re.groupindexMap.get(g);
      if (k === undefined) throw new PyError("IndexError", "no such group");
      return k;
    }
    if (isInt(g)) {
      const k = +g;
      if (k < 0 || k > this.re.groups) throw new PyError("IndexError", "no such group");
      return k;
    }
    throw new PyError("IndexError", "no such group");
  }

  private raw(k: number): [number, number] | undefined {
    return this.exec.indices[k === 0 ? 0 : k + this.re.offset];
  }

  /** The text of group k, or `dflt` if it did not take part in the match. */
  private text(k: number, dflt: unknown): unknown {
    const r = this.raw(k);
    return r === undefined ? dflt : this.string.slice(r[0], r[1]);
  }

  group(...gs: unknown[]): unknown {
    if (gs.length === 0) return this.text(0, null);
    if (gs.length === 1) return this.text(this.groupIndex(gs[0]), null);
    return tuple(gs.map((g) => this.text(this.groupIndex(g), null)));
  }

  groups(dflt: unknown = null): unknown[] {
    const out: unknown[] = [];
    for (let k = 1; k <= this.re.groups; k++) out.push(this.text(k, dflt));
    return tuple(out);
  }

  groupdict(dflt: unknown = null): PyDict {
    const d = new PyDict();
    for (const [name, k] of this.re.groupindexMap) d.set(name, this.text(k, dflt));
    return d;
  }

  start(g: unknown = 0): number {
    const r = this.raw(this.groupIndex(g));
    return r === undefined ? -1 : this.positions.toCp(r[0]);
  }

  end(g: unknown = 0): number {
    const r = this.raw(this.groupIndex(g));
    return r === undefined ? -1 : this.positions.toCp(r[1]);
  }

  span(g: unknown = 0): unknown[] {
    return tuple([this.start(g), this.end(g)]);
  }

  get lastindex(): number | null {
    let best: number | null = null;
    let bestEnd = -1;
    for (let k = 1; k <= this.re.groups; k++) {
      const r = this.raw(k);
      if (r === undefined) continue;
      if (r[1] > bestEnd || (r[1] === bestEnd && this.re.closeOrder[k] > this.re.closeOrder[best!])) {
        best = k;
        bestEnd = r[1];
      }
    }
    return best;
  }

  get lastgroup(): string | null {
    const k = this.lastindex;
    if (k === null) return null;
    for (const [name, g] of this.re.groupindexMap) if (g === k) return name;
    return null;
  }

  /** Python's Match.expand(template). */
  expand(template: string): string {
    return this.re.template(template)(this);
  }

  pyGetitem(g: unknown): unknown {
    return this.group(g);
  }

  pyRepr(): string {
    return `<re.Match object; span=(${this.start()}, ${this.end()}), match=${repr(this.group())}>`;
  }

  pyAttr(name: string): unknown {
    switch (name) {
      case "string":
        return this.string;
      case "re":
        return this.re;
      case "pos":
        return this.pos;
      case "endpos":
        return this.endpos;
      case "lastindex":
        return this.lastindex;
      case "lastgroup":
        return this.lastgroup;
      case "regs": {
        const out: unknown[] = [];
        for (let k = 0; k <= this.re.groups; k++) out.push(this.span(k));
        return tuple(out);
      }
    }
    return NOT_FOUND;
  }

  pyMethod(name: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
    const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required);
    switch (name) {
      case "group":
        return this.group(...args);
      case "groups": {
        const [d] = b(["default"]);
        return this.groups(d === undefined ? null : d);
      }
      case "groupdict": {
        const [d] = b(["default"]);
        return this.groupdict(d === undefined ? null : d);
      }
      case "start":
      case "end":
      case "span": {
        const [g] = b(["group"]);
        return this[name](g === undefined ? 0 : g);
      }
      case "expand": {
        const [t] = b(["template"], 1);
        if (typeof t !== "string") throw typeError(`expected str instance, ${typeName(t)} found`);
        return this.expand(t);
      }
      case "__getitem__":
        return this.group(args[0]);
    }
    return NOT_FOUND;
  }
}

type Repl = (m: Match) => string;
/** A compiled replacement template: its function of a Match, and its parts (literal text, group numbers). */
type Template = Repl & { readonly parts: readonly (string | number)[] };

const ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };

export class Pattern {
  readonly pyTypeName = "re.Pattern";
  readonly flags: number;
  readonly groups: number;
  readonly groupindexMap: Map<string, number>;
  readonly closeOrder: number[];
  /** Capturing groups added in front of the user's (1 in the non-empty-match variant). */
  readonly offset: number;
  private readonly source: string;
  private readonly jsFlags: string;
  private readonly mayPreferEmpty: boolean;
  private searchRe: RegExp | undefined;
  private stickyRe: RegExp | undefined;
  private fullRe: RegExp | undefined;
  private plainRe: RegExp | undefined;
  private nonEmpty: Pattern | undefined;
  private readonly templates = new Map<string, Template>();

  constructor(
    readonly pattern: string,
    inputFlags: number,
    offset = 0,
  ) {
    let c: Converted;
    try {
      c = convertFull(pattern, inputFlags, offset);
    } catch (e) {
      if (e instanceof ConvError) {
        throw e.type === "re.error" ? reError(`${e.msg} at position ${e.index}`) : new PyError(e.type, e.msg);
      }
      throw e;
    }
    this.offset = offset;
    this.source = offset ? `(?=([\\s\\S]*))(?:${c.source})(?!\\1)` : c.source;
    this.jsFlags = c.jsFlags;
    this.flags = c.flags;
    this.groups = c.groups;
    this.groupindexMap = c.names;
    this.closeOrder = c.closeOrder;
    this.mayPreferEmpty = c.mayPreferEmpty;
    try {
      this.searchRe = new RegExp(this.source, this.jsFlags + "gd");
    } catch (e) {
      throw reError(e instanceof Error ? e.message : String(e));
    }
  }

  get groupindex(): PyDict {
    return new PyDict(this.groupindexMap);
  }

  private sticky(): RegExp {
    return (this.stickyRe ??= new RegExp(this.source, this.jsFlags + "yd"));
  }

  private full(): RegExp {
    return (this.fullRe ??= new RegExp(`(?:${this.source})${END}`, this.jsFlags + "yd"));
  }

  private run(re: RegExp, s: string, at: number): Exec | null {
    re.lastIndex = at;
    return re.exec(s) as Exec | null;
  }

  /** [string to match on (cut at endpos), UTF-16 start, positions of the full string, pos, endpos]. */
  private bounds(string: unknown, pos: unknown, endpos: unknown): [string, number, Positions, number, number] {
    if (typeof string !== "string") throw typeError(`expected string or bytes-like object, got '${typeName(string)}'`);
    const positions = new Positions(string);
    const n = positions.cpLength();
    let p = pos === undefined || pos === null ? 0 : indexArg(pos);
    let e = endpos === undefined || endpos === null ? n : indexArg(endpos);
    p = Math.max(0, Math.min(p, n));
    e = Math.max(0, Math.min(e, n));
    const cut = e < n ? string.slice(0, positions.toUnit(e)) : string;
    return [cut, positions.toUnit(p), positions, p, e];
  }

  search(string: unknown, pos?: unknown, endpos?: unknown): Match | null {
    const [s, at, positions, p, e] = this.bounds(string, pos, endpos);
    if (at > s.length) return null;
    const m = this.run(this.searchRe!, s, at);
    return m ? new Match(this, string as string, m, positions, p, e) : null;
  }

  match(string: unknown, pos?: unknown, endpos?: unknown): Match | null {
    const [s, at, positions, p, e] = this.bounds(string, pos, endpos);
    if (at > s.length) return null;
    const m = this.run(this.sticky(), s, at);
    return m ? new Match(this, string as string, m, positions, p, e) : null;
  }

  fullmatch(string: unknown, pos?: unknown, endpos?: unknown): Match | null {
    const [s, at, positions, p, e] = this.bounds(string, pos, endpos);
    if (at > s.length) return null;
    const m = this.run(this.full(), s, at);
    return m ? new Match(this, string as string, m, positions, p, e) : null;
  }

  /** Successive matches as Python's scanner finds them (an empty match forbids another empty one at its end). */
  /**
   * The search regex without the `d` flag, for findall: it reads the groups' text only, and V8 builds a match's
   * indices array at every exec of a `d` regex (most of a tokenizer's findall time).
   */
  private plain(): RegExp {
    return (this.plainRe ??= new RegExp(this.source, this.jsFlags + "g"));
  }

  /** Successive matches from `at`, as Python's scanner finds them; `withIndices` false leaves out their indices. */
  private *scan(s: string, at: number, withIndices = true): Generator<Exec> {
    let pos = at;
    let mustAdvance = false;
    const re = withIndices ? this.searchRe! : this.plain();
    while (pos <= s.length) {
      let m: Exec | null = null;
      if (mustAdvance) {
        if (this.mayPreferEmpty) {
          this.nonEmpty ??= new Pattern(this.pattern, this.flags & ~U, 1);
          const ne = this.nonEmpty.run(this.nonEmpty.sticky(), s, pos);
          if (ne) {
            // Drop the helper group so indices line up with this pattern's groups.
            const idx = ne.indices.slice();
            idx.splice(1, 1);
            const arr = Array.from(ne) as unknown[];
            arr.splice(1, 1);
            m = Object.assign(arr, { index: ne.index, input: ne.input, indices: idx, groups: ne.groups }) as unknown as Exec;
          }
        }
        if (!m) {
          if (pos >= s.length) return;
          m = this.run(re, s, posNext(s, pos));
        }
      } else m = this.run(re, s, pos);
      if (!m) return;
      yield m;
      // group 0's span, which m.indices[0] also holds when there are indices
      mustAdvance = m[0]!.length === 0;
      pos = m.index + m[0]!.length;
    }
  }

  findall(string: unknown, pos?: unknown, endpos?: unknown): unknown[] {
    // the whole string (no pos, no endpos): what bounds gives for it, without its code-point table and tuple
    const whole = typeof string === "string" && (pos === undefined || pos === null) && (endpos === undefined || endpos === null);
    const [s, at] = whole ? [string, 0] : this.bounds(string, pos, endpos);
    if (this.groups === 0 && at === 0) {
      // the whole matches from the start: String#match collects them in one call, without an array per match. It
      // steps past an empty match its own way (Python may then try a non-empty match at the same place), so an
      // empty string among them sends the scan below to do it Python's way.
      const all = s.match(this.plain());
      if (all === null) return [];
      if (!all.includes("")) return all;
    }
    const out: unknown[] = [];
    for (const m of this.scan(s, at, false)) {
      if (this.groups === 0) out.push(m[0]);
      else if (this.groups === 1) out.push(m[1] ?? "");
      else {
        const g: unknown[] = [];
        for (let k = 1; k <= this.groups; k++) g.push(m[k] ?? "");
        out.push(tuple(g));
      }
    }
    return out;
  }

  finditer(string: unknown, pos?: unknown, endpos?: unknown): Match[] {
    const [s, at, positions, p, e] = this.bounds(string, pos, endpos);
    return Array.from(this.scan(s, at), (m) => new Match(this, string as string, m, positions, p, e));
  }

  /** Compiles a replacement template (\1, \g<name>, \n, ...) into a function of the match. */
  template(repl: string): Template {
    const cached = this.templates.get(repl);
    if (cached) return cached;
    const parts: Array<string | number> = [];
    let lit = "";
    const cps = codePoints(repl);
    const addGroup = (k: number, at: number) => {
      if (k > this.groups) throw reError(`invalid group reference ${k} at position ${at}`);
      if (lit) parts.push(lit);
      lit = "";
      parts.push(k);
    };
    for (let i = 0; i < cps.length; i++) {
      const ch = cps[i];
      if (ch !== "\\") {
        lit += ch;
        continue;
      }
      const at = i;
      const c = cps[++i];
      if (c === undefined) throw reError(`bad escape (end of pattern) at position ${at}`);
      if (c === "g") {
        if (cps[i + 1] !== "<") throw reError(`missing < at position ${i + 1}`);
        const close = cps.indexOf(">", i + 2);
        if (close < 0) throw reError(`missing >, unterminated name at position ${i + 2}`);
        const name = cps.slice(i + 2, close).join("");
        if (name === "") throw reError(`missing group name at position ${i + 2}`);
        let k: number;
        if (/^[\p{XID_Start}_][\p{XID_Continue}]*$/u.test(name)) {
          const g = this.groupindexMap.get(name);
          if (g === undefined) throw new PyError("IndexError", `unknown group name '${name}'`);
          k = g;
        } else if (/^[0-9]+$/.test(name)) k = Number(name);
        else throw reError(`bad character in group name '${name}' at position ${i + 2}`);
        addGroup(k, i + 2);
        i = close;
      } else if (c === "0") {
        let s = "0";
        if (cps[i + 1] !== undefined && OCT.test(cps[i + 1])) s += cps[++i];
        if (cps[i + 1] !== undefined && OCT.test(cps[i + 1])) s += cps[++i];
        lit += String.fromCharCode(parseInt(s, 8) & 0xff);
      } else if (DIGITS.test(c)) {
        let s = c;
        let isOctal = false;
        if (cps[i + 1] !== undefined && DIGITS.test(cps[i + 1])) {
          s += cps[++i];
          if (OCT.test(s[0]) && OCT.test(s[1]) && cps[i + 1] !== undefined && OCT.test(cps[i + 1])) {
            s += cps[++i];
            isOctal = true;
            const v = parseInt(s, 8);
            if (v > 0o377) throw reError(`octal escape value \\${s} outside of range 0-0o377 at position ${at}`);
            lit += String.fromCharCode(v);
          }
        }
        if (!isOctal) addGroup(Number(s), at + 1);
      } else if (ESCAPES[c] !== undefined) {
        lit += ESCAPES[c];
      } else {
        if (ASCII_LETTER.test(c)) throw reError(`bad escape \\${c} at position ${at}`);
        lit += "\\" + c;
      }
    }
    if (lit) parts.push(lit);
    const expand: Repl =
      parts.length === 1 && typeof parts[0] === "string"
        ? () => parts[0] as string
        : (m) => {
            let out = "";
            for (const p of parts) out += typeof p === "string" ? p : ((m.group(p) as string | null) ?? "");
            return out;
          };
    const fn: Template = Object.assign(expand, { parts });
    if (this.templates.size > 100) this.templates.clear();
    this.templates.set(repl, fn);
    return fn;
  }

  private replacer(repl: unknown): Repl {
    if (typeof repl === "string") return this.template(repl);
    if (typeof repl === "function") {
      return (m) => {
        const r = (repl as (m: Match) => unknown)(m);
        if (typeof r !== "string") throw typeError(`expected str instance, ${typeName(r)} found`);
        return r;
      };
    }
    throw typeError(`expected str instance, ${typeName(repl)} found`);
  }

  /** re.sub's text and its number of replacements. */
  private substitute(repl: unknown, string: unknown, count: unknown): [string, number] {
    // a template string (the usual repl) is expanded from each match's groups as they are: no Match object, and the
    // regex without match indices (which V8 builds at every exec of a `d` regex); a function gets Match objects
    const parts = typeof repl === "string" ? this.template(repl).parts : null;
    const fn = parts === null ? this.replacer(repl) : null;
    const [s, , positions] = parts === null ? this.bounds(string, 0, null) : [this.whole(string)];
    const limit = count === null || count === undefined ? 0 : indexArg(count);
    let out = "";
    let last = 0;
    let n = 0;
    if (limit >= 0) {
      for (const m of this.scan(s, 0, parts === null)) {
        const a = m.index;
        if (parts !== null) {
          out += s.slice(last, a);
          for (let i = 0; i < parts.length; i++) {
            const p = parts[i]!;
            // a group's text as Match.group reads it (raw(k): the user's groups come after `offset` helper ones)
            out += typeof p === "string" ? p : (m[p === 0 ? 0 : p + this.offset] ?? "");
          }
        } else {
          out += s.slice(last, a) + fn!(new Match(this, s, m, positions!, 0, positions!.cpLength()));
        }
        last = a + m[0]!.length;
        if (++n === limit) break;
      }
    }
    return [out + s.slice(last), n];
  }

  /** The string to work on for a call without pos/endpos (bounds' check and message for anything else). */
  private whole(string: unknown): string {
    if (typeof string !== "string") throw typeError(`expected string or bytes-like object, got '${typeName(string)}'`);
    return string;
  }

  subn(repl: unknown, string: unknown, count: unknown = 0): unknown[] {
    return tuple(this.substitute(repl, string, count));
  }

  sub(repl: unknown, string: unknown, count: unknown = 0): string {
    // the text alone: subn's tuple (a marked array) is not made to be dropped
    return this.substitute(repl, string, count)[0];
  }

  split(string: unknown, maxsplit: unknown = 0): unknown[] {
    const s = this.whole(string);
    const limit = maxsplit === null || maxsplit === undefined ? 0 : indexArg(maxsplit);
    const out: unknown[] = [];
    let last = 0;
    let n = 0;
    if (limit >= 0) {
      // group 0's span from index and length, and the groups' text: the regex without match indices does
      for (const m of this.scan(s, 0, false)) {
        const a = m.index;
        const b = a + m[0]!.length;
        out.push(s.slice(last, a));
        for (let k = 1; k <= this.groups; k++) out.push(m[k] ?? null);
        last = b;
        if (++n === limit) break;
      }
    }
    out.push(s.slice(last));
    return out;
  }

  pyRepr(): string {
    const shown = this.flags & ~U;
    if (!shown) return `re.compile(${repr(this.pattern)})`;
    const names: string[] = [];
    for (const [n, v] of [["TEMPLATE", 1], ["IGNORECASE", I], ["LOCALE", L], ["MULTILINE", M], ["DOTALL", S], ["VERBOSE", X], ["DEBUG", DEBUG], ["ASCII", A]] as const) {
      if (shown & v) names.push(`re.${n}`);
    }
    return `re.compile(${repr(this.pattern)}, ${names.join("|")})`;
  }

  pyAttr(name: string): unknown {
    switch (name) {
      case "pattern":
        return this.pattern;
      case "flags":
        return this.flags;
      case "groups":
        return this.groups;
      case "groupindex":
        return this.groupindex;
    }
    return NOT_FOUND;
  }

  pyMethod(name: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
    const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required);
    switch (name) {
      case "search":
      case "match":
      case "fullmatch":
      case "findall":
      case "finditer": {
        const [s, p, e] = b(["string", "pos", "endpos"], 1);
        return this[name](s, p, e);
      }
      case "sub":
      case "subn": {
        const [r, s, c] = b(["repl", "string", "count"], 2);
        return this[name](r, s, c);
      }
      case "split": {
        const [s, m] = b(["string", "maxsplit"], 1);
        return this.split(s, m);
      }
    }
    return NOT_FOUND;
  }
}

function posNext(s: string, unit: number): number {
  const c = s.charCodeAt(unit);
  return c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(unit + 1) & 0xfc00) === 0xdc00 ? unit + 2 : unit + 1;
}

// ---------------------------------------------------------------------------------------------------------------
// Module-level functions

const cache = new Map<string, Pattern>();
const cacheNoFlags = new Map<string, Pattern>();

/** re.compile(pattern, flags=0), as translated code calls it (flags may come by keyword: `flags=re.I`). */
export function compile(...a: unknown[]): Pattern {
  if (a.length === 1 && typeof a[0] === "string") return compiled(a[0], 0);
  const [p, f] = args("compile", a, ["pattern", "flags"], 1);
  return compiled(p, f);
}

/** re.compile with its arguments bound. */
export function compiled(pattern: unknown, flags: unknown = 0): Pattern {
  const f = flags === null || flags === undefined ? 0 : indexArg(flags);
  if (pattern instanceof Pattern) {
    if (f !== 0) throw valueError_("cannot process flags argument with a compiled pattern");
    return pattern;
  }
  if (typeof pattern !== "string") throw typeError("first argument must be string or compiled pattern");
  // without flags (the usual call) the pattern itself is the key: no key string to build per call
  const map = f === 0 ? cacheNoFlags : cache;
  const key = f === 0 ? pattern : f + ":" + pattern;
  let p = map.get(key);
  if (!p) {
    p = new Pattern(pattern, f);
    if (map.size >= 512) map.clear();
    map.set(key, p);
  }
  return p;
}

function valueError_(msg: string): PyError {
  return new PyError("ValueError", msg);
}

function args(fname: string, a: unknown[], names: readonly string[], required: number): unknown[] {
  const [pos, kwa] = splitKwargs(a);
  return bindArgs(fname, pos, kwa, names, required);
}

/** re.search(pattern, string, flags=0). */
export function search(...a: unknown[]): Match | null {
  const [p, s, f] = args("search", a, ["pattern", "string", "flags"], 2);
  return compiled(p, f).search(s);
}

/** re.match(pattern, string, flags=0). */
export function match(...a: unknown[]): Match | null {
  const [p, s, f] = args("match", a, ["pattern", "string", "flags"], 2);
  return compiled(p, f).match(s);
}

/** re.fullmatch(pattern, string, flags=0). */
export function fullmatch(...a: unknown[]): Match | null {
  const [p, s, f] = args("fullmatch", a, ["pattern", "string", "flags"], 2);
  return compiled(p, f).fullmatch(s);
}

/** re.findall(pattern, string, flags=0). */
export function findall(...a: unknown[]): unknown[] {
  // re.findall(pattern, text), as a tokenizer calls it on every request: what the binding below gives for it
  if (a.length === 2 && typeof a[0] === "string" && !(a[1] instanceof Kwargs)) return compiled(a[0], 0).findall(a[1]);
  const [p, s, f] = args("findall", a, ["pattern", "string", "flags"], 2);
  return compiled(p, f).findall(s);
}

/** re.finditer(pattern, string, flags=0), as a list of Match objects. */
export function finditer(...a: unknown[]): Match[] {
  const [p, s, f] = args("finditer", a, ["pattern", "string", "flags"], 2);
  return compiled(p, f).finditer(s);
}

/** re.sub(pattern, repl, string, count=0, flags=0). */
export function sub(...a: unknown[]): string {
  const [p, r, s, c, f] = args("sub", a, ["pattern", "repl", "string", "count", "flags"], 3);
  return compiled(p, f).sub(r, s, c);
}

/** re.subn(pattern, repl, string, count=0, flags=0). */
export function subn(...a: unknown[]): unknown[] {
  const [p, r, s, c, f] = args("subn", a, ["pattern", "repl", "string", "count", "flags"], 3);
  return compiled(p, f).subn(r, s, c);
}

/** re.split(pattern, string, maxsplit=0, flags=0). */
export function split(...a: unknown[]): unknown[] {
  const [p, s, m, f] = args("split", a, ["pattern", "string", "maxsplit", "flags"], 2);
  return compiled(p, f).split(s, m);
}

const ESCAPE_CHARS = new Set("()[]{}?*+-|^$\\.&~# \t\n\r\v\f".split(""));

/** re.escape(pattern). */
export function escape(pattern: unknown): string {
  if (typeof pattern !== "string") throw typeError(`expected str instance, ${typeName(pattern)} found`);
  let out = "";
  for (const ch of pattern) out += ESCAPE_CHARS.has(ch) ? "\\" + ch : ch;
  return out;
}

export const purge = (): void => {
  cache.clear();
  cacheNoFlags.clear();
};
