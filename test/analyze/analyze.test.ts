import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/analyze/analyze.ts";
import { notebookFrom } from "../helpers/notebook.ts";

const IMPORTS = "import json\nimport numpy as np\nimport torch\n";

describe("finding the ONNX export", () => {
  it("torch.onnx.export with input/output names, the model object, and a path from an f-string", async () => {
    const nb = await notebookFrom([
      IMPORTS,
      'NAME = "net"\nOUT = f"models/{NAME}_v1.onnx"',
      "torch.onnx.export(net, torch.zeros(1, 4), OUT, input_names=['x'], output_names=['y'], dynamic_axes={'x': {0: 'batch'}})",
    ]);
    const a = await analyze(nb);
    expect(a.models).toEqual([
      {
        kind: "torch.onnx.export",
        at: { cell: 2, line: 1, column: 1 },
        pathSource: "OUT",
        path: path.join(nb.dir, "models/net_v1.onnx"),
        modelObject: "net",
        inputNames: ["x"],
        outputNames: ["y"],
      },
    ]);
    expect(a.modelPath).toBe(path.join(nb.dir, "models/net_v1.onnx"));
  });

  it("onnx.save of a skl2onnx proto, linked to the sklearn model; os.path.join and pathlib paths", async () => {
    const nb = await notebookFrom([
      "import os\nfrom pathlib import Path\nimport onnx\nfrom skl2onnx import convert_sklearn\nfrom skl2onnx.common.data_types import FloatTensorType",
      "onx = convert_sklearn(clf, initial_types=[('input', FloatTensorType([None, 4]))])",
      'onnx.save(onx, os.path.join("out", "clf.onnx"))',
      'onnx.save_model(onx, Path("out") / "clf2.onnx")',
    ]);
    const a = await analyze(nb);
    expect(a.models.map((m) => [m.kind, path.relative(nb.dir, m.path!), m.modelObject])).toEqual([
      ["onnx.save", "out/clf.onnx", "clf"],
      ["onnx.save", "out/clf2.onnx", "clf"],
    ]);
  });

  it("open(p, 'wb').write(onx.SerializeToString()) after to_onnx, inline and in a with block", async () => {
    const nb = await notebookFrom([
      "from skl2onnx import to_onnx",
      "onx = to_onnx(pipe, X[:1])",
      'with open("pipe.onnx", "wb") as f:\n    f.write(onx.SerializeToString())',
      'open("again.onnx", "wb").write(onx.SerializeToString())',
    ]);
    const a = await analyze(nb);
    expect(a.models.map((m) => [m.kind, path.basename(m.path!), m.modelObject])).toEqual([
      ["skl2onnx", "pipe.onnx", "pipe"],
      ["skl2onnx", "again.onnx", "pipe"],
    ]);
  });

  it("an export helper's own proto and file (`def save_onnx(model, path)`), linked to the object its call passes", async () => {
    const nb = await notebookFrom([
      "import onnx\nfrom pathlib import Path\nfrom skl2onnx import to_onnx, convert_sklearn\nMODEL_DIR = Path('models')",
      'def save_onnx(model, path):\n    onx = to_onnx(model, X[:1])\n    with Path(path).open("wb") as f:\n        f.write(onx.SerializeToString())',
      "def save_bytes(est, name):\n    proto = convert_sklearn(est, initial_types=types)\n    Path(name).write_bytes(proto.SerializeToString())",
      'def save_model(est, name):\n    onx = to_onnx(est, X[:1])\n    onnx.save_model(onx, str(MODEL_DIR / f"{name}.onnx"))',
      'save_onnx(clf, "model.onnx")\nsave_bytes(forest, "forest.onnx")\nsave_model(pipe, "pipe")',
    ]);
    const a = await analyze(nb);
    expect(a.models.map((m) => [m.kind, path.relative(nb.dir, m.path!), m.modelObject])).toEqual([
      ["skl2onnx", "model.onnx", "clf"],
      ["skl2onnx", "forest.onnx", "forest"],
      ["onnx.save", "models/pipe.onnx", "pipe"],
    ]);
  });

  it("the session a classmethod factory opens and passes to cls(...) is the instance's (p = Predictor.from_files(...))", async () => {
    const nb = await notebookFrom([
      "import json\nimport numpy as np\nimport onnxruntime as ort",
      "class Predictor:\n    def __init__(self, session, labels):\n        self.session = session\n        self.labels = labels\n\n    @classmethod\n    def from_files(cls, model_path, labels):\n        return cls(ort.InferenceSession(model_path), labels)\n\n    def predict(self, x):\n        out = self.session.run(None, {'x': np.array([x], dtype=np.float32)})[0]\n        return self.labels[int(out.argmax())]",
      'p = Predictor.from_files("m.onnx", ["a", "b"])\np.predict([1.0, 2.0])',
    ]);
    const a = await analyze(nb);
    expect(a.models.map((m) => [m.kind, path.basename(m.path!), m.sessionVar])).toEqual([["onnxruntime.InferenceSession", "m.onnx", "p_session"]]);
  });

  it("tf2onnx output_path= and onnxruntime.InferenceSession loads", async () => {
    const nb = await notebookFrom([
      "import tf2onnx\nimport onnxruntime as ort",
      'model_proto, _ = tf2onnx.convert.from_keras(keras_model, output_path="keras.onnx")',
      'sess = ort.InferenceSession("keras.onnx")',
    ]);
    const a = await analyze(nb);
    expect(a.models.map((m) => [m.kind, path.basename(m.path!), m.modelObject, m.sessionVar ?? null])).toEqual([
      ["tf2onnx", "keras.onnx", "keras_model", null],
      ["onnxruntime.InferenceSession", "keras.onnx", null, "sess"],
    ]);
  });

  it("warns when a path cannot be known statically, and errors when nothing is exported", async () => {
    const a = await analyze(await notebookFrom([IMPORTS, "torch.onnx.export(net, x, get_path())"]));
    expect(a.diagnostics).toContainEqual(expect.objectContaining({ code: "ANALYZE_MODEL_PATH_UNRESOLVED", cell: 1, line: 1, column: 27 }));
    const none = await analyze(await notebookFrom([IMPORTS, "x = 1"]));
    expect(none.diagnostics).toMatchObject([{ severity: "error", code: "ANALYZE_NO_MODEL" }]);
  });
});

