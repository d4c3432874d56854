// repr()/str() and the format-spec mini-language, digit for digit as CPython 3.11 prints them. Floats are converted
// the way CPython's dtoa does: shortest round-trip digits for repr, correctly rounded (ties to even, on the exact
// binary value) for fixed precisions, so format(0.125, ".2f") is "0.12" and round-half cases match.
import { PyError, WeakFloat, isTuple, Slice, Ellipsis, strRepr, hex } from "./core.ts";

export { strRepr };
import { PyRange, cpLen, codePoints, typeName, valueError, typeError, isPyDict, isPySet } from "./py-base.ts";
import { isNDArray, npToList, npRepr, npStr } from "./py-np.ts";

// ---------------------------------------------------------------------------------------------------------------
// Decimal digits of doubles

interface Digits {
  /** Significant digits, no leading or trailing zeros ("" for a value rounded away to zero). */
  digits: string;
  /** Position of the decimal point relative to the digits: value = 0.<digits> * 10**decpt. */
  decpt: number;
}

/** Shortest digits that round-trip (JavaScript's Number#toString picks the same ones as CPython's repr). */
function shortestDigits(x: number): Digits {
  const s = String(x);
  const e = s.indexOf("e");
  const mant = e < 0 ? s : s.slice(0, e);
  const exp = e < 0 ? 0 : Number(s.slice(e + 1));
  const dot = mant.indexOf(".");
  let digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  let decpt = (dot < 0 ? mant.length : dot) + exp;
  let lead = 0;
  while (lead < digits.length - 1 && digits.charCodeAt(lead) === 48) lead++;
  digits = digits.slice(lead);
  decpt -= lead;
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return { digits: digits.slice(0, end), decpt };
}

const f64 = new DataView(new ArrayBuffer(8));
const pow5Cache: bigint[] = [1n];
function pow5(k: number): bigint {
  let p = pow5Cache[k];
  if (p === undefined) {
    p = 5n ** BigInt(k);
    if (k < 1100) pow5Cache[k] = p;
  }
  return p;
}

/** The exact decimal expansion of a positive finite double (every double is a finite decimal). */
function exactDigits(x: number): Digits {
  f64.setFloat64(0, x);
  const hi = f64.getUint32(0);
  const lo = f64.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = BigInt(hi & 0xfffff) * 4294967296n + BigInt(lo);
  let e: number;
  if (biased === 0) e = -1074;
  else {
    mant += 1n << 52n;
    e = biased - 1075;
  }
  while (e < 0 && (mant & 1n) === 0n) {
    mant >>= 1n;
    e++;
  }
  let s: string;
  let decpt: number;
  if (e >= 0) {
    s = (mant << BigInt(e)).toString();
    decpt = s.length;
  } else {
    s = (mant * pow5(-e)).toString();
    decpt = s.length + e;
  }
  let end = s.length;
  while (end > 1 && s.charCodeAt(end - 1) === 48) end--;
  return { digits: s.slice(0, end), decpt };
}

/** Keeps the first `n` significant digits, rounding half to even on the exact value. */
function roundDigits(d: Digits, n: number): Digits {
  const { digits } = d;
  let { decpt } = d;
  if (n >= digits.length) return d;
  if (n < 0) return { digits: "", decpt };
  const next = digits.charCodeAt(n) - 48;
  const up =
    next > 5 || (next === 5 && (digits.length > n + 1 || (n > 0 && (digits.charCodeAt(n - 1) - 48) % 2 === 1)));
  let kept = digits.slice(0, n);
  if (up) {
    let i = kept.length - 1;
    while (i >= 0 && kept.charCodeAt(i) === 57) i--;
    if (i < 0) {
      kept = "1";
      decpt += 1;
    } else {
      kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
    }
  } else {
    let end = kept.length;
    while (end > 0 && kept.charCodeAt(end - 1) === 48) end--;
    kept = kept.slice(0, end);
  }
  return { digits: kept, decpt };
}

