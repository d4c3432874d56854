// Processes a step starts (verification's service and test runner, --execute's Jupyter and its kernel, and whatever
// they start) run in their own process group, so that stopping one stops everything under it; they are stopped when
// the step ends, and when nb2svc itself is stopped or exits, so none outlives a convert.
import type { ChildProcess } from "node:child_process";
import { cleanedUpIfStopped } from "./scratch.ts";

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // the child leads its own group (spawned with detached: true): -pid reaches every process in it
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Registers a child spawned with `detached: true`, stopped (its whole group) when nb2svc ends, however it ends;
 * returns the function that forgets it once it has exited.
 */
export const trackChild: (child: ChildProcess) => () => void = cleanedUpIfStopped((c: ChildProcess) => killGroup(c, "SIGKILL"));

/** Stops a child's whole process group: SIGKILL unless it has exited, then waits (at most 5 s) for the exit. */
export async function stopProcessTree(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  // even after the child itself exited, what it started may still run in its group
  killGroup(child, "SIGKILL");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
}
