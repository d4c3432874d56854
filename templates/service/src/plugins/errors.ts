// Every error is `{"error": message}`: a schema violation names the field (and the record, in a list of records), a
// client's mistake is a 4xx, a fault of the service is a 500 whose cause goes to the log only.
import type { FastifyError } from "fastify";
import fp from "fastify-plugin";
import { ClientError, TimedOut, Unavailable } from "../errors.ts";
import { REQUEST_SCHEMA } from "../generated/service.ts";

export const errorsPlugin = fp(
  (app, _opts, done) => {
    app.setErrorHandler((err: FastifyError, req, reply) => {
      if (err.validation) return reply.code(400).send({ error: validationMessage(err, req.body) });
      if (err instanceof ClientError) return reply.code(err.status).send({ error: err.message });
      if (err instanceof Unavailable) return reply.code(503).header("retry-after", String(err.retryAfterSeconds)).send({ error: err.message });
      if (err instanceof TimedOut) return reply.code(504).send({ error: err.message });
      const status = err.statusCode ?? 500;
      if (status >= 400 && status < 500) return reply.code(status).send({ error: clientMessage(err) });
      req.fault = err;
      return reply.code(500).send({ error: "internal error" });
    });
    app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `no route ${req.method} ${req.url.split("?")[0]}` }));
    done();
  },
  { name: "errors", dependencies: ["metrics"] },
);

/** The lengths a schema pins for an array at every level ([8, 8] for 8 arrays of 8), or null when it pins none. */
function pinnedShape(schema: unknown): number[] | null {
  const s = schema as { type?: unknown; minItems?: number; maxItems?: number; items?: unknown } | undefined;
  if (s?.type !== "array" || s.minItems === undefined || s.minItems !== s.maxItems) return null;
  return [s.minItems, ...(pinnedShape(s.items) ?? [])];
}

/** What a value's shape is, as the end of a sentence: "has shape [10, 10]", "is ragged: ...", "is a string". */
function shapeOf(v: unknown): string {
  if (!Array.isArray(v)) return v === null ? "is null" : `is a ${typeof v}`;
  const lengths: number[] = [];
  let level: unknown[] = [v];
  for (;;) {
    if (!level.every(Array.isArray)) return level.some(Array.isArray) ? `is ragged: arrays beside values at depth ${lengths.length}` : `has shape [${lengths.join(", ")}]`;
    const arrays = level as unknown[][];
    const n = arrays[0]!.length;
    const odd = arrays.find((a) => a.length !== n);
    if (odd) return `is ragged: arrays of ${n} and of ${odd.length} at depth ${lengths.length}`;
    lengths.push(n);
    level = arrays.flat();
    if (level.length === 0) return `has shape [${lengths.join(", ")}]`;
  }
}

/** The first schema violation, naming the field (and the record, in a list of records). */
function validationMessage(err: FastifyError, body: unknown): string {
  type Violation = NonNullable<FastifyError["validation"]>[number];
  const all = err.validation!;
  // with anyOf (one record, or a list of records) the branch that got furthest says what is wrong
  const depth = (e: Violation) => (e.instancePath ? e.instancePath.split("/").length : 0);
  const first = all.filter((e) => e.keyword !== "anyOf").reduce<Violation | undefined>((best, e) => (best === undefined || depth(e) > depth(best) ? e : best), undefined) ?? all[0];
  const where = err.validationContext === "params" ? "path parameter" : "field";
  let path = first?.instancePath ? first.instancePath.slice(1).split("/") : [];
  // a list of records: "/2/age" is field "age" of record 2 (a body that is a list is one: a service whose body is a
  // record takes one or a list, whether or not its model takes records itself)
  const record = err.validationContext === "body" && Array.isArray(body) && path.length > 0 && /^\d+$/.test(path[0]!) ? Number(path[0]) : null;
  if (record !== null) path = path.slice(1);
  const of = record !== null ? ` of record ${record}` : "";
  const field = path.join(".");
  // a field of a fixed shape: say the shape, and the one sent
  if ((first?.keyword === "minItems" || first?.keyword === "maxItems" || first?.keyword === "type") && record === null && path.length > 0 && err.validationContext === "body") {
    const properties = (REQUEST_SCHEMA as { properties?: Record<string, unknown> }).properties ?? {};
    const expected = pinnedShape(properties[path[0]!]);
    if (expected && !(first.keyword === "type" && path.length > expected.length)) {
      const sent = (body as Record<string, unknown> | null)?.[path[0]!];
      return `${where} "${path[0]}" must have shape [${expected.join(", ")}] (${expected.reduce((n, d) => n * d, 1)} values); this one ${shapeOf(sent)}`;
    }
  }
  if (first?.keyword === "required") return `missing required ${where} "${String((first.params as { missingProperty?: string }).missingProperty)}"${of}`;
  if (first?.keyword === "additionalProperties") return `unknown ${where} "${String((first.params as { additionalProperty?: string }).additionalProperty)}"${of}`;
  if (field) return `${where} "${field}"${of} ${first?.message ?? "is invalid"}`;
  if (record !== null) return `record ${record} of the request body ${first?.message ?? "is invalid"}`;
  return `the request ${err.validationContext === "params" ? "path" : "body"} ${first?.message ?? "is invalid"}`;
}

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large) with a message a client can act on. */
export function clientMessage(err: FastifyError): string {
  switch (err.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "the request body must be JSON (Content-Type: application/json)";
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "the request body is too large";
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "the request body is empty; send a JSON object";
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return `the request body is not valid JSON: ${err.message}`;
    default:
      return err.message;
  }
}
