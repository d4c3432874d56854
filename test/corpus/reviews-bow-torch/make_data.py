"""Writes reviews.csv: 400 short synthetic product reviews with a 0/1 sentiment (fixed seed)."""
import random

import pandas as pd

random.seed(5)
POS = ["great", "excellent", "love", "perfect", "amazing", "sturdy", "comfortable", "fast", "recommend", "happy",
       "works", "beautiful", "solid", "easy"]
NEG = ["terrible", "broke", "awful", "disappointed", "refund", "cheap", "slow", "waste", "poor", "returned",
       "useless", "flimsy", "noisy", "worst"]
NOUNS = ["blender", "headphones", "chair", "kettle", "backpack", "lamp", "keyboard", "charger", "jacket", "mug"]
OPENERS = ["The {n} is", "This {n} was", "Bought the {n} and it is", "My new {n} feels", "Honestly the {n} is"]
FILLERS = ["for the price", "after two weeks", "out of the box", "so far", "overall", "to be honest", ""]

rows = []
for i in range(400):
    label = i % 2
    words = POS if label else NEG
    other = NEG if label else POS
    picked = random.sample(words, 2)
    text = f"{random.choice(OPENERS).format(n=random.choice(NOUNS))} {picked[0]} {random.choice(FILLERS)}".strip()
    text += random.choice([".", "!", ". " + picked[1].capitalize() + "."])
    if random.random() < 0.15:  # a mixed review now and then
        text += f" Only downside: a bit {random.choice(other)}."
    rows.append({"review": text, "sentiment": label})
pd.DataFrame(rows).sample(frac=1.0, random_state=0).to_csv("reviews.csv", index=False)
