"""Writes passengers.csv: 700 synthetic Titanic-like passengers (fixed seed; ages and ports partly missing)."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(1912)
n = 700
pclass = rng.choice([1, 2, 3], size=n, p=[0.24, 0.21, 0.55])
sex = rng.choice(["male", "female"], size=n, p=[0.64, 0.36])
age = np.clip(rng.normal(np.select([pclass == 1, pclass == 2], [38, 30], 25), 13), 0.4, 80).round(1)
sibsp = rng.choice([0, 1, 2, 3, 4], size=n, p=[0.68, 0.23, 0.04, 0.03, 0.02])
parch = rng.choice([0, 1, 2, 3], size=n, p=[0.76, 0.13, 0.09, 0.02])
fare = np.round(np.exp(rng.normal(np.select([pclass == 1, pclass == 2], [4.3, 3.0], 2.3), 0.45)), 4)
embarked = rng.choice(["S", "C", "Q"], size=n, p=[0.72, 0.19, 0.09]).astype(object)
logit = 1.2 - 2.4 * (sex == "male") - 0.85 * (pclass - 1) - 0.025 * (age - 30) - 0.25 * sibsp + 0.3 * (embarked == "C")
survived = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
df = pd.DataFrame({"survived": survived, "pclass": pclass, "sex": sex, "age": age, "sibsp": sibsp,
                   "parch": parch, "fare": fare, "embarked": embarked})
df.loc[rng.choice(n, 120, replace=False), "age"] = np.nan
df.loc[rng.choice(n, 3, replace=False), "embarked"] = np.nan
df.to_csv("passengers.csv", index=False)
