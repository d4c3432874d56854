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
case("construct", "from_dict of a record with orient index, transposed to one row", """
import pandas as pd
def f(record, cols):
    row = pd.DataFrame.from_dict(record, orient="index").T
    return row[cols].astype("float32")
""", ({"age": 52, "sex": 1, "bmi": 31.2}, ["bmi", "age"]), ({"age": 40, "plan": "pro", "bmi": None}, ["age"]))
case("construct", "from_dict with orient index of scalars and of lists", """
import pandas as pd
def f(d):
    return pd.DataFrame.from_dict(d, orient="index")
""", ({"a": 1, "b": 2.5, "c": None},), ({"a": "x", "b": True},), ({"r1": [1, 2], "r2": [3, 4]},))
NESTED = {"id": 7, "person": {"age": 45, "sex": "Female", "address": {"city": "Lyon", "zip": None}}, "job": {"hours": 50.5}, "tags": ["a", "b"], "extra": {}}
case("construct", "json_normalize flattens a nested record: own values first, nested ones depth first", """
import pandas as pd
def f(record):
    return pd.json_normalize(record)
""", (NESTED,), ({"a": 1},), ({"a": {"b": {"c": True}}, "d": "x"},))
case("construct", "json_normalize of records with other keys, a separator and short names", """
import pandas as pd
def f(records):
    flat = pd.json_normalize(records, sep="_")
    flat.columns = [c.split("_")[-1] for c in flat.columns]
    return flat
""", ([{"a": {"x": 1}}, {"a": {"y": 2.5}, "c": None}],), ([NESTED],), ([],))
case("construct", "json_normalize down to max_level", """
import pandas as pd
def f(record, level):
    return pd.json_normalize(record, max_level=level)
""", ({"a": {"x": 1, "y": {"z": 2}}, "b": 2}, 1), ({"a": {"x": 1}, "b": 2}, 0), ({"a": {"x": 1, "y": {"z": 2}}, "b": [1, 2]}, 5))
case("construct", "json_normalize of records nested in lists is refused", """
import pandas as pd
def f(record):
    return pd.json_normalize(record, record_path="items", meta=["id"])
""", Refused(({"id": 1, "items": [{"q": 2}, {"q": 3}]},), "TypeError", "json_normalize(record_path=...) is not supported"))

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
# (a literal astype("category") is refused when translating, at its line: test/translate/translate.test.ts)
case("convert", "category dtype is refused (a dtype the translation cannot see)", """
import pandas as pd
def f(values, dtype):
    return pd.Series(values).astype(dtype)
""", Refused((["a", "b"], "category"), "TypeError", "categorical columns are not supported"))
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

# ---------------------------------------------------------------------------------------------------------------
# missing values
case("missing", "fillna with a scalar", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df.fillna(0)
""", (RECORDS,), ([{"a": 1}, {"a": None}],), ([{"s": "x"}, {"s": None}],))
case("missing", "fillna with per-column defaults", """
import pandas as pd
DEFAULTS = {"age": 35, "income": 40000.0, "plan": "basic", "city": "unknown", "zip": "00000"}
def f(record):
    df = pd.DataFrame([record])
    return df.fillna(DEFAULTS)
""", (REC_MISSING,), (REC_NONE,), (REC,))
case("missing", "fillna of a column by its median-like constant", """
import pandas as pd
MEDIAN_AGE = 38.5
def f(records):
    df = pd.DataFrame(records)
    df["age"] = df["age"].fillna(MEDIAN_AGE)
    df["plan"] = df["plan"].fillna("basic")
    return df
""", (RECORDS,))
case("missing", "fillna dtype changes", """
import pandas as pd
def f(values, fill):
    return pd.Series(values).fillna(fill)
""", ([1.0, None], "x"), ([1.0, None], True), ([1, None], 0), ([True, None], False), (["a", None], 0), ([1, 2], 0), ([None, None], 1.5))
case("missing", "fillna inplace", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    r = df.fillna({"income": 0.0}, inplace=True)
    return r, df
""", (REC_MISSING,), (REC_NONE,))
case("missing", "isna and notna", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df.isna(), df["age"].notna(), df.isnull().sum(), pd.isna(df["plan"]), df.notnull()
""", (RECORDS,))
case("missing", "pd.isna of scalars and lists", """
import numpy as np
import pandas as pd
def f(v):
    return pd.isna(v), pd.notna(v), pd.isna([v, 1])
""", (None,), (NAN,), ("x",), (0,))
case("missing", "dropna of rows", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df.dropna(), df.dropna(subset=["age"]), df.dropna(how="all"), df.dropna(thresh=4)
""", (RECORDS,), ([REC],))
case("missing", "dropna of columns", """
import pandas as pd
def f(records):
    return pd.DataFrame(records).dropna(axis=1)
""", (RECORDS,))
case("missing", "dropna with an unknown subset", """
import pandas as pd
def f(records):
    return pd.DataFrame(records).dropna(subset=["zz"])
""", (RECORDS,))
case("missing", "series dropna and hasnans", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.dropna(), s.hasnans, s.count()
""", ([1, None, 3],), ([1.5, 2],), (["a", None, NAN],))
case("missing", "np.nan and None in a record", """
import numpy as np
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    df["b"] = np.nan
    df["c"] = None
    return df, df.isna().values
""", ({"a": 1},))
case("missing", "replace a sentinel with NaN", """
import numpy as np
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df.replace("?", np.nan), df.replace({"?": None})
""", ([{"a": "?", "b": 1}, {"a": "x", "b": 2}],), ([{"a": 1, "b": "?"}],))

# ---------------------------------------------------------------------------------------------------------------
# mapping: map, replace, apply
case("mapping", "map with a dict leaves unmapped values NaN", """
import pandas as pd
PLAN_CODES = {"basic": 0, "pro": 1, "team": 2}
def f(record):
    df = pd.DataFrame([record])
    df["plan_code"] = df["plan"].map(PLAN_CODES)
    return df["plan_code"]
""", (REC,), (REC_UNSEEN,), (REC_NONE,))
case("mapping", "map results dtype follows the dict values", """
import pandas as pd
def f(values, mapping):
    return pd.Series(values).map(mapping)
""", (["a", "b", "c"], {"a": 1, "b": 2}), (["a", "b"], {"a": 1, "b": 2}), (["a", "b"], {"a": True}),
     (["a", "b"], {"a": "x", "b": "y"}), ([1.0, 2.0], {1: "one"}), ([1, 2, 3], {1: 1.5, 2: 2}), (["a"], {}),
     (["yes", "no", None], {"yes": 1, "no": 0}), ([True, False], {True: "t", False: "f"}))
case("mapping", "map with a function and with na_action", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.map(lambda v: v * 2), s.map(str, na_action="ignore")
""", ([1, 2],), ([1.5, None],), (["ab", None],))
case("mapping", "map with a notebook function", """
import pandas as pd
def bucket(age):
    if age is None or age != age:
        return "unknown"
    if age < 30:
        return "young"
    return "senior" if age >= 60 else "adult"
def f(records):
    df = pd.DataFrame(records)
    return df["age"].map(bucket), df["age"].apply(bucket)
""", (RECORDS,), ([REC_UNSEEN],))
case("mapping", "apply inference of results", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.apply(lambda v: None if v == 1 else v), s.apply(lambda v: v > 1), s.apply(lambda v: str(v))
""", ([1, 2],), ([1.5, 2.5],))
case("mapping", "apply with extra arguments", """
import pandas as pd
def scale(v, factor):
    return v * factor
def f(values):
    return pd.Series(values).apply(scale, args=(10,))
""", ([1, 2],))
case("mapping", "replace with dicts and lists", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.replace({"yes": 1, "no": 0}), s.replace(["yes", "no"], [True, False]), s.replace("yes", "Y")
""", (["yes", "no"],), (["yes", "no", "maybe"],), (["yes", None],))
case("mapping", "replace on numeric columns", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.replace(1, 1.5), s.replace([1, 2], [10, 20]), s.replace(-1, None), s.replace(99, "x")
""", ([1, 2, -1],), ([1.0, 2.5],), ([True, False],))
case("mapping", "replace on a frame", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df.replace({"pro": "P", 42: 43}), df.replace({"plan": {"basic": "B"}}), df.replace({"age": 31}, 30)
""", (RECORDS,))
case("mapping", "row-wise apply", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df.apply(lambda row: row["age"] * 2 if row["age"] == row["age"] else -1, axis=1)
""", (RECORDS,), ([{"age": 10, "x": "s"}],))
case("mapping", "row-wise apply of a notebook function returning strings", """
import pandas as pd
def describe(row):
    return f"{row['plan']}@{row['city']}"
def f(records):
    df = pd.DataFrame(records)
    return df.apply(describe, axis=1)
""", (RECORDS,))
case("mapping", "row-wise apply over numeric rows keeps numpy scalars", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)[["a", "b"]]
    return df.apply(lambda r: r["a"] / r["b"], axis=1), df.apply(lambda r: r.sum(), axis=1), df.apply(lambda c: c.max())
""", ([{"a": 1, "b": 2}, {"a": 3, "b": 0}],), ([{"a": 1.5, "b": 2}],))
case("mapping", "apply returning Series builds a frame", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)[["a", "b"]]
    return df.apply(lambda r: pd.Series({"s": r["a"] + r["b"], "d": r["a"] - r["b"]}), axis=1), df.apply(lambda c: c * 2)
