// The 8-bit resampling passes exist twice: WebAssembly SIMD (used where it compiles) and JavaScript (the fallback).
// The fixtures check the SIMD path against Pillow; this checks the JavaScript path gives the same pixels on random
// images of every band count, size and filter, so the fallback is Pillow's too.
import { afterAll, describe, expect, it } from "vitest";
import { Raster, type Mode } from "../../../src/runtime/image/raster.ts";
import { resampleRaster, useSimdResample, BOX, BILINEAR, HAMMING, BICUBIC, LANCZOS } from "../../../src/runtime/image/resample.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe("8-bit resampling: WebAssembly SIMD and JavaScript agree", () => {
  afterAll(() => useSimdResample(true));
  const modes: Mode[] = ["L", "LA", "RGB", "RGBA"];
  const r = rng(7);
  const cases: [Mode, number, number, number, number, number, number[] | null][] = [];
  for (const mode of modes) {
    for (const filter of [BOX, BILINEAR, HAMMING, BICUBIC, LANCZOS]) {
      for (let i = 0; i < 4; i++) {
        const w = 1 + Math.floor(r() * 90);
        const h = 1 + Math.floor(r() * 70);
        const ow = 1 + Math.floor(r() * 120);
        const oh = 1 + Math.floor(r() * 100);
        const box = i === 3 ? [r() * w * 0.3, r() * h * 0.3, w - r() * w * 0.3, h - r() * h * 0.3] : null;
        cases.push([mode, filter, w, h, ow, oh, box]);
      }
    }
  }
  it.each(cases)("%s filter %i: %ix%i to %ix%i box %j", (mode, filter, w, h, ow, oh, box) => {
    const src = Raster.alloc(mode, w, h);
    const fill = rng(w * 1000 + h);
    for (let i = 0; i < src.data.length; i++) src.data[i] = Math.floor(fill() * 256);
    const b = box ?? [0, 0, w, h];
    useSimdResample(true);
    const simd = resampleRaster(src, ow, oh, filter, b);
    useSimdResample(false);
    const js = resampleRaster(src, ow, oh, filter, b);
    expect(Buffer.from(simd.data as Uint8Array).equals(Buffer.from(js.data as Uint8Array))).toBe(true);
  });
});
