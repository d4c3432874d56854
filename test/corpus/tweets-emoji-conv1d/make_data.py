"""Writes tweets.csv: 400 synthetic airline tweets (mentions, hashtags, emoji, t.co links, accents) labelled positive or negative."""
import random
import pandas as pd
random.seed(8)
pos = ["love", "great", "awesome", "happy", "best", "thanks", "amazing", "fun"]
neg = ["hate", "worst", "angry", "sad", "terrible", "broken", "late", "awful"]
filler = ["the", "flight", "today", "was", "so", "this", "service", "my", "app", "again", "really", "just"]
rows = []
for _ in range(400):
    lab = random.random() < 0.5
    ws = random.sample(pos if lab else neg, 2) + random.sample(filler, 4)
    random.shuffle(ws)
    t = " ".join(ws)
    if random.random() < 0.5:
        t = "@" + random.choice(["united", "delta", "support"]) + " " + t
    if random.random() < 0.4:
        t += " #" + random.choice(["travel", "fail", "win", "mondays"])
    if random.random() < 0.3:
        t += " " + random.choice(["😍", "🙂🎉", "✈️"] if lab else ["😡", "😢", "👎"])
    if random.random() < 0.2:
        t += " http://t.co/" + "".join(random.choice("abcXYZ123") for _ in range(6))
    if random.random() < 0.2:
        t = t.replace("the", "thé", 1)
    rows.append((t, "positive" if lab else "negative"))
pd.DataFrame(rows, columns=["text", "airline_sentiment"]).to_csv("tweets.csv", index=False)
