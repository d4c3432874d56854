// Step 4: the code around the model. The entry function (preprocess), the exit function (postprocess), the helpers
// they call and the constants they read; the highlighted function's Python beside the TypeScript it became, with
// the lines translation refused marked and explained (reason and fix). Space on the entry or exit row chooses
// another function; Tab moves to the code to scroll it.
import path from "node:path";
import { Box, Text } from "ink";
import { useState, type ReactNode } from "react";
import type { PyFunction } from "../analyze/types.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import { CodeColumns } from "./CodeColumns.tsx";
import { refusalsIn, translatedFunction } from "./code-view.ts";
import { cellName, constantText, signatureOf, wrapText } from "./describe.ts";
import { FunctionChooser } from "./FunctionChooser.tsx";
import { FRAME_ROWS, Screen } from "./Screen.tsx";
import { SelectList } from "./SelectList.tsx";
import { Spinner } from "./Spinner.tsx";
import type { PreviewState } from "./use-preview.ts";
import { useListCursor } from "./use-list-cursor.ts";
import { useNavigationKeys } from "./use-navigation-keys.ts";
import { useScroll } from "./use-scroll.ts";
import { useTheme } from "./use-theme.ts";
import { useKeys } from "./use-keys.ts";
import type { Navigation, Size } from "./screen-props.ts";

export type PathEnd = "preprocess" | "postprocess";

export interface PreprocessingScreenProps extends Size, Navigation {
  /** The notebook under the current choices (its translation included). */
  readonly preview: PreviewState;
  /** Use function `name` as the entry (preprocess) or exit (postprocess) of the inference path. */
  readonly onChoose: (end: PathEnd, name: string) => void;
}

interface Row {
  readonly kind: "entry" | "exit" | "helper";
  readonly fn: PyFunction | null;
}

/** Rows for refusals under the code, at most. */
const REFUSAL_ROWS = 6;

