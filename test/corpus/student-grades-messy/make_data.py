"""Writes students.csv: 500 synthetic students and their final grade (0-20), with some gaps (fixed seed)."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(31)
n = 500
study = np.clip(rng.gamma(2.2, 2.5, n), 0, 30).round(1)
absences = rng.poisson(4, n)
parent_edu = rng.choice(["none", "primary", "secondary", "higher"], size=n, p=[0.08, 0.27, 0.4, 0.25])
internet = rng.choice(["yes", "no"], size=n, p=[0.8, 0.2])
prev = np.clip(rng.normal(11, 3, n), 0, 20).round()
sleep = np.clip(rng.normal(7, 1.1, n), 3.5, 10).round(1)
edu = pd.Series(parent_edu).map({"none": 0, "primary": 1, "secondary": 2, "higher": 3}).values
grade = np.clip(0.55 * prev + 0.28 * study - 0.18 * absences + 0.5 * edu + 0.8 * (internet == "yes")
                + 0.4 * (sleep - 7) + rng.normal(0, 1.3, n) + 1.5, 0, 20).round(1)
df = pd.DataFrame({"student_id": np.arange(1, n + 1), "study_hours": study, "absences": absences,
                   "parent_edu": parent_edu, "internet": internet, "prev_grade": prev, "sleep_hours": sleep,
                   "final_grade": grade})
df.loc[rng.choice(n, 25, replace=False), "prev_grade"] = np.nan
df.loc[rng.choice(n, 15, replace=False), "sleep_hours"] = np.nan
df.to_csv("students.csv", index=False)
