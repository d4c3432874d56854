// Step 6: making the service. Each stage of the pipeline as it runs (spinner, then its time) with a progress bar;
// the generated service's own tests with their results; then what was written, where the choices were saved for
// CI, and the commands to run next. t writes the choices back into the notebook as cell tags.
import path from "node:path";
import { Box, Text } from "ink";
import { useEffect, useState, type ReactNode } from "react";
import { replayCommand, type NextSteps } from "../present/next-steps.ts";
import type { Notebook } from "../load/types.ts";
import { cellsLabel } from "../diagnostics/cells.ts";
import { countBySeverity, diagnosticLines } from "./diagnostic-lines.ts";
import { wrapText } from "./describe.ts";
import { ProgressBar } from "./ProgressBar.tsx";
import { FRAME_ROWS, Screen } from "./Screen.tsx";
import { ScrollPane, type PaneLine } from "./ScrollPane.tsx";
import { Spinner } from "./Spinner.tsx";
import { TagPrompt } from "./TagPrompt.tsx";
import type { ConvertRun } from "./use-convert.ts";
import { useNavigationKeys } from "./use-navigation-keys.ts";
import { useScroll } from "./use-scroll.ts";
import type { TagWriter } from "./use-tag-writer.ts";
import { useTheme } from "./use-theme.ts";
import { useKeys } from "./use-keys.ts";
import type { Size } from "./screen-props.ts";

export type SavedConfig = { readonly file: string } | { readonly error: string } | null;

export interface GenerateScreenProps extends Size {
  /** The convert running (or done): its stages and outcome. */
  readonly run: ConvertRun;
  /** The notebook as loaded (for diagnostics' source lines) and as shown. */
  readonly notebook: Notebook | null;
  /** The notebook as shown (relative to where the wizard started). */
  readonly notebookLabel: string;
  /** nb2svc.json once saved (relative to where the wizard started), or why it was not. */
  readonly saved: SavedConfig;
  /** The commands to run next, once the service is written. */
  readonly next: NextSteps | null;
  /** Writing the choices back as cell tags, and how it went. */
  readonly tags: TagWriter;
  /** The tagged copy's file name (it goes beside the notebook). */
  readonly copyLabel: string;
  /** Write the tags: into the notebook itself if `intoOriginal`, else into its copy. */
  readonly onTag: (intoOriginal: boolean) => void;
  /** Leave the wizard with the service made (Enter, q). */
  readonly onDone: () => void;
  /** Back to the options, to make the service again (Esc). */
  readonly onBack: () => void;
  /** Leave the wizard (q); while the service is being made, stop. */
  readonly onQuit: () => void;
  /** The folder paths are shown relative to. */
  readonly cwd: string;
}

/** The stages' time added up. */
const totalMs = (timings: Readonly<Partial<Record<string, number>>>): number => Object.values(timings).reduce<number>((n, ms) => n + (ms ?? 0), 0);

/** Seconds since `since`, counting while the work runs; the final figure once `until` (ms) is known. */
function Elapsed(props: { readonly since: number | null; readonly until: number | null }): ReactNode {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (props.until !== null || props.since === null) return;
    const timer = setInterval(() => setTick((n) => n + 1), 100);
    return () => clearInterval(timer);
  }, [props.until, props.since]);
  if (props.since === null) return null;
  const ms = props.until ?? performance.now() - props.since;
  return `${(ms / 1000).toFixed(1)} s`;
}

export const msText = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

const STAGE_WIDTH = 28;

/** Rows the curl line may take; a longer one is cut here and printed whole when the wizard ends. */
const CURL_ROWS = 2;

