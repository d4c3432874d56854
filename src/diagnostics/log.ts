// The diagnostics log every stage writes to; it keeps going after an error so that one run reports every problem.
import type { DiagnosticCode, Diagnostic, Severity, SourceLocation } from "./types.ts";

export interface DiagnosticInput {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly at?: Partial<SourceLocation>;
  readonly suggestion?: string;
  readonly file?: string;
}

export class DiagnosticLog {
  readonly items: Diagnostic[] = [];

  error(d: DiagnosticInput): void {
    this.add("error", d);
  }
  warning(d: DiagnosticInput): void {
    this.add("warning", d);
  }
  info(d: DiagnosticInput): void {
    this.add("info", d);
  }

  add(severity: Severity, d: DiagnosticInput): void {
    const item: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = { severity, code: d.code, message: d.message };
    if (d.at?.cell !== undefined) item.cell = d.at.cell;
    if (d.at?.line !== undefined) item.line = d.at.line;
    if (d.at?.column !== undefined) item.column = d.at.column;
    if (d.suggestion !== undefined) item.suggestion = d.suggestion;
    if (d.file !== undefined) item.file = d.file;
    this.items.push(item);
  }

  extend(ds: readonly Diagnostic[]): void {
    this.items.push(...ds);
  }

  get hasErrors(): boolean {
    return hasErrors(this.items);
  }
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}

/** Sorts by cell, line, column, keeping the order of emission for ties; located diagnostics first. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic): [number, number, number] => [d.cell ?? Number.MAX_SAFE_INTEGER, d.line ?? 0, d.column ?? 0];
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const ka = key(a.d);
      const kb = key(b.d);
      return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2] || a.i - b.i;
    })
    .map((x) => x.d);
}
