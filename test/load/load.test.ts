import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadNotebook } from "../../src/load/load.ts";
import { notebookJson } from "../helpers/notebook.ts";
import { tempDir } from "../helpers/temp.ts";

function fileWith(content: string | Uint8Array, name = "x.ipynb"): string {
  const dir = tempDir("nb2svc-load-");
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe("load", () => {
  it("reads an nbformat 4 notebook with sources as lists and as strings, and outputs of every kind", async () => {
    const nb = notebookJson(["import numpy as np\nx = 1\n", { source: "# Title", type: "markdown" }]) as { cells: Record<string, unknown>[] };
    nb.cells.push({
      cell_type: "code",
      execution_count: 3,
      metadata: { tags: ["golden", 7] },
      source: "x",
      outputs: [
        { output_type: "stream", name: "stdout", text: ["a\n", "b\n"] },
        { output_type: "execute_result", execution_count: 3, metadata: {}, data: { "text/plain": ["{'a': ", "1}"], "application/json": { a: 1 } } },
        { output_type: "display_data", metadata: {}, data: { "image/png": "iVBOR" } },
        { output_type: "error", ename: "ValueError", evalue: "bad", traceback: ["tb"] },
        { output_type: "something_new" },
      ],
    });
    const { notebook, diagnostics } = await loadNotebook(fileWith(JSON.stringify(nb)));
    expect(diagnostics).toEqual([]);
    expect(notebook!.cells.map((c) => [c.index, c.kind, c.source])).toEqual([
      [0, "code", "import numpy as np\nx = 1\n"],
      [1, "markdown", "# Title"],
      [2, "code", "x"],
    ]);
    const last = notebook!.cells[2]!;
    expect(last.tags).toEqual(["golden"]);
    expect(last.outputs).toEqual([
      { kind: "stream", name: "stdout", text: "a\nb\n" },
      { kind: "execute_result", executionCount: 3, data: { "text/plain": "{'a': 1}", "application/json": { a: 1 } } },
      { kind: "display_data", data: { "image/png": "iVBOR" } },
      { kind: "error", ename: "ValueError", evalue: "bad", traceback: ["tb"] },
      { kind: "unknown", outputType: "something_new" },
    ]);
    expect(notebook!.kernel).toEqual({ name: "python3", displayName: "Python 3", language: "python" });
  });

  it("locates invalid JSON by line and column", async () => {
    const { notebook, diagnostics } = await loadNotebook(fileWith('{\n  "cells": [\n    1,,\n  ]\n}'));
    expect(notebook).toBeNull();
    expect(diagnostics).toMatchObject([{ severity: "error", code: "LOAD_INVALID_JSON", line: 3, column: 7 }]);
  });

  it("reports a truncated file", async () => {
    const { diagnostics } = await loadNotebook(fileWith('{"cells": [{"cell_type": "code", "sou'));
    expect(diagnostics[0]).toMatchObject({ code: "LOAD_INVALID_JSON", line: 1 });
  });

  it("refuses JSON that is not a notebook", async () => {
    const { diagnostics } = await loadNotebook(fileWith('{"name": "package"}'));
    expect(diagnostics).toMatchObject([{ code: "LOAD_NOT_A_NOTEBOOK" }]);
  });

  it("explains how to upgrade nbformat 3", async () => {
    const { diagnostics } = await loadNotebook(fileWith(JSON.stringify({ nbformat: 3, nbformat_minor: 0, worksheets: [], metadata: {} })));
    expect(diagnostics).toMatchObject([{ code: "LOAD_OLD_NBFORMAT" }]);
    expect(diagnostics[0]!.suggestion).toContain("jupyter nbconvert --to notebook --nbformat 4");
  });

  it("warns when the kernelspec is missing, and refuses non-Python kernels", async () => {
    const noKs = { ...notebookJson(["x = 1"]), metadata: {} };
    const r1 = await loadNotebook(fileWith(JSON.stringify(noKs)));
    expect(r1.notebook).not.toBeNull();
    expect(r1.diagnostics).toMatchObject([{ severity: "warning", code: "LOAD_NO_KERNELSPEC" }]);
    const r = { ...notebookJson(["x <- 1"]), metadata: { kernelspec: { name: "ir", display_name: "R", language: "R" } } };
    const r2 = await loadNotebook(fileWith(JSON.stringify(r)));
    expect(r2.diagnostics).toMatchObject([{ severity: "error", code: "LOAD_NOT_PYTHON" }]);
  });

  it("refuses a file that is not UTF-8, and names missing files and folders", async () => {
    expect((await loadNotebook(fileWith(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))).diagnostics).toMatchObject([{ code: "LOAD_NOT_UTF8" }]);
    expect((await loadNotebook("/nonexistent/x.ipynb")).diagnostics).toMatchObject([{ code: "LOAD_NOT_FOUND" }]);
    expect((await loadNotebook(os.tmpdir())).diagnostics).toMatchObject([{ code: "LOAD_IS_DIRECTORY" }]);
  });

  it("accepts a byte-order mark and CRLF line endings", async () => {
    const nb = notebookJson(["a = 1\r\nb = 2\r\n"]);
    const { notebook } = await loadNotebook(fileWith("\uFEFF" + JSON.stringify(nb)));
    expect(notebook!.cells[0]!.source).toBe("a = 1\nb = 2\n");
  });

  it("skips malformed cells with a warning and keeps the others", async () => {
    const nb = { ...notebookJson(["a = 1"]), cells: [null, { cell_type: "weird", source: "" }, { cell_type: "code", source: 5, metadata: {} }] };
    const { notebook, diagnostics } = await loadNotebook(fileWith(JSON.stringify(nb)));
    expect(notebook!.cells.map((c) => c.index)).toEqual([2]);
    expect(diagnostics.map((d) => d.code)).toEqual(["LOAD_BAD_CELL", "LOAD_UNKNOWN_CELL_TYPE", "LOAD_BAD_SOURCE"]);
  });
});
