// A record field whose missing value the notebook fills (`df["Age"].fillna(...)`, an imputer) takes null or may be
// left out; a field the notebook does not fill stays a required value (a NaN would reach the model).
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { filledColumns, imputedColumns } from "../../src/analyze/missing.ts";
import type { Constant } from "../../src/analyze/types.ts";
import { packageRoot } from "../../src/assets.ts";
import { inspectNotebook } from "../../src/driver/pipeline.ts";
import { bodySchema } from "../../src/generate/api.ts";
import { pipelineModule } from "../../src/generate/pipeline-module.ts";
import { plan as makePlan } from "../../src/plan/plan.ts";
import type { ServicePlan } from "../../src/plan/types.ts";
import { getParser, parseWith } from "../../src/python/parse.ts";
import type { PyValue } from "../../src/python/values.ts";
import { translatePlan } from "../../src/translate/translate.ts";

async function filled(source: string, constants: readonly Constant[] = []) {
  const parser = await getParser();
  return filledColumns([parseWith(parser, source).body], constants);
}

const listConstant = (name: string, value: string[]): Constant => ({ name, source: { kind: "unresolved", at: null, expression: null }, value });

describe("the columns a path fills", () => {
  it("reads fillna on a column, on several, on a frame with a dict or one value, and tests for a missing value", async () => {
    expect(await filled('df["Age"] = df["Age"].fillna(age_median)\ndf.Fare.fillna(10, inplace=True)')).toEqual(["Age", "Fare"]);
    expect(await filled("df[NUM] = df[NUM].fillna(df[NUM].median())", [listConstant("NUM", ["a", "b"])])).toEqual(["a", "b"]);
    expect(await filled('df = df.fillna({"Embarked": "S", "Age": 30})')).toEqual(["Embarked", "Age"]);
    expect(await filled("df = df.fillna(0)")).toBe("*");
    expect(await filled('df["Cabin_known"] = df["Cabin"].notna().astype(int)\nx = np.where(pd.isnull(df["Age"]), 1, 0)')).toEqual(["Cabin", "Age"]);
    // ffill fills nothing in one row; a frame's own attributes are not columns
    expect(await filled('df["Age"] = df["Age"].ffill()\nx = df.values.astype("float32")')).toEqual([]);
  });

  it("reads an imputer from a file: the columns it is given, or those of a ColumnTransformer's imputing part", async () => {
    const obj = (cls: string, entries: [string, PyValue][]): PyValue => ({ k: "object", cls, state: { k: "dict", entries: entries.map(([k, v]) => [{ k: "str", v: k }, v] as const) } });
    const str = (v: string): PyValue => ({ k: "str", v });
    const imputer = obj("sklearn.impute._base.SimpleImputer", [["strategy", str("median")]]);
    const saved: Constant = { name: "imputer", source: { kind: "json-file", at: { cell: 1, line: 1, column: 1 }, file: "imp.joblib", key: null, format: "pickle" }, data: imputer };
    expect(await filled('df[["Age", "Fare"]] = imputer.transform(df[["Age", "Fare"]])', [saved])).toEqual(["Age", "Fare"]);
    expect(await filled("X = imputer.transform(df)", [saved])).toBe("*");
    const ct = obj("sklearn.compose._column_transformer.ColumnTransformer", [
      ["transformers", { k: "list", items: [
        { k: "tuple", items: [str("num"), obj("sklearn.pipeline.Pipeline", [["steps", { k: "list", items: [{ k: "tuple", items: [str("imp"), imputer] }] }]]), { k: "list", items: [str("age"), str("fare")] }] },
        { k: "tuple", items: [str("cat"), obj("sklearn.preprocessing._encoders.OneHotEncoder", []), { k: "list", items: [str("sex")] }] },
      ] }],
    ]);
    expect(imputedColumns(ct)).toEqual(["age", "fare"]);
    expect(imputedColumns(obj("sklearn.preprocessing._data.StandardScaler", []))).toBeNull();
  });
});

