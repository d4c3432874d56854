// What npm sees when it installs nb2svc or a service nb2svc generated: no package that refuses Node 20 (npm's
// EBADENGINE warnings), no install script npm has not been told about (npm 11's "not covered by allowScripts"
// warning, and onnxruntime-node's download of CUDA libraries), no .npmrc key npm does not know. The installs themselves
// run in test/e2e/install.test.ts; these checks read the lockfiles, so they are quick.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { preview } from "../../src/driver/pipeline.ts";
import { generate } from "../../src/generate/generate.ts";
import { servedModelFiles } from "../../src/inspect/inspect.ts";

const root = packageRoot();
const semver = createRequire(path.join(root, "package.json"))("semver") as { satisfies(v: string, range: string): boolean };

interface LockEntry {
  readonly version?: string;
  readonly dev?: boolean;
  readonly engines?: { readonly node?: string } | readonly string[];
  readonly hasInstallScript?: boolean;
}
interface Lock {
  readonly packages: Readonly<Record<string, LockEntry>>;
}
interface PackageJson {
  readonly engines?: { readonly node?: string };
  readonly allowScripts?: Readonly<Record<string, boolean>>;
}

/** Lockfile entries (all, or only those an installed package gets) whose engines exclude one of `versions`. */
function refusingNode(lock: Lock, versions: readonly string[], which: "all" | "production" = "all"): string[] {
  return Object.entries(lock.packages)
    .filter(([key, p]) => key !== "" && (which === "all" || !p.dev) && p.engines && !Array.isArray(p.engines) && (p.engines as { node?: string }).node)
    .filter(([, p]) => versions.some((v) => !semver.satisfies(v, (p.engines as { node: string }).node)))
    .map(([key, p]) => `${key}@${p.version} (node ${(p.engines as { node: string }).node})`);
}

/** Packages with install scripts that allowScripts does not name (npm 11 lists them after every install). */
function unreviewed(lock: Lock, pkg: PackageJson): string[] {
  return Object.entries(lock.packages)
    .filter(([key, p]) => key !== "" && p.hasInstallScript)
    .map(([key]) => key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length))
    .filter((name) => pkg.allowScripts?.[name] === undefined);
}

// vitest 4's toolchain (rolldown) needs 20.19 or 22.13: the versions the tests and a service's `npm install` need; an
// installed nb2svc and a service's production install (`npm ci --omit=dev`) run on any Node 20
const NODE_VERSIONS = ["20.19.0", "22.13.0"];
const ANY_NODE_20 = ["20.0.0", "22.0.0"];

describe("nb2svc's own install", () => {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as PackageJson;
  const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as Lock;

  it("has no .npmrc (every setting npm needs is in package.json, where npm knows it)", () => {
    expect(existsSync(path.join(root, ".npmrc"))).toBe(false);
    expect(existsSync(path.join(root, "templates", "service", ".npmrc"))).toBe(false);
  });

  it("installs no package that refuses Node 20 or 22", () => {
    expect(pkg.engines?.node).toBe(">=20");
    expect(refusingNode(lock, NODE_VERSIONS)).toEqual([]);
    expect(refusingNode(lock, ANY_NODE_20, "production")).toEqual([]);
  });

  it("names every install script in allowScripts, and runs none (onnxruntime-node's would download CUDA libraries)", () => {
    expect(unreviewed(lock, pkg)).toEqual([]);
    expect(Object.values(pkg.allowScripts ?? {}).every((v) => v === false)).toBe(true);
    expect(pkg.allowScripts?.["onnxruntime-node"]).toBe(false);
  });
});

describe("a generated service's install", () => {
  it("installs no package that refuses Node 20 or 22, and names every install script in allowScripts", async () => {
    const notebook = path.join(root, "examples", "iris", "iris.ipynb");
    const seen = await preview(notebook);
    const [served] = await servedModelFiles(seen.signature!);
    const project = generate({ plan: seen.plan!, notebookModule: seen.translated!, model: served!.contents });
    const file = (name: string) => JSON.parse(String(project.files.find((f) => f.path === name)!.contents)) as Lock & PackageJson;
    const pkg = file("package.json");
    const lock = file("package-lock.json");
    expect(project.files.map((f) => f.path)).not.toContain(".npmrc");
    expect(refusingNode(lock, NODE_VERSIONS)).toEqual([]);
    expect(refusingNode(lock, ANY_NODE_20, "production")).toEqual([]);
    expect(unreviewed(lock, pkg)).toEqual([]);
    expect(pkg.allowScripts?.["onnxruntime-node"]).toBe(false);
  }, 60_000);
});
