// Runs the wizard in the terminal: on the alternate screen (so that leaving it gives the terminal back as it was),
// with raw keys (Ctrl-C is the wizard's to handle), and restores the terminal however it ends.
import { render } from "ink";
import { createElement } from "react";
import { Wizard, type WizardResult } from "./Wizard.tsx";

const ALT_SCREEN_ON = "\x1b[?1049h\x1b[H";
const ALT_SCREEN_OFF = "\x1b[?1049l";
const SHOW_CURSOR = "\x1b[?25h";

export interface RunWizardOptions {
  readonly cwd: string;
  /** Open this notebook at once (`nb2svc NOTEBOOK`). */
  readonly notebook?: string;
  readonly color: boolean;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
}

export async function runWizard(opts: RunWizardOptions): Promise<WizardResult> {
  const stdout = opts.stdout ?? process.stdout;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(SHOW_CURSOR + ALT_SCREEN_OFF);
  };
  // a kill or a crash must not leave the terminal on the alternate screen with its cursor hidden
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.exit(signal === "SIGINT" ? 130 : signal === "SIGHUP" ? 129 : 143);
  };
  const signals: NodeJS.Signals[] = ["SIGTERM", "SIGHUP", "SIGINT"];
  for (const s of signals) process.once(s, onSignal);
  process.once("exit", restore);
  stdout.write(ALT_SCREEN_ON);
  let result: WizardResult = { code: 0, report: "", abandoned: false };
  try {
    const instance = render(
      createElement(Wizard, {
        cwd: opts.cwd,
        color: opts.color,
        ...(opts.notebook ? { notebook: opts.notebook } : {}),
        onExit: (r: WizardResult) => {
          result = r;
        },
      }),
      { stdout, stdin: opts.stdin ?? process.stdin, exitOnCtrlC: false },
    );
    await instance.waitUntilExit();
  } finally {
    restore();
    for (const s of signals) process.off(s, onSignal);
    process.off("exit", restore);
  }
  return result;
}
