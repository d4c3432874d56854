"""Writes daily_sales.csv: 600 days of a store's sales (trend, weekly season, noise), seeded."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
t = np.arange(600)
sales = 100 + 0.05 * t + 10 * np.sin(2 * np.pi * t / 7) + rng.normal(0, 2, size=t.shape)
pd.DataFrame({"date": pd.date_range("2022-01-01", periods=600).strftime("%Y-%m-%d"), "sales": sales.round(2)}).to_csv("daily_sales.csv", index=False)
