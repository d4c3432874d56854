// The ablation of docs/performance.md: what each part of a converted service costs per request, by taking it out of a
// copy of the service and loading every variant with bare Fastify, interleaved (bench/lib/interleaved.ts; the server's
// CPU per request at 64 connections, and p50 at 1).
//   npx tsx bench/ablation.ts <converted service dir>   (ROUNDS=5 SECONDS=4; KEEP=1 keeps the variants' folders, to
//   profile one: the path is printed)
// The variants are the service's own build with one source line replaced (each replacement fails loudly when its
// anchor is no longer in the template) or one setting changed; nb2svc's bundle stage rebuilds each copy.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "../src/bundle/bundle.ts";
import { bundleBare, type Contender, interleavedTables, runInterleaved } from "./lib/interleaved.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 4);

/** One source change: `find` (exact text, once) in `file` becomes `replace`. */
interface Patch {
  readonly file: string;
  readonly find: string;
  readonly replace: string;
}

interface Variant {
  readonly label: string;
  readonly patches: readonly Patch[];
  readonly env?: Readonly<Record<string, string>>;
}

/** The request metrics and the log line: the onResponse hook keeps only the in-flight gauge (the onRequest hook's pair). */
const NO_ON_RESPONSE: Patch = {
  file: "src/plugins/metrics.ts",
  find: `      metrics.inFlight.dec();
      // a getter that builds an object: read once`,
  replace: `      metrics.inFlight.dec();
      if (next) return next();`,
};

/** The notebook's code, the batcher and the model: /predict answers the notebook's first example's answer as a value. */
const fixedAnswer = (answer: unknown): Patch => ({
  file: "src/routes/predict.ts",
  find: `const predictOne = async (body: PredictRequest): Promise<unknown> => {
    const feeds = feedsFor(body);
    // (postprocessing may read the model inputs this request was given: an autoencoder's reconstruction error)
    return postprocess(await batcher.submit(feeds), body, feeds);
  };`,
  replace: `const ABLATION_ANSWER: unknown = JSON.parse(${JSON.stringify(JSON.stringify(answer))});
  const predictOne = async (_body: PredictRequest): Promise<unknown> => ABLATION_ANSWER;`,
});

const dir = path.resolve(process.argv[2] ?? "");
const goldens = JSON.parse(readFileSync(path.join(dir, "src", "generated", "goldens.json"), "utf8")) as { goldens: { request: unknown; expected: unknown }[] };
const golden = goldens.goldens[0]!;
const body = JSON.stringify(golden.request);

const variants: Variant[] = [
  { label: "the service as converted", patches: [] },
  { label: "batching off (BATCHING=off)", patches: [], env: { BATCHING: "off" } },
  { label: "no log lines (LOG_LEVEL=silent)", patches: [], env: { LOG_LEVEL: "silent" } },
  { label: "no request metrics or log line (onResponse hook emptied)", patches: [NO_ON_RESPONSE] },
  { label: "fixed answer (no notebook code, batcher or model)", patches: [fixedAnswer(golden.expected)] },
  { label: "all of the above off", patches: [NO_ON_RESPONSE, fixedAnswer(golden.expected)], env: { LOG_LEVEL: "silent" } },
];

const work = mkdtempSync(path.join(tmpdir(), "nb2svc-ablation-"));
try {
  const contenders: Contender[] = [];
  const built = new Map<string, string>();
  for (const v of variants) {
    const key = v.patches.map((p) => p.replace).join("\n");
    let copy = built.get(key);
    if (copy === undefined) {
      copy = path.join(work, `variant-${built.size}`);
      cpSync(dir, copy, { recursive: true, filter: (src) => path.basename(src) !== "node_modules" });
      for (const p of v.patches) {
        const file = path.join(copy, p.file);
        const text = readFileSync(file, "utf8");
        if (text.split(p.find).length !== 2) throw new Error(`${v.label}: ${p.file} no longer holds, once, the text this variant replaces:\n${p.find}`);
        writeFileSync(file, text.replace(p.find, () => p.replace));
      }
      if (v.patches.length > 0) {
        const result = await bundle(copy);
        const errors = result.diagnostics.filter((d) => d.severity === "error");
        if (errors.length > 0) throw new Error(`${v.label}: the bundle failed: ${errors.map((d) => d.message).join("; ")}`);
      }
      symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
      built.set(key, copy);
    }
    contenders.push({
      label: v.label,
      spec: { command: process.execPath, args: [path.join(copy, "dist", "server.js")], cwd: copy, env: { WORKERS: "1", ...v.env }, readyPath: "/readyz" },
      // a fixed answer is the notebook's displayed value, which the service's own answer may print otherwise
      sameAnswer: !v.patches.some((p) => p.file === "src/routes/predict.ts"),
    });
  }
  const result = await runInterleaved(contenders, body, await bundleBare(), ROUNDS, SECONDS);
  console.log(`${path.basename(dir)}:`);
  console.log(interleavedTables(result, ROUNDS, SECONDS));
} finally {
  if (process.env.KEEP === "1") console.log(`the variants are kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
