// The one set of esbuild options for a service's bundle, used by the bundle stage and written into the service's
// package.json as its `build` script, so that `npm run build` there makes the same dist/server.js.

/** Code at the top of the ESM bundle: CommonJS packages bundled into it call `require` for Node's built-ins. */
export const REQUIRE_SHIM = "import{createRequire as __nb2svcCreateRequire}from'node:module';const require=__nb2svcCreateRequire(import.meta.url);";

export interface BundleEntry {
  readonly entry: string;
  readonly outfile: string;
}

export const BUNDLE_ENTRIES: readonly BundleEntry[] = [{ entry: "src/server.ts", outfile: "dist/server.js" }];

/** onnxruntime-node loads a native addon, so it stays a runtime dependency; everything else is bundled. */
export const EXTERNAL = ["onnxruntime-node"];

export const COMMON = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  legalComments: "none",
  sourcemap: false,
} as const;

/** The `build` script of the generated package.json. */
export function bundleScript(): string {
  return BUNDLE_ENTRIES.map(
    (e) =>
      `esbuild ${e.entry} --bundle --platform=${COMMON.platform} --format=${COMMON.format} --target=${COMMON.target} --legal-comments=none ` +
      `${EXTERNAL.map((x) => `--external:${x}`).join(" ")} --outfile=${e.outfile} --log-level=warning --banner:js="${REQUIRE_SHIM}"`,
  ).join(" && ");
}
