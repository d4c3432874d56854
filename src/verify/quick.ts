// The default verification of `convert`: the bundle started as it will be deployed (`node dist/server.js`, as one
// process: WORKERS=1, since forking a server per CPU would start three processes on a 2-core machine to check what
// one answers; the cluster is tested by the service's own suite, --verify full), its readiness, the notebook's examples (or model checks) replayed over HTTP and compared, a sample of bad requests
// answered 4xx with the service still answering after them, the Open Inference Protocol's metadata, and a clean
// SIGTERM exit. A few seconds; the service's full suite stays `npm test` in it (`convert --verify full`).
// Every process it starts is stopped before it returns, whatever happens.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import type { Json } from "../analyze/types.ts";
import { packageRoot } from "../assets.ts";
import type { ServicePlan } from "../plan/types.ts";
import { differences } from "./compare.ts";
import { stopProcessTree, trackChild } from "../processes.ts";
import type { TestOutcome, VerifyReport } from "./types.ts";

export interface QuickOptions {
  /** Longest the service may take to become ready, in milliseconds. */
  readonly readyTimeoutMs?: number;
  /** Longest the service may take to exit after SIGTERM, in milliseconds. */
  readonly stopTimeoutMs?: number;
  /** Called after each check, for progress. */
  readonly onTest?: (t: TestOutcome) => void;
}

interface Golden {
  readonly name: string;
  readonly request: Json;
  readonly expected: Json;
  readonly atol?: number;
  readonly source?: string;
}

export async function quickVerify(dir: string, plan: ServicePlan, opts: QuickOptions = {}): Promise<VerifyReport> {
  const started = performance.now();
  const tests: TestOutcome[] = [];
  const record = (name: string, t0: number, failure: string | null) => {
    const t: TestOutcome = { name, file: "dist/server.js", status: failure === null ? "passed" : "failed", durationMs: Math.round(performance.now() - t0), ...(failure !== null ? { message: failure } : {}) };
    tests.push(t);
    opts.onTest?.(t);
    return failure === null;
  };
  const { goldens, tolerance } = JSON.parse(await readFile(path.join(dir, "src", "generated", "goldens.json"), "utf8")) as { goldens: Golden[]; tolerance: { rtol: number; atol: number } };
  // the bundle imports onnxruntime-node (a native addon, not bundled): nb2svc's own copy, linked for the run
  const unlink = await linkRuntime(dir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn(process.execPath, [path.join(dir, "dist", "server.js")], {
    cwd: dir,
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", SHUTDOWN_LINGER_MS: "0", WORKERS: "1", NODE_PATH: "" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const untrack = trackChild(child);
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));
  try {
    // ready: the model loaded, its sha256 checked and warmed up
    let t0 = performance.now();
    const ready = await waitReady(url, () => exitCode, opts.readyTimeoutMs ?? 30_000);
    if (!record("becomes ready (GET /readyz)", t0, ready)) return report(false);

    for (const g of goldens) {
      t0 = performance.now();
      const res = await postExample(url, dir, g.request);
      const problem =
        res.status !== 200
          ? `answered ${res.status}: ${res.text.slice(0, 300)}`
          : differences(res.body, g.expected, { rtol: tolerance.rtol, atol: tolerance.atol + (g.atol ?? 0) }).slice(0, 5).join("; ") || null;
      record(`${g.source === "model-check" ? "model check" : "the notebook's example"} ${g.name} over HTTP`, t0, problem);
    }

    // bad requests: 4xx with {"error"}, never 5xx, and the service answers a good request afterwards
    const good = goldens[0]?.request;
    const bad: [string, string | Json][] = [
      ["invalid JSON", "{not json"],
      ["an empty body", ""],
      ["a JSON number", 42],
      ["an object with an unknown field only", { "an unknown field": 1 }],
      ...(good && typeof good === "object" && !Array.isArray(good)
        ? ([["a field of the wrong type", Object.fromEntries(Object.entries(good).map(([k]) => [k, { wrong: "type" }]))]] as [string, Json][])
        : []),
    ];
    for (const [what, body] of bad) {
      t0 = performance.now();
      const res = await post(url, "/predict", body);
      const hasError = res.body !== null && typeof res.body === "object" && typeof (res.body as { error?: unknown }).error === "string";
      record(`a bad request (${what}) is a 4xx with an error`, t0, res.status >= 400 && res.status < 500 && hasError ? null : `answered ${res.status}: ${res.text.slice(0, 200)}`);
    }
    const imageFields = plan.request.fields.filter((f) => f.media === "image").map((f) => f.name);
    for (const [what, body, type] of imageFields.length ? IMAGE_BAD_REQUESTS : []) {
      t0 = performance.now();
      const res = await request(url + "/predict", { method: "POST", headers: { "content-type": type }, body: type === "application/json" ? JSON.stringify({ [imageFields[0]!]: body }) : body });
      const hasError = res.body !== null && typeof res.body === "object" && typeof (res.body as { error?: unknown }).error === "string";
      record(`a bad image (${what}) is a 4xx with an error`, t0, res.status >= 400 && res.status < 500 && hasError ? null : `answered ${res.status}: ${res.text.slice(0, 200)}`);
    }
    if (goldens[0]) {
      t0 = performance.now();
      const res = await postExample(url, dir, goldens[0].request);
      record("still answers after the bad requests", t0, res.status === 200 ? null : `answered ${res.status}`);
    }
    // openapi.json (which nb2svc builds from the plan, and prints the client and README from) is what the routes serve
    t0 = performance.now();
    const served = await get(url, "/openapi.json");
    const written = JSON.stringify(JSON.parse(await readFile(path.join(dir, "openapi.json"), "utf8")));
    const at = firstDifference(served.text, written);
    const same = served.text === written;
    record(
      "GET /openapi.json is openapi.json",
      t0,
      served.status !== 200 ? `answered ${served.status}` : same ? null : `the served document differs from openapi.json at character ${at}: ${served.text.slice(at, at + 120)}`,
    );
    t0 = performance.now();
    const meta = await get(url, `/v2/models/${encodeURIComponent(plan.name)}`);
    record("Open Inference Protocol model metadata", t0, meta.status === 200 ? null : `answered ${meta.status}`);

    // SIGTERM: drains and exits 0
    t0 = performance.now();
    process.kill(child.pid!, "SIGTERM");
    const stopMs = opts.stopTimeoutMs ?? 10_000;
    const code = await Promise.race([exited, delay(stopMs, "timeout" as const)]);
    record("exits 0 on SIGTERM", t0, code === 0 ? null : code === "timeout" ? `still running ${stopMs / 1000} s after SIGTERM` : `exited with ${code}`);
    return report(tests.every((t) => t.status === "passed"));
  } catch (e) {
    record("runs", performance.now(), (e as Error).message);
    return report(false);
  } finally {
    await stopProcessTree(child, exited);
    untrack();
    await unlink();
  }

  function report(ok: boolean): VerifyReport {
    const failed = tests.filter((t) => t.status === "failed").length;
    return {
      ok,
      passed: tests.length - failed,
      failed,
      skipped: 0,
      durationMs: Math.round(performance.now() - started),
      tests,
      ...(ok ? {} : { output: output.slice(-4000) }),
    };
  }
}

/** Where two texts first differ. */
function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

/** Resolves to `value` after `ms` without keeping the process alive meanwhile. */
function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((r) => setTimeout(() => r(value), ms).unref());
}

