// Runtime core: the Python values that have no native JavaScript twin, shared by the numpy part (np.ts) and the
// Python part (py.ts). Shipped into every generated service; imports nothing.

/** A Python exception raised by translated code: `type` is the Python exception class name. */
export class PyError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(`${type}: ${message}`);
    this.type = type;
    this.name = "PyError";
  }
}

export const pyError = (type: string, message: string): PyError => new PyError(type, message);

/** Python `slice(start, stop, step)`; `null` where Python has None. */
export class Slice {
  constructor(
    readonly start: number | null,
    readonly stop: number | null,
    readonly step: number | null,
  ) {}

  /** Python's `slice.indices(length)`: concrete start, stop, step for a sequence of `length` items. */
  indices(length: number): [start: number, stop: number, step: number] {
    const step = this.checkedStep();
    boundSlice(this.start, this.stop, step, length);
    return [sliceBounds.start, sliceBounds.stop, step];
  }

  /** Number of items the slice selects from a sequence of `length` items. */
  sliceLength(length: number): number {
    return boundSlice(this.start, this.stop, this.checkedStep(), length);
  }

  private checkedStep(): number {
    const step = this.step ?? 1;
    if (step === 0) throw pyError("ValueError", "slice step cannot be zero");
    return step;
  }
}

/** Where boundSlice leaves the start and stop it found: module slots, not an array made per call. */
export const sliceBounds = { start: 0, stop: 0 };

/**
 * Python's slice.indices(length) for bounds that are ints or None and a step that is not 0: returns the number of
 * items the slice selects and leaves its start and stop in sliceBounds. Slice.indices, numpy's basic indexing and
 * list slicing all clamp through it, without an array or a closure per call (request paths slice on every request).
 */
export function boundSlice(start: number | null, stop: number | null, step: number, length: number): number {
  const lower = step < 0 ? -1 : 0;
  const upper = step < 0 ? length - 1 : length;
  const a = start === null ? (step < 0 ? upper : lower) : start < 0 ? Math.max(start + length, lower) : Math.min(start, upper);
  const b = stop === null ? (step < 0 ? lower : upper) : stop < 0 ? Math.max(stop + length, lower) : Math.min(stop, upper);
  sliceBounds.start = a;
  sliceBounds.stop = b;
  if (step > 0) return a < b ? Math.floor((b - a - 1) / step) + 1 : 0;
  return a > b ? Math.floor((a - b - 1) / -step) + 1 : 0;
}

export const slice = (start: number | null = null, stop: number | null = null, step: number | null = null): Slice =>
  new Slice(start, stop, step);

/**
 * out[key] = value as an own data property of an object literal, where assigning "__proto__" would set its prototype
 * instead: how the JSON forms of dicts are filled (literals, as V8 keeps null-prototype objects in slow dictionary
 * mode).
 */
export function setJsonKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Python's `...` (Ellipsis) in a subscript. */
export const Ellipsis: unique symbol = Symbol.for("nb2svc.Ellipsis");
export type EllipsisType = typeof Ellipsis;

/**
 * A Python float whose value happens to be integral (`2.0`, `255.`). JavaScript numbers cannot tell `2.0` from `2`,
 * and numpy can: `uint8_array * 2` stays uint8, `uint8_array * 2.0` becomes float64. The translator wraps float
 * literals with integral values in a WeakFloat; every runtime function that accepts a scalar accepts one.
 */
export class WeakFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toJSON(): number {
    return this.value;
  }
}

export const weakFloat = (value: number): WeakFloat => new WeakFloat(value);

const TUPLE: unique symbol = Symbol.for("nb2svc.tuple");

/** Python tuples are JavaScript arrays marked as tuples (JSON cannot tell them apart; repr, `==` and indexing can). */
export function tuple<T>(items: readonly T[]): T[] {
  const t = items.slice();
  Object.defineProperty(t, TUPLE, { value: true, enumerable: false });
  return t;
}

export function isTuple(x: unknown): x is unknown[] {
  return Array.isArray(x) && (x as unknown as { [TUPLE]?: boolean })[TUPLE] === true;
}

// ---- Python's repr of a str (shared by pyformat and numpy's printing of string arrays) ----------------------------

const PLAIN_ASCII = /^[\x20-\x26\x28-\x5b\x5d-\x7e]*$/;
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

export function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

/** Python's repr(str): quote choice and escapes as unicode_repr does. */
export function strRepr(s: string): string {
  if (PLAIN_ASCII.test(s)) return "'" + s + "'";
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + hex(c, 2);
    else if (c < 0x7f) out += ch;
    else if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) out += "\\u" + hex(c, 4);
    else if (NOT_PRINTABLE.test(ch)) {
      out += c <= 0xff ? "\\x" + hex(c, 2) : c <= 0xffff ? "\\u" + hex(c, 4) : "\\U" + hex(c, 8);
    } else out += ch;
  }
  return out + quote;
}
