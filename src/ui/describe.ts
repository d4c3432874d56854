// Short descriptions of what analysis found, shared by the screens: a function's signature, a tensor's type, where
// a model came from. Display only: nothing here decides anything.
import path from "node:path";
import type { Analysis, Constant, ModelReference, PyFunction } from "../analyze/types.ts";
import { cellLabel } from "../diagnostics/cells.ts";
import type { Dim, TensorInfo } from "../inspect/types.ts";
import type { Notebook } from "../load/types.ts";

/** A cell as Jupyter users count it, `cell 8 (In [7])` (see src/diagnostics/cells.ts). */
export const cellName = (nb: Notebook | null | undefined, index: number): string => cellLabel(index, nb?.cells.find((c) => c.index === index)?.executionCount);

export const signatureOf = (f: PyFunction): string => `${f.name}(${f.params.map((p) => (p.kind === "var-positional" ? "*" : p.kind === "var-keyword" ? "**" : "") + p.name).join(", ")})`;

export const dimText = (d: Dim): string => (d === null ? "?" : String(d));

export const shapeText = (t: TensorInfo): string => `[${t.shape.map(dimText).join(", ")}]`;

/** The references to the chosen model file: its export first. */
export function referencesTo(analysis: Analysis, file: string | null): ModelReference[] {
  return analysis.models.filter((m) => m.path === file).sort((a, b) => Number(a.kind === "onnxruntime.InferenceSession") - Number(b.kind === "onnxruntime.InferenceSession"));
}

export function modelOrigin(analysis: Analysis, file: string | null, nb?: Notebook | null): string {
  const ref = referencesTo(analysis, file)[0];
  return ref ? `${ref.kind} in ${cellName(nb, ref.at.cell)}` : "chosen by you";
}

export function constantText(c: Constant, notebookDir: string): string {
  if (c.source.kind === "json-file") return `${c.name} (${path.relative(notebookDir, c.source.file)}${c.source.key ? ` ["${c.source.key}"]` : ""})`;
  const v = c.value !== undefined ? JSON.stringify(c.value) : c.source.kind === "literal" ? c.source.expression : null;
  if (v === null) return `${c.name} (${c.source.kind === "unresolved" ? "unknown" : c.source.kind})`;
  return `${c.name} = ${v.length > 24 ? `${v.slice(0, 23)}…` : v}`;
}

/** The first line of a cell that says something (not blank, not only a comment when there is more). */
export function firstLine(source: string): string {
  const lines = source.split("\n").map((l) => l.trim());
  return lines.find((l) => l && !l.startsWith("#")) ?? lines.find(Boolean) ?? "";
}

/** `text` broken into lines of at most `width` columns, at spaces where it can be. */
export function wrapText(text: string, width: number, indent = ""): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/ +/)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width || !line) line = next;
    else {
      out.push(line);
      line = indent + word;
    }
    while (line.length > width) {
      out.push(line.slice(0, width));
      line = indent + line.slice(width);
    }
  }
  if (line) out.push(line);
  return out;
}
