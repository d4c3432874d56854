// One run of convert for the generate screen: each stage waiting, running or done (with its time), the checks as
// they pass, when it started, then the outcome.
import { useEffect, useState } from "react";
import { CONVERT_STAGES, type ConvertOptions, type ConvertOutcome, type StageName } from "../driver/pipeline.ts";
import type { TestOutcome } from "../verify/types.ts";
import type { WizardPipeline } from "./pipeline.ts";

export interface StageState {
  readonly stage: StageName;
  readonly status: "waiting" | "running" | "done";
  /** Milliseconds, once done. */
  readonly ms?: number;
}

export interface ConvertRun {
  readonly stages: readonly StageState[];
  /** The service's checks (or tests) finished so far, in order: live while verification runs. */
  readonly checks: readonly TestOutcome[];
  /** performance.now() when the run started, for the time elapsed. */
  readonly startedAt: number | null;
  readonly outcome: ConvertOutcome | null;
  /** An internal error of the pipeline (a bug), as its message. */
  readonly error: string | null;
  readonly running: boolean;
}

/** Runs convert once per `runId` (null: not yet; options null: nothing to run); `onDone` sees the outcome first. */
export function useConvert(
  pipeline: WizardPipeline,
  file: string,
  options: ConvertOptions | null,
  runId: number | null,
  onDone: (o: ConvertOutcome) => Promise<void> | void,
): ConvertRun {
  const initial = (): ConvertRun => ({
    stages: CONVERT_STAGES.filter((s) => s !== "verify" || options?.verify !== false).map((stage) => ({ stage, status: "waiting" })),
    checks: [],
    startedAt: runId !== null ? performance.now() : null,
    outcome: null,
    error: null,
    running: runId !== null,
  });
  const [run, setRun] = useState<ConvertRun>(initial);
  useEffect(() => {
    if (runId === null || options === null) return;
    let live = true;
    setRun(initial());
    const update = (stage: StageName, s: Partial<StageState>) =>
      live && setRun((r) => ({ ...r, stages: r.stages.map((x) => (x.stage === stage ? { ...x, ...s } : x)) }));
    const onVerifyTest = (t: TestOutcome) => live && setRun((r) => ({ ...r, checks: [...r.checks, t] }));
    pipeline
      .convert(file, { ...options, onVerifyTest }, {
        onStage: (e) => update(e.stage, e.phase === "start" ? { status: "running" } : { status: "done", ms: e.ms }),
      })
      .then(async (outcome) => {
        await onDone(outcome);
        if (live) setRun((r) => ({ ...r, outcome, running: false }));
      })
      .catch((e: unknown) => live && setRun((r) => ({ ...r, error: (e as Error).message, running: false })));
    return () => {
      live = false;
    };
  }, [runId]);
  return run;
}
