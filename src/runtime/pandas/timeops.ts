// pandas runtime, operators on datetime64/timedelta64 columns with pandas 1.5's rules: datetime - datetime is a
// timedelta, datetime ± timedelta a datetime, timedeltas scale by numbers and divide into floats; comparisons
// parse strings as pandas does (`s > "2021-01-01"`), NaT compares False (!= True) and an incomparable operand makes
// == all False and < a TypeError naming the dtypes. Everything else raises pandas' TypeError.
import { pyError, WeakFloat } from "../core.ts";
import { NDArray } from "../ndarray.ts";
import { typeName } from "../py-base.ts";
import { colLength, numAt, numericColumn, ObjectArray, type Column } from "./column.ts";
import { isFloatDType, isIntDType } from "./dtypes.ts";
import { DatetimeArray, isTimeArray, TimedeltaArray } from "./timearrays.ts";
import { makeTimedelta, NaTType, Timedelta, Timestamp, timestampFromString } from "./timescalars.ts";
import { convertToDatetime } from "./todatetime.ts";
import { floorDiv, MAX_NS, MIN_NS, NAT, type Tz } from "./tscore.ts";
import type { BinaryOp, Operand } from "./ops.ts";

const COMPARISONS = new Set<string>(["==", "!=", "<", "<=", ">", ">="]);

/** One side of a time operation: a column or a scalar broadcast to every row. */
type Side = { readonly col: Column } | { readonly scalar: unknown };

const isNaTLike = (v: unknown): boolean => v instanceof NaTType;

const arrayName = (c: Column): string => (c instanceof DatetimeArray ? "DatetimeArray" : c instanceof TimedeltaArray ? "TimedeltaArray" : "ndarray");

function sideTypeName(s: Side): string {
  if ("col" in s) return arrayName(s.col);
  const v = s.scalar;
  if (v instanceof WeakFloat) return "float";
  return typeName(v);
}

const isIntScalar = (v: unknown): boolean => (typeof v === "number" && Number.isInteger(v)) || (v instanceof NDArray && v.ndim === 0 && isIntDType(v.dtype));
const isNumScalar = (v: unknown): boolean =>
  typeof v === "number" || v instanceof WeakFloat || (v instanceof NDArray && v.ndim === 0 && v.dtype !== "bool" && v.dtype !== "str");
const scalarNumber = (v: unknown): number => (v instanceof WeakFloat ? v.value : v instanceof NDArray ? (v.data[v.offset] as number) : (v as number));
const isFloatScalar = (v: unknown): boolean => v instanceof WeakFloat || (typeof v === "number" && !Number.isInteger(v)) || (v instanceof NDArray && v.ndim === 0 && isFloatDType(v.dtype));

const ufuncName: Readonly<Record<string, string>> = { "*": "mul", "/": "truediv", "//": "floordiv", "%": "mod", "**": "pow", "+": "add", "-": "sub", "&": "and", "|": "or", "^": "xor", "@": "matmul" };

/**
 * `left op right` (or `right op left` when reflected) when a side is a time column; null when neither is, for the
 * numeric and object paths of ops.ts.
 */
export function timeColumnOp(op: BinaryOp, left: Column, right: Operand, reflected: boolean): Column | null {
  const rightSide: Side = "column" in right ? { col: right.column } : { scalar: right.scalar };
  if (!isTimeArray(left) && !("col" in rightSide && isTimeArray(rightSide.col))) return null;
  const n = colLength(left);
  const x: Side = reflected ? rightSide : { col: left };
  const y: Side = reflected ? { col: left } : rightSide;
  if (COMPARISONS.has(op)) return compareTimes(op, x, y, n);
  return arithmetic(op, x, y, n);
}

// ---------------------------------------------------------------------------------------------------------------
// Comparisons

