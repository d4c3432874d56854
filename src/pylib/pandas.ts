// The pandas names translated code may use (see types.ts): constructors and module functions of pandas 1.5.3, all
// implemented by src/runtime/pandas/api.ts (docs/pandas.md lists what each supports). Methods and attributes of the
// objects they return are not listed here: the runtime objects answer them themselves (py.callMethod, py.getattr).
import type { LibraryFunction, LibraryTable } from "./types.ts";

const MODULE = "pandas/api";

const fn = (name: string, params: readonly string[]): LibraryFunction => ({ kind: "function", module: MODULE, name, params, pure: true });

const DATAFRAME = fn("DataFrame", ["data", "index", "columns", "dtype", "copy"]);
const SERIES = fn("Series", ["data", "index", "dtype", "name", "copy"]);
const INDEX = fn("Index", ["data", "dtype", "copy", "name"]);
const CATEGORICAL = fn("Categorical", ["values", "categories", "ordered", "dtype", "fastpath"]);
const FROM_DICT = fn("DataFrame_from_dict", ["data", "orient", "dtype", "columns"]);
const FROM_RECORDS = fn("DataFrame_from_records", ["data", "index", "exclude", "columns"]);
const GET_DUMMIES = fn("get_dummies", ["data", "prefix", "prefix_sep", "dummy_na", "columns", "sparse", "drop_first", "dtype"]);
const JSON_NORMALIZE = fn("json_normalize", ["data", "record_path", "meta", "meta_prefix", "record_prefix", "errors", "sep", "max_level"]);
const CUT = fn("cut", ["x", "bins", "right", "labels", "retbins", "precision", "include_lowest", "duplicates", "ordered"]);
const CONCAT = fn("concat", ["objs", "axis", "join", "ignore_index", "keys", "levels", "names", "verify_integrity", "sort", "copy"]);
const TO_NUMERIC = fn("to_numeric", ["arg", "errors", "downcast"]);
const ISNA = fn("isna", ["obj"]);
const NOTNA = fn("notna", ["obj"]);
const TO_DATETIME = fn("to_datetime", ["arg", "errors", "dayfirst", "yearfirst", "utc", "format", "exact", "unit", "infer_datetime_format", "origin", "cache"]);
const TO_TIMEDELTA = fn("to_timedelta", ["arg", "unit", "errors"]);
const TIMESTAMP = fn("Timestamp", ["ts_input", "freq", "tz", "unit", "year", "month", "day", "hour", "minute", "second", "microsecond", "nanosecond", "tzinfo"]);
const TIMEDELTA = fn("Timedelta", ["value", "unit", "days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks", "nanoseconds"]);

export const PANDAS: LibraryTable = {
  "pandas.DataFrame": DATAFRAME,
  "pandas.core.frame.DataFrame": DATAFRAME,
  "pandas.DataFrame.from_dict": FROM_DICT,
  "pandas.DataFrame.from_records": FROM_RECORDS,
  "pandas.Series": SERIES,
  "pandas.core.series.Series": SERIES,
  "pandas.Index": INDEX,
  "pandas.get_dummies": GET_DUMMIES,
  "pandas.cut": CUT,
  "pandas.concat": CONCAT,
  "pandas.to_numeric": TO_NUMERIC,
  "pandas.isna": ISNA,
  "pandas.isnull": ISNA,
  "pandas.notna": NOTNA,
  "pandas.notnull": NOTNA,
  "pandas.to_datetime": TO_DATETIME,
  "pandas.core.tools.datetimes.to_datetime": TO_DATETIME,
  "pandas.to_timedelta": TO_TIMEDELTA,
  "pandas.Timestamp": TIMESTAMP,
  "pandas._libs.tslibs.timestamps.Timestamp": TIMESTAMP,
  "pandas.Timedelta": TIMEDELTA,
  "pandas._libs.tslibs.timedeltas.Timedelta": TIMEDELTA,
  "pandas.NaT": { kind: "value", module: MODULE, name: "NaT" },
  "pandas.Categorical": CATEGORICAL,
  "pandas.json_normalize": JSON_NORMALIZE,
  "pandas.io.json.json_normalize": JSON_NORMALIZE,
};
