// Translate-level parity: pipelines.py (image preprocessing written the way notebooks write it: PIL, torchvision,
// OpenCV and Keras, module-level transforms and constants) is translated by nb2svc's translator, bundled with the
// runtime and run on the fixture images' bytes; each result must equal what Python computed for the same bytes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { translatePython, type Loaded } from "../../helpers/translated.ts";
import { NDArray } from "../../../src/runtime/ndarray.ts";
import { compareResult, loadCases, readSource } from "./cases.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const cases = loadCases().filter((c) => c.id.startsWith("pipeline/"));

describe("image pipelines translated by nb2svc", () => {
  let fns: Loaded;
  beforeAll(async () => {
    ({ fns } = await translatePython(readFileSync(path.join(HERE, "pipelines.py"), "utf8")));
  }, 120_000);

  it("covers every pipeline function", () => {
    const names = new Set(cases.map((c) => c.ops[0]![1] as string));
    expect([...names].sort()).toEqual(Object.keys(fns).filter((k) => !/^[A-Z_]+$/.test(k)).sort());
  });

  for (const c of cases) {
    it(c.id, () => {
      const [, fname, source, ...extra] = c.ops[0] as [string, string, string, ...unknown[]];
      const got = fns[fname]!(readSource(source), ...extra);
      // exported functions return plain values: arrays come back as NDArrays
      compareResult(got, c.expect, c.id, (x) => x as NDArray);
    });
  }
});
