// inspect on skl2onnx-shaped models (test/inspect/fixtures, from gen_onnx_ml.py): the graph as read with protobufjs
// (opsets, full value types, nodes and attributes, initializers, external data), the copy without the ZipMap that
// the service ships (and that its numbers are scikit-learn's), the classifier's outputs and classes, and every
// refusal naming the operator, the domain or the value.
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { decodeModel, describeModel, encodeModel, typeString, type Message } from "../../src/inspect/onnx-graph.ts";
import { ONNX_PROTO } from "../../src/inspect/onnx-proto.ts";
import { inspectModel, servedModelFiles, sessionError } from "../../src/inspect/inspect.ts";
import type { ModelSignature } from "../../src/inspect/types.ts";
import { CASES, FIXTURES, rowCount, runServed } from "./services.ts";
import { tempDir } from "../helpers/temp.ts";

const fixture = (name: string) => path.join(FIXTURES, `${name}.onnx`);
const served = Object.entries(CASES).filter(([, c]) => c.kind !== "refused");
const classifiers = served.filter(([, c]) => c.kind === "classifier");

async function signature(name: string): Promise<ModelSignature> {
  const r = await inspectModel(fixture(name));
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.signature!;
}

describe("the graph, read with protobufjs and ONNX's own onnx-ml.proto", () => {
  it("onnx-proto.ts is the descriptor of onnx-ml.proto as gen-onnx-proto.ts writes it", () => {
    const text = readFileSync(path.join(FIXTURES, "..", "..", "..", "src", "inspect", "onnx-ml.proto"), "utf8");
    const parsed = protobuf.parse(text, { keepCase: true }).root.toJSON({ keepComments: false });
    expect(JSON.parse(JSON.stringify(ONNX_PROTO))).toEqual(JSON.parse(JSON.stringify(parsed)));
  });

  it("a skl2onnx classifier: header, opsets, value types, nodes and attributes", async () => {
    const g = describeModel(decodeModel(readFileSync(fixture("lr_binary"))));
    expect(g).toMatchObject({ irVersion: 7, producerName: "skl2onnx", producerVersion: "1.16.0", graphName: "lr_binary" });
    expect(g.opsets).toEqual([
      { domain: "ai.onnx.ml", version: 1 },
      { domain: "", version: 13 },
    ]);
    expect(g.inputs.map((v) => `${v.name}: ${typeString(v.type)}`)).toEqual(["float_input: float[?,4]"]);
    expect(g.outputs.map((v) => `${v.name}: ${typeString(v.type)}`)).toEqual(["output_label: int64[?]", "output_probability: seq(map(int64,float))"]);
    expect(g.nodes.map((n) => `${n.domain}:${n.opType}:${n.name}`)).toEqual([
      "ai.onnx.ml:LinearClassifier:LinearClassifier",
      "ai.onnx.ml:Normalizer:Normalizer",
      ":Cast:Cast",
      "ai.onnx.ml:ZipMap:ZipMap",
    ]);
    const linear = g.nodes[0]!;
    expect(linear.inputs).toEqual(["float_input"]);
    expect(linear.outputs).toEqual(["label", "probability_tensor"]);
    expect(linear.attributes).toMatchObject({ classlabels_ints: [0, 1], multi_class: 1, post_transform: "LOGISTIC" });
    expect((linear.attributes.coefficients as number[]).length).toBe(8);
    expect(g.nodes[3]!.attributes).toEqual({ classlabels_int64s: [0, 1] });
    expect(g.nodes[2]!.attributes).toEqual({ to: 7 });
  });

  it("string inputs and labels, one input per column, the map type of a string-keyed ZipMap", async () => {
    const g = describeModel(decodeModel(readFileSync(fixture("churn_columns"))));
    expect(g.inputs.map((v) => `${v.name}: ${typeString(v.type)}`)).toEqual(["age: float[?,1]", "income: float[?,1]", "city: string[?,1]", "plan: string[?,1]"]);
    expect(g.outputs.map((v) => typeString(v.type))).toEqual(["string[?]", "seq(map(string,float))"]);
    const ohe = g.nodes.find((n) => n.opType === "OneHotEncoder" && (n.attributes.cats_strings as string[]).includes("Paris"))!;
    expect(ohe.attributes).toMatchObject({ cats_strings: ["Austin", "Boston", "Paris", "São Paulo", "東京"], zeros: 0 });
    const imputer = g.nodes.find((n) => n.opType === "Imputer")!;
    expect(Number.isNaN(imputer.attributes.replaced_value_float as number)).toBe(true);
  });

  it.each(served)("%s: the operators are the ones onnx wrote", (name, c) => {
    const g = describeModel(decodeModel(readFileSync(fixture(name))));
    expect([...new Set(g.nodes.map((n) => (n.domain ? `${n.domain}:` : "") + n.opType))].sort()).toEqual([...c.ops].sort());
  });

  it("initializers: sizes, and external data with its location, offset and length", async () => {
    const g = describeModel(decodeModel(readFileSync(fixture("external_data"))));
    expect(g.initializers).toEqual([{ name: "W", elem: "float", dims: [4, 300], bytes: 4800, external: { location: "external_data.onnx.data", offset: 0, length: 4800 } }]);
    expect(g.externalData).toEqual(["external_data.onnx.data"]);
    const inline = describeModel(decodeModel(readFileSync(fixture("column_subsets"))));
    expect(inline.initializers.length).toBeGreaterThan(0);
    for (const i of inline.initializers) expect(i.bytes).toBe(i.dims.reduce((a, b) => a * b, 1) * 8);
  });
});

