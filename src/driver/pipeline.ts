// The driver: the only code that knows the whole sequence of stages. The CLI and the wizard both call it; each
// stage's start and end is reported through `onStage` so that a UI can show progress and timings.
import path from "node:path";
import { analyze, type AnalyzeOptions } from "../analyze/analyze.ts";
import { executeNotebook, type ExecuteOptions } from "../execute/execute.ts";
import type { Analysis } from "../analyze/types.ts";
import { toolVersion } from "../assets.ts";
import { hasErrors } from "../diagnostics/log.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import { inspectModel, servedModelFiles } from "../inspect/inspect.ts";
import type { ModelSignature } from "../inspect/types.ts";
import { loadNotebook } from "../load/load.ts";
import type { Notebook } from "../load/types.ts";
import { plan as makePlan, type PlanOptions } from "../plan/plan.ts";
import type { ServicePlan } from "../plan/types.ts";
import type { TranslatedModule } from "../translate/types.ts";
import type { TestOutcome, VerifyReport } from "../verify/types.ts";
import { commit, discard, OutputError, stage, writeDiagnostics, writeProject } from "../write/write.ts";

/**
 * The stages that write TypeScript (translate, generate) and those after them, loaded when a command first needs them:
 * TypeScript (ts-morph and the compiler it carries) is most of nb2svc's start, and load, analyze and inspect (all that
 * `nb2svc inspect` runs) never use it. esbuild gives each its own chunk of dist/.
 */
const stages = {
  translate: () => import("../translate/translate.ts"),
  generate: () => import("../generate/generate.ts"),
  bundle: () => import("../bundle/bundle.ts"),
  checks: () => import("../verify/model-checks.ts"),
  quick: () => import("../verify/quick.ts"),
  full: () => import("../verify/verify.ts"),
};

async function laterStages() {
  const [{ translatePlan }, { generate }, { bundle }, { confirmDataGoldens, modelChecks }, { quickVerify }, { verify }] = await Promise.all([
    stages.translate(),
    stages.generate(),
    stages.bundle(),
    stages.checks(),
    stages.quick(),
    stages.full(),
  ]);
  return { translatePlan, generate, bundle, confirmDataGoldens, modelChecks, quickVerify, verify };
}

/** The stages of a convert, in the order they run (verify only when asked for); a UI lists them before they start. */
export const CONVERT_STAGES = ["load", "analyze", "inspect", "plan", "translate", "generate", "write", "bundle", "verify"] as const;
/** `execute` runs only with --execute, between analyze and inspect; `check` only when the notebook shows no answer. */
export type StageName = (typeof CONVERT_STAGES)[number] | "execute" | "check";

export interface StageEvent {
  readonly stage: StageName;
  readonly phase: "start" | "end";
  /** Milliseconds the stage took, on "end". */
  readonly ms?: number;
}

export interface Hooks {
  readonly onStage?: (e: StageEvent) => void;
}

async function timed<T>(name: StageName, hooks: Hooks, timings: Partial<Record<StageName, number>>, fn: () => Promise<T> | T): Promise<T> {
  hooks.onStage?.({ stage: name, phase: "start" });
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    const ms = Math.round((performance.now() - t0) * 10) / 10;
    timings[name] = ms;
    hooks.onStage?.({ stage: name, phase: "end", ms });
  }
}

export interface InspectOutcome {
  readonly notebook: Notebook | null;
  readonly analysis: Analysis | null;
  readonly signature: ModelSignature | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly timings: Partial<Record<StageName, number>>;
}

export interface InspectOptions extends AnalyzeOptions {
  /** Run a copy of the notebook to read constants that cannot be known statically (opt-in). */
  readonly execute?: boolean | ExecuteOptions;
}

