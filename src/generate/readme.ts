// README.md of the generated service: what it serves, how to run, call, deploy and tune it. Routes come from the
// service's OpenAPI document (openapi.ts) and settings from the plan, so the README says what the code does.
import type { Json } from "../analyze/types.ts";
import type { ServicePlan } from "../plan/types.ts";
import { OIP_DATATYPES } from "./api.ts";
import { operationsOf, type OpenApiDocument } from "./openapi.ts";
import { SERVICE_UID } from "./docker.ts";

const fence = (lang: string, body: string) => "```" + lang + "\n" + body + "\n```";
const shellQuote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** Measured with `npm run bench` on the examples (2 cores, 3 s per run): see docs/performance.md in nb2svc. */
const MEASURED = [
  "The defaults were measured on nb2svc's examples (2 cores, autocannon on the same machine): with batching on they",
  "served 2–3× more requests per second than with it off from 32 concurrent connections up, with a lower or similar",
  "p99. The default wait is 0 ms, so a lone request is never held back: requests that arrive while a model run is in",
  "progress form the next batch by themselves (about 12 rows at 32 connections). A cap of 32 rows beat 64 at 128",
  "connections, since a long run also blocks the JS thread that parses and answers.",
];

/**
 * The curl line that posts an example from the service's folder: JSON, or for an example that opens image files
 * (`{"$file": path}`, copied into src/generated/fixtures/) the file itself as the body, or a multipart form with the others.
 */
