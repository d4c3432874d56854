// Dynamic batching: concurrent requests merged into one model run give the same answers as the same requests sent
// one by one; merged runs count rows (a request of n rows counts n); the metrics show it; a full queue is a 503 with
// Retry-After; a request that waited past REQUEST_TIMEOUT_MS is a 504; a fault in one merged run is a 500 for its
// requests only, and the service goes on. Batch sizes are made deterministic by holding the model or by a long
// maxDelayMs with maxBatchRows equal to the rows sent (a full batch runs at once): no test depends on timing.
import { describe, expect, it } from "vitest";
import { SERVICE } from "../src/generated/service.ts";
import { ControlledRunner, differences, fillInputs, goldens, metric, servicePerTest, settingsWith, toleranceOf, until, type Running } from "./helpers.ts";

const service = servicePerTest();

const predictAll = (svc: Running, times: number) =>
  Promise.all(Array.from({ length: times }, (_, i) => svc.post("/predict", goldens[i % goldens.length]!.request)));

describe.runIf(SERVICE.model.batchable)("batching", () => {
  it("merges concurrent requests into one run, and their answers equal sequential ones", async () => {
    const n = 3 * goldens.length;
    const sequential = await service({ settings: settingsWith({ batching: { enabled: false } }) });
    const alone = [];
    for (let i = 0; i < n; i++) alone.push(await sequential.post("/predict", goldens[i % goldens.length]!.request));
    const merged = await service({ settings: settingsWith({ batching: { enabled: true, maxBatchRows: n, maxDelayMs: 60_000 } }) });
    const together = await predictAll(merged, n);
    expect(together.map((r) => r.status)).toEqual(alone.map(() => 200));
    expect(together.map((r) => r.body)).toEqual(alone.map((r) => r.body));
    together.forEach((r, i) => expect(differences(r.body, goldens[i % goldens.length]!.expected, toleranceOf(goldens[i % goldens.length]!))).toEqual([]));

    const text = (await merged.get("/metrics")).text;
    // one run (after the warm-up, which does not go through the batcher) of n rows from n requests
    expect(metric(text, "model_batch_rows_count")).toBe(1);
    expect(metric(text, "model_batch_rows_sum")).toBe(n);
    expect(metric(text, "model_batch_requests_sum")).toBe(n);
    expect(metric(text, "model_batch_rows_bucket", { le: "1" })).toBe(0);
    expect(metric(text, "model_queue_wait_seconds_count")).toBe(n);
    expect(metric(text, "model_run_duration_seconds_count")).toBe(1);
    expect(metric(text, "http_requests_total", { method: "POST", route: "/predict", status: "200" })).toBe(n);
  });

  it("counts rows: a request of several rows fills a batch like that many requests", async () => {
    const rows = goldens.length;
    const body = { inputs: fillInputs(rows) };
    // one infer request of `rows` rows plus `rows` single-row predictions: a batch of 2 * rows rows, run at once
    const svc = await service({ settings: settingsWith({ batching: { enabled: true, maxBatchRows: 2 * rows, maxDelayMs: 60_000 } }) });
    const [infer, ...predictions] = await Promise.all([svc.post(`/v2/models/${SERVICE.name}/infer`, body), ...goldens.map((g) => svc.post("/predict", g.request))]);
    expect(infer!.status, JSON.stringify(infer!.body)).toBe(200);
    for (const o of (infer!.body as { outputs: { shape: number[] }[] }).outputs) expect(o.shape[0]).toBe(rows);
    predictions.forEach((r, i) => expect(differences(r.body, goldens[i]!.expected, toleranceOf(goldens[i]!))).toEqual([]));
    const text = (await svc.get("/metrics")).text;
    expect(metric(text, "model_batch_rows_count")).toBe(1);
    expect(metric(text, "model_batch_rows_sum")).toBe(2 * rows);
    expect(metric(text, "model_batch_requests_sum")).toBe(rows + 1);
  });

  it("runs requests that arrive during a run together in the next one", async () => {
    let runner!: ControlledRunner;
    const svc = await service({ runner: (m) => (runner = new ControlledRunner(m)), settings: settingsWith({ batching: { maxDelayMs: 0 } }) });
    runner.hold();
    const first = svc.post("/predict", goldens[0]!.request);
    await until(() => runner.runs === 1, "the first run");
    const rest = predictAll(svc, 5);
    await until(() => svc.batcher.waitingRows === 5, "five queued requests");
    runner.release();
    const answers = [await first, ...(await rest)];
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const text = (await svc.get("/metrics")).text;
    expect(metric(text, "model_batch_rows_count")).toBe(2);
    expect(metric(text, "model_batch_rows_sum")).toBe(6);
    expect(metric(text, "model_batch_rows_bucket", { le: "1" })).toBe(1);
  });
});

describe("the queue", () => {
  it("answers 503 with Retry-After when full, and serves what it took", async () => {
    let runner!: ControlledRunner;
    const svc = await service({ runner: (m) => (runner = new ControlledRunner(m)), settings: settingsWith({ batching: { maxQueueRows: 2, maxDelayMs: 0 } }) });
    runner.hold();
    const first = svc.post("/predict", goldens[0]!.request);
    await until(() => runner.runs === 1, "the first run");
    const queued = predictAll(svc, 2);
    await until(() => svc.batcher.waitingRows === 2, "two queued requests");
    const refused = await svc.post("/predict", goldens[0]!.request);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused.body).toEqual({ error: expect.stringContaining("queue is full") });
    runner.release();
    expect([(await first).status, ...(await queued).map((r) => r.status)]).toEqual([200, 200, 200]);
    expect(metric((await svc.get("/metrics")).text, "model_requests_rejected_total", { reason: "queue_full" })).toBe(1);
  });

  it("answers 504 to a request that waited longer than REQUEST_TIMEOUT_MS, without running it", async () => {
    let runner!: ControlledRunner;
    const svc = await service({ runner: (m) => (runner = new ControlledRunner(m)), settings: settingsWith({ requestTimeoutMs: 20, batching: { maxDelayMs: 0 } }) });
    runner.hold();
    const first = svc.post("/predict", goldens[0]!.request);
    await until(() => runner.runs === 1, "the first run");
    const late = svc.post("/predict", goldens[0]!.request);
    await until(() => svc.batcher.waitingRows === 1, "a queued request");
    await new Promise((r) => setTimeout(r, 60)); // past its 20 ms deadline
    runner.release();
    expect((await first).status).toBe(200);
    expect(await late).toMatchObject({ status: 504, body: { error: expect.stringContaining("REQUEST_TIMEOUT_MS") } });
    expect(runner.runs).toBe(1);
  });

  it("a fault in the model is a 500 without details for its requests only; the next request is served", async () => {
    let runner!: ControlledRunner;
    const svc = await service({ runner: (m) => (runner = new ControlledRunner(m)) });
    runner.failing = true;
    const res = await svc.post("/predict", goldens[0]!.request);
    expect(res).toMatchObject({ status: 500, body: { error: "internal error" } });
    expect(res.text).not.toMatch(/simulated|at |\.ts/);
    runner.failing = false;
    expect((await svc.post("/predict", goldens[0]!.request)).status).toBe(200);
  });

  it("with batching off, every run takes one request", async () => {
    const svc = await service({ settings: settingsWith({ batching: { enabled: false } }) });
    const answers = await predictAll(svc, 6);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const text = (await svc.get("/metrics")).text;
    expect(metric(text, "model_batch_rows_count")).toBe(6);
    expect(metric(text, "model_batch_requests_sum")).toBe(6);
  });
});
