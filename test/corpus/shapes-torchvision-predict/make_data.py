"""Writes data/<class>/*.jpg (the training images, 40x40) and samples/*.jpg (three photos-to-be, 64x48): the
shapes of ../_data/shapes.py. Seeded."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_data"))
from shapes import write_shapes  # noqa: E402

write_shapes(42, (64, 48), "{kind}.jpg")
