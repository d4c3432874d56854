// Two tiers (`npm run test:unit`, `npm run test:e2e`; `npm test` runs both, unit first):
// - unit: in-process, no child process of nb2svc's own (runtime, parse, analyze, plan, translate, generate, ...);
//   each stage called as a function. A few of them type-check what they emitted, in-process against the runtime's
//   declarations (test/helpers/typecheck.ts; built once per run by test/global-setup-unit.ts); nothing is spawned.
// - e2e: what starts processes: the built CLI (dist/cli.js), a generated service's server or test suite, Python
//   with Jupyter (--execute), tmux (the wizard at a terminal), podman (the container). Set up by
//   tools/setup-e2e.sh; every example is converted once per run (test/helpers/examples.ts).
// A file whose folder is in the e2e list goes there; a folder holding both kinds names its e2e files one by one.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const TESTS = ["test/**/*.test.ts", "test/**/*.test.tsx"];

export const E2E = [
  "test/cli/**",
  "test/container/**",
  "test/e2e/**",
  "test/execute/**",
  "test/fixtures/**",
  "test/fuzz/**",
  "test/hostile/**",
  "test/ui/**",
  "test/write/**",
  // openapi.json against the started service's document
  "test/generate/served-openapi.test.ts",
  // a generated service started and its own suite run, for every fixture model; a notebook converted end to end
  "test/inspect/services.test.ts",
  "test/inspect/zipmap-notebook.test.ts",
  // localedef and a child process with LOCPATH
  "test/inspect/locale-equivalence.test.ts",
  // --execute runs Jupyter
  "test/sklearn/execute.test.ts",
].map((g) => (g.endsWith("/**") ? `${g}/*.test.{ts,tsx}` : g));

export default defineConfig({
  // the repository, not this folder: test paths and snapshots are relative to it
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."),
  test: {
    // two at a time fit two cores: e2e tests run generated services' own suites
    maxWorkers: 2,
    // each file's temporary folders (test/helpers/temp.ts) removed when it ends
    setupFiles: ["test/setup-file.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: TESTS,
          exclude: E2E,
          // one module graph per worker for all its files: importing TypeScript, ts-morph, tree-sitter and the
          // runtime once per worker instead of once per file is most of the tier's time. A test that changes
          // module state (numpy's promotion rules) restores it in its afterAll.
          isolate: false,
          // the runtime's declarations, which the tests that type-check generated code read, built once per run
          globalSetup: ["test/global-setup-unit.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: E2E,
          // as the unit tier: the tool's modules imported once per worker (each test's processes are its own)
          isolate: false,
          // builds dist/ once before the tests that run the CLI as `npx nb2svc` does
          globalSetup: ["test/global-setup.ts"],
          // limits for a busy 2-core machine (a load of 10 and more, as when several people test at once): a
          // conversion that verifies with the service's whole suite took over 100 s there
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
