// Step 2: what nb2svc sees in the notebook. Every cell with the role analysis gave it, the model found, the
// inference path and its examples, and every diagnostic with its source line and fix. Tab moves between the cells
// and the diagnostics.
import path from "node:path";
import { Box, Text } from "ink";
import { useState, type ReactNode } from "react";
import { hasErrors } from "../diagnostics/log.ts";
import { countBySeverity, diagnosticLines } from "./diagnostic-lines.ts";
import { firstLine, modelOrigin } from "./describe.ts";
import { FRAME_ROWS, Screen } from "./Screen.tsx";
import { ScrollPane, type PaneLine } from "./ScrollPane.tsx";
import { Spinner } from "./Spinner.tsx";
import type { PreviewState } from "./use-preview.ts";
import { useNavigationKeys } from "./use-navigation-keys.ts";
import { useScroll } from "./use-scroll.ts";
import { useTheme } from "./use-theme.ts";
import { useKeys } from "./use-keys.ts";
import type { Navigation, Size } from "./screen-props.ts";

export interface OverviewScreenProps extends Size, Navigation {
  /** The notebook as shown (relative to where the wizard started). */
  readonly file: string;
  /** The notebook under the current choices. */
  readonly preview: PreviewState;
}

export function OverviewScreen(props: OverviewScreenProps): ReactNode {
  const t = useTheme();
  const outcome = props.preview.outcome;
  const nb = outcome?.notebook ?? null;
  const analysis = outcome?.analysis ?? null;
  const body = props.height - FRAME_ROWS;
  const [focus, setFocus] = useState<"cells" | "diagnostics">("cells");

  const roles = new Map((analysis?.cellRoles ?? []).map((r) => [r.cell, r.role]));
  const cellLines: PaneLine[] = (nb?.cells ?? []).map((c) => {
    const role = c.kind === "code" ? (roles.get(c.index) ?? "other") : c.kind;
    const tags = c.tags.length ? `[${c.tags.join(",")}] ` : "";
    return { text: `${String(c.index).padStart(3)}  ${role.padEnd(12)} ${tags}${firstLine(c.source)}`, color: c.kind === "code" ? undefined : t.muted };
  });
  const diagnostics = outcome?.diagnostics ?? [];
  const diagLines = diagnosticLines(path.basename(props.file), nb, diagnostics, t);
  const diagHeight = diagnostics.length === 0 ? 1 : Math.min(diagLines.length + 1, Math.floor((body - 2) / 2));
  const cellsHeight = body - 2 - diagHeight;
  const cellsScroll = useScroll({ active: focus === "cells", lines: cellLines.length, height: cellsHeight - 1, resetKey: props.file });
  const diagScroll = useScroll({ active: focus === "diagnostics", lines: diagLines.length, height: diagHeight - 1, resetKey: props.file });

  const canGoOn = analysis !== null && !props.preview.loading;
  useKeys((_input, key) => {
    if (key.tab && diagnostics.length > 0) setFocus((f) => (f === "cells" ? "diagnostics" : "cells"));
  });
  useNavigationKeys({ onNext: () => canGoOn && props.onNext(), onBack: props.onBack, onQuit: props.onQuit }, { active: true });

  const summary = (): ReactNode => {
    if (props.preview.error) return <Text color={t.error}>nb2svc failed on this notebook: {props.preview.error} (a bug; please report it)</Text>;
    if (!outcome) return <Spinner label={`reading ${props.file}`} />;
    if (!nb || !analysis) return <Text color={t.error}>{props.file} cannot be read as a notebook: see below. Esc to pick another.</Text>;
    const model = analysis.modelPath;
    const path0 = [analysis.preprocess ?? "(request)", "model", analysis.postprocess ?? "(model outputs)"].join(" → ");
    const goldenCells = analysis.goldens.map((g) => g.cell);
    return (
      <>
        <Text wrap="truncate-end">
          <Text bold>{props.file}</Text>: {nb.cells.length} cells · model{" "}
          {model ? (
            <Text color={t.accent}>
              {path.relative(nb.dir, model)} <Text color={t.muted}>({modelOrigin(analysis, model)})</Text>
            </Text>
          ) : (
            <Text color={t.error}>none found</Text>
          )}
        </Text>
        <Text wrap="truncate-end">
          inference {path0} ·{" "}
          {goldenCells.length ? `${goldenCells.length} golden example${goldenCells.length > 1 ? "s" : ""} (cell ${goldenCells.join(", ")})` : <Text color={t.warning}>no golden example</Text>}
        </Text>
      </>
    );
  };

  return (
    <Screen
      step="overview"
      width={props.width}
      height={props.height}
      status={props.preview.loading && outcome ? <Spinner label="analyzing" /> : null}
      hints={[
        ["↑↓/jk", "scroll"],
        ...(diagnostics.length ? [["Tab", focus === "cells" ? "diagnostics" : "cells"] as const] : []),
        ["Enter", canGoOn ? "model" : "…"],
        ["Esc", "notebooks"],
        ["q", "quit"],
      ]}
    >
      <Box flexDirection="column" height={2}>
        {summary()}
      </Box>
      <ScrollPane title="Cells: role as nb2svc sees it" lines={cellLines} scroll={cellsScroll} width={props.width} height={cellsHeight} active={focus === "cells" && diagnostics.length > 0} />
      {diagnostics.length === 0 ? (
        outcome ? (
          <Text color={t.ok}>✓ no problems found</Text>
        ) : null
      ) : (
        <ScrollPane
          title={`Diagnostics: ${countBySeverity(diagnostics)}${hasErrors(diagnostics) ? " (errors stop the conversion)" : ""}`}
          lines={diagLines}
          scroll={diagScroll}
          width={props.width}
          height={diagHeight}
          active={focus === "diagnostics"}
        />
      )}
    </Screen>
  );
}
