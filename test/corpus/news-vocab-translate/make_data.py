import random
import pandas as pd
random.seed(5)
words = {
 "sports": ["match", "goal", "team", "coach", "season", "league", "score", "player", "win", "cup"],
 "tech": ["software", "chip", "startup", "app", "cloud", "data", "phone", "ai", "launch", "update"],
 "politics": ["election", "vote", "senate", "minister", "policy", "law", "campaign", "party", "debate", "bill"],
}
filler = ["the", "a", "new", "after", "big", "today", "with", "for", "on", "in", "report", "says"]
rows = []
for label, ws in words.items():
    for _ in range(150):
        toks = random.sample(ws, 3) + random.sample(filler, 3)
        random.shuffle(toks)
        t = " ".join(toks)
        t = t[0].upper() + t[1:] + random.choice(["!", ".", "?!", "...", ""])
        if random.random() < 0.3: t = t.replace(" ", ", ", 1)
        rows.append((t, label))
random.shuffle(rows)
pd.DataFrame(rows, columns=["headline", "category"]).to_csv("headlines.csv", index=False)
