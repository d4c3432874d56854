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
}

export const BUNDLE_ENTRIES: readonly BundleEntry[] = [
  { entry: "src/server.ts", outfile: "dist/server.js", platform: "node", declaration: false },
  // the client is a package of its own (client/package.json), which another project installs without the service's
  // dependencies
  { entry: "src/generated/client.ts", outfile: "client/index.js", platform: "neutral", declaration: true },
];

/**
 * The entry that prints the OpenAPI document the service's routes declare (GET /openapi.json), bundled to stdin of
 * node and run once per build: its output is openapi.json.
 */
export const OPENAPI_ENTRY = { entry: "src/openapi.ts", outfile: "openapi.json" } as const;

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

/** The .d.ts path next to a bundle. */
export const declarationFile = (outfile: string): string => outfile.replace(/\.js$/, ".d.ts");

/** The `build` script of the generated package.json. */
export function bundleScript(): string {
  return BUNDLE_ENTRIES.flatMap((e) => {
    const node = e.platform === "node";
    const esbuild =
      `esbuild ${e.entry} --bundle --platform=${e.platform} --format=${COMMON.format} --target=${TARGET[e.platform]} --legal-comments=none ` +
      (node ? `${EXTERNAL.map((x) => `--external:${x}`).join(" ")} --minify-whitespace --minify-syntax ` : "") +
      `--outfile=${e.outfile} --log-level=warning` +
      (node ? ` --banner:js="${REQUIRE_SHIM}"` : "");
    const dts = e.declaration
      ? [`tsc ${e.entry} --declaration --emitDeclarationOnly --outDir ${e.outfile.slice(0, e.outfile.lastIndexOf("/"))} --target es2022 --module esnext --moduleResolution bundler --lib es2022,dom --skipLibCheck`]
      : [];
    return [esbuild, ...dts];
  })
    .concat(
      `esbuild ${OPENAPI_ENTRY.entry} --bundle --platform=node --format=esm --target=${TARGET.node} --packages=external --log-level=warning | node --input-type=module > ${OPENAPI_ENTRY.outfile}`,
    )
    .join(" && ");
}
