"""Writes data/<class>/*.jpg (the training images, 40x40) and samples/<class>_photo.png (three photos of other
sizes, saved as PNG): the shapes of ../_data/shapes.py. Seeded."""
import glob
import os
import sys

from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_data"))
from shapes import write_shapes_sized  # noqa: E402

write_shapes_sized(5, ["circle", "square", "triangle"], (40, 40), [(64, 48), (80, 80), (45, 70)], "labels.txt")
os.remove("labels.txt")
for p in glob.glob("samples/*.jpg"):
    Image.open(p).save(p[:-4] + ".png")
    os.remove(p)
