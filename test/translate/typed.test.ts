// The translated code's types: locals declared where first assigned with the types the translator knows, numpy
// called directly where the receiver is known to be an array, only the imports used, helpers not exported. (That
// the results stay numpy's is the parity corpus' job; that the modules compile under `strict`, too.)
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/analyze/analyze.ts";
import { loadPythonFile } from "../../src/load/python-file.ts";
import { translate, type TranslateInput } from "../../src/translate/translate.ts";
import { importTranslated } from "../helpers/translated.ts";
import { tempDir } from "../helpers/temp.ts";

async function translated(lines: readonly string[], entries: readonly string[], entryTypes?: TranslateInput["entryTypes"]) {
  const file = path.join(tempDir("nb2svc-typed-"), "m.py");
  writeFileSync(file, lines.join("\n") + "\n");
  const { notebook } = await loadPythonFile(file);
  const a = await analyze(notebook!, { entries: [...entries] });
  expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const names = new Set([...a.entries, ...a.helpers]);
  const module = await translate({ functions: a.functions.filter((f) => names.has(f.name)), constants: a.constants, imports: a.imports, origin: "m.py", entries, ...(entryTypes ? { entryTypes } : {}) });
  expect(module.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return module;
}

const IRIS = [
  "import numpy as np",
  "MEAN = np.array([5.8, 3.0], dtype=np.float32)",
  "STD = np.array([0.8, 0.4], dtype=np.float32)",
  "LABELS = ['a', 'b']",
  "def preprocess(features):",
  "    x = np.asarray(features, dtype=np.float32)",
  "    x = (x - MEAN) / STD",
  "    return x.reshape(1, -1)",
  "def softmax(z):",
  "    e = np.exp(z - z.max(axis=-1, keepdims=True))",
  "    return e / e.sum(axis=-1, keepdims=True)",
  "def postprocess(logits):",
  "    probs = softmax(logits)[0]",
  "    best = int(np.argmax(probs))",
  "    return {'label': LABELS[best], 'score': round(float(probs[best]), 4)}",
];

describe("typed translation", () => {
  it("types constants, locals and returns, and calls numpy directly on arrays", async () => {
    const { text } = await translated(IRIS, ["preprocess", "postprocess"]);
    expect(text).toContain('const MEAN: NDArray = np.array([5.800000190734863, 3], "float32");');
    expect(text).toContain("function preprocess(features: unknown): NDArray {");
    // x is an array from its first assignment on, so `(x - MEAN) / STD` and `x.reshape` are numpy's functions
    expect(text).toContain('let x: NDArray = np.asarray(features, "float32");');
    expect(text).toContain("x = np.divide(np.subtract(x, MEAN), STD);");
    expect(text).toContain("return np.reshape(x, [1, -1]);");
    // softmax returns an array whatever z is (np.exp makes one); its parameter stays Python-dynamic
    expect(text).toContain("function softmax(z: unknown): NDArray {");
    expect(text).toContain('const e: NDArray = np.exp(py.sub(z, py.callMethod(z, "max", [], { "axis": -1, "keepdims": true })));');
    expect(text).toContain("return np.divide(e, np.sum(e, -1, undefined, true));");
    expect(text).toContain("const probs: NDArray = np.getitem(softmax(logits), 0);");
    expect(text).toContain("const best: number = py.int(np.argmax(probs));");
    expect(text).not.toMatch(/^\s*let [^=]*;$/m); // nothing hoisted: every local is declared where it is assigned
  });

  it("imports only what the code uses and exports only the entry functions", async () => {
    const module = await translated(IRIS.map((l) => l.replace("softmax(logits)", "softmax(np.asarray(logits))")), ["postprocess"]);
    expect(module.functions.map((f) => f.name)).toEqual(["postprocess"]);
    expect(module.text).not.toMatch(/export \{ \w+ as (softmax|preprocess) \}/);
    expect(module.text).not.toContain("pymath");
    expect(module.text).not.toContain("pyre");
    expect(module.text).not.toContain('from "./runtime/core.ts"');
    const fns = await importTranslated(module);
    expect(Object.keys(fns)).toEqual(["postprocess"]);
    expect(fns.postprocess!([[1, 3]])).toEqual({ label: "b", score: 0.8808 });
  });

  it("leaves dynamic what Python decides at run time", async () => {
    const { text } = await translated(
      [
        "import numpy as np",
        "def f(values, flag):",
        "    if flag:",
        "        y = np.asarray(values)",
        "    else:",
        "        y = 0",
        "    z = np.asarray(values)",
        "    z = list(z)", // rebound to a list: no longer an array
        "    w = values - 1", // values may be a list, a Series, anything
        "    return y, z, w",
      ],
      ["f"],
    );
    // assigned in branches: hoisted, as Python scopes it to the function
    expect(text).toMatch(/let y: unknown/);
    expect(text).toContain("let z: unknown = np.asarray(values);");
    expect(text).toContain("const w: unknown = py.sub(values, 1);");
  });

  it("keeps arrays arrays through augmented assignment, and runs as numpy does", async () => {
    const module = await translated(
      [
        "import numpy as np",
        "def f(values):",
        "    x = np.asarray(values, dtype=np.float32)",
        "    x /= 255.0",
        "    x -= x.mean()",
        "    s = np.float32(2)",
        "    s += 1",
        "    return x, s",
      ],
      ["f"],
    );
    expect(module.text).toContain('x = glue.inplaceArray("/", x, core.weakFloat(255));');
    expect(module.text).toContain("let s: NDArray = np.float32(2);");
    const fns = await importTranslated(module);
    const [x, s] = fns.f!([0, 255]) as [{ dtype: string; toJSON(): unknown }, { dtype: string; shape: number[]; toJSON(): unknown }];
    expect([x.dtype, JSON.parse(JSON.stringify(x))]).toEqual(["float32", [-0.5, 0.5]]);
    // a numpy scalar is rebound, not written into: still a float32 scalar
    expect([s.dtype, s.shape, JSON.parse(JSON.stringify(s))]).toEqual(["float32", [], 3]);
  });

  it("types parameters by what every call passes them, and passes the pipeline's model output unconverted", async () => {
    const module = await translated(IRIS, ["preprocess", "postprocess"], { postprocess: ["NDArray"] });
    const { text } = module;
    // the model's output reaches postprocess as an array, and softmax is only ever called with it
    expect(text).toContain("function postprocess(logits: NDArray): unknown {");
    expect(text).toContain("function softmax(z: NDArray): NDArray {");
    expect(text).toContain("const e: NDArray = np.exp(np.subtract(z, np.max(z, -1, true)));");
    expect(text).toMatch(/function postprocessEntry\(logits: NDArray\)[\s\S]*?return glue\.toJS\(postprocess\(logits\)\)/);
    // a request's list is a Python list until the code makes it an array
    expect(text).toContain("function preprocess(features: unknown): NDArray {");
    expect(text).toContain("return glue.toJS(preprocess(py.fromJS(features))) as NDArray;");
    expect(module.functions.find((f) => f.name === "postprocess")!.params[0]!.type).toBe("NDArray");
    const fns = await importTranslated(module);
    // an array of the module's own runtime: features one and three standard deviations above the mean
    const logits = fns.preprocess!([5.8 + 0.8, 3.0 + 3 * 0.4]);
    expect(fns.postprocess!(logits)).toEqual({ label: "b", score: 0.8808 });
  });

  it("leaves a parameter unknown when any caller, default or assignment makes it so", async () => {
    const { text } = await translated(
      [
        "import numpy as np",
        "def scale(x, k=2):",
        "    return x * k",
        "def mapped(x):",
        "    return x + 1",
        "def rebound(z):",
        "    z = list(z)",
        "    return z",
        "def mixed(v):",
        "    return v",
        "def caught(e):",
        "    try:",
        "        return float(e)",
        "    except ValueError as e:",
        "        return 0.0",
        "def post(logits):",
        "    a = scale(logits)",
        "    b = list(map(mapped, [logits]))",
        "    mixed(logits)",
        "    mixed([1, 2])",
        "    caught(logits)",
        "    return a, b, mapped(logits), rebound(logits)",
      ],
      ["post"],
      { post: ["NDArray"] },
    );
    // called with the array, and its default is a number: both typed, and `x * k` is numpy's multiply
    expect(text).toContain("function scale(x: NDArray, k: number = 2): NDArray {");
    expect(text).toContain("return np.multiply(x, k);");
    // passed to map: called with anything
    expect(text).toContain("function mapped(x: unknown): unknown {");
    // rebound to a list: not an array all along
    expect(text).toContain("function rebound(z: unknown): unknown {");
    // an array at one call, a list at another
    expect(text).toContain("function mixed(v: unknown): unknown {");
    // rebound by `except ... as`
    expect(text).toContain("function caught(e: unknown): unknown {");
  });

  it("types integral float constants as the runtime's weak floats, and exports a function that needs no conversion as it is", async () => {
    const module = await translated(
      [
        "import numpy as np",
        "SCALE = 255.0",
        "def preprocess(text, pixels):",
        "    x = np.asarray(pixels, dtype=np.float32) / SCALE",
        "    return x.reshape(1, -1) * len(text)",
      ],
      ["preprocess"],
      { preprocess: ["string", null] },
    );
    expect(module.text).toContain("const SCALE: core.WeakFloat = core.weakFloat(255);");
    expect(module.text).toContain('const x: NDArray = np.divide(np.asarray(pixels, "float32"), SCALE);');
    expect(module.text).toContain("return glue.toJS(preprocess(text, py.fromJS(pixels))) as NDArray;");
    const all = await translated(
      ["import numpy as np", "def preprocess(text):", "    return np.array([len(text)], dtype=np.int64)"],
      ["preprocess"],
      { preprocess: ["string"] },
    );
    expect(all.text).toContain("function preprocess(text: string): NDArray {");
    expect(all.text).toContain("export { preprocess };");
    expect(all.text).not.toContain("Entry");
    expect(all.functions).toEqual([{ name: "preprocess", exportName: "preprocess", params: [{ name: "text", type: "string", optional: false }], returnType: "NDArray" }]);
    const fns = await importTranslated(module);
    // a float32 array divided by a Python float stays float32 (the weak scalar does not promote it)
    const out = fns.preprocess!("ab", [0, 255]) as { dtype: string; toJSON(): unknown };
    expect([out.dtype, JSON.parse(JSON.stringify(out))]).toEqual(["float32", [[0, 2]]]);
  });

  it("calls an array's flatten and tolist directly, as the runtime's methods do", async () => {
    const module = await translated(
      [
        "import numpy as np",
        "def f(values):",
        "    x = np.asarray(values, dtype=np.float32).T",
        "    flat = x.flatten()",
        "    flat[0] = 9",
        "    return x.tolist(), flat.tolist()",
      ],
      ["f"],
    );
    expect(module.text).toContain("const flat: NDArray = np.ravel(np.copy(x));");
    expect(module.text).toContain("return core.tuple([x.tolist(), flat.tolist()]);");
    const fns = await importTranslated(module);
    // flatten copies (writing into it leaves x alone) in C order of the transposed view
    expect(fns.f!([[1, 2], [3, 4]])).toEqual([[[1, 3], [2, 4]], [9, 3, 2, 4]]);
  });

  it("takes the model's outputs as a list of arrays and a request record as an object, converted as JSON-like values", async () => {
    const module = await translated(
      [
        "import numpy as np",
        "def pre(record):",
        "    return np.array([[record['a'], record['b']]], dtype=np.float32)",
        "def post(outputs):",
        "    return float(outputs[0].sum())",
      ],
      ["pre", "post"],
      { pre: [{ tsType: "object" }], post: [{ tsType: "readonly NDArray[]" }] },
    );
    // the pipeline passes its PredictRecord interface and `[...outputs]`: both must be assignable
    expect(module.text).toContain("function preEntry(record: object): NDArray {");
    expect(module.text).toContain("return glue.toJS(pre(py.fromJS(record))) as NDArray;");
    expect(module.text).toContain("function postEntry(outputs: readonly NDArray[]): number {");
    expect(module.functions.map((f) => f.params[0]!.type)).toEqual(["object", "readonly NDArray[]"]);
    const fns = await importTranslated(module);
    expect(fns.post!([fns.pre!({ a: 1, b: 2 })])).toBe(3);
  });
});
