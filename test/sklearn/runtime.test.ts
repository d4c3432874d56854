// The restored estimators as translated code uses them, beyond transform's numbers (parity.test.ts): keyword
// arguments, bound methods, Pipeline indexing and named_steps, refusing to fit while serving, sparse matrices'
// attributes, the frame protocol, version checks at restore, and the text normalisation the vectorizers rely on
// against Python's (fixtures/text.json).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readPickleFile } from "../../src/pickle/index.ts";
import { slice, tuple } from "../../src/runtime/core.ts";
import { NDArray } from "../../src/runtime/ndarray.ts";
import * as np from "../../src/runtime/np.ts";
import { callMethod, getattr, hasattr } from "../../src/runtime/py-builtins.ts";
import { getitem } from "../../src/runtime/py-ops.ts";
import { PyDict } from "../../src/runtime/pydict.ts";
import { restoreKBinsDiscretizer } from "../../src/runtime/sklearn/nonlinear.ts";
import { restoreStandardScaler } from "../../src/runtime/sklearn/preprocessing.ts";
import { restoreCountVectorizer, stripAccentsAscii, stripAccentsUnicode } from "../../src/runtime/sklearn/text.ts";
import { decode, FIXTURES, loadCases, rebuild, TestFrame } from "./helpers.ts";
import { raises } from "../helpers/raises.ts";

const load = async (file: string) => rebuild(readPickleFile(readFileSync(path.join(FIXTURES, file))).value);
const cases = new Map(loadCases().cases.map((c) => [c.name, c]));

