"""Writes product_reviews.csv: 750 synthetic shop reviews (negative / neutral / positive) as scraped, with URLs,
prices, HTML line breaks, capitals and stray spaces (fixed seed)."""
import random

import pandas as pd

random.seed(5)
PRODUCTS = ["blender", "kettle", "headphones", "phone case", "desk lamp", "backpack", "vacuum", "coffee grinder",
            "keyboard", "water bottle"]
OPINIONS = {
    "positive": ["Love this {p}, works perfectly", "Great {p} for the price", "Best {p} I have ever bought",
                 "Excellent quality, the {p} feels solid", "Super happy with this {p}, highly recommend",
                 "Amazing {p}! Does exactly what it says", "Five stars, my new favourite {p}"],
    "negative": ["The {p} broke after {n} days", "Terrible {p}, stopped working", "Waste of money, the {p} is junk",
                 "Returned the {p}, very disappointed", "Do not buy this {p}, it leaks",
                 "Awful {p}, cheap plastic and noisy", "The {p} arrived broken and support never answered"],
    "neutral": ["The {p} is ok, nothing special", "Average {p}, does the job", "It's a {p}. Fine I guess",
                "The {p} works but the color is different from the photo", "Decent {p}, a bit overpriced",
                "Not bad, not great. The {p} is what you expect", "The {p} is fine for occasional use"],
}
EXTRAS = ["", "", "", " Paid ${price}.", " Bought it for {price} EUR.", " See my video https://youtu.be/{code}",
          " More at www.example-reviews.com/{code}", "<br />Shipping took {n} days.", "<br /><br />Update: still {mood}.",
          " Order {num}.", "!!!", " :)"]

rows = []
for i in range(750):
    sentiment = ["positive", "negative", "neutral"][i % 3]
    text = random.choice(OPINIONS[sentiment]).format(p=random.choice(PRODUCTS), n=random.randint(2, 30))
    text += random.choice(EXTRAS).format(price=f"{random.randint(9, 199)}.{random.randint(0, 99):02d}",
                                         code=f"x{random.randint(1000, 9999)}q", n=random.randint(2, 14),
                                         mood=random.choice(["happy", "working", "annoyed"]),
                                         num=random.randint(100000, 999999))
    if random.random() < 0.2:
        text = text.upper()
    if random.random() < 0.2:
        text = "  " + text.replace(" ", "  ", 2) + " "
    if random.random() < 0.05:  # star ratings do not always match the words
        sentiment = random.choice(["positive", "negative", "neutral"])
    rows.append({"review_id": f"R{10000 + i}", "stars": {"positive": 5, "neutral": 3, "negative": 1}[sentiment],
                 "review": text, "sentiment": sentiment})
pd.DataFrame(rows).sample(frac=1.0, random_state=2).to_csv("product_reviews.csv", index=False)
