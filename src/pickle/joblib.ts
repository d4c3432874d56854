// Files written by `joblib.dump` and `pickle.dump`: a pickle stream, possibly zlib- or gzip-compressed whole
// (`joblib.dump(obj, path, compress=3)`, `compress=("gzip", 3)`), in which joblib writes each numpy array's bytes
// right after the BUILD of its NumpyArrayWrapper (object arrays as a nested pickle), after an alignment padding
// since joblib 1.2. Plain `pickle.dump` files are the same stream without wrappers.
import { gunzipSync, inflateSync } from "node:zlib";
import type { PyValue } from "../python/values.ts";
import { invalid, limit, PickleError, refused, unsupported } from "./errors.ts";
import { arrayFromBytes, shapeSize } from "./numpy.ts";
import { PickleReader, type InlineArrays, type PickleNode, type ReadOptions } from "./reader.ts";

export interface FileOptions extends ReadOptions {
  /** Largest stream accepted once decompressed (bytes). */
  readonly maxDecompressedBytes?: number;
}

export interface ReadResult {
  readonly value: PyValue;
  /** How the file was written, for messages. */
  readonly compression: "none" | "zlib" | "gzip";
  /** The pickle protocol of the top-level stream (0 when it has no PROTO opcode). */
  readonly protocol: number;
}

const DEFAULT_MAX_DECOMPRESSED = 1 << 30;

/** Compressions joblib can write that Node cannot read without a dependency: refused by name. */
const UNREAD_COMPRESSIONS: readonly [readonly number[], string][] = [
  [[0x42, 0x5a], "bz2"],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], "xz"],
  [[0x5d, 0x00], "lzma"],
  [[0x04, 0x22, 0x4d, 0x18], "lz4"],
];

const startsWith = (b: Uint8Array, prefix: readonly number[]): boolean => prefix.every((x, i) => b[i] === x);

/** The decompressed pickle stream of a joblib or pickle file. */
export function pickleStream(file: Uint8Array, options: FileOptions = {}): { bytes: Uint8Array; compression: ReadResult["compression"] } {
  if (file.length === 0) throw invalid("the file is empty");
  const max = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED;
  if (startsWith(file, [0x5a, 0x46])) {
    throw unsupported("the file is in the format of joblib before 0.10 (a `ZF` header, arrays in separate files); save it again with a current joblib");
  }
  for (const [magic, name] of UNREAD_COMPRESSIONS) {
    if (startsWith(file, magic)) throw unsupported(`the file is ${name}-compressed, which nb2svc does not read; save it with joblib.dump(obj, path, compress=3) (zlib) or without compression`);
  }
  const inflate = (fn: typeof inflateSync, name: "zlib" | "gzip"): Uint8Array => {
    try {
      return new Uint8Array(fn(file, { maxOutputLength: max }));
    } catch (e) {
      if (e instanceof RangeError || (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw limit(`the ${name}-compressed file expands to more than ${max} bytes`);
      }
      throw invalid(`the ${name}-compressed data is corrupt or truncated (${(e as Error).message})`);
    }
  };
  if (file[0] === 0x78) return checkStart(inflate(inflateSync, "zlib"), "zlib");
  if (startsWith(file, [0x1f, 0x8b])) return checkStart(inflate(gunzipSync, "gzip"), "gzip");
  return checkStart(file, "none");
}

/** Opcodes a protocol 0 or 1 pickle can start with (2 and later start with PROTO, 0x80). */
const FIRST_OPCODES = new Set(Array.from("(]})NILFSVcTUJKMGXBCi", (c) => c.charCodeAt(0)));

function checkStart(bytes: Uint8Array, compression: ReadResult["compression"]): { bytes: Uint8Array; compression: ReadResult["compression"] } {
  if (bytes.length === 0) throw invalid("the file is empty");
  if (startsWith(bytes, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) throw invalid("this is a numpy .npy file, not a pickle: load it with np.load");
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) throw invalid("this is a zip archive (a .npz file?), not a pickle or joblib file");
  if (bytes[0] !== 0x80 && !FIRST_OPCODES.has(bytes[0]!)) {
    const shown = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw invalid(`not a pickle or joblib file (it starts with ${shown})`);
  }
  return { bytes, compression };
}

/** Reads a joblib or pickle file's top-level value. Throws PickleError (only) when it cannot. */
export function readPickleFile(file: Uint8Array, options: FileOptions = {}): ReadResult {
  const { bytes, compression } = pickleStream(file, options);
  const protocol = bytes[0] === 0x80 ? (bytes[1] ?? 0) : 0;
  const reader = new PickleReader(bytes, 0, options, joblibArrays(options));
  try {
    const root = reader.load();
    return { value: reader.toValue(root), compression, protocol };
  } catch (e) {
    if (e instanceof PickleError) throw e;
    if (e instanceof RangeError) throw limit(`reading the pickle ran out of room (${e.message})`);
    throw e;
  }
}

function joblibArrays(options: ReadOptions): InlineArrays {
  return {
    readArray(stateNode: PickleNode, reader: PickleReader): PickleNode {
      if (stateNode.t !== "dict") throw invalid("joblib's array wrapper has no state dict");
      const get = (k: string): PickleNode | undefined => stateNode.map.get(`s${k}`)?.[1];
      const subclass = get("subclass");
      if (subclass?.t !== "global" || subclass.g.kind !== "np-ndarray") {
        throw refused(`joblib's array wrapper holds an array of class ${subclass?.t === "global" ? `\`${subclass.name}\`` : "other than numpy.ndarray"}, which is not read`);
      }
      const shape = get("shape");
      const order = get("order");
      const dtype = get("dtype");
      if (shape?.t !== "tuple" || order?.t !== "str" || dtype?.t !== "dtype") throw invalid("joblib's array wrapper lacks its shape, order or dtype");
      const dims = shape.items.map((x) => {
        if (x.t !== "int" || x.v < 0n || x.v > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid("joblib's array wrapper has a shape that is not a tuple of sizes");
        return Number(x.v);
      });
      if (dtype.descr.kind === "O") {
        // joblib pickles object arrays with the plain pickler, as a complete stream of its own
        const nested = new PickleReader(reader.bytes, reader.pos, options);
        const node = nested.load();
        reader.pos = nested.pos;
        if (node.t !== "array") throw invalid("joblib's object array is followed by something other than an array");
        return node;
      }
      const align = get("numpy_array_alignment_bytes");
      if (align && align.t !== "none") {
        const pad = reader.u8("joblib's alignment padding");
        reader.take(pad, "joblib's alignment padding");
      }
      const n = shapeSize(dims);
      const size = n * dtype.descr.itemsize;
      if (!Number.isSafeInteger(size)) throw invalid(`joblib array of shape (${dims.join(", ")}) is too large`);
      const raw = reader.take(size, `the bytes of a joblib array of shape (${dims.join(", ")})`);
      return { t: "array", value: arrayFromBytes(dtype.descr, dims, order.v === "F", raw) };
    },
  };
}
