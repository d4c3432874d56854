// How the bundled server loads the app: dist/app.cjs, one classic script holding the app and everything it imports
// (Fastify, ajv, pino, prom-client, the runtime, the notebook's code), compiled with V8's code cache dist/app.cjs.cache
// when there is one that this Node accepts.
//
// Why: compiling and evaluating the app's 1.4 MB at every start is the largest piece of a cold start after Node's own
// start. A code cache made after the app was built and had answered (`--write-code-cache`, run by `npm run build`,
// nb2svc's bundle stage and the Dockerfile) holds the bytecode of every function that ran, so a start deserializes
// it instead of parsing and compiling them. ES modules have no code cache API in Node 20, hence a CommonJS script run
// through `vm.Script`, as Node's own CommonJS loader does.
//
// V8 checks the cache against its own version and flags and the script's length, and rejects it (the script is then
// compiled as if there were none) when they differ: a cache from another Node costs only its read. `cache` says which.
import { isAscii } from "node:buffer";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import type * as appModule from "./app.ts";

export type AppModule = typeof appModule;

/** Whether the code cache was used: "absent" (no file), "rejected" (made by another Node, other flags or another build). */
export type CodeCacheUse = "used" | "rejected" | "absent";

export interface LoadedApp {
  readonly exports: AppModule;
  readonly cache: CodeCacheUse;
  readonly script: vm.Script;
}

/** The code cache beside the app's script. */
export const cacheFileOf = (file: string): string => `${file}.cache`;

// Node's own CommonJS wrapper, so the script runs as a module: its own scope, `require` resolving beside it
const wrap = (source: string): string => `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;

/**
 * Built-in modules the app's packages require at load but use only for what this service never does: Fastify's
 * server module holds node:https and node:http2 for TLS and HTTP/2 servers (TLS ends at the ingress; the service
 * serves HTTP/1.1). Each is loaded when first used instead, which at a start is never: loading both took 25–60 ms
 * of a start at load 9 (Node compiles them and their dependencies, tls and the HTTP/2 core, on first require).
 */
const ON_FIRST_USE = new Set(["node:https", "https", "node:http2", "http2"]);

/** A module object that loads `id` when a property is first read or listed, and forwards to it from then on. */
function onFirstUse(load: () => object): object {
  let real: object | undefined;
  const module = () => (real ??= load());
  return new Proxy(
    {},
    {
      get: (_, key) => Reflect.get(module(), key),
      has: (_, key) => Reflect.has(module(), key),
      ownKeys: () => Reflect.ownKeys(module()),
      // the target holds none of the module's properties, so each is reported configurable (a proxy may not report a
      // non-configurable property its target lacks); reading and calling are unchanged
      getOwnPropertyDescriptor: (_, key) => {
        const d = Reflect.getOwnPropertyDescriptor(module(), key);
        return d && { ...d, configurable: true };
      },
    },
  );
}

/** The `require` the app's script gets: Node's, resolving beside the script, with ON_FIRST_USE deferred. */
function requireFor(file: string): NodeJS.Require {
  const base = createRequire(file);
  const require = ((id: string) => (ON_FIRST_USE.has(id) ? onFirstUse(() => base(id) as object) : base(id))) as NodeJS.Require;
  return Object.assign(require, { resolve: base.resolve, cache: base.cache, main: base.main, extensions: base.extensions });
}

/** Loads and evaluates the app's script, with its code cache unless `useCache` is false. */
export function loadAppScript(file: string, useCache = true): LoadedApp {
  const bytes = readFileSync(file);
  // esbuild writes ASCII (it escapes other characters), which decodes faster as Latin-1 and makes the same string
  const source = bytes.toString(isAscii(bytes) ? "latin1" : "utf8");
  let cachedData: Buffer | undefined;
  if (useCache) {
    try {
      cachedData = readFileSync(cacheFileOf(file));
    } catch {
      // none: compiled as any script is
    }
  }
  const script = new vm.Script(wrap(source), {
    filename: pathToFileURL(file).href,
    ...(cachedData ? { cachedData } : {}),
    // `import()` in the script as Node's loader does it, when the script is compiled from source. From the code cache,
    // Node 20 loses this option and an import() rejects with "A dynamic import callback was not specified"; the only
    // one left in the bundle, onnxruntime-node's fallback in model.ts, reports a missing package by itself
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;
  const module = { exports: {} };
  run.call(module.exports, module.exports, requireFor(file), module, file, path.dirname(file));
  const cache: CodeCacheUse = cachedData === undefined ? "absent" : script.cachedDataRejected === true ? "rejected" : "used";
  return { exports: module.exports as AppModule, cache, script };
}

/**
 * Writes the app's code cache: loads the script without a cache, builds the app as the server does (its defaults; no
 * model is opened), listens on a loopback port and answers the health routes, so that the functions a start and its
 * first probes run are compiled; then saves V8's cache of the script. Written to a temporary file and renamed, so a
 * server starting meanwhile reads the old cache or the new one, never half of one.
 */
export async function writeCodeCache(file: string): Promise<number> {
  const { exports, script } = loadAppScript(file, false);
  const { app } = exports.buildApp({ modelPath: "", log: { level: "info", stream: { write: () => undefined } }, processMetrics: true, openapi: "lazy" });
  try {
    await app.listen({ host: "127.0.0.1", port: 0 });
  } catch {
    // no loopback here (a sandboxed build): the cache holds the rest
    await app.ready();
  }
  for (const url of ["/healthz", "/readyz"]) await app.inject({ method: "GET", url });
  await app.close();
  const data = script.createCachedData();
  const target = cacheFileOf(file);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, target);
  return data.length;
}
