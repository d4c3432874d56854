"""Writes winequality-red.csv in the UCI file's shape (semicolon separated, quoted names with spaces, quality 3-8):
800 seeded wines whose quality follows alcohol, volatile acidity and sulphates as in the real data."""
import numpy as np
import pandas as pd

rng = np.random.RandomState(11)
n = 800
df = pd.DataFrame({
    "fixed acidity": rng.normal(8.3, 1.7, n).clip(4.6, 15.9).round(1),
    "volatile acidity": rng.normal(0.53, 0.18, n).clip(0.12, 1.58).round(3),
    "citric acid": rng.uniform(0, 0.8, n).round(2),
    "residual sugar": rng.gamma(4, 0.6, n).clip(0.9, 15.5).round(1),
    "chlorides": rng.normal(0.087, 0.03, n).clip(0.012, 0.6).round(3),
    "free sulfur dioxide": rng.gamma(3, 5.3, n).clip(1, 72).round(0),
    "total sulfur dioxide": rng.gamma(3, 15.5, n).clip(6, 289).round(0),
    "density": rng.normal(0.9967, 0.0019, n).round(5),
    "pH": rng.normal(3.31, 0.15, n).round(2),
    "sulphates": rng.normal(0.66, 0.17, n).clip(0.33, 2.0).round(2),
    "alcohol": rng.normal(10.4, 1.07, n).clip(8.4, 14.9).round(1),
})
score = (0.9 * (df["alcohol"] - 10.4) - 2.0 * (df["volatile acidity"] - 0.53) + 1.5 * (df["sulphates"] - 0.66)
         + rng.normal(0, 0.6, n))
df["quality"] = np.digitize(score, [-1.8, -0.9, 0.3, 1.1, 1.9]) + 3
df.to_csv("winequality-red.csv", sep=";", index=False)
