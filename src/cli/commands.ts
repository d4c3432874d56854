// The non-interactive commands: inspect, convert, translate. They drive the pipeline (src/driver) and print its
// results for people or, with --json, as one JSON envelope ({ok, command, ..., diagnostics}); they hold no logic of
// their own.
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { analyze } from "../analyze/analyze.ts";
import type { Analysis } from "../analyze/types.ts";
import { packageRoot } from "../assets.ts";
import { cellLabel } from "../diagnostics/cells.ts";
import { hasErrors, sortDiagnostics } from "../diagnostics/log.ts";
import { renderDiagnostics } from "../diagnostics/render.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import { CONVERT_STAGES, convert, preview, type ConvertOutcome } from "../driver/pipeline.ts";
import type { ModelSignature } from "../inspect/types.ts";
import { loadNotebook } from "../load/load.ts";
import { loadPythonFile } from "../load/python-file.ts";
import type { Notebook } from "../load/types.ts";
import { canRunFullSuite } from "../verify/verify.ts";
import { outputProblem } from "../write/write.ts";
import { ConfigError, convertOptions, mergeConfig, readConfig, type Config } from "../config/config.ts";
import { port, UsageError, type Parsed } from "./args.ts";
import { nextSteps } from "../present/next-steps.ts";
import { formatMs, Progress } from "./progress.ts";
import { executionCounts, sourceLookup } from "../present/source-lookup.ts";
import { envelope } from "./envelope.ts";

export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly color: boolean;
  /** stdin and stdout are a terminal: a person can answer a question. */
  readonly interactive: boolean;
  /** stderr is a terminal: progress is one line redrawn in place. */
  readonly liveProgress: boolean;
}

export { envelope };

function printDiagnostics(io: Io, file: string, nb: Notebook | null, ds: readonly Diagnostic[]): void {
  if (ds.length === 0) return;
  const rendered = renderDiagnostics(path.relative(process.cwd(), file) || file, sortDiagnostics(ds), {
    color: io.color,
    source: sourceLookup(file, nb),
    executionCounts: executionCounts(nb),
  });
  io.stderr(rendered + "\n");
}

function onePositional(p: Parsed, what: string): string {
  if (p.positionals.length !== 1) throw new UsageError(`${p.command} takes one ${what}${p.positionals.length ? `, not ${p.positionals.length}` : ""}`, p.command);
  return p.positionals[0]!;
}

/** A Python file given where a notebook is read: say which command reads it. */
function notebookArgument(p: Parsed, file: string): void {
  if (/\.py$/i.test(file)) {
    throw new UsageError(`${p.command} reads a notebook (.ipynb); ${file} is Python: translate it with nb2svc translate ${file}`, p.command);
  }
}

/** The inspect contract: what the tool found (cells by 0-based index, as in every JSON report). */
export function inspectReport(file: string, analysis: Analysis | null, signature: ModelSignature | null): Record<string, unknown> {
  const fns = new Map((analysis?.functions ?? []).map((f) => [f.name, f]));
  const describe = (name: string) => {
    const f = fns.get(name)!;
    return { name, cell: f.cell, line: f.line, params: f.params.map((p) => p.name) };
  };
  /** The entry function, then the helpers only it reaches. */
  const group = (entry: string | null | undefined) => {
    if (!entry || !fns.has(entry)) return [];
    const seen: string[] = [];
    const visit = (n: string) => {
      if (seen.includes(n) || !fns.has(n)) return;
      seen.push(n);
      fns.get(n)!.calls.forEach(visit);
    };
    visit(entry);
    return seen.map(describe);
  };
  return {
    notebook: path.relative(process.cwd(), file) || file,
    model: signature
      ? {
          path: path.relative(process.cwd(), signature.path),
          sha256: signature.sha256,
          ...(signature.opset !== null ? { opset: signature.opset } : {}),
          ...(signature.producer ? { producer: signature.producer } : {}),
          inputs: signature.inputs,
          outputs: signature.outputs,
        }
      : null,
    preprocess: group(analysis?.preprocess),
    postprocess: group(analysis?.postprocess),
    constants: (analysis?.constants ?? []).map((c) => ({
      name: c.name,
      source: {
        kind: c.source.kind,
        ...(c.source.at ? { cell: c.source.at.cell, line: c.source.at.line } : {}),
        ...(c.source.kind === "json-file" ? { file: path.relative(process.cwd(), c.source.file), key: c.source.key } : {}),
      },
      ...(c.numpy ? { dtype: c.numpy.dtype } : {}),
    })),
    goldens: (analysis?.goldens ?? []).map((g) => ({ cell: g.cell, call: g.call, input: g.input, expected: g.expected })),
    inference: analysis?.inferencePath ?? { kind: "raw", cells: [] },
  };
}

