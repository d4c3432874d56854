// The one set of esbuild options for a service's bundles, used by the bundle stage and written into the service's
// package.json as its `build` script, so that `npm run build` there makes the same dist/ files.

/**
 * Code at the top of an ES module bundle for Node (nb2svc's model checks, the bench's own servers): CommonJS packages
 * bundled into it call `require` for Node's built-ins.
 */
export const REQUIRE_SHIM = "import{createRequire as __nb2svcCreateRequire}from'node:module';const require=__nb2svcCreateRequire(import.meta.url);";

export interface BundleEntry {
  readonly entry: string;
  readonly outfile: string;
  /**
   * node: a CommonJS bundle (Node built-ins; `import.meta.url` is the file's own URL, CJS_IMPORT_META), in dist/,
   * which DIST_PACKAGE declares CommonJS. Node starts a CommonJS entry sooner than an ES module (no module loader to
   * set up), and V8 compiles a classic script from a code cache (the app, loaded by templates/service/src/app-script.ts).
   * neutral: an ES module, the client, which runs wherever fetch does.
   */
  readonly platform: "node" | "neutral";
  /** Also write `<outfile>.d.ts`, for TypeScript projects that use the bundle. */
  readonly declaration: boolean;
  /** It imports src/generated/validators.ts, which VALIDATORS_ENTRY writes first (the app's routes' validators). */
  readonly importsValidators?: true;
  /** After bundling, `node <argv>` runs once in the service's folder and writes `writes` (the app's code cache). */
  readonly afterwards?: { readonly argv: readonly string[]; readonly writes: string };
}

export const BUNDLE_ENTRIES: readonly BundleEntry[] = [
  // the server: settings, the cluster primary, onnxruntime's warm-up worker (15 KB)
  { entry: "src/server.ts", outfile: "dist/server.js", platform: "node", declaration: false },
  // the cluster primary's aggregator of its workers' metrics, with prom-client (90 KB), which the server requires when
  // a worker first asks for the cluster's metrics. A file of its own: in the server's bundle, even never evaluated,
  // V8 would parse it at every start (4 ms of a start here, measured)
  { entry: "src/metrics.ts", outfile: "dist/metrics.cjs", platform: "node", declaration: false },
  // the app, which the server loads with V8's code cache made by the server itself (src/app-script.ts); after the
  // server's entry, whose run writes that cache
  { entry: "src/app.ts", outfile: "dist/app.cjs", platform: "node", declaration: false, importsValidators: true, afterwards: { argv: ["dist/server.js", "--write-code-cache"], writes: "dist/app.cjs.cache" } },
  // the client is a package of its own (client/package.json), which another project installs without the service's
  // dependencies
  { entry: "src/generated/client.ts", outfile: "client/index.js", platform: "neutral", declaration: true },
];

/** The folder of the node bundles. */
export const DIST_DIR = "dist";

/**
 * dist/package.json, written first, into an emptied dist/ (every file there is a build output: one that an older build
 * wrote and this one does not, such as an earlier nb2svc's chunks, would stay in the image). The service's package.json
 * says `"type": "module"` (its sources are ES modules), and Node reads the nearest package.json to decide how to load
 * `node dist/server.js`, the command every Dockerfile, manifest and README runs. This one makes dist/ a CommonJS scope,
 * so the entry keeps its name.
 */
export const DIST_PACKAGE = { file: `${DIST_DIR}/package.json`, json: { type: "commonjs" } } as const;

/** DIST_PACKAGE's text, as the bundle stage writes it. */
export const distPackageText = (): string => `${JSON.stringify(DIST_PACKAGE.json)}\n`;

/** The `build` script's step that writes distPackageText() (the object's literal in single quotes, inside sh's double ones). */
function distPackageScript(): string {
  const literal = JSON.stringify(DIST_PACKAGE.json).replaceAll('"', "'");
  return `node -e "const fs=require('node:fs');fs.rmSync('${DIST_DIR}',{recursive:true,force:true});fs.mkdirSync('${DIST_DIR}');fs.writeFileSync('${DIST_PACKAGE.file}',JSON.stringify(${literal})+'\\n')"`;
}

/**
 * The entry that prints the OpenAPI document the service's routes declare (GET /openapi.json), bundled to stdin of
 * node and run once per build: its output is openapi.json.
 */
export const OPENAPI_ENTRY = { entry: "src/openapi.ts", outfile: "openapi.json" } as const;

