// Python on the left, the TypeScript it became on the right, scrolled together. Python lines carry their line
// number in the cell; a line translation refused is marked ✗.
import { Box, Text } from "ink";
import type { ReactNode } from "react";
import type { Scroll } from "./use-scroll.ts";
import { useTheme } from "./use-theme.ts";

export interface CodeColumnsProps {
  /** The Python function, line by line. */
  readonly python: readonly string[];
  /** The cell line number of `python[0]` (1-based). */
  readonly firstLine: number;
  /** The TypeScript, or why there is none. */
  readonly typescript: readonly string[] | string;
  /** 0-based indexes of refused Python lines. */
  readonly marked: ReadonlySet<number>;
  /** Where both columns are scrolled to. */
  readonly scroll: Scroll;
  /** Columns available. */
  readonly width: number;
  /** Rows available, titles included. */
  readonly height: number;
  /** Whether the code has the keyboard (its titles are highlighted then). */
  readonly active: boolean;
  /** Above the Python: which cell it is from. */
  readonly pythonTitle: string;
}

export function CodeColumns(props: CodeColumnsProps): ReactNode {
  const t = useTheme();
  const half = Math.floor((props.width - 1) / 2);
  const rows = Math.max(0, props.height - 1);
  const numberWidth = String(props.firstLine + props.python.length).length;
  const cut = (s: string, w: number) => {
    const shown = s.slice(props.scroll.left);
    return shown.length > w ? `${shown.slice(0, w - 1)}…` : shown.padEnd(w);
  };
  const left = props.python.slice(props.scroll.top, props.scroll.top + rows);
  const right = typeof props.typescript === "string" ? [] : props.typescript.slice(props.scroll.top, props.scroll.top + rows);
  const codeWidth = half - numberWidth - 2;
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Text bold wrap="truncate-end" color={props.active ? t.accent : undefined}>
        {`${props.active ? "› " : "  "}${props.pythonTitle}`.slice(0, half).padEnd(half)}│{` TypeScript${props.scroll.left ? ` (from column ${props.scroll.left + 1})` : ""}`}
      </Text>
      {Array.from({ length: rows }, (_, i) => {
        const py = left[i];
        const mark = py !== undefined && props.marked.has(props.scroll.top + i);
        return (
          <Text key={i} wrap="truncate-end">
            <Text color={mark ? t.error : t.muted}>{py === undefined ? " ".repeat(numberWidth + 1) : `${String(props.firstLine + props.scroll.top + i).padStart(numberWidth)}${mark ? "✗" : " "}`}</Text>
            <Text color={mark ? t.error : undefined}> {cut(py ?? "", codeWidth)}</Text>
            <Text color={t.muted}>│</Text>
            {i === 0 && typeof props.typescript === "string" ? <Text color={t.muted}> {props.typescript}</Text> : ` ${right[i] !== undefined ? cut(right[i]!, half - 1).trimEnd() : ""}`}
          </Text>
        );
      })}
    </Box>
  );
}
