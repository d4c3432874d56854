"""Writes samples/*.png: three 8x8 greyscale digits from scikit-learn's digits (0..16 scaled to 0..255)."""
import os

import numpy as np
from PIL import Image
from sklearn.datasets import load_digits

digits = load_digits()
os.makedirs("samples", exist_ok=True)
for index in (1790, 1795, 1797 - 4):
    pixels = np.round(digits.images[index] * 255.0 / 16.0).astype(np.uint8)
    Image.fromarray(pixels, mode="L").save(f"samples/digit_{index}_{digits.target[index]}.png")