""", ([{"a": 1, "b": 2}, {"a": 3, "b": 4}],))
case("mapping", "applymap", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)[["a", "b"]]
    return df.applymap(lambda v: v * 10)
""", ([{"a": 1, "b": 2.5}],))
case("mapping", "isin and between", """
import pandas as pd
VALID = ["pro", "team"]
def f(records):
    df = pd.DataFrame(records)
    return df["plan"].isin(VALID), df["age"].between(30, 50), df["age"].between(31, 42, inclusive="neither")
""", (RECORDS,))

# ---------------------------------------------------------------------------------------------------------------
# string columns
case("strings", "lower, upper, strip, title", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.str.lower(), s.str.upper(), s.str.strip(), s.str.title(), s.str.capitalize()
""", (["  Hello World ", "ÉCOLE", "straße"],), (["a", None, NAN],), ([1, "b", None],))
case("strings", "str accessor on numbers", """
import pandas as pd
def f(values):
    return pd.Series(values).str.lower()
""", ([1, 2],), ([1.5, None],), ([None, None],), ([True],))
case("strings", "contains with regex, case and na", """
import pandas as pd
def f(values, pat):
    s = pd.Series(values)
    return s.str.contains(pat), s.str.contains(pat, case=False), s.str.contains(pat, na=False), s.str.contains(pat, regex=False)
""", (["apple pie", "Banana", None], "an"), (["a1", "b", "c22"], r"\\d+"), (["a.b", "ab"], "."), (["x"], "["))
case("strings", "replace literal and regex", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.str.replace(".", "-"), s.str.replace("a+", "A"), s.str.replace("a", "b", regex=False), s.str.replace(r"(\\w)(\\d)", r"\\2\\1", regex=True), s.str.replace("A", "z", case=False)
""", (["a.b", "aaa1", "x9"],), ([None, "a"],))
case("strings", "len, startswith, endswith, slicing", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.str.len(), s.str.startswith("a"), s.str.endswith("z", na=False), s.str[:2], s.str[0], s.str.slice(1, 3), s.str.get(5)
""", (["abc", "az", ""],), (["ab", None],))
case("strings", "split, count, find, zfill, isdigit", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.str.split(), s.str.split(",", expand=True), s.str.count("a"), s.str.find("b"), s.str.zfill(5), s.str.isdigit()
""", (["a,b a", "12", "b,a"],))
case("categorical", "codes among fixed or learned categories; select_dtypes with numpy's abstract types", """
import numpy as np
import pandas as pd
def f(values):
    fixed = pd.Categorical(pd.Series(values), categories=["clear", "cloudy", "rain", "snow"])
    learned = pd.Categorical(values)
    df = pd.DataFrame({"w": fixed.codes, "t": [1.5] * len(values), "s": values})
    df["w2"] = pd.Categorical(df["s"], categories=["rain", "clear"]).codes
    return fixed.codes, list(learned.categories), learned.codes, df.select_dtypes(include=[np.number]), df.select_dtypes(include=np.integer), df.select_dtypes(exclude=[np.number]), df.select_dtypes(include=np.floating)
""", (["rain", "clear", None, "hail", "rain"],), ([3, 1, 2, 1],))
case("categorical", "categories must be unique and not null", """
import pandas as pd
def f(categories):
    return pd.Categorical(["a"], categories=categories).codes
""", (["a", "a"],), (["a", None],))
case("categorical", "the object columns but one: select_dtypes(include='object').columns.drop(...)", """
import pandas as pd
def f(record, drop):
    df = pd.DataFrame([record])
    return df.select_dtypes(include="object").columns.drop(drop), df.columns.drop(drop, errors="ignore")
""", ({"sqft": 1850, "city": "Austin", "sold_date": "2023-05-20", "kind": "flat"}, "sold_date"), ({"a": "x", "b": "y"}, ["a", "b"]), ({"a": "x"}, ["zz"]))
case("categorical", "labels assigned: df.columns = [...] (cleaned names) and df.index = [...]", """
import pandas as pd
def f(record, n):
    df = pd.DataFrame([record])
    df.columns = [c.strip().lower().replace(" ", "_") for c in df.columns]
    df.index = ["row"]
    s = df["sale_price"]
    s.index = ["r"]
    if n:
        df.columns = ["only_one"]
    return df, s
""", ({" Sale Price": 3, "City ": "Lyon"}, 0), ({" Sale Price": 3, "City ": "Lyon"}, 1))
case("strings", "extract a title from Titanic names (one group, expand=False), and to a frame", """
import pandas as pd
def f(values):
    s = pd.Series(values, name="Name")
    title = s.str.extract(' ([A-Za-z]+)\\.', expand=False)
    title = title.replace(["Lady", "Countess", "Dr"], "Rare").replace("Mlle", "Miss")
    return title, s.str.extract(r"(?P<last>\\w+), (\\w+)\\.(x)?"), s.str.extract(r"(\\d)"), s.str.findall(r"[A-Z]")
""", (["Braund, Mr. Owen Harris", "Cumings, Mrs. John", "Heikkinen, Miss. Laina", "Rothes, Countess. of", "Moss, Mlle. Ann", None, "no title here"],), (["Dr. Who"],))
case("strings", "extract needs a group; expand must be a bool", """
import pandas as pd
def f(values, expand):
    return pd.Series(values).str.extract(r"[a-z]+", expand=expand)
""", (["ab"], True), (["ab"], "yes"))
case("strings", "strip characters and pad", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.str.strip("x"), s.str.lstrip(), s.str.rstrip("!"), s.str.pad(6, fillchar="*"), s.str.cat(sep="|")
""", (["xxhixx", "  hey!!"],))
case("strings", "unicode case mapping", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.str.upper(), s.str.lower(), s.str.casefold(), s.str.len()
""", (["ǅungla", "İstanbul", "ﬁne", "😀a"],))
case("strings", "string concatenation of columns", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df["plan"] + "_" + df["city"], df["plan"] * 2, "x" + df["plan"]
""", (RECORDS,), ([REC_UNSEEN],))
case("strings", "text cleaning pipeline", """
import re
import pandas as pd
def clean(text):
    text = text.lower()
    text = re.sub(r"[^a-z0-9 ]", " ", text)
    return " ".join(text.split())
def f(texts):
    s = pd.Series(texts, name="text")
    return s.apply(clean), s.str.len().max()
""", (["Hello, World!!", "  It's   GREAT  "],))

# ---------------------------------------------------------------------------------------------------------------
# derived columns: arithmetic, comparisons, alignment
case("derived", "ratio of two columns", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    df["income_per_age"] = df["income"] / df["age"]
    df["is_senior"] = df["age"] >= 60
    df["age2"] = df["age"] ** 2
    return df
""", (REC,), (REC_UNSEEN,), (REC_NONE,), ({"age": 0, "income": 5.0},))
case("derived", "integer division and modulo by zero", """
import pandas as pd
def f(a, b):
    x = pd.Series(a)
    y = pd.Series(b)
    return x // y, x % y, x / y, x // 0, x % 0
""", ([3, -3, 0, 7], [0, 0, 0, 2]), ([1.5, -2.0], [0.0, -0.0]))
case("derived", "reflected arithmetic with scalars", """
import pandas as pd
def f(values):
    s = pd.Series(values, name="x")
    return 10 - s, 2 / s, 5 // s, 2 ** s, -s, +s, abs(s)
""", ([1, 2, 4],), ([0.5, -1.5],))
case("derived", "series arithmetic aligns on the index", """
import pandas as pd
def f(a, b):
    x = pd.Series(a, index=["p", "q", "r"][: len(a)])
    y = pd.Series(b, index=["r", "q", "s"][: len(b)])
    return x + y, x * 2 + y, x.add(y, fill_value=0)
""", ([1, 2, 3], [10, 20, 30]), ([1.5], [2]))
case("derived", "comparisons need the same labels", """
import pandas as pd
def f(a, b):
    return pd.Series(a) == pd.Series(b, index=list(range(len(b)))[::-1])
""", ([1, 2], [1, 2]), ([1, 2], [2, 1, 0]))
case("derived", "comparisons with strings and None", """
import pandas as pd
def f(values, other):
    s = pd.Series(values)
    return s == other, s != other
""", ([1, 2], "a"), (["a", None], "a"), ([1.0, NAN], None), (["b", "a"], "b"))
case("derived", "ordering a number column with a string", """
import pandas as pd
def f(values, other):
    return pd.Series(values) < other
""", ([1, 2], "a"), ([True], "a"), (["b", None], "b"), (["a", 1], "b"), ([1.5, 2], 2))
case("derived", "arithmetic type errors", """
import pandas as pd
def f(values, other):
    return pd.Series(values) + other
""", ([1, 2], "a"), (["a", 1], 1), ([1, 2], None), (["a", NAN], "x"), ([1, None], 1))
case("derived", "boolean combinations of masks", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    m = (df["age"] > 30) & (df["plan"] != "basic")
    n = (df["age"] < 35) | df["member"]
    return m, n, ~m, m ^ n, df[m | n]
""", (RECORDS,))
case("derived", "float32 columns stay float32", """
import numpy as np
import pandas as pd
def f(values):
    s = pd.Series(values).astype(np.float32)
    return s * 1.1 + 0.2, s / 3, (s * 1.1).dtype
""", ([1.0, 2.5, 3.3333],))
case("derived", "several columns assigned at once", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    df[["age", "income"]] = df[["age", "income"]].fillna(0) * 2
    df[["x", "y"]] = 1
    return df
""", (RECORDS,))
case("derived", "assignment of lists, arrays and misaligned series", """
import numpy as np
import pandas as pd
def f(values):
    df = pd.DataFrame({"a": [1, 2]})
    df["b"] = values
    df["c"] = np.array([0.5, 1.5])
    df["d"] = pd.Series([7, 8], index=[1, 2])
    return df
""", ([3, 4],), (["x", None],), ([1, 2, 3],))
case("derived", "loc assignment with a mask", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    df.loc[df["age"] > 40, "plan"] = "senior"
    df.loc[df["income"].isna(), "income"] = 0
    df.loc[0, "age"] = 2.5
    df.loc[:, "flag"] = True
    df.iloc[1, 0] = 99
    return df
""", (RECORDS,))
case("derived", "series setitem upcasts and enlarges", """
import pandas as pd
def f(values):
    s = pd.Series(values, index=["a", "b"])
    s["a"] = 2.5
    s["c"] = 7
    s[s > 2] = 0
    return s
""", ([1, 2],), ([1.0, 3.0],))
case("derived", "frame arithmetic with scalars, rows and frames", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)[["age", "income"]]
    return df * 2, df - df.mean(), df + df, df / pd.Series({"age": 10, "income": 1000}), 1 - df
""", ([{"age": 1, "income": 2.5}, {"age": 3, "income": 4.0}],))
case("derived", "frame arithmetic aligns frames", """
import pandas as pd
def f():
    a = pd.DataFrame({"a": [1, 2]})
    b = pd.DataFrame({"a": [1, 2], "b": [1, 1]})
    return a + b, a.sub(b), a * 2 == a + a
""", ())
case("derived", "assign, del and insert", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    out = df.assign(x=df["age"] * 2, y=lambda d: d["x"] + 1, z=5)
    del out["city"]
    out.insert(0, "first", "v")
    return out, out.pop("z"), out.columns
""", (REC,))
case("derived", "clip, round and abs", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.clip(0, 100), s.clip(lower=1.5), s.clip(upper=3), s.round(), s.round(1), s.abs(), round(s, 2)
""", ([-5, 3, 200],), ([1.25, -2.5, 0.35, NAN],))
case("derived", "frame clip, round and abs", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    num = df[["age", "income"]]
    return num.clip(0, 50000), num.round(-1), num.abs(), df.round({"income": -3})
""", ([{"age": -3, "income": 52000.49, "p": "x"}],))
case("derived", "clip of a string column", """
import pandas as pd
def f(records):
    return pd.DataFrame(records).clip(0, 3)
""", ([{"a": 1, "b": "x"}],))
case("derived", "where and mask", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.where(s > 1), s.where(s > 1, 0), s.mask(s > 2, -1)
""", ([1, 2, 3],), ([0.5, 2.5],))

