// Renders diagnostics for people: `NOTEBOOK:cell N (In [n]):line L:col C: error CODE: message`, the source line, a
// caret and the fix; cells as Jupyter counts them (cells.ts). Colour is optional and off unless asked for (the CLI
// turns it on for terminals without NO_COLOR).
import { cellLabel, type ExecutionCounts } from "./cells.ts";
import type { Diagnostic } from "./types.ts";

/** Returns the text of a 1-based line of a cell (or of the file when `cell` is undefined), if known. */
export type SourceLookup = (cell: number | undefined, line: number, file?: string) => string | undefined;

export interface RenderOptions {
  readonly color?: boolean;
  readonly source?: SourceLookup;
  /** The notebook's execution counts, shown as `In [n]` beside the cell. */
  readonly executionCounts?: ExecutionCounts;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

export function formatLocation(file: string, d: Diagnostic, executionCounts?: ExecutionCounts): string {
  const parts = [d.file ?? file];
  if (d.cell !== undefined) parts.push(cellLabel(d.cell, executionCounts?.(d.cell)));
  if (d.line !== undefined) parts.push(`line ${d.line}`);
  if (d.column !== undefined) parts.push(`col ${d.column}`);
  return parts.join(":");
}

export function renderDiagnostic(file: string, d: Diagnostic, opts: RenderOptions = {}): string {
  const color = opts.color ?? false;
  const sevColor = d.severity === "error" ? "31;1" : d.severity === "warning" ? "33;1" : "36;1";
  const lines = [`${formatLocation(file, d, opts.executionCounts)}: ${paint(color, sevColor, d.severity)} ${d.code}: ${d.message}`];
  if (d.line !== undefined && opts.source) {
    const text = opts.source(d.cell, d.line, d.file);
    if (text !== undefined) {
      const shown = text.replace(/\t/g, "    ");
      lines.push(`    ${shown}`);
      if (d.column !== undefined) {
        const col = Math.max(1, Math.min(d.column, shown.length + 1));
        const pad = text.slice(0, col - 1).replace(/\t/g, "    ").replace(/[^\s]/g, " ");
        lines.push(`    ${pad}${paint(color, "32;1", "^")}`);
      }
    }
  }
  if (d.suggestion) lines.push(`    ${paint(color, "32", "fix:")} ${d.suggestion}`);
  return lines.join("\n");
}

export function renderDiagnostics(file: string, ds: readonly Diagnostic[], opts: RenderOptions = {}): string {
  return ds.map((d) => renderDiagnostic(file, d, opts)).join("\n");
}
