// `npm run load`: a long run against the bundled service (dist/server.js, as `npm start` runs it). Phase 1 sends
// LOAD_REQUESTS (default 1,000,000) loopback requests mixing the notebook's examples (expected 200 with the
// notebook's answer) and bad requests (expected 4xx), counting every unexpected status or body, and samples the
// service's memory: it must be stable. Phase 2 sends SIGTERM in the middle of load: every request the service
// accepted must be answered (200, or 503 for work it refused once stopping), the process must exit 0. Prints one
// JSON summary; exits 1 on any unexpected result.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import path from "node:path";

interface Golden {
  readonly request: Record<string, unknown>;
  readonly expected: unknown;
}

const root = process.cwd();
const { goldens: recorded, tolerance } = JSON.parse(readFileSync(path.join(root, "test", "goldens.json"), "utf8")) as {
  goldens: Golden[];
  tolerance: { rtol: number; atol: number };
};
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
const total = Number(process.env.LOAD_REQUESTS ?? 1_000_000);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 32);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const a = srv.address();
      srv.close(() => (typeof a === "object" && a ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

async function start(): Promise<{ url: string; child: ChildProcess; exited: Promise<number | null> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, "dist", "server.js")], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(url + "/readyz")).ok) return { url, child, exited };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error("the service did not become ready");
}

function close(a: unknown, e: unknown): boolean {
  if (typeof e === "number") return typeof a === "number" && Math.abs(a - e) <= tolerance.atol + tolerance.rtol * Math.abs(e);
  if (Array.isArray(e)) return Array.isArray(a) && a.length === e.length && e.every((x, i) => close(a[i], x));
  if (e && typeof e === "object") {
    const ao = a as Record<string, unknown>;
    return !!a && typeof a === "object" && Object.keys(e).every((k) => close(ao[k], (e as Record<string, unknown>)[k]));
  }
  return a === e;
}

/** The requests of the mix, each with what it must get back. */
function mix(): { body: string; expect: (status: number, body: string) => boolean }[] {
  const goods = goldens.map((g) => ({
    body: JSON.stringify(g.request),
    expect: (status: number, body: string) => status === 200 && close(JSON.parse(body), g.expected),
  }));
  const client = (status: number, body: string) => status >= 400 && status < 500 && typeof (JSON.parse(body) as { error?: unknown }).error === "string";
  const first = goldens[0]?.request ?? {};
  const bads = [
    "{not json",
    "[]",
    JSON.stringify({ ...first, unexpected_field: 1 }),
    `{"__proto__": {"x": 1}, ${JSON.stringify(first).slice(1)}`,
    JSON.stringify(Object.fromEntries(Object.keys(first).map((k) => [k, null]))),
  ].map((body) => ({ body, expect: client }));
  // three good requests to one bad one
  return [...goods, ...goods, ...goods, ...bads].filter((x) => x.body.length > 0);
}

function rssOf(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function phaseLoad(): Promise<Record<string, unknown>> {
  const svc = await start();
  const url = new URL(svc.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const requests = mix();
  let sent = 0;
  let unexpected = 0;
  let failed = 0;
  const examples: string[] = [];
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(rssOf(svc.child.pid!)), 2000);
  const started = Date.now();
  // each worker sends the next request of the mix and checks its answer, until `total` requests have been sent
  const worker = async () => {
    while (sent < total) {
      const r = requests[sent++ % requests.length]!;
      const got = await exchange(agent, url, r.body);
      if (typeof got === "string") {
        failed++;
        if (examples.length < 5) examples.push(`${got} for ${r.body.slice(0, 80)}`);
        continue;
      }
      let ok = false;
      try {
        ok = r.expect(got.status, got.body);
      } catch {
        ok = false;
      }
      if (!ok) {
        unexpected++;
        if (examples.length < 5) examples.push(`${got.status} ${got.body.slice(0, 120)} for ${r.body.slice(0, 80)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (Date.now() - started) / 1000;
  clearInterval(timer);
  agent.destroy();
  svc.child.kill("SIGTERM");
  const code = await svc.exited;
  // memory after warm-up: the first samples include start-up growth
  const steady = samples.slice(Math.min(3, Math.max(0, samples.length - 2)));
  return {
    requests: sent,
    seconds: Math.round(seconds),
    requestsPerSecond: Math.round(sent / seconds),
    unexpected,
    connectionFailures: failed,
    examples,
    rssMiB: { first: Math.round(samples[0] ?? 0), peak: Math.round(Math.max(0, ...samples)), steadyStart: Math.round(steady[0] ?? 0), end: Math.round(samples.at(-1) ?? 0) },
    exitCode: code,
  };
}

/** One request and its whole answer, or why there was none. */
function exchange(agent: http.Agent, url: URL, body: string): Promise<{ status: number; body: string } | string> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: "/predict", method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on("error", (e) => resolve(e.message));
      },
    );
    req.on("error", (e) => resolve(e.message));
    req.end(body);
  });
}

/**
 * One request over a keep-alive connection: its status, or how it failed. A refused connection was never accepted;
 * a reset or an unanswered request after it was sent is a request lost.
 */
function post(agent: http.Agent, url: URL, body: string): Promise<number | "refused" | "lost"> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: "/predict", method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve("lost"));
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED" ? "refused" : "lost"));
    req.end(body);
  });
}

async function phaseSigterm(): Promise<Record<string, unknown>> {
  const svc = await start();
  const url = new URL(svc.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const outcomes = new Map<string, number>();
  const body = JSON.stringify(goldens[0]?.request ?? {});
  let stopping = false;
  let stopped = false;
  void svc.exited.then(() => (stopped = true));
  const worker = async () => {
    while (!stopped) {
      const r = await post(agent, url, body);
      const key = String(r);
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (r === "refused") await new Promise((x) => setTimeout(x, 5));
    }
  };
  const workers = Array.from({ length: 64 }, worker);
  await new Promise((r) => setTimeout(r, 2000));
  stopping = true;
  svc.child.kill("SIGTERM");
  const code = await svc.exited;
  await Promise.all(workers);
  agent.destroy();
  void stopping;
  return { exitCode: code, outcomes: Object.fromEntries(outcomes) };
}

const load = await phaseLoad();
const sigterm = await phaseSigterm();
const summary = { load, sigterm };
console.log(JSON.stringify(summary, null, 2));
const statuses = sigterm.outcomes as Record<string, number>;
// answered (200, or 503 for work refused while stopping) or never accepted (refused): nothing lost
const onlyExpected = Object.keys(statuses).every((s) => s === "200" || s === "503" || s === "refused") && (statuses["200"] ?? 0) > 0;
const memoryStable = (load.rssMiB as { end: number; steadyStart: number }).end <= (load.rssMiB as { steadyStart: number }).steadyStart * 1.25 + 16;
const ok = load.unexpected === 0 && load.connectionFailures === 0 && load.exitCode === 0 && sigterm.exitCode === 0 && onlyExpected && memoryStable;
if (!ok) console.error(`load: FAILED (unexpected ${String(load.unexpected)}, sigterm statuses ${JSON.stringify(statuses)}, memory stable ${memoryStable})`);
process.exit(ok ? 0 : 1);
