// Statistics of a CSV column computed at conversion time (rows.ts, through the analyzer's static evaluation),
// against what pandas 1.5.3 computes for the same CSVs (fixtures/stats/cases.json, written by gen_stats_cases.py),
// and the cases where the values are not known exactly, which must stay unknown.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePython } from "../../src/python/parse.ts";
import { ModuleScope } from "../../src/python/scope.ts";
import { Resolver } from "../../src/analyze/resolve.ts";
import type { Value } from "../../src/analyze/evaluate.ts";

type Scalar = { int: number } | { float: number } | { str: string } | { bool: boolean } | null;
interface Case {
  readonly file: string;
  readonly column: string;
  readonly dtype: string;
  readonly method: string;
  readonly value: Scalar | { modes: Scalar[]; length: number };
}
const dir = path.join(__dirname, "fixtures", "stats");
const fixture = JSON.parse(readFileSync(path.join(dir, "cases.json"), "utf8")) as { pandas: string; cases: Case[] };

async function resolverFor(source: string): Promise<{ resolver: Resolver; end: number }> {
  const module = await parsePython(source);
  const scope = new ModuleScope([{ index: 0, module, tags: [] }]);
  return { resolver: new Resolver(scope, dir), end: scope.statements.length };
}

function scalar(v: Value | undefined): Scalar | undefined {
  if (v === undefined) return undefined;
  if (v.k === "int") return { int: v.v };
  if (v.k === "float") return { float: v.v };
  if (v.k === "str") return { str: v.v };
  if (v.k === "bool") return { bool: v.v };
  throw new Error(`unexpected ${v.k}`);
}

