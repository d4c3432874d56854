// The results of one bench run (bench/results.json) and their tables (bench/results.md), with each target of issue 6
// checked against the numbers of the same run, and the heavy model's goal of issue 15.

import { median } from "./load.ts";

export interface ServingRow {
  /** "service, batching on" (one worker), "service, batching off", "service, batching on, WORKERS=N", "bare Fastify (HTTP ceiling)", "FastAPI + PyTorch". */
  readonly server: string;
  readonly connections: number;
  /** Medians over the rounds. */
  readonly rps: number;
  readonly p50us: number;
  readonly p99us: number;
  readonly errors: number;
  /** Requests per second of each round. */
  readonly rounds: readonly number[];
  /** The server answered the notebook's first example with the notebook's answer. */
  readonly correct: boolean;
  /** Mean rows per model run (the service's own metrics). */
  readonly rowsPerRun?: number;
  /** The server's CPU time (every thread, and every worker process) per answered request, in microseconds. */
  readonly cpuUsPerRequest?: number;
}

export interface OrtRow {
  readonly rows: number;
  /** onnxruntime intra-op threads (the service's ORT_INTRA_OP_THREADS). */
  readonly threads?: number;
  readonly runsPerSecond: number;
  readonly p50us: number;
  readonly p99us: number;
  /** CPU time of the loop's process per row, in microseconds. */
  readonly cpuUsPerRow?: number;
}

/** The model that costs something (bench/heavy/heavy.ipynb): the service next to the model alone and FastAPI. */
export interface HeavyResults {
  readonly model: { readonly notebook: string; readonly onnxMB: number; readonly input: string };
  readonly settings: {
    readonly secondsPerRun: number;
    readonly loopSecondsPerSize: number;
    readonly rounds: number;
    readonly connections: readonly number[];
    readonly loopRows: readonly number[];
    readonly threads: readonly number[];
    /** BENCH_WORKERS: uvicorn's --workers, and WORKERS in the service's environment. */
    readonly workers: number;
    readonly batching: { readonly maxBatchRows: number; readonly maxDelayMs: number };
  };
  /** The model alone, per thread count and batch size; medians over the rounds. */
  readonly loop: readonly {
    readonly threads: number;
    readonly rows: number;
    readonly rowsPerSecond: number;
    readonly p50us: number;
    readonly p99us: number;
    /** CPU time of the loop's process per row, in microseconds. */
    readonly cpuUsPerRow: number;
    readonly rounds: readonly number[];
  }[];
  readonly serving: readonly HeavyServingRow[];
  /** Service rows/s at the most connections over the loop's best rows/s (same threads), per thread count. */
  readonly goal: readonly {
    readonly threads: number;
    readonly connections: number;
    readonly serviceRowsPerSecond: number;
    readonly loopBestRowsPerSecond: number;
    readonly loopBestRows: number;
    readonly ratio: number;
    /** The same ratio within each round (the loop and the service measured minutes apart at most). */
    readonly perRound: readonly number[];
    readonly met: boolean;
    /**
     * With one thread: the loop's least CPU time per row over the service's CPU time per request at that concurrency,
     * the same ratio measured in CPU time, which the other work of a shared machine disturbs less.
     */
    readonly cpuRatio?: number;
  }[];
  readonly peakRssMiB: Readonly<Record<string, number | null>>;
}

export interface HeavyServingRow {
  readonly server: string;
  readonly connections: number;
  /** Medians over the rounds; one request is one row. */
  readonly rps: number;
  readonly p50us: number;
  readonly p99us: number;
  readonly errors: number;
  readonly rounds: readonly number[];
  readonly correct: boolean;
  readonly rowsPerRun?: number;
  /** The server's CPU time (all its threads, and its workers) per answered request, in microseconds. */
  readonly cpuUsPerRequest?: number;
  /** The longest, over the rounds, until every connection of a run had its first answer (null: one never did). */
  readonly allAnsweredMs: number | null;
  /** Seconds at the start of each run left out of rows/s and latencies (the connections' ramp). */
  readonly settleSeconds: number;
}

/** Issue 15's goal for the heavy model. */
export const HEAVY_GOAL = 0.8;

