"""Writes train.csv: the same synthetic Kaggle-style Titanic passengers as ../titanic-rf-map-encoding (its make_data.py, run here)."""
import os
import runpy

runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "titanic-rf-map-encoding", "make_data.py"))