/** The comparable nanoseconds of one side for a time column of `kind` (and zone), or null when incomparable. */
function comparable(s: Side, kind: "M" | "m", tz: Tz | null, n: number): BigInt64Array | null {
  if ("col" in s) {
    const c = s.col;
    if (kind === "M" && c instanceof DatetimeArray) return (c.tz === null) === (tz === null) ? c.data : null;
    if (kind === "m" && c instanceof TimedeltaArray) return c.data;
    if (c instanceof ObjectArray) {
      // an object column of date strings or Timestamps is read as datetimes, as pandas does
      try {
        if (kind === "M") {
          const r = convertToDatetime(c.items, { errors: "raise", dayfirst: false, yearfirst: false, utc: false, format: null, exact: true, unit: null, kind: null });
          return r instanceof DatetimeArray && (r.tz === null) === (tz === null) ? r.data : null;
        }
        const out = new BigInt64Array(c.items.length);
        c.items.forEach((v, i) => {
          const t = makeTimedelta(v, undefined, {});
          out[i] = t instanceof Timedelta ? t.value : NAT;
        });
        return out;
      } catch {
        return null;
      }
    }
    return null;
  }
  const v = s.scalar;
  let ns: bigint | null = null;
  if (isNaTLike(v)) ns = NAT;
  else if (kind === "M" && v instanceof Timestamp) ns = (v.tz === null) === (tz === null) ? v.value : null;
  else if (kind === "m" && v instanceof Timedelta) ns = v.value;
  else if (typeof v === "string") {
    try {
      if (kind === "M") {
        const t = timestampFromString(v, tz);
        ns = t instanceof Timestamp ? ((t.tz === null) === (tz === null) ? t.value : null) : NAT;
      } else {
        const t = makeTimedelta(v, undefined, {});
        ns = t instanceof Timedelta ? t.value : NAT;
      }
    } catch {
      ns = null;
    }
  }
  return ns === null ? null : new BigInt64Array(n).fill(ns);
}

function compareTimes(op: string, x: Side, y: Side, n: number): Column {
  const timeSide = "col" in x && isTimeArray(x.col) ? x : y;
  const col = (timeSide as { col: DatetimeArray | TimedeltaArray }).col;
  const kind = col instanceof DatetimeArray ? "M" : "m";
  const other = timeSide === x ? y : x;
  const a = col.data;
  const b = comparable(other, kind, col.tz, n);
  const out = new Uint8Array(n);
  if (b === null) {
    if (op === "==" || op === "!=") return numericColumn("bool", out.fill(op === "!=" ? 1 : 0));
    throw pyError("TypeError", `Invalid comparison between dtype=${col.dtype} and ${sideTypeName(other)}`);
  }
  if (b.length !== n) throw pyError("ValueError", "Lengths must match");
  const [l, r] = timeSide === x ? [a, b] : [b, a];
  for (let i = 0; i < n; i++) {
    const p = l[i];
    const q = r[i];
    if (p === NAT || q === NAT) {
      out[i] = op === "!=" ? 1 : 0;
      continue;
    }
    out[i] = (op === "==" ? p === q : op === "!=" ? p !== q : op === "<" ? p < q : op === "<=" ? p <= q : op === ">" ? p > q : p >= q) ? 1 : 0;
  }
  return numericColumn("bool", out);
}

// ---------------------------------------------------------------------------------------------------------------
// Arithmetic

/** The nanoseconds of a side's times (a time column, or a time scalar broadcast), or null for anything else. */
function nsOf(s: Side, n: number): { kind: "M" | "m" | "nat"; data: BigInt64Array; tz: Tz | null } | null {
  if ("col" in s) {
    if (s.col instanceof DatetimeArray) return { kind: "M", data: s.col.data, tz: s.col.tz };
    if (s.col instanceof TimedeltaArray) return { kind: "m", data: s.col.data, tz: null };
    return null;
  }
  const v = s.scalar;
  if (v instanceof Timestamp) return { kind: "M", data: new BigInt64Array(n).fill(v.value), tz: v.tz };
  if (v instanceof Timedelta) return { kind: "m", data: new BigInt64Array(n).fill(v.value), tz: null };
  if (v instanceof NaTType) return { kind: "nat", data: new BigInt64Array(n).fill(NAT), tz: null };
  return null;
}

