// Runs the built CLI (dist/cli.js) as a user would, capturing exit code, stdout and stderr.
import { spawn } from "node:child_process";
import path from "node:path";
import { packageRoot } from "../../src/assets.ts";

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function nb2svc(args: readonly string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number; nodeArgs?: readonly string[] } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), path.join(packageRoot(), "dist", "cli.js"), ...args], {
      cwd: opts.cwd ?? packageRoot(),
      env: { ...process.env, NO_COLOR: "1", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`nb2svc ${args.join(" ")} timed out\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
