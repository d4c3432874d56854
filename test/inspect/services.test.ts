// A service for every fixture model, generated, bundled and started as `npm start` would, with no notebook code:
// it becomes ready (a string label output and a OneHotEncoder that refuses unknown categories included), and its
// answers over /predict (records or tensors, one row or many, concurrent requests merged by the batcher) and over
// the Open Inference Protocol (BYTES for strings) are onnxruntime-node's own numbers for the served model and
// scikit-learn's answers; every answer fits the response schema the OpenAPI document publishes.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Json } from "../../src/analyze/types.ts";
import { verify } from "../../src/verify/verify.ts";
import { TEMPLATE_PROCESS_TESTS } from "../helpers/examples.ts";
import { buildService, CASES, expectedRow, requestRow, rowCount, runServed, startService, type BuiltService, type Case, type Started } from "./services.ts";

const served = Object.entries(CASES).filter(([, c]) => c.kind !== "refused");

/** The OIP datatypes of the fixtures' tensor types. */
const OIP: Record<string, string> = { string: "BYTES", int64: "INT64", float32: "FP32", float64: "FP64" };

/** |a - e| <= atol + rtol |e| for numbers, equality for the rest, through arrays and objects. */
function close(a: unknown, e: unknown, atol = 2e-5, rtol = 1e-5): boolean {
  if (typeof e === "number") return typeof a === "number" && Math.abs(a - e) <= atol + rtol * Math.abs(e);
  if (Array.isArray(e)) return Array.isArray(a) && a.length === e.length && e.every((x, i) => close(a[i], x, atol, rtol));
  if (e && typeof e === "object") {
    const ao = a as Record<string, unknown>;
    return !!a && typeof a === "object" && Object.keys(e).length === Object.keys(ao).length && Object.entries(e).every(([k, v]) => close(ao[k], v, atol, rtol));
  }
  return a === e;
}

/** Every row of the case in one request. */
function allRows(c: Case): Json {
  if (c.request === "records") return c.rows as Json;
  return c.rows as Json;
}

/** The service's answer to `allRows` as a list of per-row answers (whole outputs are split by row). */
function perRow(c: Case, b: BuiltService, body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const outputs = body as Record<string, unknown[]>;
  return Array.from({ length: rowCount(c) }, (_, i) => Object.fromEntries(b.signature.outputs.map((o) => [o.name, outputs[o.name]![i]])));
}

/** onnxruntime-node's answer for every row, in the service's form. */
async function direct(c: Case, b: BuiltService): Promise<unknown[]> {
  const out = await runServed(b.signature, c);
  const sig = b.signature;
  return Array.from({ length: rowCount(c) }, (_, i) => {
    if (sig.classifier) {
      const k = sig.classifier.classes.length;
      const probs = out[sig.outputs[sig.classifier.probabilities]!.name]!.data;
      return {
        label: out[sig.outputs[sig.classifier.label]!.name]!.data[i],
        probabilities: Object.fromEntries(sig.classifier.classes.map((cls, j) => [String(cls), probs[i * k + j]])),
      };
    }
    return Object.fromEntries(
      sig.outputs.map((o) => {
        const t = out[o.name]!;
        const width = t.data.length / rowCount(c);
        const row = t.data.slice(i * width, (i + 1) * width);
        return [o.name, t.dims.length === 1 ? row[0] : row];
      }),
    );
  });
}

