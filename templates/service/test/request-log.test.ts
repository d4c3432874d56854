// The request line written directly (src/request-log.ts) is, byte for byte, the line pino writes through the request's
// child logger for the same fields; and it is written only where pino would write an info line.
import Fastify from "fastify";
import { afterAll, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { LOG_BASE, RequestLines } from "../src/request-log.ts";
import { modelPath } from "./helpers.ts";

/** Lines as written, with the time (which differs by when each was written) set to 0. */
const untimed = (line: string) => line.replace(/^\{"level":(\d+),"time":\d+,/, '{"level":$1,"time":0,');

function loggers(level: string) {
  const lines: string[] = [];
  const sink = { write: (line: string) => void lines.push(line) };
  const log = Fastify({ logger: { level, stream: sink, base: LOG_BASE } }).log;
  return { lines, log, ours: new RequestLines(log, sink) };
}

// what a request's URL may hold: Node reads it as latin1, so every char is below U+0100
const latin1 = Array.from({ length: 0x100 - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join("");
const URLS = ["/predict", "/predict?x=1&y=%22", '/a"b', "/a\\b\\", "/café?q=ÿ", latin1, `/${"x".repeat(150)}`, `/${'q"\\'.repeat(40)}`, "/tab\there", "/c\u0001"];

it("writes the bytes pino writes for the request's line", () => {
  const { lines, log, ours } = loggers("info");
  let n = 0;
  for (const url of URLS) {
    for (const [method, route, status, ms] of [
      ["POST", "/predict", 200, 0.3],
      ["GET", "(unmatched)", 404, 0],
      ["POST", "/v2/models/:model_name/infer", 413, 1234.5],
    ] as const) {
      const reqId = `req-${(n++).toString(36)}`;
      ours.info(reqId, method, url, route, status, ms);
      log.child({ reqId }).info({ method, url, route, status, ms }, "request");
      const [a, b] = lines.splice(0).map(untimed);
      expect(a).toBe(b);
    }
  }
  expect(n).toBe(URLS.length * 3);
});

it("is enabled only where pino writes info lines", () => {
  for (const [level, on] of [["trace", true], ["info", true], ["warn", false], ["silent", false]] as const) {
    expect(loggers(level).ours.enabled).toBe(on);
  }
});

const written: string[] = [];
const { app } = buildApp({ modelPath, log: { level: "info", stream: { write: (line: string) => void written.push(line) } } });
afterAll(() => app.close());

it("is what the app writes for each answered request", async () => {
  await app.ready();
  for (const url of ["/healthz", "/nowhere?q=%22x%22", '/a"b\\c', "/openapi.json"]) await app.inject({ method: "GET", url });
  const lines = written.filter((l) => l.includes('"msg":"request"'));
  expect(lines).toHaveLength(4);
  for (const line of lines) {
    const { reqId, method, url, route, status, ms } = JSON.parse(line) as Record<string, unknown>;
    written.length = 0;
    app.log.child({ reqId }).info({ method, url, route, status, ms }, "request");
    expect(untimed(line)).toBe(untimed(written[0]!));
  }
});