/**
 * What roundDigits(exactDigits(x), decpt + precision) gives for 'f' (`f"{p:.2f}"`, `"{:.1%}".format(p)`), read from
 * toFixed: it rounds the exact binary value too, and differs only on an exact tie (up, where Python rounds to even),
 * which x * 2**(precision+1) being an odd integer tells (see roundFloat); then, or out of toFixed's range, undefined.
 */
function fixedDigits(x: number, precision: number): Digits | undefined {
  if (precision > 100 || !(x < 1e21) || isDecimalTie(x, precision)) return undefined;
  const s = x.toFixed(precision);
  const dot = s.indexOf(".");
  const int = dot < 0 ? s.length : dot;
  const all = dot < 0 ? s : s.slice(0, dot) + s.slice(dot + 1);
  let start = 0;
  while (start < all.length && all.charCodeAt(start) === 48) start++;
  let end = all.length;
  while (end > start && all.charCodeAt(end - 1) === 48) end--;
  // nothing left: rounded to zero, placed as formatFloatShort places roundDigits' ""
  if (start === end) return { digits: "", decpt: -precision };
  return { digits: all.slice(start, end), decpt: int - start };
}

type FloatCode = "e" | "f" | "g" | "r";

/**
 * CPython's format_float_short for a non-negative finite double: `precision` as PyOS_double_to_string receives it
 * (already +1 for 'e'), `addDot0` is Py_DTSF_ADD_DOT_0 and `alt` is Py_DTSF_ALT.
 */
