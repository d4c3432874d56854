"""Writes data/<class>/*.jpg (the training images, 44x40), samples/<class>_photo.jpg (photos of other sizes and
aspect ratios) and synset.txt (one class name a line): the shapes of ../_data/shapes.py. Seeded."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_data"))
from shapes import write_shapes_sized  # noqa: E402

write_shapes_sized(2031, ["circle", "square", "triangle"], (44, 40), [(80, 60), (64, 96), (120, 90)], "synset.txt")
