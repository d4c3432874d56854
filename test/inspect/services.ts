// Services for the fixture models: each is inspected, planned as nb2svc plans a notebook that serves the model with
// no preprocessing or postprocessing (its goldens are scikit-learn's answers for the fixture's first rows),
// generated, written, bundled and started as `npm start` would. Used by services.test.ts.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import type { Analysis, Json } from "../../src/analyze/types.ts";
import { packageRoot } from "../../src/assets.ts";
import { bundle } from "../../src/bundle/bundle.ts";
import { generate } from "../../src/generate/generate.ts";
import { inspectModel, servedModelFiles } from "../../src/inspect/inspect.ts";
import type { ModelSignature } from "../../src/inspect/types.ts";
import { plan as makePlan } from "../../src/plan/plan.ts";
import type { ServicePlan } from "../../src/plan/types.ts";
import { translatePlan } from "../../src/translate/translate.ts";
import { writeProject } from "../../src/write/write.ts";
import { tempDir } from "../helpers/temp.ts";

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

export interface Case {
  readonly kind: "classifier" | "regressor" | "raw" | "refused";
  readonly request?: "records" | "tensors";
  /** Records: a list of {input: value}; tensors: {input: nested list}. */
  readonly rows?: Record<string, Json>[] | Record<string, Json[]>;
  readonly expected?: {
    readonly labels?: (string | number)[];
    readonly probabilities?: number[][];
    readonly classes?: (string | number)[];
    readonly predictions?: (number | number[])[];
    /** KMeans: `transform`, the distance to each centre. */
    readonly scores?: number[][];
  };
  readonly ops: readonly string[];
  readonly note: string;
}

export const CASES = JSON.parse(readFileSync(path.join(FIXTURES, "cases.json"), "utf8")) as Record<string, Case>;

/** Row i of a case as the request nb2svc's /predict takes for it (one record, or one-row tensors). */
export function requestRow(c: Case, i: number): Record<string, Json> {
  if (c.request === "records") return (c.rows as Record<string, Json>[])[i]!;
  return Object.fromEntries(Object.entries(c.rows as Record<string, Json[]>).map(([k, v]) => [k, [v[i]!]]));
}

export function rowCount(c: Case): number {
  if (c.request === "records") return (c.rows as unknown[]).length;
  return Object.values(c.rows as Record<string, unknown[]>)[0]!.length;
}

/** scikit-learn's answer for row i in the service's form: {label, probabilities} for classifiers. */
export function expectedRow(c: Case, sig: ModelSignature, i: number): Json {
  const e = c.expected!;
  if (sig.classifier && e.labels && e.probabilities) {
    const probabilities: Record<string, number> = {};
    sig.classifier.classes.forEach((k, j) => (probabilities[String(k)] = e.probabilities![i]![j]!));
    return { label: e.labels[i]!, probabilities };
  }
  if (c.kind === "raw") {
    // zipmap='columns': the label, then one output per class named i<class>
    return { output_label: e.labels![i]!, ...Object.fromEntries(e.classes!.map((k, j) => [`i${k}`, e.probabilities![i]![j]!])) };
  }
  const p = e.predictions![i]!;
  // KMeans: the cluster (predict) and the distance to each centre (transform), one value and one row per request row
  if (e.scores) return { [sig.outputs[0]!.name]: p, [sig.outputs[1]!.name]: e.scores[i]! };
  return { [sig.outputs[0]!.name]: Array.isArray(p) ? p : [p] };
}

/** The golden answer of a one-row request: one object for a record, a list of one row or whole outputs for tensors. */
function goldenAnswer(c: Case, sig: ModelSignature, i: number): Json {
  const row = expectedRow(c, sig, i);
  if (c.request === "records") return row;
  if (sig.classifier) return [row];
  return Object.fromEntries(Object.entries(row as Record<string, Json>).map(([k, v]) => [k, [v]]));
}

/** The Analysis of a notebook that only loads the model and shows its answers for the case's first rows. */
function analysisFor(name: string, c: Case, sig: ModelSignature, goldenRows: number): Analysis {
  return {
    notebook: path.join(FIXTURES, `${name}.ipynb`),
    cellRoles: [],
    imports: {},
    models: [],
    modelPath: sig.path,
    functions: [],
    inference: [],
    inferencePath: { kind: "raw", cells: [] },
    preprocess: null,
    postprocess: null,
    entries: [],
    helpers: [],
    constants: [],
    goldens: Array.from({ length: Math.min(goldenRows, rowCount(c)) }, (_, i) => ({
      cell: i + 1,
      call: `sess.run(None, row_${i})`,
      input: requestRow(c, i),
      expected: goldenAnswer(c, sig, i),
      outputText: "",
    })),
    diagnostics: [],
  };
}

