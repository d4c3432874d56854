// How cells are named where people read them. Jupyter users count cells from 1, in the order the notebook shows
// them (markdown cells included), and know a code cell that ran by its execution count, `In [7]`; nb2svc's data
// (JSON reports, Diagnostic.cell) keeps the 0-based index into the notebook's `cells`.

/** `cell 8 (In [7])` for the cell at 0-based `index`; without the count when the cell never ran. */
export function cellLabel(index: number, executionCount?: number | null): string {
  return `cell ${index + 1}${executionCount !== null && executionCount !== undefined ? ` (In [${executionCount}])` : ""}`;
}

/** The execution count of each cell by its 0-based index, for `cellLabel`. */
export type ExecutionCounts = (index: number) => number | null | undefined;
