// Dynamic batching that counts rows. Requests wait in one queue; a model run takes the oldest request and every
// later one whose tensors can be stacked with it (same trailing dimensions), up to maxBatchRows rows, concatenates
// them along the first axis, runs the model once and hands each request back its own rows. A request that is itself
// a batch (n rows) counts n. The first request of a batch waits at most maxDelayMs for company; while a run is in
// progress the queue fills by itself, so under load batches grow without any extra wait.
//
// onnxruntime-node runs a session synchronously on the JS thread, so one run at a time is all there is: the queue is
// where concurrency turns into batch size. With batching off every run takes exactly one request, and the queue still
// bounds how much work the service accepts.
import { ClientError, TimedOut, Unavailable } from "./errors.ts";
import type { Metrics } from "./metrics.ts";
import { allocate, NDArray } from "@nb2svc/runtime/ndarray";
import type { BatchSettings } from "./settings.ts";
import type { Feeds } from "./tensors.ts";

/** What runs the model: the ONNX session in production, a stand-in in tests. */
export interface Runner {
  run(feeds: Feeds): Promise<NDArray[]>;
}

interface Pending {
  readonly feeds: Feeds;
  readonly rows: number;
  /** Trailing dimensions of every input: only requests with equal keys stack. */
  readonly key: string;
  readonly enqueuedAt: number;
  /** performance.now() after which the request is answered 504 instead of run. */
  readonly deadline: number;
  readonly resolve: (outputs: NDArray[]) => void;
  readonly reject: (e: unknown) => void;
}

export interface BatcherOptions extends BatchSettings {
  readonly timeoutMs: number;
  /** Input names in model order. */
  readonly inputs: readonly string[];
}

export class Batcher {
  private queue: Pending[] = [];
  private queuedRows = 0;
  private running = false;
  private draining = false;
  private timer: NodeJS.Timeout | null = null;
  private idle: (() => void)[] = [];

  constructor(
    private readonly runner: Runner,
    private readonly opts: BatcherOptions,
    private readonly metrics: Metrics,
  ) {}

  /** Rows waiting for the model. */
  get waitingRows(): number {
    return this.queuedRows;
  }

  /** Runs the model on `feeds` (merged with other requests' when possible); outputs hold this request's rows only. */
  submit(feeds: Feeds): Promise<NDArray[]> {
    const first = feeds[this.opts.inputs[0]!]!;
    const rows = first.shape[0] ?? 1;
    if (this.opts.enabled) {
      for (const name of this.opts.inputs) {
        const n = feeds[name]!.shape[0];
        if (n !== rows) {
          return Promise.reject(new ClientError(`the inputs have different numbers of rows: "${this.opts.inputs[0]}" has ${rows}, "${name}" has ${n}`));
        }
      }
    }
    if (this.queuedRows > 0 && this.queuedRows + rows > this.opts.maxQueueRows) {
      this.metrics.rejected.inc({ reason: "queue_full" });
      return Promise.reject(new Unavailable(`the queue is full (${this.queuedRows} rows waiting, BATCH_MAX_QUEUE_ROWS=${this.opts.maxQueueRows})`));
    }
    const key = this.opts.enabled ? this.stackKey(feeds) : "";
    return new Promise<NDArray[]>((resolve, reject) => {
      const now = performance.now();
      this.queue.push({ feeds, rows, key, enqueuedAt: now, deadline: now + this.opts.timeoutMs, resolve, reject });
      this.queuedRows += rows;
      this.metrics.queueRows.set(this.queuedRows);
      this.kick();
    });
  }

  /** The trailing dimensions of every input ("8x8|3"): built in place, as it is made for every request. */
  private stackKey(feeds: Feeds): string {
    const inputs = this.opts.inputs;
    let key = "";
    for (let i = 0; i < inputs.length; i++) {
      const shape = feeds[inputs[i]!]!.shape;
      if (i > 0) key += "|";
      for (let d = 1; d < shape.length; d++) key += d > 1 ? `x${shape[d]}` : `${shape[d]}`;
    }
    return key;
  }

