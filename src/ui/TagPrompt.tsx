// Asks where to write the choices as cell tags: c into a copy beside the notebook (the default), o into the notebook
// itself, which is asked again before it is replaced. Esc cancels.
import { Text } from "ink";
import { useState, type ReactNode } from "react";
import { Confirm } from "./Confirm.tsx";
import { useTheme } from "./use-theme.ts";
import { useKeys } from "./use-keys.ts";

export interface TagPromptProps {
  /** The notebook and its copy, as shown. */
  readonly notebook: string;
  /** The copy the tags go to by default (beside the notebook). */
  readonly copy: string;
  /** Write the tags: into the original if `intoOriginal` (asked again first), else into the copy. */
  readonly onWrite: (intoOriginal: boolean) => void;
  /** Esc, or no to replacing the original. */
  readonly onCancel: () => void;
}

export function TagPrompt(props: TagPromptProps): ReactNode {
  const t = useTheme();
  const [confirming, setConfirming] = useState(false);
  useKeys(
    (input, key) => {
      if (input === "c" || key.return) props.onWrite(false);
      else if (input === "o") setConfirming(true);
      else if (key.escape) props.onCancel();
    }, !confirming);
  if (confirming) return <Confirm question={`Replace ${props.notebook} itself (its tags only)?`} onAnswer={(yes) => (yes ? props.onWrite(true) : props.onCancel())} />;
  return (
    <Text wrap="truncate-end" color={t.accent}>
      Tag cells in <Text bold>c</Text> a copy, {props.copy} · <Text bold>o</Text> the original · <Text bold>Esc</Text> cancel
    </Text>
  );
}
