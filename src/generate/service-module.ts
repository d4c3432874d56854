// src/generated/service.ts of the generated service: the plan's facts the static code reads (model file and signature,
// request schema, defaults), as typed constants.
import { Project, VariableDeclarationKind } from "ts-morph";
import type { TensorInfo } from "../inspect/types.ts";
import type { ServicePlan } from "../plan/types.ts";
import { OIP_DATATYPES, requestSchema, SERVICE_VERSION } from "./api.ts";
import { constText, jsonText } from "../codegen/ts-print.ts";

export function serviceModule(plan: ServicePlan): string {
  const project = new Project({ useInMemoryFileSystem: true });
  const sf = project.createSourceFile("service.ts", "");
  const sig = plan.model.signature;
  sf.addTypeAlias({
    isExported: true,
    name: "TensorType",
    type: `"float32" | "float64" | "int64" | "int32" | "int16" | "int8" | "uint8" | "uint16" | "uint32" | "bool" | "string"`,
  });
  sf.addTypeAlias({
    isExported: true,
    name: "OipDatatype",
    type: [...new Set(Object.values(OIP_DATATYPES))].map((d) => JSON.stringify(d)).join(" | "),
  });
  sf.addInterface({
    isExported: true,
    name: "TensorSpec",
    docs: ["A model input or output: its name, element type and shape (numbers are fixed, strings symbolic)."],
    properties: [
      { name: "name", type: "string", isReadonly: true },
      { name: "dtype", type: "TensorType", isReadonly: true },
      { name: "shape", type: "readonly (number | string | null)[]", isReadonly: true },
      { name: "datatype", type: "OipDatatype", isReadonly: true, docs: ["The Open Inference Protocol's name for dtype."] },
      { name: "warmup", type: "string | number", isReadonly: true, hasQuestionToken: true, docs: ["Inputs: a value the model accepts everywhere, for the warm-up run."] },
      { name: "nullable", type: "boolean", isReadonly: true, hasQuestionToken: true, docs: ["Inputs: the model imputes NaN, so a request's null means missing."] },
    ],
  });
  sf.addInterface({
    isExported: true,
    name: "ClassifierSpec",
    docs: ["A classifier's outputs: which holds the labels, which the probabilities, and the classes in column order."],
    properties: [
      { name: "label", type: "number", isReadonly: true },
      { name: "probabilities", type: "number", isReadonly: true },
      { name: "classes", type: "readonly (string | number)[]", isReadonly: true },
    ],
  });
  sf.addInterface({
    isExported: true,
    name: "ServiceDescription",
    properties: [
      { name: "name", type: "string", isReadonly: true },
      { name: "version", type: "string", isReadonly: true },
      { name: "notebook", type: "string", isReadonly: true },
      { name: "generatedBy", type: "string", isReadonly: true },
      { name: "host", type: "string", isReadonly: true },
      { name: "port", type: "number", isReadonly: true },
      {
        name: "model",
        isReadonly: true,
        type: "{ readonly file: string; readonly sha256: string; readonly opset: number | null; readonly producer: string | null; readonly batchable: boolean; readonly inputs: readonly TensorSpec[]; readonly outputs: readonly TensorSpec[]; readonly classifier: ClassifierSpec | null; readonly records: boolean; readonly data: readonly { readonly file: string; readonly sha256: string }[]; readonly rewritten: readonly string[]; readonly zipMaps: readonly { readonly output: number; readonly classes: readonly (string | number)[] }[] }",
      },
      {
        name: "batching",
        isReadonly: true,
        type: "{ readonly enabled: boolean; readonly maxBatchRows: number; readonly maxDelayMs: number; readonly maxQueueRows: number }",
      },
      {
        name: "limits",
        isReadonly: true,
        type: "{ readonly bodyLimitBytes: number; readonly requestTimeoutMs: number; readonly shutdownGraceMs: number; readonly imageMaxBytes: number; readonly imageMaxPixels: number }",
      },
    ],
  });
  const tensor = (t: TensorInfo) => ({ ...t, datatype: OIP_DATATYPES[t.dtype] });
  const service = {
    name: plan.name,
    version: SERVICE_VERSION,
    notebook: plan.notebook.fileName,
    generatedBy: `nb2svc ${plan.toolVersion}`,
    host: plan.options.host,
    port: plan.options.port,
    model: {
      file: plan.model.fileName,
      sha256: sig.sha256,
      opset: sig.opset,
      producer: sig.producer,
      batchable: plan.model.batchable,
      inputs: sig.inputs.map(tensor),
      outputs: sig.outputs.map(tensor),
      classifier: sig.classifier ? { label: sig.classifier.label, probabilities: sig.classifier.probabilities, classes: sig.classifier.classes } : null,
      records: plan.request.records === true,
      data: (sig.dataFiles ?? []).map((d) => ({ file: d.location, sha256: d.sha256 })),
      rewritten: sig.rewrite?.changes ?? [],
      zipMaps: sig.rewrite?.zipMaps ?? [],
    },
    batching: plan.options.batching,
    limits: plan.options.limits,
  };
  // one insertion (ts-morph parses the file again after each)
  sf.addVariableStatements([
    {
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["What nb2svc found in the notebook and its model."],
      declarations: [{ name: "SERVICE", type: "ServiceDescription", initializer: jsonText(service) }],
    },
    {
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["JSON Schema of the POST /predict body, which Fastify validates before the notebook's code sees it."],
      declarations: [{ name: "REQUEST_SCHEMA", initializer: constText(requestSchema(plan)) }],
    },
    {
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["fields: the body's keys are the request's fields; record: the body is one record, or a list of records (each\nrun through the notebook's path alone, answered in order)."],
      declarations: [{ name: "REQUEST_STYLE", type: '"fields" | "record"', initializer: JSON.stringify(plan.request.style) }],
    },
    {
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["Request fields that carry an image file (the notebook opened them with Image.open, cv2.imread, ...): sent as the raw\nbody, a multipart/form-data file or base64 in JSON, and handed to the notebook's code as the file's bytes."],
      declarations: [{ name: "IMAGE_FIELDS", type: "readonly string[]", initializer: JSON.stringify(plan.request.fields.filter((f) => f.media === "image").map((f) => f.name)) }],
    },
  ]);
  return sf.getFullText();
}
