// A yes/no question that has the keyboard until answered: y says yes; n, Esc or Enter say no (the safe answer is
// the default).
import { Text } from "ink";
import type { ReactNode } from "react";
import { useTheme } from "./use-theme.ts";
import { useKeys } from "./use-keys.ts";

export interface ConfirmProps {
  /** Asked as it is, followed by [y/N]. */
  readonly question: string;
  /** Called once, with the answer. */
  readonly onAnswer: (yes: boolean) => void;
}

export function Confirm(props: ConfirmProps): ReactNode {
  const t = useTheme();
  useKeys((input, key) => {
    if (input === "y" || input === "Y") props.onAnswer(true);
    else if (input === "n" || input === "N" || key.escape || key.return) props.onAnswer(false);
  });
  return (
    <Text wrap="truncate-end" bold color={t.warning}>
      {props.question} <Text color={t.accent}>[y/N]</Text>
    </Text>
  );
}
