// A spinner for work whose length is not known (a stage running, the notebook being analyzed).
import { Text } from "ink";
import { useEffect, useState, type ReactNode } from "react";
import { useTheme } from "./use-theme.ts";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export interface SpinnerProps {
  /** Text after the spinner. */
  readonly label?: string;
}

export function Spinner(props: SpinnerProps): ReactNode {
  const t = useTheme();
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), 80);
    return () => clearInterval(timer);
  }, []);
  return (
    <Text>
      <Text color={t.accent}>{FRAMES[frame]}</Text>
      {props.label ? ` ${props.label}` : ""}
    </Text>
  );
}
