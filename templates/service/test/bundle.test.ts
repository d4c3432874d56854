// The bundle (dist/server.js, what `npm start` and the container run): serves the notebook's first example, logs one
// JSON line per request without bodies, and on SIGTERM under load answers every request it had accepted, refuses
// new work, and exits 0.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cacheFileOf, loadAppScript } from "../src/app-script.ts";
import { SERVICE } from "../src/generated/service.ts";
import { differences, goldens, metric, root, startBundle, toleranceOf, until, type Child } from "./helpers.ts";

let running: Child | null = null;
afterEach(() => {
  running?.child.kill("SIGKILL");
  running = null;
});

it("serves the notebook's example, with one log line per request and no bodies in logs", async () => {
  expect(existsSync(path.join(root, "dist", "server.js")), "run `npm run build` first").toBe(true);
  running = await startBundle();
  const { url, logs } = running;
  const res = await fetch(url + "/predict", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(goldens[0]!.request) });
  expect(res.status).toBe(200);
  expect(differences(await res.json(), goldens[0]!.expected, toleranceOf(goldens[0]!))).toEqual([]);
  expect((await fetch(url + "/no-such-route")).status).toBe(404);
  // with several workers their lines arrive in any order: wait for the two this test made
  await until(() => logs.some((l) => l.msg === "request" && l.route === "/predict") && logs.some((l) => l.msg === "request" && l.status === 404), "request log lines");
  const lines = logs.filter((l) => l.msg === "request");
  // /readyz (polled until ready, at least once), /predict, the 404
  expect(lines.filter((l) => l.route === "/predict")).toMatchObject([{ method: "POST", status: 200 }]);
  expect(lines.filter((l) => l.status === 404)).toHaveLength(1);
  for (const l of lines) expect(Object.keys(l).sort()).toEqual(["hostname", "level", "method", "ms", "msg", "pid", "reqId", "route", "status", "time", "url"]);
  const body = JSON.stringify(goldens[0]!.request);
  expect(logs.some((l) => JSON.stringify(l).includes(body))).toBe(false);
});

it("as one process (WORKERS=1: onnxruntime's start on a worker thread when a core is spare) serves the example and exits 0 on SIGTERM", async () => {
  running = await startBundle({ WORKERS: "1" });
  const { url, child, exited, logs } = running;
  const res = await fetch(url + "/predict", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(goldens[0]!.request) });
  expect(res.status).toBe(200);
  expect(differences(await res.json(), goldens[0]!.expected, toleranceOf(goldens[0]!))).toEqual([]);
  // the app was compiled from the build's code cache (src/app-script.ts), which no warning contradicts
  expect(logs.find((l) => l.msg === "listening")).toMatchObject({ codeCache: "used" });
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(logs.filter((l) => (l.level as number) >= 40)).toEqual([]);
});

