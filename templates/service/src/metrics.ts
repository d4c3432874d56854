// Prometheus metrics, one registry per app so that several apps in one process (tests) do not mix. Names follow
// Prometheus conventions: base units (seconds), _total for counters. With WORKERS > 1 each worker keeps its own and
// /metrics answers all of them aggregated by the primary (src/cluster.ts): each metric says how (prom-client's
// `aggregator`: sum unless given).
//
// What every request records (counters, gauges and histograms below) is plain arithmetic on numbers held here: a
// label set is found by one string key, a histogram bucket by a short scan, and the Prometheus objects are built only
// when /metrics is read. prom-client's own metric classes validate and hash the labels and look the series up on every
// call, which came to several microseconds per request (docs/performance.md); its registry, text format, process
// metrics and cluster aggregation are used as they are.
import type { PrometheusContentType } from "prom-client";
// prom-client's parts, not its index, which also loads its Pushgateway (node:https and node:zlib: 20–35 ms of a start
// at load 9) and Summary, neither used here; typed by src/prom-client-parts.d.ts
import AggregatorRegistry from "prom-client/lib/cluster.js";
import collectDefaultMetrics from "prom-client/lib/defaultMetrics.js";
import Gauge from "prom-client/lib/gauge.js";
import Registry from "prom-client/lib/registry.js";

/** Latency buckets in seconds: sub-millisecond model runs up to the request timeout's order. */
const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Rows per model run: powers of two. */
const ROWS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
/** How often the event-loop delay is sampled, in ms (below). */
const EVENT_LOOP_SAMPLE_MS = 100;

type Labels<L extends string> = Readonly<Record<L, string>>;
type Aggregator = "sum" | "min" | "max" | "average" | "first" | "omit";

/** One sample as a Registry formats it: `metricName{labels} value` (metricName defaults to the metric's name). */
interface Sample {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly metricName?: string;
  /** OpenMetrics exemplars: none here (prom-client writes null on its buckets). */
  readonly exemplar?: null;
}

/** What a Registry reads from a metric when scraped (prom-client's MetricObjectWithValues). */
interface Snapshot {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "gauge" | "histogram";
  readonly aggregator: Aggregator;
  readonly values: readonly Sample[];
}

/** What a Registry holds: a name and, when scraped, a snapshot. */
interface Exported {
  readonly name: string;
  get(): Promise<Snapshot>;
}

abstract class Metric<L extends string> implements Exported {
  abstract readonly type: "counter" | "gauge" | "histogram";
  constructor(
    readonly name: string,
    readonly help: string,
    /** Label names in the order they are written. */
    protected readonly labelNames: readonly L[],
    registry: Registry,
    readonly aggregator: Aggregator = "sum",
  ) {
    // a Registry reads only `name` and `get()` of what it holds
    registry.registerMetric(this as never);
  }

  /** The series' key: its label values joined (label values are route templates, methods, codes, reasons). */
  protected key(labels: Labels<L> | undefined): string {
    if (this.labelNames.length === 0 || labels === undefined) return "";
    let k = labels[this.labelNames[0]!];
    for (let i = 1; i < this.labelNames.length; i++) k += "\u0000" + labels[this.labelNames[i]!];
    return k;
  }

  protected labelsOf(labels: Labels<L> | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    if (labels) for (const n of this.labelNames) out[n] = labels[n];
    return out;
  }

  abstract values(): Sample[];

  async get(): Promise<Snapshot> {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.values() };
  }
}

export interface CounterSeries<L extends string> {
  readonly labels: Labels<L> | undefined;
  value: number;
}

/** A counter; with label names, one series per label set seen. */
export class FastCounter<L extends string = never> extends Metric<L> {
  readonly type = "counter";
  private readonly series = new Map<string, CounterSeries<L>>();

  inc(labels?: Labels<L>, by = 1): void {
    this.seriesOf(labels).value += by;
  }

  /** The series of a label set (made at 0 if new): a caller that holds it counts without finding it again. */
  seriesOf(labels?: Labels<L>): CounterSeries<L> {
    const k = this.key(labels);
    let s = this.series.get(k);
    if (!s) {
      s = { labels: labels && { ...labels }, value: 0 };
      this.series.set(k, s);
    }
    return s;
  }

