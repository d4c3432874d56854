import { describe, expect, it } from "vitest";
import type { Analysis } from "../../src/analyze/types.ts";
import type { Dim, ModelSignature, ValueType } from "../../src/inspect/types.ts";
import { plan, serviceName, tensorSchema } from "../../src/plan/plan.ts";
import { schemaForAnnotation, schemaForResponses, schemaForValues } from "../../src/plan/schema.ts";

const signature: ModelSignature = {
  path: "/nb/m.onnx",
  sha256: "0".repeat(64),
  bytes: 10,
  opset: 17,
  producer: "pytorch",
  inputs: [{ name: "x", dtype: "float32", shape: ["batch", 4] }],
  outputs: [{ name: "y", dtype: "float32", shape: ["batch", 3] }],
};

function analysis(over: Partial<Analysis> = {}): Analysis {
  return {
    notebook: "/nb/My Model.ipynb",
    cellRoles: [],
    imports: { np: "numpy" },
    models: [],
    modelPath: "/nb/m.onnx",
    functions: [
      { name: "pre", cell: 1, line: 1, column: 1, params: [{ name: "values", kind: "positional", annotation: "list[float]" }, { name: "scale", kind: "positional", default: "1.0" }], source: "", lineOffset: 0, calls: [], globals: [], modules: {} },
      { name: "post", cell: 2, line: 1, column: 1, params: [{ name: "y", kind: "positional" }], source: "", lineOffset: 0, calls: [], globals: [], modules: {} },
    ],
    inference: [{ at: { cell: 3, line: 1, column: 1 }, source: "net(pre(v))", via: "model-call", preprocess: "pre", postprocess: "post", input: { kind: "single" }, output: { kind: "output", index: 0 } }],
    inferencePath: { kind: "functions", cells: [1, 2] },
    preprocess: "pre",
    postprocess: "post",
    entries: ["pre", "post"],
    helpers: [],
    constants: [],
    goldens: [{ cell: 3, call: "pre(values=[1, 2, 3, 4])", input: { values: [1, 2, 3, 4] }, expected: { label: "a" }, outputText: "{'label': 'a'}" }],
    diagnostics: [],
    ...over,
  };
}