  /**
   * From now on runs what is queued without waiting for company (requests still arriving are taken: they were
   * accepted before shutdown began); resolves when the queue is empty and no run is going.
   */
  drain(): Promise<void> {
    this.draining = true;
    this.kick();
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private kick(): void {
    if (this.running) return; // the run's end kicks again
    if (this.queue.length === 0) {
      for (const done of this.idle.splice(0)) done();
      return;
    }
    const waited = performance.now() - this.queue[0]!.enqueuedAt;
    const full = this.queuedRows >= this.opts.maxBatchRows;
    if (!this.opts.enabled || this.draining || full || waited >= this.opts.maxDelayMs) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      void this.runOnce();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.kick();
      }, this.opts.maxDelayMs - waited);
    }
  }

  /** Takes the oldest request and the later ones that stack with it, up to maxBatchRows rows. */
  private take(): Pending[] {
    const head = this.queue[0]!;
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    let rows = 0;
    const now = performance.now();
    for (const p of this.queue) {
      if (now > p.deadline) {
        this.metrics.rejected.inc({ reason: "timeout" });
        this.queuedRows -= p.rows;
        p.reject(new TimedOut(`the request waited more than REQUEST_TIMEOUT_MS=${this.opts.timeoutMs} ms for the model`));
        continue;
      }
      const fits = batch.length === 0 || (this.opts.enabled && p.key === head.key && rows + p.rows <= this.opts.maxBatchRows);
      if (fits) {
        batch.push(p);
        rows += p.rows;
      } else rest.push(p);
    }
    this.queue = rest;
    for (const p of batch) this.queuedRows -= p.rows;
    this.metrics.queueRows.set(this.queuedRows);
    return batch;
  }

  private async runOnce(): Promise<void> {
    this.running = true;
    try {
      const batch = this.take();
      if (batch.length === 0) return;
      const started = performance.now();
      for (const p of batch) this.metrics.queueWaitSeconds.observe((started - p.enqueuedAt) / 1000);
      const rows = batch.reduce((n, p) => n + p.rows, 0);
      this.metrics.batchRows.observe(rows);
      this.metrics.batchRequests.observe(batch.length);
      if (batch.length === 1) {
        await this.settle(batch[0]!, () => this.timedRun(batch[0]!.feeds));
        return;
      }
      let outputs: NDArray[];
      try {
        outputs = await this.timedRun(this.concat(batch));
      } catch {
        // one request's rows may be what the model rejects: run each alone so that only that request fails
        for (const p of batch) await this.settle(p, () => this.timedRun(p.feeds));
        return;
      }
      if (outputs.some((o) => o.shape[0] !== rows)) {
        // an output whose first axis is not the batch (symbolic, but not rows): merged runs cannot be split
        for (const p of batch) await this.settle(p, () => this.timedRun(p.feeds));
        return;
      }
      let start = 0;
      for (const p of batch) {
        p.resolve(outputs.map((o) => rowsOf(o, start, p.rows)));
        start += p.rows;
      }
    } finally {
      this.running = false;
      this.kick();
    }
  }

  private async timedRun(feeds: Feeds): Promise<NDArray[]> {
    const end = this.metrics.modelRunSeconds.startTimer();
    try {
      return await this.runner.run(feeds);
    } finally {
      end();
    }
  }

  private async settle(p: Pending, run: () => Promise<NDArray[]>): Promise<void> {
    try {
      p.resolve(await run());
    } catch (e) {
      p.reject(e);
    }
  }

  /** Every input of every request, stacked along the first axis (string inputs too: their storage has set()). */
  private concat(batch: readonly Pending[]): Feeds {
    const feeds: Feeds = Object.create(null);
    for (const name of this.opts.inputs) {
      const parts = batch.map((p) => p.feeds[name]!);
      const first = parts[0]!;
      const total = parts.reduce((n, a) => n + a.size, 0);
      const data = allocate(first.dtype, total);
      let at = 0;
      for (const a of parts) {
        data.set(a.values(), at);
        at += a.size;
      }
      const rows = parts.reduce((n, a) => n + a.shape[0]!, 0);
      feeds[name] = new NDArray(data, [rows, ...first.shape.slice(1)], first.dtype);
    }
    return feeds;
  }
}

/** Rows [start, start + count) of `a` along the first axis, as a view. */
function rowsOf(a: NDArray, start: number, count: number): NDArray {
  return new NDArray(a.data, [count, ...a.shape.slice(1)], a.dtype, a.strides, a.offset + start * a.strides[0]!);
}
