// The hostile-notebook corpus (make_fixtures.py): notebooks are untrusted input. Strings stay data in generated
// code (the service's own tests compare them exactly), nothing outside the notebook's folder is read, and nothing
// of the notebook runs.
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { convert, inspectNotebook } from "../../src/driver/pipeline.ts";
import { nb2svc } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

const here = path.join(packageRoot(), "test", "hostile");
const nb = (name: string) => path.join(here, name, "notebook.ipynb");
const markers = ["/tmp/nb2svc-pwned", "/tmp/nb2svc-pwned-convert", "/tmp/nb2svc-pwned-service"];

describe("hostile notebooks", () => {
  it("strings with quotes, backticks, ${...}, */, </script>, newlines and U+2028 stay data, exactly", async () => {
    const out = path.join(tempDir("nb2svc-hostile-"), "svc");
    const r = await convert(nb("strings"), { out });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // the goldens hold every hostile string as a key or value: the service's tests compared them exactly
    expect(r.verify).toMatchObject({ ok: true, failed: 0 });
    expect(r.plan!.goldens).toHaveLength(1);
  }, 120_000);

  for (const name of ["model-path-traversal", "model-path-absolute", "model-path-symlink"]) {
    it(`${name}: a model path leading outside the notebook's folder is not read`, async () => {
      const r = await inspectNotebook(nb(name));
      expect(r.signature).toBeNull();
      expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: "ANALYZE_MODEL_OUTSIDE", severity: "error" }));
    });
  }

  it("an explicit --model PATH outside the folder is the person's choice, and is used", async () => {
    const r = await inspectNotebook(nb("model-path-absolute"), { modelPath: path.join(packageRoot(), "examples", "iris", "iris.onnx") });
    expect(r.signature?.inputs[0]?.name).toBe("features");
  });

  it("data files outside the notebook's folder are not read", async () => {
    const r = await inspectNotebook(nb("data-outside"));
    const constants = new Map(r.analysis!.constants.map((c) => [c.name, c]));
    expect(constants.get("SECRET")?.source.kind).toBe("unresolved");
    expect(constants.get("CFG")?.source.kind).toBe("unresolved");
    expect(JSON.stringify(r)).not.toContain("root:x:0:0");
  });

  it("code that would run a command is neither run at conversion nor translated into the service", async () => {
    for (const m of markers) rmSync(m, { force: true });
    const parent = tempDir("nb2svc-hostile-");
    const r = await nb2svc(["convert", nb("command"), "--out", path.join(parent, "svc"), "--yes"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("`__import__` is not translated");
    expect(r.stderr).toContain("`subprocess.run` is outside what nb2svc translates");
    expect(readdirSync(parent)).toEqual([]);
    // inspect reads and reports (the same refusals, so it fails as convert does); it runs nothing either
    const inspected = await nb2svc(["inspect", nb("command"), "--json"]);
    expect(inspected.code).toBe(1);
    expect(inspected.stdout).toContain("`__import__` is not translated");
    for (const m of markers) expect(existsSync(m), m).toBe(false);
  });
});
