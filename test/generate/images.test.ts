// What generate writes for a service that takes images (the corpus' digits-cnn-png: a PNG opened with PIL): the
// image field in OpenAPI in its three forms (base64 in JSON, a multipart file part, the raw body), a typed client
// that takes bytes or a Blob, the image request code imported only then, the example images copied as fixtures.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { inspectNotebook } from "../../src/driver/pipeline.ts";
import { clientModule } from "../../src/generate/client-module.ts";
import { generate } from "../../src/generate/generate.ts";
import { openapiDocument } from "../../src/generate/openapi.ts";
import { pipelineModule } from "../../src/generate/pipeline-module.ts";
import { plan as makePlan } from "../../src/plan/plan.ts";
import type { ServicePlan } from "../../src/plan/types.ts";
import { translatePlan } from "../../src/translate/translate.ts";

const NOTEBOOK = path.join(packageRoot(), "test", "corpus", "digits-cnn-png", "digits-cnn-png.ipynb");
let images: ServicePlan;
let tabular: ServicePlan;

beforeAll(async () => {
  const a = await inspectNotebook(NOTEBOOK);
  images = makePlan(a.analysis!, a.signature!, { toolVersion: "0.0.0-test" });
  const b = await inspectNotebook(path.join(packageRoot(), "examples", "iris", "iris.ipynb"));
  tabular = makePlan(b.analysis!, b.signature!, { toolVersion: "0.0.0-test" });
});

type Op = { requestBody: { content: Record<string, { schema: Record<string, unknown>; encoding?: unknown; example?: unknown }> }; responses: Record<string, { description: string }> };

describe("a service that takes images", () => {
  it("plans the parameter as an image field with a body limit that fits a base64 image", () => {
    expect(images.request.fields).toEqual([expect.objectContaining({ name: "image", media: "image", required: true })]);
    expect(images.goldens.map((g) => g.request)).toEqual([{ image: { $file: "samples/digit_1795_9.png" } }]);
    expect(images.options.limits.bodyLimitBytes).toBeGreaterThanOrEqual((images.options.limits.imageMaxBytes * 4) / 3);
    expect(tabular.options.limits.bodyLimitBytes).toBe(1_048_576);
  });

  it("documents the image as base64 in JSON, a multipart file part and the raw body, in a valid OpenAPI 3.1 document", async () => {
    const doc = openapiDocument(images) as unknown as { paths: Record<string, Record<string, Op>> };
    const predict = doc.paths["/predict"]!.post!;
    const content = predict.requestBody.content;
    expect(Object.keys(content)).toEqual(["application/json", "multipart/form-data", "image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff", "image/webp", "application/octet-stream"]);
    expect(content["multipart/form-data"]!.schema).toMatchObject({ type: "object", required: ["image"], properties: { image: { type: "string" } } });
    expect(content["multipart/form-data"]!.encoding).toMatchObject({ image: { contentType: expect.stringContaining("image/png") } });
    expect(JSON.stringify(content["application/json"]!.example)).toContain("samples/digit_1795_9.png, in base64");
    expect(predict.responses["413"]!.description).toContain("IMAGE_MAX_PIXELS");
    // the schemas are JSON Schema 2020-12; the document's structure is OpenAPI 3.1's
    const dir = path.join(packageRoot(), "node_modules", "@apidevtools", "openapi-schemas", "schemas", "v3.1");
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(dir, "schema.json"), "utf8").replace(/"\$dynamicRef": "#meta"/g, '"$ref": "#/$defs/schema"')) as object);
    expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
    for (const c of Object.values(content)) expect(ajv.validateSchema(c.schema as object), JSON.stringify(c.schema)).toBe(true);
  });

  it("prints a client whose predict takes the image as bytes, a Blob or base64, and sends files as a form", () => {
    const text = clientModule(images, openapiDocument(images));
    expect(text).toMatch(/export type PredictRequest = \{\s*readonly image: Uint8Array \| Blob \| string;/);
    expect(text).toContain("function formOf(body: unknown): FormData | null");
    expect(clientModule(tabular, openapiDocument(tabular))).not.toContain("FormData");
  });

  it("imports the image request code only in services that take images", async () => {
    const translated = await translatePlan(images);
    expect(pipelineModule(images, translated)).toMatch(/export \{ imageRequests as IMAGE_REQUESTS \} from "\.\.\/images\.ts";/);
    const plain = pipelineModule(tabular, await translatePlan(tabular));
    expect(plain).toContain('import type { imageRequests } from "../images.ts";');
    expect(plain).toContain("export const IMAGE_REQUESTS: typeof imageRequests | null = null;");
  });

  it("copies the examples' image files into src/generated/fixtures/, byte for byte", async () => {
    const project = generate({ plan: images, notebookModule: await translatePlan(images), model: new Uint8Array(0) });
    const fixture = project.files.find((f) => f.path === "src/generated/fixtures/samples/digit_1795_9.png");
    expect(fixture).toBeDefined();
    expect(Buffer.from(fixture!.contents as Uint8Array).equals(readFileSync(path.join(path.dirname(NOTEBOOK), "samples", "digit_1795_9.png")))).toBe(true);
    expect(project.files.find((f) => f.path === "src/generated/service.ts")!.contents).toContain('IMAGE_FIELDS: readonly string[] = ["image"]');
  });
});
