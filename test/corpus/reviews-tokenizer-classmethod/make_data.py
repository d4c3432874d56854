"""Writes reviews.csv: 300 short synthetic product reviews (label 1 positive, 0 negative), seeded."""
import random

import pandas as pd

random.seed(7)
POS = ["great", "love", "excellent", "perfect", "amazing", "works", "recommend", "happy", "sturdy", "fast"]
NEG = ["broke", "terrible", "waste", "refund", "awful", "cheap", "disappointed", "slow", "returned", "noisy"]
FILLER = ["the", "this", "product", "it", "is", "was", "and", "very", "my", "for", "after", "a", "week", "really", "i"]
rows = []
for _ in range(300):
    positive = random.random() < 0.5
    words = random.sample(POS if positive else NEG, 2) + random.sample(FILLER, random.randint(3, 8))
    random.shuffle(words)
    text = " ".join(words)
    text = text[0].upper() + text[1:] + random.choice([".", "!", "!!", "", " :)" if positive else " :("])
    if random.random() < 0.2:
        text += " https://shop.example.com/item/" + str(random.randint(100, 999))
    rows.append((text, int(positive)))
pd.DataFrame(rows, columns=["review", "label"]).to_csv("reviews.csv", index=False)