describe("the inference path", () => {
  const base = [
    IMPORTS,
    "MEAN = [1.0, 2.0]\nLABELS = ('a', 'b')",
    "def scale(v):\n    return (np.asarray(v, dtype=np.float32) - np.array(MEAN, dtype=np.float32)).reshape(1, -1)\n\ndef preprocess(values):\n    return scale(values)",
    "def softmax(z):\n    e = np.exp(z - z.max())\n    return e / e.sum()\n\ndef postprocess(logits):\n    p = softmax(logits[0])\n    return {'label': LABELS[int(p.argmax())], 'p': round(float(p.max()), 3)}",
    'torch.onnx.export(model, torch.zeros(1, 2), "m.onnx")',
  ];

  it("follows values through assignments and tensor conversions, in a module-level cell", async () => {
    const a = await analyze(
      await notebookFrom([
        ...base,
        { source: "x = preprocess([3.0, 4.5])\nwith torch.no_grad():\n    out = model(torch.from_numpy(x)).detach().numpy()\npostprocess(out)", result: "{'label': 'b', 'p': 0.731}" },
      ]),
    );
    expect([a.preprocess, a.postprocess, a.helpers]).toEqual(["preprocess", "postprocess", ["scale", "softmax"]]);
    expect(a.goldens).toEqual([
      { cell: 5, call: "preprocess(values=[3, 4.5])", input: { values: [3, 4.5] }, expected: { label: "b", p: 0.731 }, outputText: "{'label': 'b', 'p': 0.731}" },
    ]);
    expect(a.constants.map((c) => [c.name, c.source.kind, c.value])).toEqual([
      ["MEAN", "literal", [1, 2]],
      ["LABELS", "literal", ["a", "b"]],
    ]);
    expect(a.constants[0]!.data).toEqual({ k: "list", items: [{ k: "float", v: 1 }, { k: "float", v: 2 }] });
    expect(a.constants[1]!.tuple).toBe(true);
    expect(a.diagnostics).toEqual([]);
  });

  it("finds the path inside a predict() wrapper and reads its calls as goldens, printed or displayed", async () => {
    const a = await analyze(
      await notebookFrom([
        ...base,
        "def predict(values):\n    x = preprocess(values)\n    y = model(torch.tensor(x))\n    return postprocess(y.detach().numpy())",
        { source: "predict([1, 2])", result: "{'label': 'a', 'p': 0.5}" },
        { source: "sample = [5, 6]\nprint(predict(sample))", stdout: "{'label': 'b', 'p': 0.9}\n" },
      ]),
    );
    expect(a.goldens.map((g) => [g.cell, g.input, g.expected])).toEqual([
      [6, { values: [1, 2] }, { label: "a", p: 0.5 }],
      [7, { values: [5, 6] }, { label: "b", p: 0.9 }],
    ]);
  });


  it("takes as examples only the calls whose postprocessing arguments after the output are its defaults, the service's call", async () => {
    const post = "def postprocess(out, k=2):\n    top = np.argsort(out[0])[::-1][:k]\n    return [int(i) for i in top]";
    const run = (v: string) => `postprocess(model(torch.tensor(preprocess(${v}))).detach().numpy()`;
    const direct = await analyze(
      await notebookFrom([
        ...base.slice(0, 3),
        post,
        base[4]!,
        { source: `${run("[1, 2]")}, k=3)`, result: "[1, 0, 2]" },
        { source: `${run("[3, 4]")})`, result: "[1, 0]" },
        { source: `${run("[5, 6]")}, 2)`, result: "[0, 1]" },
      ]),
    );
    expect(direct.goldens.map((g) => [g.cell, g.input])).toEqual([
      [6, { values: [3, 4] }],
      [7, { values: [5, 6] }],
    ]);
    // through a wrapper that passes its own parameter on: its default is the postprocessing's
    const wrapped = await analyze(
      await notebookFrom([
        ...base.slice(0, 3),
        post,
        base[4]!,
        "def predict(values, k=2):\n    y = model(torch.tensor(preprocess(values)))\n    return postprocess(y.detach().numpy(), k=k)",
        { source: "predict([1, 2], k=3)", result: "[1, 0, 2]" },
        { source: "predict([3, 4])", result: "[1, 0]" },
      ]),
    );
    expect(wrapped.goldens.map((g) => [g.cell, g.input])).toEqual([[7, { values: [3, 4] }]]);
  });

  it("reads an answer printed inside a with block, and one line per item of a loop over a literal list", async () => {
    const a = await analyze(
      await notebookFrom([
        ...base,
        { source: "with torch.no_grad():\n    print(postprocess(model(torch.from_numpy(preprocess([1, 2]))).numpy()))", stdout: "{'label': 'a', 'p': 0.5}\n" },
        {
          source: "for v in [[3, 4], [5, 6]]:\n    out = model(torch.from_numpy(preprocess(v))).detach().numpy()\n    print('values', v, '->', postprocess(out))",
          stdout: "values [3, 4] -> {'label': 'b', 'p': 0.6}\nvalues [5, 6] -> {'label': 'b', 'p': 0.7}\n",
        },
        // lines that do not match the items are not read
        { source: "for v in [[7, 8]]:\n    print(v, postprocess(model(torch.from_numpy(preprocess(v))).numpy()))", stdout: "something else\nentirely\n" },
      ]),
    );
    expect(a.goldens.map((g) => [g.cell, g.input, g.expected])).toEqual([
      [5, { values: [1, 2] }, { label: "a", p: 0.5 }],
      [6, { values: [3, 4] }, { label: "b", p: 0.6 }],
      [6, { values: [5, 6] }, { label: "b", p: 0.7 }],
    ]);
  });
  it("reads sess.run feeds and output indices", async () => {
    const a = await analyze(
      await notebookFrom([
        "import numpy as np\nimport onnxruntime as ort",
        "def prep(text):\n    return np.array([[len(text)]], dtype=np.int64)\n\ndef post(scores):\n    return float(scores[0][0])",
        'sess = ort.InferenceSession("m.onnx")',
        { source: 'scores = sess.run(None, {"ids": prep("hello")})[1]\npost(scores)', result: "0.25" },
      ]),
    );
    expect(a.inference.find((i) => i.via === "session-run")).toMatchObject({ preprocess: "prep", postprocess: "post", output: { kind: "output", index: 1 } });
    expect(a.goldens).toMatchObject([{ cell: 3, input: { text: "hello" }, expected: 0.25 }]);
  });

  it("lets cell tags and # nb2svc: directives choose the entry functions", async () => {
    const a = await analyze(
      await notebookFrom([
        IMPORTS,
        { source: "def clean(s):\n    return s.strip()\n\ndef encode(s):\n    return np.array([[len(clean(s))]])", tags: ["preprocess"] },
        "# nb2svc: postprocess\ndef decode(y):\n    return int(y[0][0])",
        'torch.onnx.export(model, x, "m.onnx")',
      ]),
    );
    expect([a.preprocess, a.postprocess, a.helpers]).toEqual(["encode", "decode", ["clean"]]);
  });

  it("does not take a constant that is mutated after its literal definition at face value", async () => {
    const a = await analyze(
      await notebookFrom(
        [
          IMPORTS,
          'VOCAB = {"<pad>": 0}\nfor w in ["b", "a"]:\n    VOCAB[w] = len(VOCAB)',
          'with open("vocab.json", "w") as f:\n    json.dump(VOCAB, f)',
          "def preprocess(words):\n    return np.array([[VOCAB.get(w, 0) for w in words]])",
          'torch.onnx.export(model, x, "m.onnx")',
          { source: 'model(torch.tensor(preprocess(["a"])))', result: "tensor([[1.]])" },
        ],
        { "vocab.json": '{"<pad>": 0, "b": 1, "a": 2, "10": 3}' },
      ),
    );
    const vocab = a.constants.find((c) => c.name === "VOCAB")!;
    expect(vocab.source.kind).toBe("json-file");
    // key order kept exactly as Python wrote it (JavaScript objects would move "10" first)
    expect(vocab.data).toMatchObject({ k: "dict", entries: [[{ v: "<pad>" }, {}], [{ v: "b" }, {}], [{ v: "a" }, {}], [{ v: "10" }, {}]] });
  });

  it("reads constants saved in a dict of JSON values, with their numpy dtype from the defining expression", async () => {
    const a = await analyze(
      await notebookFrom(
        [
          IMPORTS,
          "MEAN = X.mean(axis=0).astype(np.float32)\nSTD = X.std(axis=0)",
          'with open("stats.json", "w") as fh:\n    json.dump({"mean": MEAN.tolist(), "std": STD.tolist()}, fh)',
          "def preprocess(v):\n    return ((np.asarray(v) - MEAN) / STD).reshape(1, -1)",
          'torch.onnx.export(model, x, "m.onnx")',
        ],
        { "stats.json": '{"mean": [1.5, 2.5], "std": [0.5, 1.0]}' },
      ),
    );
    expect(a.constants.map((c) => [c.name, c.source.kind, c.value, c.numpy])).toEqual([
      ["MEAN", "json-file", [1.5, 2.5], { dtype: "float32" }],
      ["STD", "json-file", [0.5, 1], { dtype: "float64" }],
    ]);
  });

  it("finds the path in a wrapper the model or the session is passed to, and reads its calls as goldens", async () => {
    const a = await analyze(
      await notebookFrom([
        `${IMPORTS}import onnxruntime as ort`,
        "def predict(net, values):\n    x = torch.tensor(np.asarray(values, dtype=np.float32)[None])\n    y = net(x)\n    return int(y.argmax())",
        'torch.onnx.export(model, torch.zeros(1, 2), "m.onnx")',
        { source: "predict(model, [1, 2])", result: "1" },
        { source: "print(predict(values=[3, 4], net=model))", stdout: "0\n" },
      ]),
    );
    expect(a.inference).toMatchObject([{ source: "net(x)", via: "model-call", preprocess: "preprocess", postprocess: "postprocess" }]);
    expect(a.goldens.map((g) => [g.cell, g.input, g.expected])).toEqual([
      [3, { values: [1, 2] }, 1],
      [4, { values: [3, 4] }, 0],
    ]);
    const s = await analyze(
      await notebookFrom([
        "import numpy as np\nimport onnxruntime as ort",
        'sess = ort.InferenceSession("m.onnx")',
        'def score(session, values):\n    out = session.run(None, {"x": np.asarray(values, dtype=np.float32)[None]})[0]\n    return float(out[0][0])',
        { source: "score(sess, [1, 2])", result: "0.5" },
      ]),
    );
    expect(s.inference).toMatchObject([{ via: "session-run" }]);
    expect(s.goldens.map((g) => [g.input, g.expected])).toEqual([[{ values: [1, 2] }, 0.5]]);
  });

  it("reads a wrapper's example whose image is sent base64-encoded (the payload built from the file), printed as JSON", async () => {
    const a = await analyze(
      await notebookFrom(
        [
          "import base64\nimport io\nimport json\nimport numpy as np\nimport onnxruntime as ort\nfrom PIL import Image",
          'sess = ort.InferenceSession("m.onnx")',
          'def predict_b64(b64_string):\n    data = base64.b64decode(b64_string)\n    img = Image.open(io.BytesIO(data)).convert("L")\n    x = np.asarray(img, dtype=np.float32)[None, None] / 255.0\n    out = sess.run(None, {"x": x})[0]\n    return {"digit": int(out.argmax())}',
          { source: 'with open("digit.png", "rb") as f:\n    payload = base64.b64encode(f.read()).decode("utf-8")\nprint(json.dumps(predict_b64(payload)))', stdout: '{"digit": 7}\n' },
          { source: 'predict_b64(base64.b64encode(open("digit.png", "rb").read()))', result: "{'digit': 7}" },
        ],
        { "digit.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
      ),
    );
    expect(a.goldens.map((g) => [g.cell, Object.values(g.input), g.expected])).toEqual([
      [3, [{ $file: "digit.png" }], { digit: 7 }],
      [4, [{ $file: "digit.png" }], { digit: 7 }],
    ]);
  });

  it("reads class names from the folders beside the notebook, and the device as the CPU the service runs on", async () => {
    const nb = await notebookFrom([
      "import os\nimport numpy as np\nimport torch\nfrom torchvision import datasets, transforms",
      'device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")',
      'train_set = datasets.ImageFolder(os.path.join("data", "train"), transforms.ToTensor())\nclass_names = train_set.classes\nidx = train_set.class_to_idx\nCLASSES = sorted(os.listdir("data/train"))',
      "def preprocess(v):\n    return torch.tensor(np.asarray(v, dtype=np.float32)[None]).to(device)",
      'def postprocess(y):\n    return class_names[int(y.argmax())], CLASSES[-1], idx["dog"]',
      'torch.onnx.export(model, torch.zeros(1, 2), "m.onnx")',
    ]);
    for (const c of ["dog", "cat", "bird"]) mkdirSync(path.join(nb.dir, "data", "train", c), { recursive: true });
    writeFileSync(path.join(nb.dir, "data", "train", "readme.txt"), "");
    const a = await analyze(nb);
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const value = (name: string) => a.constants.find((c) => c.name === name)?.value;
    expect(value("device")).toBe("cpu");
    expect(value("class_names")).toEqual(["bird", "cat", "dog"]);
    expect(value("idx")).toEqual({ bird: 0, cat: 1, dog: 2 });
    expect(value("CLASSES")).toEqual(["bird", "cat", "dog", "readme.txt"]);
  });

  it("reads class names filtered with os.path.isdir/isfile and sorted in place with list.sort()", async () => {
    const nb = await notebookFrom([
      "import os\nimport numpy as np",
      'root = "data/train"\nclasses = [d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d))]\nclasses.sort()',
      'files = [f for f in os.listdir(root) if os.path.isfile(os.path.join(root, f))]\nhas_val = os.path.exists("data/val")\nback = os.listdir(root)\nback.sort(reverse=True)',
      "grown = sorted(os.listdir(root))\ngrown.append('extra')",
      "def preprocess(v):\n    return np.asarray(v, dtype=np.float32)[None]",
      "def postprocess(y):\n    return classes[int(y.argmax())], files, has_val, back, grown",
      'torch.onnx.export(model, torch.zeros(1, 2), "m.onnx")',
    ]);
    for (const c of ["dog", "cat", "bird"]) mkdirSync(path.join(nb.dir, "data", "train", c), { recursive: true });
    writeFileSync(path.join(nb.dir, "data", "train", "readme.txt"), "");
    const a = await analyze(nb);
    const value = (name: string) => a.constants.find((c) => c.name === name)?.value;
    expect(value("classes")).toEqual(["bird", "cat", "dog"]);
    expect(value("files")).toEqual(["readme.txt"]);
    expect(value("has_val")).toBe(false);
    expect(value("back")).toEqual(["readme.txt", "dog", "cat", "bird"]);
    // another change in place than sort: not followed
    expect(a.constants.find((c) => c.name === "grown")?.source.kind).toBe("unresolved");
  });

  it("refuses a transform the inference applies that holds a random augmentation, naming its cell and the fix", async () => {
    const errors = async (...cells: string[]) => {
      const a = await analyze(
        await notebookFrom([`${IMPORTS}import torchvision.transforms as T`, ...cells, 'torch.onnx.export(model, x, "m.onnx")']),
      );
      return a.diagnostics.filter((d) => d.severity === "error");
    };
    const shared = await errors(
      "transform = T.Compose([T.Resize((32, 32)), T.RandomHorizontalFlip(), T.ToTensor()])",
      "def preprocess(img):\n    return transform(img).unsqueeze(0).numpy()",
    );
    expect(shared).toMatchObject([{ code: "ANALYZE_RANDOM_TRANSFORM", cell: 1, line: 1, column: 1 }]);
    expect(shared[0]!.message).toBe("`transform`, applied by `preprocess`, holds `RandomHorizontalFlip`: a random augmentation, so each request would get another answer");
    expect(shared[0]!.suggestion).toContain("eval_transform = transforms.Compose([...])");
    // the training transforms kept beside the evaluation ones are no refusal: only the "val" entry is applied
    expect(
      await errors(
        'data_transforms = {"train": T.Compose([T.RandomResizedCrop(32), T.ToTensor()]), "val": T.Compose([T.Resize(36), T.CenterCrop(32), T.ToTensor()])}',
        'def preprocess(img):\n    return data_transforms["val"](img).unsqueeze(0).numpy()',
      ),
    ).toEqual([]);
    // the training entry applied at inference: refused when converting (not when a request runs), the fix naming the
    // entry without random steps; entries may be transforms the dict names
    const picked = await errors(
      'train_tf = T.Compose([T.RandomResizedCrop(32), T.ToTensor()])\nval_tf = T.Compose([T.Resize(36), T.CenterCrop(32), T.ToTensor()])',
      'data_transforms = {"train": train_tf, "val": val_tf}',
      'def preprocess(img):\n    return data_transforms["train"](img).unsqueeze(0).numpy()',
    );
    expect(picked).toMatchObject([{ code: "ANALYZE_RANDOM_TRANSFORM", cell: 2, line: 1, column: 1 }]);
    expect(picked[0]!.message).toBe('`data_transforms["train"]`, applied by `preprocess`, holds `RandomResizedCrop`: a random augmentation, so each request would get another answer');
    expect(picked[0]!.suggestion).toBe('apply the evaluation entry where the notebook predicts: `data_transforms["val"]` instead of `data_transforms["train"]`');
    // the dict holding the training transform by name is no refusal either when the "val" entry is the one applied
    expect(
      await errors(
        'train_tf = T.Compose([T.RandomResizedCrop(32), T.ToTensor()])\nval_tf = T.Compose([T.Resize(36), T.CenterCrop(32), T.ToTensor()])',
        'data_transforms = {"train": train_tf, "val": val_tf}',
        'def preprocess(img):\n    return data_transforms["val"](img).unsqueeze(0).numpy()',
      ),
    ).toEqual([]);
  });

  it("takes a transform holding a lambda for a value when what the lambda reads from outside is one", async () => {
    const unresolved = async (...cells: string[]) => {
      const a = await analyze(
        await notebookFrom([
          `${IMPORTS}import torchvision.transforms as T`,
          ...cells,
          "def preprocess(img):\n    return transform(img).unsqueeze(0).numpy()",
          'torch.onnx.export(model, x, "m.onnx")',
        ]),
      );
      return a.diagnostics.filter((d) => d.code === "ANALYZE_CONSTANT_UNRESOLVED").map((d) => d.message);
    };
    // defining it runs nothing: a method its body calls at each request does not make it unknowable
    expect(await unresolved("transform = T.Compose([T.ToTensor(), T.Lambda(lambda t: t.view(-1))])")).toEqual([]);
    expect(await unresolved("SCALE = 2.0", "transform = T.Compose([T.ToTensor(), T.Lambda(lambda t, s=SCALE: t * s)])")).toEqual([]);
    // a library module of pure names only (ImageFilter's filters) read in the body is no dependency either
    expect(await unresolved("from PIL import ImageFilter", "transform = T.Compose([T.Lambda(lambda im: im.filter(ImageFilter.GaussianBlur(1))), T.ToTensor()])")).toEqual([]);
    // a name it reads that the notebook computes from data and saves nowhere is still unknowable
    const messages = await unresolved("MEAN = X_train.mean()", "transform = T.Compose([T.ToTensor(), T.Lambda(lambda t: t - MEAN)])");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("`transform`, read by `preprocess`");
  });

  it("takes a lambda calling a notebook function for a value, and translates that function with it", async () => {
    const a = await analyze(
      await notebookFrom([
        `${IMPORTS}import re`,
        "def tokenizer(text):\n    return re.findall(r'\\w+', text.lower())",
        'vocab = {"<unk>": 0, "vote": 1, "goal": 2}\ntext_pipeline = lambda x: [vocab.get(t, 0) for t in tokenizer(x)]',
        "def preprocess(text):\n    return np.array(text_pipeline(text), dtype=np.int64)",
        'torch.onnx.export(model, x, "m.onnx")',
      ]),
    );
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(a.constants.map((c) => c.name)).toEqual(["vocab", "text_pipeline"]);
    expect(a.helpers).toContain("tokenizer");
  });

  it("keeps a literal a wrapper's body binds beside its parameter in the recovered preprocessing, not as the request", async () => {
    const a = await analyze(
      await notebookFrom([
        `${IMPORTS}import onnxruntime`,
        'sess = onnxruntime.InferenceSession("m.onnx")\nvocab = {"vote": 1, "goal": 2}',
        'def predict(text):\n    ids = np.array([vocab.get(t, 0) for t in text.split()], dtype=np.int64)\n    offsets = np.array([0], dtype=np.int64)\n    out = sess.run(None, {"text": ids, "offsets": offsets})[0]\n    return int(out.argmax(1)[0])',
        'print(predict("vote goal"))',
      ]),
    );
    const pre = a.functions.find((f) => f.name === a.preprocess);
    expect(pre?.params.map((p) => p.name)).toEqual(["text"]);
    expect(pre?.source).toContain("offsets = np.array([0], dtype=np.int64)");
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("names a constant computed from data and saved nowhere, with the cell to add", async () => {
    const a = await analyze(
      await notebookFrom([IMPORTS, "MEAN = X_train.mean(axis=0)", "def preprocess(v):\n    return np.asarray(v) - MEAN", 'torch.onnx.export(model, x, "m.onnx")']),
    );
    const d = a.diagnostics.find((x) => x.code === "ANALYZE_CONSTANT_UNRESOLVED")!;
    expect(d).toMatchObject({ severity: "error", cell: 1, line: 1, column: 1 });
    expect(d.message).toContain("`MEAN`, read by `preprocess`");
    expect(d.suggestion).toContain('json.dump({"MEAN": MEAN.tolist()}, f)');
    // a pandas Series read by label is saved as its dict, which keeps the labels (and is read back as that dict)
    const series = await analyze(
      await notebookFrom([IMPORTS, "means = X_train.mean()", "def preprocess(v):\n    return np.array([[v['rooms'] - means['rooms']]], dtype=np.float32)", 'torch.onnx.export(model, x, "m.onnx")']),
    );
    expect(series.diagnostics.find((x) => x.code === "ANALYZE_CONSTANT_UNRESOLVED")!.suggestion).toContain('json.dump({"means": means.to_dict()}, f)');
  });

  it("tells to save the attributes of an object of a class the notebook defines, which json.dump cannot hold", async () => {
    const cls = "class Prep:\n    def fit(self, X):\n        self.mean = X.mean(axis=0)\n        return self\n    def transform(self, X):\n        return X - self.mean";
    const a = await analyze(
      await notebookFrom([IMPORTS, cls, "prep = Prep().fit(X_train)", "def preprocess(v):\n    return prep.transform(np.asarray(v))", 'torch.onnx.export(model, x, "m.onnx")']),
    );
    const d = a.diagnostics.find((x) => x.code === "ANALYZE_CONSTANT_UNRESOLVED")!;
    expect(d).toMatchObject({ severity: "error", cell: 2, line: 1, column: 1 });
    expect(d.message).toContain("`prep`, read by `preprocess`, is an object of `Prep`, a class the notebook defines");
    expect(d.suggestion).toContain("json.dump({k: np.asarray(v).tolist() for k, v in vars(prep).items()}, f)");
    expect(d.suggestion).toContain("the methods of `Prep` that the inference calls as top-level functions");
    // json.dump of the object raises TypeError, and a run (--execute) gives the same object
    expect(d.suggestion).not.toContain('json.dump({"prep": prep}');
    expect(d.suggestion).not.toContain("--execute");
    // made by a class method (`Tokenizer.load("vocab.txt")`, a tokenizer class read back from its vocabulary file)
    const made = await analyze(
      await notebookFrom([IMPORTS, `${cls}\n    @classmethod\n    def load(cls, path):\n        return cls()`, 'prep = Prep.load("prep.txt")', "def preprocess(v):\n    return prep.transform(np.asarray(v))", 'torch.onnx.export(model, x, "m.onnx")']),
    );
    const m = made.diagnostics.find((x) => x.code === "ANALYZE_CONSTANT_UNRESOLVED")!;
    expect(m.message).toContain('is an object of `Prep`, a class the notebook defines (`Prep.load("prep.txt")`)');
    expect(m.suggestion).not.toContain('json.dump({"prep": prep}');
  });

  it("says a pickle holds an object of a class the notebook defines, not a function, with the fix", async () => {
    // pickle.dumps(Prep()) at protocol 2: NEWOBJ of __main__.Prep, then BUILD with its attribute dict
    const pkl = new Uint8Array(Buffer.from("\x80\x02c__main__\nPrep\nq\x00)\x81q\x01}q\x02b.", "latin1"));
    const a = await analyze(
      await notebookFrom(
        [IMPORTS + "\nimport pickle", "class Prep:\n    pass", 'with open("prep.pkl", "rb") as f:\n    prep = pickle.load(f)', "def preprocess(v):\n    return prep.transform(np.asarray(v))", 'torch.onnx.export(model, x, "m.onnx")'],
        { "prep.pkl": pkl },
      ),
    );
    const d = a.diagnostics.find((x) => x.code === "ANALYZE_PICKLE_REFUSED")!;
    expect(d.message).toContain("the pickle holds an instance of `Prep`, a class the notebook defines (`__main__.Prep`, NEWOBJ at offset");
    expect(d.message).not.toContain("a function");
    expect(d.suggestion).toContain("where the notebook pickles it");
    expect(d.suggestion).toContain("vars(prep).items()");
  });

  it("reads a notebook class made once as module-level code: its method's answer is the inference path", async () => {
    const cls =
      "class Predictor:\n    def __init__(self, scale):\n        self.scale = scale\n    def preprocess(self, v):\n        return np.asarray(v, dtype=np.float32)[None] / self.scale\n    def predict(self, v):\n        return int(model(torch.tensor(self.preprocess(v))).argmax())";
    const a = await analyze(await notebookFrom([IMPORTS, 'torch.onnx.export(model, x, "m.onnx")', cls, "p = Predictor(10)", { source: "p.predict([1, 2, 3, 4])", result: "2" }]));
    expect(a.diagnostics.find((x) => x.code === "ANALYZE_INSTANCE_FLATTENED")).toMatchObject({ severity: "info", cell: 3, line: 1 });
    expect(a.diagnostics.map((x) => x.code)).not.toContain("ANALYZE_NO_INFERENCE_PATH");
    expect(a.functions.find((f) => f.name === a.preprocess)?.source).toBe("def preprocess(v):\n    return torch.tensor(p_preprocess(v))");
    expect(a.constants.map((c) => [c.name, c.value])).toEqual([["p_scale", 10]]);
    expect(a.goldens).toMatchObject([{ cell: 4, input: { v: [1, 2, 3, 4] }, expected: 2 }]);
  });

  it("names the method of a notebook class that displayed the answer, which the raw-tensor service skips", async () => {
    const cls =
      "class Predictor:\n    def preprocess(self, v):\n        return np.asarray(v, dtype=np.float32)[None] / 10\n    def predict(self, v):\n        return int(model(torch.tensor(self.preprocess(v))).argmax())";
    // two instances: not one set of module-level values
    const nb = await notebookFrom([IMPORTS, 'torch.onnx.export(model, x, "m.onnx")', cls, "p = Predictor()\nbackup = Predictor()", { source: "p.predict([1, 2, 3, 4])", result: "2" }]);
    const d = (await analyze(nb)).diagnostics.find((x) => x.code === "ANALYZE_NO_INFERENCE_PATH")!;
    expect(d.message).toBe(
      "the notebook's answer comes from `Predictor.predict`, a method of a class the notebook defines, which nb2svc does not translate: the service takes the model's raw tensors and skips that code and the methods it calls (`Predictor.preprocess`)",
    );
    expect(d).toMatchObject({ severity: "warning", cell: 4, line: 1, column: 1 });
    expect(d.suggestion).toContain("move the methods to top-level functions");
    // asked for by name, a method is told apart from a missing function
    const asked = (await analyze(nb, { preprocess: "Predictor.preprocess" })).diagnostics.find((x) => x.code === "ANALYZE_NO_SUCH_FUNCTION")!;
    expect(asked.message).toBe("`Predictor.preprocess` is a method of `Predictor`, a class the notebook defines; nb2svc translates module-level functions, not classes");
    expect(asked.suggestion).not.toContain("(no functions defined)");
  });

  it("tells to save a fitted scikit-learn object with joblib, which JSON cannot hold", async () => {
    const a = await analyze(
      await notebookFrom([
        IMPORTS + "\nfrom sklearn.preprocessing import StandardScaler",
        "scaler = StandardScaler()\nX = scaler.fit_transform(X_train)",
        "def preprocess(v):\n    return scaler.transform(np.asarray(v).reshape(1, -1))",
        'torch.onnx.export(model, x, "m.onnx")',
      ]),
    );
    const d = a.diagnostics.find((x) => x.code === "ANALYZE_CONSTANT_UNRESOLVED")!;
    expect(d.message).toContain("`scaler`, read by `preprocess`");
    expect(d.suggestion).toContain('import joblib\n        joblib.dump(scaler, "scaler.joblib")');
    expect(d.suggestion).not.toContain("json.dump");
  });

  it("loads constants the notebook read back from JSON files next to it", async () => {
    const a = await analyze(
      await notebookFrom(
        [IMPORTS, 'cfg = json.load(open("cfg.json"))\nTHRESHOLD = cfg["threshold"]\nLABELS = cfg["labels"]', "def postprocess(p):\n    return LABELS[int(p[0][0] > THRESHOLD)]", 'torch.onnx.export(model, x, "m.onnx")'],
        { "cfg.json": '{"threshold": 0.5, "labels": ["no", "yes"]}' },
      ),
    );
    expect(a.constants.map((c) => [c.name, c.value])).toEqual([
      ["THRESHOLD", 0.5],
      ["LABELS", ["no", "yes"]],
    ]);
  });

  it("follows a notebook helper that reads a JSON file into a numpy string array (the ONNX model zoo's load_labels)", async () => {
    const a = await analyze(
      await notebookFrom(
        [
          IMPORTS,
          'def load_labels(path):\n    """Class names, one per output."""\n    with open(path) as f:\n        data = json.load(f)\n    return np.asarray(data)\n\ndef scale(v, by):\n    if by:\n        return v / by\n    return v',
          'labels = load_labels("labels.json")\nK = scale(10, 2)',
          "def postprocess(p):\n    return labels[int(np.argmax(p))], K",
          'torch.onnx.export(model, x, "m.onnx")',
        ],
        { "labels.json": '["circle", "square", "triangle"]' },
      ),
    );
    expect(a.constants.find((c) => c.name === "labels")).toMatchObject({ value: ["circle", "square", "triangle"], numpy: { dtype: "str" } });
    // a body with a branch is not followed: the value stays unknown, and is reported as such
    expect(a.constants.find((c) => c.name === "K")?.source.kind).toBe("unresolved");
    expect(a.diagnostics.find((d) => d.code === "ANALYZE_CONSTANT_UNRESOLVED")?.message).toContain("`K`");
  });

  it("follows a helper whose return ends its with block, called with a keyword and a default", async () => {
    const a = await analyze(
      await notebookFrom(
        [
          IMPORTS,
          'def read_classes(path, key="classes"):\n    with open(path) as f:\n        return json.load(f)[key]',
          'CLASSES = read_classes(path="meta.json")',
          "def postprocess(p):\n    return CLASSES[int(np.argmax(p))]",
          'torch.onnx.export(model, x, "m.onnx")',
        ],
        { "meta.json": '{"classes": ["cat", "dog"], "size": 32}' },
      ),
    );
    expect(a.constants.find((c) => c.name === "CLASSES")).toMatchObject({ value: ["cat", "dog"] });
  });

  it("takes one element of a tuple a helper returns whole (`a, b = load(p)` with `return parts(p)`)", async () => {
    const a = await analyze(
      await notebookFrom(
        [
          IMPORTS,
          "def parts(path):\n    with open(path) as f:\n        d = json.load(f)\n    return d['vocab'], d['max_len']\n\ndef load(path):\n    return parts(path)",
          'VOCAB, MAX_LEN = load("tok.json")',
          "def preprocess(t):\n    return np.array([[VOCAB.get(w, 1) for w in t.split()][:MAX_LEN]])",
          'torch.onnx.export(model, x, "m.onnx")',
        ],
        { "tok.json": '{"vocab": {"a": 2}, "max_len": 8}' },
      ),
    );
    expect(a.constants.find((c) => c.name === "VOCAB")?.value).toEqual({ a: 2 });
    expect(a.constants.find((c) => c.name === "MAX_LEN")?.value).toBe(8);
  });

  it("reads values the notebook's own function saved (`save_vocab(word_index, path)`, module-level names dumped)", async () => {
    const a = await analyze(
      await notebookFrom(
        [
          IMPORTS + "from pathlib import Path",
          "word_index = {w: i for i, w in enumerate(sorted(set(TEXT.split())))}\nMAX_LEN = 4",
          'def save_vocab(vocab, path, extra=None):\n    with Path(path).open("w") as f:\n        json.dump({"vocab": vocab, "max_len": MAX_LEN}, f)',
          'save_vocab(word_index, "vocab.json")',
          "def preprocess(t):\n    return np.array([[word_index.get(w, 0) for w in t.split()][:MAX_LEN]])",
          'torch.onnx.export(model, x, "m.onnx")',
        ],
        { "vocab.json": '{"vocab": {"b": 0, "c": 1}, "max_len": 4}' },
      ),
    );
    expect(a.constants.find((c) => c.name === "word_index")).toMatchObject({ value: { b: 0, c: 1 } });
  });

  it("keeps a defaultdict's constant default (`vocab.default_factory = lambda: UNK`), read from the dict saved", async () => {
    const files = { "vocab.json": '{"<pad>": 0, "<unk>": 1, "good": 2}' };
    const cells = (freeze: string) => [
      IMPORTS + "from collections import defaultdict",
      'vocab = defaultdict(lambda: len(vocab))\nPAD = vocab["<pad>"]\nUNK = vocab["<unk>"]\nfor t in TEXTS:\n    for w in t.split():\n        vocab[w]',
      `${freeze}\nwith open("vocab.json", "w") as f:\n    json.dump(vocab, f)`,
      "def preprocess(t):\n    return np.array([[vocab[w] for w in t.split()]])",
      'torch.onnx.export(model, x, "m.onnx")',
    ];
    const vocab = async (freeze: string) => (await analyze(await notebookFrom(cells(freeze), files))).constants.find((c) => c.name === "vocab")?.data;
    expect(await vocab("vocab.default_factory = lambda: UNK")).toMatchObject({ k: "dict", default: { k: "int", v: 1 } });
    expect(await vocab("vocab.default_factory = int")).toMatchObject({ default: { k: "int", v: 0 } });
    // a factory giving another value each time: a plain dict (a missing key is a KeyError)
    expect(await vocab("pass")).not.toHaveProperty("default");
  });

  it("survives magics and reports syntax errors with their cell and line", async () => {
    const a = await analyze(
      await notebookFrom(["%matplotlib inline\n" + IMPORTS, "%%time\ndef f(x):\n    return x +\n", "!nvidia-smi\ny = 2"]),
    );
    expect(a.diagnostics.find((d) => d.code === "ANALYZE_SYNTAX")).toMatchObject({ severity: "warning", cell: 1, line: 3 });
  });
});

describe("constants saved in other files", () => {
  const npy = (values: number[], dtype: "<f4" | "<i8"): Buffer => {
    // a minimal .npy (version 1.0) with a C-order 1-d array
    const header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${values.length},), }`;
    const padded = header + " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
    const body = Buffer.alloc(values.length * (dtype === "<f4" ? 4 : 8));
    values.forEach((v, i) => (dtype === "<f4" ? body.writeFloatLE(v, i * 4) : body.writeBigInt64LE(BigInt(v), i * 8)));
    const head = Buffer.alloc(10);
    head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    head.writeUInt16LE(padded.length, 8);
    return Buffer.concat([head, Buffer.from(padded, "latin1"), body]);
  };

  it("reads a pandas Series saved with to_dict() as the dict it became: its values by label", async () => {
    const a = await analyze(
      await notebookFrom(
        [
          IMPORTS + "\nimport json\nimport pandas as pd",
          "df = pd.DataFrame(X, columns=['rooms', 'area'])\nmeans = df.mean()\nstds = df.std()\nwith open('meta.json', 'w') as f:\n    json.dump({'means': means.to_dict(), 'stds': stds.to_dict()}, f)",
          "def preprocess(flat):\n    return np.array([[(flat['rooms'] - means['rooms']) / stds['rooms']]], dtype=np.float32)",
          'torch.onnx.export(model, x, "m.onnx")',
        ],
        { "meta.json": JSON.stringify({ means: { rooms: 3, area: 60 }, stds: { rooms: 1.5, area: 20 } }) },
      ),
    );
    expect(a.constants.map((c) => [c.name, c.source.kind, c.value])).toEqual([
      ["means", "json-file", { rooms: 3, area: 60 }],
      ["stds", "json-file", { rooms: 1.5, area: 20 }],
    ]);
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("reads np.save files, whether the notebook saved them or loaded them back", async () => {
    const a = await analyze(
      await notebookFrom(
        [
          IMPORTS,
          "MEAN = X.mean(axis=0).astype(np.float32)\nnp.save('mean.npy', MEAN)\nIDS = np.load('ids.npy')",
          "def preprocess(v):\n    return (np.asarray(v, dtype=np.float32) - MEAN)[IDS]",
          'torch.onnx.export(model, x, "m.onnx")',
        ],
        { "mean.npy": npy([1.5, -2.25], "<f4"), "ids.npy": npy([1, 0], "<i8") },
      ),
    );
    expect(a.constants.map((c) => [c.name, c.source.kind, c.value, c.numpy])).toEqual([
      ["MEAN", "json-file", [1.5, -2.25], { dtype: "float32" }],
      ["IDS", "literal", [1, 0], { dtype: "int64" }],
    ]);
    expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("reads vocabularies written one token per line, and comprehensions over files the notebook reads", async () => {
    const a = await analyze(
      await notebookFrom(
        [
          IMPORTS,
          "TOKENS = sorted(set(words))\nwith open('tokens.txt', 'w') as f:\n    f.write('\\n'.join(TOKENS))",
          "LABELS = [line.strip() for line in open('labels.txt')]\nINDEX = {w: i for i, w in enumerate(LABELS)}",
          "def preprocess(ws):\n    return np.array([[TOKENS.index(w) for w in ws]])\n\ndef postprocess(y):\n    return LABELS[int(y.argmax())], INDEX",
          'torch.onnx.export(model, x, "m.onnx")',
        ],
        { "tokens.txt": "a\nb\nc", "labels.txt": "neg\npos\n" },
      ),
    );
    expect(a.constants.map((c) => [c.name, c.source.kind, c.value])).toEqual([
      ["TOKENS", "json-file", ["a", "b", "c"]],
      ["LABELS", "literal", ["neg", "pos"]],
      ["INDEX", "literal", { neg: 0, pos: 1 }],
    ]);
    // a line per loop item, the loop inside the `with` that opened the file
    const looped = await analyze(
      await notebookFrom(
        [
          IMPORTS,
          "TAGS = sorted(set(t for ts in df.tags for t in ts))\nwith open('tags.txt', 'w') as f:\n    for t in TAGS:\n        f.write(f'{t}\\n')",
          "def postprocess(y):\n    return TAGS[int(y.argmax())]",
          'torch.onnx.export(model, x, "m.onnx")',
        ],
        { "tags.txt": "python\nsql\n" },
      ),
    );
    expect(looped.constants.map((c) => [c.name, c.source.kind, c.value])).toEqual([["TAGS", "json-file", ["python", "sql"]]]);
  });
});

describe("cell markers", () => {
  it("takes cells tagged golden as examples even when the model call is not recognised, and notes papermill parameters", async () => {
    const a = await analyze(
      await notebookFrom([
        IMPORTS,
        { source: "THRESHOLD = 0.7", tags: ["parameters"] },
        "def preprocess(text):\n    return np.array([[len(text)]], dtype=np.int64)\n\ndef postprocess(p):\n    return 'long' if p[0][0] > THRESHOLD else 'short'",
        'torch.onnx.export(model, x, "m.onnx")',
        { source: "x = preprocess('hello there')\npostprocess(remote_scorer.score(x))", tags: ["golden"], result: "'long'" },
        { source: "# nb2svc: golden\nprint('no value')", stdout: "no value\n" },
      ]),
    );
    expect(a.goldens.map((g) => [g.cell, g.input, g.expected])).toEqual([[4, { text: "hello there" }, "long"]]);
    expect(a.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(["ANALYZE_PAPERMILL_PARAMETER", "ANALYZE_GOLDEN_UNREADABLE"]));
    expect(a.diagnostics.find((d) => d.code === "ANALYZE_GOLDEN_UNREADABLE")).toMatchObject({ cell: 5 });
  });
});

describe("functions defined again", () => {
  it("reads the constants of the last definition where its own path runs, not at an earlier definition's uses", async () => {
    // two notebooks pasted one after the other: the first path runs before SCALE exists
    const nb = await notebookFrom([
      IMPORTS,
      "def preprocess(x):\n    return np.asarray(x, dtype=np.float32)",
      "def postprocess(y):\n    return float(y[0, 0])",
      { source: "postprocess(net(preprocess([1.0, 2.0])))", result: "1.0" },
      "SCALE = 2.0",
      "def preprocess(x):\n    return np.asarray(x, dtype=np.float32) * SCALE",
      'torch.onnx.export(net, torch.zeros(1, 2), "m.onnx")',
      { source: "postprocess(net(preprocess([1.0, 2.0])))", result: "2.0" },
    ]);
    const a = await analyze(nb);
    expect(a.constants.map((c) => [c.name, c.value])).toEqual([["SCALE", 2]]);
  });
});
