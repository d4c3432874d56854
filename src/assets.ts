// Where nb2svc's own files are (templates/, the runtime sources, node_modules), whether it runs from src/ under
// vitest/tsx or bundled as dist/cli.js.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let root: string | null = null;

/** The folder holding nb2svc's package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "nb2svc") {
      root = dir;
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error("cannot find nb2svc's package.json above " + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export function toolVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** The installed version of one of nb2svc's dependencies, for pinning the generated service to what was tested. */
export function installedVersion(pkg: string): string {
  const file = path.join(packageRoot(), "node_modules", pkg, "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}
