// The typed client (src/client.ts, bundled as the package client/: index.js with index.d.ts) against the running service:
// one method per documented operation, the notebook's answers through predict(), errors as ServiceError with the
// status and the service's message. The bundle imports nothing, so another project can use it as it is.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, MODEL_NAME, ServiceError, type InferRequest, type PredictRequest } from "../src/generated/client.ts";
import { SERVICE } from "../src/generated/service.ts";
import { differences, fillInputs, goldens, root, startService, toleranceOf, type Running, openapiDocument } from "./helpers.ts";

let svc: Running;
let client: Client;
beforeAll(async () => {
  svc = await startService();
  client = new Client(svc.url);
});
afterAll(async () => {
  await svc?.close();
});

const zeros = (): InferRequest => ({ id: "z", inputs: fillInputs() as InferRequest["inputs"] });

describe("the typed client", () => {
  it("has one method per documented operation", async () => {
    const operations = Object.values((await openapiDocument()).paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    const methods = Object.getOwnPropertyNames(Client.prototype).filter((m) => m !== "constructor" && m !== "request");
    expect(methods.sort()).toEqual(operations.sort());
    expect(MODEL_NAME).toBe(SERVICE.name);
  });

  it("predict() gives the notebook's answers", async () => {
    for (const g of goldens) {
      const answer = await client.predict(g.request as PredictRequest);
      expect(differences(answer, g.expected, toleranceOf(g))).toEqual([]);
    }
  });

  it("predict() takes image files as bytes (Uint8Array) or a Blob, sent as a multipart form", async () => {
    const withFiles = goldens.filter((g) => Object.keys(g.files).length > 0);
    for (const g of withFiles) {
      const asBytes = { ...g.request, ...Object.fromEntries(Object.entries(g.files).map(([k, b]) => [k, new Uint8Array(b)])) };
      expect(differences(await client.predict(asBytes as PredictRequest), g.expected, toleranceOf(g))).toEqual([]);
      const asBlobs = { ...g.request, ...Object.fromEntries(Object.entries(g.files).map(([k, b]) => [k, new Blob([b])])) };
      expect(differences(await client.predict(asBlobs as PredictRequest), g.expected, toleranceOf(g))).toEqual([]);
    }
  });

  it("every other method answers as the route does", async () => {
    expect(await client.healthz()).toEqual({ status: "ok" });
    expect(await client.readyz()).toMatchObject({ status: "ready" });
    expect(await client.metrics()).toContain("http_requests_total");
    expect((await client.openapi()).openapi).toBe("3.1.0");
    expect(await client.docs()).toContain("<!doctype html>");
    expect(await client.serverMetadata()).toMatchObject({ name: SERVICE.name });
    expect(await client.serverLive()).toEqual({ live: true });
    expect(await client.serverReady()).toEqual({ ready: true });
    expect((await client.modelMetadata()).platform).toBe("onnx_onnxv1");
    expect(await client.modelReady()).toEqual({ name: SERVICE.name, ready: true });
    const answer = await client.modelInfer(zeros());
    expect(answer.id).toBe("z");
    expect(answer.outputs.map((o) => o.name)).toEqual(SERVICE.model.outputs.map((o) => o.name));
  });

  it("throws ServiceError with the status and the service's message", async () => {
    const bad = client.predict({} as PredictRequest);
    await expect(bad).rejects.toBeInstanceOf(ServiceError);
    await expect(bad).rejects.toMatchObject({ status: 400, body: { error: expect.any(String) } });
    const other = new Client(svc.url, { model: "other" });
    await expect(other.modelMetadata()).rejects.toMatchObject({ status: 404, message: expect.stringContaining("other") });
  });

  it("is bundled as the package client/ (importing nothing, typed by client/index.d.ts) and works from there", async () => {
    const bundle = path.join(root, "client", "index.js");
    expect(existsSync(bundle), "run `npm run build` first").toBe(true);
    expect(readFileSync(bundle, "utf8")).not.toMatch(/^\s*import\s|require\(/m);
    expect(readFileSync(path.join(root, "client", "index.d.ts"), "utf8")).toContain("export declare class Client");
    const pkg = JSON.parse(readFileSync(path.join(root, "client", "package.json"), "utf8")) as { exports: Record<string, { default: string; types: string }>; dependencies?: unknown };
    expect(pkg.exports["."]).toEqual({ types: "./index.d.ts", default: "./index.js" });
    expect(pkg.dependencies).toBeUndefined();
    const mod = (await import(pathToFileURL(bundle).href)) as typeof import("../src/generated/client.ts");
    const fromBundle = new mod.Client(svc.url + "/");
    expect(differences(await fromBundle.predict(goldens[0]!.request as PredictRequest), goldens[0]!.expected, toleranceOf(goldens[0]!))).toEqual([]);
  });
});
