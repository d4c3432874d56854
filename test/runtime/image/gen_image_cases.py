#!/usr/bin/python3
"""Generate the image runtime's parity fixtures with Debian's Pillow 9.4, torchvision 0.14 and OpenCV 4.6.

Run:  /usr/bin/python3 test/runtime/image/gen_image_cases.py

Writes
  fixtures/src/*        the source images (small files, committed): PNG of every bit depth and colour type
                        (palette with tRNS, 16-bit, interlaced), GIF, BMP, TIFF, WebP, JPEG (4:2:0, 4:2:2, 4:4:4,
                        grayscale, progressive, restart markers, EXIF orientation)
  fixtures/cases.json.gz  one record per case:
      {"id", "ops": [[op, ...args], ...], "expect": RESULT}
  RESULT: {"array": {"dtype", "shape", "b64"} | "sha256": hex, "mode"?, "size"?}  (b64/sha256 of the C-order
          little-endian bytes of np.asarray(result)), {"value": json}, {"list": [RESULT...]}, or
          {"error": ExceptionClass, "message": str}. "jpeg": true marks results that went through a JPEG decoder
          (compared within 1 level, the maximum difference reported).

The ops are a little language both this file and image.test.ts interpret (see `run` below); the end-to-end
pipelines of pipelines.py are run here as Python and translated by nb2svc in the TypeScript test.
"""
import base64
import gzip
import hashlib
import io
import json
import os
import sys
import warnings

import numpy as np
import PIL
from PIL import Image, ImageEnhance, ImageFilter, ImageOps

