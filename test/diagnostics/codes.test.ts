// The registry of diagnostic codes (src/diagnostics/codes.ts) lists every code the tool emits (the type system
// refuses others) and no code it has stopped emitting.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { DIAGNOSTIC_CODES } from "../../src/diagnostics/codes.ts";

it("every registered code is emitted somewhere in the tool, prefixed by a stage", () => {
  const src = path.join(packageRoot(), "src");
  const text = readdirSync(src, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith(path.join("diagnostics", "codes.ts")))
    .map((f) => readFileSync(path.join(src, f), "utf8"))
    .concat(readFileSync(path.join(packageRoot(), "cli.tsx"), "utf8"))
    .join("\n");
  const unused = Object.keys(DIAGNOSTIC_CODES).filter((c) => !text.includes(`"${c}"`));
  expect(unused).toEqual([]);
  // the process's own endings (cli.tsx) are not a stage's
  const PROCESS = ["USAGE", "INTERRUPTED", "INTERNAL"];
  for (const code of Object.keys(DIAGNOSTIC_CODES).filter((c) => !PROCESS.includes(c))) expect(code).toMatch(/^(LOAD|ANALYZE|EXECUTE|INSPECT|PLAN|TRANSLATE|GENERATE|WRITE|BUNDLE|VERIFY|CONVERT|CONFIG|CLI)_[A-Z0-9_]+$/);
});
