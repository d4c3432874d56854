// Each screen on its own, with the real preview of a copied example: what its frame shows, at 80x24, and what its
// keys do. (The wizard's paths through the screens are in wizard.test.tsx.)
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { useState } from "react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanup } from "ink-testing-library";
import { preview, type PreviewOutcome } from "../../src/driver/pipeline.ts";
import { DEFAULT_BATCHING } from "../../src/plan/plan.ts";
import { ModelScreen } from "../../src/ui/ModelScreen.tsx";
import { optionValues, type OptionValues } from "../../src/ui/options.ts";
import { OptionsScreen } from "../../src/ui/OptionsScreen.tsx";
import { OverviewScreen } from "../../src/ui/OverviewScreen.tsx";
import { PickNotebookScreen } from "../../src/ui/PickNotebookScreen.tsx";
import { PreprocessingScreen } from "../../src/ui/PreprocessingScreen.tsx";
import type { PreviewState } from "../../src/ui/use-preview.ts";
import { writeNotebook } from "../helpers/notebook.ts";
import { copyExample, expectFits, KEY, press, renderKeyed, tick, waitFor } from "./helpers.ts";

const ready = (outcome: PreviewOutcome): PreviewState => ({ outcome, loading: false, error: null });
const nav = () => ({ onNext: vi.fn(), onBack: vi.fn(), onQuit: vi.fn() });

let iris: { root: string; notebook: string; preview: PreviewOutcome };
beforeAll(async () => {
  const copy = copyExample("iris");
  iris = { root: copy.root, notebook: copy.notebook, preview: await preview(copy.notebook) };
});
afterEach(() => cleanup());

describe("PickNotebookScreen", () => {
  const files = ["iris/iris.ipynb", "digits/digits.ipynb", "sentiment/sentiment.ipynb", "drafts/old iris.ipynb"];

  it("lists the notebooks and filters them as the person types (q and j are text here)", async () => {
    const onPick = vi.fn();
    const { lastFrame, stdin } = renderKeyed(<PickNotebookScreen notebooks={files} root="this folder" onPick={onPick} width={80} height={24} />);
    await tick();
    expect(lastFrame()).toContain("Pick the notebook to turn into a service (4 under this folder)");
    expect(lastFrame()).toContain("› iris/iris.ipynb");
    expect(lastFrame()).toContain("  sentiment/sentiment.ipynb");
    expectFits(lastFrame()!);
    // each step waits for the frame its last key makes: on a loaded machine Ink renders it later than press's tick
    await press(stdin, "i", "r", "i", "s");
    const filtered = await waitFor(lastFrame, "filter iris▌");
    expect(filtered).toContain("› iris/iris.ipynb");
    expect(filtered).toContain("  drafts/old iris.ipynb");
    expect(filtered).not.toContain("digits");
    await press(stdin, KEY.down, KEY.enter);
    expect(onPick).toHaveBeenCalledWith("drafts/old iris.ipynb");
    await press(stdin, "q", "j");
    expect(await waitFor(lastFrame, "filter irisqj▌")).toContain('no notebook matches "irisqj"');
    await press(stdin, KEY.backspace, KEY.backspace);
    await waitFor(lastFrame, "filter iris▌");
    await press(stdin, KEY.esc);
    expect(await waitFor(lastFrame, "filter ▌")).toContain("digits/digits.ipynb");
  });

  it("says what to do when there is no notebook, and spins while searching", async () => {
    const empty = renderKeyed(<PickNotebookScreen notebooks={[]} root="this folder" onPick={vi.fn()} width={80} height={24} />);
    expect(empty.lastFrame()).toContain("no .ipynb file here: start nb2svc in the folder of your notebook");
    const searching = renderKeyed(<PickNotebookScreen notebooks={null} root="this folder" onPick={vi.fn()} width={80} height={24} />);
    expect(searching.lastFrame()).toMatch(/searching/);
  });
});

