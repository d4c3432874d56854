// The answer of a model served without a postprocessing function (rawResponse): its rows are ordinary objects whose
// keys are the model's class labels or output names, which can be any string. "__proto__" and "constructor" are keys
// of the answer like any other, and never change an object's prototype.
import { afterEach, describe, expect, it } from "vitest";
import { NDArray, StrArray, type TypedArray } from "@nb2svc/runtime/ndarray";
import { SERVICE, type ServiceDescription } from "../src/generated/service.ts";
import { rawResponse } from "../src/tensors.ts";

type ModelDescription = ServiceDescription["model"];
const served = SERVICE.model;

/** This test's model in place of the converted one (rawResponse reads SERVICE.model); put back after each test. */
function serve(model: Partial<ModelDescription>): void {
  (SERVICE as { model: ModelDescription }).model = { ...served, ...model };
}
afterEach(() => {
  (SERVICE as { model: ModelDescription }).model = served;
});

const strings = (xs: string[]) => new NDArray(StrArray.fromStrings(xs) as unknown as TypedArray, [xs.length], "str");
const floats = (rows: number[][]) => new NDArray(Float32Array.from(rows.flat()), [rows.length, rows[0]!.length], "float32");

/** Each object of an answer: its own keys, and that its prototype is Object's. */
function expectPlain(objects: readonly Record<string, unknown>[], keys: readonly string[]): void {
  for (const o of objects) {
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(keys);
  }
}

describe("rawResponse", () => {
  it("gives a classifier's probabilities by class, a class named __proto__ or constructor among them", () => {
    const classes = ["setosa", "__proto__", "constructor"];
    serve({
      outputs: [
        { name: "output_label", dtype: "string", shape: ["N"], datatype: "BYTES" },
        { name: "output_probability", dtype: "float32", shape: ["N", 3], datatype: "FP32" },
      ],
      classifier: { label: 0, probabilities: 1, classes },
      zipMaps: [],
    });
    const outputs = [strings(["__proto__", "constructor"]), floats([[0.25, 0.5, 0.25], [0.125, 0.375, 0.5]])];
    const rows = rawResponse(outputs, [{}, {}], true) as { label: string; probabilities: Record<string, number> }[];
    expect(JSON.stringify(rows)).toBe(
      '[{"label":"__proto__","probabilities":{"setosa":0.25,"__proto__":0.5,"constructor":0.25}},' +
        '{"label":"constructor","probabilities":{"setosa":0.125,"__proto__":0.375,"constructor":0.5}}]',
    );
    expectPlain(rows, ["label", "probabilities"]);
    expectPlain(rows.map((r) => r.probabilities), classes);
    // one record answers one row
    expect(JSON.stringify(rawResponse(outputs, {}, true))).toBe(JSON.stringify(rows[0]));
  });

  it("gives a record's outputs by name, an output named __proto__ or constructor among them", () => {
    serve({
      outputs: [
        { name: "__proto__", dtype: "float32", shape: ["N", 2], datatype: "FP32" },
        { name: "constructor", dtype: "string", shape: ["N"], datatype: "BYTES" },
      ],
      classifier: null,
      zipMaps: [],
    });
    const rows = rawResponse([floats([[0.5, 1], [2, 4]]), strings(["a", "b"])], [{}, {}], true) as Record<string, unknown>[];
    expect(JSON.stringify(rows)).toBe('[{"__proto__":[0.5,1],"constructor":"a"},{"__proto__":[2,4],"constructor":"b"}]');
    expectPlain(rows, ["__proto__", "constructor"]);
  });
});
