// .npz files as numpy writes them (fixtures from fixtures/npz/gen_npz.py): stored and deflated members, read with
// fflate, each member a .npy array.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { NpyError, parseNpz } from "../../src/analyze/npy.ts";

const fixture = (name: string) => readFileSync(path.join(packageRoot(), "test", "analyze", "fixtures", "npz", name));

it("reads np.savez's stored members by name, in the archive's order", () => {
  expect([...parseNpz(fixture("stored.npz"))]).toEqual([
    ["x", { dtype: "float32", shape: [2, 3], data: [0, 1, 2, 3, 4, 5] }],
    ["mask", { dtype: "bool", shape: [2], data: [true, false] }],
  ]);
});

it("reads np.savez_compressed's deflated members, big-endian and empty arrays included", () => {
  expect([...parseNpz(fixture("deflated.npz"))]).toEqual([
    ["w", { dtype: "int64", shape: [5], data: [0, 1, 2, 3, 4] }],
    ["z", { dtype: "uint8", shape: [0, 2], data: [] }],
  ]);
});

it("refuses a file that is not a zip archive with an NpyError", () => {
  expect(() => parseNpz(fixture("not-a-zip.npz"))).toThrow(NpyError);
  expect(() => parseNpz(fixture("not-a-zip.npz"))).toThrow(/^not a \.npz file \(/);
});
