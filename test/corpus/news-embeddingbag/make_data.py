"""Writes headlines.csv: the same 450 synthetic headlines as ../news-vocab-translate (its make_data.py, run here)."""
import os
import runpy

runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "news-vocab-translate", "make_data.py"))
