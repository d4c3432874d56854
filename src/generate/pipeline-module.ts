// src/pipeline.ts of the generated service: the request body to model feeds through the notebook's preprocessing,
// and the model's outputs to the response through its postprocessing.
import { Project, ts, VariableDeclarationKind } from "ts-morph";
import type { JsonSchema, RequestField, ServicePlan } from "../plan/types.ts";
import type { TranslatedModule } from "../translate/types.ts";
import { printNode, propertyName, requestFieldType } from "../codegen/ts-print.ts";

const f = ts.factory;

/** `notebook["name"]`: the translated function, by its Python name, whatever characters that name has. */
function notebookFunction(name: string): ts.Expression {
  return f.createElementAccessExpression(f.createIdentifier("notebook"), f.createStringLiteral(name));
}

function field(name: string): ts.Expression {
  return f.createElementAccessExpression(f.createIdentifier("body"), f.createStringLiteral(name));
}

/**
 * `const record = { ...body, Age: body["Age"] ?? NaN, Embarked: body["Embarked"] ?? null };`: a field the notebook
 * fills when missing, null or left out of the request, reaches it as pandas' missing value: NaN in a number column
 * (so `pd.DataFrame([record])` makes a float column, as a CSV's gap does, and `fillna` fills it), None in others.
 */
function withMissing(fields: readonly RequestField[]): string[] {
  const props = fields.map((x) => {
    const missing = isNumberField(x.schema) ? f.createIdentifier("NaN") : f.createNull();
    return f.createPropertyAssignment(propertyName(x.name), f.createBinaryExpression(field(x.name), ts.SyntaxKind.QuestionQuestionToken, missing));
  });
  const record = f.createObjectLiteralExpression([f.createSpreadAssignment(f.createIdentifier("body")), ...props]);
  return [
    "// a value the notebook fills when it is missing (fillna, an imputer) may be null or left out: it reaches the notebook as pandas' missing value",
    `const record = ${printNode(record)};`,
  ];
}

/**
 * A field whose values are numbers (or null): `{"type": "number"}`, `{"anyOf": [{"type": "integer"}, {"type": "null"}]}`;
 * or of no known type (the notebook's examples only had `np.nan` there), whose missing value is the one it wrote.
 */
function isNumberField(schema: JsonSchema): boolean {
  if (Object.keys(schema).length === 0) return true;
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as readonly JsonSchema[]) : [schema];
  const types = branches.map((b) => b.type).filter((t) => t !== "null");
  return types.length > 0 && types.every((t) => t === "number" || t === "integer");
}

