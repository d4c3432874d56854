"""Writes winequality-red.csv: 900 synthetic red wines (fixed seed) with the columns of the UCI wine quality data
set (semicolon-separated, names with spaces, quality 3..8) that wine-quality-column-inputs.ipynb reads."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(5)
n = 900
quality = rng.choice([3, 4, 5, 6, 7, 8], size=n, p=[0.01, 0.04, 0.42, 0.39, 0.12, 0.02])
q = quality - 5.6
df = pd.DataFrame({
    "fixed acidity": np.clip(rng.normal(8.3, 1.7, n) + 0.2 * q, 4.6, 15.9).round(1),
    "volatile acidity": np.clip(rng.normal(0.53, 0.15, n) - 0.08 * q, 0.12, 1.58).round(3),
    "citric acid": np.clip(rng.normal(0.27, 0.19, n) + 0.04 * q, 0.0, 1.0).round(2),
    "residual sugar": np.clip(rng.lognormal(0.85, 0.35, n), 0.9, 15.5).round(1),
    "chlorides": np.clip(rng.normal(0.087, 0.03, n) - 0.006 * q, 0.012, 0.61).round(3),
    "free sulfur dioxide": np.clip(rng.normal(15.9, 10, n), 1, 72).round(0),
    "total sulfur dioxide": np.clip(rng.normal(46, 30, n) - 6 * q, 6, 289).round(0),
    "density": np.clip(rng.normal(0.9967, 0.0018, n) - 0.0004 * q, 0.990, 1.0037).round(5),
    "pH": np.clip(rng.normal(3.31, 0.15, n), 2.74, 4.01).round(2),
    "sulphates": np.clip(rng.normal(0.66, 0.15, n) + 0.05 * q, 0.33, 2.0).round(2),
    "alcohol": np.clip(rng.normal(10.4, 0.8, n) + 0.75 * q, 8.4, 14.9).round(1),
    "quality": quality,
})
df.to_csv("winequality-red.csv", sep=";", index=False)
