"""Writes news.csv: 400 synthetic headlines in 4 topics, with punctuation and capitals (fixed seed)."""
import csv
import random


def make(path, seed, n=400):
    rng = random.Random(seed)
    topics = {
        "sport": ["match", "goal", "team", "coach", "league", "season", "player", "score", "win", "stadium"],
        "tech": ["software", "phone", "app", "chip", "data", "cloud", "startup", "ai", "update", "battery"],
        "politics": ["election", "vote", "minister", "party", "senate", "law", "policy", "campaign", "budget", "tax"],
        "health": ["doctor", "vaccine", "hospital", "diet", "sleep", "virus", "study", "patients", "heart", "drug"],
    }
    filler = ["the", "a", "new", "is", "and", "of", "in", "after", "big", "for", "this", "week", "says", "report", "on", "with"]
    rows = []
    for i in range(n):
        t = rng.choice(list(topics))
        words = [rng.choice(topics[t]) for _ in range(rng.randint(3, 6))] + [rng.choice(filler) for _ in range(rng.randint(2, 5))]
        if rng.random() < 0.15:
            other = rng.choice(list(topics))
            words.append(rng.choice(topics[other]))
        rng.shuffle(words)
        s = " ".join(words)
        s = s[0].upper() + s[1:] + rng.choice(["!", ".", "?", "...", "!!"])
        if rng.random() < 0.3:
            s = s.replace(" ", ", ", 1)
        rows.append((s, t))
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "category"])
        w.writerows(rows)

make("news.csv", 11)
