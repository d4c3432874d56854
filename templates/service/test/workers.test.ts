// WORKERS: how many server processes share the port (default: the CPUs the cgroup allows), and the bundle with
// WORKERS=2: two processes answer on one port, /metrics counts both, readiness holds for both, a worker that dies is
// replaced, and SIGTERM drains every worker and exits 0.
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { availableCpus, cgroupQuota, primaryLog, readWorkers } from "../src/cluster.ts";
import { SERVICE } from "../src/generated/service.ts";
import { SettingsError } from "../src/settings.ts";
import { differences, goldens, metric, startBundle, toleranceOf, until, type Child } from "./helpers.ts";

describe("the number of workers", () => {
  const files = (entries: Record<string, string>) => (file: string) => entries[file] ?? null;

  it("reads the cgroup v2 quota, then v1's, else none", () => {
    expect(cgroupQuota(files({ "/sys/fs/cgroup/cpu.max": "max 100000\n" }))).toBeNull();
    expect(cgroupQuota(files({ "/sys/fs/cgroup/cpu.max": "150000 100000\n" }))).toBe(1.5);
    expect(cgroupQuota(files({ "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "200000\n", "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n" }))).toBe(2);
    expect(cgroupQuota(files({ "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "-1\n", "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n" }))).toBeNull();
    expect(cgroupQuota(files({}))).toBeNull();
  });

  it("defaults to the quota rounded down, at least 1, at most the CPUs the process may run on", () => {
    const cores = availableCpus(files({}));
    expect(cores).toBeGreaterThanOrEqual(1);
    expect(availableCpus(files({ "/sys/fs/cgroup/cpu.max": "50000 100000" }))).toBe(1);
    expect(availableCpus(files({ "/sys/fs/cgroup/cpu.max": "150000 100000" }))).toBe(1);
    expect(availableCpus(files({ "/sys/fs/cgroup/cpu.max": `${100000 * (cores + 8)} 100000` }))).toBe(cores);
  });

  it("takes WORKERS when given, `auto` or nothing for the CPUs, and refuses anything else", () => {
    expect(readWorkers({ WORKERS: "3" }, () => 2)).toBe(3);
    expect(readWorkers({}, () => 2)).toBe(2);
    expect(readWorkers({ WORKERS: " auto " }, () => 4)).toBe(4);
    expect(readWorkers({ WORKERS: "" }, () => 1)).toBe(1);
    expect(() => readWorkers({ WORKERS: "0" })).toThrow(SettingsError);
    expect(() => readWorkers({ WORKERS: "two" })).toThrow('WORKERS="two": expected an integer >= 1, or auto');
  });
});

describe("the primary's log", () => {
  const written = (logLevel: string) => {
    const lines: string[] = [];
    const log = primaryLog(logLevel, { write: (text: string) => lines.push(text) });
    log("info", "starting workers", { workers: 2 });
    log("warn", "a warning");
    log("error", "a worker died; starting another", { code: 1 });
    return lines.map((l) => JSON.parse(l) as { level: number; msg: string; role: string });
  };

  it("writes pino-shaped JSON lines at or above LOG_LEVEL, as the workers do", () => {
    expect(written("info").map((l) => [l.level, l.msg, l.role])).toEqual([
      [30, "starting workers", "primary"],
      [40, "a warning", "primary"],
      [50, "a worker died; starting another", "primary"],
    ]);
    expect(written("debug")).toHaveLength(3);
    expect(written("warn").map((l) => l.msg)).toEqual(["a warning", "a worker died; starting another"]);
    expect(written("error").map((l) => l.level)).toEqual([50]);
    expect(written("fatal")).toEqual([]);
    expect(written("silent")).toEqual([]);
  });
});

/** One request on a connection of its own (round-robin hands each new connection to the next worker). */
function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent: false, headers: { "content-type": "application/json", connection: "close" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

describe("the bundle with WORKERS=2", () => {
  let running: Child | null = null;
  afterEach(() => {
    running?.child.kill("SIGKILL");
    running = null;
  });

  it("answers from two processes on one port, and /metrics counts both", async () => {
    running = await startBundle({ WORKERS: "2" });
    const { url, logs } = running;
    // both workers listening and ready (readiness turns on in each once both have opened the model)
    await until(() => logs.filter((l) => l.msg === "model loaded and warmed up: ready").length === 2, "both workers ready");
    const n = 12;
    for (let i = 0; i < n; i++) {
      const g = goldens[i % goldens.length]!;
      const r = await post(url + "/predict", g.request);
      expect(r.status).toBe(200);
      expect(differences(r.body, g.expected, toleranceOf(g))).toEqual([]);
    }
    await until(() => logs.filter((l) => l.msg === "request" && l.route === "/predict").length === n, "the request lines");
    const pids = new Set(logs.filter((l) => l.msg === "request" && l.route === "/predict").map((l) => l.pid));
    expect(pids.size).toBe(2);
    expect(pids.has(running.child.pid)).toBe(false);

    const text = await (await fetch(url + "/metrics")).text();
    expect(metric(text, "http_requests_total", { method: "POST", route: "/predict", status: "200" })).toBe(n);
    expect(metric(text, "service_workers")).toBe(2);
    expect(metric(text, "model_ready")).toBe(1);
    expect(metric(text, "model_batch_rows_count")).toBe(n);
    // the /metrics request itself is the one in flight, in whichever worker answers it
    expect(metric(text, "http_requests_in_flight")).toBe(1);
  });

  it("replaces a worker that dies, and the new one serves", async () => {
    running = await startBundle({ WORKERS: "2" });
    const { url, logs } = running;
    await until(() => logs.filter((l) => l.msg === "model loaded and warmed up: ready").length === 2, "both workers ready");
    const first = logs.find((l) => l.msg === "listening")!.pid as number;
    process.kill(first, "SIGKILL");
    await until(() => logs.some((l) => l.msg === "a worker died; starting another" && l.worker === first), "the primary to notice");
    await until(() => logs.filter((l) => l.msg === "model loaded and warmed up: ready").length === 3, "the new worker ready");
    const g = goldens[0]!;
    for (let i = 0; i < 4; i++) expect((await post(url + "/predict", g.request)).status).toBe(200);
    expect(metric(await (await fetch(url + "/metrics")).text(), "service_workers")).toBe(2);
  });

  it("drains every worker on SIGTERM: each accepted request is answered, then exit code 0", async () => {
    running = await startBundle({ WORKERS: "2", BATCH_MAX_DELAY_MS: "60000", BATCH_MAX_ROWS: "100000" });
    const { url, child, exited, logs } = running;
    await until(() => logs.filter((l) => l.msg === "model loaded and warmed up: ready").length === 2, "both workers ready");
    const n = 16;
    const inFlight = Array.from({ length: n }, (_, i) => {
      const g = goldens[i % goldens.length]!;
      return post(url + "/predict", g.request).then(
        (r) => ({ ...r, golden: g }),
        (e: unknown) => ({ status: -1, body: String(e), golden: g }),
      );
    });
    // all of them waiting in the two workers' queues (or answered, for a model whose requests cannot be merged)
    await until(async () => {
      const text = await (await fetch(url + "/metrics")).text();
      if (SERVICE.batching.enabled) return metric(text, "model_queue_rows") === n;
      return (metric(text, "http_requests_total", { method: "POST", route: "/predict", status: "200" }) ?? 0) + (metric(text, "http_requests_in_flight") ?? 0) - 1 >= n;
    }, "every request to reach a worker");
    child.kill("SIGTERM");
    for (const a of await Promise.all(inFlight)) {
      expect(a.status, JSON.stringify(a.body)).toBe(200);
      expect(differences(a.body, a.golden.expected, toleranceOf(a.golden))).toEqual([]);
    }
    expect(await exited).toBe(0);
    expect(logs.filter((l) => l.msg === "stopped")).toHaveLength(2);
    expect(logs.some((l) => l.msg === "every worker has stopped" && l.exitCode === 0)).toBe(true);
  });
});
