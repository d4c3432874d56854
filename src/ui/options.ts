// The options form's values as typed (text), checked and turned into Choices. Kept apart from the screen so that
// the checks are plain functions.
import path from "node:path";
import { serviceName } from "../plan/plan.ts";
import type { Choices } from "./choices.ts";

export interface OptionValues {
  readonly name: string;
  /** As typed: relative to the folder the wizard started in, or absolute. */
  readonly out: string;
  readonly port: string;
  readonly batching: boolean;
  readonly maxBatchRows: string;
  readonly maxDelayMs: string;
  readonly maxQueueRows: string;
  readonly container: boolean;
  readonly kubernetes: boolean;
}

export type OptionKey = keyof OptionValues;

export const OPTION_KEYS: readonly OptionKey[] = ["name", "out", "port", "batching", "maxBatchRows", "maxDelayMs", "maxQueueRows", "container", "kubernetes"];

export function optionValues(c: Choices, cwd: string): OptionValues {
  return {
    name: c.name,
    out: path.relative(cwd, c.out) || ".",
    port: String(c.port),
    batching: c.batching.enabled,
    maxBatchRows: String(c.batching.maxBatchRows),
    maxDelayMs: String(c.batching.maxDelayMs),
    maxQueueRows: String(c.batching.maxQueueRows),
    container: c.container,
    kubernetes: c.kubernetes,
  };
}

const int = (s: string, min: number, max: number): number | null => {
  if (!/^\d+$/.test(s.trim())) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
};

/** Why each value cannot be used (only wrong values have an entry). */
export function optionErrors(v: OptionValues): Partial<Record<OptionKey, string>> {
  const e: Partial<Record<OptionKey, string>> = {};
  if (!v.name.trim()) e.name = "give the service a name";
  if (!v.out.trim()) e.out = "give a folder";
  if (int(v.port, 1, 65535) === null) e.port = "a port from 1 to 65535";
  if (int(v.maxBatchRows, 1, 1_000_000) === null) e.maxBatchRows = "a whole number from 1";
  if (!/^\d+(\.\d+)?$/.test(v.maxDelayMs.trim())) e.maxDelayMs = "milliseconds, 0 or more";
  if (int(v.maxQueueRows, 1, 100_000_000) === null) e.maxQueueRows = "a whole number from 1";
  return e;
}

/** The name the service will have (what npm and Kubernetes accept), when it differs from what was typed. */
export function normalisedName(v: OptionValues): string | null {
  const n = serviceName(v.name);
  return v.name.trim() && n !== v.name ? n : null;
}

/** The choices with the form's values; the values must have no errors. */
export function applyOptions(c: Choices, v: OptionValues, cwd: string): Choices {
  return {
    ...c,
    name: serviceName(v.name),
    out: path.resolve(cwd, v.out.trim()),
    port: Number(v.port),
    batching: { enabled: v.batching, maxBatchRows: Number(v.maxBatchRows), maxDelayMs: Number(v.maxDelayMs), maxQueueRows: Number(v.maxQueueRows) },
    container: v.container,
    kubernetes: v.kubernetes,
  };
}
