// Readiness and limits: not ready (503 on /readyz, /v2/health/ready and the model routes) until the model is both
// loaded and warmed up, alive throughout; a model that fails its checks keeps the service alive and never ready; the
// body size limit; JSON with __proto__ or constructor.prototype keys refused and inert; one log line per request,
// without bodies; no stack traces in any answer.
import { Writable } from "node:stream";
import { describe, expect, it, onTestFinished } from "vitest";
import { SERVICE } from "../src/generated/service.ts";
import { readSettings } from "../src/settings.ts";
import { goldens, modelPath, servicePerTest, settingsWith, type Running } from "./helpers.ts";

const service = servicePerTest();

async function readiness(svc: Running): Promise<number[]> {
  return Promise.all(
    ["/readyz", "/v2/health/ready", `/v2/models/${SERVICE.name}/ready`].map(async (r) => (await svc.get(r)).status),
  );
}

describe("readiness", () => {
  it("is reached only after the model is loaded and warmed up; liveness answers throughout", async () => {
    const svc = await service({ load: false });
    expect(await readiness(svc)).toEqual([503, 503, 503]);
    expect((await svc.get("/readyz")).body).toEqual({ status: "loading" });
    const early = await svc.post("/predict", goldens[0]!.request);
    expect(early.status).toBe(503);
    expect(early.headers.get("retry-after")).toBe("1");
    expect(early.body).toEqual({ error: "the model is loading" });

    await svc.model.open();
    expect(svc.model.state).toBe("warming-up");
    expect(await readiness(svc)).toEqual([503, 503, 503]);
    expect((await svc.get("/readyz")).body).toEqual({ status: "warming-up" });
    expect((await svc.post("/predict", goldens[0]!.request)).status).toBe(503);

    await svc.model.warmUp();
    expect(await readiness(svc)).toEqual([200, 200, 200]);
    expect((await svc.get("/readyz")).body).toEqual({ status: "ready", model: SERVICE.model.file });
    expect((await svc.post("/predict", goldens[0]!.request)).status).toBe(200);
    expect((await svc.get("/healthz")).body).toEqual({ status: "ok" });
  });

  it("a model file that fails its sha256 check leaves the service alive and never ready", async () => {
    const svc = await service({ load: false, modelPath: new URL(import.meta.url).pathname });
    await expect(svc.model.load()).rejects.toThrow(/sha256/);
    expect(await readiness(svc)).toEqual([503, 503, 503]);
    expect((await svc.get("/readyz")).body).toMatchObject({ status: "failed", error: expect.stringContaining("sha256") });
    expect((await svc.get("/healthz")).status).toBe(200);
    expect((await svc.post("/predict", goldens[0]!.request)).status).toBe(503);
    expect(modelPath).toContain(SERVICE.model.file);
  });
});

