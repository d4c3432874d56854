#!/usr/bin/env python3
"""Runs every case of pandas_cases.py with real pandas and writes fixtures/pandas.json.

Run with Debian's Python (pandas 1.5.3, numpy 1.24): /usr/bin/python3 test/runtime/pandas/gen_pandas_cases.py

Display options are set as Jupyter has them (max_columns 20, width 80), so reprs are what a notebook shows.

Values are written in the tagged JSON of test/parity/gen_parity.py, plus:
  DataFrame -> {"frame": {"columns": [...], "columns_type": "Index", "index": [...], "index_type": "RangeIndex",
                "dtypes": ["int64", ...], "data": [[column values], ...]}}
  Series -> {"series": {"name": ..., "dtype": "float64", "index": [...], "index_type": ..., "values": [...]}}
  Index -> {"pdindex": {"type": "Int64Index", "dtype": "int64", "values": [...], "name": ...}}
  numpy dtype -> {"dtype": "float64"}
  numpy object array -> {"objnd": nested list} (recorded for the documentation; the runtime has no object arrays)
  pd.Timestamp -> {"ts": "<int64 nanoseconds>", "tz": str(tz) or None}; pd.Timedelta -> {"td": "<nanoseconds>"};
  pd.NaT -> {"nat": true}; datetime.date -> {"date": [y, m, d]}; a datetime64/timedelta64 column's values are
  {"ns": "<nanoseconds>"} or {"nat": true}; a zone (`t.dt.tz`, `ts.tz`) -> {"tzinfo": str(tz)}
  datetime.datetime (mixed offsets) -> {"datetime": isoformat}, pd.NA -> {"pdna": true}, for refused calls only
  an int beyond 2**53 (NaT's int64 nanoseconds, `.astype("int64")` of times) -> {"int": "<decimal digits>"}, exactly
A call wrapped in Refused(...) in pandas_cases.py is one nb2svc refuses on purpose (docs/pandas.md says why): the
fixture keeps pandas' result and adds {"refused": {"type": ..., "match": ...}}, the error the runtime must raise.
Column and Series values are the Python objects pandas holds: tolist() for numeric dtypes, the items themselves
(numpy scalars included) for object dtype. An exception becomes {"raises": "KeyError", "message": str(e)}.
"""
import copy
import datetime
import json
import math
import os
import platform
import sys
import warnings

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pandas_cases import CASES, Refused  # noqa: E402
import pandas_datetime_cases  # noqa: E402,F401 - registers the date and time cases in CASES

pd.set_option("display.max_columns", 20)
pd.set_option("display.width", 80)