/**
 * A CommonJS bundle's `import.meta.url` (esbuild leaves `import.meta` empty in one): the file URL of the script, whose
 * `__filename` is its path (the server's from Node's CommonJS loader, the app's from the server's module wrapper).
 * The banner starts with the "use strict" directive that esbuild writes after it (from the sources' tsconfig), where
 * it would be an expression, not a directive: the bundles run in strict mode, as the ES modules they are made of do.
 */
export const CJS_IMPORT_META = {
  define: { "import.meta.url": "__nb2svcImportMetaUrl" },
  banner: "'use strict';var __nb2svcImportMetaUrl=require('node:url').pathToFileURL(__filename).href;",
} as const;

/**
 * The entry that prints the routes' request validators compiled by ajv (src/generated/validators.ts, served by the
 * service's src/validators.ts instead of ajv compiling them at every start), bundled to stdin of node and run before
 * the server is bundled, which bundles its output.
 */
export const VALIDATORS_ENTRY = { entry: "src/build-validators.ts", outfile: "src/generated/validators.ts" } as const;

/**
 * The `build` script's step that writes VALIDATORS_ENTRY's output: to a file beside it, then moved, so that the
 * shell's redirection never empties the module that the run itself imports (through the app) while esbuild reads it.
 */
function validatorsScript(): string {
  const next = `${VALIDATORS_ENTRY.outfile}.new`;
  return (
    `esbuild ${VALIDATORS_ENTRY.entry} --bundle --platform=node --format=esm --target=${TARGET.node} --packages=external --log-level=warning | node --input-type=module > ${next} && ` +
    `node -e "require('node:fs').renameSync('${next}','${VALIDATORS_ENTRY.outfile}')"`
  );
}

/** onnxruntime-node loads a native addon, so it stays a runtime dependency; everything else is bundled. */
export const EXTERNAL = ["onnxruntime-node"];

export const COMMON = {
  bundle: true,
  format: "esm",
  legalComments: "none",
  sourcemap: false,
} as const;

/**
 * The server's bundle is minified in whitespace and syntax (a quarter fewer bytes to read and parse at every start).
 * Identifiers are not renamed: stack traces in the log and Python exception names taken from class names read as
 * written, and measured on the examples, renaming (with --keep-names) cost about a third more CPU per request.
 * The client stays readable: it is a library other projects read and step through.
 */
export const MINIFY = { minifyWhitespace: true, minifySyntax: true } as const;

/** esbuild's target for a platform: the server runs on Node 20; the client on any ES2022 runtime. */
export const TARGET = { node: "node20", neutral: "es2022" } as const;

/** The folder an entry's outfile is written to. */
export const outdirOf = (outfile: string): string => outfile.slice(0, outfile.lastIndexOf("/"));

/** The .d.ts path next to a bundle. */
export const declarationFile = (outfile: string): string => outfile.replace(/\.js$/, ".d.ts");

/** esbuild's format for an entry's platform (see BundleEntry). */
export const formatOf = (e: BundleEntry): "cjs" | "esm" => (e.platform === "node" ? "cjs" : "esm");

/** The `build` script of the generated package.json. */
export function bundleScript(): string {
  return [validatorsScript(), distPackageScript()]
    .concat(
      BUNDLE_ENTRIES.flatMap((e) => {
        const node = e.platform === "node";
        const esbuild =
          `esbuild ${e.entry} --bundle --platform=${e.platform} --format=${formatOf(e)} --target=${TARGET[e.platform]} --legal-comments=none ` +
          (node ? `${EXTERNAL.map((x) => `--external:${x}`).join(" ")} --minify-whitespace --minify-syntax ` : "") +
          (node ? Object.entries(CJS_IMPORT_META.define).map(([k, v]) => `--define:${k}=${v} `).join("") : "") +
          `--outfile=${e.outfile} --log-level=warning` +
          (node ? ` --banner:js="${CJS_IMPORT_META.banner}"` : "");
        const dts = e.declaration
          ? [`tsc ${e.entry} --declaration --emitDeclarationOnly --outDir ${outdirOf(e.outfile)} --target es2022 --module esnext --moduleResolution bundler --lib es2022,dom --skipLibCheck`]
          : [];
        const afterwards = e.afterwards ? [`node ${e.afterwards.argv.join(" ")}`] : [];
        return [esbuild, ...dts, ...afterwards];
      }),
    )
    .concat(
      `esbuild ${OPENAPI_ENTRY.entry} --bundle --platform=node --format=esm --target=${TARGET.node} --packages=external --log-level=warning | node --input-type=module > ${OPENAPI_ENTRY.outfile}`,
    )
    .join(" && ");
}
