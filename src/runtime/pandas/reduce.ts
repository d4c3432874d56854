// pandas runtime, reductions of one column as pandas' nanops computes them with numpy: missing values skipped (filled
// with 0 before numpy's pairwise sum, or with -inf/+inf before max/min), ints summed in int64 and averaged in
// float64, float32 kept float32, variance by the two-pass formula. Results are numpy scalars, as pandas returns.
import { pyError, WeakFloat } from "../core.ts";
import { allocate, NDArray, type DType } from "../ndarray.ts";
import { astype } from "../np-base.ts";
import * as R from "../np-reduce.ts";
import { binaryUfunc, unaryUfunc } from "../np-ufunc.ts";
import { add, compare } from "../py-ops.ts";
import { colIsNA, colItems, colLength, DatetimeArray, isTimeArray, numAt, numericColumn, ObjectArray, TimedeltaArray, type Column } from "./column.ts";
import { boxTimedelta, boxTimestamp, NaT } from "./timescalars.ts";
import { NAT } from "./tscore.ts";
import { isFloatDType, isIntDType } from "./dtypes.ts";
import { isNA, labelKey, numberOf } from "./values.ts";

export type ReductionName = "sum" | "prod" | "mean" | "max" | "min" | "std" | "var" | "median" | "count" | "nunique" | "any" | "all";

export interface ReduceOptions {
  readonly skipna: boolean;
  readonly ddof: number;
  readonly minCount: number;
}

const scalar = (v: number, dtype: DType): NDArray => {
  const out = allocate(dtype, 1);
  out[0] = v;
  return new NDArray(out, [], dtype);
};

/**
 * The column's numbers with missing rows replaced by `fill` (when skipping them), and how many rows count: the
 * non-missing ones, or all of them when missing values are not skipped (pandas computes no mask then).
 */
function filled(c: NDArray, fill: number, skipna: boolean): { values: NDArray; count: number; anyNA: boolean } {
  const n = colLength(c);
  if (!isFloatDType(c.dtype)) return { values: c, count: n, anyNA: false };
  const out = allocate(c.dtype, n);
  let count = 0;
  let anyNA = false;
  for (let i = 0; i < n; i++) {
    const v = numAt(c, i);
    if (v !== v) {
      anyNA = true;
      out[i] = skipna ? fill : v;
      if (!skipna) count++;
    } else {
      out[i] = v;
      count++;
    }
  }
  return { values: new NDArray(out, [n], c.dtype), count, anyNA };
}

/** A reduction of one column (`s.sum()`, `s.mean()`, ...): a numpy scalar, or a Python value for object columns. */
export function colReduce(c: Column, name: ReductionName, opts: ReduceOptions): unknown {
  if (name === "count") return scalar(colIsNA(c).filter((x) => !x).length, "int64");
  if (name === "nunique") {
    const keys = new Set<string>();
    const items = colItems(c);
    items.forEach((v) => {
      if (!isNA(v)) keys.add(labelKey(v));
    });
    return keys.size;
  }
  if (c instanceof ObjectArray) return objectReduce(c, name, opts);
  if (isTimeArray(c)) return timeReduce(c, name, opts);
  const x = c;
  const dtype = x.dtype;
  const isFloat = isFloatDType(dtype);
  switch (name) {
    case "sum":
    case "prod": {
      const { values, count } = filled(x, name === "sum" ? 0 : 1, opts.skipna);
      const acc: DType = isFloat ? dtype : "int64";
      const r = (name === "sum" ? R.sum : R.prod)(values, null, acc) as NDArray;
      // pandas' min_count: too few values give NaN
      if (count < opts.minCount) return NaN;
      return r;
    }
    case "mean": {
      const { values, count } = filled(x, 0, opts.skipna);
      const sumType: DType = isFloat ? dtype : isIntDType(dtype) ? "float64" : "int64";
      const total = R.sum(values, null, sumType) as NDArray;
      if (count === 0) return NaN;
      return binaryUfunc("divide", total, scalar(count, isFloat ? dtype : "float64"));
    }
    case "max":
    case "min": {
      const { values, count, anyNA } = filled(x, name === "max" ? -Infinity : Infinity, opts.skipna);
      if (colLength(x) === 0 || (count === 0 && isFloat)) return NaN;
      if (anyNA && !opts.skipna) return scalar(NaN, dtype);
      return (name === "max" ? R.amax : R.amin)(values) as NDArray;
    }
    case "var":
    case "std": {
      // pandas answers an empty column with a Python NaN before computing (`bottleneck_switch`)
      if (colLength(x) === 0) return NaN;
      const r = nanvar(x, opts);
      return name === "std" ? unaryUfunc("sqrt", r) : r;
    }
    case "median": {
      if (colLength(x) === 0) return NaN;
      const keep: number[] = [];
      const na = colIsNA(x);
      for (let i = 0; i < colLength(x); i++) if (!na[i]) keep.push(numAt(x, i));
      if ((!opts.skipna && keep.length < colLength(x)) || keep.length === 0) return scalar(NaN, "float64");
      const arr = new NDArray(Float64Array.from(keep), [keep.length], "float64");
      return R.median(arr);
    }
    case "any":
    case "all": {
      // missing values are False for any() when skipped, and count as true otherwise (NaN is truthy)
      const n = colLength(x);
      let r = name === "all";
      for (let i = 0; i < n; i++) {
        const v = numAt(x, i);
        const truth = v !== v ? name === "all" || !opts.skipna : v !== 0;
        if (name === "any" && truth) r = true;
        if (name === "all" && !truth) r = false;
      }
      return scalar(r ? 1 : 0, "bool");
    }
  }
}

