// pandas runtime, dtypes: the column dtypes the runtime holds (numpy's numeric ones and "object"), dtype arguments as
// notebooks spell them (`float`, `"float32"`, `np.uint8`, `str`), and pandas' common type of several columns
// (`.values`, a row of a mixed frame, concatenation), which differs from numpy's in keeping bool apart.
import { pyError } from "../core.ts";
import { DTYPE_INFO, isDType, NDArray, type DType } from "../ndarray.ts";
import { promote, toDType } from "../np-base.ts";
import { bool as pyBool, float as pyFloat, int as pyInt } from "../py-builtins.ts";
import { str as pyStr } from "../pyformat.ts";
import { datetimeDType, isTimeDType, type TimeDType } from "./timearrays.ts";
import { NaTType, Timedelta, Timestamp } from "./timescalars.ts";
import { numberOf, scalarKind } from "./values.ts";

/** A column's dtype: a numeric numpy dtype, object (Python values: str, None, mixed types), or a time dtype. */
export type PdDType = DType | "object" | TimeDType;

/** What `astype` and `to_numpy(dtype=)` convert to: a dtype, or `str` (object column of Python strings). */
export type DTypeTarget = PdDType | "str" | `timedelta64[${"W" | "D" | "h" | "m" | "s" | "ms" | "us"}]`;

export const isNumericDType = (d: PdDType): d is DType => d !== "object" && !isTimeDType(d);
export { isTimeDType };
export const isFloatDType = (d: PdDType): boolean => d === "float64" || d === "float32";
export const isIntDType = (d: PdDType): boolean => isNumericDType(d) && (DTYPE_INFO[d].kind === "i" || DTYPE_INFO[d].kind === "u");

const OBJECT_NAMES = new Set(["object", "O", "|O", "object_"]);
const STR_NAMES = new Set(["str", "<U", "U", "unicode", "str_"]);
/** dtypes pandas has and the runtime deliberately does not: refused with what to do instead. */
const REFUSED: Readonly<Record<string, string>> = {
  category: "categorical columns are not supported by nb2svc's pandas runtime; map categories to codes with a dict (`.map({...})`) or use pd.get_dummies",
  string: "pandas' nullable string dtype is not supported by nb2svc's pandas runtime; use astype(str)",
  Int64: "pandas' nullable integer dtypes are not supported by nb2svc's pandas runtime; fill missing values, then astype(int)",
  Int32: "pandas' nullable integer dtypes are not supported by nb2svc's pandas runtime; fill missing values, then astype(int)",
  Float64: "pandas' nullable float dtypes are not supported by nb2svc's pandas runtime; use float",
  boolean: "pandas' nullable boolean dtype is not supported by nb2svc's pandas runtime; use bool",
};

/** A dtype argument (`"float32"`, `float`, `np.float32` as translated, `str`, `"object"`) as a target. */
export function dtypeArg(x: unknown): DTypeTarget {
  if (x === pyFloat) return "float64";
  if (x === pyInt) return "int64";
  if (x === pyBool) return "bool";
  if (x === pyStr) return "str";
  if (typeof x === "string") {
    if (OBJECT_NAMES.has(x)) return "object";
    if (STR_NAMES.has(x)) return "str";
    if (x in REFUSED) throw pyError("TypeError", `dtype '${x}': ${REFUSED[x]}`);
    const t = timeDTypeArg(x);
    if (t !== null) return t;
  }
  if (isDType(x)) return x;
  let d: DType | null = null;
  try {
    d = toDType(x);
  } catch {
    d = null;
  }
  if (d !== null) return d;
  throw pyError("TypeError", `data type ${typeof x === "string" ? `'${x}'` : pyStr(x)} not understood`);
}

/**
 * A datetime64/timedelta64 dtype as notebooks spell it: pandas keeps nanoseconds whatever unit is asked for
 * (`"datetime64[s]"` gives datetime64[ns] in pandas 1.5); zones other than UTC and fixed offsets are refused.
 */
