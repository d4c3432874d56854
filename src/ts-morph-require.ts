// ts-morph for the bundled CLI (dist/cli.js), loaded with require(): esbuild aliases "ts-morph" to this file when it
// builds the CLI (package.json's prepare, test/global-setup.ts). Imported as an ES module instead, Node would first
// scan ts-morph's 1 MB CommonJS source to list its named exports and to check it for module syntax: about 100 ms of
// every `nb2svc` start (docs/performance.md). tsc and vitest still see the real "ts-morph"; a name imported from
// "ts-morph" that is missing below fails the CLI build ("No matching export"), so add it here.
import { createRequire } from "node:module";

const tsMorph = createRequire(import.meta.url)("ts-morph") as typeof import("ts-morph");

export const { Project, Scope, StructureKind, ts, VariableDeclarationKind } = tsMorph;
