// The ONNX model in onnxruntime: opened once at start and checked against the sha256 recorded at conversion, then
// warmed up with one run on zeros so that the first request does not pay for lazy initialisation. Ready (and so
// /readyz, /v2/health/ready) only after both.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import * as ort from "onnxruntime-node";
import type { Runner } from "./batcher.ts";
import { NDArray } from "./runtime/ndarray.ts";
import * as np from "./runtime/np.ts";
import { SERVICE } from "./service.ts";
import type { Feeds } from "./tensors.ts";

export type ModelState = "loading" | "warming-up" | "ready" | "failed";

export interface ModelOptions {
  /** onnxruntime threads per run; 1 keeps one request from taking every core. */
  readonly intraOpThreads?: number;
}

export class Model implements Runner {
  private session: ort.InferenceSession | null = null;
  state: ModelState = "loading";
  failure: string | null = null;

  constructor(
    readonly path: string,
    private readonly opts: ModelOptions = {},
  ) {}

  /** Opens, verifies and warms up the model; on failure the service stays alive but never ready. */
  async load(): Promise<void> {
    await this.open();
    await this.warmUp();
  }

  /** Reads the file, checks its sha256 and creates the session; the model is not ready until warmUp(). */
  async open(): Promise<void> {
    try {
      const bytes = await readFile(this.path);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      if (sha256 !== SERVICE.model.sha256) {
        throw new Error(`model file ${this.path} has sha256 ${sha256}, but the service was generated for ${SERVICE.model.sha256}`);
      }
      this.session = await ort.InferenceSession.create(bytes, {
        intraOpNumThreads: this.opts.intraOpThreads ?? 1,
        interOpNumThreads: 1,
        executionMode: "sequential",
        graphOptimizationLevel: "all",
      });
      this.state = "warming-up";
    } catch (e) {
      this.fail(e);
    }
  }

  /** One run on zeros of each input's shape (symbolic dimensions 1); then the model is ready. */
  async warmUp(): Promise<void> {
    try {
      await this.run(warmupFeeds());
      this.state = "ready";
    } catch (e) {
      this.fail(e);
    }
  }

  /** Runs the model; outputs come back in the model's output order. */
  async run(feeds: Feeds): Promise<NDArray[]> {
    if (!this.session) throw new Error("the model is not loaded");
    const tensors: Record<string, ort.Tensor> = {};
    for (const spec of SERVICE.model.inputs) {
      const arr = feeds[spec.name]!;
      tensors[spec.name] = new ort.Tensor(spec.dtype, np.toTensorData(arr, spec.dtype) as never, [...arr.shape]);
    }
    const out = await this.session.run(tensors);
    return SERVICE.model.outputs.map((spec) => {
      const t = out[spec.name]!;
      return np.fromTensorData(t.data as never, t.dims, spec.dtype);
    });
  }

  async close(): Promise<void> {
    await this.session?.release();
    this.session = null;
  }

  private fail(e: unknown): never {
    this.state = "failed";
    this.failure = (e as Error).message;
    throw e;
  }
}

/** Zeros of each input's shape, with symbolic dimensions set to 1. */
function warmupFeeds(): Feeds {
  const feeds: Feeds = Object.create(null);
  for (const spec of SERVICE.model.inputs) {
    feeds[spec.name] = np.zeros(spec.shape.map((d) => (typeof d === "number" ? d : 1)), spec.dtype);
  }
  return feeds;
}
