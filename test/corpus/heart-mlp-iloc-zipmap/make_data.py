"""Writes heart.csv: 600 synthetic patients (fixed seed) with the columns of the Kaggle/UCI heart disease CSV (age,
sex, cp, trestbps, chol, fbs, restecg, thalach, exang, oldpeak, slope, ca, thal, target) that
heart-mlp-iloc-zipmap.ipynb reads."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(303)
n = 600
target = (rng.random(n) < 0.54).astype(int)
age = np.clip(np.round(rng.normal(54, 9, n) - 3 * target), 29, 77).astype(int)
sex = (rng.random(n) < np.where(target == 1, 0.56, 0.82)).astype(int)
cp = np.where(target == 1, rng.choice(4, n, p=[0.25, 0.3, 0.35, 0.1]), rng.choice(4, n, p=[0.75, 0.08, 0.12, 0.05]))
trestbps = np.clip(np.round(rng.normal(131, 17, n)), 94, 200).astype(int)
chol = np.clip(np.round(rng.normal(246, 50, n)), 126, 564).astype(int)
fbs = (rng.random(n) < 0.15).astype(int)
restecg = rng.choice(3, n, p=[0.48, 0.5, 0.02])
thalach = np.clip(np.round(rng.normal(140, 20, n) + 18 * target), 71, 202).astype(int)
exang = (rng.random(n) < np.where(target == 1, 0.14, 0.55)).astype(int)
oldpeak = np.clip(np.round(np.abs(rng.normal(np.where(target == 1, 0.6, 1.6), 1.0, n)), 1), 0, 6.2)
slope = np.where(target == 1, rng.choice(3, n, p=[0.06, 0.28, 0.66]), rng.choice(3, n, p=[0.09, 0.65, 0.26]))
ca = np.where(target == 1, rng.choice(5, n, p=[0.8, 0.12, 0.05, 0.02, 0.01]), rng.choice(5, n, p=[0.33, 0.3, 0.2, 0.15, 0.02]))
thal = np.where(target == 1, rng.choice(4, n, p=[0.01, 0.04, 0.8, 0.15]), rng.choice(4, n, p=[0.01, 0.1, 0.26, 0.63]))
df = pd.DataFrame({"age": age, "sex": sex, "cp": cp, "trestbps": trestbps, "chol": chol, "fbs": fbs,
                   "restecg": restecg, "thalach": thalach, "exang": exang, "oldpeak": oldpeak, "slope": slope,
                   "ca": ca, "thal": thal, "target": target})
df.to_csv("heart.csv", index=False)
