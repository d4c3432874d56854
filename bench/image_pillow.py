#!/usr/bin/python3
"""Pillow + numpy side of bench/image.ts: decode a JPEG and preprocess it to a 224x224 normalised NCHW float32
tensor, the way notebooks write it; prints the per-step p50 in milliseconds as JSON.

    /usr/bin/python3 bench/image_pillow.py IMAGE.jpg [RUNS]
"""
import io
import json
import sys
import time

import numpy as np
import PIL
from PIL import Image

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def decode(data):
    img = Image.open(io.BytesIO(data)).convert("RGB")
    img.load()
    return img


def preprocess(data):
    img = Image.open(io.BytesIO(data)).convert("RGB").resize((224, 224), Image.BILINEAR)
    x = np.asarray(img, dtype=np.float32) / 255.0
    x = (x - MEAN) / STD
    return x.transpose(2, 0, 1)[np.newaxis, ...]


def p50(fn, data, runs, clock=time.perf_counter):
    """The median of `runs` timings in ms; clock is wall time, or process_time for CPU time (robust to a busy machine)."""
    for _ in range(20):
        fn(data)
    times = []
    for _ in range(runs):
        t = clock()
        fn(data)
        times.append(clock() - t)
    times.sort()
    return times[len(times) // 2] * 1000


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    with open(path, "rb") as f:
        data = f.read()
    out = preprocess(data)
    print(json.dumps({
        "pillow": PIL.__version__,
        "numpy": np.__version__,
        "decode_ms": p50(decode, data, runs),
        "total_ms": p50(preprocess, data, runs),
        "decode_cpu_ms": p50(decode, data, runs, time.process_time),
        "total_cpu_ms": p50(preprocess, data, runs, time.process_time),
        "checksum": float(out.astype(np.float64).sum()),
        "shape": list(out.shape),
    }))


if __name__ == "__main__":
    main()
