// docs/nb2svc.schema.json is what editors and users read; CONFIG_SCHEMA is what nb2svc validates with and types
// Config from. They are one definition written twice, so they must not drift apart.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { CONFIG_SCHEMA } from "../../src/config/schema.ts";

it("docs/nb2svc.schema.json is CONFIG_SCHEMA written out (refresh: npx tsx tools/write-config-schema.ts)", () => {
  const published: unknown = JSON.parse(readFileSync(path.join(packageRoot(), "docs", "nb2svc.schema.json"), "utf8"));
  expect(published).toEqual(CONFIG_SCHEMA);
});
