// A list with a highlighted row, showing the rows around it when there are more than fit.
import { Box, Text } from "ink";
import type { ReactNode } from "react";
import { windowStart } from "./use-list-cursor.ts";
import { useTheme } from "./use-theme.ts";

export interface SelectItem {
  readonly key: string;
  readonly label: string;
  /** A mark before the label (● for the chosen one); the same width for every row. */
  readonly mark?: string;
  readonly color?: string;
  readonly dim?: boolean;
}

export interface SelectListProps {
  /** The rows, in order. */
  readonly items: readonly SelectItem[];
  /** The highlighted row. */
  readonly index: number;
  /** Whether the list has the keyboard (the highlight shows only then). */
  readonly active: boolean;
  /** Columns available. */
  readonly width: number;
  /** Rows available, title included. */
  readonly height: number;
  /** A title row above the list; the rows shown are counted in it when not all fit. */
  readonly title?: string;
  /** Shown when there are no items. */
  readonly empty?: string;
}

export function SelectList(props: SelectListProps): ReactNode {
  const t = useTheme();
  const rows = Math.max(1, props.height - (props.title !== undefined ? 1 : 0));
  const start = windowStart(props.index, props.items.length, rows);
  const shown = props.items.slice(start, start + rows);
  const range = props.items.length > rows ? ` (${start + 1}-${start + shown.length} of ${props.items.length})` : "";
  return (
    <Box flexDirection="column" width={props.width} height={Math.min(props.height, shown.length + (props.title !== undefined ? 1 : 0)) || 1}>
      {props.title !== undefined ? (
        <Text bold wrap="truncate-end">
          {props.title}
          <Text color={t.muted}>{range}</Text>
        </Text>
      ) : null}
      {shown.length === 0 ? <Text color={t.muted}>{props.empty ?? "(nothing)"}</Text> : null}
      {shown.map((item, i) => {
        const here = start + i === props.index && props.active;
        return (
          <Text key={item.key} wrap="truncate-end" bold={here} color={here ? t.accent : item.dim ? t.muted : item.color}>
            {here ? "› " : "  "}
            {item.mark !== undefined ? `${item.mark} ` : ""}
            {item.label}
          </Text>
        );
      })}
    </Box>
  );
}
