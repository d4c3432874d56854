// The bad-request matrix: every request a client can get wrong, on /predict and on the Open Inference Protocol, is
// answered with a 4xx and {"error": "..."} (naming the field or input where there is one), never a 5xx, and the
// service keeps answering a good request after each. The cases are built from the request schema and the model's
// signature, so every generated service gets them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMAGE_FIELDS, REQUEST_SCHEMA, SERVICE } from "../src/generated/service.ts";
import { fillInputs, goldens, recordSchema, startService, type Running } from "./helpers.ts";

const good: Record<string, unknown> = goldens[0]?.request ?? {};
// a records service takes one record or a list of them: the cases are about the record
const record = recordSchema(REQUEST_SCHEMA);
const fields = Object.keys(record.properties);
const required: readonly string[] = record.required;
const schemaOf = (f: string) => record.properties[f] ?? {};

let svc: Running;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc?.close();
});

interface Case {
  readonly name: string;
  readonly route: string;
  readonly method?: "GET" | "POST" | "PUT" | "DELETE";
  /** The raw body (a string is sent as latin1 bytes, bytes and forms as they are, anything else as JSON). */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** What the error must mention (a field, an input, a word). */
  readonly mentions?: string | RegExp;
  /** A specific status, when one is meant (413, 415, 404). */
  readonly status?: number;
}

