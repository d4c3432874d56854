// openapi.json, which nb2svc builds from the plan without starting the service (src/generate/openapi.ts) and prints
// the typed client and the README's route table from, is byte for byte the document the running service serves at
// /openapi.json (@fastify/swagger reading the routes' schemas), and what the service's own `src/openapi.ts` prints.
// For a tabular, a text and an array example, an image service and a service of records (a body that is one record
// or a list). An e2e test: it reads the run's one conversion of each notebook (test/helpers/examples.ts; convert's
// quick verification starts the bundle), and runs node.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundle } from "../../src/bundle/bundle.ts";
import { openapiDocument, openapiText } from "../../src/generate/openapi.ts";
import { quickVerify } from "../../src/verify/quick.ts";
import { type ConvertedExample, convertedExample, convertedNotebook, copyService } from "../helpers/examples.ts";

/**
 * The notebooks, and the run's conversion of each: an example's, verified by its suite (`suite`: quick verification is
 * run on a copy, as convert runs it), or the corpus's, verified as convert does by default.
 */
const NOTEBOOKS: Readonly<Record<string, { converted: () => Promise<ConvertedExample>; suite: boolean }>> = {
  "examples/iris/iris.ipynb": { converted: () => convertedExample("iris"), suite: true },
  "examples/sentiment/sentiment.ipynb": { converted: () => convertedExample("sentiment"), suite: true },
  "examples/digits/digits.ipynb": { converted: () => convertedExample("digits"), suite: true },
  "test/corpus/digits-cnn-png/digits-cnn-png.ipynb": { converted: () => convertedNotebook("test/corpus/digits-cnn-png/digits-cnn-png.ipynb"), suite: false },
  "test/corpus/titanic-columntransformer/titanic-columntransformer.ipynb": {
    converted: () => convertedNotebook("test/corpus/titanic-columntransformer/titanic-columntransformer.ipynb"),
    suite: false,
  },
};

const tmp = mkdtempSync(path.join(os.tmpdir(), "nb2svc-served-openapi-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(Object.keys(NOTEBOOKS))("%s", (notebook) => {
  it("writes openapi.json as the running service serves it and as its src/openapi.ts prints it", async () => {
    const { converted, suite } = NOTEBOOKS[notebook]!;
    const r = await converted();
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    // a copy of the service, which the bundle stage below rewrites
    const { dir } = await copyService(r, path.join(tmp, path.basename(notebook, ".ipynb")));
    // quick verification compares GET /openapi.json of the started bundle with openapi.json, byte for byte
    const quick = suite ? await quickVerify(dir, r.plan!) : r.verify!;
    const check = quick.tests.find((t) => t.name === "GET /openapi.json is openapi.json");
    expect(check, JSON.stringify(quick)).toMatchObject({ status: "passed" });
    const written = readFileSync(path.join(dir, "openapi.json"), "utf8");
    expect(written).toBe(openapiText(openapiDocument(r.plan!)));
    // the bundle stage asked for no document runs the service's src/openapi.ts (what `npm run build` does)
    const rebuilt = await bundle(dir);
    expect(rebuilt.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(readFileSync(path.join(dir, "openapi.json"), "utf8")).toBe(written);
  });
});
