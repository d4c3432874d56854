// generate: a ServicePlan and its TranslatedModule to the files of the service, in memory. Static code comes from
// templates/service and src/runtime; everything that depends on the notebook is built here from the plan alone.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { installedVersion, packageRoot } from "../assets.ts";
import type { ServicePlan } from "../plan/types.ts";
import type { TranslatedModule } from "../translate/types.ts";
import { SERVICE_VERSION } from "./api.ts";
import { bannerLine, generatedReadme, hashBanner } from "./banner.ts";
import { clientModule, clientPackageJson } from "./client-module.ts";
import { dockerfile } from "./docker.ts";
import { kubernetesManifests } from "./kubernetes.ts";
import { readLockfile, serviceLockfile } from "./lockfile.ts";
import { pipelineModule } from "./pipeline-module.ts";
import { openapiDocument, openapiText } from "./openapi.ts";
import { serviceReadme } from "./readme.ts";
import { runtimePackage, RUNTIME_DIR, RUNTIME_PACKAGE, withRuntimePackage } from "./runtime-package.ts";
import { schemasModule } from "./schemas-module.ts";
import { serviceModule } from "./service-module.ts";
import { formatTypeScript } from "../codegen/ts-print.ts";
import type { GeneratedFile, GeneratedProject } from "./types.ts";
import { bundleScript } from "../codegen/bundle-options.ts";
import { readBytesInside } from "../notebook-files.ts";

export interface GenerateInputs {
  readonly plan: ServicePlan;
  readonly notebookModule: TranslatedModule;
  /** The model file's bytes (copied into model/). */
  readonly model: Uint8Array;
  /** The model's external data files, by the path the model names them with (copied beside it). */
  readonly modelData?: readonly { readonly name: string; readonly contents: Uint8Array }[];
}

/** Files under a folder, as POSIX paths relative to it, sorted so that output is reproducible. */
function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, base));
    else out.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return out.sort();
}

/** What nb2svc regenerates: the notebook's code and facts. Everything else in src/ belongs to the service's user. */
export const GENERATED_DIR = "src/generated";

