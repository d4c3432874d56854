"""Writes concrete.csv: 700 synthetic concrete mixes (fixed seed) with the columns of the UCI concrete compressive
strength data set (kg per m3 of mix, age in days, strength in MPa) that concrete-torch-np-c.ipynb reads."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(99)
n = 700
cement = rng.uniform(102, 540, n).round(1)
slag = np.where(rng.random(n) < 0.55, rng.uniform(0, 359, n), 0.0).round(1)
ash = np.where(rng.random(n) < 0.45, rng.uniform(0, 200, n), 0.0).round(1)
water = rng.uniform(122, 247, n).round(1)
superplasticizer = np.where(rng.random(n) < 0.6, rng.uniform(1.0, 32, n), 0.0).round(1)
coarse = rng.uniform(801, 1145, n).round(1)
fine = rng.uniform(594, 993, n).round(1)
age = rng.choice([3, 7, 14, 28, 56, 90, 180, 365], size=n, p=[0.13, 0.12, 0.06, 0.41, 0.09, 0.08, 0.06, 0.05])
binder = cement + 0.7 * slag + 0.45 * ash
strength = 95 * (binder / (binder + water)) ** 2.2 * (1 - np.exp(-0.12 * age ** 0.8)) + 0.25 * superplasticizer
strength = np.clip(strength + rng.normal(0, 3.5, n), 2.3, 82.6).round(2)
df = pd.DataFrame({"cement": cement, "slag": slag, "fly_ash": ash, "water": water,
                   "superplasticizer": superplasticizer, "coarse_aggregate": coarse, "fine_aggregate": fine,
                   "age": age, "strength": strength})
df.to_csv("concrete.csv", index=False)
