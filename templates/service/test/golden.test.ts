// Replays the examples the notebook itself ran against the real HTTP service and compares with the notebook's
// displayed answers (src/generated/goldens.json, written by nb2svc from the notebook's outputs). An example that opened an
// image file sends that file (copied into test/fixtures/) in each form the service takes: base64 in JSON, the raw
// body, and a multipart/form-data file part.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMAGE_FIELDS, REQUEST_SCHEMA } from "../src/generated/service.ts";
import { differences, formOf, goldens, startService, toleranceOf, type Golden, type Running } from "./helpers.ts";

const recorded = goldens as (Golden & { readonly source?: "notebook" | "model-check" })[];

let svc: Running;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc?.app.close();
});

/** An example that is one image and nothing else can be sent as the image file itself. */
const onlyImage = (g: Golden) => IMAGE_FIELDS.length === 1 && Object.keys(g.request).length === 1 && g.files[IMAGE_FIELDS[0]!] !== undefined;
const required: readonly string[] = (REQUEST_SCHEMA as { required?: readonly string[] }).required ?? [];

describe("the notebook's own examples", () => {
  if (recorded.length === 0) {
    // nb2svc says so at conversion (VERIFY_NO_MODEL_CHECKS): the notebook showed no answer and no input made from the
    // request schema ran through the service
    it.skip("no example to replay: the notebook displayed no answer and nb2svc could make no model check", () => undefined);
    return;
  }
  for (const g of recorded) {
    const what = g.source === "model-check" ? "model check" : "notebook";
    it(`${g.name} (${what}): ${g.call.length > 80 ? g.call.slice(0, 77) + "..." : g.call}`, async () => {
      const res = await svc.post("/predict", g.request);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(differences(res.body, g.expected, toleranceOf(g))).toEqual([]);
    });
    if (Object.keys(g.files).length === 0) continue;
    it(`${g.name}: the image file as a multipart/form-data part gives the same answer`, async () => {
      const res = await fetch(svc.url + "/predict", { method: "POST", body: formOf(g) });
      const text = await res.text();
      expect(res.status, text).toBe(200);
      expect(differences(JSON.parse(text), g.expected, toleranceOf(g))).toEqual([]);
    });
    if (onlyImage(g) && required.every((f) => IMAGE_FIELDS.includes(f))) {
      it(`${g.name}: the image file as the request body gives the same answer`, async () => {
        const bytes = g.files[IMAGE_FIELDS[0]!]!;
        for (const type of ["application/octet-stream", mediaType(bytes)]) {
          const res = await fetch(svc.url + "/predict", { method: "POST", headers: { "content-type": type }, body: bytes });
          const text = await res.text();
          expect(res.status, `${type}: ${text}`).toBe(200);
          expect(differences(JSON.parse(text), g.expected, toleranceOf(g))).toEqual([]);
        }
      });
      it(`${g.name}: the image as a data: URL in JSON gives the same answer`, async () => {
        const bytes = g.files[IMAGE_FIELDS[0]!]!;
        const res = await svc.post("/predict", { [IMAGE_FIELDS[0]!]: `data:${mediaType(bytes)};base64,${bytes.toString("base64")}` });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(differences(res.body, g.expected, toleranceOf(g))).toEqual([]);
      });
    }
  }
  it("answers the same examples again identically (no state leaks between requests)", async () => {
    const first = await Promise.all(recorded.map((g) => svc.post("/predict", g.request)));
    const second = await Promise.all(recorded.map((g) => svc.post("/predict", g.request)));
    expect(second.map((r) => r.body)).toEqual(first.map((r) => r.body));
  });
});

/** The media type of an image file, from its first bytes (what a client would send). */
function mediaType(b: Buffer): string {
  if (b[0] === 0x89 && b[1] === 0x50) return "image/png";
  if (b[0] === 0xff && b[1] === 0xd8) return "image/jpeg";
  if (b.subarray(0, 3).toString("latin1") === "GIF") return "image/gif";
  if (b.subarray(0, 2).toString("latin1") === "BM") return "image/bmp";
  if (b.subarray(8, 12).toString("latin1") === "WEBP") return "image/webp";
  return "image/tiff";
}
