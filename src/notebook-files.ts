// The files a notebook wrote, read at conversion time only inside the notebook's folder: a notebook names paths, and
// a path must not reach outside what the person pointed nb2svc at.
import { readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";

/** Reads a file the notebook wrote, only inside the notebook's folder (symlinks resolved), at most 256 MiB. */
export function readBytesInside(p: string, dir: string): Buffer | undefined {
  const abs = path.resolve(dir, p);
  try {
    const realDir = realpathSync(dir);
    const real = realpathSync(abs);
    if (real !== realDir && !real.startsWith(realDir + path.sep)) return undefined;
    if (statSync(real).size > 256 * 1024 * 1024) return undefined;
    return readFileSync(real);
  } catch {
    return undefined;
  }
}

export function readInside(p: string, dir: string): string | undefined {
  return readBytesInside(p, dir)?.toString("utf8");
}
