// The CLI contract (../shared/design.md): commands, JSON shapes, exit codes, no stack traces, no partial output.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { nb2svc } from "../helpers/cli.ts";
import { writeNotebook } from "../helpers/notebook.ts";
import { tempDir } from "../helpers/temp.ts";

const tmp = () => tempDir("nb2svc-cli-");

describe("usage", () => {
  it("prints usage and exits 2 without a terminal and without arguments", async () => {
    const r = await nb2svc([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage:");
  });

  it("exits 2 on an unknown command or option, naming it and what was probably meant", async () => {
    const a = await nb2svc(["frobnicate"]);
    expect([a.code, a.stderr]).toEqual([2, expect.stringContaining('unknown command "frobnicate"')]);
    expect(a.stderr).not.toContain("did you mean");
    const b = await nb2svc(["inspect", "x.ipynb", "--bogus"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("unknown option --bogus for inspect");
    const c = await nb2svc(["convert", "examples/iris/iris.ipynb"]);
    expect([c.code, c.stderr]).toEqual([2, expect.stringContaining("--out")]);
    expect((await nb2svc(["conver", "x.ipynb"])).stderr).toContain('unknown command "conver"; did you mean "convert"?');
    expect((await nb2svc(["convert", "x.ipynb", "--otu", "d"])).stderr).toContain("unknown option --otu for convert; did you mean --out?");
    expect((await nb2svc(["convert", "x.ipynb", "--function", "f"])).stderr).toContain("unknown option --function for convert (it is an option of translate)");
    const missing = await nb2svc(["convert", "x.ipynb", "--out"]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("--out needs a value: --out DIR")]);
    // every quote opened is closed (node's own parseArgs message left one open)
    for (const r of [a, b, c, missing]) expect((r.stderr.match(/["']/g) ?? []).length % 2, r.stderr).toBe(0);
  });

  it("points a Python file to translate, and a notebook without a command to the wizard or convert", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "prep.py"), "def f(x):\n    return x\n");
    const r = await nb2svc(["inspect", path.join(dir, "prep.py")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`nb2svc translate ${path.join(dir, "prep.py")}`);
    expect(r.stderr).not.toContain("JSON");
    // without a terminal, `nb2svc NOTEBOOK` (the wizard) says what to run instead
    const w = await nb2svc(["examples/iris/iris.ipynb"]);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain("the wizard needs a terminal; without one: nb2svc convert examples/iris/iris.ipynb --out DIR");
  });

  it("prints help for each command, and the version", async () => {
    const top = (await nb2svc(["--help"])).stdout;
    expect(top).toContain("nb2svc convert NOTEBOOK --out DIR");
    expect(top).toContain("In [7]");
    const convert = await nb2svc(["convert", "--help"]);
    expect(convert.code).toBe(0);
    expect(convert.stdout).toMatch(/^nb2svc convert: /);
    expect(convert.stdout).toContain("--verify MODE");
    expect(convert.stdout).not.toContain("--function");
    const translate = await nb2svc(["help", "translate"]);
    expect(translate.stdout).toContain("-f, --function NAME");
    expect(translate.stdout).not.toContain("--verify");
    expect((await nb2svc(["inspect", "-h"])).stdout).toMatch(/^nb2svc inspect: [^]*--execute/);
    expect((await nb2svc(["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe("--json", () => {
  it("is one envelope with ok, the command and diagnostics for every command, usage errors included", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "prep.py"), "def f(x):\n    return x + 1\n");
    const translated = JSON.parse((await nb2svc(["translate", path.join(dir, "prep.py"), "--json"])).stdout);
    expect(translated).toMatchObject({ ok: true, command: "translate", functions: ["f"], module: expect.stringContaining("function f("), diagnostics: [] });
    const usage = await nb2svc(["convert", "x.ipynb", "--json", "--bogus"]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({ ok: false, command: null, diagnostics: [{ severity: "error", code: "USAGE", message: expect.stringContaining("--bogus") }] });
  });

  it("is printed when nb2svc fails inside, with the error as a diagnostic", async () => {
    // the parser's WebAssembly cannot be loaded: an internal error, not the notebook's fault
    const dir = tmp();
    const preload = path.join(dir, "break-wasm.mjs");
    writeFileSync(preload, "WebAssembly.instantiate = async () => { throw new TypeError('no WebAssembly here'); };\n");
    const r = await nb2svc(["inspect", "examples/iris/iris.ipynb", "--json"], { nodeArgs: ["--import", pathToFileURL(preload).href] });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, command: "inspect", diagnostics: [{ severity: "error", code: "INTERNAL", message: expect.stringContaining("no WebAssembly here") }] });
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("reports an expression nested deeper than Python compiles as a located diagnostic, not a stack overflow", async () => {
    const terms = Array.from({ length: 5000 }, () => "1").join(" + ");
    const nb = writeNotebook(["import numpy as np", `x = ${terms}`, "def preprocess(v):\n    return np.asarray(v, dtype=np.float32)"]);
    const r = await nb2svc(["inspect", nb, "--json", "--model", "examples/iris/iris.onnx"]);
    const report = JSON.parse(r.stdout);
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ code: "ANALYZE_TOO_DEEP", cell: 1, line: 1, column: expect.any(Number) }));
    expect(report.diagnostics.map((d: { code: string }) => d.code)).not.toContain("INTERNAL");
    const human = await nb2svc(["inspect", nb, "--model", "examples/iris/iris.onnx"]);
    expect(human.stderr).toMatch(/:cell 2 \(In \[2\]\):line 1:col \d+: warning ANALYZE_TOO_DEEP: this code nests more than 400 levels deep/);
  });
});

describe("inspect", () => {
  it("--json prints the contract's object for an example", async () => {
    const r = await nb2svc(["inspect", "examples/sentiment/sentiment.ipynb", "--json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(["ok", "command", "notebook", "model", "preprocess", "postprocess", "constants", "goldens", "inference", "diagnostics"]);
    expect(report).toMatchObject({ ok: true, command: "inspect" });
    expect(report.model).toMatchObject({
      path: "examples/sentiment/sentiment.onnx",
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      opset: 17,
      inputs: [{ name: "token_ids", dtype: "int64", shape: ["batch", 24] }],
      outputs: [{ name: "logits", dtype: "float32", shape: ["batch", 2] }],
    });
    expect(report.preprocess.map((f: { name: string }) => f.name)).toEqual(["preprocess", "tokenize"]);
    expect(report.preprocess[0]).toMatchObject({ params: ["text"] });
    expect(report.postprocess.map((f: { name: string }) => f.name)).toEqual(["postprocess", "softmax"]);
    expect(report.constants.map((c: { name: string }) => c.name)).toEqual(["MAX_LEN", "PAD_ID", "UNK_ID", "LABELS", "VOCAB"]);
    expect(report.constants.find((c: { name: string }) => c.name === "VOCAB").source).toMatchObject({ kind: "json-file", file: "examples/sentiment/vocab.json" });
    expect(report.goldens).toHaveLength(3);
    expect(report.goldens[0]).toMatchObject({ cell: expect.any(Number), call: expect.stringContaining("preprocess(text="), expected: { label: "positive", score: 0.9996 } });
    expect(report.diagnostics).toEqual([]);
  });

  it("reports invalid JSON with its location, exit 1, no stack trace", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "bad.ipynb"), '{"cells": [\n  {"cell_type": "code",,}\n]}');
    const r = await nb2svc(["inspect", path.join(dir, "bad.ipynb")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.ipynb:line 2:col 24: error LOAD_INVALID_JSON/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("reports a notebook with no export as an error with a fix", async () => {
    const r = await nb2svc(["inspect", writeNotebook(["import numpy as np\nx = np.zeros(3)"]), "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ model: null, diagnostics: [{ code: "ANALYZE_NO_MODEL", suggestion: expect.stringContaining("torch.onnx.export") }] });
  });
});

describe("convert", () => {
  it("refuses a non-empty --out without --force before any work, and leaves it untouched", async () => {
    const out = tmp();
    writeFileSync(path.join(out, "mine.txt"), "keep me");
    const r = await nb2svc(["convert", "examples/iris/iris.ipynb", "--out", out, "--yes", "--no-verify"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.relative(packageRoot(), out)}: error WRITE_NOT_EMPTY`);
    // no stage ran
    expect(r.stderr).not.toMatch(/^\s+(load|analyze)\s/m);
    expect(readdirSync(out)).toEqual(["mine.txt"]);
    expect(readdirSync(path.dirname(out)).filter((n) => n.startsWith(`.${path.basename(out)}.nb2svc-`))).toEqual([]);
  });

  it("--json reports the service, files, bundle and timings; --force replaces the folder", async () => {
    const out = path.join(tmp(), "svc");
    mkdirSync(out);
    writeFileSync(path.join(out, "old.txt"), "old");
    const r = await nb2svc(["convert", "examples/digits/digits.ipynb", "--out", out, "--yes", "--json", "--force", "--no-verify", "--name", "Digits Classifier"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      ok: true,
      service: { name: "digits-classifier", preprocess: "preprocess", postprocess: "postprocess", request: [{ name: "pixels", required: true }] },
      verify: null,
    });
    expect(report.files).toContain("src/generated/notebook.ts");
    expect(report.bundle[0]).toMatchObject({ file: "dist/server.js" });
    expect(Object.keys(report.timings)).toEqual(["load", "analyze", "inspect", "plan", "translate", "generate", "write", "bundle"]);
    expect(existsSync(path.join(out, "old.txt"))).toBe(false);
    expect(readFileSync(path.join(out, "src", "generated", "service.ts"), "utf8")).toMatch(/^\/\/ Generated by nb2svc \d+\.\d+\.\d+ from "digits.ipynb"/);
  });

  it("refuses a notebook whose preprocessing uses something outside the subset, naming cell, line and a fix", async () => {
    const parent = tmp();
    const nb = writeNotebook([
      "import numpy as np\nimport polars as pl\nimport torch",
      "def preprocess(rows):\n    df = pl.DataFrame(rows)\n    return df.to_numpy().astype(np.float32)",
      'torch.onnx.export(model, torch.zeros(1, 2), "m.onnx")',
    ]);
    const r = await nb2svc(["convert", nb, "--out", path.join(parent, "svc"), "--yes", "--model", "examples/iris/iris.onnx"]);
    expect(r.code).toBe(1);
    // cells as Jupyter counts them: the second cell, In [2]
    expect(r.stderr).toMatch(/:cell 2 \(In \[2\]\):line 2:col 10: error TRANSLATE_UNSUPPORTED: in `preprocess`: `polars\.DataFrame\(\.\.\.\)`/);
    expect(r.stderr).toContain("fix: rewrite it with numpy, math, re or builtins");
    expect(readdirSync(parent)).toEqual([]);
  });

  it("writes nothing when the notebook cannot be converted", async () => {
    const parent = tmp();
    const out = path.join(parent, "svc");
    const r = await nb2svc(["convert", writeNotebook(["x = 1"]), "--out", out, "--yes"]);
    expect(r.code).toBe(1);
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe("translate", () => {
  it("prints the module for named functions, and writes it with its runtime so it runs as it is", async () => {
    const dir = tmp();
    const py = path.join(dir, "prep.py");
    writeFileSync(py, 'import re\n\nSTOP = {"the", "a"}\n\ndef words(text):\n    return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP]\n\ndef count(text: str) -> int:\n    return len(words(text))\n');
    const printed = await nb2svc(["translate", py, "--function", "count"]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain("export { countEntry as count }");
    expect(printed.stdout).toContain("function words(");
    const out = path.join(dir, "out");
    expect((await nb2svc(["translate", py, "--function", "count", "--out", out])).code).toBe(0);
    expect(existsSync(path.join(out, "prep.ts"))).toBe(true);
    expect(existsSync(path.join(out, "runtime", "py.ts"))).toBe(true);
    // the folder runs as it is: bundle it (no install) and call the function
    const esbuild = await import("esbuild");
    await esbuild.build({ entryPoints: [path.join(out, "prep.ts")], bundle: true, format: "esm", platform: "node", outfile: path.join(out, "prep.mjs"), logLevel: "silent" });
    const mod = (await import(pathToFileURL(path.join(out, "prep.mjs")).href)) as { count: (text: string) => number };
    expect(mod.count("The cat sat on a mat")).toBe(4);
  });

  it("refuses what it cannot translate with file, line, column and a fix", async () => {
    const dir = tmp();
    const py = path.join(dir, "bad.py");
    writeFileSync(py, "def f(x):\n    y = eval(x)\n    return y\n");
    const r = await nb2svc(["translate", py]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad.py:line 2:col 9: error TRANSLATE_UNSUPPORTED");
    expect(r.stderr).toContain("fix:");
    expect(r.stdout).toBe("");
  });
});
