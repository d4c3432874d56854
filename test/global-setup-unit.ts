// The unit tier's setup: builds the runtime's declarations once for the run (`tsc -b src/runtime`, in-process; a
// no-op when they are current), which the tests that type-check generated code read (test/helpers/typecheck.ts), and
// gives the run its own temporary folder, checked for leaks at the end (test/helpers/temp-root.ts).
import ts from "typescript";
import type { TestProject } from "vitest/node";
import { ownTempRoot } from "./helpers/temp-root.ts";
import { formatDiagnostics, RUNTIME_TSCONFIG } from "./helpers/typecheck.ts";

export default function setup(project: TestProject): () => void {
  const diagnostics: ts.Diagnostic[] = [];
  const host = ts.createSolutionBuilderHost(ts.sys, undefined, (d) => diagnostics.push(d), () => {});
  const status = ts.createSolutionBuilder(host, [RUNTIME_TSCONFIG], {}).build();
  const errors = formatDiagnostics(diagnostics);
  // the declarations are written even when the runtime has errors; the type-checking tests report them
  if (status !== ts.ExitStatus.Success && !errors) throw new Error(`building the runtime's declarations failed (exit status ${status})`);
  project.provide("runtimeTypeErrors", errors);
  return ownTempRoot();
}
