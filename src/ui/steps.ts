// The wizard's steps, in order: the header shows them and Esc walks back through them.
export const STEPS = ["pick", "overview", "model", "preprocess", "options", "generate"] as const;
export type Step = (typeof STEPS)[number];

export const STEP_LABELS: Readonly<Record<Step, string>> = {
  pick: "Notebook",
  overview: "Overview",
  model: "Model",
  preprocess: "Pre/post",
  options: "Options",
  generate: "Generate",
};

export function nextStep(step: Step): Step {
  return STEPS[Math.min(STEPS.indexOf(step) + 1, STEPS.length - 1)]!;
}

export function previousStep(step: Step): Step {
  return STEPS[Math.max(STEPS.indexOf(step) - 1, 0)]!;
}
