"""Keras 2.11's image preprocessing, written out from its source (keras/utils/image_utils.py and
keras/applications/imagenet_utils.py) with Pillow and numpy, since TensorFlow is not installed here: the reference
the TypeScript runtime's keras.ts is compared with. `call(name, x, read, *args)` runs one function."""
import io

import numpy as np
from PIL import Image

_PIL_INTERPOLATION_METHODS = {
    "nearest": Image.NEAREST,
    "bilinear": Image.BILINEAR,
    "bicubic": Image.BICUBIC,
    "hamming": Image.HAMMING,
    "box": Image.BOX,
    "lanczos": Image.LANCZOS,
}


def load_img(path, grayscale=False, color_mode="rgb", target_size=None, interpolation="nearest", keep_aspect_ratio=False):
    if grayscale:
        color_mode = "grayscale"
    img = Image.open(path if isinstance(path, io.BytesIO) else io.BytesIO(path))
    if color_mode == "grayscale":
        if img.mode not in ("L", "I;16", "I"):
            img = img.convert("L")
    elif color_mode == "rgba":
        if img.mode != "RGBA":
            img = img.convert("RGBA")
    elif color_mode == "rgb":
        if img.mode != "RGB":
            img = img.convert("RGB")
    else:
        raise ValueError('color_mode must be "grayscale", "rgb", or "rgba"')
    if target_size is not None:
        width_height_tuple = (target_size[1], target_size[0])
        if img.size != width_height_tuple:
            if interpolation not in _PIL_INTERPOLATION_METHODS:
                raise ValueError(
                    "Invalid interpolation method {} specified. Supported methods are {}".format(interpolation, ", ".join(_PIL_INTERPOLATION_METHODS.keys()))
                )
            resample = _PIL_INTERPOLATION_METHODS[interpolation]
            if keep_aspect_ratio:
                width, height = img.size
                target_width, target_height = width_height_tuple
                crop_height = (width * target_height) // target_width
                crop_width = (height * target_width) // target_height
                crop_height = min(height, crop_height)
                crop_width = min(width, crop_width)
                crop_box_hstart = (height - crop_height) // 2
                crop_box_wstart = (width - crop_width) // 2
                crop_box_wend = crop_box_wstart + crop_width
                crop_box_hend = crop_box_hstart + crop_height
                crop_box = [crop_box_wstart, crop_box_hstart, crop_box_wend, crop_box_hend]
                img = img.resize(width_height_tuple, resample, box=crop_box)
            else:
                img = img.resize(width_height_tuple, resample)
    return img


def img_to_array(img, data_format="channels_last", dtype="float32"):
    x = np.asarray(img, dtype=dtype)
    if len(x.shape) == 3:
        if data_format == "channels_first":
            x = x.transpose(2, 0, 1)
    elif len(x.shape) == 2:
        if data_format == "channels_first":
            x = x.reshape((1, x.shape[0], x.shape[1]))
        else:
            x = x.reshape((x.shape[0], x.shape[1], 1))
    else:
        raise ValueError(f"Unsupported image shape: {x.shape}")
    return x


def preprocess_input(x, data_format="channels_last", mode="caffe"):
    if not issubclass(x.dtype.type, np.floating):
        x = x.astype("float32", copy=False)
    if mode == "tf":
        x /= 127.5
        x -= 1.0
        return x
    elif mode == "torch":
        x /= 255.0
        mean = [0.485, 0.456, 0.406]
        std = [0.229, 0.224, 0.225]
    else:
        if data_format == "channels_first":
            if x.ndim == 3:
                x = x[::-1, ...]
            else:
                x = x[:, ::-1, ...]
        else:
            x = x[..., ::-1]
        mean = [103.939, 116.779, 123.68]
        std = None
    if data_format == "channels_first":
        if x.ndim == 3:
            for c in range(3):
                x[c, :, :] -= mean[c]
                if std is not None:
                    x[c, :, :] /= std[c]
        else:
            for c in range(3):
                x[:, c, :, :] -= mean[c]
                if std is not None:
                    x[:, c, :, :] /= std[c]
    else:
        for c in range(3):
            x[..., c] -= mean[c]
            if std is not None:
                x[..., c] /= std[c]
    return x


def call(name, x, read, *args):
    kwargs = args[-1] if args and isinstance(args[-1], dict) else {}
    pos = list(args[:-1] if kwargs or (args and isinstance(args[-1], dict)) else args)
    if name == "load_img":
        kw = dict(kwargs)
        if "target_size" in kw and kw["target_size"] is not None:
            kw["target_size"] = tuple(kw["target_size"])
        return load_img(read(pos[0]), **kw)
    if name == "img_to_array":
        return img_to_array(x, **kwargs)
    if name == "preprocess_input":
        return preprocess_input(x, **kwargs)
    raise ValueError(name)