# ---------------------------------------------------------------------------------------------------------------
# numpy functions on Series and frames
case("numpy", "ufuncs keep the index and name", """
import numpy as np
import pandas as pd
def f(values):
    s = pd.Series(values, name="x", index=[5, 6])
    return np.log1p(s), np.sqrt(s), np.exp(s), np.abs(-s), np.isnan(s), np.maximum(s, 2), np.floor(s)
""", ([1, 2],), ([0.5, 4.0],))
case("numpy", "np.where gives an array", """
import numpy as np
import pandas as pd
def f(values):
    s = pd.Series(values)
    return np.where(s > 1, 1, 0), np.where(s > 1, s, -s), np.where(s.isna(), 0.0, s)
""", ([1, 2, 3],), ([0.5, NAN],))
case("numpy", "np.round and np.clip call the Series methods", """
import numpy as np
import pandas as pd
def f(values):
    s = pd.Series(values, name="v")
    return np.round(s, 1), np.clip(s, 0, 1)
""", ([0.25, 1.75, -3.0],))
case("numpy", "ufuncs of a frame and of two series", """
import numpy as np
import pandas as pd
def f(records):
    df = pd.DataFrame(records)[["a", "b"]]
    return np.log(df), np.add(df["a"], df["b"]), np.power(df["a"], 2), np.sqrt(df["a"]).values
""", ([{"a": 1.0, "b": 2}, {"a": 4.0, "b": 3}],))
case("numpy", "log transform of skewed features", """
import numpy as np
import pandas as pd
SKEWED = ["income", "debt"]
def f(record):
    df = pd.DataFrame([record])
    for col in SKEWED:
        df[col] = np.log1p(df[col].clip(lower=0))
    return df
""", ({"income": 52000.5, "debt": -3, "age": 30},), ({"income": 0, "debt": 1e9, "age": 1},))
case("numpy", "standardize with constant means and stds", """
import numpy as np
import pandas as pd
FEATURES = ["age", "income"]
MEANS = {"age": 38.5, "income": 41000.0}
STDS = {"age": 12.25, "income": 15500.0}
def f(record):
    df = pd.DataFrame([record])[FEATURES].astype(float)
    for c in FEATURES:
        df[c] = (df[c] - MEANS[c]) / STDS[c]
    return df.values.astype(np.float32)
""", (REC,), (REC_UNSEEN,))
case("numpy", "a float32 model input from a frame", """
import numpy as np
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    x = np.asarray(df[["age", "income"]].fillna(0), dtype=np.float32)
    return x, x.shape, x.dtype
""", (RECORDS,))

