// Test helpers: a real HTTP server on a free loopback port (in process, or the bundle as a child process), the
// notebook's examples, a model stand-in that can be held or made to fail, the tolerance check for the notebook's
// numbers, and a reader for Prometheus metrics.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { buildApp, type App, type AppOptions } from "../src/app.ts";
import type { Runner } from "../src/batcher.ts";
import type { OpenApiDocument } from "../src/docs.ts";
import type { NDArray } from "@nb2svc/runtime/ndarray";
import { SERVICE, type TensorSpec } from "../src/generated/service.ts";
import { readSettings, type BatchSettings, type Settings } from "../src/settings.ts";
import type { Feeds } from "../src/tensors.ts";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const modelPath = path.join(root, "model", SERVICE.model.file);

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

export interface Golden {
  readonly name: string;
  readonly call: string;
  /** The /predict body as JSON: an image the notebook opened from a file is in base64. */
  readonly request: Record<string, unknown>;
  /** The image files of the example by field (src/generated/fixtures/), to send as a raw body or a multipart form. */
  readonly files: Readonly<Record<string, Buffer<ArrayBuffer>>>;
  readonly expected: unknown;
  /** The notebook showed this answer rounded (`{x:.2f}`): how much more than `tolerance.atol` it may be off. */
  readonly atol?: number;
}

const recorded = JSON.parse(readFileSync(path.join(root, "src", "generated", "goldens.json"), "utf8")) as {
  tolerance: Tolerance;
  goldens: (Omit<Golden, "files"> & { readonly source?: string })[];
};
export const tolerance = recorded.tolerance;

/** A file the notebook's examples opened (`{"$file": "samples/cat.png"}`), as nb2svc copied it into src/generated/fixtures/. */
export function fixture(rel: string): Buffer<ArrayBuffer> {
  return readFileSync(path.join(root, "src", "generated", "fixtures", ...rel.split("/")));
}

/** The examples, with their image files (`{"$file": ...}`) read: in base64 in `request`, as bytes in `files`. */
export const goldens: Golden[] = recorded.goldens.map((g) => {
  const files: Record<string, Buffer<ArrayBuffer>> = {};
  const request: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(g.request)) {
    const file = v !== null && typeof v === "object" && !Array.isArray(v) ? (v as { $file?: unknown }).$file : undefined;
    if (typeof file === "string") {
      const bytes = fixture(file);
      files[k] = bytes;
      request[k] = bytes.toString("base64");
    } else request[k] = v;
  }
  return { ...g, request, files };
});

/** A golden as a multipart/form-data body: its image files as file parts, the other fields as form fields. */
export function formOf(g: Golden): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(g.request)) {
    const file = g.files[k];
    if (file) form.append(k, new Blob([file]), `${k}.bin`);
    else form.append(k, typeof v === "string" ? v : JSON.stringify(v));
  }
  return form;
}

/** The tolerance for one golden: the service's, widened by what the notebook's rounding of it hides. */
export function toleranceOf(g: { readonly atol?: number }): Tolerance {
  return g.atol ? { ...tolerance, atol: tolerance.atol + g.atol } : tolerance;
}

export interface Response {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
  readonly headers: Headers;
}

export interface Running extends App {
  readonly url: string;
  get(route: string): Promise<Response>;
  post(route: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** Settings as the service's defaults, with changes. */
export function settingsWith(changes: Partial<Omit<Settings, "batching">> & { batching?: Partial<BatchSettings> } = {}): Settings {
  const base = readSettings({});
  return { ...base, ...changes, batching: { ...base.batching, ...changes.batching } };
}

async function request(url: string, init: RequestInit): Promise<Response> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text, the test says what it expected
  }
  return { status: res.status, body, text, headers: res.headers };
}

/** The app on 127.0.0.1 with a free port; the model loaded and warmed up unless `load` is false. */
export async function startService(opts: Partial<AppOptions> & { load?: boolean } = {}): Promise<Running> {
  const built = buildApp({ modelPath, ...opts });
  if (opts.load !== false) await built.model.load();
  const address = await built.app.listen({ host: "127.0.0.1", port: 0 });
  return {
    ...built,
    url: address,
    get: (route) => request(address + route, {}),
    post: (route, body, headers = { "content-type": "application/json" }) =>
      request(address + route, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }),
    close: () => built.app.close(),
  };
}

/** A `startService` for one test file: every service it started is closed after each test. */
export function servicePerTest(): typeof startService {
  const started: Running[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
  });
  return async (opts) => {
    const s = await startService(opts);
    started.push(s);
    return s;
  };
}

