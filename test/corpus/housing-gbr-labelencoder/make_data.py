"""Writes housing.csv: 1,200 synthetic California-style block groups (fixed seed), with the columns of the
California housing data set people download (a string ocean_proximity, a few missing total_bedrooms), that
housing-gbr-labelencoder.ipynb reads."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(2024)
n = 1200
ocean = rng.choice(["<1H OCEAN", "INLAND", "NEAR OCEAN", "NEAR BAY"], size=n, p=[0.44, 0.32, 0.13, 0.11])
longitude = np.where(ocean == "INLAND", rng.uniform(-121.5, -116.0, n), rng.uniform(-124.0, -117.5, n)).round(2)
latitude = np.where(ocean == "NEAR BAY", rng.uniform(37.3, 38.2, n), rng.uniform(32.6, 40.5, n)).round(2)
housing_median_age = rng.integers(2, 53, n)
households = np.round(np.exp(rng.normal(6.0, 0.55, n))).astype(int)
total_rooms = np.round(households * np.clip(rng.normal(5.3, 1.2, n), 2.0, 11.0)).astype(int)
total_bedrooms = np.round(total_rooms * np.clip(rng.normal(0.21, 0.03, n), 0.12, 0.4)).astype(float)
total_bedrooms[rng.random(n) < 0.02] = np.nan
population = np.round(households * np.clip(rng.normal(2.9, 0.7, n), 1.2, 6.0)).astype(int)
median_income = np.clip(rng.lognormal(1.25, 0.45, n), 0.5, 15.0).round(4)
premium = pd.Series(ocean).map({"<1H OCEAN": 1.0, "INLAND": 0.62, "NEAR OCEAN": 1.1, "NEAR BAY": 1.2}).values
value = premium * (42000 * median_income + 900 * housing_median_age + 9000 * (total_rooms / households)) + rng.normal(0, 25000, n)
value = np.clip(value, 15000, 500001).round(-2)
df = pd.DataFrame({
    "longitude": longitude, "latitude": latitude, "housing_median_age": housing_median_age,
    "total_rooms": total_rooms, "total_bedrooms": total_bedrooms, "population": population,
    "households": households, "median_income": median_income, "median_house_value": value,
    "ocean_proximity": ocean,
})
df.to_csv("housing.csv", index=False)
