"""Writes ratings.csv (60 users, 12 ratings each, 1-5 stars that follow a hidden genre taste) and movies.csv (40 titles), seeded."""
import numpy as np, pandas as pd
rng = np.random.default_rng(3)
n_users, n_items = 60, 40
titles = [f"Movie {chr(65 + i % 26)}{i // 26}" for i in range(n_items)]
genres = rng.integers(0, 4, n_items)
taste = rng.integers(0, 4, n_users)
rows = []
for u in range(n_users):
    seen = rng.choice(n_items, size=12, replace=False)
    for i in seen:
        r = 3 + (1.5 if genres[i] == taste[u] else -0.5) + rng.normal(0, 0.7)
        rows.append((f"u{100 + u}", 1000 + i, int(np.clip(round(r), 1, 5)), 1600000000 + int(rng.integers(0, 10**7))))
pd.DataFrame(rows, columns=["userId", "movieId", "rating", "timestamp"]).to_csv("ratings.csv", index=False)
pd.DataFrame({"movieId": 1000 + np.arange(n_items), "title": titles, "genre": np.array(["Drama", "Comedy", "Action", "Horror"])[genres]}).to_csv("movies.csv", index=False)
