// A StringNormalizer that names no locale makes onnxruntime construct en_US.UTF-8, which most containers lack: the
// service runs a copy that names C.UTF-8 (src/inspect/rewrite.ts). test/inspect/locale-equivalence.test.ts checks that
// the two locales give the same answers.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeModel, describeModel, ModelProto, type Message } from "../../src/inspect/onnx-graph.ts";
import { inspectModel, servedModelFiles } from "../../src/inspect/inspect.ts";
import { SERVED_LOCALE, servedBytes, servedCopy } from "../../src/inspect/rewrite.ts";
import { normalizer, stringModel } from "./string-models.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Each StringNormalizer's locale in the model's graphs (subgraphs as `node/attribute/node`), null where it names none. */
function locales(bytes: Uint8Array): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const walk = (graph: Message, where: string) => {
    for (const n of (graph.node ?? []) as Message[]) {
      const attributes = (n.attribute ?? []) as Message[];
      if (n.op_type === "StringNormalizer") {
        const locale = attributes.find((a) => a.name === "locale");
        out[`${where}${n.name}`] = locale ? new TextDecoder().decode(locale.s as Uint8Array) : null;
      }
      for (const a of attributes) if (a.g) walk(a.g as Message, `${where}${n.name}/${a.name}/`);
    }
  };
  walk(decodeModel(bytes).graph as Message, "");
  return out;
}

describe("the locale of the served copy's StringNormalizers", () => {
  it("names C.UTF-8 where a node names none, in subgraphs too, and leaves a named locale as it is", () => {
    const model = decodeModel(stringModel([normalizer("lower", "x", "t", { case_change_action: "LOWER" }), normalizer("turkish", "t", "u", { case_change_action: "UPPER", locale: "tr_TR.UTF-8" })]));
    // an If whose branch holds a third, as a converter may nest one
    const branch = { name: "then", node: [normalizer("nested", "u", "y", { case_change_action: "NONE", stopwords: ["the"] })], output: [{ name: "y" }] };
    (model.graph as Message).node = [...((model.graph as Message).node as Message[]), { name: "if", op_type: "If", input: ["c"], output: ["y"], attribute: [{ name: "then_branch", type: 5, g: branch }] } as unknown as Message];
    const before = ModelProto.encode(model).finish();
    expect(locales(before)).toEqual({ lower: null, turkish: "tr_TR.UTF-8", "if/then_branch/nested": null });

    const copy = servedCopy(decodeModel(before), describeModel(decodeModel(before)))!;
    expect(locales(copy.bytes)).toEqual({ lower: SERVED_LOCALE, turkish: "tr_TR.UTF-8", "if/then_branch/nested": SERVED_LOCALE });
    expect(copy.removals).toEqual([]);
    expect(copy.locales).toEqual([
      "set locale C.UTF-8 on StringNormalizer node `lower` (it named none, and onnxruntime's default, en_US.UTF-8, is not installed where only C.UTF-8 is, as on a Debian system whose locales were never generated)",
      "set locale C.UTF-8 on StringNormalizer node `if/nested` (it named none, and onnxruntime's default, en_US.UTF-8, is not installed where only C.UTF-8 is, as on a Debian system whose locales were never generated)",
    ]);
    expect(servedBytes(before)).toEqual(copy.bytes);
  });

  it("serves a model that needs no change as it is", () => {
    const named = stringModel([normalizer("lower", "x", "y", { case_change_action: "LOWER", locale: "C.UTF-8" })]);
    expect(servedCopy(decodeModel(named), describeModel(decodeModel(named)))).toBeNull();
    expect(servedBytes(named)).toBe(named);
  });

  it("inspects a skl2onnx text classifier into a copy onnxruntime opens without en_US.UTF-8", async () => {
    // a text classifier through skl2onnx: a StringNormalizer that lower-cases, and a ZipMap
    const file = path.join(ROOT, "test", "corpus", "chat-intents-sgd-zipmap", "intents.onnx");
    const r = await inspectModel(file);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const sig = r.signature!;
    expect(sig.rewrite?.changes.filter((c) => c.startsWith("set locale"))).toHaveLength(1);
    expect(sig.rewrite?.changes.filter((c) => c.startsWith("removed ZipMap"))).toHaveLength(1);
    expect(r.diagnostics.map((d) => d.code)).toContain("INSPECT_LOCALE_NAMED");
    const [served] = await servedModelFiles(sig);
    expect(Object.values(locales(served!.contents))).toEqual([SERVED_LOCALE]);
  });
});
