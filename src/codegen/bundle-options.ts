// The one set of esbuild options for a service's bundles, used by the bundle stage and written into the service's
// package.json as its `build` script, so that `npm run build` there makes the same dist/ files.

/** Code at the top of the server's ESM bundle: CommonJS packages bundled into it call `require` for Node's built-ins. */
export const REQUIRE_SHIM = "import{createRequire as __nb2svcCreateRequire}from'node:module';const require=__nb2svcCreateRequire(import.meta.url);";

export interface BundleEntry {
  readonly entry: string;
  readonly outfile: string;
  /** node: the server (Node built-ins, the require shim); neutral: the client, which runs wherever fetch does. */
  readonly platform: "node" | "neutral";
  /** Also write `<outfile>.d.ts`, for TypeScript projects that use the bundle. */
  readonly declaration: boolean;
  /**
   * esm (the default), or cjs: a classic script, which V8 can compile from a code cache (the app, loaded by
   * templates/service/src/app-script.ts); its `import.meta.url` is the script's own file URL (CJS_IMPORT_META).
   */
  readonly format?: "cjs";
  /** It imports src/generated/validators.ts, which VALIDATORS_ENTRY writes first (the app's routes' validators). */
  readonly importsValidators?: true;
  /** After bundling, `node <argv>` runs once in the service's folder and writes `writes` (the app's code cache). */
  readonly afterwards?: { readonly argv: readonly string[]; readonly writes: string };
  /**
   * Code splitting: what the entry imports dynamically (`import("./app.ts")`, `import("@fastify/swagger")`) goes to
   * files of its own in this folder beside the outfile, read and compiled only when first imported, not at every
   * start. Their names carry a hash of their content, so a build first empties the folder.
   */
  readonly chunks?: string;
}

export const BUNDLE_ENTRIES: readonly BundleEntry[] = [
  // the server in chunks: a cluster primary reads the 10 KB entry and the settings, not the app; a serving process also
  // reads the app's chunk, but never @fastify/swagger's and YAML's (about 250 KB) unless /openapi.json is asked for
  { entry: "src/server.ts", outfile: "dist/server.js", platform: "node", declaration: false, chunks: "chunks" },
  // the app, which the server loads with V8's code cache made by the server itself (src/app-script.ts); after the
  // server's entry, whose run writes that cache
  { entry: "src/app.ts", outfile: "dist/app.cjs", platform: "node", declaration: false, format: "cjs", importsValidators: true, afterwards: { argv: ["dist/server.js", "--write-code-cache"], writes: "dist/app.cjs.cache" } },
  // the client is a package of its own (client/package.json), which another project installs without the service's
  // dependencies
  { entry: "src/generated/client.ts", outfile: "client/index.js", platform: "neutral", declaration: true },
];

/**
 * The entry that prints the OpenAPI document the service's routes declare (GET /openapi.json), bundled to stdin of
 * node and run once per build: its output is openapi.json.
 */
export const OPENAPI_ENTRY = { entry: "src/openapi.ts", outfile: "openapi.json" } as const;

/**
 * A CommonJS bundle's `import.meta.url` (esbuild leaves `import.meta` empty in one): the file URL of the script, which
 * the server runs with Node's module wrapper (so `__filename` is its path).
 */
export const CJS_IMPORT_META = {
  define: { "import.meta.url": "__nb2svcImportMetaUrl" },
  banner: "var __nb2svcImportMetaUrl=require('node:url').pathToFileURL(__filename).href;",
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

/** esbuild's name pattern for an entry's chunks (relative to its outdir). */
export const chunkNames = (chunks: string): string => `${chunks}/[name]-[hash]`;

/** The .d.ts path next to a bundle. */
export const declarationFile = (outfile: string): string => outfile.replace(/\.js$/, ".d.ts");

/** The code put at the top of a node bundle: `require` for an ES module's bundled CommonJS packages; a script's import.meta.url. */
export const bannerOf = (e: BundleEntry): string => (e.format === "cjs" ? CJS_IMPORT_META.banner : REQUIRE_SHIM);

/** The `build` script of the generated package.json. */
export function bundleScript(): string {
  return validatorsScript() + " && " + BUNDLE_ENTRIES.flatMap((e) => {
    const node = e.platform === "node";
    // the entry keeps its name (server.ts -> server.js) in its outdir
    const out = e.chunks !== undefined ? `--splitting --outdir=${outdirOf(e.outfile)} --chunk-names=${chunkNames(e.chunks)}` : `--outfile=${e.outfile}`;
    const banner = node ? bannerOf(e) : undefined;
    const esbuild =
      `esbuild ${e.entry} --bundle --platform=${e.platform} --format=${e.format ?? COMMON.format} --target=${TARGET[e.platform]} --legal-comments=none ` +
      (node ? `${EXTERNAL.map((x) => `--external:${x}`).join(" ")} --minify-whitespace --minify-syntax ` : "") +
      (e.format === "cjs" ? Object.entries(CJS_IMPORT_META.define).map(([k, v]) => `--define:${k}=${v} `).join("") : "") +
      `${out} --log-level=warning` +
      (banner !== undefined ? ` --banner:js="${banner}"` : "");
    // chunks of an earlier build are not overwritten (their names change with their content): removed first
    const clean = e.chunks !== undefined ? [`node -e "require('node:fs').rmSync('${outdirOf(e.outfile)}/${e.chunks}',{recursive:true,force:true})"`] : [];
    const dts = e.declaration
      ? [`tsc ${e.entry} --declaration --emitDeclarationOnly --outDir ${outdirOf(e.outfile)} --target es2022 --module esnext --moduleResolution bundler --lib es2022,dom --skipLibCheck`]
      : [];
    const afterwards = e.afterwards ? [`node ${e.afterwards.argv.join(" ")}`] : [];
    return [...clean, esbuild, ...dts, ...afterwards];
  })
    .concat(
      `esbuild ${OPENAPI_ENTRY.entry} --bundle --platform=node --format=esm --target=${TARGET.node} --packages=external --log-level=warning | node --input-type=module > ${OPENAPI_ENTRY.outfile}`,
    )
    .join(" && ");
}
