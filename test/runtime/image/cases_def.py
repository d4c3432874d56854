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
    case("thumbnail/jpeg-224", [["open", "q90_420_640x480.jpg"], ["method", "thumbnail", [[224, 224]]]])
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
    for s in ["rgb_97x61.png", "l_97x61.png", "q75_420_97x61.jpg", "p_plain_45x33.png", "rgba_53x41.png", "bilevel_43x31.png", "rgb_1x1.png"]:
        case(f"ImageOps.autocontrast/{s}", [["open", s], ["ImageOps", "autocontrast", []]])
        case(f"ImageOps.equalize/{s}", [["open", s], ["ImageOps", "equalize", []]])
    for name, kw in [("cutoff2", {"cutoff": 2}), ("cutoff2.5", {"cutoff": 2.5}), ("cutoff-pair", {"cutoff": [1, 5]}), ("ignore", {"ignore": 255}),
                     ("ignore-list", {"ignore": [0, 255]}), ("preserve_tone", {"preserve_tone": True}), ("cutoff40", {"cutoff": 40})]:
        for s in ["rgb_97x61.png", "l_28x28.png"]:
            case(f"ImageOps.autocontrast/{s}/{name}", [["open", s], ["ImageOps", "autocontrast", [], kw]])
    case("ImageOps.autocontrast/flat", [["new", "L", [9, 7], 77], ["ImageOps", "autocontrast", []]])
    case("ImageOps.equalize/flat", [["new", "RGB", [9, 7], [10, 20, 30]], ["ImageOps", "equalize", []]])
    for s, border, fill in [("rgb_31x29.png", 3, 0), ("rgb_31x29.png", [2, 5], [255, 0, 0]), ("l_28x28.png", [1, 2, 3, 4], 128),
                            ("p_plain_45x33.png", 2, 7), ("rgba_53x41.png", 1, [0, 0, 0, 0]), ("la_37x23.png", [0, 3], None), ("rgb_13x17.png", 0, 0)]:
        case(f"ImageOps.expand/{s}/{border}/{fill}", [["open", s], ["ImageOps", "expand", [border] + ([] if fill is None else [fill])]])
    # --- Image.point with a table (clipped, rounded), to "1"; Image.getbbox
    ramp = [i * 2.6 - 40 for i in range(256)]
    thresh = [255 if i > 128 else 0 for i in range(256)]
    for s, lut, mode in [("l_97x61.png", ramp, None), ("rgb_31x29.png", ramp * 3, None), ("l_28x28.png", thresh, "1"), ("l_28x28.png", thresh, "L"),
                         ("rgba_53x41.png", list(range(255, -1, -1)) * 4, None), ("rgb_31x29.png", ramp, None), ("l_28x28.png", [i + 0.5 for i in range(256)], None)]:
        case(f"point/{s}/{len(lut)}/{mode}/{lut[3]}", [["open", s], ["method", "point", [lut] + ([] if mode is None else [mode])]])
    for s in ["l_28x28.png", "rgba_53x41.png", "la_37x23.png", "bilevel_43x31.png", "rgb_13x17.png"]:
        case(f"getbbox/{s}", [["open", s], ["method", "getbbox", []]])
    case("getbbox/L-dark", [["new", "L", [9, 7], 0], ["method", "getbbox", []]])
    case("getbbox/thresholded", [["open", "l_28x28.png"], ["method", "point", [[i if i > 200 else 0 for i in range(256)]]], ["method", "getbbox", []]])

    # --- Image.paste (in place): same mode, converted, RGBA into RGB, masks "1"/"L"/RGBA, clipped at every edge
    for dest, src, box, mask in [("rgb_97x61.png", "rgb_13x17.png", [5, 7], None), ("rgb_97x61.png", "rgba_53x41.png", [20, 10], "alpha"),
                                 ("rgb_97x61.png", "rgba_53x41.png", None, "self"), ("rgb_97x61.png", "rgba_53x41.png", [60, 40], None),
                                 ("rgb_97x61.png", "l_28x28.png", [-5, -9], "L"), ("rgb_97x61.png", "bilevel_43x31.png", [80, 50], "1"),
                                 ("rgba_53x41.png", "rgba_53x41.png", [3, 2], "alpha"), ("l_97x61.png", "rgb_31x29.png", [1, 2, 32, 31], None),
                                 ("la_37x23.png", "la_37x23.png", [4, 4], "self"), ("rgb_97x61.png", "la_37x23.png", [2, 2], "alpha"),
                                 ("rgb_97x61.png", "rgb_13x17.png", [0, 0, 10, 10], None), ("rgb_97x61.png", "rgb_13x17.png", [0, 0], "P")]:
        case(f"paste/{dest}/{src}/{box}/{mask}", [["open", dest], ["paste", src, box, mask]])

    for s in ["exif3_40x24.jpg", "exif6_40x24.jpg", "exif8_40x24.jpg", "exif6_30x20.png", "rgb_7x5.png"]:
        case(f"ImageOps.exif_transpose/{s}", [["open", s], ["ImageOps", "exif_transpose", []]])
    for s in ["rgb_7x5.png", "rgba_53x41.png"]:
        case(f"ImageOps.flip-mirror/{s}", [["open", s], ["ImageOps", "flip", []], ["ImageOps", "mirror", []]])

    # --- Image.filter with ImageFilter's filters: built-in kernels (uncalled classes), Kernel, blurs, rank filters
    for name in ["BLUR", "CONTOUR", "DETAIL", "EDGE_ENHANCE", "EDGE_ENHANCE_MORE", "EMBOSS", "FIND_EDGES", "SHARPEN", "SMOOTH", "SMOOTH_MORE"]:
        for s in ["rgb_97x61.png", "l_97x61.png"]:
            case(f"filter/{name}/{s}", [["open", s], ["filter", name, None]])
    for s in ["rgba_53x41.png", "la_37x23.png", "bilevel_43x31.png", "rgb_2x3.png", "q90_420_640x480.jpg"]:
        case(f"filter/SHARPEN/{s}", [["open", s], ["filter", "SHARPEN", None]])
        case(f"filter/GaussianBlur/{s}", [["open", s], ["filter", "GaussianBlur", [1.5]]])
        case(f"filter/MedianFilter/{s}", [["open", s], ["filter", "MedianFilter", [3]]])
    for s in ["rgb_97x61.png", "l_97x61.png", "rgb_7x5.png"]:
        for radius in [0, 0.5, 1, 2, 3.7, 10, 40]:
            case(f"filter/GaussianBlur/{s}/{radius}", [["open", s], ["filter", "GaussianBlur", [radius]]])
            case(f"filter/BoxBlur/{s}/{radius}", [["open", s], ["filter", "BoxBlur", [radius]]])
        case(f"filter/GaussianBlur-class/{s}", [["open", s], ["filter", "GaussianBlur", None]])
        for size in [3, 5]:
            for fname in ["MedianFilter", "MinFilter", "MaxFilter"]:
                case(f"filter/{fname}/{s}/{size}", [["open", s], ["filter", fname, [size]]])
        case(f"filter/RankFilter/{s}", [["open", s], ["filter", "RankFilter", [5, 7]]])
        for kw in [{}, {"radius": 1, "percent": 200, "threshold": 0}, {"radius": 3.5, "percent": 80, "threshold": 10}]:
            case(f"filter/UnsharpMask/{s}/{sorted(kw.items())}", [["open", s], ["filter", "UnsharpMask", [], kw]])
    for kernel, kw in [([0, -1, 0, -1, 5, -1, 0, -1, 0], {}), ([1, 2, 1, 0, 0, 0, -1, -2, -1], {"scale": 1, "offset": 128}),
                       ([1] * 25, {"scale": 20}), ([0.1, 0.2, 0.1, 0.2, 0.3, 0.2, 0.1, 0.2, 0.1], {}), ([1, -1, 1, -1, 0, -1, 1, -1, 1], {"scale": 3.3})]:
        size = [3, 3] if len(kernel) == 9 else [5, 5]
        for s in ["rgb_97x61.png", "l_97x61.png"]:
            case(f"filter/Kernel/{s}/{kernel}/{sorted(kw.items())}", [["open", s], ["filter", "Kernel", [size, kernel], kw]])
    case("filter/F-error", [["open", "rgb_31x29.png"], ["method", "convert", ["F"]], ["filter", "SHARPEN", None]])
    case("filter/P-error", [["open", "p_trns_45x33.png"], ["filter", "MedianFilter", [3]]])
    case("filter/P-blur-error", [["open", "p_trns_45x33.png"], ["filter", "GaussianBlur", [2]]])
    case("filter/I-median", [["open", "gray16_39x27.png"], ["method", "convert", ["I"]], ["filter", "MedianFilter", [3]]])
    case("filter/F-max", [["open", "rgb_31x29.png"], ["method", "convert", ["F"]], ["filter", "MaxFilter", [5]]])
    case("filter/even-size-error", [["open", "l_97x61.png"], ["filter", "MedianFilter", [4]]])
    case("filter/bad-kernel-error", [["open", "l_97x61.png"], ["filter", "Kernel", [[4, 4], [1] * 16]]])
    case("filter/small-kernel-copy", [["open", "rgb_2x3.png"], ["filter", "SMOOTH_MORE", None]])

    # --- ImageEnhance (each class, factors inside and outside [0, 1]) and Image.blend
    for s in ["rgb_97x61.png", "l_97x61.png", "rgba_53x41.png", "la_37x23.png"]:
        for cls in ["Brightness", "Contrast", "Color", "Sharpness"]:
            for factor in [0.0, 0.35, 1.0, 1.7, 3]:
                case(f"ImageEnhance/{cls}/{s}/{factor}", [["open", s], ["enhance", cls, factor]])
    case("ImageEnhance/Contrast/jpeg", [["open", "q90_420_640x480.jpg"], ["enhance", "Contrast", 1.5]])
    case("ImageEnhance/p-error", [["open", "p_trns_45x33.png"], ["enhance", "Brightness", 0.5]])

    # --- pixel access: getdata (a list here), getchannel, getextrema
    for s in ["rgb_7x5.png", "l_28x28.png", "rgba_53x41.png", "p_plain_45x33.png"]:
        case(f"getdata/{s}", [["open", s], ["method", "getdata", []], ["list"]])
        case(f"getextrema/{s}", [["open", s], ["method", "getextrema", []]])
    case("getdata/band", [["open", "rgb_7x5.png"], ["method", "getdata", [1]], ["list"]])
    case("getdata/F", [["open", "rgb_2x3.png"], ["method", "convert", ["F"]], ["method", "getdata", []], ["list"]])
    case("getextrema/F", [["open", "rgb_31x29.png"], ["method", "convert", ["F"]], ["method", "getextrema", []]])
    for s, ch in [("rgba_53x41.png", "A"), ("rgb_97x61.png", 1), ("la_37x23.png", "L"), ("l_28x28.png", 0)]:
        case(f"getchannel/{s}/{ch}", [["open", s], ["method", "getchannel", [ch]]])
    case("getchannel/missing-error", [["open", "rgb_7x5.png"], ["method", "getchannel", ["A"]]])
    case("getchannel/range-error", [["open", "rgb_7x5.png"], ["method", "getchannel", [3]]])

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

    # --- torchvision.transforms on PIL images and tensors
    IMAGENET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}
    imagenet = ["Compose", [["Resize", {"size": 256}], ["CenterCrop", {"size": 224}], ["ToTensor", {}], ["Normalize", IMAGENET]]]
    for s in ["rgb_257x199.png", "rgb_97x61.png", "rgb_1024x768.png"]:
        case(f"tv/imagenet/{s}", [["open", s], ["method", "convert", ["RGB"]], ["tv", imagenet]])
    for size in [224, [100, 150], [37], 1]:
        for interp in ["bilinear", "bicubic", "nearest", "lanczos", "box", "hamming"]:
            case(f"tv/Resize/{size}/{interp}", [["open", "rgb_257x199.png"], ["tv", ["Resize", {"size": size, "interpolation": interp}]]])
    case("tv/Resize/max_size", [["open", "rgb_257x199.png"], ["tv", ["Resize", {"size": 100, "max_size": 120}]]])
    case("tv/Resize/same", [["open", "rgb_97x61.png"], ["tv", ["Resize", {"size": 61}]]])
    case("tv/Resize/max_size-error", [["open", "rgb_97x61.png"], ["tv", ["Resize", {"size": 100, "max_size": 90}]]])
    for size in [224, [50, 80], [300, 120], 7]:
        case(f"tv/CenterCrop/{size}", [["open", "rgb_257x199.png"], ["tv", ["CenterCrop", {"size": size}]]])
    for s in ["rgb_31x29.png", "l_28x28.png", "rgba_53x41.png", "gray16_39x27.png", "bilevel_43x31.png", "p_trns_45x33.png"]:
        case(f"tv/ToTensor/{s}", [["open", s], ["tv", ["ToTensor", {}]]])
        case(f"tv/PILToTensor/{s}", [["open", s], ["tv", ["PILToTensor", {}]]])
    case("tv/ToTensor/ndarray", [["open", "rgb_31x29.png"], ["asarray"], ["tv", ["ToTensor", {}]]])
    case("tv/ConvertImageDtype", [["open", "rgb_31x29.png"], ["tv", ["Compose", [["PILToTensor", {}], ["ConvertImageDtype", {"dtype": "float32"}]]]]])
    for n in [1, 3]:
        case(f"tv/Grayscale/{n}", [["open", "rgb_31x29.png"], ["tv", ["Grayscale", {"num_output_channels": n}]]])
    for pad, mode in [(4, "constant"), ([2, 5], "edge"), ([1, 2, 3, 4], "reflect"), (3, "symmetric"), ([-2, 3], "constant")]:
        case(f"tv/Pad/{pad}/{mode}", [["open", "rgb_13x17.png"], ["tv", ["Pad", {"padding": pad, "padding_mode": mode}]]])
    case("tv/Pad/fill", [["open", "rgb_13x17.png"], ["tv", ["Pad", {"padding": 2, "fill": [10, 20, 30]}]]])
    case("tv/Normalize/l", [["open", "l_28x28.png"], ["tv", ["Compose", [["ToTensor", {}], ["Normalize", {"mean": [0.1307], "std": [0.3081]}]]]]])
    # tensors (uint8 and float32), with and without antialias
    for interp in ["bilinear", "bicubic", "nearest"]:
        for aa in [False, True]:
            if aa and interp == "nearest":
                continue
            for size in [[64, 80], [45, 60]]:
                source = "rgb_257x199.png" if size[0] < 100 and size == [64, 80] else "rgb_31x29.png"
                case(f"tv/tensor-resize/float/{interp}/{aa}/{size}", [["open", source], ["tv", ["ToTensor", {}]], ["tensor"], ["tv", ["Resize", {"size": size, "interpolation": interp, "antialias": aa}]]])
                case(f"tv/tensor-resize/uint8/{interp}/{aa}/{size}", [["open", source], ["tv", ["PILToTensor", {}]], ["tensor"], ["tv", ["Resize", {"size": size, "interpolation": interp, "antialias": aa}]]])
    case("tv/tensor-centercrop", [["open", "rgb_97x61.png"], ["tv", ["ToTensor", {}]], ["tensor"], ["tv", ["CenterCrop", {"size": 50}]]])
    case("tv/tensor-grayscale", [["open", "rgb_97x61.png"], ["tv", ["ToTensor", {}]], ["tensor"], ["tv", ["Grayscale", {}]]])
    case("tv/tensor-grayscale-uint8", [["open", "rgb_97x61.png"], ["tv", ["PILToTensor", {}]], ["tensor"], ["tv", ["Grayscale", {"num_output_channels": 3}]]])
    case("tv/tensor-pad", [["open", "rgb_13x17.png"], ["tv", ["ToTensor", {}]], ["tensor"], ["tv", ["Pad", {"padding": [1, 2], "padding_mode": "reflect"}]]])

    # --- torch.nn.functional.interpolate of a float NCHW tensor (ToTensor's, unsqueezed)
    for s, same in [("rgb_31x29.png", [29, 31]), ("rgb_13x17.png", [17, 13])]:
        for mode in ["nearest", "bilinear", "bicubic"]:
            for name, kw in [("size", {"size": [12, 20]}), ("up", {"size": [41, 37]}), ("sf2", {"scale_factor": 2}), ("sf0.7", {"scale_factor": 0.7}),
                             ("sf0.7-recompute", {"scale_factor": 0.7, "recompute_scale_factor": True}), ("same", {"size": same})]:
                if mode != "nearest":
                    kw = dict(kw, align_corners=False)
                case(f"interp/{s}/{mode}/{name}", [["open", s], ["tv", ["ToTensor", {}]], ["tensor"], ["interp", dict(kw, mode=mode)]])
        for mode in ["bilinear", "bicubic"]:
            case(f"interp/{s}/{mode}/antialias", [["open", s], ["tv", ["ToTensor", {}]], ["tensor"], ["interp", {"size": [20, 24], "mode": mode, "antialias": True}]])
    case("interp/align_corners-nearest-error", [["open", "rgb_13x17.png"], ["tv", ["ToTensor", {}]], ["tensor"], ["interp", {"size": 8, "align_corners": False}]])

    # --- torchvision.io.read_image: libpng's and libjpeg's channels in every ImageReadMode (0 UNCHANGED .. 4 RGB_ALPHA)
    for s in ["rgb_97x61.png", "rgba_53x41.png", "la_37x23.png", "l_97x61.png", "p_plain_45x33.png", "p_trns_45x33.png", "l_trns_20x20.png",
              "rgb_trns_22x18.png", "bilevel_43x31.png", "gray2bit_27x11.png", "gray16_39x27.png", "interlaced_61x47.png", "exif6_30x20.png",
              "q90_420_300x225.jpg", "q95_444_64x48.jpg", "gray_75x53.jpg", "progressive_120x90.jpg", "exif6_40x24.jpg", "trns_40x30.gif", "junk.bin"]:
        for mode in range(5):
            case(f"tvio/{s}/{mode}", [["tvio", s, mode]])
    case("tv/ToPILImage", [["open", "rgb_31x29.png"], ["tv", ["ToTensor", {}]], ["tensor"], ["tv", ["ToPILImage", {}]]])
    case("tvF/resize", [["open", "rgb_97x61.png"], ["tvF", "resize", [[40, 50]]]])
    case("tvF/center_crop", [["open", "rgb_97x61.png"], ["tvF", "center_crop", [40]]])
    case("tvF/to_tensor-normalize", [["open", "rgb_97x61.png"], ["tvF", "to_tensor", []], ["tensor"], ["tvF", "normalize", [], IMAGENET]])
    case("tvF/crop", [["open", "rgb_97x61.png"], ["tvF", "crop", [5, 7, 20, 30]]])
    case("tvF/hflip", [["open", "rgb_97x61.png"], ["tvF", "hflip", []]])

    # --- OpenCV
    for s in ["rgb_97x61.png", "rgba_53x41.png", "l_97x61.png", "gray16_39x27.png", "p_trns_45x33.png", "la_37x23.png", "q90_420_640x480.jpg",
              "gray_75x53.jpg", "exif6_40x24.jpg", "exif6_30x20.png", "rgb_59x37.bmp", "rgb_lzw_47x31.tif", "lossless_50x38.webp", "rgb16_29x19.png", "junk.bin", "trns_40x30.gif"]:
        for flags in [1, 0, -1]:
            case(f"cv2.imdecode/{s}/{flags}", [["cv2.imdecode", s, flags]])
    codes = {"BGR2RGB": 4, "BGR2GRAY": 6, "RGB2GRAY": 7, "BGR2RGBA": 2, "BGR2BGRA": 0}
    for name, code in codes.items():
        case(f"cv2.cvtColor/{name}", [["cv2.imdecode", "rgb_97x61.png", 1], ["cv2", "cvtColor", [code]]])
        case(f"cv2.cvtColor-f32/{name}", [["cv2.imdecode", "rgb_97x61.png", 1], ["astype", "float32"], ["cv2", "cvtColor", [code]]])
    for name, code in {"GRAY2BGR": 8, "GRAY2RGB": 8, "GRAY2BGRA": 9}.items():
        case(f"cv2.cvtColor/{name}", [["cv2.imdecode", "l_97x61.png", 0], ["cv2", "cvtColor", [code]]])
    for name, code in {"BGRA2BGR": 1, "BGRA2RGB": 3, "BGRA2GRAY": 10, "RGBA2GRAY": 11}.items():
        case(f"cv2.cvtColor/{name}", [["cv2.imdecode", "rgba_53x41.png", -1], ["cv2", "cvtColor", [code]]])
    case("cv2.cvtColor/bad-channels", [["cv2.imdecode", "l_97x61.png", 0], ["cv2", "cvtColor", [6]]])
    cv_sizes = {"rgb_97x61.png": [(37, 23), (224, 224), (194, 122), (48, 30), (97, 30)], "rgb_640x480.png": [(640, 640), (320, 240), (224, 224), (213, 160), (160, 120)],
                "l_97x61.png": [(37, 23), (200, 150), (24, 15)], "rgb_1x1.png": [(5, 3)], "rgb_7x5.png": [(3, 2), (13, 9)], "rgba_53x41.png": [(26, 20), (80, 70)], "rgb_257x199.png": [(128, 99), (100, 100)]}
    for s, sizes in cv_sizes.items():
        flags = -1 if s.startswith("rgba") else (0 if s.startswith("l_") else 1)
        for size in sizes:
            for iname, inter in {"nearest": 0, "linear": 1, "cubic": 2, "area": 3}.items():
                case(f"cv2.resize/{s}/{size}/{iname}", [["cv2.imdecode", s, flags], ["cv2", "resize", [list(size)], {"interpolation": inter}]])
    for iname, inter in {"nearest": 0, "linear": 1, "cubic": 2, "area": 3}.items():
        case(f"cv2.resize-f32/{iname}", [["cv2.imdecode", "rgb_97x61.png", 1], ["astype", "float32"], ["cv2", "resize", [[41, 29]], {"interpolation": inter}]])
        case(f"cv2.resize-f32-up/{iname}", [["cv2.imdecode", "rgb_31x29.png", 1], ["astype", "float32"], ["cv2", "resize", [[64, 60]], {"interpolation": inter}]])
        case(f"cv2.resize-fx/{iname}", [["cv2.imdecode", "rgb_97x61.png", 1], ["cv2", "resize", [None], {"fx": 0.37, "fy": 0.61, "interpolation": inter}]])
    case("cv2.resize-default", [["cv2.imdecode", "rgb_640x480.png", 1], ["cv2", "resize", [[320, 320]]]])
    for norm in [("minmax-255", [None, 0, 255, 32]), ("minmax-f32", [None, 0, 1, 32, 5]), ("l2", [None, 1, 0, 4, 5]), ("inf", [None, 1, 0, 1, 6])]:
        case(f"cv2.normalize/{norm[0]}", [["cv2.imdecode", "rgb_97x61.png", 1], ["cv2", "normalize", norm[1]]])
    case("cv2.normalize/f32", [["cv2.imdecode", "rgb_97x61.png", 1], ["astype", "float32"], ["cv2", "normalize", [None, 0, 1, 32]]])
    for btype in [0, 1, 2, 3, 4]:
        case(f"cv2.copyMakeBorder/{btype}", [["cv2.imdecode", "rgb_13x17.png", 1], ["cv2", "copyMakeBorder", [3, 5, 7, 2, btype], {"value": [114, 114, 114]}]])
    case("cv2.copyMakeBorder/gray", [["cv2.imdecode", "l_97x61.png", 0], ["cv2", "copyMakeBorder", [1, 2, 3, 4, 0], {"value": 9}]])
    case("cv2.split", [["cv2.imdecode", "rgb_13x17.png", 1], ["cv2", "split", []]])
    # cv2.threshold (retval and image apart), with Otsu's level; medianBlur; bitwise_not
    for name, flags in [("binary", 0), ("binary_inv", 1), ("trunc", 2), ("tozero", 3), ("tozero_inv", 4)]:
        for t, m in [(127, 255), (99.7, 200.4), (-3, 255), (255, 255), (300, 7)]:
            for item in [0, 1]:
                case(f"cv2.threshold/{name}/{t}/{m}/{item}", [["cv2.imdecode", "l_97x61.png", 0], ["cv2", "threshold", [t, m, flags]], ["item", item]])
        case(f"cv2.threshold-f32/{name}", [["cv2.imdecode", "l_97x61.png", 0], ["astype", "float32"], ["cv2", "threshold", [99.7, 1.5, flags]], ["item", 1]])
        case(f"cv2.threshold-bgr/{name}", [["cv2.imdecode", "rgb_97x61.png", 1], ["cv2", "threshold", [120, 255, flags]], ["item", 1]])
    for s in ["l_97x61.png", "l_28x28.png", "q75_420_97x61.jpg"]:
        for flags in [0 + 8, 1 + 8]:
            for item in [0, 1]:
                case(f"cv2.threshold-otsu/{s}/{flags}/{item}", [["cv2.imdecode", s, 0], ["cv2", "threshold", [0, 255, flags]], ["item", item]])
    case("cv2.threshold-otsu/bgr-error", [["cv2.imdecode", "rgb_97x61.png", 1], ["cv2", "threshold", [0, 255, 8]]])
    case("cv2.threshold-f32/retval", [["cv2.imdecode", "l_97x61.png", 0], ["astype", "float32"], ["cv2", "threshold", [99.7, 1.5, 0]], ["item", 0]])
    for s, flags in [("l_97x61.png", 0), ("rgb_97x61.png", 1), ("rgba_53x41.png", -1), ("rgb_7x5.png", 1)]:
        for k in [3, 5, 7]:
            case(f"cv2.medianBlur/{s}/{k}", [["cv2.imdecode", s, flags], ["cv2", "medianBlur", [k]]])
    case("cv2.medianBlur/f32", [["cv2.imdecode", "rgb_97x61.png", 1], ["astype", "float32"], ["cv2", "medianBlur", [5]]])
    case("cv2.medianBlur/even-error", [["cv2.imdecode", "l_97x61.png", 0], ["cv2", "medianBlur", [4]]])
    for s, flags in [("l_97x61.png", 0), ("rgb_97x61.png", 1)]:
        case(f"cv2.bitwise_not/{s}", [["cv2.imdecode", s, flags], ["cv2", "bitwise_not", []]])
    # cv2.dnn blobs as detection/classification notebooks call them: resize or resize+centre crop, mean (a tuple, or a
    # bare number that OpenCV puts in the first channel only), scale, swapRB; gray and BGRA images; 8-bit blobs
    blobs = {
        "imagenet": [[1 / 255.0, [224, 224], [0.485 * 255, 0.456 * 255, 0.406 * 255], True, False], {}],
        "imagenet-crop": [[1 / 255.0, [224, 224], [123.675, 116.28, 103.53], True, True], {}],
        "crop-odd": [[0.017, [37, 23]], {"mean": [104, 117, 123], "crop": True}],
        "crop-tall": [[1.0, [20, 50]], {"crop": True, "swapRB": True}],
        "ssd-caffe": [[1.0, [300, 300], [104.0, 177.0, 123.0]], {}],
        "yolo": [[1 / 255.0, [64, 64], [0, 0, 0], True], {"crop": False}],
        "scalar-mean": [[1 / 127.5, [32, 32], 127.5], {}],
        "scalar-mean-swap": [[1 / 127.5, [32, 32], 127.5, True], {}],
        "defaults": [[], {}],
        "same-size": [[0.5, [97, 61], [1, 2, 3]], {"swapRB": True}],
        "u8": [[1.0, [40, 30]], {"ddepth": 0, "swapRB": True}],
        "u8-scale": [[0.5, [40, 30]], {"ddepth": 0}],
        "bad-ddepth": [[1.0, [40, 30]], {"ddepth": 6}],
    }
    for name, (pargs, kwargs) in blobs.items():
        case(f"cv2.blobFromImage/{name}", [["cv2.imdecode", "rgb_97x61.png", 1], ["cv2", "dnn.blobFromImage", pargs, kwargs]])
    case("cv2.blobFromImage/gray", [["cv2.imdecode", "l_97x61.png", 0], ["cv2", "dnn.blobFromImage", [1 / 255.0, [28, 28], 0.5]]])
    case("cv2.blobFromImage/gray-swap", [["cv2.imdecode", "l_97x61.png", 0], ["cv2", "dnn.blobFromImage", [1 / 255.0, [28, 28], [1, 2, 3], True]]])
    case("cv2.blobFromImage/bgra", [["cv2.imdecode", "rgba_53x41.png", -1], ["cv2", "dnn.blobFromImage", [1 / 255.0, [32, 24], [10, 20, 30, 40], True, True]]])
    case("cv2.blobFromImage/f32", [["cv2.imdecode", "rgb_97x61.png", 1], ["astype", "float32"], ["cv2", "dnn.blobFromImage", [1 / 255.0, [50, 40], [0.5, 0.25, 0.125], True, True]]])
    case("cv2.blobFromImage/f64", [["cv2.imdecode", "rgb_97x61.png", 1], ["astype", "float64"], ["cv2", "dnn.blobFromImage", [1 / 255.0, [50, 40]]]])
    case("cv2.blobFromImage/big-crop", [["cv2.imdecode", "rgb_640x480.png", 1], ["cv2", "dnn.blobFromImage", [1 / 255.0, [224, 224], [0, 0, 0], True, True]]])
    case("cv2.blobFromImages/two", [["cv2.images", ["rgb_97x61.png", 1], ["rgb_640x480.png", 1]], ["cv2", "dnn.blobFromImages", [1 / 255.0, [64, 48], [0.1, 0.2, 0.3], True, True]]])
    case("cv2.blobFromImages/mixed-channels", [["cv2.images", ["rgb_97x61.png", 1], ["l_97x61.png", 0]], ["cv2", "dnn.blobFromImages", [1.0, [16, 16]]]])

    # --- Keras
    for s in ["rgb_640x480.png", "l_97x61.png", "rgba_53x41.png", "q90_420_640x480.jpg", "p_trns_45x33.png"]:
        for cm in ["rgb", "grayscale", "rgba"]:
            case(f"keras.load_img/{s}/{cm}", [["keras", "load_img", s, {"color_mode": cm, "target_size": [224, 224]}]])
    for interp in ["nearest", "bilinear", "bicubic", "lanczos", "box", "hamming"]:
        case(f"keras.load_img/interp/{interp}", [["keras", "load_img", "rgb_257x199.png", {"target_size": [150, 100], "interpolation": interp}]])
    case("keras.load_img/keep_aspect", [["keras", "load_img", "rgb_640x480.png", {"target_size": [224, 224], "keep_aspect_ratio": True, "interpolation": "bilinear"}]])
    case("keras.load_img/bad-interp", [["keras", "load_img", "rgb_97x61.png", {"target_size": [20, 20], "interpolation": "fancy"}]])
    for df in ["channels_last", "channels_first"]:
        case(f"keras.img_to_array/rgb/{df}", [["keras", "load_img", "rgb_97x61.png", {}], ["keras", "img_to_array", {"data_format": df}]])
        case(f"keras.img_to_array/gray/{df}", [["keras", "load_img", "l_97x61.png", {"color_mode": "grayscale"}], ["keras", "img_to_array", {"data_format": df}]])
        for mode in ["caffe", "tf", "torch"]:
            case(f"keras.preprocess_input/{mode}/{df}", [["keras", "load_img", "rgb_97x61.png", {}], ["keras", "img_to_array", {"data_format": df}], ["keras", "preprocess_input", {"mode": mode, "data_format": df}]])
    case("keras.preprocess_input/uint8", [["keras", "load_img", "rgb_97x61.png", {}], ["asarray"], ["keras", "preprocess_input", {"mode": "caffe"}]])

    # --- end-to-end preprocessing as notebooks write it (pipelines.py, translated by nb2svc in the TS test)
    for fname, src_, *extra in [("mnist_invert", "l_28x28.png"), ("mnist_invert", "rgb_97x61.png"), ("imagenet_pil", "rgb_640x480.png"), ("imagenet_pil", "q90_420_640x480.jpg"),
                                ("imagenet_torchvision", "q90_420_640x480.jpg"), ("yolo_letterbox", "q90_420_640x480.jpg", 320),
                                ("yolo_letterbox", "rgb_257x199.png", 160), ("yolo_letterbox", "rgb_97x61.png", 128), ("keras_resnet", "q90_420_640x480.jpg"), ("keras_mobilenet", "rgb_257x199.png"),
                                ("cv2_gray_digits", "rgb_97x61.png"), ("cv2_gray_digits", "l_28x28.png"), ("thumbnail_pad", "rgb_640x480.png"), ("exif_fit", "exif6_40x24.jpg"),
                                ("preprocess", "q90_420_640x480.jpg"), ("preprocess", "rgba_53x41.png"), ("safe_preprocess", "junk.bin"), ("safe_preprocess", "rgb_97x61.png")]:
        case(f"pipeline/{fname}/{src_}" + (f"/{extra[0]}" if extra else ""), [["pipeline", fname, src_, *extra]])
