"""Writes BankNote_Authentication.csv: 900 synthetic wavelet features of banknote images (fixed seed), shaped like
the UCI data set (variance, skewness, curtosis, entropy, class: 0 genuine, 1 forged) that
banknote-torch-to-numpy.ipynb reads."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(11)
n = 900
cls = (rng.random(n) < 0.45).astype(int)
variance = np.where(cls == 0, rng.normal(2.3, 2.0, n), rng.normal(-1.9, 1.9, n))
skewness = np.where(cls == 0, rng.normal(4.3, 5.1, n), rng.normal(-1.0, 5.4, n))
curtosis = -0.45 * skewness + np.where(cls == 0, rng.normal(-0.2, 3.2, n), rng.normal(2.2, 4.4, n)) + 0.8
entropy = -np.abs(rng.normal(0.9, 1.6, n)) + 0.6 + rng.normal(0, 0.5, n)
df = pd.DataFrame({"variance": variance.round(5), "skewness": skewness.round(5), "curtosis": curtosis.round(5),
                   "entropy": entropy.round(5), "class": cls})
df.to_csv("BankNote_Authentication.csv", index=False)
