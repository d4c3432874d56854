// The synthetic 1,000-cell notebook: the three examples' cells (code with their outputs, markdown) repeated, as a
// notebook grows when cells are copied and re-run, plus a helper function per copy with its own name so that not every
// definition is a redefinition. The iris cells come last, so the analysis still finds one model and its inference
// path; its model and stats file are copied next to it.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

interface Cell {
  readonly cell_type: string;
  readonly source: string | readonly string[];
  readonly [key: string]: unknown;
}

export function writeSyntheticNotebook(examplesDir: string, dir: string, count = 1000): string {
  const read = (name: string) => JSON.parse(readFileSync(path.join(examplesDir, name, `${name}.ipynb`), "utf8")) as { cells: Cell[]; [k: string]: unknown };
  const iris = read("iris");
  const others = [read("digits"), read("sentiment")].flatMap((nb) => nb.cells);
  const filler: Cell[] = [];
  for (let copy = 0; filler.length < count - iris.cells.length; copy++) {
    filler.push({
      cell_type: "code",
      metadata: {},
      execution_count: null,
      outputs: [],
      source: [`def feature_${copy}(x, scale=${copy + 1}):\n`, `    """Feature ${copy}."""\n`, `    return np.log1p(np.abs(x)) * scale\n`],
    });
    for (const c of others) if (filler.length < count - iris.cells.length) filler.push(c);
  }
  const cells = [...filler, ...iris.cells].slice(-count).map((c, i) => ({ ...c, id: `cell-${i}` }));
  const file = path.join(dir, "synthetic.ipynb");
  writeFileSync(file, JSON.stringify({ ...iris, cells }, null, 1));
  for (const f of ["iris.onnx", "iris_stats.json"]) copyFileSync(path.join(examplesDir, "iris", f), path.join(dir, f));
  return file;
}
