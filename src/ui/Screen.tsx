// The frame of every screen: the steps on top (the current one in brackets), the screen's body, and the keys it
// takes at the bottom. It is one row shorter than the terminal, so that Ink never scrolls it.
import { Box, Text } from "ink";
import type { ReactNode } from "react";
import { STEP_LABELS, STEPS, type Step } from "./steps.ts";
import { useTheme } from "./use-theme.ts";

export interface ScreenProps {
  /** The step this screen is. */
  readonly step: Step;
  /** Keys this screen takes, as [key, what it does]. */
  readonly hints: readonly (readonly [string, string])[];
  /** The terminal's columns. */
  readonly width: number;
  /** The terminal's rows. */
  readonly height: number;
  /** Shown at the right of the header, e.g. a spinner while the notebook is analyzed. */
  readonly status?: ReactNode;
  /** The screen's body. */
  readonly children: ReactNode;
}

/** Rows the frame takes from the terminal: header, footer, and the last row left free. */
export const FRAME_ROWS = 3;

export function Screen(props: ScreenProps): ReactNode {
  const t = useTheme();
  const current = STEPS.indexOf(props.step);
  return (
    <Box flexDirection="column" width={props.width} height={props.height - 1}>
      <Box width={props.width} height={1}>
        <Box flexGrow={1}>
          <Text wrap="truncate-end">
            <Text bold color={t.accent}>
              nb2svc
            </Text>
            {STEPS.map((s, i) => (
              <Text key={s} bold={i === current} color={i === current ? t.accent : i < current ? undefined : t.muted}>
                {i === 0 ? " " : " › "}
                {i === current ? `[${STEP_LABELS[s]}]` : STEP_LABELS[s]}
              </Text>
            ))}
          </Text>
        </Box>
        {props.status ? <Box flexShrink={0}>{props.status}</Box> : null}
      </Box>
      <Box flexDirection="column" width={props.width} height={props.height - FRAME_ROWS} overflow="hidden">
        {props.children}
      </Box>
      <Box width={props.width} height={1}>
        <Text wrap="truncate-end" color={t.muted}>
          {props.hints.map(([k, what], i) => (
            <Text key={k}>
              {i > 0 ? "  " : ""}
              <Text bold color={t.accent}>
                {k}
              </Text>{" "}
              {what}
            </Text>
          ))}
        </Text>
      </Box>
    </Box>
  );
}
