// The notebooks a person may mean: .ipynb files under the current folder, nearest first. Hidden folders (.git,
// .ipynb_checkpoints), node_modules and Python environments are not searched; the search stops at a depth and a
// count so that starting the wizard in a home folder stays quick.
import { readdir } from "node:fs/promises";
import path from "node:path";

const SKIP = new Set(["node_modules", "__pycache__", "site-packages", "venv", "env", "dist", "build"]);

export interface FindOptions {
  readonly maxDepth?: number;
  readonly maxFiles?: number;
}

/** Paths relative to `root`, with forward slashes; shallower files first, then by name. */
export async function findNotebooks(root: string, opts: FindOptions = {}): Promise<string[]> {
  const maxDepth = opts.maxDepth ?? 4;
  const maxFiles = opts.maxFiles ?? 500;
  const found: string[] = [];
  let level: string[] = [""];
  for (let depth = 0; depth <= maxDepth && level.length > 0 && found.length < maxFiles; depth++) {
    const next: string[] = [];
    for (const rel of level) {
      let entries;
      try {
        entries = await readdir(path.join(root, rel), { withFileTypes: true });
      } catch {
        continue; // unreadable folders are not the person's notebooks
      }
      for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (e.name.startsWith(".")) continue;
        const child = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory() && !SKIP.has(e.name)) next.push(child);
        else if (e.isFile() && /\.ipynb$/i.test(e.name)) found.push(child);
      }
    }
    level = next;
  }
  return found.slice(0, maxFiles);
}

/** Whether `file` matches what was typed: every word of it, in any case, appears in the path. */
export function matchesFilter(file: string, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const f = file.toLowerCase();
  return words.every((w) => f.includes(w));
}
