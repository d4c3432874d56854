// Builds dist/: the CLI bundle (dist/cli.js, the wizard in a chunk of its own) and the Python grammar the analyzer
// parses with. Run by package.json's `prepare` (so `npm install` in a clone and `npm pack` build it) and before the
// tests (test/global-setup.ts), so that they run the real entry point as `npx nb2svc` does.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

export async function buildCli(root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["cli.tsx"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    // the wizard (Ink, React) is its own chunk, loaded only by the wizard: the other commands start without it
    splitting: true,
    outdir: "dist",
    chunkNames: "chunks/[name]-[hash]",
    // ts-morph through require() (src/ts-morph-require.ts says why)
    alias: { "ts-morph": "./src/ts-morph-require.ts" },
    logLevel: "warning",
    metafile: true,
  });
  // chunks of earlier builds go; the current ones are never removed, so a CLI already running keeps working
  const current = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(root, f)));
  const chunks = path.join(root, "dist", "chunks");
  for (const f of existsSync(chunks) ? readdirSync(chunks) : []) if (!current.has(path.join(chunks, f))) rmSync(path.join(chunks, f), { force: true });
  // the grammar ships in dist/: tree-sitter-python is a devDependency, whose native addon and install script an
  // installed nb2svc does not need (it parses with web-tree-sitter)
  mkdirSync(path.join(root, "dist"), { recursive: true });
  const grammar = createRequire(path.join(root, "package.json")).resolve("tree-sitter-python/tree-sitter-python.wasm");
  copyFileSync(grammar, path.join(root, "dist", "tree-sitter-python.wasm"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await buildCli();
