"""Writes penguins.csv: 330 synthetic penguins shaped like the Palmer penguins (fixed seed, a few gaps)."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(2020)
SPECIES = {
    # n, islands, bill length, bill depth, flipper length, body mass (mean, sd)
    "Adelie": (146, ["Torgersen", "Biscoe", "Dream"], (38.8, 2.6), (18.3, 1.2), (190.0, 6.5), (3700, 450)),
    "Chinstrap": (68, ["Dream"], (48.8, 3.3), (18.4, 1.1), (196.0, 7.0), (3730, 380)),
    "Gentoo": (116, ["Biscoe"], (47.5, 3.0), (15.0, 1.0), (217.0, 6.5), (5080, 500)),
}
rows = []
for species, (n, islands, bl, bd, fl, bm) in SPECIES.items():
    for _ in range(n):
        male = rng.random() < 0.5
        k = 1 if male else -1
        rows.append({
            "species": species,
            "island": islands[rng.integers(len(islands))],
            "bill_length_mm": round(rng.normal(bl[0] + k * 1.5, bl[1] * 0.8), 1),
            "bill_depth_mm": round(rng.normal(bd[0] + k * 0.6, bd[1] * 0.8), 1),
            "flipper_length_mm": float(round(rng.normal(fl[0] + k * 3, fl[1]))),
            "body_mass_g": float(round(rng.normal(bm[0] + k * 300, bm[1] * 0.8) / 25) * 25),
            "sex": "male" if male else "female",
        })
df = pd.DataFrame(rows).sample(frac=1.0, random_state=1).reset_index(drop=True)
df.loc[rng.choice(len(df), 9, replace=False), "sex"] = np.nan
df.loc[rng.choice(len(df), 2, replace=False), ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]] = np.nan
df.to_csv("penguins.csv", index=False)
