// C.UTF-8, which the served copy of a model names on its StringNormalizers (src/inspect/rewrite.ts), gives the answers
// en_US.UTF-8, onnxruntime's default, gives: lower- and upper-casing of every Unicode code point and case-insensitive
// stop words, in onnxruntime-node. en_US.UTF-8 is compiled for the test with glibc's localedef into a temporary
// folder (LOCPATH), so nothing is installed; skipped, saying why, where localedef or glibc's locale sources are absent.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { servedBytes } from "../../src/inspect/rewrite.ts";
import { type NormalizerOptions, normalizer, stringModel } from "./string-models.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SOURCES = "/usr/share/i18n/locales/en_US";
const localedef = ["/usr/bin/localedef", "/usr/sbin/localedef"].find(existsSync);
const why = !localedef ? "glibc's localedef is not installed" : !existsSync(SOURCES) ? `glibc's locale sources (${SOURCES}, Debian's locales package) are not installed` : null;
if (why) console.warn(`locale-equivalence.test.ts skipped: ${why}`);

const work = mkdtempSync(path.join(os.tmpdir(), "nb2svc-locale-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The child's script: runs each model pair on the same strings and prints how many answers differ, with examples. */
const SCRIPT = `
const ort = require(${JSON.stringify(path.join(ROOT, "node_modules", "onnxruntime-node"))});
const [pairs, texts] = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
(async () => {
  const out = {};
  for (const [name, original, served] of pairs) {
    const run = async (file) => (await (await ort.InferenceSession.create(file)).run({ x: new ort.Tensor("string", texts, [texts.length]) })).y.data;
    const [a, b] = [await run(original), await run(served)];
    const differ = a.length !== b.length ? ["lengths " + a.length + " " + b.length] : texts.filter((t, i) => a[i] !== b[i]).slice(0, 5);
    out[name] = { count: a.length, changed: a.filter((v, i) => v !== texts[i]).length, differ };
  }
  console.log(JSON.stringify(out));
})();
`;

it.skipIf(why !== null)("C.UTF-8 lower-cases, upper-cases and matches stop words as en_US.UTF-8 does, on every code point", () => {
  const locales = path.join(work, "locales");
  mkdirSync(locales);
  execFileSync(localedef!, ["-i", "en_US", "-f", "UTF-8", path.join(locales, "en_US.UTF-8")], { stdio: "pipe" });
  const texts: string[] = [];
  for (let c = 0x20; c < 0x110000; c++) if (c < 0xd800 || c >= 0xe000) texts.push(String.fromCodePoint(c));
  texts.push("Straße", "ÉTÉ", "İstanbul", "ǅ", "ΣΑΣ", "ﬁ", "The", "été");
  const cases: Record<string, NormalizerOptions> = {
    lower: { case_change_action: "LOWER" },
    upper: { case_change_action: "UPPER" },
    stopwords: { case_change_action: "NONE", is_case_sensitive: 0, stopwords: ["straße", "été", "the", "σας"] },
  };
  const pairs = Object.entries(cases).map(([name, options]) => {
    const original = stringModel([normalizer(name, "x", "y", options)]);
    const files = [path.join(work, `${name}.onnx`), path.join(work, `${name}-served.onnx`)] as const;
    writeFileSync(files[0], original);
    const served = servedBytes(original);
    // the copy is another model (it names C.UTF-8: test/inspect/locale.test.ts), not the original again
    expect(served).not.toEqual(original);
    writeFileSync(files[1], served);
    return [name, ...files];
  });
  writeFileSync(path.join(work, "cases.json"), JSON.stringify([pairs, texts]));
  writeFileSync(path.join(work, "run.cjs"), SCRIPT);
  const env = { ...process.env, LOCPATH: locales, LC_ALL: undefined, LANG: "C.UTF-8" };
  const out = JSON.parse(execFileSync(process.execPath, [path.join(work, "run.cjs"), path.join(work, "cases.json")], { env, encoding: "utf8", maxBuffer: 1 << 24 })) as Record<
    string,
    { count: number; changed: number; differ: string[] }
  >;
  for (const [name, r] of Object.entries(out)) {
    expect(r.differ, name).toEqual([]);
    // each case does something: about 1,400 code points change case
    if (name !== "stopwords") expect(r.changed, name).toBeGreaterThan(1000);
  }
  // "Straße", "ÉTÉ", "The" and "été" go; "ΣΑΣ" stays (lower-cased a character at a time it is "σασ", not "σας")
  expect(out.stopwords!.count).toBe(texts.length - 4);
}, 120_000);
