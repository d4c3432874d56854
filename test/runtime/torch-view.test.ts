// Tensor.view(*shape) on the runtime's arrays (src/runtime/torch-view.ts): called as a method of an array whose
// torch origin translation did not see (`transform(img).view(1, -1)`) and of a known tensor, with torch 1.13's shapes
// and errors.
import { describe, expect, it } from "vitest";
import { tuple } from "../../src/runtime/core.ts";
import * as np from "../../src/runtime/np.ts";
import * as py from "../../src/runtime/py.ts";
import { tensorMethod } from "../../src/runtime/torch.ts";
import { raises } from "../helpers/raises.ts";

const x = (): np.NDArray => np.reshape(np.arange(8, null, null, "float32"), [2, 4]) as np.NDArray;

const pyErr = (f: () => unknown): string => raises(f).message;

describe("an array's view with integers is torch's view(*shape)", () => {
  it("takes sizes as arguments or as one tuple or list, and infers one -1", () => {
    const shapeOf = (...args: unknown[]) => (py.callMethod(x(), "view", args) as np.NDArray).shape;
    expect(shapeOf(1, -1)).toEqual([1, 8]);
    expect(shapeOf(tuple([4, -1]))).toEqual([4, 2]);
    expect(shapeOf([-1])).toEqual([8]);
    expect(shapeOf(2, 2, 2)).toEqual([2, 2, 2]);
    expect(shapeOf(np.array(2, "int64"), -1)).toEqual([2, 4]);
    const v = py.callMethod(x(), "view", [1, -1]) as np.NDArray;
    expect(v.dtype).toBe("float32");
    expect(Array.from(v.values() as ArrayLike<number>)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("gives torch's errors (torch 1.13's messages)", () => {
    const view = (a: np.NDArray, ...args: unknown[]) => () => py.callMethod(a, "view", args);
    expect(pyErr(view(x(), 3, -1))).toBe("RuntimeError: shape '[3, -1]' is invalid for input of size 8");
    expect(pyErr(view(x(), 3, 3))).toBe("RuntimeError: shape '[3, 3]' is invalid for input of size 8");
    expect(pyErr(view(x(), 0, -1))).toBe("RuntimeError: shape '[0, -1]' is invalid for input of size 8");
    expect(pyErr(view(x(), -1, -1))).toBe("RuntimeError: only one dimension can be inferred");
    expect(pyErr(view(x(), 2, -2))).toBe("RuntimeError: invalid shape dimension -2");
    expect(pyErr(view(np.zeros([0]) as np.NDArray, 0, -1))).toBe(
      "RuntimeError: cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension size -1 can be any value and is ambiguous",
    );
    expect(pyErr(view(x(), 2.5, 4))).toMatch(/^TypeError: view\(\) received an invalid combination of arguments - got \(float, int\)/);
    expect(pyErr(view(x(), true, 8))).toMatch(/^TypeError: view\(\) received an invalid combination of arguments - got \(bool, int\)/);
  });

  it("keeps numpy's view() without arguments: the same values, a new array", () => {
    const a = x();
    const v = py.callMethod(a, "view", []) as np.NDArray;
    expect(v).not.toBe(a);
    expect(v.shape).toEqual([2, 4]);
  });

  it("is the same view on a known tensor (torch.ts)", () => {
    expect((tensorMethod(x(), "view", [-1, 2]) as np.NDArray).shape).toEqual([4, 2]);
    expect(pyErr(() => tensorMethod(x(), "view", [3, -1]))).toBe("RuntimeError: shape '[3, -1]' is invalid for input of size 8");
  });
});
