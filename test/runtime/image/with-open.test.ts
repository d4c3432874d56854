// `with Image.open(...) as img:` (PIL's image as its own context manager, as notebooks open uploads) is translated as
// the image it binds: the block computes exactly what the same code without `with` computes, whose parity with
// Pillow pipelines.test.ts checks. Leaving the block closes nothing the service holds (it decodes received bytes).
import { describe, expect, it } from "vitest";
import { translatePython } from "../../helpers/translated.ts";
import { NDArray } from "../../../src/runtime/ndarray.ts";
import { readSource } from "./cases.ts";

const SOURCE = `
import io
import numpy as np
from PIL import Image, ImageOps


def load_with(image_bytes):
    with Image.open(io.BytesIO(image_bytes)) as img:
        img = ImageOps.grayscale(img)
        img = img.resize((8, 8))
        x = np.array(img).astype("float32") / 255
    return x.reshape(1, 8 * 8)


def load_plain(image_bytes):
    img = Image.open(io.BytesIO(image_bytes))
    img = ImageOps.grayscale(img)
    img = img.resize((8, 8))
    x = np.array(img).astype("float32") / 255
    return x.reshape(1, 8 * 8)


def size_with(image_bytes):
    with Image.open(io.BytesIO(image_bytes)) as im, Image.open(io.BytesIO(image_bytes)) as again:
        return [im.size, again.mode]
`;

describe("with Image.open(...) as img", () => {
  it("computes what the same code without `with` computes, for PNG, JPEG and RGBA sources", async () => {
    const { fns } = await translatePython(SOURCE);
    for (const source of ["rgb_64x48.png", "q90_420_300x225.jpg", "rgba_53x41.png", "l_28x28.png"]) {
      const bytes = readSource(source);
      const a = fns["load_with"]!(bytes) as NDArray;
      const b = fns["load_plain"]!(bytes) as NDArray;
      expect(a.shape, source).toEqual([1, 64]);
      expect(a.dtype).toBe("float32");
      expect(a.tolist(), source).toEqual(b.tolist());
    }
    // several items, and a return from inside the block
    expect(fns["size_with"]!(readSource("rgb_64x48.png"))).toEqual([[64, 48], "RGB"]);
  }, 120_000);
});
