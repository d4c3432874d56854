"""Training script run before the notebook: fits the fraud model on transactions.csv and writes
fraud_model.onnx and preprocessing.json (feature order, category codes, standardization)."""
import json

import numpy as np
import pandas as pd
import torch
from torch import nn

torch.manual_seed(0)
torch.set_num_threads(1)
df = pd.read_csv("transactions.csv")
codes = {c: i for i, c in enumerate(sorted(df["merchant_category"].unique()))}
feats = pd.DataFrame({
    "log_amount": np.log1p(df["amount"]),
    "hour": pd.to_datetime(df["timestamp"]).dt.hour,
})
feats["is_night"] = (feats["hour"] < 6).astype(int)
feats["category"] = df["merchant_category"].map(codes)
feats["distance_km"] = df["distance_km"]
feats["card_present"] = df["card_present"].astype(int)
FEATURES = list(feats.columns)
mean, std = feats.mean().values, feats.std().values
X = torch.tensor(((feats.values - mean) / std), dtype=torch.float32)
y = torch.tensor(df["is_fraud"].values, dtype=torch.float32).unsqueeze(1)


class FraudNet(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d, 16), nn.ReLU(), nn.Linear(16, 1))

    def forward(self, x):
        return torch.sigmoid(self.net(x))


model = FraudNet(len(FEATURES))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for _ in range(300):
    opt.zero_grad()
    loss = nn.functional.binary_cross_entropy(model(X), y)
    loss.backward()
    opt.step()
print(f"train loss {loss.item():.4f}")
model.eval()
torch.onnx.export(model, X[:1], "fraud_model.onnx", input_names=["input"], output_names=["fraud_probability"],
                  dynamic_axes={"input": {0: "batch"}, "fraud_probability": {0: "batch"}})
with open("preprocessing.json", "w") as f:
    json.dump({"features": FEATURES, "category_codes": codes, "mean": mean.tolist(), "std": std.tolist()}, f, indent=2)