describe("a notebook that fills missing values (titanic-median-mode-fill)", () => {
  let filling: ServicePlan;
  let notFilling: ServicePlan;
  beforeAll(async () => {
    const corpus = (n: string) => path.join(packageRoot(), "test", "corpus", n, `${n}.ipynb`);
    const a = await inspectNotebook(corpus("titanic-median-mode-fill"));
    filling = makePlan(a.analysis!, a.signature!, { toolVersion: "0.0.0-test" });
    const b = await inspectNotebook(corpus("titanic-rf-map-encoding"));
    notFilling = makePlan(b.analysis!, b.signature!, { toolVersion: "0.0.0-test" });
  });

  it("takes null, or nothing, for the filled fields and a value for the others", () => {
    const byName = Object.fromEntries(filling.request.fields.map((f) => [f.name, f]));
    for (const n of ["Age", "Fare", "Embarked"]) expect(byName[n]).toMatchObject({ required: false, missing: true });
    for (const n of ["Pclass", "Sex", "SibSp", "Parch"]) expect(byName[n]).toMatchObject({ required: true });
    const validate = new Ajv2020({ strict: false }).compile(bodySchema(filling) as object);
    const passenger = { Pclass: 2, Sex: "female", Age: 41, SibSp: 1, Parch: 0, Fare: 26, Embarked: "S" };
    expect(validate({ ...passenger, Age: null, Embarked: null })).toBe(true);
    const { Age: _age, Fare: _fare, ...left } = passenger;
    expect(validate(left)).toBe(true);
    expect(validate({ ...passenger, Pclass: null })).toBe(false);
    expect(validate({ ...passenger, Sex: undefined })).toBe(false);
    // the notebook whose inference path fills nothing (it fills the training frame only) keeps every field a value
    expect(notFilling.request.fields.every((f) => f.required && !f.missing)).toBe(true);
    expect(new Ajv2020({ strict: false }).compile(bodySchema(notFilling) as object)({ ...passenger, Age: null })).toBe(false);
  });

  it("hands a missing value to the notebook as pandas' own: NaN for a number, None for a string", async () => {
    const text = pipelineModule(filling, await translatePlan(filling));
    expect(text).toContain('const record = { ...body, Age: body["Age"] ?? NaN, Fare: body["Fare"] ?? NaN, Embarked: body["Embarked"] ?? null };');
    expect(text).toContain('notebook["preprocess_2"](record)');
    expect(pipelineModule(notFilling, await translatePlan(notFilling))).not.toContain("const record");
  });
});

describe("an example with a missing value written as np.nan", () => {
  it("reads np.nan (and math.nan) in a literal as a missing value: null in the request", async () => {
    const { parsePython } = await import("../../src/python/parse.ts");
    const { ModuleScope } = await import("../../src/python/scope.ts");
    const { Resolver } = await import("../../src/analyze/resolve.ts");
    const { toJson } = await import("../../src/analyze/evaluate.ts");
    const module = await parsePython('import math\nimport numpy as np\nx = {"age": 35, "income": np.nan, "debt": math.nan}');
    const scope = new ModuleScope([{ index: 0, module, tags: [] }]);
    const v = new Resolver(scope, "/tmp").valueOf("x", scope.statements.length);
    expect(v && toJson(v)).toEqual({ age: 35, income: null, debt: null });
  });

  it("takes any value for a filled field the examples only showed missing, and hands its absence on as NaN", async () => {
    const fn = { name: "score", cell: 1, line: 1, column: 1, params: [{ name: "applicant", kind: "positional" as const }], source: "", lineOffset: 0, calls: [], globals: [], modules: {} };
    const analysis = {
      notebook: "/nb/loans.ipynb", cellRoles: [], imports: {}, models: [], modelPath: "/nb/m.onnx", functions: [fn], inference: [],
      inferencePath: { kind: "functions" as const, cells: [1] }, preprocess: "score", postprocess: null, entries: ["score"], helpers: [], constants: [],
      goldens: [{ cell: 2, call: "score(...)", input: { applicant: { age: 35, income: null, grade: "B" } }, expected: 0.5, outputText: "0.5" }],
      filledColumns: { score: ["age", "income"] }, diagnostics: [],
    };
    const signature = { path: "/nb/m.onnx", sha256: "0".repeat(64), bytes: 10, opset: 17, producer: "skl2onnx", inputs: [{ name: "X", dtype: "float32" as const, shape: ["N", 3] }], outputs: [{ name: "y", dtype: "float32" as const, shape: ["N", 1] }] };
    const p = makePlan(analysis, signature, { toolVersion: "1" });
    expect(p.request.fields).toEqual([
      { name: "age", schema: { anyOf: [{ type: "number" }, { type: "null" }] }, required: false, missing: true },
      { name: "income", schema: {}, required: false, missing: true },
      { name: "grade", schema: { type: "string" }, required: true },
    ]);
    const text = pipelineModule(p, { functions: [{ name: "score", params: [{ name: "applicant" }] }] } as never);
    expect(text).toContain('const record = { ...body, age: body["age"] ?? NaN, income: body["income"] ?? NaN };');
  });
});
