// The OpenAPI document a generated service serves: its project written to a temporary folder and built by the bundle
// stage, which runs the service's own src/openapi.ts (the routes' schemas through @fastify/swagger).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { bundle } from "../../src/bundle/bundle.ts";
import { generate } from "../../src/generate/generate.ts";
import type { ServicePlan } from "../../src/plan/types.ts";
import { translatePlan } from "../../src/translate/translate.ts";
import { writeProject } from "../../src/write/write.ts";

export async function servedOpenapi(plan: ServicePlan): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nb2svc-openapi-"));
  try {
    // the document does not depend on the model's bytes (the model is never loaded to print it)
    await writeProject(dir, generate({ plan, notebookModule: await translatePlan(plan), model: new Uint8Array() }));
    const built = await bundle(dir);
    const failed = built.diagnostics.filter((d) => d.severity === "error");
    if (failed.length) throw new Error(failed.map((d) => d.message).join("\n"));
    return JSON.parse(readFileSync(path.join(dir, "openapi.json"), "utf8")) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
