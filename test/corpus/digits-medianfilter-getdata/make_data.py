"""Two phone photos of handwritten digits: dark ink on paper, salt-and-pepper noise. Seeded."""
import numpy as np
from PIL import Image
from sklearn.datasets import load_digits
d = load_digits()
rng = np.random.default_rng(3)
for idx, name, size in [(13, "photo_3.png", (64, 64)), (42, "photo_1.jpg", (48, 56))]:
    glyph = (255 - d.images[idx] * 255 / 16).astype(np.uint8)
    img = np.asarray(Image.fromarray(glyph).resize(size, Image.BICUBIC), dtype=np.int16)
    noise = rng.random(img.shape)
    img[noise < 0.03] = 0
    img[noise > 0.97] = 255
    Image.fromarray(img.astype(np.uint8)).convert("RGB").save(name, quality=95)
    print(name, d.target[idx])
