// What diagnostics quote and how they name cells: a notebook cell's line, or a line of the file itself (a .py file,
// or a file that is not a notebook at all), and each cell's execution count. Used by the commands and the wizard.
import { readFileSync } from "node:fs";
import { countsOf, type ExecutionCounts } from "../diagnostics/cells.ts";
import type { SourceLookup } from "../diagnostics/render.ts";
import type { Notebook } from "../load/types.ts";

/** Source lines for diagnostics: a cell's line, or (without a cell) a line of the file itself. */
export function sourceLookup(file: string, nb: Notebook | null): SourceLookup {
  let text: string[] | null = null;
  return (cell, line) => {
    if (cell !== undefined) return nb?.cells.find((c) => c.index === cell)?.source.split("\n")[line - 1];
    if (nb && nb.cells.length === 1 && !/\.ipynb$/i.test(file)) return nb.cells[0]!.source.split("\n")[line - 1];
    try {
      text ??= readFileSync(file, "utf8").split("\n");
    } catch {
      text = [];
    }
    const l = text[line - 1];
    return l !== undefined && l.length <= 200 ? l : undefined;
  };
}

/** The execution count of each cell of `nb` (none for a .py file, whose one "cell" never ran in Jupyter). */
export function executionCounts(nb: Notebook | null): ExecutionCounts {
  return countsOf(nb?.cells);
}
