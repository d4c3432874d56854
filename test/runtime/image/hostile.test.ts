// Bad bytes never crash the decoders: every fixture, truncated at random points and with random bytes changed,
// either decodes or raises a Python exception (PyError), for PIL and cv2 alike, in bounded time.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PyError } from "../../../src/runtime/core.ts";
import * as cv2 from "../../../src/runtime/image/cv2.ts";
import { open } from "../../../src/runtime/image/pil.ts";
import { readSource, SRC } from "./cases.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function outcome(f: () => unknown): string {
  try {
    f();
    return "ok";
  } catch (e) {
    if (e instanceof PyError) return e.type;
    throw e;
  }
}

const files = readdirSync(SRC).filter((f) => !f.startsWith("bomb") && readSource(f).length < 200_000);

describe("hostile image bytes", () => {
  it.each(files)("%s: truncated and corrupted copies decode or raise a Python exception", (file) => {
    const good = readSource(file);
    const r = rng(good.length);
    const seen = new Set<string>();
    for (let t = 0; t < 12; t++) {
      const bad = t < 4 ? good.slice(0, Math.floor(r() * good.length)) : good.slice();
      if (t >= 4) {
        // a few random bytes, mostly early (headers and tables matter most)
        for (let k = 0; k < 1 + Math.floor(r() * 4); k++) bad[Math.floor(r() * r() * bad.length)] = Math.floor(r() * 256);
      }
      seen.add(outcome(() => open(bad).convert("RGB").resize([17, 13])));
      seen.add(outcome(() => cv2.imdecode(bad, 1)));
    }
    for (const s of seen) expect(["ok", "UnidentifiedImageError", "OSError", "ValueError", "DecompressionBombError", "NotImplementedError", "SyntaxError"]).toContain(s);
  });
});
