#!/usr/bin/env python3
"""Runs every case of cases.py with real Python and numpy and writes fixtures/parity.json.

Run with Debian's Python (which has numpy and torch): /usr/bin/python3 test/parity/gen_parity.py

Values are written in a tagged JSON encoding that keeps what plain JSON loses:
  int -> number; float -> {"f": number | "nan" | "inf" | "-inf"}; str, bool, None -> themselves;
  list -> array; tuple -> {"tuple": [...]}; dict -> {"dict": [[key, value], ...]}; set -> {"set": [...]};
  numpy array -> {"nd": nested list, "dtype": name, "shape": [...]}; numpy scalar -> {"np": value, "dtype": name}.
An exception becomes {"raises": "ValueError"}.
"""
import copy
import json
import math
import os
import platform
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import CASES  # noqa: E402


def num(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def enc(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, (np.ndarray,)):
        flat = [enc_scalar(x, v.dtype) for x in v.reshape(-1).tolist()]
        return {"nd": nest(flat, list(v.shape)), "dtype": str(v.dtype), "shape": list(v.shape)}
    if isinstance(v, np.generic):
        return {"np": enc_scalar(v.item(), v.dtype), "dtype": str(v.dtype)}
    if isinstance(v, int):
        if abs(v) > 2**53:
            raise ValueError("int out of the exactly representable range")
        return v
    if isinstance(v, float):
        return {"f": num(v)}
    if isinstance(v, list):
        return [enc(x) for x in v]
    if isinstance(v, tuple):
        return {"tuple": [enc(x) for x in v]}
    if isinstance(v, dict):
        return {"dict": [[enc(k), enc(x)] for k, x in v.items()]}
    if isinstance(v, (set, frozenset)):
        return {"set": sorted((enc(x) for x in v), key=lambda e: json.dumps(e, sort_keys=True))}
    raise TypeError(f"cannot encode {type(v).__name__}")


def enc_scalar(x, dtype):
    if isinstance(x, float):
        return num(x)
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
        for args in c["calls"]:
            try:
                value = ns["f"](*copy.deepcopy(args))
            except Exception as e:  # the case expects the same exception from the translation
                result = {"raises": type(e).__name__}
            else:
                result = {"value": enc(value)}  # an encoding error is the corpus's bug: let it stop the run
            calls.append({"args": [enc(a) for a in args], **result})
        out.append({"area": c["area"], "name": c["name"], "source": c["source"], "calls": calls})
    meta = {"python": platform.python_version(), "numpy": np.__version__, "cases": len(out), "calls": sum(len(c["calls"]) for c in out)}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "parity.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump({"generated": meta, "cases": out}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(json.dumps(meta))


if __name__ == "__main__":
    run()
