// pandas runtime, operators on columns: numeric columns compute with numpy (the runtime's ufuncs, so dtypes and
// float32 rounding are numpy's), then pandas' own fixes (integer `//` and `%` by zero give inf/NaN instead of 0);
// object columns compute item by item with Python's operators, retrying on the non-missing items when an item
// refuses (`"a" + NaN`), as pandas does. Comparisons of numbers with strings follow pandas' `invalid_comparison`.
import { pyError, PyError, WeakFloat } from "../core.ts";
import { allocate, NDArray } from "../ndarray.ts";
import { typeName } from "../py-base.ts";
import { add, bitand, bitor, bitxor, compare, equals, floordiv, matmul, mod, mul, neg, pos, invert, pow, sub, truediv } from "../py-ops.ts";
import { npBinary, npUnary, type NpBinaryOp } from "../py-np.ts";
import { colItems, colLength, inferColumn, isTimeArray, numAt, numericColumn, ObjectArray, type Column } from "./column.ts";
import { timeColumnOp, timeColumnUnary } from "./timeops.ts";
import { PyDate, Timedelta, Timestamp } from "./timescalars.ts";
import { isIntDType, isNumericDType } from "./dtypes.ts";
import { isNA, numberOf, scalarKind } from "./values.ts";

export type BinaryOp = NpBinaryOp;
export type UnaryOp = "-" | "+" | "~";

const COMPARISONS = new Set<BinaryOp>(["==", "!=", "<", "<=", ">", ">="]);
export const isComparison = (op: BinaryOp): boolean => COMPARISONS.has(op);

/** The other operand of a column operation: a column of the same length, or one scalar for every row. */
export type Operand = { readonly column: Column } | { readonly scalar: unknown };

const PY_OPS: Readonly<Record<BinaryOp, (a: unknown, b: unknown) => unknown>> = {
  "+": add,
  "-": sub,
  "*": mul,
  "/": truediv,
  "//": floordiv,
  "%": mod,
  "**": pow,
  "@": matmul,
  "&": bitand,
  "|": bitor,
  "^": bitxor,
  "<<": () => {
    throw pyError("TypeError", "unsupported operand type(s) for <<");
  },
  ">>": () => {
    throw pyError("TypeError", "unsupported operand type(s) for >>");
  },
  "==": (a, b) => (isTimeScalar(a) || isTimeScalar(b) ? timeCompare("==", a, b) : equals(a, b)),
  "!=": (a, b) => (isTimeScalar(a) || isTimeScalar(b) ? timeCompare("!=", a, b) : !equals(a, b)),
  "<": (a, b) => (isTimeScalar(a) || isTimeScalar(b) ? timeCompare("<", a, b) : compare("<", a, b)),
  "<=": (a, b) => (isTimeScalar(a) || isTimeScalar(b) ? timeCompare("<=", a, b) : compare("<=", a, b)),
  ">": (a, b) => (isTimeScalar(a) || isTimeScalar(b) ? timeCompare(">", a, b) : compare(">", a, b)),
  ">=": (a, b) => (isTimeScalar(a) || isTimeScalar(b) ? timeCompare(">=", a, b) : compare(">=", a, b)),
};

/** Timestamps, Timedeltas and dates in object columns compare by their own rules (`dt.date == other.dt.date`). */
const isTimeScalar = (v: unknown): v is Timestamp | Timedelta | PyDate => v instanceof Timestamp || v instanceof Timedelta || v instanceof PyDate;
const timeCompare = (op: BinaryOp, a: unknown, b: unknown): boolean =>
  (isTimeScalar(a) ? a.pyBinary(op, b, false) : (b as Timestamp | Timedelta | PyDate).pyBinary(op, a, true)) === true;

const UFUNC_NAMES: Readonly<Partial<Record<BinaryOp, string>>> = {
  "+": "add",
  "-": "subtract",
  "*": "multiply",
  "/": "divide",
  "//": "floor_divide",
  "%": "remainder",
  "**": "power",
  "&": "bitwise_and",
  "|": "bitwise_or",
  "^": "bitwise_xor",
};

