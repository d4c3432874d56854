// The preview of a notebook under the person's choices, computed again when a choice changes. Results are kept per
// choice, so that going back to an earlier choice is instant; the last result stays shown while the next is made.
import { useEffect, useRef, useState } from "react";
import type { PreviewOutcome } from "../driver/pipeline.ts";
import type { PreviewOptions, WizardPipeline } from "./pipeline.ts";

export interface PreviewState {
  readonly outcome: PreviewOutcome | null;
  readonly loading: boolean;
  /** An internal error of the pipeline (a bug), as its message. */
  readonly error: string | null;
}

export function usePreview(pipeline: WizardPipeline, file: string | null, opts: PreviewOptions): PreviewState {
  const cache = useRef(new Map<string, Promise<PreviewOutcome>>());
  const [state, setState] = useState<PreviewState>({ outcome: null, loading: file !== null, error: null });
  const key = JSON.stringify([file, opts.modelPath ?? null, opts.preprocess ?? null, opts.postprocess ?? null]);
  useEffect(() => {
    if (file === null) return;
    let live = true;
    let pending = cache.current.get(key);
    if (!pending) {
      pending = pipeline.preview(file, opts);
      cache.current.set(key, pending);
    }
    setState((s) => ({ ...s, loading: true }));
    pending.then(
      (outcome) => live && setState({ outcome, loading: false, error: null }),
      (e: unknown) => {
        cache.current.delete(key);
        if (live) setState((s) => ({ ...s, loading: false, error: (e as Error).message }));
      },
    );
    return () => {
      live = false;
    };
  }, [key]);
  useEffect(() => {
    setState({ outcome: null, loading: file !== null, error: null });
  }, [file]);
  return state;
}
