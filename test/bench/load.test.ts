// The bench's wrk runner (bench/lib/load.ts) reads wrk's output, recorded here from real runs of wrk 4.1.0 with the
// runner's script (fixtures/wrk-*.txt): a good run, a run whose every answer was a 400, and a run whose script did not
// load (wrk then sends GETs and says so only on stderr). No wrk is needed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseWrk, wrkResult, wrkScript } from "../../bench/lib/load.ts";

const recorded = (name: string) => readFileSync(path.join(__dirname, "fixtures", name), "utf8");

describe("wrk output", () => {
  it("reads a good run: every answer 2xx, exact percentiles from the script, the rate of good answers", () => {
    const report = parseWrk(recorded("wrk-ok.txt"));
    expect(report).toEqual({
      requests: 15675,
      durationUs: 2056961,
      p50us: 5184,
      p99us: 297384,
      non2xx: 0,
      socketErrors: { connect: 0, read: 0, write: 0, timeout: 0, status: 0 },
    });
    const r = wrkResult(report, 64);
    expect(r.generator).toBe("wrk");
    expect(r.errors).toBe(0);
    expect(r.responses).toBe(15675);
    // wrk printed 7620.47 Requests/sec for the same run
    expect(r.rps).toBeCloseTo(7620.47, 1);
    expect(r.allAnsweredMs).toBeNull();
  });

  it("counts non-2xx answers as errors, and not as served requests", () => {
    const report = parseWrk(recorded("wrk-400.txt"));
    expect(report.requests).toBe(8866);
    expect(report.non2xx).toBe(8866);
    const r = wrkResult(report, 4);
    expect(r.errors).toBe(8866);
    expect(r.responses).toBe(0);
    expect(r.rps).toBe(0);
  });

  it("counts a 3xx, which wrk's own count leaves out, from the script's check of every status", () => {
    // the good run with 5 answers that the script found outside 2xx and wrk did not (statuses 300-399)
    const text = recorded("wrk-ok.txt").replace('"non2xx":0', '"non2xx":5');
    const r = wrkResult(parseWrk(text), 64);
    expect(r.errors).toBe(5);
    expect(r.responses).toBe(15670);
  });

  it("adds socket errors and timeouts to the errors", () => {
    const text = recorded("wrk-ok.txt").replace('"read":0', '"read":3').replace('"timeout":0', '"timeout":2');
    expect(wrkResult(parseWrk(text), 64).errors).toBe(5);
  });

  it("refuses a run without the script's report (the script did not load; wrk sent GETs)", () => {
    expect(() => parseWrk(recorded("wrk-script-not-loaded.txt"))).toThrow(/printed no report/);
  });

  it("refuses a report whose status errors differ from wrk's printed count", () => {
    const text = recorded("wrk-400.txt").replace("Non-2xx or 3xx responses: 8866", "Non-2xx or 3xx responses: 8000");
    expect(() => parseWrk(text)).toThrow(/differs/);
  });

  it("refuses a report with a missing figure", () => {
    const text = recorded("wrk-ok.txt").replace('"p99us":297384,', "");
    expect(() => parseWrk(text)).toThrow(/p99us/);
  });
});

describe("wrk script", () => {
  it("posts the body verbatim as JSON, in a Lua long string that the body cannot close", () => {
    const body = JSON.stringify({ text: "a ]] b ]=] c" });
    const script = wrkScript(body);
    expect(script).toContain('wrk.method = "POST"');
    expect(script).toContain('wrk.headers["Content-Type"] = "application/json"');
    // "]]" and "]=]" occur in the body: the string is opened at level 2
    expect(script).toContain(`wrk.body = [==[\n${body}]==]\n`);
  });

  it("reports one line with every figure the parser reads, with Lua's newline escape (a raw newline breaks the string)", () => {
    const line = wrkScript("{}").split("\n").find((l) => l.includes("NB2SVC-WRK"))!;
    expect(line.endsWith("}\\n',")).toBe(true);
    for (const key of ["requests", "durationUs", "p50us", "p99us", "connect", "read", "write", "status", "timeout", "non2xx"]) {
      expect(line).toContain(`"${key}":%d`);
    }
  });
});