warnings.simplefilter("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "fixtures", "src")
OUT = os.path.join(HERE, "fixtures", "cases.json.gz")
os.makedirs(SRC, exist_ok=True)

assert PIL.__version__ == "9.4.0", PIL.__version__
rng = np.random.default_rng(20240612)

# ---------------------------------------------------------------------------------------------------------------
# Source images: smooth structure (gradients, discs, stripes) plus noise, so resampling and chroma subsampling see
# edges, flat areas and texture.


def scene(w, h, channels=3, noise=12.0, seed=0):
    r = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    fx = x / max(w - 1, 1)
    fy = y / max(h - 1, 1)
    base = [
        255 * fx,
        255 * fy,
        128 + 100 * np.sin(x / 5.3 + y / 7.1),
        255 * (1 - fx * fy),
    ]
    cx, cy, rad = w * 0.6, h * 0.4, min(w, h) * 0.3
    disc = ((x - cx) ** 2 + (y - cy) ** 2) < rad**2
    out = []
    for c in range(channels):
        v = base[c % 4].copy()
        v[disc] = 255 - v[disc] * 0.5
        v += r.normal(0, noise, v.shape)
        out.append(v)
    a = np.clip(np.stack(out, -1), 0, 255).round().astype(np.uint8)
    return a


def save(name, im, **kw):
    path = os.path.join(SRC, name)
    im.save(path, **kw)
    return name


SOURCES = []


def src(name, im, **kw):
    SOURCES.append(save(name, im, **kw))
    return name


RGB_SIZES = [(1, 1), (2, 3), (7, 5), (13, 17), (31, 29), (64, 48), (97, 61), (128, 128), (224, 224), (257, 199), (640, 480)]
for (w, h) in RGB_SIZES:
    src(f"rgb_{w}x{h}.png", Image.fromarray(scene(w, h, 3, seed=w * 1000 + h)))
# the large one is smooth, so the PNG stays small
src("rgb_1024x768.png", Image.fromarray(scene(1024, 768, 3, noise=0.0, seed=7)))
src("l_97x61.png", Image.fromarray(scene(97, 61, 1, seed=3)[:, :, 0], "L"))
src("l_28x28.png", Image.fromarray(scene(28, 28, 1, seed=4)[:, :, 0], "L"))
src("l_200x150.png", Image.fromarray(scene(200, 150, 1, seed=5)[:, :, 0], "L"))
src("la_37x23.png", Image.fromarray(scene(37, 23, 2, seed=6), "LA"))
rgba = scene(53, 41, 4, seed=8)
rgba[:5, :, 3] = 0
rgba[5:9, :, 3] = 255
src("rgba_53x41.png", Image.fromarray(rgba, "RGBA"))
src("rgba_160x120.png", Image.fromarray(scene(160, 120, 4, seed=9), "RGBA"))
# palette with a tRNS chunk of several alphas (info["transparency"] is bytes)
pal = Image.fromarray(scene(45, 33, 3, seed=10)).quantize(37)
pal.info.pop("transparency", None)
alphas = bytes([0, 64, 128, 200] + [255] * 33)
src("p_trns_45x33.png", pal, transparency=alphas)
# palette with one transparent index (info["transparency"] is an int)
src("p_trns1_45x33.png", pal, transparency=3)
src("p_plain_45x33.png", pal)
pal4 = Image.fromarray(scene(30, 21, 3, seed=11)).quantize(13)
src("p4bit_30x21.png", pal4, bits=4)
g16 = (scene(39, 27, 1, seed=12)[:, :, 0].astype(np.uint16) * 257 + rng.integers(0, 257, (27, 39))).astype(np.uint16)
src("gray16_39x27.png", Image.fromarray(g16, "I;16"))
# 16-bit RGB written with numpy (Pillow cannot save RGB;16): a raw PNG, made by hand below
bw = scene(43, 31, 1, seed=13)[:, :, 0] > 128
src("bilevel_43x31.png", Image.fromarray(bw).convert("1"))
src("interlaced_61x47.png", Image.fromarray(scene(61, 47, 3, seed=14)), optimize=False)
src("l_trns_20x20.png", Image.fromarray(scene(20, 20, 1, seed=15)[:, :, 0], "L"), transparency=40)
rgbt = scene(22, 18, 3, seed=16)
rgbt[3:6, 3:6] = (10, 20, 30)
src("rgb_trns_22x18.png", Image.fromarray(rgbt), transparency=(10, 20, 30))


def png_chunk(kind, data):
    import zlib

    c = kind + data
    return len(data).to_bytes(4, "big") + c + (zlib.crc32(c) & 0xFFFFFFFF).to_bytes(4, "big")


def raw_png(name, w, h, bit_depth, color_type, rows, interlace=0, extra=b""):
    """A PNG written by hand (Pillow cannot save 16-bit RGB(A), 2-bit gray or Adam7)."""
    import zlib

    sig = b"\x89PNG\r\n\x1a\n"
    ihdr = w.to_bytes(4, "big") + h.to_bytes(4, "big") + bytes([bit_depth, color_type, 0, 0, interlace])
    raw = b"".join(rows)
    data = sig + png_chunk(b"IHDR", ihdr) + extra + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b"")
    with open(os.path.join(SRC, name), "wb") as f:
        f.write(data)
    SOURCES.append(name)
    return name


def filtered_rows(arr, bpp, filters):
    """PNG rows with the given filter types (cycled), so every filter is decoded."""
    h = arr.shape[0]
    flat = arr.reshape(h, -1).astype(np.int64)
    rows = []
    prev = np.zeros(flat.shape[1], np.int64)
    for y in range(h):
        f = filters[y % len(filters)]
        cur = flat[y]
        left = np.concatenate([np.zeros(bpp, np.int64), cur[:-bpp]]) if cur.size else cur
        upleft = np.concatenate([np.zeros(bpp, np.int64), prev[:-bpp]]) if cur.size else cur
        if f == 0:
            out = cur
        elif f == 1:
            out = cur - left
        elif f == 2:
            out = cur - prev
        elif f == 3:
            out = cur - (left + prev) // 2
        else:
            p = left + prev - upleft
            pa, pb, pc = np.abs(p - left), np.abs(p - prev), np.abs(p - upleft)
            pred = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, prev, upleft))
            out = cur - pred
        rows.append(bytes([f]) + (out % 256).astype(np.uint8).tobytes())
        prev = cur
    return rows