/** The numbers of a side (a numeric column or a number broadcast), with whether they are floats; else null. */
function numbersOf(s: Side, n: number): { values: number[]; float: boolean } | null {
  if ("col" in s) {
    const c = s.col;
    if (!(c instanceof NDArray) || c.dtype === "bool" || c.dtype === "str") return null;
    return { values: Array.from({ length: n }, (_, i) => numAt(c, i)), float: isFloatDType(c.dtype) };
  }
  if (!isNumScalar(s.scalar) || typeof s.scalar === "boolean") return null;
  return { values: new Array<number>(n).fill(scalarNumber(s.scalar)), float: isFloatScalar(s.scalar) };
}

const isIntSide = (s: Side): boolean => ("col" in s ? s.col instanceof NDArray && isIntDType(s.col.dtype) : isIntScalar(s.scalar));

function checked(v: bigint): bigint {
  if (v !== NAT && (v < MIN_NS || v > MAX_NS)) throw pyError("OverflowError", "Overflow in int64 addition");
  return v;
}

function combine(a: BigInt64Array, b: BigInt64Array, f: (p: bigint, q: bigint) => bigint): BigInt64Array {
  const out = new BigInt64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] === NAT || b[i] === NAT ? NAT : checked(f(a[i], b[i]));
  return out;
}

function arithmetic(op: BinaryOp, x: Side, y: Side, n: number): Column {
  const tx = nsOf(x, n);
  const ty = nsOf(y, n);
  const xName = sideTypeName(x);
  const yName = sideTypeName(y);
  const unsupported = () => pyError("TypeError", `unsupported operand type(s) for ${op}: '${xName}' and '${yName}'`);
  const intMessage = (arr: string) =>
    pyError("TypeError", `Addition/subtraction of integers and integer-arrays with ${arr} is no longer supported.  Instead of adding/subtracting \`n\`, use \`n * obj.freq\``);
  // a time column (the one this operation is about) on either side
  const timeArr = "col" in x && isTimeArray(x.col) ? x.col : (y as { col: Column }).col;
  const arrName = arrayName(timeArr);
  if (op === "+" || op === "-") {
    if (tx && ty) {
      if (op === "+") {
        if (tx.kind === "M" && ty.kind === "M") throw pyError("TypeError", "cannot add DatetimeArray and DatetimeArray");
        const dt = tx.kind === "M" ? tx : ty.kind === "M" ? ty : null;
        if (dt) return new DatetimeArray(combine(tx.data, ty.data, (p, q) => p + q), dt.tz);
        if (tx.kind === "nat" && ty.kind === "nat") return new DatetimeArray(tx.data.slice(), null);
        return new TimedeltaArray(combine(tx.data, ty.data, (p, q) => p + q));
      }
      if (tx.kind === "M" && ty.kind === "M") {
        if ((tx.tz === null) !== (ty.tz === null)) {
          throw pyError("TypeError", `Cannot subtract tz-naive and tz-aware datetime-like objects${"col" in x && "col" in y ? "." : ""}`);
        }
        return new TimedeltaArray(combine(tx.data, ty.data, (p, q) => p - q));
      }
      if (tx.kind === "M" && ty.kind === "nat") return new TimedeltaArray(new BigInt64Array(n).fill(NAT));
      if (tx.kind === "M") return new DatetimeArray(combine(tx.data, ty.data, (p, q) => p - q), tx.tz);
      if (ty.kind === "M") throw pyError("TypeError", tx.kind === "m" && "col" in x ? "cannot subtract a datelike from a TimedeltaArray" : `cannot subtract DatetimeArray from ${xName}`);
      if (tx.kind === "nat" && ty.kind === "nat") return new DatetimeArray(tx.data.slice(), null);
      return new TimedeltaArray(combine(tx.data, ty.data, (p, q) => p - q));
    }
    const other = tx ? y : x;
    if (isIntSide(other)) throw intMessage(arrName);
    throw unsupported();
  }
  // *, /, //, %: only timedeltas take part
  const tdSide = tx && tx.kind === "m" ? "x" : ty && ty.kind === "m" ? "y" : null;
  if (tdSide === null || (tx && tx.kind === "M") || (ty && ty.kind === "M")) {
    throw pyError("TypeError", `cannot perform __${"col" in x && isTimeArray(x.col) ? "" : "r"}${ufuncName[op] ?? op}__ with this index type: ${arrName}`);
  }
  const td = (tdSide === "x" ? tx : ty)!;
  const otherSide = tdSide === "x" ? y : x;
  const otherNs = tdSide === "x" ? ty : tx;
  if (op === "*") {
    const nums = numbersOf(otherSide, n);
    if (!nums) throw unsupported();
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) out[i] = scaled(td.data[i], nums.values[i], nums.float, (t, v) => t * v);
    return new TimedeltaArray(out);
  }
  if (tdSide === "y") {
    if (op === "/" || op === "//") {
      if (otherNs) return divide(op, otherNs.data, td.data, n);
      throw pyError("TypeError", `Cannot divide ${xName} by TimedeltaArray`);
    }
    if (op === "%" && otherNs) return new TimedeltaArray(combine(otherNs.data, td.data, (p, q) => p - floorDiv(p, q) * q));
    throw unsupported();
  }
  if (op === "/" || op === "//") {
    if (otherNs) return divide(op, td.data, otherNs.data, n);
    const nums = numbersOf(otherSide, n);
    if (!nums) throw unsupported();
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      const v = nums.values[i];
      const t = td.data[i];
      if (t === NAT || v !== v || v === 0) out[i] = NAT;
      else if (op === "//" && !nums.float) out[i] = floorDiv(t, BigInt(v));
      else {
        const q = Number(t) / v;
        out[i] = Number.isFinite(q) ? BigInt(Math.trunc(op === "//" ? Math.floor(q) : q)) : NAT;
      }
    }
    return new TimedeltaArray(out);
  }
  if (op === "%" && otherNs) return new TimedeltaArray(combine(td.data, otherNs.data, (p, q) => p - floorDiv(p, q) * q));
  throw unsupported();
}

