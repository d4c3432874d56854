"""Writes shapes_data/{train,val}/<class>/*.jpg (the transfer-learning tutorial's layout: 18 training and 6
validation images a class, 40x40) and samples/<class>_photo.jpg (three photos of other sizes): the shapes of
../_data/shapes.py. Seeded."""
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_data"))
from shapes import write_shapes_sized  # noqa: E402

CLASSES = ["circle", "square", "triangle"]
write_shapes_sized(11, CLASSES, (40, 40), [(64, 48), (50, 50), (45, 70)], "labels.txt")
os.remove("labels.txt")
shutil.rmtree("shapes_data", ignore_errors=True)
for c in CLASSES:
    for split in ("train", "val"):
        os.makedirs(f"shapes_data/{split}/{c}")
    for i, f in enumerate(sorted(os.listdir(f"data/{c}"))):
        shutil.copy(f"data/{c}/{f}", f"shapes_data/{'val' if i % 4 == 0 else 'train'}/{c}/{f}")
shutil.rmtree("data")
