// Command-line parsing: one table of options (with their help) per command, parsed with node:util's parseArgs
// (strict), so that an unknown or malformed option is a usage error (exit 2) with a message and, where one is near,
// the option or command that was probably meant. Never a guess: nb2svc does not run what it suggests.
import { existsSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage to show under the message, if any. */
    readonly command?: Command,
  ) {
    super(message);
  }
}

interface OptionSpec {
  readonly type: "boolean" | "string";
  readonly short?: string;
  readonly multiple?: boolean;
  /** The value's placeholder in help (string options). */
  readonly value?: string;
  readonly help: string;
}

const OPTIONS = {
  json: { type: "boolean", help: "print one JSON object on stdout: {ok, command, ..., diagnostics}" },
  model: { type: "string", value: "PATH", help: "serve this ONNX file instead of the one the notebook exports" },
  execute: {
    type: "boolean",
    help: "run a copy of the notebook (your Python and Jupyter, in a temporary folder) to read constants it computes from data and saves nowhere; off by default: nb2svc runs nothing",
  },
  python: { type: "string", value: "PATH", help: "the Python for --execute (default: $NB2SVC_PYTHON, then python3)" },
  out: { type: "string", short: "o", value: "DIR", help: "where to write the service (absent or empty, or with --force)" },
  yes: { type: "boolean", short: "y", help: "ask nothing (for CI)" },
  force: { type: "boolean", help: "replace a non-empty --out folder (the whole folder)" },
  name: { type: "string", value: "NAME", help: "the service's name: npm package, image, Kubernetes (default: the notebook's file name)" },
  config: { type: "string", value: "FILE", help: "replay the choices the wizard saved (nb2svc.json); its paths are relative to the file" },
  verify: {
    type: "string",
    value: "MODE",
    help: "quick (default): start the bundle, replay the notebook's examples and bad requests, stop it; full: the service's whole test suite (its npm test)",
  },
  "no-verify": { type: "boolean", help: "write the service without checking it" },
  port: { type: "string", value: "N", help: "the port the service listens on (default 8080; PORT overrides it at start)" },
  "no-batching": { type: "boolean", help: "one model run per request (no dynamic batching)" },
  "no-container": { type: "boolean", help: "no Dockerfile" },
  "no-kubernetes": { type: "boolean", help: "no Kubernetes manifests" },
  preprocess: { type: "string", value: "NAME", help: "the notebook function that turns a request into the model's input" },
  postprocess: { type: "string", value: "NAME", help: "the notebook function that turns the model's output into the response" },
  function: { type: "string", short: "f", multiple: true, value: "NAME", help: "translate this function (repeatable; default: the inference path's functions)" },
  "translate-out": { type: "string", short: "o", value: "DIR", help: "write the module as DIR/<file>.ts with the runtime files it imports (it runs as it is)" },
  color: { type: "boolean", help: "colour diagnostics even when stderr is not a terminal" },
  help: { type: "boolean", short: "h", help: "this text" },
} as const satisfies Record<string, OptionSpec>;

type OptionName = keyof typeof OPTIONS;

interface CommandSpec {
  readonly summary: string;
  readonly usage: readonly string[];
  readonly options: readonly OptionName[];
  readonly notes?: readonly string[];
}

export const COMMAND_SPECS = {
  inspect: {
    summary: "what nb2svc finds in a notebook: the model, its inputs and outputs, the inference path, constants, examples",
    usage: ["nb2svc inspect NOTEBOOK [--json] [--model PATH] [--execute [--python PATH]]"],
    options: ["json", "model", "execute", "python", "color", "help"],
    notes: ["Exits 1 whenever convert would stop, with the diagnostics that say why."],
  },
  convert: {
    summary: "write the service for a notebook, bundle it and check it (the notebook's examples replayed over HTTP)",
    usage: ["nb2svc convert NOTEBOOK --out DIR [options]", "nb2svc convert --config nb2svc.json [--yes] [options]"],
    options: [
      "out",
      "yes",
      "force",
      "json",
      "config",
      "name",
      "model",
      "verify",
      "no-verify",
      "port",
      "no-batching",
      "no-container",
      "no-kubernetes",
      "preprocess",
      "postprocess",
      "execute",
      "python",
      "color",
      "help",
    ],
    notes: [
      "The service is made in a staging folder beside DIR and moved into place only when it was bundled and passed its checks.",
      "Options given here win over the config's settings; their paths are relative to the current folder.",
    ],
  },
  translate: {
    summary: "the TypeScript nb2svc makes from Python functions (a .py file or a notebook)",
    usage: ["nb2svc translate FILE.py|NOTEBOOK [--function NAME]... [--out DIR] [--json]"],
    options: ["function", "translate-out", "json", "color", "help"],
  },
} as const satisfies Record<string, CommandSpec>;

