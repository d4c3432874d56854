// Builds nbformat 4 notebooks for tests: cells given as source text (code by default), with tags and outputs.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadNotebook } from "../../src/load/load.ts";
import type { Notebook } from "../../src/load/types.ts";
import { tempDir } from "./temp.ts";

export interface CellSpec {
  readonly source: string;
  readonly type?: "code" | "markdown" | "raw";
  readonly tags?: readonly string[];
  /** The text/plain of the cell's execute_result. */
  readonly result?: string;
  /** stdout the cell printed. */
  readonly stdout?: string;
}

export function notebookJson(cells: readonly (string | CellSpec)[]): Record<string, unknown> {
  let count = 0;
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "python3", display_name: "Python 3", language: "python" },
      language_info: { name: "python" },
    },
    cells: cells.map((c, i) => {
      const spec = typeof c === "string" ? { source: c } : c;
      const type = spec.type ?? "code";
      const base = { id: `cell-${i}`, cell_type: type, metadata: spec.tags ? { tags: spec.tags } : {}, source: spec.source.split(/(?<=\n)/) };
      if (type !== "code") return base;
      const outputs: unknown[] = [];
      const n = ++count;
      if (spec.stdout) outputs.push({ output_type: "stream", name: "stdout", text: spec.stdout.split(/(?<=\n)/) });
      if (spec.result !== undefined) outputs.push({ output_type: "execute_result", execution_count: n, metadata: {}, data: { "text/plain": spec.result.split(/(?<=\n)/) } });
      return { ...base, execution_count: n, outputs };
    }),
  };
}

/** A fresh folder with the notebook (and any extra files) in it. */
export function writeNotebook(cells: readonly (string | CellSpec)[], files: Readonly<Record<string, string | Uint8Array>> = {}, name = "nb.ipynb"): string {
  const dir = tempDir("nb2svc-test-");
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(notebookJson(cells), null, 1));
  for (const [rel, content] of Object.entries(files)) {
    // (a file in a subfolder: `artifacts/mean.npy`)
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return file;
}

export async function notebookFrom(cells: readonly (string | CellSpec)[], files: Readonly<Record<string, string | Uint8Array>> = {}): Promise<Notebook> {
  const { notebook, diagnostics } = await loadNotebook(writeNotebook(cells, files));
  if (!notebook) throw new Error(JSON.stringify(diagnostics));
  return notebook;
}