export interface Results {
  readonly date: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly os: string;
    readonly node: string;
    readonly onnxruntime: string;
    readonly fastify: string;
    readonly loadAverageAtStart: readonly number[];
    /** Older runs' results lack it. */
    readonly loadAverageAtEnd?: readonly number[];
    readonly python?: string;
  };
  readonly settings: {
    readonly secondsPerRun: number;
    readonly rounds: number;
    readonly connections: readonly number[];
    readonly coldStarts: number;
    readonly fastapiColdStarts: number;
    /** BENCH_ONLY: the sections this run measured. */
    readonly sections: readonly string[];
    /** The load generators (older runs' results lack it: autocannon everywhere). */
    readonly generator?: {
      readonly examples: "wrk" | "autocannon";
      /** wrk's -t: fixed (BENCH_WRK_THREADS), or one per process of the server under test, up to the cores. */
      readonly wrkThreads?: number | "per server process";
      readonly heavy: "autocannon";
    };
  };
  readonly conversion: readonly { readonly example: string; readonly cliMs: number; readonly cliRunsMs: readonly number[]; readonly inProcessMs: number; readonly stagesMs: Readonly<Record<string, number>> }[];
  /** null when the examples' section was not run. */
  readonly synthetic: { readonly cells: number; readonly inProcessMs: number; readonly cliInspectMs: number } | null;
  readonly services: readonly {
    readonly example: string;
    readonly serving: readonly ServingRow[];
    readonly ort: readonly OrtRow[];
    /** Processes in the comparison at equal workers (the service's WORKERS, uvicorn's --workers). */
    readonly workers: number;
    readonly coldStartMs: {
      readonly service: number;
      readonly serviceRuns: readonly number[];
      /**
       * bench/servers/floor.ts, started alternately with the service: Fastify listening, then an onnxruntime-node
       * session of the same model, nothing else (absent in results from before 2026-12-06).
       */
      readonly floor?: number;
      readonly floorRuns?: readonly number[];
      /** The service with WORKERS = workers: spawn of the primary to the first 200 from /readyz (every worker warmed up). */
      readonly allWorkers?: number;
      readonly allWorkersRuns?: readonly number[];
      readonly fastapi?: number;
      readonly fastapiRuns?: readonly number[];
    };
    /** allWorkers: the primary's peak, then each worker's. */
    readonly peakRssMiB: { readonly service: number | null; readonly allWorkers?: readonly number[]; readonly fastapi?: number | null };
  }[];
  readonly fastapi: { readonly available: boolean; readonly versions?: string; readonly reason?: string };
  readonly heavy?: HeavyResults;
  readonly totalSeconds: number;
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const n0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "–");
const x2 = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : "–");

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(" | ")} |`;
}

function table(head: readonly string[], align: readonly ("l" | "r")[], rows: readonly (readonly (string | number)[])[]): string {
  return [row(head), row(align.map((a) => (a === "r" ? "---:" : "---"))), ...rows.map(row)].join("\n");
}

const find = (s: Results["services"][number], server: ServingRow["server"], c: number) => s.serving.find((r) => r.server === server && r.connections === c);

/** Every target of the issues, per example where it is per example. */
export function targets(r: Results): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const s of r.services) {
    const on64 = find(s, "service, batching on", 64);
    const bare64 = find(s, "bare Fastify (HTTP ceiling)", 64);
    const fast64 = find(s, "FastAPI + PyTorch", 64);
    const all64 = s.serving.find((x) => x.server.startsWith("service, batching on, WORKERS=") && x.connections === 64);
    const on1 = find(s, "service, batching on", 1);
    const bare1 = find(s, "bare Fastify (HTTP ceiling)", 1);
    const ort1 = s.ort.find((o) => o.rows === 1);
    if (on64 && bare64) {
      // each round's pair ran back to back (bench/run.ts), so the goal is read from the rounds' own ratios: a ratio of
      // the two medians can take them from different rounds, and a minute of a slower machine then halves it (in the
      // run of 2026-12-06 08:30 UTC, iris: 0.41x from the medians against rounds of 0.81x, 0.41x and 0.75x)
      const perRound = on64.rounds.map((rps, i) => rps / (bare64.rounds[i] ?? Number.NaN));
      const ratio = median(perRound);
      out.push({
        target: `${s.example}: 64 connections, one worker, batching on >= 0.85x bare Fastify (median of the rounds' ratios)`,
        measured: `${x2(ratio)} (rounds ${perRound.map(x2).join(", ")}; medians ${n0(on64.rps)} / ${n0(bare64.rps)} req/s)`,
        met: ratio >= 0.85,
      });
    }
    if (on1 && bare1) {
      const added = on1.p50us - bare1.p50us;
      out.push({ target: `${s.example}: added p50 over bare Fastify's at 1 connection <= 50 us`, measured: `${n0(added)} us (${n0(on1.p50us)} - ${n0(bare1.p50us)})`, met: added <= 50 });
    }
    if (all64 && fast64) {
      const ratio = all64.rps / fast64.rps;
      out.push({
        target: `${s.example}: 64 connections, WORKERS=${s.workers} >= 5x FastAPI + PyTorch with --workers ${s.workers}`,
        measured: `${x2(ratio)} (${n0(all64.rps)} / ${n0(fast64.rps)} req/s)`,
        met: ratio >= 5,
      });
    }
    if (on64 && fast64) {
      const ratio = on64.rps / fast64.rps;
      out.push({ target: `${s.example}: 64 connections, one worker >= 10x FastAPI + PyTorch (--workers ${s.workers}) (issue 6)`, measured: `${x2(ratio)} (${n0(on64.rps)} / ${n0(fast64.rps)} req/s)`, met: ratio >= 10 });
    }
    if (on1 && ort1) {
      const added = on1.p50us - ort1.p50us;
      out.push({ target: `${s.example}: added p50 over in-process ORT at 1 connection <= 150 us (issue 6)`, measured: `${n0(added)} us (${n0(on1.p50us)} - ${n0(ort1.p50us)})`, met: added <= 150 });
    }
    const floor = s.coldStartMs.floor !== undefined ? ` (the floor, Fastify + an onnxruntime-node session alone: ${n0(s.coldStartMs.floor)} ms)` : "";
    out.push({ target: `${s.example}: cold start, one worker <= 250 ms`, measured: `${n0(s.coldStartMs.service)} ms${floor}`, met: s.coldStartMs.service <= 250 });
    if (s.coldStartMs.allWorkers !== undefined) {
      out.push({ target: `${s.example}: cold start, WORKERS=${s.workers} <= 250 ms`, measured: `${n0(s.coldStartMs.allWorkers)} ms`, met: s.coldStartMs.allWorkers <= 250 });
    }
    if (s.coldStartMs.fastapi !== undefined) {
      const ratio = s.coldStartMs.service / s.coldStartMs.fastapi;
      out.push({ target: `${s.example}: cold start <= 0.2x FastAPI's`, measured: `${x2(ratio)} (${n0(s.coldStartMs.service)} / ${n0(s.coldStartMs.fastapi)} ms)`, met: ratio <= 0.2 });
    }
  }
  for (const c of r.conversion) out.push({ target: `${c.example}: conversion (the CLI process) <= 1.5 s`, measured: `${(c.cliMs / 1000).toFixed(2)} s`, met: c.cliMs <= 1500 });
  if (r.synthetic) {
    out.push({
      target: "1,000-cell notebook: load + analyze <= 2 s",
      measured: `${(r.synthetic.inProcessMs / 1000).toFixed(2)} s in-process; \`nb2svc inspect\` process ${(r.synthetic.cliInspectMs / 1000).toFixed(2)} s`,
      met: r.synthetic.cliInspectMs <= 2000,
    });
  }
  for (const g of r.heavy?.goal ?? []) {
    out.push({
      target: `heavy: service rows/s at ${g.connections} connections >= ${HEAVY_GOAL}x the in-process loop's best (${g.threads} intra-op thread${g.threads > 1 ? "s" : ""})`,
      measured: `${x2(g.ratio)} (${n0(g.serviceRowsPerSecond)} / ${n0(g.loopBestRowsPerSecond)} rows/s at ${g.loopBestRows} rows per run; per round ${g.perRound.map(x2).join(", ")})`,
      met: g.met,
    });
  }
  return out;
}