export async function runInspect(p: Parsed, io: Io): Promise<number> {
  const file = onePositional(p, "notebook");
  notebookArgument(p, file);
  const model = p.values.model as string | undefined;
  // plan and translate too, so that inspect fails exactly when convert would
  const out = await preview(file, { ...(model ? { modelPath: path.resolve(model) } : {}), ...executeOption(p) });
  const report = inspectReport(file, out.analysis, out.signature);
  const ok = !hasErrors(out.diagnostics);
  if (p.values.json) io.stdout(envelope("inspect", ok, report, out.diagnostics));
  else {
    printDiagnostics(io, file, out.notebook, out.diagnostics);
    if (out.notebook) io.stdout(humanInspect(report, out.notebook) + "\n");
  }
  return ok ? 0 : 1;
}

function humanInspect(r: Record<string, unknown>, nb: Notebook): string {
  const cell = (i: number) => cellLabel(i, executionCounts(nb)(i));
  const model = r.model as { path: string; opset?: number; inputs: ModelSignature["inputs"]; outputs: ModelSignature["outputs"] } | null;
  const shape = (t: ModelSignature["inputs"][number]) => `${t.name}: ${t.dtype}[${t.shape.map((d) => d ?? "?").join(", ")}]`;
  const fns = (xs: unknown) => (xs as { name: string; cell: number; params: string[] }[]).map((f) => `${f.name}(${f.params.join(", ")}) [${cell(f.cell)}]`).join(", ") || "none";
  const lines = [
    `notebook     ${r.notebook as string}`,
    `model        ${model ? `${model.path}${model.opset ? ` (opset ${model.opset})` : ""}` : "none found"}`,
    ...(model ? [`  inputs     ${model.inputs.map(shape).join(", ")}`, `  outputs    ${model.outputs.map(shape).join(", ")}`] : []),
    `preprocess   ${fns(r.preprocess)}`,
    `postprocess  ${fns(r.postprocess)}`,
    `constants    ${(r.constants as { name: string; source: { kind: string; file?: string } }[]).map((c) => `${c.name} (${c.source.file ?? c.source.kind})`).join(", ") || "none"}`,
    `goldens      ${(r.goldens as unknown[]).length} example(s) the notebook displayed`,
  ];
  for (const g of r.goldens as { cell: number; call: string; expected: unknown }[]) {
    const call = g.call.length > 70 ? g.call.slice(0, 67) + "..." : g.call;
    lines.push(`  ${cell(g.cell)}: ${call} -> ${JSON.stringify(g.expected).slice(0, 80)}`);
  }
  return lines.join("\n");
}

/** What `convert` was asked for, checked before any work. */
interface ConvertRequest {
  readonly file: string;
  readonly out: string;
  readonly options: ReturnType<typeof convertOptions> & { readonly execute?: { python?: string } };
}

async function convertRequest(p: Parsed): Promise<ConvertRequest> {
  const v = p.values;
  let config: Config | null = null;
  try {
    config = v.config ? await readConfig(v.config as string) : null;
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message, "convert");
    throw e;
  }
  if (p.positionals.length > 1) throw new UsageError("convert takes one notebook (or --config FILE naming one)", "convert");
  if (p.positionals[0] !== undefined) notebookArgument(p, p.positionals[0]);
  // options on the command line win over the config's settings; their paths are relative to the current folder (the
  // config's own are relative to the config file: readConfig resolved them)
  const flags: Config = {
    notebook: p.positionals[0] !== undefined ? path.resolve(p.positionals[0]) : undefined,
    out: v.out !== undefined ? path.resolve(v.out as string) : undefined,
    model: v.model !== undefined ? path.resolve(v.model as string) : undefined,
    name: v.name as string | undefined,
    preprocess: v.preprocess as string | undefined,
    postprocess: v.postprocess as string | undefined,
    port: port(v.port as string | undefined),
    batching: v["no-batching"] ? { enabled: false } : undefined,
    container: v["no-container"] ? false : undefined,
    kubernetes: v["no-kubernetes"] ? false : undefined,
    verify: v["no-verify"] ? false : undefined,
  };
  const settings = mergeConfig(config, flags);
  const file = settings.notebook ? path.relative(process.cwd(), settings.notebook) || settings.notebook : undefined;
  if (!file) throw new UsageError("convert takes one notebook (or --config FILE naming one)", "convert");
  if (!settings.out) throw new UsageError("convert needs --out DIR (the folder to write the service to)", "convert");
  const out = path.relative(process.cwd(), settings.out) || ".";
  const verifyMode = v.verify as string | undefined;
  if (verifyMode !== undefined && verifyMode !== "quick" && verifyMode !== "full") throw new UsageError(`--verify takes quick or full, not ${JSON.stringify(verifyMode)}`, "convert");
  if (verifyMode !== undefined && v["no-verify"]) throw new UsageError("--verify and --no-verify cannot both be given", "convert");
  if (verifyMode === "full" && !canRunFullSuite()) {
    throw new UsageError(
      "--verify full runs the service's suite on nb2svc's test tools, which an installed nb2svc does not have (they are its devDependencies): convert with the quick check, then run `npm ci && npm test` in the service",
      "convert",
    );
  }
  const options = {
    ...convertOptions({ ...settings, out }, { force: Boolean(v.force) }),
    ...executeOption(p),
    ...(verifyMode && settings.verify !== false ? { verify: verifyMode as "quick" | "full" } : {}),
  };
  return { file, out, options };
}

