// The one log line per answered request, `{"level":30,"time":…,"pid":…,"hostname":…,"reqId":…,"method":…,"url":…,
// "route":…,"status":…,"ms":…,"msg":"request"}`, written to the app's line sink as the very bytes pino writes for
// `req.log.info({ method, url, route, status, ms }, "request")` (test/request-log.test.ts compares the two). pino
// builds it through its per-request child logger, its serializers and a generic key loop: about 3 µs of every request
// in a profile of digits' service under load (docs/performance.md), where this takes a few string joins. Lines at
// other levels, and any line that carries more (a fault's `err`), still go through pino.
import { hostname } from "node:os";
import type { FastifyBaseLogger } from "fastify";
import type { LineSink } from "./log-stream.ts";

/** pino's number for "info". */
const INFO = 30;
/** The levels (settings.ts' LOG_LEVELS) at which info lines are written. */
const INFO_OR_BELOW: ReadonlySet<string> = new Set(["trace", "debug", "info"]);

/**
 * The bindings every line of the app's logger starts with: pino's default `base`, given to pino by the app (app.ts) so
 * that the lines written here carry the same without reading pino's internals.
 */
export const LOG_BASE: Readonly<Record<string, string | number>> = { pid: process.pid, hostname: hostname() };

/** `,"pid":…,"hostname":…,"reqId":` : the logger's base bindings, then the request id's key. */
const BINDINGS = `,${JSON.stringify(LOG_BASE).slice(1, -1)},"reqId":`;

export class RequestLines {
  /** @param logger the app's logger, made with LOG_BASE as its `base`; @param sink where it writes its lines */
  constructor(
    private readonly logger: FastifyBaseLogger,
    private readonly sink: LineSink,
  ) {}

  /** Whether an info line is written at all: the logger's level (LOG_LEVEL, or as changed since) is info or below. */
  get enabled(): boolean {
    return INFO_OR_BELOW.has(this.logger.level);
  }

  /** Writes the request's line at info level; `ms` is the answer's time rounded to a tenth. */
  info(reqId: string, method: string, url: string, route: string, status: number, ms: number): void {
    this.sink.write(
      `{"level":${INFO},"time":${Date.now()}${BINDINGS}${JSON.stringify(reqId)},"method":${JSON.stringify(method)},"url":${JSON.stringify(url)},"route":${JSON.stringify(route)},"status":${status},"ms":${ms},"msg":"request"}\n`,
    );
  }
}