export function GenerateScreen(props: GenerateScreenProps): ReactNode {
  const t = useTheme();
  const { run } = props;
  const outcome = run.outcome;
  const finished = outcome !== null || run.error !== null;
  const ok = outcome?.ok ?? false;
  const [prompting, setPrompting] = useState(false);
  const body = props.height - FRAME_ROWS;
  const topHeight = run.stages.length + 2;
  const done = run.stages.filter((s) => s.status === "done").length;

  const verify = outcome?.verify ?? null;
  // live while verification runs, then the report; failures first: they are what a person has to look at
  const tests = verify?.tests ?? run.checks;
  const testLines: PaneLine[] = tests.length
    ? [...tests.filter((x) => x.status === "failed"), ...tests.filter((x) => x.status !== "failed")].map((x) => ({
        text: `${x.status === "passed" ? "✓" : x.status === "failed" ? "✗" : "-"} ${x.name}`,
        color: x.status === "passed" ? t.ok : x.status === "failed" ? t.error : t.muted,
      }))
    : [];
  const testsScroll = useScroll({ active: finished && !prompting && ok, lines: testLines.length, height: topHeight - 1 });
  const problems = outcome ? outcome.diagnostics.filter((d) => d.severity !== "info") : [];
  const problemLines = outcome ? diagnosticLines(props.notebookLabel, props.notebook, problems, t, props.width) : [];
  const problemsScroll = useScroll({ active: finished && !prompting && !ok, lines: problemLines.length, height: body - topHeight - 2 });

  useKeys(
    (input) => {
      if (input === "t" && ok && props.tags.state.status !== "writing") setPrompting(true);
    }, finished && !prompting);
  useNavigationKeys({ onNext: () => finished && props.onDone(), onBack: () => finished && props.onBack(), onQuit: props.onQuit }, { active: !prompting });

  const stageRows = run.stages.map((s) => (
    <Text key={s.stage} wrap="truncate-end">
      {s.status === "done" ? <Text color={t.ok}>✓</Text> : s.status === "running" ? <Spinner /> : <Text color={t.muted}>·</Text>}
      {` ${s.stage.padEnd(10)}`}
      <Text color={t.muted}>{s.ms !== undefined ? msText(s.ms).padStart(9) : s.status === "running" ? "      ..." : ""}</Text>
    </Text>
  ));
  const rightWidth = props.width - STAGE_WIDTH - 2;
  const running = run.checks.length ? `Checks: ${run.checks.filter((c) => c.status === "passed").length} passed, ${run.checks.filter((c) => c.status === "failed").length} failed so far` : null;
  const testsTitle = verify
    ? `Checks: ${verify.passed} passed, ${verify.failed} failed${verify.skipped ? `, ${verify.skipped} skipped` : ""} (${msText(verify.durationMs)})`
    : (running ??
      (run.stages.some((s) => s.stage === "verify")
        ? "Checks: last, on the bundle"
        : "Checks: not run"));

  const rel = (f: string) => path.relative(props.cwd, f) || ".";
  const curlWrapped = props.next?.curl ? wrapText(props.next.curl, props.width - 2) : [];
  const curlLines = curlWrapped.length > CURL_ROWS ? [...curlWrapped.slice(0, CURL_ROWS - 1), `${curlWrapped[CURL_ROWS - 1]!.slice(0, props.width - 3)}…`] : curlWrapped;
  const summary = (): ReactNode => {
    if (run.error) return <Text color={t.error}>✗ nb2svc failed: {run.error} (a bug; please report it with the notebook)</Text>;
    if (!outcome) return <Text color={t.muted}>writing nothing until every stage has passed; q stops</Text>;
    if (!ok) {
      return (
        <>
          <Text bold color={t.error} wrap="truncate-end">
            ✗ {outcome.out ? `${rel(outcome.out)} was written but its tests failed` : "The service could not be made (nothing was written)"}: {countBySeverity(problems)}
          </Text>
          <ScrollPane lines={problemLines} scroll={problemsScroll} width={props.width} height={body - topHeight - 2} />
        </>
      );
    }
    const bundle = outcome.bundle[0];
    const tag = props.tags.state;
    return (
      <>
        <Text wrap="truncate-end" color={t.ok}>
          ✓ Wrote {rel(outcome.out!)}: {outcome.files.length} files{bundle ? `, ${bundle.file} ${(bundle.bytes / 1e6).toFixed(1)} MB` : ""}
        </Text>
        {props.saved && "file" in props.saved ? (
          <>
            <Text wrap="truncate-end" color={t.ok}>
              ✓ Saved your choices to {props.saved.file}; CI makes the same service with
            </Text>
            <Text wrap="truncate-end">{`  ${replayCommand(props.saved.file, props.cwd)}`}</Text>
          </>
        ) : props.saved ? (
          <Text color={t.error} wrap="truncate-end">
            ✗ Could not save nb2svc.json: {props.saved.error}
          </Text>
        ) : null}
        <Text bold>Next:</Text>
        <Text wrap="truncate-end">{`  ${props.next?.start ?? ""}`}</Text>
        {curlLines.map((line, i) => (
          <Text key={i} wrap="truncate-end">{`  ${line}`}</Text>
        ))}
        {props.next?.expected ? (
          <Text wrap="truncate-end" color={t.muted}>
            {`  ${props.next.answerNote}`}
          </Text>
        ) : null}
        <Text color={t.muted}>  (printed in full when you leave)</Text>
        {prompting ? (
          <TagPrompt
            notebook={props.notebookLabel}
            copy={props.copyLabel}
            onWrite={(intoOriginal) => {
              setPrompting(false);
              props.onTag(intoOriginal);
            }}
            onCancel={() => setPrompting(false)}
          />
        ) : tag.status === "writing" ? (
          <Spinner label="writing tags" />
        ) : tag.status === "done" ? (
          <Text wrap="truncate-end" color={tag.caveat ? t.warning : t.ok}>
            {tag.caveat ? `! ${rel(tag.file)}: ${tag.caveat}` : `✓ Tagged ${tag.cells.length ? cellsLabel(tag.cells) : "nothing new (already tagged)"} in ${rel(tag.file)}`}
          </Text>
        ) : tag.status === "failed" ? (
          <Text color={t.error} wrap="truncate-end">
            ✗ tags not written: {tag.error}
          </Text>
        ) : null}
      </>
    );
  };

  return (
    <Screen
      step="generate"
      width={props.width}
      height={props.height}
      hints={
        !finished
          ? [["q", "stop and quit"]]
          : prompting
            ? [
                ["c", "copy"],
                ["o", "original"],
                ["Esc", "cancel"],
              ]
            : [
                ["↑↓/jk", ok ? "tests" : "scroll"],
                ...(ok ? [["t", "tag cells in the notebook"] as const] : []),
                ["Enter/q", "leave"],
                ["Esc", "options"],
              ]
      }
    >
      <Box height={topHeight}>
        <Box flexDirection="column" width={STAGE_WIDTH} marginRight={2}>
          <Text bold>
            {finished ? (ok ? "Done" : "Stopped") : "Making the service"}
            <Text color={t.muted}>
              {" "}
              <Elapsed since={run.startedAt} until={finished ? (outcome ? totalMs(outcome.timings) : null) : null} />
            </Text>
          </Text>
          {stageRows}
          <ProgressBar done={done} total={run.stages.length} width={STAGE_WIDTH - 8} failed={finished && !ok} />
        </Box>
        <ScrollPane title={testsTitle} lines={testLines} scroll={testsScroll} width={rightWidth} height={topHeight} />
      </Box>
      {summary()}
    </Screen>
  );
}
