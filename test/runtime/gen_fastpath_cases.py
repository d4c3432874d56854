#!/usr/bin/python3
"""Generate test/runtime/fixtures/fastpath-cases.json: what CPython and numpy (1.24) answer for the inputs the
request-path fast paths take (round(float, n), argsort of a short 1-d array, format(float, 'f' and '%' specs)), edge
cases first.

Run with the system python that has numpy:  /usr/bin/python3 test/runtime/gen_fastpath_cases.py

round: [x, ndigits, round(x, ndigits)], floats as JSON numbers (every double round-trips; -0.0 stays -0.0).
argsort: {values, dtype, expected}: values as JSON numbers or "NaN"/"Infinity"/"-Infinity"; expected = np.argsort(np.array(values, dtype)).
fixed: [x, spec, format(x, spec)] for 'f' and '%' specs (exact ties, values near them, carries, zeros, large values).
"""
import json
import math
import os
import random

import numpy as np

random.seed(15)

rounds = []
def add_round(x, n):
    rounds.append([x, n, round(x, n)])

for n in range(0, 8):
    # exact ties: odd multiples of 2**-(n+1), the only doubles halfway between two n-decimal values
    for p in (1, 3, 5, 7, 9, 11, 13, 15, 17, 33, 65, 127, 1023, 4097):
        x = p / 2 ** (n + 1)
        for v in (x, -x, math.nextafter(x, 0), math.nextafter(x, math.inf), x + 1, x + 2):
            add_round(v, n)
    # decimal "ties" that are not exact in binary (2.675 is below the tie, 0.125 exactly on it)
    for s in ("2.675", "0.125", "0.375", "1.005", "0.0005", "0.00015", "0.45", "0.55", "1.5", "2.5", "0.99995", "9.99995"):
        add_round(float(s), n)
for _ in range(400):
    add_round(random.random(), random.choice([1, 2, 3, 4, 5, 6]))
for _ in range(200):
    add_round(random.uniform(-1000, 1000), random.choice([0, 1, 2, 4]))
for x in (0.0, -0.0, 1e-320, -1e-320, 5e-324, 1e20, 9.5e20, 1.5e21, 123456789.123456789, 0.5, -0.5, 1.5, -2.5, 0.49999999999999994):
    for n in (0, 1, 4, 10, 99, 100, 300):
        add_round(x, n)
# every exact power of ten (n <= 22), across magnitudes: x * 10**n from far below to far above 2**52
for _ in range(600):
    n = random.randint(0, 22)
    x = random.uniform(-1, 1) * 10 ** random.randint(-12, 12)
    add_round(x, n)
    t = (math.floor(abs(x) * 10 ** n) + 0.5) / 10 ** n  # the decimal tie nearest x, and the doubles around it
    for v in (t, math.nextafter(t, 0), math.nextafter(t, math.inf)):
        add_round(v, n)
for x in (0.0001, -0.00004, 0.00005, -0.00005):
    add_round(x, 4)

def enc(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    return v

argsorts = []
def add_argsort(values, dtype):
    a = np.array(values, dtype)
    argsorts.append({"values": [enc(v) for v in values], "dtype": dtype, "expected": np.argsort(a).tolist()})

nan = float("nan")
small = [
    [],
    [3.0],
    [0.1, -2.0, 3.5, 1.0, 0.5, 2.0, -1.0, 0.25, 7.0, 1.5],
    [1.0, 1.0, 1.0, 1.0],
    [2.0, 1.0, 2.0, 1.0, 2.0, 1.0],
    [0.0, -0.0, 0.0, -0.0, 1.0, -1.0],
    [nan, 1.0, nan, 0.0, -1.0],
    [nan, nan, nan],
    [float("inf"), -float("inf"), nan, 0.0],
    [0.1, 0.1, 0.2, 0.1, 0.3, 0.2, 0.1, 0.0, 0.3, 0.3, 0.1, 0.2, 0.0, 0.0, 0.1, 0.2],
]
for values in small:
    for dtype in ("float32", "float64"):
        add_argsort(values, dtype)
for values in ([3, 1, 2, 1, 3, 0, -5, 7], [5, 5, 5, 4, 4, 4], [0, 1]):
    for dtype in ("int64", "int32", "uint8"):
        add_argsort([abs(v) if dtype == "uint8" else v for v in values], dtype)
for n in (5, 10, 16):
    for _ in range(20):
        # few distinct values: many ties, in the range numpy sorts by insertion (stable)
        values = [float(random.randint(0, 3)) / 4 for _ in range(n)]
        add_argsort(values, random.choice(["float32", "float64"]))
# softmax-like probabilities, the postprocessing's input
for _ in range(20):
    z = np.random.default_rng(random.randint(0, 10**6)).normal(size=10).astype(np.float32)
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    add_argsort([float(v) for v in p], "float32")

# format(x, '.Nf') and '.N%': its own generator, so the cases above stay as they were
fr = random.Random(16)
fixed = []
FIXED_SPECS = (".0f", ".1f", ".2f", ".4f", ".17f", ".2%", ".0%", "8.3f", "+.2f", "%", ",.2f", "#.0f", "z.2f")
fixed_values = [0.5, 1.5, 2.5, 0.125, 0.375, 2.675, 1.005, 0.045, 9.995, 9.996, 99.995, 0.001, 0.0049, 0.005, 0.015, 1e20,
                9.999999e20, 1e21, 123456.785, 0.1, 1 / 3, 2 / 3, 1e-7, 5e-5, -0.5, -1.5, -0.0, -0.004, -2.675, 0.97651234,
                0.999012, 0.00051234, 5e-324, 1.7976931348623157e308]
for n in range(0, 5):
    # the exact ties of n decimals (odd multiples of 2**-(n+1)) and their neighbours, as round's cases above
    for p in (1, 3, 5, 7, 9, 11, 13, 1023):
        x = p / 2 ** (n + 1)
        fixed_values += [x, math.nextafter(x, 0), math.nextafter(x, math.inf)]
for _ in range(50):
    fixed_values.append(fr.random())
    fixed_values.append(fr.uniform(-1e6, 1e6))
    fixed_values.append(fr.randint(0, 10**6) / 2 ** fr.randint(1, 20))
for x in fixed_values:
    for spec in FIXED_SPECS:
        fixed.append([x, spec, format(x, spec)])

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "fastpath-cases.json")
with open(out, "w") as f:
    json.dump({"generatedBy": f"numpy {np.__version__}", "round": rounds, "argsort": argsorts, "fixed": fixed}, f, separators=(",", ":"), allow_nan=False)
    f.write("\n")
print(out, len(rounds), len(argsorts), len(fixed))
