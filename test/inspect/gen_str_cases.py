"""Records numpy's answers for the runtime's string dtype (test/inspect/runtime-str.test.ts runs the same cases on
the runtime). Run with /usr/bin/python3 (Debian's numpy 1.24): writes fixtures/str_cases.json."""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
a = np.array([["Austin", "Boston"], ["Paris", "é🙂"]])

CASES = {
    "from a list": lambda: np.array(["a", "bb", ""]),
    "from nested lists": lambda: a,
    "mixed with numbers": lambda: np.array(["a", 1, 2.5, True]),
    "dtype=str from numbers": lambda: np.array([1, 2], dtype=str),
    "index a row": lambda: a[1],
    "index an element": lambda: a[1, 1],
    "slice a column": lambda: a[:, 0],
    "reversed": lambda: a[::-1, ::-1],
    "fancy index": lambda: a[[1, 0, 1]],
    "boolean mask": lambda: a[a != "Boston"],
    "equal to a str": lambda: a == "Paris",
    "not equal elementwise": lambda: np.array(["a", "b", "é"]) != np.array(["a", "c", "é"]),
    "less by code point": lambda: np.array(["a", "é", "🙂", "Z", "ab", ""]) < "b",
    "greater_equal arrays": lambda: np.array(["b", "a", "ba"]) >= np.array(["a", "a", "b"]),
    "astype(str) of ints": lambda: np.array([1, -20, 300]).astype(str),
    "astype(str) of floats": lambda: np.array([1.5, 2.0, 1e20, 1e-5, -0.0]).astype(str),
    "astype(str) of float32": lambda: np.array([0.1, 3.25], dtype=np.float32).astype(str),
    "astype(str) of bools": lambda: np.array([True, False]).astype(str),
    "astype(float) of str": lambda: np.array(["1.5", " 2 ", "1e3", "-inf", "1_000"]).astype(float),
    "astype(float32) of str": lambda: np.array(["0.1"]).astype(np.float32),
    "astype(int) of str": lambda: np.array(["12", "-3", " 7 "]).astype(int),
    "astype(bool) of str": lambda: np.array(["", "False", "x"]).astype(bool),
    "astype(float) of a word": lambda: np.array(["1", "abc"]).astype(float),
    "astype(int) of a fraction": lambda: np.array(["1.5"]).astype(int),
    "concatenate": lambda: np.concatenate([np.array(["a"]), np.array(["bb", "c"])]),
    "concatenate rows": lambda: np.concatenate([a, np.array([["x", "y"]])], axis=0),
    "stack": lambda: np.stack([np.array(["a", "b"]), np.array(["c", "d"])]),
    "reshape": lambda: a.reshape(-1),
    "transpose": lambda: a.T,
    "where": lambda: np.where(np.array([0.2, 0.9]) > 0.5, "yes", "no"),
    "full": lambda: np.full((2, 2), "x"),
    "zeros": lambda: np.zeros(3, dtype=str),
    "tolist of 0-d": lambda: np.array("x"),
    "sort by code point": lambda: np.sort(np.array(["b", "a", "é", "Z", "a", "🙂", "ab"])),
    "argsort (stable)": lambda: np.argsort(np.array(["b", "a", "é", "Z", "a", "🙂", "ab"]), kind="stable"),
    "unique": lambda: np.unique(np.array(["b", "a", "é", "Z", "a", "🙂", "ab"])),
    "unique counts": lambda: np.unique(np.array(["b", "a", "b", ""]), return_counts=True)[1],
    "argmax": lambda: np.argmax(np.array(["b", "a", "é", "Z"])),
    "max of str": lambda: np.max(np.array(["a", "b"])),
    "add two str arrays": lambda: np.array(["a"]) + np.array(["b"]),
    "exp of str": lambda: np.exp(np.array(["1"])),
    "sum of str": lambda: np.sum(np.array(["a", "b"])),
}

def clean(x):
    """JSON has no inf or nan: they are written as the strings "inf", "-inf", "nan" (the test maps them alike)."""
    if isinstance(x, list):
        return [clean(v) for v in x]
    if isinstance(x, float) and not np.isfinite(x):
        return "nan" if np.isnan(x) else ("inf" if x > 0 else "-inf")
    return x


out = {}
for name, f in CASES.items():
    try:
        r = f()
        r = np.asarray(r)
        out[name] = {"kind": r.dtype.kind, "shape": list(r.shape), "tolist": clean(r.tolist()),
                     "str": str(r) if r.ndim else None, "repr": repr(r) if r.dtype.kind == "U" and r.ndim else None}
    except Exception as e:  # noqa: BLE001 - the exception's type is what the runtime must raise
        # numpy's UFuncTypeError is a TypeError: the runtime raises the builtin class
        builtin = next(c for c in type(e).__mro__ if c.__module__ == "builtins")
        out[name] = {"error": builtin.__name__, "message": str(e)}

with open(os.path.join(HERE, "fixtures", "str_cases.json"), "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote", len(out), "cases")
