// What nb2svc makes for the length of one step and removes when the step ends (a convert's staging folder,
// verification's and --execute's temporary folders, the model checks' bundle) is also removed when the process ends
// first: on exit, and on Ctrl-C, a TERM or a HUP, which end a process without its "exit" handlers and without the
// step's own `finally`.
import { rmSync } from "node:fs";

const held = new Set<string>();
let hooked = false;

function removeHeld(): void {
  for (const p of held) rmSync(p, { recursive: true, force: true });
  held.clear();
}

/**
 * Runs `cleanup` when the process ends: on exit, and on Ctrl-C, a TERM or a HUP, after which the signal does what it
 * does (ends the process) when no other handler is left to act on it (cli.tsx's onInterrupt, when it is there).
 */
export function whenProcessEnds(cleanup: () => void): void {
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

function hook(): void {
  if (hooked) return;
  hooked = true;
  whenProcessEnds(removeHeld);
}

/** Removes `p` (a folder or a file) if the process ends before the step calls the returned function to let it go. */
export function removedIfStopped(p: string): () => void {
  hook();
  held.add(p);
  return () => held.delete(p);
}
