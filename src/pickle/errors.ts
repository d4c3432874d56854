// Errors of the pickle reader: every way a file can fail to be read is one of these, with a message a person can
// act on. The reader throws nothing else (anything else is a bug of the reader).

export type PickleErrorKind =
  /** The pickle names a global outside the allow-list, or asks to call or build something the reader does not. */
  | "refused"
  /** The bytes are not a pickle (truncated, unknown opcode, inconsistent stack). */
  | "invalid"
  /** A limit that keeps a hostile file from exhausting memory or time was reached. */
  | "limit"
  /** A well-formed pickle holding data the reader has no form for (complex numbers, structured arrays, ...). */
  | "unsupported";

export class PickleError extends Error {
  constructor(
    readonly kind: PickleErrorKind,
    message: string,
    /** Byte offset of the opcode where reading stopped (within the decompressed stream), when known. */
    readonly offset?: number,
    /** The class the notebook defines (`Preprocessor` of `__main__.Preprocessor`) that the pickle makes an instance of. */
    readonly notebookClass?: string,
  ) {
    super(message);
    this.name = "PickleError";
  }
}

export const refused = (message: string, offset?: number): PickleError => new PickleError("refused", message, offset);
export const invalid = (message: string, offset?: number): PickleError => new PickleError("invalid", message, offset);
export const limit = (message: string, offset?: number): PickleError => new PickleError("limit", message, offset);
export const unsupported = (message: string, offset?: number): PickleError => new PickleError("unsupported", message, offset);
