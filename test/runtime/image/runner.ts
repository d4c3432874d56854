// Runs fixture cases (ops.ts) and compares them with Python's results (cases.ts), grouped by the first part of
// their id; each test file runs the groups of one library.
import { afterAll, describe, it } from "vitest";
import { PilImage } from "../../../src/runtime/image/image.ts";
import * as np from "../../../src/runtime/np.ts";
import type { NDArray } from "../../../src/runtime/ndarray.ts";
import { compareResult, expectError, jpegStats, levelStats, loadCases, type Case } from "./cases.ts";
import { runOps } from "./ops.ts";

/**
 * Cases whose Python operation the runtime refuses on purpose, with the exception it raises instead (each listed
 * in docs/images.md): RGBA to P is octree quantization; torchvision.io's GRAY_ALPHA and RGB_ALPHA of a palette or
 * sub-byte gray PNG are not the image's pixels (samples left unexpanded).
 */
const REFUSED: Readonly<Record<string, string>> = {
  "convert/rgba_53x41.png/P": "NotImplementedError",
  ...Object.fromEntries(
    ["p_plain_45x33.png", "p_trns_45x33.png", "bilevel_43x31.png", "gray2bit_27x11.png"].flatMap((s) => [2, 4].map((m) => [`tvio/${s}/${m}`, "RuntimeError"])),
  ),
};

/**
 * Results the runtime computes within a stated number of levels of Python's rather than exactly, each documented
 * in docs/images.md with the difference measured (printed by the tests):
 * - uint8 tensors resized by PyTorch without antialias: interpolated in float32 by kernels whose fused
 *   multiply-adds the runtime does not reproduce in every order, then rounded, so a value at .5 may round the
 *   other way;
 * - float tensors resized the same way (bilinear, bicubic): the same float32 sums in another order, an absolute
 *   difference (in the tensor's units) rather than levels;
 * - cv2's IMREAD_GRAYSCALE and torchvision.io's ImageReadMode.GRAY of a colour JPEG: libjpeg returns the Y plane,
 *   which the runtime's decoder (RGB only) can only estimate from RGB; exact within 1 level except where a channel
 *   was clipped to 0 or 255 (up to 4 levels on cv2's fixtures, 8 on torchvision's progressive JPEG).
 */
const TOLERANCES: readonly { readonly pattern: RegExp; readonly kind: string; readonly maxDiff: number }[] = [
  { pattern: /^tv\/tensor-resize\/uint8\/\w+\/False\//, kind: "uint8 tensor resize without antialias", maxDiff: 1 },
  { pattern: /^tv\/tensor-resize\/float\/\w+\/False\//, kind: "float tensor resize without antialias", maxDiff: 1e-5 },
  { pattern: /^interp\/[^/]+\/(bilinear|bicubic)\/(?!antialias)/, kind: "F.interpolate without antialias (the same kernels)", maxDiff: 1e-5 },
  { pattern: /^cv2\.imdecode\/.*\.jpg\/0$/, kind: "cv2 IMREAD_GRAYSCALE of a colour JPEG", maxDiff: 4 },
  { pattern: /^tvio\/.*\.jpg\/1$/, kind: "torchvision.io ImageReadMode.GRAY of a colour JPEG", maxDiff: 8 },
];

/** Error classes whose messages carry details Python fills in (object addresses, byte counts): class only. */
const CLASS_ONLY = new Set(["UnidentifiedImageError", "OSError", "error"]);

const toArray = (x: unknown): NDArray => np.asarray(x);

export function runCase(c: Case, run: (ops: unknown[][]) => unknown = runOps): void {
  const refused = REFUSED[c.id];
  if (refused) {
    expectError(() => run(c.ops), { error: refused }, c.id, false);
    return;
  }
  if (c.expect.error) {
    expectError(
      () => {
        const r = run(c.ops);
        if (r instanceof PilImage) void r.raster;
      },
      c.expect,
      c.id,
      !CLASS_ONLY.has(c.expect.error) || c.expect.message === "not supported for this image mode",
    );
    return;
  }
  const tol = TOLERANCES.find((t) => t.pattern.test(c.id));
  compareResult(run(c.ops), c.expect, c.id, toArray, tol);
}

/** Registers the cases whose id starts with one of `prefixes`, a describe per group. */
export function defineCases(title: string, select: (c: Case) => boolean): void {
  const groups = new Map<string, Case[]>();
  for (const c of loadCases().filter(select)) {
    const g = c.id.split("/")[0]!;
    groups.set(g, [...(groups.get(g) ?? []), c]);
  }
  describe(title, () => {
    for (const [group, list] of groups) {
      describe(group, () => {
        for (const c of list) it(c.id, () => runCase(c));
      });
    }
    afterAll(() => {
      if (jpegStats.cases) console.log(`${title}: JPEG-decoded results compared: ${jpegStats.cases}, max difference ${jpegStats.maxDiff} level(s), ${jpegStats.differing} samples differing`);
      for (const [kind, st] of levelStats) console.log(`${title}: ${kind}: ${st.cases} results, max difference ${st.maxDiff} level(s), ${st.differing} samples differing`);
    });
  });
}
