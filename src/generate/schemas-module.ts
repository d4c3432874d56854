// src/generated/schemas.ts of the generated service: the JSON Schemas of every body, by name (the routes register
// them as shared schemas: Fastify validates with them, @fastify/swagger publishes them as components), and what
// depends on the notebook in the /predict and OIP route descriptions (summary, examples, the image bodies).
import { Project, ts, VariableDeclarationKind } from "ts-morph";
import type { Json } from "../analyze/types.ts";
import type { ServicePlan } from "../plan/types.ts";
import { apiSchemas, imageBodies, imageFields, inferExampleOf, jsonExample } from "./api.ts";
import { jsonExpression, printNode, propertyName } from "../codegen/ts-print.ts";

const f = ts.factory;

export function schemasModule(plan: ServicePlan): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const sf = project.createSourceFile("schemas.ts", "");
  sf.addImportDeclaration({ moduleSpecifier: "./service.ts", namedImports: ["REQUEST_SCHEMA"] });

  const schemas = apiSchemas(plan);
  // PredictRequest is service.ts's REQUEST_SCHEMA itself, not a copy of it
  const entries = Object.entries(schemas).map(([name, schema]) =>
    f.createPropertyAssignment(propertyName(name), name === "PredictRequest" ? f.createIdentifier("REQUEST_SCHEMA") : jsonExpression(schema)),
  );
  sf.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["JSON Schemas of every body the service reads or writes, by name (each is a shared schema with that $id)."],
    declarations: [{ name: "SCHEMAS", initializer: printNode(f.createAsExpression(f.createObjectLiteralExpression(entries, true), f.createTypeReferenceNode("const"))) }],
  });
  sf.addTypeAlias({ isExported: true, name: "SchemaName", type: "keyof typeof SCHEMAS" });

  const example = plan.goldens[0];
  const records = plan.request.style === "record" && !plan.request.records;
  const images = imageFields(plan).length > 0;
  const predict: Record<string, Json> = {
    summary: plan.pipeline.preprocess
      ? `The notebook's inference path: ${plan.pipeline.preprocess} -> model -> ${plan.pipeline.postprocess ?? "outputs"}`
      : "The model on the given inputs (nested arrays by input name)",
    answerSchema: records ? "PredictAnswer" : "PredictResponse",
    answerDescription: records ? "The notebook's answer (a list of answers for a list of records)" : plan.pipeline.postprocess ? "The notebook's answer" : "The model's answer",
    badRequest: images
      ? "The request does not fit the schema or the notebook's preprocessing, or an image cannot be read (not an image, truncated, corrupt)"
      : "The request does not fit the schema or the notebook's preprocessing",
    example: example ? { request: jsonExample(example.request), answer: example.expected } : null,
    otherBodies: imageBodies(plan) as Json,
  };
  sf.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [
      "What /predict's description takes from the notebook: its summary, the answer's schema, an example (from the",
      "notebook's first golden) and the bodies besides JSON it reads (image files), published by plugins/openapi.ts.",
    ],
    declarations: [{ name: "PREDICT", initializer: printNode(f.createAsExpression(jsonExpression(predict), f.createTypeReferenceNode("const"))) }],
  });
  sf.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["An Open Inference Protocol request the model accepts (zeros of the model's input shapes)."],
    declarations: [{ name: "INFER_EXAMPLE", initializer: printNode(jsonExpression(inferExampleOf(plan))) }],
  });
  return sf.getFullText();
}
