// Open Inference Protocol v2: metadata with OIP datatypes and -1 for symbolic dimensions, health, and inference on raw
// tensors (nested or flat data, outputs selection, id echoed, several rows in one request). The tensors come from the
// notebook's own preprocessing of its examples, and the answers go through its postprocessing, so the raw path is
// checked against the notebook's displayed answers too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postprocess, preprocess, type PredictRequest } from "../src/generated/pipeline.ts";
import { NDArray, allocate } from "@nb2svc/runtime/ndarray";
import { SERVICE } from "../src/generated/service.ts";
import { differences, goldens, startService, toleranceOf, type Running } from "./helpers.ts";

/** OIP's names for onnxruntime's types, written out here independently of the service's own table. */
const DATATYPES: Record<string, string> = {
  float32: "FP32",
  float64: "FP64",
  int64: "INT64",
  int32: "INT32",
  int16: "INT16",
  int8: "INT8",
  uint8: "UINT8",
  uint16: "UINT16",
  uint32: "UINT32",
  bool: "BOOL",
  // onnxruntime's string tensors (numpy's str arrays in the runtime)
  string: "BYTES",
  str: "BYTES",
};

interface OipTensor {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
}

const infer = `/v2/models/${SERVICE.name}/infer`;

/** An NDArray as an OIP tensor, data flat (row-major) or nested. */
function tensor(name: string, a: NDArray, nested = false): OipTensor {
  const flat = Array.from(a.values(), (v) => (a.dtype === "bool" ? v !== 0 : v));
  return { name, shape: [...a.shape], datatype: DATATYPES[a.dtype]!, data: nested ? (a.tolist() as unknown[]) : flat };
}

/** The notebook's preprocessing of each example (its image files as bytes, as the service hands them), as OIP inputs. */
const examples = goldens.map((g) => ({ golden: g, feeds: preprocess({ ...g.request, ...g.files } as unknown as PredictRequest) }));
const inputsOf = (i: number, nested = false) => SERVICE.model.inputs.map((s) => tensor(s.name, examples[i]!.feeds[s.name]!, nested));

/** OIP outputs back to arrays in model output order, for the notebook's postprocessing. */
function arrays(outputs: OipTensor[]): NDArray[] {
  return SERVICE.model.outputs.map((spec) => {
    const o = outputs.find((x) => x.name === spec.name)!;
    const dtype = spec.dtype === "string" ? "str" : spec.dtype;
    const data = allocate(dtype, o.data.length);
    o.data.forEach((v, i) => (data[i] = typeof v === "boolean" ? (v ? 1 : 0) : (v as number)));
    return new NDArray(data, o.shape, dtype);
  });
}

let svc: Running;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc?.close();
});

