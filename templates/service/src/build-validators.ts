// Prints src/generated/validators.ts, the routes' request validators compiled now instead of at every start
// (src/validators.ts serves them): `npm run build` writes it, and so does nb2svc when it bundles the service. The app
// is built as the server builds it, with Fastify's own standalone compiler (@fastify/ajv-compiler/standalone: ajv with
// the options Fastify gives it, emitting each validator's code) in place of the precompiled ones. The model is not
// loaded.
import ajvCompiler from "@fastify/ajv-compiler";
import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.ts";
import { compilerContext, validatorHash, type ValidatorFactory } from "./validators.ts";

interface Emitted {
  readonly hash: string;
  /** The validate function's code, a function named `name`, with its constants before it. */
  readonly code: string;
  readonly name: string;
  /** `METHOD /url part` of every route it validates. */
  readonly routes: string[];
}

const emitted = new Map<string, Emitted>();
let hashing: string | null = null;
const standalone = ajvCompiler.StandaloneValidator({
  readMode: false,
  storeFunction: (route, code) => {
    const hash = hashing!;
    const what = `${[route.method].flat().join(",")} ${route.url} ${route.httpPart}`;
    const known = emitted.get(hash);
    if (known) {
      if (!known.routes.includes(what)) known.routes.push(what);
      return;
    }
    // the module ajv writes (CommonJS): its exports, then the validate function with every constant and function it uses
    const m = /^"use strict";\s*module\.exports = (\w+);\s*module\.exports\.default = \1;/.exec(code);
    if (!m) throw new Error(`ajv's standalone code for ${what} does not begin as expected: ${code.slice(0, 120)}`);
    emitted.set(hash, { hash, code: code.slice(m[0].length).trim(), name: m[1]!, routes: [what] });
  },
});
const buildValidator: ValidatorFactory = (externalSchemas, options) => {
  // the context is taken before the standalone compiler adds its `code` option to the options it is given (a copy)
  const context = compilerContext(externalSchemas, options);
  const compile = standalone(externalSchemas, { ...options });
  return (route) => {
    hashing = validatorHash(context, route.schema);
    try {
      return compile(route);
    } finally {
      hashing = null;
    }
  };
};

const { app } = buildApp({ modelPath: "", buildValidator });
// a route with its own compiler (routes/oip.ts compiles the inference route's on its first request, with the app's)
// gets the app's validators made now too, from the schemas Fastify gives that compiler
app.addHook("onRoute", function (this: FastifyInstance, opts) {
  const own = opts.validatorCompiler;
  if (!own) return;
  opts.validatorCompiler = (route) => {
    const appCompiler = this.validatorCompiler;
    if (!appCompiler) throw new Error(`${String(opts.method)} ${opts.url}: no validator compiler of the app is set up yet to precompile its ${route.httpPart}`);
    appCompiler(route);
    return own(route);
  };
});
await app.ready();
await app.close();

// ajv's runtime helpers (string length in code points, deep equality, formats) are imported, as ajv's code requires them
const imports = new Map<string, string>();
const withImports = (code: string) =>
  code.replace(/require\("([^"]+)"\)/g, (_m, spec: string) => {
    let name = imports.get(spec);
    if (name === undefined) imports.set(spec, (name = `ajvRuntime${imports.size}`));
    return name;
  });
const entries = [...emitted.values()].map(
  (v) => `  // ${v.routes.join("; ")}\n  {\n    hash: ${JSON.stringify(v.hash)},\n    load: () => {\n      ${withImports(v.code)}\n      return ${v.name};\n    },\n  },\n`,
);
const lines = [
  "// Made by src/build-validators.ts (`npm run build`; nb2svc when it bundles the service) from the routes' schemas: each",
  "// validator is ajv's standalone code for one schema, with the hash of what it was compiled from (src/validators.ts).",
  "// Do not edit: a build rewrites it. A route whose schema differs from its hash is compiled by ajv at start instead.",
  "// @ts-nocheck: ajv's code, as it writes it",
  imports.size ? 'import { commonJs, type PrecompiledValidator } from "../validators.ts";' : 'import type { PrecompiledValidator } from "../validators.ts";',
  // a helper of ajv's is a CommonJS module: ajv's code requires its module.exports
  ...[...imports].map(([spec, name]) => `import * as ${name}Module from ${JSON.stringify(/\.[cm]?js$/.test(spec) ? spec : `${spec}.js`)};`),
  ...[...imports].map(([, name]) => `const ${name} = commonJs(${name}Module);`),
  "",
  `export const VALIDATORS: readonly PrecompiledValidator[] = [\n${entries.join("")}];`,
];
process.stdout.write(lines.join("\n") + "\n");
