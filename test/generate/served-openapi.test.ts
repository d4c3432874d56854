// openapi.json, which nb2svc builds from the plan without starting the service (src/generate/openapi.ts) and prints
// the typed client and the README's route table from, is byte for byte the document the running service serves at
// /openapi.json (@fastify/swagger reading the routes' schemas), and what the service's own `src/openapi.ts` prints.
// For a tabular, a text and an array example, an image service and a service of records (a body that is one record
// or a list). An e2e test: it converts (quick verification starts the bundle) and runs node.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { bundle } from "../../src/bundle/bundle.ts";
import { convert } from "../../src/driver/pipeline.ts";
import { openapiDocument, openapiText } from "../../src/generate/openapi.ts";

const NOTEBOOKS = [
  "examples/iris/iris.ipynb",
  "examples/sentiment/sentiment.ipynb",
  "examples/digits/digits.ipynb",
  "test/corpus/digits-cnn-png/digits-cnn-png.ipynb",
  "test/corpus/titanic-columntransformer/titanic-columntransformer.ipynb",
];

const tmp = mkdtempSync(path.join(os.tmpdir(), "nb2svc-served-openapi-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(NOTEBOOKS)("%s", (notebook) => {
  it("writes openapi.json as the running service serves it and as its src/openapi.ts prints it", async () => {
    const out = path.join(tmp, path.basename(notebook, ".ipynb"));
    const r = await convert(path.join(packageRoot(), notebook), { out });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    // quick verification compared GET /openapi.json of the started bundle with openapi.json, byte for byte
    const check = r.verify!.tests.find((t) => t.name === "GET /openapi.json is openapi.json");
    expect(check, JSON.stringify(r.verify)).toMatchObject({ status: "passed" });
    const written = readFileSync(path.join(out, "openapi.json"), "utf8");
    expect(written).toBe(openapiText(openapiDocument(r.plan!)));
    // the bundle stage asked for no document runs the service's src/openapi.ts (what `npm run build` does)
    const rebuilt = await bundle(out);
    expect(rebuilt.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(readFileSync(path.join(out, "openapi.json"), "utf8")).toBe(written);
  });
});
