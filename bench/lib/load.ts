// Load over loopback with autocannon. autocannon's own latency histogram counts whole milliseconds, too coarse for a
// request that takes a fifth of one, so every response time is also kept from its "response" event (microseconds).
import autocannon from "autocannon";

export interface LoadResult {
  readonly connections: number;
  /** Responses per second over the run. */
  readonly rps: number;
  readonly p50us: number;
  readonly p99us: number;
  readonly responses: number;
  /** Connection errors, timeouts and non-2xx answers. */
  readonly errors: number;
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

export async function load(url: string, body: string, connections: number, seconds: number): Promise<LoadResult> {
  // a Float64Array grown by doubling: a plain array of a million boxed doubles costs the load generator GC time
  let times = new Float64Array(1 << 16);
  let n = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, method: "POST", headers: { "content-type": "application/json" }, body, connections, duration: seconds }, (err, res) =>
      err ? reject(err as Error) : resolve(res),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status < 200 || status >= 300) return;
      if (n === times.length) {
        const grown = new Float64Array(times.length * 2);
        grown.set(times);
        times = grown;
      }
      times[n++] = ms;
    });
  });
  const sorted = times.subarray(0, n).sort();
  return {
    connections,
    rps: n / result.duration,
    p50us: percentile(sorted, 0.5) * 1000,
    p99us: percentile(sorted, 0.99) * 1000,
    responses: n,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}
