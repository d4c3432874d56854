// Writes docs/nb2svc.schema.json from CONFIG_SCHEMA (src/config/schema.ts), the one definition of nb2svc.json:
// npx tsx tools/write-config-schema.ts
import { writeFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../src/assets.ts";
import { CONFIG_SCHEMA } from "../src/config/schema.ts";

writeFileSync(path.join(packageRoot(), "docs", "nb2svc.schema.json"), `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);
