// `open(path, "rb")` in translated code. A service receives files (an uploaded image) as bytes where the notebook
// had a path, so `open` of those bytes is a file object over them: `.read()` gives them back. Nothing touches the
// file system; a string path raises FileNotFoundError, as it would for a file the service does not have.
import { PyError } from "./core.ts";
import { METHOD_NOT_FOUND } from "./pystr.ts";

/** A binary file open for reading, over bytes already received (io.BufferedReader's reading methods). */
export class BytesFile {
  private pos = 0;
  closed = false;
  constructor(private readonly bytes: Uint8Array) {}

  read(size?: unknown): Uint8Array {
    if (this.closed) throw new PyError("ValueError", "read of closed file");
    const n = size === undefined || size === null || (typeof size === "number" && size < 0) ? this.bytes.length - this.pos : Number(size);
    const out = this.bytes.subarray(this.pos, Math.min(this.bytes.length, this.pos + n));
    this.pos += out.length;
    return out;
  }

  pyMethod(name: string, args: unknown[]): unknown {
    switch (name) {
      case "read":
        return this.read(args[0]);
      case "close":
        this.closed = true;
        return null;
      case "__enter__":
        return this;
      case "__exit__":
        this.closed = true;
        return false;
      case "seek":
        this.pos = Math.max(0, Math.min(this.bytes.length, Number(args[0] ?? 0)));
        return this.pos;
      case "tell":
        return this.pos;
      default:
        return METHOD_NOT_FOUND;
    }
  }

  pyAttr(name: string): unknown {
    if (name === "closed") return this.closed;
    if (name === "mode") return "rb";
    return METHOD_NOT_FOUND;
  }
}

/** `open(file, "rb")` of the bytes the service received for that parameter. */
export function openBytes(file: unknown): BytesFile {
  if (file instanceof Uint8Array) return new BytesFile(file);
  if (ArrayBuffer.isView(file)) return new BytesFile(new Uint8Array(file.buffer, file.byteOffset, file.byteLength));
  if (typeof file === "string") {
    throw new PyError("FileNotFoundError", `[Errno 2] No such file or directory: ${JSON.stringify(file)} (a service receives files as bytes: send the file itself)`);
  }
  throw new PyError("TypeError", "expected str, bytes or os.PathLike object");
}
