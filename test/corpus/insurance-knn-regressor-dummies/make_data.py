"""Writes insurance.csv in the shape of the Kaggle "Medical Cost Personal Datasets" file (age, sex, bmi, children,
smoker, region, charges): 600 seeded people whose charges grow with age and bmi and jump for smokers."""
import numpy as np
import pandas as pd

rng = np.random.RandomState(5)
n = 600
age = rng.randint(18, 65, n)
sex = rng.choice(["female", "male"], n)
bmi = rng.normal(30.6, 6.1, n).clip(16, 53).round(3)
children = rng.choice([0, 1, 2, 3, 4, 5], n, p=[0.43, 0.24, 0.18, 0.11, 0.02, 0.02])
smoker = rng.choice(["no", "yes"], n, p=[0.8, 0.2])
region = rng.choice(["northeast", "northwest", "southeast", "southwest"], n)
charges = (2500 + 260 * age + 320 * np.maximum(bmi - 25, 0) + 480 * children + (smoker == "yes") * (20000 + 600 * np.maximum(bmi - 30, 0))
           + rng.gamma(2, 900, n)).round(5)
pd.DataFrame({"age": age, "sex": sex, "bmi": bmi, "children": children, "smoker": smoker, "region": region,
              "charges": charges}).to_csv("insurance.csv", index=False)
