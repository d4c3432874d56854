// Prometheus metrics (prom-client), one registry per app so that several apps in one process (tests) do not mix.
// Names follow Prometheus conventions: base units (seconds), _total for counters. With WORKERS > 1 each worker keeps its
// own and /metrics answers all of them aggregated by the primary (src/cluster.ts): each metric says how (prom-client's
// `aggregator`: sum unless given).
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Latency buckets in seconds: sub-millisecond model runs up to the request timeout's order. */
const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Rows per model run: powers of two. */
const ROWS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<"method" | "route" | "status">;
  readonly requestSeconds: Histogram<"method" | "route" | "status">;
  readonly inFlight: Gauge;
  readonly batchRows: Histogram;
  readonly batchRequests: Histogram;
  readonly queueWaitSeconds: Histogram;
  readonly modelRunSeconds: Histogram;
  readonly queueRows: Gauge;
  readonly rejected: Counter<"reason">;
  readonly ready: Gauge;
  readonly workers: Gauge;
  private cluster: (() => Promise<string>) | null = null;

  /** @param processMetrics also export the process's CPU, memory, event loop lag and GC (prom-client's defaults) */
  constructor(processMetrics = false) {
    const registers = [this.registry];
    this.requests = new Counter({ name: "http_requests_total", help: "HTTP requests answered", labelNames: ["method", "route", "status"], registers });
    this.requestSeconds = new Histogram({
      name: "http_request_duration_seconds",
      help: "Time from receiving a request to answering it",
      labelNames: ["method", "route", "status"],
      buckets: SECONDS,
      registers,
    });
    this.inFlight = new Gauge({ name: "http_requests_in_flight", help: "Requests received and not yet answered", registers });
    this.batchRows = new Histogram({ name: "model_batch_rows", help: "Rows in one model run (merged requests count all their rows)", buckets: ROWS, registers });
    this.batchRequests = new Histogram({ name: "model_batch_requests", help: "Requests merged into one model run", buckets: ROWS, registers });
    this.queueWaitSeconds = new Histogram({
      name: "model_queue_wait_seconds",
      help: "Time a request waited for its model run to start",
      buckets: SECONDS,
      registers,
    });
    this.modelRunSeconds = new Histogram({ name: "model_run_duration_seconds", help: "Time of one model run (onnxruntime)", buckets: SECONDS, registers });
    this.queueRows = new Gauge({ name: "model_queue_rows", help: "Rows waiting for the model", registers });
    this.rejected = new Counter({
      name: "model_requests_rejected_total",
      help: "Requests refused before reaching the model: queue full (503) or waited too long (504)",
      labelNames: ["reason"],
      registers,
    });
    // over workers, the least: the service is ready when every worker is
    this.ready = new Gauge({ name: "model_ready", help: "1 when the model is loaded and warmed up (in every worker)", registers, aggregator: "min" });
    this.workers = new Gauge({ name: "service_workers", help: "Server processes answering on the port (WORKERS)", registers });
    this.workers.set(1);
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
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