function formatFloatShort(x: number, code: FloatCode, precision: number, addDot0: boolean, alt: boolean): string {
  let d: Digits;
  const fixed = code === "f" && x !== 0 ? fixedDigits(x, precision) : undefined;
  if (x === 0) d = { digits: "0", decpt: 1 };
  else if (code === "r") d = shortestDigits(x);
  else if (fixed !== undefined) d = fixed;
  else {
    const ex = exactDigits(x);
    d = roundDigits(ex, code === "f" ? ex.decpt + precision : precision);
    if (d.digits === "") d = { digits: "", decpt: -precision };
  }
  const { digits } = d;
  let { decpt } = d;
  let useExp = false;
  let vEnd = digits.length;
  let exp = 0;
  switch (code) {
    case "e":
      useExp = true;
      vEnd = precision;
      break;
    case "f":
      vEnd = decpt + precision;
      break;
    case "g":
      if (decpt <= -4 || decpt > (addDot0 ? precision - 1 : precision)) useExp = true;
      if (alt) vEnd = precision;
      break;
    case "r":
      if (decpt <= -4 || decpt > 16) useExp = true;
      break;
  }
  if (useExp) {
    exp = decpt - 1;
    decpt = 1;
  }
  const vStart = decpt <= 0 ? decpt - 1 : 0;
  if (!useExp && addDot0) vEnd = vEnd > decpt ? vEnd : decpt + 1;
  else vEnd = vEnd > decpt ? vEnd : decpt;
  let s = "";
  if (decpt <= 0) s += "0".repeat(decpt - vStart) + "." + "0".repeat(-decpt);
  if (0 < decpt && decpt <= digits.length) s += digits.slice(0, decpt) + "." + digits.slice(decpt);
  else s += digits;
  if (digits.length < decpt) s += "0".repeat(decpt - digits.length) + "." + "0".repeat(vEnd - decpt);
  else s += "0".repeat(vEnd - digits.length);
  if (s.endsWith(".") && !alt) s = s.slice(0, -1);
  if (useExp) s += (exp < 0 ? "e-" : "e+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  return s;
}

/** Python's repr(float) / str(float). */
export function floatRepr(x: number): string {
  if (x !== x) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  return x < 0 ? "-" + formatFloatShort(-x, "r", 0, true, false) : formatFloatShort(x, "r", 0, true, false);
}

/** Python's repr(int); beyond 2**53 prints the exact value of the double (Python's int would be exact). */
export function intRepr(x: number): string {
  return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
}

/** 10**0 .. 10**22: the powers of ten that doubles hold exactly. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Whether a (positive, below 1e21) lies exactly halfway between two multiples of 10**-n: only as p / 2**(n+1) with p
 * odd (a decimal k / 10**(n+1) ending in 5 is a binary fraction only then), which one exact multiplication by a power
 * of two tells (a < 1e21 times at most 2**101 stays finite). toFixed rounds such a tie up, Python to even.
 */
function isDecimalTie(a: number, n: number): boolean {
  const scaled = a * 2 ** (n + 1);
  return Number.isInteger(scaled) && scaled % 2 === 1;
}

/**
 * Python's float.__round__(x, ndigits): the decimal string correctly rounded (half to even on the exact binary
 * value, hence round(2.675, 2) == 2.67), read back as a double.
 */
export function roundFloat(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  if (ndigits > 323) return x;
  if (ndigits < -308) return 0 * x;
  const a = Math.abs(x);
  if (ndigits >= 0 && ndigits <= 22) {
    // y = a * 10**n is within y * 2**-53 of the exact product, and y - floor(y) is exact below 2**52: a fraction
    // farther than twice that from 1/2 rounds the exact product the same way, and k / 10**n (both exact doubles)
    // is the double nearest k * 10**-n, which is what Python's decimal string reads back as.
    const p = POW10[ndigits];
    const y = a * p;
    if (y < 4503599627370496) {
      const fl = Math.floor(y);
      const f = y - fl;
      if (Math.abs(f - 0.5) > y * 2.220446049250313e-16) {
        const v = (f > 0.5 ? fl + 1 : fl) / p;
        return x < 0 ? -v : v;
      }
    }
  }
  if (ndigits >= 0 && ndigits < 100 && a < 1e21) {
    // toFixed rounds the exact binary value correctly, like Python, except on an exact tie (isDecimalTie); this path
    // costs a tenth of the exact one below, and round(p, 4) is in many notebooks' postprocessing
    if (!isDecimalTie(a, ndigits)) {
      const v = Number(a.toFixed(ndigits));
      return x < 0 ? -v : v;
    }
  }
  const ex = exactDigits(a);
  const r = roundDigits(ex, ex.decpt + ndigits);
  if (r.digits === "") return x < 0 ? -0 : 0;
  const v = Number(`0.${r.digits}e${r.decpt}`);
  if (!Number.isFinite(v)) throw new PyError("OverflowError", "rounded value too large to represent");
  return x < 0 ? -v : v;
}

// ---------------------------------------------------------------------------------------------------------------
// repr / str

/** A runtime object that knows its Python repr (re.Match, re.Pattern). */
interface HasPyRepr {
  pyRepr(): string;
}
const hasPyRepr = (x: unknown): x is HasPyRepr =>
  typeof x === "object" && x !== null && typeof (x as { pyRepr?: unknown }).pyRepr === "function";

const inProgress = new Set<object>();

function reprContainer(x: object, render: () => string, recursive: string): string {
  if (inProgress.has(x)) return recursive;
  inProgress.add(x);
  try {
    return render();
  } finally {
    inProgress.delete(x);
  }
}

/** Python's repr(x). */
export function repr(x: unknown): string {
  switch (typeof x) {
    case "string":
      return strRepr(x);
    case "number":
      return Number.isInteger(x) ? intRepr(x) : floatRepr(x);
    case "boolean":
      return x ? "True" : "False";
    case "undefined":
      return "None";
    case "function":
      return `<function ${x.name || "<lambda>"}>`;
    case "bigint":
      return x.toString();
    case "symbol":
      return x === Ellipsis ? "Ellipsis" : String(x.description);
  }
  if (x === null) return "None";
  if (x instanceof WeakFloat) return floatRepr(x.value);
  if (Array.isArray(x)) {
    if (isTuple(x)) {
      return reprContainer(x, () => (x.length === 1 ? `(${repr(x[0])},)` : `(${x.map(repr).join(", ")})`), "(...)");
    }
    return reprContainer(x, () => `[${x.map(repr).join(", ")}]`, "[...]");
  }
  if (isPyDict(x)) return dictRepr(x);
  if (isPySet(x)) {
    if (x.size === 0) return "set()";
    return reprContainer(x, () => `{${Array.from(x, repr).join(", ")}}`, "set(...)");
  }
  if (x instanceof PyRange) {
    return x.step === 1 ? `range(${x.start}, ${x.stop})` : `range(${x.start}, ${x.stop}, ${x.step})`;
  }
  if (x instanceof Slice) return `slice(${repr(x.start)}, ${repr(x.stop)}, ${repr(x.step)})`;
  if (isNDArray(x)) return npRepr(x);
  if (hasPyRepr(x)) return x.pyRepr();
  // a JavaScript Map (from glue code, never from translated Python) prints as the dict it stands for
  if (x instanceof Map) return dictRepr(x);
  return `<${typeName(x)} object>`;
}

function dictRepr(x: Map<unknown, unknown>): string {
  return reprContainer(
    x,
    () => {
      const parts: string[] = [];
      for (const [k, v] of x) parts.push(`${repr(k)}: ${repr(v)}`);
      return `{${parts.join(", ")}}`;
    },
    "{...}",
  );
}

/** A runtime object whose str() differs from its repr (a pandas Timestamp), and which may format itself. */
interface HasPyStr {
  pyStr(): string;
}
const hasPyStr = (x: unknown): x is HasPyStr => typeof x === "object" && x !== null && typeof (x as { pyStr?: unknown }).pyStr === "function";
interface HasPyFormat {
  pyFormat(spec: string): string;
}
const hasPyFormat = (x: unknown): x is HasPyFormat => typeof x === "object" && x !== null && typeof (x as { pyFormat?: unknown }).pyFormat === "function";

/** Python's str(x). */
export function str(x: unknown): string {
  if (typeof x === "string") return x;
  if (typeof x === "number") return Number.isInteger(x) ? intRepr(x) : floatRepr(x);
  if (isNDArray(x)) return npStr(x);
  if (hasPyStr(x)) return x.pyStr();
  return repr(x);
}

// `x.astype(str)`, `np.array(v, dtype=str)`: Python's str stands for numpy's string dtype (np-base's dtype tag)
Object.defineProperty(str, Symbol.for("nb2svc.np.dtype"), { value: "str", enumerable: false });

/** Python's ascii(x): repr with every non-ASCII character escaped. */
export function ascii(x: unknown): string {
  const r = repr(x);
  if (/^[\x00-\x7f]*$/.test(r)) return r;
  let out = "";
  for (const ch of r) {
    const c = ch.codePointAt(0)!;
    out += c < 0x80 ? ch : c <= 0xff ? "\\x" + hex(c, 2) : c <= 0xffff ? "\\u" + hex(c, 4) : "\\U" + hex(c, 8);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Format-spec mini-language

interface Spec {
  fill: string;
  align: string; // "" when not given
  sign: string; // "" | "+" | "-" | " "
  noNeg0: boolean;
  alt: boolean;
  zeroPad: boolean;
  width: number; // -1 when not given
  thousands: string; // "" | "," | "_"
  precision: number; // -1 when not given
  type: string; // "" when not given
}

const specCache = new Map<string, Spec>();

function parseSpec(spec: string, defaultAlign: string, forType: string): Spec {
  const key = defaultAlign + spec;
  const cached = specCache.get(key);
  if (cached) return cached;
  const cps = codePoints(spec);
  const end = cps.length;
  let pos = 0;
  const isAlign = (c: string | undefined) => c === "<" || c === ">" || c === "=" || c === "^";
  let fill = " ";
  let align = "";
  let fillSpecified = false;
  if (end - pos >= 2 && isAlign(cps[pos + 1])) {
    fill = cps[pos];
    align = cps[pos + 1];
    fillSpecified = true;
    pos += 2;
  } else if (end - pos >= 1 && isAlign(cps[pos])) {
    align = cps[pos];
    pos++;
  }
  let sign = "";
  if (pos < end && (cps[pos] === "+" || cps[pos] === "-" || cps[pos] === " ")) sign = cps[pos++];
  let noNeg0 = false;
  if (pos < end && cps[pos] === "z") {
    noNeg0 = true;
    pos++;
  }
  let alt = false;
  if (pos < end && cps[pos] === "#") {
    alt = true;
    pos++;
  }
  let zeroPad = false;
  if (!fillSpecified && pos < end && cps[pos] === "0") {
    fill = "0";
    zeroPad = true;
    if (!align && defaultAlign === ">") align = "=";
    pos++;
  }
  const readInt = (): number => {
    let n = -1;
    while (pos < end && cps[pos] >= "0" && cps[pos] <= "9") {
      n = (n < 0 ? 0 : n * 10) + (cps[pos].charCodeAt(0) - 48);
      pos++;
    }
    return n;
  };
  const width = readInt();
  let thousands = "";
  if (pos < end && cps[pos] === ",") {
    thousands = ",";
    pos++;
  }
  if (pos < end && cps[pos] === "_") {
    if (thousands) throw valueError("Cannot specify both ',' and '_'.");
    thousands = "_";
    pos++;
  }
  if (pos < end && cps[pos] === ",") {
    if (thousands === "_") throw valueError("Cannot specify both ',' and '_'.");
  }
  let precision = -1;
  if (pos < end && cps[pos] === ".") {
    pos++;
    precision = readInt();
    if (precision < 0) throw valueError("Format specifier missing precision");
  }
  if (end - pos > 1) throw valueError(`Invalid format specifier '${spec}' for object of type '${forType}'`);
  const type = pos < end ? cps[pos] : "";
  if (thousands) {
    const ok = "defgEG%F".includes(type) || (thousands === "_" && "boxX".includes(type));
    if (!ok) throw valueError(`Cannot specify '${thousands}' with '${type}'.`);
  }
  const parsed: Spec = { fill, align, sign, noNeg0, alt, zeroPad, width, thousands, precision, type };
  if (specCache.size > 500) specCache.clear();
  specCache.set(key, parsed);
  return parsed;
}

/** CPython's _PyUnicode_InsertThousandsGrouping for the C locale, including zero padding up to `minWidth`. */
function groupDigits(digits: string, minWidth: number, sep: string, group: number): string {
  if (!sep) return digits.length >= minWidth ? digits : "0".repeat(minWidth - digits.length) + digits;
  let remaining = digits.length;
  let pos = digits.length;
  let out = "";
  let first = true;
  for (;;) {
    const l = Math.min(group, Math.max(remaining, minWidth, 1));
    const zeros = Math.max(0, l - remaining);
    const chars = Math.max(0, Math.min(remaining, l));
    out = "0".repeat(zeros) + digits.slice(pos - chars, pos) + (first ? "" : sep) + out;
    pos -= chars;
    first = false;
    remaining -= chars;
    minWidth -= l;
    if (remaining <= 0 && minWidth <= 0) break;
    minWidth -= sep.length;
  }
  return out;
}

/** CPython's fill_number: [lpad][sign][prefix][spad][grouped digits][rest][rpad]. */
function layoutNumber(sp: Spec, negative: boolean, prefix: string, digits: string, rest: string, group: number): string {
  const sign = negative ? "-" : sp.sign === "+" ? "+" : sp.sign === " " ? " " : "";
  const restLen = cpLen(rest);
  const nonDigit = sign.length + prefix.length + restLen;
  const minWidth = sp.fill === "0" && sp.align === "=" ? sp.width - nonDigit : 0;
  const grouped = digits.length === 0 ? "" : groupDigits(digits, minWidth, sp.thousands, group);
  const total = nonDigit + grouped.length;
  let lpad = 0;
  let spad = 0;
  let rpad = 0;
  if (sp.width > total) {
    const n = sp.width - total;
    switch (sp.align) {
      case "<":
        rpad = n;
        break;
      case "^":
        lpad = n >> 1;
        rpad = n - lpad;
        break;
      case "=":
        spad = n;
        break;
      default:
        lpad = n;
    }
  }
  return sp.fill.repeat(lpad) + sign + prefix + sp.fill.repeat(spad) + grouped + rest + sp.fill.repeat(rpad);
}

function formatString(s: string, sp: Spec): string {
  if (sp.type !== "" && sp.type !== "s") throw valueError(`Unknown format code '${sp.type}' for object of type 'str'`);
  if (sp.sign === " ") throw valueError("Space not allowed in string format specifier");
  if (sp.sign) throw valueError("Sign not allowed in string format specifier");
  if (sp.noNeg0) throw valueError("Negative zero coercion (z) not allowed in string format specifier");
  if (sp.alt) throw valueError("Alternate form (#) not allowed in string format specifier");
  if (sp.align === "=") throw valueError("'=' alignment not allowed in string format specifier");
  if (sp.thousands) throw valueError(`Cannot specify '${sp.thousands}' with 's'.`);
  let len = cpLen(s);
  if (sp.precision >= 0 && len > sp.precision) {
    s = codePoints(s).slice(0, sp.precision).join("");
    len = sp.precision;
  }
  if (sp.width <= len) return s;
  const n = sp.width - len;
  switch (sp.align) {
    case ">":
      return sp.fill.repeat(n) + s;
    case "^": {
      const l = n >> 1;
      return sp.fill.repeat(l) + s + sp.fill.repeat(n - l);
    }
    default:
      return s + sp.fill.repeat(n);
  }
}

function formatInt(v: number, sp: Spec, tname: string): string {
  const t = sp.type;
  if (t === "" || "bcdoxXn".includes(t)) {
    if (sp.precision >= 0) throw valueError("Precision not allowed in integer format specifier");
    if (sp.noNeg0) throw valueError("Negative zero coercion (z) not allowed in integer format specifier");
    if (t === "c") {
      if (sp.sign) throw valueError("Sign not allowed with integer format specifier 'c'");
      if (sp.alt) throw valueError("Alternate form (#) not allowed with integer format specifier 'c'");
      if (v < 0 || v > 0x10ffff) throw new PyError("OverflowError", "%c arg not in range(0x110000)");
      return layoutNumber(sp, false, "", "", String.fromCodePoint(v), 3);
    }
    const negative = v < 0;
    const a = Math.abs(v);
    const radix = t === "b" ? 2 : t === "o" ? 8 : t === "x" || t === "X" ? 16 : 10;
    let digits = Number.isSafeInteger(a) ? a.toString(radix) : BigInt(a).toString(radix);
    let prefix = "";
    if (sp.alt && radix !== 10) prefix = radix === 2 ? "0b" : radix === 8 ? "0o" : "0x";
    if (t === "X") {
      digits = digits.toUpperCase();
      prefix = prefix.toUpperCase();
    }
    return layoutNumber(sp, negative, prefix, digits, "", radix === 10 ? 3 : 4);
  }
  if ("eEfFgG%".includes(t)) return formatFloat(v, sp);
  throw valueError(`Unknown format code '${t}' for object of type '${tname}'`);
}

function formatFloat(v: number, sp: Spec): string {
  const t = sp.type;
  if (!"eEfFgGn%".includes(t) && t !== "") {
    throw valueError(`Unknown format code '${t}' for object of type 'float'`);
  }
  let precision = sp.precision;
  let addDot0 = false;
  let code: FloatCode;
  let defaultPrecision = 6;
  if (t === "") {
    addDot0 = true;
    code = "r";
    defaultPrecision = 0;
  } else if (t === "n") code = "g";
  else code = t.toLowerCase() === "%" ? "f" : (t.toLowerCase() as FloatCode);
  const upper = t === "E" || t === "F" || t === "G";
  let pct = "";
  if (t === "%") {
    v *= 100;
    pct = "%";
  }
  if (precision < 0) precision = defaultPrecision;
  else if (code === "r") code = "g";
  if (code === "e") precision++;
  else if (code === "g" && precision === 0) precision = 1;
  let negative = v < 0 || Object.is(v, -0);
  let body: string;
  if (v !== v) {
    body = upper ? "NAN" : "nan";
    negative = false;
  } else if (!Number.isFinite(v)) body = upper ? "INF" : "inf";
  else {
    body = formatFloatShort(Math.abs(v), code, precision, addDot0, sp.alt);
    if (upper) body = body.toUpperCase();
    if (negative && sp.noNeg0 && !/[1-9]/.test(body.replace(/[eE].*$/, ""))) negative = false;
  }
  let nd = 0;
  while (nd < body.length && body.charCodeAt(nd) >= 48 && body.charCodeAt(nd) <= 57) nd++;
  return layoutNumber(sp, negative, "", body.slice(0, nd), body.slice(nd) + pct, 3);
}

/** Python's format(value, spec). */
export function format(value: unknown, spec: string = ""): string {
  if (typeof value === "string") {
    if (spec === "") return value;
    return formatString(value, parseSpec(spec, "<", "str"));
  }
  if (typeof value === "number") {
    if (spec === "") return Number.isInteger(value) ? intRepr(value) : floatRepr(value);
    if (Number.isInteger(value)) return formatInt(value, parseSpec(spec, ">", "int"), "int");
    return formatFloat(value, parseSpec(spec, ">", "float"));
  }
  if (value instanceof WeakFloat) {
    if (spec === "") return floatRepr(value.value);
    return formatFloat(value.value, parseSpec(spec, ">", "float"));
  }
  if (typeof value === "boolean") {
    if (spec === "") return value ? "True" : "False";
    return formatInt(value ? 1 : 0, parseSpec(spec, ">", "bool"), "bool");
  }
  // numpy scalars format as the Python int/float/bool they convert to (numpy's gentype_format), even with an
  // empty spec: f"{np.float32(0.1)}" is "0.10000000149011612" while str() of it is "0.1"
  if (isNDArray(value) && value.ndim === 0) {
    const item = npToList(value);
    return format(typeof item === "number" && (value.dtype === "float32" || value.dtype === "float64") && Number.isInteger(item) ? new WeakFloat(item) : item, spec);
  }
  if (hasPyFormat(value)) return value.pyFormat(spec);
  if (spec === "") return str(value);
  throw typeError(`unsupported format string passed to ${typeName(value)}.__format__`);
}

/** An f-string replacement field `{value!conversion:spec}` (spec already has its nested fields substituted). */
export function fstringValue(value: unknown, conversion: "" | "r" | "s" | "a" = "", spec: string = ""): string {
  switch (conversion) {
    case "r":
      return format(repr(value), spec);
    case "s":
      return format(str(value), spec);
    case "a":
      return format(ascii(value), spec);
    default:
      return format(value, spec);
  }
}


// ---------------------------------------------------------------------------------------------------------------
// printf-style formatting (`"%.2f" % x`)

function intForPercent(v: unknown, conv: string): number {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number" || v instanceof WeakFloat) {
    const n = typeof v === "number" ? v : v.value;
    if (Number.isInteger(n)) return n;
    if (conv === "x" || conv === "X" || conv === "o") {
      throw typeError(`%${conv} format: an integer is required, not float`);
    }
    if (Number.isNaN(n)) throw valueError("cannot convert float NaN to integer");
    if (!Number.isFinite(n)) throw new PyError("OverflowError", "cannot convert float infinity to integer");
    return Math.trunc(n);
  }
  if (isNDArray(v) && v.ndim === 0) return intForPercent(npToList(v), conv);
  if (conv === "x" || conv === "X" || conv === "o") {
    throw typeError(`%${conv} format: an integer is required, not ${typeName(v)}`);
  }
  throw typeError(`%${conv} format: a real number is required, not ${typeName(v)}`);
}

function floatForPercent(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof WeakFloat) return v.value;
  if (isNDArray(v) && v.ndim === 0) return floatForPercent(npToList(v));
  throw typeError(`must be real number, not ${typeName(v)}`);
}

/** Python's `fmt % values` for a str left operand. */
export function percentFormat(fmt: string, values: unknown): string {
  const isMapping = isPyDict(values);
  const args: unknown[] = isTuple(values) ? (values as unknown[]) : [values];
  let argi = 0;
  let usedMapping = false;
  const next = (): unknown => {
    if (argi >= args.length) throw typeError("not enough arguments for format string");
    return args[argi++];
  };
  let out = "";
  let i = 0;
  const n = fmt.length;
  while (i < n) {
    const pct = fmt.indexOf("%", i);
    if (pct < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    i = pct + 1;
    if (i >= n) throw valueError("incomplete format");
    let value: unknown;
    let haveValue = false;
    if (fmt[i] === "(") {
      if (!isMapping) throw typeError("format requires a mapping");
      let depth = 1;
      let j = i + 1;
      while (j < n && depth > 0) {
        if (fmt[j] === "(") depth++;
        else if (fmt[j] === ")") depth--;
        j++;
      }
      if (depth > 0) throw valueError("incomplete format key");
      const key = fmt.slice(i + 1, j - 1);
      const d = values as Map<unknown, unknown>;
      if (!d.has(key)) throw new PyError("KeyError", strRepr(key));
      value = d.get(key);
      haveValue = true;
      usedMapping = true;
      i = j;
    }
    let left = false;
    let zero = false;
    let sign = "";
    let alt = false;
    for (; i < n; i++) {
      const c = fmt[i];
      if (c === "-") left = true;
      else if (c === "0") zero = true;
      else if (c === "+") sign = "+";
      else if (c === " ") sign = sign || " ";
      else if (c === "#") alt = true;
      else break;
    }
    let width = -1;
    if (fmt[i] === "*") {
      const w = intForPercent(next(), "*");
      if (w < 0) left = true;
      width = Math.abs(w);
      i++;
    } else {
      while (i < n && fmt[i] >= "0" && fmt[i] <= "9") width = (width < 0 ? 0 : width * 10) + (fmt.charCodeAt(i++) - 48);
    }
    let precision = -1;
    if (fmt[i] === ".") {
      i++;
      precision = 0;
      if (fmt[i] === "*") {
        precision = Math.max(0, intForPercent(next(), "*"));
        i++;
      } else {
        while (i < n && fmt[i] >= "0" && fmt[i] <= "9") precision = precision * 10 + (fmt.charCodeAt(i++) - 48);
      }
    }
    while (i < n && (fmt[i] === "h" || fmt[i] === "l" || fmt[i] === "L")) i++;
    if (i >= n) throw valueError("incomplete format");
    const conv = fmt[i++];
    if (conv === "%") {
      out += "%";
      continue;
    }
    if (!haveValue) value = next();
    const w = width >= 0 ? String(width) : "";
    const align = left ? "<" : "";
    switch (conv) {
      case "s":
      case "r":
      case "a": {
        const s = conv === "s" ? str(value) : conv === "r" ? repr(value) : ascii(value);
        out += format(s, (left ? "<" : ">") + w + (precision >= 0 ? "." + precision : ""));
        break;
      }
      case "d":
      case "i":
      case "u":
      case "x":
      case "X":
      case "o": {
        const v = intForPercent(value, conv);
        const t = conv === "x" || conv === "X" || conv === "o" ? conv : "d";
        if (precision >= 0) {
          let digits = format(Math.abs(v), t);
          if (digits.length < precision) digits = "0".repeat(precision - digits.length) + digits;
          const prefix = alt && t !== "d" ? (t === "X" ? "0X" : "0" + t) : "";
          const signed = (v < 0 ? "-" : sign === "+" ? "+" : sign === " " ? " " : "") + prefix + digits;
          out += format(signed, (left ? "<" : ">") + w);
        } else {
          out += format(v, align + sign + (alt ? "#" : "") + (zero && !left ? "0" : "") + w + t);
        }
        break;
      }
      case "e":
      case "E":
      case "f":
      case "F":
      case "g":
      case "G": {
        const v = floatForPercent(value);
        const p = precision >= 0 ? precision : 6;
        out += format(v, align + sign + (alt ? "#" : "") + (zero && !left ? "0" : "") + w + "." + p + conv);
        break;
      }
      case "c": {
        let ch: string;
        if (typeof value === "string") {
          if (cpLen(value) !== 1) throw typeError("%c requires int or char");
          ch = value;
        } else if (typeof value === "number" && Number.isInteger(value)) {
          if (value < 0 || value > 0x10ffff) throw new PyError("OverflowError", "%c arg not in range(0x110000)");
          ch = String.fromCodePoint(value);
        } else throw typeError("%c requires int or char");
        out += format(ch, (left ? "<" : ">") + w);
        break;
      }
      default:
        throw valueError(
          `unsupported format character '${conv}' (0x${conv.charCodeAt(0).toString(16)}) at index ${i - 1}`,
        );
    }
  }
  if (!usedMapping && !isMapping && argi < args.length) {
    throw typeError("not all arguments converted during string formatting");
  }
  return out;
}
