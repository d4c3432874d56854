"""Writes samples/*.png: three handwritten digits from scikit-learn's digits, drawn as a scanned note would look:
32x32 colour images (dark blue ink on a cream background, a little noise), written with OpenCV (BGR order)."""
import os

import cv2
import numpy as np
from sklearn.datasets import load_digits

digits = load_digits()
rng = np.random.default_rng(3)
os.makedirs("samples", exist_ok=True)
paper = np.array([225, 240, 248], dtype=np.float64)  # BGR cream
ink = np.array([120, 40, 20], dtype=np.float64)      # BGR dark blue
for index in (1700, 1745, 1789):
    strength = cv2.resize(digits.images[index] / 16.0, (32, 32), interpolation=cv2.INTER_CUBIC).clip(0, 1)
    img = paper * (1 - strength[..., None]) + ink * strength[..., None]
    img += rng.normal(0, 6, img.shape)
    cv2.imwrite(f"samples/note_{index}_{digits.target[index]}.png", img.clip(0, 255).astype(np.uint8))
