#!/usr/bin/env node
// nb2svc's entry point: parses the command line and runs a command; with no arguments in a terminal, the wizard.
// Every error a person can cause ends with a message and exit code 1 or 2, never a stack trace.
import { parse, UsageError, USAGE } from "./src/cli/args.ts";
import { runConvert, runInspect, runTranslate, type Io } from "./src/cli/commands.ts";
import { toolVersion } from "./src/assets.ts";

async function main(argv: readonly string[]): Promise<number> {
  const io: Io = {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  };
  let parsed;
  try {
    parsed = parse(argv);
    if (parsed === "help") {
      io.stdout(USAGE + "\n");
      return 0;
    }
    if (parsed === "version") {
      io.stdout(toolVersion() + "\n");
      return 0;
    }
    if (parsed === "wizard") {
      // the wizard needs a person at a terminal; a pipe or CI gets the usage (and `convert --config` is for them)
      if (!io.interactive) {
        io.stderr(USAGE + "\n");
        return 2;
      }
      // loaded only here: the other commands never pay for Ink and React
      const { runWizard } = await loadedAsInteractive(() => import("./src/ui/run.ts"));
      const result = await runWizard({ cwd: process.cwd(), color: !process.env.NO_COLOR });
      if (result.report) io.stdout(result.report + "\n");
      // a quit during generation leaves work running (a test run); its staging folder goes with this process
      if (result.abandoned) process.exit(result.code);
      return result.code;
    }
    switch (parsed.command) {
      case "inspect":
        return await runInspect(parsed, io);
      case "convert":
        return await runConvert(parsed, io);
      case "translate":
        return await runTranslate(parsed, io);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`nb2svc: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    io.stderr(`nb2svc: internal error: ${(e as Error).message}\n(this is a bug in nb2svc; please report it with the command and the notebook)\n`);
    if (process.env.NB2SVC_DEBUG) io.stderr(`${(e as Error).stack}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

/**
 * Runs `load` (an import that brings in Ink) with CI and CONTINUOUS_INTEGRATION hidden from the environment. Ink reads
 * them once, when it loads (is-in-ci), and in "CI" renders only the last frame at exit: a wizard at a real terminal
 * would show nothing until it ends. The wizard runs only at a terminal, where a person reads every frame, so Ink must
 * not think otherwise; the variables are put back afterwards, for the processes the wizard starts (the generated tests).
 */
async function loadedAsInteractive<T>(load: () => Promise<T>): Promise<T> {
  const hidden = new Map<string, string>();
  for (const key of ["CI", "CONTINUOUS_INTEGRATION"]) {
    const value = process.env[key];
    if (value === undefined) continue;
    hidden.set(key, value);
    delete process.env[key];
  }
  try {
    return await load();
  } finally {
    for (const [key, value] of hidden) process.env[key] = value;
  }
}
