import numpy as np, pandas as pd
rng = np.random.default_rng(11)
n = 700
temp = np.round(rng.normal(15, 8, n), 1)
humidity = np.round(rng.uniform(20, 95, n), 0)
wind = np.round(rng.gamma(2, 3, n), 1)
hour = rng.integers(0, 24, n)
occupancy = rng.integers(0, 120, n)
noise1 = np.round(rng.normal(0, 1, n), 3)
noise2 = np.round(rng.normal(0, 1, n), 3)
load = 200 + 3 * (temp - 18) ** 2 / 4 + 0.5 * humidity + 2 * occupancy + 40 * ((hour >= 8) & (hour <= 18)) + 0.02 * temp * occupancy + rng.normal(0, 15, n)
pd.DataFrame({"temp": temp, "humidity": humidity, "wind": wind, "hour": hour, "occupancy": occupancy, "sensor_a": noise1, "sensor_b": noise2, "load_kw": np.round(load, 1)}).to_csv("building_energy.csv", index=False)
