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
import { BUNDLE_ENTRIES, CJS_IMPORT_META, COMMON, DIST_DIR, DIST_PACKAGE, declarationFile, distPackageText, EXTERNAL, formatOf, MINIFY, OPENAPI_ENTRY, REQUIRE_SHIM, TARGET, VALIDATORS_ENTRY } from "../codegen/bundle-options.ts";

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
  // then imports instead of compiling them at every start; and the OpenAPI document, when generate's is not taken (see
  // BundleOptions), from the same routes' schemas: one node process prints both, the validators first. That process is
  // the longest step, which the app's bundle and its code cache wait for: its script is bundled first, alone (the
  // other builds would share the cores with it)
  const printing = opts.openapi === undefined ? [VALIDATORS_ENTRY.entry, OPENAPI_ENTRY.entry] : [VALIDATORS_ENTRY.entry];
  const script = scriptOf(dir, printing);
  const [validatorsText, printedOpenapi] = printedBy(dir, script, printing.length);
  const validators = validatorsText!
    .then((text) => writeFile(path.join(dir, VALIDATORS_ENTRY.outfile), text))
    .then(
      () => null,
      (err: unknown) => err as Error,
    );
  // the bundles are built while node runs that script: the app's too, which reads every file meanwhile but
  // src/generated/validators.ts, whose text it waits for (awaitedFile)
  const scripted = script.then(
    () => undefined,
    () => undefined,
  );
  const builds = BUNDLE_ENTRIES.map(async (e) => {
    const node = e.platform === "node";
    await scripted;
    const read = { seen: false };
    const build = () =>
      esbuild.build({
        ...COMMON,
        platform: e.platform,
        target: TARGET[e.platform],
        absWorkingDir: dir,
        entryPoints: [e.entry],
        format: formatOf(e),
        outfile: e.outfile,
        ...(node ? { external: EXTERNAL, banner: { js: CJS_IMPORT_META.banner }, define: CJS_IMPORT_META.define, ...MINIFY } : {}),
        ...(e.importsValidators ? { plugins: [awaitedFile(dir, VALIDATORS_ENTRY.outfile, validatorsText!, read)] } : {}),
        // the link's path, not its target's, names the files (see bundle)
        preserveSymlinks: true,
        nodePaths: moduleDirs(),
        metafile: true,
        write: false,
        logLevel: "silent",
      });
    try {
      let result = await build();
      // an app that imports the validators by another path than the plugin's (never, as the template is) read them from
      // the disk: built again once they are written there
      if (e.importsValidators && !read.seen && (await validators) === null) result = await build();
      return { result };
    } catch (error) {
      // (when the validators failed, the stage reports that below and reads no bundle)
      return { error };
    }
  });
  // the OpenAPI document as generate built it; else as the service's src/openapi.ts prints it, taken only when the
  // bundles built
  const openapi =
    opts.openapi !== undefined
      ? Promise.resolve({ text: opts.openapi })
      : printedOpenapi!.then(
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
  // before any bundle in dist/ runs (the app's code cache is written by running the server)
  const distPackage = distPackageText();
  await rm(path.join(dir, DIST_DIR), { recursive: true, force: true });
  await mkdir(path.join(dir, DIST_DIR));
  await writeFile(path.join(dir, DIST_PACKAGE.file), distPackage);
  for (const [i, e] of BUNDLE_ENTRIES.entries()) {
    try {
      const built = await builds[i]!;
      if ("error" in built) throw built.error;
      const { result } = built;
      for (const w of result.warnings) {
        log.warning({ code: "BUNDLE_WARNING", message: w.text, file: w.location?.file, at: { line: w.location?.line } });
      }
      for (const f of result.outputFiles) {
        await mkdir(path.dirname(f.path), { recursive: true });
        await writeFile(f.path, f.contents);
      }
      for (const [file, out] of Object.entries(result.metafile.outputs)) outputs.push({ file, bytes: out.bytes });
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
  // listed after the bundles: the first output is the server's, which the CLI's summary names
  outputs.push({ file: DIST_PACKAGE.file, bytes: Buffer.byteLength(distPackage) });
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
 * What entries of the service print (src/build-validators.ts: its validators; src/openapi.ts: the OpenAPI document of
 * its routes), run one after the other by one node process in the service's folder: each one's output as soon as it
 * is printed. The process fails at the first entry that throws: that one's error and every later one's.
 */
function printedBy(dir: string, script: Promise<string>, count: number): Promise<string>[] {
  const settle: { resolve: (text: string) => void; reject: (err: Error) => void }[] = [];
  const printed = Array.from({ length: count }, (_, i) => new Promise<string>((resolve, reject) => (settle[i] = { resolve, reject })));
  let next = 0;
  const fail = (err: Error) => {
    for (; next < count; next++) settle[next]!.reject(err);
  };
  script.then((text) => {
    let pending = "";
    const child = runNode(dir, ["--input-type=module"], text, (chunk) => {
      // one line per entry: its output as a JSON string
      pending += chunk;
      let end: number;
      while ((end = pending.indexOf("\n")) >= 0 && next < count) {
        settle[next++]!.resolve(JSON.parse(pending.slice(0, end)) as string);
        pending = pending.slice(end + 1);
      }
    });
    child.then(() => fail(new Error("node exited before printing it")), fail);
  }, fail);
  return printed;
}

/**
 * Entries of the service bundled into one script for node (its packages too: one file loads faster than hundreds
 * from node_modules): each entry's output (what it writes to stdout) is printed as one line, a JSON string, when it
 * has run. The entries run in order, each after the previous one's top-level awaits: esbuild's bundle evaluates its
 * modules one after the other.
 */
async function scriptOf(dir: string, entries: readonly string[]): Promise<string> {
  const step = "nb2svc-step";
  const built = await esbuild.build({
    ...COMMON,
    platform: "node",
    target: TARGET.node,
    absWorkingDir: dir,
    stdin: {
      contents: entries.map((e, i) => `import "${step}:begin/${i}";\nimport ${JSON.stringify(`./${e}`)};\nimport "${step}:end/${i}";\n`).join(""),
      resolveDir: dir,
      sourcefile: "nb2svc-print.js",
      loader: "js",
    },
    external: EXTERNAL,
    banner: { js: REQUIRE_SHIM },
    plugins: [
      {
        name: step,
        setup(build) {
          build.onResolve({ filter: new RegExp(`^${step}:`) }, (args) => ({ path: args.path, namespace: step }));
          build.onLoad({ filter: /.*/, namespace: step }, (args) => ({
            contents: args.path.includes(":begin/") ? CAPTURE : RELEASE,
            loader: "js",
          }));
        },
      },
    ],
    preserveSymlinks: true,
    nodePaths: moduleDirs(),
    write: false,
    logLevel: "silent",
  });
  return built.outputFiles[0]!.text;
}

/** What an entry writes to stdout from here on is kept (see scriptOf). */
const CAPTURE = `
globalThis.__nb2svcWrite ??= process.stdout.write.bind(process.stdout);
globalThis.__nb2svcPrinted = [];
process.stdout.write = (chunk, encoding, done) => {
  globalThis.__nb2svcPrinted.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
  (typeof encoding === "function" ? encoding : done)?.();
  return true;
};
`;

/** The entry's output is printed, as one line (see scriptOf). */
const RELEASE = `
globalThis.__nb2svcWrite(JSON.stringify(globalThis.__nb2svcPrinted.join("")) + "\\n");
`;

/**
 * An esbuild plugin that reads `file` as the text `text` resolves to, when it does: a build that imports it starts
 * before the file is written, and waits only when it reaches that file.
 */
function awaitedFile(dir: string, file: string, text: Promise<string>, read: { seen: boolean }): esbuild.Plugin {
  return {
    name: "nb2svc-awaited-file",
    setup(build) {
      build.onLoad({ filter: /validators\.ts$/ }, async (args) => {
        if (path.relative(dir, args.path).split(path.sep).join("/") !== file) return undefined;
        read.seen = true;
        return { contents: await text, loader: "ts" };
      });
    },
  };
}

/** `node <argv>` in the service's folder (its packages, nb2svc's linked for the build, resolve from there): its stdout. */
async function runNode(dir: string, argv: readonly string[], stdin = "", onData?: (text: string) => void): Promise<string> {
  return await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: dir, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
    let out = "";
    const err: Buffer[] = [];
    // (decoded as a stream: a character may span two chunks)
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (text: string) => (onData ? onData(text) : (out += text)));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (status) => {
      if (status === 0) resolve(out);
      else reject(new Error(failureOf(Buffer.concat(err).toString("utf8")) || `exit ${status}`));
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

/** What a failed node process says went wrong: the uncaught error's line (`Error: ...`), else its last lines. */
function failureOf(stderr: string): string {
  const lines = stderr.trim().split("\n");
  return lines.find((l) => /^\w*(Error|Exception)\b/.test(l)) ?? lines.slice(-3).join(" ");
}
