// The translated code's types: locals declared where first assigned with the types the translator knows, numpy
// called directly where the receiver is known to be an array, only the imports used, helpers not exported. (That
// the results stay numpy's is the parity corpus' job; that the modules compile under `strict`, too.)
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/analyze/analyze.ts";
import { loadPythonFile } from "../../src/load/python-file.ts";
import { translate } from "../../src/translate/translate.ts";
import { importTranslated } from "../helpers/translated.ts";

async function translated(lines: readonly string[], entries: readonly string[]) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "nb2svc-typed-")), "m.py");
  writeFileSync(file, lines.join("\n") + "\n");
  const { notebook } = await loadPythonFile(file);
  const a = await analyze(notebook!, { entries: [...entries] });
  expect(a.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const names = new Set([...a.entries, ...a.helpers]);
  const module = await translate({ functions: a.functions.filter((f) => names.has(f.name)), constants: a.constants, imports: a.imports, origin: "m.py", entries });
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
});
