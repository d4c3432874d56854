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
  sf.addImportDeclaration({ moduleSpecifier: "./errors.ts", namedImports: postprocess ? ["fromPostprocessing", "fromPreprocessing"] : ["fromPreprocessing"] });
  sf.addImportDeclaration({ moduleSpecifier: "./tensors.ts", namedImports: ["bindInputs", { name: "Feeds", isTypeOnly: true }] });
  sf.addImportDeclaration({ moduleSpecifier: "./runtime/ndarray.ts", namedImports: [{ name: "NDArray", isTypeOnly: true }] });
  if (postprocess) sf.addImportDeclaration({ moduleSpecifier: "./runtime/py-json.ts", namedImports: ["toJSON"] });
  const squeezes = output.kind === "output" ? Boolean(output.squeeze) : output.kind === "outputs" && output.outputs.some((o) => o.squeeze);
  if (postprocess && squeezes) sf.addImportDeclaration({ moduleSpecifier: "./tensors.ts", namedImports: ["squeezeLast"] });
  else sf.addImportDeclaration({ moduleSpecifier: "./service.ts", namedImports: ["SERVICE"] });

  sf.addInterface({
    isExported: true,
    name: "PredictRequest",
    docs: [preprocess ? `The arguments of the notebook's \`${preprocess}\`, by parameter name.` : "One nested array per model input."],
    properties: plan.request.fields.map((fld) => ({
      name: printNode(propertyName(fld.name)),
      type: schemaType(fld.schema),
      isReadonly: true,
      hasQuestionToken: !fld.required,
    })),
  });

  let feeds: string;
  if (preprocess) {
    const fn = notebookModule.functions.find((x) => x.name === preprocess);
    const params = fn?.params.map((p) => p.name) ?? plan.request.fields.map((x) => x.name);
    // a record request passes the record itself as the function's one parameter
    const args = plan.request.style === "record" ? [f.createIdentifier("body")] : params.map(field);
    const call = f.createCallExpression(notebookFunction(preprocess), undefined, args);
    feeds = [
      "let result: unknown;",
      "try {",
      `  result = ${printNode(call)};`,
      "} catch (e) {",
      "  fromPreprocessing(e);",
      "}",
      `return bindInputs(result, ${JSON.stringify(input.kind)});`,
    ].join("\n");
  } else feeds = `return bindInputs(body, "dict");`;
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
    const at = (i: number, squeeze = false): ts.Expression => {
      const out = f.createElementAccessExpression(f.createIdentifier("outputs"), f.createNumericLiteral(i));
      // the notebook's framework drops the graph's trailing axis of 1 (a scikit-learn regressor's predict)
      const shape = sig.outputs[i]?.shape ?? [];
      return squeeze && shape[shape.length - 1] === 1 ? f.createCallExpression(f.createIdentifier("squeezeLast"), undefined, [out]) : out;
    };
    const arg =
      output.kind === "output"
        ? at(output.index, output.squeeze)
        : output.kind === "outputs"
          ? f.createArrayLiteralExpression(output.outputs.map((o) => at(o.index, o.squeeze)))
          : f.createArrayLiteralExpression([f.createSpreadElement(f.createIdentifier("outputs"))]);
    const answer = `toJSON(${printNode(f.createCallExpression(notebookFunction(postprocess), undefined, [arg]))})`;
    response = [
      "try {",
      plan.pipeline.unwrapRow
        ? [
            "  // the notebook answered several rows at once: one record's answer is the one item of its one-row answer",
            `  const answer = ${answer};`,
            "  return Array.isArray(answer) && answer.length === 1 ? answer[0] : answer;",
          ].join("\n")
        : `  return ${answer};`,
      "} catch (e) {",
      "  fromPostprocessing(e);",
      "}",
    ].join("\n");
  } else {
    response = "return Object.fromEntries(SERVICE.model.outputs.map((o, i) => [o.name, outputs[i]!.tolist()]));";
  }
  sf.addFunction({
    isExported: true,
    name: "postprocess",
    docs: ["The model's outputs (in output order) to the response body."],
    parameters: [{ name: "outputs", type: "readonly NDArray[]" }],
    returnType: "unknown",
    statements: response,
  });
  return sf.getFullText();
}
