// src/pipeline.ts of the generated service: the request body to model feeds through the notebook's preprocessing,
// and the model's outputs to the response through its postprocessing.
import { Project, ts } from "ts-morph";
import type { ServicePlan } from "../plan/types.ts";
import type { TranslatedModule } from "../translate/types.ts";
import { printNode, propertyName, schemaType } from "./ts-print.ts";

const f = ts.factory;

/** `notebook["name"]`: the translated function, by its Python name, whatever characters that name has. */
function notebookFunction(name: string): ts.Expression {
  return f.createElementAccessExpression(f.createIdentifier("notebook"), f.createStringLiteral(name));
}

function field(name: string): ts.Expression {
  return f.createElementAccessExpression(f.createIdentifier("body"), f.createStringLiteral(name));
}

export function pipelineModule(plan: ServicePlan, notebookModule: TranslatedModule): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const sf = project.createSourceFile("pipeline.ts", "");
  const { preprocess, postprocess, input, output } = plan.pipeline;
  if (preprocess || postprocess) sf.addImportDeclaration({ moduleSpecifier: "./notebook.ts", namespaceImport: "notebook" });
  sf.addImportDeclaration({ moduleSpecifier: "./errors.ts", namedImports: ["fromPreprocessing"] });
  const records = plan.request.records === true;
  const tensorImports: (string | { name: string; isTypeOnly: true })[] = [records ? "recordsToFeeds" : "bindInputs", { name: "Feeds", isTypeOnly: true }];
  if (!postprocess) tensorImports.push("rawResponse");
  // the notebook's postprocessing was written for the ZipMap's list of dicts the service's model no longer makes
  const zipMaps = postprocess !== null && (plan.model.signature.rewrite?.zipMaps.length ?? 0) > 0;
  if (zipMaps) tensorImports.push("restoreZipMaps");
  sf.addImportDeclaration({ moduleSpecifier: "./tensors.ts", namedImports: tensorImports });
  sf.addImportDeclaration({ moduleSpecifier: "./runtime/ndarray.ts", namedImports: [{ name: "NDArray", isTypeOnly: true }] });
  if (postprocess) sf.addImportDeclaration({ moduleSpecifier: "./runtime/py-json.ts", namedImports: ["toJSON"] });

  sf.addInterface({
    isExported: true,
    name: records ? "PredictRecord" : "PredictRequest",
    docs: [
      preprocess
        ? `The arguments of the notebook's \`${preprocess}\`, by parameter name.`
        : records
          ? "One row: a value per model input (each input is a column)."
          : "One nested array per model input.",
    ],
    properties: plan.request.fields.map((fld) => ({
      name: printNode(propertyName(fld.name)),
      type: schemaType(fld.schema),
      isReadonly: true,
      hasQuestionToken: !fld.required,
    })),
  });
  if (records) {
    sf.addTypeAlias({ isExported: true, name: "PredictRequest", docs: ["One record, or a list of records answered in order."], type: "PredictRecord | readonly PredictRecord[]" });
  }

  let feeds: string;
  if (preprocess) {
    const fn = notebookModule.functions.find((x) => x.name === preprocess);
    const params = fn?.params.map((p) => p.name) ?? plan.request.fields.map((x) => x.name);
    const call = f.createCallExpression(notebookFunction(preprocess), undefined, params.map(field));
    feeds = [
      "let result: unknown;",
      "try {",
      `  result = ${printNode(call)};`,
      "} catch (e) {",
      "  fromPreprocessing(e);",
      "}",
      `return bindInputs(result, ${JSON.stringify(input.kind)});`,
    ].join("\n");
  } else feeds = records ? "return recordsToFeeds(body);" : `return bindInputs(body, "dict");`;
  sf.addFunction({
    isExported: true,
    name: "preprocess",
    docs: ["The request body to the model's inputs."],
    parameters: [{ name: "body", type: "PredictRequest" }],
    returnType: "Feeds",
    statements: feeds,
  });

  let response: string;
  if (postprocess) {
    const source = f.createIdentifier(zipMaps ? "values" : "outputs");
    let arg: ts.Expression =
      output.kind === "output"
        ? f.createElementAccessExpression(source, f.createNumericLiteral(output.index))
        : f.createArrayLiteralExpression([f.createSpreadElement(source)]);
    // values holds Python lists of dicts where outputs held arrays: the translated function takes Python values
    if (zipMaps) arg = f.createAsExpression(arg, f.createKeywordTypeNode(ts.SyntaxKind.NeverKeyword));
    response = `${zipMaps ? "const values = restoreZipMaps(outputs);\n" : ""}return toJSON(${printNode(f.createCallExpression(notebookFunction(postprocess), undefined, [arg]))});`;
  } else {
    response = `return rawResponse(outputs, body, ${records});`;
  }
  sf.addFunction({
    isExported: true,
    name: "postprocess",
    docs: ["The model's outputs (in output order) to the response body (the request's own body tells one record from several)."],
    parameters: [
      { name: "outputs", type: "readonly NDArray[]" },
      { name: postprocess ? "_body" : "body", type: "PredictRequest", hasQuestionToken: true },
    ],
    returnType: "unknown",
    statements: response,
  });
  return sf.getFullText();
}
