"""Writes houses.csv: 600 synthetic house sales (fixed seed), the data house-prices.ipynb reads."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(7)
n = 600
city = rng.choice(["Austin", "Denver", "Seattle", "Boston"], size=n, p=[0.35, 0.25, 0.2, 0.2])
sqft = np.clip(rng.normal(1800, 550, n), 550, 4800).round()
bedrooms = np.clip(np.round(sqft / 650 + rng.normal(0, 0.6, n)), 1, 6).astype(int)
bathrooms = np.clip(np.round((bedrooms * 0.6 + rng.normal(0, 0.4, n)) * 2) / 2, 1, 4.5)
year_built = rng.integers(1948, 2023, n)
lot_size = np.round(np.exp(rng.normal(8.8, 0.45, n)))
garage = rng.choice(["yes", "no"], size=n, p=[0.7, 0.3])
city_factor = pd.Series(city).map({"Austin": 1.0, "Denver": 1.08, "Seattle": 1.35, "Boston": 1.42}).values
price = (
    city_factor * (95 * sqft + 9000 * bathrooms + 4000 * bedrooms + 6 * lot_size)
    * (1 - 0.0025 * (2024 - year_built))
    + np.where(garage == "yes", 14000, 0)
    + rng.normal(0, 18000, n)
)
df = pd.DataFrame({
    "sqft": sqft.astype(int), "bedrooms": bedrooms, "bathrooms": bathrooms, "year_built": year_built,
    "lot_size": lot_size.astype(int), "garage": garage, "city": city, "price": price.round(-2),
})
df.to_csv("houses.csv", index=False)
