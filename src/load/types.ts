// Notebook: made by load, read by analyze (and shown by the wizard). Plain data; sources normalised to one string.
import type { INotebookContent } from "@jupyterlab/nbformat";

export type CellKind = "code" | "markdown" | "raw";

/** One output of a code cell, normalised: text fields joined, kinds kept. */
export type CellOutput =
  | { readonly kind: "execute_result"; readonly executionCount: number | null; readonly data: MimeData }
  | { readonly kind: "display_data"; readonly data: MimeData }
  | { readonly kind: "stream"; readonly name: "stdout" | "stderr"; readonly text: string }
  | { readonly kind: "error"; readonly ename: string; readonly evalue: string; readonly traceback: readonly string[] }
  | { readonly kind: "unknown"; readonly outputType: string };

/** Mime type to content; text types joined into one string, JSON types kept as parsed values. */
export type MimeData = Readonly<Record<string, unknown>>;

export interface Cell {
  /** 0-based index into the notebook's `cells`. */
  readonly index: number;
  readonly kind: CellKind;
  readonly source: string;
  /** JupyterLab cell tags (`metadata.tags`). */
  readonly tags: readonly string[];
  readonly outputs: readonly CellOutput[];
  readonly executionCount: number | null;
  readonly id?: string;
}

export interface Notebook {
  /** Absolute path of the .ipynb file. */
  readonly path: string;
  /** Absolute path of the folder holding it: model paths resolve relative to this. */
  readonly dir: string;
  readonly nbformat: number;
  readonly nbformatMinor: number;
  readonly kernel: { readonly name: string; readonly displayName: string; readonly language: string } | null;
  readonly cells: readonly Cell[];
  /** The file's content as parsed, for tools that write tags back. */
  readonly raw: INotebookContent;
}
