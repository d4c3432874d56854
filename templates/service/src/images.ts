// Image requests: /predict takes the image file itself, as the raw body (Content-Type: image/png, image/jpeg, ...,
// or application/octet-stream), as a multipart/form-data file part named after the field (other fields as form
// fields), or in JSON as base64 or a data: URL. Every image is checked before the notebook's code sees it: its size
// (IMAGE_MAX_BYTES), its format and its pixel count from the header alone (IMAGE_MAX_PIXELS), so a decompression bomb
// is refused before a pixel is decoded. Imported only by services that take images (src/pipeline.ts says so).
import { Busboy, type BusboyFileStream } from "@fastify/busboy";
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import { ClientError } from "./errors.ts";
import { PyError } from "@nb2svc/runtime/core";
import { IMAGE_FORMATS, imageHeader, setMaxImagePixels, type ImageHeader } from "@nb2svc/runtime/image/pil";
import { IMAGE_FIELDS, REQUEST_SCHEMA } from "./generated/service.ts";
import type { Settings } from "./settings.ts";

/** The media types of the formats read, for messages and the raw-body parser. */
const MEDIA_TYPES: ReadonlySet<string> = new Set(IMAGE_FORMATS.flatMap((f) => f.mediaTypes));
const FORMAT_NAMES = "PNG, JPEG, GIF, BMP, TIFF or WebP";

export interface ImageRequests {
  /**
   * The body with every image field as its checked bytes (what the request type says an image field holds, whichever
   * way it was sent); a ClientError (4xx) for anything else.
   */
  prepare<Fields extends object>(body: Fields, req: FastifyRequest): Fields;
  /** A client message for Fastify's own 4xx errors on /predict that concern images; null for the others. */
  clientMessage(err: FastifyError, req: FastifyRequest): string | null;
}

/** Fields of the request schema other than the images, with their JSON types (form fields are typed by them). */
function otherFields(): Map<string, { readonly type?: unknown }> {
  const props = (REQUEST_SCHEMA as { properties?: Record<string, { type?: unknown }> }).properties ?? {};
  return new Map(Object.entries(props).filter(([k]) => !IMAGE_FIELDS.includes(k)));
}

/** Registers the image body parsers on `app` and answers what /predict needs for image fields. */
export function imageRequests(app: FastifyInstance, settings: Settings): ImageRequests {
  // the notebook's own Image.open refuses what the header check below refuses first
  setMaxImagePixels(settings.imageMaxPixels);
  const others = otherFields();
  const required = new Set((REQUEST_SCHEMA as { required?: readonly string[] }).required ?? []);
  const rawField = IMAGE_FIELDS.length === 1 && [...others.keys()].every((k) => !required.has(k)) ? IMAGE_FIELDS[0]! : null;

  // the file itself as the body: any image/* type (an unsupported one gets a 415 naming it) or octet-stream
  app.addContentTypeParser(/^(image\/[\w.+-]+|application\/octet-stream)(;|$)/i, { parseAs: "buffer", bodyLimit: settings.imageMaxBytes }, (req, body, done) => {
    if (req.routeOptions.url !== "/predict") {
      done(new ClientError("the request body must be JSON (Content-Type: application/json)", 415));
      return;
    }
    if (rawField === null) {
      done(new ClientError(`this service takes ${[...IMAGE_FIELDS, ...others.keys()].map((f) => `"${f}"`).join(", ")}: send them as multipart/form-data, or as JSON with the image in base64`, 400));
      return;
    }
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/octet-stream" && !MEDIA_TYPES.has(type)) {
      done(new ClientError(`${type} images are not read by this service: send ${FORMAT_NAMES} (Content-Type: ${[...MEDIA_TYPES].join(", ")})`, 415));
      return;
    }
    done(null, withUploads(req, { [rawField]: body as Buffer }));
  });

  app.addContentTypeParser("multipart/form-data", (req, payload, done) => {
    if (req.routeOptions.url !== "/predict") {
      payload.resume();
      done(new ClientError("the request body must be JSON (Content-Type: application/json)", 415), undefined);
      return;
    }
    readForm(req, payload, settings, others).then((form) => done(null, withUploads(req, form)), (e: unknown) => done(e as Error, undefined));
  });

  return {
    prepare<Fields extends object>(body: Fields, req: FastifyRequest): Fields {
      if (body === null || typeof body !== "object" || Array.isArray(body)) throw new ClientError("the request body must be a JSON object, a multipart/form-data form or an image file", 400);
      const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
      const received = uploads.get(req);
      for (const f of IMAGE_FIELDS) {
        const v = out[f];
        if (v === undefined) continue;
        const bytes = received?.[f] ?? (typeof v === "string" ? decodeText(f, v) : null);
        if (bytes === null) throw new ClientError(`field "${f}" must be an image file (base64 or a data: URL in JSON)`, 400);
        checkImage(f, bytes, settings);
        out[f] = bytes;
      }
      return out as unknown as Fields;
    },
    clientMessage(err, req) {
      if (req.routeOptions.url !== "/predict") return null;
      const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
        if (type.startsWith("image/") || type === "application/octet-stream") return `the image is larger than this service takes (IMAGE_MAX_BYTES: ${settings.imageMaxBytes} bytes)`;
        return `the request body is too large (BODY_LIMIT_BYTES: ${settings.bodyLimitBytes} bytes)`;
      }
      if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
        return `the request body must be JSON (application/json), a multipart/form-data form, or the image file itself (${[...MEDIA_TYPES].join(", ")})`;
      }
      if (err.code === "FST_ERR_CTP_EMPTY_JSON_BODY") return "the request body is empty; send an image file, a form, or a JSON object";
      return null;
    },
  };
}

