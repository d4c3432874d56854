// `npm run bench`: drives the bundled service (dist/server.js, as `npm start` runs it) with autocannon at a few
// concurrency levels, with batching on and off, and prints requests per second and latency percentiles. The
// request is the notebook's first example. Settings: BENCH_SECONDS (per run, default 5), BENCH_CONNECTIONS
// (default 1,8,32,64), BENCH_ROUTE (predict or infer, default predict), BENCH_MODES (default on,off); BATCH_* and
// ORT_* variables pass through to the service, so `BATCH_MAX_DELAY_MS=5 npm run bench` measures another setting.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import autocannon from "autocannon";

interface Golden {
  readonly request: Record<string, unknown>;
}

const root = process.cwd();
const { goldens: recorded } = JSON.parse(readFileSync(path.join(root, "test", "goldens.json"), "utf8")) as { goldens: Golden[] };
/** The examples as JSON bodies: an image file they opened (`{"$file": path}`, in test/fixtures/) in base64. */
const goldens: Golden[] = recorded.map((g) => ({
  ...g,
  request: Object.fromEntries(
    Object.entries(g.request).map(([k, v]) => {
      const file = v !== null && typeof v === "object" && !Array.isArray(v) ? (v as { $file?: unknown }).$file : undefined;
      return [k, typeof file === "string" ? readFileSync(path.join(root, "test", "fixtures", ...file.split("/"))).toString("base64") : v];
    }),
  ),
}));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = (process.env.BENCH_CONNECTIONS ?? "1,8,32,64").split(",").map(Number);
const route = process.env.BENCH_ROUTE === "infer" ? "infer" : "predict";
const modes = (process.env.BENCH_MODES ?? "on,off").split(",").map((m) => m.trim());

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts dist/server.js with BATCHING=mode; resolves with its URL and a stop function once it is ready. */
async function start(mode: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, "dist", "server.js")], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", BATCHING: mode },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(url + "/readyz").then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 300) throw new Error("the service did not become ready");
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.on("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** The body autocannon sends: the first example, as /predict or as OIP tensors (zeros of the model's shape). */
async function requestFor(url: string): Promise<{ path: string; body: string }> {
  if (route === "predict") return { path: "/predict", body: JSON.stringify(goldens[0]!.request) };
  const meta = (await (await fetch(url + "/v2")).json()) as { name: string };
  const model = (await (await fetch(`${url}/v2/models/${meta.name}`)).json()) as { inputs: { name: string; datatype: string; shape: number[] }[] };
  const inputs = model.inputs.map((t) => {
    const shape = t.shape.map((d) => (d < 0 ? 1 : d));
    return { ...t, shape, data: new Array(shape.reduce((a, b) => a * b, 1)).fill(t.datatype === "BOOL" ? false : 0) };
  });
  return { path: `/v2/models/${meta.name}/infer`, body: JSON.stringify({ inputs }) };
}

/** Rows and model runs so far, from the service's own metrics. */
async function batches(url: string): Promise<{ rows: number; runs: number }> {
  const text = await (await fetch(url + "/metrics")).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
  return { rows: value("model_batch_rows_sum"), runs: value("model_batch_rows_count") };
}

const rows: string[][] = [["batching", "connections", "req/s", "p50 ms", "p99 ms", "errors", "rows/run"]];
for (const mode of modes) {
  const svc = await start(mode);
  try {
    const req = await requestFor(svc.url);
    for (const c of connections) {
      const before = await batches(svc.url);
      const result = await autocannon({
        url: svc.url + req.path,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: req.body,
        connections: c,
        duration: seconds,
      });
      const after = await batches(svc.url);
      const errors = result.errors + result.timeouts + result.non2xx;
      rows.push([mode, String(c), result.requests.average.toFixed(0), String(result.latency.p50), String(result.latency.p99), String(errors), ((after.rows - before.rows) / Math.max(1, after.runs - before.runs)).toFixed(1)]);
      process.stderr.write(`${rows[rows.length - 1]!.join("\t")}\n`);
    }
  } finally {
    await svc.stop();
  }
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(`\n${route}, ${seconds} s per run; rows/run: mean rows per model run`);
for (const r of rows) console.log(r.map((v, i) => v.padStart(widths[i]!)).join("  "));
