// The test run's own temporary folder. Each tier's global setup points TMPDIR at it, for the tests and everything
// they start (the CLI, a service's own suite, Python and Jupyter), and removes it when the run ends, so that a run
// leaves nothing in the machine's temporary folder. Tests remove what they make (test/helpers/temp.ts) and so does
// nb2svc: anything still there at the end is a leak. It is listed, and one named nb2svc-* (the prefix of every
// folder nb2svc and its tests make) fails the run; another tool's (a cache) is only listed.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Makes the run's temporary folder and points TMPDIR at it; returns the teardown that checks and removes it. */
export function ownTempRoot(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(path.join(os.tmpdir(), "nb2svc-run-"));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(root);
    rmSync(root, { recursive: true, force: true });
    if (left.length === 0) return;
    const ours = left.filter((n) => n.startsWith("nb2svc-"));
    const list = left.map((n) => `  ${n}`).join("\n");
    process.stderr.write(`\n${ours.length ? "FAIL: " : ""}the tests left ${left.length} entries in their temporary folder (removed now):\n${list}\n`);
    // an error thrown by a global teardown is printed but leaves the exit status 0
    if (ours.length) process.exitCode = 1;
  };
}