describe("a missing or corrupted model, as deployed", () => {
  /**
   * Starts the bundle (`server`, by default this service's dist/server.js) with MODEL_PATH; returns its log lines once
   * it said whether it is ready, and its readiness and liveness.
   */
  async function bundleWith(model: string, server?: string): Promise<{ lines: Record<string, unknown>[]; ready: number; live: number }> {
    const { spawn } = await import("node:child_process");
    const path = await import("node:path");
    const { root } = await import("./helpers.ts");
    const child = spawn(process.execPath, [server ?? path.join(root, "dist", "server.js")], {
      env: { ...process.env, HOST: "127.0.0.1", PORT: "0", MODEL_PATH: model, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: Record<string, unknown>[] = [];
    let buf = "";
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        lines.push(JSON.parse(buf.slice(0, nl)) as Record<string, unknown>);
        buf = buf.slice(nl + 1);
      }
    });
    try {
      for (let i = 0; i < 400 && !lines.some((l) => /not ready|ready/.test(String(l.msg))); i++) await new Promise((r) => setTimeout(r, 25));
      const address = String(lines.find((l) => l.msg === "listening")?.address);
      const ready = (await fetch(address + "/readyz")).status;
      const live = (await fetch(address + "/healthz")).status;
      return { lines, ready, live };
    } finally {
      child.kill("SIGKILL");
    }
  }

  it("a missing model file: alive, never ready, and a log line that says why", async () => {
    const r = await bundleWith("/nonexistent/model.onnx");
    expect([r.live, r.ready]).toEqual([200, 503]);
    const line = r.lines.find((l) => l.msg === "model failed to load: not ready");
    expect(line).toMatchObject({ level: 50, model: "/nonexistent/model.onnx", reason: expect.stringContaining("no such file") });
  }, 30_000);

  it("onnxruntime-node not installed: alive, never ready, and a log line that says to install the dependencies", async () => {
    const { cpSync, mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { root } = await import("./helpers.ts");
    // the bundle and the model where no node_modules is found above them; the app's script is loaded from its code
    // cache, where a failed import() says only "A dynamic import callback was not specified"
    const deployed = mkdtempSync(path.join(os.tmpdir(), "no-modules-"));
    onTestFinished(() => rmSync(deployed, { recursive: true, force: true }));
    cpSync(path.join(root, "dist"), path.join(deployed, "dist"), { recursive: true });
    writeFileSync(path.join(deployed, "package.json"), JSON.stringify({ type: "module" }));
    const r = await bundleWith(modelPath, path.join(deployed, "dist", "server.js"));
    expect([r.live, r.ready]).toEqual([200, 503]);
    expect(r.lines.find((l) => l.msg === "listening")).toMatchObject({ codeCache: "used" });
    expect(r.lines.find((l) => l.msg === "model failed to load: not ready")).toMatchObject({
      reason: expect.stringMatching(/^onnxruntime-node is not installed beside the service \(Cannot find module 'onnxruntime-node'.*\): install its dependencies with `npm ci --omit=dev`$/),
    });
  }, 30_000);

  it("a corrupted model file: refused by its sha256 before onnxruntime reads it", async () => {
    const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const bytes = readFileSync(modelPath);
    bytes[bytes.length >> 1] ^= 0xff;
    const folder = mkdtempSync(path.join(os.tmpdir(), "model-"));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const corrupted = path.join(folder, "model.onnx");
    writeFileSync(corrupted, bytes);
    const r = await bundleWith(corrupted);
    expect([r.live, r.ready]).toEqual([200, 503]);
    expect(r.lines.find((l) => l.msg === "model failed to load: not ready")).toMatchObject({ reason: expect.stringContaining("sha256") });
  }, 30_000);
});

describe("limits", () => {
  it("refuses a body over BODY_LIMIT_BYTES with 413", async () => {
    const svc = await service({ settings: settingsWith({ bodyLimitBytes: 1024 }) });
    const res = await svc.post("/predict", { ...goldens[0]!.request, padding: "x".repeat(2048) });
    expect(res).toMatchObject({ status: 413, body: { error: expect.stringContaining("too large") } });
  });

  it("refuses __proto__ and constructor.prototype keys anywhere in the body, and nothing is polluted", async () => {
    const svc = await service();
    const good = JSON.stringify(goldens[0]!.request).slice(1);
    for (const body of [`{"__proto__": {"polluted": 1}, ${good}`, `{"x": {"__proto__": {"polluted": 1}}, ${good}`, `{"constructor": {"prototype": {"polluted": 1}}, ${good}`]) {
      for (const route of ["/predict", `/v2/models/${SERVICE.name}/infer`]) {
        const res = await svc.post(route, body);
        expect(res.status, body).toBe(400);
        expect(Object.keys(res.body as object)).toEqual(["error"]);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers unknown routes with a 404 error body", async () => {
    const svc = await service();
    expect(await svc.get("/nope?x=1")).toMatchObject({ status: 404, body: { error: "no route GET /nope" } });
  });
});

describe("settings", () => {
  it("come from environment variables over the generated defaults", () => {
    const s = readSettings({ PORT: "9000", BATCH_MAX_ROWS: "8", BATCH_MAX_DELAY_MS: "3", BODY_LIMIT_BYTES: "2048", BATCHING: "off" });
    expect(s).toMatchObject({ port: 9000, bodyLimitBytes: 2048, batching: { enabled: false, maxBatchRows: 8, maxDelayMs: 3 } });
    expect(readSettings({}).batching).toEqual(SERVICE.batching);
    expect(readSettings({}).requestTimeoutMs).toBe(SERVICE.limits.requestTimeoutMs);
  });

  it("refuse a value that is not valid, naming the variable", () => {
    expect(() => readSettings({ BATCH_MAX_ROWS: "lots" })).toThrow(/BATCH_MAX_ROWS/);
    expect(() => readSettings({ BATCHING: "maybe" })).toThrow(/BATCHING/);
    expect(() => readSettings({ PORT: "-1" })).toThrow(/PORT/);
    expect(() => readSettings({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });
});

describe("logging", () => {
  it("writes one JSON line per request, without bodies, and logs a fault's stack without sending it", async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    let failing = false;
    const svc = await service({
      log: { level: "info", stream },
      runner: (m) => ({ run: (feeds) => (failing ? Promise.reject(new Error("simulated fault")) : m.run(feeds)) }),
    });
    await svc.post("/predict", goldens[0]!.request);
    await svc.post("/predict", { not_a_field: 1 });
    failing = true;
    const fault = await svc.post("/predict", goldens[0]!.request);
    await svc.get("/healthz");
    // a readiness probe's 503 while draining is its answer: logged as any request, not as a fault
    svc.app.lifecycle.drain();
    await svc.get("/readyz");
    const requests = lines.filter((l) => l.msg === "request");
    expect(requests.map((l) => [l.route, l.status, l.level])).toEqual([
      ["/predict", 200, 30],
      ["/predict", 400, 30],
      ["/predict", 500, 50],
      ["/healthz", 200, 30],
      ["/readyz", 503, 30],
    ]);
    // besides Fastify's own line on listening, nothing but the request lines
    expect(lines.filter((l) => l.msg !== "request" && !/^Server listening at/.test(String(l.msg)))).toEqual([]);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(JSON.stringify(goldens[0]!.request).slice(1, -1));
    expect(text).not.toContain("not_a_field");
    // the fault's stack is in the log line, not in the answer
    expect(JSON.stringify(requests[2]!.err)).toContain("simulated fault");
    expect(fault.body).toEqual({ error: "internal error" });
  });
});
