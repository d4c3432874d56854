// Step 2: what nb2svc sees in the notebook. Every cell with the role analysis gave it, the model found, the
// inference path and its examples, and every diagnostic with its source line and fix. Tab moves between the cells
// and the diagnostics.
import path from "node:path";
import { Box, Text } from "ink";
import { useState, type ReactNode } from "react";
import { executionCounts } from "../present/source-lookup.ts";
import { cellLabel } from "../diagnostics/cells.ts";
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
  const [focus, setFocus] = useState<"cells" | "diagnostics" | null>(null);

  const roles = new Map((analysis?.cellRoles ?? []).map((r) => [r.cell, r.role]));
  // cells as Jupyter counts them (1-based, markdown included), with the execution count of those that ran
  const cellLines: PaneLine[] = (nb?.cells ?? []).map((c) => {
    const role = c.kind === "code" ? (roles.get(c.index) ?? "other") : c.kind;
    const tags = c.tags.length ? `[${c.tags.join(",")}] ` : "";
    const count = c.executionCount !== null ? `[${c.executionCount}]` : "";
    return { text: `${String(c.index + 1).padStart(3)} ${count.padEnd(5)} ${role.padEnd(12)} ${tags}${firstLine(c.source)}`, color: c.kind === "code" ? undefined : t.muted };
  });
  const diagnostics = outcome?.diagnostics ?? [];
  const blocked = hasErrors(diagnostics);
  const diagLines = diagnosticLines(path.basename(props.file), nb, diagnostics, t, props.width);
  // errors get the room: they are what stops the conversion
  const diagHeight = diagnostics.length === 0 ? 1 : Math.min(diagLines.length + 1, blocked ? body - 3 - 5 : Math.floor((body - 3) / 2));
  const cellsHeight = body - 3 - diagHeight;
  // the pane with the keyboard: the diagnostics first when they stop the conversion, else the cells
  const focused = focus ?? (blocked ? "diagnostics" : "cells");

  const cellsScroll = useScroll({ active: focused === "cells", lines: cellLines.length, height: cellsHeight - 1, resetKey: props.file });
  const diagScroll = useScroll({ active: focused === "diagnostics", lines: diagLines.length, height: diagHeight - 1, resetKey: props.file });

  const canGoOn = analysis !== null && !props.preview.loading;
  useKeys((_input, key) => {
    if (key.tab && diagnostics.length > 0) setFocus(focused === "cells" ? "diagnostics" : "cells");
  });
  useNavigationKeys({ onNext: () => canGoOn && props.onNext(), onBack: props.onBack, onQuit: props.onQuit }, { active: true });

  const summary = (): ReactNode => {
    if (props.preview.error) return <Text color={t.error}>nb2svc failed on this notebook: {props.preview.error} (a bug; please report it)</Text>;
    if (!outcome) return <Spinner label={`reading ${props.file}`} />;
    if (!nb || !analysis) return <Text color={t.error}>{props.file} cannot be read as a notebook: see below. Esc to pick another.</Text>;
    const model = analysis.modelPath;
    const path0 = [analysis.preprocess ?? "(request)", "model", analysis.postprocess ?? "(model outputs)"].join(" → ");
    const goldenCells = analysis.goldens.map((g) => g.cell);
    const counts = executionCounts(nb);
    return (
      <>
        <Text wrap="truncate-end">
          <Text bold>{props.file}</Text> · model{" "}
          {model ? (
            <Text color={t.accent}>
              {path.relative(nb.dir, model)} <Text color={t.muted}>({modelOrigin(analysis, model, nb)})</Text>
            </Text>
          ) : (
            <Text color={t.error}>none found</Text>
          )}
        </Text>
        <Text wrap="truncate-end">
          inference {path0} ·{" "}
          {goldenCells.length ? goldenCells.length === 1 ? `1 golden example (${cellLabel(goldenCells[0]!, counts(goldenCells[0]!))})` : `${goldenCells.length} golden examples: cells ${goldenCells.map((c) => c + 1).join(", ")}` : <Text color={t.warning}>no golden example</Text>}
        </Text>
        {blocked ? (
          <Text wrap="truncate-end" color={t.error} bold>
            ✗ cannot be converted: {countBySeverity(diagnostics.filter((d) => d.severity === "error"))}, listed below with their fixes
          </Text>
        ) : props.preview.loading ? null : (
          <Text color={t.ok}>✓ can be converted{diagnostics.length ? ` (${countBySeverity(diagnostics)} below)` : ""}</Text>
        )}
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
        ...(diagnostics.length ? [["Tab", focused === "cells" ? "diagnostics" : "cells"] as const] : []),
        ["Enter", canGoOn ? "model" : "…"],
        ["Esc", "notebooks"],
        ["q", "quit"],
      ]}
    >
      <Box flexDirection="column" height={3}>
        {summary()}
      </Box>
      <ScrollPane title="Cells (numbered as in Jupyter, [n] = In [n]): their role" lines={cellLines} scroll={cellsScroll} width={props.width} height={cellsHeight} active={focused === "cells" && diagnostics.length > 0} />
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
          active={focused === "diagnostics"}
        />
      )}
    </Screen>
  );
}