export type Command = keyof typeof COMMAND_SPECS;
const COMMAND_NAMES = Object.keys(COMMAND_SPECS) as Command[];

/** The name an option has on the command line (`translate-out` is translate's `--out`). */
const flagName = (o: OptionName): string => (o === "translate-out" ? "out" : o);

function optionLine(o: OptionName): [string, string] {
  const spec: OptionSpec = OPTIONS[o];
  const short = spec.short ? `-${spec.short}, ` : "    ";
  return [`${short}--${flagName(o)}${spec.value ? ` ${spec.value}` : ""}`, spec.help];
}

/** Two columns, the second wrapped at `width`. */
function columns(rows: readonly [string, string][], width = 100): string {
  const left = Math.max(...rows.map(([l]) => l.length)) + 2;
  return rows
    .map(([l, r]) => {
      const words = r.split(" ");
      const lines: string[] = [];
      let line = "";
      for (const w of words) {
        if (line && left + 2 + line.length + 1 + w.length > width) {
          lines.push(line);
          line = w;
        } else line = line ? `${line} ${w}` : w;
      }
      lines.push(line);
      return lines.map((text, i) => `  ${(i === 0 ? l : "").padEnd(left)}${text}`).join("\n");
    })
    .join("\n");
}

export const USAGE = `nb2svc: turn a Jupyter notebook that exported an ONNX model into a tested inference service

Usage:
  nb2svc [NOTEBOOK]                  the wizard, in a terminal (on NOTEBOOK, or on one found below here)
  nb2svc inspect NOTEBOOK            what nb2svc finds: the model, the inference path, the examples
  nb2svc convert NOTEBOOK --out DIR  write the service, bundle it and check it
  nb2svc translate FILE.py|NOTEBOOK  the TypeScript nb2svc makes from Python functions
  nb2svc help COMMAND                a command's options (also: nb2svc COMMAND --help)
  nb2svc --version

Cells are shown as Jupyter counts them: cell 8 is the notebook's 8th cell (markdown included), In [7] its
execution count. Exit codes: 0 success, 1 the input cannot be converted (diagnostics say why), 2 usage error.`;

/** `nb2svc COMMAND --help`: the command's usage and every option it takes. */
export function commandHelp(command: Command): string {
  const spec: CommandSpec = COMMAND_SPECS[command];
  return [
    `nb2svc ${command}: ${spec.summary}`,
    "",
    "Usage:",
    ...spec.usage.map((u) => `  ${u}`),
    "",
    "Options:",
    columns(spec.options.map(optionLine)),
    ...(spec.notes ? ["", ...spec.notes] : []),
  ].join("\n");
}

/** Edit distance with adjacent transpositions (optimal string alignment): `--otu` is one edit from `--out`. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate nearest to `word`, when it is near enough to be what was meant. */
export function nearest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(word) && word.length >= 2 ? 0.5 : distance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best !== null && bestD <= Math.max(1, Math.floor(best.length / 3)) ? best : null;
}

export interface Parsed {
  readonly command: Command;
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
}

export type ParseResult =
  | Parsed
  | { readonly kind: "help"; readonly command?: Command }
  | { readonly kind: "version" }
  | { readonly kind: "wizard"; readonly notebook?: string };

