// The commands to run after a convert: printed by `nb2svc convert` and shown (then printed) by the wizard.
import path from "node:path";
import type { ConvertOutcome } from "../driver/pipeline.ts";
import { exampleCurl } from "../generate/readme.ts";

export interface NextSteps {
  /** `cd DIR && npm install && npm start`, DIR relative to `cwd`. */
  readonly start: string;
  /** A curl line posting the notebook's first golden example, when it has one. */
  readonly curl: string | null;
  /** What the notebook answered for that example, as JSON. */
  readonly expected: string | null;
  /** The comment line under the curl line: the notebook's answer, or the model's (a model check). */
  readonly answerNote: string | null;
}

export function nextSteps(o: ConvertOutcome, cwd: string = process.cwd()): NextSteps | null {
  if (!o.out) return null;
  const rel = path.relative(cwd, o.out) || ".";
  const example = o.plan?.goldens[0];
  return {
    start: `cd ${/^[\w./-]+$/.test(rel) ? rel : `'${rel.replace(/'/g, "'\\''")}'`} && npm install && npm start`,
    // an example that opened an image file sends that file (copied into the service's test/fixtures/)
    curl: example ? exampleCurl(example.request, o.plan!.options.port) : null,
    expected: example ? JSON.stringify(example.expected) : null,
    answerNote: example
      ? example.source === "model-check"
        ? `# the service answers ${JSON.stringify(example.expected)} (a model check: the notebook showed no answer)`
        : `# the notebook answered ${JSON.stringify(example.expected)}`
      : null,
  };
}
