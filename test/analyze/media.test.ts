// Image parameters (src/analyze/media.ts): a preprocessing parameter that reaches an image read unchanged (or as the
// file's bytes) is an image; its examples become {"$file": ...} goldens for files inside the notebook's folder; a
// parameter made into a path first, rebound, or read by something else is not.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/analyze/analyze.ts";
import { loadNotebook } from "../../src/load/load.ts";
import { plan } from "../../src/plan/plan.ts";
import type { ModelSignature } from "../../src/inspect/types.ts";
import { writeNotebook, type CellSpec } from "../helpers/notebook.ts";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAHUlEQVR4nGNkYGgQYGAgHrEwCDCQBEY1jGoYOhoAHgoCnuSqbggAAAAASUVORK5CYII=", "base64");
const IMPORTS = "import io\nimport os\nimport cv2\nimport numpy as np\nimport torch\nfrom PIL import Image\n";
const POST = "def postprocess(logits):\n    return int(logits.argmax())";
const EXPORT = 'torch.onnx.export(model, torch.zeros(1, 1, 8, 8), "m.onnx")';

/** A notebook with `pre` as its preprocessing, run on `call`'s argument in a cell that displays 3. */
async function analyzeWith(pre: string, arg = '"digit.png"', files: Record<string, Uint8Array> = { "samples/digit.png": PNG }, extra: (string | CellSpec)[] = []) {
  const file = writeNotebook([IMPORTS, ...extra, pre, POST, EXPORT, { source: `x = preprocess(${arg})\npostprocess(model(torch.tensor(x)))`, result: "3" }]);
  const dir = path.dirname(file);
  for (const [rel, bytes] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), bytes);
  }
  const { notebook } = await loadNotebook(file);
  return analyze(notebook!);
}

const SIGNATURE: ModelSignature = {
  path: "/x/m.onnx",
  sha256: "0".repeat(64),
  opset: 13,
  producer: "pytorch",
  inputs: [{ name: "input", dtype: "float32", shape: ["batch", 1, 8, 8] }],
  outputs: [{ name: "logits", dtype: "float32", shape: ["batch", 10] }],
  classifier: null,
} as unknown as ModelSignature;

