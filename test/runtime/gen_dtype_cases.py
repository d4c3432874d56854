"""Writes fixtures/dtype_attrs.json: numpy's and pandas' dtype attributes (name, kind, char, itemsize, str, and str()
of the dtype) for arrays and Series built from the same Python values the test builds with the runtime.
Run with Debian's Python: /usr/bin/python3 test/runtime/gen_dtype_cases.py"""
import json
import os

import numpy as np
import pandas as pd

ATTRS = ["name", "kind", "char", "itemsize", "str"]
cases = []
for values, dtype in [
    ([1.5, 2.0], "float32"), ([1.5, 2.0], "float64"), ([1, 2], "int64"), ([1, 2], "int32"), ([1, 2], "int16"),
    ([1, 2], "int8"), ([1, 2], "uint8"), ([1, 2], "uint16"), ([1, 2], "uint32"), ([True, False], "bool"),
    (["ab", "cdefg"], None), (["x"], None), (["héllo", "a"], None),
]:
    a = np.array(values, dtype=dtype)
    d = a.dtype
    cases.append({"lib": "numpy", "values": values, "dtype": dtype, "str": str(d),
                  "attrs": {k: getattr(d, k) for k in ATTRS}})
for values, convert in [([1.5, 2.0], None), ([1, 2], None), ([True, False], None), (["a", "b"], None),
                        (["2020-01-01", "2021-06-30"], "datetime")]:
    s = pd.Series(values)
    if convert == "datetime":
        s = pd.to_datetime(s)
    d = s.dtype
    cases.append({"lib": "pandas", "values": values, "convert": convert, "str": str(d),
                  "attrs": {k: getattr(d, k) for k in ATTRS}})
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "fixtures", "dtype_attrs.json"), "w") as f:
    json.dump({"numpy": np.__version__, "pandas": pd.__version__, "cases": cases}, f, indent=1, ensure_ascii=False)
    f.write("\n")
