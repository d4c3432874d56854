// bundle: the written service's entry points to dist/ with esbuild (onnxruntime-node stays external), plus a .d.ts
// for the client, made by TypeScript's isolated declaration emit (the client declares every exported type).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import * as esbuild from "esbuild";
import { ts } from "ts-morph";
import { packageRoot } from "../assets.ts";
import { DiagnosticLog } from "../diagnostics/log.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import { BUNDLE_ENTRIES, COMMON, declarationFile, EXTERNAL, REQUIRE_SHIM, TARGET } from "./options.ts";

export interface BundleResult {
  readonly outputs: readonly { readonly file: string; readonly bytes: number }[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Bundles the service in `dir`. Packages resolve from the service's node_modules, else from nb2svc's own. */
export async function bundle(dir: string): Promise<BundleResult> {
  const log = new DiagnosticLog();
  const outputs: { file: string; bytes: number }[] = [];
  for (const e of BUNDLE_ENTRIES) {
    const node = e.platform === "node";
    try {
      const result = await esbuild.build({
        ...COMMON,
        platform: e.platform,
        target: TARGET[e.platform],
        absWorkingDir: dir,
        entryPoints: [e.entry],
        outfile: e.outfile,
        ...(node ? { external: EXTERNAL, banner: { js: REQUIRE_SHIM } } : {}),
        nodePaths: [path.join(packageRoot(), "node_modules")],
        metafile: true,
        logLevel: "silent",
      });
      for (const w of result.warnings) {
        log.warning({ code: "BUNDLE_WARNING", message: w.text, file: w.location?.file, at: { line: w.location?.line } });
      }
      for (const [file, out] of Object.entries(result.metafile.outputs)) outputs.push({ file, bytes: out.bytes });
      if (e.declaration) {
        const source = await readFile(path.join(dir, e.entry), "utf8");
        const dts = ts.transpileDeclaration(source, {
          fileName: path.basename(e.entry),
          compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, declaration: true },
        });
        const problems = (dts.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        if (problems.length) throw new Error(`declarations for ${e.entry}: ${problems.join("; ")}`);
        const file = declarationFile(e.outfile);
        await writeFile(path.join(dir, file), dts.outputText);
        outputs.push({ file, bytes: Buffer.byteLength(dts.outputText) });
      }
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