export function markdown(r: Results): string {
  const m = r.machine;
  const parts: string[] = [];
  parts.push(`# nb2svc bench, ${r.date.slice(0, 16).replace("T", " ")} UTC`);
  parts.push(
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, onnxruntime-node ${m.onnxruntime}, Fastify ${m.fastify}` +
      `${m.python ? `; ${m.python}` : ""}. Load average (1, 5, 15 min) at start: ${m.loadAverageAtStart.join(", ")}${m.loadAverageAtEnd ? `; at the end: ${m.loadAverageAtEnd.join(", ")}` : ""}. ` +
      `Load: ${loadGenerator(r)} on the same cores as the server, over loopback, ${r.settings.secondsPerRun} s per run, ` +
      `${r.settings.rounds} interleaved round(s), medians. Whole run: ${r.totalSeconds} s.`,
  );

  if (r.conversion.length) {
    parts.push("## Conversion");
    parts.push(
      table(
        ["example", "`nb2svc convert` process (s)", "in-process, warm (ms)", "stages in the process (ms)"],
        ["l", "r", "r", "l"],
        r.conversion.map((c) => [
          c.example,
          (c.cliMs / 1000).toFixed(2),
          n0(c.inProcessMs),
          Object.entries(c.stagesMs)
            .map(([k, v]) => `${k} ${n0(v)}`)
            .join(", "),
        ]),
      ),
    );
  }
  if (r.synthetic) {
    parts.push(`Synthetic ${r.synthetic.cells}-cell notebook: load + analyze ${n0(r.synthetic.inProcessMs)} ms in-process (warm); \`nb2svc inspect --json\` process ${n0(r.synthetic.cliInspectMs)} ms.`);
  }
  if (r.services.length) examplesServing(r, parts);
  if (r.heavy) heavyTables(r.heavy, parts);
  if (!r.fastapi.available) parts.push(`FastAPI + PyTorch: skipped: ${r.fastapi.reason}.`);

  parts.push("## Targets (issues 6 and 15)");
  parts.push(table(["target", "measured", "met"], ["l", "l", "l"], targets(r).map((t) => [t.target, t.measured, t.met ? "yes" : "**no**"])));
  return parts.join("\n\n") + "\n";
}

