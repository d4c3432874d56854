// Tensor arithmetic methods (`x.div(255)`, `.mul`, `.add(alpha=)`, `.sub`) on the runtime's arrays
// (src/runtime/torch.ts), with torch 1.13's result dtypes: an integer tensor divided, or combined with a Python
// float, is float32 where numpy would give float64.
import { describe, expect, it } from "vitest";
import { weakFloat } from "../../src/runtime/core.ts";
import * as np from "../../src/runtime/np.ts";
import { tensorMethod } from "../../src/runtime/torch.ts";
import { raises } from "../helpers/raises.ts";

const u8 = (): np.NDArray => np.array([[1, 2], [3, 4]], "uint8") as np.NDArray;
const vals = (a: unknown): number[] => Array.from((a as np.NDArray).values() as ArrayLike<number>);

describe("tensor arithmetic methods", () => {
  it("divide as torch does: an integer tensor gives float32", () => {
    const q = tensorMethod(u8(), "div", [255]) as np.NDArray;
    expect(q.dtype).toBe("float32");
    expect(vals(q)).toEqual([1, 2, 3, 4].map((v) => Math.fround(v / 255)));
    expect((tensorMethod(np.array([2, 4], "float32"), "divide", [weakFloat(2)]) as np.NDArray).dtype).toBe("float32");
    expect((tensorMethod(u8(), "true_divide", [np.array([1, 2], "float64")]) as np.NDArray).dtype).toBe("float64");
    const floor = tensorMethod(u8(), "div", [3], { rounding_mode: "floor" }) as np.NDArray;
    expect(vals(floor)).toEqual([0, 0, 1, 1]);
  });

  it("multiply, add and subtract keep integers integral, and make float32 with a Python float", () => {
    expect((tensorMethod(u8(), "mul", [0.5]) as np.NDArray).dtype).toBe("float32");
    const added = tensorMethod(u8(), "add", [1], { alpha: 2 }) as np.NDArray;
    expect(added.dtype).toBe("uint8");
    expect(vals(added)).toEqual([3, 4, 5, 6]);
    const sub = tensorMethod(np.array([1, 2], "float32"), "sub", [], { other: np.array([0.5, 0.5], "float32") }) as np.NDArray;
    expect(sub.dtype).toBe("float32");
    expect(vals(sub)).toEqual([0.5, 1.5]);
    expect(vals(tensorMethod(np.array([2, 3], "float32"), "multiply", [2]))).toEqual([4, 6]);
  });

  it("raise Python errors for what they do not take", () => {
    expect(raises(() => tensorMethod(u8(), "div", [])).message).toMatch(/^TypeError: div\(\) missing 1 required positional argument/);
    expect(raises(() => tensorMethod(u8(), "div", [3], { rounding_mode: "trunc" })).message).toMatch(/^NotImplementedError/);
  });
});
