// pandas runtime, missing values in one column: `fillna` (numeric columns widen to hold the value, object columns are
// re-inferred afterwards, as pandas' Block.fillna does) and setting values at positions with pandas' upcasting.
import { castValue, DTYPE_INFO, NDArray, allocate } from "../ndarray.ts";
import { colIsNA, colItems, colLength, DatetimeArray, inferColumn, isTimeArray, numAt, ObjectArray, type Column } from "./column.ts";
import { isIntDType, isNumericDType, promoteForFill, type PdDType } from "./dtypes.ts";
import { datetimeNs, timedeltaNs } from "./timescalars.ts";
import { numberOf, scalarKind } from "./values.ts";

/** `fillna(value)` of one column (`value` a scalar, or per row when `perRow` is given). */
export function colFillna(c: Column, value: unknown, perRow?: readonly unknown[]): Column {
  const na = colIsNA(c);
  const positions: number[] = [];
  for (let i = 0; i < na.length; i++) if (na[i] && !(perRow && isMissingFill(perRow[i]))) positions.push(i);
  if (positions.length === 0) return c;
  const values = positions.map((i) => (perRow ? perRow[i] : value));
  const out = colSet(c, positions, values);
  // pandas re-infers object columns after filling (`Block._maybe_downcast` -> `convert`)
  return c instanceof ObjectArray ? inferColumn(colItems(out), "object") : out;
}

const isMissingFill = (v: unknown): boolean => v === undefined || (typeof v === "number" && v !== v) || v === null;

/** Whether a column of `dtype` holds `v` without changing dtype (pandas' `can_hold_element`). */
function canHold(dtype: PdDType, v: unknown): boolean {
  if (dtype === "object") return true;
  if (!isNumericDType(dtype)) return promoteForFill(dtype, v) === dtype;
  const kind = scalarKind(v);
  if (dtype === "bool") return kind === "bool";
  if (isIntDType(dtype)) {
    if (kind !== "int" && kind !== "float") return false;
    const n = numberOf(v)!;
    // an integral float fits an int column (numpy stores it exactly)
    return Number.isInteger(n) && n >= DTYPE_INFO[dtype].min && n <= DTYPE_INFO[dtype].max;
  }
  return kind === "int" || kind === "float";
}

/**
 * The column with `values[k]` at `positions[k]`, widened as pandas widens on assignment (`coerce_to_target_dtype`):
 * a float into an int column gives float64, a str or a bool into a numeric column gives object.
 */
export function colSet(c: Column, positions: readonly number[], values: readonly unknown[]): Column {
  let dtype: PdDType = c.dtype;
  for (const v of values) if (!canHold(dtype, v)) dtype = promoteForFill(dtype, v);
  const n = colLength(c);
  if (isTimeArray(c) && dtype === c.dtype) {
    const out = c.copy();
    const nsOf = c instanceof DatetimeArray ? datetimeNs : timedeltaNs;
    positions.forEach((p, k) => (out.data[p] = nsOf(values[k])!));
    return out;
  }
  if (!isNumericDType(dtype) || !(c instanceof NDArray)) {
    const items = colItems(c);
    positions.forEach((p, k) => (items[p] = values[k]));
    return new ObjectArray(items);
  }
  const out = allocate(dtype, n);
  const src = c;
  for (let i = 0; i < n; i++) out[i] = castValue(numAt(src, i), src.dtype, dtype);
  positions.forEach((p, k) => {
    const v = values[k];
    out[p] = v === null || v === undefined ? NaN : castValue(numberOf(v)!, "float64", dtype as typeof src.dtype);
  });
  return new NDArray(out, [n], dtype);
}
