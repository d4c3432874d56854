// The ONNX model in onnxruntime: opened once at start and checked against the sha256 recorded at conversion (its
// external data files too), then warmed up with one run so that the first request does not pay for lazy
// initialisation. Ready (and so /readyz, /v2/health/ready) only after both.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type * as ort from "onnxruntime-node";
import type { Runner } from "./batcher.ts";
import type { OnnxruntimeWarmup } from "./onnxruntime-warmup.ts";
import { ClientError } from "./errors.ts";
import { NDArray } from "@nb2svc/runtime/ndarray";
import * as np from "@nb2svc/runtime/np";
import { SERVICE, type TensorSpec } from "./generated/service.ts";
import { runtimeDType, type Feeds } from "./tensors.ts";

export type ModelState = "loading" | "warming-up" | "ready" | "failed";

export interface ModelOptions {
  /** onnxruntime threads per run; 1 keeps one request from taking every core. */
  readonly intraOpThreads?: number;
  /** onnxruntime's native start, begun on a worker thread at process start (the server's): waited for before the session is created. */
  readonly warmup?: OnnxruntimeWarmup;
}

/**
 * onnxruntime-node, loaded when the first model is opened rather than with the bundle: its JavaScript and native
 * addon then load after the server listens (liveness answers meanwhile), and a cluster primary, which opens no model,
 * never loads them (a static import of an external package is hoisted to the top of the bundle and runs at start).
 */
let onnxruntime: typeof ort | null = null;

/**
 * Required, not imported: the first import() of a CommonJS package from an ES module makes Node set up its lexer of
 * CommonJS exports (about 10 ms of the start), which nothing else in the bundle needs. Imported only where this module
 * runs away from any node_modules holding the package (nb2svc's checks bundle it into a temporary file and map the
 * import to nb2svc's own copy).
 */
async function loadOnnxruntime(): Promise<typeof ort> {
  try {
    return createRequire(import.meta.url)("onnxruntime-node") as typeof ort;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw e;
    try {
      return await import("onnxruntime-node");
    } catch {
      // the import's own error says nothing useful: from the app's script compiled out of its code cache it is "A
      // dynamic import callback was not specified", whatever the cause
      throw new Error(`onnxruntime-node is not installed beside the service (${(e as Error).message.split("\n")[0]}): install its dependencies with \`npm ci --omit=dev\``);
    }
  }
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
      const dir = path.dirname(this.path);
      for (const d of SERVICE.model.data) {
        const file = path.join(dir, d.file);
        const got = createHash("sha256").update(await readFile(file)).digest("hex");
        if (got !== d.sha256) throw new Error(`model data file ${file} has sha256 ${got}, but the service was generated for ${d.sha256}`);
      }
      onnxruntime ??= await loadOnnxruntime();
      // the addon is loaded on this thread now, so the worker may go once this session is made; its outcome is not
      // ours to report: without it this session makes onnxruntime's environment itself
      await this.opts.warmup?.ready;
      this.session = await onnxruntime.InferenceSession.create(bytes, {
        intraOpNumThreads: this.opts.intraOpThreads ?? 1,
        interOpNumThreads: 1,
        executionMode: "sequential",
        graphOptimizationLevel: "all",
        // a model loaded from bytes finds its external data files here (beside the model, not the working directory)
        extra: { session: { model_external_initializers_file_folder_path: dir } },
      });
      this.state = "warming-up";
    } catch (e) {
      this.fail(e);
    } finally {
      this.opts.warmup?.finish();
    }
  }

  /**
   * One run on each input's warm-up value (a category the model knows, else zero or "") in its shape, symbolic
   * dimensions 1; then the model is ready.
   */
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
    if (!this.session || !onnxruntime) throw new Error("the model is not loaded");
    const { Tensor } = onnxruntime;
    const tensors: Record<string, ort.Tensor> = {};
    for (const spec of SERVICE.model.inputs) {
      const arr = feeds[spec.name]!;
      tensors[spec.name] = new Tensor(spec.dtype, np.toTensorData(arr, runtimeDType(spec)) as never, [...arr.shape]);
    }
    let out: ort.InferenceSession.OnnxValueMapType;
    try {
      out = await this.session.run(tensors);
    } catch (e) {
      throw fromRun(e);
    }
    return SERVICE.model.outputs.map((spec) => {
      const t = out[spec.name]!;
      return np.fromTensorData(t.data as never, t.dims, runtimeDType(spec));
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

/** Each input's warm-up value in its shape, with symbolic dimensions set to 1. */
function warmupFeeds(): Feeds {
  const feeds: Feeds = Object.create(null);
  for (const spec of SERVICE.model.inputs) feeds[spec.name] = warmupArray(spec);
  return feeds;
}

function warmupArray(spec: TensorSpec): NDArray {
  const shape = spec.shape.map((d) => (typeof d === "number" ? d : 1));
  const dtype = runtimeDType(spec);
  const fill = spec.warmup ?? (dtype === "str" ? "" : 0);
  return np.full(shape, dtype === "str" ? String(fill) : typeof fill === "number" ? fill : 0, dtype);
}

/**
 * onnxruntime refusing a run's values (a category a OneHotEncoder was told to refuse, an index out of range) is the
 * request's fault: a 400 with onnxruntime's reason. Anything else stays a fault of the service.
 */
function fromRun(e: unknown): unknown {
  const message = e instanceof Error ? e.message : String(e);
  const m = /(Unknown Category[^\n]*|[^\n:]*out of (?:range|bounds)[^\n]*|indices element out of data bounds[^\n]*)/i.exec(message);
  return m ? new ClientError(`the model refused the input: ${m[1]!.trim()}`) : e;
}