describe("OverviewScreen", () => {
  it("shows every cell with its role, the model, the inference path and that nothing is wrong", async () => {
    const { lastFrame } = renderKeyed(<OverviewScreen file="iris/iris.ipynb" preview={ready(iris.preview)} {...nav()} width={80} height={24} />);
    const f = lastFrame()!;
    expect(f).toContain("nb2svc Notebook › [Overview] › Model");
    // cells as Jupyter counts them, with the execution counts of those that ran
    expect(f).toContain("iris/iris.ipynb · model iris.onnx (torch.onnx.export in cell 18 (In [10]))");
    expect(f).toContain("inference preprocess → model → postprocess · 3 golden examples: cells 20, 21, 22");
    expect(f).toMatch(/ {2}8 \[\d+\] +preprocess {3}def preprocess\(features\):/);
    expect(f).toMatch(/ {2}1 {7}markdown {5}Prototype: classify an iris/);
    expect(f).toMatch(/ 12 \[\d+\] +training {5}%%time/);
    expect(f).toContain("✓ can be converted");
    expect(f).toContain("✓ no problems found");
    expectFits(f);
  });

  it("lists diagnostics with the source line and the fix; Tab scrolls them; Enter and Esc navigate", async () => {
    const file = writeNotebook([
      "import numpy as np\nimport torch",
      "def preprocess(x):\n    return np.asarray(x, dtype=np.float32).reshape(1, -1)",
      'torch.onnx.export(net, torch.zeros(1, 4), "missing.onnx")',
      "y = preprocess([1, 2, 3, 4]\nprint(y)",
    ]);
    const outcome = await preview(file);
    const h = nav();
    const { lastFrame, stdin } = renderKeyed(<OverviewScreen file="nb.ipynb" preview={ready(outcome)} {...h} width={80} height={24} />);
    const f = lastFrame()!;
    expect(f).toMatch(/Diagnostics: 1 error, \d+ warnings \(errors stop the conversion\)/);
    // said at once, above the cells
    expect(f).toContain("✗ cannot be converted: 1 error, listed below with their fixes");
    // located: file, cell (as Jupyter counts it), line, column, the source line with a caret under the column, and the fix
    expect(f).toMatch(/nb\.ipynb:cell 4 \(In \[4\]\):line \d+:col \d+: warning ANALYZE_SYNTAX: syntax error/);
    expect(f).toMatch(/\n {4}y = preprocess\(\[1, 2, 3, 4\]\n {4} *\^/);
    expect(f).toContain("fix:");
    expectFits(f);
    // the model's path is shown relative to the working folder, so the lines it wraps to, and whether the error
    // below it is in the first frame, depend on where the temporary folder is: scrolled to (compared without white
    // space, as wrapped)
    await press(stdin, ..."jjjjjjjjjj");
    await waitFor(lastFrame, (fr) => fr.replace(/\s+/g, "").includes("missing.onnx:errorINSPECT_MODEL_MISSING"));
    // the diagnostics have the keyboard first, since they stop the conversion; Tab goes to the cells and back
    expect(f).toContain("› Diagnostics");
    // waitFor, not one frame: under load Ink may render the key's effect a few ticks after press returns
    await press(stdin, KEY.tab);
    await waitFor(lastFrame, (fr) => !fr.includes("› Diagnostics"));
    await press(stdin, KEY.tab);
    await waitFor(lastFrame, "› Diagnostics");
    await press(stdin, KEY.enter, KEY.esc, "q");
    expect(h.onNext).toHaveBeenCalledTimes(1);
    expect(h.onBack).toHaveBeenCalledTimes(1);
    expect(h.onQuit).toHaveBeenCalledTimes(1);
  });

  it("at 80x24, wraps every diagnostic's message and fix and scrolls to the last of them", async () => {
    const file = writeNotebook([
      "import numpy as np\nimport torch",
      "def preprocess(x):\n    return np.asarray(x, dtype=np.float32).reshape(1, -1)",
      'torch.onnx.export(net, torch.zeros(1, 4), "a/model/file/with/a/rather/long/path/that/does/not/exist/anywhere.onnx")',
      "y = preprocess([1, 2, 3, 4]\nprint(y)",
      "z = (1,",
    ]);
    const outcome = await preview(file);
    const { lastFrame, stdin } = renderKeyed(<OverviewScreen file="nb.ipynb" preview={ready(outcome)} {...nav()} width={80} height={24} />);
    // the diagnostics pane has the keyboard (they stop the conversion): scroll it to its end, keeping every frame
    const frames = [lastFrame()!];
    for (let i = 0; i < 40; i++) {
      await press(stdin, "j");
      frames.push(lastFrame()!);
    }
    for (const f of frames) expectFits(f);
    // a word longer than the pane (a path) is cut across lines: compared without white space
    const seen = frames.join("\n").replace(/\s+/g, "");
    for (const d of outcome.diagnostics) {
      for (const words of [d.message, d.suggestion ?? ""]) expect(seen, d.code).toContain(words.replace(/\s+/g, ""));
    }
  });

  it("shows a spinner until the preview is there", () => {
    const { lastFrame } = renderKeyed(<OverviewScreen file="iris/iris.ipynb" preview={{ outcome: null, loading: true, error: null }} {...nav()} width={80} height={24} />);
    expect(lastFrame()).toContain("reading iris/iris.ipynb");
  });
});

describe("ModelScreen", () => {
  it("shows the inputs and outputs with types, shapes and symbolic dims", () => {
    const { lastFrame } = renderKeyed(<ModelScreen preview={ready(iris.preview)} onChoose={vi.fn()} {...nav()} width={80} height={24} />);
    const f = lastFrame()!;
    expect(f).toContain("› ● iris.onnx  torch.onnx.export in cell 18 (In [10])");
    expect(f).toMatch(/Inputs\n {2}features float32 {2}\[batch, 4\]/);
    expect(f).toMatch(/Outputs\n {2}logits {3}float32 {2}\[batch, 3\]/);
    expect(f).toContain("symbolic dims: batch (any size when run; requests can be batched)");
    expect(f).toMatch(/opset 17 · made by pytorch · [\d.]+ KiB · sha256 [0-9a-f]{12}…/);
    expectFits(f);
  });

  it("offers every exported model; Space serves the highlighted one, Enter serves it and goes on", async () => {
    const copy = copyExample("iris");
    const file = path.join(copy.dir, "two.ipynb");
    const nb = JSON.parse(JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } }, cells: [] }));
    const code = (source: string) => ({ cell_type: "code", metadata: {}, source, outputs: [], execution_count: null });
    nb.cells = [
      code("import numpy as np\nimport torch"),
      code('torch.onnx.export(small, torch.zeros(1, 4), "iris.onnx", input_names=["features"], output_names=["logits"])'),
      code('torch.onnx.export(big, torch.zeros(1, 4), "big.onnx")'),
    ];
    writeFileSync(file, JSON.stringify(nb));
    writeFileSync(path.join(copy.dir, "big.onnx"), Buffer.from(await import("node:fs").then((fs) => fs.readFileSync(path.join(copy.dir, "iris.onnx")))));
    const outcome = await preview(file);
    const onChoose = vi.fn();
    const h = nav();
    const { lastFrame, stdin } = renderKeyed(<ModelScreen preview={ready(outcome)} onChoose={onChoose} {...h} width={80} height={24} />);
    const f = lastFrame()!;
    // these cells never ran: no execution count
    expect(f).toMatch(/● big\.onnx {2}torch\.onnx\.export in cell 3\b/);
    expect(f).toMatch(/○ iris\.onnx {2}torch\.onnx\.export in cell 2\b/);
    const other = outcome.analysis!.modelPath === path.join(copy.dir, "big.onnx") ? path.join(copy.dir, "iris.onnx") : path.join(copy.dir, "big.onnx");
    await press(stdin, "k");
    await press(stdin, KEY.space);
    expect(onChoose).toHaveBeenLastCalledWith(other);
    await press(stdin, KEY.enter);
    expect(h.onNext).toHaveBeenCalledTimes(1);
    expect(onChoose).toHaveBeenCalledTimes(2);
  });
});