const json = { "content-type": "application/json" };
const withField = (f: string, v: unknown) => ({ ...good, [f]: v });
const raw = (f: string, text: string) => `{${[...Object.entries(good).filter(([k]) => k !== f).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`), `${JSON.stringify(f)}:${text}`].join(",")}}`;
const deep = (n: number) => "[".repeat(n) + "]".repeat(n);

function predictCases(): Case[] {
  const cases: Case[] = [
    { name: "invalid JSON", route: "/predict", body: "{not json", mentions: "JSON" },
    { name: "truncated JSON", route: "/predict", body: JSON.stringify(good).slice(0, -3), mentions: "JSON" },
    { name: "an empty body", route: "/predict", body: "" },
    { name: "a body of whitespace", route: "/predict", body: "   \n" },
    { name: "a JSON array", route: "/predict", body: [1, 2, 3], mentions: "body" },
    ...(SERVICE.model.records
      ? [
          { name: "an empty list of records", route: "/predict", body: [], mentions: "body" },
          { name: "a list with a bad record", route: "/predict", body: [good, { ...good, [fields[0]!]: { wrong: "type" } }], mentions: fields[0]! },
        ]
      : []),
    { name: "a JSON string", route: "/predict", body: '"features"', mentions: "body" },
    { name: "a JSON number", route: "/predict", body: "42", mentions: "body" },
    { name: "JSON null", route: "/predict", body: "null" },
    { name: "JSON true", route: "/predict", body: "true", mentions: "body" },
    { name: "a form body", route: "/predict", body: "a=1&b=2", headers: { "content-type": "application/x-www-form-urlencoded" }, mentions: "JSON", status: 415 },
    { name: "JSON sent as text/plain", route: "/predict", body: JSON.stringify(good), headers: { "content-type": "text/plain" }, mentions: "JSON", status: 415 },
    { name: "no content type", route: "/predict", body: JSON.stringify(good), headers: {}, status: 415 },
    { name: "invalid UTF-8 in the body", route: "/predict", body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]).toString("latin1") },
    { name: "a body over the size limit", route: "/predict", body: JSON.stringify({ ...good, padding: "x".repeat(SERVICE.limits.bodyLimitBytes + 10) }), mentions: "large", status: 413 },
    { name: "JSON nested 100,000 deep", route: "/predict", body: deep(100_000) },
    { name: "a __proto__ key", route: "/predict", body: `{"__proto__": {"polluted": true}, ${JSON.stringify(good).slice(1)}` },
    { name: "a constructor.prototype key", route: "/predict", body: `{"constructor": {"prototype": {"polluted": true}}, ${JSON.stringify(good).slice(1)}` },
    { name: "an unknown field", route: "/predict", body: { ...good, not_a_field: 1 }, mentions: "not_a_field" },
    { name: "trailing garbage after the JSON", route: "/predict", body: JSON.stringify(good) + "x", mentions: "JSON" },
    { name: "a byte-order mark and nothing else", route: "/predict", body: "\u00ef\u00bb\u00bf" },
    { name: "a field named with other capitals", route: "/predict", body: Object.fromEntries(Object.entries(good).map(([k, v]) => [k.toUpperCase() === k ? k.toLowerCase() : k.toUpperCase(), v])) },
    { name: "a 10,000-character unknown field name", route: "/predict", body: { ...good, ["f".repeat(10_000)]: 1 } },
    { name: "a hundred unknown fields", route: "/predict", body: { ...good, ...Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`extra${i}`, i])) }, mentions: "extra" },
    { name: "an object nested 1,000 deep as an extra field", route: "/predict", body: `${JSON.stringify(good).slice(0, -1)}, "deep": ${'{"a":'.repeat(1000)}1${"}".repeat(1000)}}` },
    { name: "GET on /predict", route: "/predict", method: "GET", status: 404 },
    { name: "DELETE on /predict", route: "/predict", method: "DELETE", status: 404 },
    { name: "POST on /healthz", route: "/healthz", body: good, status: 404 },
    { name: "PUT on /predict", route: "/predict", method: "PUT", body: good, status: 404 },
    { name: "an unknown route", route: "/predictions", body: good, status: 404 },
  ];
  for (const f of fields) {
    const type = schemaOf(f).type;
    if (required.includes(f)) {
      const body = { ...good };
      delete body[f];
      cases.push({ name: `missing "${f}"`, route: "/predict", body, mentions: f });
    }
    // null is a value where a column may be missing (NaN), or where the model imputes NaN
    if (!allowsNull(schemaOf(f))) cases.push({ name: `"${f}" as null`, route: "/predict", body: withField(f, null), mentions: f });
    cases.push({ name: `"${f}" with a __proto__ key inside`, route: "/predict", body: raw(f, '{"__proto__": {"polluted": true}}') });
    const wrong: [string, unknown][] = [
      ["a string", "x"],
      ["a number", 7],
      ["a boolean", true],
      ["an object", { wrong: "type" }],
      ["a list", [1, 2]],
    ];
    const types = [type].flat();
    for (const [what, v] of wrong) {
      const fits = types.some((t) => (t === "array" && Array.isArray(v)) || (t === "string" && typeof v === "string") || ((t === "number" || t === "integer") && typeof v === "number") || (t === "boolean" && typeof v === "boolean"));
      if (type && !fits) cases.push({ name: `"${f}" as ${what}`, route: "/predict", body: withField(f, v), mentions: f });
    }
    // the matrix's element cases are for numbers; lists of strings (texts) get their own
    if (type === "array" && leafType(schemaOf(f)) === "string") {
      const sample = Array.isArray(good[f]) ? (good[f] as unknown[]) : [];
      cases.push({ name: `"${f}" with a number element`, route: "/predict", body: withField(f, [7, ...sample.slice(1)]), mentions: f });
      cases.push({ name: `"${f}" with a null element`, route: "/predict", body: withField(f, [null, ...sample.slice(1)]), mentions: f });
      cases.push({ name: `"${f}" with a list element`, route: "/predict", body: withField(f, [["x"], ...sample.slice(1)]), mentions: f });
      cases.push({ name: `"${f}" nested 10,000 deep`, route: "/predict", body: raw(f, deep(10_000)) });
    } else if (type === "array") {
      const sample = Array.isArray(good[f]) ? (good[f] as unknown[]) : [];
      const replaceFirst = (v: unknown) => raw(f, JSON.stringify([v, ...sample.slice(1)]).replace('"@@"', String(v)));
      cases.push({ name: `"${f}" empty`, route: "/predict", body: withField(f, []) });
      cases.push({ name: `"${f}" with a string element`, route: "/predict", body: withField(f, ["x", ...sample.slice(1)]), mentions: f });
      cases.push({ name: `"${f}" with a null element`, route: "/predict", body: withField(f, [null, ...sample.slice(1)]), mentions: f });
      cases.push({ name: `"${f}" with an object element`, route: "/predict", body: withField(f, [{ a: 1 }, ...sample.slice(1)]), mentions: f });
      cases.push({ name: `"${f}" with Infinity (1e999)`, route: "/predict", body: raw(f, JSON.stringify(["@@", ...sample.slice(1)]).replace('"@@"', "1e999")) });
      cases.push({ name: `"${f}" with -Infinity`, route: "/predict", body: raw(f, JSON.stringify(["@@", ...sample.slice(1)]).replace('"@@"', "-1e999")) });
      cases.push({ name: `"${f}" with NaN (not JSON)`, route: "/predict", body: raw(f, JSON.stringify(["@@", ...sample.slice(1)]).replace('"@@"', "NaN")), mentions: "JSON" });
      // named by the field sent, not by the model input the notebook made of it
      cases.push({ name: `"${f}" with a number too large for float32`, route: "/predict", body: raw(f, JSON.stringify(deepReplace(sample, 1e300))), mentions: f });
      cases.push({ name: `"${f}" nested one level too deep`, route: "/predict", body: withField(f, [sample]), mentions: f });
      // within the innermost list: an outer list may be a free batch axis, where ten times the rows is a fine request
      cases.push({ name: `"${f}" with ten times too many values`, route: "/predict", body: withField(f, tenfoldInnermost(sample)), mentions: f });
      cases.push({ name: `"${f}" nested 10,000 deep`, route: "/predict", body: raw(f, deep(10_000)) });
      // a field whose shape the schema fixes: the answer says the shape it must have
      const shape = pinnedShape(schemaOf(f));
      if (shape) cases.push({ name: `"${f}" of another shape`, route: "/predict", body: withField(f, [...sample, ...sample]), mentions: `field "${f}" must have shape [${shape.join(", ")}]` });
      void replaceFirst;
    }
    if (type === "string") {
      cases.push({ name: `"${f}" too long for the body limit`, route: "/predict", body: withField(f, "word ".repeat(Math.ceil(SERVICE.limits.bodyLimitBytes / 5) + 10)), status: 413 });
      cases.push({ name: `"${f}" as a list of strings`, route: "/predict", body: withField(f, ["a", "b"]), mentions: f });
    }
  }
  return cases;
}

/** The lengths a schema fixes at every level of an array (minItems = maxItems), or null. */
function pinnedShape(schema: object): number[] | null {
  const s = schema as { type?: unknown; minItems?: number; maxItems?: number; items?: object };
  if (s.type !== "array" || s.minItems === undefined || s.minItems !== s.maxItems) return null;
  return [s.minItems, ...(pinnedShape(s.items ?? {}) ?? [])];
}

/** True when a field's schema accepts null (a column whose missing values are NaN). */
function allowsNull(schema: { type?: string | string[]; anyOf?: unknown }): boolean {
  if (Array.isArray(schema.type) && schema.type.includes("null")) return true;
  return Array.isArray(schema.anyOf) && (schema.anyOf as { type?: string }[]).some((s) => s.type === "null");
}

/** The type of an array schema's innermost items (`string` for a list of texts). */
function leafType(schema: { type?: string | string[]; items?: unknown }): string | undefined {
  let s: { type?: string | string[]; items?: unknown } | undefined = schema;
  while (s?.type === "array") s = s.items as typeof s;
  return typeof s?.type === "string" ? s.type : undefined;
}

/** The innermost lists repeated ten times over (`[[1, 2]]` becomes `[[1, 2, 1, 2, ...]]`). */
function tenfoldInnermost(x: unknown[]): unknown[] {
  if (x.length > 0 && x.every(Array.isArray)) return x.map((y) => tenfoldInnermost(y as unknown[]));
  return Array.from({ length: 10 }, () => x).flat();
}

/** Replaces every number in nested lists with `v` (keeps the shape). */
function deepReplace(x: unknown, v: number): unknown {
  return Array.isArray(x) ? x.map((y) => deepReplace(y, v)) : typeof x === "number" ? v : x;
}

function oipCases(): Case[] {
  const infer = `/v2/models/${SERVICE.name}/infer`;
  // the tensors are loosely typed on purpose: the cases below put wrong datatypes and values in them
  interface LooseTensor { name: string; shape: number[]; datatype: string; data: (number | boolean | string)[] }
  const zeros: LooseTensor[] = fillInputs();
  const first = zeros[0]!;
  const spec0 = SERVICE.model.inputs[0]!;
  const isFloat = spec0.dtype === "float32" || spec0.dtype === "float64";
  const isBytes = spec0.dtype === "string";
  const replaced = (changes: Partial<typeof first>) => ({ inputs: [{ ...first, ...changes }, ...zeros.slice(1)] });
  const rawData = (text: string) => JSON.stringify(replaced({ data: ["@@" as unknown as number, ...first.data.slice(1)] })).replace('"@@"', text);
  const cases: Case[] = [
    { name: "OIP: invalid JSON", route: infer, body: "{", mentions: "JSON" },
    { name: "OIP: a JSON array", route: infer, body: [zeros] },
    { name: "OIP: no inputs", route: infer, body: { id: "x" }, mentions: "inputs" },
    { name: "OIP: inputs not a list", route: infer, body: { inputs: first }, mentions: "inputs" },
    { name: "OIP: an empty list of inputs", route: infer, body: { inputs: [] }, mentions: "inputs" },
    { name: "OIP: an input without a name", route: infer, body: { inputs: [{ ...first, name: undefined }] }, mentions: "name" },
    { name: "OIP: an input that is a string", route: infer, body: { inputs: ["features"] }, mentions: "inputs" },
    { name: "OIP: a name that is a number", route: infer, body: replaced({ name: 7 as never }), mentions: "name" },
    { name: "OIP: a datatype that is a number", route: infer, body: replaced({ datatype: 1 as never }), mentions: "datatype" },
    isBytes
      ? { name: "OIP: FP32 for a BYTES input", route: infer, body: replaced({ datatype: "FP32" }), mentions: first.name }
      : { name: "OIP: BYTES for a numeric input", route: infer, body: replaced({ datatype: "BYTES" }), mentions: first.name },
    { name: "OIP: a shape that is a string", route: infer, body: replaced({ shape: "1,4" as never }), mentions: "shape" },
    { name: "OIP: POST on the model's metadata", route: `/v2/models/${SERVICE.name}`, body: replaced({}), status: 404 },
    { name: "OIP: an unknown input", route: infer, body: { inputs: [...zeros, { ...first, name: "no_such_input" }] }, mentions: "no_such_input" },
    { name: "OIP: an input given twice", route: infer, body: { inputs: [...zeros, first] }, mentions: first.name },
    { name: "OIP: an unknown datatype", route: infer, body: replaced({ datatype: "FP99" }), mentions: "datatype" },
    { name: "OIP: the wrong datatype", route: infer, body: replaced({ datatype: first.datatype === "FP64" ? "FP32" : "FP64" }), mentions: first.name },
    { name: "OIP: no shape", route: infer, body: replaced({ shape: undefined }), mentions: "shape" },
    { name: "OIP: a negative dimension", route: infer, body: replaced({ shape: first.shape.map((d, i) => (i === 0 ? -1 : d)) }) },
    { name: "OIP: a fractional dimension", route: infer, body: replaced({ shape: first.shape.map((d, i) => (i === 0 ? 1.5 : d)) }), mentions: "shape" },
    { name: "OIP: the wrong rank", route: infer, body: replaced({ shape: [...first.shape, 1] }), mentions: first.name },
    { name: "OIP: data shorter than the shape", route: infer, body: replaced({ data: first.data.slice(1) }), mentions: first.name },
    { name: "OIP: data longer than the shape", route: infer, body: replaced({ data: [...first.data, ...first.data] }), mentions: first.name },
    { name: "OIP: no data", route: infer, body: replaced({ data: undefined }), mentions: "data" },
    isBytes
      ? { name: "OIP: a number in BYTES data", route: infer, body: replaced({ data: [7, ...first.data.slice(1)] as never }), mentions: first.name }
      : { name: "OIP: a string in the data", route: infer, body: replaced({ data: ["x", ...first.data.slice(1)] as never }), mentions: first.name },
    { name: "OIP: null in the data", route: infer, body: replaced({ data: [null, ...first.data.slice(1)] as never }), mentions: "data" },
    { name: "OIP: an object in the data", route: infer, body: replaced({ data: [{ a: 1 }, ...first.data.slice(1)] as never }), mentions: "data" },
    { name: "OIP: Infinity in the data", route: infer, body: rawData("1e999"), mentions: "data" },
    { name: "OIP: an empty tensor", route: infer, body: replaced({ shape: first.shape.map((d, i) => (i === 0 ? 0 : d)), data: [] }), mentions: first.name },
    { name: "OIP: an unknown output", route: infer, body: { ...replaced({}), outputs: [{ name: "no_such_output" }] }, mentions: "no_such_output" },
    { name: "OIP: outputs not a list", route: infer, body: { ...replaced({}), outputs: "logits" }, mentions: "outputs" },
    { name: "OIP: an id that is not a string", route: infer, body: { ...replaced({}), id: 42 }, mentions: "id" },
    { name: "OIP: an unknown model", route: `/v2/models/no-such-model/infer`, body: replaced({}), status: 404 },
    { name: "OIP: a tensor over the size limit", route: infer, body: JSON.stringify(replaced({})).replace('"data":[', `"data":[${"0,".repeat(Math.ceil(SERVICE.limits.bodyLimitBytes / 2))}`), status: 413 },
  ];
  if (isFloat) cases.push({ name: "OIP: a number too large for float32", route: infer, body: rawData(spec0.dtype === "float32" ? "1e300" : "1e999"), mentions: first.name });
  else if (isBytes) cases.push({ name: "OIP: a boolean in BYTES data", route: infer, body: rawData("true"), mentions: first.name });
  else cases.push({ name: "OIP: a fraction in integer data", route: infer, body: rawData("0.5"), mentions: first.name });
  return cases;
}

/** A 16x16 RGB JPEG (quality 75) and PNG, made by Pillow: valid images to cut short and to patch. */
const JPEG16 = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDz+x0Lp8ldNYaF0+SulsNC6fJXT2OhdPkrTF5r5i4fzvbU/9k=",
  "base64",
);
const PNG16 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAHUlEQVR4nGNkYGgQYGAgHrEwCDCQBEY1jGoYOhoAHgoCnuSqbggAAAAASUVORK5CYII=", "base64");

/** CRC-32 of a PNG chunk (type and data), to patch a header validly. */
function crc32(b: Uint8Array): number {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** The PNG with its header claiming width x height (its CRC recomputed): a decompression bomb's header. */
function pngClaiming(width: number, height: number): Buffer {
  const b = Buffer.from(PNG16);
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b.writeUInt32BE(crc32(b.subarray(12, 29)), 29);
  return b;
}

/** The JPEG with its frame header claiming width x height. */
function jpegClaiming(width: number, height: number): Buffer {
  const b = Buffer.from(JPEG16);
  const sof = b.indexOf(Buffer.from([0xff, 0xc0]));
  b.writeUInt16BE(height, sof + 5);
  b.writeUInt16BE(width, sof + 7);
  return b;
}

/** A multipart/form-data body written by hand (for forms fetch would not make: cut short, no boundary). */
function multipart(parts: { name: string; filename?: string; type?: string; data: string | Buffer }[], boundary = "nb2svc-test-boundary"): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ""}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ""}\r\n`));
    chunks.push(typeof p.data === "string" ? Buffer.from(p.data) : p.data);
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** Bad images, in each form a service that takes images reads: raw bodies, multipart forms, base64 in JSON. */
function imageCases(): Case[] {
  if (IMAGE_FIELDS.length === 0) return [];
  const f = IMAGE_FIELDS[0]!;
  // the image alone as the body only when it is the whole request
  const rawOk = IMAGE_FIELDS.length === 1 && required.every((r) => r === f);
  const others = Object.fromEntries(Object.entries(good).filter(([k]) => k !== f));
  const form = (data: Buffer | string, opts: { filename?: string; type?: string } = { filename: "image.bin", type: "application/octet-stream" }) =>
    multipart([...Object.entries(others).map(([k, v]) => ({ name: k, data: typeof v === "string" ? v : JSON.stringify(v) })), { name: f, ...opts, data }]);
  const formType = { "content-type": "multipart/form-data; boundary=nb2svc-test-boundary" };
  const maxBytes = SERVICE.limits.imageMaxBytes;
  const garbage = Buffer.from("this is not an image, only some text pretending to be one".repeat(4));
  const cases: Case[] = [
    // base64 in JSON
    { name: `image: "${f}" as base64 of bytes of no image format`, route: "/predict", body: withField(f, garbage.toString("base64")), mentions: f },
    { name: `image: "${f}" as text that is not base64`, route: "/predict", body: withField(f, "not base64 at all!"), mentions: "base64" },
    { name: `image: "${f}" as base64 with a character of neither alphabet`, route: "/predict", body: withField(f, PNG16.toString("base64").slice(0, 20) + "*" + PNG16.toString("base64").slice(21)), mentions: "base64" },
    { name: `image: "${f}" as base64 mixing the standard and URL-safe alphabets`, route: "/predict", body: withField(f, "+".repeat(1 << 20) + "-AAA"), mentions: "base64" },
    { name: `image: "${f}" as an empty string`, route: "/predict", body: withField(f, ""), mentions: f },
    { name: `image: "${f}" as a data: URL without base64`, route: "/predict", body: withField(f, "data:image/png,%89PNG"), mentions: "data:" },
    { name: `image: "${f}" as an SVG data: URL`, route: "/predict", body: withField(f, `data:image/svg+xml;base64,${Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>").toString("base64")}`), status: 415 },
    { name: `image: "${f}" as a PNG cut inside its pixel data`, route: "/predict", body: withField(f, PNG16.subarray(0, 60).toString("base64")) },
    { name: `image: "${f}" as a JPEG cut inside its scan`, route: "/predict", body: withField(f, JPEG16.subarray(0, JPEG16.length - 30).toString("base64")) },
    { name: `image: "${f}" as a PNG cut inside its header`, route: "/predict", body: withField(f, PNG16.subarray(0, 20).toString("base64")), mentions: f },
    { name: `image: "${f}" as a PNG whose header claims 100000 x 100000 pixels (a bomb)`, route: "/predict", body: withField(f, pngClaiming(100_000, 100_000).toString("base64")), status: 413, mentions: "pixels" },
    { name: `image: "${f}" as a JPEG whose header claims 65000 x 65000 pixels (a bomb)`, route: "/predict", body: withField(f, jpegClaiming(65_000, 65_000).toString("base64")), status: 413, mentions: "pixels" },
    { name: `image: "${f}" as a HEIC file`, route: "/predict", body: withField(f, Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from("ftypheic\0\0\0\0mif1heic")]).toString("base64")), status: 415, mentions: "HEIC" },
    { name: `image: "${f}" as base64 of a file over IMAGE_MAX_BYTES`, route: "/predict", body: withField(f, Buffer.concat([PNG16, Buffer.alloc(maxBytes + 1 - PNG16.length)]).toString("base64")), status: 413 },
    // multipart forms
    { name: `image: a form whose "${f}" part is text, not an image`, route: "/predict", body: form("hello", {}), headers: formType, mentions: f },
    { name: `image: a form whose "${f}" file is not an image`, route: "/predict", body: form(garbage), headers: formType, mentions: f },
    { name: `image: a form whose "${f}" file is a truncated JPEG`, route: "/predict", body: form(JPEG16.subarray(0, JPEG16.length - 30)), headers: formType },
    { name: `image: a form whose "${f}" file is empty`, route: "/predict", body: form(Buffer.alloc(0)), headers: formType, mentions: f },
    { name: `image: a form whose "${f}" file is over IMAGE_MAX_BYTES`, route: "/predict", body: form(Buffer.concat([PNG16, Buffer.alloc(maxBytes + 1 - PNG16.length)])), headers: formType, status: 413 },
    { name: `image: a form whose "${f}" file is a bomb`, route: "/predict", body: form(pngClaiming(100_000, 100_000)), headers: formType, status: 413 },
    { name: "image: a form without the image", route: "/predict", body: multipart(Object.entries(others).map(([k, v]) => ({ name: k, data: typeof v === "string" ? v : JSON.stringify(v) }))), headers: formType, mentions: f },
    { name: `image: a form with "${f}" twice`, route: "/predict", body: multipart([{ name: f, filename: "a.png", type: "image/png", data: PNG16 }, { name: f, filename: "b.png", type: "image/png", data: PNG16 }, ...Object.entries(others).map(([k, v]) => ({ name: k, data: JSON.stringify(v) }))]), headers: formType, mentions: f },
    { name: "image: a form with a file under an unknown name", route: "/predict", body: multipart([{ name: "not_a_field", filename: "x.png", type: "image/png", data: PNG16 }]), headers: formType, mentions: "not_a_field" },
    { name: "image: a form with an unknown text field", route: "/predict", body: multipart([{ name: f, filename: "x.png", type: "image/png", data: PNG16 }, { name: "not_a_field", data: "1" }]), headers: formType, mentions: "not_a_field" },
    { name: "image: a form without a boundary", route: "/predict", body: form(PNG16), headers: { "content-type": "multipart/form-data" } },
    { name: "image: a form cut short", route: "/predict", body: form(PNG16).subarray(0, 80), headers: formType },
    { name: "image: a form that is not multipart at all", route: "/predict", body: garbage, headers: formType },
  ];
  if (rawOk) {
    cases.push(
      { name: "image: a raw body of bytes of no image format", route: "/predict", body: garbage, headers: { "content-type": "application/octet-stream" }, mentions: f },
      { name: "image: a raw image/png body that is text", route: "/predict", body: garbage, headers: { "content-type": "image/png" }, mentions: f },
      { name: "image: a raw PNG cut inside its pixel data", route: "/predict", body: PNG16.subarray(0, 60), headers: { "content-type": "image/png" } },
      { name: "image: a raw JPEG cut inside its scan", route: "/predict", body: JPEG16.subarray(0, JPEG16.length - 30), headers: { "content-type": "image/jpeg" } },
      { name: "image: a raw JPEG cut after its start marker", route: "/predict", body: JPEG16.subarray(0, 2), headers: { "content-type": "image/jpeg" }, mentions: f },
      { name: "image: an empty raw image/jpeg body", route: "/predict", body: Buffer.alloc(0), headers: { "content-type": "image/jpeg" } },
      { name: "image: an image of a type not read (image/svg+xml)", route: "/predict", body: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"), headers: { "content-type": "image/svg+xml" }, status: 415, mentions: "svg" },
      { name: "image: a PNG sent as text/plain", route: "/predict", body: PNG16, headers: { "content-type": "text/plain" }, status: 415 },
      { name: "image: a raw body over IMAGE_MAX_BYTES", route: "/predict", body: Buffer.concat([PNG16, Buffer.alloc(maxBytes + 1 - PNG16.length)]), headers: { "content-type": "image/png" }, status: 413, mentions: "IMAGE_MAX_BYTES" },
      { name: "image: a raw PNG whose header claims 100000 x 100000 pixels (a bomb)", route: "/predict", body: pngClaiming(100_000, 100_000), headers: { "content-type": "image/png" }, status: 413, mentions: "pixels" },
      { name: "image: a raw JPEG whose header claims 65000 x 65000 pixels (a bomb)", route: "/predict", body: jpegClaiming(65_000, 65_000), headers: { "content-type": "image/jpeg" }, status: 413, mentions: "pixels" },
      { name: "image: a PNG sent to the OIP route (which takes JSON tensors)", route: `/v2/models/${SERVICE.name}/infer`, body: PNG16, headers: { "content-type": "image/png" }, status: 415 },
    );
  }
  return cases;
}

