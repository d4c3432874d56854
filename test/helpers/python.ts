// A Python with numpy and Jupyter for the tests that need one (--execute). CI machines start without Debian's
// Python packages: as root with apt, the helper installs them (python3-numpy, jupyter-nbconvert, python3-ipykernel).
import { execFileSync, spawnSync } from "node:child_process";

export const PYTHON = "/usr/bin/python3";

function hasJupyter(): boolean {
  return spawnSync(PYTHON, ["-c", "import numpy, nbconvert, ipykernel"], { stdio: "ignore" }).status === 0;
}

/** Makes sure PYTHON has numpy and Jupyter; returns why not when it cannot. */
export function ensurePythonWithJupyter(): string | null {
  if (hasJupyter()) return null;
  if (process.getuid?.() !== 0 || spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status !== 0) {
    return "needs /usr/bin/python3 with numpy, nbconvert and ipykernel (or root with apt-get to install them)";
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore", env, timeout: 600_000 });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "python3-numpy", "jupyter-nbconvert", "python3-ipykernel"], { stdio: "ignore", env, timeout: 900_000 });
  return hasJupyter() ? null : "installing python3-numpy, jupyter-nbconvert and python3-ipykernel did not give a working Jupyter";
}