/** Whether the arguments ask for JSON, read before parsing so that a usage error is reported in JSON too. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
}

export function parse(argv: readonly string[]): ParseResult {
  if (argv.length === 0) return { kind: "wizard" };
  const [first, ...rest] = argv as [string, ...string[]];
  if (first === "-h" || first === "--help") return { kind: "help" };
  if (first === "-v" || first === "--version") return { kind: "version" };
  if (first === "help") {
    if (rest.length === 0) return { kind: "help" };
    return { kind: "help", command: commandNamed(rest[0]!) };
  }
  if (!first.startsWith("-") && !(first in COMMAND_SPECS)) {
    // `nb2svc NOTEBOOK`: the wizard on that notebook
    if (rest.length === 0 && /\.ipynb$/i.test(first)) {
      if (!existsSync(first)) throw new UsageError(`${first}: no such notebook`);
      return { kind: "wizard", notebook: first };
    }
    commandNamed(first);
  }
  if (first.startsWith("-")) throw unknownOption(first, null);
  const command = first as Command;
  const spec: CommandSpec = COMMAND_SPECS[command];
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const o of spec.options) {
    const s: OptionSpec = OPTIONS[o];
    options[flagName(o)] = { type: s.type, ...(s.short ? { short: s.short } : {}), ...(s.multiple ? { multiple: true } : {}) };
  }
  checkOptions(rest, command);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw parseError(e as Error & { code?: string }, command);
  }
  if ((parsed.values as Record<string, unknown>).help) return { kind: "help", command };
  return { command, positionals: parsed.positionals, values: parsed.values as Parsed["values"] };
}

function commandNamed(word: string): Command {
  if (word in COMMAND_SPECS) return word as Command;
  if (/\.py$/i.test(word)) throw new UsageError(`unknown command "${word}"; to translate a Python file: nb2svc translate ${word}`);
  if (/\.ipynb$/i.test(word)) throw new UsageError(`unknown command "${word}"; a notebook goes after a command: nb2svc convert ${word} --out DIR (or nb2svc ${word} alone, for the wizard)`);
  const guess = nearest(word, COMMAND_NAMES);
  throw new UsageError(`unknown command "${word}"${guess ? `; did you mean "${guess}"?` : ""}`);
}

function unknownOption(token: string, command: Command | null): UsageError {
  const name = token.replace(/=.*$/, "");
  const flags = command ? COMMAND_SPECS[command].options.map((o) => `--${flagName(o)}`) : ["--help", "--version"];
  const guess = nearest(name, flags);
  // a flag another command takes: say which
  const elsewhere = COMMAND_NAMES.filter((c) => c !== command && COMMAND_SPECS[c].options.some((o) => `--${flagName(o)}` === name));
  const where = command ? ` for ${command}` : "";
  const hint = guess ? `; did you mean ${guess}?` : elsewhere.length ? ` (it is an option of ${elsewhere.join(" and ")})` : "";
  return new UsageError(`unknown option ${name}${where}${hint}`, command ?? undefined);
}

/** Unknown options, found before parseArgs so that the message can name what was meant. */
function checkOptions(args: readonly string[], command: Command): void {
  const spec: CommandSpec = COMMAND_SPECS[command];
  const long = new Set(spec.options.map((o) => flagName(o)));
  const short = new Set(spec.options.map((o) => (OPTIONS[o] as OptionSpec).short).filter((s): s is string => s !== undefined));
  for (const a of args) {
    if (a === "--") return;
    if (a.startsWith("--")) {
      if (!long.has(a.slice(2).replace(/=.*$/, ""))) throw unknownOption(a, command);
    } else if (a.startsWith("-") && a.length > 1 && !/^-\d/.test(a)) {
      for (const ch of a.slice(1)) {
        if (!short.has(ch)) throw unknownOption(`-${ch}`, command);
      }
    }
  }
}

/** parseArgs' own errors, in nb2svc's words (its messages quote options unevenly). */
function parseError(e: Error & { code?: string }, command: Command): UsageError {
  const option = /'(?:-\w, )?(--[\w-]+)/.exec(e.message)?.[1];
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    const name = option.slice(2);
    const o = (Object.keys(OPTIONS) as OptionName[]).find((k) => flagName(k) === name && (COMMAND_SPECS[command].options as readonly string[]).includes(k));
    const spec: OptionSpec | undefined = o ? OPTIONS[o] : undefined;
    if (spec?.type === "string") return new UsageError(`${option} needs a value: ${option} ${spec.value ?? "VALUE"}`, command);
    return new UsageError(`${option} takes no value`, command);
  }
  return new UsageError(e.message.replace(/^TypeError \[[A-Z_]+\]: /, ""), command);
}

export function port(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--port must be an integer from 1 to 65535, not ${JSON.stringify(value)}`, "convert");
  return n;
}
