# Writes bench/heavy/heavy.ipynb, the bench's model that costs something: the cells an ML engineer would write for a
# VGG-style CNN on scikit-learn's digits upscaled to 64x64, with one test image copied into the last cell as a literal
# (as the digits example copies its 8x8 images). The literal is computed here with the notebook's own code, so its
# comment names the right label. Then execute it (from this folder) and drop stderr outputs:
#
#   /usr/bin/python3 write_notebook.py
#   /usr/bin/python3 -m jupyter nbconvert --to notebook --execute --inplace heavy.ipynb
#   /usr/bin/python3 clean_notebook.py heavy.ipynb
import textwrap

import nbformat
import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SAMPLE_INDEX = 0


def sample_literal() -> tuple[str, int]:
    digits = load_digits()
    # the notebook's data cell, verbatim
    images = F.interpolate(torch.from_numpy(digits.images / 16.0).float().unsqueeze(1), size=(64, 64), mode="bilinear", align_corners=False)
    images = (images.squeeze(1).numpy() * 255).round().astype(np.uint8)
    _, X_test, _, y_test = train_test_split(images, digits.target, test_size=0.2, random_state=0, stratify=digits.target)
    rows = "".join("    [" + ", ".join(f"{int(v):3d}" for v in row) + "],\n" for row in X_test[SAMPLE_INDEX])
    return "[\n" + rows + "]", int(y_test[SAMPLE_INDEX])


def md(text: str):
    return nbformat.v4.new_markdown_cell(textwrap.dedent(text).strip())


def code(text: str):
    return nbformat.v4.new_code_cell(textwrap.dedent(text).strip())


literal, label = sample_literal()

