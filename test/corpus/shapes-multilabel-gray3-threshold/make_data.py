"""Tiles with up to two shapes (circle, square, triangle) on a noisy background: multi-label. Seeded."""
import csv, os, random
from PIL import Image, ImageDraw, ImageFilter
rng = random.Random(5)
KINDS = ["circle", "square", "triangle"]
def tile(kinds, size=(48, 48)):
    w, h = size
    bg = tuple(rng.randint(150, 255) for _ in range(3))
    img = Image.new("RGB", size, bg)
    d = ImageDraw.Draw(img)
    slots = [(w * 0.28, h * 0.5), (w * 0.72, h * 0.5)]
    rng.shuffle(slots)
    for kind, (cx, cy) in zip(kinds, slots):
        r = rng.uniform(0.14, 0.2) * w
        fill = tuple(rng.randint(0, 100) for _ in range(3))
        if kind == "circle":
            d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
        elif kind == "square":
            d.rectangle([cx - r, cy - r, cx + r, cy + r], fill=fill)
        else:
            d.polygon([(cx, cy - r), (cx - r, cy + r), (cx + r, cy + r)], fill=fill)
    return img.filter(ImageFilter.SMOOTH)
os.makedirs("tiles", exist_ok=True)
rows = []
for i in range(150):
    kinds = rng.sample(KINDS, rng.choice([1, 2]))
    name = f"tiles/tile_{i:03d}.png"
    tile(kinds).save(name)
    rows.append({"file": name, "labels": " ".join(sorted(kinds))})
with open("labels.csv", "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["file", "labels"])
    w.writeheader()
    w.writerows(rows)
tile(["circle", "triangle"], (80, 64)).save("query.png")
tile(["square"], (64, 64)).convert("L").save("query_gray.png")
