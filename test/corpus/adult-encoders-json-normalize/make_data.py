import numpy as np, pandas as pd
rng = np.random.default_rng(21)
n = 800
age = rng.integers(18, 70, n)
edu = rng.choice(["HS-grad", "Bachelors", "Masters", "Some-college", "Doctorate"], n, p=[0.35, 0.25, 0.12, 0.23, 0.05])
wc = rng.choice(["Private", "Self-emp", "Gov"], n, p=[0.7, 0.15, 0.15])
sex = rng.choice(["Male", "Female"], n)
hours = rng.integers(10, 70, n)
z = -4 + 0.04 * age + 0.04 * hours + 1.2 * np.isin(edu, ["Masters", "Doctorate"]) + 0.6 * (edu == "Bachelors") + 0.3 * (sex == "Male")
income = np.where(rng.random(n) < 1 / (1 + np.exp(-z)), ">50K", "<=50K")
pd.DataFrame({"age": age, "education": edu, "workclass": wc, "sex": sex, "hours_per_week": hours, "income": income}).to_csv("adult.csv", index=False)
