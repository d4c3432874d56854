// Type-checks TypeScript that a unit test generated, in-process with the compiler API. The generated modules import
// the runtime beside them (`./runtime/np.ts`, a symlink to src/runtime); the program takes the runtime as the
// referenced project src/runtime/tsconfig.json, so it reads the runtime's declarations (.tsbuild/runtime, built once
// per run by test/global-setup-unit.ts) instead of checking its 11k lines again for every test file. What the
// generated code does with the runtime is checked exactly as before: its calls against the runtime's signatures.
import { realpathSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { inject } from "vitest";
import { packageRoot } from "../../src/assets.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The runtime's own type errors, as tsc prints them ("" when it type-checks). */
    runtimeTypeErrors: string;
  }
}

const RUNTIME_DIR = path.join(packageRoot(), "src", "runtime") + path.sep;
export const RUNTIME_TSCONFIG = path.join(RUNTIME_DIR, "tsconfig.json");

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => packageRoot(),
  getNewLine: () => "\n",
};

/** Diagnostics as tsc prints them, one per line; "" for none. */
export function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, formatHost);
}

/**
 * The type errors of `files` (absolute paths) under `compilerOptions` (tsconfig.json's spelling), "" when there are
 * none; the runtime's own errors, if any, come first so a broken runtime still fails the check.
 */
export function typeCheck(files: readonly string[], compilerOptions: Record<string, unknown>): string {
  const dir = path.dirname(files[0] ?? packageRoot());
  const converted = ts.convertCompilerOptionsFromJson(compilerOptions, dir);
  if (converted.errors.length) return formatDiagnostics(converted.errors);
  const options: ts.CompilerOptions = { ...converted.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const cache = ts.createModuleResolutionCache(host.getCurrentDirectory(), (f) => f, options);
  // as Node resolves (no --preserve-symlinks): `./runtime/np.ts` is src/runtime/np.ts, which the program then reads
  // from the referenced project's declarations; TypeScript keeps a relative import's symlinked path otherwise
  host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, opts, containingSourceFile) =>
    literals.map((literal) => {
      const mode = ts.getModeForUsageLocation(containingSourceFile, literal, opts);
      const r = ts.resolveModuleName(literal.text, containingFile, opts, host, cache, redirectedReference, mode);
      if (!r.resolvedModule) return r;
      return { ...r, resolvedModule: { ...r.resolvedModule, resolvedFileName: realpathSync(r.resolvedModule.resolvedFileName) } };
    });
  const program = ts.createProgram({ rootNames: files, options, host, projectReferences: [{ path: RUNTIME_TSCONFIG }] });
  const runtimeSources = program.getSourceFiles().filter((f) => f.fileName.startsWith(RUNTIME_DIR) && !f.isDeclarationFile);
  // checking the runtime's sources would be right but slow (11k lines per test file): say so rather than crawl
  if (runtimeSources.length) return `the runtime was read from its sources (${runtimeSources[0]!.fileName}), not its declarations\n`;
  const diagnostics = [...program.getConfigFileParsingDiagnostics(), ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
  return inject("runtimeTypeErrors") + formatDiagnostics(diagnostics);
}
