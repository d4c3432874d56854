// Chooses another function as the entry (preprocess) or exit (postprocess) of the inference path: every
// module-level function of the notebook, the current one marked ●.
import { Box, Text } from "ink";
import type { ReactNode } from "react";
import type { PyFunction } from "../analyze/types.ts";
import type { Notebook } from "../load/types.ts";
import { cellName, signatureOf } from "./describe.ts";
import { SelectList } from "./SelectList.tsx";
import { useListCursor } from "./use-list-cursor.ts";
import { useNavigationKeys } from "./use-navigation-keys.ts";
import { useTheme } from "./use-theme.ts";

export interface FunctionChooserProps {
  /** Which end of the inference path is being chosen. */
  readonly role: "preprocess" | "postprocess";
  /** The notebook's module-level functions. */
  readonly functions: readonly PyFunction[];
  /** The function at that end now, if any. */
  readonly current: string | null;
  /** The notebook, for the cells' execution counts. */
  readonly notebook?: Notebook | null;
  /** Called with the chosen function's name. */
  readonly onChoose: (name: string) => void;
  /** Esc: keep the current function. */
  readonly onCancel: () => void;
  /** Leave the wizard (q). */
  readonly onQuit: () => void;
  /** Columns available. */
  readonly width: number;
  /** Rows available. */
  readonly height: number;
}

export function FunctionChooser(props: FunctionChooserProps): ReactNode {
  const t = useTheme();
  const [index] = useListCursor(props.functions.length, {
    active: true,
    page: props.height - 3,
    initial: Math.max(0, props.functions.findIndex((f) => f.name === props.current)),
  });
  useNavigationKeys({ onNext: () => props.functions[index] && props.onChoose(props.functions[index]!.name), onBack: props.onCancel, onQuit: props.onQuit }, { active: true });
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Text bold color={t.accent} wrap="truncate-end">
        {props.role === "preprocess"
          ? "Which function turns a request into the model's input? (its parameters become the request's fields)"
          : "Which function turns the model's output into the response?"}
      </Text>
      <SelectList
        items={props.functions.map((f) => ({ key: f.name, mark: f.name === props.current ? "●" : "○", label: `${signatureOf(f)}  ${cellName(props.notebook, f.cell)}` }))}
        index={index}
        active
        width={props.width}
        height={props.height - 2}
        empty="the notebook defines no function"
      />
      <Text color={t.muted} wrap="truncate-end">Enter choose · Esc keep {props.current ?? "none"}</Text>
    </Box>
  );
}
