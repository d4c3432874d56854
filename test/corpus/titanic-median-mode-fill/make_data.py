"""Writes train.csv in the shape of Kaggle's Titanic train.csv (PassengerId, Survived, Pclass, Name, Sex, Age, SibSp,
Parch, Ticket, Fare, Cabin, Embarked): 400 seeded passengers, a fifth of the ages and most cabins missing, survival
following sex, class and age as in the real data."""
import numpy as np
import pandas as pd

rng = np.random.RandomState(1)
n = 400
sex = rng.choice(["male", "female"], n, p=[0.64, 0.36])
pclass = rng.choice([1, 2, 3], n, p=[0.24, 0.21, 0.55])
age = np.where(rng.rand(n) < 0.2, np.nan, rng.normal(30, 13, n).clip(1, 75).round())
fare = (rng.gamma(2, 8, n) * (4 - pclass) ** 1.5).round(4)
logit = 2.4 * (sex == "female") - 1.0 * (pclass - 2) - 0.03 * (np.nan_to_num(age, nan=30) - 30) - 1.0
df = pd.DataFrame({
    "PassengerId": np.arange(1, n + 1),
    "Survived": (rng.rand(n) < 1 / (1 + np.exp(-logit))).astype(int),
    "Pclass": pclass,
    "Name": [f"Passenger {i}" for i in range(1, n + 1)],
    "Sex": sex,
    "Age": age,
    "SibSp": rng.choice([0, 1, 2, 3], n, p=[0.68, 0.23, 0.06, 0.03]),
    "Parch": rng.choice([0, 1, 2], n, p=[0.76, 0.13, 0.11]),
    "Ticket": [f"A/{rng.randint(1000, 99999)}" for _ in range(n)],
    "Fare": fare,
    "Cabin": np.where(rng.rand(n) < 0.77, None, [f"C{rng.randint(1, 130)}" for _ in range(n)]),
    "Embarked": rng.choice(["S", "C", "Q", None], n, p=[0.71, 0.19, 0.09, 0.01]),
})
df.to_csv("train.csv", index=False)
