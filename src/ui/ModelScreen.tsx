// Step 3: the model. The ONNX files the notebook writes (or loads), the one served marked ●; its inputs and outputs
// with element types and shapes, symbolic dimensions named. Space serves the highlighted file; Enter serves it and
// goes on.
import path from "node:path";
import { Box, Text } from "ink";
import type { ReactNode } from "react";
import type { TensorInfo } from "../inspect/types.ts";
import { cellName, modelOrigin, referencesTo, shapeText } from "./describe.ts";
import { Screen } from "./Screen.tsx";
import { SelectList } from "./SelectList.tsx";
import { Spinner } from "./Spinner.tsx";
import type { PreviewState } from "./use-preview.ts";
import { useListCursor } from "./use-list-cursor.ts";
import { useNavigationKeys } from "./use-navigation-keys.ts";
import { useTheme } from "./use-theme.ts";
import { useKeys } from "./use-keys.ts";
import type { Navigation, Size } from "./screen-props.ts";

export interface ModelScreenProps extends Size, Navigation {
  /** The notebook under the current choices. */
  readonly preview: PreviewState;
  /** Serve this ONNX file (absolute path). */
  readonly onChoose: (model: string) => void;
}

/** Rows listing models at most: the tensors need the rest. */
const MAX_MODEL_ROWS = 5;

export function ModelScreen(props: ModelScreenProps): ReactNode {
  const t = useTheme();
  const outcome = props.preview.outcome;
  const analysis = outcome?.analysis ?? null;
  const chosen = analysis?.modelPath ?? null;
  const dir = outcome?.notebook?.dir ?? "";
  // one row per file: a notebook often exports a file and loads it again
  const files = [...new Set([...(analysis?.models ?? []).map((m) => m.path).filter((p): p is string => p !== null), ...(chosen ? [chosen] : [])])];
  const unresolved = (analysis?.models ?? []).filter((m) => m.path === null);
  const [index] = useListCursor(files.length, { active: true, initial: Math.max(0, files.indexOf(chosen ?? "")) });
  const listRows = Math.min(files.length, MAX_MODEL_ROWS) + 1;

  useKeys((input) => {
    if (input === " " && files[index]) props.onChoose(files[index]!);
  });
  useNavigationKeys(
    {
      onNext: () => {
        if (props.preview.loading || !files[index]) return;
        if (files[index] !== chosen) props.onChoose(files[index]!);
        props.onNext();
      },
      onBack: props.onBack,
      onQuit: props.onQuit,
    },
    { active: true },
  );

  const sig = outcome?.signature ?? null;
  const symbolic = [...new Set([...(sig?.inputs ?? []), ...(sig?.outputs ?? [])].flatMap((x) => x.shape.filter((d): d is string => typeof d === "string")))];
  const nameWidth = Math.min(24, Math.max(6, ...[...(sig?.inputs ?? []), ...(sig?.outputs ?? [])].map((x) => x.name.length)));
  const tensorRows = (title: string, xs: readonly TensorInfo[]) => (
    <Box flexDirection="column">
      <Text bold>{title}</Text>
      {xs.map((x) => (
        <Text key={x.name} wrap="truncate-end">
          {"  "}
          {x.name.padEnd(nameWidth)} <Text color={t.accent}>{x.dtype.padEnd(8)}</Text> {shapeText(x)}
        </Text>
      ))}
    </Box>
  );

  return (
    <Screen
      step="model"
      width={props.width}
      height={props.height}
      status={props.preview.loading ? <Spinner label="inspecting" /> : null}
      hints={[
        ["↑↓/jk", "move"],
        ["Space", "serve this one"],
        ["Enter", "serve it, next"],
        ["Esc", "back"],
        ["q", "quit"],
      ]}
    >
      {analysis === null ? (
        <Spinner label="reading the notebook" />
      ) : (
        <>
          <SelectList
            title="ONNX files the notebook writes or loads"
            items={files.map((f) => {
              const more = referencesTo(analysis, f).length - 1;
              return {
                key: f,
                mark: f === chosen ? "●" : "○",
                label: `${path.relative(dir, f)}  ${modelOrigin(analysis, f, outcome?.notebook)}${more > 0 ? ` (+${more} more)` : ""}`,
              };
            })}
            index={index}
            active
            width={props.width}
            height={listRows}
            empty="none found: the service needs one (convert --model PATH names it)"
          />
          {unresolved.length ? (
            <Text color={t.warning} wrap="truncate-end">
              also {unresolved.map((m) => `${m.pathSource} (${cellName(outcome?.notebook, m.at.cell)})`).join(", ")}: path not known without running the notebook
            </Text>
          ) : null}
          <Box height={1} />
          {sig ? (
            <>
              {tensorRows("Inputs", sig.inputs)}
              {tensorRows("Outputs", sig.outputs)}
              <Box height={1} />
              <Text wrap="truncate-end" color={t.muted}>
                {symbolic.length
                  ? `symbolic dims: ${symbolic.join(", ")} (any size when run${outcome?.plan?.model.batchable ? "; requests can be batched" : ""})`
                  : "all dimensions fixed (the model cannot batch requests)"}
              </Text>
              <Text wrap="truncate-end" color={t.muted}>
                {`opset ${sig.opset ?? "?"}${sig.producer ? ` · made by ${sig.producer}` : ""} · ${(sig.bytes / 1024).toFixed(1)} KiB · sha256 ${sig.sha256.slice(0, 12)}…`}
              </Text>
            </>
          ) : chosen ? (
            <Text color={t.error}>{path.relative(dir, chosen)} could not be read as an ONNX model: see the overview's diagnostics</Text>
          ) : null}
        </>
      )}
    </Screen>
  );
}