describe("plan", () => {
  it("derives request fields from the preprocessing signature, goldens as cases, batching from the model", () => {
    const p = plan(analysis(), signature, { toolVersion: "1.2.3" });
    expect(p.name).toBe("my-model");
    expect(p.request.fields).toEqual([
      // one example of 4 numbers, a model row of 4: the schema pins the length
      { name: "values", schema: { type: "array", items: { type: "number" }, minItems: 4, maxItems: 4 }, required: true },
      { name: "scale", schema: { type: "number" }, required: false, default: 1 },
    ]);
    // the name numbers cells from 1, as diagnostics do (cell index 3 is the 4th cell)
    expect(p.goldens).toEqual([{ name: "cell-4", cell: 3, call: "pre(values=[1, 2, 3, 4])", request: { values: [1, 2, 3, 4] }, expected: { label: "a" }, source: "notebook" }]);
    expect(p.model).toMatchObject({ fileName: "m.onnx", batchable: true });
    expect(p.options.batching.enabled).toBe(true);
    expect(p.pipeline).toEqual({ preprocess: "pre", postprocess: "post", input: { kind: "single" }, output: { kind: "output", index: 0 } });
    expect(p.diagnostics).toEqual([]);
  });

  it("makes a parameter with a None default an optional field that may be null, typed by the examples", () => {
    const fns = analysis().functions.map((f) => (f.name === "pre" ? { ...f, params: [{ name: "values", kind: "positional" as const }, { name: "region", kind: "positional" as const, default: "None" }] } : f));
    const goldens = [
      { cell: 3, call: "pre(...)", input: { values: [1, 2, 3, 4], region: null }, expected: "a", outputText: "'a'" },
      { cell: 4, call: "pre(...)", input: { values: [1, 2, 3, 4], region: "east" }, expected: "b", outputText: "'b'" },
    ];
    const p = plan(analysis({ functions: fns, goldens }), signature, { toolVersion: "1" });
    expect(p.request.fields[1]).toEqual({ name: "region", schema: { anyOf: [{ type: "string" }, { type: "null" }] }, required: false, default: null });
  });

  it("turns batching off for a fixed first axis, and says so when it was asked for", () => {
    const fixed = { ...signature, inputs: [{ name: "x", dtype: "float32" as const, shape: [1, 4] }] };
    expect(plan(analysis(), fixed, { toolVersion: "1" }).options.batching.enabled).toBe(false);
    const asked = plan(analysis(), fixed, { toolVersion: "1", batching: { enabled: true } });
    expect(asked.options.batching.enabled).toBe(false);
    expect(asked.diagnostics).toMatchObject([{ code: "PLAN_NOT_BATCHABLE" }]);
  });

  it("turns batching off when the inputs' first axes are named apart (an EmbeddingBag's tokens and offsets)", () => {
    const bag = {
      ...signature,
      inputs: [
        { name: "text", dtype: "int64" as const, shape: ["n_tokens"] },
        { name: "offsets", dtype: "int64" as const, shape: ["batch"] },
      ],
    };
    expect(plan(analysis(), bag, { toolVersion: "1" }).options.batching.enabled).toBe(false);
    const asked = plan(analysis(), bag, { toolVersion: "1", batching: { enabled: true } });
    expect(asked.diagnostics.filter((d) => d.code === "PLAN_NOT_BATCHABLE")).toMatchObject([{ message: expect.stringContaining("different first axes (n_tokens, batch)") }]);
    // one name for both is one batch
    const same = { ...bag, inputs: bag.inputs.map((t) => ({ ...t, shape: ["batch"] })) };
    expect(plan(analysis(), same, { toolVersion: "1" }).options.batching.enabled).toBe(true);
  });

  it("takes raw tensors keyed by input name without preprocessing", () => {
    const p = plan(analysis({ preprocess: null, postprocess: null, inference: [], goldens: [] }), signature, { toolVersion: "1" });
    expect(p.request.fields).toEqual([{ name: "x", required: true, schema: { type: "array", minItems: 1, items: { type: "array", minItems: 4, maxItems: 4, items: { type: "number" } } } }]);
  });

  it("finds an output the notebook named after a ZipMap the served copy replaced by its probabilities", () => {
    const tensor = (elem: string, shape: Dim[]): ValueType => ({ kind: "tensor", elem, shape });
    const served: ModelSignature = {
      ...signature,
      outputs: [{ name: "output_label", dtype: "string", shape: ["N"] }, { name: "probabilities", dtype: "float32", shape: ["N", 2] }],
      rewrite: { sourceSha256: "1".repeat(64), changes: [], zipMaps: [{ output: 1, classes: ["ham", "spam"] }] },
      graph: {
        irVersion: 8, producerName: "skl2onnx", producerVersion: "1.16.0", graphName: "g", opsets: [], nodes: [], initializers: [], externalData: [], functions: [],
        inputs: [{ name: "x", type: tensor("float", [null, 4]) }],
        outputs: [{ name: "output_label", type: tensor("string", [null]) }, { name: "output_probability", type: { kind: "sequence", elem: { kind: "map", key: "string", value: tensor("float", []) } } }],
      },
    };
    const named = (names: string[]) => analysis({
      inference: [{ at: { cell: 3, line: 1, column: 1 }, source: "sess.run(...)", via: "session-run", preprocess: "pre", postprocess: "post", input: { kind: "single" }, output: { kind: "outputs", outputs: names.map((name) => ({ index: 0, name })) } }],
    });
    const p = plan(named(["output_label", "output_probability"]), served, { toolVersion: "1" });
    expect(p.diagnostics).toEqual([]);
    expect(p.pipeline.output).toEqual({ kind: "outputs", outputs: [{ index: 0 }, { index: 1 }] });
    expect(plan(named(["output_probabilities"]), served, { toolVersion: "1" }).diagnostics).toMatchObject([{ severity: "error", code: "PLAN_OUTPUT_NAME" }]);
  });

  it("refuses a single preprocessing result for a model with two inputs", () => {
    const two = { ...signature, inputs: [...signature.inputs, { name: "mask", dtype: "bool" as const, shape: ["batch", 4] }] };
    expect(plan(analysis(), two, { toolVersion: "1" }).diagnostics).toMatchObject([{ severity: "error", code: "PLAN_INPUT_COUNT" }]);
  });
});

