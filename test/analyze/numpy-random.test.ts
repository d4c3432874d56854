// numpy's legacy generator and the row selections built on it (scikit-learn's train_test_split, stratified or not,
// and pandas' sample) against what numpy 1.24, scikit-learn 1.2 and pandas 1.5 drew (gen_random_cases.py).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { permutation, sampleRows, trainTestSplit } from "../../src/analyze/numpy-random.ts";

const cases = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "random.json"), "utf8")) as {
  permutation: { seed: number; n: number; out: number[] }[];
  split: { n: number; test_size: number | null; train_size: number | null; seed: number | null; shuffle: boolean; stratify: (number | string)[] | null; train: number[]; test: number[] }[];
  sample: { n: number; size: number | null; frac: number | null; seed: number; out: number[] }[];
};

describe("numpy's RandomState", () => {
  it.each(cases.permutation)("permutation($n) with seed $seed", ({ seed, n, out }) => {
    expect(permutation(seed, n)).toEqual(out);
  });
});

describe("scikit-learn's train_test_split", () => {
  it.each(cases.split)("$n rows, test_size $test_size, train_size $train_size, seed $seed, shuffle $shuffle", (c) => {
    expect(trainTestSplit(c.n, c.test_size, c.train_size, c.seed, c.shuffle, c.stratify)).toEqual({ train: c.train, test: c.test });
  });
  it("cannot know an unseeded split", () => {
    expect(trainTestSplit(100, 0.2, null, null, true)).toBeNull();
  });
});

describe("pandas' DataFrame.sample", () => {
  it.each(cases.sample)("n=$size frac=$frac seed $seed", ({ n, size, frac, seed, out }) => {
    expect(sampleRows(n, size, frac, seed)).toEqual(out);
  });
});