# ---------------------------------------------------------------------------------------------------------------
# one-hot encoding aligned to the training columns
TRAINING_COLUMNS = ["age", "income", "member", "plan_basic", "plan_enterprise", "plan_pro", "city_Lyon", "city_Paris"]
case("onehot", "get_dummies of object columns, then reindex to the training columns", """
import pandas as pd
TRAINING_COLUMNS = %r
def f(record):
    df = pd.DataFrame([record])
    df = pd.get_dummies(df)
    return df.reindex(columns=TRAINING_COLUMNS, fill_value=0)
""" % TRAINING_COLUMNS, (REC,), (REC_MISSING,), (REC_NONE,), (REC_UNSEEN,))
case("onehot", "get_dummies of listed columns keeps the others first", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    return pd.get_dummies(df, columns=["plan"]), pd.get_dummies(df, columns=["plan", "age"], prefix="p")
""", (REC,), (REC_NONE,))
case("onehot", "reindexed one-hot as the model's float32 input", """
import numpy as np
import pandas as pd
TRAINING_COLUMNS = %r
def f(record):
    df = pd.get_dummies(pd.DataFrame([record]), columns=["plan", "city"])
    df = df.reindex(columns=TRAINING_COLUMNS, fill_value=0)
    return np.asarray(df, dtype=np.float32), df.to_numpy(dtype=np.float32), df.dtypes
""" % TRAINING_COLUMNS, (REC,), (REC_UNSEEN,))
case("onehot", "values of a frame mixing bool and numbers", """
import numpy as np
import pandas as pd
def f(record):
    df = pd.get_dummies(pd.DataFrame([record]), columns=["plan"])
    return df[["age", "member", "plan_pro"]].values.astype(np.float32)
""", Refused((REC,), "TypeError", "mixes bool and numeric columns"))
case("onehot", "selecting dummy columns by name", """
import pandas as pd
def f(records):
    df = pd.get_dummies(pd.DataFrame(records), columns=["plan"])
    plan_cols = [c for c in df.columns if c.startswith("plan_")]
    return df[plan_cols], df.columns.str.startswith("plan_"), df.columns.str.upper(), df.loc[:, df.columns.str.startswith("plan_")]
""", (RECORDS,))
case("onehot", "reindex without a fill value gives NaN columns", """
import pandas as pd
def f(record):
    df = pd.get_dummies(pd.DataFrame([record]), columns=["plan"])
    return df.reindex(columns=["age", "plan_pro", "plan_basic"]), df.reindex(columns=["plan_basic"], fill_value=0.0)
""", (REC,))
case("onehot", "prefix, separator, drop_first and dtype", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    a = pd.get_dummies(df, columns=["plan"], prefix="P", prefix_sep="=")
    b = pd.get_dummies(df, columns=["plan", "city"], prefix={"plan": "pl", "city": "c"}, drop_first=True)
    c = pd.get_dummies(df[["plan"]], dtype=float)
    d = pd.get_dummies(df, columns=["plan"], dtype=bool)
    return a, b, c, d
""", (RECORDS,), ([REC],))
case("onehot", "get_dummies of a Series", """
import pandas as pd
def f(values):
    s = pd.Series(values, name="s")
    return pd.get_dummies(s), pd.get_dummies(s, prefix="s"), pd.get_dummies(s, dummy_na=True, prefix="x")
""", (["b", "a", None, "b"],), ([2, 1, 2],), ([2.0, 1.5],), ([True, False],), (["é", "e", "É"],), ([1, "x"],), ([None],))
case("onehot", "get_dummies errors", """
import pandas as pd
def f(cols, prefix):
    df = pd.DataFrame([{"plan": "pro", "n": 3, "city": "Paris"}])
    return pd.get_dummies(df, columns=cols, prefix=prefix)
""", (["x"], None), (["plan", "n"], ["p"]), (["plan"], ["a", "b"]))
case("onehot", "categories from a constant list and an unseen value", """
import pandas as pd
PLANS = ["basic", "pro", "team"]
def f(record):
    df = pd.DataFrame([record])
    for p in PLANS:
        df["plan_" + p] = (df["plan"] == p).astype(int)
    return df.drop(columns=["plan"])
""", (REC,), (REC_UNSEEN,))
case("onehot", "reindex rows and columns", """
import pandas as pd
def f():
    df = pd.DataFrame({"a": [1, 2], "b": [True, False], "c": ["x", "y"]})
    return df.reindex([1, 5]), df.reindex(["b", "a"], axis=1), df.reindex(columns=["a", "z"], fill_value="z"), df.reindex(index=[0, 3], fill_value=0)
""", ())
case("onehot", "reindex with duplicate columns", """
import pandas as pd
def f():
    df = pd.DataFrame([[1, 2]], columns=["a", "a"])
    return df.reindex(columns=["a"])
""", ())

