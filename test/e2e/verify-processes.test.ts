// Whatever verification starts, it stops: a service that never becomes ready, one that crashes and one that hangs
// (ignoring SIGTERM), under the quick check and under the full suite, leave no process behind, grandchildren
// included. The services are iris's, with dist/server.js (quick) or the test suite (full) swapped for a misbehaving
// one that also starts a helper process and writes every pid it owns to pids.json.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { convertedExample } from "../helpers/examples.ts";
import { tempDir } from "../helpers/temp.ts";
import type { ServicePlan } from "../../src/plan/types.ts";
import { quickVerify } from "../../src/verify/quick.ts";
import { verify } from "../../src/verify/verify.ts";

type Misbehaviour = "never-ready" | "crash" | "hang";

/** A dist/server.js (CommonJS, as dist/package.json says) that starts a helper (a grandchild of nb2svc), records both pids, then misbehaves. */
function fakeServer(mode: Misbehaviour): string {
  return `const { spawn } = require("node:child_process");
const http = require("node:http");
const { writeFileSync } = require("node:fs");
const path = require("node:path");
const helper = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
writeFileSync(path.join(__dirname, "..", "pids.json"), JSON.stringify([process.pid, helper.pid]));
const mode = ${JSON.stringify(mode)};
if (mode === "crash") process.exit(3);
if (mode === "hang") process.on("SIGTERM", () => {});
http
  .createServer((req, res) => {
    const ready = mode === "hang";
    res.writeHead(req.url === "/readyz" && !ready ? 503 : 200, { "content-type": "application/json" });
    res.end(JSON.stringify(req.url === "/readyz" ? { status: ready ? "ready" : "loading" } : { nothing: "useful" }));
  })
  .listen(Number(process.env.PORT), process.env.HOST);
`;
}

/**
 * A test file for the full suite: starts the misbehaving server (and through it, its helper), waits until both run
 * (the server has written their pids), then misbehaves too.
 */
function fakeSuite(mode: Misbehaviour): string {
  return `import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { it } from "vitest";
it("${mode}", async () => {
  spawn(process.execPath, ["dist/server.js"], { env: { ...process.env, PORT: "0", HOST: "127.0.0.1" }, stdio: "ignore" });
  while (!existsSync("pids.json")) await new Promise((r) => setTimeout(r, 50));
  if (${JSON.stringify(mode)} === "crash") process.kill(process.pid, "SIGKILL");
  // never ready, or hung: waits until verification gives up
  await new Promise(() => {});
}, 600_000);
`;
}

/** Alive and not a zombie (a killed process stays in the table until its new parent reaps it). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

async function expectAllStopped(dir: string): Promise<void> {
  const pids = JSON.parse(readFileSync(path.join(dir, "pids.json"), "utf8")) as number[];
  expect(pids).toHaveLength(2);
  for (let i = 0; i < 40 && pids.some(running); i++) await new Promise((r) => setTimeout(r, 50));
  expect(pids.filter(running), `still running after verification: ${pids.filter(running).join(", ")}`).toEqual([]);
}

let service: string;
let plan: ServicePlan;
const work = tempDir("nb2svc-procs-");

beforeAll(async () => {
  // the run's one conversion of iris (test/helpers/examples.ts), only ever copied here
  const iris = await convertedExample("iris");
  expect(iris.ok).toBe(true);
  service = iris.out;
  plan = iris.plan!;
}, 900_000);

function copy(name: string): string {
  const dir = path.join(work, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(service, dir, { recursive: true });
  return dir;
}

describe.each(["never-ready", "crash", "hang"] as const)("a service that %s", (mode) => {
  it("leaves no process behind the quick check", async () => {
    const dir = copy(`quick-${mode}`);
    writeFileSync(path.join(dir, "dist", "server.js"), fakeServer(mode));
    const report = await quickVerify(dir, plan, { readyTimeoutMs: 3000, stopTimeoutMs: 1000 });
    expect(report.ok).toBe(false);
    if (mode === "hang") {
      // ready, wrong answers, and still running after SIGTERM: stopped all the same
      expect(report.tests[0]).toMatchObject({ name: "becomes ready (GET /readyz)", status: "passed" });
      expect(report.tests.at(-1)).toMatchObject({ name: "exits 0 on SIGTERM", status: "failed", message: "still running 1 s after SIGTERM" });
    } else expect(report.tests).toMatchObject([{ name: "becomes ready (GET /readyz)", status: "failed" }]);
    await expectAllStopped(dir);
    // under a minute idle; a busy 2-core machine needs room
  }, 180_000);

  it("leaves no process behind the full suite", async () => {
    const dir = copy(`full-${mode}`);
    writeFileSync(path.join(dir, "dist", "server.js"), fakeServer(mode === "crash" ? "never-ready" : mode));
    rmSync(path.join(dir, "test"), { recursive: true });
    mkdirSync(path.join(dir, "test"));
    writeFileSync(path.join(dir, "test", "misbehaves.test.ts"), fakeSuite(mode));
    // the suite must have started its server before verification gives up, else there is nothing to stop: vitest
    // alone takes 2-3 s to start on an idle 2-core machine, over 8 s on a busy one. Given longer when it had not (the
    // server writes pids.json once it and its helper run), rather than always waiting as long as the busiest start
    let report;
    for (const timeoutMs of mode === "crash" ? [60_000] : [10_000, 30_000, 60_000]) {
      rmSync(path.join(dir, "pids.json"), { force: true });
      report = await verify(dir, { timeoutMs });
      if (existsSync(path.join(dir, "pids.json"))) break;
    }
    expect(report!.ok).toBe(false);
    await expectAllStopped(dir);
  }, 300_000);
});
