// The translator's table of what runtime functions return is generated from the runtime's declarations; a runtime
// signature changed without regenerating it would make the translator declare types the code does not have.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { printRuntimeReturns, runtimeReturns, RUNTIME_RETURNS_FILE } from "../../tools/runtime-returns-lib.ts";

it("src/translate/runtime-returns.ts matches the runtime's declarations (regenerate: npx tsx tools/gen-runtime-returns.ts)", () => {
  const root = packageRoot();
  const table = runtimeReturns(root);
  // the functions the translator's static dispatch relies on are there with the types it assumes
  expect([table.np!.subtract, table.np!.reshape, table.np!.getitem, table.py!.len, table.glue!.inplaceArray]).toEqual(["NDArray", "NDArray", "NDArray", "number", "NDArray"]);
  expect(readFileSync(path.join(root, RUNTIME_RETURNS_FILE), "utf8")).toBe(printRuntimeReturns(table));
}, 60_000);
