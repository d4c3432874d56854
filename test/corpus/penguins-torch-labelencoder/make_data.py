"""Writes penguins.csv: the same 330 synthetic penguins as ../penguins-rf-string-labels (its make_data.py, run here)."""
import os
import runpy

runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "penguins-rf-string-labels", "make_data.py"))
