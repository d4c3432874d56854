// --execute: a constant computed from data and saved nowhere is read from a run of a copy of the notebook; the
// notebook and its folder are left exactly as they were; without --execute nothing runs.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { inspectNotebook } from "../../src/driver/pipeline.ts";
import { writeNotebook } from "../helpers/notebook.ts";
import { PYTHON, pythonWithJupyter } from "../helpers/python.ts";
import { tempDir } from "../helpers/temp.ts";

let skip: string | null = null;
beforeAll(() => {
  skip = pythonWithJupyter();
});

const cells = [
  "import json\nimport numpy as np",
  "rng = np.random.default_rng(0)\nX = rng.normal(5.0, 2.0, size=(100, 3)).astype(np.float32)\nMEAN = X.mean(axis=0)\nSCALE = float(X.std())\nWORDS = sorted({w for w in 'the cat sat on the mat'.split()})",
  "def preprocess(v):\n    return ((np.asarray(v, dtype=np.float32) - MEAN) / SCALE).reshape(1, -1)\n\ndef postprocess(y):\n    return WORDS[int(np.argmax(y))]",
  "open('side_effect.txt', 'w').write('ran')",
];

describe("--execute", () => {
  it("reads values computed from data from a run of a copy, and changes nothing", async () => {
    // a missing Python fails here, naming what to install and the script that does
    expect(skip).toBeNull();
    const file = writeNotebook(cells);
    const before = readdirSync(path.dirname(file)).sort();
    const bytes = readFileSync(file);

    const statically = await inspectNotebook(file, { preprocess: "preprocess", postprocess: "postprocess" });
    expect(statically.diagnostics.filter((d) => d.code === "ANALYZE_CONSTANT_UNRESOLVED").map((d) => d.message.split("`")[1])).toEqual(["MEAN", "SCALE"]);

    const ran = await inspectNotebook(file, { preprocess: "preprocess", postprocess: "postprocess", execute: { python: PYTHON } });
    const byName = new Map(ran.analysis!.constants.map((c) => [c.name, c]));
    expect(byName.get("MEAN")!.source.kind).toBe("executed");
    expect(byName.get("MEAN")!.numpy).toEqual({ dtype: "float32" });
    expect(byName.get("SCALE")!.source.kind).toBe("executed");
    expect(byName.get("WORDS")!.source.kind).toBe("literal");
    const expected = JSON.parse(
      execFileSync(PYTHON, ["-c", "import numpy as np, json\nrng = np.random.default_rng(0)\nX = rng.normal(5.0, 2.0, size=(100, 3)).astype(np.float32)\nprint(json.dumps([X.mean(axis=0).tolist(), float(X.std())]))"]).toString(),
    ) as [number[], number];
    expect(byName.get("MEAN")!.value).toEqual(expected[0]);
    expect(byName.get("SCALE")!.value).toEqual(expected[1]);
    expect(ran.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["ANALYZE_NO_MODEL"]);

    // the run happened in a copy: the notebook's folder has no side_effect.txt and the notebook is unchanged
    expect(readdirSync(path.dirname(file)).sort()).toEqual(before);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  }, 300_000);

  // at a terminal Ctrl-C signals every process of the job (nb2svc, Jupyter, Python); a process manager or `kill`
  // signals nb2svc alone, which then stops what it started
  it.each([
    { how: "Ctrl-C", signal: "SIGINT", job: true },
    { how: "a TERM sent to nb2svc alone", signal: "SIGTERM", job: false },
  ] as const)("stopped by $how, removes the copy it ran the notebook in and stops Jupyter and the kernel", async ({ signal, job }) => {
    expect(skip).toBeNull();
    const file = writeNotebook([...cells, "import time\nopen('sleeping', 'w').close()\ntime.sleep(120)"]);
    // nb2svc's own temporary folder, and Jupyter's (a kernel's connection file), to see what is left in them
    const tmp = tempDir("nb2svc-execute-tmp-");
    const ours = () => readdirSync(tmp).filter((n) => n.startsWith("nb2svc-"));
    // a job of its own, as at a terminal
    const child = spawn(process.execPath, [path.join(packageRoot(), "dist", "cli.js"), "inspect", file, "--execute", "--python", PYTHON], {
      env: { ...process.env, TMPDIR: tmp, JUPYTER_RUNTIME_DIR: path.join(tmp, "jupyter") },
      stdio: "ignore",
      detached: true,
    });
    const exited = new Promise<string | null>((r) => child.on("exit", (_code, signal) => r(signal)));
    try {
      for (let i = 0; i < 600 && ours().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      const [work] = ours();
      expect(work).toMatch(/^nb2svc-execute-/);
      const inWork = () => readdirSync("/proc").filter((pid) => /^\d+$/.test(pid) && cwdOf(pid)?.includes(work!));
      // the notebook running its last cell, Jupyter quiet (writing to nb2svc's closed pipes would end it by itself)
      for (let i = 0; i < 600 && !existsSync(path.join(tmp, work!, "sleeping")); i++) await new Promise((r) => setTimeout(r, 100));
      expect(inWork().some((pid) => /ipykernel/.test(commandOf(pid)))).toBe(true);
      await new Promise((r) => setTimeout(r, 1000));
      process.kill(job ? -child.pid! : child.pid!, signal);
      expect(await exited).toBe(signal);
      expect(ours()).toEqual([]);
      // and what ran in it ends (the kernel, a session of its own, when it sees Jupyter gone)
      for (let i = 0; i < 100 && inWork().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(inWork()).toEqual([]);
    } finally {
      // whatever the outcome, nothing of the job outlives the test
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }, 120_000);

  it("says a value is an object of a class the notebook defines, where it is defined, with a fix that works for an object", async () => {
    expect(skip).toBeNull();
    const file = writeNotebook([
      "import numpy as np",
      "class Prep:\n    def fit(self, X):\n        self.mean = X.mean(axis=0)\n        return self",
      "prep = Prep().fit(np.ones((4, 3)))",
      "def preprocess(v):\n    return np.asarray(v) - prep.mean\n\ndef postprocess(y):\n    return y",
    ]);
    const ran = await inspectNotebook(file, { preprocess: "preprocess", postprocess: "postprocess", execute: { python: PYTHON } });
    const d = ran.diagnostics.find((x) => x.code === "EXECUTE_VALUE_UNAVAILABLE")!;
    expect(d.message).toBe("after running the notebook, `prep` is an object of `Prep`, a class the notebook defines: the service cannot hold it as a constant, and nb2svc does not translate classes");
    // where `prep` is defined: the third cell, line 1
    expect(d).toMatchObject({ cell: 2, line: 1, column: 1 });
    expect(d.suggestion).toContain("json.dump({k: np.asarray(v).tolist() for k, v in vars(prep).items()}, f)");
  }, 300_000);

  it("explains what is missing when the Python has no Jupyter", async () => {
    const file = writeNotebook(cells);
    const r = await inspectNotebook(file, { preprocess: "preprocess", postprocess: "postprocess", execute: { python: "/nonexistent/python3" } });
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: "EXECUTE_NO_JUPYTER", severity: "error" }));
  });
});

function cwdOf(pid: string): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined; // gone, or not ours to read
  }
}

function commandOf(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}
