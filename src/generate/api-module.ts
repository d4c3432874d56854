// src/api.ts of the generated service: the JSON Schemas of every body (Fastify validates requests with them) and the
// OpenAPI document whose components are those very objects, so what is published is what is enforced.
import { Project, ts, VariableDeclarationKind } from "ts-morph";
import type { ServicePlan } from "../plan/types.ts";
import { apiSchemas } from "./api.ts";
import { openapiSkeleton } from "./openapi.ts";
import { jsonExpression, printNode, propertyName } from "../codegen/ts-print.ts";

const f = ts.factory;

export function apiModule(plan: ServicePlan): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const sf = project.createSourceFile("api.ts", "");
  sf.addImportDeclaration({ moduleSpecifier: "./service.ts", namedImports: ["REQUEST_SCHEMA"] });

  const schemas = apiSchemas(plan);
  // PredictRequest is service.ts's REQUEST_SCHEMA itself, not a copy of it
  const entries = Object.entries(schemas).map(([name, schema]) =>
    f.createPropertyAssignment(propertyName(name), name === "PredictRequest" ? f.createIdentifier("REQUEST_SCHEMA") : jsonExpression(schema)),
  );
  sf.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["JSON Schemas of every body the service reads or writes, by name: Fastify validates requests with them, openapi.json publishes them."],
    declarations: [
      {
        name: "SCHEMAS",
        initializer: printNode(f.createAsExpression(f.createObjectLiteralExpression(entries, true), f.createTypeReferenceNode("const"))),
      },
    ],
  });

  sf.addInterface({
    isExported: true,
    name: "OpenApiOperation",
    properties: [
      { name: "operationId", type: "string", isReadonly: true },
      { name: "summary", type: "string", isReadonly: true },
      { name: "tags", type: "readonly string[]", isReadonly: true },
      {
        name: "parameters",
        type: "readonly { readonly name: string; readonly in: string; readonly required: boolean; readonly schema: unknown; readonly example?: unknown }[]",
        isReadonly: true,
        hasQuestionToken: true,
      },
      {
        name: "requestBody",
        type: "{ readonly required: boolean; readonly content: { readonly [type: string]: { readonly schema: unknown; readonly example?: unknown; readonly encoding?: unknown } } }",
        isReadonly: true,
        hasQuestionToken: true,
      },
      {
        name: "responses",
        isReadonly: true,
        type: "{ readonly [status: string]: { readonly description: string; readonly headers?: Readonly<Record<string, unknown>>; readonly content: { readonly [type: string]: { readonly schema: unknown; readonly example?: unknown } } } }",
      },
    ],
  });
  sf.addInterface({
    isExported: true,
    name: "OpenApiDocument",
    properties: [
      { name: "openapi", type: "string", isReadonly: true },
      { name: "info", type: "{ readonly title: string; readonly version: string; readonly description: string }", isReadonly: true },
      { name: "paths", type: "{ readonly [path: string]: { readonly [method: string]: OpenApiOperation } }", isReadonly: true },
      { name: "components", type: "{ readonly schemas: typeof SCHEMAS }", isReadonly: true },
    ],
    indexSignatures: [{ keyName: "key", keyType: "string", returnType: "unknown", isReadonly: true }],
  });

  const marker = {};
  const document = { ...openapiSkeleton(plan), components: { schemas: marker } };
  sf.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["The OpenAPI 3.1 document served at /openapi.json (and written to openapi.json by nb2svc)."],
    declarations: [
      {
        name: "OPENAPI",
        type: "OpenApiDocument",
        initializer: printNode(jsonExpression(document, (v) => (v === marker ? f.createIdentifier("SCHEMAS") : undefined))),
      },
    ],
  });
  return sf.getFullText();
}
