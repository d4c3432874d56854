// ServicePlan: the IR. Made by plan from an Analysis and a ModelSignature; read by translate and generate, which
// read nothing else about the notebook.
import type { Constant, InputBinding, Json, OutputBinding, PyFunction } from "../analyze/types.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { ModelSignature } from "../inspect/types.ts";

/** A JSON Schema (draft 2020-12 subset) as plain data: what Fastify validates and OpenAPI publishes. */
export type JsonSchema = { readonly [key: string]: Json | JsonSchema | readonly JsonSchema[] };

/** One field of the /predict request body. */
export interface RequestField {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
  /** The Python default, as JSON, when the parameter has a literal one. */
  readonly default?: Json;
  /**
   * image: the parameter reaches an image read (`Image.open(path)`, `cv2.imread(path)`, ...): the request carries the
   * image file (a raw body, a multipart file, or base64 in JSON) and the function receives its bytes.
   */
  readonly media?: "image";
  /**
   * A record's column whose missing value the notebook's path fills (`fillna`, an imputer) or the model imputes: the
   * field may be null or left out, and reaches the notebook as pandas' missing value either way (NaN in a number
   * column, None in others: src/generate/pipeline-module.ts).
   */
  readonly missing?: true;
}

export interface BatchingOptions {
  readonly enabled: boolean;
  /** Most rows merged into one model run. */
  readonly maxBatchRows: number;
  /** Longest a request waits for others to join its batch, in milliseconds. */
  readonly maxDelayMs: number;
  /** Most rows waiting; past it the service answers 503 with Retry-After. */
  readonly maxQueueRows: number;
}

/** What one request may cost the service; each can be changed with an env var. */
export interface LimitOptions {
  /** Largest request body, in bytes (413 past it). */
  readonly bodyLimitBytes: number;
  /** Longest a request may take to arrive and to wait for the model, in milliseconds (504 past it). */
  readonly requestTimeoutMs: number;
  /** How long SIGTERM waits for in-flight requests before exiting anyway, in milliseconds. */
  readonly shutdownGraceMs: number;
  /** Largest image file one image field may hold, in bytes (413 past it); read only by services that take images. */
  readonly imageMaxBytes: number;
  /**
   * Most pixels (width x height) of an image a request may send, checked from its header before decoding (a
   * decompression bomb is refused with 413); also Pillow's `Image.MAX_IMAGE_PIXELS` for the notebook's code.
   */
  readonly imageMaxPixels: number;
}

export interface ServiceOptions {
  readonly port: number;
  readonly host: string;
  readonly batching: BatchingOptions;
  readonly limits: LimitOptions;
  readonly container: boolean;
  readonly kubernetes: boolean;
}

/** The Python functions the service runs around the model, and what they read. */
export interface PythonCode {
  /** Entry functions first (preprocess, postprocess), then helpers, each once. */
  readonly functions: readonly PyFunction[];
  readonly constants: readonly Constant[];
  /** Module aliases seen in the notebook: { np: "numpy", torch: "torch" }. */
  readonly imports: Readonly<Record<string, string>>;
}

export interface PipelinePlan {
  /** A record request's answer is the one item of the one-row answer (the notebook answered several rows at once). */
  readonly unwrapRow?: boolean;
  /**
   * The entry function takes a list of records (`pd.DataFrame(passengers)` of a literal list of dicts): each record of a
   * request is passed as a one-record list.
   */
  readonly recordList?: boolean;
  /**
   * The notebook read the model's outputs from an onnxruntime session (`sess.run`), so classifier probabilities are
   * the ZipMap's list of dicts there; from the framework object (`clf.predict_proba`) they are an array.
   */
  readonly sessionOutputs?: boolean;
  /** Entry preprocessing function: its parameters are the request body's fields. */
  readonly preprocess: string | null;
  readonly postprocess: string | null;
  readonly input: InputBinding;
  readonly output: OutputBinding;
  /**
   * The postprocessing's parameters after the output(s): the model inputs it reads, by name (an autoencoder's
   * reconstruction error reads what the model was fed). The service passes the request's own feeds.
   */
  readonly postprocessInputs?: readonly string[];
  /**
   * Its parameters after those: request fields it reads (a recommender's split function that leaves out the items the
   * requested user rated). The service passes the request's own values.
   */
  readonly postprocessFields?: readonly string[];
}

export interface GoldenCase {
  /** `cell-12` for the cell at index 11: a stable name for test titles, numbered from 1 as diagnostics name cells. */
  readonly name: string;
  /** The cell that displayed it (0-based); null for a model check. */
  readonly cell: number | null;
  readonly call: string;
  readonly request: { readonly [field: string]: Json };
  readonly expected: Json;
  /** Added to the service's atol for this example: the notebook showed its numbers rounded (`{x:.2f}`). */
  readonly atol?: number;
  /**
   * notebook: an answer the notebook displayed; model-check: an input nb2svc made (from the request schema or data
   * shipped with the notebook) with the answer computed by the model at conversion, for notebooks that showed none.
   */
  readonly source: "notebook" | "model-check";
  /** A notebook example whose input nb2svc rebuilt from data: confirmed against the service at conversion. */
  readonly fromData?: boolean;
}

export interface ServicePlan {
  readonly name: string;
  readonly toolVersion: string;
  readonly notebook: { readonly path: string; readonly fileName: string };
  readonly model: {
    /** File name inside the service's `model/` folder. */
    readonly fileName: string;
    readonly signature: ModelSignature;
    /** First input axis is symbolic on every input and output: rows can be merged into batches. */
    readonly batchable: boolean;
  };
  readonly request: {
    /**
     * fields: the body's keys are the entry function's parameters (or the model's inputs); record: the body is one
     * record (a table row, a literal dict the notebook used), or a list of them, each run through the path alone, and
     * `fields` are the record's columns.
     */
    readonly style: "fields" | "record";
    readonly fields: readonly RequestField[];
    /**
     * A record whose columns are the model's inputs: a model with one [N, 1] input per column (skl2onnx's per-column
     * initial_types) and no preprocessing function. Each input gets its column.
     */
    readonly records?: boolean;
    /** Requests made of real data shipped with the notebook (CSV rows), for model checks. */
    readonly samples?: readonly { readonly [field: string]: Json }[];
  };
  /** The /predict response body, as far as the notebook's displayed answers show it (keys and JSON types). */
  readonly response: { readonly schema: JsonSchema };
  readonly pipeline: PipelinePlan;
  readonly code: PythonCode;
  readonly goldens: readonly GoldenCase[];
  /** How close the service's numbers must be to the notebook's: |a - e| <= atol + rtol * |e|. */
  readonly tolerance: { readonly rtol: number; readonly atol: number };
  readonly options: ServiceOptions;
  readonly diagnostics: readonly Diagnostic[];
}
