"""Writes fixtures/stats/: CSVs and what pandas 1.5.3 computes for column statistics of them, for stats.test.ts.

Run with /usr/bin/python3 (pandas 1.5.3). Every expected value comes from pandas itself, so the test compares
nb2svc's conversion-time statistics with pandas' own results.
"""
import json
import os

import numpy as np
import pandas as pd

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "stats")
rng = np.random.default_rng(7)


def titanic_like(n):
    ages = np.round(rng.normal(29.7, 14.5, n).clip(0.42, 80), 1)
    ages = ages.astype(object)
    for i in rng.choice(n, n // 5, replace=False):
        ages[i] = ""
    fares = np.round(rng.lognormal(2.9, 1.0, n), 4).astype(object)
    fares[rng.integers(0, n)] = ""
    ports = rng.choice(["S", "C", "Q"], n, p=[0.72, 0.19, 0.09]).astype(object)
    for i in rng.choice(n, 2, replace=False):
        ports[i] = ""
    sib = rng.integers(0, 5, n)
    lines = ["PassengerId,Pclass,Sex,Age,SibSp,Fare,Embarked,Score"]
    for i in range(n):
        sex = "male" if rng.random() < 0.64 else "female"
        score = "" if rng.random() < 0.1 else repr(float(rng.normal(0.1, 1e-3) * 10.0 ** int(rng.integers(-3, 4))))
        lines.append(f"{i + 1},{rng.integers(1, 4)},{sex},{ages[i]},{sib[i]},{fares[i]},{ports[i]},{score}")
    return "\n".join(lines) + "\n"


CSVS = {
    "small.csv": "a,b,c,d\n1,2.5,x,\n3,,y,1\n2,4.0,x,\n2,0.1,z,2\n",
    # ties in mode: pandas sorts the modes, so mode()[0] is the smallest
    "ties.csv": "n,f,s\n3,0.5,b\n1,0.25,a\n3,0.5,b\n1,0.25,a\n2,,c\n",
    "titanic.csv": titanic_like(891),
    # more rows than numpy's 128-element pairwise leaf and its 8192-element buffer
    "big.csv": titanic_like(9000)[: 10**9],
}

METHODS = ["mean", "median", "std", "var", "min", "max", "sum", "count", "nunique", "mode"]


def plain(v):
    if isinstance(v, (np.integer,)):
        return {"int": int(v)}
    if isinstance(v, (float, np.floating)):
        return None if np.isnan(v) else {"float": float(v)}
    if isinstance(v, (bool, np.bool_)):
        return {"bool": bool(v)}
    if isinstance(v, str):
        return {"str": v}
    if isinstance(v, int):
        return {"int": v}
    raise TypeError(type(v))


def main():
    os.makedirs(HERE, exist_ok=True)
    cases = []
    for name, text in CSVS.items():
        with open(os.path.join(HERE, name), "w") as f:
            f.write(text)
        df = pd.read_csv(os.path.join(HERE, name))
        for col in df.columns:
            for m in METHODS:
                s = df[col]
                try:
                    if m == "mode":
                        modes = s.mode()
                        # the first few, sorted as pandas sorts them, and how many there are
                        value = {"modes": [plain(x) for x in modes.tolist()[:3]], "length": len(modes)}
                    else:
                        value = plain(getattr(s, m)())
                except TypeError:
                    value = None
                cases.append({"file": name, "column": col, "dtype": str(s.dtype), "method": m, "value": value})
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump({"pandas": pd.__version__, "cases": cases}, f)
        f.write("\n")


main()
