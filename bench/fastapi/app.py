# What a notebook author writes by hand instead of nb2svc: FastAPI + PyTorch, the model class and the pre/post
# functions copied from the notebook. The bench runs it with uvicorn and N worker processes (BENCH_WORKERS; the
# examples' comparison defaults to one per core, the heavy model's to 1, as the service):
#   EXAMPLE=iris python3 -m uvicorn app:app --workers 2
#   EXAMPLE=heavy python3 app.py --workers 1 --port 8000
#
# The example notebooks save only the ONNX file, not a state_dict, so their weights are read from the ONNX
# initializers, whose names are the state_dict keys (torch.onnx.export keeps them): the architecture is the
# notebook's, the numbers are the trained ones, and the answers match the notebook's goldens (the bench checks).
# The heavy model (bench/heavy/heavy.ipynb) has batch norm, which the export folds into the convolutions, so its
# initializers are not its state_dict: the notebook saves the state_dict to heavy.pt and that is loaded here.
#
# The model runs in PyTorch, as in the notebook (what its author would serve). FASTAPI_BACKEND=onnxruntime runs the
# notebook's .onnx file with Python's onnxruntime instead (the service's engine, so only the serving stacks differ):
# Debian has no package of it; where pip can install it (on the bench machine, from the local wheel index pip is
# configured with: `pip install --no-deps --no-index --find-links DIR --target DIR2 onnxruntime`, then PYTHONPATH=DIR2)
# the bench adds that server by itself.
import argparse
import json
import os
import re
from pathlib import Path
from typing import List

import numpy as np
import onnx
import torch
from fastapi import FastAPI
from onnx import numpy_helper
from pydantic import BaseModel
from torch import nn

# one thread per worker by default (the service's ORT_INTRA_OP_THREADS is 1): scale with workers, as the service does
THREADS = int(os.environ.get("MODEL_THREADS", "1"))
BACKEND = os.environ.get("FASTAPI_BACKEND", "torch")
torch.set_num_threads(THREADS)

EXAMPLE = os.environ.get("EXAMPLE", "iris")
_BENCH = Path(__file__).resolve().parents[1]
# the examples live in examples/<name>/, the heavy model in bench/heavy/
HERE = Path(os.environ["MODEL_DIR"]) if "MODEL_DIR" in os.environ else (
    _BENCH / "heavy" if EXAMPLE == "heavy" else Path(os.environ.get("EXAMPLES_DIR", _BENCH.parent / "examples")) / EXAMPLE
)


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


# ---- iris (cells 5, 6, 7 and 11 of iris.ipynb) ----------------------------------------------------------------


class IrisMLP(nn.Module):
    def __init__(self, n_features=4, hidden=16, n_classes=3):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(n_features, hidden),
            nn.ReLU(),
            nn.Linear(hidden, n_classes),
        )

    def forward(self, x):
        return self.net(x)


class IrisRequest(BaseModel):
    features: List[float]


def iris():
    stats = json.loads((HERE / "iris_stats.json").read_text())
    MEAN = np.array(stats["MEAN"], dtype=np.float32)
    STD = np.array(stats["STD"], dtype=np.float32)
    LABELS = ["setosa", "versicolor", "virginica"]

    def preprocess(features):
        x = np.asarray(features, dtype=np.float32)
        x = (x - MEAN) / STD
        return x.reshape(1, -1)

    def postprocess(logits):
        probs = softmax(logits)[0]
        best = int(np.argmax(probs))
        return {"label": LABELS[best], "confidence": round(float(probs[best]), 4)}

    return IrisMLP(), IrisRequest, lambda req: preprocess(req.features), postprocess


# ---- digits -----------------------------------------------------------------------------------------------------


class DigitCNN(nn.Module):
    def __init__(self, n_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
        )
        self.classifier = nn.Linear(8 * 4 * 4, n_classes)

    def forward(self, x):
        return self.classifier(self.features(x))


class DigitsRequest(BaseModel):
    pixels: List[List[float]]


def digits():
    PIXEL_MAX = 16.0

    def preprocess(pixels):
        x = np.asarray(pixels, dtype=np.float32) / PIXEL_MAX
        return x.reshape(1, 1, 8, 8)

    def postprocess(logits):
        probs = softmax(logits)[0]
        top = np.argsort(probs)[::-1][:3]
        return {
            "digit": int(top[0]),
            "top3": [{"digit": int(i), "probability": round(float(probs[i]), 4)} for i in top],
        }

    return DigitCNN(), DigitsRequest, lambda req: preprocess(req.pixels), postprocess


# ---- sentiment --------------------------------------------------------------------------------------------------

MAX_LEN = 24


class SentimentModel(nn.Module):
    def __init__(self, vocab_size, dim=16, n_classes=2, max_len=MAX_LEN):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=0)
        self.fc = nn.Linear(dim, n_classes)
        self.max_len = float(max_len)

    def forward(self, ids):
        mask = (ids != 0).unsqueeze(-1).float()
        summed = (self.embedding(ids) * mask).sum(dim=1)
        count = mask.sum(dim=1).clamp(min=1.0, max=self.max_len)
        return self.fc(summed / count)


