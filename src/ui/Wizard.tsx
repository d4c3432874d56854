// The wizard: pick a notebook, see what nb2svc sees, adjust the choices, generate. It holds the person's choices
// and the step; everything it shows comes from the pipeline (through `pipeline`), and what it makes is exactly what
// `nb2svc convert --config nb2svc.json --yes` makes, because both go through the same Config.
import path from "node:path";
import { Box, useApp, useInput } from "ink";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { nextSteps, programName, replayCommand, shellWord } from "../present/next-steps.ts";
import { CONFIG_FILE, convertOptions, savedConfigFor, writeConfig } from "../config/config.ts";
import type { ConvertOutcome } from "../driver/pipeline.ts";
import { taggedCopyPath } from "../tags/tags.ts";
import { choicesConfig, initialChoices, type Choices } from "./choices.ts";
import { GenerateScreen, type SavedConfig } from "./GenerateScreen.tsx";
import { isCtrlC } from "./keys.ts";
import { KeyboardProvider } from "./KeyboardProvider.tsx";
import { ModelScreen } from "./ModelScreen.tsx";
import { applyOptions, optionValues, type OptionValues } from "./options.ts";
import { OptionsScreen } from "./OptionsScreen.tsx";
import { OverviewScreen } from "./OverviewScreen.tsx";
import { PickNotebookScreen } from "./PickNotebookScreen.tsx";
import { DRIVER, type WizardPipeline } from "./pipeline.ts";
import { PreprocessingScreen } from "./PreprocessingScreen.tsx";
import { nextStep, previousStep, type Step } from "./steps.ts";
import { theme as makeTheme, ThemeContext } from "./theme.ts";
import { useConvert } from "./use-convert.ts";
import { useNotebooks } from "./use-notebooks.ts";
import { usePreview } from "./use-preview.ts";
import { useTagWriter } from "./use-tag-writer.ts";
import { useTerminalSize, type TerminalSize } from "./use-terminal-size.ts";

/** How the wizard ended: what the CLI prints after it and the exit code. */
export interface WizardResult {
  /** 0 done (or left with q), 1 the service could not be made, 130 interrupted (Ctrl-C). */
  readonly code: number;
  /** Printed once the terminal is restored (the screens are gone by then). */
  readonly report: string;
  /** Whether work may still be running (a quit during generation): the CLI exits without waiting for it. */
  readonly abandoned: boolean;
}

export interface WizardProps {
  /** The folder notebooks are searched in and relative paths are typed from. */
  readonly cwd: string;
  /** Colours on (off with NO_COLOR). */
  readonly color: boolean;
  /** The pipeline to drive; the driver's by default. */
  readonly pipeline?: WizardPipeline;
  /** A fixed size instead of the terminal's (tests). */
  readonly size?: TerminalSize;
  /** Called as the wizard ends, before Ink exits. */
  readonly onExit?: (result: WizardResult) => void;
  /** A notebook to open at once (`nb2svc NOTEBOOK`), skipping the picker; relative to `cwd`. */
  readonly notebook?: string;
}

