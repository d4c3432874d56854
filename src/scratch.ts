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

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", removeHeld);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    // remove, then let the signal do what it does (when no other handler is left to do it: cli.tsx's onInterrupt)
    const handler = () => {
      removeHeld();
      process.removeListener(signal, handler);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

/** Removes `p` (a folder or a file) if the process ends before the step calls the returned function to let it go. */
export function removedIfStopped(p: string): () => void {
  hook();
  held.add(p);
  return () => held.delete(p);
}
