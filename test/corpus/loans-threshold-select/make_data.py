import numpy as np, pandas as pd
rng = np.random.default_rng(11)
n = 900
income = np.round(rng.lognormal(10.8, 0.5, n), -2)
loan = np.round(rng.uniform(1000, 40000, n), -2)
term = rng.choice([36, 60], n)
score = rng.integers(480, 850, n)
purpose = rng.choice(["car", "home", "debt", "other"], n)
dti = np.round(rng.uniform(0, 45, n), 1)
z = -3 + 0.00006 * loan - 0.000015 * income + 0.03 * dti - 0.006 * (score - 650) + 0.5 * (term == 60) + 0.4 * (purpose == "debt")
default = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
pd.DataFrame({"income": income, "loan_amount": loan, "term": term, "credit_score": score, "purpose": purpose, "dti": dti, "default": default}).to_csv("loans.csv", index=False)