describe("column statistics known at conversion time, as pandas computes them", () => {
  it("match pandas 1.5.3 for every column and method of the fixtures", async () => {
    expect(fixture.pandas).toBe("1.5.3");
    const lines = ["import pandas as pd"];
    const files = [...new Set(fixture.cases.map((c) => c.file))];
    for (const [i, f] of files.entries()) lines.push(`df${i} = pd.read_csv(${JSON.stringify(f)})`);
    fixture.cases.forEach((c, i) => lines.push(`v${i} = df${files.indexOf(c.file)}[${JSON.stringify(c.column)}].${c.method}()`));
    const { resolver, end } = await resolverFor(lines.join("\n"));
    let compared = 0;
    for (const [i, c] of fixture.cases.entries()) {
      const got = resolver.valueOf(`v${i}`, end);
      const label = `${c.file} ${c.column} (${c.dtype}) ${c.method}`;
      // a reduction pandas refuses, or one of strings nb2svc does not compute (sum, a NaN): unknown, never a guess
      if (c.value === null || (c.dtype === "object" && ["mean", "median", "std", "var", "sum"].includes(c.method))) {
        expect(got, label).toBeUndefined();
        continue;
      }
      if ("modes" in c.value) {
        expect(got?.k, label).toBe("list");
        const items = got?.k === "list" ? got.items : [];
        expect(items.length, label).toBe(c.value.length);
        expect(items.slice(0, 3).map(scalar), label).toEqual(c.value.modes);
      } else {
        expect(scalar(got), label).toEqual(c.value);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(150);
  });

  it("reads mode()[0] as the smallest of the most frequent values, and an attribute column", async () => {
    const { resolver, end } = await resolverFor(
      ["import pandas as pd", 'df = pd.read_csv("ties.csv")', 'n = df["n"].mode()[0]', 'f = df.f.mode()[0]', 's = df["s"].mode()[0]', "m = df.f.median()"].join("\n"),
    );
    // pandas 1.5.3: 1, 0.25, 'a', 0.375
    expect(resolver.valueOf("n", end)).toEqual({ k: "int", v: 1 });
    expect(resolver.valueOf("f", end)).toEqual({ k: "float", v: 0.25 });
    expect(resolver.valueOf("s", end)).toEqual({ k: "str", v: "a" });
    expect(resolver.valueOf("m", end)).toEqual({ k: "float", v: 0.375 });
  });

  it("reads unique() in order of first appearance: class names as strings, numbers as an array, unknown with a missing value", async () => {
    const { resolver, end } = await resolverFor(
      [
        "import pandas as pd",
        'df = pd.read_csv("ties.csv")',
        "classes = sorted(df.s.unique())",
        'seen = df["s"].unique().tolist()',
        "n = df.n.unique()",
        "f = df.f.unique()",
        'e = pd.read_csv("titanic.csv")["Embarked"].unique()',
      ].join("\n"),
    );
    // pandas 1.5.3: ['a', 'b', 'c'], ['b', 'a', 'c'], array([3, 1, 2]), array([0.5, 0.25, nan]) (a NaN: not computed),
    // and Embarked has missing values (None among the strings)
    const strs = (...v: string[]) => ({ k: "list", items: v.map((x) => ({ k: "str", v: x })) });
    expect(resolver.valueOf("classes", end)).toEqual(strs("a", "b", "c"));
    expect(resolver.valueOf("seen", end)).toEqual(strs("b", "a", "c"));
    expect(resolver.valueOf("n", end)).toEqual({ k: "ndarray", dtype: "int64", value: [3, 1, 2] });
    expect(resolver.valueOf("f", end)).toBeUndefined();
    expect(resolver.valueOf("e", end)).toBeUndefined();
  });

  it("reads a column's unique() values in order of appearance, and sorted() of a column of labels", async () => {
    const { resolver, end } = await resolverFor(
      ["import pandas as pd", 'df = pd.read_csv("titanic.csv")', 'labels = sorted(df.Sex.unique())', 'classes = df["Pclass"].unique()', 'ports = df["Embarked"].unique()'].join("\n"),
    );
    // pandas 1.5.3: ['female', 'male'], array([2, 3, 1]); Embarked has missing values (NaN among the uniques)
    expect(resolver.valueOf("labels", end)).toEqual({ k: "list", items: [{ k: "str", v: "female" }, { k: "str", v: "male" }] });
    expect(resolver.valueOf("classes", end)).toEqual({ k: "ndarray", dtype: "int64", value: [2, 3, 1] });
    expect(resolver.valueOf("ports", end)).toBeUndefined();
  });

  it("follows rows picked by a seeded split, head and a column selection", async () => {
    const { resolver, end } = await resolverFor(
      [
        "import pandas as pd",
        "from sklearn.model_selection import train_test_split",
        'df = pd.read_csv("titanic.csv")',
        'X = df[["Age", "Fare", "Embarked"]]',
        "X_train, X_test = train_test_split(X, test_size=0.2, random_state=42)",
        'a = X_train["Age"].median()',
        'b = df.head(100)["Fare"].mean()',
        'c = X_train.copy()["Embarked"].mode()[0]',
        "d = X_test.Age.std()",
      ].join("\n"),
    );
    // pandas 1.5.3 with scikit-learn 1.2.1's split:
    //   X_train["Age"].median() 28.85, df.head(100)["Fare"].mean() 31.378905999999997,
    //   X_train.copy()["Embarked"].mode()[0] 'S', X_test.Age.std() 13.503795745882947
    expect(resolver.valueOf("a", end)).toEqual({ k: "float", v: 28.85 });
    expect(resolver.valueOf("b", end)).toEqual({ k: "float", v: 31.378905999999997 });
    expect(resolver.valueOf("c", end)).toEqual({ k: "str", v: "S" });
    expect(resolver.valueOf("d", end)).toEqual({ k: "float", v: 13.503795745882947 });
  });

  it("stays unknown when the frame's values may have changed or the cells are parsed otherwise", async () => {
    const cases = [
      'df["Age"].fillna(0, inplace=True)',
      'df.dropna(inplace=True)',
      'df["Age"] = df["Age"] * 2',
      'df.loc[df.Age > 60, "Age"] = 60',
      "combine = [df, df]",
      "alias = df",
      "def clean(frame):\n    frame['Age'] = 0\nclean(df)",
      "def clean(frame):\n    frame.fillna(0, inplace=True)\n    frame = frame.copy()\nclean(df)",
      "def fill(frame, value):\n    frame['Age'] = value\nfill(frame=df, value=0)",
    ];
    for (const change of cases) {
      const { resolver, end } = await resolverFor(["import pandas as pd", 'df = pd.read_csv("titanic.csv")', change, 'm = df["Age"].median()'].join("\n"));
      expect(resolver.valueOf("m", end), change).toBeUndefined();
    }
    const other = [
      'm = pd.read_csv("titanic.csv", na_values=["0"])["Age"].median()',
      'm = pd.read_csv("titanic.csv").astype({"Age": int})["Age"].median()',
      'm = pd.read_csv("titanic.csv").fillna(0)["Age"].median()',
      'm = pd.read_csv("titanic.csv").dropna()["Age"].median()',
      'm = pd.read_csv("titanic.csv")[lambda d: d.Age > 3]["Age"].median()',
      'm = pd.read_csv("titanic.csv").sample(frac=0.5)["Age"].median()',
    ];
    for (const line of other) {
      const { resolver, end } = await resolverFor(["import pandas as pd", line].join("\n"));
      expect(resolver.valueOf("m", end), line).toBeUndefined();
    }
  });

  it("keeps a column known when only other columns were written (features engineered on the training frame)", async () => {
    const plain = await resolverFor(["import pandas as pd", 'df = pd.read_csv("titanic.csv")', 'm = df["Age"].median()'].join("\n"));
    const expected = plain.resolver.valueOf("m", plain.end);
    expect(expected?.k).toBe("float");
    const writes = ['df["Title"] = df["Sex"].str.extract(" ([A-Za-z]+)\\.", expand=False)', 'df["Embarked"].fillna("S", inplace=True)', 'df["Age2"] = df["Age"] * 2', "df.Fare.replace(0, 1, inplace=True)"];
    for (const write of writes) {
      const { resolver, end } = await resolverFor(["import pandas as pd", 'df = pd.read_csv("titanic.csv")', write, 'm = df["Age"].median()'].join("\n"));
      expect(resolver.valueOf("m", end), write).toEqual(expected);
    }
    // the column itself, or a write that puts the frame in a container (an alias), still makes it unknown
    for (const write of ['df["Age"].fillna(0, inplace=True)', 'df["Copy"] = [df]', 'df.Age.replace(0, 1, inplace=True)']) {
      const { resolver, end } = await resolverFor(["import pandas as pd", 'df = pd.read_csv("titanic.csv")', write, 'm = df["Age"].median()'].join("\n"));
      expect(resolver.valueOf("m", end), write).toBeUndefined();
    }
  });

  it("keeps a frame concatenated with another known (pd.concat copies)", async () => {
    const { resolver, end } = await resolverFor(
      ["import pandas as pd", 'df = pd.read_csv("ties.csv")', "full = pd.concat([df, df])", 'full["n"] = 0', 'm = df["n"].median()'].join("\n"),
    );
    expect(resolver.valueOf("m", end)).toEqual({ k: "float", v: 2 });
  });
});

describe("statistics of a training frame inside the inference path", () => {
  const csv = readFileSync(path.join(dir, "titanic.csv"), "utf8");
  const cells = (between: string) => [
    "import numpy as np\nimport pandas as pd",
    `train = pd.read_csv("train.csv")${between}`,
    [
      "def preprocess(df):",
      "    df = df.copy()",
      '    df["Age"] = df["Age"].fillna(train["Age"].median())',
      '    df["Fare"] = df["Fare"].fillna(train.Fare.mean())',
      '    df["Embarked"] = df["Embarked"].fillna(train["Embarked"].mode()[0])',
      '    return df[["Age", "Fare"]].values.astype(np.float32)',
      "",
      "def postprocess(out):",
      "    return float(out[0][0])",
    ].join("\n"),
    // training through the same function: it changes only its copy of the frame
    "X = preprocess(train)",
  ];

  it("become constants of their own, computed as pandas does, and the function no longer reads the frame", async () => {
    const { analyze } = await import("../../src/analyze/analyze.ts");
    const { notebookFrom } = await import("../helpers/notebook.ts");
    const a = await analyze(await notebookFrom(cells(""), { "train.csv": csv }));
    // what pandas 1.5.3 computes for fixtures/stats/titanic.csv, as recorded in cases.json
    const expected = (column: string, method: string) => fixture.cases.find((c) => c.file === "titanic.csv" && c.column === column && c.method === method)!.value;
    expect(a.constants.map((c) => c.name)).toEqual(["train_Age_median", "train_Fare_mean", "train_Embarked_mode"]);
    expect(a.constants[0]!.value).toBe((expected("Age", "median") as { float: number }).float);
    expect(a.constants[1]!.value).toBe((expected("Fare", "mean") as { float: number }).float);
    expect(a.constants[2]!.value).toEqual([(expected("Embarked", "mode") as { modes: { str: string }[] }).modes[0]!.str]);
    const pre = a.functions.find((f) => f.name === "preprocess")!;
    expect(pre.globals).toEqual(["train_Age_median", "train_Fare_mean", "train_Embarked_mode"]);
    expect(pre.source).toContain('df["Embarked"].fillna(train_Embarked_mode[0])');
    expect(a.diagnostics.map((d) => d.code)).not.toContain("ANALYZE_CONSTANT_UNRESOLVED");
  });

  it("stay the frame's, unresolved, when the frame's column was changed in place first (its other columns are known)", async () => {
    const { analyze } = await import("../../src/analyze/analyze.ts");
    const { notebookFrom } = await import("../helpers/notebook.ts");
    const a = await analyze(await notebookFrom(cells('\ntrain["Age"].fillna(0, inplace=True)'), { "train.csv": csv }));
    expect(a.constants.map((c) => [c.name, c.source.kind])).toEqual([["train_Fare_mean", "literal"], ["train_Embarked_mode", "literal"], ["train", "unresolved"]]);
    expect(a.diagnostics.map((d) => d.code)).toContain("ANALYZE_CONSTANT_UNRESOLVED");
  });
});
