// An interrupted convert (SIGINT, SIGKILL at any moment) leaves the old service or the new one in --out, never a
// mix, and the next convert cleans up what the killed one left.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { nb2svc } from "../helpers/cli.ts";
import { NOT_REPRODUCIBLE } from "../helpers/reproducible.ts";
import { tempDir } from "../helpers/temp.ts";

/** Every file under a folder with its content hash (NOT_REPRODUCIBLE's by presence): two trees are the same service when these are equal. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const file = path.relative(dir, full);
      if (e.isDirectory()) walk(full);
      else out[file] = NOT_REPRODUCIBLE.has(file) ? "present" : createHash("sha256").update(readFileSync(full)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

function startConvert(notebook: string, out: string) {
  return spawn(process.execPath, [path.join(packageRoot(), "dist", "cli.js"), "convert", notebook, "--out", out, "--yes", "--force"], {
    cwd: packageRoot(),
    stdio: "ignore",
  });
}

describe("interrupted converts", () => {
  it("leave the old or the new service, never a mix, whenever they are killed", async () => {
    const parent = tempDir("nb2svc-kill-");
    const out = path.join(parent, "svc");
    const iris = path.join("examples", "iris", "iris.ipynb");
    const digits = path.join("examples", "digits", "digits.ipynb");
    expect((await nb2svc(["convert", iris, "--out", out, "--yes", "--no-verify"])).code).toBe(0);
    const old = snapshot(out);
    expect((await nb2svc(["convert", digits, "--out", path.join(parent, "ref"), "--yes", "--no-verify"])).code).toBe(0);
    const fresh = snapshot(path.join(parent, "ref"));

    for (const [signal, delay] of [
      ["SIGKILL", 150],
      ["SIGKILL", 400],
      ["SIGKILL", 900],
      ["SIGINT", 400],
      ["SIGINT", 1500],
      ["SIGKILL", 2500],
    ] as const) {
      const child = startConvert(digits, out);
      const exited = new Promise<number | null>((r) => child.on("exit", (code, sig) => r(code ?? (sig ? -1 : null))));
      await new Promise((r) => setTimeout(r, delay));
      child.kill(signal);
      await exited;
      // out is exactly the old service or exactly the new one (a convert that finished before the kill)
      const now = existsSync(out) ? snapshot(out) : {};
      const same = JSON.stringify(now) === JSON.stringify(old) || JSON.stringify(now) === JSON.stringify(fresh);
      expect(same, `${signal} after ${delay} ms left ${Object.keys(now).length} files`).toBe(true);
      if (signal === "SIGINT") {
        // a convert stopped by SIGINT removes its own staging folder (named with its pid: one that an earlier SIGKILL
        // left, once converts got fast enough to reach the write stage before being killed, is the next convert's
        // to clear, checked below)
        expect(readdirSync(parent).filter((n) => n.startsWith(`.svc.nb2svc-${child.pid}-`))).toEqual([]);
      }
      if (JSON.stringify(now) === JSON.stringify(fresh)) break;
    }
    // the next convert clears whatever a SIGKILL left and writes normally
    expect((await nb2svc(["convert", iris, "--out", out, "--yes", "--force", "--no-verify"])).code).toBe(0);
    expect(snapshot(out)).toEqual(old);
    expect(readdirSync(parent).filter((n) => n.startsWith(".svc.nb2svc-"))).toEqual([]);
    expect(statSync(out).isDirectory()).toBe(true);
  }, 360_000); // 89 s at a load of 20 on 2 cores
});

describe("Ctrl-C during a convert", () => {
  it("prints one line, stops what verification started, writes nothing and leaves no temporary folder", async () => {
    const parent = tempDir("nb2svc-ctrlc-");
    const out = path.join(parent, "svc");
    // the convert's own temporary folder, to see what it leaves there
    const tmp = tempDir("nb2svc-ctrlc-tmp-");
    const ours = () => readdirSync(tmp).filter((n) => n.startsWith("nb2svc-"));
    // the full suite: long enough to be stopped while its servers run
    const child = spawn(process.execPath, [path.join(packageRoot(), "dist", "cli.js"), "convert", path.join("examples", "iris", "iris.ipynb"), "--out", out, "--verify", "full"], {
      cwd: packageRoot(),
      env: { ...process.env, TMPDIR: tmp },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<string | null>((r) => child.on("exit", (_code, signal) => r(signal)));
    // the bundle stage's line: verification starts now; then a moment for its servers to start
    for (let i = 0; i < 600 && !/^\s+bundle\s/m.test(stderr); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2500));
    const staging = readdirSync(parent).find((n) => n.startsWith(".svc.nb2svc-"));
    expect(staging, stderr).toBeDefined();
    // verification's folder (its progress reporter, vitest's report), to be removed with the rest
    expect(ours(), stderr).toEqual([expect.stringMatching(/^nb2svc-verify-/)]);
    child.kill("SIGINT");
    expect(await exited).toBe("SIGINT");
    expect(stderr.trimEnd().split("\n").at(-1)).toBe("nb2svc: stopped; nothing was written");
    expect(readdirSync(parent)).toEqual([]);
    expect(ours()).toEqual([]);
    // no process is left working in the staging folder (the service's test runner, the servers it started)
    await new Promise((r) => setTimeout(r, 500));
    const left: string[] = [];
    for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        if (readlinkSync(`/proc/${pid}/cwd`).includes(staging!)) left.push(pid);
      } catch {
        // gone, or not ours to read
      }
    }
    expect(left).toEqual([]);
  }, 120_000);
});
