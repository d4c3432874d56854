# The pandas corpus: notebook-style inference code (a request record becomes a frame, then selection, conversion,
# missing values, mappings, one-hot encoding aligned to training columns, derived columns, the model's array).
# gen_pandas_cases.py runs each with real pandas 1.5.3 and records the results; pandas-parity.test.ts translates each
# case with nb2svc and checks that the TypeScript gives the same results. Every case's entry function is `f`.
CASES = []


class Refused:
    """A call nb2svc refuses on purpose (docs/pandas.md): the runtime must raise `error` with `match` in its message."""

    def __init__(self, args, error, match):
        self.args = list(args)
        self.error = error
        self.match = match


def case(area, name, source, *calls):
    CASES.append({"area": area, "name": name, "source": source.strip("\n") + "\n",
                  "calls": [c if isinstance(c, Refused) else list(c) for c in calls]})


NAN = float("nan")
REC = {"age": 42, "income": 52000.5, "plan": "pro", "city": "Lyon", "member": True}
REC_MISSING = {"age": 31, "plan": "basic", "member": False}
REC_NONE = {"age": None, "income": 18000.0, "plan": None, "city": "Köln", "member": True}
REC_UNSEEN = {"age": 67, "income": 0.0, "plan": "enterprise", "city": "São Paulo", "member": False}
RECORDS = [REC, REC_MISSING, REC_NONE]

# ---------------------------------------------------------------------------------------------------------------
# construction: records, dicts of lists, arrays; dtype inference
case("construct", "one record becomes a one-row frame", """
import pandas as pd
def f(record):
    return pd.DataFrame([record])
""", (REC,), (REC_MISSING,), (REC_NONE,), (REC_UNSEEN,))
case("construct", "records with missing keys and key order of first appearance", """
import pandas as pd
def f(records):
    return pd.DataFrame(records)
""", (RECORDS,), ([{"b": 1}, {"a": 2.5, "b": None}, {"c": "x"}],), ([{"a": 1}, {"a": "x"}],))
case("construct", "ints with None become float64", """
import pandas as pd
def f(values):
    return pd.DataFrame({"x": values})
""", ([1, 2, None],), ([1, 2, 3],), ([True, None],), ([None, None],), (["a", None, NAN],), ([1, 2.5],), ([1, True],))
case("construct", "dict of columns with scalars and lists", """
import pandas as pd
def f(n):
    return pd.DataFrame({"a": list(range(n)), "b": 1.5, "c": "k"})
""", (3,), (1,))
case("construct", "all scalars need an index", """
import pandas as pd
def f(x):
    return pd.DataFrame({"a": x, "b": 2})
""", (1,))
case("construct", "columns of different lengths", """
import pandas as pd
def f(a, b):
    return pd.DataFrame({"a": a, "b": b})
""", ([1, 2], [1]), ([1], [2]))
case("construct", "frame from a 2-d array with column names", """
import numpy as np
import pandas as pd
def f(rows):
    arr = np.array(rows, dtype=np.float32)
    return pd.DataFrame(arr, columns=["x", "y"])
""", ([[1, 2], [3.5, 4]],), ([[1, 2, 3]],))
case("construct", "frame from rows with columns", """
import pandas as pd
def f(rows):
    return pd.DataFrame(rows, columns=["n", "s"])
""", ([[1, "a"], [2, "b"]],), ([(1, "x"), (2, None)],), ([[1, 2, 3]],))
case("construct", "records with a columns argument", """
import pandas as pd
COLUMNS = ["age", "income", "plan"]
def f(record):
    return pd.DataFrame([record], columns=COLUMNS)
""", (REC,), (REC_MISSING,))
case("construct", "records with an index", """
import pandas as pd
def f(record, i):
    return pd.DataFrame([record], index=[i])
""", (REC, 7), (REC, "req-1"))
case("construct", "series from a list and a dict", """
import pandas as pd
def f(values):
    a = pd.Series(values, name="v")
    b = pd.Series({"x": 1, "y": 2.5})
    return a, b
""", ([1, 2, 3],), ([1.5, None],), (["é", "ü"],), ([],))
case("construct", "series with an explicit dtype and index", """
import pandas as pd
def f(values):
    return pd.Series(values, index=["a", "b"], dtype=float)
""", ([1, 2],), ([1, 2, 3],))
case("construct", "series from a scalar", """
import pandas as pd
def f(v):
    return pd.Series(v, index=["a", "b", "c"], name="k")
""", (5,), ("s",), (2.5,))
case("construct", "from_dict with orient index", """
import pandas as pd
def f(d):
    return pd.DataFrame.from_dict(d, orient="index")
""", ({"r1": {"a": 1, "b": 2}, "r2": {"a": 3}},))