# ---------------------------------------------------------------------------------------------------------------
# concat and join
case("concat", "side by side and one after the other", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    num = df[["age", "income"]]
    cat = pd.get_dummies(df[["plan"]])
    return pd.concat([num, cat], axis=1), pd.concat([num, num]), pd.concat([num, num], ignore_index=True)
""", (RECORDS,))
case("concat", "concat of series and mixed frames", """
import pandas as pd
def f():
    a = pd.Series([1], name="x")
    b = pd.Series([2.5])
    d = pd.DataFrame({"a": [1]})
    e = pd.DataFrame({"a": [2.5], "b": ["x"]})
    return pd.concat([a, b], axis=1), pd.concat([a, b]), pd.concat([d, a], axis=1), pd.concat([d, e]), pd.concat([pd.DataFrame({"a": [True]}), pd.DataFrame({"a": [1]})])
""", ())
case("concat", "concat aligns rows on the index", """
import pandas as pd
def f():
    a = pd.DataFrame({"a": [1, 2]})
    b = pd.DataFrame({"b": [3]}, index=[5])
    return pd.concat([a, b], axis=1), pd.concat([a, b])
""", ())
case("concat", "concat of nothing", """
import pandas as pd
def f(objs):
    return pd.concat(objs)
""", ([],))
case("concat", "join on the index", """
import pandas as pd
def f():
    a = pd.DataFrame({"a": [1, 2]})
    b = pd.DataFrame({"a": [10], "c": ["x"]})
    s = pd.Series([5], name="s")
    return a.join(s), a.join(b, rsuffix="_r"), a.join(b, lsuffix="_l", rsuffix="_r", how="inner")
""", ())
case("concat", "join with overlapping columns", """
import pandas as pd
def f():
    return pd.DataFrame({"a": [1]}).join(pd.DataFrame({"a": [2]}))
""", ())

# ---------------------------------------------------------------------------------------------------------------
# structure
case("structure", "drop columns and rows", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df.drop(columns=["city"]), df.drop(["city", "member"], axis=1), df.drop(index=[0]), df.drop("plan", axis=1), df.drop([1])
""", (RECORDS,))
case("structure", "drop of absent labels", """
import pandas as pd
def f(cols):
    df = pd.DataFrame({"a": [1], "b": [2]})
    return df.drop(columns=cols)
""", (["c"],), (["c", "d"],), ("a",))
case("structure", "drop with errors ignore and inplace", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    r = df.drop(columns=["zip", "city"], errors="ignore", inplace=True)
    return r, df
""", (REC,))
case("structure", "drop of absent rows", """
import pandas as pd
def f(rows):
    return pd.DataFrame({"a": [1, 2]}).drop(index=rows)
""", ([7],), ([0, 1],))
case("structure", "rename columns", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    return df.rename(columns={"age": "Age", "zip": "Zip"}), df.rename(columns=str.upper), df.rename({"plan": "p"}, axis=1)
""", (REC,))
case("structure", "rename with errors raise", """
import pandas as pd
def f(mapping):
    return pd.DataFrame({"a": [1]}).rename(columns=mapping, errors="raise")
""", ({"b": "c"},), ({"a": "c"},))
case("structure", "reset_index after filtering", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    kept = df[df["age"] > 35]
    return kept.reset_index(drop=True), kept.reset_index(), df["age"].reset_index(drop=True), df["plan"].reset_index()
""", (RECORDS,))
case("structure", "to_numeric with errors", """
import pandas as pd
def f(values, errors):
    return pd.to_numeric(pd.Series(values, name="n"), errors=errors)
""", (["1", "2.5", "abc", None], "coerce"), (["1", "2"], "raise"), (["1", "x"], "raise"), ([" 1.5 ", "", "nan", "inf", "1e3", "-3", "+4"], "coerce"),
     (["a", "2"], "ignore"), ([1, 2.5], "raise"), (["1", 2, None], "raise"), ([True, "1"], "coerce"), (["1,5"], "coerce"),
     (["1_000", "Infinity", ".5", "5.", "0x10", "١٢"], "coerce"), ([[1]], "raise"))
case("structure", "to_numeric of scalars and lists", """
import pandas as pd
def f(v):
    return pd.to_numeric(v, errors="coerce")
""", ("12",), ("1.5",), ("abc",), (["1", "2"],), (7,))
case("structure", "select_dtypes and filter", """
import numpy as np
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df.select_dtypes(include="number"), df.select_dtypes(include=["object"]), df.select_dtypes(exclude=["object", "bool"]), df.select_dtypes(include=np.float64), df.filter(like="a"), df.filter(items=["plan", "zz", "age"]), df.filter(regex="^c")
""", (RECORDS,))
case("structure", "iterating rows and items", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    out = []
    for i, row in df.iterrows():
        out.append((i, row["plan"], row["age"]))
    names = [name for name, col in df.items()]
    return out, names, list(df.keys())
""", (RECORDS,))
case("structure", "index objects", """
import pandas as pd
def f(labels):
    ix = pd.Index(labels)
    return ix, ix.tolist(), len(ix), ix[0], "a" in ix, ix.get_loc(labels[-1])
""", (["a", "b"],), ([1, 2],), ([1.5, 2],), ([True, False],), (["a", 1],))
case("structure", "columns operations", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    cols = df.columns
    return cols.difference(["plan"]), cols.union(["zz"]), cols.isin(["age", "plan"]), df.columns[1:3], list(cols).index("plan")
""", (REC,))

# ---------------------------------------------------------------------------------------------------------------
# reductions
case("reduce", "series reductions skip NaN", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.sum(), s.mean(), s.max(), s.min(), s.std(), s.var(), s.median(), s.count(), s.nunique(), s.prod()
""", ([1.5, NAN, 3],), ([1, 2, 4],), ([True, False],), ([2.5],), ([NAN],), ([1, 2], ))
case("reduce", "reductions of float32 and of object columns", """
import numpy as np
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.astype(np.float32).mean(), s.astype(np.float32).sum(), s.astype(np.float32).std()
""", ([1, 2, 4.5],), ([0.1] * 300,))
case("reduce", "object reductions", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.sum(), s.max(), s.min(), s.nunique()
""", (["a", "b"],), (["b", None, "a"],))
case("reduce", "empty and skipna", """
import pandas as pd
def f(values):
    s = pd.Series(values, dtype=float)
    return s.max(), s.sum(), s.mean(), s.sum(skipna=False), s.mean(skipna=False), s.sum(min_count=1)
""", ([],), ([NAN, 1.0],))
case("reduce", "frame reductions by column and by row", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df.sum(), df.mean(), df[["age", "income"]].max(), df[["age", "income"]].sum(axis=1), df.count(), df.isna().sum(), df[["age", "income"]].mean(axis=1)
""", (RECORDS,), ([{"a": 1, "b": 2}, {"a": 3, "b": 4}],))
case("reduce", "any, all, idxmax, argmax, unique", """
import pandas as pd
def f(values):
    s = pd.Series(values, index=["p", "q", "r"])
    return (s > 1).any(), (s > 1).all(), s.idxmax(), s.idxmin(), s.argmax(), s.unique()
""", ([3, 1, 2],), ([0.5, 2.5, NAN],))