/** load, analyze (executing a copy of the notebook when asked) and inspect: what `nb2svc inspect` shows. */
export async function inspectNotebook(file: string, opts: InspectOptions = {}, hooks: Hooks = {}): Promise<InspectOutcome> {
  const timings: Partial<Record<StageName, number>> = {};
  const diagnostics: Diagnostic[] = [];
  const loaded = await timed("load", hooks, timings, () => loadNotebook(file));
  diagnostics.push(...loaded.diagnostics);
  if (!loaded.notebook || hasErrors(diagnostics)) return { notebook: loaded.notebook, analysis: null, signature: null, diagnostics, timings };
  const notebook = loaded.notebook;
  let analysis = await timed("analyze", hooks, timings, () => analyze(notebook, opts));
  const unresolved = analysis.constants.filter((c) => c.source.kind === "unresolved");
  const wanted = [...unresolved.map((c) => c.name), ...(analysis.executeWants ?? []).map((e) => `=${e}`)];
  if (opts.execute && wanted.length) {
    const where = new Map(unresolved.flatMap((c) => (c.source.at ? [[c.name, c.source.at] as const] : [])));
    const ran = await timed("execute", hooks, timings, () => executeNotebook(notebook, wanted, opts.execute === true ? {} : (opts.execute as ExecuteOptions), where));
    diagnostics.push(...ran.diagnostics);
    if (ran.values.size) analysis = await analyze(notebook, { ...opts, executed: ran.values });
  }
  diagnostics.push(...analysis.diagnostics);
  if (!analysis.modelPath && !opts.entries && !hasErrors(diagnostics)) {
    diagnostics.push({
      severity: "error",
      code: "CONVERT_NO_MODEL",
      message: "no ONNX file to serve was found",
      suggestion: "pass --model PATH",
    });
  }
  let signature: ModelSignature | null = null;
  if (analysis.modelPath) {
    const inspected = await timed("inspect", hooks, timings, () => inspectModel(analysis.modelPath!));
    diagnostics.push(...inspected.diagnostics.map((d) => ({ ...d, file: d.file ?? path.relative(process.cwd(), analysis.modelPath!) })));
    signature = inspected.signature;
  }
  return { notebook, analysis, signature, diagnostics, timings };
}

export interface PreviewOutcome extends InspectOutcome {
  /** The service as it would be planned, when the notebook and its model allow one. */
  readonly plan: ServicePlan | null;
  /** The entry functions and their helpers in TypeScript (with refusals as diagnostics), when analysis succeeded. */
  readonly translated: TranslatedModule | null;
}

/**
 * load, analyze, inspect, plan and translate, writing nothing: what the wizard shows before it generates. Without a
 * model to plan for, the entry functions are still translated, so their refusals can be shown.
 */
export async function preview(file: string, opts: InspectOptions & Omit<PlanOptions, "toolVersion"> = {}, hooks: Hooks = {}): Promise<PreviewOutcome> {
  const inspected = await inspectNotebook(file, opts, hooks);
  const timings = { ...inspected.timings };
  const diagnostics = [...inspected.diagnostics];
  const { analysis, signature } = inspected;
  if (!analysis) return { ...inspected, plan: null, translated: null };
  const plan = signature ? await timed("plan", hooks, timings, () => makePlan(analysis, signature, { ...opts, toolVersion: toolVersion() })) : null;
  if (plan) diagnostics.push(...plan.diagnostics);
  const names = new Set([...analysis.entries, ...analysis.helpers]);
  const translated = await timed("translate", hooks, timings, async () => {
    const { translate, translatePlan } = await stages.translate();
    return plan
      ? translatePlan(plan)
      : translate({ functions: analysis.functions.filter((f) => names.has(f.name)), constants: analysis.constants, imports: analysis.imports, origin: path.basename(file) });
  });
  diagnostics.push(...translated.diagnostics);
  return { ...inspected, plan, translated, diagnostics, timings };
}

export interface ConvertOptions extends InspectOptions, Omit<PlanOptions, "toolVersion"> {
  readonly out: string;
  readonly force?: boolean;
  /**
   * quick (the default, or true): start the bundle, replay the examples and a sample of bad requests, stop it;
   * full: the service's whole test suite (what `npm test` runs in it); false: none.
   */
  readonly verify?: boolean | "quick" | "full";
  /** Progress of verification, one call per check (quick) or per test file (full). */
  readonly onVerifyTest?: (t: TestOutcome) => void;
}

export interface ConvertOutcome {
  readonly ok: boolean;
  /** The output folder, when it was written. */
  readonly out: string | null;
  readonly plan: ServicePlan | null;
  readonly translated: TranslatedModule | null;
  readonly files: readonly string[];
  readonly bundle: readonly { readonly file: string; readonly bytes: number }[];
  readonly verify: VerifyReport | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly timings: Partial<Record<StageName, number>>;
}

