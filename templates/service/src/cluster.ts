// WORKERS server processes on one port (node:cluster): the primary forks them, serves nothing itself, and
//   - starts the workers' model warm-ups together, once every worker has opened its model, so that readiness turns on
//     in all of them within a warm-up run of each other (round-robin sends a probe to any worker: a pod that answered
//     "ready" from one worker while another was still loading would send traffic to a 503);
//   - answers a worker's /metrics with every worker's metrics aggregated (prom-client's AggregatorRegistry: counters
//     and histograms summed, model_ready the minimum);
//   - forwards SIGTERM/SIGINT to every worker, each of which drains as a lone server does, and exits 0 once all have
//     exited 0 (1 if one did not, or if the grace period ran out);
//   - replaces a worker that dies, unless workers keep dying (then it exits 1, and the orchestrator restarts the pod).
// Linux's cluster scheduling is round-robin by the primary (accept in the primary, hand the socket to a worker), which
// spreads connections evenly; each worker has its own onnxruntime session and batcher.
import cluster, { type Worker } from "node:cluster";
import { readFileSync } from "node:fs";
import os from "node:os";
import type { AggregatorRegistry, PrometheusContentType } from "prom-client";
import { SettingsError, type Env } from "./settings.ts";

/** Messages between the primary and the workers (over the IPC channel cluster sets up). */
type Message =
  | { readonly nb2svc: "opened" }
  | { readonly nb2svc: "warm-up" }
  | { readonly nb2svc: "metrics"; readonly id: number }
  | { readonly nb2svc: "metrics"; readonly id: number; readonly text: string }
  | { readonly nb2svc: "metrics"; readonly id: number; readonly error: string };

function isMessage(m: unknown): m is Message {
  return typeof m === "object" && m !== null && typeof (m as { nb2svc?: unknown }).nb2svc === "string";
}

/**
 * CPUs this process may use: the cgroup's CPU quota (cgroup v2 `cpu.max`, else v1's `cpu.cfs_quota_us` over
 * `cpu.cfs_period_us`; a Kubernetes CPU limit or `docker run --cpus`) rounded down, at least 1, and at most
 * os.availableParallelism() (the CPUs the scheduler lets it run on: cpusets, affinity). A fractional quota rounds
 * down: a second worker on 1.5 CPUs would only be throttled.
 */
export function availableCpus(read: (file: string) => string | null = readText): number {
  const cores = os.availableParallelism();
  const quota = cgroupQuota(read);
  return quota === null ? cores : Math.max(1, Math.min(cores, Math.floor(quota)));
}

/** The cgroup's CPU limit in CPUs, or null when there is none. */
export function cgroupQuota(read: (file: string) => string | null = readText): number | null {
  const v2 = read("/sys/fs/cgroup/cpu.max");
  if (v2 !== null) {
    const [max, period] = v2.trim().split(/\s+/);
    if (max === "max" || max === undefined) return null;
    const q = Number(max) / Number(period ?? 100000);
    return Number.isFinite(q) && q > 0 ? q : null;
  }
  const quota = read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us") ?? read("/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us");
  const period = read("/sys/fs/cgroup/cpu/cpu.cfs_period_us") ?? read("/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us");
  if (quota === null || period === null) return null;
  const q = Number(quota) / Number(period);
  // v1 writes -1 for no limit
  return Number.isFinite(q) && q > 0 ? q : null;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** WORKERS: server processes; unset, empty or `auto` means availableCpus(). */
export function readWorkers(env: Env = process.env, cpus: () => number = availableCpus): number {
  const raw = env.WORKERS?.trim();
  if (raw === undefined || raw === "" || raw.toLowerCase() === "auto") return cpus();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new SettingsError(`WORKERS=${JSON.stringify(env.WORKERS)}: expected an integer >= 1, or auto`);
  return n;
}

/** pino's numbers for the levels LOG_LEVEL names (settings.ts); `silent` is above every line's. */
const LEVELS: Readonly<Record<string, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * The primary's log: JSON lines in pino's shape, written when at or above LOG_LEVEL as the workers' are (the primary
 * does not load pino: it would only slow the start).
 */
export function primaryLog(logLevel: string, out: { write(text: string): unknown } = process.stdout) {
  const threshold = LEVELS[logLevel] ?? LEVELS.info!;
  const hostname = os.hostname();
  return (level: "info" | "warn" | "error", msg: string, fields: Record<string, unknown> = {}): void => {
    const n = LEVELS[level]!;
    if (n < threshold) return;
    out.write(`${JSON.stringify({ level: n, time: Date.now(), pid: process.pid, hostname, role: "primary", ...fields, msg })}\n`);
  };
}