const cases = [...predictCases(), ...imageCases(), ...oipCases()];

describe("bad requests", () => {
  it("the matrix has at least 60 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });
  for (const c of cases) {
    it(c.name, async () => {
      const method = c.method ?? "POST";
      const headers = c.headers ?? (c.body === undefined ? {} : json);
      const payload = typeof c.body === "string" ? Buffer.from(c.body, "latin1") : c.body instanceof Uint8Array ? (c.body as Uint8Array<ArrayBuffer>) : JSON.stringify(c.body);
      const res = await fetch(svc.url + c.route, { method, headers, ...(c.body === undefined || method === "GET" ? {} : { body: payload }) });
      const text = await res.text();
      expect(res.status, text).toBeGreaterThanOrEqual(400);
      expect(res.status, text).toBeLessThan(500);
      if (c.status) expect(res.status, text).toBe(c.status);
      const body = JSON.parse(text) as { error?: unknown };
      expect(typeof body.error, text).toBe("string");
      expect(body.error as string, text).not.toMatch(/\n\s+at /); // no stack traces
      if (c.mentions) expect(body.error as string).toMatch(c.mentions);
      // nothing was polluted, and the service still answers a good request
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      if (goldens.length) expect((await svc.post("/predict", good)).status).toBe(200);
    });
  }
});