cells = [
    md(
        """
        # Digits at scan resolution: a VGG-style CNN → ONNX

        The 8×8 digits were fine for a first model; the scanner delivers 64×64 grey-level crops. This notebook trains a
        VGG-style network (four stages of two 3×3 convolutions with batch norm, 1.7 M parameters) on scikit-learn's
        `digits` upscaled to 64×64 (no download needed), exports it to `heavy.onnx` for serving, and saves the
        `state_dict` beside it for the PyTorch side.
        """
    ),
    code(
        """
        %matplotlib inline
        import json
        import os

        import numpy as np
        import onnx
        import torch
        import torch.nn.functional as F
        from torch import nn
        from sklearn.datasets import load_digits
        from sklearn.model_selection import train_test_split
        """
    ),
    code(
        """
        np.random.seed(0)
        torch.manual_seed(0)
        torch.set_num_threads(2)
        """
    ),
    md(
        """
        ## Data

        1797 digits, upscaled bilinearly from 8×8 (grey levels 0..16) to 64×64 grey levels 0..255, the scanner's
        format. Stratified 80/20 split.
        """
    ),
    code(
        """
        digits = load_digits()
        images = F.interpolate(torch.from_numpy(digits.images / 16.0).float().unsqueeze(1), size=(64, 64), mode="bilinear", align_corners=False)
        images = (images.squeeze(1).numpy() * 255).round().astype(np.uint8)

        X_train, X_test, y_train, y_test = train_test_split(
            images, digits.target, test_size=0.2, random_state=0, stratify=digits.target
        )
        print("train:", X_train.shape, X_train.dtype, "test:", X_test.shape)
        """
    ),
    code(
        """
        # normalization statistics of the training split, saved for serving
        MEAN = float(X_train.mean() / 255.0)
        STD = float(X_train.std() / 255.0)
        with open("heavy_stats.json", "w") as f:
            json.dump({"MEAN": MEAN, "STD": STD}, f)
        print(f"MEAN={MEAN:.4f} STD={STD:.4f}")
        """
    ),
    code(
        '''
        def preprocess(pixels):
            """64x64 nested list of grey levels 0..255 -> normalized float32 array of shape (1, 1, 64, 64)."""
            x = np.asarray(pixels, dtype=np.float32) / 255.0
            x = (x - MEAN) / STD
            return x.reshape(1, 1, 64, 64)
        '''
    ),
    md(
        """
        ## Model

        Four stages of (conv 3×3 → BN → ReLU) ×2 and a 2×2 max-pool, 32/64/128/256 channels, then a small MLP head.
        """
    ),
    code(
        """
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


        model = DigitVGG()
        print("parameters:", sum(p.numel() for p in model.parameters()))
        """
    ),
    md(
        """
        ## Training

        Adam, mini-batches of 64, two epochs: enough for this data (it takes a few minutes on a laptop CPU).
        """
    ),
    code(
        """
        %%time
        X_train_t = torch.from_numpy(((X_train / 255.0 - MEAN) / STD).astype(np.float32)).unsqueeze(1)
        y_train_t = torch.from_numpy(y_train).long()

        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = nn.CrossEntropyLoss()
        gen = torch.Generator().manual_seed(0)
        batch_size = 64

        for epoch in range(1, 3):
            model.train()
            perm = torch.randperm(len(X_train_t), generator=gen)
            total = 0.0
            for start in range(0, len(perm), batch_size):
                idx = perm[start:start + batch_size]
                optimizer.zero_grad()
                loss = loss_fn(model(X_train_t[idx]), y_train_t[idx])
                loss.backward()
                optimizer.step()
                total += loss.item() * len(idx)
            print(f"epoch {epoch}  loss {total / len(perm):.4f}")
        """
    ),
    code(
        """
        model.eval()
        X_test_t = torch.from_numpy(((X_test / 255.0 - MEAN) / STD).astype(np.float32)).unsqueeze(1)
        with torch.no_grad():
            test_pred = model(X_test_t).argmax(dim=1).numpy()
        print(f"test accuracy: {(test_pred == y_test).mean():.4f} ({int((test_pred == y_test).sum())}/{len(y_test)})")
        """
    ),
    md(
        """
        ## Postprocessing

        Softmax over the 10 logits; the best digit, its probability and the runners-up.
        """
    ),
    code(
        """
        def softmax(z):
            z = z - z.max(axis=-1, keepdims=True)
            e = np.exp(z)
            return e / e.sum(axis=-1, keepdims=True)


        def postprocess(logits):
            probs = softmax(logits)[0]
            top = np.argsort(probs)[::-1][:3]
            return {
                "digit": int(top[0]),
                "confidence": round(float(probs[top[0]]), 4),
                "top3": [{"digit": int(i), "probability": round(float(probs[i]), 4)} for i in top],
            }
        """
    ),
    md(
        """
        ## Export

        `heavy.onnx`: input `image` float32 `[batch, 1, 64, 64]`, output `logits` `[batch, 10]`, dynamic batch axis.
        The `state_dict` goes to `heavy.pt` for the PyTorch service.
        """
    ),
    code(
        """
        torch.onnx.export(
            model,
            torch.zeros(1, 1, 64, 64),
            "heavy.onnx",
            input_names=["image"],
            output_names=["logits"],
            dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
            opset_version=17,
        )
        onnx.checker.check_model(onnx.load("heavy.onnx"))
        torch.save(model.state_dict(), "heavy.pt")
        print(f"heavy.onnx: {os.path.getsize('heavy.onnx') / 1e6:.1f} MB, heavy.pt: {os.path.getsize('heavy.pt') / 1e6:.1f} MB")
        """
    ),
    md(
        """
        ## One scan through the whole path

        Test image #0 of the split, copied as the scanner sends it.
        """
    ),
]

# written out, not dedented: the literal's rows carry their own indentation
cells.append(nbformat.v4.new_code_cell(
    f"# test image #0, true label {label}\n"
    f"sample = {literal}\n"
    "with torch.no_grad():\n"
    "    logits = model(torch.from_numpy(preprocess(sample))).numpy()\n"
    "print(postprocess(logits))"
))

nb = nbformat.v4.new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
nbformat.write(nb, "heavy.ipynb")
print(f"wrote heavy.ipynb (sample: test image #{SAMPLE_INDEX}, label {label})")
