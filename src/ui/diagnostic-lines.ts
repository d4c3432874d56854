// Diagnostics as the lines of a pane: the CLI's own rendering (location, message, source line, caret, fix), with
// the first line coloured by severity.
import { sourceLookup } from "../cli/source-lookup.ts";
import { sortDiagnostics } from "../diagnostics/log.ts";
import { renderDiagnostic } from "../diagnostics/render.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { Notebook } from "../load/types.ts";
import type { PaneLine } from "./ScrollPane.tsx";
import type { Theme } from "./theme.ts";

export function diagnosticLines(file: string, notebook: Notebook | null, ds: readonly Diagnostic[], t: Theme): PaneLine[] {
  const source = sourceLookup(file, notebook);
  return sortDiagnostics(ds).flatMap((d) =>
    renderDiagnostic(file, d, { source })
      .split("\n")
      .map((text, i): PaneLine => (i === 0 ? { text, color: d.severity === "error" ? t.error : d.severity === "warning" ? t.warning : t.info, bold: d.severity === "error" } : { text })),
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
