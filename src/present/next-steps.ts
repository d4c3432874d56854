// The commands to run after a convert: printed by `nb2svc convert` and shown (then printed) by the wizard. Each one
// runs when pasted in the folder nb2svc ran in.
import { accessSync, constants, realpathSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../assets.ts";
import type { ConvertOutcome } from "../driver/pipeline.ts";
import { exampleCurl } from "../generate/readme.ts";

export interface NextSteps {
  /** `cd DIR && npm ci --omit=dev && npm start`, DIR relative to `cwd`. */
  readonly start: string;
  /** A curl line posting the notebook's first golden example, when it has one. */
  readonly curl: string | null;
  /** What the notebook answered for that example, as JSON. */
  readonly expected: string | null;
  /** The comment line under the curl line: the notebook's answer, or the model's (a model check). */
  readonly answerNote: string | null;
}

/** A word for the shell: as it is when it is plain, else single-quoted (a quote inside closed, escaped, reopened). */
export function shellWord(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

export function nextSteps(o: ConvertOutcome, cwd: string = process.cwd()): NextSteps | null {
  if (!o.out) return null;
  const rel = path.relative(cwd, o.out) || ".";
  const example = o.plan?.goldens[0];
  // `npm ci` installs what nb2svc tested (the service's lockfile); without one, npm resolves the ranges itself
  const install = o.files.includes("package-lock.json") ? "npm ci --omit=dev" : "npm install --omit=dev";
  return {
    start: `cd ${shellWord(rel)} && ${install} && npm start`,
    // an example that opened an image file sends that file (copied into the service's src/generated/fixtures/)
    curl: example ? exampleCurl(example.request, o.plan!.options.port) : null,
    expected: example ? JSON.stringify(example.expected) : null,
    answerNote: example
      ? example.source === "model-check"
        ? `# the service answers ${JSON.stringify(example.expected)} (a model check: the notebook showed no answer)`
        : `# the notebook answered ${JSON.stringify(example.expected)}`
      : null,
  };
}

let program: string | null = null;

/**
 * How a person runs this nb2svc again: `nb2svc` when the `nb2svc` on PATH is this one (`npm install -g`, `npm
 * link`), else `npx nb2svc` (a clone, or a project that has it in node_modules/.bin). nb2svc is not on the npm
 * registry, so `npx nb2svc` elsewhere would find nothing: the PATH check keeps the printed command one that runs.
 */
export function programName(): string {
  if (program) return program;
  const self = path.join(packageRoot(), "dist", "cli.js");
  program = "npx nb2svc";
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, "nb2svc");
    try {
      accessSync(candidate, constants.X_OK);
      if (realpathSync(candidate) === realpathSync(self)) program = "nb2svc";
      break;
    } catch {
      // not in this folder
    }
  }
  return program;
}

/** The command that makes the same service again from a saved nb2svc.json, relative to `cwd`. */
export function replayCommand(configFile: string, cwd: string = process.cwd()): string {
  const rel = path.relative(cwd, path.resolve(cwd, configFile)) || configFile;
  // --force: the folder it names is the one just written, which a replay replaces
  return `${programName()} convert --config ${shellWord(rel.split(path.sep).join("/"))} --yes --force`;
}
