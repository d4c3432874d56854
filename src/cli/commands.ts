// The non-interactive commands: inspect, convert, translate. They drive the pipeline (src/driver) and print its
// results for people or, with --json, as one JSON object; they hold no logic of their own.
import { existsSync } from "node:fs";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { analyze } from "../analyze/analyze.ts";
import type { Analysis } from "../analyze/types.ts";
import { packageRoot } from "../assets.ts";
import { hasErrors, sortDiagnostics } from "../diagnostics/log.ts";
import { renderDiagnostics } from "../diagnostics/render.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import { convert, preview, type ConvertOutcome } from "../driver/pipeline.ts";
import type { ModelSignature } from "../inspect/types.ts";
import { loadNotebook } from "../load/load.ts";
import { loadPythonFile } from "../load/python-file.ts";
import type { Notebook } from "../load/types.ts";
import { translate } from "../translate/translate.ts";
import { port, UsageError, type Parsed } from "./args.ts";
import { nextSteps } from "./next-steps.ts";
import { sourceLookup } from "./source-lookup.ts";
import { ConfigError, convertOptions, mergeConfig, readConfig, type Config } from "../config/config.ts";

export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly color: boolean;
  readonly interactive: boolean;
}

function printDiagnostics(io: Io, file: string, nb: Notebook | null, ds: readonly Diagnostic[]): void {
  if (ds.length === 0) return;
  io.stderr(renderDiagnostics(path.relative(process.cwd(), file) || file, sortDiagnostics(ds), { color: io.color, source: sourceLookup(file, nb) }) + "\n");
}

function onePositional(p: Parsed, what: string): string {
  if (p.positionals.length !== 1) throw new UsageError(`${p.command} takes one ${what}${p.positionals.length ? `, not ${p.positionals.length}` : ""}`);
  return p.positionals[0]!;
}

/** The inspect contract: what the tool found, as one JSON object. */
export function inspectReport(file: string, analysis: Analysis | null, signature: ModelSignature | null, diagnostics: readonly Diagnostic[]): Record<string, unknown> {
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
    diagnostics: sortDiagnostics(diagnostics),
  };
}

export async function runInspect(p: Parsed, io: Io): Promise<number> {
  const file = onePositional(p, "notebook");
  const model = p.values.model as string | undefined;
  // plan and translate too, so that inspect fails exactly when convert would
  const out = await preview(file, { ...(model ? { modelPath: path.resolve(model) } : {}), ...executeOption(p) });
  const report = inspectReport(file, out.analysis, out.signature, out.diagnostics);
  if (p.values.json) io.stdout(JSON.stringify(report, null, 2) + "\n");
  else {
    printDiagnostics(io, file, out.notebook, out.diagnostics);
    if (out.notebook) io.stdout(humanInspect(report) + "\n");
  }
  return hasErrors(out.diagnostics) ? 1 : 0;
}

function humanInspect(r: Record<string, unknown>): string {
  const model = r.model as { path: string; opset?: number; inputs: ModelSignature["inputs"]; outputs: ModelSignature["outputs"] } | null;
  const shape = (t: ModelSignature["inputs"][number]) => `${t.name}: ${t.dtype}[${t.shape.map((d) => d ?? "?").join(", ")}]`;
  const fns = (xs: unknown) => (xs as { name: string; cell: number; params: string[] }[]).map((f) => `${f.name}(${f.params.join(", ")}) [cell ${f.cell}]`).join(", ") || "none";
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
    lines.push(`  cell ${g.cell}: ${call} -> ${JSON.stringify(g.expected).slice(0, 80)}`);
  }
  return lines.join("\n");
}

