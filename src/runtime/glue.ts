// Control flow the translator needs at run time that is not a Python builtin: lazy `and`/`or` returning operands,
// chained comparisons evaluating each operand once, unpacking, in-place operators, exception matching.
import { PyError, Slice, isTuple, setJsonKey } from "./core.ts";
import { indexArg } from "./py-base.ts";
import { PyDict, PySet } from "./pydict.ts";
import { WeakFloat } from "./core.ts";
import { PyRange } from "./py-base.ts";
import * as np from "./np.ts";
import { BINARY_OPERATORS } from "./operators.ts";
import { NDArray } from "./ndarray.ts";
import { callMethod } from "./py-builtins.ts";
import { METHOD_NOT_FOUND } from "./pystr.ts";
import { Ellipsis } from "./core.ts";
import { add, bitand, bitor, bitxor, contains, floordiv, is_, iter, lshift, matmul, mod, mul, not_in, pow, rshift, sub, truediv, truthy, eq, ne, lt, le, gt, ge } from "./py.ts";

/** What translated functions accept where numpy takes an array: an NDArray, or numbers in nested lists. */
export type NestedNumbers = number | boolean | readonly NestedNumbers[];
export type ArrayInput = NDArray | NestedNumbers;

/** `a and b`: a when a is falsy, else b (evaluated only then). */
export function and(a: unknown, b: () => unknown): unknown {
  return truthy(a) ? b() : a;
}

/** `a or b`: a when a is truthy, else b (evaluated only then). */
export function or(a: unknown, b: () => unknown): unknown {
  return truthy(a) ? a : b();
}

const COMPARATORS: Readonly<Record<string, (a: unknown, b: unknown) => unknown>> = {
  "==": eq,
  "!=": ne,
  "<": lt,
  "<=": le,
  ">": gt,
  ">=": ge,
  is: is_,
  "is not": (a, b) => !is_(a, b),
  in: (a, b) => contains(b, a),
  "not in": (a, b) => not_in(b, a),
};

/** `a < b <= c`: each operand evaluated once, left to right, stopping at the first false comparison. */
export function compareChain(first: unknown, rest: readonly (readonly [string, () => unknown])[]): unknown {
  let left = first;
  let result: unknown = true;
  for (const [op, next] of rest) {
    const right = next();
    result = COMPARATORS[op]!(left, right);
    if (!truthy(result)) return result;
    left = right;
  }
  return result;
}

/**
 * `a, b = value` and `a, *b, c = value`: the items of `value` as an array of `count` targets, with the starred
 * target (at `star`) receiving a list. Raises ValueError as Python does when the counts differ.
 */
export function unpack(value: unknown, count: number, star = -1): unknown[] {
  const items = Array.isArray(value) ? value : Array.from(iter(value));
  if (star < 0) {
    if (items.length !== count) {
      throw new PyError(
        "ValueError",
        items.length > count ? `too many values to unpack (expected ${count})` : `not enough values to unpack (expected ${count}, got ${items.length})`,
      );
    }
    return items;
  }
  const after = count - star - 1;
  if (items.length < count - 1) {
    throw new PyError("ValueError", `not enough values to unpack (expected at least ${count - 1}, got ${items.length})`);
  }
  return [...items.slice(0, star), items.slice(star, items.length - after), ...items.slice(items.length - after)];
}

const PY_BINARY: Readonly<Record<string, (a: unknown, b: unknown) => unknown>> = { add, sub, mul, truediv, floordiv, mod, pow, matmul, bitand, bitor, bitxor, lshift, rshift };
const BINARY: Readonly<Record<string, (a: unknown, b: unknown) => unknown>> = Object.fromEntries(
  Object.entries(BINARY_OPERATORS).map(([op, e]) => [op, PY_BINARY[e.py]!]),
);

/**
 * `a op= b`: lists extend in place for `+=`, arrays are updated in place (casting the result back to their dtype
 * with numpy's same-kind rule), everything else rebinds to `a op b`.
 */
export function inplace(op: string, a: unknown, b: unknown): unknown {
  if (op === "+" && Array.isArray(a) && !isTuple(a)) {
    a.push(...Array.from(iter(b)));
    return a;
  }
  if (op === "*" && Array.isArray(a) && !isTuple(a) && typeof b === "number") {
    const copy = a.slice();
    a.length = 0;
    for (let i = 0; i < b; i++) a.push(...copy);
    return a;
  }
  if (a instanceof NDArray && a.ndim > 0) return np.inplace(op, a, b);
  return BINARY[op]!(a, b);
}

/**
 * `a op= b` on a value the translator knows is an array: in place when it has dimensions (numpy writes into it);
 * a 0-d array is a numpy scalar in Python, immutable, so the name is rebound to `a op b`, an array again.
 */
export function inplaceArray(op: string, a: NDArray, b: unknown): NDArray {
  if (a.ndim > 0) return np.inplace(op, a, b);
  return np.binary(op, a, b) as NDArray;
}

/** True when a thrown value is a Python exception of one of the given classes (by name, with their bases). */
export function exceptionMatches(e: unknown, names: readonly string[]): boolean {
  if (!(e instanceof PyError)) return names.includes("Exception") || names.includes("BaseException");
  const bases: Readonly<Record<string, readonly string[]>> = {
    KeyError: ["LookupError"],
    IndexError: ["LookupError"],
    ZeroDivisionError: ["ArithmeticError"],
    OverflowError: ["ArithmeticError"],
    FloatingPointError: ["ArithmeticError"],
    UnicodeError: ["ValueError"],
    UnicodeDecodeError: ["UnicodeError", "ValueError"],
    UnicodeEncodeError: ["UnicodeError", "ValueError"],
    AxisError: ["ValueError", "IndexError"],
    // pandas' and numpy's own subclasses, raised by the pandas runtime
    IntCastingNaNError: ["ValueError"],
    UFuncTypeError: ["TypeError"],
    // PIL.UnidentifiedImageError is an OSError, which Python also names IOError
    UnidentifiedImageError: ["OSError", "IOError", "EnvironmentError"],
    OSError: ["IOError", "EnvironmentError"],
  };
  const family = [e.type, ...(bases[e.type] ?? []), "Exception", "BaseException"];
  return names.some((n) => family.includes(n));
}

