// Builds dist/cli.js once before the tests (as `npm install` does through `prepare`), so that CLI tests run the
// real entry point as `npx nb2svc` does.
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

export default async function setup(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["cli.tsx"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    // the wizard (Ink, React) is its own chunk, loaded only by a bare `nb2svc`: the other commands start without it
    splitting: true,
    outdir: "dist",
    chunkNames: "chunks/[name]-[hash]",
    // ts-morph through require(), as package.json's prepare script builds it (src/ts-morph-require.ts says why)
    alias: { "ts-morph": "./src/ts-morph-require.ts" },
    logLevel: "warning",
    metafile: true,
  });
  // chunks of earlier builds go; the current ones are never removed, so a CLI already running keeps working
  const current = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(root, f)));
  const chunks = path.join(root, "dist", "chunks");
  for (const f of existsSync(chunks) ? readdirSync(chunks) : []) if (!current.has(path.join(chunks, f))) rmSync(path.join(chunks, f), { force: true });
}
