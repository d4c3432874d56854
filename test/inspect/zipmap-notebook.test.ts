// A notebook written for skl2onnx's defaults, converted end to end: its postprocessing reads the ZipMap's list of
// {class: probability} dicts, the service runs the model without the ZipMap and rebuilds those dicts for it, and
// the service's own suite (what convert runs) replays the notebook's displayed answers (fixtures/zipmap_notebook,
// from gen_zipmap_notebook.py).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { convert } from "../../src/driver/pipeline.ts";
import { FIXTURES } from "./services.ts";
import { tempDir } from "../helpers/temp.ts";

describe("a skl2onnx notebook post-processing the ZipMap's dicts", () => {
  it("converts into a service whose own tests pass on the notebook's answers", async () => {
    const out = path.join(tempDir("nb2svc-zipmap-"), "svc");
    const r = await convert(path.join(FIXTURES, "zipmap_notebook", "zipmap_notebook.ipynb"), { out });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: "INSPECT_ZIPMAP_REMOVED" }));
    expect(r.plan!.goldens).toHaveLength(3);
    expect(r.verify).toMatchObject({ ok: true, failed: 0 });
    const pipeline = readFileSync(path.join(out, "src", "generated", "pipeline.ts"), "utf8");
    expect(pipeline).toContain("restoreZipMaps(outputs)");
    expect(readFileSync(path.join(out, "README.md"), "utf8")).toContain("removed ZipMap node `ZipMap`");
  }, 300_000);
});
