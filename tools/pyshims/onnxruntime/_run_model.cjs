// Runs one ONNX model once with onnxruntime-node (the same C++ runtime as Python's
// onnxruntime) for the fixture-only Python shim next to this file.
//
//   node _run_model.cjs request.json response.json
//
// request:  {"model": "/abs/m.onnx", "fetches": ["out", ...],
//            "feeds": {"name": {"dtype": "float32", "dims": [1, 4], "b64": "..."} |
//                              {"dtype": "string", "dims": [2, 1], "strings": ["a", "b"]}}}
// response: {"outputs": {"out": {same shape as a feed}}} or {"error": "message"}
// Numeric data travels as base64 of the little-endian buffer so float bits survive exactly.
"use strict";
const fs = require("fs");
const ort = require("onnxruntime-node");

const ARRAYS = {
  float32: Float32Array, float64: Float64Array, int64: BigInt64Array, uint64: BigUint64Array,
  int32: Int32Array, uint32: Uint32Array, int16: Int16Array, uint16: Uint16Array,
  int8: Int8Array, uint8: Uint8Array, bool: Uint8Array, float16: Uint16Array,
};

function toTensor(spec) {
  if (spec.dtype === "string") return new ort.Tensor("string", spec.strings, spec.dims);
  const Ctor = ARRAYS[spec.dtype];
  if (!Ctor) throw new Error(`unsupported input dtype ${spec.dtype}`);
  const buf = Buffer.from(spec.b64, "base64");
  // Copy into a fresh, aligned ArrayBuffer: Buffer slices may start at any offset.
  const ab = new ArrayBuffer(buf.length);
  new Uint8Array(ab).set(buf);
  return new ort.Tensor(spec.dtype, new Ctor(ab), spec.dims);
}

function fromTensor(t) {
  if (t.type === "string") return { dtype: "string", dims: Array.from(t.dims), strings: Array.from(t.data) };
  const d = t.data;
  const b64 = Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString("base64");
  return { dtype: t.type, dims: Array.from(t.dims), b64 };
}

async function main() {
  const [reqPath, resPath] = process.argv.slice(2);
  const req = JSON.parse(fs.readFileSync(reqPath, "utf8"));
  let res;
  try {
    const session = await ort.InferenceSession.create(req.model, { executionProviders: ["cpu"] });
    const feeds = {};
    for (const [name, spec] of Object.entries(req.feeds)) feeds[name] = toTensor(spec);
    const out = await session.run(feeds, req.fetches);
    const outputs = {};
    for (const name of req.fetches) outputs[name] = fromTensor(out[name]);
    res = { outputs };
  } catch (e) {
    res = { error: String(e && e.message ? e.message : e) };
  }
  fs.writeFileSync(resPath, JSON.stringify(res));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
  process.exit(1);
});
