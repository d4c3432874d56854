// write: a GeneratedProject to disk, atomically. Files go to a staging folder beside the output folder (same file
// system), which replaces the output folder by rename only when everything in it is complete: an interrupted
// convert leaves the old folder or the new one, never a mix.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { chmod, mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { GeneratedProject } from "../generate/types.ts";

export class OutputError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly suggestion?: string,
  ) {
    super(message);
  }
}

/** Staging folders created by this process, removed on exit if the convert did not finish. */
const live = new Set<string>();
let hooked = false;
function hookCleanup(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const dir of live) rmSync(dir, { recursive: true, force: true });
  });
}

export interface Staging {
  readonly dir: string;
  readonly out: string;
}

/** Checks that `out` may be written and makes the staging folder. */
export async function stage(out: string, force: boolean): Promise<Staging> {
  const abs = path.resolve(out);
  if (existsSync(abs)) {
    const st = statSync(abs);
    if (!st.isDirectory()) {
      throw new OutputError(`${out} exists and is not a folder`, "WRITE_NOT_A_FOLDER", "choose another --out");
    }
    if (readdirSync(abs).length > 0 && !force) {
      throw new OutputError(
        `${out} is not empty; nb2svc does not overwrite it without --force`,
        "WRITE_NOT_EMPTY",
        `pass --force to replace ${out} (the whole folder), or choose an empty --out`,
      );
    }
  }
  const parent = path.dirname(abs);
  await mkdir(parent, { recursive: true });
  const dir = path.join(parent, `.${path.basename(abs)}.nb2svc-${randomBytes(4).toString("hex")}`);
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