describe("the served model", () => {
  it("a ZipMap is removed from a copy: its input is served in its place, the original file is untouched", async () => {
    const before = createHash("sha256").update(readFileSync(fixture("lr_multi_str"))).digest("hex");
    const r = await inspectModel(fixture("lr_multi_str"));
    const sig = r.signature!;
    expect(sig.rewrite).toEqual({
      sourceSha256: before,
      changes: ["removed ZipMap node `ZipMap`: output `output_probability` (seq(map(string,float))) is served as `probabilities` (float[?,3]), one column per class"],
      zipMaps: [{ output: 1, classes: ["setosa", "versicolor", "virginica"] }],
    });
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: "info", code: "INSPECT_ZIPMAP_REMOVED" })]);
    expect(sig.outputs).toEqual([
      { name: "output_label", dtype: "string", shape: [null] },
      { name: "probabilities", dtype: "float32", shape: [null, 3] },
    ]);
    expect(sig.classifier).toEqual({ label: 0, probabilities: 1, classes: ["setosa", "versicolor", "virginica"], from: "ZipMap" });
    const [model] = await servedModelFiles(sig);
    expect(createHash("sha256").update(model!.contents).digest("hex")).toBe(sig.sha256);
    expect(sig.bytes).toBe(model!.contents.byteLength);
    const g = describeModel(decodeModel(model!.contents));
    expect(g.nodes.map((n) => n.opType)).toEqual(["LinearClassifier", "Normalizer"]);
    expect(g.outputs.map((o) => `${o.name}: ${typeString(o.type)}`)).toEqual(["output_label: string[?]", "probabilities: float[?,3]"]);
    expect(createHash("sha256").update(readFileSync(fixture("lr_multi_str"))).digest("hex")).toBe(before);
  });

  it("re-encoding a decoded model changes nothing", () => {
    for (const [name] of served) {
      const bytes = readFileSync(fixture(name));
      expect(Buffer.from(encodeModel(decodeModel(bytes))).equals(bytes), name).toBe(true);
    }
  });

  it("a model with no ZipMap is served as it is", async () => {
    const sig = await signature("forest_str_nozipmap");
    expect(sig.rewrite).toBeNull();
    expect(sig.sha256).toBe(createHash("sha256").update(readFileSync(fixture("forest_str_nozipmap"))).digest("hex"));
    expect(sig.classifier).toEqual({ label: 0, probabilities: 1, classes: ["setosa", "versicolor", "virginica"], from: "TreeEnsembleClassifier" });
  });

  it.each(classifiers)("%s: the classes are scikit-learn's classes_, in column order", async (name, c) => {
    const sig = await signature(name);
    expect(sig.classifier?.classes).toEqual(c.expected!.classes);
  });

  it("zipmap='columns' (one tensor per class) and regressors are not classifiers: their outputs are served by name", async () => {
    expect((await signature("lr_columns")).classifier).toBeNull();
    expect((await signature("lr_columns")).outputs.map((o) => o.name)).toEqual(["output_label", "i0", "i1", "i2"]);
    expect((await signature("linear_pipeline")).classifier).toBeNull();
  });

  it("inputs: warm-up values from the encoders they feed, NaN as missing where an Imputer replaces it", async () => {
    const sig = await signature("churn_columns");
    expect(sig.inputs).toEqual([
      { name: "age", dtype: "float32", shape: [null, 1], nullable: true },
      { name: "income", dtype: "float32", shape: [null, 1], nullable: true },
      { name: "city", dtype: "string", shape: [null, 1], warmup: "Austin" },
      { name: "plan", dtype: "string", shape: [null, 1], warmup: "" },
    ]);
  });

  it.each(served)("%s: onnxruntime-node running the served model gives scikit-learn's answers", async (name, c) => {
    const sig = await signature(name);
    const out = await runServed(sig, c);
    const n = rowCount(c);
    if (sig.classifier) {
      const labels = out[sig.outputs[sig.classifier.label]!.name]!.data;
      expect(labels).toEqual(c.expected!.labels);
      const probs = out[sig.outputs[sig.classifier.probabilities]!.name]!;
      expect(probs.dims).toEqual([n, c.expected!.classes!.length]);
      c.expected!.probabilities!.flat().forEach((p, i) => expect(Math.abs((probs.data[i] as number) - p)).toBeLessThan(1e-5));
    } else if (c.kind === "raw") {
      // zipmap='columns': the label and one probability column per class
      expect(out.output_label!.data).toEqual(c.expected!.labels);
      c.expected!.classes!.forEach((k, j) => c.expected!.probabilities!.forEach((row, i) => expect(Math.abs((out[`i${k}`]!.data[i] as number) - row[j]!)).toBeLessThan(1e-5)));
    } else {
      const pred = out[sig.outputs[0]!.name]!;
      expect(pred.dims[0]).toBe(n);
      c.expected!.predictions!.flat().forEach((p, i) => expect(Math.abs((pred.data[i] as number) - p)).toBeLessThan(2e-5 + 1e-5 * Math.abs(p)));
    }
  });

  it("external data: the data file is found, hashed and shipped with the model", async () => {
    const sig = await signature("external_data");
    const data = readFileSync(path.join(FIXTURES, "external_data.onnx.data"));
    expect(sig.dataFiles).toEqual([
      { location: "external_data.onnx.data", path: path.join(FIXTURES, "external_data.onnx.data"), sha256: createHash("sha256").update(data).digest("hex"), bytes: 4800 },
    ]);
    const files = await servedModelFiles(sig);
    expect(files.map((f) => f.name)).toEqual(["external_data.onnx", "external_data.onnx.data"]);
    expect(Buffer.from(files[1]!.contents).equals(data)).toBe(true);
  });
});