// Linux only: a thread's voluntary context switches are how often it went to sleep and was woken (/proc)
it.runIf(existsSync("/proc/self/status"))("sleeps while idle: its main thread wakes about 10 times a second, not 90", async () => {
  running = await startBundle({ WORKERS: "1" });
  const { child, url } = running;
  expect((await fetch(url + "/metrics")).status).toBe(200);
  const wakeups = (): number => Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/task/${child.pid}/status`, "utf8"))?.[1]);
  await new Promise((r) => setTimeout(r, 500));
  const before = wakeups();
  await new Promise((r) => setTimeout(r, 2000));
  // about 20 here; with prom-client's default event-loop sampling (every 10 ms) about 150 (src/metrics.ts)
  expect(wakeups() - before).toBeLessThan(60);
}, 30_000);

it("that cannot listen (its port taken) says why and exits 1, also while onnxruntime's warm-up worker works", async () => {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  const port = String((taken.address() as net.AddressInfo).port);
  try {
    const child = spawn(process.execPath, [path.join(root, "dist", "server.js")], {
      env: { ...process.env, HOST: "127.0.0.1", PORT: port, LOG_LEVEL: "info", WORKERS: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(out).toContain('"msg":"cannot start"');
    expect(out).toContain("EADDRINUSE");
    expect(code).toBe(1);
  } finally {
    taken.close();
  }
}, 30_000);

describe("the app's code cache (dist/app.cjs.cache)", () => {
  const copy = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), "app-script-"));
    copyFileSync(path.join(root, "dist", "app.cjs"), path.join(dir, "app.cjs"));
    return path.join(dir, "app.cjs");
  };

  it("is used when V8 accepts it; the app then loads as without it", () => {
    const file = copy();
    copyFileSync(path.join(root, "dist", "app.cjs.cache"), cacheFileOf(file));
    const loaded = loadAppScript(file);
    expect(loaded.cache).toBe("used");
    expect(typeof loaded.exports.buildApp).toBe("function");
    rmSync(path.dirname(file), { recursive: true });
  });

  it("is rejected, not trusted, when it was made for another script or is damaged; absent is told apart", () => {
    const file = copy();
    const cache = readFileSync(path.join(root, "dist", "app.cjs.cache"));
    // the cache of this build for a script one byte longer (an edited bundle), then one with its bytes flipped
    writeFileSync(file, `${readFileSync(file, "utf8")}\n`);
    writeFileSync(cacheFileOf(file), cache);
    expect(loadAppScript(file).cache).toBe("rejected");
    copyFileSync(path.join(root, "dist", "app.cjs"), file);
    writeFileSync(cacheFileOf(file), cache.map((b) => b ^ 0xff));
    const damaged = loadAppScript(file);
    expect(damaged.cache).toBe("rejected");
    expect(typeof damaged.exports.buildApp).toBe("function");
    rmSync(cacheFileOf(file));
    expect(loadAppScript(file).cache).toBe("absent");
    rmSync(path.dirname(file), { recursive: true });
  });

  it("is loaded without node:https and node:http2 (Fastify's), nor node:zlib (prom-client's) unless it reads images, by Node's CommonJS loader", async () => {
    // the built-in modules Node loaded, and the main module Node's CommonJS loader ran (none when the ES module loader
    // ran the entry), written by the process as it exits: after a start, an answer and a SIGTERM
    const dir = mkdtempSync(path.join(tmpdir(), "app-script-"));
    const preload = path.join(dir, "loaded.cjs");
    writeFileSync(preload, 'process.on("exit", () => process.stderr.write(JSON.stringify({ main: process.mainModule?.filename ?? null, loaded: process.moduleLoadList })));\n');
    const child = spawn(process.execPath, ["--require", preload, path.join(root, "dist", "server.js")], {
      env: { ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", WORKERS: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    await until(() => /"address":"(http:[^"]+)"/.test(stdout), "listening");
    const url = /"address":"(http:[^"]+)"/.exec(stdout)![1]!;
    await until(async () => (await fetch(url + "/readyz")).status === 200, "readiness");
    const res = await fetch(url + "/predict", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(goldens[0]!.request) });
    expect(res.status).toBe(200);
    child.kill("SIGTERM");
    await exited;
    const { main, loaded } = JSON.parse(stderr.slice(stderr.lastIndexOf('{"main":'))) as { main: string | null; loaded: string[] };
    // dist/package.json makes dist/ a CommonJS scope: Node starts such an entry sooner than an ES module
    expect(main).toBe(path.join(root, "dist", "server.js"));
    // the list is Node's own record of what it loaded: it holds node:http, else it is not the list this test means
    expect(loaded).toContain("NativeModule http");
    // a service that reads image files inflates PNG and TIFF with node:zlib (its /predict takes multipart files)
    const doc = JSON.parse(readFileSync(path.join(root, "openapi.json"), "utf8")) as { paths: Record<string, { post?: { requestBody?: { content: object } } }> };
    const readsImages = "multipart/form-data" in (doc.paths["/predict"]?.post?.requestBody?.content ?? {});
    const unused = readsImages ? /^NativeModule (https|http2|tls)$/ : /^NativeModule (https|http2|tls|zlib)$/;
    expect(loaded.filter((m) => unused.test(m))).toEqual([]);
    rmSync(dir, { recursive: true });
  }, 60_000);

  it("is remade by `node dist/server.js --write-code-cache`, and a start without it says so", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "app-script-"));
    // package.json: the bundles are CommonJS (dist/package.json says so)
    for (const f of ["server.js", "app.cjs", "package.json"]) copyFileSync(path.join(root, "dist", f), path.join(dir, f));
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(dir, "server.js"), ...args], {
          env: { ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn", WORKERS: "1", MODEL_PATH: path.join(dir, "no-model.onnx") },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          // a server: its warnings are written once it listens; stopped then
          if (args.length === 0 && out.includes("\n")) child.kill("SIGTERM");
        });
        child.stderr.on("data", (d: Buffer) => (out += d.toString()));
        child.on("exit", (code) => resolve({ code, out }));
      });
    const started = await run([]);
    expect(started.out).toContain("dist/app.cjs.cache is not used (there is none)");
    expect(await run(["--write-code-cache"])).toEqual({ code: 0, out: "" });
    expect(loadAppScript(path.join(dir, "app.cjs")).cache).toBe("used");
    rmSync(dir, { recursive: true });
  }, 60_000);
});

it("stopped by SIGTERM as soon as it listens, while onnxruntime's warm-up worker may still work, exits 0 (not SIGABRT)", async () => {
  // process.exit with the worker inside onnxruntime-node's native code aborted the process, in about 1 start of 10
  // stopped this way: a few starts, each stopped at a slightly different moment
  for (let i = 0; i < 6; i++) {
    const child = spawn(process.execPath, [path.join(root, "dist", "server.js")], {
      env: { ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", WORKERS: "1", SHUTDOWN_LINGER_MS: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      const first = !stdout.includes('"listening"');
      stdout += d.toString();
      if (first && stdout.includes('"listening"')) setTimeout(() => child.kill("SIGTERM"), i * 2);
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (c, s) => resolve([c, s])));
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: "" });
  }
}, 90_000);

it("drains on SIGTERM: every accepted request is answered, new work is refused, exit code 0", async () => {
  // a long batching delay keeps the accepted requests queued when SIGTERM comes
  running = await startBundle({ BATCH_MAX_DELAY_MS: "60000", BATCH_MAX_ROWS: "100000" });
  const { url, child, exited } = running;
  const n = 24;
  const inFlight = Array.from({ length: n }, (_, i) => {
    const g = goldens[i % goldens.length]!;
    return fetch(url + "/predict", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(g.request) }).then(
      async (r) => ({ status: r.status, body: (await r.json()) as unknown, expected: g.expected, golden: g }),
      (e: unknown) => ({ status: -1, body: String(e), expected: g.expected, golden: g }),
    );
  });
  // every request has reached the service: with batching they all wait in the queue (the delay is long); without,
  // each is answered or in flight (the in-flight gauge counts the /metrics request that reads it)
  await until(async () => {
    const text = await (await fetch(url + "/metrics")).text();
    if (SERVICE.batching.enabled) return metric(text, "model_queue_rows") === n;
    const answered = metric(text, "http_requests_total", { method: "POST", route: "/predict", status: "200" }) ?? 0;
    return answered + (metric(text, "http_requests_in_flight") ?? 0) - 1 >= n;
  }, "every request to reach the service");
  child.kill("SIGTERM");
  const answers = await Promise.all(inFlight);
  for (const a of answers) {
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(differences(a.body, a.expected, toleranceOf(a.golden))).toEqual([]);
  }
  // after SIGTERM nothing new is served: refused (503 with an error body) or the port is closed
  const late = await fetch(url + "/predict", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(goldens[0]!.request) }).then(
    async (r) => ({ status: r.status, body: (await r.json()) as unknown }),
    () => ({ status: 0, body: null }),
  );
  expect([0, 503]).toContain(late.status);
  if (late.status === 503) expect(late.body).toMatchObject({ error: expect.any(String) });
  expect(await exited).toBe(0);
  expect(running.logs.some((l) => l.msg === "stopped")).toBe(true);
});
