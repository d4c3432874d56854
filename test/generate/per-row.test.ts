// A path the notebook ran on several rows at once (`X_test.head(5)` fed column by column to a model with one input per
// column, the answer a frame of prediction columns): the service takes one record per row and answers one record per
// row, and the notebook's rows are an example as a list of records with a list of answers (the corpus'
// wine-quality-column-inputs; its service's answers, one record per row, are checked by test/e2e/corpus.test.ts).
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { inspectNotebook } from "../../src/driver/pipeline.ts";
import { plan as makePlan } from "../../src/plan/plan.ts";
import type { ServicePlan } from "../../src/plan/types.ts";

const NOTEBOOK = path.join(packageRoot(), "test", "corpus", "wine-quality-column-inputs", "wine-quality-column-inputs.ipynb");
let plan: ServicePlan;

beforeAll(async () => {
  const a = await inspectNotebook(NOTEBOOK);
  plan = makePlan(a.analysis!, a.signature!, { toolVersion: "0.0.0-test" });
});

describe("a model with one input per column, scored on several rows at once", () => {
  it("takes a record per row: the table's columns, the target optional", () => {
    expect(plan.request.style).toBe("record");
    expect(plan.request.fields.map((f) => f.name)).toContain("fixed acidity");
    expect(plan.request.fields.find((f) => f.name === "quality")?.required).toBe(false);
    expect(plan.pipeline.unwrapRow).toBe(true);
  });

  it("makes the rows the notebook showed an example: a list of records answered by a list of records", () => {
    const g = plan.goldens.find((x) => x.cell === 8)!;
    expect(Array.isArray(g.request) && g.request.length).toBe(5);
    expect((g.request as unknown as Record<string, unknown>[])[0]).toMatchObject({ "fixed acidity": 8.4, alcohol: 9.7 });
    expect(g.expected).toEqual([
      { predicted: "not good", p_good: 0.081 },
      { predicted: "not good", p_good: 0.343 },
      { predicted: "not good", p_good: 0.017 },
      { predicted: "not good", p_good: 0.047 },
      { predicted: "not good", p_good: 0.086 },
    ]);
  });
});
