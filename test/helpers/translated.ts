// Runs translated TypeScript: the module is bundled with its runtime by esbuild (as a service's build would) and
// imported, so tests call the generated functions themselves. The folders it works in are gone when it returns.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { packageRoot } from "../../src/assets.ts";
import { analyze } from "../../src/analyze/analyze.ts";
import { loadPythonFile } from "../../src/load/python-file.ts";
import { translate } from "../../src/translate/translate.ts";
import type { TranslatedModule } from "../../src/translate/types.ts";

export type Loaded = Record<string, (...args: unknown[]) => unknown>;

export async function importTranslated(module: TranslatedModule): Promise<Loaded> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nb2svc-tr-"));
  try {
    symlinkSync(path.join(packageRoot(), "src", "runtime"), path.join(dir, "runtime"), "dir");
    writeFileSync(path.join(dir, "mod.ts"), module.text);
    mkdirSync(path.join(dir, "out"));
    await esbuild.build({ entryPoints: [path.join(dir, "mod.ts")], bundle: true, format: "esm", platform: "node", outfile: path.join(dir, "out", "mod.mjs"), logLevel: "silent" });
    // the bundle imports nothing from its folder: once loaded, the folder is not needed
    return (await import(pathToFileURL(path.join(dir, "out", "mod.mjs")).href)) as Loaded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Translates Python source (a module of functions and constants); throws with the diagnostics when refused.
 * `prepare` may put files beside the module first (the folder is given).
 */
export async function translatePython(source: string, entries?: readonly string[], prepare?: (dir: string) => void): Promise<{ module: TranslatedModule; fns: Loaded }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nb2svc-py-"));
  try {
    const file = path.join(dir, "m.py");
    writeFileSync(file, source);
    prepare?.(dir);
    const { notebook } = await loadPythonFile(file);
    const a = await analyze(notebook!, { entries: entries ?? [] });
    const all = entries ?? a.functions.map((f) => f.name);
    const b = entries ? a : await analyze(notebook!, { entries: all });
    const errors = b.diagnostics.filter((d) => d.severity === "error");
    if (errors.length) throw new Error(JSON.stringify(errors, null, 1));
    const names = new Set([...b.entries, ...b.helpers]);
    const module = await translate({ functions: b.functions.filter((f) => names.has(f.name)), constants: b.constants, imports: b.imports, origin: "m.py" });
    if (module.diagnostics.some((d) => d.severity === "error")) throw Object.assign(new Error(JSON.stringify(module.diagnostics, null, 1)), { diagnostics: module.diagnostics });
    return { module, fns: await importTranslated(module) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The diagnostics translating `source` gives (none when it translates). */
export async function refusalsOf(source: string): Promise<{ code: string; message: string; line?: number; column?: number; suggestion?: string }[]> {
  try {
    await translatePython(source);
    return [];
  } catch (e) {
    return JSON.parse((e as Error).message);
  }
}