# ---------------------------------------------------------------------------------------------------------------
# repr, as a notebook shows it
case("repr", "repr of frames", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return repr(df), str(df[["age", "plan"]])
""", (RECORDS,), ([{"a": 1e-8, "b": 1e7, "c": "x\\ty"}],), ([{"x": 0.1 + 0.2, "y": 1 / 3}],))
case("repr", "repr of series", """
import pandas as pd
def f(values):
    s = pd.Series(values, name="v")
    return repr(s), repr(s.rename(None)), str(pd.Series(values, index=[f"r{i}" for i in range(len(values))]))
""", ([1, 2],), ([2.5, NAN],), (["a", None, 1.5],), ([],), ([123456789.123, 1.0],), (list(range(70)),))
case("repr", "repr of wide, long and empty frames", """
import pandas as pd
def f(n, m):
    df = pd.DataFrame({f"col_{j}": [i * 1.5 + j for i in range(n)] for j in range(m)})
    return repr(df), repr(df.iloc[:0]), repr(df.dtypes)
""", (2, 12), (70, 2), (1, 25), (3, 3))
case("repr", "repr of an index", """
import pandas as pd
def f(labels):
    return repr(pd.Index(labels)), repr(pd.DataFrame(columns=labels).columns)
""", (["a", "b"],), ([f"column_{i}" for i in range(12)],), (list(range(30)),), ([1.0, 2.5],), ([],))

# ---------------------------------------------------------------------------------------------------------------
# whole preprocessing and postprocessing functions, as notebooks write them
TITANIC_COLUMNS = ["Pclass", "Age", "SibSp", "Parch", "Fare", "Sex_male", "Embarked_Q", "Embarked_S", "family_size", "is_alone"]
case("pipelines", "titanic-style preprocessing", """
import numpy as np
import pandas as pd
COLUMNS = %r
AGE_MEDIAN = 28.0
FARE_MEDIAN = 14.4542
def preprocess(record):
    df = pd.DataFrame([record])
    df["Age"] = df["Age"].fillna(AGE_MEDIAN)
    df["Fare"] = df["Fare"].fillna(FARE_MEDIAN)
    df["Embarked"] = df["Embarked"].fillna("S")
    df["family_size"] = df["SibSp"] + df["Parch"] + 1
    df["is_alone"] = (df["family_size"] == 1).astype(int)
    df = df.drop(columns=["Name", "Ticket", "Cabin"], errors="ignore")
    df = pd.get_dummies(df, columns=["Sex", "Embarked"], drop_first=True)
    df = df.reindex(columns=COLUMNS, fill_value=0)
    return df.values.astype(np.float32)
def f(record):
    return preprocess(record)
""" % TITANIC_COLUMNS,
     ({"Pclass": 3, "Name": "Braund, Mr. Owen", "Sex": "male", "Age": 22.0, "SibSp": 1, "Parch": 0, "Ticket": "A/5 21171", "Fare": 7.25, "Cabin": None, "Embarked": "S"},),
     ({"Pclass": 1, "Sex": "female", "Age": None, "SibSp": 0, "Parch": 0, "Fare": None, "Embarked": None},),
     ({"Pclass": 2, "Sex": "female", "Age": 4, "SibSp": 1, "Parch": 2, "Fare": 23, "Embarked": "Q"},))
case("pipelines", "churn-style preprocessing with maps and derived features", """
import numpy as np
import pandas as pd
CONTRACT = {"Month-to-month": 0, "One year": 1, "Two year": 2}
YES_NO = {"Yes": 1, "No": 0}
NUMERIC = ["tenure", "MonthlyCharges", "TotalCharges"]
FEATURES = NUMERIC + ["contract", "paperless", "charge_per_month", "long_tenure"]
def f(record):
    df = pd.DataFrame([record])
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce").fillna(0.0)
    df["contract"] = df["Contract"].map(CONTRACT).fillna(0).astype(int)
    df["paperless"] = df["PaperlessBilling"].map(YES_NO)
    df["charge_per_month"] = df["TotalCharges"] / df["tenure"].clip(lower=1)
    df["long_tenure"] = np.where(df["tenure"] > 24, 1, 0)
    return df[FEATURES].astype("float32").to_numpy()
""", ({"tenure": 12, "MonthlyCharges": 70.35, "TotalCharges": "844.2", "Contract": "One year", "PaperlessBilling": "Yes"},),
     ({"tenure": 0, "MonthlyCharges": 20.0, "TotalCharges": " ", "Contract": "Weekly", "PaperlessBilling": "No"},),
     ({"tenure": 60, "MonthlyCharges": 99.9, "TotalCharges": "5994", "Contract": "Two year", "PaperlessBilling": "No"},))
case("pipelines", "house prices with log features and one-hot", """
import numpy as np
import pandas as pd
TRAIN_COLUMNS = ["GrLivArea", "LotArea", "YearBuilt", "age", "Neighborhood_CollgCr", "Neighborhood_NAmes", "Neighborhood_OldTown"]
def f(records):
    df = pd.DataFrame(records)
    df["age"] = 2010 - df["YearBuilt"]
    df["GrLivArea"] = np.log1p(df["GrLivArea"])
    df["LotArea"] = np.log1p(df["LotArea"])
    df = pd.get_dummies(df, columns=["Neighborhood"])
    df = df.reindex(columns=TRAIN_COLUMNS, fill_value=0)
    return np.asarray(df, dtype=np.float32)
""", ([{"GrLivArea": 1710, "LotArea": 8450, "YearBuilt": 2003, "Neighborhood": "CollgCr"}, {"GrLivArea": 1262, "LotArea": 9600, "YearBuilt": 1976, "Neighborhood": "Veenker"}],))
case("pipelines", "a batch of records to a model matrix", """
import numpy as np
import pandas as pd
FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
def f(records):
    df = pd.DataFrame(records, columns=FEATURES)
    df = df.fillna(df.mean())
    return df.to_numpy(dtype=np.float32), len(df)
""", ([{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}, {"sepal_length": 6.2, "petal_length": 4.5, "petal_width": 1.5}],))
case("pipelines", "postprocessing to a frame of probabilities", """
import numpy as np
import pandas as pd
CLASSES = ["setosa", "versicolor", "virginica"]
def f(probs):
    p = np.asarray(probs)
    df = pd.DataFrame(p, columns=CLASSES)
    best = df.idxmax(axis=1) if False else df.columns[np.argmax(p, axis=1)]
    return {"label": list(best), "probabilities": df.round(3).to_dict(orient="records")}
""", ([[0.9, 0.05, 0.05], [0.1, 0.2, 0.7]],))
case("pipelines", "postprocessing with a Series of scores", """
import pandas as pd
LABELS = ["neg", "neu", "pos"]
def f(scores):
    s = pd.Series(scores, index=LABELS)
    top = s.sort_index().index[0] if False else s.idxmax()
    return {"label": top, "score": float(s.max()), "ranked": s.round(2).to_dict()}
""", ([0.1, 0.3, 0.6],), ([0.5, 0.5, 0.0],))
case("pipelines", "text features from a record", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    df["text"] = df["text"].fillna("").str.lower().str.strip()
    df["n_chars"] = df["text"].str.len()
    df["n_words"] = df["text"].str.split().apply(len)
    df["has_url"] = df["text"].str.contains(r"https?://", regex=True).astype(int)
    df["exclaims"] = df["text"].str.count("!")
    return df[["n_chars", "n_words", "has_url", "exclaims"]].values
""", ({"text": "  Check THIS out!! https://x.io  "},), ({"text": None},), ({"text": "déjà vu !"},))
case("pipelines", "binning with conditions", """
import numpy as np
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    df["age_band"] = np.where(df["age"] < 30, 0, np.where(df["age"] < 60, 1, 2))
    df["income_k"] = (df["income"].fillna(0) // 1000).astype(int)
    df["rich"] = df["income"] > 50000
    return df[["age_band", "income_k", "rich"]]
""", ([REC, REC_UNSEEN, {"age": 25, "income": None}],))
case("pipelines", "default columns for a partial record", """
import pandas as pd
EXPECTED = {"age": 0, "income": 0.0, "plan": "basic", "member": False}
def f(record):
    row = {k: record.get(k, v) for k, v in EXPECTED.items()}
    df = pd.DataFrame([row])
    missing = [c for c in EXPECTED if c not in record]
    return df, missing, df.dtypes
""", ({"age": 3},), ({"age": 3, "income": 10, "plan": "pro", "member": True},))
case("pipelines", "validation raising on bad input", """
import pandas as pd
REQUIRED = ["age", "income"]
def f(record):
    df = pd.DataFrame([record])
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ValueError(f"missing fields: {missing}")
    if df["age"].isna().any():
        raise ValueError("age is required")
    return df[REQUIRED].astype(float).values
""", ({"age": 3, "income": 4},), ({"age": 3},), ({"age": None, "income": 1},))
case("pipelines", "a frame returned as the response", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    df["score"] = df["age"].fillna(0) / 100
    return df[["plan", "score"]]
""", (RECORDS,))
case("pipelines", "interaction features and column loops", """
import pandas as pd
PAIRS = [("age", "income"), ("age", "age")]
def f(records):
    df = pd.DataFrame(records)[["age", "income"]].fillna(1)
    for a, b in PAIRS:
        df[f"{a}_x_{b}"] = df[a] * df[b]
    df["total"] = df.sum(axis=1)
    return df
""", (RECORDS,))
case("pipelines", "clean numeric strings", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    df["price"] = pd.to_numeric(df["price"].str.replace("$", "", regex=False).str.replace(",", ""), errors="coerce")
    df["qty"] = df["qty"].astype(int)
    df["total"] = df["price"] * df["qty"]
    return df
""", ([{"price": "$1,234.50", "qty": "2"}, {"price": "n/a", "qty": "1"}],))
case("pipelines", "label decoding of predictions", """
import numpy as np
import pandas as pd
CLASSES = {0: "no", 1: "yes"}
def f(pred, ids):
    s = pd.Series(np.asarray(pred), index=ids, name="pred")
    return s.map(CLASSES).to_dict(), (s == 1).sum(), s.value_counts().to_dict() if False else s.nunique()
""", ([0, 1, 1], ["a", "b", "c"]))
case("pipelines", "set_axis and rename after one-hot", """
import pandas as pd
def f(record):
    df = pd.get_dummies(pd.DataFrame([record])[["plan", "city"]])
    df = df.set_axis([c.lower() for c in df.columns], axis=1)
    return df.rename(columns=lambda c: c.replace(" ", "_"))
""", (REC_UNSEEN,))

