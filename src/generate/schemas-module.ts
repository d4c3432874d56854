// src/generated/schemas.ts of the generated service: the JSON Schemas of every body, by name (the routes register
// them as shared schemas: Fastify validates with them, @fastify/swagger publishes them as components), and what
// depends on the notebook in the /predict and OIP route descriptions (summary, examples, the image bodies).
import { Project, ts, VariableDeclarationKind } from "ts-morph";
import type { Json } from "../analyze/types.ts";
import type { ServicePlan } from "../plan/types.ts";
import { apiSchemas, inferExampleOf, predictFacts } from "./api.ts";
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

  const predict = predictFacts(plan) as unknown as Json;
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