export function pipelineModule(plan: ServicePlan, notebookModule: TranslatedModule): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const sf = project.createSourceFile("pipeline.ts", "");
  const { preprocess, postprocess, input, output } = plan.pipeline;
  const fedInputs = plan.pipeline.postprocessInputs ?? [];
  const fieldsRead = plan.pipeline.postprocessFields ?? [];
  if (preprocess || postprocess) sf.addImportDeclaration({ moduleSpecifier: "./notebook.ts", namespaceImport: "notebook" });
  sf.addImportDeclaration({ moduleSpecifier: "../errors.ts", namedImports: postprocess ? ["fromPostprocessing", "fromPreprocessing"] : ["fromPreprocessing"] });
  const records = plan.request.records === true;
  const tensorImports: (string | { name: string; isTypeOnly: true })[] = [records ? "recordsToFeeds" : "bindInputs", { name: "Feeds", isTypeOnly: true }];
  if (!postprocess) tensorImports.push("rawResponse");
  // the notebook's postprocessing was written for the ZipMap's list of dicts the service's model no longer makes
  // (sess.run gives those dicts; a scikit-learn object's predict_proba gives the array the service now has)
  const zipMaps = postprocess !== null && plan.pipeline.sessionOutputs === true && (plan.model.signature.rewrite?.zipMaps.length ?? 0) > 0;
  if (zipMaps) tensorImports.push("restoreZipMaps");
  const squeezes = output.kind === "output" ? Boolean(output.squeeze) : output.kind === "outputs" && output.outputs.some((o) => o.squeeze);
  if (postprocess && squeezes) tensorImports.push("squeezeLast");
  sf.addImportDeclaration({ moduleSpecifier: "../tensors.ts", namedImports: tensorImports });
  sf.addImportDeclaration({ moduleSpecifier: "@nb2svc/runtime/ndarray", namedImports: [{ name: "NDArray", isTypeOnly: true }] });
  if (postprocess) sf.addImportDeclaration({ moduleSpecifier: "@nb2svc/runtime/py-json", namedImports: ["toJSON"] });

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
      // an image reaches the notebook's code as the file's bytes, whichever way the request carried it
      type: requestFieldType(fld),
      isReadonly: true,
      hasQuestionToken: !fld.required,
    })),
  });
  if (records) {
    sf.addTypeAlias({ isExported: true, name: "PredictRequest", docs: ["One record, or a list of records answered in order."], type: "PredictRecord | readonly PredictRecord[]" });
  }

  // the image request code (body parsers, checks) is in the bundle only when the service takes images
  if (plan.request.fields.some((fld) => fld.media === "image")) {
    sf.addExportDeclaration({
      moduleSpecifier: "../images.ts",
      namedExports: [{ name: "imageRequests", alias: "IMAGE_REQUESTS" }],
      leadingTrivia: "/** Image fields arrive as the raw body, a multipart/form-data file or base64 in JSON (src/images.ts). */\n",
    });
  } else {
    // `import type` as a whole: under verbatimModuleSyntax, `import { type x }` keeps the module as a side-effect import
    sf.addImportDeclaration({ moduleSpecifier: "../images.ts", isTypeOnly: true, namedImports: ["imageRequests"] });
    sf.addVariableStatement({
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["This service takes no image: JSON bodies only (src/images.ts is not part of the bundle)."],
      declarations: [{ name: "IMAGE_REQUESTS", type: "typeof imageRequests | null", initializer: "null" }],
    });
  }

  sf.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["A list of records runs the notebook's path once per record (a model fed the columns takes the list at once)."],
    declarations: [{ name: "EACH_RECORD", type: "boolean", initializer: String(plan.request.style === "record" && !records) }],
  });

  let feeds: string;
  if (preprocess) {
    const fn = notebookModule.functions.find((x) => x.name === preprocess);
    const params = fn?.params.map((p) => p.name) ?? plan.request.fields.map((x) => x.name);
    // a record request passes the record itself as the function's one parameter
    const missing = plan.request.style === "record" ? plan.request.fields.filter((x) => x.missing) : [];
    const one = f.createIdentifier(missing.length ? "record" : "body");
    // the notebook's function takes a list of records: one record is a one-record list
    const args = plan.request.style === "record" ? [plan.pipeline.recordList ? f.createArrayLiteralExpression([one]) : one] : params.map(field);
    const call = f.createCallExpression(notebookFunction(preprocess), undefined, args);
    feeds = [
      ...(missing.length ? withMissing(missing) : []),
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
    const sig = plan.model.signature;
    const source = f.createIdentifier(zipMaps ? "values" : "outputs");
    const at = (i: number, squeeze = false): ts.Expression => {
      const out = f.createElementAccessExpression(source, f.createNumericLiteral(i));
      // the notebook's framework drops the graph's trailing axis of 1 (a scikit-learn regressor's predict)
      const shape = sig.outputs[i]?.shape ?? [];
      return squeeze && !zipMaps && shape[shape.length - 1] === 1 ? f.createCallExpression(f.createIdentifier("squeezeLast"), undefined, [out]) : out;
    };
    let arg: ts.Expression =
      output.kind === "output"
        ? at(output.index, output.squeeze)
        : output.kind === "outputs"
          ? f.createArrayLiteralExpression(output.outputs.map((o) => at(o.index, o.squeeze)))
          : f.createArrayLiteralExpression([f.createSpreadElement(source)]);
    // values holds Python lists of dicts where outputs held arrays: the translated function takes Python values
    if (zipMaps) arg = f.createAsExpression(arg, f.createKeywordTypeNode(ts.SyntaxKind.NeverKeyword));
    // the model inputs it reads: what this request's preprocessing fed the model
    const fed = fedInputs.map((name) => f.createNonNullExpression(f.createElementAccessExpression(f.createNonNullExpression(f.createIdentifier("feeds")), f.createStringLiteral(name))));
    // the request fields it reads: the request's own values (a record request's record is the one parameter)
    const fromBody = fieldsRead.map((name) => f.createNonNullExpression(plan.request.style === "record" ? f.createIdentifier("body") : field(name)));
    const answer = `toJSON(${printNode(f.createCallExpression(notebookFunction(postprocess), undefined, [arg, ...fed, ...fromBody]))})`;
    response = [
      ...(zipMaps ? ["const values = restoreZipMaps(outputs);"] : []),
      "try {",
      plan.pipeline.unwrapRow
        ? [
            "  // the notebook answered several rows at once: one record's answer is the one item of its one-row answer",
            "  // (or, for columns of answers, `{predicted: [...], p: [...]}`, the record of each column's one item)",
            `  const answer: unknown = ${answer};`,
            "  if (Array.isArray(answer)) return answer.length === 1 ? answer[0] : answer;",
            "  const columns = answer !== null && typeof answer === \"object\" ? Object.entries(answer) : [];",
            "  if (columns.length > 0 && columns.every(([, v]) => Array.isArray(v) && v.length === 1)) return Object.fromEntries(columns.map(([k, v]) => [k, (v as unknown[])[0]]));",
            "  return answer;",
          ].join("\n")
        : `  return ${answer};`,
      "} catch (e) {",
      "  fromPostprocessing(e);",
      "}",
    ].join("\n");
  } else {
    response = `return rawResponse(outputs, body, ${records});`;
  }
  sf.addFunction({
    isExported: true,
    name: "postprocess",
    docs: [
      `The model's outputs (in output order) to the response body (the request's own body tells one record from several${fedInputs.length ? "; the postprocessing also reads the model inputs this request was given, `feeds`" : ""}${fieldsRead.length ? "; it reads fields of the request, `body`" : ""}).`,
    ],
    parameters: [
      { name: "outputs", type: "readonly NDArray[]" },
      { name: postprocess && !fieldsRead.length ? "_body" : "body", type: "PredictRequest", hasQuestionToken: true },
      { name: fedInputs.length ? "feeds" : "_feeds", type: "Feeds", hasQuestionToken: true },
    ],
    returnType: "unknown",
    statements: response,
  });
  return sf.getFullText();
}
