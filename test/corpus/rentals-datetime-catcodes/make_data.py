"""Hourly bike rentals: a timestamp column, a weather description, temperature and humidity."""
import numpy as np
import pandas as pd

rng = np.random.RandomState(7)
n = 600
start = pd.Timestamp("2023-01-01")
ts = start + pd.to_timedelta(rng.randint(0, 365 * 24, n), unit="h")
weather = rng.choice(["clear", "cloudy", "rain", "snow"], n, p=[0.5, 0.3, 0.15, 0.05])
temp = (15 + 10 * np.sin((ts.dayofyear.values - 100) / 365 * 2 * np.pi) + rng.normal(0, 3, n)).round(1)
hum = rng.uniform(20, 95, n).round(0)
hour = ts.hour.values
base = 50 + 80 * np.exp(-((hour - 8) ** 2) / 6) + 100 * np.exp(-((hour - 17) ** 2) / 8)
count = base * (1 + 0.02 * temp) * np.where(weather == "rain", 0.5, np.where(weather == "snow", 0.3, 1.0)) * np.where(ts.dayofweek.values >= 5, 0.7, 1.0)
df = pd.DataFrame({"datetime": ts.strftime("%Y-%m-%d %H:%M:%S"), "weather": weather, "temp": temp, "humidity": hum, "count": (count + rng.normal(0, 10, n)).clip(0).round()})
df.to_csv("rentals.csv", index=False)
