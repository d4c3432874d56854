// Transforms are objects translated code calls (`transform(img)` becomes glue.call(transform, img)): they answer
// __call__; other runtime objects are not callable, with Python's TypeError.
import { describe, expect, it } from "vitest";
import { PyError } from "../../../src/runtime/core.ts";
import { call } from "../../../src/runtime/glue.ts";
import { compile } from "../../../src/runtime/pyre.ts";
import { NDArray } from "../../../src/runtime/ndarray.ts";
import { Compose, Normalize, ToTensor } from "../../../src/runtime/image/torchvision.ts";
import { open } from "../../../src/runtime/image/pil.ts";
import { readSource } from "./cases.ts";

describe("calling runtime objects", () => {
  it("calls a Compose of transforms, and a Lambda-free chain of them", () => {
    const t = Compose([ToTensor(), Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);
    const x = call(t, open(readSource("rgb_7x5.png"))) as NDArray;
    expect([...x.shape]).toEqual([3, 5, 7]);
    expect(x.dtype).toBe("float32");
    expect(Math.max(...x.values())).toBeLessThanOrEqual(1);
    expect(Math.min(...x.values())).toBeGreaterThanOrEqual(-1);
  });

  it("builds Image.point's table from a function (a translated lambda), its bools and floats rounded and clipped", () => {
    const img = open(readSource("l_28x28.png"));
    // Pillow 9.4: img.point(lambda p: p > 128 and 255, "1") and img.point(lambda p: p * 2.6 - 40)
    const bilevel = img.pyMethod("point", [(p: number) => (p > 128 ? 255 : false), "1"], {}) as typeof img;
    const ramp = img.pyMethod("point", [(p: number) => p * 2.6 - 40], {}) as typeof img;
    const src = img.raster.data;
    expect(bilevel.mode).toBe("1");
    expect([...bilevel.raster.data]).toEqual([...src].map((p) => (p > 128 ? 255 : 0)));
    expect([...ramp.raster.data]).toEqual([...src].map((p) => Math.max(0, Math.min(255, Math.round(p * 2.6 - 40)))));
  });

  it("refuses to call an object without __call__, as Python does", () => {
    const e = (() => {
      try {
        call(compile("a+"), "aa");
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(PyError);
    expect((e as PyError).type).toBe("TypeError");
    expect((e as PyError).message).toMatch(/object is not callable$/);
  });
});