  values(): Sample[] {
    // an unlabelled counter exists (at 0) before its first increment, as prom-client's does
    if (this.labelNames.length === 0 && this.series.size === 0) return [{ value: 0, labels: {} }];
    return [...this.series.values()].map((s) => ({ value: s.value, labels: this.labelsOf(s.labels) }));
  }
}

/** A gauge without labels. */
export class FastGauge extends Metric<never> {
  readonly type = "gauge";
  private value = 0;

  set(v: number): void {
    this.value = v;
  }

  inc(by = 1): void {
    this.value += by;
  }

  dec(by = 1): void {
    this.value -= by;
  }

  values(): Sample[] {
    return [{ value: this.value, labels: {} }];
  }
}

export interface HistogramSeries<L extends string> {
  readonly labels: Labels<L> | undefined;
  /** Observations per bucket (not cumulative), the last for values above every bound. */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

/** A histogram; with label names, one series per label set seen. Bounds are upper bounds, inclusive. */
export class FastHistogram<L extends string = never> extends Metric<L> {
  readonly type = "histogram";
  private readonly series = new Map<string, HistogramSeries<L>>();

  constructor(name: string, help: string, labelNames: readonly L[], private readonly bounds: readonly number[], registry: Registry) {
    super(name, help, labelNames, registry);
  }

  observe(value: number): void;
  observe(labels: Labels<L>, value: number): void;
  observe(a: number | Labels<L>, b?: number): void {
    if (typeof a === "number") this.observeIn(this.seriesOf(undefined), a);
    else this.observeIn(this.seriesOf(a), b!);
  }

  /** The series of a label set (made empty if new): a caller that holds it observes without finding it again. */
  seriesOf(labels: Labels<L> | undefined): HistogramSeries<L> {
    const k = this.key(labels);
    let s = this.series.get(k);
    if (!s) {
      s = { labels: labels && { ...labels }, counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.series.set(k, s);
    }
    return s;
  }

  /** Observes `value` in `s`, a series of this histogram (from seriesOf). */
  observeIn(s: HistogramSeries<L>, value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]!) i++;
    s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  /** Starts timing; the function returned observes the seconds since. */
  startTimer(): () => void {
    const t0 = performance.now();
    return () => this.observe((performance.now() - t0) / 1000);
  }

  values(): Sample[] {
    const out: Sample[] = [];
    // an unlabelled histogram exists (all zero) before its first observation, as prom-client's does
    const all = this.labelNames.length === 0 && this.series.size === 0 ? [{ labels: undefined, counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 }] : [...this.series.values()];
    for (const s of all) {
      const labels = this.labelsOf(s.labels);
      let cumulative = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        cumulative += s.counts[i]!;
        out.push({ value: cumulative, labels: { le: this.bounds[i]!, ...labels }, metricName: `${this.name}_bucket`, exemplar: null });
      }
      out.push({ value: s.count, labels: { le: "+Inf", ...labels }, metricName: `${this.name}_bucket`, exemplar: null });
      out.push({ value: s.sum, labels, metricName: `${this.name}_sum` });
      out.push({ value: s.count, labels, metricName: `${this.name}_count` });
    }
    return out;
  }
}

type RequestLabel = "method" | "route" | "status";

/** One label set of the request metrics: its counter's and its histogram's series. */
interface RequestSeries {
  readonly count: CounterSeries<RequestLabel>;
  readonly seconds: HistogramSeries<RequestLabel>;
}

