// How far a sequence of steps has come: a bar of `width` cells and "done/total".
import { Text } from "ink";
import type { ReactNode } from "react";
import { useTheme } from "./use-theme.ts";

export interface ProgressBarProps {
  /** Steps done. */
  readonly done: number;
  /** Steps in all. */
  readonly total: number;
  /** Cells of the bar itself. */
  readonly width: number;
  /** Shown in the error colour (the sequence stopped). */
  readonly failed?: boolean;
}

export function ProgressBar(props: ProgressBarProps): ReactNode {
  const t = useTheme();
  const filled = props.total === 0 ? 0 : Math.round((props.width * Math.min(props.done, props.total)) / props.total);
  return (
    <Text>
      <Text color={props.failed ? t.error : t.ok}>{"█".repeat(filled)}</Text>
      <Text color={t.muted}>{"░".repeat(props.width - filled)}</Text>
      {` ${props.done}/${props.total}`}
    </Text>
  );
}
