// Where nb2svc's own files are (templates/, the runtime sources) and where its dependencies were installed, whether it
// runs from src/ under vitest/tsx, bundled as dist/cli.js in a clone, or installed from its package (`npm install -g`,
// `npx ./nb2svc-X.tgz`, a project's devDependency), where npm may have put its dependencies above it.
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

/**
 * The node_modules folders nb2svc's dependencies resolve from, nearest first: Node's lookup path from the package
 * (its own node_modules in a clone; the ones above it too when npm hoisted them, as in an `npx` or project install).
 */
export function moduleDirs(): string[] {
  const dirs: string[] = [];
  let dir = packageRoot();
  for (;;) {
    if (path.basename(dir) !== "node_modules") {
      const modules = path.join(dir, "node_modules");
      if (existsSync(modules)) dirs.push(modules);
    }
    const up = path.dirname(dir);
    if (up === dir) return dirs;
    dir = up;
  }
}

/** The folder of a package as nb2svc resolves it (scoped names included), or null when it is not installed. */
export function dependencyDir(pkg: string): string | null {
  for (const modules of moduleDirs()) {
    const dir = path.join(modules, ...pkg.split("/"));
    if (existsSync(path.join(dir, "package.json"))) return dir;
  }
  return null;
}

/**
 * The node_modules folder that holds every one of `pkgs`, nearest first, or null: what a service's own node_modules
 * can be linked to, for a bundle or a test run that needs them all from one place.
 */
export function moduleDirHolding(pkgs: readonly string[]): string | null {
  return moduleDirs().find((modules) => pkgs.every((p) => existsSync(path.join(modules, ...p.split("/"), "package.json")))) ?? null;
}

interface OwnLock {
  readonly packages?: Readonly<Record<string, { readonly version?: string }>>;
}

let lock: OwnLock | null | undefined;

/**
 * nb2svc's own lockfile: package-lock.json in a clone, npm-shrinkwrap.json in its package (made from the former when
 * it is packed), so that an installed nb2svc knows the exact versions it was tested with, devDependencies included.
 */
export function ownLockfilePath(): string | null {
  for (const name of ["npm-shrinkwrap.json", "package-lock.json"]) {
    const file = path.join(packageRoot(), name);
    if (existsSync(file)) return file;
  }
  return null;
}

/**
 * The version of one of nb2svc's dependencies that it was tested with, for pinning the generated service: the one its
 * lockfile records (devDependencies are not installed with the package), else the one installed.
 */
export function installedVersion(pkg: string): string {
  if (lock === undefined) {
    const file = ownLockfilePath();
    lock = file ? (JSON.parse(readFileSync(file, "utf8")) as OwnLock) : null;
  }
  const locked = lock?.packages?.[`node_modules/${pkg}`]?.version;
  if (locked) return locked;
  const dir = dependencyDir(pkg);
  if (!dir) throw new Error(`nb2svc's dependency ${pkg} is neither in its lockfile nor installed; reinstall nb2svc`);
  return (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** tree-sitter-python's grammar: in dist/ when nb2svc is built or installed, else (a clone's tests) its package. */
export function pythonGrammar(): string {
  const built = path.join(packageRoot(), "dist", "tree-sitter-python.wasm");
  if (existsSync(built)) return built;
  const dir = dependencyDir("tree-sitter-python");
  if (!dir) throw new Error("tree-sitter-python.wasm is missing: run `npm install` in nb2svc (its prepare script builds dist/)");
  return path.join(dir, "tree-sitter-python.wasm");
}