/** Polls /readyz until 200; a message when the service exits, reports itself failed or takes too long. */
async function waitReady(url: string, exitCode: () => number | null | undefined, timeoutMs: number): Promise<string | null> {
  const until = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < until) {
    const code = exitCode();
    if (code !== undefined) return `the service exited (code ${code}) before it was ready`;
    try {
      const res = await get(url, "/readyz");
      if (res.status === 200) return null;
      last = res.text;
      if (/"failed"/.test(res.text)) return `the model failed to load: ${res.text.slice(0, 300)}`;
    } catch {
      // not listening yet
    }
    // a model loads in a few hundred milliseconds: a short interval, so that readiness is seen when it comes
    await new Promise((r) => setTimeout(r, 20));
  }
  return `not ready after ${timeoutMs} ms${last ? ` (${last.slice(0, 200)})` : ""}`;
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly body: unknown;
}

async function request(url: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, text, body };
}

function post(base: string, route: string, body: string | Json): Promise<Answer> {
  return request(base + route, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
}

/** Bad images every image service must answer with a 4xx: [what, body, content type]. */
const IMAGE_BAD_REQUESTS: readonly (readonly [string, string | Uint8Array, string])[] = [
  ["bytes of no image format", new TextEncoder().encode("this is not an image"), "application/octet-stream"],
  ["a PNG cut after its signature", Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), "image/png"],
  ["an empty image body", new Uint8Array(0), "image/jpeg"],
  ["base64 that is not", "not base64 at all!", "application/json"],
];

/**
 * An example's request. Image files (`{"$file": "samples/cat.png"}`, copied into src/generated/fixtures/) are sent as they
 * would be deployed: the file itself as the body when it is the whole request, else a multipart/form-data form.
 */
async function postExample(base: string, dir: string, body: Json): Promise<Answer> {
  const fields = body !== null && typeof body === "object" && !Array.isArray(body) ? Object.entries(body) : [];
  const fileOf = (v: Json): string | null => (v !== null && typeof v === "object" && !Array.isArray(v) && typeof v.$file === "string" ? v.$file : null);
  const files = fields.filter(([, v]) => fileOf(v) !== null);
  if (files.length === 0) return post(base, "/predict", body);
  const read = async (rel: string) => new Uint8Array(await readFile(path.join(dir, "src", "generated", "fixtures", ...rel.split("/"))));
  if (fields.length === 1) {
    return request(base + "/predict", { method: "POST", headers: { "content-type": "application/octet-stream" }, body: await read(fileOf(files[0]![1])!) });
  }
  const form = new FormData();
  for (const [k, v] of fields) {
    const rel = fileOf(v);
    if (rel !== null) form.append(k, new Blob([await read(rel)]), path.posix.basename(rel));
    else form.append(k, typeof v === "string" ? v : JSON.stringify(v));
  }
  return request(base + "/predict", { method: "POST", body: form });
}

function get(base: string, route: string): Promise<Answer> {
  return request(base + route, { method: "GET" });
}

/** Links nb2svc's onnxruntime-node into `dir/node_modules` unless one is there; returns what removes the link. */
async function linkRuntime(dir: string): Promise<() => Promise<void>> {
  const modules = path.join(dir, "node_modules");
  const target = path.join(modules, "onnxruntime-node");
  if (existsSync(target)) return async () => undefined;
  const require = createRequire(path.join(packageRoot(), "package.json"));
  const source = path.dirname(require.resolve("onnxruntime-node/package.json"));
  const created = !existsSync(modules);
  await mkdir(modules, { recursive: true });
  await symlink(source, target, "dir");
  return async () => {
    await rm(created ? modules : target, { recursive: true, force: true });
  };
}

/** A port nothing listens on now (the service binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export type { ChildProcess };
