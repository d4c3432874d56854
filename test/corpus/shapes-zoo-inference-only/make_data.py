"""Writes data/<class>/*.jpg (the training images train.py reads, 40x40) and samples/*_test.jpg (three images to
classify, 80x80): the shapes of ../_data/shapes.py. Seeded."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_data"))
from shapes import write_shapes  # noqa: E402

write_shapes(77, (80, 80), "{kind}_test.jpg")
