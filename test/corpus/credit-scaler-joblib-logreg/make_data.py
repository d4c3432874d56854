"""Writes loans.csv (1000 past applications with the outcome) and new_applicants.csv (5 to score); fixed seed."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(77)


def applicants(n):
    income = np.round(np.exp(rng.normal(10.8, 0.5, n)), -2)
    loan = np.round(income * rng.uniform(0.1, 0.9, n), -2)
    return pd.DataFrame({
        "age": rng.integers(21, 70, n),
        "income": income,
        "loan_amount": loan,
        "credit_score": np.clip(rng.normal(680, 70, n), 350, 850).round().astype(int),
        "years_employed": np.clip(rng.exponential(6, n), 0, 40).round(1),
        "existing_loans": rng.poisson(0.8, n),
        "home_owner": rng.choice(["yes", "no"], size=n, p=[0.45, 0.55]),
    })


past = applicants(1000)
logit = (0.02 * (past["credit_score"] - 680) - 3.0 * past["loan_amount"] / past["income"] + 0.08 * past["years_employed"]
         - 0.4 * past["existing_loans"] + 0.5 * (past["home_owner"] == "yes") + 1.0)
past["default"] = (rng.random(1000) >= 1 / (1 + np.exp(-logit))).astype(int)
past.to_csv("loans.csv", index=False)
applicants(5).to_csv("new_applicants.csv", index=False)
