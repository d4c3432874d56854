import numpy as np, pandas as pd
rng = np.random.default_rng(5)
n = 800
age = rng.integers(18, 65, n)
bmi = np.round(rng.normal(30, 6, n).clip(15, 55), 1)
children = rng.poisson(1.1, n)
smoker = rng.choice(["yes", "no"], n, p=[0.2, 0.8])
region = rng.choice(["northeast", "northwest", "southeast", "southwest"], n)
income = np.round(rng.lognormal(10.5, 0.6, n), -2)
charges = (250 * age + 300 * (bmi - 25).clip(0) + 500 * children + 23000 * (smoker == "yes") + 0.02 * income) * rng.lognormal(0, 0.15, n)
pd.DataFrame({"age": age, "bmi": bmi, "children": children, "smoker": smoker, "region": region, "income": income, "charges": np.round(charges, 2)}).to_csv("insurance.csv", index=False)
