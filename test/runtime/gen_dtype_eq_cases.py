"""Writes fixtures/dtype_eq.json: numpy 1.24's `a.dtype == other` and `!=` for the dtypes and spellings notebooks use
(np.float32, "float32", "f4", np.dtype("float32")), for np-dtype-eq.test.ts. Run with /usr/bin/python3."""
import json
import os

import numpy as np

TYPES = ["float32", "float64", "int64", "int32", "int16", "int8", "uint8", "bool_"]
STRINGS = ["float32", "f4", "<f4", "single", "float", "float64", "f8", "double", "int64", "i8", "int", "int32", "i4", "uint8", "u1", "bool", "?"]
DTYPES = ["float32", "float64", "int64", "uint8"]
rights = [{"type": t} for t in TYPES] + [{"str": s} for s in STRINGS] + [{"dtype": d} for d in DTYPES]


def value(spec):
    if "type" in spec:
        return getattr(np, spec["type"])
    if "str" in spec:
        return spec["str"]
    return np.dtype(spec["dtype"])


cases = []
for left in ["float32", "float64", "int64", "int32", "int16", "int8", "uint8", "bool"]:
    d = np.zeros(2, dtype=left).dtype
    for r in rights:
        v = value(r)
        cases.append({"left": left, "right": r, "eq": bool(d == v), "ne": bool(d != v)})
        # the other way round: numpy's reflected comparison gives the same answer
        cases.append({"left": left, "right": r, "eq": bool(v == d), "ne": bool(v != d), "reflected": True})
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "dtype_eq.json")
with open(out, "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f)
    f.write("\n")
