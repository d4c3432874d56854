"""Writes buildings.csv: 768 synthetic building designs with heating and cooling loads (fixed seed)."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(768)
n = 768
compactness = rng.choice([0.62, 0.64, 0.66, 0.69, 0.71, 0.74, 0.76, 0.79, 0.82, 0.86, 0.9, 0.98], n)
surface = np.round(808.5 - 500 * (compactness - 0.62) + rng.normal(0, 10, n), 1)
wall = np.round(rng.choice([245.0, 269.5, 294.0, 318.5, 343.0, 367.5, 416.5], n), 1)
height = np.where(compactness > 0.75, 7.0, 3.5)
orientation = rng.integers(2, 6, n)
glazing = rng.choice([0.0, 0.1, 0.25, 0.4], n)
heating = np.round(6 + 28 * (compactness - 0.6) + 2.6 * height + 22 * glazing + 0.01 * wall
                   + rng.normal(0, 1.2, n), 2)
cooling = np.round(heating * 1.05 + 2.5 + 0.3 * (orientation - 3.5) + rng.normal(0, 1.0, n), 2)
pd.DataFrame({"relative_compactness": compactness, "surface_area": surface, "wall_area": wall,
              "overall_height": height, "orientation": orientation, "glazing_area": glazing,
              "heating_load": heating, "cooling_load": cooling}).to_csv("buildings.csv", index=False)
