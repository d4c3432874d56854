// The formatter of every generated TypeScript file (src/codegen/ts-print.ts's formatTypeScript) asks TypeScript's
// language service for its edits directly: its output is ts-morph's SourceFile.formatText's, with the same settings,
// on every module generate writes for the examples and an image service, and on text laid out badly on purpose.
import path from "node:path";
import { Project, ts } from "ts-morph";
import { beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { formatTypeScript } from "../../src/codegen/ts-print.ts";
import { inspectNotebook } from "../../src/driver/pipeline.ts";
import { clientModule } from "../../src/generate/client-module.ts";
import { openapiDocument } from "../../src/generate/openapi.ts";
import { pipelineModule } from "../../src/generate/pipeline-module.ts";
import { withRuntimePackage } from "../../src/generate/runtime-package.ts";
import { schemasModule } from "../../src/generate/schemas-module.ts";
import { serviceModule } from "../../src/generate/service-module.ts";
import { plan as makePlan } from "../../src/plan/plan.ts";
import type { ServicePlan } from "../../src/plan/types.ts";
import { translatePlan } from "../../src/translate/translate.ts";
import type { TranslatedModule } from "../../src/translate/types.ts";

/** ts-morph's formatter, as generate called it before. */
function formattedByTsMorph(text: string): string {
  const sf = new Project({ useInMemoryFileSystem: true }).createSourceFile("formatted.ts", text);
  sf.formatText({ indentSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true, semicolons: ts.SemicolonPreference.Insert });
  return sf.getFullText();
}

const NOTEBOOKS = ["examples/iris/iris.ipynb", "examples/sentiment/sentiment.ipynb", "examples/digits/digits.ipynb", "test/corpus/digits-cnn-png/digits-cnn-png.ipynb"];
const services: { name: string; plan: ServicePlan; translated: TranslatedModule }[] = [];

beforeAll(async () => {
  for (const nb of NOTEBOOKS) {
    const i = await inspectNotebook(path.join(packageRoot(), nb));
    const plan = makePlan(i.analysis!, i.signature!, { toolVersion: "0.0.0-test" });
    services.push({ name: path.basename(nb), plan, translated: await translatePlan(plan) });
  }
});

describe("formatTypeScript", () => {
  it("formats every generated module as ts-morph's formatText does", () => {
    let checked = 0;
    for (const { plan, translated } of services) {
      const modules = [withRuntimePackage(translated.text), serviceModule(plan), pipelineModule(plan, translated), schemasModule(plan), clientModule(plan, openapiDocument(plan))];
      for (const text of modules) {
        expect(formatTypeScript(text)).toBe(formattedByTsMorph(text));
        checked++;
      }
    }
    expect(checked).toBe(NOTEBOOKS.length * 5);
  });

  it("formats text laid out badly as ts-morph does: tabs, 4 and 8 spaces, missing semicolons, no final newline", () => {
    const text = [
      "export const a = {\n\tb: [1,2,\n        3],\n    c: `x\n  y`\n}",
      "function f(x:number){if(x>1){return x*2}\n        else return 0}",
      "class C{\n        m( ){ const s = \"a;b\"\n  return s }}",
      "/* a comment\n      kept as it is */ let d=1",
    ].join("\n");
    expect(formatTypeScript(text)).toBe(formattedByTsMorph(text));
    expect(formatTypeScript(text).endsWith("\n")).toBe(true);
  });
});