describe("Open Inference Protocol v2", () => {
  it("server metadata, liveness and readiness", async () => {
    expect((await svc.get("/v2")).body).toEqual({ name: SERVICE.name, version: SERVICE.version, extensions: [] });
    expect(await svc.get("/v2/health/live")).toMatchObject({ status: 200, body: { live: true } });
    expect(await svc.get("/v2/health/ready")).toMatchObject({ status: 200, body: { ready: true } });
    expect(await svc.get(`/v2/models/${SERVICE.name}/ready`)).toMatchObject({ status: 200, body: { name: SERVICE.name, ready: true } });
  });

  it("model metadata: platform, OIP datatypes, -1 for symbolic dimensions", async () => {
    const res = await svc.get(`/v2/models/${SERVICE.name}`);
    expect(res.status).toBe(200);
    const spec = (t: (typeof SERVICE.model.inputs)[number]) => ({
      name: t.name,
      datatype: DATATYPES[t.dtype],
      shape: t.shape.map((d) => (typeof d === "number" ? d : -1)),
    });
    expect(res.body).toEqual({ name: SERVICE.name, platform: "onnx_onnxv1", inputs: SERVICE.model.inputs.map(spec), outputs: SERVICE.model.outputs.map(spec) });
  });

  it("an unknown model is a 404 with an error body", async () => {
    for (const route of ["/v2/models/not-this-one", "/v2/models/not-this-one/ready"]) {
      expect(await svc.get(route)).toMatchObject({ status: 404, body: { error: expect.stringContaining("not-this-one") } });
    }
    const res = await svc.post("/v2/models/not-this-one/infer", { inputs: inputsOf(0) });
    expect(res).toMatchObject({ status: 404, body: { error: expect.any(String) } });
  });

  it("infers on the notebook's preprocessed examples; postprocessing the outputs gives the notebook's answers", async () => {
    for (let i = 0; i < examples.length; i++) {
      const res = await svc.post(infer, { id: `example-${i}`, inputs: inputsOf(i) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const body = res.body as { model_name: string; id: string; outputs: OipTensor[] };
      expect(body.model_name).toBe(SERVICE.name);
      expect(body.id).toBe(`example-${i}`);
      expect(body.outputs.map((o) => o.name)).toEqual(SERVICE.model.outputs.map((o) => o.name));
      for (const o of body.outputs) {
        const spec = SERVICE.model.outputs.find((s) => s.name === o.name)!;
        expect(o.datatype).toBe(DATATYPES[spec.dtype]);
        expect(o.data.length).toBe(o.shape.reduce((a, b) => a * b, 1));
      }
      expect(differences(postprocess(arrays(body.outputs), undefined, examples[i]!.feeds), examples[i]!.golden.expected, toleranceOf(examples[i]!.golden))).toEqual([]);
    }
  });

  it("nested data is read row-major like flat data; no id, no id in the answer", async () => {
    const flat = await svc.post(infer, { inputs: inputsOf(0) });
    const nested = await svc.post(infer, { inputs: inputsOf(0, true) });
    expect(nested.status).toBe(200);
    expect(nested.body).toEqual(flat.body);
    expect(flat.body).not.toHaveProperty("id");
  });

  it("answers only the outputs asked for", async () => {
    const last = SERVICE.model.outputs[SERVICE.model.outputs.length - 1]!.name;
    const res = await svc.post(infer, { inputs: inputsOf(0), outputs: [{ name: last }] });
    expect((res.body as { outputs: OipTensor[] }).outputs.map((o) => o.name)).toEqual([last]);
    const bad = await svc.post(infer, { inputs: inputsOf(0), outputs: [{ name: "no_such_output" }] });
    expect(bad).toMatchObject({ status: 400, body: { error: expect.stringContaining("no_such_output") } });
  });

  it.runIf(SERVICE.model.batchable)("takes several rows in one request and answers each row as if alone", async () => {
    const stacked = SERVICE.model.inputs.map((spec) => {
      const parts = examples.map((e) => tensor(spec.name, e.feeds[spec.name]!));
      const rows = parts.reduce((n, p) => n + p.shape[0]!, 0);
      return { ...parts[0]!, shape: [rows, ...parts[0]!.shape.slice(1)], data: parts.flatMap((p) => p.data) };
    });
    const res = await svc.post(infer, { inputs: stacked });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const outputs = arrays((res.body as { outputs: OipTensor[] }).outputs);
    let start = 0;
    for (const e of examples) {
      const rows = e.feeds[SERVICE.model.inputs[0]!.name]!.shape[0]!;
      const mine = outputs.map((o) => new NDArray(o.data, [rows, ...o.shape.slice(1)], o.dtype, o.strides, start * o.strides[0]!));
      expect(differences(postprocess(mine, undefined, e.feeds), e.golden.expected, toleranceOf(e.golden))).toEqual([]);
      start += rows;
    }
  });

  describe("tensors that do not fit the model: 400 naming the input", () => {
    const first = SERVICE.model.inputs[0]!;
    const good = () => inputsOf(0);
    const cases: [string, () => unknown][] = [
      ["an unknown input", () => [...good(), { ...good()[0]!, name: "no_such_input" }]],
      ["a missing input", () => good().slice(1)],
      ["an input given twice", () => [...good(), good()[0]!]],
      ["the wrong datatype", () => [{ ...good()[0]!, datatype: first.dtype === "float64" ? "FP32" : "FP64" }, ...good().slice(1)]],
      ["the wrong rank", () => [{ ...good()[0]!, shape: [...good()[0]!.shape, 1] }, ...good().slice(1)]],
      ["too few values for the shape", () => [{ ...good()[0]!, data: good()[0]!.data.slice(1) }, ...good().slice(1)]],
      // a value of the other kind: a string among numbers, a number among BYTES strings
      ["a string among numbers", () => [{ ...good()[0]!, data: [first.dtype === "string" ? 7 : "x", ...good()[0]!.data.slice(1)] }, ...good().slice(1)]],
      ["an empty tensor", () => [{ ...good()[0]!, shape: good()[0]!.shape.map((d, i) => (i === 0 ? 0 : d)), data: [] }, ...good().slice(1)]],
    ];
    for (const [what, inputs] of cases) {
      it(what, async () => {
        const res = await svc.post(infer, { inputs: inputs() });
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(Object.keys(res.body as object)).toEqual(["error"]);
        expect((res.body as { error: string }).error).toMatch(/input|shape|values|datatype|value/);
      });
    }
    it("a body without inputs", async () => {
      expect(await svc.post(infer, { id: "1" })).toMatchObject({ status: 400, body: { error: expect.stringContaining("inputs") } });
    });
  });
});