export class Metrics {
  readonly registry = new Registry();
  /**
   * The request metrics' series by route, method and status: the route and method strings a request carries are the
   * same string objects every time (Fastify's route, Node's method table), so each lookup hashes nothing new, where one
   * key joined per request would be hashed at every request.
   */
  private readonly requestSeries = new Map<string, Map<string, Map<number, RequestSeries>>>();
  readonly requests: FastCounter<RequestLabel>;
  readonly requestSeconds: FastHistogram<RequestLabel>;
  readonly inFlight: FastGauge;
  readonly batchRows: FastHistogram;
  readonly batchRequests: FastHistogram;
  readonly queueWaitSeconds: FastHistogram;
  readonly modelRunSeconds: FastHistogram;
  readonly queueRows: FastGauge;
  readonly rejected: FastCounter<"reason">;
  readonly ready: Gauge;
  readonly workers: FastGauge;
  private cluster: (() => Promise<string>) | null = null;

  /** @param processMetrics also export the process's CPU, memory, event loop lag and GC (prom-client's defaults) */
  constructor(processMetrics = false) {
    const r = this.registry;
    const route = ["method", "route", "status"] as const;
    this.requests = new FastCounter("http_requests_total", "HTTP requests answered", route, r);
    this.requestSeconds = new FastHistogram("http_request_duration_seconds", "Time from receiving a request to answering it", route, SECONDS, r);
    this.inFlight = new FastGauge("http_requests_in_flight", "Requests received and not yet answered", [], r);
    this.batchRows = new FastHistogram("model_batch_rows", "Rows in one model run (merged requests count all their rows)", [], ROWS, r);
    this.batchRequests = new FastHistogram("model_batch_requests", "Requests merged into one model run", [], ROWS, r);
    this.queueWaitSeconds = new FastHistogram("model_queue_wait_seconds", "Time a request waited for its model run to start", [], SECONDS, r);
    this.modelRunSeconds = new FastHistogram("model_run_duration_seconds", "Time of one model run (onnxruntime)", [], SECONDS, r);
    this.queueRows = new FastGauge("model_queue_rows", "Rows waiting for the model", [], r);
    this.rejected = new FastCounter(
      "model_requests_rejected_total",
      "Requests refused before reaching the model: queue full (503) or waited too long (504)",
      ["reason"],
      r,
    );
    // set rarely (start, shutdown, a scrape); over workers, the least: the service is ready when every worker is
    this.ready = new Gauge({ name: "model_ready", help: "1 when the model is loaded and warmed up (in every worker)", registers: [r], aggregator: "min" });
    this.workers = new FastGauge("service_workers", "Server processes answering on the port (WORKERS)", [], r);
    this.workers.set(1);
    // The event-loop delay histogram (nodejs_eventloop_lag_*) samples the loop every eventLoopMonitoringPrecision ms:
    // prom-client's 10 wakes an idle service's main thread 90 times a second (measured from /proc); at 100 it wakes
    // about 10 times, and a 15-s scrape still holds 150 samples of the delay
    if (processMetrics) collectDefaultMetrics({ register: r, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  }

  /** Counts one answered request and observes its duration (http_requests_total, http_request_duration_seconds). */
  recordRequest(method: string, route: string, status: number, seconds: number): void {
    let byMethod = this.requestSeries.get(route);
    if (!byMethod) this.requestSeries.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let s = byStatus.get(status);
    if (!s) {
      const labels = { method, route, status: String(status) };
      s = { count: this.requests.seriesOf(labels), seconds: this.requestSeconds.seriesOf(labels) };
      byStatus.set(status, s);
    }
    s.count.value++;
    this.requestSeconds.observeIn(s.seconds, seconds);
  }

  /**
   * In a cluster worker: answer the primary's requests for this registry, and make exposition() return every worker's
   * metrics through `collect` (which asks the primary).
   */
  joinCluster(collect: () => Promise<string>): void {
    AggregatorRegistry.setRegistries([this.registry]);
    // its constructor installs the worker's listener for the primary's requests
    new AggregatorRegistry();
    this.cluster = collect;
  }

  /** The text /metrics answers: this process's metrics, or every worker's in a cluster. */
  exposition(): Promise<string> {
    return this.cluster ? this.cluster() : this.registry.metrics();
  }
}

/** The cluster primary's aggregator of its workers' metrics (src/cluster.ts, loaded when a worker first asks). */
export function newAggregator(): AggregatorRegistry<PrometheusContentType> {
  return new AggregatorRegistry<PrometheusContentType>();
}
