// Errors a client caused (answered 4xx with the message) versus the service's own (500, message logged, not sent).
import { PyError } from "./runtime/core.ts";

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

/**
 * Preprocessing runs the notebook's own code on the request; a Python exception there (a reshape that does not fit,
 * a key that is missing) means the request does not fit what the notebook expects: the client's mistake.
 */
export function fromPreprocessing(e: unknown): never {
  if (e instanceof PyError) throw new ClientError(`the request could not be preprocessed: ${e.message}`, 400);
  throw e;
}