/** `td * v`: exact for ints, through a double for floats (numpy), NaN giving NaT. */
function scaled(t: bigint, v: number, isFloat: boolean, f: (t: bigint, v: bigint) => bigint): bigint {
  if (t === NAT || v !== v) return NAT;
  if (!isFloat) return checked(f(t, BigInt(v)));
  const r = Number(t) * v;
  return Number.isFinite(r) ? checked(BigInt(Math.trunc(r))) : NAT;
}

/** timedelta / timedelta (floats) and // (ints, floats with NaN when a NaT is involved). */
function divide(op: string, a: BigInt64Array, b: BigInt64Array, n: number): Column {
  if (op === "/") {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = a[i] === NAT || b[i] === NAT ? NaN : Number(a[i]) / Number(b[i]);
    return numericColumn("float64", out);
  }
  let anyNaT = false;
  const q = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    if (a[i] === NAT || b[i] === NAT) {
      anyNaT = true;
      q[i] = NaN;
    } else if (b[i] === 0n) {
      anyNaT = true;
      q[i] = a[i] === 0n ? NaN : a[i] > 0n ? Infinity : -Infinity;
    } else q[i] = Number(floorDiv(a[i], b[i]));
  }
  return numericColumn(anyNaT ? "float64" : "int64", q);
}

/** `-td`, `+td`, `abs(td)`; datetimes have none of them. */
export function timeColumnUnary(op: "-" | "+" | "~" | "abs", c: DatetimeArray | TimedeltaArray): Column {
  if (c instanceof DatetimeArray) {
    if (op === "abs") throw pyError("TypeError", "bad operand type for abs(): 'DatetimeArray'");
    throw pyError("TypeError", `bad operand type for unary ${op}: 'DatetimeArray'`);
  }
  if (op === "+") return c.copy();
  if (op === "~") throw pyError("TypeError", "bad operand type for unary ~: 'TimedeltaArray'");
  return new TimedeltaArray(c.data.map((v) => (v === NAT ? v : op === "-" ? -v : v < 0n ? -v : v)));
}