export interface PrimaryOptions {
  readonly workers: number;
  /** SHUTDOWN_GRACE_MS + SHUTDOWN_LINGER_MS: how long workers have to drain before they are killed. */
  readonly stopMs: number;
  /** LOG_LEVEL: the primary's lines below it are not written. */
  readonly logLevel: string;
  /** The aggregator of the workers' metrics (prom-client's), made when a worker first asks for the cluster's metrics. */
  readonly newAggregator: () => AggregatorRegistry<PrometheusContentType>;
}

/** Worker deaths (not asked for) within RESTART_WINDOW_MS after which the primary gives up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

/** Runs the primary: forks `workers` processes running this same file, and supervises them. */
export function runPrimary(opts: PrimaryOptions): void {
  const log = primaryLog(opts.logLevel);
  // prom-client is loaded when a worker first asks for the cluster's metrics, not at start: the primary's start is on
  // the way to every worker's
  let aggregator: Promise<AggregatorRegistry<PrometheusContentType>> | null = null;
  const opened = new Set<number>();
  const waiting = new Set<Worker>();
  const deaths: number[] = [];
  let stopping = false;
  let failed = false;

  const fork = () => {
    const w = cluster.fork();
    w.on("message", (m: unknown) => onMessage(w, m));
  };

  const onMessage = (w: Worker, m: unknown) => {
    if (!isMessage(m)) return;
    if (m.nb2svc === "opened") {
      opened.add(w.id);
      waiting.add(w);
      // every live worker has opened its model (a replacement for a dead one finds the others long opened)
      if (Object.values(cluster.workers ?? {}).every((x) => x === undefined || opened.has(x.id))) {
        for (const x of waiting) if (x.isConnected()) x.send({ nb2svc: "warm-up" } satisfies Message);
        waiting.clear();
      }
    } else if (m.nb2svc === "metrics" && !("text" in m) && !("error" in m)) {
      // (a failure to make it is the answer, as a rejection)
      aggregator ??= Promise.resolve().then(opts.newAggregator);
      aggregator.then((a) => a.clusterMetrics()).then(
        (text) => w.isConnected() && w.send({ nb2svc: "metrics", id: m.id, text } satisfies Message),
        (e: unknown) => w.isConnected() && w.send({ nb2svc: "metrics", id: m.id, error: (e as Error).message } satisfies Message),
      );
    }
  };

  cluster.on("exit", (w, code, signal) => {
    opened.delete(w.id);
    waiting.delete(w);
    if (code !== 0) failed = true;
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        log(failed ? "error" : "info", "every worker has stopped", { exitCode: failed ? 1 : 0 });
        process.exit(failed ? 1 : 0);
      }
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && deaths[0]! < now - RESTART_WINDOW_MS) deaths.shift();
    if (code === 2 || deaths.length > MAX_RESTARTS) {
      // a setting the worker refused, or a crash loop: a new worker would do the same
      log("error", "a worker keeps failing; stopping the service", { worker: w.process.pid, code, signal, deaths: deaths.length });
      stopping = true;
      failed = true;
      for (const x of Object.values(cluster.workers ?? {})) x?.process.kill("SIGTERM");
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    log("error", "a worker died; starting another", { worker: w.process.pid, code, signal });
    fork();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log("info", "shutting down: every worker finishes its in-flight requests", { signal, workers: Object.keys(cluster.workers ?? {}).length });
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    // the workers time themselves; this is for one that hangs past its own limit
    const timer = setTimeout(() => {
      log("error", "workers still running after the grace period; killing them");
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGKILL");
      process.exit(1);
    }, opts.stopMs + 2000);
    timer.unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  log("info", "starting workers", { workers: opts.workers });
  for (let i = 0; i < opts.workers; i++) fork();
}

/** The worker's side: what server.ts needs from the primary. */
export interface WorkerLink {
  /** Resolves when every worker has opened its model (at once for a lone server). */
  allOpened(): Promise<void>;
  /** Every worker's metrics in the Prometheus text format. */
  clusterMetrics(): Promise<string>;
}

/** The link to the primary, in a cluster worker; null in a lone server. */
export function workerLink(): WorkerLink | null {
  if (!cluster.isWorker) return null;
  let next = 0;
  const pending = new Map<number, { resolve: (text: string) => void; reject: (e: Error) => void }>();
  let warm: (() => void) | null = null;
  const warmed = new Promise<void>((resolve) => (warm = resolve));
  process.on("message", (m: unknown) => {
    if (!isMessage(m)) return;
    if (m.nb2svc === "warm-up") warm!();
    else if (m.nb2svc === "metrics") {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if ("text" in m) p?.resolve(m.text);
      else if ("error" in m) p?.reject(new Error(`the metrics of the other workers: ${m.error}`));
    }
  });
  return {
    allOpened() {
      process.send!({ nb2svc: "opened" } satisfies Message);
      return warmed;
    },
    clusterMetrics() {
      const id = next++;
      return new Promise<string>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        process.send!({ nb2svc: "metrics", id } satisfies Message);
      });
    },
  };
}
