// How cells are named where people read them. Jupyter users count cells from 1, in the order the notebook shows
// them (markdown cells included), and know a code cell that ran by its execution count, `In [7]`; nb2svc's data
// (JSON reports, Diagnostic.cell) keeps the 0-based index into the notebook's `cells`.

/** `cell 8 (In [7])` for the cell at 0-based `index`; without the count when the cell never ran. */
export function cellLabel(index: number, executionCount?: number | null): string {
  return `cell ${index + 1}${executionCount !== null && executionCount !== undefined ? ` (In [${executionCount}])` : ""}`;
}

/** `cells 4 (In [3]) and 10 (In [9])`: several cells (0-based indices) in a message, numbered as `cellLabel` does. */
export function cellsLabel(indices: readonly number[], counts?: ExecutionCounts): string {
  const each = indices.map((i) => cellLabel(i, counts?.(i)).slice("cell ".length));
  if (each.length <= 1) return `cell ${each.join("")}`;
  return `cells ${each.slice(0, -1).join(", ")} and ${each.at(-1)}`;
}

/** The execution count of each cell by its 0-based index, for `cellLabel`. */
export type ExecutionCounts = (index: number) => number | null | undefined;

/** The execution counts of a notebook's cells (none for a .py file, whose one "cell" never ran in Jupyter). */
export function countsOf(cells: readonly { readonly index: number; readonly executionCount: number | null }[] | undefined): ExecutionCounts {
  return (index) => cells?.find((c) => c.index === index)?.executionCount;
}
