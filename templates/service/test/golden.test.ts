// Replays the examples the notebook itself ran against the real HTTP service and compares with the notebook's
// displayed answers (test/goldens.json, written by nb2svc from the notebook's outputs).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { differences, root, startService, type Running, type Tolerance } from "./helpers.ts";

interface Golden {
  readonly name: string;
  readonly call: string;
  readonly request: unknown;
  readonly expected: unknown;
  /** The notebook showed this answer rounded: how far from it the service's answer may be, on top of `tolerance`. */
  readonly atol?: number;
  /** notebook: displayed by the notebook; model-check: computed by the model when nb2svc converted the notebook. */
  readonly source: "notebook" | "model-check";
}
const { tolerance, goldens } = JSON.parse(readFileSync(path.join(root, "test", "goldens.json"), "utf8")) as {
  tolerance: Tolerance;
  goldens: Golden[];
};

let svc: Running;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc?.app.close();
});

describe("the notebook's own examples", () => {
  if (goldens.length === 0) {
    // nb2svc says so at conversion (VERIFY_NO_MODEL_CHECKS): the notebook showed no answer and no input made from the
    // request schema ran through the service
    it.skip("no example to replay: the notebook displayed no answer and nb2svc could make no model check", () => undefined);
    return;
  }
  for (const g of goldens) {
    const what = g.source === "model-check" ? "model check" : "notebook";
    it(`${g.name} (${what}): ${g.call.length > 80 ? g.call.slice(0, 77) + "..." : g.call}`, async () => {
      const res = await svc.post("/predict", g.request);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(differences(res.body, g.expected, { ...tolerance, atol: tolerance.atol + (g.atol ?? 0) })).toEqual([]);
    });
  }
  it("answers the same examples again identically (no state leaks between requests)", async () => {
    const first = await Promise.all(goldens.map((g) => svc.post("/predict", g.request)));
    const second = await Promise.all(goldens.map((g) => svc.post("/predict", g.request)));
    expect(second.map((r) => r.body)).toEqual(first.map((r) => r.body));
  });
});