/**
 * Image files that arrived as bytes (a raw body, multipart file parts), by request. The parsed body holds "" in their
 * place, so the request schema (a base64 string for an image field) checks the rest of the body as it would JSON.
 */
const uploads = new WeakMap<FastifyRequest, Record<string, Uint8Array>>();

/** The body a parser hands on: image fields as "" (their bytes are kept in `uploads`), the rest as it is. */
function withUploads(req: FastifyRequest, form: Record<string, unknown>): Record<string, unknown> {
  const files: Record<string, Uint8Array> = {};
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    if (v instanceof Uint8Array && IMAGE_FIELDS.includes(k)) {
      files[k] = v;
      body[k] = "";
    } else body[k] = v;
  }
  uploads.set(req, files);
  return body;
}

/** An image field's text: a data: URL or base64 (standard or URL-safe alphabet, padding optional, whitespace allowed). */
function decodeText(field: string, text: string): Uint8Array {
  let data = text;
  if (/^data:/i.test(text)) {
    const comma = text.indexOf(",");
    const meta = comma < 0 ? "" : text.slice(5, comma).toLowerCase();
    if (comma < 0 || !/;base64$/.test(meta)) throw new ClientError(`field "${field}" is a data: URL without base64 data ("data:image/png;base64,...")`, 400);
    const type = meta.slice(0, -";base64".length).split(";")[0]!;
    if (type && type !== "application/octet-stream" && !MEDIA_TYPES.has(type)) {
      throw new ClientError(`field "${field}" is a ${type} data: URL; this service reads ${FORMAT_NAMES}`, 415);
    }
    data = text.slice(comma + 1);
  }
  const compact = data.replace(/\s+/g, "");
  // linear checks only (the text may be megabytes): one alphabet, padding at the end, a possible length
  const urlSafe = /[-_]/.test(compact);
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) || compact.length % 4 === 1 || (urlSafe && /[+/]/.test(compact))) {
    throw new ClientError(`field "${field}" is not base64: send the image file's bytes in base64 (or as a data: URL)`, 400);
  }
  return Buffer.from(compact, urlSafe ? "base64url" : "base64");
}

/** Formats people send that this service does not read, by their first bytes, for a message naming them. */
const KNOWN_OTHERS: readonly [string, (b: Uint8Array) => boolean][] = [
  ["HEIC/HEIF", (b) => ascii(b, 4, 8) === "ftyp" && /^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(ascii(b, 8, 12))],
  ["AVIF", (b) => ascii(b, 4, 8) === "ftyp" && /^avi[fs]$/.test(ascii(b, 8, 12))],
  ["SVG", (b) => /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(ascii(b, 0, 256))],
  ["PDF", (b) => ascii(b, 0, 5) === "%PDF-"],
  ["ICO", (b) => b.length > 4 && b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0],
  ["Photoshop (PSD)", (b) => ascii(b, 0, 4) === "8BPS"],
  ["JPEG 2000", (b) => ascii(b, 4, 12) === "jP  \r\n\x87\n" || (b[0] === 0xff && b[1] === 0x4f && b[2] === 0xff && b[3] === 0x51)],
  ["JPEG XL", (b) => (b[0] === 0xff && b[1] === 0x0a) || ascii(b, 4, 8) === "JXL "],
];

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));
}

/** Size, format and pixel count, from the header: 413 past the limits, 415 for a known other format, 400 else. */
function checkImage(field: string, bytes: Uint8Array, settings: Settings): ImageHeader {
  if (bytes.length === 0) throw new ClientError(`field "${field}" is empty: send an image file (${FORMAT_NAMES})`, 400);
  if (bytes.length > settings.imageMaxBytes) {
    throw new ClientError(`field "${field}" is an image of ${bytes.length} bytes, larger than this service takes (IMAGE_MAX_BYTES: ${settings.imageMaxBytes})`, 413);
  }
  let header: ImageHeader;
  try {
    header = imageHeader(bytes);
  } catch (e) {
    if (!(e instanceof PyError)) throw e;
    const other = KNOWN_OTHERS.find(([, is]) => is(bytes));
    if (other) throw new ClientError(`field "${field}" is a ${other[0]} image, which this service does not read: send ${FORMAT_NAMES}`, 415);
    if (e.type === "DecompressionBombError") throw tooManyPixels(field, `${/\((\d+) pixels\)/.exec(e.message)?.[1] ?? "too many"} pixels`, settings);
    throw new ClientError(`field "${field}" is not an image this service can read (${FORMAT_NAMES}): ${e.message.replace(/^[\w.]+: /, "")}`, 400);
  }
  const pixels = header.width * header.height;
  if (pixels > settings.imageMaxPixels) throw tooManyPixels(field, `${header.width} x ${header.height} = ${pixels} pixels`, settings);
  return header;
}

