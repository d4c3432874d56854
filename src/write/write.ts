// write: a GeneratedProject to disk, atomically. Files go to a staging folder beside the output folder (same file
// system), which replaces the output folder by rename only when everything in it is complete: an interrupted
// convert leaves the old folder or the new one, never a mix.
// Converting into a service nb2svc wrote before is a regeneration: the staging folder starts as a copy of that
// service, nb2svc's folders (src/generated/, packages/runtime/, model/) are replaced whole, and every other file is
// the user's: one that differs from what nb2svc would write now is kept and reported, replaced only with --force.
import { randomBytes } from "node:crypto";
import type { DiagnosticCode } from "../diagnostics/codes.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { chmod, cp, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GeneratedProject } from "../generate/types.ts";
import { removedIfStopped } from "../scratch.ts";

export class OutputError extends Error {
  constructor(
    message: string,
    readonly code: DiagnosticCode,
    readonly suggestion?: string,
  ) {
    super(message);
  }
}

export interface Staging {
  readonly dir: string;
  readonly out: string;
  /** `out` holds a service nb2svc wrote: this convert regenerates it (see writeProject). */
  readonly regenerate: boolean;
  /** Replace the user's files that differ (--force). */
  readonly force: boolean;
  /** Lets the staging folder go from what an interrupted process removes (once it is in place, or removed). */
  readonly release: () => void;
}

/** Folders of a service that are neither nb2svc's nor its user's code: not copied into a regeneration's staging. */
const INSTALLED = new Set(["node_modules"]);

/** Whether `dir` holds a service nb2svc wrote (its package.json says so, and it has the generated folder). */
export function isService(dir: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { nb2svc?: unknown };
    return typeof pkg.nb2svc === "object" && pkg.nb2svc !== null && statSync(path.join(dir, "src", "generated")).isDirectory();
  } catch {
    return false;
  }
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
  // a service nb2svc wrote is regenerated: its user's files are kept (reported when they differ)
  if (isService(abs)) return null;
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
  // an interrupted convert removes its own staging folder
  const release = removedIfStopped(dir);
  const regenerate = isService(abs);
  if (regenerate) {
    // the service as it is, but what npm installed: moved across when the new folder is put in place (commit)
    await cp(abs, dir, { recursive: true, verbatimSymlinks: true, filter: (src) => !INSTALLED.has(path.relative(abs, src).split(path.sep)[0]!) });
  }
  return { dir, out: abs, regenerate, force, release };
}

/** What a regeneration did with the user's files (POSIX paths relative to the service). */
export interface WriteReport {
  /** Differ from what nb2svc writes now, and were kept (no --force). */
  readonly kept: readonly string[];
  /** Differed, and were replaced (--force). */
  readonly replaced: readonly string[];
  /** Were not there, and were written. */
  readonly added: readonly string[];
}

const sameBytes = (a: Uint8Array, b: string | Uint8Array) => Buffer.from(a).equals(typeof b === "string" ? Buffer.from(b, "utf8") : Buffer.from(b));

/**
 * Writes the project into the staging folder. A fresh service: every file. A regeneration: nb2svc's folders are
 * emptied and written; each other file is written when absent, kept when it differs (replaced with --force).
 */
export async function writeProject(dir: string, project: GeneratedProject, opts: { readonly regenerate?: boolean; readonly force?: boolean } = {}): Promise<WriteReport> {
  const kept: string[] = [];
  const replaced: string[] = [];
  const added: string[] = [];
  const ours = (p: string) => project.generatedDirs.some((d) => p === d || p.startsWith(`${d}/`));
  if (opts.regenerate) for (const d of project.generatedDirs) await rm(path.join(dir, ...d.split("/")), { recursive: true, force: true });
  for (const file of project.files) {
    const target = path.join(dir, ...file.path.split("/"));
    if (!target.startsWith(dir + path.sep)) throw new Error(`refusing to write outside the output folder: ${file.path}`);
    if (opts.regenerate && !ours(file.path)) {
      const existing = existsSync(target) ? await readFile(target) : null;
      if (existing !== null && sameBytes(existing, file.contents)) continue;
      if (existing === null) added.push(file.path);
      else if (opts.force) replaced.push(file.path);
      else {
        kept.push(file.path);
        continue;
      }
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.contents);
    if (file.mode) await chmod(target, file.mode);
  }
  return { kept, replaced, added };
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
  s.release();
  // a regenerated service keeps what npm installed in it
  if (old && s.regenerate) {
    for (const name of INSTALLED) {
      const from = path.join(old, name);
      if (existsSync(from) && !existsSync(path.join(s.out, name))) await rename(from, path.join(s.out, name));
    }
  }
  if (old) await rm(old, { recursive: true, force: true });
}

export async function discard(s: Staging): Promise<void> {
  await rm(s.dir, { recursive: true, force: true });
  s.release();
}

/** What a regeneration did with its user's files, said once per kind (nothing for a fresh service). */
export function writeDiagnostics(report: WriteReport): Diagnostic[] {
  const list = (files: readonly string[]) => files.join(", ");
  const out: Diagnostic[] = [];
  if (report.kept.length) {
    out.push({
      severity: "warning",
      code: "WRITE_KEPT",
      message: `kept your ${report.kept.length === 1 ? "file" : "files"} ${list(report.kept)}, which ${report.kept.length === 1 ? "differs" : "differ"} from what nb2svc writes now (src/generated/ was rewritten)`,
      suggestion: "compare with a fresh convert into an empty folder, or pass --force to replace them",
    });
  }
  if (report.replaced.length) out.push({ severity: "info", code: "WRITE_REPLACED", message: `replaced ${list(report.replaced)} (--force)` });
  return out;
}
