// nb2svc.json: the choices the wizard saves, replayed by `nb2svc convert --config nb2svc.json --yes`.
// Paths in it are relative to the file itself.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { BatchingOptions } from "../plan/types.ts";
import { UsageError } from "./args.ts";

export interface Config {
  readonly notebook?: string;
  readonly out?: string;
  readonly name?: string;
  readonly model?: string;
  readonly port?: number;
  readonly preprocess?: string;
  readonly postprocess?: string;
  readonly batching?: Partial<BatchingOptions>;
  readonly container?: boolean;
  readonly kubernetes?: boolean;
}

const KEYS: Readonly<Record<keyof Config, "string" | "number" | "boolean" | "object">> = {
  notebook: "string",
  out: "string",
  name: "string",
  model: "string",
  port: "number",
  preprocess: "string",
  postprocess: "string",
  batching: "object",
  container: "boolean",
  kubernetes: "boolean",
};

export async function readConfig(file: string): Promise<Config> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new UsageError(`cannot read the config ${file}: ${(e as Error).message}`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new UsageError(`${file}: the config must be a JSON object`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) {
    if (k === "$schema" || k === "version") continue;
    const type = KEYS[k as keyof Config];
    if (!type) throw new UsageError(`${file}: unknown setting "${k}"`);
    if (typeof v !== type || v === null) throw new UsageError(`${file}: "${k}" must be a ${type}`);
    out[k] = v;
  }
  const dir = path.dirname(path.resolve(file));
  for (const k of ["notebook", "out", "model"] as const) if (typeof out[k] === "string") out[k] = path.resolve(dir, out[k] as string);
  return out as Config;
}
