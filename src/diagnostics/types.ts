// Diagnostics: made by every stage, read by the CLI, the wizard and the JSON reports. A leaf: imports only its codes.
import type { DiagnosticCode } from "./codes.ts";

export type { DiagnosticCode };

export type Severity = "error" | "warning" | "info";

/** One problem (or note) about the input, located where a person can find it. */
export interface Diagnostic {
  readonly severity: Severity;
  /** Stable code, prefixed by the stage that emits it, e.g. `LOAD_INVALID_JSON` (see codes.ts). */
  readonly code: DiagnosticCode;
  readonly message: string;
  /** 0-based index into the notebook's `cells`. */
  readonly cell?: number;
  /** 1-based line within the cell (or within the file when there is no cell). */
  readonly line?: number;
  /** 1-based column. */
  readonly column?: number;
  /** A fix a person can apply. */
  readonly suggestion?: string;
  /** Source file the location refers to, when it is not the notebook itself (a .py file, an artifact). */
  readonly file?: string;
}

/** Where something is in a notebook: cell index (0-based), line and column (1-based). */
export interface SourceLocation {
  readonly cell: number;
  readonly line: number;
  readonly column: number;
}