const isNumericScalar = (v: unknown): boolean => {
  const k = scalarKind(v);
  return k === "int" || k === "float" || k === "bool";
};

/**
 * `left op right` row by row (or `right op left` when `reflected`, for `2 - s`). The result has the length of
 * `left`; comparisons give bool columns.
 */
export function columnOp(op: BinaryOp, left: Column, right: Operand, reflected: boolean): Column {
  const times = timeColumnOp(op, left, right, reflected);
  if (times !== null) return times;
  const otherNumeric = "column" in right ? isNumericDType(right.column.dtype) : isNumericScalar(right.scalar);
  if (isNumericDType(left.dtype) && otherNumeric) return numericOp(op, left as NDArray, right, reflected);
  if ("scalar" in right && isNumericDType(left.dtype) && !otherNumeric) return numberWithObject(op, left as NDArray, right.scalar, reflected);
  return objectOp(op, left, right, reflected);
}

function numericOp(op: BinaryOp, left: NDArray, right: Operand, reflected: boolean): Column {
  const other = "column" in right ? right.column : right.scalar;
  const x = reflected ? other : left;
  const y = reflected ? left : other;
  const result = npBinary(op, x, y) as NDArray;
  if (op === "//") return maskZeroDivZero(x, y, result);
  if (op === "%") return fillZeros(result, y);
  return result;
}

/** The numbers of an operand, broadcast to n rows. */
function numbersOf(x: unknown, n: number): ArrayLike<number> {
  if (x instanceof NDArray && x.ndim === 1) return x.values();
  const v = numberOf(x)!;
  return new Float64Array(n).fill(v);
}

/** pandas' `mask_zero_div_zero`: x // 0 is +inf for x > 0, -inf for x < 0 (signs flip for -0.0), NaN for 0 // 0. */
function maskZeroDivZero(x: unknown, y: unknown, result: NDArray): NDArray {
  const n = result.shape[0];
  const xs = numbersOf(x, n);
  const ys = numbersOf(y, n);
  const fix = new Array<number | undefined>(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    if (ys[i] !== 0) continue;
    const negZero = Object.is(ys[i], -0);
    const xv = xs[i];
    if (xv === 0) fix[i] = NaN;
    else if (xv > 0) fix[i] = negZero ? -Infinity : Infinity;
    else if (xv < 0) fix[i] = negZero ? Infinity : -Infinity;
    else continue;
    any = true;
  }
  if (!any) return result;
  const out = allocate("float64", n);
  const vals = result.values();
  for (let i = 0; i < n; i++) out[i] = fix[i] ?? vals[i];
  return new NDArray(out, [n], "float64");
}

/** pandas' `_fill_zeros` for `%`: an integer result where the divisor is an integer 0 becomes NaN (in float64). */
function fillZeros(result: NDArray, y: unknown): NDArray {
  if (result.dtype === "float64" || result.dtype === "float32") return result;
  const yInt = y instanceof NDArray ? isIntDType(y.dtype) : scalarKind(y) === "int";
  if (!yInt) return result;
  const n = result.shape[0];
  const ys = numbersOf(y, n);
  let any = false;
  for (let i = 0; i < n; i++) if (ys[i] === 0) any = true;
  if (!any) return result;
  const out = allocate("float64", n);
  const vals = result.values();
  for (let i = 0; i < n; i++) out[i] = ys[i] === 0 ? NaN : vals[i];
  return new NDArray(out, [n], "float64");
}