export function PreprocessingScreen(props: PreprocessingScreenProps): ReactNode {
  const t = useTheme();
  const outcome = props.preview.outcome;
  const analysis = outcome?.analysis ?? null;
  const fns = new Map((analysis?.functions ?? []).map((f) => [f.name, f]));
  const rows: Row[] = analysis
    ? [
        { kind: "entry", fn: fns.get(analysis.preprocess ?? "") ?? null },
        { kind: "exit", fn: fns.get(analysis.postprocess ?? "") ?? null },
        ...analysis.helpers.filter((h) => h !== analysis.preprocess && h !== analysis.postprocess).map((h): Row => ({ kind: "helper", fn: fns.get(h) ?? null })),
      ]
    : [];
  const [focus, setFocus] = useState<"functions" | "code">("functions");
  const [choosing, setChoosing] = useState<PathEnd | null>(null);
  const body = props.height - FRAME_ROWS;
  const listHeight = Math.min(rows.length, 4) + 1;
  const [index] = useListCursor(rows.length, { active: focus === "functions" && choosing === null, page: 3 });
  const row = rows[index];
  const fn = row?.fn ?? null;

  const translated = outcome?.translated ?? null;
  const refusals = fn ? refusalsIn(fn, translated?.diagnostics ?? []) : new Map<number, Diagnostic[]>();
  // each refusal: where and why, then the fix, wrapped to the screen; the code gives up rows for them
  const refusalLines = [...refusals.entries()].flatMap(([i, ds]) =>
    ds.flatMap((d) => [
      ...wrapText(`✗ line ${fn!.lineOffset + i + 1}${d.column ? ` col ${d.column}` : ""}: ${d.message}`, props.width, "  "),
      ...(d.suggestion ? wrapText(`  fix: ${d.suggestion}`, props.width, "       ") : []),
    ]),
  );
  const allRefusals = (translated?.diagnostics ?? []).filter((d) => d.severity === "error").length;
  const refusalHeight = refusalLines.length ? Math.min(REFUSAL_ROWS, refusalLines.length) + 1 : 0;
  const codeHeight = Math.max(3, body - listHeight - 1 - refusalHeight);
  const python = fn ? fn.source.split("\n") : [];
  const ts = fn && translated ? translatedFunction(translated.text, fn.name) : null;
  const tsLines = ts?.split("\n") ?? (refusals.size ? "not translated: see the marked lines" : translated ? "(not in the module)" : "translating…");
  const scroll = useScroll({
    active: focus === "code" && choosing === null,
    lines: Math.max(python.length, Array.isArray(tsLines) ? tsLines.length : 0),
    height: codeHeight - 1,
    sideways: 8,
    resetKey: fn?.name ?? "",
  });

  useKeys(
    (input, key) => {
      if (key.tab) setFocus((f) => (f === "functions" ? "code" : "functions"));
      else if ((input === " " || input === "c") && focus === "functions" && row && row.kind !== "helper") setChoosing(row.kind === "entry" ? "preprocess" : "postprocess");
    }, choosing === null);
  useNavigationKeys({ onNext: () => analysis && !props.preview.loading && props.onNext(), onBack: props.onBack, onQuit: props.onQuit }, { active: choosing === null });

  const rowLabel = (r: Row): string => {
    const what = r.kind === "entry" ? "entry " : r.kind === "exit" ? "exit  " : "helper";
    if (!r.fn) return `${what}  (none: ${r.kind === "entry" ? "the request is the model's inputs" : "the response is the model's outputs"})`;
    return `${what}  ${signatureOf(r.fn)}  ${cellName(outcome?.notebook, r.fn.cell)}`;
  };
  const constants = (analysis?.constants ?? []).map((c) => constantText(c, outcome?.notebook?.dir ?? path.dirname(analysis?.notebook ?? "")));

  return (
    <Screen
      step="preprocess"
      width={props.width}
      height={props.height}
      status={props.preview.loading ? <Spinner label="translating" /> : null}
      hints={
        choosing
          ? [
              ["↑↓/jk", "move"],
              ["Enter", "choose"],
              ["Esc", "cancel"],
            ]
          : [
              ["↑↓/jk", focus === "code" ? "scroll" : "function"],
              ...(focus === "code" ? [["←→", "sideways"] as const] : [["Space", "choose another"] as const]),
              ["Tab", focus === "code" ? "functions" : "code"],
              ["Enter", "options"],
              ["Esc", "back"],
              ["q", "quit"],
            ]
      }
    >
      {analysis === null ? (
        <Spinner label="reading the notebook" />
      ) : (
        <>
          <SelectList
            title={`Inference path: ${allRefusals ? `${allRefusals} line${allRefusals > 1 ? "s" : ""} cannot be translated` : "all translated"}`}
            items={rows.map((r, i) => ({ key: `${r.kind}-${r.fn?.name ?? i}`, label: rowLabel(r), color: r.fn && refusalsIn(r.fn, translated?.diagnostics ?? []).size ? t.error : undefined }))}
            index={index}
            active={focus === "functions" && choosing === null}
            width={props.width}
            height={listHeight}
          />
          <Text wrap="truncate-end" color={t.muted}>
            constants {constants.length ? constants.join(" · ") : "none"}
          </Text>
          {choosing ? (
            <FunctionChooser
              role={choosing}
              functions={analysis.functions}
              current={choosing === "preprocess" ? analysis.preprocess : analysis.postprocess}
              notebook={outcome?.notebook ?? null}
              onChoose={(name) => {
                setChoosing(null);
                props.onChoose(choosing, name);
              }}
              onCancel={() => setChoosing(null)}
              onQuit={props.onQuit}
              width={props.width}
              height={codeHeight + refusalHeight}
            />
          ) : fn ? (
            <>
              <CodeColumns
                python={python}
                firstLine={fn.lineOffset + 1}
                typescript={tsLines}
                marked={new Set(refusals.keys())}
                scroll={scroll}
                width={props.width}
                height={codeHeight}
                active={focus === "code"}
                pythonTitle={`Python, ${cellName(outcome?.notebook, fn.cell)}`}
              />
              {refusalLines.length ? (
                <Box flexDirection="column" height={refusalHeight}>
                  <Text bold color={t.error}>
                    Cannot be translated:
                  </Text>
                  {refusalLines.slice(0, REFUSAL_ROWS).map((line, i) => (
                    <Text key={i} wrap="truncate-end" color={t.error}>
                      {i === REFUSAL_ROWS - 1 && refusalLines.length > REFUSAL_ROWS ? `${line.slice(0, props.width - 12)} (and more)` : line}
                    </Text>
                  ))}
                </Box>
              ) : null}
            </>
          ) : (
            <Text color={t.muted}>no function here: Space on the entry or exit row chooses one</Text>
          )}
        </>
      )}
    </Screen>
  );
}
