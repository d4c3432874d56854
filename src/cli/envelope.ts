// The one JSON shape every command prints with --json. A module of its own so that the entry point can end a run
// that never reached a command (a usage error, an interrupt) in it without loading the commands and the pipeline.
import { sortDiagnostics } from "../diagnostics/log.ts";
import type { Command } from "./args.ts";
import type { Diagnostic } from "../diagnostics/types.ts";

/** The one JSON shape every command prints with --json: `ok` first, the command's fields, `diagnostics` last. */
export function envelope(command: Command | null, ok: boolean, result: Record<string, unknown>, diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify({ ok, command, ...result, diagnostics: sortDiagnostics(diagnostics) }, null, 2) + "\n";
}