# ---------------------------------------------------------------------------------------------------------------
# selection
case("select", "a column is a Series named by its label", """
import pandas as pd
def f(record, col):
    df = pd.DataFrame([record])
    return df[col]
""", (REC, "income"), (REC, "plan"), (REC, "zip"))
case("select", "several columns keep the requested order", """
import pandas as pd
FEATURES = ["income", "age", "member"]
def f(record):
    df = pd.DataFrame([record])
    return df[FEATURES]
""", (REC,), (REC_MISSING,))
case("select", "missing columns in a list", """
import pandas as pd
def f(cols):
    df = pd.DataFrame({"a": [1, 2], "b": [3.5, 4]})
    return df[cols]
""", (["a", "c"],), (["x", "y"],), (["b", "a", "b"],), ([],))
case("select", "loc with all rows and a column list", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    return df.loc[:, ["age", "plan"]]
""", (REC,), ({"age": 1},))
case("select", "iloc rows and column slices", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df.iloc[0], df.iloc[[0]], df.iloc[:, 1:3], df.iloc[-1, 0], df.iloc[0:2, [0, 2]]
""", (RECORDS,))
case("select", "iloc out of bounds", """
import pandas as pd
def f(i):
    df = pd.DataFrame({"a": [1, 2]})
    return df.iloc[i]
""", (1,), (2,), (-3,))
case("select", "iloc list out of bounds", """
import pandas as pd
def f(rows):
    df = pd.DataFrame({"a": [1, 2]})
    return df.iloc[rows]
""", ([0, 1],), ([0, 5],))
case("select", "boolean masks", """
import pandas as pd
def f(threshold):
    df = pd.DataFrame({"a": [1, 5, 3], "b": ["x", "y", "z"]})
    return df[df["a"] > threshold], df.loc[df["a"] >= threshold, "b"], df[df["b"] != "y"]["a"]
""", (2,), (10,))
case("select", "mask of the wrong length", """
import pandas as pd
def f(mask):
    df = pd.DataFrame({"a": [1, 2]})
    return df[mask]
""", ([True, False, True],), ([False, True],))
case("select", "shape, len, columns, index and dtypes", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df.shape, len(df), list(df.columns), df.columns, df.index, df.dtypes
""", (RECORDS,), ([REC],))
case("select", "head, tail and copy", """
import pandas as pd
def f(n):
    df = pd.DataFrame({"a": list(range(8)), "b": [x * 0.5 for x in range(8)]})
    c = df.copy()
    c["a"] = 0
    return df.head(n), df.tail(n), df.head(), c["a"].sum(), df["a"].sum()
""", (2,), (-3,), (20,))
case("select", "loc by row label and scalar access", """
import pandas as pd
def f(label):
    df = pd.DataFrame({"a": [1, 2], "b": [3.5, 4.0]}, index=["r1", "r2"])
    return df.loc[label], df.loc[label, "b"], df.at[label, "a"], df.iat[0, 1]
""", ("r2",), ("r9",))
case("select", "series indexing by label and position", """
import pandas as pd
def f(key):
    s = pd.Series([10, 20, 30], index=["a", "b", "c"])
    return s[key]
""", ("b",), (0,), (-1,), (["c", "a"],), (["a", "z"],), ("z",), (5,))
case("select", "series with an int index is label-based", """
import pandas as pd
def f(key):
    s = pd.Series([10, 20, 30], index=[3, 4, 5])
    return s[key]
""", (4,), (0,), ([5, 3],))
case("select", "column attribute, in and iteration", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    return df.age, "plan" in df, "zip" in df, [c for c in df], list(df["age"])
""", (REC,))
case("select", "transpose of a one-row frame", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    return df[["age", "income"]].T, df.T
""", (REC,))

# ---------------------------------------------------------------------------------------------------------------
# conversion to the model's array
case("convert", "values of a numeric frame", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df[["age", "income"]].values
""", ([{"age": 1, "income": 2.5}, {"age": 3, "income": 4.0}],), ([{"age": 1, "income": 2}],), ([{"age": None, "income": 1.0}, {"age": 2, "income": 1.0}],),
     Refused(([{"age": None, "income": 1.0}],), "TypeError", "column 'age' has object dtype"))
case("convert", "to_numpy with a dtype", """
import numpy as np
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    return df[["age", "income", "member"]].to_numpy(dtype=np.float32)
""", (REC,), (REC_NONE,))
case("convert", "np.asarray and np.array of a frame", """
import numpy as np
import pandas as pd
def f(record):
    df = pd.DataFrame([record])[["age", "income"]]
    return np.asarray(df), np.array(df, dtype=np.float32), np.asarray(df["age"]), df.values.astype(np.float32)
""", (REC,), ({"age": 3, "income": 7},))
case("convert", "bool with ints is object in pandas", """
import numpy as np
import pandas as pd
def f(record):
    df = pd.DataFrame([record])[["age", "member"]]
    return np.asarray(df, dtype=np.float64), df.to_numpy(dtype=float)
""", (REC,))
case("convert", "a frame with strings has no numeric array", """
import numpy as np
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    return df.to_numpy(dtype=np.float32)
""", (REC,), ({"a": "1.5", "b": 2},))
case("convert", "astype with a dtype and a mapping", """
import numpy as np
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    a = df[["age", "income"]].astype(np.float32)
    b = df.astype({"age": float, "member": int})
    c = df[["age"]].astype(str)
    return a, b, c
""", (REC,), ({"age": 3, "income": 2, "member": False},))
case("convert", "astype of missing values to int", """
import pandas as pd
def f(values):
    return pd.Series(values).astype(int)
""", ([1.7, -1.2],), ([1.0, None],), (["3", "4"],), (["3.5"],))
case("convert", "astype to str and bool", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.astype(str), s.astype(bool)
""", ([1.0, 2.5, None],), ([0, 3],), (["a", "", None],))
case("convert", "unknown columns in an astype mapping", """
import pandas as pd
def f(col):
    return pd.DataFrame({"a": [1]}).astype({col: float})
""", ("zz",), ("a",))
case("convert", "category dtype is refused", """
import pandas as pd
def f(values):
    return pd.Series(values).astype("category")
""", Refused((["a", "b"],), "TypeError", "categorical columns are not supported"))
case("convert", "tolist, to_dict and item", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df["age"].tolist(), df.to_dict(), df.to_dict(orient="records"), df.to_dict("list"), df["age"].head(1).item()
""", (RECORDS,), ([{"a": 1.0}],))
case("convert", "item of several values", """
import pandas as pd
def f(values):
    return pd.Series(values).item()
""", ([1, 2],), ([2.5],))
