// Helpers for the wizard's tests: example folders copied to a temporary place (never written in examples/), keys as
// a terminal sends them, waiting for a frame, and a scripted convert for the generate screen.
import { cpSync } from "node:fs";
import path from "node:path";
import { render } from "ink-testing-library";
import { createElement, type ReactElement } from "react";
import { expect } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { CONVERT_STAGES, preview, type ConvertOutcome, type StageName } from "../../src/driver/pipeline.ts";
import { KeyboardProvider } from "../../src/ui/KeyboardProvider.tsx";
import type { WizardPipeline } from "../../src/ui/pipeline.ts";
import { tempDir } from "../helpers/temp.ts";

/** What a terminal sends for each key (xterm). */
export const KEY = {
  up: "\x1b[A",
  down: "\x1b[B",
  right: "\x1b[C",
  left: "\x1b[D",
  enter: "\r",
  esc: "\x1b",
  tab: "\t",
  shiftTab: "\x1b[Z",
  space: " ",
  backspace: "\x7f",
  ctrlC: "\x03",
} as const;

export const SIZE = { columns: 80, rows: 24 } as const;

/** Renders a screen (or any component taking keys) under the keyboard the wizard gives it. */
export function renderKeyed(node: ReactElement): ReturnType<typeof render> {
  return render(createElement(KeyboardProvider, null, node));
}

/** A copy of examples/<name> in a fresh temporary folder: { root (the folder holding the copy), notebook }. */
export function copyExample(name: string): { root: string; dir: string; notebook: string } {
  const root = tempDir("nb2svc-ui-");
  const dir = path.join(root, name);
  cpSync(path.join(packageRoot(), "examples", name), dir, { recursive: true });
  return { root, dir, notebook: path.join(dir, `${name}.ipynb`) };
}

export const tick = (ms = 15): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `frame()` satisfies `ok` (a substring or a predicate); fails with the last frame. */
export async function waitFor(frame: () => string | undefined, ok: string | ((f: string) => boolean), timeoutMs = 8000): Promise<string> {
  const test = typeof ok === "string" ? (f: string) => f.includes(ok) : ok;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const f = frame() ?? "";
    if (test(f)) return f;
    if (Date.now() > until) throw new Error(`timed out waiting for ${typeof ok === "string" ? JSON.stringify(ok) : "a frame"}; last frame:\n${f}`);
    await tick(10);
  }
}

/** Writes keys one at a time, as a person types them, letting Ink render between them. */
export async function press(stdin: { write: (s: string) => void }, ...keys: string[]): Promise<void> {
  // a component subscribes to keys after it renders: let the last render settle first
  await tick();
  for (const k of keys) {
    stdin.write(k);
    // Esc alone is told apart from an escape sequence on the next turn of the event loop
    await tick(k === KEY.esc ? 30 : 15);
  }
}

/** Every line of the frame fits the terminal, and the frame leaves the last row free. */
export function expectFits(frame: string, size: { columns: number; rows: number } = SIZE): void {
  const lines = frame.split("\n");
  expect(lines.length).toBeLessThanOrEqual(size.rows - 1);
  for (const l of lines) expect([...l.replace(/\x1b\[[0-9;]*m/g, "")].length, l).toBeLessThanOrEqual(size.columns);
}

export interface ScriptedConvert {
  /** Lets the convert finish (it waits, so that frames of a running convert can be checked). */
  readonly release: () => void;
  readonly calls: { file: string; opts: Parameters<WizardPipeline["convert"]>[1] }[];
}

/**
 * A pipeline whose preview is the real one and whose convert reports every stage with fixed times, stops before
 * verify until released, and returns a successful outcome built from the real preview (no files are written).
 */
export function scriptedPipeline(opts: { fail?: boolean } = {}): WizardPipeline & ScriptedConvert {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const calls: ScriptedConvert["calls"] = [];
  return {
    release: () => release(),
    calls,
    preview: (file, o) => preview(file, o),
    convert: async (file, o, hooks) => {
      calls.push({ file, opts: o });
      const p = await preview(file, o);
      const timings: Partial<Record<StageName, number>> = {};
      for (const [i, stage] of CONVERT_STAGES.entries()) {
        hooks.onStage?.({ stage, phase: "start" });
        if (stage === "verify") await gate;
        timings[stage] = 10 * (i + 1);
        hooks.onStage?.({ stage, phase: "end", ms: timings[stage] });
      }
      const outcome: ConvertOutcome = {
        ok: !opts.fail,
        out: opts.fail ? null : path.resolve(o.out),
        plan: p.plan,
        translated: p.translated,
        files: ["package.json", "src/server.ts", "test/predict.test.ts"],
        bundle: [{ file: "dist/server.js", bytes: 1_700_000 }],
        verify: opts.fail
          ? null
          : {
              ok: true,
              passed: 2,
              failed: 0,
              skipped: 0,
              durationMs: 3100,
              tests: [
                { name: "predict answers like the notebook (cell 19)", file: "test/predict.test.ts", status: "passed", durationMs: 12 },
                { name: "bad requests an unknown field", file: "test/predict.test.ts", status: "passed", durationMs: 3 },
              ],
            },
        diagnostics: opts.fail ? [{ severity: "error", code: "WRITE_NOT_EMPTY", message: "out is not empty", suggestion: "pass --force" }] : [],
        timings,
      };
      return outcome;
    },
  };
}