/** The exception object an `except E as e:` binds: its message is what `str(e)` gives. */
export function exceptionValue(e: unknown): unknown {
  if (e instanceof PyError) return e.message.slice(e.type.length + 2);
  return e instanceof Error ? e.message : String(e);
}

/** `raise ValueError(msg)` */
export function raise(type: string, message: unknown = ""): PyError {
  return new PyError(type, typeof message === "string" ? message : String(message));
}

/** `assert test, msg` */
export function assertion(message: unknown = ""): PyError {
  return new PyError("AssertionError", typeof message === "string" ? message : String(message));
}

/** `x[a:b:c]`: slice bounds are ints (or anything with __index__, like numpy ints) or None. */
export function slice(start: unknown, stop: unknown, step: unknown): Slice {
  const bound = (v: unknown): number | null => {
    if (v === null || v === undefined) return null;
    try {
      return indexArg(v);
    } catch {
      throw new PyError("TypeError", "slice indices must be integers or None or have an __index__ method");
    }
  };
  return new Slice(bound(start), bound(stop), bound(step));
}

/**
 * What a translated function returns to its JavaScript caller: plain values whose JSON form is the JSON form of the
 * Python result. Dicts become plain objects (keys spelled as json.dumps spells them), tuples and sets arrays,
 * floats numbers; numpy arrays and scalars stay NDArrays (their JSON form is `tolist()`), so that a preprocessing
 * result keeps its dtype on the way to the model.
 */
export function toJS(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object") return value;
  // the containers an answer is made of first (the kinds below are disjoint: the order only saves checks)
  if (Array.isArray(value)) return value.map(toJS);
  if (value instanceof PyDict) {
    // an object literal, not Object.create(null): V8 keeps null-prototype objects in dictionary mode, slower to
    // build, to read back (toJSON's check) and for JSON.stringify to write, every one of them once per request
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) setJsonKey(out, jsonKey(k), toJS(v));
    return out;
  }
  if (value instanceof WeakFloat) return value.value;
  if (value instanceof NDArray) return value;
  if (value instanceof PySet || value instanceof PyRange) return Array.from(value as Iterable<unknown>, toJS);
  return value;
}

/** How json.dumps writes a dict key: strings as they are, True/False/None as JSON literals, numbers by repr. */
function jsonKey(k: unknown): string {
  if (typeof k === "string") return k;
  if (k === true) return "true";
  if (k === false) return "false";
  if (k === null) return "null";
  if (k instanceof WeakFloat) return `${k.value}.0`;
  if (typeof k === "number") {
    if (Number.isNaN(k)) return "NaN";
    if (!Number.isFinite(k)) return k > 0 ? "Infinity" : "-Infinity";
    return String(k);
  }
  if (k instanceof NDArray) return String(k.item());
  return String(k);
}

/** Calls a Python value: `f(x)` where f is a local (a lambda, a parameter holding a function) or a callable object. */
export function call(f: unknown, ...args: unknown[]): unknown {
  // runtime objects that Python calls (a torchvision transform) answer __call__
  if (f !== null && typeof f === "object" && typeof (f as { pyMethod?: unknown }).pyMethod === "function") {
    const obj = f as { pyMethod(name: string, args: unknown[], kwargs: Record<string, unknown>): unknown; pyTypeName?: string };
    const r = obj.pyMethod("__call__", args, {});
    // "no such method" is a symbol (re's objects have their own): Python values never are, except Ellipsis
    if (r !== METHOD_NOT_FOUND && (typeof r !== "symbol" || r === Ellipsis)) return r;
    throw new PyError("TypeError", `'${obj.pyTypeName ?? "object"}' object is not callable`);
  }
  if (typeof f !== "function") throw new PyError("TypeError", `'${f === null ? "NoneType" : typeof f === "string" ? "str" : typeof f === "number" ? (Number.isInteger(f) ? "int" : "float") : "object"}' object is not callable`);
  return (f as (...a: unknown[]) => unknown)(...args);
}

/** `{**m}`: the (key, value) pairs of a mapping, in its order. */
export function entries(m: unknown): [unknown, unknown][] {
  if (m instanceof PyDict) return Array.from(m);
  const items = callMethod(m, "items", []);
  return Array.from(iter(items), (kv) => {
    const [k, v] = unpack(kv, 2);
    return [k, v];
  });
}

/**
 * A large constant array, embedded as the base64 of its elements (little-endian; int64 as float64, exact to 2**53):
 * a fraction of the size of a literal, decoded once when the module loads.
 */
export function arrayFromBase64(b64: string, dtype: "float32" | "float64" | "int64" | "int32" | "uint8" | "bool", shape: readonly number[]): NDArray {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const buf = bytes.buffer;
  const values =
    dtype === "float32" ? new Float32Array(buf) : dtype === "int32" ? new Int32Array(buf) : dtype === "uint8" || dtype === "bool" ? bytes : new Float64Array(buf);
  const flat = Array.from(values as ArrayLike<number>, (v) => (dtype === "bool" ? v !== 0 : v));
  return np.reshape(np.array(flat, dtype), [...shape]);
}