function loadGenerator(r: Results): string {
  const g = r.settings.generator;
  if (!g || g.examples === "autocannon") return "autocannon in the bench process";
  const threads = typeof g.wrkThreads === "number" ? `${g.wrkThreads} thread${g.wrkThreads === 1 ? "" : "s"}` : "a thread per process of the server, up to the cores";
  return `wrk (${threads}, its own process${r.heavy ? "; the heavy model's runs: autocannon in the bench process" : ""})`;
}

function examplesServing(r: Results, parts: string[]): void {
  parts.push("## Serving `POST /predict` (the notebook's first example)");
  const servingRows: (string | number)[][] = [];
  for (const s of r.services) {
    for (const o of s.ort) {
      servingRows.push([s.example, `model in-process (ORT loop), ${o.rows} row(s) per run`, "–", `${n0(o.runsPerSecond)} runs/s = ${n0(o.runsPerSecond * o.rows)} rows/s`, n0(o.p50us), n0(o.p99us), "", ""]);
    }
    for (const x of s.serving) {
      servingRows.push([
        s.example,
        x.server + (x.correct ? "" : " (**wrong answer**)"),
        x.connections,
        `${n0(x.rps)}${x.errors ? ` (${x.errors} errors)` : ""}`,
        n0(x.p50us),
        n0(x.p99us),
        x.rowsPerRun !== undefined ? x.rowsPerRun.toFixed(1) : "",
        x.cpuUsPerRequest !== undefined ? x.cpuUsPerRequest.toFixed(1) : "",
      ]);
    }
  }
  parts.push(
    table(["example", "server", "connections", "req/s", "p50 µs", "p99 µs", "rows/run", "CPU µs per request (all processes)"], ["l", "l", "r", "r", "r", "r", "r", "r"], servingRows),
  );

  parts.push("## Cold start (process start to the first 200 from `/readyz`) and memory");
  parts.push(
    table(
      [
        "example",
        "service cold start, one worker (ms)",
        "floor: Fastify + onnxruntime-node session alone (ms)",
        "service cold start, WORKERS=cores (ms)",
        "FastAPI cold start (ms)",
        "service peak RSS under load, one worker (MiB)",
        "service peak RSS, WORKERS=cores: primary + each worker (MiB)",
        "FastAPI peak RSS, all workers (MiB)",
      ],
      ["l", "r", "r", "r", "r", "r", "r", "r"],
      r.services.map((s) => [
        s.example,
        n0(s.coldStartMs.service),
        s.coldStartMs.floor !== undefined ? n0(s.coldStartMs.floor) : "–",
        s.coldStartMs.allWorkers !== undefined ? `${n0(s.coldStartMs.allWorkers)} (${s.workers} workers)` : "–",
        s.coldStartMs.fastapi !== undefined ? n0(s.coldStartMs.fastapi) : "–",
        s.peakRssMiB.service !== null ? n0(s.peakRssMiB.service) : "–",
        s.peakRssMiB.allWorkers ? s.peakRssMiB.allWorkers.map(n0).join(" + ") : "–",
        s.peakRssMiB.fastapi != null ? n0(s.peakRssMiB.fastapi) : "–",
      ]),
    ),
  );
}