export function generate({ plan, notebookModule, model, modelData = [] }: GenerateInputs): GeneratedProject {
  const root = packageRoot();
  const banner = bannerLine(plan);
  const files: GeneratedFile[] = [];
  const add = (p: string, contents: string | Uint8Array, mode?: number) => files.push({ path: p, contents, ...(mode ? { mode } : {}) });
  // every TypeScript file nb2svc writes goes through the one formatter, banner first
  const generated = (name: string, text: string) => add(`${GENERATED_DIR}/${name}`, `${banner}\n${formatTypeScript(text)}`);

  // the code the service's user owns: written once, never rewritten by a regeneration without --force
  const templates = path.join(root, "templates", "service");
  for (const rel of listFiles(templates)) {
    if (rel === ".dockerignore" && !plan.options.container) continue;
    add(rel, readFileSync(path.join(templates, rel), "utf8"));
  }

  // the runtime the translated code runs on, as a package of its own the service imports by name
  for (const f of runtimePackage(root, plan)) add(`${RUNTIME_DIR}/${f.path}`, f.contents);

  generated("notebook.ts", withRuntimePackage(notebookModule.text));
  generated("service.ts", serviceModule(plan));
  generated("pipeline.ts", pipelineModule(plan, notebookModule));
  generated("schemas.ts", schemasModule(plan));
  // the routes' validators compiled by ajv: none until the bundle stage (and the service's `npm run build`) writes them
  // by running the service's src/build-validators.ts; meanwhile every route is compiled at start, as without them
  generated(
    "validators.ts",
    'import type { PrecompiledValidator } from "../validators.ts";\n\nexport const VALIDATORS: readonly PrecompiledValidator[] = [];\n',
  );
  // the routes as the service publishes them: the client and the README are printed from that document
  const doc = openapiDocument(plan);
  generated("client.ts", clientModule(plan, doc));
  add(`${GENERATED_DIR}/README.md`, generatedReadme(plan));
  add("client/package.json", clientPackageJson(plan));
  add(
    `${GENERATED_DIR}/goldens.json`,
    JSON.stringify(
      {
        generatedBy: `nb2svc ${plan.toolVersion}`,
        notebook: plan.notebook.fileName,
        tolerance: plan.tolerance,
        goldens: plan.goldens.map((g) => ({ name: g.name, call: g.call, request: g.request, expected: g.expected, ...(g.atol ? { atol: g.atol } : {}), source: g.source })),
      },
      null,
      2,
    ) + "\n",
  );
  // the image files the examples send ({"$file": path}), as the notebook opened them
  for (const rel of goldenFiles(plan)) add(`${GENERATED_DIR}/fixtures/${rel}`, goldenFile(plan, rel));
  add(`model/${plan.model.fileName}`, model);
  for (const d of modelData) add(`model/${d.name}`, d.contents);
  const pkg = packageJson(plan);
  add("package.json", JSON.stringify(pkg, null, 2) + "\n");
  const source = readLockfile(root);
  const lock = source ? serviceLockfile(source, pkg, { path: RUNTIME_DIR, name: RUNTIME_PACKAGE, version: plan.toolVersion }) : null;
  if (lock) add("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
  add("README.md", serviceReadme(plan, doc));
  if (plan.options.container) add("Dockerfile", `${hashBanner(plan)}\n${dockerfile(plan, { lockfile: lock !== null })}`);
  if (plan.options.kubernetes) {
    for (const m of kubernetesManifests(plan)) add(`k8s/${m.file}`, `${hashBanner(plan)}\n${m.text}`);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { name: plan.name, files, generatedDirs: [GENERATED_DIR, RUNTIME_DIR, "model"], openapi: openapiText(doc) };
}

/** The files the examples give as `{"$file": "relative/path"}`, each once, relative to the notebook's folder. */
export function goldenFiles(plan: ServicePlan): string[] {
  const files = new Set<string>();
  for (const g of plan.goldens) {
    for (const v of Object.values(g.request)) {
      if (v !== null && typeof v === "object" && !Array.isArray(v) && typeof v.$file === "string") files.add(v.$file);
    }
  }
  return [...files].sort();
}

/** A `$file` example's bytes: analysis made the path relative and checked it is inside the notebook's folder. */
function goldenFile(plan: ServicePlan, rel: string): Uint8Array {
  const dir = path.dirname(plan.notebook.path);
  const bytes = readBytesInside(rel, dir);
  if (bytes === undefined || rel.split("/").includes("..") || path.isAbsolute(rel)) {
    throw new Error(`the example image ${rel} is no longer in ${dir}`);
  }
  return bytes;
}

/** The packages a service needs to build and test (nb2svc's own, at the versions nb2svc was tested with). */
const DEV_DEPENDENCIES = [
  // OpenAPI from the route schemas (plugins/openapi.ts), the routes' type provider and the plugin wrapper
  "@fastify/swagger",
  "@fastify/type-provider-json-schema-to-ts",
  "fastify-plugin",
  // multipart/form-data bodies of services that take images (src/images.ts), bundled into dist/
  "@fastify/busboy",
  // the image runtime's JPEG and WebP decoders (src/runtime/image), bundled into dist/ like the rest
  "@jsquash/jpeg",
  "@jsquash/webp",
  "@types/autocannon",
  "@types/node",
  "ajv",
  "autocannon",
  "esbuild",
  "fastify",
  "kubernetes-models",
  "prom-client",
  "typescript",
  "vitest",
  "yaml",
] as const;

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

function packageJson(plan: ServicePlan): PackageJson {
  const v = (pkg: string) => `^${installedVersion(pkg)}`;
  return {
    name: plan.name,
    version: SERVICE_VERSION,
    private: true,
    description: `Inference service for ${plan.notebook.fileName}, generated by nb2svc ${plan.toolVersion}`,
    type: "module",
    engines: { node: ">=20" },
    main: "dist/server.js",
    scripts: {
      build: bundleScript(),
      start: "node dist/server.js",
      pretest: "npm run build",
      test: "vitest run",
      typecheck: "tsc --noEmit -p .",
      // bench/bench.ts bundled to stdin: nothing written, autocannon resolved from node_modules
      bench:
        "npm run build && esbuild bench/bench.ts --bundle --platform=node --format=esm --target=node20 --packages=external --log-level=warning | node --input-type=module",
      // a long run mixing good and bad requests (LOAD_REQUESTS, default 1,000,000), then SIGTERM under load
      load: "npm run build && esbuild bench/load.ts --bundle --platform=node --format=esm --target=node20 --packages=external --log-level=warning | node --input-type=module",
    },
    // only onnxruntime-node is loaded at run time: everything else is bundled into dist/ (server.js and app.cjs)
    dependencies: { "onnxruntime-node": v("onnxruntime-node") },
    // the runtime is bundled like the rest: a folder of the service, linked by `npm install`, needed only to build
    devDependencies: { [RUNTIME_PACKAGE]: `file:${RUNTIME_DIR}`, ...Object.fromEntries(DEV_DEPENDENCIES.map((p) => [p, v(p)])) },
    // npm 11 runs no dependency install scripts unless allowed: neither package needs its own (onnxruntime-node's
    // would download CUDA files; its CPU binaries ship in the package)
    allowScripts: { esbuild: false, "onnxruntime-node": false },
    nb2svc: { version: plan.toolVersion, notebook: plan.notebook.fileName, model: plan.model.fileName, sha256: plan.model.signature.sha256 },
  };
}
