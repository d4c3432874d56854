// The decoding API a service uses before and while decoding: imageHeader (format, size and mode as Pillow opens
// them, without decoding pixels), the decompression-bomb limit applied before decoding, Pillow's errors for bad
// bytes, and the WebAssembly decoders recovering after a fatal error.
import { afterEach, describe, expect, it } from "vitest";
import { IMAGE_FORMATS, imageHeader, open, setMaxImagePixels, getMaxImagePixels } from "../../../src/runtime/image/pil.ts";
import * as cv2 from "../../../src/runtime/image/cv2.ts";
import { loadCases, readSource } from "./cases.ts";
import { raises } from "../../helpers/raises.ts";


const decodeCases = loadCases().filter((c) => c.id.startsWith("decode/") && !c.expect.error);

describe("imageHeader", () => {
  it.each(decodeCases.map((c) => [c.id.slice("decode/".length), c] as const))("%s: Pillow's format, size and mode", (file, c) => {
    const h = imageHeader(readSource(file));
    expect({ format: h.format, size: [h.width, h.height], mode: h.mode }).toEqual({ format: c.expect.format, size: c.expect.size, mode: c.expect.mode });
  });

  it("lists every format a fixture decodes in, with its media types", () => {
    const formats = new Set(decodeCases.map((c) => c.expect.format));
    expect(new Set(IMAGE_FORMATS.map((f) => f.format))).toEqual(formats);
    expect(IMAGE_FORMATS.find((f) => f.format === "JPEG")!.mediaTypes).toEqual(["image/jpeg"]);
  });

  it("reads a header without decoding: a PNG whose pixel data is cut is still identified", () => {
    expect(imageHeader(readSource("truncated.png"))).toEqual({ format: "PNG", width: 64, height: 48, mode: "RGB" });
    expect(imageHeader(readSource("truncated.jpg"))).toEqual({ format: "JPEG", width: 640, height: 480, mode: "RGB" });
  });

  it("refuses bytes of no image format with UnidentifiedImageError (an OSError)", () => {
    for (const f of ["junk.bin", "empty.bin", "header_only.png"]) {
      const e = raises(() => imageHeader(readSource(f)));
      expect(e.type, f).toBe("UnidentifiedImageError");
      expect(e.message).toMatch(/^UnidentifiedImageError: cannot identify image file/);
    }
    expect(raises(() => imageHeader(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).type).toBe("UnidentifiedImageError");
  });
});

describe("decompression bombs", () => {
  const limit = getMaxImagePixels();
  afterEach(() => setMaxImagePixels(limit));

  it("refuses an image of more than twice MAX_IMAGE_PIXELS from its header, with Pillow's message", () => {
    const e = raises(() => imageHeader(readSource("bomb_20000x10000.png")));
    expect(e.message).toBe("DecompressionBombError: Image size (200000000 pixels) exceeds limit of 178956970 pixels, could be decompression bomb DOS attack.");
    expect(raises(() => open(readSource("bomb_20000x10000.png"))).type).toBe("DecompressionBombError");
    expect(raises(() => cv2.imdecode(readSource("bomb_20000x10000.png"))).type).toBe("DecompressionBombError");
  });

  it("follows a lower limit a service sets", () => {
    setMaxImagePixels(1000);
    expect(raises(() => imageHeader(readSource("rgb_64x48.png"))).message).toContain("Image size (3072 pixels) exceeds limit of 2000 pixels");
    expect(imageHeader(readSource("rgb_31x29.png")).width).toBe(31);
    setMaxImagePixels(null);
    expect(imageHeader(readSource("bomb_20000x10000.png")).width).toBe(20000);
  });
});

describe("bad pixel data", () => {
  it("raises Pillow's truncation error when the pixels are first needed, as Pillow's lazy load does", () => {
    for (const f of ["truncated.jpg", "no_eoi.jpg", "truncated.png"]) {
      const im = open(readSource(f));
      expect(im.size, f).toEqual(f === "truncated.png" ? [64, 48] : [640, 480]);
      const e = raises(() => im.convert("RGB"));
      expect(e.type, f).toBe("OSError");
      expect(e.message, f).toMatch(/^OSError: image file is truncated/);
    }
  });

  it("recovers after libjpeg's fatal errors: the next image decodes", () => {
    const good = readSource("q75_420_97x61.jpg");
    const corrupt = good.slice();
    // the first component names quantization table 3, which the file does not define: libjpeg exits
    const sof = corrupt.findIndex((v, i) => v === 0xff && corrupt[i + 1] === 0xc0);
    corrupt[sof + 12] = 3;
    for (let i = 0; i < 3; i++) {
      const e = raises(() => open(corrupt).convert("RGB"));
      expect(e.message).toBe("OSError: broken data stream when reading image file (Quantization table 0x03 was not defined)");
      expect(open(good).convert("RGB").size).toEqual([97, 61]);
    }
  });

  it("gives OpenCV's None for undecodable bytes", () => {
    expect(cv2.imdecode(readSource("junk.bin"))).toBeNull();
    expect(cv2.imdecode(readSource("truncated.png"))).toBeNull();
  });

  it("takes bytes, not paths, and says so", () => {
    expect(raises(() => open("cat.png")).type).toBe("FileNotFoundError");
    expect(raises(() => open(42)).type).toBe("TypeError");
  });
});

describe("JPEG thumbnail", () => {
  it("refuses the draft (DCT-scaled) decode Pillow would use for a large JPEG, and says what to write instead", () => {
    const im = open(readSource("q90_420_640x480.jpg"));
    const e = raises(() => im.thumbnail([100, 100]));
    expect(e.type).toBe("NotImplementedError");
    expect(e.message).toContain("reducing_gap=None");
    // without the reducing gap, or when no scaling applies, it is Pillow's resize
    const a = open(readSource("q90_420_640x480.jpg"));
    a.thumbnail([100, 100], undefined, null);
    expect(a.size).toEqual([100, 75]);
    const b = open(readSource("q90_420_640x480.jpg"));
    b.thumbnail([224, 224]);
    expect(b.size).toEqual([224, 168]);
  });
});
