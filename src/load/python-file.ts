// A .py file read as a notebook of one code cell, so that `nb2svc translate FILE.py` analyzes it like a notebook.
// Diagnostics on it carry `file` and no cell.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { DiagnosticLog } from "../diagnostics/log.ts";
import type { LoadResult } from "./load.ts";

export async function loadPythonFile(file: string): Promise<LoadResult> {
  const log = new DiagnosticLog();
  const abs = path.resolve(file);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(abs));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    log.error({
      code: code === "ENOENT" ? "LOAD_NOT_FOUND" : "LOAD_UNREADABLE",
      message: code === "ENOENT" ? `no such file: ${file}` : `cannot read ${file} as UTF-8 text: ${(e as Error).message}`,
      suggestion: "pass a Python source file or a .ipynb notebook",
    });
    return { notebook: null, diagnostics: log.items };
  }
  const source = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  return {
    notebook: {
      path: abs,
      dir: path.dirname(abs),
      nbformat: 4,
      nbformatMinor: 5,
      kernel: { name: "python3", displayName: "Python 3", language: "python" },
      cells: [{ index: 0, kind: "code", source, tags: [], outputs: [], executionCount: null }],
      raw: { metadata: {}, nbformat: 4, nbformat_minor: 5, cells: [] },
    },
    diagnostics: log.items,
  };
}
