"""Writes data/<class>/*.jpg (the training images, 44x40, read with OpenCV), samples/*_photo.jpg (photos-to-be of other sizes) and
classes.txt (one class name a line): coloured circles, diamonds, squares and triangles on noisy backgrounds, drawn with PIL and
saved as JPEG (quality 90). Seeded."""
import os
import random

from PIL import Image, ImageDraw, ImageFilter

CLASSES = ["circle", "diamond", "square", "triangle"]
rng = random.Random(2033)


def shape_image(kind, size):
    w, h = size
    bg = tuple(rng.randint(150, 255) for _ in range(3))
    img = Image.new("RGB", size, bg)
    px = img.load()
    for _ in range(w * h // 6):  # speckle noise
        x, y = rng.randrange(w), rng.randrange(h)
        px[x, y] = tuple(max(0, c - rng.randint(0, 60)) for c in bg)
    draw = ImageDraw.Draw(img)
    fill = tuple(rng.randint(0, 110) for _ in range(3))
    r = rng.uniform(0.25, 0.36) * min(w, h)
    cx, cy = w / 2 + rng.uniform(-0.08, 0.08) * w, h / 2 + rng.uniform(-0.08, 0.08) * h
    if kind == "circle":
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
    elif kind == "diamond":
        draw.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=fill)
    elif kind == "square":
        draw.rectangle([cx - r, cy - r, cx + r, cy + r], fill=fill)
    else:
        draw.polygon([(cx, cy - r), (cx - r, cy + r * 0.8), (cx + r, cy + r * 0.8)], fill=fill)
    return img.filter(ImageFilter.SMOOTH)


for kind in CLASSES:
    os.makedirs(f"data/{kind}", exist_ok=True)
    for i in range(24):
        shape_image(kind, (44, 40)).save(f"data/{kind}/{kind}_{i:02d}.jpg", quality=90)
os.makedirs("samples", exist_ok=True)
for kind, size in zip(CLASSES, [(80, 60), (64, 96), (100, 100), (120, 90)]):
    shape_image(kind, size).save(f"samples/{kind}_photo.jpg", quality=90)
with open("classes.txt", "w") as f:
    f.write("\n".join(CLASSES) + "\n")