class SentimentRequest(BaseModel):
    text: str


def sentiment():
    VOCAB = json.loads((HERE / "vocab.json").read_text())
    PAD_ID = 0
    UNK_ID = 1
    LABELS = ["negative", "positive"]

    def tokenize(text):
        return re.findall(r"[a-z0-9']+", text.lower())

    def preprocess(text):
        ids = [VOCAB.get(tok, UNK_ID) for tok in tokenize(text)][:MAX_LEN]
        ids = ids + [PAD_ID] * (MAX_LEN - len(ids))
        return np.array([ids], dtype=np.int64)

    def postprocess(logits):
        p = softmax(logits)[0]
        i = int(np.argmax(p))
        return {"label": LABELS[i], "score": round(float(p[i]), 4)}

    return SentimentModel(len(VOCAB)), SentimentRequest, lambda req: preprocess(req.text), postprocess


# ---- heavy (bench/heavy/heavy.ipynb: the model class, preprocess, softmax and postprocess cells) -------------------


def conv_bn(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class DigitVGG(nn.Module):
    def __init__(self, channels=(32, 64, 128, 256), n_classes=10):
        super().__init__()
        layers, cin = [], 1
        for c in channels:
            layers += [conv_bn(cin, c), conv_bn(c, c), nn.MaxPool2d(2)]
            cin = c
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Linear(cin * 4 * 4, 128),
            nn.ReLU(inplace=True),
            nn.Dropout(0.3),
            nn.Linear(128, n_classes),
        )

    def forward(self, x):
        return self.head(self.features(x))


class HeavyRequest(BaseModel):
    pixels: List[List[float]]


def heavy():
    stats = json.loads((HERE / "heavy_stats.json").read_text())
    MEAN, STD = stats["MEAN"], stats["STD"]

    def preprocess(pixels):
        x = np.asarray(pixels, dtype=np.float32) / 255.0
        x = (x - MEAN) / STD
        return x.reshape(1, 1, 64, 64)

    def postprocess(logits):
        probs = softmax(logits)[0]
        top = np.argsort(probs)[::-1][:3]
        return {
            "digit": int(top[0]),
            "confidence": round(float(probs[top[0]]), 4),
            "top3": [{"digit": int(i), "probability": round(float(probs[i]), 4)} for i in top],
        }

    return DigitVGG(), HeavyRequest, lambda req: preprocess(req.pixels), postprocess


# ---- the service ------------------------------------------------------------------------------------------------


def load_weights(model):
    """The notebook's state_dict when it saved one (heavy.pt), else the ONNX initializers (see the top)."""
    saved = HERE / f"{EXAMPLE}.pt"
    if saved.exists():
        weights = torch.load(saved, map_location="cpu")
    else:
        weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in onnx.load(str(HERE / f"{EXAMPLE}.onnx")).graph.initializer}
    model.load_state_dict(weights)
    model.eval()
    return model


def main():
    parser = argparse.ArgumentParser(description="FastAPI + PyTorch serving of one bench model (EXAMPLE=iris|digits|sentiment|heavy)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "1")), help="uvicorn worker processes (default: $WORKERS or 1)")
    args = parser.parse_args()
    import uvicorn

    # the workers import this file as "app" and build the model there; this process only supervises them
    uvicorn.run("app:app", host=args.host, port=args.port, workers=args.workers, app_dir=str(Path(__file__).resolve().parent))


if __name__ == "__main__":
    main()
    raise SystemExit(0)

model, RequestBody, preprocess, postprocess = {"iris": iris, "digits": digits, "sentiment": sentiment, "heavy": heavy}[EXAMPLE]()
if BACKEND == "onnxruntime":
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = THREADS
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    session = onnxruntime.InferenceSession(str(HERE / f"{EXAMPLE}.onnx"), options, providers=["CPUExecutionProvider"])
    INPUT = session.get_inputs()[0].name

    def run_model(x):
        return session.run(None, {INPUT: x})[0]

else:
    load_weights(model)

    def run_model(x):
        with torch.no_grad():
            return model(torch.from_numpy(x)).numpy()


app = FastAPI()


@app.get("/readyz")
def readyz():
    return {"status": "ready"}


def predict(req):
    return postprocess(run_model(preprocess(req)))


# FASTAPI_ENDPOINT=async (the default here): `async def`, the model runs on the event loop; this was the faster of the
# two on the bench machine, so the comparison is against it. FASTAPI_ENDPOINT=sync: a plain `def`, which FastAPI runs in
# its thread pool, as its documentation advises for blocking work.
if os.environ.get("FASTAPI_ENDPOINT", "async") == "sync":

    @app.post("/predict")
    def predict_sync(req: RequestBody):
        return predict(req)

else:

    @app.post("/predict")
    async def predict_async(req: RequestBody):
        return predict(req)