# ---------------------------------------------------------------------------------------------------------------
# ordering
case("sort", "sort_values of a Series", """
import pandas as pd
def f(values):
    s = pd.Series(values, name="v")
    return s.sort_values(), s.sort_values(ascending=False), s.sort_values(na_position="first"), s.sort_values(ignore_index=True)
""", ([3, 1, 2, 1],), ([2.5, NAN, -1.0, 2.5],), (["b", "a", None, "c"],))
case("sort", "sort_values of a frame by several columns", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return df.sort_values("age"), df.sort_values(["plan", "age"], ascending=[True, False]), df.sort_values(by="income", ascending=False, ignore_index=True)
""", (RECORDS + [REC_UNSEEN],))
case("sort", "sort_index and top-k of scores", """
import pandas as pd
LABELS = ["cat", "dog", "bird", "fish"]
def f(scores, k):
    s = pd.Series(scores, index=LABELS)
    top = s.sort_values(ascending=False).head(k)
    return top, list(top.index), s.sort_index(), s.sort_index(ascending=False)
""", ([0.1, 0.5, 0.3, 0.1], 2), ([0.25, 0.25, 0.25, 0.25], 3))
case("sort", "value_counts", """
import pandas as pd
def f(values):
    s = pd.Series(values, name="vote")
    return s.value_counts(), s.value_counts(normalize=True), s.value_counts(dropna=False), s.value_counts().index[0]
""", (["a", "b", "a", None, "c", "b", "a"],), ([1, 2, 2, 3, 3],), ([True, False, True],))
case("sort", "sorting mixed types", """
import pandas as pd
def f(values):
    return pd.Series(values).sort_values()
""", ([1, "a"],))

# ---------------------------------------------------------------------------------------------------------------
# edges of request data and less common methods
case("edges", "unusual request values", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    return df, df.dtypes, df.isna().sum().sum()
""", ({"émoji 😀": "ok", "": 1, "neg_zero": -0.0, "big": 2 ** 52, "tags": ["a", "b"], "empty": ""},), ({"x": [1, 2]},))
case("edges", "records and dicts in other orientations", """
import pandas as pd
def f(rows):
    df = pd.DataFrame.from_records(rows, columns=["a", "b"])
    return df, df.to_dict("index"), df.to_dict("series"), df.squeeze(), df[["a"]].squeeze(), df.iloc[:1, :1].squeeze()
""", ([(1, "x"), (2, "y")],), ([(1, "x")],))
case("edges", "series conveniences", """
import pandas as pd
def f(values):
    s = pd.Series(values, index=["a", "b", "c"], name="v")
    return s.to_frame(), s.to_frame("w"), s.rename({"a": "A"}), s.reset_index(), list(s.items()), list(s.keys()), s.get("b"), s.get("z", -1), s.head(-1)
""", ([1, 2, 3],), ([1.5, None, "x"],))
case("edges", "between and where variants", """
import pandas as pd
def f(values):
    s = pd.Series(values)
    return s.between(1, 3, inclusive="left"), s.between(1, 3, inclusive="right"), s.where(s > 1, pd.Series([9, 9, 9, 9])), s.mask(s == 2)
""", ([1, 2, 3, 4],))
case("edges", "frame any, all, isin and insert errors", """
import pandas as pd
def f(records, col):
    df = pd.DataFrame(records)[["age", "member"]].fillna(0)
    out = (df > 30).any(), (df > 30).all(axis=1), df.isin({"age": [42], "member": [False]})
    df.insert(1, col, 5)
    return out, df
""", (RECORDS, "x"), (RECORDS, "age"))
case("edges", "iloc with boolean lists and Series", """
import pandas as pd
def f(mask):
    df = pd.DataFrame({"a": [1, 2, 3]})
    return df.iloc[mask]
""", ([True, False, True],), ([True],))
case("edges", "a mask Series under iloc", """
import pandas as pd
def f():
    df = pd.DataFrame({"a": [1, 2, 3]})
    return df.iloc[df["a"] > 1]
""", ())
case("edges", "series indexing with masks and slices", """
import pandas as pd
def f(values):
    s = pd.Series(values, index=["p", "q", "r"])
    return s[s > 1], s[[True, False, True]], s[1:], s[::-1], s.iloc[-2:], s.loc[["q", "r"]]
""", ([1, 2, 3],))
case("edges", "label slices with strings", """
import pandas as pd
def f(values):
    s = pd.Series(values, index=["p", "q", "r"])
    return s.loc["q":"r"]
""", Refused(([1, 2, 3],), "TypeError", "slice indices must be integers"))
case("edges", "a numeric feature that arrives as text", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    df["age"] = df["age"].astype(float)
    return df["age"] * 2
""", ({"age": "42"},), ({"age": "4 2"},), ({"age": None},))
case("edges", "operations on an empty frame", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records, columns=["a", "b"])
    return df, len(df), df.shape, df.empty, df.sum(), df.fillna(0), df.to_dict("records")
""", ([],))
case("edges", "column order after get_dummies of an unseen-only request", """
import pandas as pd
TRAIN = ["n", "color_blue", "color_red"]
def f(colors):
    df = pd.DataFrame({"n": list(range(len(colors))), "color": colors})
    return pd.get_dummies(df, columns=["color"]).reindex(columns=TRAIN, fill_value=0)
""", (["green"],), (["red", "blue", "red"],), ([None],))

