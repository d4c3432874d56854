"""Writes transactions.csv (3000 labelled card transactions, the training data of train.py) and
transactions_new.csv (6 unlabelled ones scored by the notebook); synthetic, fixed seed."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(4242)
CATEGORIES = ["grocery", "fuel", "restaurant", "online", "electronics", "travel"]


def transactions(n, start_id):
    ts = pd.Timestamp("2024-03-01") + pd.to_timedelta(rng.integers(0, 30 * 24 * 3600, n), unit="s")
    cat = rng.choice(CATEGORIES, size=n, p=[0.3, 0.15, 0.2, 0.2, 0.08, 0.07])
    amount = np.round(np.exp(rng.normal(3.4, 1.0, n)) * np.where(np.isin(cat, ["electronics", "travel"]), 4, 1), 2)
    return pd.DataFrame({
        "transaction_id": [f"T{start_id + i}" for i in range(n)],
        "timestamp": ts.strftime("%Y-%m-%d %H:%M:%S"),
        "amount": amount,
        "merchant_category": cat,
        "distance_km": np.round(rng.exponential(12, n), 1),
        "card_present": rng.random(n) < 0.6,
    })


train = transactions(3000, 100000)
hour = pd.to_datetime(train["timestamp"]).dt.hour
logit = (-5.0 + 0.6 * np.log1p(train["amount"]) + 1.3 * (hour < 6) + 0.012 * train["distance_km"]
         - 1.5 * train["card_present"] + 0.8 * train["merchant_category"].isin(["electronics", "online"]))
train["is_fraud"] = (rng.random(3000) < 1 / (1 + np.exp(-logit))).astype(int)
train.to_csv("transactions.csv", index=False)
transactions(6, 900000).to_csv("transactions_new.csv", index=False)
