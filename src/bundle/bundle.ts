// bundle: the written service's entry points to dist/ with esbuild (onnxruntime-node stays external), plus a .d.ts
// for the client, made by TypeScript's isolated declaration emit (the client declares every exported type).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import * as esbuild from "esbuild";
import { ts } from "ts-morph";
import { moduleDirHolding, moduleDirs } from "../assets.ts";
import { DiagnosticLog } from "../diagnostics/log.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import { BUNDLE_ENTRIES, bannerOf, CJS_IMPORT_META, chunkNames, COMMON, declarationFile, EXTERNAL, MINIFY, OPENAPI_ENTRY, outdirOf, TARGET, VALIDATORS_ENTRY } from "../codegen/bundle-options.ts";

export interface BundleResult {
  readonly outputs: readonly { readonly file: string; readonly bytes: number }[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface BundleOptions {
  /**
   * openapi.json as generate built it from the plan (the same bytes the routes publish): written as it is. Without it
   * (a regenerated service whose user changed files of theirs), the service's own src/openapi.ts prints it.
   */
  readonly openapi?: string;
}

/**
 * Bundles the service in `dir`. Packages resolve from the service's node_modules, else from nb2svc's own, linked as
 * the service's node_modules for the build: esbuild names each bundled file in a comment by its path from `dir`, so
 * the bundle reads `// node_modules/fastify/...` wherever the service and nb2svc are, the same bytes as the
 * service's own `npm run build` makes.
 */
export async function bundle(dir: string, opts: BundleOptions = {}): Promise<BundleResult> {
  const modules = path.join(dir, "node_modules");
  const tool = moduleDirHolding(["fastify"]);
  const link = !existsSync(modules) && tool !== null;
  if (link) await symlink(tool, modules, "dir");
  try {
    return await bundleLinked(dir, opts);
  } finally {
    if (link) await rm(modules, { force: true });
  }
}

async function bundleLinked(dir: string, opts: BundleOptions): Promise<BundleResult> {
  const log = new DiagnosticLog();
  const outputs: { file: string; bytes: number }[] = [];
  // the routes' request validators compiled by ajv now (the service's src/build-validators.ts), which the app's bundle
  // then imports instead of compiling them at every start: only that bundle waits for them, the others start at once
  const validators = printedBy(dir, VALIDATORS_ENTRY.entry)
    .then((text) => writeFile(path.join(dir, VALIDATORS_ENTRY.outfile), text))
    .then(
      () => null,
      (err: unknown) => err as Error,
    );
  const builds = BUNDLE_ENTRIES.map(async (e) => {
    const node = e.platform === "node";
    // (when they failed, the stage reports that below and reads no bundle)
    if (e.importsValidators) await validators;
    return esbuild.build({
      ...COMMON,
      platform: e.platform,
      target: TARGET[e.platform],
      absWorkingDir: dir,
      entryPoints: [e.entry],
      ...(e.chunks !== undefined ? { splitting: true, outdir: outdirOf(e.outfile), chunkNames: chunkNames(e.chunks) } : { outfile: e.outfile }),
      ...(node ? { external: EXTERNAL, banner: { js: bannerOf(e) }, ...MINIFY } : {}),
      ...(e.format === "cjs" ? { format: "cjs" as const, define: CJS_IMPORT_META.define } : {}),
      // the link's path, not its target's, names the files (see bundle)
      preserveSymlinks: true,
      nodePaths: moduleDirs(),
      metafile: true,
      write: false,
      logLevel: "silent",
    }).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
  });
  // the OpenAPI document as generate built it; else from the service's sources, not its bundles: made alongside them
  // (its node process starts while esbuild works), taken only when the bundles built
  const openapi =
    opts.openapi !== undefined
      ? Promise.resolve({ text: opts.openapi })
      : printedBy(dir, OPENAPI_ENTRY.entry).then(
          (text) => ({ text }),
          (error: unknown) => ({ error: error as Error }),
        );
  const declarations = await Promise.all(BUNDLE_ENTRIES.map((e) => (e.declaration ? declarationOf(dir, e.entry).catch((err: unknown) => err as Error) : null)));
  const failed = await validators;
  if (failed !== null) {
    log.error({
      code: "BUNDLE_FAILED",
      message: `${VALIDATORS_ENTRY.outfile}: ${failed.message}`,
      suggestion: `${VALIDATORS_ENTRY.entry} compiles the routes' validators: run \`npm run build\` in the service to see why it failed`,
    });
    return { outputs, diagnostics: log.items };
  }
  for (const [i, e] of BUNDLE_ENTRIES.entries()) {
    try {
      const built = await builds[i]!;
      if ("error" in built) throw built.error;
      const { result } = built;
      for (const w of result.warnings) {
        log.warning({ code: "BUNDLE_WARNING", message: w.text, file: w.location?.file, at: { line: w.location?.line } });
      }
      // chunks of an earlier build (their names change with their content) are not left beside the new ones
      if (e.chunks !== undefined) await rm(path.join(dir, outdirOf(e.outfile), e.chunks), { recursive: true, force: true });
      for (const f of result.outputFiles) {
        await mkdir(path.dirname(f.path), { recursive: true });
        await writeFile(f.path, f.contents);
      }
      // the entry's file first, then its chunks
      const files = Object.entries(result.metafile.outputs).sort(([a], [b]) => Number(b === e.outfile) - Number(a === e.outfile));
      for (const [file, out] of files) outputs.push({ file, bytes: out.bytes });
      if (e.afterwards) {
        await runNode(dir, e.afterwards.argv);
        outputs.push({ file: e.afterwards.writes, bytes: (await stat(path.join(dir, e.afterwards.writes))).size });
      }
      const dts = declarations[i];
      if (dts instanceof Error) throw dts;
      if (dts !== null && dts !== undefined) {
        const file = declarationFile(e.outfile);
        await writeFile(path.join(dir, file), dts);
        outputs.push({ file, bytes: Buffer.byteLength(dts) });
      }
    } catch (err) {
      const errors = (err as esbuild.BuildFailure).errors ?? [{ text: (err as Error).message, location: null }];
      for (const m of errors) {
        log.error({
          code: "BUNDLE_FAILED",
          message: `esbuild: ${m.text}`,
          ...(m.location ? { file: path.join(dir, m.location.file), at: { line: m.location.line, column: m.location.column + 1 } } : {}),
          suggestion: "this is a bug in nb2svc's generated code; please report it with the notebook",
        });
      }
    }
  }
  const made = await openapi;
  if (!log.items.some((d) => d.severity === "error")) {
    if ("text" in made) {
      await writeFile(path.join(dir, OPENAPI_ENTRY.outfile), made.text);
      outputs.push({ file: OPENAPI_ENTRY.outfile, bytes: Buffer.byteLength(made.text) });
    } else {
      log.error({
        code: "BUNDLE_FAILED",
        message: `openapi.json: ${made.error.message}`,
        suggestion: "src/openapi.ts prints the document the routes declare: run `npm run build` in the service to see why it failed",
      });
    }
  }
  return { outputs, diagnostics: log.items };
}

/**
 * What an entry of the service prints (bundled in memory, run by node): the OpenAPI document of its routes
 * (src/openapi.ts), its validators (src/build-validators.ts).
 */
async function printedBy(dir: string, entry: string): Promise<string> {
  const built = await esbuild.build({
    ...COMMON,
    platform: "node",
    target: TARGET.node,
    absWorkingDir: dir,
    entryPoints: [entry],
    packages: "external",
    preserveSymlinks: true,
    write: false,
    logLevel: "silent",
  });
  return await runNode(dir, ["--input-type=module"], built.outputFiles[0]!.text);
}

/** `node <argv>` in the service's folder (its packages, nb2svc's linked for the build, resolve from there): its stdout. */
async function runNode(dir: string, argv: readonly string[], stdin = ""): Promise<string> {
  return await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: dir, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (status) => {
      if (status === 0) resolve(Buffer.concat(out).toString("utf8"));
      else reject(new Error(Buffer.concat(err).toString("utf8").trim().split("\n").slice(-3).join(" ") || `exit ${status}`));
    });
    child.stdin.end(stdin);
  });
}

/** The .d.ts of an entry, by TypeScript's isolated declaration emit. */
async function declarationOf(dir: string, entry: string): Promise<string> {
  const source = await readFile(path.join(dir, entry), "utf8");
  const dts = ts.transpileDeclaration(source, {
    fileName: path.basename(entry),
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, declaration: true },
  });
  const problems = (dts.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  if (problems.length) throw new Error(`declarations for ${entry}: ${problems.join("; ")}`);
  return dts.outputText;
}
