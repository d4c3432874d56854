// packages/runtime of the generated service: nb2svc's runtime (numpy, pandas, scikit-learn, PIL... semantics) as the
// package @nb2svc/runtime, versioned with nb2svc and imported by name. It is ES modules without side effects
// (`sideEffects: false`), one module per concern, so a bundle keeps only the modules, and the exports of them, that
// the notebook's code reaches.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Project } from "ts-morph";
import type { ServicePlan } from "../plan/types.ts";
import type { GeneratedFile } from "./types.ts";

/** The package's folder in the service, and its name. */
export const RUNTIME_DIR = "packages/runtime";
export const RUNTIME_PACKAGE = "@nb2svc/runtime";

function listTs(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(full, base));
    else if (entry.name.endsWith(".ts")) out.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return out.sort();
}

/** The package's files, relative to RUNTIME_DIR: its sources (as nb2svc has them), package.json and README. */
export function runtimePackage(root: string, plan: ServicePlan): GeneratedFile[] {
  const src = path.join(root, "src", "runtime");
  const files: GeneratedFile[] = listTs(src).map((rel) => ({ path: `src/${rel}`, contents: readFileSync(path.join(src, rel), "utf8") }));
  const pkg = {
    name: RUNTIME_PACKAGE,
    version: plan.toolVersion,
    description: "nb2svc's runtime: Python, numpy, pandas, scikit-learn and image semantics for code translated from a notebook",
    license: "MIT",
    type: "module",
    // no module does anything when imported but define things: a bundler drops every module nothing uses
    sideEffects: false,
    // TypeScript sources: the service bundles them (esbuild), its tests run them (vitest); `@nb2svc/runtime/np`
    exports: { "./*": "./src/*.ts" },
    engines: { node: ">=20" },
  };
  files.push({ path: "package.json", contents: JSON.stringify(pkg, null, 2) + "\n" });
  files.push({
    path: "README.md",
    contents: [
      `# ${RUNTIME_PACKAGE} ${plan.toolVersion}`,
      "",
      "The runtime that code translated by nb2svc runs on: Python built-ins and values (`py-*`), numpy (`np`, `ndarray`),",
      "pandas (`pandas/`), scikit-learn (`sklearn/`), PIL, OpenCV and torchvision (`image/`), torch tensors (`torch`).",
      "",
      "Import a module by name, e.g. `import * as np from \"@nb2svc/runtime/np\";`. The package is ES modules with no",
      "side effects on import (`\"sideEffects\": false`), so a bundler keeps only what the importing code uses.",
      "",
      `nb2svc writes this folder (version ${plan.toolVersion}) and rewrites it when a notebook is converted again: change the`,
      "runtime in nb2svc, not here.",
      "",
    ].join("\n"),
  });
  return files;
}

/** `./runtime/np.ts` (how the translator imports the runtime beside a module) as `@nb2svc/runtime/np`. */
export function runtimeSpecifier(specifier: string): string {
  const m = /^\.\/runtime\/(.+)\.ts$/.exec(specifier);
  return m ? `${RUNTIME_PACKAGE}/${m[1]}` : specifier;
}

/** A translated module with its runtime imports (and re-exports) by package name, rewritten on its syntax tree. */
export function withRuntimePackage(text: string): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const sf = project.createSourceFile("module.ts", text);
  for (const d of [...sf.getImportDeclarations(), ...sf.getExportDeclarations()]) {
    const spec = d.getModuleSpecifierValue();
    if (spec !== undefined && runtimeSpecifier(spec) !== spec) d.setModuleSpecifier(runtimeSpecifier(spec));
  }
  return sf.getFullText();
}