describe("refusals", () => {
  const codes = async (file: string) => (await inspectModel(file)).diagnostics.filter((d) => d.severity === "error");

  it("a custom domain's operator, naming the operator, the domain and the node", async () => {
    expect(await codes(fixture("custom_domain"))).toEqual([
      expect.objectContaining({ code: "INSPECT_UNSUPPORTED_OPERATOR", message: expect.stringMatching(/`Frobnicate` \(domain com\.example\) in node `frob`.*custom operator/) }),
    ]);
  });

  it("a training operator", async () => {
    expect(await codes(fixture("training_op"))).toEqual([
      expect.objectContaining({ code: "INSPECT_UNSUPPORTED_OPERATOR", message: expect.stringMatching(/`Gradient` \(domain ai\.onnx\.preview\.training\).*training operator/) }),
    ]);
  });

  it("ai.onnx.ml at an opset onnxruntime-node does not support, naming its operators (from the session's error)", async () => {
    expect(await codes(fixture("ml_opset_too_new"))).toEqual([
      expect.objectContaining({ code: "INSPECT_UNSUPPORTED_OPSET", message: expect.stringMatching(/domain ai\.onnx\.ml at opset 99; onnxruntime-node supports it up to opset \d+ \(used by `Normalizer`\)/) }),
    ]);
  });

  it("an ai.onnx.ml operator that does not exist (from the session's error, mapped to the node)", async () => {
    expect(await codes(fixture("unknown_ml_op"))).toEqual([
      expect.objectContaining({ code: "INSPECT_UNSUPPORTED_OPERATOR", message: expect.stringMatching(/`TreeEnsembleMagic`.*ai\.onnx\.ml.*`magic`/) }),
    ]);
  });

  it("a sequence output that no ZipMap made, naming the output, its type and the node", async () => {
    expect(await codes(fixture("sequence_output"))).toEqual([
      expect.objectContaining({ code: "INSPECT_NON_TENSOR", message: expect.stringMatching(/output `y` is seq\(float\[\?,4\]\) \(made by operator `SequenceConstruct` .* node `pack`\)/) }),
    ]);
  });

  it("a map input (DictVectorizer's), and a float16 input", async () => {
    expect(await codes(fixture("map_input"))).toEqual([
      expect.objectContaining({ code: "INSPECT_NON_TENSOR", message: expect.stringContaining("input `x` is map(int64,float[])") }),
    ]);
    expect(await codes(fixture("half_input"))).toEqual([
      expect.objectContaining({ code: "INSPECT_UNSUPPORTED_TYPE", message: expect.stringContaining("input `x` is float16[?,4]") }),
    ]);
  });

  it("external data that is missing, outside the model's folder, or too short", async () => {
    const dir = tempDir("nb2svc-ext-");
    copyFileSync(fixture("external_data"), path.join(dir, "m.onnx"));
    expect(await codes(path.join(dir, "m.onnx"))).toEqual([expect.objectContaining({ code: "INSPECT_EXTERNAL_DATA_MISSING", message: expect.stringContaining("external_data.onnx.data") })]);

    const model = decodeModel(readFileSync(fixture("external_data")));
    const init = ((model.graph as Message).initializer as Message[])[0]!;
    const entry = (init.external_data as Message[]).find((e) => e.key === "location")!;
    entry.value = "../../etc/passwd";
    writeFileSync(path.join(dir, "escape.onnx"), encodeModel(model));
    expect(await codes(path.join(dir, "escape.onnx"))).toEqual([expect.objectContaining({ code: "INSPECT_EXTERNAL_DATA_PATH", message: expect.stringContaining("../../etc/passwd") })]);

    writeFileSync(path.join(dir, "external_data.onnx.data"), readFileSync(path.join(FIXTURES, "external_data.onnx.data")).subarray(0, 1000));
    copyFileSync(fixture("external_data"), path.join(dir, "short.onnx"));
    expect(await codes(path.join(dir, "short.onnx"))).toEqual([expect.objectContaining({ code: "INSPECT_EXTERNAL_DATA_TRUNCATED", message: expect.stringContaining("`W`") })]);
  });

  it("a model that loads but fails on the service's warm-up input (it would never become ready)", async () => {
    expect(await codes(fixture("warmup_fails"))).toEqual([
      expect.objectContaining({ code: "INSPECT_WARMUP_FAILED", message: expect.stringMatching(/warm-up input \(x = 0\): .*(Reshape|reshape|shape)/) }),
    ]);
  });

  it("a file that is not an ONNX model, and no file", async () => {
    const dir = tempDir("nb2svc-bad-");
    writeFileSync(path.join(dir, "junk.onnx"), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect(await codes(path.join(dir, "junk.onnx"))).toEqual([expect.objectContaining({ code: "INSPECT_MODEL_INVALID" })]);
    expect(await codes(path.join(dir, "none.onnx"))).toEqual([expect.objectContaining({ code: "INSPECT_MODEL_MISSING" })]);
  });

  it("onnxruntime's other load errors are named by node where the message allows", () => {
    const g = describeModel(decodeModel(readFileSync(fixture("tree_int"))));
    expect(sessionError("m.onnx", "Could not find an implementation for TreeEnsembleClassifier(1) node with name 'TreeEnsembleClassifier'", g)).toMatchObject({
      code: "INSPECT_UNSUPPORTED_OPERATOR",
      message: expect.stringContaining("`TreeEnsembleClassifier` (domain ai.onnx.ml) in node `TreeEnsembleClassifier`"),
    });
    expect(sessionError("m.onnx", "Load model from m.onnx failed:Unsupported model IR version: 12, max supported IR version: 10", g)).toMatchObject({
      code: "INSPECT_UNSUPPORTED_OPSET",
      message: "the model has ONNX IR version 12; onnxruntime-node reads up to IR version 10",
    });
    expect(sessionError("m.onnx", "Load model from m.onnx failed:something else\nmore", g)).toMatchObject({ code: "INSPECT_MODEL_INVALID", message: "onnxruntime cannot load m.onnx: something else" });
  });
});
