// bundle: the written service's src/server.ts to dist/server.js with esbuild (onnxruntime-node stays external).
import path from "node:path";
import * as esbuild from "esbuild";
import { packageRoot } from "../assets.ts";
import { DiagnosticLog } from "../diagnostics/log.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import { BUNDLE_ENTRIES, COMMON, EXTERNAL, REQUIRE_SHIM } from "./options.ts";

export interface BundleResult {
  readonly outputs: readonly { readonly file: string; readonly bytes: number }[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Bundles the service in `dir`. Packages resolve from the service's node_modules, else from nb2svc's own. */
export async function bundle(dir: string): Promise<BundleResult> {
  const log = new DiagnosticLog();
  const outputs: { file: string; bytes: number }[] = [];
  for (const e of BUNDLE_ENTRIES) {
    try {
      const result = await esbuild.build({
        ...COMMON,
        absWorkingDir: dir,
        entryPoints: [e.entry],
        outfile: e.outfile,
        external: EXTERNAL,
        banner: { js: REQUIRE_SHIM },
        nodePaths: [path.join(packageRoot(), "node_modules")],
        metafile: true,
        logLevel: "silent",
      });
      for (const w of result.warnings) {
        log.warning({ code: "BUNDLE_WARNING", message: w.text, file: w.location?.file, at: { line: w.location?.line } });
      }
      for (const [file, out] of Object.entries(result.metafile.outputs)) outputs.push({ file, bytes: out.bytes });
    } catch (err) {
      const errors = (err as esbuild.BuildFailure).errors ?? [{ text: (err as Error).message, location: null }];
      for (const m of errors) {
        log.error({
          code: "BUNDLE_FAILED",
          message: `esbuild: ${m.text}`,
          ...(m.location ? { file: path.join(dir, m.location.file), at: { line: m.location.line, column: m.location.column + 1 } } : {}),
          suggestion: "this is a bug in nb2svc's generated code; please report it with the notebook",
        });
      }
    }
  }
  return { outputs, diagnostics: log.items };
}
