// The bench's own servers (bench/servers/*.ts) bundled as a service's dist/server.js is (src/codegen/bundle-options.ts:
// the same esbuild options, minified, onnxruntime-node external), so that they run the same Fastify build; and what
// they read from a converted service.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { COMMON, EXTERNAL, MINIFY, REQUIRE_SHIM, TARGET } from "../../src/codegen/bundle-options.ts";

const SERVERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "servers");

/** Bundles bench/servers/`name`.ts to `outfile`; onnxruntime-node then resolves from a node_modules above `outfile`. */
export async function bundleBenchServer(name: "bare" | "ort-loop" | "floor", outfile: string): Promise<string> {
  await esbuild.build({
    ...COMMON,
    ...MINIFY,
    platform: "node",
    target: TARGET.node,
    entryPoints: [path.join(SERVERS, `${name}.ts`)],
    outfile,
    external: EXTERNAL,
    banner: { js: REQUIRE_SHIM },
    logLevel: "warning",
  });
  return outfile;
}

/** A converted service's ONNX model file (model/*.onnx; the folder may also hold its external data files). */
export function modelFile(dir: string): string {
  const onnx = readdirSync(path.join(dir, "model")).filter((f) => f.endsWith(".onnx"));
  if (onnx.length !== 1) throw new Error(`${dir}/model holds ${onnx.length} .onnx files, not one`);
  return path.join(dir, "model", onnx[0]!);
}
