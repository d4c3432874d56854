// What the person chose in the wizard, how it starts (from a saved nb2svc.json, else the defaults) and how it is
// saved: as the nb2svc.json that `convert --config` replays.
import path from "node:path";
import type { Config } from "../config/config.ts";
import type { PreviewOutcome } from "../driver/pipeline.ts";
import { DEFAULT_BATCHING, serviceName } from "../plan/plan.ts";
import type { BatchingOptions } from "../plan/types.ts";

export interface Choices {
  /** Absolute path of the ONNX file, when the person chose one (else the one analysis picks). */
  readonly model?: string;
  readonly preprocess?: string;
  readonly postprocess?: string;
  readonly name: string;
  /** Absolute path of the output folder. */
  readonly out: string;
  readonly port: number;
  readonly batching: BatchingOptions;
  readonly container: boolean;
  readonly kubernetes: boolean;
}

export const DEFAULT_PORT = 8080;

export function initialChoices(notebook: string, saved: Config | null): Choices {
  const name = serviceName(path.basename(notebook).replace(/\.ipynb$/i, ""));
  return {
    ...(saved?.model ? { model: saved.model } : {}),
    ...(saved?.preprocess ? { preprocess: saved.preprocess } : {}),
    ...(saved?.postprocess ? { postprocess: saved.postprocess } : {}),
    name: saved?.name ?? name,
    out: saved?.out ?? path.join(path.dirname(path.resolve(notebook)), `${name}-svc`),
    port: saved?.port ?? DEFAULT_PORT,
    batching: { ...DEFAULT_BATCHING, ...saved?.batching },
    container: saved?.container ?? true,
    kubernetes: saved?.kubernetes ?? true,
  };
}

/**
 * The config that makes this service: every choice written out, including those the person left as detected, so
 * that a replay does not depend on what a later nb2svc would detect or default to.
 */
export function choicesConfig(notebook: string, c: Choices, preview: PreviewOutcome | null): Config & { readonly out: string } {
  const analysis = preview?.analysis ?? null;
  const model = c.model ?? analysis?.modelPath ?? undefined;
  const preprocess = c.preprocess ?? analysis?.preprocess ?? undefined;
  const postprocess = c.postprocess ?? analysis?.postprocess ?? undefined;
  // a model with a fixed first axis cannot batch: say so in the file rather than have plan warn on every replay
  const batchable = preview?.plan?.model.batchable ?? true;
  return {
    notebook: path.resolve(notebook),
    out: c.out,
    name: c.name,
    ...(model ? { model } : {}),
    ...(preprocess ? { preprocess } : {}),
    ...(postprocess ? { postprocess } : {}),
    port: c.port,
    batching: { ...c.batching, enabled: c.batching.enabled && batchable },
    container: c.container,
    kubernetes: c.kubernetes,
    verify: true,
  };
}