export function exampleCurl(request: { readonly [field: string]: Json }, port: number): string {
  const fileOf = (v: Json): string | null => (v !== null && typeof v === "object" && !Array.isArray(v) && typeof v.$file === "string" ? v.$file : null);
  const entries = Object.entries(request);
  const files = entries.filter(([, v]) => fileOf(v) !== null);
  const url = `localhost:${port}/predict`;
  if (files.length === 0) return `curl -s ${url} -H 'content-type: application/json' -d ${shellQuote(JSON.stringify(request))}`;
  const fixture = (v: Json) => `src/generated/fixtures/${fileOf(v)!}`;
  if (entries.length === 1) return `curl -s ${url} -H 'content-type: application/octet-stream' --data-binary @${shellQuote(fixture(files[0]![1]))}`;
  const parts = entries.map(([k, v]) => (fileOf(v) !== null ? `-F ${shellQuote(`${k}=@${fixture(v)}`)}` : `-F ${shellQuote(`${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)}`));
  return `curl -s ${url} ${parts.join(" ")}`;
}

export function serviceReadme(plan: ServicePlan, doc: OpenApiDocument): string {
  const example = plan.goldens[0];
  const body = example ? JSON.stringify(example.request) : "{}";
  const sig = plan.model.signature;
  const port = plan.options.port;
  const b = plan.options.batching;
  const limits = plan.options.limits;
  const tensor = (t: (typeof sig.inputs)[number]) => `\`${t.name}\` ${t.dtype} (${OIP_DATATYPES[t.dtype]}) [${t.shape.map((d) => d ?? "?").join(", ")}]`;
  const inferBody = JSON.stringify({
    inputs: sig.inputs.map((t) => {
      const shape = t.shape.map((d) => (typeof d === "number" ? d : 1));
      return { name: t.name, shape, datatype: OIP_DATATYPES[t.dtype], data: new Array<number>(shape.reduce((n, d) => n * d, 1)).fill(0) };
    }),
  });
  return [
    `<!-- Written by nb2svc ${plan.toolVersion} for ${JSON.stringify(plan.notebook.fileName)}; yours to edit (converting again rewrites src/generated/ only). -->`,
    `# ${plan.name}`,
    "",
    `Inference service for the notebook \`${plan.notebook.fileName}\`: ` +
      (plan.pipeline.preprocess
        ? `\`${plan.pipeline.preprocess}\` → ONNX model → \`${plan.pipeline.postprocess ?? "outputs"}\`, translated from the notebook's Python.`
        : "the ONNX model on raw tensors."),
    "It also speaks the Open Inference Protocol v2 (KServe, Triton clients), exports Prometheus metrics, and publishes",
    "its OpenAPI 3.1 description with the real error bodies.",
    "",
    "## Run",
    fence("sh", `npm ci --omit=dev && npm start     # serves on $HOST:$PORT (${plan.options.host}:${port})`),
    "",
    "`dist/` is already built, as CommonJS (`dist/package.json` says so): `server.js`, which loads the app from `app.cjs` with",
    "V8's code cache `app.cjs.cache` (made by `node dist/server.js --write-code-cache`, the build's last step: a start then",
    "compiles none of the app's code), and a cluster's primary its workers' metrics aggregator from `metrics.cjs`. The",
    "only package it loads is onnxruntime-node, which `npm ci --omit=dev` installs",
    "(exactly the version nb2svc tested, from `package-lock.json`; its install script, which would download CUDA",
    "libraries, is not needed and `allowScripts` in `package.json` says so).",
    "",
    "## Layout",
    "- `src/generated/`: what nb2svc translated and derived from the notebook (its banner says so). Converting the",
    "  notebook again (`nb2svc convert NOTEBOOK --out THIS_FOLDER`) rewrites it, `packages/runtime/` and `model/`, and",
    "  nothing else: it reports your files that differ from what it would write now, and replaces them only with `--force`.",
    "- `src/app.ts`: the Fastify app, made of plugins: `src/plugins/` (metrics, lifecycle and drain, errors, batching,",
    "  OpenAPI) and `src/routes/` (predict, health, OIP, docs). Add a route as a plugin in `src/routes/` and register it in",
    "  `src/app.ts`; its schema is validated, typed (a type provider) and published in `/openapi.json` with the others.",
    "  The typed client (`src/generated/client.ts`) and the route table below are printed from the document of the routes",
    "  nb2svc wrote: a route you add is in `/openapi.json`, not in the client.",
    "- `src/server.ts`: the process (listen, load the model, shut down on SIGTERM); `src/openapi.ts` prints the OpenAPI",
    "  document for `npm run build` (nb2svc writes the same bytes when it converts, without starting the app).",
    "- `packages/runtime/`: `@nb2svc/runtime`, the Python/numpy runtime the translated code imports by name.",
    "",
    "## Try it",
    "Paste this in the service's folder: it starts the service, waits until the model is loaded, asks it for the",
    "notebook's first example and stops it.",
    fence(
      "sh",
      [
        "npm ci --omit=dev",
        // the server itself, not npm (npm start): `kill $!` then stops the server, not only npm in front of it
        "LOG_LEVEL=warn node dist/server.js &    # what npm start runs, without a log line per request",
        // kill -0: a service that did not start (a port in use) ends the wait instead of holding it forever
        `until curl -sf localhost:${port}/readyz > /dev/null; do kill -0 $! || break; sleep 0.2; done`,
        example ? exampleCurl(example.request, port) : `curl -s localhost:${port}/predict -H 'content-type: application/json' -d ${shellQuote(body)}`,
        "echo",
        "kill $!; wait $!                        # SIGTERM: answers what it accepted, then exits (wait: until it has)",
      ].join("\n"),
    ),
    ...(plan.request.fields.some((f) => f.media === "image")
      ? [
          "",
          `The image can also be a multipart file (\`curl -F ${plan.request.fields.find((f) => f.media === "image")!.name}=@photo.jpg ...\`) or base64 in JSON; PNG, JPEG, GIF, BMP, TIFF and WebP are read, checked against \`IMAGE_MAX_BYTES\` and \`IMAGE_MAX_PIXELS\` before decoding.`,
        ]
      : []),
    ...(example ? ["", example.source === "model-check" ? "The service's answer (a model check made at conversion: the notebook showed no answer):" : "The notebook's answer:", fence("json", JSON.stringify(example.expected, null, 2))] : []),
    "",
    "The same model on raw tensors, through the Open Inference Protocol (`data` flat or nested, row-major; several rows",
    "in one request are fine when the first dimension is -1 in the model's metadata):",
    fence("sh", `curl -s localhost:${port}/v2/models/${plan.name}/infer -H 'content-type: application/json' -d ${shellQuote(inferBody)}`),
    "",
    `From TypeScript or JavaScript, with the typed client: \`client/\` is a package of its own (\`${plan.name}-client\`, no`,
    "dependencies, needs only `fetch`), which another project installs by path:",
    fence("sh", `npm install path/to/this/folder/client`),
    fence(
      "ts",
      [
        `import { Client, ServiceError } from "${plan.name}-client";`,
        "",
        `const client = new Client("http://localhost:${port}");`,
        ...(example ? [`const answer = await client.predict(${body});`] : []),
        "// every route has its method; a non-2xx answer throws ServiceError (status, body, retryAfterSeconds)",
      ].join("\n"),
    ),
    "",
    "## Develop",
    fence(
      "sh",
      [
        "npm install     # the development tools too: esbuild, TypeScript, vitest",
        "npm test        # builds dist/, then the notebook's examples, OIP, batching, readiness, shutdown, OpenAPI, client, manifests",
        "npm run bench   # requests per second and latency at several concurrencies, batching on and off",
      ].join("\n"),
    ),
    "",
    "## Routes",
    "| route | what |",
    "| --- | --- |",
    ...routeRows(doc),
    "",
    "Every error is `{\"error\": \"...\"}`: 400 for a request that does not fit (naming the field), 404 for an unknown",
    "model, 413 over the body limit, 415 for a body that is not JSON, 503 with `Retry-After` while the model loads, when",
    "the queue is full or during shutdown, 504 past the request timeout, 500 (no details; they are logged) for a fault in",
    "the service. `/docs` shows `openapi.json` as a page, with a curl line for every route.",
    "",
    "## Batching",
    plan.model.batchable
      ? [
          `The model's first axis is symbolic, so concurrent requests are merged into one model run of up to`,
          `\`BATCH_MAX_ROWS\` rows and split back; each request's postprocessing sees only its own rows. A request that is`,
          "itself a batch (an OIP request with a first dimension of n) counts n rows. A model run takes the oldest request",
          "and the later ones whose tensors stack with it; the first waits at most `BATCH_MAX_DELAY_MS` for company. Past",
          "`BATCH_MAX_QUEUE_ROWS` waiting rows, requests get 503 with `Retry-After`. `BATCHING=off` runs every request alone.",
          "",
          ...MEASURED,
          "Measure your own hardware with `npm run bench` (`BATCH_MAX_DELAY_MS=2 npm run bench` tries another setting).",
        ].join("\n")
      : "The model's first axis is fixed, so requests cannot be merged: each runs alone, through the same bounded queue.",
    "",
    "## Settings (environment variables)",
    "| variable | default | meaning |",
    "| --- | --- | --- |",
    `| \`HOST\`, \`PORT\` | \`${plan.options.host}\`, \`${port}\` | where to listen |`,
    `| \`MODEL_PATH\` | \`model/${plan.model.fileName}\` | the ONNX file (its sha256 must match) |`,
    `| \`BATCHING\` | \`${b.enabled ? "on" : "off"}\` | merge concurrent requests into one model run${plan.model.batchable ? "" : " (this model cannot be batched)"} |`,
    `| \`BATCH_MAX_ROWS\` | \`${b.maxBatchRows}\` | most rows in one model run |`,
    `| \`BATCH_MAX_DELAY_MS\` | \`${b.maxDelayMs}\` | longest the first request of a batch waits for others |`,
    `| \`BATCH_MAX_QUEUE_ROWS\` | \`${b.maxQueueRows}\` | most rows waiting for the model; past it, 503 |`,
    `| \`BODY_LIMIT_BYTES\` | \`${limits.bodyLimitBytes}\` | largest request body (413 past it) |`,
    ...(plan.request.fields.some((f) => f.media === "image")
      ? [
          `| \`IMAGE_MAX_BYTES\` | \`${limits.imageMaxBytes}\` | largest image file one field may hold (413 past it) |`,
          `| \`IMAGE_MAX_PIXELS\` | \`${limits.imageMaxPixels}\` | most pixels an image may have, read from its header before decoding (413 past it: decompression bombs) |`,
        ]
      : []),
    `| \`REQUEST_TIMEOUT_MS\` | \`${limits.requestTimeoutMs}\` | longest a request may take to arrive, and to wait for the model (504) |`,
    `| \`SHUTDOWN_GRACE_MS\` | \`${limits.shutdownGraceMs}\` | how long SIGTERM waits for in-flight requests before exiting 1 |`,
    "| `LOG_LEVEL` | `info` | pino level; `silent` turns logs off |",
    "| `ORT_INTRA_OP_THREADS` | `1` | onnxruntime threads per model run |",
    "| `WORKERS` | the CPUs the container may use (its cgroup CPU limit, rounded down) | server processes on the one port, each with its own model session and batcher; `/metrics` sums them; the Kubernetes manifests set 1 per pod |",
    "| `SHUTDOWN_LINGER_MS` | `1000` | after SIGTERM, how long connections stay open answering 503 with `Connection: close`, so that clients reconnect instead of losing a request |",
    "| `ALLOW_NON_FINITE_INPUTS` | `off` | accept NaN and infinities in float model inputs (otherwise a 400: a request number too large for the model's float type would make it answer NaN) |",
    "",
    "A value that is not valid stops the service at start with a message naming the variable (exit code 2).",
    "",
    "## Operations",
    "- **Readiness.** `/readyz` and `/v2/health/ready` answer 200 only once the model is loaded, checked against its",
    "  sha256 and warmed up by one run on zeros; `/healthz` and `/v2/health/live` answer as soon as the server listens.",
    "- **Shutdown.** On SIGTERM the service stops taking work (503 on the model routes, readiness 503), runs what is",
    "  queued at once, answers every request it had accepted, and exits 0 (1 if `SHUTDOWN_GRACE_MS` passes first).",
    "- **Metrics** (`GET /metrics`, Prometheus): `http_requests_total` and `http_request_duration_seconds` by method,",
    "  route and status; `http_requests_in_flight`; `model_batch_rows` and `model_batch_requests` per model run;",
    "  `model_queue_wait_seconds`; `model_run_duration_seconds`; `model_queue_rows`; `model_requests_rejected_total`",
    "  by reason; `model_ready`; `service_workers`; and Node's process metrics (the event-loop delay is sampled every",
    "  100 ms, so an idle service wakes about 10 times a second). With `WORKERS` above 1 every worker",
    "  answers with all workers' metrics, summed (`model_ready`: the least), and SIGTERM drains every worker.",
    "- **Logs.** One JSON line per request (pino): method, url, route, status, milliseconds, request id. No bodies, no",
    "  headers; a 500's error and stack are in its line, never in the answer.",
    "",
    "## Container and Kubernetes",
    fence(
      "sh",
      [
        "npm run build                                   # dist/ is what the image runs",
        `docker build -t ${plan.name}:0.1.0 .              # or: --build-arg BASE_IMAGE=<your Node 20 image>`,
        `docker run -p ${port}:${port} ${plan.name}:0.1.0`,
        "kubectl apply -f k8s/                           # Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget",
        "kubectl apply -f k8s/kserve/                    # or: a KServe InferenceService with this image as its predictor",
      ].join("\n"),
    ),
    "",
    `The image installs production dependencies only (\`npm ci --omit=dev\`: onnxruntime-node, whose binaries are cut to`,
    `linux-x64), then copies \`dist/\` and \`model/\` and remakes the app's code cache with the image's own Node; it runs as user ${SERVICE_UID} with \`NODE_ENV=production\` and a`,
    "HEALTHCHECK on `/readyz`, and works on a read-only root file system. The service adds about 50 MB to its base image.",
    "",
    "## Model",
    `\`model/${plan.model.fileName}\` (sha256 \`${sig.sha256}\`, opset ${sig.opset ?? "?"}, ${sig.producer ?? "unknown producer"}).`,
    `Inputs: ${sig.inputs.map(tensor).join(", ")}. Outputs: ${sig.outputs.map(tensor).join(", ")}.`,
    ...(sig.rewrite
      ? ["", `This is a copy of the notebook's model (sha256 \`${sig.rewrite.sourceSha256}\`) changed so that onnxruntime-node runs it anywhere and answers with tensors (src/inspect/rewrite.ts in nb2svc says why): ${sig.rewrite.changes.join("; ")}.`]
      : []),
    ...((sig.dataFiles ?? []).length ? ["", `Its tensor data is in ${sig.dataFiles!.map((d) => `\`model/${d.location}\``).join(", ")} (checked against its sha256 at start).`] : []),
    "",
  ].join("\n");
}

/**
 * The README's route table: every operation of the document, the notebook's route first, then by the document's tags
 * (Open Inference Protocol, then operations), each group in the order the service registers its routes.
 */
function routeRows(doc: OpenApiDocument): string[] {
  const rank = (tags: readonly string[]) => Math.min(...tags.map((t) => doc.tags.findIndex((d) => d.name === t)).filter((i) => i >= 0), doc.tags.length);
  return operationsOf(doc)
    .map((o, i) => ({ ...o, i, rank: rank(o.operation.tags) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ method, path, operation }) => `| \`${method.toUpperCase()} ${path}\` | ${operation.summary.replace(/\|/g, "\\|")} |`);
}
