"""Writes train/<class>_NN.jpg (30 a class, 40x40) with train/labels.csv (file, label, size: the shape's radius as a
fraction of the canvas) and test_images/<class>.png (56x56): the shapes of ../_data/shapes.py at chosen sizes.
Seeded."""
import csv
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_data"))
from shapes import shape_image  # noqa: E402

rng = random.Random(21)
os.makedirs("train", exist_ok=True)
rows = []
for kind in ["circle", "square", "triangle"]:
    for i in range(30):
        size = rng.uniform(0.15, 0.4)
        name = f"{kind}_{i:02d}.jpg"
        shape_image(rng, kind, (40, 40), radius=(size, size + 1e-6)).save(f"train/{name}", quality=90)
        rows.append((name, kind, round(size, 4)))
with open("train/labels.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["file", "label", "size"])
    w.writerows(rows)
os.makedirs("test_images", exist_ok=True)
for kind, size in [("circle", 0.35), ("triangle", 0.2), ("square", 0.3)]:
    shape_image(rng, kind, (56, 56), radius=(size, size + 1e-6)).save(f"test_images/{kind}.png")