describe("restored estimators", () => {
  it("take the data by keyword and expose bound methods and fitted attributes", async () => {
    const scaler = await load("standard_scaler.joblib");
    const T = decode(cases.get("standard_scaler")!.calls[0]!.args[0]) as NDArray;
    const byKeyword = callMethod(scaler, "transform", [], { X: T }) as NDArray;
    const positional = callMethod(scaler, "transform", [T]) as NDArray;
    expect(byKeyword.tolist()).toEqual(positional.tolist());
    const bound = getattr(scaler, "transform") as (...a: unknown[]) => unknown;
    expect((bound(T) as NDArray).tolist()).toEqual(positional.tolist());
    expect(hasattr(scaler, "get_feature_names_out")).toBe(true);
    expect(hasattr(scaler, "predict")).toBe(false);
    expect(getattr(scaler, "mean_")).toBeInstanceOf(NDArray);
    expect(raises(() => getattr(scaler, "_sklearn_version")).type).toBe("AttributeError");
    const params = callMethod(scaler, "get_params", []) as PyDict;
    expect([...params.keys()]).toEqual(["with_mean", "with_std", "copy"]);
  });

  it("refuse to fit while serving, with a reason", async () => {
    const scaler = await load("standard_scaler.joblib");
    for (const m of ["fit", "fit_transform", "partial_fit"]) {
      const e = raises(() => callMethod(scaler, m, [[[1, 2, 3, 4]]]));
      expect(e.type).toBe("NotImplementedError");
      expect(e.message).toContain("call transform");
    }
    expect(raises(() => callMethod(scaler, "predict", [[[1, 2, 3, 4]]])).message).toBe("AttributeError: 'StandardScaler' object has no attribute 'predict'");
  });

  it("index pipelines by position, name and slice, with named_steps", async () => {
    const pipe = await load("pipeline_impute_scale.joblib");
    const imputer = getitem(pipe, 0);
    const scaler = getitem(pipe, "standardscaler");
    expect((imputer as { pyTypeName: string }).pyTypeName).toBe("SimpleImputer");
    expect(getitem(pipe, -1)).toBe(scaler);
    expect((getattr(pipe, "named_steps") as PyDict).get("simpleimputer")).toBe(imputer);
    const head = getitem(pipe, slice(null, -1, null));
    const T = decode(cases.get("pipeline_impute_scale")!.calls[0]!.args[0]) as NDArray;
    const imputed = callMethod(head, "transform", [T]) as NDArray;
    expect(imputed.tolist()).toEqual((callMethod(imputer, "transform", [T]) as NDArray).tolist());
    expect((callMethod(scaler, "transform", [imputed]) as NDArray).tolist()).toEqual((callMethod(pipe, "transform", [T]) as NDArray).tolist());
    expect(callMethod(pipe, "__len__", [])).toBe(2);
  });

  it("give sparse results scipy's attributes and dense forms", async () => {
    const enc = await load("onehot_ignore.joblib");
    const out = callMethod(enc, "transform", [[["blue", "L", 3], ["purple", "S", 1]]]);
    expect(getattr(out, "shape")).toEqual(tuple([2, 11]));
    expect(getattr(out, "nnz")).toBe(5);
    expect((callMethod(out, "todense", []) as NDArray).tolist()).toEqual((callMethod(out, "toarray", []) as NDArray).tolist());
    expect((getattr(out, "A") as NDArray).shape).toEqual([2, 11]);
  });

  it("read frames through the frame protocol and check their column names", async () => {
    const scaler = await load("standard_scaler_frame.joblib");
    const frame = new TestFrame(["a", "b", "c", "d"], [np.array([1.0]), np.array([2.0]), np.array([3.0]), np.array([4.0])]);
    const viaFrame = callMethod(scaler, "transform", [frame]) as NDArray;
    const viaArray = callMethod(scaler, "transform", [[[1, 2, 3, 4]]]) as NDArray;
    expect(viaFrame.tolist()).toEqual(viaArray.tolist());
    const wrong = new TestFrame(["a", "b", "c", "e"], [np.array([1.0]), np.array([2.0]), np.array([3.0]), np.array([4.0])]);
    expect(raises(() => callMethod(scaler, "transform", [wrong])).message).toBe(
      "ValueError: The feature names should match those that were passed during fit.\nFeature names unseen at fit time:\n- e\nFeature names seen at fit time, yet now missing:\n- d\n",
    );
  });

  it("take a frame's string column (a Series: tolist(), no numeric __array__) as documents and labels", async () => {
    const vec = await load("count_default.joblib");
    const le = await load("label_encoder_str.joblib");
    const frame = new TestFrame(["text", "species"], [["The lazy fox", "dog dog"], ["virginica", "setosa"]]);
    const fromSeries = callMethod(vec, "transform", [frame.pyGetitem("text")]);
    const fromList = callMethod(vec, "transform", [["The lazy fox", "dog dog"]]);
    expect((callMethod(fromSeries, "toarray", []) as NDArray).tolist()).toEqual((callMethod(fromList, "toarray", []) as NDArray).tolist());
    expect((callMethod(le, "transform", [frame.pyGetitem("species")]) as NDArray).tolist()).toEqual([2, 0]);
  });

  it("refuse states from scikit-learn releases whose layout is not read", () => {
    const state = new PyDict([
      ["with_mean", true],
      ["_sklearn_version", "0.23.2"],
    ]);
    expect(raises(() => restoreStandardScaler(state)).message).toBe("ValueError: this StandardScaler was fitted by scikit-learn 0.23.2; the layouts of scikit-learn 1.0 to 1.5 are read");
    expect(raises(() => restoreStandardScaler(new PyDict())).message).toContain("no _sklearn_version");
    const pandasOut = new PyDict([
      ["_sklearn_version", "1.2.1"],
      ["_sklearn_output_config", new PyDict([["transform", "pandas"]])],
    ]);
    expect(raises(() => restoreStandardScaler(pandasOut)).message).toContain('set_output(transform="pandas") is not supported');
  });

  it("bin as the release that fitted them: 1.0 added a tolerance before np.digitize, 1.1+ use the edges as they are", () => {
    const kbins = (version: string) =>
      restoreKBinsDiscretizer(
        new PyDict([
          ["encode", "ordinal"],
          ["dtype", null],
          ["n_bins_", np.array([3], "int64")],
          ["bin_edges_", [np.array([0, 1, 2, 3])]],
          ["n_features_in_", 1],
          ["_sklearn_version", version],
        ]),
      );
    const X = np.array([[-1], [1 - 1e-9], [1], [2.5], [7]]);
    // just below the edge 1: the bin above it in 1.0 (within rtol 1e-5), the bin below since 1.1; outside: the end bins
    expect((callMethod(kbins("1.0.2"), "transform", [X]) as NDArray).tolist()).toEqual([[0], [1], [1], [2], [2]]);
    expect((callMethod(kbins("1.2.1"), "transform", [X]) as NDArray).tolist()).toEqual([[0], [0], [1], [2], [2]]);
  });

  it("strip accents and tokenize like scikit-learn (Python's unicodedata)", async () => {
    const texts: { text: string; unicode: string; ascii: string; tokens: string[] }[] = JSON.parse(readFileSync(path.join(FIXTURES, "text.json"), "utf8"));
    const vec = restoreCountVectorizer(
      new PyDict([
        ["analyzer", "word"],
        ["lowercase", true],
        ["strip_accents", "unicode"],
        ["token_pattern", "(?u)\\b\\w\\w+\\b"],
        ["ngram_range", tuple([1, 1])],
        ["vocabulary_", new PyDict([["x", 0]])],
        ["_sklearn_version", "1.2.1"],
      ]),
    );
    const analyzer = callMethod(vec, "build_analyzer", []) as (doc: string) => string[];
    for (const t of texts) {
      expect(stripAccentsUnicode(t.text), t.text).toBe(t.unicode);
      expect(stripAccentsAscii(t.text), t.text).toBe(t.ascii);
      expect(analyzer(t.text), t.text).toEqual(t.tokens);
    }
  });
});