def num(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def enc_items(values, dtype):
    if dtype == object:
        return [enc(v) for v in values]
    if getattr(dtype, "kind", "") in "mM":
        return [{"nat": True} if v is pd.NaT else {"ns": str(v.value)} for v in pd.Series(values, dtype=dtype)]
    return [enc(v) for v in values.tolist()]


def column_values(s):
    """A column's values: numpy's for numbers and objects, pandas' own array for times (zones kept)."""
    return s.array if s.dtype.kind in "mM" else s.values


def enc_index(ix):
    return [enc(v) for v in ix.tolist()]


def enc(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if v is pd.NaT:
        return {"nat": True}
    if isinstance(v, pd.Timestamp):
        return {"ts": str(v.value), "tz": None if v.tz is None else str(v.tz)}
    if isinstance(v, pd.Timedelta):
        return {"td": str(v.value)}
    if isinstance(v, datetime.date) and not isinstance(v, datetime.datetime):
        return {"date": [v.year, v.month, v.day]}
    # recorded for the documentation of refused calls (the runtime has neither)
    if isinstance(v, datetime.datetime):
        return {"datetime": v.isoformat()}
    if v is pd.NA:
        return {"pdna": True}
    if isinstance(v, pd.DataFrame):
        return {"frame": {
            "columns": enc_index(v.columns),
            "columns_type": type(v.columns).__name__,
            "index": enc_index(v.index),
            "index_type": type(v.index).__name__,
            "dtypes": [str(d) for d in v.dtypes],
            "data": [enc_items(column_values(v.iloc[:, j]), v.dtypes.iloc[j]) for j in range(v.shape[1])],
        }}
    if isinstance(v, pd.Series):
        return {"series": {
            "name": enc(v.name),
            "dtype": str(v.dtype),
            "index": enc_index(v.index),
            "index_type": type(v.index).__name__,
            "values": enc_items(column_values(v), v.dtype),
        }}
    if isinstance(v, pd.Index):
        return {"pdindex": {"type": type(v).__name__, "dtype": str(v.dtype), "values": enc_index(v), "name": enc(v.name)}}
    if isinstance(v, (np.dtype, pd.api.extensions.ExtensionDtype)):
        return {"dtype": str(v)}
    if isinstance(v, np.ndarray):
        if v.dtype == object:
            return {"objnd": [enc(x) for x in v.tolist()]}
        flat = [enc_scalar(x) for x in v.reshape(-1).tolist()]
        return {"nd": nest(flat, list(v.shape)), "dtype": str(v.dtype), "shape": list(v.shape)}
    if isinstance(v, np.generic):
        return {"np": enc_scalar(v.item()), "dtype": str(v.dtype)}
    if isinstance(v, datetime.tzinfo):
        return {"tzinfo": str(v)}
    if isinstance(v, int):
        return enc_int(v)
    if isinstance(v, float):
        return {"f": num(v)}
    if isinstance(v, list):
        return [enc(x) for x in v]
    if isinstance(v, tuple):
        return {"tuple": [enc(x) for x in v]}
    if isinstance(v, dict):
        return {"dict": [[enc(k), enc(x)] for k, x in v.items()]}
    raise TypeError(f"cannot encode {type(v).__name__}")


def enc_int(v):
    # JSON numbers are doubles: larger ints are written as their digits so the comparison stays exact
    return {"int": str(v)} if abs(v) > 2**53 else v


def enc_scalar(x):
    if isinstance(x, float):
        return num(x)
    if isinstance(x, int) and not isinstance(x, bool):
        return enc_int(x)
    return x


def nest(flat, shape):
    if not shape:
        return flat[0]
    if len(shape) == 1:
        return flat
    step = int(np.prod(shape[1:])) if shape[1:] else 1
    return [nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def run():
    out = []
    for c in CASES:
        ns = {"__name__": "case"}
        exec(compile(c["source"], c["name"], "exec"), ns)
        calls = []
        for spec in c["calls"]:
            refused = spec if isinstance(spec, Refused) else None
            args = refused.args if refused else spec
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    value = ns["f"](*copy.deepcopy(args))
                    call = {"args": [enc(a) for a in args], "value": enc(value)}
                except Exception as e:  # noqa: BLE001 - the exception is the expected result
                    call = {"args": [enc(a) for a in args], "raises": type(e).__name__, "message": str(e)}
            if refused:
                call["refused"] = {"type": refused.error, "match": refused.match}
            calls.append(call)
        out.append({"area": c["area"], "name": c["name"], "source": c["source"], "calls": calls})
    return out


if __name__ == "__main__":
    cases = run()
    names = [c["name"] for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise SystemExit(f"duplicate case names: {sorted(dup)}")
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(os.path.join(here, "fixtures"), exist_ok=True)
    meta = {"python": platform.python_version(), "pandas": pd.__version__, "numpy": np.__version__}
    with open(os.path.join(here, "fixtures", "pandas.json"), "w") as fh:
        json.dump({"meta": meta, "cases": cases}, fh, indent=1, ensure_ascii=False, allow_nan=False)
        fh.write("\n")
    n_calls = sum(len(c["calls"]) for c in cases)
    n_raise = sum(1 for c in cases for k in c["calls"] if "raises" in k)
    print(f"{len(cases)} cases, {n_calls} calls ({n_raise} raising) -> fixtures/pandas.json")
