"""Kaggle Titanic-style train.csv with real-looking names (titles), missing ages and cabins."""
import numpy as np
import pandas as pd

rng = np.random.RandomState(3)
n = 400
sex = rng.choice(["male", "female"], n, p=[0.64, 0.36])
pclass = rng.choice([1, 2, 3], n, p=[0.24, 0.21, 0.55])
age = np.where(rng.rand(n) < 0.2, np.nan, rng.normal(30, 13, n).clip(1, 75).round())
fare = (rng.gamma(2, 8, n) * (4 - pclass) ** 1.5).round(4)
surnames = ["Braund", "Cumings", "Heikkinen", "Futrelle", "Allen", "Moran", "McCarthy", "Palsson", "Johnson", "Nasser"]
def title(s, a):
    r = rng.rand()
    if s == "male":
        if r < 0.03: return rng.choice(["Rev", "Dr", "Col", "Major", "Capt", "Don", "Jonkheer", "Sir"])
        return "Master" if (not np.isnan(a) and a < 13) else "Mr"
    if r < 0.03: return rng.choice(["Lady", "Countess", "Mlle", "Ms", "Mme", "Dona"])
    return "Miss" if r < 0.5 else "Mrs"
titles = [title(s, a) for s, a in zip(sex, age)]
names = [f"{rng.choice(surnames)}, {t}. {rng.choice(['John', 'Anna', 'Owen', 'Laina', 'Lily', 'William'])}" for t in titles]
logit = 2.4 * (sex == "female") - 1.0 * (pclass - 2) - 0.03 * (np.nan_to_num(age, nan=30) - 30) - 1.0
df = pd.DataFrame({
    "PassengerId": np.arange(1, n + 1),
    "Survived": (rng.rand(n) < 1 / (1 + np.exp(-logit))).astype(int),
    "Pclass": pclass, "Name": names, "Sex": sex, "Age": age,
    "SibSp": rng.choice([0, 1, 2, 3], n, p=[0.68, 0.23, 0.06, 0.03]),
    "Parch": rng.choice([0, 1, 2], n, p=[0.76, 0.13, 0.11]),
    "Ticket": [f"A/{rng.randint(1000, 99999)}" for _ in range(n)],
    "Fare": fare,
    "Cabin": np.where(rng.rand(n) < 0.77, None, [f"C{rng.randint(1, 130)}" for _ in range(n)]),
    "Embarked": rng.choice(["S", "C", "Q", None], n, p=[0.71, 0.19, 0.09, 0.01]),
})
df.to_csv("train.csv", index=False)
