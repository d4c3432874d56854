// The routes' request validators, compiled at build time (src/build-validators.ts writes src/generated/validators.ts
// with ajv's standalone code, the code ajv would compile at start from the same schemas and options) and served here
// to Fastify as its validator compiler. Without this, every start evaluates ajv, fast-uri and ajv-formats (about
// 300 KB of code) and compiles every route's schema (docs/performance.md, cold start).
//
// A validator is found by the hash of what it was compiled from: the route's schema, the app's shared schemas and
// ajv's options. A route whose schema changed since the build (an edited route file, a test's own route) finds none
// and is compiled by ajv as Fastify would, ajv being loaded then and only then.
//
// One difference from Fastify's own compiler: Fastify lowercases the names in a route's `headers` schema only for its
// own, so a route given a `headers` schema (none of this service's routes has one) must name the headers in lowercase.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { FastifySchema, FastifyServerOptions } from "fastify";

/** Fastify's validator factory: given the shared schemas and the `ajv` option, a compiler of route schemas. */
export type ValidatorFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]>["buildValidator"]>;
type Compiler = ReturnType<ValidatorFactory>;
type ValidateFunction = ReturnType<Compiler>;
/** What Fastify asks a validator for: the schema of one part (body, params, querystring, headers) of one route. */
export type RouteSchema = Parameters<Compiler>[0];

export interface PrecompiledValidator {
  /** validatorHash of what it was compiled from. */
  readonly hash: string;
  /** Evaluates its code (on the first request of a route whose validator Fastify compiles lazily, not at start). */
  readonly load: () => (data: unknown) => boolean;
}

/**
 * The module.exports of a CommonJS module of ajv's (a runtime helper its code requires), from its namespace as the
 * importer made it: Node and esbuild give module.exports as the default export, vite (the tests) gives
 * `exports.default` there for a module marked __esModule, as ajv's are, and the other exports beside it.
 */
export function commonJs(namespace: { readonly default?: unknown }): unknown {
  const d = namespace.default as { __esModule?: unknown } | undefined;
  return d !== null && typeof d === "object" && d.__esModule ? d : namespace;
}

/** The ajv options the hash covers: Fastify's `ajv` server option (plugins by name: they are functions). */
type AjvOptions = Parameters<ValidatorFactory>[1];

/**
 * The shared schemas and ajv's options, as the text every validatorHash of one compiler starts with: what a
 * validator's code depends on besides its route's schema.
 */
export function compilerContext(externalSchemas: Parameters<ValidatorFactory>[0], options: AjvOptions): string {
  const plugins = (options?.plugins ?? []).map((p) => (Array.isArray(p) ? [p[0].name, p[1]] : p.name));
  return JSON.stringify([externalSchemas, options?.customOptions ?? {}, plugins]);
}

/** The hash a precompiled validator of this route schema carries (sha256, hex). */
export function validatorHash(context: string, schema: FastifySchema | RouteSchema["schema"]): string {
  return createHash("sha256").update(context).update("\n").update(JSON.stringify(schema) ?? "undefined").digest("hex");
}

/** How a route's validator was made: served from the build, or compiled by ajv at start. */
export type ValidatorSource = "precompiled" | "ajv";

/**
 * Fastify's validator factory serving `precompiled`, falling back to Fastify's own (@fastify/ajv-compiler) for a
 * schema none was made from. `onCompile` is told how each validator was made (tests).
 */
export function precompiledValidators(
  precompiled: readonly PrecompiledValidator[],
  onCompile?: (route: RouteSchema, source: ValidatorSource) => void,
): ValidatorFactory {
  const byHash = new Map(precompiled.map((v) => [v.hash, v]));
  // one ajv-compiler pool for every context of the app, as Fastify keeps one
  let ajvFactory: ValidatorFactory | null = null;
  return (externalSchemas, options) => {
    const context = compilerContext(externalSchemas, options);
    let ajv: Compiler | null = null;
    return (route) => {
      const found = byHash.get(validatorHash(context, route.schema));
      onCompile?.(route, found ? "precompiled" : "ajv");
      if (found) return found.load() as ValidateFunction;
      ajvFactory ??= loadAjvCompiler();
      ajv ??= ajvFactory(externalSchemas, options);
      return ajv(route);
    };
  };
}

/**
 * @fastify/ajv-compiler, loaded now. In the bundle esbuild makes this `require` run the bundled module's code (ajv's
 * with it) only when called. Run from sources as an ES module (tests; `npm run build`'s steps, bundled with their
 * packages external) there is no `require`: Node loads it from node_modules.
 */
function loadAjvCompiler(): ValidatorFactory {
  let selector: () => ValidatorFactory;
  try {
    selector = require("@fastify/ajv-compiler");
  } catch (e) {
    // no require (ReferenceError), or esbuild's stand-in for it, which says it has none; any other failure is ajv's own
    if (!(e instanceof ReferenceError) && !String((e as Error).message).startsWith("Dynamic require of")) throw e;
    selector = createRequire(import.meta.url)("@fastify/ajv-compiler");
  }
  return selector();
}
