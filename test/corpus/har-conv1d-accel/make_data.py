"""Accelerometer recordings (x, y, z at 50 Hz) of four activities, one CSV row per sample, seeded."""
import numpy as np, pandas as pd
rng = np.random.default_rng(11)
rows = []
acts = {"walking": (2.0, 1.2), "running": (3.0, 3.0), "sitting": (0.0, 0.05), "standing": (0.0, 0.1)}
for rec in range(40):
    act = list(acts)[rec % 4]
    f, a = acts[act]
    t = np.arange(64 * 4) / 50.0
    g = np.array([0.0, 0.0, 9.81]) if act != "sitting" else np.array([0.0, 6.9, 6.9])
    sig = np.stack([a * np.sin(2 * np.pi * f * t + rng.uniform(0, 6)), 0.5 * a * np.cos(2 * np.pi * f * t), 0.8 * a * np.sin(2 * np.pi * 2 * f * t)], 1) + g + rng.normal(0, 0.15, (len(t), 3))
    for i, (x, y, z) in enumerate(sig):
        rows.append((rec, act, i, round(x, 3), round(y, 3), round(z, 3)))
pd.DataFrame(rows, columns=["recording", "activity", "t", "acc_x", "acc_y", "acc_z"]).to_csv("accelerometer.csv", index=False)
