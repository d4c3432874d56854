// src/generated/client.ts of the generated service: a typed client with one method per operation of the service's
// OpenAPI document (openapi.ts), its types printed from the document's schemas. It imports
// nothing (its types are printed from the schemas), so it bundles to client/index.js (with client/index.d.ts), a
// package of its own that any project with fetch (Node 18+, browsers) installs: `npm install PATH/client`.
import { Project, Scope, StructureKind, ts, VariableDeclarationKind, type MethodDeclarationStructure, type StatementStructures, type VariableStatementStructure } from "ts-morph";
import type { ServicePlan } from "../plan/types.ts";
import type { JsonSchema } from "../plan/types.ts";
import { imageFields, SERVICE_VERSION } from "./api.ts";
import { operationsOf, refName, type OpenApiDocument, type OpenApiOperation } from "./openapi.ts";
import { isImageSchema, printNode, schemaTypeNode } from "../codegen/ts-print.ts";

const f = ts.factory;

/** The TypeScript type name of a schema in the client (`Error` would shadow the global). */
export function clientTypeName(schema: string): string {
  return schema === "Error" ? "ErrorBody" : schema;
}

/** A doc comment's text from data: `*​/` would end the comment. */
const docText = (s: string) => s.replace(/\*\//g, "*\\/");

/** The JSON body's schema of a request or response, when it has one. */
const jsonSchemaOf = (content: Readonly<Record<string, { readonly schema: JsonSchema }>> | undefined): JsonSchema | undefined => content?.["application/json"]?.schema;

/** What a 200 answer is in TypeScript: its schema's type, an object of no declared schema, or text. */
function successType(op: OpenApiOperation): string {
  const ok = jsonSchemaOf(op.responses["200"]?.content);
  if (ok === undefined) return "string";
  const name = refName(ok);
  return name !== null ? clientTypeName(name) : "Readonly<Record<string, unknown>>";
}

/** The request path: a template literal with the model name where the route has `{model_name}`. */
function pathExpression(path: string): ts.Expression {
  const parts = path.split("{model_name}");
  if (parts.length === 1) return f.createStringLiteral(path);
  const model = f.createCallExpression(f.createIdentifier("encodeURIComponent"), undefined, [
    f.createPropertyAccessExpression(f.createThis(), "model"),
  ]);
  const spans = parts.slice(1).map((text, i) =>
    f.createTemplateSpan(model, i === parts.length - 2 ? f.createTemplateTail(text) : f.createTemplateMiddle(text)),
  );
  return f.createTemplateExpression(f.createTemplateHead(parts[0]!), spans);
}

export function clientModule(plan: ServicePlan, doc: OpenApiDocument): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const sf = project.createSourceFile("client.ts", "");
  // declarations are data first, printed in one call: each separate add* re-parses the file so far, which made this
  // the slowest part of a convert
  const aliases: StatementStructures[] = [];
  const statements: StatementStructures[] = [];
  const operations = operationsOf(doc);
  const bodyOf = (op: OpenApiOperation) => refName(jsonSchemaOf(op.requestBody?.content));

  const used = new Set<string>();
  for (const { operation } of operations) {
    const body = bodyOf(operation);
    if (body !== null) used.add(body);
    for (const res of Object.values(operation.responses)) {
      const name = refName(jsonSchemaOf(res.content));
      if (name !== null) used.add(name);
    }
  }
  // one request's type by name in every client, also where /predict's body is a record or a list of records
  // (PredictBody): the service's own tests and a caller's code name it
  used.add("PredictRequest");
  const images = imageFields(plan);
  // an image field takes the file's bytes (sent as a multipart/form-data file part) or its base64 (sent in JSON)
  const imageType = (x: Record<string, unknown>) =>
    images.length && isImageSchema(x)
      ? f.createUnionTypeNode([f.createTypeReferenceNode("Uint8Array"), f.createTypeReferenceNode("Blob"), f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword)])
      : undefined;
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    if (!used.has(name)) continue;
    const custom = name === "PredictRequest" || name === "PredictBody" ? imageType : undefined;
    aliases.push({ kind: StructureKind.TypeAlias, isExported: true, name: clientTypeName(name), type: printNode(schemaTypeNode(schema, custom)) });
  }

  const modelName: VariableStatementStructure = {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["The model's name in /v2/models/{model_name}/... paths."],
    declarations: [{ name: "MODEL_NAME", type: "string", initializer: printNode(f.createStringLiteral(plan.name)) }],
  };

  statements.push({
    kind: StructureKind.Interface,
    isExported: true,
    name: "ClientOptions",
    properties: [
      { name: "headers", type: "Readonly<Record<string, string>>", isReadonly: true, hasQuestionToken: true, docs: ["Sent with every request."] },
      { name: "timeoutMs", type: "number", isReadonly: true, hasQuestionToken: true, docs: ["Milliseconds before a request is abandoned; none by default."] },
      { name: "fetch", type: "typeof fetch", isReadonly: true, hasQuestionToken: true, docs: ["The fetch to use; the global one by default."] },
      { name: "model", type: "string", isReadonly: true, hasQuestionToken: true, docs: ["The model name in OIP paths; MODEL_NAME by default."] },
    ],
  });

  statements.push({
    kind: StructureKind.Class,
    isExported: true,
    name: "ServiceError",
    extends: "Error",
    docs: ["A non-2xx answer: its status, its body (`{\"error\": \"...\"}` for every error) and Retry-After in seconds when sent."],
    properties: [
      { name: "status", type: "number", isReadonly: true },
      { name: "body", type: "unknown", isReadonly: true },
      { name: "retryAfterSeconds", type: "number | null", isReadonly: true },
    ],
    ctors: [
      {
        parameters: [
          { name: "status", type: "number" },
          { name: "body", type: "unknown" },
          { name: "retryAfterSeconds", type: "number | null" },
        ],
        statements: [
          'const message = body !== null && typeof body === "object" && typeof (body as { error?: unknown }).error === "string" ? (body as { error: string }).error : `HTTP ${status}`;',
          "super(message);",
          'this.name = "ServiceError";',
          "this.status = status;",
          "this.body = body;",
          "this.retryAfterSeconds = retryAfterSeconds;",
        ],
      },
    ],
  });

  const methods: MethodDeclarationStructure[] = [];
  for (const { method, path, operation } of operations) {
    const expect = jsonSchemaOf(operation.responses["200"]?.content) !== undefined ? "json" : "text";
    const body = bodyOf(operation);
    const args: ts.Expression[] = [f.createStringLiteral(method.toUpperCase()), pathExpression(path), body !== null ? f.createIdentifier("body") : f.createIdentifier("undefined"), f.createStringLiteral(expect)];
    const call = f.createCallExpression(f.createPropertyAccessExpression(f.createThis(), "request"), undefined, args);
    const type = successType(operation);
    methods.push({
      kind: StructureKind.Method,
      name: operation.operationId,
      docs: [`${docText(operation.summary)}\n\n\`${method.toUpperCase()} ${path}\``],
      parameters: body !== null ? [{ name: "body", type: clientTypeName(body) }] : [],
      returnType: `Promise<${type}>`,
      statements: `return ${printNode(call)} as Promise<${type}>;`,
    });
  }
  statements.push({
    kind: StructureKind.Class,
    isExported: true,
    name: "Client",
    docs: [`A client for the ${docText(plan.name)} service: one method per route. Non-2xx answers throw ServiceError.`],
    properties: [
      { name: "baseUrl", type: "string", isReadonly: true, scope: Scope.Private },
      { name: "options", type: "ClientOptions", isReadonly: true, scope: Scope.Private },
      { name: "model", type: "string", isReadonly: true, scope: Scope.Private },
    ],
    ctors: [
      {
        docs: ["@param baseUrl where the service listens, e.g. `http://localhost:8080`"],
        parameters: [
          { name: "baseUrl", type: "string" },
          { name: "options", type: "ClientOptions", initializer: "{}" },
        ],
        statements: ['this.baseUrl = baseUrl.replace(/\\/+$/, "");', "this.options = options;", "this.model = options.model ?? MODEL_NAME;"],
      },
    ],
    methods,
  });
  methods.push({
    kind: StructureKind.Method,
    name: "request",
    scope: Scope.Private,
    isAsync: true,
    parameters: [
      { name: "method", type: "string" },
      { name: "path", type: "string" },
      { name: "body", type: "unknown" },
      { name: "expect", type: '"json" | "text"' },
    ],
    returnType: "Promise<unknown>",
    statements: [
      "const headers: Record<string, string> = { accept: expect === \"json\" ? \"application/json\" : \"*/*\", ...this.options.headers };",
      ...(images.length
        ? [
            "// image files go as multipart/form-data file parts (fetch writes its content type); the rest as JSON",
            "const form = formOf(body);",
            'if (body !== undefined && form === null) headers["content-type"] = "application/json";',
          ]
        : ['if (body !== undefined) headers["content-type"] = "application/json";']),
      "const res = await (this.options.fetch ?? fetch)(this.baseUrl + path, {",
      "  method,",
      "  headers,",
      images.length ? "  ...(body !== undefined ? { body: form ?? JSON.stringify(body) } : {})," : "  ...(body !== undefined ? { body: JSON.stringify(body) } : {}),",
      "  ...(this.options.timeoutMs !== undefined ? { signal: AbortSignal.timeout(this.options.timeoutMs) } : {}),",
      "});",
      "const text = await res.text();",
      "if (!res.ok) {",
      "  let parsed: unknown = text;",
      "  try {",
      "    parsed = JSON.parse(text);",
      "  } catch {",
      "    // not JSON (a proxy's error page): keep the text",
      "  }",
      '  const retry = res.headers.get("retry-after");',
      "  throw new ServiceError(res.status, parsed, retry !== null && /^\\d+$/.test(retry) ? Number(retry) : null);",
      "}",
      'return expect === "json" ? JSON.parse(text) : text;',
    ],
  });
  if (images.length) {
    statements.push({
      kind: StructureKind.Function,
      name: "formOf",
      docs: ["A body holding image files (Uint8Array or Blob) as a multipart/form-data form: files as file parts, strings as they are, other values JSON-encoded; null for a body without files."],
      parameters: [{ name: "body", type: "unknown" }],
      returnType: "FormData | null",
      statements: [
        "if (body === null || typeof body !== \"object\" || Array.isArray(body)) return null;",
        "const isFile = (v: unknown) => v instanceof Uint8Array || (typeof Blob !== \"undefined\" && v instanceof Blob);",
        "const entries = Object.entries(body as Record<string, unknown>);",
        "if (!entries.some(([, v]) => isFile(v))) return null;",
        "const form = new FormData();",
        "for (const [k, v] of entries) {",
        "  if (v === undefined) continue;",
        "  if (v instanceof Uint8Array) form.append(k, new Blob([v.slice()]), k);",
        "  else if (isFile(v)) form.append(k, v as Blob, k);",
        "  else form.append(k, typeof v === \"string\" ? v : JSON.stringify(v));",
        "}",
        "return form;",
      ],
    });
  }
  sf.addStatements([...aliases, (writer) => writer.blankLineIfLastNot(), modelName, ...statements]);
  return sf.getFullText();
}

/** client/package.json: the client as a package another project installs by path, with no dependencies. */
export function clientPackageJson(plan: ServicePlan): string {
  const pkg = {
    name: `${plan.name}-client`,
    version: SERVICE_VERSION,
    description: `Typed client for the ${plan.name} inference service, generated by nb2svc ${plan.toolVersion}`,
    type: "module",
    exports: { ".": { types: "./index.d.ts", default: "./index.js" } },
    files: ["index.js", "index.d.ts"],
  };
  return JSON.stringify(pkg, null, 2) + "\n";
}