describe("PreprocessingScreen", () => {
  it("shows the entry, exit and helpers, the constants, and the Python beside its TypeScript", async () => {
    const { lastFrame, stdin } = renderKeyed(<PreprocessingScreen preview={ready(iris.preview)} onChoose={vi.fn()} {...nav()} width={80} height={24} />);
    const f = lastFrame()!;
    expect(f).toContain("Inference path: all translated");
    expect(f).toContain("› entry   preprocess(features)  cell 8 (In [5])");
    expect(f).toContain("  exit    postprocess(logits)  cell 16 (In [9])");
    expect(f).toContain("  helper  softmax(z)  cell 16 (In [9])");
    expect(f).toMatch(/constants MEAN \(iris_stats\.json \["MEAN"\]\) · STD/);
    expect(f).toMatch(/Python, cell 8 \(In \[5\]\) +│ TypeScript/);
    expect(f).toMatch(/1 {2}def preprocess\(features\): +│ \/\*\*/);
    expect(f).toMatch(/│ function preprocess\(features/);
    expectFits(f);
    await press(stdin, "j", "j");
    await waitFor(lastFrame, (fr) => /def softmax\(z\): +│/.test(fr));
    await press(stdin, KEY.tab);
    await waitFor(lastFrame, "› Python, cell 16 (In [9])");
    expect(lastFrame()).toContain("←→ sideways");
  });

  it("marks the lines translation refuses with the reason and the fix", async () => {
    const file = writeNotebook([
      "import numpy as np",
      "def preprocess(text):\n    n = eval(text)\n    return np.zeros((1, n), dtype=np.float32)",
      "def postprocess(y):\n    return y.tolist()",
    ]);
    const outcome = await preview(file);
    const { lastFrame } = renderKeyed(<PreprocessingScreen preview={ready(outcome)} onChoose={vi.fn()} {...nav()} width={80} height={24} />);
    const f = lastFrame()!;
    expect(f).toMatch(/Inference path: 1 line cannot be translated/);
    expect(f).toMatch(/2✗ {5}n = eval\(text\)/);
    expect(f).toContain("not translated: see the marked lines");
    expect(f).toMatch(/✗ line 2 col \d+: .*eval/);
    expect(f).toMatch(/fix: /);
    expectFits(f);
  });

  it("Space on the entry or exit row chooses another function; Esc keeps the current one", async () => {
    const onChoose = vi.fn();
    const h = nav();
    const { lastFrame, stdin } = renderKeyed(<PreprocessingScreen preview={ready(iris.preview)} onChoose={onChoose} {...h} width={80} height={24} />);
    await press(stdin, "j", KEY.space);
    const f = lastFrame()!;
    expect(f).toContain("Which function turns the model's output into the response?");
    expect(f).toContain("● postprocess(logits)  cell 16 (In [9])");
    expect(f).toContain("○ softmax(z)  cell 16 (In [9])");
    expectFits(f);
    await press(stdin, KEY.esc);
    expect(h.onBack).not.toHaveBeenCalled();
    expect(lastFrame()).not.toContain("Which function");
    await press(stdin, KEY.space);
    const chooser = lastFrame()!;
    const rows = chooser.split("\n").filter((l) => /[●○] \w+\(/.test(l));
    const target = rows.findIndex((l) => l.includes("softmax(z)"));
    const current = rows.findIndex((l) => l.includes("postprocess(logits)"));
    await press(stdin, ...Array<string>(Math.abs(target - current)).fill(target > current ? "j" : "k"), KEY.enter);
    expect(onChoose).toHaveBeenCalledWith("postprocess", "softmax");
    expect(h.onNext).not.toHaveBeenCalled();
    await press(stdin, KEY.enter);
    expect(h.onNext).toHaveBeenCalledTimes(1);
  });
});

describe("OptionsScreen", () => {
  const base = (cwd: string): OptionValues => ({
    ...optionValues({ name: "iris", out: path.join(cwd, "iris", "iris-svc"), port: 8080, batching: DEFAULT_BATCHING, container: true, kubernetes: true }, cwd),
  });

  /** The options screen with its form's state, as the wizard holds it. */
  // biome-ignore lint/correctness/noComponentHookFactories: a test's harness, rendered by that test only
  function Harness(props: { readonly cwd: string; readonly onSubmit: (force: boolean) => void; readonly batchable?: boolean; readonly start?: OptionValues; readonly errors?: number }) {
    const [values, setValues] = useState(props.start ?? base(props.cwd));
    return (
      <OptionsScreen
        values={values}
        onChange={setValues}
        onSubmit={props.onSubmit}
        onBack={vi.fn()}
        onQuit={vi.fn()}
        cwd={props.cwd}
        batchable={props.batchable ?? true}
        busy={false}
        errors={props.errors ?? 0}
        width={80}
        height={24}
      />
    );
  }

  it("shows every option with its value and what it does", () => {
    const { lastFrame } = renderKeyed(<Harness cwd={iris.root} onSubmit={vi.fn()} />);
    const f = lastFrame()!;
    expect(f).toContain("› service name          iris▌  npm package, image and Kubernetes name");
    expect(f).toContain("  output folder         iris/iris-svc  relative to here");
    expect(f).toContain("  port                  8080");
    expect(f).toContain("  batching              [x] on   merge concurrent requests into one model run");
    expect(f).toContain(`    max rows per batch  ${DEFAULT_BATCHING.maxBatchRows}  rows`);
    expect(f).toContain("  Kubernetes files      [x] on ");
    expect(f).toContain("[ Generate the service ]");
    expectFits(f);
  });

  it("edits text, refuses a wrong port, flips switches, skips the limits of batching that is off", async () => {
    const onSubmit = vi.fn();
    const { lastFrame, stdin } = renderKeyed(<Harness cwd={iris.root} onSubmit={onSubmit} />);
    await press(stdin, "-", "q", KEY.down, KEY.down);
    expect(lastFrame()).toContain("service name          iris-q  npm package");
    await press(stdin, KEY.backspace, "x");
    expect(lastFrame()).toContain("› port                  808x▌  ✗ a port from 1 to 65535");
    await press(stdin, KEY.enter);
    expect(onSubmit).not.toHaveBeenCalled();
    expect(lastFrame()).toContain("✗ fix the marked fields first");
    await press(stdin, KEY.backspace, "1", KEY.tab);
    expect(lastFrame()).toContain("› batching");
    await press(stdin, KEY.space, "j");
    expect(lastFrame()).toContain("[ ] off");
    expect(lastFrame()).toContain("› Dockerfile");
    await press(stdin, KEY.space, "k");
    expect(lastFrame()).toContain("Dockerfile            [ ] off");
    expect(lastFrame()).toContain("› batching");
    await press(stdin, "k");
    expect(lastFrame()).toContain("› port                  8081▌");
    await press(stdin, KEY.enter);
    expect(onSubmit).toHaveBeenCalledWith(false);
  });

  it("asks before replacing a folder that is not empty", async () => {
    const out = path.join(iris.root, "iris", "iris-svc");
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "keep.txt"), "mine");
    const onSubmit = vi.fn();
    const { lastFrame, stdin } = renderKeyed(<Harness cwd={iris.root} onSubmit={onSubmit} />);
    expect(lastFrame()).toContain("output folder         iris/iris-svc  not empty: replaced only if you say so");
    await press(stdin, KEY.enter);
    expect(lastFrame()).toContain("iris/iris-svc is not empty. Replace it? [y/N]");
    await press(stdin, "n");
    expect(onSubmit).not.toHaveBeenCalled();
    await press(stdin, KEY.enter, "y");
    expect(onSubmit).toHaveBeenCalledWith(true);
  });

  it("does not generate a service the notebook's known errors would stop, and says why", async () => {
    const onSubmit = vi.fn();
    const { lastFrame, stdin } = renderKeyed(<Harness cwd={iris.root} onSubmit={onSubmit} errors={2} />);
    expect(lastFrame()).toContain("✗ the notebook has 2 errors that stop the conversion (Esc: back to read them)");
    await press(stdin, KEY.enter);
    expect(onSubmit).not.toHaveBeenCalled();
    expectFits(lastFrame()!);
  });

  it("says when the model cannot batch", () => {
    const { lastFrame } = renderKeyed(<Harness cwd={iris.root} onSubmit={vi.fn()} batchable={false} />);
    expect(lastFrame()).toContain("batching              [ ] off  impossible: the model's first axis is fixed");
  });
});

it("every screen waits for the preview with a spinner, not an error", async () => {
  const loading: PreviewState = { outcome: null, loading: true, error: null };
  const model = renderKeyed(<ModelScreen preview={loading} onChoose={vi.fn()} {...nav()} width={80} height={24} />);
  const pre = renderKeyed(<PreprocessingScreen preview={loading} onChoose={vi.fn()} {...nav()} width={80} height={24} />);
  await waitFor(model.lastFrame, "reading the notebook");
  await waitFor(pre.lastFrame, "reading the notebook");
});
