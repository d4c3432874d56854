// Load over loopback, with wrk (`loadWrk`, a C process) or autocannon (`loadAutocannon`, in this process); `load` runs
// the one it is given. Both share the server's cores: on this 2-core machine autocannon took about as much CPU per
// request as the bare Fastify server it measured, wrk about half of that (18-41 against 36-86 µs at 64 connections;
// docs/performance.md, "Method").
//
// autocannon's own latency histogram counts whole milliseconds, too coarse for a request that takes a fifth of one, so
// every response time is also kept from its "response" event (microseconds).
//
// autocannon opens its connections afresh for every run. A server whose event loop turns only every 50-100 ms (a heavy
// model's batch runs on it) accepts them slowly: libuv (1.46 in Node 20) accepts one connection per turn of the loop
// (libuv/libuv#3696; measured here: a server blocked 80 ms per turn took up 64 connections in about 5 s), so 64
// connections take 64 turns to be served at all. `settleSeconds` leaves that ramp out: the
// rate counts the answers after it, over the time after it, and the latencies are those of requests sent after it
// (or, for a server so slow that fewer than one per connection of those came back, those of every answer after it);
// `allAnsweredMs` reports how long the ramp took.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

export interface LoadResult {
  readonly connections: number;
  /** Responses per second over the run. */
  readonly rps: number;
  readonly p50us: number;
  readonly p99us: number;
  /** 2xx answers over the whole run, settling time included. */
  readonly responses: number;
  /** Connection errors, timeouts and non-2xx answers. */
  readonly errors: number;
  /** From the start until every connection had its first answer, in milliseconds; null if one never had. */
  readonly allAnsweredMs: number | null;
  /** What measured it. */
  readonly generator: Generator;
}

export type Generator = "wrk" | "autocannon";

let wrkPresent: boolean | undefined;

/** Whether `wrk` runs from PATH (asked once). */
export function wrkAvailable(): boolean {
  wrkPresent ??= spawnSync("wrk", ["--version"], { stdio: "ignore" }).error === undefined;
  return wrkPresent;
}

/** The generator to measure with: wrk when it is on PATH, else autocannon. */
export function defaultGenerator(): Generator {
  return wrkAvailable() ? "wrk" : "autocannon";
}

export interface LoadOptions {
  /** Seconds at the start left out of the rate and the latencies (autocannon only: it needs every answer's time). */
  readonly settleSeconds?: number;
  readonly generator?: Generator;
  /** wrk's threads (`-t`), at most one per connection; default 1. */
  readonly wrkThreads?: number;
}

/**
 * `POST url` with `body` as JSON at `connections` for `seconds`, with `opts.generator`: autocannon unless told
 * otherwise, so that a caller written for autocannon's figures keeps them; `defaultGenerator()` is wrk where it runs.
 */
export function load(url: string, body: string, connections: number, seconds: number, opts: LoadOptions = {}): Promise<LoadResult> {
  const generator = opts.generator ?? "autocannon";
  if (generator === "autocannon") return loadAutocannon(url, body, connections, seconds, opts);
  if (opts.settleSeconds) throw new Error("wrk keeps no time per answer: a run with settling time needs autocannon");
  return loadWrk(url, body, connections, seconds, opts);
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function loadAutocannon(url: string, body: string, connections: number, seconds: number, opts: { settleSeconds?: number } = {}): Promise<LoadResult> {
  // a Float64Array grown by doubling: a plain array of a million boxed doubles costs the load generator GC time
  let times = new Float64Array(1 << 16);
  let n = 0;
  // answers after the settling time to requests sent during it
  const straddling: number[] = [];
  const settle = opts.settleSeconds ?? 0;
  const answered = new Set<unknown>();
  let allAnsweredMs: number | null = null;
  let began = 0;
  let counting = 0;
  let completed = 0;
  let ok = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    began = performance.now();
    counting = began + settle * 1000;
    const instance = autocannon({ url, method: "POST", headers: { "content-type": "application/json" }, body, connections, duration: seconds + settle }, (err, res) =>
      err ? reject(err as Error) : resolve(res),
    );
    instance.on("response", (client, status, _bytes, ms) => {
      if (allAnsweredMs === null && !answered.has(client)) {
        answered.add(client);
        if (answered.size === connections) allAnsweredMs = performance.now() - began;
      }
      if (status < 200 || status >= 300) return;
      ok++;
      const now = performance.now();
      if (now < counting) return;
      completed++;
      // a request sent during the settling time waited for the ramp: its latency is not the steady state's
      if (now - ms < counting) {
        straddling.push(ms);
        return;
      }
      if (n === times.length) {
        const grown = new Float64Array(times.length * 2);
        grown.set(times);
        times = grown;
      }
      times[n++] = ms;
    });
  });
  const sorted = n >= connections || straddling.length === 0 ? times.subarray(0, n).sort() : Float64Array.from([...times.subarray(0, n), ...straddling]).sort();
  return {
    connections,
    rps: completed / (result.duration - settle),
    p50us: percentile(sorted, 0.5) * 1000,
    p99us: percentile(sorted, 0.99) * 1000,
    responses: ok,
    errors: result.errors + result.timeouts + result.non2xx,
    allAnsweredMs,
    generator: "autocannon",
  };
}

