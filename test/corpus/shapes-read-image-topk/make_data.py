"""Writes data/<class>/*.jpg (24 training images a class, 40x40), samples/<class>_photo.jpg (one a class, of other
sizes) and classes.txt: the shapes of ../_data/shapes.py. Seeded."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_data"))
from shapes import write_shapes_sized  # noqa: E402

write_shapes_sized(7, ["circle", "square", "triangle"], (40, 40), [(64, 48), (50, 70), (45, 45)], "classes.txt")
