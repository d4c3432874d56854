// Step 5: how the service is made: its name, the folder it is written to, its port, request batching and its
// limits, and whether container and Kubernetes files are written. ↑↓ or Tab move between fields; typing edits a text
// field (so letters are text there: q quits from a switch or the button); Space flips a switch; Enter generates.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { Box, Text } from "ink";
import { useState, type ReactNode } from "react";
import { Confirm } from "./Confirm.tsx";
import { isErase, typedText } from "./keys.ts";
import { normalisedName, optionErrors, type OptionKey, type OptionValues } from "./options.ts";
import { Screen } from "./Screen.tsx";
import { Spinner } from "./Spinner.tsx";
import { TextField } from "./TextField.tsx";
import { useNavigationKeys } from "./use-navigation-keys.ts";
import { useTheme } from "./use-theme.ts";
import { useKeys } from "./use-keys.ts";
import type { Size } from "./screen-props.ts";

export interface OptionsScreenProps extends Size {
  /** The form, as typed. */
  readonly values: OptionValues;
  /** Called with the whole form after each change. */
  readonly onChange: (values: OptionValues) => void;
  /** Generate, replacing the output folder if `force`. */
  readonly onSubmit: (force: boolean) => void;
  /** Go back one step (Esc), keeping the form. */
  readonly onBack: () => void;
  /** Leave the wizard (q, where q is not typed). */
  readonly onQuit: () => void;
  /** The folder relative paths are typed from. */
  readonly cwd: string;
  /** Whether the model can batch requests (its first axis is symbolic); null while unknown. */
  readonly batchable: boolean | null;
  /** The notebook is being analyzed again (after a choice): generating waits for it. */
  readonly busy: boolean;
  /** Errors already known in the notebook under these choices: generating would stop on them, so it is refused. */
  readonly errors: number;
}

type Field = OptionKey | "generate";

const FIELDS: readonly Field[] = ["name", "out", "port", "batching", "maxBatchRows", "maxDelayMs", "maxQueueRows", "container", "kubernetes", "generate"];

const LABELS: Readonly<Record<OptionKey, string>> = {
  name: "service name",
  out: "output folder",
  port: "port",
  batching: "batching",
  maxBatchRows: "  max rows per batch",
  maxDelayMs: "  max wait (ms)",
  maxQueueRows: "  max rows queued",
  container: "Dockerfile",
  kubernetes: "Kubernetes files",
};

const isSwitch = (f: Field): f is "batching" | "container" | "kubernetes" => f === "batching" || f === "container" || f === "kubernetes";

function notEmpty(dir: string): boolean {
  try {
    return existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0);
  } catch {
    return false;
  }
}

export function OptionsScreen(props: OptionsScreenProps): ReactNode {
  const t = useTheme();
  const [focus, setFocus] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const v = props.values;
  const errors = optionErrors(v);
  const batchingOff = props.batchable === false;
  // limits of a batching that is off (or impossible) are skipped when moving
  const usable = (f: Field) => !(batchingOff && f === "batching") && !((batchingOff || !v.batching) && (f === "maxBatchRows" || f === "maxDelayMs" || f === "maxQueueRows"));
  const field = FIELDS[focus]!;
  const typing = !isSwitch(field) && field !== "generate";
  const move = (d: number) => {
    let i = focus;
    do i = (i + d + FIELDS.length) % FIELDS.length;
    while (!usable(FIELDS[i]!) && i !== focus);
    setFocus(i);
  };
  const set = <K extends OptionKey>(k: K, value: OptionValues[K]) => props.onChange({ ...v, [k]: value });

  useKeys(
    (input, key) => {
      if (key.upArrow || (key.tab && key.shift) || (!typing && input === "k")) move(-1);
      else if (key.downArrow || key.tab || (!typing && input === "j")) move(1);
      else if (isSwitch(field) && input === " ") set(field, !v[field]);
      else if (typing && isErase(input, key)) set(field, v[field].slice(0, -1));
      else if (typing) {
        const typed = typedText(input, key);
        if (typed) set(field, v[field] + typed);
      }
    }, !confirming);
  const [refused, setRefused] = useState(false);
  const submit = () => {
    if (props.busy) return;
    if (props.errors > 0) {
      setRefused(true);
      return;
    }
    if (Object.keys(errors).length) {
      setFocus(FIELDS.indexOf(Object.keys(errors)[0] as OptionKey));
      return;
    }
    if (notEmpty(path.resolve(props.cwd, v.out))) setConfirming(true);
    else props.onSubmit(false);
  };
  useNavigationKeys({ onNext: submit, onBack: props.onBack, onQuit: props.onQuit }, { active: !confirming, quitWithQ: !typing });

  const labelWidth = 22;
  const renamed = normalisedName(v);
  const notes: Partial<Record<OptionKey, string>> = {
    name: renamed ? `used as ${renamed}` : "npm package, image and Kubernetes name",
    out: notEmpty(path.resolve(props.cwd, v.out)) ? "not empty: replaced only if you say so" : "relative to here",
    port: "PORT overrides it when the service starts",
    batching: batchingOff ? "impossible: the model's first axis is fixed" : "merge concurrent requests into one model run",
    maxBatchRows: "rows",
    maxDelayMs: "a request waits this long for others",
    maxQueueRows: "past it: 503 with Retry-After",
    container: "Dockerfile and .dockerignore",
    kubernetes: "k8s/ Deployment, Service, probes",
  };
  return (
    <Screen
      step="options"
      width={props.width}
      height={props.height}
      status={props.busy ? <Spinner label="analyzing" /> : null}
      hints={
        confirming
          ? [
              ["y", "replace it"],
              ["n/Esc", "keep it"],
            ]
          : [
              ["↑↓/Tab", "field"],
              ...(typing ? [["type", "to edit"] as const] : isSwitch(field) ? [["Space", "on/off"] as const, ["q", "quit"] as const] : [["q", "quit"] as const]),
              ["Enter", "generate"],
              ["Esc", "back"],
            ]
      }
    >
      <Text bold>How should the service be made?</Text>
      <Box height={1} />
      {FIELDS.filter((f): f is OptionKey => f !== "generate").map((f) => (
        <TextField
          key={f}
          label={LABELS[f]}
          value={f === "batching" && batchingOff ? false : v[f]}
          focused={FIELDS[focus] === f}
          labelWidth={labelWidth}
          width={props.width}
          error={errors[f] ?? null}
          note={notes[f]}
          disabled={!usable(f)}
        />
      ))}
      <Box height={1} />
      <Text bold={field === "generate"} color={field === "generate" ? t.accent : undefined}>
        {field === "generate" ? "› " : "  "}[ Generate the service ]
      </Text>
      <Box height={1} />
      {confirming ? (
        <Confirm
          question={`${v.out} is not empty. Replace it?`}
          onAnswer={(yes) => {
            setConfirming(false);
            if (yes) props.onSubmit(true);
          }}
        />
      ) : Object.keys(errors).length ? (
        <Text color={t.error}>✗ fix the marked fields first</Text>
      ) : props.errors > 0 ? (
        <Text color={t.error} bold={refused} wrap="wrap">
          ✗ the notebook has {props.errors} error{props.errors > 1 ? "s" : ""} that stop the conversion (Esc: back to read them)
        </Text>
      ) : null}
    </Screen>
  );
}
