// Lines of text in a fixed number of rows, from a scroll position (see use-scroll.ts).
import { Box, Text } from "ink";
import type { ReactNode } from "react";
import type { Scroll } from "./use-scroll.ts";
import { useTheme } from "./use-theme.ts";

export interface PaneLine {
  readonly text: string;
  readonly color?: string;
  readonly bold?: boolean;
}

export interface ScrollPaneProps {
  /** All the lines; the pane shows those from the scroll position. */
  readonly lines: readonly PaneLine[];
  /** The first line and column shown. */
  readonly scroll: Scroll;
  /** Columns available. */
  readonly width: number;
  /** Rows available, title included. */
  readonly height: number;
  /** Whether the pane has the keyboard: its title is highlighted then. */
  readonly active?: boolean;
  /** A title row above the lines. */
  readonly title?: string;
}

export function ScrollPane(props: ScrollPaneProps): ReactNode {
  const t = useTheme();
  const rows = Math.max(0, props.height - (props.title !== undefined ? 1 : 0));
  const shown = props.lines.slice(props.scroll.top, props.scroll.top + rows);
  const more = props.lines.length > rows ? ` (${props.scroll.top + 1}-${props.scroll.top + shown.length} of ${props.lines.length})` : "";
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      {props.title !== undefined ? (
        <Text bold wrap="truncate-end" color={props.active ? t.accent : undefined}>
          {props.active ? "› " : "  "}
          {props.title}
          <Text color={t.muted}>{more}</Text>
        </Text>
      ) : null}
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate-end" color={l.color} bold={l.bold}>
          {l.text.slice(props.scroll.left) || " "}
        </Text>
      ))}
    </Box>
  );
}
