"""Writes penguins.csv: 330 synthetic penguins of 3 species, six missing bill depths (fixed seed)."""
import numpy as np, pandas as pd
rng = np.random.default_rng(4)
rows = []
spec = {"Adelie": (38.8, 18.3, 190, 3700), "Chinstrap": (48.8, 18.4, 196, 3730), "Gentoo": (47.5, 15.0, 217, 5070)}
for sp, (bl, bd, fl, bm) in spec.items():
    for _ in range(110):
        rows.append({"species": sp, "island": rng.choice(["Biscoe", "Dream", "Torgersen"]), "bill_length_mm": round(rng.normal(bl, 2.5), 1), "bill_depth_mm": round(rng.normal(bd, 1.0), 1),
                     "flipper_length_mm": int(rng.normal(fl, 6)), "body_mass_g": int(rng.normal(bm, 350)), "sex": rng.choice(["male", "female"])})
df = pd.DataFrame(rows).sample(frac=1, random_state=1)
df.loc[df.sample(6, random_state=2).index, "bill_depth_mm"] = np.nan
df.to_csv("penguins.csv", index=False)