function timeDTypeArg(x: string): TimeDType | TdUnitDType | null {
  const m = /^(?:datetime64|<M8|M8|>M8)(?:\[(\w+)(?:,\s*(.+))?\])?$/.exec(x);
  if (m) {
    if (m[2] === undefined) return "datetime64[ns]";
    if (m[2] === "UTC" || m[2] === "utc") return datetimeDType({ minutes: 0, name: "UTC" });
    throw pyError("NotImplementedError", `dtype '${x}': only naive and UTC datetime64 dtypes are supported by nb2svc's pandas runtime`);
  }
  if (/^(?:timedelta64|<m8|m8|>m8)(?:\[ns\])?$/.test(x)) return "timedelta64[ns]";
  const u = /^(?:timedelta64|<m8|m8|>m8)\[(W|D|h|m|s|ms|us)\]$/.exec(x);
  if (u) return `timedelta64[${u[1] as TdUnit}]`;
  if (/^(?:timedelta64|<m8|m8|>m8)\[\w+\]$/.test(x)) throw pyError("TypeError", `data type '${x}' not understood`);
  return null;
}

/** The units a timedelta64 column casts to as float counts (`td.astype("timedelta64[h]")`). */
export type TdUnit = "W" | "D" | "h" | "m" | "s" | "ms" | "us";
export type TdUnitDType = `timedelta64[${TdUnit}]`;

/**
 * pandas' `find_common_type`: numpy's promotion, except that bool never mixes with numbers (object instead) and
 * object absorbs everything.
 */
export function commonDType(dtypes: readonly PdDType[]): PdDType {
  if (dtypes.length === 0) return "float64";
  const first = dtypes[0];
  if (dtypes.every((d) => d === first)) return first;
  if (dtypes.includes("object") || dtypes.some(isTimeDType)) return "object";
  const hasBool = dtypes.includes("bool");
  if (hasBool && dtypes.some((d) => d !== "bool")) return "object";
  let out = first as DType;
  for (const d of dtypes) out = promote(out, d as DType);
  return out;
}

/**
 * The dtype a column of `dtype` needs to hold `fill` where values are missing (pandas' `maybe_promote`): ints take
 * NaN as float64, bools take anything else as object, an int too large for its dtype widens it.
 */
export function promoteForFill(dtype: PdDType, fill: unknown): PdDType {
  if (dtype === "object") return "object";
  if (isTimeDType(dtype)) {
    // missing times are NaT; a time of the column's kind (and zone) fits, anything else makes it object
    if (fill === null || fill === undefined || fill instanceof NaTType || (scalarKind(fill) === "float" && Number.isNaN(numberOf(fill)))) return dtype;
    if (fill instanceof Timestamp && dtype === datetimeDType(fill.tz)) return dtype;
    if (fill instanceof Timedelta && dtype === "timedelta64[ns]") return dtype;
    return "object";
  }
  const kind = scalarKind(fill);
  if (kind === "none" || (kind === "float" && Number.isNaN(numberOf(fill)))) {
    if (dtype === "bool") return "object";
    return isFloatDType(dtype) ? dtype : "float64";
  }
  if (kind === "bool") return dtype === "bool" ? "bool" : "object";
  if (kind === "int" || kind === "float") {
    if (dtype === "bool") return "object";
    if (isFloatDType(dtype)) return dtype;
    if (kind === "float") return "float64";
    const f = numberOf(fill)!;
    const info = DTYPE_INFO[dtype];
    if (f >= info.min && f <= info.max) return dtype;
    // numpy's min_scalar_type of the fill value (uint64 is held as int64 here)
    const fits: DType =
      f < 0
        ? f >= -128 ? "int8" : f >= -32768 ? "int16" : f >= -2147483648 ? "int32" : "int64"
        : f <= 255 ? "uint8" : f <= 65535 ? "uint16" : f <= 4294967295 ? "uint32" : "int64";
    const wider = promote(dtype, fits);
    return DTYPE_INFO[wider].kind === "f" ? "object" : wider;
  }
  return "object";
}

/** The dtype pandas gives a new column filled with one scalar (`infer_dtype_from_scalar`). */
export function dtypeOfScalar(v: unknown): PdDType {
  if (v instanceof Timestamp) return datetimeDType(v.tz);
  if (v instanceof Timedelta) return "timedelta64[ns]";
  if (v instanceof NaTType) return "datetime64[ns]";
  const kind = scalarKind(v);
  if (kind === "bool") return "bool";
  if (kind === "int") return v instanceof NDArray ? (v.dtype as DType) : "int64";
  if (kind === "float") return v instanceof NDArray ? (v.dtype as DType) : "float64";
  return "object";
}
