// Writes the wizard's choices back into a notebook as the cell tags nb2svc reads (`preprocess`, `postprocess`,
// `golden`), so that the notebook itself says what the service is made of. Only the tags change: the rest of the
// file keeps its bytes (nbformat, cell ids, outputs, metadata), and the original is replaced only when asked.
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Analysis } from "../analyze/types.ts";
import { cellLabel } from "../diagnostics/cells.ts";
import { jsonSpans, member, type JsonSpan } from "./json-spans.ts";

/** Markers the wizard writes; `skip` and papermill's `parameters` are the person's own and are left alone. */
export const WRITTEN_TAGS = ["preprocess", "postprocess", "golden"] as const;
export type WrittenTag = (typeof WRITTEN_TAGS)[number];

export interface TagEdit {
  /** 0-based index into the notebook's `cells`. */
  readonly cell: number;
  readonly add: readonly WrittenTag[];
  readonly remove: readonly WrittenTag[];
}

/** The cells' current tags, by cell index (as load reads them). */
export type CellTags = ReadonlyMap<number, readonly string[]>;

/**
 * The tags that state an analysis' choices: its preprocess and postprocess functions' cells (and no other cell)
 * tagged so, and its golden cells tagged `golden`. Edits that change nothing are left out.
 */
export function tagEdits(analysis: Analysis, tags: CellTags): TagEdit[] {
  const want = new Map<number, Set<WrittenTag>>();
  const put = (cell: number, tag: WrittenTag) => want.set(cell, (want.get(cell) ?? new Set()).add(tag));
  const cellOf = (name: string | null) => analysis.functions.find((f) => f.name === name)?.cell;
  const pre = cellOf(analysis.preprocess);
  const post = cellOf(analysis.postprocess);
  if (pre !== undefined) put(pre, "preprocess");
  if (post !== undefined) put(post, "postprocess");
  for (const g of analysis.goldens) put(g.cell, "golden");

  const edits: TagEdit[] = [];
  const cells = [...new Set([...tags.keys(), ...want.keys()])].sort((a, b) => a - b);
  for (const cell of cells) {
    const has = tags.get(cell) ?? [];
    const wanted = want.get(cell) ?? new Set<WrittenTag>();
    const add = WRITTEN_TAGS.filter((t) => wanted.has(t) && !has.includes(t));
    // another cell marked preprocess (or postprocess) would win over the chosen one: unmark it
    const remove = (["preprocess", "postprocess"] as const).filter((t) => has.includes(t) && !wanted.has(t) && (t === "preprocess" ? pre : post) !== undefined);
    if (add.length || remove.length) edits.push({ cell, add, remove });
  }
  return edits;
}

/** How the file is laid out, so that inserted text looks like Jupyter wrote it. */
interface Layout {
  /** One level of indentation, or null for JSON on one line. */
  readonly unit: string | null;
  /** Between a key and its value: `": "` in Jupyter's files. */
  readonly colon: string;
}

function layoutOf(text: string, root: JsonSpan): Layout {
  const first = root.kind === "object" ? root.members[0] : undefined;
  if (!first) return { unit: " ", colon: ": " };
  const between = text.slice(root.start + 1, first.keyStart);
  const nl = between.lastIndexOf("\n");
  const keyEnd = text.indexOf('"', first.keyStart + 1) + 1;
  const colon = text.slice(keyEnd, first.value.start);
  return { unit: nl >= 0 ? between.slice(nl + 1) || " " : null, colon: colon.trim() === ":" ? colon : ": " };
}

