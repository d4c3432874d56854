"""Writes churn.csv: 900 synthetic telecom customers (fixed seed; new customers have no total yet)."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(99)
n = 900
tenure = rng.integers(0, 72, n)
plan = rng.choice(["basic", "standard", "premium"], size=n, p=[0.45, 0.35, 0.2])
contract = rng.choice(["month-to-month", "one_year", "two_year"], size=n, p=[0.55, 0.25, 0.2])
monthly = np.round(pd.Series(plan).map({"basic": 25.0, "standard": 55.0, "premium": 90.0}).values
                   + rng.normal(0, 8, n), 2)
total = np.round(monthly * tenure * rng.uniform(0.95, 1.05, n), 2)
paperless = rng.choice(["Yes", "No"], size=n, p=[0.6, 0.4])
calls = rng.poisson(1.5, n)
logit = (0.8 - 0.05 * tenure + 0.015 * (monthly - 50) + 0.35 * calls
         - 1.2 * (contract == "one_year") - 2.0 * (contract == "two_year") + 0.3 * (paperless == "Yes"))
churn = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
df = pd.DataFrame({
    "customer_id": [f"C{10000 + i}" for i in range(n)], "tenure_months": tenure, "plan": plan,
    "contract": contract, "monthly_charges": monthly, "total_charges": total, "paperless": paperless,
    "support_calls": calls, "churn": churn,
})
df.loc[df["tenure_months"] == 0, "total_charges"] = np.nan
df.to_csv("churn.csv", index=False)
