// Command-line parsing: one table of options per command, parsed with node:util's parseArgs (strict), so that an
// unknown or malformed option is a usage error (exit 2) with a message, never a guess.
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

export const USAGE = `nb2svc: turn a Jupyter notebook that exported an ONNX model into a tested inference service

Usage:
  nb2svc                                   the interactive wizard (in a terminal)
  nb2svc inspect NOTEBOOK [--json] [--model PATH] [--execute]
  nb2svc convert NOTEBOOK --out DIR [--yes] [--force] [--json] [--name NAME] [--model PATH]
                          [--config FILE] [--verify full|quick] [--no-verify] [--port N] [--no-batching]
                          [--no-container] [--no-kubernetes] [--execute]
  nb2svc translate FILE.py|NOTEBOOK [--function NAME]... [--out DIR]

Options:
  --json          print one JSON object on stdout (inspect, convert)
  --out DIR       where to write the service (convert) or the module and its runtime (translate)
  --force         replace a non-empty --out folder
  --yes           do not ask for confirmation
  --model PATH    serve this ONNX file instead of the one the notebook exports
  --name NAME     the service's name (default: the notebook's file name)
  --config FILE   replay the choices saved by the wizard (nb2svc.json)
  --verify MODE   quick (default): start the bundle, replay the notebook's examples and bad requests, stop it;
                  full: run the service's whole test suite (its npm test)
  --no-verify     write the service without checking it
  --function NAME translate this function (repeatable; default: the inference path's functions)
  --execute       run a copy of the notebook (with your Python and Jupyter, in a temporary folder) to read
                  constants it computes from data and saves nowhere; off by default: nb2svc runs nothing
  --python PATH   the Python for --execute (default: $NB2SVC_PYTHON, then python3)
  -h, --help      this text
  -v, --version   nb2svc's version

Exit codes: 0 success, 1 the input cannot be converted (diagnostics say why), 2 usage error.`;

type Options = NonNullable<ParseArgsConfig["options"]>;

const COMMON: Options = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  model: { type: "string" },
  color: { type: "boolean" },
  execute: { type: "boolean" },
  python: { type: "string" },
};

export const COMMANDS = {
  inspect: { ...COMMON },
  convert: {
    ...COMMON,
    out: { type: "string", short: "o" },
    yes: { type: "boolean", short: "y" },
    force: { type: "boolean" },
    name: { type: "string" },
    config: { type: "string" },
    "no-verify": { type: "boolean" },
    verify: { type: "string" },
    port: { type: "string" },
    "no-batching": { type: "boolean" },
    "no-container": { type: "boolean" },
    "no-kubernetes": { type: "boolean" },
    preprocess: { type: "string" },
    postprocess: { type: "string" },
  },
  translate: {
    help: { type: "boolean", short: "h" },
    function: { type: "string", multiple: true, short: "f" },
    out: { type: "string", short: "o" },
    color: { type: "boolean" },
  },
} as const satisfies Record<string, Options>;

export type Command = keyof typeof COMMANDS;

export interface Parsed {
  readonly command: Command;
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
}

export function parse(argv: readonly string[]): Parsed | "help" | "version" | "wizard" {
  if (argv.length === 0) return "wizard";
  const [first, ...rest] = argv;
  if (first === "-h" || first === "--help" || first === "help") return "help";
  if (first === "-v" || first === "--version") return "version";
  if (!(first! in COMMANDS)) throw new UsageError(`unknown command "${first}"`);
  const command = first as Command;
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: COMMANDS[command], allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
  if ((parsed.values as Record<string, unknown>).help) return "help";
  return { command, positionals: parsed.positionals, values: parsed.values as Parsed["values"] };
}

export function port(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--port must be an integer from 1 to 65535, not "${value}"`);
  return n;
}
