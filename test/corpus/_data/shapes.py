"""Coloured circles, squares and triangles on noisy backgrounds, drawn with PIL: the image data of the shapes-*
corpus notebooks, each of which calls write_shapes with its own seed and sample size from its make_data.py."""
import os
import random

from PIL import Image, ImageDraw, ImageFilter

CLASSES = ["circle", "square", "triangle"]


def shape_image(rng, kind, size):
    w, h = size
    bg = tuple(rng.randint(150, 255) for _ in range(3))
    img = Image.new("RGB", size, bg)
    px = img.load()
    for _ in range(w * h // 6):  # speckle noise
        x, y = rng.randrange(w), rng.randrange(h)
        px[x, y] = tuple(max(0, c - rng.randint(0, 60)) for c in bg)
    draw = ImageDraw.Draw(img)
    fill = tuple(rng.randint(0, 110) for _ in range(3))
    r = rng.uniform(0.25, 0.38) * min(w, h)
    cx, cy = w / 2 + rng.uniform(-0.1, 0.1) * w, h / 2 + rng.uniform(-0.1, 0.1) * h
    if kind == "circle":
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
    elif kind == "square":
        draw.rectangle([cx - r, cy - r, cx + r, cy + r], fill=fill)
    else:
        draw.polygon([(cx, cy - r), (cx - r, cy + r * 0.8), (cx + r, cy + r * 0.8)], fill=fill)
    return img.filter(ImageFilter.SMOOTH)


def write_shapes(seed, sample_size, sample_name):
    """data/<class>/<class>_NN.jpg (24 training images a class, 40x40) and samples/<sample_name> (one a class,
    `sample_size`; `sample_name` formats `kind`), JPEG quality 90, into the current folder."""
    rng = random.Random(seed)
    for kind in CLASSES:
        os.makedirs(f"data/{kind}", exist_ok=True)
        for i in range(24):
            shape_image(rng, kind, (40, 40)).save(f"data/{kind}/{kind}_{i:02d}.jpg", quality=90)
    os.makedirs("samples", exist_ok=True)
    for kind in CLASSES:
        shape_image(rng, kind, sample_size).save("samples/" + sample_name.format(kind=kind), quality=90)
