// Load over loopback with autocannon. autocannon's own latency histogram counts whole milliseconds, too coarse for a
// request that takes a fifth of one, so every response time is also kept from its "response" event (microseconds).
//
// autocannon opens its connections afresh for every run. A server whose event loop turns only every 50-100 ms (a heavy
// model's batch runs on it) accepts them slowly: libuv (1.46 in Node 20) accepts one connection per turn of the loop
// (libuv/libuv#3696; measured here: a server blocked 80 ms per turn took up 64 connections in about 5 s), so 64
// connections take 64 turns to be served at all. `settleSeconds` leaves that ramp out: the
// rate counts the answers after it, over the time after it, and the latencies are those of requests sent after it
// (or, for a server so slow that fewer than one per connection of those came back, those of every answer after it);
// `allAnsweredMs` reports how long the ramp took.
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

export async function load(url: string, body: string, connections: number, seconds: number, opts: { settleSeconds?: number } = {}): Promise<LoadResult> {
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
  };
}
