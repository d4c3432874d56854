"""Writes bike_hours.csv: 1500 synthetic hourly bike-share records (fixed seed)."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(404)
n = 1500
hour = rng.integers(0, 24, n)
weekday = rng.integers(0, 7, n)
season = rng.choice(["winter", "spring", "summer", "fall"], size=n)
base_t = pd.Series(season).map({"winter": 4.0, "spring": 14.0, "summer": 25.0, "fall": 13.0}).values
temp = np.round(base_t + 4 * np.sin((hour - 9) / 24 * 2 * np.pi) + rng.normal(0, 3.5, n), 1)
humidity = np.clip(rng.normal(62, 16, n), 15, 100).round()
windspeed = np.clip(rng.gamma(2.0, 6.0, n), 0, 55).round(1)
weather = rng.choice(["clear", "mist", "rain"], size=n, p=[0.65, 0.25, 0.10])
holiday = (rng.random(n) < 0.03).astype(int)
workday = ((weekday < 5) & (holiday == 0)).astype(float)
commute = workday * (np.exp(-((hour - 8) ** 2) / 3) + np.exp(-((hour - 17.5) ** 2) / 4))
leisure = (1 - workday) * np.exp(-((hour - 14) ** 2) / 18)
rate = np.exp(3.0 + 2.2 * commute + 1.8 * leisure + 0.035 * temp - 0.006 * humidity - 0.01 * windspeed
              - 0.5 * (weather == "mist") - 1.3 * (weather == "rain") - 1.2 * ((hour < 6) | (hour > 22)))
count = rng.poisson(rate)
pd.DataFrame({"hour": hour, "weekday": weekday, "holiday": holiday, "season": season, "weather": weather,
              "temp": temp, "humidity": humidity, "windspeed": windspeed, "count": count}).to_csv("bike_hours.csv", index=False)
