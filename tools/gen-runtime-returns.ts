// Writes src/translate/runtime-returns.ts: what each runtime function the translator calls returns, as far as the
// translator's static types go (NDArray, number, string, boolean), read from the runtime's own declarations with
// the TypeScript checker. Run `npx tsx tools/gen-runtime-returns.ts` after changing a runtime signature;
// test/translate/runtime-returns.test.ts fails while the file is stale.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runtimeReturns, RUNTIME_RETURNS_FILE, printRuntimeReturns } from "./runtime-returns-lib.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
writeFileSync(path.join(root, RUNTIME_RETURNS_FILE), printRuntimeReturns(runtimeReturns(root)));
process.stderr.write(`wrote ${RUNTIME_RETURNS_FILE}\n`);
