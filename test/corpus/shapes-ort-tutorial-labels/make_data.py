"""Writes data/<class>/*.jpg (the training images, 40x40), samples/*_photo.jpg (three photos-to-be, 96x72) and
labels.txt (one class name a line): the shapes of ../_data/shapes.py. Seeded."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_data"))
from shapes import CLASSES, write_shapes  # noqa: E402

write_shapes(2024, (96, 72), "{kind}_photo.jpg")
with open("labels.txt", "w") as f:
    f.write("\n".join(CLASSES) + "\n")
