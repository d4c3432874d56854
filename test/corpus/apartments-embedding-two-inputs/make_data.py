"""Writes apartments.csv: seeded synthetic apartment listings (city, rooms, area) with a price in thousands."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(1)
n = 800
cities = ["paris", "lyon", "nice", "lille"]
df = pd.DataFrame({
    "city": rng.choice(cities, n),
    "rooms": rng.integers(1, 6, n),
    "area": rng.normal(60, 20, n).clip(15, 200).round(1),
})
base = {"paris": 10.0, "lyon": 6.0, "nice": 7.0, "lille": 4.0}
df["price"] = (df.city.map(base) * df.area / 10 + df.rooms * 3 + rng.normal(0, 2, n)).round(1)
df.to_csv("apartments.csv", index=False)
