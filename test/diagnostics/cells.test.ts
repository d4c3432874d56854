// How messages name cells (src/diagnostics/cells.ts): from 1, as Jupyter shows them, with the execution count.
import { expect, it } from "vitest";
import { cellLabel, cellsLabel, countsOf } from "../../src/diagnostics/cells.ts";

it("names one cell or several as the location header does", () => {
  const counts = countsOf([
    { index: 3, executionCount: 2 },
    { index: 9, executionCount: 9 },
    { index: 10, executionCount: null },
  ]);
  expect(cellLabel(3, counts(3))).toBe("cell 4 (In [2])");
  expect(cellsLabel([3], counts)).toBe("cell 4 (In [2])");
  expect(cellsLabel([3, 9], counts)).toBe("cells 4 (In [2]) and 10 (In [9])");
  expect(cellsLabel([3, 9, 10], counts)).toBe("cells 4 (In [2]), 10 (In [9]) and 11");
  expect(cellsLabel([0])).toBe("cell 1");
});