// wrk sends the body from a Lua script and reports through the script's `done`, which sees the whole run's latency
// histogram (wrk keeps it per microsecond: exact percentiles, unlike its printed ones, which are rounded) and the
// error counts. `response` is defined so that every answer's status is checked here: wrk's own count ("Non-2xx or 3xx
// responses") counts only statuses above 399. Threads keep their own Lua states; `done` adds up their counters.
// Costs measured with and without `response`: docs/performance.md, "Method".
const WRK_MARK = "NB2SVC-WRK ";

/** The Lua script wrk runs to POST `body` and report the run as one JSON line after WRK_MARK. */
export function wrkScript(body: string, opts: { checkEachStatus?: boolean } = {}): string {
  const check = opts.checkEachStatus ?? true;
  return `wrk.method = "POST"
wrk.body = ${luaString(body)}
wrk.headers["Content-Type"] = "application/json"

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

bad = 0
${
  check
    ? `function response(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1 end
end
`
    : ""
}
function done(summary, latency, requests)
  local bad_total = 0
  for _, t in ipairs(threads) do bad_total = bad_total + t:get("bad") end
  local e = summary.errors
  io.write(string.format(
    '${WRK_MARK}{"requests":%d,"durationUs":%d,"bytes":%d,"p50us":%d,"p99us":%d,"maxUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"non2xx":%d}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout, bad_total))
end
`;
}

/** A Lua long string holding `s` verbatim, with a level of `=` that does not occur in it. */
function luaString(s: string): string {
  let eq = "";
  while (s.includes(`]${eq}]`)) eq += "=";
  // a long string drops a newline right after its opening bracket: start with one so a body's own first newline stays
  return `[${eq}[\n${s}]${eq}]`;
}

export interface WrkReport {
  /** Answers completed, whatever their status. */
  readonly requests: number;
  readonly durationUs: number;
  readonly p50us: number;
  readonly p99us: number;
  /** Answers whose status was not 2xx (from the script's `response`). */
  readonly non2xx: number;
  /** Socket errors (connect, read, write), timeouts and wrk's own status errors (>= 400). */
  readonly socketErrors: { readonly connect: number; readonly read: number; readonly write: number; readonly timeout: number; readonly status: number };
}

/** The figures of a wrk run with `wrkScript`'s `done`, from its standard output; throws if they are not there. */
export function parseWrk(stdout: string): WrkReport {
  const line = stdout.split("\n").find((l) => l.startsWith(WRK_MARK));
  if (!line) throw new Error(`wrk printed no report (its script's done() did not run):\n${stdout.slice(-2000)}`);
  const j = JSON.parse(line.slice(WRK_MARK.length)) as Record<string, number>;
  const num = (k: string) => {
    const v = j[k];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`wrk's report has no number ${k}: ${line}`);
    return v;
  };
  // wrk's printed count, for statuses >= 400; the script's count covers every non-2xx, so it is never below it
  const printed = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  const status = num("status");
  if (printed && Number(printed[1]) !== status) throw new Error(`wrk's printed non-2xx count (${printed[1]}) differs from its summary's (${status})`);
  return {
    requests: num("requests"),
    durationUs: num("durationUs"),
    p50us: num("p50us"),
    p99us: num("p99us"),
    non2xx: Math.max(num("non2xx"), status),
    socketErrors: { connect: num("connect"), read: num("read"), write: num("write"), timeout: num("timeout"), status },
  };
}

/** A LoadResult from a parsed wrk run. */
export function wrkResult(report: WrkReport, connections: number): LoadResult {
  const e = report.socketErrors;
  const ok = report.requests - report.non2xx;
  return {
    connections,
    // the rate of good answers: a run whose answers are errors must not look fast
    rps: ok / (report.durationUs / 1e6),
    p50us: report.p50us,
    p99us: report.p99us,
    responses: ok,
    errors: report.non2xx + e.connect + e.read + e.write + e.timeout,
    // wrk says nothing about when each connection had its first answer
    allAnsweredMs: null,
    generator: "wrk",
  };
}

export async function loadWrk(url: string, body: string, connections: number, seconds: number, opts: { wrkThreads?: number; checkEachStatus?: boolean } = {}): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nb2svc-wrk-"));
  try {
    const script = path.join(dir, "post.lua");
    writeFileSync(script, wrkScript(body, opts));
    const threads = Math.max(1, Math.min(opts.wrkThreads ?? 1, connections));
    // wrk reads whole seconds only; its timeout is autocannon's default (wrk's own, 2 s, would count a slow answer as an error)
    const args = ["-t", String(threads), "-c", String(connections), "-d", `${Math.max(1, Math.round(seconds))}s`, "--timeout", "10s", "-s", script, url];
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.on("error", reject);
      child.on("close", (c) => resolve({ code: c, stdout: out, stderr: err }));
    });
    // wrk runs on (sending GETs) when its script does not load, and says so only on stderr: no report line then
    if (code !== 0 || !stdout.includes(WRK_MARK)) throw new Error(`wrk ${args.join(" ")} exited ${code} without its script's report:\n${stderr}${stdout}`);
    return wrkResult(parseWrk(stdout), connections);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
