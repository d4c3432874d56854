// The per-request cost of a converted service without HTTP: its translated preprocessing and postprocessing on the
// goldens' requests, and the whole in-process path the /predict route runs (pipeline.preprocess -> checkFeeds ->
// the onnxruntime session -> pipeline.postprocess), in CPU microseconds per call. The service's src/ is copied with its
// runtime imports pointed at this checkout's src/runtime, so a runtime change shows without converting again.
// Printed, not asserted (timings on a shared machine are for reading, as ratios).
//   npx tsx bench/request-path.ts [service dir ...]      (default: converts examples/{iris,digits,sentiment} to /tmp)
//   ... --runtime <other checkout>/src/runtime             (the same services on another runtime, to compare)
// Profile one part with node's profiler, e.g.:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/request-path.ts /tmp/request-path-digits --only "digits:notebook post"
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name: string): string | null => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1]! : null;
};
// --runtime <dir>: another checkout's src/runtime (main's, to compare against)
const runtimeDir = path.resolve(option("--runtime") ?? path.join(root, "src", "runtime"));
const EXAMPLES = ["iris", "digits", "sentiment"];

interface Golden {
  readonly name: string;
  readonly request: Record<string, unknown>;
}

interface Pipeline {
  preprocess(body: unknown): Record<string, unknown>;
  postprocess(outputs: readonly unknown[], body?: unknown, feeds?: unknown): unknown;
}

/** Every `@nb2svc/runtime/x` import of the copied service points at this checkout's src/runtime/x.ts. */
function pointAtRuntime(dir: string): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) pointAtRuntime(file);
    else if (name.endsWith(".ts")) {
      const text = readFileSync(file, "utf8");
      const rel = path.relative(dir, runtimeDir).split(path.sep).join("/");
      writeFileSync(file, text.replace(/"@nb2svc\/runtime\/([\w/-]+)"/g, (_m, p: string) => `"${rel}/${p}.ts"`));
    }
  }
}

function serviceDir(arg: string): string {
  if (existsSync(path.join(arg, "src", "generated"))) return path.resolve(arg);
  // an example's name: converted once into /tmp (without verification: only the generated code is timed)
  const out = path.join("/tmp", `request-path-${arg}`);
  if (!existsSync(path.join(out, "src", "generated"))) {
    execFileSync(process.execPath, [path.join(root, "dist", "cli.js"), "convert", path.join(root, "examples", arg, `${arg}.ipynb`), "-o", out, "--yes", "--no-verify"], { stdio: "ignore" });
  }
  return out;
}

/** CPU microseconds (user + system) since `from`: on a machine shared with other work, far steadier than wall time. */
function cpuUs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return d.user + d.system;
}

/**
 * CPU microseconds per call: calls repeated until ~`ms` of work per round, the best of `rounds` (the least disturbed
 * by the machine). Process CPU time, so onnxruntime's threads count too.
 */
function usPerCall(f: () => unknown, ms = 300, rounds = 5): number {
  for (let i = 0; i < 2000; i++) f();
  let n = 1;
  for (;;) {
    const t = process.cpuUsage();
    for (let i = 0; i < n; i++) f();
    if (cpuUs(t) > (ms * 1000) / rounds) break;
    n *= 2;
  }
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = process.cpuUsage();
    for (let i = 0; i < n; i++) f();
    best = Math.min(best, cpuUs(t) / n);
  }
  return best;
}

async function usPerAsyncCall(f: () => Promise<unknown>, ms = 300, rounds = 5): Promise<number> {
  for (let i = 0; i < 500; i++) await f();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = process.cpuUsage();
    let n = 0;
    while (cpuUs(t) < (ms * 1000) / rounds) {
      await f();
      n++;
    }
    best = Math.min(best, cpuUs(t) / n);
  }
  return best;
}

