// load: reads an .ipynb file into a Notebook, or explains precisely why it cannot.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type * as nbformat from "@jupyterlab/nbformat";
import { parse as parseJsonc, type ParseError } from "jsonc-parser";
import { DiagnosticLog } from "../diagnostics/log.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { Cell, CellKind, CellOutput, MimeData, Notebook } from "./types.ts";

export interface LoadResult {
  readonly notebook: Notebook | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** Notebooks larger than this are refused before parsing: real notebooks with outputs stay well below. */
export const MAX_NOTEBOOK_BYTES = 256 * 1024 * 1024;

export async function loadNotebook(file: string): Promise<LoadResult> {
  const log = new DiagnosticLog();
  const abs = path.resolve(file);
  let bytes: Buffer;
  try {
    bytes = await readFile(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    log.error({
      code: code === "ENOENT" ? "LOAD_NOT_FOUND" : code === "EISDIR" ? "LOAD_IS_DIRECTORY" : "LOAD_UNREADABLE",
      message:
        code === "ENOENT"
          ? `no such file: ${file}`
          : code === "EISDIR"
            ? `${file} is a folder, not a notebook`
            : `cannot read ${file}: ${(e as Error).message}`,
      suggestion: "pass the path of a .ipynb file",
    });
    return { notebook: null, diagnostics: log.items };
  }
  return { notebook: parseNotebook(abs, bytes, log), diagnostics: log.items };
}

/** Parses notebook bytes; `file` is used for locations and to resolve relative paths. */
export function parseNotebook(file: string, bytes: Uint8Array, log: DiagnosticLog): Notebook | null {
  if (bytes.byteLength > MAX_NOTEBOOK_BYTES) {
    log.error({
      code: "LOAD_TOO_LARGE",
      message: `the notebook is ${bytes.byteLength} bytes; the limit is ${MAX_NOTEBOOK_BYTES}`,
      suggestion: "clear large outputs (Kernel > Restart & Clear Output) and re-run only the cells that matter",
    });
    return null;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    log.error({
      code: "LOAD_NOT_UTF8",
      message: "the file is not valid UTF-8, so it is not a Jupyter notebook (nbformat files are UTF-8 JSON)",
      suggestion: "check that this is the .ipynb file and not a binary or a differently encoded export",
    });
    return null;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const { line, column } = jsonErrorPosition(text);
    log.error({
      code: "LOAD_INVALID_JSON",
      message: `the file is not valid JSON: ${cleanJsonMessage((e as Error).message)}`,
      at: { line, column },
      suggestion: "a notebook is a JSON file; restore it from version control or re-save it from Jupyter",
    });
    return null;
  }
  return checkNotebook(file, json, log);
}

function checkNotebook(file: string, json: unknown, log: DiagnosticLog): Notebook | null {
  if (!isObject(json) || !("cells" in json || "worksheets" in json || "nbformat" in json)) {
    log.error({
      code: "LOAD_NOT_A_NOTEBOOK",
      message: "the file is JSON but not a Jupyter notebook (no `nbformat` or `cells`)",
      suggestion: "pass the .ipynb file saved by Jupyter",
    });
    return null;
  }
  const major = json.nbformat;
  if (typeof major !== "number" || !Number.isInteger(major)) {
    log.error({
      code: "LOAD_NO_NBFORMAT",
      message: "the notebook has no integer `nbformat` version",
      suggestion: 'add `"nbformat": 4, "nbformat_minor": 5` or re-save the file from Jupyter',
    });
    return null;
  }
  if (major < 4) {
    log.error({
      code: "LOAD_OLD_NBFORMAT",
      message: `the notebook uses nbformat ${major}; nb2svc reads nbformat 4`,
      suggestion: `upgrade it with \`jupyter nbconvert --to notebook --nbformat 4 ${path.basename(file)} --output upgraded.ipynb\` (or open and save it in JupyterLab)`,
    });
    return null;
  }
  if (major > 4) {
    log.error({
      code: "LOAD_NEW_NBFORMAT",
      message: `the notebook uses nbformat ${major}, newer than the nbformat 4 nb2svc reads`,
      suggestion: "save it as nbformat 4 from Jupyter",
    });
    return null;
  }
  const minor = typeof json.nbformat_minor === "number" ? json.nbformat_minor : 0;
  if (!Array.isArray(json.cells)) {
    log.error({
      code: "LOAD_BAD_CELLS",
      message: "`cells` is missing or not a list",
      suggestion: "re-save the notebook from Jupyter",
    });
    return null;
  }
  const metadata = isObject(json.metadata) ? json.metadata : {};
  const kernel = readKernel(metadata, log);
  const cells: Cell[] = [];
  json.cells.forEach((raw: unknown, index: number) => {
    const cell = readCell(raw, index, log);
    if (cell) cells.push(cell);
  });
  const dir = path.dirname(file);
  return {
    path: file,
    dir,
    nbformat: major,
    nbformatMinor: minor,
    kernel,
    cells,
    raw: json as unknown as nbformat.INotebookContent,
  };
}

function readKernel(metadata: Record<string, unknown>, log: DiagnosticLog): Notebook["kernel"] {
  const ks = metadata.kernelspec;
  const li = isObject(metadata.language_info) ? metadata.language_info : {};
  const liName = typeof li.name === "string" ? li.name : null;
  if (!isObject(ks)) {
    log.warning({
      code: "LOAD_NO_KERNELSPEC",
      message: `the notebook has no kernelspec; assuming a Python 3 kernel${liName ? ` (language_info says ${liName})` : ""}`,
      suggestion: "open the notebook in Jupyter, select the Python 3 kernel and save",
    });
    if (liName && liName !== "python") {
      log.error({
        code: "LOAD_NOT_PYTHON",
        message: `the notebook's language is ${liName}; nb2svc reads Python notebooks`,
      });
    }
    return null;
  }
  const name = typeof ks.name === "string" ? ks.name : "";
  const displayName = typeof ks.display_name === "string" ? ks.display_name : name;
  const language = typeof ks.language === "string" ? ks.language : (liName ?? "python");
  if (language.toLowerCase() !== "python") {
    log.error({
      code: "LOAD_NOT_PYTHON",
      message: `the notebook's kernel is ${displayName || name} (${language}); nb2svc reads Python notebooks`,
    });
  }
  return { name, displayName, language };
}

const CELL_KINDS: ReadonlySet<string> = new Set(["code", "markdown", "raw"]);

function readCell(raw: unknown, index: number, log: DiagnosticLog): Cell | null {
  if (!isObject(raw)) {
    log.warning({ code: "LOAD_BAD_CELL", message: "this cell is not an object; skipped", at: { cell: index } });
    return null;
  }
  const type = raw.cell_type;
  if (typeof type !== "string" || !CELL_KINDS.has(type)) {
    log.warning({
      code: "LOAD_UNKNOWN_CELL_TYPE",
      message: `cell_type ${JSON.stringify(type)} is not code, markdown or raw; skipped`,
      at: { cell: index },
    });
    return null;
  }
  const source = joinText(raw.source);
  if (source === null) {
    log.warning({
      code: "LOAD_BAD_SOURCE",
      message: "the cell's `source` is neither a string nor a list of strings; treated as empty",
      at: { cell: index },
    });
  }
  const metadata = isObject(raw.metadata) ? raw.metadata : {};
  const tags = Array.isArray(metadata.tags) ? metadata.tags.filter((t): t is string => typeof t === "string") : [];
  const outputs = type === "code" && Array.isArray(raw.outputs) ? raw.outputs.map(readOutput) : [];
  const executionCount = typeof raw.execution_count === "number" ? raw.execution_count : null;
  const cell: Cell = {
    index,
    kind: type as CellKind,
    source: (source ?? "").replace(/\r\n?/g, "\n"),
    tags,
    outputs,
    executionCount,
    ...(typeof raw.id === "string" ? { id: raw.id } : {}),
  };
  return cell;
}

function readOutput(raw: unknown): CellOutput {
  if (!isObject(raw) || typeof raw.output_type !== "string") return { kind: "unknown", outputType: String(raw) };
  switch (raw.output_type) {
    case "execute_result":
      return {
        kind: "execute_result",
        executionCount: typeof raw.execution_count === "number" ? raw.execution_count : null,
        data: readMime(raw.data),
      };
    case "display_data":
    case "update_display_data":
      return { kind: "display_data", data: readMime(raw.data) };
    case "stream":
      return { kind: "stream", name: raw.name === "stderr" ? "stderr" : "stdout", text: joinText(raw.text) ?? "" };
    case "error":
      return {
        kind: "error",
        ename: typeof raw.ename === "string" ? raw.ename : "",
        evalue: typeof raw.evalue === "string" ? raw.evalue : "",
        traceback: Array.isArray(raw.traceback) ? raw.traceback.filter((t): t is string => typeof t === "string") : [],
      };
    default:
      return { kind: "unknown", outputType: raw.output_type };
  }
}

function readMime(raw: unknown): MimeData {
  if (!isObject(raw)) return {};
  const out: Record<string, unknown> = Object.create(null);
  for (const [mime, value] of Object.entries(raw)) {
    // text-like mime types are multiline strings (a string or a list of strings); JSON types are kept as data
    out[mime] = mime.endsWith("json") ? value : (joinText(value) ?? value);
  }
  return out;
}

/** nbformat's MultilineString: a string, or a list of strings to concatenate. */
function joinText(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.every((s) => typeof s === "string")) return v.join("");
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Where JSON text first goes wrong: V8's own messages do not always say (Node 20 often prints only a snippet), and a
 * person fixing a broken notebook needs the line and column. jsonc-parser in strict JSON mode finds the offset.
 */
function jsonErrorPosition(text: string): { line?: number; column?: number } {
  const errors: ParseError[] = [];
  try {
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // its parser recurses: nesting deep enough to overflow the stack has no position to give
    return {};
  }
  return errors.length === 0 ? {} : positionOf(text, Math.min(errors[0]!.offset, text.length));
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** V8's message without its position or its echo of the input (which can be long or hold user data). */
function cleanJsonMessage(message: string): string {
  return message
    .replace(/ in JSON at position \d+.*$/s, "")
    .replace(/\s*\(line \d+ column \d+\)$/, "")
    .replace(/, "[\s\S]*" is not valid JSON$/, "")
    .slice(0, 200);
}
