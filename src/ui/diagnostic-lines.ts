// Diagnostics as the lines of a pane: the CLI's own rendering (location with cells as Jupyter counts them, message,
// source line, caret, fix), the first line coloured by severity. The message and the fix wrap at the pane's width so
// that every word can be read at 80 columns; the source line and its caret stay as they are, aligned.
import { executionCounts, sourceLookup } from "../present/source-lookup.ts";
import { sortDiagnostics } from "../diagnostics/log.ts";
import { renderDiagnostic } from "../diagnostics/render.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { Notebook } from "../load/types.ts";
import { wrapText } from "./describe.ts";
import type { PaneLine } from "./ScrollPane.tsx";
import type { Theme } from "./theme.ts";

export function diagnosticLines(file: string, notebook: Notebook | null, ds: readonly Diagnostic[], t: Theme, width = Infinity): PaneLine[] {
  const source = sourceLookup(file, notebook);
  const counts = executionCounts(notebook);
  return sortDiagnostics(ds).flatMap((d) =>
    renderDiagnostic(file, d, { source, executionCounts: counts })
      .split("\n")
      .flatMap((text, i): PaneLine[] => {
        if (i === 0) {
          const color = d.severity === "error" ? t.error : d.severity === "warning" ? t.warning : t.info;
          return wrapText(text, width, "    ").map((line, j) => (j === 0 ? { text: line, color, bold: d.severity === "error" } : { text: line, color }));
        }
        if (text.startsWith("    fix: ")) return wrapText(text, width, "         ").map((line) => ({ text: line }));
        return [{ text }];
      }),
  );
}

export function countBySeverity(ds: readonly Diagnostic[]): string {
  const n = (s: Diagnostic["severity"]) => ds.filter((d) => d.severity === s).length;
  const parts = [
    [n("error"), "error"],
    [n("warning"), "warning"],
    [n("info"), "note"],
  ] as const;
  return parts
    .filter(([k]) => k > 0)
    .map(([k, w]) => `${k} ${w}${k > 1 ? "s" : ""}`)
    .join(", ");
}