export interface BuiltService {
  readonly dir: string;
  readonly plan: ServicePlan;
  readonly signature: ModelSignature;
}

/** Inspects, plans, translates, generates, writes and bundles the service of fixture `name`. */
export async function buildService(name: string, goldenRows = 3): Promise<BuiltService> {
  const c = CASES[name]!;
  const inspected = await inspectModel(path.join(FIXTURES, `${name}.onnx`));
  if (!inspected.signature) throw new Error(JSON.stringify(inspected.diagnostics));
  const sig = inspected.signature;
  const plan = makePlan(analysisFor(name, c, sig, goldenRows), sig, { toolVersion: "0.0.0-test", name: name.replace(/_/g, "-") });
  if (plan.diagnostics.some((d) => d.severity === "error")) throw new Error(JSON.stringify(plan.diagnostics));
  const translated = await translatePlan(plan);
  const [model, ...modelData] = await servedModelFiles(sig);
  const project = generate({ plan, notebookModule: translated, model: model!.contents, modelData });
  const dir = path.join(tempDir("nb2svc-onnxml-"), `${name}-svc`);
  await writeProject(dir, project);
  if (!existsSync(path.join(dir, "node_modules"))) symlinkSync(path.join(packageRoot(), "node_modules"), path.join(dir, "node_modules"), "dir");
  const bundled = await bundle(dir);
  if (bundled.diagnostics.some((d) => d.severity === "error")) throw new Error(JSON.stringify(bundled.diagnostics));
  return { dir, plan, signature: sig };
}

export interface Started {
  readonly url: string;
  post(route: string, body: unknown): Promise<{ status: number; body: unknown }>;
  get(route: string): Promise<{ status: number; body: unknown }>;
  stop(): Promise<number | null>;
}

/** Starts dist/server.js as `npm start` does and waits until /readyz answers 200 (or fails with its body). */
export async function startService(dir: string): Promise<Started> {
  const child = spawn(process.execPath, [path.join(dir, "dist", "server.js")], {
    cwd: dir,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  let out = "";
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the service did not start: " + out)), 20_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /"address":"([^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then((code) => reject(new Error(`the service exited (${code}): ${out}`)));
  });
  const call = async (route: string, init: RequestInit) => {
    const res = await fetch(url + route, init);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the text is the body
    }
    return { status: res.status, body };
  };
  const get = (route: string) => call(route, {});
  let ready = await get("/readyz");
  for (let i = 0; i < 200 && ready.status !== 200; i++) {
    if ((ready.body as { status?: string }).status === "failed") break;
    await new Promise((r) => setTimeout(r, 25));
    ready = await get("/readyz");
  }
  if (ready.status !== 200) {
    child.kill("SIGKILL");
    throw new Error(`the service never became ready: ${JSON.stringify(ready.body)}`);
  }
  return {
    url,
    get,
    post: (route, body) => call(route, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Runs the served model directly in onnxruntime-node on the case's rows; outputs by name as plain arrays. */
export async function runServed(sig: ModelSignature, c: Case): Promise<Record<string, { dims: readonly number[]; data: (number | string)[] }>> {
  const [model] = await servedModelFiles(sig);
  const session = await ort.InferenceSession.create(model!.contents, { extra: { session: { model_external_initializers_file_folder_path: FIXTURES } } });
  const feeds: Record<string, ort.Tensor> = {};
  const n = rowCount(c);
  for (const t of sig.inputs) {
    const rows = c.request === "records" ? (c.rows as Record<string, unknown>[]).map((r) => [r[t.name] ?? NaN]) : (c.rows as Record<string, unknown[][]>)[t.name]!;
    const flat = rows.flat();
    const dims = [n, flat.length / n];
    if (t.dtype === "string") feeds[t.name] = new ort.Tensor("string", flat as string[], dims);
    else if (t.dtype === "int64") feeds[t.name] = new ort.Tensor("int64", BigInt64Array.from(flat as number[], (v) => BigInt(v)), dims);
    else if (t.dtype === "float64") feeds[t.name] = new ort.Tensor("float64", Float64Array.from(flat as number[]), dims);
    else feeds[t.name] = new ort.Tensor("float32", Float32Array.from(flat as number[]), dims);
  }
  const out = await session.run(feeds);
  await session.release();
  return Object.fromEntries(
    Object.entries(out).map(([k, t]) => [k, { dims: t.dims, data: Array.from(t.data as ArrayLike<number | bigint | string>, (v) => (typeof v === "bigint" ? Number(v) : v)) }]),
  );
}
