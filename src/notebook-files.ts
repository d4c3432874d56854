// The files a notebook wrote, read at conversion time only inside the notebook's folder: a notebook names paths, and
// a path must not reach outside what the person pointed nb2svc at.
import { opendirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";

/** The real path of `p` when it is inside the notebook's folder (symlinks resolved), else undefined. */
function realInside(p: string, dir: string): string | undefined {
  try {
    const realDir = realpathSync(dir);
    const real = realpathSync(path.resolve(dir, p));
    return real === realDir || real.startsWith(realDir + path.sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What `p` names inside the notebook's folder, as `os.path.isdir`/`isfile`/`exists` would see it (symlinks followed):
 * a folder, a file, or nothing; undefined when it is outside the folder (or a link leading out of it), which nb2svc
 * does not look at.
 */
export function kindInside(p: string, dir: string): "folder" | "file" | "missing" | undefined {
  const abs = path.resolve(dir, p);
  const root = path.resolve(dir);
  if (abs !== root && !abs.startsWith(root + path.sep)) return undefined;
  if (statSync(abs, { throwIfNoEntry: false }) === undefined) return "missing";
  const real = realInside(p, dir);
  if (real === undefined) return undefined;
  return statSync(real).isDirectory() ? "folder" : "file";
}

/**
 * The entries of a folder inside the notebook's folder, in the order the file system lists them (Python's
 * `os.listdir` order: `readdir`, unsorted), with whether each is a folder; at most 100,000, else undefined.
 */
export function listInside(p: string, dir: string): { name: string; folder: boolean }[] | undefined {
  const real = realInside(p, dir);
  if (real === undefined) return undefined;
  try {
    const d = opendirSync(real);
    const out: { name: string; folder: boolean }[] = [];
    try {
      for (let e = d.readSync(); e !== null; e = d.readSync()) {
        // os.scandir's is_dir() follows symbolic links
        out.push({ name: e.name, folder: e.isDirectory() || (e.isSymbolicLink() && statSync(path.join(real, e.name), { throwIfNoEntry: false })?.isDirectory() === true) });
        if (out.length > 100_000) return undefined;
      }
    } finally {
      d.closeSync();
    }
    return out;
  } catch {
    return undefined;
  }
}

/** Reads a file the notebook wrote, only inside the notebook's folder (symlinks resolved), at most 256 MiB. */
export function readBytesInside(p: string, dir: string): Buffer | undefined {
  const real = realInside(p, dir);
  if (real === undefined) return undefined;
  try {
    if (statSync(real).size > 256 * 1024 * 1024) return undefined;
    return readFileSync(real);
  } catch {
    return undefined;
  }
}

export function readInside(p: string, dir: string): string | undefined {
  return readBytesInside(p, dir)?.toString("utf8");
}