/** pandas' `nanvar`: two passes in float64, the result in the column's float dtype. */
function nanvar(x: NDArray, opts: ReduceOptions): NDArray {
  const isFloat = isFloatDType(x.dtype);
  const values = isFloat ? x : astype(x, "float64");
  const { values: v, count: n, anyNA } = filled(values, 0, opts.skipna);
  if (anyNA && !opts.skipna) return scalar(NaN, isFloat ? x.dtype : "float64");
  const countType: DType = isFloat ? x.dtype : "float64";
  let count = n;
  let d = n - opts.ddof;
  if (count <= opts.ddof) {
    count = NaN;
    d = NaN;
  }
  const avg = binaryUfunc("divide", R.sum(v, null, "float64") as NDArray, scalar(count, countType));
  const diff = binaryUfunc("subtract", avg, v);
  const sq = binaryUfunc("power", diff, 2);
  // squares of the missing rows do not count
  const na = colIsNA(values);
  const sqv = sq.values();
  const kept = allocate(sq.dtype, sqv.length);
  for (let i = 0; i < sqv.length; i++) kept[i] = na[i] ? 0 : sqv[i];
  const total = R.sum(new NDArray(kept, [sqv.length], sq.dtype), null, "float64") as NDArray;
  const result = binaryUfunc("divide", total, scalar(d, countType));
  return isFloat && result.dtype !== x.dtype ? astype(result, x.dtype) : result;
}

/**
 * Reductions of a datetime64/timedelta64 column, as pandas computes them on the int64 nanoseconds: min and max
 * exactly, timedelta sums in int64, mean/median/std in float64 (numpy's sums) truncated back to nanoseconds.
 */
function timeReduce(c: DatetimeArray | TimedeltaArray, name: ReductionName, opts: ReduceOptions): unknown {
  const isDt = c instanceof DatetimeArray;
  const box = (v: bigint): unknown => (isDt ? boxTimestamp(v, (c as DatetimeArray).tz) : boxTimedelta(v));
  const present = Array.from(c.data).filter((v) => v !== NAT);
  const anyNaT = present.length < c.length;
  const unsupported = () => pyError("TypeError", `'${isDt ? "DatetimeArray" : "TimedeltaArray"}' with dtype ${c.dtype} does not support reduction '${name}'`);
  switch (name) {
    case "min":
    case "max": {
      if (present.length === 0 || (anyNaT && !opts.skipna)) return NaT;
      let best = present[0];
      for (const v of present) if (name === "max" ? v > best : v < best) best = v;
      return box(best);
    }
    case "sum":
    case "mean":
    case "median":
    case "std": {
      // pandas sums durations in float64 too (and datetimes not at all)
      if (name === "sum" && isDt) throw unsupported();
      if (anyNaT && !opts.skipna) return NaT;
      const floats = numericColumn("float64", Array.from(c.data, (v) => (v === NAT ? NaN : Number(v))));
      const r = colReduce(floats, name, opts);
      const x = numberOf(r);
      if (x === undefined || x !== x) return NaT;
      // std is a duration also for datetimes
      return name === "std" ? boxTimedelta(BigInt(Math.trunc(x))) : box(BigInt(Math.trunc(x)));
    }
    case "any":
    case "all":
      // NaT is truthy in pandas' reductions (it is int64's minimum)
      return name === "any" ? c.length > 0 && (present.some((v) => v !== 0n) || anyNaT) : !present.some((v) => v === 0n);
    default:
      throw unsupported();
  }
}

/**
 * Reductions of an object column as numpy reduces object arrays after pandas filled the missing values (0 for sums,
 * -inf/+inf for max/min): Python's + left to right, max keeping `a if a >= b else b`.
 */
function objectReduce(c: ObjectArray, name: ReductionName, opts: ReduceOptions): unknown {
  const fillFor = name === "sum" ? 0 : name === "max" ? -Infinity : name === "min" ? Infinity : null;
  const items = opts.skipna && fillFor !== null ? c.items.map((v) => (isNA(v) ? fillFor : v)) : c.items;
  switch (name) {
    case "sum": {
      if (items.length === 0) return 0;
      let acc: unknown = items[0];
      for (let i = 1; i < items.length; i++) acc = add(acc, items[i]);
      return acc;
    }
    case "max":
    case "min": {
      if (items.length === 0) return NaN;
      let best = items[0];
      for (let i = 1; i < items.length; i++) if (!compare(name === "max" ? ">=" : "<=", best, items[i])) best = items[i];
      return best;
    }
    case "any":
      return items.some((v) => v !== "" && v !== 0 && v !== false && !(v instanceof WeakFloat && v.value === 0));
    case "all":
      return items.every((v) => v !== "" && v !== 0 && v !== false && !(v instanceof WeakFloat && v.value === 0));
    default:
      throw pyError("TypeError", `could not compute ${name} of a column of Python objects (strings)`);
  }
}
