// Mutations of notebooks for the fuzzers: byte-level (truncation, flips, invalid UTF-8), JSON-level (wrong types at
// every nbformat field, duplicated and huge cells, deep nesting) and Python-level (shuffled, cut and spliced code).
// Deterministic for a seed.

/** A small seeded PRNG (mulberry32): the same seed gives the same mutations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, n: number) => Math.floor(r() * n);

const WRONG_VALUES: readonly unknown[] = [null, 0, -1, 1e308, "", "x", true, [], {}, [null], { a: [] }, "\u0000", "\ud800"];
const PY_TOKENS = ["def ", "return ", "(", ")", "[", "]", "{", "}", ":", "\n    ", "\n", "np.", "x", "=", "+", "lambda", "yield", "if ", "else", "for ", " in ", "'", '"', "f'", "{x}", "#", "\\", "...", "@", "%time ", "!ls", "import ", "class ", "async ", "await ", "**", "//", "not ", "and ", "or ", "1e9999", "0x", "_", "é", "\u2028"];

function mutateJson(doc: unknown, r: Rand, depth = 0): unknown {
  if (Array.isArray(doc)) {
    const a = doc.slice();
    const op = int(r, 6);
    if (op === 0 && a.length) a.splice(int(r, a.length), 1);
    else if (op === 1 && a.length) a.push(structuredClone(a[int(r, a.length)]));
    else if (op === 2 && a.length) a[int(r, a.length)] = pick(r, WRONG_VALUES);
    else if (a.length) {
      const i = int(r, a.length);
      a[i] = mutateJson(a[i], r, depth + 1);
    }
    return a;
  }
  if (doc && typeof doc === "object") {
    const o: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
    const keys = Object.keys(o);
    const op = int(r, 6);
    if (op === 0 && keys.length) delete o[pick(r, keys)];
    else if (op === 1 && keys.length) o[pick(r, keys)] = pick(r, WRONG_VALUES);
    else if (op === 2) o[pick(r, ["__proto__", "constructor", "cells", "source", "outputs", "metadata", "tags", "nbformat"])] = pick(r, WRONG_VALUES);
    else if (keys.length) {
      const k = pick(r, keys);
      o[k] = mutateJson(o[k], r, depth + 1);
    }
    return o;
  }
  if (typeof doc === "string" && doc.length > 0 && r() < 0.7) return mutatePython(doc, r);
  return r() < 0.5 ? pick(r, WRONG_VALUES) : doc;
}

/** Code-level damage: cut, splice tokens, shuffle lines, repeat. */
export function mutatePython(src: string, r: Rand): string {
  const op = int(r, 5);
  if (op === 0) {
    const i = int(r, src.length + 1);
    return src.slice(0, i) + pick(r, PY_TOKENS) + src.slice(i);
  }
  if (op === 1) {
    const i = int(r, src.length + 1);
    return src.slice(0, i) + src.slice(i + 1 + int(r, 20));
  }
  if (op === 2) {
    const lines = src.split("\n");
    for (let k = 0; k < 3; k++) {
      const a = int(r, lines.length);
      const b = int(r, lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    }
    return lines.join("\n");
  }
  if (op === 3) return Array.from({ length: 2 + int(r, 30) }, () => pick(r, PY_TOKENS)).join("");
  return src + "\n" + src;
}

/** One mutated notebook (bytes) from a valid one; `scale` sizes the huge-cell and deep-nesting mutations. */
export function mutateNotebook(original: string, r: Rand, scale = 1): Uint8Array {
  const kind = int(r, 12);
  const enc = new TextEncoder();
  switch (kind) {
    case 10:
    case 11: {
      // damaged Python: every code cell's source goes through the code-level mutations with some chance
      const doc = JSON.parse(original) as { cells: { cell_type: string; source: string | string[] }[] };
      for (const c of doc.cells) {
        if (c.cell_type !== "code" || r() < 0.6) continue;
        c.source = mutatePython([c.source].flat().join(""), r);
      }
      return enc.encode(JSON.stringify(doc));
    }
    case 0: // truncated
      return enc.encode(original.slice(0, int(r, original.length)));
    case 1: {
      // random byte flips, possibly invalid UTF-8
      const b = enc.encode(original);
      for (let k = 0; k < 1 + int(r, 8); k++) b[int(r, b.length)] = int(r, 256);
      return b;
    }
    case 2: {
      // huge cell
      const doc = JSON.parse(original) as { cells: unknown[] };
      doc.cells.push({ cell_type: "code", source: "x = 1\n".repeat(Math.round((20_000 + int(r, 20_000)) * scale)), metadata: {}, outputs: [] });
      return enc.encode(JSON.stringify(doc));
    }
    case 3: {
      // deep nesting in an output, written as text (building it as objects would overflow the mutator's stack)
      const depth = Math.round((1000 + int(r, 20_000)) * scale);
      const deep = "[".repeat(depth) + "]".repeat(depth);
      const cell = `{"cell_type": "code", "metadata": {}, "source": "x", "outputs": [{"output_type": "execute_result", "data": {"application/json": ${deep}, "text/plain": ${deep}}}]},`;
      const at = original.indexOf('"cells": [');
      return enc.encode(at < 0 ? deep : original.slice(0, at + 10) + cell + original.slice(at + 10));
    }
    default: {
      let doc: unknown = JSON.parse(original);
      for (let k = 0; k < 1 + int(r, 4); k++) doc = mutateJson(doc, r);
      return enc.encode(JSON.stringify(doc));
    }
  }
}