export async function runConvert(p: Parsed, io: Io): Promise<number> {
  const v = p.values;
  const { file, out, options } = await convertRequest(p);
  const json = Boolean(v.json);
  // the output folder first: a folder that cannot be written is said before any work, not after it
  const problem = outputProblem(out, options.force ?? false);
  if (problem && problem.code !== "WRITE_REPLACES") {
    const d: Diagnostic = { severity: "error", code: problem.code, message: problem.message, file: out, ...(problem.suggestion ? { suggestion: problem.suggestion } : {}) };
    if (json) io.stdout(envelope("convert", false, { notebook: file, out: null }, [d]));
    else printDiagnostics(io, file, null, [d]);
    return 1;
  }
  if (problem && !v.yes && io.interactive && !json) {
    if (!(await confirm(`replace ${out} (all of it) with the service? [y/N] `))) {
      io.stderr("nb2svc: nothing written\n");
      return 1;
    }
  }
  const verifyMode = options.verify === false ? null : options.verify === "full" ? "full" : "quick";
  const stages = CONVERT_STAGES.filter((s) => s !== "verify" || verifyMode !== null).length;
  const progress = json ? null : new Progress(io.stderr, io.liveProgress, stages, verifyMode === "full" ? "tests" : "checks");
  let outcome: ConvertOutcome;
  try {
    outcome = await convert(file, { ...options, ...(progress ? { onVerifyTest: progress.onTest } : {}) }, progress ? { onStage: progress.onStage } : {});
  } finally {
    progress?.stop();
  }
  const nb = (await loadNotebook(file)).notebook;
  if (json) io.stdout(envelope("convert", outcome.ok, convertReport(file, outcome), outcome.diagnostics));
  else {
    printDiagnostics(io, file, nb, outcome.diagnostics);
    io.stdout(humanConvert(outcome, verifyMode) + "\n");
    // at a terminal, where the stages were a line redrawn in place, their times come last
    if (io.liveProgress) io.stderr(`${timingLine(outcome, progress!.elapsed())}\n`);
  }
  return outcome.ok ? 0 : 1;
}

