// The service's own counters, gauges and histograms write exactly what prom-client's classes write for the same
// observations (text format and the JSON the cluster primary aggregates), and several workers' snapshots aggregate as
// prom-client's would.
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry } from "prom-client";
import { expect, it } from "vitest";
import { FastCounter, FastGauge, FastHistogram, Metrics } from "../src/metrics.ts";

const BOUNDS = [0.001, 0.01, 0.1, 1];

function theirs() {
  const r = new Registry();
  const registers = [r];
  return {
    r,
    requests: new Counter({ name: "req_total", help: "requests", labelNames: ["method", "route", "status"], registers }),
    plain: new Counter({ name: "plain_total", help: "plain", registers }),
    seconds: new Histogram({ name: "req_seconds", help: "latency", labelNames: ["method", "route", "status"], buckets: BOUNDS, registers }),
    rows: new Histogram({ name: "rows", help: "rows", buckets: BOUNDS, registers }),
    gauge: new Gauge({ name: "in_flight", help: "in flight", registers }),
  };
}

function ours() {
  const r = new Registry();
  const route = ["method", "route", "status"] as const;
  return {
    r,
    requests: new FastCounter("req_total", "requests", route, r),
    plain: new FastCounter("plain_total", "plain", [], r),
    seconds: new FastHistogram("req_seconds", "latency", route, BOUNDS, r),
    rows: new FastHistogram("rows", "rows", [], BOUNDS, r),
    gauge: new FastGauge("in_flight", "in flight", [], r),
  };
}

function record(m: ReturnType<typeof theirs> | ReturnType<typeof ours>, seed: number): void {
  const values = [0, 0.001, 0.0011, 0.01, 0.05, 1, 7, 0.1, 0.1000001].map((v) => v * seed);
  for (const [i, v] of values.entries()) {
    const labels = { method: i % 3 ? "POST" : "GET", route: i % 2 ? "/predict" : "/readyz", status: i === 4 ? "400" : "200" };
    m.requests.inc(labels);
    m.seconds.observe(labels, v);
    m.rows.observe(v);
    m.gauge.inc();
  }
  m.gauge.dec();
}

it("writes what prom-client writes, before and after observations", async () => {
  const [a, b] = [theirs(), ours()];
  expect(await b.r.metrics()).toBe(await a.r.metrics());
  record(a, 1);
  record(b, 1);
  expect(await b.r.metrics()).toBe(await a.r.metrics());
  // what travels to the cluster's primary (over IPC, as JSON)
  const json = async (r: Registry) => JSON.parse(JSON.stringify(await r.getMetricsAsJSON())) as unknown;
  expect(await json(b.r)).toEqual(await json(a.r));
});

it("aggregates over workers as prom-client's metrics do", async () => {
  const [a1, a2, b1, b2] = [theirs(), theirs(), ours(), ours()];
  record(a1, 1);
  record(a2, 3);
  record(b1, 1);
  record(b2, 3);
  const want = AggregatorRegistry.aggregate([await a1.r.getMetricsAsJSON(), await a2.r.getMetricsAsJSON()]);
  const got = AggregatorRegistry.aggregate([await b1.r.getMetricsAsJSON(), await b2.r.getMetricsAsJSON()]);
  expect(await got.metrics()).toBe(await want.metrics());
  expect(await got.metrics()).toContain('req_total{method="POST",route="/predict",status="200"} 6');
});

it("times a model run in seconds", async () => {
  const m = new Metrics();
  const end = m.modelRunSeconds.startTimer();
  await new Promise((r) => setTimeout(r, 5));
  end();
  const text = await m.exposition();
  const sum = Number(/^model_run_duration_seconds_sum (\S+)$/m.exec(text)?.[1]);
  expect(sum).toBeGreaterThanOrEqual(0.004);
  expect(sum).toBeLessThan(5);
  expect(text).toMatch(/^model_run_duration_seconds_count 1$/m);
  expect(text).toMatch(/^service_workers 1$/m);
});

it("records a request as prom-client's counter and histogram would, under one series per route, method and status", async () => {
  const requests = new Counter({ name: "http_requests_total", help: "HTTP requests answered", labelNames: ["method", "route", "status"], registers: [] });
  const seconds = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time from receiving a request to answering it",
    labelNames: ["method", "route", "status"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [],
  });
  const m = new Metrics();
  const seen: [string, string, number, number][] = [
    ["POST", "/predict", 200, 0.0004],
    ["POST", "/predict", 200, 0.0005],
    ["POST", "/predict", 400, 0.002],
    ["GET", "/predict", 404, 0.3],
    ["GET", "(unmatched)", 404, 0.00001],
    ["POST", "/predict", 200, 31],
    // the same route and method strings made anew, as another request's would be
    [["PO", "ST"].join(""), ["/pre", "dict"].join(""), 200, 0.01],
  ];
  for (const [method, route, status, s] of seen) {
    m.recordRequest(method, route, status, s);
    requests.inc({ method, route, status: String(status) });
    seconds.observe({ method, route, status: String(status) }, s);
  }
  const series = (text: string, name: string) => text.split("\n").filter((l) => l.startsWith(name)).join("\n");
  const ours = await m.registry.metrics();
  expect(series(ours, "http_requests_total")).toBe(series(await exposition(requests), "http_requests_total"));
  expect(series(ours, "http_request_duration_seconds")).toBe(series(await exposition(seconds), "http_request_duration_seconds"));
  expect(ours).toContain('http_requests_total{method="POST",route="/predict",status="200"} 4');
});

async function exposition(metric: Counter | Histogram): Promise<string> {
  const r = new Registry();
  r.registerMetric(metric);
  return r.metrics();
}
