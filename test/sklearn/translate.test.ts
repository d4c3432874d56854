// Notebook-style code over fitted scikit-learn objects, translated and run: the object is a constant read from the
// joblib or pickle file the notebook saved (or loads), emitted as `<module>.restoreX(new PyDict([...]))` (large
// arrays as base64), and the translated function gives scikit-learn's numbers. The emitted modules type-check under
// strict settings. Unreadable, refused and old-version pickles are diagnostics at the save or load, with a fix.
import { copyFileSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { NDArray } from "../../src/runtime/ndarray.ts";
import { analyze } from "../../src/analyze/analyze.ts";
import { loadPythonFile } from "../../src/load/python-file.ts";
import { translate } from "../../src/translate/translate.ts";
import type { TranslatedModule } from "../../src/translate/types.ts";
import { importTranslated, type Loaded } from "../helpers/translated.ts";
import { typeCheck } from "../helpers/typecheck.ts";
import { decode, expectSame, FIXTURES, loadCases } from "./helpers.ts";
import { tempDir } from "../helpers/temp.ts";

const cases = new Map(loadCases().cases.map((c) => [c.name, c]));
const emitted: TranslatedModule[] = [];

/** Translates Python source written into a folder holding `files` (fixture name -> name in the folder). */
async function translateWith(source: string, files: Record<string, string>, entries: string[]) {
  const dir = tempDir("nb2svc-skl-");
  for (const [fixture, name] of Object.entries(files)) copyFileSync(path.join(FIXTURES, fixture), path.join(dir, name));
  const file = path.join(dir, "m.py");
  writeFileSync(file, source);
  const { notebook } = await loadPythonFile(file);
  const a = await analyze(notebook!, { entries });
  const names = new Set([...a.entries, ...a.helpers]);
  const module = await translate({ functions: a.functions.filter((f) => names.has(f.name)), constants: a.constants, imports: a.imports, origin: "m.py" });
  const diagnostics = a.diagnostics.filter((d) => d.severity === "error");
  return { module, diagnostics, translateErrors: module.diagnostics.filter((d) => d.severity === "error"), constants: a.constants };
}

async function translated(source: string, files: Record<string, string>, entries: string[]): Promise<{ fns: Loaded; module: TranslatedModule }> {
  const { module, diagnostics, translateErrors } = await translateWith(source, files, entries);
  expect([...diagnostics, ...translateErrors]).toEqual([]);
  emitted.push(module);
  return { fns: await importTranslated(module), module };
}

/** A recorded call's arguments as a caller of the translated module passes them (arrays as nested lists). */
function call(name: string, i: number) {
  const c = cases.get(name)!.calls[i]!;
  const plain = (v: unknown) => (v instanceof NDArray ? v.tolist() : v);
  return { args: c.args.map(decode).map(plain), expected: c.expected, atol: c.atol ?? 0 };
}

describe("translated functions over fitted scikit-learn objects", () => {
  it("runs scaler.transform on a constant loaded with joblib.load", async () => {
    const { fns, module } = await translated(
      [
        "import joblib",
        "import numpy as np",
        'scaler = joblib.load("scaler.joblib")',
        "def preprocess(x):",
        "    return scaler.transform(np.asarray(x).reshape(1, -1))",
      ].join("\n"),
      { "standard_scaler.joblib": "scaler.joblib" },
      ["preprocess"],
    );
    expect(module.text).toContain("sklearn_preprocessing.restoreStandardScaler(new PyDict(");
    const { args, expected } = call("standard_scaler", 0); // transform(T): 5 rows
    const rows = (expected as { nd: number[] }).nd;
    const T = args[0] as number[][];
    T.forEach((row, i) => {
      const out = fns.preprocess!(row);
      expectSame(out, { nd: rows.slice(i * 4, i * 4 + 4), dtype: "float64", shape: [1, 4] }, `row ${i}`);
    });
  });

  it("reads an object the notebook fitted and saved with joblib.dump (compressed), not loaded back", async () => {
    const { fns } = await translated(
      [
        "import joblib",
        "import numpy as np",
        "import pandas as pd",
        "from sklearn.preprocessing import OneHotEncoder",
        'df = pd.read_csv("train.csv")',
        'enc = OneHotEncoder(handle_unknown="ignore").fit(df[["colour", "size", "n"]])',
        'joblib.dump(enc, "enc.joblib", compress=3)',
        "def preprocess(rows):",
        "    return enc.transform(rows).toarray()",
      ].join("\n"),
      { "onehot_ignore.z3.joblib": "enc.joblib" },
      ["preprocess"],
    );
    const { args, expected } = call("onehot_ignore", 0);
    expectSame(fns.preprocess!(args[0]), (expected as { sparse: unknown }).sparse, "transform");
  });

  it("reads pickle.dump into `with open(...)` and pickle.load from `with open(...)`", async () => {
    const saved = await translated(
      [
        "import pickle",
        "from sklearn.preprocessing import LabelEncoder",
        "le = LabelEncoder().fit(labels)",
        'with open("labels.pkl", "wb") as f:',
        "    pickle.dump(le, f, protocol=4)",
        "def postprocess(idx):",
        "    return le.inverse_transform([idx])[0]",
      ].join("\n"),
      { "label_encoder_str.p4.pkl": "labels.pkl" },
      ["postprocess"],
    );
    expect(saved.fns.postprocess!(2)).toBe("virginica");
    const loaded = await translated(
      [
        "import pickle",
        'with open("labels.pkl", "rb") as f:',
        "    le = pickle.load(f)",
        "def postprocess(idx):",
        "    return {'label': str(le.classes_[idx]), 'n': len(le.classes_)}",
      ].join("\n"),
      { "label_encoder_str.p2.pkl": "labels.pkl" },
      ["postprocess"],
    );
    expect(JSON.parse(JSON.stringify(loaded.fns.postprocess!(1)))).toEqual({ label: "versicolor", n: 3 });
  });

  it("runs a ColumnTransformer pipeline on a one-row frame built from a record, with large arrays as base64", async () => {
    const { fns, module } = await translated(
      [
        "import joblib",
        'prep = joblib.load("prep.joblib")',
        "def preprocess(frame):",
        "    return prep.transform(frame)",
      ].join("\n"),
      { "column_transformer_frame.joblib": "prep.joblib" },
      ["preprocess"],
    );
    expect(module.text).toContain("sklearn_compose.restoreColumnTransformer(");
    const { args, expected } = call("column_transformer_frame", 0);
    expectSame(fns.preprocess!(args[0]), expected, "transform");
    const pca = await translated(['import joblib', 'pca = joblib.load("pca.joblib")', "def f(x):", "    return pca.transform(x)"].join("\n"), { "pipeline_scale_pca.joblib": "pca.joblib" }, ["f"]);
    const c = call("pipeline_scale_pca", 0);
    expectSame(pca.fns.f!(c.args[0]), c.expected, "pca", c.atol);
    const tfidf = await translated(['import joblib', 'vec = joblib.load("vec.joblib")', "def f(docs):", "    return vec.transform(docs).toarray()"].join("\n"), { "tfidf_sublinear_l1.joblib": "vec.joblib" }, ["f"]);
    const t = call("tfidf_sublinear_l1", 0);
    expectSame(tfidf.fns.f!(t.args[0]), (t.expected as { sparse: unknown }).sparse, "tfidf");
    const wide = await translated(['import joblib', 'sc = joblib.load("wide.joblib")', "def f(x):", "    return sc.transform(x)"].join("\n"), { "standard_scaler_wide.joblib": "wide.joblib" }, ["f"]);
    expect(wide.module.text).toContain("glue.arrayFromBase64(");
    const w = call("standard_scaler_wide", 0);
    expectSame(wide.fns.f!(w.args[0]), w.expected, "wide");
  });

  it("translates the notebook function a FunctionTransformer calls, with the object", async () => {
    const { fns, module } = await translated(
      [
        "import joblib",
        "import numpy as np",
        "def log_plus_one(x):",
        "    return np.log1p(x) + 1",
        'ft = joblib.load("ft.joblib")',
        "def preprocess(v):",
        "    return ft.transform(np.asarray(v))",
      ].join("\n"),
      { "function_notebook.joblib": "ft.joblib" },
      ["preprocess"],
    );
    expect(module.text).toMatch(/\["func", log_plus_one\w*\]/);
    const { args, expected } = call("function_notebook", 0);
    expectSame(fns.preprocess!(args[0]), expected, "transform");
  });

  it("rebuilds a HashingVectorizer the notebook builds from literal arguments and never saves (it is stateless)", async () => {
    for (const [name, ctor] of [
      ["hashing_binary_l1_bigrams", 'HashingVectorizer(n_features=2**5, binary=True, norm="l1", ngram_range=(1, 2), stop_words="english")'],
      ["hashing_char_wb_float32", 'HashingVectorizer(n_features=64, analyzer="char_wb", ngram_range=(2, 3), dtype=np.float32, strip_accents="unicode")'],
    ] as const) {
      const { fns, module } = await translated(
        ["import numpy as np", "from sklearn.feature_extraction.text import HashingVectorizer", `hv = ${ctor}`, "def f(docs):", "    return hv.transform(docs).toarray()"].join("\n"),
        {},
        ["f"],
      );
      expect(module.text).toContain("sklearn_text.restoreHashingVectorizer(new PyDict(");
      const t = call(name, 0);
      expectSame(fns.f!(t.args[0]), (t.expected as { sparse: unknown }).sparse, name);
    }
  });

  it("reads the transformers a pickle holds beside models (a pipeline ending in a tree, a gradient-boosting model), the models as placeholders", async () => {
    const ref = JSON.parse(readFileSync(path.join(FIXTURES, "models_bundle.json"), "utf8")) as { T: unknown; scaler_transform: unknown };
    const T = (decode(ref.T) as NDArray).tolist();
    for (const file of ["models_bundle.joblib", "models_bundle.z3.joblib", "models_bundle.p2.pkl", "models_bundle.p5.pkl"]) {
      const { fns, module } = await translated(
        ["import joblib", 'bundle = joblib.load("bundle.joblib")', 'pipe = bundle["pipe"]', 'scaler = pipe.named_steps["scaler"]', "def f(x):", "    return scaler.transform(x)", "def g(x):", "    return pipe.predict(x)"].join("\n"),
        { [file]: "bundle.joblib" },
        ["f", "g"],
      );
      expect(module.text).toContain('sklearn_values.restoreUnrebuilt("sklearn.tree._classes.DecisionTreeClassifier")');
      expectSame(fns.f!(T), ref.scaler_transform, file);
      expect(() => fns.g!(T)).toThrow("predict() of the DecisionTreeClassifier read from the pickle: nb2svc does not rebuild sklearn.tree._classes.DecisionTreeClassifier");
    }
  });

  it("refuses a model read from a pickle by itself, at the line that takes it", async () => {
    const { diagnostics } = await translateWith(
      ["import joblib", 'bundle = joblib.load("bundle.joblib")', 'model = bundle["model"]', "def f(x):", "    return model.predict_proba(x)"].join("\n"),
      { "models_bundle.joblib": "bundle.joblib" },
      ["f"],
    );
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([["ANALYZE_PICKLE_REFUSED", 3]]);
    expect(diagnostics[0]!.message).toContain("a `GradientBoostingClassifier` (`sklearn.ensemble._gb.GradientBoostingClassifier`) read from a pickle, which nb2svc does not rebuild");
    expect(diagnostics[0]!.suggestion).toContain("onnxruntime.InferenceSession");
  });

  it("refuses a transformer it does not rebuild with a fix for a transformer", async () => {
    const { diagnostics } = await translateWith(["import joblib", 'qt = joblib.load("qt.joblib")', "def f(x):", "    return qt.transform(x)"].join("\n"), { "knn_imputer.joblib": "qt.joblib" }, ["f"]);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([["ANALYZE_PICKLE_REFUSED", 2]]);
    expect(diagnostics[0]!.message).toContain("a `KNNImputer` (`sklearn.impute._knn.KNNImputer`) read from a pickle");
    expect(diagnostics[0]!.suggestion).toContain("convert the KNNImputer into the ONNX model with the estimator");
  });

  it("type-checks the emitted modules under strict settings", () => {
    const dir = tempDir("nb2svc-skl-tsc-");
    symlinkSync(path.join(packageRoot(), "src", "runtime"), path.join(dir, "runtime"), "dir");
    emitted.forEach((m, i) => writeFileSync(path.join(dir, `mod${i}.ts`), m.text));
    expect(emitted.length).toBeGreaterThanOrEqual(5);
    const output = typeCheck(
      emitted.map((_, i) => path.join(dir, `mod${i}.ts`)),
      { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2023", "DOM"], strict: true, noImplicitOverride: true, allowImportingTsExtensions: true, skipLibCheck: true, types: [] },
    );
    expect(output).toBe("");
  }, 120_000);
});

describe("pickles nb2svc cannot read are diagnostics at the save or load", () => {
  const hostile = (f: string) => path.join("hostile", f);

  it("refuses a pickle that would run code, naming the global, at the load's cell and line", async () => {
    const { diagnostics } = await translateWith(['import joblib', "x = 1", 'scaler = joblib.load("scaler.joblib")', "def f(v):", "    return scaler.transform(v)"].join("\n"), { [hostile("scaler_with_payload.pkl")]: "scaler.joblib" }, ["f"]);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["ANALYZE_PICKLE_REFUSED", 3, 10]]);
    expect(diagnostics[0]!.message).toContain("`os.system`");
    expect(diagnostics[0]!.suggestion).toContain("never runs them");
  });

  it("names the scikit-learn version it does not read, at the save", async () => {
    const { diagnostics } = await translateWith(
      ['import joblib', "scaler = make_scaler()", 'joblib.dump(scaler, "old.joblib")', "def f(v):", "    return scaler.transform(v)"].join("\n"),
      { [hostile("sklearn_0_24.pkl")]: "old.joblib" },
      ["f"],
    );
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([["ANALYZE_PICKLE_VERSION", 3]]);
    expect(diagnostics[0]!.message).toContain("scikit-learn 0.24.2");
  });

  it("refuses a FunctionTransformer of a function the notebook does not define, naming it", async () => {
    const { diagnostics } = await translateWith(['import joblib', 'ft = joblib.load("ft.joblib")', "def f(v):", "    return ft.transform(v)"].join("\n"), { [hostile("function_transformer_notebook_function.pkl")]: "ft.joblib" }, ["f"]);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([["ANALYZE_PICKLE_FUNCTION", 2]]);
    expect(diagnostics[0]!.message).toContain("`log_plus_one`");
  });

  it("explains truncated files and missing ones", async () => {
    const truncated = await translateWith(['import pickle', 'enc = pickle.load(open("enc.pkl", "rb"))', "def f(v):", "    return enc.transform(v)"].join("\n"), { [hostile("truncated.joblib")]: "enc.pkl" }, ["f"]);
    expect(truncated.diagnostics.map((d) => d.code)).toEqual(["ANALYZE_PICKLE_UNREADABLE"]);
    expect(truncated.diagnostics[0]!.message).toMatch(/^`enc` is loaded from enc\.pkl: the file ends inside/);
    const missing = await translateWith(['import joblib', 'enc = joblib.load("nowhere.joblib")', "def f(v):", "    return enc.transform(v)"].join("\n"), {}, ["f"]);
    expect(missing.diagnostics.map((d) => d.code)).toEqual(["ANALYZE_ARTIFACT_MISSING"]);
  });

  it("does not read files outside the notebook's folder", async () => {
    const outside = path.join(FIXTURES, "standard_scaler.joblib");
    const { diagnostics } = await translateWith(['import joblib', `scaler = joblib.load(${JSON.stringify(outside)})`, "def f(v):", "    return scaler.transform(v)"].join("\n"), {}, ["f"]);
    expect(diagnostics.map((d) => d.code)).toEqual(["ANALYZE_ARTIFACT_MISSING"]);
    expect(diagnostics[0]!.message).toContain("outside the notebook's folder");
  });
});

