"""Writes transactions.csv: seeded synthetic card transactions, 5 % of them unusual (large, far away)."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
n = 1200
df = pd.DataFrame({
    "amount": rng.gamma(2.0, 30.0, n).round(2),
    "hour": rng.integers(0, 24, n),
    "distance_km": rng.exponential(5.0, n).round(2),
    "n_items": rng.integers(1, 6, n),
    "label": 0,
})
fraud = rng.choice(n, 60, replace=False)
df.loc[fraud, "amount"] = (df.loc[fraud, "amount"] * 8).round(2)
df.loc[fraud, "distance_km"] = (df.loc[fraud, "distance_km"] + 80).round(2)
df.loc[fraud, "label"] = 1
df.to_csv("transactions.csv", index=False)
