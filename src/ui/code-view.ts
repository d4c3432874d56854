// The two sides of the preprocessing screen: a Python function as the notebook has it (numbered by cell line) and
// the TypeScript it became, cut out of the translated module.
import { ts } from "ts-morph";
import type { PyFunction } from "../analyze/types.ts";
import type { Diagnostic } from "../diagnostics/types.ts";

/** The function's declaration in the translated module, with its doc comment; null when it is not there. */
export function translatedFunction(moduleText: string, name: string): string | null {
  const sf = ts.createSourceFile("module.ts", moduleText, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const fns = sf.statements.filter(ts.isFunctionDeclaration);
  // the doc comment names the Python function even when its TypeScript name had to change (a reserved word)
  const byDoc = fns.find((f) => moduleText.slice(f.getFullStart(), f.getStart(sf)).includes(`\`${name}\` from cell`));
  const fn = byDoc ?? fns.find((f) => f.name?.text === name);
  return fn ? moduleText.slice(fn.getFullStart(), fn.end).replace(/^\s*\n/, "") : null;
}

/** Refusals located in `fn`, by 0-based line of its source. */
export function refusalsIn(fn: PyFunction, ds: readonly Diagnostic[]): Map<number, Diagnostic[]> {
  const lines = fn.source.split("\n").length;
  const out = new Map<number, Diagnostic[]>();
  for (const d of ds) {
    if (d.severity !== "error" || d.cell !== fn.cell || d.line === undefined) continue;
    const i = d.line - fn.lineOffset - 1;
    if (i < 0 || i >= lines) continue;
    out.set(i, [...(out.get(i) ?? []), d]);
  }
  return out;
}
