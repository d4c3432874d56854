// verify: runs a written service's generated tests (vitest) and reports each one. The service's node_modules is
// nb2svc's own (linked for the run), so verifying needs no install and no network. An installed nb2svc has no test
// tools of its own (they are its devDependencies): the full suite is then the service's `npm test` after `npm ci`.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, mkdtemp, readFile, rm, symlink, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { moduleDirHolding } from "../assets.ts";
import { removedIfStopped } from "../scratch.ts";
import { stopProcessTree, trackChild } from "../processes.ts";
import type { TestOutcome, VerifyReport } from "./types.ts";

export interface VerifyOptions {
  /** Longest the tests may run, in milliseconds. */
  readonly timeoutMs?: number;
  /** Called as each test ends, for progress (the report still comes from vitest's JSON at the end). */
  readonly onTest?: (t: TestOutcome) => void;
  /**
   * Only these test files (paths relative to the service, e.g. `test/golden.test.ts`): for a caller that has run the
   * rest of the suite on another service from the same template. All of them when absent.
   */
  readonly files?: readonly string[];
}

/** Marks the lines the progress reporter writes among vitest's output. */
const MARK = "@@nb2svc-test ";

/**
 * A vitest reporter, next to vitest's JSON one, that writes one line per finished test, so that progress is live
 * while the suite runs (the JSON report is written only at the end).
 */
const PROGRESS_REPORTER = `export default class {
  onTestCaseResult(test) {
    const state = test.result().state;
    const line = { name: test.fullName, file: test.module.moduleId, status: state === "passed" ? "passed" : state === "failed" ? "failed" : "skipped", durationMs: Math.round(test.diagnostic()?.duration ?? 0) };
    process.stdout.write("\\n${MARK}" + JSON.stringify(line) + "\\n");
  }
}
`;

interface VitestJson {
  readonly testResults?: readonly {
    readonly name: string;
    readonly assertionResults: readonly {
      readonly fullName: string;
      readonly status: string;
      readonly duration?: number | null;
      readonly failureMessages?: readonly string[];
    }[];
    readonly message?: string;
  }[];
}

/** What the generated suite imports besides the bundle's own packages. */
const TEST_PACKAGES = ["vitest", "yaml", "kubernetes-models", "ajv", "fastify", "onnxruntime-node"];

export class MissingTestToolsError extends Error {}

/** Whether this nb2svc has the tools to run a service's whole suite (a clone does; an installed package does not). */
export function canRunFullSuite(): boolean {
  return moduleDirHolding(TEST_PACKAGES) !== null;
}

export async function verify(dir: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const started = performance.now();
  const tools = moduleDirHolding(TEST_PACKAGES);
  if (!tools) {
    throw new MissingTestToolsError(
      "this nb2svc is installed without the test tools the service's suite runs on (vitest and the others are nb2svc's devDependencies)",
    );
  }
  const link = path.join(dir, "node_modules");
  const linked = !existsSync(link);
  if (linked) await symlink(tools, link, "dir");
  const tmp = await mkdtemp(path.join(os.tmpdir(), "nb2svc-verify-"));
  const release = removedIfStopped(tmp);
  const report = path.join(tmp, "report.json");
  try {
    const vitest = path.join(tools, "vitest", "vitest.mjs");
    const reporter = path.join(tmp, "progress-reporter.mjs");
    await writeFile(reporter, PROGRESS_REPORTER);
    const onLine = (line: string) => {
      if (!opts.onTest || !line.startsWith(MARK)) return;
      const t = JSON.parse(line.slice(MARK.length)) as TestOutcome;
      opts.onTest({ ...t, file: path.relative(dir, t.file) });
    };
    const args = [vitest, "run", "--reporter=json", `--outputFile.json=${report}`, `--reporter=${reporter}`, ...(opts.files ?? [])];
    const { code, output } = await run(process.execPath, args, dir, opts.timeoutMs ?? 300_000, onLine);
    let parsed: VitestJson | null = null;
    try {
      parsed = JSON.parse(await readFile(report, "utf8")) as VitestJson;
    } catch {
      parsed = null;
    }
    const tests: TestOutcome[] = [];
    for (const file of parsed?.testResults ?? []) {
      for (const a of file.assertionResults) {
        tests.push({
          name: a.fullName,
          file: path.relative(dir, file.name),
          status: a.status === "passed" ? "passed" : a.status === "failed" ? "failed" : "skipped",
          durationMs: Math.round(a.duration ?? 0),
          ...(a.failureMessages?.length ? { message: a.failureMessages.join("\n").split("\n").slice(0, 8).join("\n") } : {}),
        });
      }
      if (file.assertionResults.length === 0 && file.message) {
        tests.push({ name: "(file failed to load)", file: path.relative(dir, file.name), status: "failed", durationMs: 0, message: file.message });
      }
    }
    const count = (s: TestOutcome["status"]) => tests.filter((t) => t.status === s).length;
    const failed = count("failed");
    const ok = code === 0 && failed === 0 && tests.length > 0;
    return {
      ok,
      passed: count("passed"),
      failed,
      skipped: count("skipped"),
      durationMs: Math.round(performance.now() - started),
      tests,
      ...(ok ? {} : { output: output.slice(-4000) }),
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
    release();
    if (linked && (await lstat(link).catch(() => null))?.isSymbolicLink()) await unlink(link);
  }
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number, onLine: (line: string) => void): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // its own process group: the servers its tests start are stopped with it
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", CI: "1" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const untrack = trackChild(child);
    const exited = new Promise((r) => child.on("exit", r));
    let output = "";
    const keep = (d: Buffer) => {
      output += d.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    let partial = "";
    child.stdout.on("data", (d: Buffer) => {
      keep(d);
      const lines = (partial + d.toString()).split("\n");
      partial = lines.pop()!;
      for (const line of lines) onLine(line);
    });
    child.stderr.on("data", keep);
    const timer = setTimeout(() => {
      output += `\n(nb2svc: the tests ran longer than ${timeoutMs} ms and were stopped)`;
      void stopProcessTree(child, exited);
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      // anything the tests started and left running goes with them
      void stopProcessTree(child, exited).then(() => {
        untrack();
        resolve({ code, output });
      });
    });
  });
}
