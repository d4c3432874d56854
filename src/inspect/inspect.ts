// inspect: an ONNX file to its ModelSignature. Inputs and outputs come from onnxruntime-node itself (so they are
// what the service will see); opset and producer from the model's protobuf header, which onnxruntime does not expose.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { DiagnosticLog } from "../diagnostics/log.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { Dim, ModelSignature, TensorInfo, TensorType } from "./types.ts";

export interface InspectResult {
  readonly signature: ModelSignature | null;
  readonly diagnostics: readonly Diagnostic[];
}

const TENSOR_TYPES: ReadonlySet<string> = new Set<TensorType>([
  "float32",
  "float64",
  "float16",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "bool",
  "string",
]);

export async function inspectModel(file: string): Promise<InspectResult> {
  const log = new DiagnosticLog();
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    log.error({
      code: "INSPECT_MODEL_MISSING",
      message: `cannot read the model ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`,
      suggestion: "run the notebook's export cell so that it writes the file, or pass --model PATH",
    });
    return { signature: null, diagnostics: log.items };
  }
  const header = readHeader(bytes);
  const ort = await import("onnxruntime-node");
  let session: import("onnxruntime-node").InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: "disabled", logSeverityLevel: 3 });
  } catch (e) {
    log.error({
      code: "INSPECT_MODEL_INVALID",
      message: `onnxruntime cannot load ${file}: ${firstLine((e as Error).message)}`,
      suggestion: "re-export the model; check that the export cell ran without errors and that the file is not truncated",
    });
    return { signature: null, diagnostics: log.items };
  }
  try {
    const inputs = session.inputMetadata.map((m, i) => tensorInfo(m, session.inputNames[i]!, "input", log));
    const outputs = session.outputMetadata.map((m, i) => tensorInfo(m, session.outputNames[i]!, "output", log));
    return {
      signature: {
        path: file,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        bytes: bytes.byteLength,
        opset: header.opset,
        producer: header.producer,
        inputs,
        outputs,
      },
      diagnostics: log.items,
    };
  } finally {
    await session.release();
  }
}

type Metadata = import("onnxruntime-node").InferenceSession.ValueMetadata;

function tensorInfo(m: Metadata, name: string, what: string, log: DiagnosticLog): TensorInfo {
  if (!m.isTensor) {
    log.error({
      code: "INSPECT_NON_TENSOR",
      message: `the model's ${what} \`${name}\` is not a tensor (a sequence or map, as skl2onnx's ZipMap makes)`,
      suggestion: "export with tensor outputs only, e.g. skl2onnx options={id(clf): {'zipmap': False}}",
    });
    return { name, dtype: "float32", shape: [] };
  }
  if (!TENSOR_TYPES.has(m.type)) {
    log.error({
      code: "INSPECT_UNSUPPORTED_TYPE",
      message: `the model's ${what} \`${name}\` has element type ${m.type}, which the service cannot send as JSON`,
    });
  }
  const shape: Dim[] = m.shape.map((d) => (typeof d === "number" ? (d < 0 ? null : d) : d === "" ? null : d));
  return { name, dtype: m.type as TensorType, shape };
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.trim();
}

/**
 * Reads `producer_name` (field 2) and the default-domain `opset_import` (field 8) from a ModelProto. Only top-level
 * fields are visited; the graph (field 7) is skipped by its length, so this is cheap for any model size.
 */
export function readHeader(buf: Uint8Array): { opset: number | null; producer: string | null } {
  let opset: number | null = null;
  let producer: string | null = null;
  const r = new ProtoReader(buf, 0, buf.length);
  try {
    while (!r.done()) {
      const { field, wire } = r.tag();
      if (field === 2 && wire === 2) producer = new TextDecoder().decode(r.bytes());
      else if (field === 8 && wire === 2) {
        const sub = r.sub();
        let domain = "";
        let version: number | null = null;
        while (!sub.done()) {
          const t = sub.tag();
          if (t.field === 1 && t.wire === 2) domain = new TextDecoder().decode(sub.bytes());
          else if (t.field === 2 && t.wire === 0) version = sub.varint();
          else sub.skip(t.wire);
        }
        if ((domain === "" || domain === "ai.onnx") && version !== null) opset = version;
      } else r.skip(wire);
    }
  } catch {
    // a malformed header leaves the fields unknown; onnxruntime decides whether the model loads
  }
  return { opset, producer };
}

class ProtoReader {
  constructor(
    private readonly buf: Uint8Array,
    private pos: number,
    private readonly end: number,
  ) {}
  done(): boolean {
    return this.pos >= this.end;
  }
  varint(): number {
    let result = 0;
    let shift = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new RangeError("truncated varint");
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * shift;
      if ((b & 0x80) === 0) return result;
      shift *= 128;
    }
    throw new RangeError("varint too long");
  }
  tag(): { field: number; wire: number } {
    const t = this.varint();
    return { field: Math.floor(t / 8), wire: t % 8 };
  }
  bytes(): Uint8Array {
    const n = this.varint();
    if (this.pos + n > this.end) throw new RangeError("truncated field");
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  sub(): ProtoReader {
    const n = this.varint();
    if (this.pos + n > this.end) throw new RangeError("truncated message");
    const r = new ProtoReader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) {
      const n = this.varint(); // read before `this.pos += ...` evaluates its left side
      this.pos += n;
    }
    else if (wire === 5) this.pos += 4;
    else throw new RangeError(`unsupported wire type ${wire}`);
  }
}
