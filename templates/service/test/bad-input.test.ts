// Bad requests get a 4xx with {"error": "..."} naming what is wrong, never a 5xx, and the service keeps answering.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REQUEST_SCHEMA } from "../src/service.ts";
import { root, startService, type Running } from "./helpers.ts";

const { goldens } = JSON.parse(readFileSync(path.join(root, "test", "goldens.json"), "utf8")) as {
  goldens: { request: Record<string, unknown> }[];
};
const good = goldens[0]?.request ?? {};
const fields = Object.keys(REQUEST_SCHEMA.properties);
const required: readonly string[] = REQUEST_SCHEMA.required;

let svc: Running;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc?.app.close();
});

async function expectClientError(body: unknown, mention?: string, headers?: Record<string, string>): Promise<void> {
  const res = await svc.post("/predict", body, headers);
  expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
  const error = (res.body as { error?: unknown }).error;
  expect(typeof error).toBe("string");
  if (mention) expect(error).toContain(mention);
  // and the service still answers a good request
  if (goldens.length) expect((await svc.post("/predict", good)).status).toBe(200);
}

describe("bad requests", () => {
  it("invalid JSON", () => expectClientError("{not json", "JSON"));
  it("an empty body", () => expectClientError("", undefined));
  it("a JSON array instead of an object", () => expectClientError([1, 2, 3]));
  it("a body that is not JSON", () => expectClientError("a=1", "JSON", { "content-type": "application/x-www-form-urlencoded" }));
  it("an unknown field", () => expectClientError({ ...good, not_a_field: 1 }, "not_a_field"));
  it("a __proto__ key", () => expectClientError(`{"__proto__": {"polluted": true}, ${JSON.stringify(good).slice(1)}`));
  for (const f of required) {
    it(`missing "${f}"`, () => {
      const body: Record<string, unknown> = { ...good };
      delete body[f];
      return expectClientError(body, f);
    });
  }
  for (const f of fields) {
    it(`"${f}" of the wrong type`, () => expectClientError({ ...good, [f]: { wrong: "type" } }, f));
    it(`"${f}" as null`, () => expectClientError({ ...good, [f]: null }, f));
  }
  it("keeps the prototype of plain objects intact", () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
