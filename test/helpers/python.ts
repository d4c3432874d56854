// A Python with numpy and Jupyter for the tests that need one (--execute). Tests install nothing: tools/setup-e2e.sh
// installs Debian's python3-numpy, jupyter-nbconvert and python3-ipykernel (and what else the e2e tier needs).
import { spawnSync } from "node:child_process";

export const PYTHON = "/usr/bin/python3";

/** Null when PYTHON has numpy and Jupyter; else why not, and what installs them. */
export function pythonWithJupyter(modules: readonly string[] = []): string | null {
  const wanted = ["numpy", "nbconvert", "ipykernel", ...modules];
  const r = spawnSync(PYTHON, ["-c", `import ${wanted.join(", ")}`], { encoding: "utf8" });
  if (r.status === 0) return null;
  return `needs ${PYTHON} with ${wanted.join(", ")} (${(r.stderr || String(r.error ?? "")).trim().split("\n").at(-1)}): run tools/setup-e2e.sh`;
}
