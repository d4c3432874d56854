// write: a GeneratedProject to disk, atomically. Files go to a staging folder beside the output folder (same file
// system), which replaces the output folder by rename only when everything in it is complete: an interrupted
// convert leaves the old folder or the new one, never a mix.
import { randomBytes } from "node:crypto";
import type { DiagnosticCode } from "../diagnostics/codes.ts";
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { chmod, mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GeneratedProject } from "../generate/types.ts";

export class OutputError extends Error {
  constructor(
    message: string,
    readonly code: DiagnosticCode,
    readonly suggestion?: string,
  ) {
    super(message);
  }
}

/** Staging folders created by this process, removed on exit if the convert did not finish. */
const live = new Set<string>();
let hooked = false;
function cleanup(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

function hookCleanup(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", cleanup);
  // SIGINT/SIGTERM would end the process without "exit" handlers: clean up, then let the signal do what it does
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const handler = () => {
      cleanup();
      process.removeListener(signal, handler);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

export interface Staging {
  readonly dir: string;
  readonly out: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * What an earlier convert killed mid-way (SIGKILL cannot be caught) left beside `out`: a staging folder to remove,
 * or, if it died between its two renames, the previous service (`.old`) to put back.
 */
export function recover(out: string): void {
  const parent = path.dirname(out);
  const prefix = `.${path.basename(out)}.nb2svc-`;
  let names: string[];
  try {
    names = readdirSync(parent).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) continue; // another convert is writing
    const full = path.join(parent, name);
    if (name.endsWith(".old") && !existsSync(out)) renameSync(full, out);
    else rmSync(full, { recursive: true, force: true });
  }
}

/**
 * Why `out` may not be written, or null when it may: not a folder, or not empty without `force`. With `force`, a
 * non-empty folder is `WRITE_REPLACES`: allowed, and worth a question to a person at a terminal. Checked by
 * `convert` before any work, and again when staging (the folder may have changed meanwhile).
 */
export function outputProblem(out: string, force: boolean): OutputError | null {
  const abs = path.resolve(out);
  if (!existsSync(abs)) return null;
  if (!statSync(abs).isDirectory()) return new OutputError(`${out} exists and is not a folder`, "WRITE_NOT_A_FOLDER", "choose another --out");
  // what an interrupted convert left beside it is not the user's: it is cleaned up when staging
  if (readdirSync(abs).length === 0) return null;
  if (force) return new OutputError(`${out} is not empty and will be replaced`, "WRITE_REPLACES");
  return new OutputError(
    `${out} is not empty; nb2svc does not overwrite it without --force`,
    "WRITE_NOT_EMPTY",
    `pass --force to replace ${out} (the whole folder), or choose an empty --out`,
  );
}

/** Checks that `out` may be written and makes the staging folder. */
export async function stage(out: string, force: boolean): Promise<Staging> {
  const abs = path.resolve(out);
  recover(abs);
  const problem = outputProblem(out, force);
  if (problem && problem.code !== "WRITE_REPLACES") throw problem;
  const parent = path.dirname(abs);
  await mkdir(parent, { recursive: true });
  // the pid tells a later convert whether this one is still running (see recover)
  const dir = path.join(parent, `.${path.basename(abs)}.nb2svc-${process.pid}-${randomBytes(4).toString("hex")}`);
  await mkdir(dir);
  hookCleanup();
  live.add(dir);
  return { dir, out: abs };
}

export async function writeProject(dir: string, project: GeneratedProject): Promise<void> {
  for (const file of project.files) {
    const target = path.join(dir, ...file.path.split("/"));
    if (!target.startsWith(dir + path.sep)) throw new Error(`refusing to write outside the output folder: ${file.path}`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.contents);
    if (file.mode) await chmod(target, file.mode);
  }
}

/** Moves the staging folder into place, replacing what was there. */
export async function commit(s: Staging): Promise<void> {
  let old: string | null = null;
  if (existsSync(s.out)) {
    old = `${s.dir}.old`;
    await rename(s.out, old);
  }
  try {
    await rename(s.dir, s.out);
  } catch (e) {
    if (old) await rename(old, s.out);
    throw e;
  }
  live.delete(s.dir);
  if (old) await rm(old, { recursive: true, force: true });
}

export async function discard(s: Staging): Promise<void> {
  await rm(s.dir, { recursive: true, force: true });
  live.delete(s.dir);
}