/** A numeric column with a non-numeric scalar (a str, None): what numpy and pandas' comparison rules make of it. */
function numberWithObject(op: BinaryOp, left: NDArray, scalar: unknown, reflected: boolean): Column {
  const n = left.shape[0];
  if (op === "==" || op === "!=") return numericColumn("bool", new Uint8Array(n).fill(op === "!=" ? 1 : 0));
  if (isComparison(op)) {
    if (scalar === null || scalar === undefined) return numericColumn("bool", new Uint8Array(n));
    throw pyError("TypeError", `Invalid comparison between dtype=${left.dtype} and ${typeName(scalar)}`);
  }
  if (typeof scalar === "string") {
    const name = UFUNC_NAMES[op] ?? op;
    const u = `dtype('<U${[...scalar].length}')`;
    const d = `dtype('${left.dtype}')`;
    throw pyError("UFuncTypeError", `ufunc '${name}' did not contain a loop with signature matching types (${reflected ? u : d}, ${reflected ? d : u}) -> None`);
  }
  // anything else (None, a list) goes item by item, as numpy's object fallback does, without pandas' retry on the
  // non-missing rows (that is only for object columns)
  return objectOp(op, left, { scalar }, reflected, false);
}

function itemsOf(o: Operand, n: number): unknown[] {
  if ("column" in o) return colItems(o.column);
  return new Array<unknown>(n).fill(o.scalar);
}

/**
 * Item by item with Python's operators; arithmetic that fails retries on the rows where no operand is missing
 * (`retry`: when an object column is involved, pandas' `_masked_arith_op`).
 */
function objectOp(op: BinaryOp, left: Column, right: Operand, reflected: boolean, retry = true): Column {
  const n = colLength(left);
  const ls = colItems(left);
  const rs = itemsOf(right, n);
  const f = PY_OPS[op];
  const xs = reflected ? rs : ls;
  const ys = reflected ? ls : rs;
  if (isComparison(op)) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      // pandas' scalar_compare/vec_compare: a missing operand is unequal to everything
      if (isNA(xs[i]) || isNA(ys[i])) out[i] = op === "!=" ? 1 : 0;
      else out[i] = f(xs[i], ys[i]) ? 1 : 0;
    }
    return numericColumn("bool", out);
  }
  if (op === "&" || op === "|" || op === "^") {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const x = isNA(xs[i]) ? false : xs[i];
      const y = isNA(ys[i]) ? false : ys[i];
      out[i] = numberOf(f(x, y)) ? 1 : 0;
    }
    return numericColumn("bool", out);
  }
  const out = new Array<unknown>(n);
  try {
    for (let i = 0; i < n; i++) out[i] = f(xs[i], ys[i]);
  } catch (e) {
    if (!retry || !(e instanceof PyError) || e.type !== "TypeError") throw e;
    for (let i = 0; i < n; i++) out[i] = isNA(xs[i]) || isNA(ys[i]) ? NaN : f(xs[i], ys[i]);
  }
  return new ObjectArray(out);
}

/** `-s`, `+s`, `~s`, `abs(s)` of one column. */
export function columnUnary(op: UnaryOp | "abs", c: Column): Column {
  if (isTimeArray(c)) return timeColumnUnary(op, c);
  if (isNumericDType(c.dtype)) {
    if (op === "abs") return npUnaryAbs(c as NDArray);
    return npUnary(op, c) as NDArray;
  }
  const f = op === "-" ? neg : op === "+" ? pos : op === "~" ? invert : absItem;
  return new ObjectArray(colItems(c).map((v) => f(v)));
}

function npUnaryAbs(c: NDArray): NDArray {
  const n = c.shape[0];
  const out = allocate(c.dtype, n);
  for (let i = 0; i < n; i++) out[i] = Math.abs(numAt(c, i));
  return new NDArray(out, [n], c.dtype);
}

function absItem(v: unknown): unknown {
  if (typeof v === "number") return Math.abs(v);
  if (v instanceof WeakFloat) return new WeakFloat(Math.abs(v.value));
  if (typeof v === "boolean") return v ? 1 : 0;
  throw pyError("TypeError", `bad operand type for abs(): '${typeName(v)}'`);
}

/** A list or array operand as a column (pandas turns lists into numpy arrays first). */
export function operandColumn(items: readonly unknown[]): Column {
  return inferColumn(items, "float64");
}
