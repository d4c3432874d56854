// allocate's slabs (src/runtime/ndarray.ts): small arrays are views into shared buffers. What must hold is what a fresh
// typed array gives: zeroed memory of its own that no other array's writes reach, aligned for its element type; and
// arrays past the slab limit (or small enough for V8's heap) keep a buffer of their own.
import { describe, expect, it } from "vitest";
import { allocate, DTYPES, NDArray, type DType, type TypedArray } from "../../src/runtime/ndarray.ts";
import * as np from "../../src/runtime/np.ts";

const NUMERIC = DTYPES.filter((d) => d !== "str");

describe("allocate", () => {
  it("gives zeroed, aligned arrays that no other array's writes reach, for every dtype and size up to past a slab", () => {
    const made: { a: TypedArray; fill: number }[] = [];
    let fill = 1;
    // sizes around the in-heap limit (64 bytes), the slab limit (4096 bytes) and enough of them to use several slabs
    for (let round = 0; round < 6; round++) {
      for (const dtype of NUMERIC) {
        for (const n of [0, 1, 7, 8, 9, 16, 17, 33, 64, 65, 100, 511, 512, 513, 1024, 1025, 4096, 5000]) {
          const a = allocate(dtype, n);
          expect(a.length).toBe(n);
          expect(a.byteOffset % a.BYTES_PER_ELEMENT).toBe(0);
          expect(a.byteOffset % 8).toBe(0);
          for (let i = 0; i < n; i++) if (a[i] !== 0) expect({ dtype, n, i, value: a[i] }).toEqual({ dtype, n, i, value: 0 });
          const v = dtype === "bool" ? 1 : fill % 100;
          a.fill(v);
          made.push({ a, fill: v });
          fill++;
        }
      }
    }
    for (const { a, fill: v } of made) {
      for (let i = 0; i < a.length; i++) if (a[i] !== v) expect({ length: a.length, i, value: a[i] }).toEqual({ length: a.length, i, value: v });
    }
  });

  it("keeps a buffer of its own for an array over 4096 bytes or of at most 64", () => {
    for (const [dtype, n] of [["float32", 1025], ["float64", 513], ["uint8", 4097], ["float32", 16], ["float64", 8], ["int8", 64]] as [DType, number][]) {
      const a = allocate(dtype, n);
      expect(a.byteOffset).toBe(0);
      expect(a.buffer.byteLength).toBe(a.byteLength);
    }
    const shared = allocate("float32", 64);
    expect(shared.buffer.byteLength).toBeGreaterThan(shared.byteLength);
  });

  it("gives arrays whose storage reinterpreted through byteOffset is their own (frombuffer, tobytes-like views)", () => {
    const a = np.arange(0, 100, 1, "float32");
    const v = a.data as Float32Array;
    expect(v.buffer.byteLength).toBeGreaterThan(v.byteLength); // a view into a slab
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    const back = new Float32Array(bytes.slice().buffer);
    expect(Array.from(back)).toEqual(Array.from(v));
    expect(new NDArray(back, [100], "float32").data.length).toBe(100);
  });
});
