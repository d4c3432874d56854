// What nb2svc makes for the length of one step and removes when the step ends (a convert's staging folder,
// verification's and --execute's temporary folders, the model checks' bundle) is also removed when the process ends
// first: on exit, and on Ctrl-C, a TERM or a HUP, which end a process without its "exit" handlers and without the
// step's own `finally`.
import { rmSync } from "node:fs";

/**
 * Runs `cleanup` when the process ends: on exit, and on Ctrl-C, a TERM or a HUP, after which the signal does what it
 * does (ends the process) when no other handler is left to act on it (cli.tsx's onInterrupt, when it is there).
 */
function whenProcessEnds(cleanup: () => void): void {
  process.on("exit", cleanup);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const handler = () => {
      cleanup();
      process.removeListener(signal, handler);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

/**
 * What a step holds for its length and `cleanup` undoes if the process ends first: `hold(x)` registers `x` (hooking
 * the process's end on first use) and returns the function that lets it go once the step has undone it itself.
 */
export function cleanedUpIfStopped<T>(cleanup: (x: T) => void): (x: T) => () => void {
  const held = new Set<T>();
  let hooked = false;
  return (x) => {
    if (!hooked) {
      hooked = true;
      whenProcessEnds(() => {
        for (const h of held) cleanup(h);
        held.clear();
      });
    }
    held.add(x);
    return () => {
      held.delete(x);
    };
  };
}

/** Removes `p` (a folder or a file) if the process ends before the step calls the returned function to let it go. */
export const removedIfStopped: (p: string) => () => void = cleanedUpIfStopped((p: string) => rmSync(p, { recursive: true, force: true }));
