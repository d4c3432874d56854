// Errors a client caused (answered 4xx with the message), the service being unable to take the request now (503
// with Retry-After, 504), and the service's own faults (500, message logged, not sent).
import { PyError } from "@nb2svc/runtime/core";

/** A request the service cannot serve because of its content; `status` is 4xx. */
export class ClientError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = "ClientError";
  }
}

/** The service cannot take the request now (model loading, queue full, shutting down): 503, retry later. */
export class Unavailable extends Error {
  readonly status = 503;
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
    this.name = "Unavailable";
  }
}

/** The request waited longer than REQUEST_TIMEOUT_MS for the model: 504. */
export class TimedOut extends Error {
  readonly status = 504;
  constructor(message: string) {
    super(message);
    this.name = "TimedOut";
  }
}

/**
 * Preprocessing runs the notebook's own code on the request; a Python exception there (a reshape that does not fit,
 * a key that is missing) means the request does not fit what the notebook expects: the client's mistake.
 */
export function fromPreprocessing(e: unknown): never {
  if (e instanceof PyError) throw new PreprocessingError(e.message);
  throw e;
}

/** The notebook's preprocessing raised on a request: `detail` is the Python exception (the app names the fields). */
export class PreprocessingError extends ClientError {
  constructor(readonly detail: string) {
    super(`the request could not be preprocessed: ${detail}`, 400);
  }
}

/**
 * Postprocessing runs the notebook's code on the model's answer to this request; a Python exception there (`int()`
 * of several rows' predictions where the notebook gave one row) comes from what the request holds: 422.
 */
export function fromPostprocessing(e: unknown): never {
  if (e instanceof PyError) throw new ClientError(`the model's answer to this request could not be postprocessed as the notebook does: ${e.message}`, 422);
  throw e;
}