describe.each(served)("%s", (name, c) => {
  let b: BuiltService;
  let svc: Started;
  let validate: (x: unknown) => boolean;
  beforeAll(async () => {
    b = await buildService(name);
    svc = await startService(b.dir);
    const doc = JSON.parse(readFileSync(path.join(b.dir, "openapi.json"), "utf8")) as { components: { schemas: Record<string, object> } };
    const ajv = new Ajv2020({ strict: false });
    validate = ajv.compile(doc.components.schemas.PredictResponse!);
  }, 60_000);
  afterAll(async () => {
    expect(await svc?.stop()).toBe(0);
  });

  it("becomes ready, and answers every row at once as onnxruntime-node does and as scikit-learn did", async () => {
    const res = await svc.post("/predict", allRows(c));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(validate(res.body), JSON.stringify(res.body).slice(0, 300)).toBe(true);
    const rows = perRow(c, b, res.body);
    expect(rows).toEqual(await direct(c, b));
    rows.forEach((r, i) => expect(close(r, expectedRow(c, b.signature, i)), `row ${i}: ${JSON.stringify(r)}`).toBe(true));
  });

  it("answers each row alone as it did in the batch, and concurrent requests (merged into batches) the same", async () => {
    const together = perRow(c, b, (await svc.post("/predict", allRows(c))).body);
    const one = (body: unknown) => (c.request === "records" ? body : perRow({ ...c, rows: Object.fromEntries(Object.keys(c.rows!).map((k) => [k, [0]])) } as Case, b, body)[0]);
    const alone = [];
    for (let i = 0; i < rowCount(c); i++) {
      const res = await svc.post("/predict", requestRow(c, i));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(validate(res.body)).toBe(true);
      // a record gets one object; a one-row tensor request a list of one row (or outputs of one row)
      if (c.request === "records") expect(Array.isArray(res.body)).toBe(false);
      alone.push(one(res.body));
    }
    // onnxruntime's kernels take other paths for one row than for many: float32 sums may round differently
    expect(close(alone, together, 1e-5, 1e-5), JSON.stringify(alone).slice(0, 300)).toBe(true);
    const concurrent = await Promise.all(Array.from({ length: rowCount(c) }, (_, i) => svc.post("/predict", requestRow(c, i))));
    expect(close(concurrent.map((r) => one(r.body)), together, 1e-5, 1e-5)).toBe(true);
    const metrics = (await svc.get("/metrics")).body as string;
    expect(metrics).toMatch(/model_batch_rows_sum \d+/);
  });

  it("answers the Open Inference Protocol with its tensors (BYTES for strings) as onnxruntime-node does", async () => {
    const meta = (await svc.get(`/v2/models/${b.plan.name}`)).body as { inputs: { name: string; datatype: string; shape: number[] }[]; outputs: { name: string; datatype: string }[] };
    const n = rowCount(c);
    const inputs = meta.inputs.map((t) => {
      const spec = b.signature.inputs.find((s) => s.name === t.name)!;
      const rows = c.request === "records" ? (c.rows as Record<string, Json>[]).map((r) => [r[t.name] ?? NaN]) : (c.rows as Record<string, Json[]>)[t.name]!;
      const data = (rows as Json[]).flat(2).map((v) => (v === null ? NaN : v));
      expect(t.datatype).toBe(OIP[spec.dtype]);
      return { name: t.name, datatype: t.datatype, shape: [n, data.length / n], data: data.map((v) => (typeof v === "number" && Number.isNaN(v) ? 0 : v)) };
    });
    // OIP's JSON has no NaN: rows with a missing value are left out of this comparison
    const complete = c.request === "records" ? (c.rows as Record<string, Json>[]).every((r) => Object.values(r).every((v) => v !== null)) : true;
    const res = await svc.post(`/v2/models/${b.plan.name}/infer`, { inputs });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const outputs = (res.body as { outputs: { name: string; datatype: string; shape: number[]; data: unknown[] }[] }).outputs;
    expect(outputs.map((o) => o.name)).toEqual(b.signature.outputs.map((o) => o.name));
    for (const o of outputs) {
      const spec = b.signature.outputs.find((s) => s.name === o.name)!;
      expect(o.datatype).toBe(OIP[spec.dtype]);
      if (spec.dtype === "string") expect(o.data.every((v) => typeof v === "string")).toBe(true);
    }
    if (complete) {
      const ref = await runServed(b.signature, c);
      for (const o of outputs) expect(o.data).toEqual(ref[o.name]!.data);
    }
  });

  it.runIf(c.kind === "classifier")("publishes {label, probabilities} in the OpenAPI document and types it in the client", () => {
    const doc = JSON.parse(readFileSync(path.join(b.dir, "openapi.json"), "utf8")) as { components: { schemas: { PredictResponse: unknown } } };
    const text = JSON.stringify(doc.components.schemas.PredictResponse);
    for (const k of ["label", "probabilities", ...b.signature.classifier!.classes.map(String)]) expect(text).toContain(JSON.stringify(k));
    const client = readFileSync(path.join(b.dir, "src", "generated", "client.ts"), "utf8");
    const type = /export type PredictResponse = ([\s\S]*?)\nexport /.exec(client)![1]!;
    expect(type).toMatch(/readonly label: (string|number)\b/);
    expect(type).toMatch(/readonly probabilities: \{/);
  });
});

describe("a model of per-column inputs (ColumnTransformer), served with its own tests", () => {
  let b: BuiltService;
  let svc: Started;
  beforeAll(async () => {
    b = await buildService("churn_columns");
    svc = await startService(b.dir);
  }, 60_000);
  afterAll(async () => {
    await svc?.stop();
  });

  it("takes null for a column the model imputes, and scikit-learn's answer for it is the service's", async () => {
    const c = CASES.churn_columns!;
    const rows = c.rows as Record<string, Json>[];
    const i = rows.findIndex((r) => r.income === null);
    expect(i).toBeGreaterThanOrEqual(0);
    const res = await svc.post("/predict", rows[i]);
    expect(res.status).toBe(200);
    expect(close(res.body, expectedRow(c, b.signature, i))).toBe(true);
  });

  it("a category the OneHotEncoder was fitted to refuse is a 400 naming onnxruntime's reason; the service goes on", async () => {
    const c = CASES.churn_columns!;
    const row = { ...(c.rows as Record<string, Json>[])[0]!, city: "Atlantis" };
    const res = await svc.post("/predict", row);
    expect(res.status).toBe(400);
    expect((res.body as { error: string }).error).toMatch(/the model refused the input/);
    expect((await svc.post("/predict", (c.rows as Json[])[0])).status).toBe(200);
  });

  it("a list of records with a bad one names the record and the field", async () => {
    const rows = (CASES.churn_columns!.rows as Record<string, Json>[]).slice(0, 2);
    const res = await svc.post("/predict", [rows[0], { ...rows[1], age: "old" }]);
    expect(res).toEqual({ status: 400, body: { error: 'field "age" of record 1 must be number,null' } });
  });

  // the template's process tests (WORKERS, the bundle's drain, readiness) run in the iris example's whole suite
  it("passes the generated service's own test suite (what `nb2svc convert` runs), but the template's process tests", async () => {
    const files = readdirSync(path.join(b.dir, "test")).filter((f) => f.endsWith(".test.ts")).map((f) => `test/${f}`).filter((f) => !TEMPLATE_PROCESS_TESTS.includes(f));
    const report = await verify(b.dir, { files });
    expect(report.tests.filter((t) => t.status !== "passed")).toEqual([]);
    expect(new Set(report.tests.map((t) => t.file))).toEqual(new Set(files));
    expect(report.passed).toBeGreaterThanOrEqual(80);
  }, 300_000);
});
