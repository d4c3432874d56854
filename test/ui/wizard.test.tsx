// The wizard's paths through its screens, with the real preview and a scripted convert: forward to a service and a
// saved nb2svc.json, back with Esc, quitting with q and Ctrl-C, choosing another function, writing tags into a copy.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cleanup, render } from "ink-testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readConfig } from "../../src/config/config.ts";
import { DEFAULT_BATCHING } from "../../src/plan/plan.ts";
import { STEP_LABELS, STEPS } from "../../src/ui/steps.ts";
import { Wizard, type WizardResult } from "../../src/ui/Wizard.tsx";
import { copyExample, expectFits, KEY, press, scriptedPipeline, SIZE, waitFor } from "./helpers.ts";

afterEach(() => cleanup());

function start(opts: { fail?: boolean; notebook?: string } = {}) {
  const copy = copyExample("iris");
  const pipeline = scriptedPipeline(opts.fail ? { fail: true } : {});
  const onExit = vi.fn<(r: WizardResult) => void>();
  const r = render(<Wizard cwd={copy.root} color={false} pipeline={pipeline} size={SIZE} onExit={onExit} {...(opts.notebook ? { notebook: opts.notebook } : {})} />);
  return { ...copy, ...r, pipeline, onExit, frame: r.lastFrame };
}

const at = (step: (typeof STEPS)[number]) => `[${STEP_LABELS[step]}]`;

/** What each screen shows once it is ready for Enter (the notebook analyzed, the model inspected...). */
const READY: Readonly<Record<(typeof STEPS)[number], string>> = {
  pick: "› iris/iris.ipynb",
  overview: "✓ no problems found",
  model: "Inputs",
  preprocess: "Inference path: all translated",
  options: "[ Generate the service ]",
  generate: "8/9",
};

/** Enter, then wait for the next screen to be ready. */
async function forward(w: { stdin: { write: (s: string) => void }; frame: () => string | undefined }, to: (typeof STEPS)[number]): Promise<string> {
  await press(w.stdin, KEY.enter);
  await waitFor(w.frame, at(to));
  return waitFor(w.frame, (f) => f.includes(READY[to]) && !/reading|analyzing|inspecting|translating/.test(f.split("\n")[0]! + f));
}

/** From the picker to the options screen, checking that each screen fits. */
async function walkToOptions(w: ReturnType<typeof start>): Promise<void> {
  await waitFor(w.frame, "› iris/iris.ipynb");
  expectFits(w.frame()!);
  await press(w.stdin, KEY.enter);
  await waitFor(w.frame, "✓ no problems found");
  expectFits(w.frame()!);
  await press(w.stdin, KEY.enter);
  await waitFor(w.frame, "Inputs");
  expectFits(w.frame()!);
  await press(w.stdin, KEY.enter);
  await waitFor(w.frame, "Inference path: all translated");
  expectFits(w.frame()!);
  await press(w.stdin, KEY.enter);
  await waitFor(w.frame, "[ Generate the service ]");
  expectFits(w.frame()!);
}