describe("schemas", () => {
  it("reads Python annotations", () => {
    expect(schemaForAnnotation("list[list[int]]")).toEqual({ type: "array", items: { type: "array", items: { type: "integer" } } });
    expect(schemaForAnnotation("Optional[str]")).toEqual({ anyOf: [{ type: "string" }, { type: "null" }] });
    expect(schemaForAnnotation("str | None")).toEqual({ anyOf: [{ type: "string" }, { type: "null" }] });
    expect(schemaForAnnotation("tuple[float, float]")).toEqual({ type: "array", prefixItems: [{ type: "number" }, { type: "number" }], minItems: 2, maxItems: 2 });
    expect(schemaForAnnotation("typing.Dict[str, float]")).toEqual({ type: "object", additionalProperties: { type: "number" } });
    expect(schemaForAnnotation("np.ndarray")).toBeNull();
  });
  it("generalises from example values without over-constraining", () => {
    expect(schemaForValues([[[0, 1], [2, 3]], [[4.5, 5]]])).toEqual({ type: "array", items: { type: "array", items: { type: "number" } } });
    expect(schemaForValues(["a", "b"])).toEqual({ type: "string" });
    expect(schemaForValues(["a", 1])).toEqual({});
  });
  it("describes responses with the keys every example has", () => {
    expect(schemaForResponses([{ label: "a", score: 0.5, extra: [1] }, { label: "b", score: 1 }])).toEqual({
      type: "object",
      properties: { label: { type: "string" }, score: { type: "number" }, extra: { type: "array", items: { type: "number" } } },
      required: ["label", "score"],
    });
    expect(schemaForResponses([[{ d: 1 }], [{ d: 2 }]])).toEqual({ type: "array", items: { type: "object", properties: { d: { type: "number" } }, required: ["d"] } });
    expect(plan(analysis(), signature, { toolVersion: "1" }).response.schema).toEqual({ type: "object", properties: { label: { type: "string" } }, required: ["label"] });
  });
  it("describes tensors with their fixed dimensions", () => {
    expect(tensorSchema({ name: "t", dtype: "int64", shape: [null, 2] })).toEqual({ type: "array", minItems: 1, items: { type: "array", minItems: 2, maxItems: 2, items: { type: "integer" } } });
  });
  it("makes names every registry accepts", () => {
    expect(serviceName("My Model_v2 (final)")).toBe("my-model-v2-final");
    expect(serviceName("123")).toBe("model");
    expect(serviceName("ÉtéModel")).toBe("ete-model");
  });
});

describe("an entry function the notebook gave a list of records", () => {
  it("passes each record of a request as a one-record list, and answers with its one item", async () => {
    const { pipelineModule } = await import("../../src/generate/pipeline-module.ts");
    const fn = { name: "preprocess", cell: 1, line: 1, column: 1, params: [{ name: "passengers", kind: "positional" as const }], source: "", lineOffset: 0, calls: [], globals: [], modules: {} };
    const rows = [{ Pclass: 3, Sex: "male" }, { Pclass: 1, Sex: "female" }];
    const a = analysis({ functions: [fn], preprocess: "preprocess", postprocess: null, entries: ["preprocess"], inference: [], goldens: [{ cell: 4, call: "preprocess(...)", input: { passengers: rows }, expected: [0.1, 0.9], outputText: "" }] });
    const p = plan(a, signature, { toolVersion: "1" });
    expect(p.request.style).toBe("record");
    expect(p.pipeline).toMatchObject({ recordList: true, unwrapRow: true });
    expect(pipelineModule(p, { functions: [{ name: "preprocess", params: [{ name: "passengers" }] }] } as never)).toContain('notebook["preprocess"]([body])');
    // one record as the example: the function takes that record
    const one = plan(analysis({ ...a, goldens: [{ ...a.goldens[0]!, input: { passengers: rows[0]! }, expected: 0.1 }] }), signature, { toolVersion: "1" });
    expect(one.pipeline.recordList).toBeUndefined();
  });
});

describe("a postprocessing that reads request fields", () => {
  it("passes it the request's own values after the outputs (a recommender leaving out what the user rated)", async () => {
    const { pipelineModule } = await import("../../src/generate/pipeline-module.ts");
    const a = analysis({ inference: [{ ...analysis().inference[0]!, requestFields: ["values"] }] });
    const p = plan(a, signature, { toolVersion: "1" });
    expect(p.pipeline.postprocessFields).toEqual(["values"]);
    const text = pipelineModule(p, { functions: [{ name: "pre", params: [{ name: "values" }, { name: "scale" }] }, { name: "post", params: [{ name: "y" }, { name: "values" }] }] } as never);
    expect(text).toContain('notebook["post"](outputs[0], body["values"]!)');
    expect(text).toMatch(/export function postprocess\(outputs: readonly NDArray\[\], body\?: PredictRequest/);
    // none read: the body stays unused
    expect(pipelineModule(plan(analysis(), signature, { toolVersion: "1" }), { functions: [] } as never)).toContain("_body?: PredictRequest");
  });
});
