// One labelled field of a form: text, a number or an on/off switch. The focused field shows a cursor (text) or
// its switch highlighted; a field whose value is wrong says why beside it.
import { Box, Text } from "ink";
import type { ReactNode } from "react";
import { useTheme } from "./use-theme.ts";

export interface TextFieldProps {
  /** What the field is, before its value. */
  readonly label: string;
  /** The text, or for a switch whether it is on. */
  readonly value: string | boolean;
  /** Whether the field has the keyboard. */
  readonly focused: boolean;
  /** Columns for the label. */
  readonly labelWidth: number;
  /** Columns available. */
  readonly width: number;
  /** Why the value cannot be used. */
  readonly error?: string | null;
  /** Shown after the value, e.g. a unit or what the switch does. */
  readonly note?: string;
  /** Greyed and not editable (a setting the model does not allow). */
  readonly disabled?: boolean;
}

export function TextField(props: TextFieldProps): ReactNode {
  const t = useTheme();
  const value = typeof props.value === "boolean" ? (props.value ? "[x] on " : "[ ] off") : props.value;
  return (
    <Box width={props.width} height={1}>
      <Text wrap="truncate-end" color={props.disabled ? t.muted : undefined}>
        <Text bold={props.focused} color={props.focused ? t.accent : undefined}>
          {props.focused ? "› " : "  "}
          {props.label.padEnd(props.labelWidth)}
        </Text>
        <Text inverse={props.focused && typeof props.value === "boolean"}>{value}</Text>
        {props.focused && typeof props.value === "string" ? <Text color={t.accent}>▌</Text> : null}
        {props.error ? <Text color={t.error}>{`  ✗ ${props.error}`}</Text> : props.note ? <Text color={t.muted}>{`  ${props.note}`}</Text> : null}
      </Text>
    </Box>
  );
}
