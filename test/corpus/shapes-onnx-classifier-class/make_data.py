import numpy as np
from PIL import Image, ImageDraw
import os
rng = np.random.default_rng(0)
os.makedirs("data", exist_ok=True)
for i in range(60):
    kind = ["circle", "square"][i % 2]
    img = Image.new("RGB", (32, 32), tuple(int(v) for v in rng.integers(150, 255, 3)))
    d = ImageDraw.Draw(img)
    x0, y0 = rng.integers(2, 10, 2); s = rng.integers(14, 20)
    col = tuple(int(v) for v in rng.integers(0, 100, 3))
    (d.ellipse if kind == "circle" else d.rectangle)([x0, y0, x0 + s, y0 + s], fill=col)
    img.save(f"data/{kind}_{i}.png")
with open("labels.txt", "w") as f:
    f.write("circle\nsquare\n")
os.makedirs("samples", exist_ok=True)
for name, kind, size in [("round.png", "circle", 40), ("box.png", "square", 32)]:
    img = Image.new("RGB", (size, size), (230, 220, 200))
    d = ImageDraw.Draw(img)
    (d.ellipse if kind == "circle" else d.rectangle)([6, 6, size - 8, size - 8], fill=(40, 60, 90))
    img.save(f"samples/{name}")
