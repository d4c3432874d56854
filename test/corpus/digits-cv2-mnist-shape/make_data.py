"""Writes samples/*.png: three digits from the end of scikit-learn's digits, drawn as MNIST-style 56x56 colour
scans (light ink on a dark, slightly bluish background, sensor noise), saved as RGB PNG. Seeded."""
import os

import numpy as np
from PIL import Image
from sklearn.datasets import load_digits

rng = np.random.default_rng(28)
digits = load_digits()
os.makedirs("samples", exist_ok=True)
for index in (1780, 1786, 1777):
    ink = Image.fromarray(np.round(digits.images[index] * 255.0 / 16.0).astype(np.uint8), mode="L")
    ink = np.asarray(ink.resize((56, 56), Image.BICUBIC), dtype=np.float64)
    rgb = np.stack([ink * 0.95, ink * 0.97, ink], axis=-1) + np.array([4.0, 6.0, 14.0]) + rng.normal(0, 4, (56, 56, 3))
    Image.fromarray(rgb.clip(0, 255).astype(np.uint8), mode="RGB").save(f"samples/scan_{index}.png")
    print(index, digits.target[index])
