// Servers under test as child processes: started on a free loopback port, timed from spawn to the first successful
// readiness answer (the cold start), asked for their peak resident memory, and stopped by pid.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** One HTTP request; resolves with the status and body, or status -1 when the connection fails. */
export function request(url: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: body === undefined ? "GET" : "POST", headers: body === undefined ? {} : { "content-type": "application/json" }, agent: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? -1, body: text }));
      },
    );
    req.on("error", () => resolve({ status: -1, body: "" }));
    req.setTimeout(2000, () => req.destroy());
    req.end(body);
  });
}

export interface Server {
  readonly url: string;
  readonly pid: number;
  /** Spawn to the first 200 from the readiness path, in milliseconds. */
  readonly coldStartMs: number;
  /** Peak resident set of the process (and of its children, for uvicorn's workers), in MiB; null off Linux. */
  peakRssMiB(): number | null;
  /** The same per process: the process itself first, then each direct child (the service's workers). */
  peakRssByProcessMiB(): number[] | null;
  /** CPU time (user + system) the process and its live direct children have used so far, in seconds; null off Linux. */
  cpuSeconds(): number | null;
  stop(): Promise<void>;
}

export interface ServerSpec {
  readonly command: string;
  /** "{PORT}" in an argument becomes the port (for servers that take it as an argument, not from PORT). */
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** GET path answering 200 once the server can serve (the service's /readyz). */
  readonly readyPath: string;
  readonly timeoutMs?: number;
}

/**
 * The environment a server starts with: the bench's, less what slows every Node start on a developer's machine and a
 * service's container does not set (its image sets NODE_ENV, HOST and PORT: src/generate/docker.ts). With
 * NODE_EXTRA_CA_CERTS set, Node reads and parses that file before any script runs, though a service opens no TLS
 * connection: this machine points it at Debian's bundle (225 KB), which made iris's start 349 ms instead of 306 (medians
 * of 11 alternating starts, 2026-12-06 07:19 UTC) and an empty `node -e ""` 100 ms instead of 55.
 */
export function serverEnv(own: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _, ...env } = process.env;
  return { ...env, ...own };
}

/** Polling period of the readiness probe: the cold start is known to this resolution. */
const PROBE_MS = 2;

export async function startServer(spec: ServerSpec): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(spec.command, spec.args.map((a) => a.replaceAll("{PORT}", String(port))), {
    cwd: spec.cwd,
    env: serverEnv({ ...spec.env, HOST: "127.0.0.1", PORT: String(port) }),
    // logs go where a container's would be thrown away cheaply: the same for every server
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let exited = false;
  child.on("exit", () => (exited = true));
  const deadline = started + (spec.timeoutMs ?? 60_000);
  for (;;) {
    const { status } = await request(url + spec.readyPath);
    if (status === 200) break;
    if (exited || performance.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${spec.command} ${spec.args.join(" ")} did not become ready: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, PROBE_MS));
  }
  const coldStartMs = performance.now() - started;
  return {
    url,
    pid: child.pid!,
    coldStartMs,
    peakRssMiB: () => peakRss(child.pid!),
    peakRssByProcessMiB: () => {
      const own = hwmKiB(child.pid!);
      return own === 0 ? null : [own, ...childrenOf(child.pid!).map(hwmKiB)].map((k) => k / 1024);
    },
    cpuSeconds: () => cpuSeconds(child.pid!),
    stop: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** utime + stime of `pid` and of its direct children (uvicorn's workers), from /proc/PID/stat, in seconds. */
function cpuSeconds(pid: number): number | null {
  const ticks = (p: number): number | null => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      // the fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14 and 15
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  };
  const own = ticks(pid);
  if (own === null) return null;
  // USER_HZ is 100 on every Linux Node runs on (the kernel exports clock ticks at that rate whatever CONFIG_HZ is)
  return (own + childrenOf(pid).reduce((n, c) => n + (ticks(c) ?? 0), 0)) / 100;
}

/** VmHWM (the kernel's peak resident set) of `pid`, in KiB; 0 when unknown. */
function hwmKiB(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** VmHWM of `pid` plus that of its direct children. */
function peakRss(pid: number): number | null {
  const own = hwmKiB(pid);
  if (own === 0) return null;
  return (own + childrenOf(pid).reduce((n, c) => n + hwmKiB(c), 0)) / 1024;
}

/** Runs a command to completion; resolves with its wall time, exit code and output. */
export function run(command: string, args: readonly string[], opts: { cwd?: string; env?: Readonly<Record<string, string>> } = {}): Promise<{ ms: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // a command that cannot start (no such file) is an exit code, not a crash of the bench
    child.on("error", (e) => resolve({ ms: performance.now() - t0, code: -1, stdout, stderr: stderr + e.message }));
    child.on("close", (code) => resolve({ ms: performance.now() - t0, code, stdout, stderr }));
  });
}
