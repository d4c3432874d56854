"""Trains the shape classifier the notebook only loads (as if on another machine): a small CNN on data/<class>/*.jpg
resized to 32x32, ImageNet mean/std, channels first; writes shapes_cnn.onnx and labels.json. Seeded."""
import glob
import json
import os

import numpy as np
import torch
import torch.nn as nn
from PIL import Image

torch.manual_seed(21)
torch.set_num_threads(1)
CLASSES = ["circle", "square", "triangle"]
MEAN = np.array([0.485, 0.456, 0.406]).reshape(3, 1, 1)
STD = np.array([0.229, 0.224, 0.225]).reshape(3, 1, 1)


def load(path):
    img = np.array(Image.open(path).resize((32, 32), Image.BILINEAR)).transpose(2, 0, 1)
    return ((img / 255 - MEAN) / STD).astype(np.float32)


paths = sorted(glob.glob("data/*/*.jpg"))
X = torch.from_numpy(np.stack([load(p) for p in paths]))
y = torch.tensor([CLASSES.index(os.path.basename(os.path.dirname(p))) for p in paths])
net = nn.Sequential(
    nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 8 * 8, 3),
)
opt = torch.optim.Adam(net.parameters(), lr=3e-3)
for step in range(60):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(net(X), y)
    loss.backward()
    opt.step()
net.eval()
torch.onnx.export(net, X[:1], "shapes_cnn.onnx", input_names=["data"], output_names=["prob"],
                  dynamic_axes={"data": {0: "N"}, "prob": {0: "N"}}, opset_version=12)
with open("labels.json", "w") as f:
    json.dump(CLASSES, f)
print("loss", round(loss.item(), 4))
