"""Writes samples/: digits from scikit-learn's digits written the MNIST way round (dark ink on white paper), 28x28,
upscaled with Pillow's bicubic filter: seven.png (PNG) and three.jpg (JPEG, quality 85)."""
import os

import numpy as np
from PIL import Image, ImageOps
from sklearn.datasets import load_digits

digits = load_digits()
os.makedirs("samples", exist_ok=True)
for index, name in ((1775, "seven.png"), (1758, "three.jpg")):
    ink = Image.fromarray(np.round(digits.images[index] * 255.0 / 16.0).astype(np.uint8), mode="L")
    img = ImageOps.invert(ink.resize((28, 28), Image.BICUBIC))
    assert digits.target[index] == {"seven.png": 7, "three.jpg": 3}[name], digits.target[index]
    img.save(f"samples/{name}", **({"quality": 85} if name.endswith(".jpg") else {}))