# ---------------------------------------------------------------------------------------------------------------
# eval and query: expressions over columns (pandas' parser: & and | bind like and/or, comparisons chain)
BODY = [{"height": 1.8, "weight": 81.0, "age": 52, "smoker": "yes"}, {"height": 1.62, "weight": 50.5, "age": 23, "smoker": "no"},
        {"height": 1.7, "weight": None, "age": 67, "smoker": "no"}]
case("eval", "eval assigns derived columns, each line seeing the ones before", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    out = df.eval("bmi = weight / height ** 2")
    both = df.eval('''
    bmi = weight / height**2
    heavy = bmi >= 25
    score = -age // 10 + 2.5 * (smoker == 'yes') - age % 7
    ''')
    return out, both, df.columns.tolist()
""", (BODY,), (BODY[:1],))
case("eval", "eval of an expression gives its value; inplace changes the frame", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    ratio = df.eval("weight / (height * 100)")
    flag = df.eval("age > 30 and smoker == 'no' or weight < 60")
    df.eval("old = 40 < age <= 70", inplace=True)
    return ratio, flag, df
""", (BODY,))
case("eval", "query selects rows, with in, not in, ~ and backticked names", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records).rename(columns={"age": "age years"})
    return (df.query("`age years` > 30 & smoker == 'no'", engine="python"), df.query("smoker in ['yes', 'maybe']"),
            df.query("smoker not in ('yes',) | ~(weight > 60)"), df.query("weight == weight"))
""", (BODY,))
case("eval", "an unknown name and a local variable", """
import pandas as pd
def f(records, expr):
    return pd.DataFrame(records).query(expr)
""", (BODY, "heigth > 1.7"), Refused((BODY, "age > @limit"), "NotImplementedError", "@limit"))
