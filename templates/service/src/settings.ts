// The service's settings: environment variables over the defaults nb2svc chose (SERVICE). Read and checked once at
// start, so that a typo stops the service with a message naming the variable instead of running on a wrong value.
import { SERVICE } from "./generated/service.ts";

export interface BatchSettings {
  /** Merge concurrent requests into one model run (only when the model's first axis is symbolic). */
  readonly enabled: boolean;
  /** Most rows in one model run. */
  readonly maxBatchRows: number;
  /** Longest the first request of a batch waits for others, in milliseconds. */
  readonly maxDelayMs: number;
  /** Most rows waiting for the model; past it requests get 503 with Retry-After. */
  readonly maxQueueRows: number;
}

export interface Settings {
  readonly host: string;
  readonly port: number;
  /** The .onnx file; null for the model/ folder next to the code. */
  readonly modelPath: string | null;
  readonly logLevel: string;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  readonly shutdownGraceMs: number;
  /** After SIGTERM, how long connections stay open (answering 503 with Connection: close) before they are closed. */
  readonly shutdownLingerMs: number;
  /** onnxruntime threads per model run. */
  readonly intraOpThreads: number;
  /** Accept NaN and infinite values in float model inputs (for models that treat NaN as "missing"). */
  readonly allowNonFinite: boolean;
  /** Largest image file an image field may hold, in bytes (services that take images). */
  readonly imageMaxBytes: number;
  /** Most pixels an image may have, read from its header before decoding (services that take images). */
  readonly imageMaxPixels: number;
  readonly batching: BatchSettings;
  /** Settings that were given but cannot apply, for the log. */
  readonly warnings: readonly string[];
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function integer(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new SettingsError(`${name}=${JSON.stringify(raw)}: expected an integer >= ${min}`);
  return n;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "on", "yes"].includes(raw)) return true;
  if (["0", "false", "off", "no"].includes(raw)) return false;
  throw new SettingsError(`${name}=${JSON.stringify(env[name])}: expected on or off`);
}

export function readSettings(env: Env = process.env): Settings {
  const warnings: string[] = [];
  const wanted = flag(env, "BATCHING", SERVICE.batching.enabled);
  if (wanted && !SERVICE.model.batchable && env.BATCHING !== undefined) {
    warnings.push("BATCHING is on, but the model's first axis is fixed, so requests cannot be merged: each runs alone");
  }
  const level = (env.LOG_LEVEL ?? "info").trim().toLowerCase();
  if (!LOG_LEVELS.includes(level)) throw new SettingsError(`LOG_LEVEL=${JSON.stringify(env.LOG_LEVEL)}: expected one of ${LOG_LEVELS.join(", ")}`);
  return {
    host: env.HOST?.trim() || SERVICE.host,
    port: integer(env, "PORT", SERVICE.port, 0),
    modelPath: env.MODEL_PATH?.trim() || null,
    logLevel: level,
    bodyLimitBytes: integer(env, "BODY_LIMIT_BYTES", SERVICE.limits.bodyLimitBytes, 1),
    requestTimeoutMs: integer(env, "REQUEST_TIMEOUT_MS", SERVICE.limits.requestTimeoutMs, 1),
    shutdownGraceMs: integer(env, "SHUTDOWN_GRACE_MS", SERVICE.limits.shutdownGraceMs, 0),
    shutdownLingerMs: integer(env, "SHUTDOWN_LINGER_MS", 1000, 0),
    intraOpThreads: integer(env, "ORT_INTRA_OP_THREADS", 1, 0),
    allowNonFinite: flag(env, "ALLOW_NON_FINITE_INPUTS", false),
    imageMaxBytes: integer(env, "IMAGE_MAX_BYTES", SERVICE.limits.imageMaxBytes, 1),
    imageMaxPixels: integer(env, "IMAGE_MAX_PIXELS", SERVICE.limits.imageMaxPixels, 1),
    batching: {
      enabled: wanted && SERVICE.model.batchable,
      maxBatchRows: integer(env, "BATCH_MAX_ROWS", SERVICE.batching.maxBatchRows, 1),
      maxDelayMs: integer(env, "BATCH_MAX_DELAY_MS", SERVICE.batching.maxDelayMs, 0),
      maxQueueRows: integer(env, "BATCH_MAX_QUEUE_ROWS", SERVICE.batching.maxQueueRows, 1),
    },
    warnings,
  };
}