function tooManyPixels(field: string, what: string, settings: Settings): ClientError {
  return new ClientError(`field "${field}" is too large an image (${what}): this service takes at most ${settings.imageMaxPixels} pixels (IMAGE_MAX_PIXELS), read from the header before decoding`, 413);
}

/**
 * A multipart/form-data body, streamed: file parts of image fields as bytes (each at most IMAGE_MAX_BYTES), text
 * parts as their values (JSON-parsed for fields that are not strings). Parts are counted and bounded, so the whole
 * form is bounded by the limits whatever the client declares.
 */
function readForm(req: FastifyRequest, payload: NodeJS.ReadableStream, settings: Settings, others: ReadonlyMap<string, { readonly type?: unknown }>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const form: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    let failed = false;
    let pending = 0;
    let finished = false;
    const fail = (e: ClientError) => {
      if (failed) return;
      failed = true;
      payload.unpipe?.(parser as unknown as NodeJS.WritableStream);
      // the rest of the upload is read and dropped, so that the answer reaches the client
      payload.resume();
      reject(e);
    };
    const settle = () => {
      if (!failed && finished && pending === 0) resolve({ ...form });
    };
    const put = (name: string, value: unknown) => {
      if (Object.hasOwn(form, name)) return fail(new ClientError(`field "${name}" is given twice in the form`, 400));
      if (name === "__proto__" || name === "constructor" || name === "prototype") return fail(new ClientError(`unknown field "${name}"`, 400));
      form[name] = value;
    };
    let parser: InstanceType<typeof Busboy>;
    try {
      parser = new Busboy({
        headers: req.headers as { "content-type": string },
        limits: {
          fieldNameSize: 200,
          fieldSize: settings.bodyLimitBytes,
          fields: others.size + IMAGE_FIELDS.length + 16,
          // one more than the image fields: a field sent twice is named as such, not counted as one part too many
          files: IMAGE_FIELDS.length + 1,
          fileSize: settings.imageMaxBytes,
          parts: others.size + IMAGE_FIELDS.length + 16,
          headerPairs: 32,
        },
        // a part is a file when it is meant to be: a filename, or a non-text type on an image field
        isPartAFile: (name, type, filename) => filename !== undefined || (name !== undefined && IMAGE_FIELDS.includes(name) && type !== undefined && !/^text\//i.test(type)),
      });
    } catch (e) {
      reject(new ClientError(`the multipart/form-data body cannot be read: ${(e as Error).message}`, 400));
      return;
    }
    parser.on("file", (name: string, stream: BusboyFileStream) => {
      if (!IMAGE_FIELDS.includes(name)) {
        stream.resume();
        fail(new ClientError(others.has(name) ? `field "${name}" is sent as a file, but it is not an image: send it as a form field` : `unknown field "${name}"`, 400));
        return;
      }
      pending++;
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("limit", () => fail(new ClientError(`field "${name}" is an image larger than this service takes (IMAGE_MAX_BYTES: ${settings.imageMaxBytes} bytes)`, 413)));
      stream.on("end", () => {
        pending--;
        if (!failed && !stream.truncated) put(name, Buffer.concat(chunks));
        settle();
      });
      stream.on("error", (e: Error) => fail(new ClientError(`the multipart/form-data body cannot be read: ${e.message}`, 400)));
    });
    parser.on("field", (name: string, value: string, _nameTruncated: boolean, valueTruncated: boolean) => {
      if (valueTruncated) return fail(new ClientError(`field "${name}" is too long (BODY_LIMIT_BYTES: ${settings.bodyLimitBytes})`, 413));
      const type = others.get(name)?.type;
      // a form field is text; a number, a list or an object field is read as JSON (as in a JSON body)
      let v: unknown = value;
      if (others.has(name) && type !== "string") {
        try {
          v = JSON.parse(value);
        } catch {
          v = value;
        }
      }
      put(name, v);
    });
    for (const limit of ["filesLimit", "fieldsLimit", "partsLimit"] as const) {
      parser.on(limit, () => fail(new ClientError(`the form has more parts than this service takes (its fields: ${[...IMAGE_FIELDS, ...others.keys()].join(", ")})`, 400)));
    }
    parser.on("error", (e: unknown) => fail(new ClientError(`the multipart/form-data body cannot be read: ${(e as Error).message}`, 400)));
    parser.on("finish", () => {
      finished = true;
      settle();
    });
    payload.on("error", (e: Error) => fail(new ClientError(`the request body could not be received: ${e.message}`, 400)));
    payload.pipe(parser as unknown as NodeJS.WritableStream);
  });
}