function heavyTables(h: HeavyResults, parts: string[]): void {
  const s = h.settings;
  parts.push("## A model that costs something (`bench/heavy/heavy.ipynb`)");
  parts.push(
    `${h.model.input}; ${h.model.onnxMB.toFixed(1)} MB of ONNX. Service: batching on with the plan's defaults (BATCH_MAX_ROWS ${s.batching.maxBatchRows}, ` +
      `BATCH_MAX_DELAY_MS ${s.batching.maxDelayMs}), WORKERS=${s.workers}; FastAPI + PyTorch with ${s.workers} uvicorn worker(s), one torch thread each. ` +
      `The model alone: onnxruntime-node in a loop with the service's session options, ${s.loopSecondsPerSize} s per batch size. ` +
      `${s.secondsPerRun} s per load run, ${s.rounds} interleaved round(s), medians. At 16+ connections the first ${Math.max(...h.serving.map((x) => x.settleSeconds))} s ` +
      "of each run (autocannon's fresh connections being accepted, one per turn of the server's event loop) are left out of rows/s and latencies; " +
      "the column \"all connections answered\" is how long that took (the longest over the rounds). Rows per model run and CPU per request cover the whole run.",
  );
  parts.push("### The model alone (in-process loop)");
  parts.push(
    table(
      ["intra-op threads", "rows per run", "rows/s", "ms per row", "CPU per row (ms)", "run p50 ms", "run p99 ms", "rows/s per round"],
      ["r", "r", "r", "r", "r", "r", "r", "l"],
      h.loop.map((l) => [
        l.threads,
        l.rows,
        n0(l.rowsPerSecond),
        (1000 / l.rowsPerSecond).toFixed(2),
        (l.cpuUsPerRow / 1000).toFixed(2),
        (l.p50us / 1000).toFixed(1),
        (l.p99us / 1000).toFixed(1),
        l.rounds.map(n0).join(", "),
      ]),
    ),
  );
  parts.push("### Serving (one request = one row)");
  parts.push(
    table(
      ["server", "connections", "rows/s", "p50 ms", "p99 ms", "rows per model run", "CPU per request (ms)", "all connections answered (s)", "rows/s per round"],
      ["l", "r", "r", "r", "r", "r", "r", "r", "l"],
      h.serving.map((x) => [
        x.server + (x.correct ? "" : " (**wrong answer**)"),
        x.connections,
        `${x.rps.toFixed(1)}${x.errors ? ` (${x.errors} errors)` : ""}`,
        (x.p50us / 1000).toFixed(1),
        (x.p99us / 1000).toFixed(1),
        x.rowsPerRun !== undefined ? x.rowsPerRun.toFixed(1) : "",
        x.cpuUsPerRequest !== undefined ? (x.cpuUsPerRequest / 1000).toFixed(2) : "",
        x.allAnsweredMs !== null ? (x.allAnsweredMs / 1000).toFixed(1) : "never",
        x.rounds.map(n0).join(", "),
      ]),
    ),
  );
  parts.push(
    h.goal
      .map(
        (g) =>
          `Goal (service at ${g.connections} connections >= ${HEAVY_GOAL}x the loop's best, ${g.threads} thread(s)): ${x2(g.ratio)} ` +
          `(${n0(g.serviceRowsPerSecond)} / ${n0(g.loopBestRowsPerSecond)} rows/s, the loop's best at ${g.loopBestRows} rows per run; ` +
          `per round ${g.perRound.map(x2).join(", ")}): **${g.met ? "met" : "not met"}**.` +
          (g.cpuRatio !== undefined ? ` In CPU time (the loop's least per row over the service's per request): ${x2(g.cpuRatio)}.` : ""),
      )
      .join("\n\n"),
  );
  const rss = Object.entries(h.peakRssMiB).filter(([, v]) => v !== null);
  if (rss.length) parts.push(`Peak resident memory after the load runs: ${rss.map(([k, v]) => `${k} ${n0(v!)} MiB`).join("; ")}.`);
}
