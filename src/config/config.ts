// nb2svc.json: the choices the wizard saves next to the notebook, replayed by `nb2svc convert --config FILE --yes`.
// The format is CONFIG_SCHEMA (./schema.ts, published as docs/nb2svc.schema.json): ajv validates a config with it and
// the Config type is derived from it (one definition, not two). The wizard
// and `convert` both turn a Config into ConvertOptions through `convertOptions`, so a replay makes the same service.
import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { ConvertOptions } from "../driver/pipeline.ts";
import type { BatchingOptions } from "../plan/types.ts";
import { CONFIG_SCHEMA, type ConfigFile } from "./schema.ts";

export const CONFIG_FILE = "nb2svc.json";
export const CONFIG_VERSION = 1;

/** nb2svc.json as nb2svc uses it: paths are absolute once read (in the file they are relative to the file). */
export type Config = Readonly<Omit<ConfigFile, "$schema" | "version">>;

/** A config file that cannot be read or does not follow the schema; the message names the file and the setting. */
export class ConfigError extends Error {}

const PATH_KEYS = ["notebook", "out", "model"] as const;

// the order settings are written in: what is converted, then how the service is made
const KEY_ORDER: readonly (keyof Config)[] = ["notebook", "out", "name", "model", "preprocess", "postprocess", "port", "batching", "container", "kubernetes", "verify"];
const BATCHING_ORDER: readonly (keyof BatchingOptions)[] = ["enabled", "maxBatchRows", "maxDelayMs", "maxQueueRows"];

let validator: ValidateFunction | null = null;

/** The schema compiled once; ajv is loaded only when a config is read (most commands never need it). */
async function schemaValidator(): Promise<ValidateFunction> {
  if (!validator) {
    const { default: AjvModule } = await import("ajv");
    validator = new AjvModule.default({ allErrors: true, strict: true }).compile(CONFIG_SCHEMA);
  }
  return validator;
}

function explain(e: ErrorObject): string {
  const where = e.instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
  if (e.keyword === "additionalProperties") {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    return `unknown setting "${where ? `${where}.` : ""}${key}"`;
  }
  if (e.keyword === "const") return `"${where}" must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
  if (e.keyword === "pattern" && where === "name") return `"name" must be lowercase letters, digits and dashes, starting with a letter (at most 50)`;
  if (e.keyword === "pattern") return `"${where}" must be a Python function name`;
  return where ? `"${where}" ${e.message ?? "is invalid"}` : (e.message ?? "is invalid");
}

/** Checks parsed JSON against the schema; paths are resolved against `dir`. */
export async function parseConfig(json: unknown, file: string, dir: string): Promise<Config> {
  const validate = await schemaValidator();
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new ConfigError(`${file}: the config must be a JSON object`);
  if (!validate(json)) {
    const errors = (validate.errors ?? []).map(explain);
    throw new ConfigError(`${file}: ${[...new Set(errors)].join("; ")}`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) if (k !== "$schema" && k !== "version") out[k] = v;
  for (const k of PATH_KEYS) if (typeof out[k] === "string") out[k] = path.resolve(dir, out[k] as string);
  return out as Config;
}

export async function readConfig(file: string): Promise<Config> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new ConfigError(`cannot read the config ${file}: ${(e as Error).message}`);
  }
  return parseConfig(json, file, path.dirname(path.resolve(file)));
}

/** The config for `notebook` saved beside it, if there is one and it names that notebook. */
export async function savedConfigFor(notebook: string): Promise<Config | null> {
  const file = path.join(path.dirname(path.resolve(notebook)), CONFIG_FILE);
  if (!existsSync(file)) return null;
  try {
    const config = await readConfig(file);
    return config.notebook === path.resolve(notebook) ? config : null;
  } catch {
    return null;
  }
}

/** Settings of `over` replace those of `base`; batching is merged setting by setting. */
export function mergeConfig(base: Config | null, over: Config): Config {
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) merged[k] = v;
  if (base?.batching && over.batching) merged.batching = { ...base.batching, ...over.batching };
  return merged as Config;
}

/** The file's text: fixed key order, paths relative to `dir` with forward slashes, two-space JSON. */
export function configText(config: Config, dir: string): string {
  const json: Record<string, unknown> = { version: CONFIG_VERSION };
  for (const k of KEY_ORDER) {
    const v = config[k];
    if (v === undefined) continue;
    if ((PATH_KEYS as readonly string[]).includes(k)) json[k] = (path.relative(dir, v as string) || ".").split(path.sep).join("/");
    else if (k === "batching") {
      const b = v as Partial<BatchingOptions>;
      json[k] = Object.fromEntries(BATCHING_ORDER.filter((x) => b[x] !== undefined).map((x) => [x, b[x]]));
    } else json[k] = v;
  }
  return JSON.stringify(json, null, 2) + "\n";
}

/** Writes `config` to `file` (replacing it whole, never half-written); returns the text written. */
export async function writeConfig(file: string, config: Config): Promise<string> {
  const text = configText(config, path.dirname(path.resolve(file)));
  // a config the reader would refuse is a bug in the writer: fail here, not in CI
  await parseConfig(JSON.parse(text), file, path.dirname(path.resolve(file)));
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
  return text;
}

/** What `convert` runs with for a config; the wizard and `convert --config` both go through here. */
export function convertOptions(config: Config & { readonly out: string }, run: { readonly force?: boolean } = {}): ConvertOptions {
  return {
    out: config.out,
    force: run.force ?? false,
    verify: config.verify ?? true,
    ...(config.model !== undefined ? { modelPath: config.model } : {}),
    ...(config.name !== undefined ? { name: config.name } : {}),
    ...(config.preprocess !== undefined ? { preprocess: config.preprocess } : {}),
    ...(config.postprocess !== undefined ? { postprocess: config.postprocess } : {}),
    ...(config.port !== undefined ? { port: config.port } : {}),
    ...(config.batching !== undefined ? { batching: config.batching } : {}),
    container: config.container ?? true,
    kubernetes: config.kubernetes ?? true,
  };
}
