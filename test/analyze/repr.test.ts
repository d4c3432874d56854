import { describe, expect, it } from "vitest";
import { getParser } from "../../src/python/parse.ts";
import { parseRepr } from "../../src/analyze/repr.ts";
import { parseNumpyStr, parseSeriesText } from "../../src/analyze/recover.ts";

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
  it("reads a pandas Series as its JSON form ({label: value} in order when labelled by words, else its values), with the precision shown", () => {
    const sorted = parseSeriesText("class_2    0.996135\nclass_0    0.002809\nclass_1    0.001056\ndtype: float32");
    expect(sorted).toEqual({ value: { class_2: 0.996135, class_0: 0.002809, class_1: 0.001056 }, atol: 5e-7 });
    expect(Object.keys(sorted!.value as object)).toEqual(["class_2", "class_0", "class_1"]);
    expect(parseSeriesText("0    setosa\n1    virginica\nName: species, dtype: object")).toEqual({ value: ["setosa", "virginica"] });
    expect(parseSeriesText("low risk    0.25\nhigh risk    0.75\ndtype: float64")).toEqual({ value: { "low risk": 0.25, "high risk": 0.75 }, atol: 0.005 });
    // a label twice: its values
    expect(parseSeriesText("a    1\na    2\ndtype: int64")).toEqual({ value: [1, 2] });
    // truncated, or not a Series
    expect(parseSeriesText("0     0.0\n1     1.0\n     ... \n99   99.0\nLength: 100, dtype: float64")).toBeUndefined();
    expect(parseSeriesText("     a    b\n0  1.0  2.0")).toBeUndefined();
  });
});
