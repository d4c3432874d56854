// Each example converted once per e2e run and shared: the first test that asks for one converts it (verified by the
// service's own suite, what test/e2e/examples.test.ts checks), the others, in any worker, wait for that conversion
// and reuse it. One example runs the whole suite; the others skip the suite's files that test the service template's
// processes (WORKERS, the bundle's SIGTERM drain, readiness and limits), which read nothing of the notebook but its
// first example and take most of the suite's time: each example's test starts its bundle and replays every example.
// Other notebooks that more than one test file converts as `nb2svc convert` does by default (the corpus's, which
// test/generate/served-openapi.test.ts reads too) are shared the same way (convertedNotebook). The folder comes from
// test/global-setup.ts; a test that changes a service works on a copy (copyExampleService, copyService), so that what
// the others read stays as convert wrote it.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import type { Diagnostic } from "../../src/diagnostics/types.ts";
import { convert } from "../../src/driver/pipeline.ts";
import { verify } from "../../src/verify/verify.ts";
import type { ServicePlan } from "../../src/plan/types.ts";
import type { VerifyReport } from "../../src/verify/types.ts";
import { tempDir } from "./temp.ts";

/** What convert returned for an example, as JSON (the translated module's text is left out). */
export interface ConvertedExample {
  readonly name: string;
  /** The service convert wrote: read it, never change it. */
  readonly out: string;
  readonly ok: boolean;
  readonly plan: ServicePlan | null;
  readonly verify: VerifyReport | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** The example whose service runs its whole suite. */
export const FULL_SUITE_EXAMPLE = "iris";

/** The suite's files that start the bundle as processes and test the template's behaviour, not the notebook's. */
export const TEMPLATE_PROCESS_TESTS: readonly string[] = ["test/workers.test.ts", "test/bundle.test.ts", "test/lifecycle.test.ts", "test/bundle-without-ajv.test.ts"];

/** Long enough for a conversion with the full suite on a busy 2-core machine (over 4 minutes seen at a load of 20). */
const WAIT_MS = 15 * 60_000;

const inFlight = new Map<string, Promise<ConvertedExample>>();

/** The example `name` converted (once per run, by whichever test asks first). */
export function convertedExample(name: string): Promise<ConvertedExample> {
  return shared(name, (out) => convertExample(name, out));
}

/**
 * The notebook at `notebook` (a path from the package's root) converted with convert's defaults (the quick check), as
 * `nb2svc convert <notebook>` does: once per run, by whichever test asks first.
 */
export function convertedNotebook(notebook: string): Promise<ConvertedExample> {
  const name = path.basename(notebook, ".ipynb");
  return shared(`notebook-${notebook.replace(/[^\w.-]+/g, "_")}`, async (out) => {
    const r = await convert(path.join(packageRoot(), notebook), { out });
    return { name, out, ok: r.ok, plan: r.plan, verify: r.verify, diagnostics: r.diagnostics };
  });
}

/** A copy of the example's service in a folder of the caller's own, to change or to run in. */
export async function copyExampleService(name: string, into?: string): Promise<{ dir: string; example: ConvertedExample }> {
  return await copyService(await convertedExample(name), into);
}

/** A copy of a shared conversion's service (convertedExample, convertedNotebook) in a folder of the caller's own. */
export async function copyService(example: ConvertedExample, into?: string): Promise<{ dir: string; example: ConvertedExample }> {
  if (!example.ok) throw new Error(`${example.name} did not convert: ${JSON.stringify(example.diagnostics)}`);
  const dir = into ?? path.join(tempDir(`nb2svc-${example.name}-`), `${example.name}-svc`);
  cpSync(example.out, dir, { recursive: true });
  return { dir, example };
}

async function convertExample(name: string, out: string): Promise<ConvertedExample> {
  const notebook = path.join(packageRoot(), "examples", name, `${name}.ipynb`);
  if (name === FULL_SUITE_EXAMPLE) {
    const r = await convert(notebook, { out, verify: "full" });
    return { name, out, ok: r.ok, plan: r.plan, verify: r.verify, diagnostics: r.diagnostics };
  }
  // written unverified, then its suite without the template's process tests
  const r = await convert(notebook, { out, verify: false });
  const files = r.ok ? readdirSync(path.join(out, "test")).filter((f) => f.endsWith(".test.ts")).map((f) => `test/${f}`).filter((f) => !TEMPLATE_PROCESS_TESTS.includes(f)) : [];
  const report = r.ok ? await verify(out, { files }) : null;
  return { name, out, ok: r.ok && report!.ok, plan: r.plan, verify: report, diagnostics: r.diagnostics };
}

/** What `make` returns for `key`, made once per run (into the folder `<key>-svc`) by the first worker that asks. */
function shared(key: string, make: (out: string) => Promise<ConvertedExample>): Promise<ConvertedExample> {
  let p = inFlight.get(key);
  if (!p) {
    p = makeOnce(key, make);
    inFlight.set(key, p);
  }
  return p;
}

async function makeOnce(key: string, make: (out: string) => Promise<ConvertedExample>): Promise<ConvertedExample> {
  const root = inject("examplesDir");
  if (!root) throw new Error("no examplesDir: run e2e tests through test/vitest.config.ts (its e2e project's globalSetup)");
  const result = path.join(root, `${key}.json`);
  const failed = path.join(root, `${key}.failed`);
  let mine = true;
  try {
    // mkdir is atomic: one worker converts, the others wait for its result
    mkdirSync(path.join(root, `${key}.lock`));
  } catch {
    mine = false;
  }
  if (mine) {
    try {
      const converted = await make(path.join(root, `${key}-svc`));
      // renamed into place whole: a waiting worker never reads half of it
      writeFileSync(`${result}.part`, JSON.stringify(converted));
      renameSync(`${result}.part`, result);
      return converted;
    } catch (e) {
      writeFileSync(failed, String((e as Error).stack ?? e));
      throw e;
    }
  }
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (existsSync(result)) return JSON.parse(readFileSync(result, "utf8")) as ConvertedExample;
    if (existsSync(failed)) throw new Error(`converting ${key} failed in another worker:\n${readFileSync(failed, "utf8")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${key} was not converted within ${WAIT_MS / 60_000} minutes by the worker converting it`);
}
