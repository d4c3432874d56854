// What the wizard asks of the pipeline: a preview (everything short of writing) and a convert. The real ones are the
// driver's; tests pass their own to script what the screens see.
import { convert, preview, type ConvertOptions, type ConvertOutcome, type Hooks, type PreviewOutcome } from "../driver/pipeline.ts";

/** The person's choices that change what analysis finds. */
export interface PreviewOptions {
  /** Absolute path of the ONNX file to serve. */
  readonly modelPath?: string;
  readonly preprocess?: string;
  readonly postprocess?: string;
}

export interface WizardPipeline {
  readonly preview: (file: string, opts: PreviewOptions) => Promise<PreviewOutcome>;
  readonly convert: (file: string, opts: ConvertOptions, hooks: Hooks) => Promise<ConvertOutcome>;
}

export const DRIVER: WizardPipeline = {
  preview: (file, opts) => preview(file, opts),
  convert: (file, opts, hooks) => convert(file, opts, hooks),
};