/** The whitespace at the start of the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

function arrayText(values: readonly string[], indent: string, layout: Layout): string {
  if (values.length === 0) return "[]";
  if (layout.unit === null) return `[${values.map((v) => JSON.stringify(v)).join(",")}]`;
  return `[\n${values.map((v) => indent + layout.unit + JSON.stringify(v)).join(",\n")}\n${indent}]`;
}

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The notebook text with `edits` applied; everything else is kept as it is. */
export function applyTagEdits(text: string, edits: readonly TagEdit[]): string {
  const root = jsonSpans(text);
  const layout = layoutOf(text, root);
  const cells = member(root, "cells")?.value;
  if (cells?.kind !== "array") throw new Error("the notebook has no list of cells");
  const splices: Splice[] = [];
  for (const edit of edits) {
    const cell = cells.items[edit.cell];
    if (cell?.kind !== "object") throw new Error(`the notebook has no ${cellLabel(edit.cell)}`);
    const metadata = member(cell, "metadata");
    const tagsMember = member(metadata?.value, "tags");
    const current = tagsMember?.value.kind === "array" ? (JSON.parse(text.slice(tagsMember.value.start, tagsMember.value.end)) as unknown[]).filter((t): t is string => typeof t === "string") : [];
    const next = [...current.filter((t) => !(edit.remove as readonly string[]).includes(t)), ...edit.add.filter((t) => !current.includes(t))];
    if (tagsMember) {
      splices.push({ start: tagsMember.value.start, end: tagsMember.value.end, text: arrayText(next, indentAt(text, tagsMember.keyStart), layout) });
    } else if (metadata) {
      splices.push(insertMember(text, metadata.value, metadata.keyStart, "tags", (indent) => arrayText(next, indent, layout), layout));
    } else {
      // nbformat 4 requires metadata; a cell without it gets one
      splices.push(insertMember(text, cell, cell.start, "metadata", (indent) => `{${layout.unit === null ? "" : `\n${indent}${layout.unit}`}"tags"${layout.colon}${arrayText(next, indent + (layout.unit ?? ""), layout)}${layout.unit === null ? "" : `\n${indent}`}}`, layout));
    }
  }
  splices.sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of splices) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

/**
 * Adds `"key": value` to an object: in sorted position when its keys are sorted (as Jupyter writes them), else last.
 * `ownerAt` is an offset on the line that opens the object, for its indentation.
 */
function insertMember(text: string, obj: JsonSpan, ownerAt: number, key: string, value: (indent: string) => string, layout: Layout): Splice {
  if (obj.kind !== "object") throw new Error(`"${key}" cannot be added to a JSON ${obj.kind}`);
  const keyText = JSON.stringify(key);
  if (obj.members.length === 0) {
    const outer = indentAt(text, ownerAt);
    if (layout.unit === null) return { start: obj.start, end: obj.end, text: `{${keyText}${layout.colon}${value("")}}` };
    const inner = outer + layout.unit;
    return { start: obj.start, end: obj.end, text: `{\n${inner}${keyText}${layout.colon}${value(inner)}\n${outer}}` };
  }
  const keys = obj.members.map((m) => m.key);
  const sorted = keys.every((k, i) => i === 0 || keys[i - 1]! <= k);
  const before = sorted ? obj.members.find((m) => m.key > key) : undefined;
  const indent = indentAt(text, obj.members[0]!.keyStart);
  const sep = layout.unit === null ? "," : `,\n${indent}`;
  if (before) return { start: before.keyStart, end: before.keyStart, text: `${keyText}${layout.colon}${value(indent)}${sep}` };
  const last = obj.members[obj.members.length - 1]!;
  return { start: last.value.end, end: last.value.end, text: `${sep}${keyText}${layout.colon}${value(indent)}` };
}

/** `iris.ipynb` -> `iris.tagged.ipynb`, beside it (so that the paths the notebook reads still resolve). */
export function taggedCopyPath(notebook: string): string {
  return path.join(path.dirname(notebook), `${path.basename(notebook).replace(/\.ipynb$/i, "")}.tagged.ipynb`);
}

export interface WriteTagsOptions {
  /** Where to write; the notebook itself only with `replaceOriginal`. */
  readonly dest: string;
  readonly replaceOriginal?: boolean;
}

/** Writes the notebook with `edits` applied to `opts.dest` (atomically); returns the cells that changed. */
export async function writeTags(notebook: string, edits: readonly TagEdit[], opts: WriteTagsOptions): Promise<readonly number[]> {
  const same = path.resolve(opts.dest) === path.resolve(notebook);
  if (same && !opts.replaceOriginal) throw new Error(`refusing to overwrite ${notebook}: write the tags to a copy, or ask to replace it`);
  const text = await readFile(notebook, "utf8");
  const tagged = applyTagEdits(text, edits);
  const tmp = path.join(path.dirname(opts.dest), `.${path.basename(opts.dest)}.${process.pid}.tmp`);
  await writeFile(tmp, tagged);
  await rename(tmp, opts.dest);
  return edits.map((e) => e.cell);
}