rgb16 = (scene(29, 19, 3, seed=17).astype(np.uint16) * 257 + rng.integers(0, 257, (19, 29, 3))).astype(">u2")
raw_png("rgb16_29x19.png", 29, 19, 16, 2, filtered_rows(rgb16.view(np.uint8).reshape(19, -1), 6, [0, 1, 2, 3, 4]))
rgba16 = (scene(23, 17, 4, seed=18).astype(np.uint16) * 257).astype(">u2")
raw_png("rgba16_23x17.png", 23, 17, 16, 6, filtered_rows(rgba16.view(np.uint8).reshape(17, -1), 8, [4, 3, 2, 1, 0]))
la16 = (scene(21, 13, 2, seed=19).astype(np.uint16) * 257).astype(">u2")
raw_png("la16_21x13.png", 21, 13, 16, 4, filtered_rows(la16.view(np.uint8).reshape(13, -1), 4, [1, 4]))
g2 = scene(27, 11, 1, seed=20)[:, :, 0] // 64
g2rows = []
for y in range(11):
    bits = np.zeros(((27 * 2 + 7) // 8) * 8 // 2, np.uint8)
    bits[:27] = g2[y]
    packed = bytes(int("".join(f"{v:02b}" for v in bits[i : i + 4]), 2) for i in range(0, len(bits), 4))
    g2rows.append(b"\x00" + packed)
raw_png("gray2bit_27x11.png", 27, 11, 2, 0, g2rows)


def adam7_rows(arr, bpp):
    """Adam7-interlaced scanlines of an 8-bit image (filters cycled per pass row)."""
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    rows = []
    for (x0, y0, dx, dy) in passes:
        sub = arr[y0::dy, x0::dx]
        if sub.size == 0:
            continue
        rows += filtered_rows(sub, bpp, [0, 1, 2, 3, 4])
    return rows


ad = scene(37, 26, 3, seed=21)
raw_png("adam7_rgb_37x26.png", 37, 26, 8, 2, adam7_rows(ad, 3), interlace=1)
ad16 = (scene(13, 9, 1, seed=22)[:, :, 0].astype(np.uint16) * 251).astype(">u2")
raw_png("adam7_gray16_13x9.png", 13, 9, 16, 0, adam7_rows(ad16.view(np.uint8).reshape(9, 13, 2), 2), interlace=1)

# GIF: an animation (first frame matters), a transparent one, one whose palette is the identity grayscale (mode L)
frames = [Image.fromarray(scene(48, 36, 3, seed=30 + i)).quantize(64) for i in range(3)]
frames[0].save(os.path.join(SRC, "anim_48x36.gif"), save_all=True, append_images=frames[1:], duration=80, loop=0)
SOURCES.append("anim_48x36.gif")
src("trns_40x30.gif", Image.fromarray(scene(40, 30, 3, seed=33)).quantize(20), transparency=5)
src("gray_33x21.gif", Image.fromarray(scene(33, 21, 1, seed=34)[:, :, 0], "L"))

# BMP: 24-bit, 8-bit palette, 8-bit grayscale (mode L), 1-bit
src("rgb_59x37.bmp", Image.fromarray(scene(59, 37, 3, seed=40)))
src("p_41x29.bmp", Image.fromarray(scene(41, 29, 3, seed=41)).quantize(50))
src("l_35x23.bmp", Image.fromarray(scene(35, 23, 1, seed=42)[:, :, 0], "L"))
src("bilevel_45x17.bmp", Image.fromarray(scene(45, 17, 1, seed=43)[:, :, 0] > 100).convert("1"))


def bmp32(name, arr, with_alpha):
    """A 32-bit BMP (BI_BITFIELDS BGRA when with_alpha, else BI_RGB BGRX) written by hand."""
    h, w = arr.shape[:2]
    bgra = arr[::-1, :, [2, 1, 0, 3]].tobytes()
    if with_alpha:
        header = (124).to_bytes(4, "little") + w.to_bytes(4, "little") + h.to_bytes(4, "little") + (1).to_bytes(2, "little") + (32).to_bytes(2, "little")
        header += (3).to_bytes(4, "little") + len(bgra).to_bytes(4, "little") + (2835).to_bytes(4, "little") * 2 + bytes(8)
        header += (0xFF0000).to_bytes(4, "little") + (0xFF00).to_bytes(4, "little") + (0xFF).to_bytes(4, "little") + (0xFF000000).to_bytes(4, "little")
        header += bytes(124 - len(header))
    else:
        header = (40).to_bytes(4, "little") + w.to_bytes(4, "little") + h.to_bytes(4, "little") + (1).to_bytes(2, "little") + (32).to_bytes(2, "little")
        header += (0).to_bytes(4, "little") + len(bgra).to_bytes(4, "little") + (2835).to_bytes(4, "little") * 2 + bytes(8)
    off = 14 + len(header)
    data = b"BM" + (off + len(bgra)).to_bytes(4, "little") + bytes(4) + off.to_bytes(4, "little") + header + bgra
    with open(os.path.join(SRC, name), "wb") as f:
        f.write(data)
    SOURCES.append(name)


bmp32("bgrx_19x13.bmp", scene(19, 13, 4, seed=44), False)
bmp32("bgra_19x13.bmp", scene(19, 13, 4, seed=45), True)

# TIFF: uncompressed, LZW, PackBits, Deflate; RGB, L, 1, RGBA
src("rgb_raw_47x31.tif", Image.fromarray(scene(47, 31, 3, seed=50)))
src("rgb_lzw_47x31.tif", Image.fromarray(scene(47, 31, 3, seed=51)), compression="tiff_lzw")
src("l_packbits_38x26.tif", Image.fromarray(scene(38, 26, 1, seed=52)[:, :, 0], "L"), compression="packbits")
src("rgba_deflate_33x22.tif", Image.fromarray(scene(33, 22, 4, seed=53), "RGBA"), compression="tiff_adobe_deflate")
src("bilevel_29x17.tif", Image.fromarray(scene(29, 17, 1, seed=54)[:, :, 0] > 128).convert("1"))
src("rgb_lzw_pred_41x27.tif", Image.fromarray(scene(41, 27, 3, seed=55)), compression="tiff_lzw", tiffinfo={317: 2})

# WebP: lossless, lossy, lossy with alpha
src("lossless_50x38.webp", Image.fromarray(scene(50, 38, 3, seed=60)), lossless=True)
src("lossy_64x48.webp", Image.fromarray(scene(64, 48, 3, seed=61)), quality=80)
src("lossy_alpha_45x35.webp", Image.fromarray(scene(45, 35, 4, seed=62), "RGBA"), quality=75)

# JPEG
JPEGS = []


def jpg(name, im, **kw):
    JPEGS.append(src(name, im, **kw))


jpg("q90_420_640x480.jpg", Image.fromarray(scene(640, 480, 3, noise=6, seed=70)), quality=90)
jpg("q75_420_97x61.jpg", Image.fromarray(scene(97, 61, 3, seed=71)), quality=75)
jpg("q95_444_64x48.jpg", Image.fromarray(scene(64, 48, 3, seed=72)), quality=95, subsampling=0)
jpg("q85_422_131x77.jpg", Image.fromarray(scene(131, 77, 3, seed=73)), quality=85, subsampling=1)
jpg("gray_75x53.jpg", Image.fromarray(scene(75, 53, 1, seed=74)[:, :, 0], "L"), quality=88)
jpg("progressive_120x90.jpg", Image.fromarray(scene(120, 90, 3, seed=75)), quality=80, progressive=True)
jpg("restart_88x66.jpg", Image.fromarray(scene(88, 66, 3, seed=76)), quality=85, restart_marker_blocks=2)
jpg("q90_420_300x225.jpg", Image.fromarray(scene(300, 225, 3, seed=77)), quality=90)
jpg("tiny_3x2.jpg", Image.fromarray(scene(3, 2, 3, seed=78)), quality=90)
for orientation in (3, 6, 8):
    exif = Image.Exif()
    exif[0x0112] = orientation
    jpg(f"exif{orientation}_40x24.jpg", Image.fromarray(scene(40, 24, 3, seed=80 + orientation)), quality=92, exif=exif.tobytes())
exif = Image.Exif()
exif[0x0112] = 6
src("exif6_30x20.png", Image.fromarray(scene(30, 20, 3, seed=90)), exif=exif.tobytes())

# Bad inputs
with open(os.path.join(SRC, "q90_420_640x480.jpg"), "rb") as f:
    good_jpeg = f.read()
with open(os.path.join(SRC, "rgb_64x48.png"), "rb") as f:
    good_png = f.read()
BAD = {
    "junk.bin": b"this is not an image at all" * 3,
    "empty.bin": b"",
    "truncated.jpg": good_jpeg[: len(good_jpeg) // 2],
    "no_eoi.jpg": good_jpeg[:-2],
    "truncated.png": good_png[: len(good_png) // 2],
    "header_only.png": good_png[:33],
}
for name, data in BAD.items():
    with open(os.path.join(SRC, name), "wb") as f:
        f.write(data)
    SOURCES.append(name)

# a decompression bomb: a valid PNG header claiming 20000 x 10000 pixels (2x over Pillow's limit is an error)
raw_png("bomb_20000x10000.png", 20000, 10000, 8, 0, [b"\x00" + bytes(1)])


def read(name):
    with open(os.path.join(SRC, name), "rb") as f:
        return f.read()


# ---------------------------------------------------------------------------------------------------------------
# Running ops

import cv2  # noqa: E402
import torch  # noqa: E402
import torchvision.transforms as T  # noqa: E402
import torchvision.transforms.functional as TF  # noqa: E402

torch.set_num_threads(1)
cv2.setNumThreads(1)


def tv_transform(spec):
    """A torchvision transform from its JSON spec: ["Resize", {kwargs}] or ["Compose", [specs]]."""
    name, arg = spec
    if name == "Compose":
        return T.Compose([tv_transform(s) for s in arg])
    kw = dict(arg)
    if "interpolation" in kw:
        kw["interpolation"] = T.InterpolationMode(kw["interpolation"])
    if "dtype" in kw:
        kw["dtype"] = getattr(torch, kw["dtype"])
    for k in ("padding", "fill"):
        if isinstance(kw.get(k), list):
            kw[k] = tuple(kw[k])
    return getattr(T, name)(**kw)


def run(ops):
    x = None
    for op in ops:
        name, args = op[0], op[1:]
        if name == "open":
            x = Image.open(io.BytesIO(read(args[0])))
        elif name == "fromarray":
            spec = args[0]
            arr = np.frombuffer(base64.b64decode(spec["b64"]), dtype=spec["dtype"]).reshape(spec["shape"])
            x = Image.fromarray(arr, args[1]) if len(args) > 1 and args[1] else Image.fromarray(arr)
        elif name == "new":
            x = Image.new(*[tuple(a) if isinstance(a, list) else a for a in args])
        elif name == "method":
            m, pargs, kwargs = args[0], args[1], args[2] if len(args) > 2 else {}
            pargs = [tuple(a) if isinstance(a, list) else a for a in pargs]
            kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
            r = getattr(x, m)(*pargs, **kwargs)
            if m != "thumbnail":
                x = r
        elif name == "attr":
            x = getattr(x, args[0])
        elif name == "ImageOps":
            fn, pargs, kwargs = args[0], args[1], args[2] if len(args) > 2 else {}
            pargs = [tuple(a) if isinstance(a, list) else a for a in pargs]
            kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
            x = getattr(ImageOps, fn)(x, *pargs, **kwargs)
        elif name == "enhance":
            x = getattr(ImageEnhance, args[0])(x).enhance(args[1])
        elif name == "item":
            x = x[args[0]]
        elif name == "list":
            x = list(x)
        elif name == "filter":
            cls = getattr(ImageFilter, args[0])
            if args[1] is None:
                x = x.filter(cls)
            else:
                kwargs = args[2] if len(args) > 2 else {}
                x = x.filter(cls(*[tuple(a) if isinstance(a, list) and len(a) == 2 else a for a in args[1]], **kwargs))
        elif name == "asarray":
            x = np.asarray(x) if not args or args[0] is None else np.asarray(x, dtype=args[0])
        elif name == "tv":
            x = tv_transform(args[0])(x)
            if isinstance(x, torch.Tensor):
                x = x.numpy()
        elif name == "tensor":
            x = torch.from_numpy(np.ascontiguousarray(x)) if isinstance(x, np.ndarray) else x
        elif name == "tvF":
            fn, pargs, kwargs = args[0], args[1], dict(args[2]) if len(args) > 2 else {}
            if "interpolation" in kwargs:
                kwargs = dict(kwargs, interpolation=T.InterpolationMode(kwargs["interpolation"]))
            x = getattr(TF, fn)(x, *pargs, **kwargs)
            if isinstance(x, torch.Tensor):
                x = x.numpy()
        elif name == "paste":
            im = Image.open(io.BytesIO(read(args[0])))
            box = tuple(args[1]) if args[1] is not None else None
            kind = args[2]
            mask = None if kind is None else im if kind == "self" else im.split()[-1] if kind == "alpha" else im.convert(kind)
            x.paste(im, box, mask)
        elif name == "interp":
            x = torch.nn.functional.interpolate(x.unsqueeze(0), **args[0]).numpy()
        elif name == "tvio":
            from torchvision.io import ImageReadMode, decode_image, read_file

            path = os.path.join(SRC, args[0])
            x = decode_image(read_file(path), ImageReadMode(args[1])).numpy()
        elif name == "cv2.imdecode":
            x = cv2.imdecode(np.frombuffer(read(args[0]), np.uint8), args[1])
            if x is None:
                x = {"none": True}
        elif name == "cv2":
            fn, pargs, kwargs = args[0], args[1], args[2] if len(args) > 2 else {}
            pargs = [tuple(a) if isinstance(a, list) else a for a in pargs]
            kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
            f = cv2
            for part in fn.split("."):
                f = getattr(f, part)
            x = f(x, *pargs, **kwargs)
        elif name == "cv2.images":
            x = [cv2.imdecode(np.frombuffer(read(s), np.uint8), flags) for s, flags in args]
        elif name == "astype":
            x = x.astype(args[0])
        elif name == "keras":
            import keras_ref

            x = keras_ref.call(args[0], x, read, *args[1:])
        elif name == "pipeline":
            import pipelines

            x = getattr(pipelines, args[0])(read(args[1]), *args[2:])
        else:
            raise ValueError(name)
    return x


def encode(x, jpeg, values=False):
    if isinstance(x, dict) and x.get("none"):
        return {"value": None}
    if isinstance(x, Image.Image):
        a = np.asarray(x)
        r = encode_array(a, values)
        r["mode"] = x.mode
        r["size"] = list(x.size)
        r["format"] = x.format
        if jpeg:
            r["jpeg"] = True
        return r
    if isinstance(x, np.ndarray):
        r = encode_array(x, values)
        if jpeg:
            r["jpeg"] = True
        return r
    if isinstance(x, torch.Tensor):
        return encode(x.numpy(), jpeg)
    if isinstance(x, (list, tuple)) and x and all(isinstance(v, (Image.Image, np.ndarray)) for v in x):
        return {"list": [encode(v, jpeg) for v in x]}
    if isinstance(x, tuple):
        return {"value": list(x)}
    if isinstance(x, (np.integer, np.floating)):
        return {"value": x.item()}
    return {"value": x}


def encode_array(a, values=False):
    a = np.ascontiguousarray(a)
    if a.dtype == np.float64 and a.size > 0:
        pass
    data = a.astype(a.dtype.newbyteorder("<")).tobytes()
    r = {"dtype": str(a.dtype), "shape": list(a.shape)}
    # big exact results are compared by hash (still exact); floats and small ones by value
    if len(data) > 24_000 and a.dtype.kind in "ubi" and not values:
        r["sha256"] = hashlib.sha256(data).hexdigest()
        r["sum"] = int(a.astype(np.int64).sum())
    elif a.dtype.kind == "f" and a.size > 4096:
        # floats made from 8-bit pixels take few distinct values: a table and indices (which compress like pixels)
        u, inv = np.unique(a.reshape(-1), return_inverse=True)
        if len(u) <= 65536 and not np.isnan(a).any():
            r["table"] = base64.b64encode(u.astype(u.dtype.newbyteorder("<")).tobytes()).decode()
            r["index"] = base64.b64encode(inv.astype("<u1" if len(u) <= 256 else "<u2").tobytes()).decode()
        else:
            r["b64"] = base64.b64encode(data).decode()
    else:
        r["b64"] = base64.b64encode(data).decode()
    return {"array": r}


CASES = []
IDS = set()


def case(cid, ops, jpeg=False, values=False):
    assert cid not in IDS, cid
    IDS.add(cid)
    try:
        x = run(ops)
        jpeg = jpeg or any(o[0] in ("open", "cv2.imdecode", "tvio") and str(o[1]).endswith(".jpg") for o in ops if len(o) > 1)
        # results the tests compare within a tolerance need their values, not a hash
        expect = encode(x, jpeg, values or (cid.startswith("cv2.imdecode/") and cid.endswith(".jpg/0")) or (cid.startswith("tvio/") and cid.endswith(".jpg/1")))
    except Exception as e:  # noqa: BLE001
        expect = {"error": type(e).__name__, "message": str(e)}
    CASES.append({"id": cid, "ops": ops, "expect": expect})


sys.path.insert(0, HERE)


def fake_tensorflow():
    """TensorFlow is not installed: pipelines.py's Keras imports resolve to keras_ref (Keras 2.11's code)."""
    import types

    import keras_ref

    def mod(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m

    def pre(mode):
        return lambda x, data_format="channels_last": keras_ref.preprocess_input(x, data_format, mode)

    def load_img(path, **kw):
        return keras_ref.load_img(path.getvalue() if isinstance(path, io.BytesIO) else path, **kw)

    image = mod("tensorflow.keras.preprocessing.image", load_img=load_img, img_to_array=keras_ref.img_to_array)
    utils = mod("tensorflow.keras.utils", load_img=load_img, img_to_array=keras_ref.img_to_array)
    resnet50 = mod("tensorflow.keras.applications.resnet50", preprocess_input=pre("caffe"))
    mobilenet_v2 = mod("tensorflow.keras.applications.mobilenet_v2", preprocess_input=pre("tf"))
    apps = mod("tensorflow.keras.applications", resnet50=resnet50, mobilenet_v2=mobilenet_v2)
    prep = mod("tensorflow.keras.preprocessing", image=image)
    keras = mod("tensorflow.keras", utils=utils, applications=apps, preprocessing=prep)
    mod("tensorflow", keras=keras)


fake_tensorflow()
import cases_def  # noqa: E402

cases_def.define(case, SOURCES, JPEGS, rng)

with gzip.open(OUT, "wt", compresslevel=9) as f:
    json.dump({"pillow": PIL.__version__, "opencv": cv2.__version__, "torchvision": __import__("torchvision").__version__, "cases": CASES}, f, separators=(",", ":"))
print(f"{len(CASES)} cases, {len(SOURCES)} source files -> {OUT} ({os.path.getsize(OUT)} bytes)")
errors = [c for c in CASES if "error" in c["expect"]]
print(f"{len(errors)} expected errors")