/** The real model, unless held (runs wait for release) or failing (runs throw, as a fault in the service would). */
export class ControlledRunner implements Runner {
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;
  failing = false;
  runs = 0;

  constructor(private readonly model: Runner) {}

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = null;
  }

  async run(feeds: Feeds): Promise<NDArray[]> {
    this.runs++;
    if (this.gate) await this.gate;
    if (this.failing) throw new Error("simulated fault in the model runtime");
    return this.model.run(feeds);
  }
}

/** Polls until `check` is true (each poll is cheap; the test's own timeout bounds the wait). */
export async function until(check: () => boolean | Promise<boolean>, what: string, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A sample's value in Prometheus text: `name{a="b"} 3`; labels must match exactly when given. */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.keys(labels).length !== Object.keys(have).length) continue;
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/** Differences between `actual` and `expected`: numbers within tolerance, everything else equal. Empty when close. */
export function differences(actual: unknown, expected: unknown, tol: Tolerance, at = "$"): string[] {
  if (typeof expected === "number" && typeof actual === "number") {
    return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected) ? [] : [`${at}: ${actual} is not within tolerance of ${expected}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected a list, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) return [`${at}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((e, i) => differences(actual[i], e, tol, `${at}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
    return [...keys].flatMap((k) =>
      !(k in e) ? [`${at}.${k}: unexpected`] : !(k in a) ? [`${at}.${k}: missing`] : differences(a[k], e[k], tol, `${at}.${k}`),
    );
  }
  return Object.is(actual, expected) ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

export interface Child {
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  /** Every JSON log line so far. */
  readonly logs: Record<string, unknown>[];
  readonly exited: Promise<number | null>;
}

/** dist/server.js (what `npm start` and the container run), or another bundle, as a child process on a free loopback port. */
export async function startBundle(env: Record<string, string> = {}, server = path.join(root, "dist", "server.js")): Promise<Child> {
  const child = spawn(process.execPath, [server], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const logs: Record<string, unknown>[] = [];
  let buf = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line: ${JSON.stringify(logs)} ${stderr}`)), 20_000);
    child.on("exit", (code) => reject(new Error(`exited with ${code} before listening: ${stderr}`)));
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const line = JSON.parse(buf.slice(0, nl)) as Record<string, unknown>;
        buf = buf.slice(nl + 1);
        logs.push(line);
        if (line.msg === "listening" && typeof line.address === "string") {
          clearTimeout(timer);
          resolve(line.address);
        }
      }
    });
  });
  await until(async () => (await fetch(url + "/readyz")).status === 200, "readiness");
  return { url, child, logs, exited };
}

/**
 * A value every element of an input may hold in a synthetic request: the one the service warms up with (a category
 * the model knows, for an encoder that refuses others), else false, "" or 0 by type.
 */
export function fillValue(spec: TensorSpec): number | boolean | string {
  if (spec.warmup !== undefined) return spec.dtype === "string" ? String(spec.warmup) : Number(spec.warmup);
  return spec.dtype === "bool" ? false : spec.dtype === "string" ? "" : 0;
}

/** An OIP request of one row (symbolic dimensions 1) of fill values for every input. */
export function fillInputs(rows = 1): { name: string; datatype: string; shape: number[]; data: (number | boolean | string)[] }[] {
  return SERVICE.model.inputs.map((s) => {
    const shape = s.shape.map((d, i) => (i === 0 && typeof d !== "number" ? rows : typeof d === "number" ? d : 1));
    return { name: s.name, datatype: s.datatype, shape, data: new Array(shape.reduce((a, b) => a * b, 1)).fill(fillValue(s)) };
  });
}

/** The fields of one /predict record: the request schema itself, or its record form when it takes lists too. */
export function recordSchema(schema: unknown): { properties: Record<string, { type?: string | string[]; items?: unknown }>; required: readonly string[] } {
  const s = schema as { anyOf?: unknown[]; properties?: object; required?: string[] };
  const record = (s.anyOf ? s.anyOf[0] : s) as { properties: Record<string, { type?: string | string[] }>; required: string[] };
  return { properties: record.properties, required: record.required };
}

/** The OpenAPI document the routes declare: what GET /openapi.json serves and `npm run build` writes to openapi.json. */
export async function openapiDocument(): Promise<OpenApiDocument> {
  const { app } = buildApp({ modelPath: "" });
  await app.ready();
  const doc = app.swagger() as unknown as OpenApiDocument;
  await app.close();
  return doc;
}
