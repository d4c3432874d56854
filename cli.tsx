#!/usr/bin/env node
// nb2svc's entry point: parses the command line and runs a command; with no arguments (or a notebook) in a terminal,
// the wizard. Every error a person can cause ends with a message and exit code 1 or 2, never a stack trace; with
// --json, every ending (a usage error, an internal error, Ctrl-C) is the one JSON envelope on stdout.
import { commandHelp, parse, UsageError, USAGE, wantsJson, type Command } from "./src/cli/args.ts";
import type { Io } from "./src/cli/commands.ts";
import { envelope } from "./src/cli/envelope.ts";
import { toolVersion } from "./src/assets.ts";
import type { Diagnostic } from "./src/diagnostics/types.ts";

const argv = process.argv.slice(2);
const json = wantsJson(argv);
/** The command being run, for the envelope of an ending that is not the command's own. */
let running: Command | null = null;
let ended = false;

/** Ends with a diagnostic: in the envelope with --json, else as one line on stderr. */
function endWith(d: Diagnostic, text: string): void {
  if (ended) return;
  ended = true;
  if (json) process.stdout.write(envelope(running, false, {}, [d]));
  else process.stderr.write(text);
}

function internalError(e: unknown): void {
  const error = e instanceof Error ? e : new Error(String(e));
  const overflow = error instanceof RangeError && /call stack/.test(error.message);
  endWith(
    {
      severity: "error",
      code: "INTERNAL",
      message: `internal error: ${error.message}${overflow ? " (input nested too deep for nb2svc)" : ""}`,
      suggestion: "this is a bug in nb2svc; please report it with the command and the notebook (NB2SVC_DEBUG=1 prints the stack)",
    },
    `nb2svc: internal error: ${error.message}\n(this is a bug in nb2svc; please report it with the command and the notebook)\n`,
  );
  if (process.env.NB2SVC_DEBUG) process.stderr.write(`${error.stack}\n`);
}

async function main(): Promise<number> {
  const io: Io = {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    color: (Boolean(process.stderr.isTTY) || argv.includes("--color")) && !process.env.NO_COLOR,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    liveProgress: Boolean(process.stderr.isTTY),
  };
  try {
    const parsed = parse(argv);
    if ("kind" in parsed) {
      switch (parsed.kind) {
        case "help":
          io.stdout((parsed.command ? commandHelp(parsed.command) : USAGE) + "\n");
          return 0;
        case "version":
          io.stdout(toolVersion() + "\n");
          return 0;
        case "wizard": {
          // the wizard needs a person at a terminal; a pipe or CI gets the usage (and `convert --config` is for them)
          if (!io.interactive) {
            io.stderr(`${parsed.notebook ? `nb2svc: the wizard needs a terminal; without one: nb2svc convert ${parsed.notebook} --out DIR\n\n` : ""}${USAGE}\n`);
            return 2;
          }
          // loaded only here: the other commands never pay for Ink and React
          const { runWizard } = await loadedAsInteractive(() => import("./src/ui/run.ts"));
          const result = await runWizard({ cwd: process.cwd(), color: !process.env.NO_COLOR, ...(parsed.notebook ? { notebook: parsed.notebook } : {}) });
          if (result.report) io.stdout(result.report + "\n");
          // a quit during generation leaves work running (a check); its staging folder goes with this process
          if (result.abandoned) process.exit(result.code);
          return result.code;
        }
      }
    }
    running = parsed.command;
    onInterrupt(parsed.command);
    // loaded only for a command: --help, --version and a malformed command line answer without the pipeline and
    // TypeScript (ts-morph), which take most of a start
    const { runConvert, runInspect, runTranslate } = await import("./src/cli/commands.ts");
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
      const help = e.command ? `run nb2svc ${e.command} --help for its options` : "run nb2svc --help for the commands";
      endWith({ severity: "error", code: "USAGE", message: e.message }, `nb2svc: ${e.message}\n${help}\n`);
      return 2;
    }
    internalError(e);
    return 1;
  }
}

/**
 * Ctrl-C (or a TERM, a HUP) during a command: one line that says so, then the signal goes on to what stops the
 * command's processes and removes its staging and temporary folders (src/verify/processes.ts, src/scratch.ts), and
 * ends nb2svc as the signal does (exit status 130 for Ctrl-C in a shell). The wizard handles Ctrl-C itself, as a key.
 */
function onInterrupt(command: Command): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const handler = () => {
      process.removeListener(signal, handler);
      const what = command === "convert" ? "stopped; nothing was written" : "stopped";
      endWith({ severity: "error", code: "INTERRUPTED", message: `${what} (${signal})` }, `\nnb2svc: ${what}\n`);
      // the others run after this one; the last of them raises the signal again
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    // first in line, so that the line is printed before anything is torn down
    process.prependListener(signal, handler);
  }
}

// what escapes the command's own error handling (an error in a stream or a timer) still ends in the envelope
process.on("uncaughtException", (e) => {
  internalError(e);
  process.exit(1);
});
process.on("unhandledRejection", (e) => {
  internalError(e);
  process.exit(1);
});

main().then((code) => {
  process.exitCode = code;
});

/**
 * Runs `load` (an import that brings in Ink) with CI and CONTINUOUS_INTEGRATION hidden from the environment. Ink reads
 * them once, when it loads (is-in-ci), and in "CI" renders only the last frame at exit: a wizard at a real terminal
 * would show nothing until it ends. The wizard runs only at a terminal, where a person reads every frame, so Ink must
 * not think otherwise; the variables are put back afterwards, for the processes the wizard starts.
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