export async function runConvert(p: Parsed, io: Io): Promise<number> {
  const v = p.values;
  let config: Config | null = null;
  try {
    config = v.config ? await readConfig(v.config as string) : null;
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  if (p.positionals.length > 1) throw new UsageError("convert takes one notebook (or --config FILE naming one)");
  // options on the command line win over the config's settings; their paths are relative to the current folder
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
  if (!file) throw new UsageError("convert takes one notebook (or --config FILE naming one)");
  if (!settings.out) throw new UsageError("convert needs --out DIR");
  const out = path.relative(process.cwd(), settings.out) || ".";
  const verifyMode = v.verify as string | undefined;
  if (verifyMode !== undefined && verifyMode !== "quick" && verifyMode !== "full") throw new UsageError(`--verify takes quick or full, not ${JSON.stringify(verifyMode)}`);
  if (verifyMode !== undefined && v["no-verify"]) throw new UsageError("--verify and --no-verify cannot both be given");
  const options = {
    ...convertOptions({ ...settings, out }, { force: Boolean(v.force) }),
    ...executeOption(p),
    ...(verifyMode && settings.verify !== false ? { verify: verifyMode as "quick" | "full" } : {}),
  };
  if (!v.yes && io.interactive && existsSync(out)) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`write the service to ${out}${v.force ? " (replacing it)" : ""}? [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.stderr("nothing written\n");
      return 1;
    }
  }
  const progress = !v.json;
  const outcome = await convert(file, options, {
    onStage: progress ? (e) => e.phase === "end" && io.stderr(`  ${e.stage.padEnd(10)} ${String(e.ms).padStart(8)} ms\n`) : undefined,
  });
  const nb = (await loadNotebook(file)).notebook;
  if (v.json) io.stdout(JSON.stringify(convertReport(file, outcome), null, 2) + "\n");
  else {
    printDiagnostics(io, file, nb, outcome.diagnostics);
    io.stdout(humanConvert(outcome) + "\n");
  }
  return outcome.ok ? 0 : 1;
}

/** --execute and --python: off unless asked for. */
function executeOption(p: Parsed): { execute?: { python?: string } } {
  if (!p.values.execute) {
    if (p.values.python) throw new UsageError("--python is only used with --execute");
    return {};
  }
  return { execute: p.values.python ? { python: p.values.python as string } : {} };
}

export function convertReport(file: string, o: ConvertOutcome): Record<string, unknown> {
  return {
    ok: o.ok,
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
    diagnostics: sortDiagnostics(o.diagnostics),
  };
}

function humanConvert(o: ConvertOutcome): string {
  if (!o.out) return "nb2svc: nothing was written";
  const rel = path.relative(process.cwd(), o.out) || ".";
  const lines = [`wrote ${o.files.length} files to ${rel}`];
  if (o.verify) {
    lines.push(`tests: ${o.verify.passed} passed, ${o.verify.failed} failed (${o.verify.durationMs} ms)`);
    for (const t of o.verify.tests.filter((t) => t.status === "failed")) lines.push(`  FAIL ${t.file} > ${t.name}\n${(t.message ?? "").replace(/^/gm, "       ")}`);
  }
  const next = nextSteps(o);
  lines.push("", "next:", `  ${next!.start}`);
  if (next!.curl) {
    lines.push(`  ${next!.curl}`);
    lines.push(`  ${next!.answerNote}`);
  }
  return lines.join("\n");
}

export async function runTranslate(p: Parsed, io: Io): Promise<number> {
  const file = onePositional(p, "Python file or notebook");
  const isNotebook = /\.ipynb$/i.test(file);
  const loaded = isNotebook ? await loadNotebook(file) : await loadPythonFile(file);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const nb = loaded.notebook;
  // a .py file has no cells: its diagnostics are located by file and line
  const locate = (ds: readonly Diagnostic[]) => (isNotebook ? ds : ds.map(({ cell: _cell, ...d }) => ({ ...d })));
  if (!nb) {
    printDiagnostics(io, file, null, diagnostics);
    return 1;
  }
  const requested = (p.values.function as readonly string[] | undefined) ?? [];
  const analysis = await analyze(nb, requested.length ? { entries: requested } : isNotebook ? {} : { entries: undefined });
  const entries = requested.length
    ? requested
    : isNotebook && analysis.entries.length
      ? analysis.entries
      : analysis.functions.map((f) => f.name);
  const chosen = requested.length || (isNotebook && analysis.entries.length) ? analysis : await analyze(nb, { entries });
  diagnostics.push(...chosen.diagnostics.filter((d) => d.severity === "error" || d.code.startsWith("ANALYZE_CONSTANT")));
  const names = new Set([...chosen.entries, ...chosen.helpers]);
  if (names.size === 0) diagnostics.push({ severity: "error", code: "TRANSLATE_NOTHING", message: "there is no function to translate", suggestion: "define a function, or name one with --function NAME" });
  const module = hasErrors(diagnostics)
    ? null
    : await translate({
        functions: chosen.functions.filter((f) => names.has(f.name)),
        constants: chosen.constants,
        imports: chosen.imports,
        origin: path.basename(file),
      });
  if (module) diagnostics.push(...module.diagnostics);
  printDiagnostics(io, file, nb, locate(diagnostics));
  if (!module || hasErrors(diagnostics)) return 1;
  const out = p.values.out as string | undefined;
  if (!out) {
    io.stdout(module.text);
    return 0;
  }
  const stem = path.basename(file).replace(/\.(py|ipynb)$/i, "");
  await mkdir(path.join(out, "runtime"), { recursive: true });
  await writeFile(path.join(out, `${stem}.ts`), module.text);
  for (const r of module.runtimeFiles) {
    await mkdir(path.dirname(path.join(out, "runtime", r)), { recursive: true });
    await copyFile(path.join(packageRoot(), "src", "runtime", r), path.join(out, "runtime", r));
  }
  io.stderr(`wrote ${path.join(out, `${stem}.ts`)} and ${module.runtimeFiles.length} runtime files in ${path.join(out, "runtime")}\n`);
  return 0;
}