/** The whole pipeline. Writes `opts.out` only when the service was generated and bundled. */
export async function convert(file: string, opts: ConvertOptions, hooks: Hooks = {}): Promise<ConvertOutcome> {
  const inspected = await inspectNotebook(file, opts, hooks);
  const timings = { ...inspected.timings };
  const diagnostics = [...inspected.diagnostics];
  const fail = (extra: Partial<ConvertOutcome> = {}): ConvertOutcome => ({
    ok: false,
    out: null,
    plan: null,
    translated: null,
    files: [],
    bundle: [],
    verify: null,
    diagnostics,
    timings,
    ...extra,
  });
  const { analysis, signature } = inspected;
  if (!analysis || !signature || hasErrors(diagnostics)) return fail();
  let plan = await timed("plan", hooks, timings, () => makePlan(analysis, signature, { ...opts, toolVersion: toolVersion() }));
  diagnostics.push(...plan.diagnostics);
  if (hasErrors(diagnostics)) return fail({ plan });
  // the later stages' code is loaded as translate starts (its figure includes loading TypeScript, once per process)
  let later!: Awaited<ReturnType<typeof laterStages>>;
  const translated = await timed("translate", hooks, timings, async () => {
    later = await laterStages();
    return later.translatePlan(plan);
  });
  const { generate, bundle, confirmDataGoldens, modelChecks, quickVerify, verify } = later;
  diagnostics.push(...translated.diagnostics);
  if (hasErrors(diagnostics)) return fail({ plan, translated });
  // the model as the service runs it (a rewritten copy when inspect removed a ZipMap) and its external data files
  const [served, ...modelData] = await servedModelFiles(signature);
  const model = served!.contents;
  let project = await timed("generate", hooks, timings, () => generate({ plan, notebookModule: translated, model, modelData }));

  let staging;
  try {
    staging = await stage(opts.out, opts.force ?? false);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    diagnostics.push({ severity: "error", code: e.code, message: e.message, ...(e.suggestion ? { suggestion: e.suggestion } : {}) });
    return fail({ plan, translated });
  }
  try {
    let written = await timed("write", hooks, timings, () => writeProject(staging.dir, project, staging));
    if (plan.goldens.some((g) => g.fromData)) {
      // examples rebuilt from the notebook's data stay only where the service agrees with what the notebook showed
      const confirmed = await timed("check", hooks, timings, () => confirmDataGoldens(staging.dir, plan));
      diagnostics.push(...confirmed.diagnostics);
      if (confirmed.goldens.length !== plan.goldens.length) {
        plan = { ...plan, goldens: confirmed.goldens };
        project = generate({ plan, notebookModule: translated, model, modelData });
        written = await writeProject(staging.dir, project, staging);
      }
    }
    if (plan.goldens.length === 0) {
      // nothing the notebook displayed can be replayed: the service is tested on model checks instead
      const checks = await timed("check", hooks, timings, () => modelChecks(staging.dir, plan));
      diagnostics.push(...checks.diagnostics);
      if (checks.goldens.length) {
        const checked = { ...plan, goldens: checks.goldens };
        project = generate({ plan: checked, notebookModule: translated, model, modelData });
        plan = checked;
        written = await writeProject(staging.dir, project, staging);
      }
    }
    diagnostics.push(...writeDiagnostics(written));
    // files of the user's that differ from nb2svc's may declare other routes: their document is theirs to print
    const own = written.kept.length === 0;
    const bundled = await timed("bundle", hooks, timings, () => bundle(staging.dir, own ? { openapi: project.openapi } : {}));
    diagnostics.push(...bundled.diagnostics);
    if (hasErrors(bundled.diagnostics)) {
      await discard(staging);
      return fail({ plan, translated });
    }
    const mode = opts.verify === false ? null : opts.verify === "full" ? "full" : "quick";
    const report =
      mode === null
        ? null
        : await timed("verify", hooks, timings, () =>
            mode === "full" ? verify(staging.dir, opts.onVerifyTest ? { onTest: opts.onVerifyTest } : {}) : quickVerify(staging.dir, plan, opts.onVerifyTest ? { onTest: opts.onVerifyTest } : {}),
          );
    if (report && !report.ok) {
      // a service that fails its own checks is not moved into place: what was in --out stays as it was
      diagnostics.push({
        severity: "error",
        code: "VERIFY_FAILED",
        message: `the generated service failed ${report.failed} of its ${report.passed + report.failed} ${mode === "full" ? "tests" : "checks"}${report.tests.length === 0 ? " (none ran)" : `: ${report.tests.find((t) => t.status === "failed")?.name ?? ""}`}; nothing was written to ${path.relative(process.cwd(), staging.out) || "."}`,
        suggestion: "convert again with --no-verify to write it and look (`npm install && npm test` in it); please report the notebook to nb2svc",
      });
      await discard(staging);
      return fail({ plan, translated, verify: report, files: project.files.map((f) => f.path), bundle: bundled.outputs });
    }
    await commit(staging);
    return {
      ok: !hasErrors(diagnostics),
      out: staging.out,
      plan,
      translated,
      files: project.files.map((f) => f.path),
      bundle: bundled.outputs,
      verify: report,
      diagnostics,
      timings,
    };
  } catch (e) {
    await discard(staging);
    throw e;
  }
}