async function benchService(dir: string, only: string | null): Promise<void> {
  const name = path.basename(dir).replace(/^(rp|request-path)-/, "");
  const work = path.join(root, "bench", ".request-path", `${name}-${path.basename(path.dirname(path.dirname(runtimeDir)))}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(path.join(dir, "src"), work, { recursive: true });
  pointAtRuntime(work);
  // bundled as the service bundles itself (esbuild, no keepNames wrappers that tsx would add to every closure)
  writeFileSync(
    path.join(work, "entry.ts"),
    [
      `export * as notebook from "./generated/notebook.ts";`,
      `export * as pipeline from "./generated/pipeline.ts";`,
      `export { SERVICE } from "./generated/service.ts";`,
      `export { checkFeeds } from "./tensors.ts";`,
      `export { Model } from "./model.ts";`,
      `export { toJSON } from ${JSON.stringify(path.join(runtimeDir, "py-json.ts"))};`,
    ].join("\n"),
  );
  await build({
    entryPoints: [path.join(work, "entry.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["onnxruntime-node"],
    minifySyntax: true,
    outfile: path.join(work, "bundle.mjs"),
    // another checkout's runtime extends a tsconfig outside what was copied: its compiler options play no part here
    tsconfigRaw: {},
    logLevel: "error",
  });
  const bundle = (await import(pathToFileURL(path.join(work, "bundle.mjs")).href)) as {
    notebook: Record<string, (x: unknown) => unknown>;
    pipeline: Pipeline;
    SERVICE: { model: { file: string } };
    checkFeeds: (f: unknown, p: { allowNonFinite: boolean }) => Record<string, unknown>;
    toJSON: (x: unknown) => unknown;
    Model: new (file: string) => { load(): Promise<void>; run(feeds: Record<string, unknown>): Promise<unknown[]> };
  };
  const { notebook, pipeline, SERVICE, checkFeeds, toJSON, Model } = bundle;
  const goldens = (JSON.parse(readFileSync(path.join(dir, "src", "generated", "goldens.json"), "utf8")) as { goldens: Golden[] }).goldens;
  // the service's own Model: the same session options and tensor conversions as in production
  const model = new Model(path.join(dir, "model", SERVICE.model.file));
  await model.load();
  const run = (feeds: Record<string, unknown>) => model.run(feeds);
  const policy = { allowNonFinite: false };
  const rows: [string, number][] = [];
  // --only digits, or digits:post (a word of the part's name)
  const want = (part: string) => {
    if (only === null) return true;
    const [svc, word] = only.split(":");
    return svc === name && (word === undefined || part.includes(word));
  };
  // one request per golden, each timed alone, averaged: the examples' goldens are all of one size
  const mean = async (part: string, f: (g: Golden, outputs: readonly unknown[]) => unknown | Promise<unknown>, async = false) => {
    if (!want(part)) return;
    let sum = 0;
    for (const g of goldens) {
      const outputs = await run(pipeline.preprocess(g.request));
      sum += async ? await usPerAsyncCall(() => f(g, outputs) as Promise<unknown>) : usPerCall(() => f(g, outputs));
    }
    rows.push([part, sum / goldens.length]);
  };
  const arg = (g: Golden) => Object.values(g.request)[0];
  await mean("notebook preprocess", (g) => notebook.preprocess!(arg(g)));
  await mean("notebook postprocess (model output given)", (_g, o) => toJSON(notebook.postprocess!(o[0])));
  await mean("route preprocess (pipeline + checkFeeds)", (g) => checkFeeds(pipeline.preprocess(g.request), policy));
  await mean("route postprocess (pipeline)", (g, o) => pipeline.postprocess(o, g.request));
  await mean("onnxruntime run", (g) => run(pipeline.preprocess(g.request)), true);
  await mean("whole path (pre + run + post)", async (g) => pipeline.postprocess(await run(checkFeeds(pipeline.preprocess(g.request), policy)), g.request), true);
  if (rows.length === 0) return;
  console.log(`\n${name} (${goldens.length} goldens), runtime ${path.relative(root, runtimeDir) || "."}\n| part | CPU µs per call |\n| --- | ---: |`);
  for (const [part, us] of rows) console.log(`| ${part} | ${us.toFixed(2)} |`);
}

const only = option("--only");
for (const a of args.length ? args : EXAMPLES) await benchService(serviceDir(a), only);
