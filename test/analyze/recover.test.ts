// Recovery of the inference path from top-level code (src/analyze/recover.ts, slice.ts, frames.ts), and the ways
// notebooks name their model file: each case a small notebook written the way people write them, analysed in process.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/analyze/analyze.ts";
import { parseFrameText } from "../../src/analyze/recover.ts";
import { packageRoot } from "../../src/assets.ts";
import { stripMagics } from "../../src/python/magics.ts";
import { notebookFrom } from "../helpers/notebook.ts";

const TORCH = "import numpy as np\nimport torch\nfrom torch import nn";
const EXPORT = 'torch.onnx.export(model, torch.zeros(1, 4), "m.onnx", input_names=["x"], output_names=["y"])';

/** A .npy file (format 1.0) of a 1-d float64 array. */
function npyFloat64(values: readonly number[]): Buffer {
  const header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${values.length},), }`;
  const padded = header + " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const body = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => body.writeDoubleLE(v, i * 8));
  const head = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  head.writeUInt16LE(padded.length, 8);
  return Buffer.concat([head, Buffer.from(padded, "latin1"), body]);
}

/** The recovered function's source, by name. */
async function recovered(cells: Parameters<typeof notebookFrom>[0], files: Parameters<typeof notebookFrom>[1] = {}) {
  const nb = await notebookFrom(cells, files);
  const a = await analyze(nb);
  const source = (name: string | null) => (name ? a.functions.find((f) => f.name === name)?.source ?? null : null);
  return { nb, a, pre: source(a.preprocess), post: source(a.postprocess) };
}

describe("recovering the inference path from top-level cells", () => {
  it("writes preprocess from the lines between a literal example and the model call, postprocess up to the printed answer", async () => {
    const { a, pre, post } = await recovered([
      TORCH,
      "model = nn.Linear(4, 3)\nMEAN = np.array([5.8, 3.0, 3.7, 1.2])\nX_train = np.zeros((10, 4))\nX_train_n = X_train - MEAN",
      EXPORT,
      "LABELS = ['a', 'b', 'c']",
      { source: "sample = [5.1, 3.5, 1.4, 0.2]\nx = torch.tensor(np.array(sample) - MEAN, dtype=torch.float32)\nwith torch.no_grad():\n    logits = model(x.unsqueeze(0))\npred = logits.argmax(dim=1).item()\nprint(f\"Predicted: {LABELS[pred]}\")", stdout: "Predicted: b\n" },
    ]);
    expect(a.inferencePath).toEqual({ kind: "recovered", cells: [4] });
    // the message numbers the cell as its location header does: the 5th cell, In [5]
    const said = a.diagnostics.find((d) => d.code === "ANALYZE_RECOVERED")!;
    expect(said.cell).toBe(4);
    expect(said.message).toMatch(/^the inference path was recovered from top-level code in cell 5 \(In \[5\]\): `preprocess\(sample\)`/);
    expect(pre).toBe("def preprocess(sample):\n    x = torch.tensor(np.array(sample) - MEAN, dtype=torch.float32)\n    return x.unsqueeze(0)");
    expect(post).toBe("def postprocess(logits: torch.Tensor):\n    pred = logits.argmax(dim=1).item()\n    return LABELS[pred]");
    // MEAN is read by training code too: a constant, not the example
    expect(a.constants.map((c) => c.name).sort()).toEqual(["LABELS", "MEAN"]);
    expect(a.goldens).toMatchObject([{ cell: 4, input: { sample: [5.1, 3.5, 1.4, 0.2] }, expected: "b" }]);
    // each written line says where it came from
    const fn = a.functions.find((f) => f.name === "preprocess")!;
    expect(fn.origin![1]).toEqual({ cell: 4, line: 2, columnShift: -4 });
  });

  it("keeps a loop over settings that changes the example in place whole, its variable no input (nor a comprehension's of the same name)", async () => {
    const { pre } = await recovered([
      TORCH + "\nimport pandas as pd",
      "model = nn.Linear(4, 1)\nCOLS = ['a', 'b', 'c', 'd']\nLO, HI = {}, {}\nfor c in COLS:\n    LO[c], HI[c] = 0.0, 10.0",
      EXPORT,
      {
        source: "reading = {'a': 1.0, 'b': 50.0, 'c': 3.0, 'd': 4.0}\nr = pd.Series(reading, dtype=float)\nfor c in COLS:\n    r[c] = np.clip(r[c], LO[c], HI[c])\nx = torch.tensor([[r[c] for c in COLS]], dtype=torch.float32)\nwith torch.no_grad():\n    y = model(x)\nprint(f\"y: {y.item():.2f}\")",
        stdout: "y: 1.00\n",
      },
    ]);
    expect(pre).toBe("def preprocess(reading):\n    r = pd.Series(reading, dtype=float)\n    for c in COLS:\n        r[c] = np.clip(r[c], LO[c], HI[c])\n    x = torch.tensor([[r[c] for c in COLS]], dtype=torch.float32)\n    return x");
  });

  it("takes class names written out under a label name (LABELS = [...]) for a lookup table, not the true labels", async () => {
    const { a, post } = await recovered([
      TORCH,
      "model = nn.Linear(4, 3)",
      EXPORT,
      "LABELS = ['circle', 'square', 'triangle']\nlabels = np.array([0, 2, 1])",
      { source: "x = torch.tensor([[0.5, 1.0, 2.0, 3.0]])\nprobs = torch.sigmoid(model(x))[0]\npresent = [LABELS[i] for i, p in enumerate(probs) if p > 0.5]\nprint(present)", stdout: "['square']\n" },
    ]);
    expect(post).toBe("def postprocess(output: torch.Tensor):\n    probs = torch.sigmoid(output)[0]\n    present = [LABELS[i] for i, p in enumerate(probs) if p > 0.5]\n    return present");
    expect(a.goldens).toMatchObject([{ expected: ["square"] }]);
  });

  it("reads f-string fields with their precision, names them by the words before them, and skips what is not from the model", async () => {
    const { a, post } = await recovered([
      TORCH,
      "model = nn.Linear(4, 2)",
      EXPORT,
      { source: 'row = np.array([[1.0, 2.0, 3.0, 4.0]], dtype=np.float32)\nout = model(torch.from_numpy(row))\nprice, rent = out[0].tolist()\nprint(f"Row {row[0, 0]}: price {price:,.2f}, monthly rent {rent:.1f}")', stdout: "Row 1.0: price 312,450.12, monthly rent 1.5\n" },
    ]);
    expect(post).toContain('return {"price": price, "monthly_rent": rent}');
    expect(a.goldens[0]).toMatchObject({ expected: { price: 312450.12, monthly_rent: 1.5 } });
    expect(a.goldens[0]!.atol).toBeCloseTo(0.05, 6);
  });

  it("does not take a metric, a shape or a training call for the answer", async () => {
    const { a } = await recovered([
      TORCH,
      "model = nn.Linear(4, 3)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nX = torch.zeros(8, 4)\ny = torch.zeros(8, dtype=torch.long)",
      "for epoch in range(3):\n    loss = nn.functional.cross_entropy(model(X), y)\n    loss.backward()\n    opt.step()",
      EXPORT,
      { source: "pred = model(X).argmax(1)\nprint(pred.shape)\nprint((pred == y).float().mean())", stdout: "torch.Size([8])\ntensor(1.)\n" },
    ]);
    expect(a.goldens).toEqual([]);
    expect(a.postprocess).toBeNull();
  });


  it("answers with the cell's last display of the output, further processed, and stops at the cell's end", async () => {
    const { a, post } = await recovered([
      TORCH,
      "model = nn.Linear(4, 3)\nNAMES = ['setosa', 'versicolor', 'virginica']",
      EXPORT,
      {
        source: "x = np.array([[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]], dtype=np.float32)\npred = model(torch.from_numpy(x)).argmax(1).numpy()\nprint(pred)\nprint(pred.shape)\nprint([NAMES[i] for i in pred])",
        stdout: "[0 2]\n(2,)\n['setosa', 'virginica']\n",
      },
      { source: "print(pred.tolist())", stdout: "[0, 2]\n" },
    ]);
    expect(post).toBe("def postprocess(output: torch.Tensor):\n    pred = output.argmax(1).numpy()\n    return [NAMES[i] for i in pred]");
    expect(a.goldens).toMatchObject([{ cell: 3, expected: ["setosa", "virginica"] }]);
  });
  it("takes the answer from the next cell when it picks it out of the whole array the cell before printed (PyTorch Hub's example)", async () => {
    const hub = (next: string, stdout: string) =>
      recovered([
        TORCH,
        "model = nn.Linear(4, 3)\nCATEGORIES = ['cat', 'dog', 'fox']",
        EXPORT,
        { source: "x = torch.tensor([[5.1, 3.5, 1.4, 0.2]])\nwith torch.no_grad():\n    output = model(x)\nprobabilities = torch.nn.functional.softmax(output[0], dim=0)\nprint(probabilities)", stdout: "tensor([0.1000, 0.7000, 0.2000])\n" },
        { source: next, stdout },
      ]);
    const picked = await hub("top_prob, top_catid = torch.topk(probabilities, 2)\nfor i in range(top_prob.size(0)):\n    print(CATEGORIES[top_catid[i]], top_prob[i].item())", "dog 0.7\nfox 0.2\n");
    expect(picked.a.goldens).toMatchObject([{ cell: 4, expected: [{ top_prob: 0.7 }, { top_prob: 0.2 }] }]);
    expect(picked.post).toContain("torch.topk(probabilities, 2)");
    // a next cell that does not read the printed array is another story: the printed array is the answer
    const other = await hub("w = model.weight.sum().item()\nprint(w)", "1.5\n");
    expect(other.a.goldens).toMatchObject([{ cell: 3, expected: [0.1, 0.7, 0.2] }]);
  });

  it("answers a loop that prints one line per item with a list", async () => {
    const { a, post } = await recovered([
      TORCH,
      "model = nn.Linear(4, 2)",
      EXPORT,
      "CLASSES = ['no', 'yes']",
      { source: "batch = np.array([[1, 2, 3, 4], [4, 3, 2, 1]], dtype=np.float32)\nscores = model(torch.from_numpy(batch)).detach().numpy()\nfor r, s in zip(batch, scores):\n    print(f\"{CLASSES[int(np.argmax(s))]:>4} <- {r}\")", stdout: "  no <- [1. 2. 3. 4.]\n yes <- [4. 3. 2. 1.]\n" },
    ]);
    expect(post).toContain("for s in scores:");
    expect(a.goldens[0]).toMatchObject({ expected: ["no", "yes"] });
  });

  it("among model calls with examples, serves the one whose answer the notebook built (top-k), not a later one-line check", async () => {
    const { a, post } = await recovered([
      TORCH,
      "model = nn.Linear(4, 3)",
      EXPORT,
      "labels = ['a', 'b', 'c']",
      { source: "x = np.array([[1, 2, 3, 4]], dtype=np.float32)\nscores = model(torch.from_numpy(x)).detach().numpy()[0]\nprobs = np.exp(scores) / np.sum(np.exp(scores))\ntop = np.argsort(probs)[::-1][:2]\nfor i in top:\n    print(f\"{labels[i]}: {probs[i]:.2f}\")", stdout: "b: 0.70\na: 0.20\n" },
      { source: "out = model(torch.from_numpy(np.array([[4, 3, 2, 1]], dtype=np.float32))).detach().numpy()\nlabels[out.argmax()]", result: "'c'" },
    ]);
    expect(post).toContain("np.argsort(probs)[::-1][:2]");
    expect(a.goldens).toMatchObject([{ cell: 4, expected: [{ label: "b", probs: 0.7 }, { label: "a", probs: 0.2 }] }]);
  });

  it("reads a session's input shape from the model file, and keeps an output rebound from itself before the display", async () => {
    const { a, pre, post } = await recovered(
      [
        "import cv2\nimport numpy as np\nimport onnxruntime",
        "def softmax(x):\n    e_x = np.exp(x - np.max(x, axis=1, keepdims=True))\n    return e_x / e_x.sum()",
        'model = onnxruntime.InferenceSession("digits.onnx")\nmodel_input_shape = model.get_inputs()[0].shape\nmodel_input_name = model.get_inputs()[0].name',
        {
          source:
            'input = cv2.imread("digit.png")\ninput = cv2.resize(input, (model_input_shape[3], model_input_shape[2]))\ninput = cv2.cvtColor(input, cv2.COLOR_BGR2GRAY)\ninput = input[np.newaxis, np.newaxis, :, :].astype(np.float32) / 255.0\noutput = model.run(None, {model_input_name: input})\noutput = output[0]\noutput = softmax(output)\nprint(f"predicted number: {np.argmax(output)}")',
          stdout: "predicted number: 9\n",
        },
      ],
      { "digits.onnx": readFileSync(path.join(packageRoot(), "test", "corpus", "digits-cnn-png", "digits_cnn.onnx")) },
    );
    expect(pre).toContain("cv2.resize(input, (model_input_shape[3], model_input_shape[2]))");
    // onnxruntime's NodeArg.shape: the symbolic batch axis by its name, the others as ints
    expect(a.constants.find((c) => c.name === "model_input_shape")?.value).toEqual(["batch", 1, 8, 8]);
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(post).toBe('def postprocess(output):\n    output = output[0]\n    output = softmax(output)\n    return np.argmax(output)');
  });

  it("takes the image file a notebook function opens, given a path the notebook wrote, as the request", async () => {
    const { a, pre } = await recovered([
      "import numpy as np\nimport onnxruntime as rt\nfrom PIL import Image, ImageOps",
      'sess = rt.InferenceSession("m.onnx")\ninput_name = sess.get_inputs()[0].name',
      "def load_digit(path):\n    with Image.open(path) as img:\n        img = ImageOps.grayscale(img).resize((8, 8))\n        x = np.array(img).astype('float32') / 255\n    return x.reshape(1, 64)",
      { source: 'upload = "seven.png"\nx = load_digit(upload)\nlogits = sess.run(None, {input_name: x})[0]\nint(np.argmax(logits))', result: "7" },
    ], { "seven.png": readFileSync(path.join(packageRoot(), "test", "corpus", "digits-cnn-png", "samples", "digit_1795_9.png")) });
    expect(pre).toBe("def preprocess(upload):\n    x = load_digit(upload)\n    return x");
    expect(a.goldens).toMatchObject([{ cell: 3, input: { upload: { $file: "seven.png" } }, expected: 7 }]);
  });

  it("recovers the top-level lines around the notebook's own preprocess/postprocess when no cell calls them on an example, and reads a concatenated print", async () => {
    const { a, pre, post } = await recovered(
      [
        "import numpy as np\nimport onnxruntime\nfrom PIL import Image",
        "def preprocess(input_data):\n    return (input_data.astype('float32') / 255).reshape(1, 3, 8, 8)\n\ndef postprocess(result):\n    return np.array(result).reshape(-1).tolist()",
        "labels = ['circle', 'square', 'triangle']\nsession = onnxruntime.InferenceSession('m.onnx', None)\ninput_name = session.get_inputs()[0].name",
        {
          source: "image = Image.open('shape.png')\nimage = image.resize((8, 8), Image.BILINEAR)\nimage_data = np.array(image).transpose(2, 0, 1)\ninput_data = preprocess(image_data)\nraw_result = session.run([], {input_name: input_data})\nres = postprocess(raw_result)\nidx = np.argmax(res)\nprint('=====')\nprint('Final top prediction is: ' + labels[idx])",
          stdout: "=====\nFinal top prediction is: square\n",
        },
      ],
      { "shape.png": readFileSync(path.join(packageRoot(), "test", "corpus", "digits-cnn-png", "samples", "digit_1795_9.png")) },
    );
    expect(a.inferencePath).toEqual({ kind: "recovered", cells: [3] });
    expect(pre).toBe("def preprocess_2(image):\n    image = Image.open(image)\n    image = image.resize((8, 8), Image.BILINEAR)\n    image_data = np.array(image).transpose(2, 0, 1)\n    input_data = preprocess(image_data)\n    return input_data");
    expect(post).toContain("return labels[idx]");
    expect(a.goldens).toMatchObject([{ cell: 3, input: { image: { $file: "shape.png" } }, expected: "square" }]);
    // session.run([], feeds): an empty list of output names runs every output, as None does
    expect(a.inference.find((c) => c.preprocess === "preprocess_2")?.output).toEqual({ kind: "all-outputs" });
  });

  it("runs an OpenCV DNN net (readNetFromONNX, setInput, forward) with the blob setInput was given as the model input", async () => {
    const digits = { "digits.onnx": readFileSync(path.join(packageRoot(), "test", "corpus", "digits-cnn-png", "digits_cnn.onnx")), "digit.png": readFileSync(path.join(packageRoot(), "test", "corpus", "digits-cnn-png", "samples", "digit_1795_9.png")) };
    const { a, pre, post } = await recovered(
      [
        "import cv2\nimport numpy as np",
        'net = cv2.dnn.readNetFromONNX("digits.onnx")',
        {
          source: 'img = cv2.imread("digit.png", cv2.IMREAD_GRAYSCALE)\nblob = cv2.dnn.blobFromImage(img, 1 / 255.0, (8, 8))\nnet.setInput(blob)\nout = net.forward()\nprint(f"digit: {out.argmax()}")',
          stdout: "digit: 9\n",
        },
      ],
      digits,
    );
    expect(a.modelPath).toMatch(/digits\.onnx$/);
    expect(a.models.map((m) => [m.kind, m.netVar])).toEqual([["cv2.dnn.readNet", "net"]]);
    expect(pre).toBe("def preprocess(image):\n    img = cv2.imread(image, cv2.IMREAD_GRAYSCALE)\n    blob = cv2.dnn.blobFromImage(img, 1 / 255.0, (8, 8))\n    return blob");
    expect(post).toBe("def postprocess(out):\n    return out.argmax()");
    expect(a.goldens).toMatchObject([{ cell: 2, input: { image: { $file: "digit.png" } }, expected: 9 }]);
    // inside a function too; setInput's own scaling (scalefactor, mean) is not translated: no path from that call
    const inFn = await recovered(
      [
        "import cv2\nimport numpy as np",
        'net = cv2.dnn.readNet("digits.onnx")',
        "def predict(path):\n    net.setInput(cv2.dnn.blobFromImage(cv2.imread(path, 0), 1 / 255.0, (8, 8)), 'input')\n    return int(net.forward().argmax())",
        { source: 'predict("digit.png")', result: "9" },
      ],
      digits,
    );
    expect(inFn.pre).toBe("def preprocess(image):\n    return cv2.dnn.blobFromImage(cv2.imread(image, 0), 1 / 255.0, (8, 8))");
    expect(inFn.a.goldens).toMatchObject([{ cell: 3, expected: 9 }]);
    const scaled = await recovered(
      [
        "import cv2\nimport numpy as np",
        'net = cv2.dnn.readNetFromONNX("digits.onnx")',
        { source: 'img = cv2.imread("digit.png", 0)\nnet.setInput(cv2.dnn.blobFromImage(img, size=(8, 8)), scalefactor=1 / 255.0)\nout = net.forward()\nprint(out.argmax())', stdout: "9\n" },
      ],
      digits,
    );
    expect(scaled.a.goldens).toEqual([]);
  });

  describe("a function that calls the function holding the model call", () => {
    const PROBA = "def predict_proba(values):\n    x = torch.tensor([values], dtype=torch.float32)\n    with torch.no_grad():\n        logits = model(x)\n    return torch.softmax(logits, dim=1)[0]";
    const cells = (...more: Parameters<typeof notebookFrom>[0]) => [TORCH, "model = nn.Linear(4, 3)\nLABELS = ['setosa', 'versicolor', 'virginica']", EXPORT, PROBA, ...more];
    const helper = (a: Awaited<ReturnType<typeof recovered>>["a"], name: string) => a.functions.find((f) => f.name === name)?.source;

    it("makes the caller's lines after the call the postprocessing, and reads the examples from the caller's result", async () => {
      const { a, pre, post } = await recovered(
        cells("def predict(values):\n    values = [v / 10 for v in values]\n    probs = predict_proba(values)\n    return LABELS[int(probs.argmax())]", { source: "predict([5.1, 3.5, 1.4, 0.2])", result: "'versicolor'" }),
      );
      expect(pre).toBe("def preprocess(values):\n    values = [v / 10 for v in values]\n    return predict_proba_preprocess(values)");
      expect(post).toBe("def postprocess(logits):\n    probs = predict_proba_postprocess(logits)\n    return LABELS[int(probs.argmax())]");
      expect(helper(a, "predict_proba_preprocess")).toBe("def predict_proba_preprocess(values):\n    x = torch.tensor([values], dtype=torch.float32)\n    return x");
      expect(helper(a, "predict_proba_postprocess")).toBe("def predict_proba_postprocess(logits: torch.Tensor):\n    return torch.softmax(logits, dim=1)[0]");
      expect(a.helpers).toEqual(expect.arrayContaining(["predict_proba_preprocess", "predict_proba_postprocess"]));
      expect(a.goldens).toMatchObject([{ cell: 5, input: { values: [5.1, 3.5, 1.4, 0.2] }, expected: "versicolor" }]);
    });

    it("follows a chain of callers, and a one-instance class whose __call__ calls its predict_proba", async () => {
      const chain = await recovered(
        cells(
          "def scores(values):\n    return predict_proba(values).tolist()",
          "def predict(values):\n    s = scores(values)\n    return {'label': LABELS[s.index(max(s))], 'score': round(max(s), 3)}",
          { source: "predict([5.1, 3.5, 1.4, 0.2])", result: "{'label': 'setosa', 'score': 0.5}" },
        ),
      );
      expect(chain.post).toBe("def postprocess(logits):\n    s = scores_postprocess(logits)\n    return {'label': LABELS[s.index(max(s))], 'score': round(max(s), 3)}");
      expect(helper(chain.a, "scores_postprocess")).toBe("def scores_postprocess(logits):\n    return predict_proba_postprocess(logits).tolist()");
      expect(chain.a.goldens).toMatchObject([{ cell: 6, expected: { label: "setosa", score: 0.5 } }]);
      const cls = await recovered([
        TORCH,
        "model = nn.Linear(4, 3)",
        EXPORT,
        "class Classifier:\n    def __init__(self, labels):\n        self.labels = labels\n\n    def predict_proba(self, values):\n        with torch.no_grad():\n            return torch.softmax(model(torch.tensor([values])), dim=1)[0]\n\n    def __call__(self, values):\n        p = self.predict_proba(values)\n        return self.labels[int(p.argmax())]",
        "clf = Classifier(['setosa', 'versicolor', 'virginica'])",
        { source: "clf([5.1, 3.5, 1.4, 0.2])", result: "'virginica'" },
      ]);
      expect(cls.post).toBe("def postprocess(output):\n    p = clf_predict_proba_postprocess(output)\n    return clf_labels[int(p.argmax())]");
      expect(cls.a.goldens).toMatchObject([{ cell: 5, input: { values: [5.1, 3.5, 1.4, 0.2] }, expected: "virginica" }]);
    });

    it("reads the first answer of a comprehension over known values, inline or in a function returning it, as an example", async () => {
      const predict = "def predict(values):\n    probs = predict_proba(values)\n    return LABELS[int(probs.argmax())]";
      const inline = await recovered(cells(predict, { source: "[predict(v) for v in [[5.1, 3.5, 1.4, 0.2], [6.0, 2.9, 4.5, 1.5]]]", result: "['setosa', 'virginica']" }));
      expect(inline.a.goldens).toMatchObject([{ cell: 5, input: { values: [5.1, 3.5, 1.4, 0.2] }, expected: "setosa" }]);
      const batch = await recovered(
        cells(predict, 'def predict_all(rows):\n    """One label per row."""\n    return [predict(r) for r in rows]', { source: "predict_all([[6.0, 2.9, 4.5, 1.5]])", result: "['virginica']" }),
      );
      expect(batch.post).toBe("def postprocess(logits):\n    probs = predict_proba_postprocess(logits)\n    return LABELS[int(probs.argmax())]");
      expect(batch.a.goldens).toMatchObject([{ cell: 6, input: { values: [6.0, 2.9, 4.5, 1.5] }, expected: "virginica" }]);
      // as many answers as items, or no example
      const short = await recovered(cells(predict, { source: "[predict(v) for v in [[5.1, 3.5, 1.4, 0.2], [6.0, 2.9, 4.5, 1.5]]]", result: "['setosa']" }));
      expect(short.a.goldens).toEqual([]);
    });

    it("reads the fields of a returned tuple unpacked into names and printed, in the tuple's order", async () => {
      const predict = "def predict(values):\n    probs = predict_proba(values)\n    best = int(probs.argmax())\n    return LABELS[best], round(float(probs[best]), 3)";
      const { a } = await recovered(cells(predict, "label, confidence = predict([5.1, 3.5, 1.4, 0.2])", { source: 'print(f"{confidence:.0%} {label}")', stdout: "52% setosa\n" }));
      expect(a.goldens).toMatchObject([{ cell: 6, input: { values: [5.1, 3.5, 1.4, 0.2] }, expected: ["setosa", 0.52], atol: 0.005 }]);
      // one element left out is no answer of the service
      const partial = await recovered(cells(predict, "label, confidence = predict([5.1, 3.5, 1.4, 0.2])", { source: 'print(f"{label}")', stdout: "setosa\n" }));
      expect(partial.a.goldens).toEqual([]);
    });

    it("keeps the callee's own path when the caller calls it several times, in a loop or a comprehension", async () => {
      for (const caller of [
        "def predict_all(rows):\n    return [LABELS[int(predict_proba(r).argmax())] for r in rows]",
        "def predict_all(rows):\n    out = []\n    for r in rows:\n        out.append(LABELS[int(predict_proba(r).argmax())])\n    return out",
        "def predict_all(rows):\n    a = predict_proba(rows[0])\n    b = predict_proba(rows[1])\n    return [LABELS[int(a.argmax())], LABELS[int(b.argmax())]]",
      ]) {
        const { a, post } = await recovered(cells(caller, { source: "predict_all([[5.1, 3.5, 1.4, 0.2], [6.0, 2.9, 4.5, 1.5]])", result: "['setosa', 'virginica']" }));
        expect(post).toBe("def postprocess(logits: torch.Tensor):\n    return torch.softmax(logits, dim=1)[0]");
        expect(a.helpers).toEqual([]);
      }
    });
  });

  it("ends a wrapper's postprocessing with the expression its callers show its result through (the text-classification tutorial)", async () => {
    const cells = (...shown: Parameters<typeof notebookFrom>[0]) => [
      TORCH,
      "model = nn.Linear(4, 3)\nag_news_label = {1: 'World', 2: 'Sports', 3: 'Business'}",
      EXPORT,
      "def predict(values):\n    with torch.no_grad():\n        output = model(torch.tensor([values]))\n        return output.argmax(1).item() + 1",
      ...shown,
    ];
    const { a, post } = await recovered(
      cells(
        { source: 'print("This is a %s news" % ag_news_label[predict([5.1, 3.5, 1.4, 0.2])])', stdout: "This is a Sports news\n" },
        { source: "ag_news_label[predict([6.0, 2.9, 4.5, 1.5])]", result: "'Business'" },
      ),
    );
    expect(post).toBe("def postprocess(output: torch.Tensor):\n    return ag_news_label[(output.argmax(1).item() + 1)]");
    expect(a.goldens).toMatchObject([
      { cell: 4, input: { values: [5.1, 3.5, 1.4, 0.2] }, expected: "Sports" },
      { cell: 5, input: { values: [6.0, 2.9, 4.5, 1.5] }, expected: "Business" },
    ]);
    // callers that show the result as it is, or through different expressions, keep the wrapper's own return
    const mixed = await recovered(cells({ source: "predict([5.1, 3.5, 1.4, 0.2])", result: "2" }, { source: "ag_news_label[predict([6.0, 2.9, 4.5, 1.5])]", result: "'Business'" }));
    expect(mixed.post).toBe("def postprocess(output: torch.Tensor):\n    return output.argmax(1).item() + 1");
    expect(mixed.a.goldens).toMatchObject([{ cell: 4, expected: 2 }]);
    // an expression reading a value the notebook computes is not taken
    const computed = await recovered(cells("names = sorted(df.label.unique())", { source: "names[predict([6.0, 2.9, 4.5, 1.5])]", result: "'Business'" }));
    expect(computed.post).toBe("def postprocess(output: torch.Tensor):\n    return output.argmax(1).item() + 1");
  });

  it("follows a method or an index applied to a wrapper's result, inline or through the name it was bound to", async () => {
    const cells = (...shown: Parameters<typeof notebookFrom>[0]) => [
      TORCH,
      "model = nn.Linear(4, 1)",
      EXPORT,
      "def predict(values):\n    with torch.no_grad():\n        return model(torch.tensor([values])).numpy()",
      ...shown,
    ];
    const named = await recovered(cells("pred = predict([5.1, 3.5, 1.4, 0.2])", { source: "print(pred.ravel())", stdout: "[0.4231]\n" }));
    expect(named.post).toBe("def postprocess(output: torch.Tensor):\n    return (output.numpy()).ravel()");
    expect(named.a.goldens).toMatchObject([{ cell: 5, input: { values: [5.1, 3.5, 1.4, 0.2] }, expected: [0.4231] }]);
    // the last of the cells that show it differently is the answer; one through what the service cannot compute (a
    // metric against a name the notebook computes) is passed over
    const several = await recovered(
      cells(
        "pred = predict([5.1, 3.5, 1.4, 0.2])\ny_true = np.zeros((1, 1)) + model.bias.detach().numpy()",
        { source: "print(np.abs(pred - y_true).mean())", stdout: "0.1\n" },
        { source: "pred.tolist()", result: "[[0.4231]]" },
        { source: "predict([6.0, 2.9, 4.5, 1.5])[0].tolist()", result: "[0.5]" },
      ),
    );
    expect(several.post).toBe("def postprocess(output: torch.Tensor):\n    return (output.numpy())[0].tolist()");
    expect(several.a.goldens).toMatchObject([{ cell: 7, input: { values: [6.0, 2.9, 4.5, 1.5] }, expected: [0.5] }]);
  });

  it("reads no example through what callers do to a wrapper's result when the postprocessing cannot end with it (a frame's columns)", async () => {
    const { a, post } = await recovered([
      `${TORCH}\nimport pandas as pd`,
      "model = nn.Linear(4, 3)",
      EXPORT,
      "def predict(values):\n    with torch.no_grad():\n        probs = torch.softmax(model(torch.tensor([values])), dim=1)\n    return pd.DataFrame({'label': probs.argmax(1).numpy(), 'score': probs.max(1).values.numpy()})",
      { source: "len(predict([5.1, 3.5, 1.4, 0.2]))", result: "1" },
    ]);
    expect(post).toBe('def postprocess(output: torch.Tensor):\n    probs = torch.softmax(output, dim=1)\n    return {"label": probs.argmax(1).numpy(), "score": probs.max(1).values.numpy()}');
    // the length of the frame is no answer the service gives: the postprocessing answers its columns
    expect(a.goldens).toEqual([]);
  });

  it("reads one of several prints when the preprocessing it calls loops over a helper that prints nothing", async () => {
    const cells = (helper: string) => [
      TORCH,
      "model = nn.Linear(4, 3)",
      EXPORT,
      `def clean(text):\n    ${helper}\n    return text.lower()\n\ndef encode(text):\n    x = np.zeros((1, 4), dtype=np.float32)\n    for i, w in enumerate(clean(text).split()[:4]):\n        x[0, i] = len(w)\n    return x`,
      { source: 'text = "A bb ccc"\nout = model(torch.from_numpy(encode(text))).detach().numpy()\nlabel = int(out.argmax())\nprint(label)\nprint("scores:", out.round(2).tolist())', stdout: "1\nscores: [[0.1, 0.9, -0.3]]\n" },
    ];
    const { a } = await recovered(cells("pass"));
    expect(a.goldens).toMatchObject([{ cell: 4, input: { text: "A bb ccc" }, expected: 1 }]);
    // a helper that prints in that loop prints as many lines as the text has words: the lines are not read
    expect((await recovered(cells("print(text)"))).a.goldens).toEqual([]);
  });

  it("reads answers printed with str.format and %-formatting, among other prints of the cell", async () => {
    const cells = (print: string, stdout: string) => [
      TORCH,
      "model = nn.Linear(4, 3)\nLABELS = ['a', 'b', 'c']",
      EXPORT,
      { source: `x = torch.tensor([[5.1, 3.5, 1.4, 0.2]])\nout = model(x).detach().numpy()\nprint("* shape: ", out.shape)\ni = int(out.argmax())\np = float(out[0][i])\n${print}`, stdout },
    ];
    const braces = await recovered(cells('print("* class ID: {}, label: {}".format(i, LABELS[i]))\nprint("* score: {:.4f}".format(p))', "* shape:  (1, 3)\n* class ID: 1, label: b\n* score: 0.7312\n"));
    expect(braces.a.goldens).toMatchObject([{ cell: 3, expected: { class_id: 1, label: "b" } }]);
    const numbered = await recovered(cells('print("{1} ({0:.1%})".format(p, LABELS[i]))', "* shape:  (1, 3)\nb (73.1%)\n"));
    expect(numbered.a.goldens).toMatchObject([{ cell: 3, expected: { label: "b", p: 0.731 } }]);
    const printf = await recovered(cells('print("%s: %.4f" % (LABELS[i], p))', "* shape:  (1, 3)\nb: 0.7312\n"));
    expect(printf.a.goldens).toMatchObject([{ cell: 3, expected: { label: "b", p: 0.7312 } }]);
  });

  it("keeps an image's normalisation written inline as constants, and reads labels with np.loadtxt", async () => {
    const { a, pre } = await recovered(
      [
        "import numpy as np\nimport onnxruntime\nfrom PIL import Image",
        "labels = np.loadtxt('synset.txt', str, delimiter='\\t')\nsession = onnxruntime.InferenceSession('m.onnx')",
        {
          source:
            "img = Image.open('digit.png').convert('RGB').resize((8, 8))\nx = (np.asarray(img, dtype=np.float32) / 255.0 - np.array([0.485, 0.456, 0.406], dtype=np.float32)) / np.array([0.229, 0.224, 0.225], dtype=np.float32)\nout = session.run(None, {'data': x.transpose(2, 0, 1)[np.newaxis]})[0][0]\ntop = out.argsort()[::-1][:2]\nlist(labels[top])",
          result: "['n01 tench', 'n02 goldfish']",
        },
      ],
      { "digit.png": readFileSync(path.join(packageRoot(), "test", "corpus", "digits-cnn-png", "samples", "digit_1795_9.png")), "synset.txt": "n01 tench\nn02 goldfish\n# a comment line\nn03 shark\n" },
    );
    expect(pre).toContain("np.array([0.485, 0.456, 0.406], dtype=np.float32)");
    expect(a.goldens).toMatchObject([{ cell: 2, input: { image: { $file: "digit.png" } }, expected: ["n01 tench", "n02 goldfish"] }]);
    expect(a.constants.find((c) => c.name === "labels")?.value).toEqual(["n01 tench", "n02 goldfish", "n03 shark"]);
    // with nothing else on the path, a literal inside the constructor is still the example
    const literal = await recovered([TORCH, "model = nn.Linear(4, 3)", EXPORT, { source: "out = model(torch.from_numpy(np.array([[5.1, 3.5, 1.4, 0.2]], dtype=np.float32)))\nint(out.argmax())", result: "1" }]);
    expect(literal.a.goldens).toMatchObject([{ cell: 3, input: { x: [[5.1, 3.5, 1.4, 0.2]] }, expected: 1 }]);
  });

  it("splits a function that holds the model call, and reads its displayed calls as examples", async () => {
    const { a, pre, post } = await recovered([
      "import numpy as np\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")\nLABELS = ["cat", "dog"]',
      "def predict(values):\n    x = np.asarray(values, dtype=np.float32).reshape(1, -1)\n    out = sess.run(None, {'x': x})[0]\n    return LABELS[int(out.argmax())]",
      { source: "predict([0.1, 0.2, 0.3, 0.4])", result: "'dog'" },
    ]);
    expect(pre).toContain("def preprocess(values):");
    expect(post).toContain("return LABELS[int(out.argmax())]");
    expect(a.goldens).toMatchObject([{ cell: 3, input: { values: [0.1, 0.2, 0.3, 0.4] }, expected: "dog" }]);
    // said as what it is: the notebook's own function, split, not top-level code
    expect(a.diagnostics.find((d) => d.code === "ANALYZE_RECOVERED")!.message).toMatch(/^the inference path was recovered from the body of `predict`, split at its model call, in cell 3 \(In \[3\]\): `preprocess\(values\)`, `postprocess`$/);
  });

  it("makes a parameter the body reads in several places one input of the split preprocessing, with its example", async () => {
    const { a, pre } = await recovered([
      "import numpy as np\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")',
      "def predict(req):\n    x = np.array([[req['a'], np.log1p(req['b']), req['c']]], dtype=np.float32)\n    out = sess.run(None, {'x': x})[0]\n    return float(out[0][0])",
      { source: "predict({'a': 1.0, 'b': 2.0, 'c': 3.0})", result: "0.5" },
    ]);
    expect(pre).toMatch(/^def preprocess\(req\):\n/);
    expect(a.goldens).toMatchObject([{ cell: 3, input: { req: { a: 1.0, b: 2.0, c: 3.0 } }, expected: 0.5 }]);
  });

  it("reads a wrapper's returned DataFrame shown whole by its columns, a row per record given (headers one space apart)", async () => {
    const { a } = await recovered([
      "import numpy as np\nimport pandas as pd\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")',
      "def score(apps):\n    d = pd.DataFrame(apps)\n    x = d[['a', 'b']].values.astype(np.float32)\n    _, probs = sess.run(None, {'x': x})\n    p = probs[:, 1]\n    return pd.DataFrame({'probability': p.round(3), 'decision': np.where(p >= 0.3, 'reject', 'approve')})",
      { source: "score([{'a': 1.0, 'b': 2.0}, {'a': 3.0, 'b': 4.0}])", result: "   probability decision\n0        0.470   reject\n1        0.011  approve" },
    ]);
    expect(a.goldens).toMatchObject([{ cell: 3, expected: [{ probability: 0.47, decision: "reject" }, { probability: 0.011, decision: "approve" }] }]);
  });

  it("keeps a column name with a space whole when its cells do not end where its first word does", () => {
    expect(parseFrameText("   sepal length (cm)  label\n0                5.1    cat\n1               10.2    dog")).toMatchObject({ columns: ["sepal length (cm)", "label"], rows: [["5.1", "cat"], ["10.2", "dog"]] });
  });

  it("gathers the keywords of a call into the wrapper's **kwargs, the example's request", async () => {
    const { a, pre } = await recovered([
      "import numpy as np\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")\nCOLS = ["a", "b"]',
      "def detect(**reading):\n    x = np.array([[reading[c] for c in COLS]], dtype=np.float32)\n    out = sess.run(None, {'x': x})[0]\n    return round(float(out.min()), 3)",
      { source: "detect(a=1.5, b=2)", result: "0.25" },
    ]);
    expect(pre).toMatch(/^def preprocess\(reading\):\n/);
    expect(a.goldens).toMatchObject([{ cell: 3, input: { reading: { a: 1.5, b: 2 } }, expected: 0.25 }]);
  });

  it("keeps in the split preprocessing a local of the function that the example does not flow into (a recommender's item ids)", async () => {
    const { a, pre } = await recovered([
      "import numpy as np\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")\nN_ITEMS = 4\nuser2idx = {"ann": 0, "bob": 1}',
      "def recommend(user_id, k=2):\n    u = user2idx[user_id]\n    all_items = np.arange(N_ITEMS, dtype=np.int64)\n    all_items = all_items[::-1]\n    scores = sess.run(None, {'user': np.full(N_ITEMS, u, dtype=np.int64), 'item': all_items})[0]\n    return [int(i) for i in np.argsort(-scores)[:k]]",
      { source: 'recommend("bob")', result: "[3, 1]" },
    ]);
    // all_items is computed in the body (from a constant), not a module-level value: its lines stay
    expect(pre).toBe("def preprocess(user_id):\n    u = user2idx[user_id]\n    all_items = np.arange(N_ITEMS, dtype=np.int64)\n    all_items = all_items[::-1]\n    return {\"user\": np.full(N_ITEMS, u, dtype=np.int64), \"item\": all_items}");
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(a.goldens).toMatchObject([{ cell: 3, input: { user_id: "bob" }, expected: [3, 1] }]);
  });

  it("moves into the split postprocessing what it reads that the function computed before the model call, with the request fields it needs", async () => {
    const { a, post } = await recovered([
      "import numpy as np\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")\nN_ITEMS = 4\nuser2idx = {"ann": 0, "bob": 1}\nRATED = {"ann": [0], "bob": [3, 1]}',
      "def recommend(user_id, k=2):\n    u = user2idx[user_id]\n    seen = RATED[user_id]\n    scores = sess.run(None, {'user': np.full(N_ITEMS, u, dtype=np.int64)})[0]\n    scores[seen] = -np.inf\n    return {'user': user_id, 'items': [int(i) for i in np.argsort(-scores)[:k]]}",
      { source: 'recommend("bob")', result: "{'user': 'bob', 'items': [2, 0]}" },
    ]);
    // leaving out the items the user rated is part of the answer: the line stays, with what it reads
    expect(post).toBe("def postprocess(scores, user_id):\n    k = 2\n    seen = RATED[user_id]\n    scores[seen] = -np.inf\n    return {'user': user_id, 'items': [int(i) for i in np.argsort(-scores)[:k]]}");
    expect(a.inference.find((c) => c.postprocess === "postprocess")?.requestFields).toEqual(["user_id"]);
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(a.goldens).toMatchObject([{ cell: 3, input: { user_id: "bob" }, expected: { user: "bob", items: [2, 0] } }]);

    // computed after the model call from the request alone, it is no part of the output's path either
    const after = await recovered([
      "import numpy as np\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")\nN_ITEMS = 4\nuser2idx = {"ann": 0, "bob": 1}\nRATED = {"ann": [0], "bob": [3, 1]}',
      "def recommend(user_id):\n    scores = sess.run(None, {'user': np.full(N_ITEMS, user2idx[user_id], dtype=np.int64)})[0]\n    seen = RATED[user_id]\n    scores[seen] = -np.inf\n    return int(np.argmax(scores))",
      { source: 'recommend("bob")', result: "2" },
    ]);
    expect(after.post).toBe("def postprocess(scores, user_id):\n    seen = RATED[user_id]\n    scores[seen] = -np.inf\n    return int(np.argmax(scores))");
  });

  it("keeps an in-place change of the output before the answer reads it (a class masked out)", async () => {
    const { post } = await recovered([
      "import numpy as np\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")',
      { source: "x = np.array([[0.1, 0.2, 0.3, 0.4]], dtype=np.float32)\nscores = sess.run(None, {'x': x})[0][0]\nscores[0] = -np.inf\nprint(int(scores.argmax()))", stdout: "2\n" },
    ]);
    expect(post).toBe("def postprocess(outputs):\n    scores = outputs[0][0]\n    scores[0] = -np.inf\n    return int(scores.argmax())");
  });

  it("refuses a loop that feeds the model's answers back into its input (a recursive forecast), or serves the one step the notebook also ran", async () => {
    const loopCell = "def forecast(history, n_steps=3):\n    window = np.array(history, dtype=np.float32)\n    preds = []\n    for _ in range(n_steps):\n        x = window[-4:].reshape(1, 4, 1)\n        yhat = sess.run(None, {'x': x})[0][0, 0]\n        preds.append(float(yhat))\n        window = np.append(window, yhat)\n    return preds";
    const head = ["import numpy as np\nimport onnxruntime as ort", 'sess = ort.InferenceSession("m.onnx")'];
    const only = await recovered([...head, loopCell, { source: "forecast([1.0, 2.0, 3.0, 4.0])", result: "[5.0, 6.0, 7.0]" }]);
    const refused = only.a.diagnostics.find((d) => d.code === "ANALYZE_MODEL_IN_LOOP")!;
    expect(refused).toMatchObject({ severity: "error", cell: 2, line: 6 });
    expect(refused.message).toMatch(/^`forecast` runs the model in a loop \(line 4\) that feeds its answers back into its input/);
    // no half-loop written as the path (it took the window as the request and ran one step)
    expect(only.a.preprocess).toBeNull();

    // the notebook's one-step cell is served, the loop said to be left out; a loop over data rows feeds nothing back
    const both = await recovered([
      ...head,
      loopCell,
      { source: "window = np.array([[1.0], [2.0], [3.0], [4.0]], dtype=np.float32)\nnext_value = sess.run(None, {'x': window.reshape(1, 4, 1)})[0][0, 0]\nprint(round(float(next_value), 2))", stdout: "5.0\n" },
      { source: "errors = []\nfor row in np.zeros((3, 4), dtype=np.float32):\n    out = sess.run(None, {'x': row.reshape(1, 4, 1)})[0]\n    errors.append(float(out[0, 0]))", stdout: "" },
    ]);
    expect(both.a.diagnostics.filter((d) => d.code === "ANALYZE_MODEL_IN_LOOP").map((d) => [d.severity, d.cell])).toEqual([["warning", 2]]);
    expect(both.a.goldens).toMatchObject([{ cell: 3, expected: 5 }]);
  });

  it("takes a saved statistic broadcast with [None, :] for a constant, and an example cut from data for what a run gives", async () => {
    const cells = [
      "import numpy as np\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")\nmean = np.load("mean.npy")\nstd = np.load("std.npy")',
      "windows = []\nfor k in range(3):\n    windows.append(np.full((4, 2), float(k)))\nwindows = np.stack(windows)",
      "def classify_window(readings):\n    x = np.asarray(readings, dtype=np.float32)\n    x = (x - mean[None, :]) / std[None, :]\n    logits = sess.run(None, {'signal': x.T[np.newaxis].astype(np.float32)})[0][0]\n    return int(np.argmax(logits))",
      { source: "sample = windows[1]\nclassify_window(sample.tolist())", result: "2" },
    ];
    const files = { "mean.npy": npyFloat64([0.5, 1.5]), "std.npy": npyFloat64([2, 2]) };
    const nb = await notebookFrom(cells, files);
    const a = await analyze(nb);
    // mean and std are no rows of a data set np.load read: the request is the window alone
    expect(a.functions.find((f) => f.name === "preprocess")?.params).toEqual([{ name: "readings", kind: "positional" }]);
    expect(a.constants.map((c) => c.name).sort()).toEqual(["mean", "std"]);
    // the example is not known statically: a run is asked for it, and its value makes the example
    expect(a.goldens).toEqual([]);
    expect(a.executeWants).toContain("sample.tolist()");
    const window = { k: "list" as const, items: [0, 1, 2, 3].map(() => ({ k: "list" as const, items: [{ k: "float" as const, v: 1 }, { k: "float" as const, v: 1 }] })) };
    const ran = await analyze(nb, { executed: new Map([["=sample.tolist()", window]]) });
    expect(ran.goldens).toMatchObject([{ cell: 4, input: { readings: [[1, 1], [1, 1], [1, 1], [1, 1]] }, expected: 2 }]);
  });

  it("leaves out of the preprocessing what reads only a literal that is a constant (a folder name), not the example", async () => {
    const { a, pre } = await recovered(
      [
        "import os\nimport numpy as np\nimport onnxruntime as ort",
        "MODEL_DIR = 'artifacts'\nos.makedirs(MODEL_DIR, exist_ok=True)",
        'mean = np.load(f"{MODEL_DIR}/mean.npy")\nsess = ort.InferenceSession(f"{MODEL_DIR}/m.onnx")',
        { source: "new = np.array([[1.0, 2.0]])\nout = sess.run(None, {'x': (new - mean).astype(np.float32)})[0]\nprint(out.argmax())", stdout: "1\n" },
      ],
      { "artifacts/mean.npy": npyFloat64([0.5, 1.5]), "artifacts/m.onnx": "" },
    );
    expect(pre).toBe('def preprocess(new):\n    new = np.array(new)\n    return {"x": (new - mean).astype(np.float32)}');
    expect(a.constants.map((c) => [c.name, c.value])).toEqual([["mean", [0.5, 1.5]]]);
    expect(a.goldens).toMatchObject([{ cell: 3, input: { new: [[1, 2]] }, expected: 1 }]);
  });

  it("gives the postprocessing the model input it reads (an autoencoder's reconstruction error) as a parameter, not the example's value", async () => {
    const session = await recovered([
      "import numpy as np\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")\nTHRESHOLD = 1.5',
      { source: "sample = [0.1, 0.2, 0.3, 0.4]\nx = np.array([sample], dtype=np.float32)\nrecon = sess.run(None, {'input': x})[0]\nerror = float(np.mean((x - recon) ** 2))\nprint(f'error: {error:.4f} anomaly: {error > THRESHOLD}')", stdout: "error: 0.0123 anomaly: False\n" },
    ]);
    expect(session.post).toBe("def postprocess(recon, x):\n    error = float(np.mean((x - recon) ** 2))\n    return {\"error\": error, \"anomaly\": error > THRESHOLD}");
    expect(session.a.inference.find((c) => c.postprocess === "postprocess")?.fedInputs).toEqual([{ index: 0, name: "input" }]);
    // x is the request's, not a constant holding the example
    expect(session.a.constants.map((c) => c.name)).toEqual(["THRESHOLD"]);
    expect(session.a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);

    // a torch model fed the tensor itself: the parameter is a tensor, as the model's output is
    const torch = await recovered([
      TORCH,
      "model = nn.Linear(4, 4)",
      EXPORT,
      { source: "x = torch.tensor([[0.1, 0.2, 0.3, 0.4]])\nwith torch.no_grad():\n    recon = model(x)\nloss = ((x - recon) ** 2).mean().item()\nprint(f'loss: {loss:.4f}')", stdout: "loss: 0.0500\n" },
    ]);
    expect(torch.post).toMatch(/^def postprocess\(recon: torch\.Tensor, x: torch\.Tensor\):/);
    expect(torch.a.inference.find((c) => c.postprocess === "postprocess")?.fedInputs).toEqual([{ index: 0 }]);

    // a name bound again after the model call is no longer what the model was fed
    const rebound = await recovered([
      TORCH,
      "model = nn.Linear(4, 4)",
      EXPORT,
      { source: "x = torch.tensor([[0.1, 0.2, 0.3, 0.4]])\nwith torch.no_grad():\n    recon = model(x)\nx = torch.ones(1, 4)\nloss = ((x - recon) ** 2).mean().item()\nprint(f'loss: {loss:.4f}')", stdout: "loss: 0.0500\n" },
    ]);
    expect(rebound.a.inference.find((c) => c.postprocess === "postprocess")?.fedInputs).toBeUndefined();
    expect(rebound.post).toMatch(/^def postprocess\(recon: torch\.Tensor\):/);
  });

  it("follows a session a loader function returns into a predict helper given it, with the data set's rows it was shown on", async () => {
    const helpers = "def load_onnx(path: str) -> rt.InferenceSession:\n    return rt.InferenceSession(path, providers=['CPUExecutionProvider'])\n\ndef predict_onnx(sess: rt.InferenceSession, x):\n    input_name = sess.get_inputs()[0].name\n    return sess.run(None, {input_name: x.astype(np.float32)})[0]";
    const rows = await recovered([
      "import numpy as np\nimport onnxruntime as rt\nfrom sklearn.datasets import load_diabetes\nfrom sklearn.model_selection import train_test_split",
      helpers,
      "X, y = load_diabetes(return_X_y=True)\nX_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)",
      // two prints, the first over two lines: each print's text is a run of lines whose brackets balance
      { source: "sess = load_onnx('m.onnx')\npred = predict_onnx(sess, X_test[:2])\nprint(pred)\nprint(y_test[:2])", stdout: "[[249.7031 ]\n [236.09125]]\n[321. 215.]\n" },
    ], { "m.onnx": "" });
    expect(rows.a.diagnostics.map((d) => d.code)).not.toContain("ANALYZE_NO_INFERENCE_PATH");
    // the request's nested lists become the float64 array the notebook passed
    expect(rows.pre).toBe("def preprocess(x):\n    x = np.asarray(x, dtype=np.float64)\n    return x.astype(np.float32)");
    expect(rows.a.goldens).toHaveLength(1);
    const golden = rows.a.goldens[0]!;
    expect(golden.expected).toEqual([[249.7031], [236.09125]]);
    const x = golden.input.x as number[][];
    expect(x.map((r) => r.length)).toEqual([10, 10]);
    // train_test_split(random_state=0)'s first test row of the diabetes data
    expect(x[0]![0]).toBeCloseTo(0.0199132, 6);

    // a literal float32 array keeps its dtype
    const literal = await recovered([
      "import numpy as np\nimport onnxruntime as rt",
      helpers,
      { source: "sess = load_onnx('m.onnx')\npredict_onnx(sess, np.array([[0.5, 1.5]], dtype=np.float32))", result: "array([[2.]], dtype=float32)" },
    ], { "m.onnx": "" });
    expect(literal.pre).toBe("def preprocess(x):\n    x = np.asarray(x, dtype=np.float32)\n    return x.astype(np.float32)");
    expect(literal.a.goldens).toMatchObject([{ input: { x: [[0.5, 1.5]] }, expected: [[2]] }]);
  });

  it("reads a data set's row passed to a wrapper as a list (`.tolist()`, `list(...)`) into its golden, and keeps it a list", async () => {
    for (const arg of ["digits.data[5].tolist()", "list(digits.data[5])"]) {
      const { a, pre } = await recovered([
        "import numpy as np\nimport onnxruntime as rt\nfrom sklearn.datasets import load_digits",
        "digits = load_digits()\nsess = rt.InferenceSession('m.onnx')",
        "def predict(pixels):\n    x = np.asarray(pixels, dtype=np.float32).reshape(1, 64) / 16.0\n    out = sess.run(None, {'x': x})[0]\n    return int(out.argmax())",
        { source: `predict(${arg})`, result: "9" },
      ], { "m.onnx": "" });
      // load_digits().data[5] starts 0, 0, 12, 10
      expect((a.goldens[0]?.input.pixels as number[] | undefined)?.slice(0, 4), arg).toEqual([0, 0, 12, 10]);
      expect(a.goldens, arg).toMatchObject([{ expected: 9 }]);
      expect(pre, arg).not.toContain("np.asarray(pixels, dtype=np.float64)");
    }
  });

  it("binds a parameter with a default that the split function reads but does not take to that default", async () => {
    const { a, pre, post } = await recovered([
      "import numpy as np\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")',
      "def predict(values, k=2, scale=1.0):\n    x = np.asarray(values, dtype=np.float32).reshape(1, -1) * scale\n    out = sess.run(None, {'x': x})[0]\n    top = np.argsort(out[0])[::-1][:k]\n    return [int(i) for i in top]",
      { source: "predict([0.1, 0.2, 0.3, 0.4])", result: "[1, 0]" },
      { source: "predict([0.1, 0.2, 0.3, 0.4], k=3)", result: "[1, 0, 2]" },
      { source: "predict([0.5, 0.2, 0.3, 0.4], k=2, scale=0.5)", result: "[0, 1]" },
    ]);
    // preprocessing takes `scale` from the request (a parameter the model's input depends on), with its default; `k`
    // only shapes the answer
    expect(pre).toMatch(/^def preprocess\(values, scale=1\.0\):\n {4}x = /);
    expect(post).toMatch(/^def postprocess\(out\):\n {4}k = 2\n {4}top = /);
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // the service answers with k = 2 whatever the request: the call passing k=3 is not one of its examples, the one
    // passing k's default is
    expect(a.goldens.map((g) => [g.cell, g.input])).toEqual([
      [3, { values: [0.1, 0.2, 0.3, 0.4], scale: 1 }],
      [5, { values: [0.5, 0.2, 0.3, 0.4], scale: 0.5 }],
    ]);
  });

  it("keeps a split function's `if x is None: x = DEFAULT`, and the parameter with its None default", async () => {
    const { a, pre } = await recovered([
      "import numpy as np\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")\nSCALE = 2.0',
      "def predict(values, scale=None, offset=None):\n    if scale is None:\n        scale = SCALE\n    if offset is None:\n        offset = 'none'\n    x = (np.asarray(values, dtype=np.float32) * scale).reshape(1, -1)\n    out = sess.run(None, {'x': x})[0]\n    return [offset, int(out.argmax())]",
      { source: "predict([0.1, 0.2, 0.3, 0.4])", result: "['none', 1]" },
      { source: "predict([0.1, 0.2, 0.3, 0.4], scale=0.5)", result: "['none', 2]" },
    ]);
    // the default is filled in by the notebook's own `if`, never taken as the example nor as a constant of the path
    expect(pre).toBe(
      "def preprocess(values, scale=None):\n    if scale is None:\n        scale = SCALE\n    x = (np.asarray(values, dtype=np.float32) * scale).reshape(1, -1)\n    return {\"x\": x}",
    );
    expect(a.goldens.map((g) => g.input)).toEqual([
      { values: [0.1, 0.2, 0.3, 0.4], scale: null },
      { values: [0.1, 0.2, 0.3, 0.4], scale: 0.5 },
    ]);
    expect(a.constants.map((c) => c.name)).toContain("SCALE");
  });

  it("keeps a default computed from another parameter, which then comes from the request too", async () => {
    const { a, pre } = await recovered([
      "import numpy as np\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")',
      "def predict(values, center=None, width=None):\n    if center is None:\n        center = float(width[0]) / 2\n    x = (np.asarray(values, dtype=np.float32) - center).reshape(1, -1)\n    out = sess.run(None, {'x': x})[0]\n    return int(out.argmax())",
      { source: "predict([0.1, 0.2, 0.3, 0.4], width=[1.0, 2.0])", result: "1" },
    ]);
    expect(pre).toBe(
      "def preprocess(values, center=None, width=None):\n    if center is None:\n        center = float(width[0]) / 2\n    x = (np.asarray(values, dtype=np.float32) - center).reshape(1, -1)\n    return {\"x\": x}",
    );
    expect(a.goldens.map((g) => g.input)).toEqual([{ values: [0.1, 0.2, 0.3, 0.4], center: null, width: [1, 2] }]);
  });

  it("takes a request as a raw CSV row, with the notebook's per-row encoding of the table as preprocessing", async () => {
    const csv = "id,age,city,income,target\n1,31,Austin,50000,0\n2,45,Boston,72000,1\n3,28,Austin,,0\n";
    const { a, pre } = await recovered(
      [
        "import numpy as np\nimport pandas as pd\nimport onnxruntime as ort\nfrom sklearn.model_selection import train_test_split",
        'df = pd.read_csv("people.csv")\ndf["income"] = df["income"].fillna(0.0)\ndf["is_austin"] = (df["city"] == "Austin").astype(int)\nFEATURES = ["age", "income", "is_austin"]',
        "X_train, X_test, y_train, y_test = train_test_split(df, df['target'], test_size=0.5, random_state=0)",
        'sess = ort.InferenceSession("m.onnx")',
        { source: "row = X_test.iloc[[0]]\np = sess.run(None, {'x': row[FEATURES].values.astype(np.float32)})[0][0, 0]\nprint(f'p = {p:.2f}')", stdout: "p = 0.42\n" },
      ],
      { "people.csv": csv, "m.onnx": "" },
    );
    expect(pre).toContain('df = pd.DataFrame([record], columns=["id", "age", "city", "income", "target"])');
    expect(pre).toContain('df["income"] = df["income"].fillna(0.0)');
    expect(pre).toContain("X_test = df");
    // the columns the path never reads are optional: the id and the target
    expect(a.recordColumns!["preprocess"]).toEqual([
      { name: "id", type: "int64", optional: true },
      { name: "age", type: "int64" },
      { name: "city", type: "object" },
      { name: "income", type: "float64" },
      { name: "target", type: "int64", optional: true },
    ]);
    expect(a.recordSamples![0]).toEqual({ id: 1, age: 31, city: "Austin", income: 50000, target: 0 });
    expect(a.executeWants).toEqual([]);
  });

  it("takes the column names of a frame made from the training table as a value the notebook computed, not a second request", async () => {
    const csv = "age,city,target\n31,Austin,0\n45,Boston,1\n";
    const { a } = await recovered(
      [
        "import numpy as np\nimport pandas as pd\nimport onnxruntime as ort",
        'df = pd.read_csv("people.csv")',
        'def make_features(data):\n    data = data.copy()\n    data["is_austin"] = (data["city"] == "Austin").astype(int)\n    return data.select_dtypes(include="number")',
        'feats = make_features(df.drop(columns=["target"]))\nFEATURES = list(feats.columns)',
        'sess = ort.InferenceSession("m.onnx")',
        { source: "query = {'age': 40, 'city': 'Austin'}\nx = make_features(pd.DataFrame([query]))[FEATURES].values.astype(np.float32)\np = sess.run(None, {'x': x})[0][0, 0]\nprint(f'p = {p:.2f}')", stdout: "p = 0.42\n" },
      ],
      { "people.csv": csv, "m.onnx": "" },
    );
    // the request is the query alone; FEATURES is computed from the table and saved nowhere: said, with where
    expect(a.functions.find((f) => f.name === "preprocess")!.params.map((p) => p.name)).toEqual(["query"]);
    expect(a.diagnostics.find((d) => d.code === "ANALYZE_CONSTANT_UNRESOLVED")).toMatchObject({ severity: "error", cell: 3, message: expect.stringContaining("`FEATURES`") });
  });

  it("makes the columns the path drops optional (the target and a label made from it), the others required", async () => {
    const csv = "age,income,quality\n31,50000,6\n45,72000,7\n28,41000,5\n52,88000,8\n";
    const { a } = await recovered(
      [
        "import numpy as np\nimport pandas as pd\nimport onnxruntime as ort\nfrom sklearn.model_selection import train_test_split",
        'df = pd.read_csv("wines.csv")\ndf["label"] = np.where(df["quality"] >= 7, "good", "not good")\nX = df.drop(columns=["quality", "label"]).astype(np.float32)\ny = df["label"]',
        "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0)",
        'sess = ort.InferenceSession("m.onnx")',
        { source: "p = sess.run(None, {'x': X_test.head(1).values})[0][0, 0]\nprint(f'p = {p:.2f}')", stdout: "p = 0.42\n" },
      ],
      { "wines.csv": csv, "m.onnx": "" },
    );
    expect(a.recordColumns!["preprocess"]).toEqual([
      { name: "age", type: "int64" },
      { name: "income", type: "int64" },
      { name: "quality", type: "int64", optional: true },
    ]);
  });

  // y computed from a column, as notebooks make a binary label (`(df.quality >= 7).astype(int)`): the rows of a split
  // stratified on it are the rows scikit-learn 1.2 picks (positions from train_test_split on this CSV)
  it.each([
    ["a column added to the frame", 'df["good"] = (df["quality"] >= 7).astype(int)\nX = df.drop(columns=["quality", "taste", "good"])\ny = df["good"]', [4, 5]],
    ["a mapped column", 'X = df.drop(columns=["quality", "taste"])\ny = df["taste"].map({"bad": 0, "good": 1})', [16, 18]],
    ["np.where of a comparison", 'X = df.drop(columns=["quality", "taste"])\ny = np.where(df.quality >= 7, 1, 0)', [4, 5]],
    ["a comparison of an attribute column", 'X = df.drop(columns=["quality", "taste"])\ny = df.quality > 6', [4, 5]],
  ])("follows a split stratified on a computed label: %s", async (_, labels, positions) => {
    const csv =
      "alcohol,acidity,quality,taste\n11.8,0.54,4,bad\n12.5,0.78,4,bad\n10.5,0.31,5,bad\n11.6,0.22,8,good\n13.5,0.39,5,bad\n13.5,0.94,8,good\n9.6,0.98,6,good\n10.0,0.67,6,good\n9.3,0.9,8,good\n11.2,0.85,8,good\n9.1,0.38,6,good\n11.3,0.09,4,bad\n12.2,0.65,8,good\n10.4,0.56,4,bad\n12.4,0.36,7,good\n12.0,0.23,6,good\n9.1,0.41,4,bad\n11.8,0.47,8,good\n10.3,0.27,7,good\n11.1,0.29,5,bad\n10.4,0.46,5,bad\n12.5,0.86,4,bad\n11.2,0.59,4,bad\n9.8,0.28,4,bad\n";
    const rows = csv.trim().split("\n").slice(1).map((l) => l.split(","));
    const { a } = await recovered(
      [
        "import numpy as np\nimport pandas as pd\nimport onnxruntime as ort\nfrom sklearn.model_selection import train_test_split",
        `df = pd.read_csv("wine.csv")\n${labels}`,
        "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=42, stratify=y)",
        'sess = ort.InferenceSession("m.onnx")',
        { source: "p = sess.run(None, {'x': X_test.head(2).values.astype(np.float32)})[0]\nprint(p)", stdout: "[[0.1]\n [0.2]]\n" },
      ],
      { "wine.csv": csv, "m.onnx": "" },
    );
    expect(a.goldens).toHaveLength(1);
    const input = Object.values(a.goldens[0]!.input)[0] as { alcohol: number; acidity: number }[];
    expect(input.map((r) => [r.alcohol, r.acidity])).toEqual(positions.map((i) => [Number(rows[i]![0]), Number(rows[i]![1])]));
    expect(a.goldens[0]!.fromData).toBe(true);
  });

  it("keeps the data rows the notebook scored beside its literal example when both end the same way", async () => {
    const csv = "age,income,target\n31,50000,0\n45,72000,1\n28,41000,0\n52,88000,1\n";
    const { a } = await recovered(
      [
        "import numpy as np\nimport pandas as pd\nimport onnxruntime as ort",
        'df = pd.read_csv("people.csv")\nX = df.drop(columns=["target"])',
        'sess = ort.InferenceSession("m.onnx")',
        { source: 'label, probs = sess.run(None, {"x": X.head(2).values.astype(np.float32)})\n(probs[:, 1] > 0.4).astype(int)', result: "array([0, 1])" },
        { source: 'person = {"age": 40, "income": 60000}\nx = pd.DataFrame([person])[X.columns].values.astype(np.float32)\nlabel, probs = sess.run(None, {"x": x})\n(probs[:, 1] > 0.4).astype(int)', result: "array([1])" },
      ],
      { "people.csv": csv, "m.onnx": "" },
    );
    expect(a.preprocess).toBe("preprocess");
    // the literal example chose the path; the two CSV rows are requests of it too, each answered as one row
    expect(a.goldens).toMatchObject([
      { cell: 3, input: { person: [{ age: 31, income: 50000 }, { age: 45, income: 72000 }] }, expected: [[0], [1]], fromData: true },
      { cell: 4, input: { person: { age: 40, income: 60000 } }, expected: [1] },
    ]);
    // the target is no column of the chosen path's request
    expect(Object.keys((a.goldens[0]!.input["person"] as object[])[0]!)).toEqual(["age", "income"]);
  });

  it("reads a printed answer whose first value is words chosen by a condition, before a number", async () => {
    const { a } = await recovered([
      "import numpy as np\nimport onnxruntime as rt",
      'sess = rt.InferenceSession("m.onnx")',
      {
        source: 'x = np.array([[3, 0, 22.0, 1, 0, 7.25]], dtype=np.float32)\nlabel, proba = sess.run(None, {"input": x})\nprint("Survived" if label[0] == 1 else "Did not survive", round(proba[0][1], 3))',
        stdout: "Did not survive 0.42\n",
      },
    ]);
    // the split where 0.42 reads as a number, the words before it as the text
    expect(a.goldens).toMatchObject([{ cell: 2, expected: { proba: 0.42 } }]);
    expect(a.goldens[0]!.expected).toEqual({ label: "Did not survive", proba: 0.42 });
  });

  it("answers with the prediction columns of a DataFrame shown beside the true values", async () => {
    const { a, post } = await recovered([
      "import numpy as np\nimport pandas as pd\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")\ny_test = pd.Series([219.0, 70.0])',
      {
        source: 'rows = np.array([[0.1, 0.2], [0.3, 0.4]], dtype=np.float32)\npred = sess.run(None, {"X": rows})[0]\npd.DataFrame({"predicted": pred.ravel().round(1), "actual": y_test.values})',
        result: "   predicted  actual\n0      139.5   219.0\n1      179.6    70.0",
      },
    ]);
    // the true values are no part of the answer: postprocess does not read them
    expect(post).toBe("def postprocess(pred):\n    return pred.ravel().round(1)");
    expect(a.goldens).toMatchObject([{ cell: 2, input: { rows: [[0.1, 0.2], [0.3, 0.4]] }, expected: [139.5, 179.6], atol: 0.05 }]);
  });

  it("takes an example the notebook built from nothing (zeros, then filled) as the request, and passes over a conversion helper used on both sides", async () => {
    const { a, pre, post } = await recovered([
      "import numpy as np\nimport torch\nimport onnxruntime",
      'sess = onnxruntime.InferenceSession("m.onnx")',
      "def to_numpy(tensor):\n    return tensor.detach().cpu().numpy() if tensor.requires_grad else tensor.cpu().numpy()",
      { source: "x = torch.randn(1, 1, 28, 28)\nouts = sess.run(None, {'input': to_numpy(x)})\nnp.testing.assert_allclose(to_numpy(x), outs[0])\nprint('looks good')", stdout: "looks good\n" },
      { source: "img = np.zeros((28, 28), dtype=np.float32)\nimg[5:23, 12:16] = 1.0\nimg_t = torch.from_numpy(img).unsqueeze(0).unsqueeze(0)\nouts = sess.run(None, {'input': to_numpy(img_t)})\npred = int(np.argmax(outs[0]))\nprint('Predicted digit:', pred)", stdout: "Predicted digit: 7\n" },
    ]);
    expect(a.inferencePath).toEqual({ kind: "recovered", cells: [4] });
    expect(pre).toBe("def preprocess(img):\n    img_t = torch.from_numpy(img).unsqueeze(0).unsqueeze(0)\n    return {\"input\": to_numpy(img_t)}");
    expect(post).toBe("def postprocess(outs):\n    pred = int(np.argmax(outs[0]))\n    return pred");
    // the filled array is not known without running the notebook: --execute reads it
    expect(a.goldens).toEqual([]);
    expect(a.executeWants).toEqual(["img"]);
  });

  it("reads the answer's line by its leading words when another print in the cell wrote several lines", async () => {
    const { a } = await recovered([
      TORCH,
      "model = nn.Linear(4, 2)",
      EXPORT,
      {
        source: 'x = np.array([[1.0, 2.0, 3.0, 4.0]], dtype=np.float32)\nprint(x.T)\np = torch.softmax(model(torch.from_numpy(x)), 1)[0, 1].item()\nprint(f"Risk: {p:.2%}")',
        stdout: "[[1.]\n [2.]\n [3.]\n [4.]]\nRisk: 12.34%\n",
      },
    ]);
    expect(a.goldens).toMatchObject([{ cell: 3, expected: 0.1234 }]);
  });

  it("answers with the columns a copy of the input is given from the output, read from a wrapped frame display", async () => {
    const { a, post } = await recovered([
      "import numpy as np\nimport pandas as pd\nimport onnxruntime as ort",
      'sess = ort.InferenceSession("m.onnx")',
      {
        source: 'new = pd.DataFrame({"cement": [540.0, 332.5], "water": [162.0, 228.0]})\nx = new.values.astype(np.float32)\npred = sess.run(None, {"x": x})[0]\nresults = new.copy()\nresults["predicted_strength"] = np.round(pred.ravel(), 2)\nresults["unit"] = "MPa"\nresults',
        result:
          "   cement  water  \\\n0   540.0  162.0   \n1   332.5  228.0   \n\n   predicted_strength  unit  \n0           41.119999   MPa  \n1           36.889999   MPa  ",
      },
    ]);
    expect(post).toBe("def postprocess(pred):\n    return np.round(pred.ravel(), 2)");
    expect(a.goldens).toMatchObject([{ cell: 2, input: { new: { cement: [540, 332.5], water: [162, 228] } }, expected: [41.119999, 36.889999] }]);
  });

  it("keeps in-place changes of a literal record, and writes out a frame's known columns instead of following its data", async () => {
    const { a, pre } = await recovered(
      [
        "import numpy as np\nimport pandas as pd\nimport joblib\nimport onnxruntime as rt",
        'df = pd.read_csv("homes.csv")\nle = joblib.load("le.pkl")\ndf["city"] = le.transform(df["city"])\nX = df.drop("price", axis=1)',
        'sess = rt.InferenceSession("m.onnx")\nname = sess.get_inputs()[0].name',
        {
          source: 'home = pd.Series({"sqft": 1850, "city": "Austin", "beds": 3})\nhome["city"] = le.transform([home["city"]])[0]\nx = home[X.columns].to_numpy(dtype=np.float32).reshape(1, -1)\nprice = sess.run(None, {name: x})[0][0][0]\nprint(f"Price: {price:,.0f}")',
          stdout: "Price: 312,400\n",
        },
      ],
      { "homes.csv": "sqft,city,beds,price\n1200,Denver,2,250000\n" },
    );
    expect(pre).toBe(
      'def preprocess(home):\n    home = pd.Series(home)\n    home["city"] = le.transform([home["city"]])[0]\n    x = home[["sqft", "city", "beds"]].to_numpy(dtype=np.float32).reshape(1, -1)\n    return x',
    );
    expect(a.goldens).toMatchObject([{ cell: 3, input: { home: { sqft: 1850, city: "Austin", beds: 3 } }, expected: 312400 }]);
  });

  it("takes the rows a forecast reads (the last window of a scaled series) as the request, not the training windows", async () => {
    const { a, pre, post } = await recovered([
      "import numpy as np\nimport torch\nfrom torch import nn\nfrom sklearn.preprocessing import MinMaxScaler",
      "series = np.sin(np.arange(100) / 5.0).reshape(-1, 1)\nscaler = MinMaxScaler()\nscaled = scaler.fit_transform(series)\nWINDOW = 8",
      "def make_windows(data, window):\n    return np.array([data[i:i + window] for i in range(len(data) - window)])\nX_t = torch.tensor(make_windows(scaled, WINDOW), dtype=torch.float32)\nmodel = nn.LSTM(1, 4)\nout = model(X_t)",
      'torch.onnx.export(model, torch.zeros(1, WINDOW, 1), "m.onnx")',
      { source: "last_window = scaled[-WINDOW:]\nx = torch.tensor(last_window, dtype=torch.float32).unsqueeze(0)\nwith torch.no_grad():\n    next_scaled = model(x).numpy()\nprint(f'{scaler.inverse_transform(next_scaled)[0, 0]:.3f}')", stdout: "0.412\n" },
    ]);
    expect(a.inferencePath).toEqual({ kind: "recovered", cells: [4] });
    expect(pre).toBe("def preprocess(last_window):\n    x = torch.tensor(last_window, dtype=torch.float32).unsqueeze(0)\n    return x");
    expect(post).toContain("scaler.inverse_transform(next_scaled)[0, 0]");
    expect(a.executeWants).toEqual(["last_window"]);
  });

  it("takes the last raw window of a synthetic series' column as the request, and the scaling of it as preprocessing", async () => {
    const { a, pre, post } = await recovered([
      "import numpy as np\nimport pandas as pd\nimport onnxruntime as ort\nfrom sklearn.preprocessing import MinMaxScaler",
      'rng = np.random.default_rng(0)\nt = np.arange(600)\nsales = 100 + 10 * np.sin(2 * np.pi * t / 7) + rng.normal(0, 2, size=t.shape)\ndf = pd.DataFrame({"day": t, "sales": sales})',
      'scaler = MinMaxScaler()\ndata = scaler.fit_transform(df[["sales"]].values)\nlook_back = 14',
      { source: 'session = ort.InferenceSession("m.onnx")\nlast_window = df["sales"].values[-look_back:]\nscaled = scaler.transform(last_window.reshape(-1, 1))\nx_input = scaled.reshape(1, look_back, 1).astype(np.float32)\npred = session.run(None, {"input": x_input})[0]\nprint("Next day forecast:", scaler.inverse_transform(pred)[0][0])', stdout: "Next day forecast: 113.91362\n" },
    ]);
    expect(a.inferencePath).toEqual({ kind: "recovered", cells: [3] });
    // not the random generator that drew the data, nor the whole frame
    expect(pre).toBe('def preprocess(last_window):\n    last_window = np.asarray(last_window)\n    scaled = scaler.transform(last_window.reshape(-1, 1))\n    x_input = scaled.reshape(1, look_back, 1).astype(np.float32)\n    return {"input": x_input}');
    expect(post).toContain("scaler.inverse_transform(pred)[0][0]");
    // --execute reads the window's value from the run
    expect(a.executeWants).toEqual(['df["sales"].values[-look_back:]']);
  });

  it("reads a window of a CSV column (after set_index rebinds the frame) into the golden's request without --execute", async () => {
    const csv = `date,sales\n${Array.from({ length: 20 }, (_, i) => `2024-01-${String(i + 1).padStart(2, "0")},${(100 + i * 1.5).toFixed(1)}`).join("\n")}\n`;
    const { a, pre } = await recovered(
      [
        "import numpy as np\nimport pandas as pd\nimport onnxruntime as ort",
        'df = pd.read_csv("daily_sales.csv", parse_dates=["date"])\ndf = df.set_index("date")\nlook_back = 4',
        { source: 'session = ort.InferenceSession("m.onnx")\nlast_window = df["sales"].values[-look_back:]\nx_input = last_window.reshape(1, look_back, 1).astype(np.float32)\npred = session.run(None, {"input": x_input})[0]\nprint("Next day forecast:", round(float(pred[0][0]), 2))', stdout: "Next day forecast: 127.31\n" },
      ],
      { "daily_sales.csv": csv },
    );
    expect(pre).toContain("def preprocess(last_window):");
    expect(a.goldens).toMatchObject([{ cell: 2, input: { last_window: [124, 125.5, 127, 128.5] }, expected: 127.31 }]);
  });

  it("takes a window of a column of a frame whose columns are known (read_csv with index_col) as the request's rows, not a record, with the file's example", async () => {
    const csv = `timestamp,load_mw\n${Array.from({ length: 10 }, (_, i) => `2024-01-01 ${String(i).padStart(2, "0")}:00,${(50 + i).toFixed(1)}`).join("\n")}\n`;
    const { a, pre } = await recovered(
      [
        "import numpy as np\nimport pandas as pd\nimport onnxruntime as ort",
        'df = pd.read_csv("load.csv", parse_dates=["timestamp"], index_col="timestamp")\nWINDOW = 4',
        { source: 'sess = ort.InferenceSession("m.onnx")\nwindow = df["load_mw"].values[-WINDOW:]\nx = window.reshape(1, WINDOW, 1).astype(np.float32)\nnext_hour = sess.run(None, {"x": x})[0][0, 0]\nprint("next hour:", round(float(next_hour), 2))', stdout: "next hour: 60.1\n" },
      ],
      { "load.csv": csv },
    );
    // the example is read from the file though the frame's index is one of its columns
    expect(a.goldens).toMatchObject([{ cell: 2, input: { window: [56, 57, 58, 59] }, expected: 60.1 }]);
    expect(pre).toBe('def preprocess(window):\n    window = np.asarray(window)\n    x = window.reshape(1, WINDOW, 1).astype(np.float32)\n    return {"x": x}');
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("takes the last rows of some columns of a CSV frame (tail of a multivariate series) as the request's window, a frame again", async () => {
    const csv = `datetime,temperature,humidity,pm25\n${Array.from({ length: 10 }, (_, i) => `2024-01-01 ${String(i).padStart(2, "0")}:00,${(10 + i * 0.5).toFixed(1)},${60 + i},${20 + i}`).join("\n")}\n`;
    for (const columns of ['["temperature", "pm25"]', "FEATURES"]) {
      const { a, pre } = await recovered(
        [
          "import numpy as np\nimport pandas as pd\nimport onnxruntime as ort",
          'df = pd.read_csv("air.csv", parse_dates=["datetime"]).set_index("datetime")\nFEATURES = ["temperature", "pm25"]\nSEQ_LEN = 3',
          { source: `sess = ort.InferenceSession("m.onnx")\nrecent = df[${columns}].tail(SEQ_LEN)\nx = recent.values[np.newaxis].astype(np.float32)\npred = sess.run(None, {"window": x})[0]\nprint(f"next hour at {recent.index[-1]}: {pred.item():.1f}")`, stdout: "next hour at 2024-01-01 09:00:00: 28.5\n" },
        ],
        { "air.csv": csv },
      );
      // the request is the window's rows (not one record of the table), made the frame of those columns again
      expect(pre, columns).toBe('def preprocess(recent):\n    recent = pd.DataFrame(recent, columns=["temperature", "pm25"])\n    x = recent.values[np.newaxis].astype(np.float32)\n    return {"window": x}');
      expect(a.goldens, columns).toMatchObject([{ cell: 2, input: { recent: [[13.5, 27], [14, 28], [14.5, 29]] }, expected: 28.5 }]);
    }
  });

  it("answers a classifier's predict and predict_proba on the same input from one run: the label and probabilities outputs", async () => {
    const { a, post } = await recovered([
      "import numpy as np\nimport pandas as pd\nfrom sklearn.datasets import load_iris\nfrom sklearn.linear_model import LogisticRegression\nfrom skl2onnx import to_onnx",
      "iris = load_iris()\nclf = LogisticRegression(max_iter=500).fit(iris.data, iris.target)",
      'onx = to_onnx(clf, iris.data[:1].astype(np.float32))\nwith open("iris.onnx", "wb") as f:\n    f.write(onx.SerializeToString())',
      {
        source: 'flower = pd.DataFrame({"sl": [5.1], "sw": [3.5], "pl": [1.4], "pw": [0.2]})\npred = clf.predict(flower)[0]\nproba = clf.predict_proba(flower)[0]\nprint(f"Predicted: {iris.target_names[pred]} (p={proba[pred]:.3f})")',
        stdout: "Predicted: setosa (p=0.979)\n",
      },
    ]);
    // not `pred` as a value computed when the notebook ran
    expect(a.diagnostics.filter((d) => d.code === "ANALYZE_CONSTANT_UNRESOLVED")).toEqual([]);
    expect(post).toBe('def postprocess(outputs):\n    pred = outputs[0][0]\n    proba = outputs[1][0]\n    return {"predicted": iris.target_names[pred], "p": proba[pred]}');
    expect(a.inference[0]!.output).toEqual({ kind: "outputs", outputs: [{ index: 0 }, { index: 1 }] });
    expect(a.goldens).toMatchObject([{ cell: 3, input: { flower: { sl: [5.1], sw: [3.5], pl: [1.4], pw: [0.2] } }, expected: { predicted: "setosa", p: 0.979 } }]);
  });

  it("reads a loop over every output of a session opened from a loaded proto, for rows of a bundled data set fed as they are", async () => {
    const { a, pre, post } = await recovered(
      [
        "import numpy as np\nimport onnx\nimport onnxruntime as ort\nfrom sklearn.datasets import load_iris",
        "data = load_iris()\nX = data.data.astype(np.float32)",
        'model = onnx.load("iris.onnx")\nsession = ort.InferenceSession(model.SerializeToString())\ninput_name = session.get_inputs()[0].name',
        {
          source: "outputs = session.run([o.name for o in session.get_outputs()], {input_name: X[:2]})\nlabels, probs = outputs\nfor label, p in zip(labels, probs):\n    print(data.target_names[label], round(float(p[label]), 3))",
          stdout: "setosa 0.98\nsetosa 0.975\n",
        },
      ],
      { "iris.onnx": "" },
    );
    expect(a.modelPath).toMatch(/iris\.onnx$/);
    expect(a.diagnostics.filter((d) => d.code === "ANALYZE_MODEL_PATH_UNRESOLVED")).toEqual([]);
    // the rows go to the model as they are: no preprocessing, the request is the model's tensor
    expect(pre).toBeNull();
    expect(post).toContain("labels, probs = outputs");
    expect(post).toContain('answers.append({"label": data.target_names[label], "p": round(float(p[label]), 3)})');
    expect(a.goldens).toMatchObject([
      {
        cell: 3,
        input: { X: [[5.1, 3.5, 1.4, 0.2], [4.9, 3, 1.4, 0.2]] },
        expected: [{ label: "setosa", p: 0.98 }, { label: "setosa", p: 0.975 }],
        fromData: true,
      },
    ]);
  });

  it("serves the model's tensors when the model runs on its input as it is", async () => {
    const { a } = await recovered([TORCH, "model = nn.Linear(4, 3)", EXPORT, { source: "out = model(torch.randn(2, 4))\nout", result: "tensor([[0.1, 0.2, 0.3]])" }]);
    expect(a.inferencePath.kind).toBe("raw");
  });
});

describe("script-style notebooks", () => {
  it("reads a cell's main() as top-level code, constants a function returns, and prints made inside called functions", async () => {
    const { a, pre, post } = await recovered([
      TORCH + "\nimport onnxruntime as ort\nfrom sklearn.datasets import load_wine",
      {
        source: [
          "def train():",
          "    data = load_wine()",
          "    model = nn.Linear(13, 3)",
          '    print("accuracy:", 1.0)',
          "    return model, data.data, data.target_names",
          "",
          "def main():",
          "    model, X, names = train()",
          '    torch.onnx.export(model, torch.zeros(1, 13), "w.onnx")',
          '    sess = ort.InferenceSession("w.onnx")',
          "    sample = np.array([[13.2, 2.77, 2.51, 18.5, 96.0, 1.9, 0.58, 0.63, 1.14, 7.5, 0.67, 1.73, 880.0]], dtype=np.float32)",
          '    scores = sess.run(None, {"input": sample})[0]',
          '    print(f"predicted: {names[scores[0].argmax()]}")',
          "",
          'if __name__ == "__main__":',
          "    main()",
        ].join("\n"),
        stdout: "accuracy: 1.0\npredicted: class_2\n",
      },
    ]);
    expect(a.inferencePath.kind).toBe("recovered");
    expect(pre).toContain("def preprocess(sample)");
    expect(post).toContain("names[scores[0].argmax()]");
    // names: the third thing train() returns, the data set's target_names, known without running anything
    expect(a.constants.find((c) => c.name === "names")?.value).toEqual(["class_0", "class_1", "class_2"]);
    expect(a.goldens).toMatchObject([{ cell: 1, expected: "class_2" }]);
  });
});

describe("finding the model file", () => {
  it("through an export helper's parameter, at the helper's call", async () => {
    const { a, nb } = await recovered([TORCH, "def export(model, path):\n    torch.onnx.export(model, torch.zeros(1, 4), path)", 'export(net, "models/net.onnx")']);
    expect(a.modelPath).toBe(path.join(nb.dir, "models/net.onnx"));
  });

  it("through pathlib's with_suffix and str.replace", async () => {
    const { a, nb } = await recovered([TORCH + "\nfrom pathlib import Path", 'ckpt = Path("ckpt") / "net.pt"\nonnx_path = str(ckpt.with_suffix(".pth")).replace(".pth", ".onnx")', "torch.onnx.export(net, torch.zeros(1, 4), onnx_path)"]);
    expect(a.modelPath).toBe(path.join(nb.dir, "ckpt/net.onnx"));
  });

  it("in shell cells and through other exporters", async () => {
    const { a, nb } = await recovered([
      "from ultralytics import YOLO",
      "!python -m tf2onnx.convert --saved-model saved \\\n   --output tf_model.onnx",
      'model = YOLO("yolov8n.pt")\nmodel.export(format="onnx")',
    ]);
    expect(a.models.map((m) => [m.kind, path.relative(nb.dir, m.path!)])).toEqual([
      ["shell", "tf_model.onnx"],
      ["ultralytics", "yolov8n.onnx"],
    ]);
  });

  it("through torch 2's ONNXProgram and onnxruntime's quantizer", async () => {
    const { a, nb } = await recovered([
      TORCH + "\nfrom onnxruntime.quantization import quantize_dynamic, QuantType",
      'onnx_program = torch.onnx.export(net, (torch.zeros(1, 4),), dynamo=True)\nonnx_program.save("net_fp32.onnx")',
      'quantize_dynamic(model_input="net_fp32.onnx", model_output="net_int8.onnx", weight_type=QuantType.QUInt8)',
    ]);
    expect(a.models.map((m) => [m.kind, path.relative(nb.dir, m.path!), m.modelObject])).toEqual([
      ["torch.onnx.export", "net_fp32.onnx", "net"],
      ["quantize", "net_int8.onnx", null],
    ]);
  });

  it("serves the only .onnx beside a notebook that names none it can read, and says so", async () => {
    const { a, nb } = await recovered(["import onnxruntime as ort\nsess = ort.InferenceSession(MODEL_PATH)"], { "model.onnx": "" });
    expect(a.modelPath).toBe(path.join(nb.dir, "model.onnx"));
    expect(a.diagnostics.map((d) => d.code)).toContain("ANALYZE_MODEL_FROM_FOLDER");
  });

  it("says when a notebook only loads its model", async () => {
    const { a } = await recovered(['import onnxruntime as ort\nsess = ort.InferenceSession("m.onnx")'], { "m.onnx": "" });
    expect(a.diagnostics.map((d) => d.code)).toContain("ANALYZE_MODEL_LOADED");
  });
});

describe("IPython magics that span lines", () => {
  it("blanks a shell command continued with backslashes, and keeps a timed expression continued in brackets", () => {
    expect(stripMagics("!curl -X POST \\\n  -H 'a: b' \\\n  localhost:8080\nx = 1").python).toBe("pass           \n             \n                \nx = 1");
    expect(stripMagics("%time z = f(\n  1)\n").python).toBe("pass; z = f(\n  1)\n");
  });
});
