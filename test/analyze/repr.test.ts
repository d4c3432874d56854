import { describe, expect, it } from "vitest";
import { getParser } from "../../src/python/parse.ts";
import { parseRepr } from "../../src/analyze/repr.ts";
import { parseNumpyStr } from "../../src/analyze/recover.ts";

describe("reading displayed values back", async () => {
  const parser = await getParser();
  const cases: [string, unknown][] = [
    ["{'label': 'setosa', 'confidence': 0.9999}", { label: "setosa", confidence: 0.9999 }],
    ["(1, 'a', None, True, False)", [1, "a", null, true, false]],
    ["array([[0.1, 0.2]], dtype=float32)", [[0.1, 0.2]]],
    ["array([1., 2.])", [1, 2]],
    ["array(['cat', 'dog'], dtype='<U3')", ["cat", "dog"]],
    ["np.float64(0.25)", 0.25],
    ["np.int64(3)", 3],
    ["tensor([[1, 2]])", [[1, 2]]],
    ["{0: 'a', 1: 'b'}", { "0": "a", "1": "b" }],
    ["OrderedDict([('a', 1), ('b', 2)])", { a: 1, b: 2 }],
    ["{'top3': [{'digit': 3,\n   'probability': 0.999}]}", { top3: [{ digit: 3, probability: 0.999 }] }],
    ["-1.5e-05", -1.5e-5],
    ["[nan, inf, -inf]", [null, null, null]],
    ["'it\\'s'", "it's"],
    ['"it\'s"', "it's"],
    ["['a b', \"c'd\"]", ["a b", "c'd"]],
  ];
  for (const [text, expected] of cases) {
    it(text.replace(/\n/g, "\\n"), () => {
      expect(parseRepr(parser, text)).toEqual(expected);
    });
  }
  it("refuses what it cannot read back exactly", () => {
    expect(parseRepr(parser, "array([0., 0., ..., 0., 0.])")).toBeUndefined();
    expect(parseRepr(parser, "<__main__.Model object at 0x7f>")).toBeUndefined();
    expect(parseRepr(parser, "Label: setosa")).toBeUndefined();
    expect(parseRepr(parser, "")).toBeUndefined();
  });
  it("leaves numpy's print of a string array (adjacent literals, no commas) to the numpy reader", () => {
    // as Python source this is one concatenated string; as output it is three labels
    const shown = "['triangle' 'circle' 'square']";
    expect(parseRepr(parser, shown)).toBeUndefined();
    expect(parseNumpyStr(shown)).toEqual(["triangle", "circle", "square"]);
    expect(parseRepr(parser, "'a' 'b'")).toBeUndefined();
    expect(parseNumpyStr("[['cat' 'dog']\n ['owl' 'emu']]")).toEqual([["cat", "dog"], ["owl", "emu"]]);
  });
});
