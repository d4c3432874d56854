"""Writes samples/*: three digits from the end of scikit-learn's digits as a user would upload them, white ink on
black at 32x32: two RGB PNGs and one JPEG (quality 85), slightly blurred. Seeded."""
import os

import numpy as np
from PIL import Image, ImageFilter
from sklearn.datasets import load_digits

rng = np.random.default_rng(64)
digits = load_digits()
os.makedirs("samples", exist_ok=True)
for index, ext in [(1779, "png"), (1793, "png"), (1784, "jpg")]:
    ink = Image.fromarray(np.round(digits.images[index] * 255.0 / 16.0).astype(np.uint8), mode="L")
    ink = np.asarray(ink.resize((32, 32), Image.BILINEAR).filter(ImageFilter.GaussianBlur(0.6)), dtype=np.float64)
    rgb = np.stack([ink, ink * 0.98, ink * 0.96], axis=-1) + rng.normal(0, 3, (32, 32, 3))
    img = Image.fromarray(rgb.clip(0, 255).astype(np.uint8), mode="RGB")
    name = f"samples/upload_{digits.target[index]}.{ext}"
    img.save(name, quality=85) if ext == "jpg" else img.save(name)
    print(name)
