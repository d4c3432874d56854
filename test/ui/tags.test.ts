// Writing the choices back as cell tags: only the tags change (the rest of the file keeps its bytes), the original
// is never replaced unless asked, and the tagged notebook alone leads analysis to the same choices.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inspectNotebook } from "../../src/driver/pipeline.ts";
import { jsonSpans } from "../../src/tags/json-spans.ts";
import { applyTagEdits, tagEdits, taggedCopyPath, writeTags } from "../../src/tags/tags.ts";
import { notebookJson, writeNotebook } from "../helpers/notebook.ts";
import { copyExample } from "./helpers.ts";

describe("jsonSpans", () => {
  it("finds where each value starts and ends, through escapes", () => {
    const text = '{"a": [1, -2.5e3, "x\\"]", {"b": null}], "c": true}';
    const root = jsonSpans(text);
    expect(root.kind).toBe("object");
    if (root.kind !== "object") return;
    const a = root.members[0]!.value;
    expect(text.slice(a.start, a.end)).toBe('[1, -2.5e3, "x\\"]", {"b": null}]');
    expect(text.slice(root.members[1]!.keyStart, root.members[1]!.value.end)).toBe('"c": true');
  });
  it("refuses text that is not JSON", () => {
    expect(() => jsonSpans('{"a": }')).toThrow(SyntaxError);
    expect(() => jsonSpans('{"a": 1} x')).toThrow(SyntaxError);
  });
});

describe("tags", () => {
  it("tags the chosen functions' cells and the golden cells of an example, changing nothing else", async () => {
    const copy = copyExample("iris");
    const { notebook, analysis } = await inspectNotebook(copy.notebook);
    const edits = tagEdits(analysis!, new Map(notebook!.cells.map((c) => [c.index, c.tags])));
    expect(edits).toEqual([
      { cell: 7, add: ["preprocess"], remove: [] },
      { cell: 15, add: ["postprocess"], remove: [] },
      { cell: 19, add: ["golden"], remove: [] },
      { cell: 20, add: ["golden"], remove: [] },
      { cell: 21, add: ["golden"], remove: [] },
    ]);
    const before = readFileSync(copy.notebook, "utf8");
    const after = applyTagEdits(before, edits);
    // as Jupyter writes it (indent 1): the empty metadata of each edited cell becomes a tags list, nothing else moves
    expect(after.replace(/"metadata": \{\n {4}"tags": \[\n {5}"(preprocess|postprocess|golden)"\n {4}\]\n {3}\}/g, '"metadata": {}')).toBe(before);
    const parsed = JSON.parse(after);
    const expected = JSON.parse(before);
    for (const e of edits) expected.cells[e.cell].metadata.tags = e.add;
    expect(parsed).toEqual(expected);
    expect(applyTagEdits(before, [])).toBe(before);
  });

  it("keeps other tags, unmarks a cell that would win over the choice, and adds metadata where there is none", () => {
    const nb = notebookJson([
      { source: "def prep(x):\n    return x", tags: ["preprocess", "parameters"] },
      "def other(x):\n    return x",
      "y = 1",
    ]) as { cells: Record<string, unknown>[] };
    delete nb.cells[2]!.metadata;
    (nb.cells[1]!.metadata as Record<string, unknown>) = { collapsed: false, jupyter: { source_hidden: true } };
    const text = JSON.stringify(nb, null, 1) + "\n";
    const out = applyTagEdits(text, [
      { cell: 0, add: [], remove: ["preprocess"] },
      { cell: 1, add: ["preprocess"], remove: [] },
      { cell: 2, add: ["golden"], remove: [] },
    ]);
    const cells = JSON.parse(out).cells;
    expect(cells[0].metadata.tags).toEqual(["parameters"]);
    // keys in sorted order (as Jupyter writes them) get the new key in its sorted place
    expect(Object.keys(cells[1].metadata)).toEqual(["collapsed", "jupyter", "tags"]);
    expect(cells[1].metadata.tags).toEqual(["preprocess"]);
    expect(cells[2].metadata).toEqual({ tags: ["golden"] });
    expect(out.endsWith("}\n")).toBe(true);
    // a notebook on one line stays on one line
    const compact = applyTagEdits(JSON.stringify(nb), [{ cell: 1, add: ["preprocess"], remove: [] }]);
    expect(compact).not.toContain("\n");
    expect(JSON.parse(compact).cells[1].metadata.tags).toEqual(["preprocess"]);
  });

  it("chooses the cells of the functions the person chose, and unmarks the cell the notebook had marked", async () => {
    const file = writeNotebook([
      "import numpy as np",
      { source: "def prep(x):\n    return np.asarray(x, dtype=np.float32)", tags: ["preprocess"] },
      "def prep2(x):\n    return np.asarray(x, dtype=np.float32) * 2",
    ]);
    const { notebook, analysis } = await inspectNotebook(file, { preprocess: "prep2" });
    const edits = tagEdits(analysis!, new Map(notebook!.cells.map((c) => [c.index, c.tags])));
    expect(edits).toEqual([
      { cell: 1, add: [], remove: ["preprocess"] },
      { cell: 2, add: ["preprocess"], remove: [] },
    ]);
  });

  it("writes a copy beside the notebook that analysis reads to the same choices; the original only when asked", async () => {
    const copy = copyExample("sentiment");
    const original = readFileSync(copy.notebook, "utf8");
    const first = await inspectNotebook(copy.notebook);
    const edits = tagEdits(first.analysis!, new Map(first.notebook!.cells.map((c) => [c.index, c.tags])));
    await expect(writeTags(copy.notebook, edits, { dest: copy.notebook })).rejects.toThrow(/refusing to overwrite/);
    const dest = taggedCopyPath(copy.notebook);
    expect(dest).toBe(path.join(copy.dir, "sentiment.tagged.ipynb"));
    expect(await writeTags(copy.notebook, edits, { dest })).toEqual(edits.map((e) => e.cell));
    expect(readFileSync(copy.notebook, "utf8")).toBe(original);
    const again = await inspectNotebook(dest);
    expect(again.analysis).toMatchObject({ preprocess: first.analysis!.preprocess, postprocess: first.analysis!.postprocess, modelPath: first.analysis!.modelPath });
    expect(again.analysis!.goldens.map((g) => g.cell)).toEqual(first.analysis!.goldens.map((g) => g.cell));
    await writeTags(copy.notebook, edits, { dest: copy.notebook, replaceOriginal: true });
    expect(readFileSync(copy.notebook, "utf8")).toBe(readFileSync(dest, "utf8"));
    writeFileSync(copy.notebook, original);
  });
});
