"""The parity cases of gen_image_cases.py: `define(case, sources, jpegs, rng)` registers each one."""

NEAREST, BOX, BILINEAR, HAMMING, BICUBIC, LANCZOS = 0, 4, 2, 5, 3, 1
FILTERS = {"nearest": NEAREST, "box": BOX, "bilinear": BILINEAR, "hamming": HAMMING, "bicubic": BICUBIC, "lanczos": LANCZOS}


def define(case, sources, jpegs, rng):
    images = [s for s in sources if not s.endswith(".bin") and s not in ("truncated.jpg", "no_eoi.jpg", "truncated.png", "header_only.png", "bomb_20000x10000.png")]

    # --- decoding: every source as Pillow opens it (mode, size, format, pixels)
    for s in images:
        case(f"decode/{s}", [["open", s]])
    for s in ["junk.bin", "empty.bin", "truncated.jpg", "no_eoi.jpg", "truncated.png", "header_only.png", "bomb_20000x10000.png"]:
        case(f"bad/{s}", [["open", s], ["asarray"]])

    # --- convert: every mode pair notebooks use
    for s in ["rgb_97x61.png", "rgba_53x41.png", "la_37x23.png", "l_97x61.png", "p_trns_45x33.png", "p_trns1_45x33.png", "p_plain_45x33.png",
              "gray16_39x27.png", "bilevel_43x31.png", "l_trns_20x20.png", "rgb_trns_22x18.png", "trns_40x30.gif", "p4bit_30x21.png", "p_41x29.bmp"]:
        for mode in ["L", "RGB", "RGBA", "1", "P", "F", "I", "LA"]:
            case(f"convert/{s}/{mode}", [["open", s], ["method", "convert", [mode]]])
    for s in ["rgb_97x61.png", "l_97x61.png"]:
        case(f"convert/{s}/1-nodither", [["open", s], ["method", "convert", ["1"], {"dither": 0}]])
        case(f"convert/{s}/P-nodither", [["open", s], ["method", "convert", ["P"], {"dither": 0}]])
    case("convert/rgb_640x480.png/P", [["open", "rgb_640x480.png"], ["method", "convert", ["P"]]])
    case("convert/p_trns_45x33.png/default", [["open", "p_trns_45x33.png"], ["method", "convert", []]])

    # --- resize: every filter, sizes from 1x1 up to 1024x768, up and down by non-integer factors
    resize_sizes = {
        "rgb_1x1.png": [(1, 1), (5, 3), (224, 224)],
        "rgb_2x3.png": [(1, 1), (7, 11)],
        "rgb_7x5.png": [(3, 2), (13, 9)],
        "rgb_13x17.png": [(5, 7), (29, 31)],
        "rgb_31x29.png": [(17, 13), (47, 53)],
        "rgb_97x61.png": [(37, 23), (224, 224), (41, 61)],
        "rgb_257x199.png": [(224, 224), (101, 79), (256, 198)],
        "rgb_640x480.png": [(224, 224), (299, 299), (113, 89)],
        "rgb_1024x768.png": [(224, 168), (331, 257)],
    }
    for s, sizes in resize_sizes.items():
        for size in sizes:
            for fname, f in FILTERS.items():
                case(f"resize/{s}/{size[0]}x{size[1]}/{fname}", [["open", s], ["method", "resize", [list(size), f]]])
    for s in ["l_97x61.png", "rgba_53x41.png", "la_37x23.png", "p_trns_45x33.png", "bilevel_43x31.png", "gray16_39x27.png"]:
        for fname in ["nearest", "bilinear", "bicubic", "lanczos"]:
            case(f"resize/{s}/33x21/{fname}", [["open", s], ["method", "resize", [[33, 21], FILTERS[fname]]]])
            case(f"resize/{s}/71x59/{fname}", [["open", s], ["method", "resize", [[71, 59], FILTERS[fname]]]])
    for s in ["rgb_97x61.png", "rgba_53x41.png", "l_97x61.png", "gray16_39x27.png", "bilevel_43x31.png"]:
        case(f"resize-default/{s}", [["open", s], ["method", "resize", [[40, 30]]]])
    case("resize/I/rgb_97x61.png", [["open", "rgb_97x61.png"], ["method", "convert", ["I"]], ["method", "resize", [[40, 27], BILINEAR]]])
    case("resize/F/rgb_97x61.png", [["open", "rgb_97x61.png"], ["method", "convert", ["F"]], ["method", "resize", [[40, 27], BICUBIC]]])
    case("resize/F/lanczos-up", [["open", "l_28x28.png"], ["method", "convert", ["F"]], ["method", "resize", [[45, 37], LANCZOS]]])
    for fname in ["bilinear", "bicubic", "lanczos", "nearest"]:
        case(f"resize-box/{fname}", [["open", "rgb_257x199.png"], ["method", "resize", [[64, 50], FILTERS[fname]], {"box": [10.5, 3.25, 200.75, 180]}]])
    for gap in [1.0, 2.0, 3.0]:
        case(f"resize-gap/{gap}", [["open", "rgb_640x480.png"], ["method", "resize", [[100, 75], BICUBIC], {"reducing_gap": gap}]])
        case(f"resize-gap-box/{gap}", [["open", "rgb_1024x768.png"], ["method", "resize", [[97, 61], LANCZOS], {"box": [13, 7, 1000, 700], "reducing_gap": gap}]])
    case("resize/bad-filter", [["open", "rgb_7x5.png"], ["method", "resize", [[3, 3], 7]]])
    case("resize/jpeg-224", [["open", "q90_420_640x480.jpg"], ["method", "resize", [[224, 224], BILINEAR]]])

    # --- reduce, thumbnail, crop, transpose
    for f in [(2, 2), (3, 2), (4, 5)]:
        case(f"reduce/{f}", [["open", "rgb_257x199.png"], ["method", "reduce", [list(f)]]])
    case("reduce/rgba", [["open", "rgba_160x120.png"], ["method", "reduce", [3]]])
    for s, size in [("rgb_640x480.png", (128, 128)), ("rgb_257x199.png", (100, 100)), ("rgb_1024x768.png", (150, 200)), ("rgba_160x120.png", (64, 64)), ("rgb_31x29.png", (64, 64))]:
        case(f"thumbnail/{s}/{size}", [["open", s], ["method", "thumbnail", [list(size)]]])
    case("thumbnail/bilinear-nogap", [["open", "rgb_640x480.png"], ["method", "thumbnail", [[90, 90], BILINEAR], {"reducing_gap": None}]])
    for box in [(0, 0, 10, 10), (5, 3, 60, 47), (-5, -5, 20, 20), (90, 50, 110, 70), (10.6, 3.4, 20.2, 9.9)]:
        case(f"crop/{box}", [["open", "rgb_97x61.png"], ["method", "crop", [list(box)]]])
    case("crop/p", [["open", "p_trns_45x33.png"], ["method", "crop", [[3, 4, 20, 30]]]])
    for t in range(7):
        case(f"transpose/{t}", [["open", "rgb_13x17.png"], ["method", "transpose", [t]]])
        case(f"transpose-l/{t}", [["open", "l_97x61.png"], ["method", "transpose", [t]]])

    # --- ImageOps
    for size in [(224, 224), (50, 80), (80, 50)]:
        case(f"ImageOps.fit/{size}", [["open", "rgb_257x199.png"], ["ImageOps", "fit", [list(size)]]])
        case(f"ImageOps.pad/{size}", [["open", "rgb_257x199.png"], ["ImageOps", "pad", [list(size)]]])
        case(f"ImageOps.contain/{size}", [["open", "rgb_257x199.png"], ["ImageOps", "contain", [list(size)]]])
    case("ImageOps.fit/bleed-centering", [["open", "rgb_640x480.png"], ["ImageOps", "fit", [[100, 100], BILINEAR], {"bleed": 0.1, "centering": [0.2, 0.7]}]])
    case("ImageOps.pad/color", [["open", "rgb_97x61.png"], ["ImageOps", "pad", [[64, 64], BILINEAR], {"color": [255, 0, 0], "centering": [0, 1]}]])
    case("ImageOps.pad/L", [["open", "l_97x61.png"], ["ImageOps", "pad", [[64, 64]], {"color": 128}]])
    case("ImageOps.grayscale", [["open", "rgb_97x61.png"], ["ImageOps", "grayscale", []]])
    for s in ["rgb_97x61.png", "l_28x28.png", "bilevel_43x31.png"]:
        case(f"ImageOps.invert/{s}", [["open", s], ["ImageOps", "invert", []]])
    case("ImageOps.invert/rgba-error", [["open", "rgba_53x41.png"], ["ImageOps", "invert", []]])
    for s in ["exif3_40x24.jpg", "exif6_40x24.jpg", "exif8_40x24.jpg", "exif6_30x20.png", "rgb_7x5.png"]:
        case(f"ImageOps.exif_transpose/{s}", [["open", s], ["ImageOps", "exif_transpose", []]])
    for s in ["rgb_7x5.png", "rgba_53x41.png"]:
        case(f"ImageOps.flip-mirror/{s}", [["open", s], ["ImageOps", "flip", []], ["ImageOps", "mirror", []]])

    # --- arrays in and out
    case("asarray/float32", [["open", "rgb_31x29.png"], ["asarray", "float32"]])
    case("asarray/F", [["open", "rgb_31x29.png"], ["method", "convert", ["F"]], ["asarray"]])
    case("asarray/I", [["open", "gray16_39x27.png"], ["asarray"]])
    case("asarray/1", [["open", "bilevel_43x31.png"], ["asarray"]])
    case("asarray/P", [["open", "p_trns_45x33.png"], ["asarray"]])
    for shape, dtype, mode in [([5, 7], "uint8", None), ([5, 7, 3], "uint8", None), ([5, 7, 4], "uint8", None), ([6, 4], "float32", None),
                               ([6, 4], "int32", None), ([6, 4], "bool", None), ([5, 7, 3], "uint8", "RGB"), ([5, 7], "uint8", "L"), ([5, 7, 2], "uint8", None),
                               ([6, 4], "float64", None), ([6, 4], "int64", None), ([6, 4], "uint16", None), ([3, 3, 3], "float32", None), ([5, 7, 4], "uint8", "RGBA")]:
        if dtype == "bool":
            arr = rng.integers(0, 2, shape).astype(bool)
        elif dtype.startswith("float"):
            arr = (rng.random(shape) * 300 - 20).astype(dtype)
        else:
            arr = rng.integers(0, 250, shape).astype(dtype)
        spec = {"b64": __import__("base64").b64encode(arr.tobytes()).decode(), "dtype": dtype, "shape": shape}
        case(f"fromarray/{shape}/{dtype}/{mode}", [["fromarray", spec, mode], ["asarray"]])
        case(f"fromarray-resize/{shape}/{dtype}/{mode}", [["fromarray", spec, mode], ["method", "resize", [[9, 4], BILINEAR]]])
    for s in ["rgb_13x17.png", "l_97x61.png", "rgba_53x41.png", "p_trns_45x33.png", "gray16_39x27.png", "bilevel_43x31.png"]:
        case(f"getpixel/{s}", [["open", s], ["method", "getpixel", [[3, 4]]]])
        case(f"split/{s}", [["open", s], ["method", "split", []]])
        case(f"attrs/{s}", [["open", s], ["attr", "size"]])
    case("getpixel/F", [["open", "rgb_13x17.png"], ["method", "convert", ["F"]], ["method", "getpixel", [[5, 2]]]])
    case("getpixel/out-of-range", [["open", "rgb_13x17.png"], ["method", "getpixel", [[13, 0]]]])
    case("new/RGB", [["new", "RGB", [5, 4], [10, 20, 30]]])
    case("new/L", [["new", "L", [5, 4], 7]])

    # --- JPEG decoding under every subsampling (compared within 1 level)
    for s in jpegs:
        case(f"jpeg/{s}/L", [["open", s], ["method", "convert", ["L"]]])
