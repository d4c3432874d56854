// PIL parity: every PIL case of fixtures/cases.json.gz (decoding of every format, convert, resize with every filter,
// reduce, thumbnail, crop, transpose, ImageOps, fromarray, getpixel, split) run on the runtime and compared with
// Pillow 9.4's result: pixels exactly, JPEG decoding within 1 level per channel (maximum difference printed).
import { afterAll, describe, it } from "vitest";
import { tuple } from "../../../src/runtime/core.ts";
import * as np from "../../../src/runtime/np.ts";
import type { NDArray } from "../../../src/runtime/ndarray.ts";
import { PilImage } from "../../../src/runtime/image/image.ts";
import * as imageops from "../../../src/runtime/image/imageops.ts";
import * as pil from "../../../src/runtime/image/pil.ts";
import { PIL } from "../../../src/pylib/pil.ts";
import { compareResult, decodeArray, expectError, jpegStats, loadCases, pyArg, readSource, type Case } from "./cases.ts";

/** Calls a table entry the way translated code does: positional, then keywords bound by the table's params. */
export function callEntry(qualified: string, impl: Record<string, unknown>, args: unknown[], kwargs: Record<string, unknown> = {}): unknown {
  const e = PIL[qualified];
  if (!e || e.kind !== "function") throw new Error(`no table entry ${qualified}`);
  const out: unknown[] = [...args];
  for (const [k, v] of Object.entries(kwargs)) {
    const i = e.params.indexOf(k);
    if (i < 0) throw new Error(`${qualified} has no parameter ${k}`);
    out[i] = v;
  }
  return (impl[e.name] as (...a: unknown[]) => unknown)(...Array.from({ length: out.length }, (_, i) => out[i]));
}

const kwargsOf = (x: unknown): Record<string, unknown> => Object.fromEntries(Object.entries((x ?? {}) as Record<string, unknown>).map(([k, v]) => [k, pyArg(v)]));

export function runPilOps(ops: unknown[][]): unknown {
  let x: unknown = null;
  for (const op of ops) {
    const [name, ...args] = op as [string, ...unknown[]];
    switch (name) {
      case "open":
        x = callEntry("PIL.Image.open", pil, [callEntry("io.BytesIO", pil, [readSource(args[0] as string)])]);
        break;
      case "fromarray":
        x = callEntry("PIL.Image.fromarray", pil, [decodeArray(args[0] as { b64: string; dtype: string; shape: number[] }), args[1] ?? undefined]);
        break;
      case "new":
        x = callEntry("PIL.Image.new", pil, [args[0], tuple(args[1] as number[]), Array.isArray(args[2]) ? [...(args[2] as number[])] : args[2]]);
        break;
      case "method":
      {
        const target = x as PilImage;
        x = target.pyMethod(args[0] as string, (args[1] as unknown[]).map(pyArg), kwargsOf(args[2]));
        // thumbnail changes the image in place and returns None
        if (args[0] === "thumbnail") x = target;
        break;
      }
      case "attr":
        x = (x as PilImage).pyAttr(args[0] as string);
        break;
      case "ImageOps":
        x = callEntry(`PIL.ImageOps.${args[0] as string}`, imageops, [x, ...(args[1] as unknown[]).map(pyArg)], kwargsOf(args[2]));
        break;
      case "asarray":
        x = args[0] ? np.asarray(x, args[0]) : np.asarray(x);
        break;
      default:
        throw new Error(`op ${name}`);
    }
  }
  return x;
}

const toArray = (x: unknown): NDArray => np.asarray(x);

/**
 * Cases whose Pillow operation the runtime refuses on purpose, with the exception it raises instead (each listed
 * in docs/images.md): RGBA to P is octree quantization.
 */
const REFUSED: Readonly<Record<string, string>> = { "convert/rgba_53x41.png/P": "NotImplementedError" };

export function runCase(c: Case, run: (ops: unknown[][]) => unknown): void {
  const refused = REFUSED[c.id];
  if (refused) {
    expectError(() => run(c.ops), { error: refused }, c.id, false);
    return;
  }
  if (c.expect.error) {
    expectError(() => {
      const r = run(c.ops);
      if (r instanceof PilImage) void r.raster;
    }, c.expect, c.id, !["UnidentifiedImageError", "OSError"].includes(c.expect.error) || c.expect.message === "not supported for this image mode");
    return;
  }
  const got = run(c.ops);
  compareResult(got, c.expect, c.id, toArray);
}

const PIL_OPS = new Set(["open", "fromarray", "new", "method", "attr", "ImageOps", "asarray"]);
const cases = loadCases().filter((c) => c.ops.every((o) => PIL_OPS.has(o[0] as string)));
const groups = new Map<string, Case[]>();
for (const c of cases) {
  const g = c.id.split("/")[0]!;
  groups.set(g, [...(groups.get(g) ?? []), c]);
}

describe("PIL parity with Pillow 9.4", () => {
  for (const [group, list] of groups) {
    describe(group, () => {
      for (const c of list) it(c.id, () => runCase(c, runPilOps));
    });
  }
  afterAll(() => {
    console.log(`JPEG decoding: ${jpegStats.cases} results compared, max difference ${jpegStats.maxDiff} level(s), ${jpegStats.differing} samples differing`);
  });
});
