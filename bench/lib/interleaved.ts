// Servers loaded in turn, round after round, at 64 connections and at 1, so that a busy machine's drift falls on all
// of them alike; reported as medians over the rounds and against bare Fastify's, with how much single rounds moved.
// Used by bench/request-ab.ts (services built by different code) and bench/ablation.ts (parts of a service taken out).
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { load, median, type LoadResult } from "./load.ts";
import { request, startServer, type Server, type ServerSpec } from "./processes.ts";
import { bundleBenchServer } from "./servers.ts";

export const BARE_LABEL = "bare Fastify";
const CONNECTIONS = [64, 1];

/** bench/servers/bare.ts bundled as the service's server is (bench/lib/servers.ts), in a folder of its own; its path. */
export async function bundleBare(): Promise<string> {
  return await bundleBenchServer("bare", path.join(mkdtempSync(path.join(tmpdir(), "nb2svc-bare-")), "bare.mjs"));
}

export interface Contender {
  readonly label: string;
  readonly spec: ServerSpec;
  /** Whether its answer to the body must be the first contender's, byte for byte (false: a variant that fakes it). */
  readonly sameAnswer?: boolean;
}

export interface Figures {
  readonly label: string;
  readonly rps: number;
  readonly cpuUs: number;
  readonly p50us: number;
  readonly rounds: { readonly rps: readonly number[]; readonly cpuUs: readonly number[]; readonly p50us: readonly number[] };
}

export interface Interleaved {
  readonly figures: readonly Figures[];
  readonly loads: readonly number[];
}

/**
 * Starts every contender and bare Fastify (answering the first contender's answer as fixed bytes), warms each up, then
 * runs `rounds` rounds of `seconds` per server and concurrency, in reverse order every other round. Bare Fastify's
 * figures come last. Progress goes to stderr.
 */
export async function runInterleaved(contenders: readonly Contender[], body: string, bare: string, rounds: number, seconds: number): Promise<Interleaved> {
  const servers: { label: string; server: Server }[] = [];
  try {
    let answer = "";
    for (const { label, spec, sameAnswer } of contenders) {
      const server = await startServer(spec);
      servers.push({ label, server });
      const r = await request(server.url + "/predict", body);
      if (r.status !== 200) throw new Error(`${label}: ${r.status} ${r.body}`);
      if (answer && sameAnswer !== false && r.body !== answer) throw new Error(`${label} answers ${r.body}, ${servers[0]!.label} answered ${answer}`);
      answer ||= r.body;
    }
    servers.push({ label: BARE_LABEL, server: await startServer({ command: process.execPath, args: [bare], cwd: path.dirname(bare), env: { BARE_RESPONSE: answer }, readyPath: "/readyz" }) });
    for (const { server } of servers) for (const c of CONNECTIONS) await load(server.url + "/predict", body, c, 2);

    const runs = new Map<string, LoadResult[]>();
    // the server's own CPU time per answer (/proc): less moved than req/s by a busy machine's scheduling, which decides
    // how much of a core the server gets, though not by what the other processes do to its caches
    const cpus = new Map<string, number[]>();
    const loads: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const c of CONNECTIONS) {
        for (const { label, server } of round % 2 ? [...servers].reverse() : servers) {
          const key = `${label}@${c}`;
          const cpu0 = server.cpuSeconds();
          const r = await load(server.url + "/predict", body, c, seconds);
          const cpu1 = server.cpuSeconds();
          if (r.errors > 0) throw new Error(`${label}: ${r.errors} errors at ${c} connections`);
          runs.set(key, [...(runs.get(key) ?? []), r]);
          const cpuUs = cpu0 === null || cpu1 === null ? Number.NaN : ((cpu1 - cpu0) * 1e6) / r.responses;
          cpus.set(key, [...(cpus.get(key) ?? []), cpuUs]);
          process.stderr.write(`  ${key}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50us.toFixed(0)} µs, CPU ${cpuUs.toFixed(1)} µs/req\n`);
        }
      }
      loads.push(loadavg()[0]!);
      process.stderr.write(`round ${round + 1}/${rounds} done, load average ${loadavg()[0]!.toFixed(2)}\n`);
    }
    const figures = servers.map(({ label }): Figures => {
      const rps = runs.get(`${label}@64`)!.map((r) => r.rps);
      const p50us = runs.get(`${label}@1`)!.map((r) => r.p50us);
      const cpuUs = cpus.get(`${label}@64`)!;
      return { label, rps: median(rps), cpuUs: median(cpuUs), p50us: median(p50us), rounds: { rps, cpuUs, p50us } };
    });
    return { figures, loads };
  } finally {
    for (const { server } of servers) await server.stop();
  }
}

/** The two Markdown tables: medians against bare Fastify's, then the rounds' ranges. */
export function interleavedTables({ figures, loads }: Interleaved, rounds: number, seconds: number): string {
  const bare = figures.find((f) => f.label === BARE_LABEL)!;
  const lines = [
    `${rounds} rounds of ${seconds} s, one worker; load average (1 min) over the rounds: ${loads.map((l) => l.toFixed(2)).join(", ")}`,
    "| server | req/s @64 | x bare | CPU µs/req @64 | + bare µs | p50 µs @1 | + bare µs |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...figures.map(
      (f) => `| ${f.label} | ${f.rps.toFixed(0)} | ${(f.rps / bare.rps).toFixed(2)} | ${f.cpuUs.toFixed(1)} | ${(f.cpuUs - bare.cpuUs).toFixed(1)} | ${f.p50us.toFixed(0)} | ${(f.p50us - bare.p50us).toFixed(0)} |`,
    ),
    // how much single rounds moved: the medians above mean little when these ranges overlap
    "",
    "| server | req/s @64, rounds | CPU µs/req @64, rounds | p50 µs @1, rounds |",
    "| --- | --- | --- | --- |",
    ...figures.map((f) => `| ${f.label} | ${range(f.rounds.rps, 0)} | ${range(f.rounds.cpuUs, 1)} | ${range(f.rounds.p50us, 0)} |`),
  ];
  return lines.join("\n");
}

const range = (xs: readonly number[], digits: number): string => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
