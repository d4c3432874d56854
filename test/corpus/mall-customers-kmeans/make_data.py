"""Writes Mall_Customers.csv: 200 shoppers in the shape of the Kaggle "Mall Customer Segmentation" data set
(CustomerID, Gender, Age, Annual Income (k$), Spending Score (1-100)), drawn around five income/spending groups."""
import numpy as np
import pandas as pd

rng = np.random.RandomState(7)
groups = [  # (share, income mean, spending mean, age mean)
    (0.39, 55, 50, 43), (0.20, 87, 82, 33), (0.18, 88, 17, 41), (0.12, 26, 79, 25), (0.11, 26, 21, 45),
]
rows = []
for share, inc, spend, age in groups:
    n = int(round(share * 200))
    rows.append(pd.DataFrame({
        "Gender": rng.choice(["Male", "Female"], size=n, p=[0.44, 0.56]),
        "Age": np.clip(rng.normal(age, 9, n).round(), 18, 70).astype(int),
        "Annual Income (k$)": np.clip(rng.normal(inc, 9, n).round(), 15, 137).astype(int),
        "Spending Score (1-100)": np.clip(rng.normal(spend, 8, n).round(), 1, 99).astype(int),
    }))
df = pd.concat(rows).sample(frac=1, random_state=7).reset_index(drop=True)
df.insert(0, "CustomerID", np.arange(1, len(df) + 1))
df.to_csv("Mall_Customers.csv", index=False)
