// The e2e tier's setup: builds dist/ once before the tests (as `npm install` does through `prepare`), so that CLI
// tests run the real entry point as `npx nb2svc` does, and makes the folder where each example is converted once for
// the whole run (test/helpers/examples.ts), removed at the end.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildCli } from "../tools/build-cli.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the e2e run keeps the examples' services. */
    examplesDir: string;
  }
}

/** Without a project (bench/ builds dist/ through this too), only the build. */
export default async function setup(project?: TestProject): Promise<(() => void) | undefined> {
  await buildCli();
  if (!project) return undefined;
  const examplesDir = mkdtempSync(path.join(os.tmpdir(), "nb2svc-examples-"));
  project.provide("examplesDir", examplesDir);
  return () => rmSync(examplesDir, { recursive: true, force: true });
}
