// Each example converted once per e2e run and shared: the first test that asks for one converts it (with the
// service's whole suite as verification, what test/e2e/examples.test.ts checks), the others, in any worker, wait for
// that conversion and reuse it. The folder comes from test/global-setup.ts; a test that changes a service works on a
// copy (copyExampleService), so that what the others read stays as convert wrote it.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import type { Diagnostic } from "../../src/diagnostics/types.ts";
import { convert } from "../../src/driver/pipeline.ts";
import type { ServicePlan } from "../../src/plan/types.ts";
import type { VerifyReport } from "../../src/verify/types.ts";

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

/** Long enough for a conversion with the full suite on a busy 2-core machine (over 4 minutes seen at a load of 20). */
const WAIT_MS = 15 * 60_000;

const inFlight = new Map<string, Promise<ConvertedExample>>();

/** The example `name` converted (once per run, by whichever test asks first). */
export function convertedExample(name: string): Promise<ConvertedExample> {
  let p = inFlight.get(name);
  if (!p) {
    p = convertOnce(name);
    inFlight.set(name, p);
  }
  return p;
}

/** A copy of the example's service in a folder of the caller's own, to change or to run in. */
export async function copyExampleService(name: string, into?: string): Promise<{ dir: string; example: ConvertedExample }> {
  const example = await convertedExample(name);
  const dir = into ?? path.join(mkdtempSync(path.join(os.tmpdir(), `nb2svc-${name}-`)), `${name}-svc`);
  cpSync(example.out, dir, { recursive: true });
  return { dir, example };
}

async function convertOnce(name: string): Promise<ConvertedExample> {
  const root = inject("examplesDir");
  if (!root) throw new Error("no examplesDir: run e2e tests through test/vitest.config.ts (its e2e project's globalSetup)");
  const result = path.join(root, `${name}.json`);
  const failed = path.join(root, `${name}.failed`);
  let mine = true;
  try {
    // mkdir is atomic: one worker converts, the others wait for its result
    mkdirSync(path.join(root, `${name}.lock`));
  } catch {
    mine = false;
  }
  if (mine) {
    try {
      const out = path.join(root, `${name}-svc`);
      const r = await convert(path.join(packageRoot(), "examples", name, `${name}.ipynb`), { out, verify: "full" });
      const converted: ConvertedExample = { name, out, ok: r.ok, plan: r.plan, verify: r.verify, diagnostics: r.diagnostics };
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
    if (existsSync(failed)) throw new Error(`converting example ${name} failed in another worker:\n${readFileSync(failed, "utf8")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`example ${name} was not converted within ${WAIT_MS / 60_000} minutes by the worker converting it`);
}
