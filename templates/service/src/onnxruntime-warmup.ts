// onnxruntime's native start, moved off the main thread. The first InferenceSession of a process pays for loading
// onnxruntime's library, creating its environment and registering every operator's schema and CPU kernel (about
// 55-95 ms on one core; a second session of the same model then takes 1-3 ms). A worker thread pays for it on
// another core while the main thread loads and starts the app: it loads onnxruntime-node and opens a session of a
// one-node model, which leaves the process-wide state (the library mapped, the environment, the registries) made.
// The main thread's own session, of the service's model, is then created as a second session.
//
// onnxruntime-node shares one environment between the threads of a process, counted (its ort_singleton_data.cc):
// a worker thread's exit releases its count, and only the main thread's frees the environment. The worker is kept
// until the main thread has loaded the addon itself, since a worker's exit unloads the addons it loaded (were it the
// only one to hold the library, the work would be lost with it).
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** Why the worker's work was not done, or null once it was (a failure there is not the service's: see `ready`). */
export type WarmupOutcome = string | null;

export interface OnnxruntimeWarmup {
  /**
   * Settles when the worker has made onnxruntime's environment, or could not (then with why): the main thread waits
   * for it before creating its own session, so that the two threads never build that state at once. Never rejects:
   * the service's own session creation then does the work itself and reports its own errors.
   */
  readonly ready: Promise<WarmupOutcome>;
  /** Lets the worker exit; call once the main thread has created its session (or given up). */
  finish(): void;
  /** Settles with the worker's exit code once it has exited (null when it never started). */
  readonly exited: Promise<number | null>;
  /**
   * Lets the worker finish its work and exit; call before `process.exit`. Exiting the process terminates a worker
   * thread, and one terminated inside onnxruntime-node's native code aborts the process ("terminate called after
   * throwing an instance of 'Napi::Error'", SIGABRT instead of the exit code the server chose).
   */
  stop(): Promise<void>;
}

/**
 * A model of one Identity node (opset 13, float[1] in and out), serialized by onnx.helper: the smallest graph that
 * makes onnxruntime build its environment and CPU kernel registry, without reading the service's model a second time
 * (a large model would take as long and as much memory again).
 */
const IDENTITY_MODEL = "CAcSBm5iMnN2Yzo8ChAKAXgSAXkiCElkZW50aXR5EgZ3YXJtdXBaDwoBeBIKCggIARIECgIIAWIPCgF5EgoKCAgBEgQKAggBQgQKABAN";

// CommonJS, evaluated by the worker: onnxruntime-node is a CommonJS package, resolved by the main thread (from the
// bundle's folder) and passed in by path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
parentPort.once("message", () => parentPort.close());
(async () => {
  const ort = require(workerData.onnxruntime);
  const session = await ort.InferenceSession.create(Buffer.from(workerData.model, "base64"), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  await session.release();
})().then(
  () => parentPort.postMessage(null),
  (e) => parentPort.postMessage(String((e && e.message) || e)),
);
`;

/**
 * Starts the worker, which loads onnxruntime-node from `onnxruntime` (a path; by default the package as this module
 * resolves it). A process that cannot start it just goes without.
 */
export function warmUpOnnxruntime(onnxruntime?: string): OnnxruntimeWarmup {
  let worker: Worker;
  try {
    const from = onnxruntime ?? createRequire(import.meta.url).resolve("onnxruntime-node");
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { onnxruntime: from, model: IDENTITY_MODEL } });
  } catch (e) {
    return { ready: Promise.resolve((e as Error).message), finish: () => {}, exited: Promise.resolve(null), stop: () => Promise.resolve() };
  }
  // never what keeps the process alive: a server that stops before its model opened exits without waiting for it
  worker.unref();
  const exited = new Promise<number | null>((resolve) => worker.once("exit", resolve));
  const ready = new Promise<WarmupOutcome>((resolve) => {
    worker.once("message", (m: WarmupOutcome) => resolve(m));
    worker.once("error", (e) => resolve(e.message));
    void exited.then((code) => resolve(`the worker exited (${code})`));
  });
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    worker.postMessage("finish");
  };
  return {
    ready,
    exited,
    finish,
    async stop() {
      await ready;
      finish();
      await exited;
    },
  };
}
