// The e2e tier's setup: builds dist/ once before the tests (as `npm install` does through `prepare`), so that CLI
// tests run the real entry point as `npx nb2svc` does, gives the run its own temporary folder, checked for leaks at
// the end (test/helpers/temp-root.ts), and makes in it the folder where each example is converted once for the whole
// run (test/helpers/examples.ts).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildCli } from "../tools/build-cli.mjs";
import { ownTempRoot } from "./helpers/temp-root.ts";

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
  // podman's state and base image, which tools/setup-e2e.sh made in the machine's temporary folder and every run
  // reuses (test/container/container-test.sh), stay where they are
  process.env.NB2SVC_CONTAINER_WORK ??= path.join(os.tmpdir(), "nb2svc-containers");
  const removeTempRoot = ownTempRoot();
  const examplesDir = mkdtempSync(path.join(os.tmpdir(), "nb2svc-examples-"));
  project.provide("examplesDir", examplesDir);
  return () => {
    rmSync(examplesDir, { recursive: true, force: true });
    removeTempRoot();
  };
}