describe("the wizard", () => {
  it("opens on a notebook's overview when started with one (nb2svc NOTEBOOK)", async () => {
    const w = start({ notebook: path.join("iris", "iris.ipynb") });
    const overview = await waitFor(w.frame, (f) => f.includes(at("overview")) && f.includes(READY.overview));
    expect(overview).toContain("iris/iris.ipynb · model iris.onnx");
    await press(w.stdin, KEY.esc);
    await waitFor(w.frame, READY.pick);
  });

  it("walks forward to a generated service: stages with progress, test results, next commands, nb2svc.json", async () => {
    const w = start();
    await walkToOptions(w);
    await press(w.stdin, KEY.enter);
    const running = await waitFor(w.frame, (f) => f.includes("8/9") && /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] verify/.test(f));
    expect(running).toContain(at("generate"));
    expect(running).toMatch(/✓ load {10}10 ms/);
    expect(running).toMatch(/✓ bundle {8}80 ms/);
    expect(running).toContain("Checks: last, on the bundle");
    expect(running).toMatch(/Making the service \d+\.\d s/);
    expect(running).toContain("q stop and quit");
    expectFits(running);
    w.pipeline.release();
    const done = await waitFor(w.frame, "✓ Saved your choices");
    expect(done).toMatch(/✓ verify {8}90 ms/);
    expect(done).toContain("9/9");
    expect(done).toContain("Checks: 2 passed, 0 failed (3.1 s)");
    expect(done).toContain("✓ predict answers like the notebook (cell 19)");
    expect(done).toContain("✓ Wrote iris/iris-svc: 3 files, dist/server.js 1.7 MB");
    expect(done).toContain("✓ Saved your choices to iris/nb2svc.json; CI makes the same service with\n  npx nb2svc convert --config iris/nb2svc.json --yes --force");
    expect(done).toContain("  cd iris/iris-svc && npm install --omit=dev && npm start");
    expect(done).toContain(`  curl -s localhost:8080/predict -H 'content-type: application/json' -d\n  '{"features":[5.1,3.5,1.4,0.2]}'`);
    expect(done).toContain(`  # the notebook answered {"label":"setosa","confidence":0.9999}`);
    expectFits(done);

    // what was saved is what was run, and reads back to the same options
    const config = JSON.parse(readFileSync(path.join(w.dir, "nb2svc.json"), "utf8"));
    expect(config).toEqual({
      version: 1,
      notebook: "iris.ipynb",
      out: "iris-svc",
      name: "iris",
      model: "iris.onnx",
      preprocess: "preprocess",
      postprocess: "postprocess",
      port: 8080,
      batching: DEFAULT_BATCHING,
      container: true,
      kubernetes: true,
      verify: true,
    });
    const run = w.pipeline.calls[0]!;
    expect(run.file).toBe(w.notebook);
    expect(run.opts).toMatchObject({ out: path.join(w.dir, "iris-svc"), force: false, name: "iris", preprocess: "preprocess", postprocess: "postprocess", modelPath: path.join(w.dir, "iris.onnx") });
    expect(await readConfig(path.join(w.dir, "nb2svc.json"))).toMatchObject({ out: run.opts.out, model: run.opts.modelPath });

    await press(w.stdin, KEY.enter);
    expect(w.onExit).toHaveBeenCalledTimes(1);
    const result = w.onExit.mock.calls[0]![0];
    expect(result.code).toBe(0);
    expect(result.report).toContain("saved your choices to iris/nb2svc.json; replay them with: npx nb2svc convert --config iris/nb2svc.json --yes --force");
    expect(result.report).toContain("next:\n  cd iris/iris-svc && npm install --omit=dev && npm start\n  # then, in another terminal:\n  curl -s localhost:8080/predict");
  });

  it("goes back one screen with Esc, keeping what was typed", async () => {
    const w = start();
    await walkToOptions(w);
    await press(w.stdin, "-", "x");
    expect(w.frame()).toContain("service name          iris-x▌");
    for (const step of ["preprocess", "model", "overview", "pick"] as const) {
      await press(w.stdin, KEY.esc);
      await waitFor(w.frame, at(step));
    }
    for (const step of ["overview", "model", "preprocess", "options"] as const) await forward(w, step);
    // the form is kept while the notebook stays the same
    expect(w.frame()).toContain("service name          iris-x▌");
    await press(w.stdin, KEY.esc);
    await waitFor(w.frame, at("preprocess"));
    expect(w.onExit).not.toHaveBeenCalled();
  });

  it("quits with q on every screen but the picker (where q is text) and with Ctrl-C anywhere", async () => {
    for (const [i, step] of STEPS.slice(1, 5).entries()) {
      const w = start();
      await waitFor(w.frame, "› iris/iris.ipynb");
      for (let k = 0; k <= i; k++) await forward(w, STEPS[k + 1]!);
      if (step === "options") await press(w.stdin, KEY.tab, KEY.tab, KEY.tab);
      await press(w.stdin, "q");
      expect(w.onExit, step).toHaveBeenCalledWith({ code: 0, report: "", abandoned: false });
      cleanup();
    }
    const picker = start();
    await waitFor(picker.frame, "› iris/iris.ipynb");
    await press(picker.stdin, "q");
    expect(picker.onExit).not.toHaveBeenCalled();
    expect(picker.frame()).toContain("filter q▌");
    await press(picker.stdin, KEY.ctrlC);
    expect(picker.onExit).toHaveBeenCalledWith({ code: 130, report: "nb2svc: stopped; nothing was written", abandoned: false });
  });

  it("stops a generation in progress with q, leaving it to the CLI to exit at once", async () => {
    const w = start();
    await walkToOptions(w);
    await press(w.stdin, KEY.enter);
    await waitFor(w.frame, "8/9");
    await press(w.stdin, "q");
    expect(w.onExit).toHaveBeenCalledWith({ code: 0, report: "nb2svc: stopped; nothing was written", abandoned: true });
    expect(existsSync(path.join(w.dir, "nb2svc.json"))).toBe(false);
  });

  it("chooses another exit function: the preview follows, and the choice is run and saved", async () => {
    const w = start();
    await walkToOptions(w);
    await press(w.stdin, KEY.esc);
    await waitFor(w.frame, "› entry   preprocess(features)");
    await press(w.stdin, "j", KEY.space);
    await waitFor(w.frame, "Which function turns the model's output into the response?");
    const rows = w.frame()!.split("\n").filter((l) => /[●○] \w+\(/.test(l));
    const steps = rows.findIndex((l) => l.includes("softmax(z)")) - rows.findIndex((l) => l.includes("postprocess(logits)"));
    await press(w.stdin, ...Array<string>(Math.abs(steps)).fill(steps > 0 ? KEY.down : KEY.up), KEY.enter);
    const chosen = await waitFor(w.frame, "exit    softmax(z)  cell 16 (In [9])");
    expect(chosen).not.toContain("postprocess(logits)");
    expect(chosen).toMatch(/def softmax\(z\): +│/);
    await waitFor(w.frame, (f) => !f.includes("translating"));
    await press(w.stdin, KEY.enter);
    await waitFor(w.frame, at("options"));
    await press(w.stdin, KEY.enter);
    await waitFor(w.frame, "8/9");
    w.pipeline.release();
    await waitFor(w.frame, "✓ Saved your choices");
    expect(w.pipeline.calls[0]!.opts.postprocess).toBe("softmax");
    expect(JSON.parse(readFileSync(path.join(w.dir, "nb2svc.json"), "utf8")).postprocess).toBe("softmax");
  });

  it("writes the choices as cell tags into a copy, and asks before touching the original", async () => {
    const w = start();
    const original = readFileSync(w.notebook, "utf8");
    await walkToOptions(w);
    await press(w.stdin, KEY.enter);
    await waitFor(w.frame, "8/9");
    w.pipeline.release();
    await waitFor(w.frame, "✓ Saved your choices");
    await press(w.stdin, "t");
    expect(w.frame()).toContain("Tag cells in c a copy, iris.tagged.ipynb · o the original · Esc cancel");
    await press(w.stdin, "o");
    expect(w.frame()).toContain("Replace iris/iris.ipynb itself (its tags only)? [y/N]");
    await press(w.stdin, "n");
    expect(readFileSync(w.notebook, "utf8")).toBe(original);
    await press(w.stdin, "t", "c");
    // writing the copy is quick; reading it again (analysis) is what takes the time on a busy machine
    const tagged = await waitFor(w.frame, "✓ Tagged", 30_000);
    // cells numbered from 1, as diagnostics name them
    expect(tagged).toContain("✓ Tagged cells 8, 16, 20, 21 and 22 in iris/iris.tagged.ipynb");
    expect(readFileSync(w.notebook, "utf8")).toBe(original);
    const copy = JSON.parse(readFileSync(path.join(w.dir, "iris.tagged.ipynb"), "utf8"));
    expect(copy.cells[7].metadata.tags).toEqual(["preprocess"]);
    expect(copy.cells[15].metadata.tags).toEqual(["postprocess"]);
    expect(copy.cells[19].metadata.tags).toEqual(["golden"]);
    await press(w.stdin, "q");
    expect(w.onExit.mock.calls[0]![0].report).toContain("tagged cells in iris/iris.tagged.ipynb");
  });

  it("starts from the choices saved for the notebook", async () => {
    const copy = copyExample("iris");
    writeFileSync(path.join(copy.dir, "nb2svc.json"), JSON.stringify({ version: 1, notebook: "iris.ipynb", out: "../served", name: "flowers", port: 9000, kubernetes: false }));
    const r = render(<Wizard cwd={copy.root} color={false} pipeline={scriptedPipeline()} size={SIZE} />);
    await waitFor(r.lastFrame, "› iris/iris.ipynb");
    const w = { stdin: r.stdin, frame: r.lastFrame };
    for (const step of ["overview", "model", "preprocess"] as const) await forward(w, step);
    const f = await forward(w, "options");
    expect(f).toContain("service name          flowers▌");
    expect(f).toContain("output folder         served ");
    expect(f).toContain("port                  9000");
    expect(f).toContain("Kubernetes files      [ ] off");
  });

  it("shows why a service could not be made, and leaves with exit code 1", async () => {
    const w = start({ fail: true });
    await walkToOptions(w);
    await press(w.stdin, KEY.enter);
    await waitFor(w.frame, "8/9");
    w.pipeline.release();
    const f = await waitFor(w.frame, "could not be made");
    expect(f).toContain("✗ The service could not be made (nothing was written): 1 error");
    expect(f).toContain("error WRITE_NOT_EMPTY: out is not empty");
    expect(f).toContain("fix: pass --force");
    expect(f).not.toContain("Saved your choices");
    expectFits(f);
    await press(w.stdin, KEY.enter);
    expect(w.onExit.mock.calls[0]![0].code).toBe(1);
    expect(existsSync(path.join(w.dir, "nb2svc.json"))).toBe(false);
  });
});
