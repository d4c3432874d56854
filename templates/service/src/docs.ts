// GET /docs (routes/docs.ts): the OpenAPI document as one self-contained HTML page (no scripts, no fonts, no CDN: it works offline
// and under a strict Content-Security-Policy). Every text from the document is HTML-escaped.
import { SERVICE } from "./generated/service.ts";

/** The parts of an OpenAPI 3.1 operation the page shows. */
export interface OpenApiOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly requestBody?: { readonly content: { readonly [type: string]: { readonly schema?: unknown; readonly example?: unknown } } };
  readonly responses: {
    readonly [status: string]: { readonly description: string; readonly headers?: Readonly<Record<string, unknown>>; readonly content?: { readonly [type: string]: { readonly schema?: unknown } } };
  };
}

/** The parts of an OpenAPI 3.1 document the page shows (what @fastify/swagger makes from the routes). */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly paths: { readonly [path: string]: { readonly [method: string]: OpenApiOperation } };
  readonly components?: { readonly schemas?: { readonly [name: string]: unknown } };
  readonly [key: string]: unknown;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pretty = (v: unknown) => `<pre>${escape(JSON.stringify(v, null, 2))}</pre>`;

/** `{"$ref": "#/components/schemas/X"}` as a link to X's section, anything else as JSON. */
function schemaHtml(schema: unknown): string {
  const ref = (schema as { $ref?: unknown } | null)?.$ref;
  if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
    const name = ref.slice("#/components/schemas/".length);
    return `<a href="#schema-${escape(name)}">${escape(name)}</a>`;
  }
  return pretty(schema);
}

/** A word for a POSIX shell, single-quoted (a quote inside closed, escaped and reopened). */
const shellQuote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * The image file a JSON example stands for: nb2svc writes an example's image (copied into src/generated/fixtures/) as
 * this placeholder, where JSON would hold its base64 (jsonExample in nb2svc's src/generate/api.ts).
 */
const IMAGE_PLACEHOLDER = /^<the image file (.+), in base64>$/;

/**
 * The route called with curl, as pasted in the service's folder: its path parameters filled in (the model is this
 * service's), its example as the body. An example with image files sends the file itself as the body when it is the
 * only field and the route reads raw bodies, else a multipart form (as the README's line: nb2svc's exampleCurl).
 */
export function curlLine(path: string, method: string, op: OpenApiOperation): string {
  const url = `localhost:${SERVICE.port}${path.replace(/\{model_name\}/g, SERVICE.name)}`;
  const content = op.requestBody?.content ?? {};
  const example = content["application/json"]?.example;
  if (method === "get") return `curl -s ${url}`;
  const command = `curl -s${method === "post" ? "" : ` -X ${method.toUpperCase()}`} ${url}`;
  if (example === undefined) return command;
  const fields = example !== null && typeof example === "object" && !Array.isArray(example) ? Object.entries(example) : [];
  const fileOf = (v: unknown) => (typeof v === "string" ? (IMAGE_PLACEHOLDER.exec(v)?.[1] ?? null) : null);
  const files = fields.filter(([, v]) => fileOf(v) !== null);
  if (files.length === 0 || !("multipart/form-data" in content)) return `${command} -H 'content-type: application/json' -d ${shellQuote(JSON.stringify(example))}`;
  const fixture = (v: unknown) => `src/generated/fixtures/${fileOf(v)!}`;
  if (fields.length === 1 && "application/octet-stream" in content) return `${command} -H 'content-type: application/octet-stream' --data-binary @${shellQuote(fixture(files[0]![1]))}`;
  const parts = fields.map(([k, v]) => (fileOf(v) !== null ? `-F ${shellQuote(`${k}=@${fixture(v)}`)}` : `--form-string ${shellQuote(`${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)}`));
  return `${command} ${parts.join(" ")}`;
}

function operationHtml(path: string, method: string, op: OpenApiOperation): string {
  const body = op.requestBody?.content["application/json"];
  const responses = Object.entries(op.responses)
    .map(([status, r]) => {
      const [type, content] = Object.entries(r.content ?? {})[0] ?? ["", { schema: undefined }];
      return (
        `<tr><td><code>${escape(status)}</code></td><td>${escape(r.description)}${r.headers ? " <em>(Retry-After)</em>" : ""}</td>` +
        `<td><code>${escape(type)}</code></td><td>${content.schema !== undefined ? schemaHtml(content.schema) : ""}</td></tr>`
      );
    })
    .join("");
  const example = body?.example !== undefined ? `<p>Example body:</p>${pretty(body.example)}` : "";
  const others = Object.entries(op.requestBody?.content ?? {}).filter(([type]) => type !== "application/json");
  const alsoRead = others.length
    ? `<p>Also read: ${others.map(([type, c]) => `<code>${escape(type)}</code>${type === "multipart/form-data" ? ` ${schemaHtml(c.schema)}` : ""}`).join(", ")}</p>`
    : "";
  return (
    `<section id="op-${escape(op.operationId)}"><h3><span class="m">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code></h3>` +
    `<p>${escape(op.summary)} <small>(client: <code>${escape(op.operationId)}()</code>)</small></p>` +
    `<pre class="curl">${escape(curlLine(path, method, op))}</pre>` +
    (body ? `<p>Request body: ${schemaHtml(body.schema)}</p>${example}${alsoRead}` : "") +
    `<table><tr><th>status</th><th>meaning</th><th>type</th><th>body</th></tr>${responses}</table></section>`
  );
}

export function docsPage(doc: OpenApiDocument): string {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => operationHtml(path, m, op)));
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(([name, schema]) => `<section id="schema-${escape(name)}"><h3>${escape(name)}</h3>${pretty(schema)}</section>`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info.title)} API</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
code,pre{font:13px ui-monospace,monospace}pre{background:#f6f8fa;padding:.6em;overflow:auto;margin:.3em 0}
section{border-top:1px solid #ddd;padding:.4em 0}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #e3e3e3;padding:.3em;vertical-align:top;text-align:left}.m{background:#2b6cb0;color:#fff;padding:0 .4em;border-radius:3px}
</style></head><body>
<h1>${escape(doc.info.title)} <small>${escape(doc.info.version)}</small></h1>
<p>${escape(doc.info.description ?? "")}</p>
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI ${escape(doc.openapi)}).</p>
<h2>Routes</h2>${ops.join("")}
<h2>Schemas</h2>${schemas}
</body></html>
`;
}
