// package-lock.json of the generated service, cut from nb2svc's own lockfile: the service depends only on packages
// nb2svc itself installs (verify runs the service's tests on nb2svc's node_modules), so their exact versions and
// integrity hashes are already known. With it, `npm ci` (the Dockerfile's, a CI's) installs what nb2svc tested.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

interface LockPackage {
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly [key: string]: unknown;
}

interface Lockfile {
  readonly lockfileVersion: number;
  readonly packages: Readonly<Record<string, LockPackage>>;
}

/**
 * The lockfile of the nb2svc installation at `root`: npm-shrinkwrap.json (in its package), package-lock.json (in a
 * clone), else npm's hidden node_modules/.package-lock.json.
 */
export function readLockfile(root: string): Lockfile | null {
  for (const file of ["npm-shrinkwrap.json", "package-lock.json", path.join("node_modules", ".package-lock.json")]) {
    const full = path.join(root, file);
    if (!existsSync(full)) continue;
    const lock = JSON.parse(readFileSync(full, "utf8")) as Lockfile;
    if (lock.lockfileVersion >= 2 && lock.packages) return lock;
  }
  return null;
}

/** Where `name` resolves from the package at `from` (a lockfile key): the nearest node_modules up the tree. */
function resolve(packages: Lockfile["packages"], from: string, name: string): string | null {
  let dir = from;
  for (;;) {
    const key = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (packages[key]) return key;
    if (!dir) return null;
    const up = dir.lastIndexOf("/node_modules/");
    dir = up < 0 ? "" : dir.slice(0, up);
  }
}

interface Edge {
  readonly name: string;
  readonly optional: boolean;
}

function edges(p: LockPackage): Edge[] {
  const out: Edge[] = [];
  for (const name of Object.keys(p.dependencies ?? {})) out.push({ name, optional: false });
  for (const name of Object.keys(p.optionalDependencies ?? {})) out.push({ name, optional: true });
  for (const name of Object.keys(p.peerDependencies ?? {})) out.push({ name, optional: p.peerDependenciesMeta?.[name]?.optional === true });
  return out;
}

/**
 * The lockfile for a package.json with these dependencies, or null when nb2svc's lockfile does not hold them all.
 * Dependency flags (dev, optional, devOptional) are computed for the service, whose roots differ from nb2svc's.
 */
export function serviceLockfile(
  source: Lockfile,
  root: { readonly name: string; readonly version: string; readonly dependencies: Readonly<Record<string, string>>; readonly devDependencies: Readonly<Record<string, string>> },
  /** A package inside the service (`file:` dependency), linked by npm rather than fetched. */
  local?: { readonly path: string; readonly name: string; readonly version: string },
): Record<string, unknown> | null {
  const packages = source.packages;
  const reach = (roots: readonly Edge[], requiredOnly: boolean): Set<string> | null => {
    const seen = new Set<string>();
    const stack: { from: string; edge: Edge }[] = roots.map((edge) => ({ from: "", edge }));
    while (stack.length) {
      const { from, edge } = stack.pop()!;
      if (requiredOnly && edge.optional) continue;
      const key = resolve(packages, from, edge.name);
      if (!key) {
        if (edge.optional) continue;
        return null;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      for (const e of edges(packages[key]!)) stack.push({ from: key, edge: e });
    }
    return seen;
  };
  const prod = Object.keys(root.dependencies).filter((name) => name !== local?.name).map((name) => ({ name, optional: false }));
  const dev = Object.keys(root.devDependencies).filter((name) => name !== local?.name).map((name) => ({ name, optional: false }));
  const prodRequired = reach(prod, true);
  const prodAny = reach(prod, false);
  const allRequired = reach([...prod, ...dev], true);
  const all = reach([...prod, ...dev], false);
  if (!prodRequired || !prodAny || !allRequired || !all) return null;

  const out: Record<string, unknown> = {
    "": { name: root.name, version: root.version, dependencies: root.dependencies, devDependencies: root.devDependencies },
  };
  if (local) {
    // npm's form for a `file:` folder dependency: the folder's own entry, and a link to it under node_modules
    const dev = local.name in root.devDependencies ? { dev: true } : {};
    out[local.path] = { name: local.name, version: local.version, license: "MIT", ...dev };
    out[`node_modules/${local.name}`] = { resolved: local.path, link: true, ...dev };
  }
  for (const key of [...all].sort()) {
    const { dev: _dev, optional: _optional, devOptional: _devOptional, peer: _peer, ...rest } = packages[key]!;
    const flags: Record<string, boolean> = {};
    if (!prodRequired.has(key)) {
      if (allRequired.has(key)) {
        if (prodAny.has(key)) flags.devOptional = true;
        else flags.dev = true;
      } else if (prodAny.has(key)) flags.optional = true;
      else Object.assign(flags, { dev: true, optional: true });
    }
    out[key] = { ...rest, ...flags };
  }
  return { name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages: out };
}
