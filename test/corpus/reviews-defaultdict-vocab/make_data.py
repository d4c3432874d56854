"""Writes reviews.csv: the same 300 synthetic reviews as ../reviews-tokenizer-classmethod (its make_data.py, run here)."""
import os
import runpy

runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reviews-tokenizer-classmethod", "make_data.py"))
