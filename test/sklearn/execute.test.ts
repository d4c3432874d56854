// --execute with fitted scikit-learn objects the notebook never saved: the run sends each live object's class and
// attribute dict (what a pickle would hold), the translated function rebuilds it and gives scikit-learn's answer.
import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { inspectNotebook } from "../../src/driver/pipeline.ts";
import { translate } from "../../src/translate/translate.ts";
import { writeNotebook } from "../helpers/notebook.ts";
import { PYTHON, pythonWithJupyter } from "../helpers/python.ts";
import { importTranslated } from "../helpers/translated.ts";

let skip: string | null = null;
beforeAll(() => {
  skip = pythonWithJupyter(["sklearn"]);
});

const FIT = [
  "import numpy as np",
  "from sklearn.preprocessing import StandardScaler, OneHotEncoder",
  "from sklearn.pipeline import make_pipeline",
  "from sklearn.impute import SimpleImputer",
  "rng = np.random.default_rng(3)",
  "X = rng.normal(2.0, 3.0, size=(50, 3))",
  "X[4, 1] = np.nan",
  "num = make_pipeline(SimpleImputer(strategy='median'), StandardScaler()).fit(X)",
  "enc = OneHotEncoder(handle_unknown='ignore', sparse_output=False).fit([['a'], ['b'], ['c é'], ['a']])",
  "from sklearn.preprocessing import FunctionTransformer",
  "def clip_log(x):",
  "    return np.log1p(np.clip(x, 0, None))",
  "ft = FunctionTransformer(clip_log).fit(X)",
].join("\n");

describe("--execute with fitted scikit-learn objects", () => {
  it("reads live objects' fitted attributes and the translated code transforms like scikit-learn", async () => {
    // a missing Python fails here, naming what to install and the script that does
    expect(skip).toBeNull();
    const file = writeNotebook([
      FIT,
      "def preprocess(x, colour):\n    a = num.transform(np.asarray(x, dtype=float).reshape(1, -1))\n    b = enc.transform([[colour]])\n    return np.hstack([a, b, ft.transform(a)])",
    ]);
    const statically = await inspectNotebook(file, { preprocess: "preprocess" });
    expect(statically.diagnostics.filter((d) => d.code === "ANALYZE_CONSTANT_UNRESOLVED").map((d) => d.message.split("`")[1]).sort()).toEqual(["enc", "ft", "num"]);

    const ran = await inspectNotebook(file, { preprocess: "preprocess", execute: { python: PYTHON } });
    const a = ran.analysis!;
    const byName = new Map(a.constants.map((c) => [c.name, c]));
    expect(byName.get("num")!.source.kind).toBe("executed");
    expect(byName.get("num")!.data).toMatchObject({ k: "object", cls: "sklearn.pipeline.Pipeline" });
    expect(byName.get("enc")!.data).toMatchObject({ k: "object", cls: "sklearn.preprocessing._encoders.OneHotEncoder" });

    const names = new Set([...a.entries, ...a.helpers]);
    const module = await translate({ functions: a.functions.filter((f) => names.has(f.name)), constants: a.constants, imports: a.imports, origin: "nb.ipynb" });
    expect(module.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const fns = await importTranslated(module);
    const got = JSON.parse(JSON.stringify(fns.preprocess!([1.5, Number.NaN, -2.0], "c é")));
    const want = JSON.parse(
      execFileSync(PYTHON, [
        "-c",
        `${FIT}\nimport json\na = num.transform(np.array([[1.5, np.nan, -2.0]]))\nprint(json.dumps(np.hstack([a, enc.transform([['c é']]), ft.transform(a)]).tolist()))`,
      ]).toString(),
    ) as number[][];
    expect(got[0].length).toBe(want[0]!.length);
    got[0].forEach((v: number, i: number) => expect(Math.abs(v - want[0]![i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[0]![i]!))));
  }, 300_000);
});