/** Asks a yes/no question at the terminal; Ctrl-C there is a no. */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const interrupted = new Promise<string>((resolve) => rl.once("SIGINT", () => resolve("")));
  try {
    const answer = await Promise.race([rl.question(question), interrupted]);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

function timingLine(o: ConvertOutcome, seconds: number): string {
  const stages = Object.entries(o.timings).map(([s, ms]) => `${s} ${formatMs(ms)}`);
  return `${o.ok ? "done" : "stopped"} in ${seconds.toFixed(1)} s: ${stages.join(", ")}`;
}

/** --execute and --python: off unless asked for. */
function executeOption(p: Parsed): { execute?: { python?: string } } {
  if (!p.values.execute) {
    if (p.values.python) throw new UsageError("--python is only used with --execute", p.command);
    return {};
  }
  return { execute: p.values.python ? { python: p.values.python as string } : {} };
}

export function convertReport(file: string, o: ConvertOutcome): Record<string, unknown> {
  return {
    notebook: path.relative(process.cwd(), file) || file,
    out: o.out ? path.relative(process.cwd(), o.out) || "." : null,
    service: o.plan
      ? {
          name: o.plan.name,
          preprocess: o.plan.pipeline.preprocess,
          postprocess: o.plan.pipeline.postprocess,
          request: o.plan.request.fields.map((f) => ({ name: f.name, required: f.required, schema: f.schema })),
          model: o.plan.model.fileName,
          batching: o.plan.options.batching,
          goldens: o.plan.goldens.length,
        }
      : null,
    files: o.files,
    bundle: o.bundle,
    verify: o.verify,
    timings: o.timings,
  };
}

function humanConvert(o: ConvertOutcome, mode: "quick" | "full" | null): string {
  const unit = mode === "full" ? "tests" : "checks";
  const verified = o.verify ? [`${unit}: ${o.verify.passed} passed, ${o.verify.failed} failed (${formatMs(o.verify.durationMs)})`] : [];
  const failures = (o.verify?.tests ?? []).filter((t) => t.status === "failed").map((t) => `  FAIL ${t.file} > ${t.name}\n${(t.message ?? "").replace(/^/gm, "       ")}`);
  if (!o.out) {
    const errors = o.diagnostics.filter((d) => d.severity === "error").length;
    return [...verified, ...failures, `nb2svc: nothing was written (${errors} error${errors === 1 ? "" : "s"})`].join("\n");
  }
  const rel = path.relative(process.cwd(), o.out) || ".";
  const lines = [`wrote ${o.files.length} files to ${rel}`, ...verified, ...failures];
  const next = nextSteps(o)!;
  lines.push("", "next:", `  ${next.start}`);
  if (next.curl) lines.push("  # then, in another terminal:", `  ${next.curl}`, `  ${next.answerNote}`);
  return lines.join("\n");
}

export async function runTranslate(p: Parsed, io: Io): Promise<number> {
  const file = onePositional(p, "Python file or notebook");
  const json = Boolean(p.values.json);
  const isNotebook = /\.ipynb$/i.test(file);
  const loaded = isNotebook ? await loadNotebook(file) : await loadPythonFile(file);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const nb = loaded.notebook;
  // a .py file has no cells: its diagnostics are located by file and line
  const locate = (ds: readonly Diagnostic[]) => (isNotebook ? ds : ds.map(({ cell: _cell, ...d }) => ({ ...d })));
  const finish = (ok: boolean, result: Record<string, unknown>): number => {
    if (json) io.stdout(envelope("translate", ok, { file, ...result }, locate(diagnostics)));
    else printDiagnostics(io, file, nb, locate(diagnostics));
    return ok ? 0 : 1;
  };
  if (!nb) return finish(false, { module: null });
  const requested = (p.values.function as readonly string[] | undefined) ?? [];
  const analysis = await analyze(nb, requested.length ? { entries: requested } : isNotebook ? {} : { entries: undefined });
  const entries = requested.length
    ? requested
    : isNotebook && analysis.entries.length
      ? analysis.entries
      : analysis.functions.map((f) => f.name);
  const chosen = requested.length || (isNotebook && analysis.entries.length) ? analysis : await analyze(nb, { entries });
  // what explains a missing or refused function: errors, constants it could not read, code it could not read at all
  const relevant = (d: Diagnostic) => d.severity === "error" || d.code.startsWith("ANALYZE_CONSTANT") || d.code === "ANALYZE_TOO_DEEP" || (!isNotebook && d.code === "ANALYZE_SYNTAX");
  diagnostics.push(...chosen.diagnostics.filter(relevant));
  const names = new Set([...chosen.entries, ...chosen.helpers]);
  if (names.size === 0) diagnostics.push({ severity: "error", code: "TRANSLATE_NOTHING", message: "there is no function to translate", suggestion: "define a function, or name one with --function NAME" });
  const module = hasErrors(diagnostics)
    ? null
    : // TypeScript is loaded only by the commands that write it (see src/driver/pipeline.ts)
      await (await import("../translate/translate.ts")).translate({
        functions: chosen.functions.filter((f) => names.has(f.name)),
        constants: chosen.constants,
        imports: chosen.imports,
        origin: path.basename(file),
      });
  if (module) diagnostics.push(...module.diagnostics);
  if (!module || hasErrors(diagnostics)) return finish(false, { module: null });
  const out = p.values.out as string | undefined;
  if (!out) {
    if (!json) io.stdout(module.text);
    return finish(true, { functions: [...names], module: module.text });
  }
  const stem = path.basename(file).replace(/\.(py|ipynb)$/i, "");
  await mkdir(path.join(out, "runtime"), { recursive: true });
  await writeFile(path.join(out, `${stem}.ts`), module.text);
  for (const r of module.runtimeFiles) {
    await mkdir(path.dirname(path.join(out, "runtime", r)), { recursive: true });
    await copyFile(path.join(packageRoot(), "src", "runtime", r), path.join(out, "runtime", r));
  }
  if (!json) io.stderr(`wrote ${path.join(out, `${stem}.ts`)} and ${module.runtimeFiles.length} runtime files in ${path.join(out, "runtime")}\n`);
  return finish(true, { functions: [...names], files: [path.join(out, `${stem}.ts`), ...module.runtimeFiles.map((r) => path.join(out, "runtime", r))] });
}
