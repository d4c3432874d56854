// Temporary folders for tests: each is removed when the test file that made it ends (test/setup-file.ts), so that a
// test, a helper or a folder shared by a file's tests needs no cleanup of its own. The run's temporary folder itself
// is the safety net behind this (test/helpers/temp-root.ts).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const made = new Set<string>();

/** A fresh folder in the temporary folder, removed when the test file ends. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes the folders tempDir made (test/setup-file.ts, after each test file). */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