export function Wizard(props: WizardProps): ReactNode {
  const pipeline = props.pipeline ?? DRIVER;
  const { exit } = useApp();
  const size = useTerminalSize(props.size);
  const theme = useMemo(() => makeTheme(props.color), [props.color]);
  const notebooks = useNotebooks(props.cwd);
  const [step, setStep] = useState<Step>("pick");
  const [notebook, setNotebook] = useState<string | null>(null);
  const [choices, setChoices] = useState<Choices | null>(null);
  const [values, setValues] = useState<OptionValues | null>(null);
  const [runId, setRunId] = useState<number | null>(null);
  const [force, setForce] = useState(false);
  const [saved, setSaved] = useState<SavedConfig>(null);

  const previewOpts = { modelPath: choices?.model, preprocess: choices?.preprocess, postprocess: choices?.postprocess };
  const preview = usePreview(pipeline, notebook, previewOpts);
  // what generating would run and save: the wizard's choices as nb2svc.json has them
  const config = notebook && choices ? choicesConfig(notebook, choices, preview.outcome) : null;
  const configFile = notebook ? path.join(path.dirname(notebook), CONFIG_FILE) : "";
  const rel = (f: string) => path.relative(props.cwd, f) || ".";

  const onConverted = async (o: ConvertOutcome) => {
    if (!o.ok || !config) return;
    try {
      await writeConfig(configFile, config);
      setSaved({ file: rel(configFile) });
    } catch (e) {
      setSaved({ error: (e as Error).message });
    }
  };
  const run = useConvert(pipeline, notebook ?? "", config ? convertOptions(config, { force }) : null, runId, onConverted);
  const tags = useTagWriter(pipeline, preview.outcome?.notebook ?? null, preview.outcome?.analysis ?? null);

  const finish = (code: number, abandoned = false) => {
    const lines: string[] = [];
    const o = run.outcome;
    if (code === 130 || (abandoned && !o)) lines.push("nb2svc: stopped; nothing was written");
    else if (o && step === "generate") {
      if (o.out) lines.push(`wrote ${o.files.length} files to ${rel(o.out)}${o.verify ? `; tests: ${o.verify.passed} passed, ${o.verify.failed} failed` : ""}`);
      if (saved && "file" in saved) lines.push(`saved your choices to ${saved.file}; replay them with: ${replayCommand(saved.file, props.cwd)}`);
      if (tags.state.status === "done") lines.push(`tagged cells in ${rel(tags.state.file)}`);
      const next = nextSteps(o, props.cwd);
      if (o.ok && next) {
        lines.push("", "next:", `  ${next.start}`);
        if (next.curl) lines.push("  # then, in another terminal:", `  ${next.curl}`, `  ${next.answerNote}`);
      }
      if (!o.ok) lines.push(`the service could not be made: \`${programName()} convert ${shellWord(rel(notebook!))} --out DIR\` prints every diagnostic`);
    }
    const result: WizardResult = { code: o && step === "generate" && !o.ok && code === 0 ? 1 : code, report: lines.join("\n"), abandoned };
    props.onExit?.(result);
    exit();
  };
  const quit = () => (step === "generate" && run.outcome ? finish(0) : finish(0, run.running));

  // Ctrl-C is not a screen's key: it quits from anywhere, prompts included (once the service is made, as q does)
  useInput((input, key) => {
    if (isCtrlC(input, key)) (step === "generate" && run.outcome ? finish(0) : finish(130, run.running));
  });

  // `nb2svc NOTEBOOK`: straight to its overview
  useEffect(() => {
    if (props.notebook) void pick(props.notebook);
    // once, at the start
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const back = () => setStep(previousStep(step));
  const forward = () => setStep(nextStep(step));
  const common = { width: size.columns, height: size.rows, onQuit: quit };

  const pick = async (file: string) => {
    const abs = path.resolve(props.cwd, file);
    // the same notebook again keeps what was chosen for it so far
    if (abs !== notebook) {
      const savedConfig = await savedConfigFor(abs);
      setNotebook(abs);
      setChoices(initialChoices(abs, savedConfig));
      setValues(null);
      setSaved(null);
    }
    setStep("overview");
  };

  let screen: ReactNode;
  switch (step) {
    case "pick":
      screen = <PickNotebookScreen notebooks={notebooks} root="this folder" onPick={(f) => void pick(f)} width={size.columns} height={size.rows} />;
      break;
    case "overview":
      screen = <OverviewScreen {...common} file={rel(notebook!)} preview={preview} onNext={forward} onBack={back} />;
      break;
    case "model":
      screen = <ModelScreen {...common} preview={preview} onChoose={(model) => setChoices((c) => c && { ...c, model })} onNext={forward} onBack={back} />;
      break;
    case "preprocess":
      screen = <PreprocessingScreen {...common} preview={preview} onChoose={(end, name) => setChoices((c) => c && { ...c, [end]: name })} onNext={forward} onBack={back} />;
      break;
    case "options":
      screen = (
        <OptionsScreen
          {...common}
          values={values ?? optionValues(choices!, props.cwd)}
          onChange={setValues}
          cwd={props.cwd}
          batchable={preview.outcome?.plan ? preview.outcome.plan.model.batchable : null}
          busy={preview.loading}
          errors={(preview.outcome?.diagnostics ?? []).filter((d) => d.severity === "error").length}
          onBack={back}
          onSubmit={(replace) => {
            setChoices((c) => c && applyOptions(c, values ?? optionValues(c, props.cwd), props.cwd));
            setForce(replace);
            setSaved(null);
            setRunId((n) => (n ?? 0) + 1);
            forward();
          }}
        />
      );
      break;
    case "generate":
      screen = (
        <GenerateScreen
          {...common}
          run={run}
          notebook={preview.outcome?.notebook ?? null}
          notebookLabel={rel(notebook!)}
          saved={saved}
          next={run.outcome ? nextSteps(run.outcome, props.cwd) : null}
          tags={tags}
          copyLabel={path.basename(taggedCopyPath(notebook!))}
          onTag={(intoOriginal) => tags.write(intoOriginal ? notebook! : taggedCopyPath(notebook!), intoOriginal)}
          onDone={() => finish(0)}
          onBack={() => {
            setValues(optionValues(choices!, props.cwd));
            back();
          }}
          cwd={props.cwd}
        />
      );
      break;
  }
  return (
    <ThemeContext.Provider value={theme}>
      <KeyboardProvider>
        <Box width={size.columns} height={size.rows - 1} flexDirection="column">
          {screen}
        </Box>
      </KeyboardProvider>
    </ThemeContext.Provider>
  );
}
