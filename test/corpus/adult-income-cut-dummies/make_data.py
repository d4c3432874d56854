import numpy as np, pandas as pd
rng = np.random.default_rng(7)
n = 800
age = rng.integers(18, 80, n)
hours = rng.integers(10, 70, n)
edu = rng.choice(["HS-grad", "Bachelors", "Masters", "Some-college"], n)
occ = rng.choice(["Sales", "Tech-support", "Exec-managerial", "Craft-repair"], n)
cap = np.where(rng.random(n) < 0.15, rng.integers(1000, 20000, n), 0)
score = 0.03*(age-40) + 0.04*(hours-40) + (edu == "Masters")*1.2 + (edu == "Bachelors")*0.7 + (occ == "Exec-managerial")*0.8 + (cap > 0)*1.0 + rng.normal(0, 0.8, n)
income = np.where(score > 0.6, ">50K", "<=50K")
pd.DataFrame({"age": age, "education": edu, "occupation": occ, "hours_per_week": hours, "capital_gain": cap, "income": income}).to_csv("adult.csv", index=False)
