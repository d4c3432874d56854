// Builds dist/cli.js once before the tests (as `npm install` does through `prepare`), so that CLI tests run the
// real entry point as `npx nb2svc` does.
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

export default async function setup(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["cli.tsx"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outfile: "dist/cli.js",
    logLevel: "warning",
  });
}