describe("image parameters", () => {
  const cases: [string, string][] = [
    ["Image.open(path)", 'def preprocess(path):\n    img = Image.open(path).convert("L")\n    return np.asarray(img, dtype=np.float32)[None, None] / 255.0'],
    ["Image.open(fp=path)", 'def preprocess(path):\n    return np.asarray(Image.open(fp=path).convert("L"), dtype=np.float32)[None, None]'],
    ["Image.open(io.BytesIO(open(path, 'rb').read()))", 'def preprocess(path):\n    data = open(path, "rb").read()\n    return np.asarray(Image.open(io.BytesIO(data)).convert("L"), dtype=np.float32)[None, None]'],
    [
      "with open(path, 'rb') as f: cv2.imdecode(np.frombuffer(f.read(), np.uint8), ...)",
      'def preprocess(path):\n    with open(path, "rb") as f:\n        buf = np.frombuffer(f.read(), np.uint8)\n    img = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)\n    return img.astype(np.float32)[None, None]',
    ],
    ["cv2.imread(path, flags)", "def preprocess(path):\n    img = cv2.imread(path, cv2.IMREAD_GRAYSCALE)\n    return img.astype(np.float32)[None, None]"],
    ["a helper that opens it", 'def load(p):\n    return Image.open(p).convert("L")\n\ndef preprocess(path):\n    img = load(path)\n    return np.asarray(img, dtype=np.float32)[None, None]'],
    ["an alias assigned first", 'def preprocess(image_path):\n    p = image_path\n    img = Image.open(p)\n    return np.asarray(img.convert("L"), dtype=np.float32)[None, None]'],
  ];
  for (const [what, pre] of cases) {
    it(`${what}: the parameter is an image, and the example sends the file`, async () => {
      const a = await analyzeWith(pre, '"samples/digit.png"');
      const param = /def preprocess\((\w+)\)/.exec(pre)![1]!;
      expect(a.preprocess).toBe("preprocess");
      expect(a.media).toEqual({ preprocess: { [param]: "image" } });
      expect(a.goldens.map((g) => [g.cell, g.input, g.expected])).toEqual([[a.goldens[0]!.cell, { [param]: { $file: "samples/digit.png" } }, 3]]);
    });
  }

  it("Keras load_img through `from tensorflow.keras.preprocessing import image`", async () => {
    const a = await analyzeWith(
      "def preprocess(img_path):\n    img = image.load_img(img_path, target_size=(8, 8), color_mode='grayscale')\n    return image.img_to_array(img)[None]",
      '"samples/digit.png"',
      undefined,
      ["from tensorflow.keras.preprocessing import image"],
    );
    expect(a.media).toEqual({ preprocess: { img_path: "image" } });
  });

  it("a path written './samples/../samples/digit.png' is normalised relative to the notebook", async () => {
    const a = await analyzeWith('def preprocess(path):\n    return np.asarray(Image.open(path), dtype=np.float32)[None, None]', '"./samples/../samples/digit.png"');
    expect(a.goldens[0]!.input).toEqual({ path: { $file: "samples/digit.png" } });
  });

  it("other parameters stay data; the plan marks only the image field, required and base64 in JSON", async () => {
    const a = await analyzeWith(
      'def preprocess(path, scale=255.0):\n    img = Image.open(path).convert("L")\n    return np.asarray(img, dtype=np.float32)[None, None] / scale',
      '"samples/digit.png", scale=16.0',
    );
    expect(a.media).toEqual({ preprocess: { path: "image" } });
    expect(a.goldens[0]!.input).toEqual({ path: { $file: "samples/digit.png" }, scale: 16 });
    const p = plan(a, SIGNATURE, { toolVersion: "test" });
    expect(p.request.fields.map((f) => [f.name, f.media ?? null, f.required, f.schema.type])).toEqual([
      ["path", "image", true, "string"],
      ["scale", null, false, "number"],
    ]);
    expect(p.request.fields[0]!.schema).toMatchObject({ contentEncoding: "base64", contentMediaType: "image/*" });
    // the body limit grows so that a base64 image of IMAGE_MAX_BYTES fits
    expect(p.options.limits.bodyLimitBytes).toBeGreaterThan((p.options.limits.imageMaxBytes * 4) / 3);
  });

  it("a parameter made into a path first is not an image, and the notebook is told why", async () => {
    const a = await analyzeWith('DIR = "samples"\n\ndef preprocess(name):\n    img = Image.open(os.path.join(DIR, name)).convert("L")\n    return np.asarray(img, dtype=np.float32)[None, None]', '"digit.png"');
    expect(a.media).toBeUndefined();
    expect(a.goldens[0]!.input).toEqual({ name: "digit.png" });
    expect(a.diagnostics.find((d) => d.code === "ANALYZE_IMAGE_PATH")).toMatchObject({ severity: "warning", message: expect.stringContaining("os.path.join(DIR, name)") });
  });

  it("an f-string path is a path too", async () => {
    const a = await analyzeWith('def preprocess(name):\n    return np.asarray(Image.open(f"samples/{name}"), dtype=np.float32)[None, None]', '"digit.png"');
    expect(a.media).toBeUndefined();
    expect(a.diagnostics.some((d) => d.code === "ANALYZE_IMAGE_PATH")).toBe(true);
  });

  it("a parameter rebound before the read, or only compared, is not an image", async () => {
    for (const pre of [
      'def preprocess(path):\n    path = "samples/digit.png"\n    return np.asarray(Image.open(path), dtype=np.float32)[None, None]',
      'def preprocess(path):\n    img = Image.open("samples/digit.png") if path == "x" else None\n    return np.asarray(img, dtype=np.float32)[None, None]',
      "def preprocess(values):\n    return np.asarray(values, dtype=np.float32).reshape(1, 1, 8, 8)",
    ]) {
      const a = await analyzeWith(pre, '"samples/digit.png"');
      expect(a.media, pre).toBeUndefined();
    }
  });

  it("open(path, 'r') (text) and open(path) without a mode are not byte reads", async () => {
    const a = await analyzeWith('def preprocess(path):\n    data = open(path).read()\n    return np.asarray(Image.open(io.BytesIO(data)), dtype=np.float32)[None, None]', '"samples/digit.png"');
    expect(a.media).toBeUndefined();
  });

  it("an example image that is missing, or outside the notebook's folder, is left out with a warning", async () => {
    const pre = 'def preprocess(path):\n    return np.asarray(Image.open(path).convert("L"), dtype=np.float32)[None, None]';
    for (const arg of ['"samples/nothere.png"', '"../outside.png"', '"/etc/passwd"']) {
      const a = await analyzeWith(pre, arg);
      expect(a.media).toEqual({ preprocess: { path: "image" } });
      expect(a.goldens, arg).toEqual([]);
      expect(a.diagnostics.find((d) => d.code === "ANALYZE_GOLDEN_IMAGE"), arg).toMatchObject({ severity: "warning" });
    }
  });

  it("the recovered path (top-level Image.open of a literal) gives the same $file golden", async () => {
    const file = writeNotebook([
      IMPORTS,
      EXPORT,
      { source: 'img = Image.open("samples/digit.png").convert("L")\nx = np.asarray(img, dtype=np.float32)[None, None] / 255.0\nlogits = model(torch.tensor(x))\nint(logits.argmax())', result: "3" },
    ]);
    mkdirSync(path.join(path.dirname(file), "samples"));
    writeFileSync(path.join(path.dirname(file), "samples", "digit.png"), PNG);
    const a = await analyze((await loadNotebook(file)).notebook!);
    expect(a.inferencePath.kind).toBe("recovered");
    const param = Object.keys(a.media?.[a.preprocess!] ?? {})[0]!;
    expect(param).toBeDefined();
    expect(a.goldens.map((g) => g.input)).toEqual([{ [param]: { $file: "samples/digit.png" } }]);
  });
});
