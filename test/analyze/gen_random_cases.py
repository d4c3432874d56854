# Records numpy's, scikit-learn's and pandas' seeded row selections, for test/analyze/numpy-random.test.ts:
# /usr/bin/python3 test/analyze/gen_random_cases.py (Debian's numpy 1.24, scikit-learn 1.2, pandas 1.5)
import json
import numpy as np
import pandas as pd
from sklearn.datasets import load_iris, load_wine
from sklearn.model_selection import train_test_split

cases = {"permutation": [], "split": [], "sample": []}
for seed, n in [(0, 1), (0, 2), (42, 10), (0, 150), (2**31 + 5, 7), (4294967295, 33), (123, 1000)]:
    cases["permutation"].append({"seed": seed, "n": n, "out": np.random.RandomState(seed).permutation(n).tolist()})
wine_y = load_wine().target
iris_y = load_iris().target
labels = ["b", "a", "a", "c", "b", "a", "c", "c", "a", "b", "a", "b"]
for n, test_size, train_size, seed, shuffle, strat in [
    (150, 0.2, None, 42, True, None),
    (150, None, None, 1, True, None),
    (150, 30, None, 3, True, None),
    (101, 0.33, 0.5, 9, True, None),
    (20, 0.25, None, None, False, None),
    (len(wine_y), 0.25, None, 42, True, "wine"),
    (len(iris_y), 0.2, None, 0, True, "iris"),
    (12, 0.33, None, 7, True, "letters"),
]:
    y = {"wine": wine_y, "iris": iris_y, "letters": np.array(labels), None: None}[strat]
    train, test = train_test_split(np.arange(n), test_size=test_size, train_size=train_size, random_state=seed, shuffle=shuffle, stratify=y)
    cases["split"].append({"n": n, "test_size": test_size, "train_size": train_size, "seed": seed, "shuffle": shuffle,
                           "stratify": None if y is None else y.tolist(), "train": train.tolist(), "test": test.tolist()})
df = pd.DataFrame({"a": range(20)})
for n_, frac, seed in [(None, 1.0, 8), (5, None, 3), (None, 0.3, 1), (1, None, 0)]:
    cases["sample"].append({"n": 20, "size": n_, "frac": frac, "seed": seed, "out": df.sample(n=n_, frac=frac, random_state=seed)["a"].tolist()})
with open("test/analyze/fixtures/random.json", "w") as f:
    json.dump(cases, f)
