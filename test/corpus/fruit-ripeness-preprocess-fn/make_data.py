"""Writes data/<ripeness>/*.png (training photos, 36x36) and samples/*.png (three new photos, 80x60): a fruit as a
shaded ellipse whose colour says how ripe it is (green unripe, yellow ripe, brown overripe), on a light table with
a shadow and noise. Seeded."""
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

rng = np.random.default_rng(11)
COLOURS = {"unripe": (90, 160, 50), "ripe": (235, 200, 40), "overripe": (120, 80, 35)}


def photo(kind, size):
    w, h = size
    table = rng.integers(200, 245, 3)
    img = Image.new("RGB", size, tuple(int(c) for c in table))
    draw = ImageDraw.Draw(img)
    rx, ry = w * rng.uniform(0.25, 0.35), h * rng.uniform(0.2, 0.3)
    cx, cy = w / 2 + rng.uniform(-0.08, 0.08) * w, h / 2 + rng.uniform(-0.08, 0.08) * h
    draw.ellipse([cx - rx + 3, cy - ry + 4, cx + rx + 3, cy + ry + 4], fill=tuple(int(c * 0.7) for c in table))
    base = np.array(COLOURS[kind]) + rng.integers(-20, 21, 3)
    draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=tuple(int(c) for c in base.clip(0, 255)))
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    arr = np.asarray(img, dtype=np.float64) + rng.normal(0, 3, (h, w, 3))
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


for kind in COLOURS:
    os.makedirs(f"data/{kind}", exist_ok=True)
    for i in range(16):
        photo(kind, (36, 36)).save(f"data/{kind}/{i:02d}.png")
os.makedirs("samples", exist_ok=True)
for name, kind in [("banana", "ripe"), ("lime", "unripe"), ("old_pear", "overripe")]:
    photo(kind, (80, 60)).save(f"samples/{name}.png")
