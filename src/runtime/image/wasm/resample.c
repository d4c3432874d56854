// Pillow's 8-bit resampling passes (libImaging/Resample.c) with WebAssembly SIMD: the same integer arithmetic
// (22-bit fixed-point coefficients, int32 sums, >> 22, clamp to 0..255), so the results are Pillow's bit for bit;
// the lanes only change how many sums are computed at once. Built by build-resample.sh into resample-wasm.ts.
#include <stdint.h>
#include <wasm_simd128.h>

#define PRECISION_BITS (32 - 8 - 2)
#define HALF (1 << (PRECISION_BITS - 1))

extern unsigned char __heap_base;

/** The first byte JS may use for its buffers. */
uint32_t heap_base(void) { return (uint32_t)&__heap_base; }

static inline uint8_t clip8(int32_t v) {
  int32_t s = v >> PRECISION_BITS;
  return s < 0 ? 0 : s > 255 ? 255 : (uint8_t)s;
}

/* Four bytes at p widened to int32 lanes. Reads p[0..3]: the caller pads its buffers. */
static inline v128_t load4(const uint8_t* p) {
  return wasm_u32x4_extend_low_u16x8(wasm_u16x8_extend_low_u8x16(wasm_v128_load32_zero(p)));
}

/**
 * Horizontal pass: `rows` rows of `in` starting at row `row_offset` (rows of in_stride bytes, `bands` interleaved
 * samples per pixel) to rows of out_w pixels; k holds ksize coefficients per output pixel, bounds (xmin, count).
 */
void h8(const uint8_t* in, int in_stride, int row_offset, int rows, uint8_t* out, int out_w, int bands,
        const int32_t* k, int ksize, const int32_t* bounds) {
  const v128_t half = wasm_i32x4_splat(HALF);
  for (int yy = 0; yy < rows; yy++) {
    const uint8_t* row = in + (yy + row_offset) * in_stride;
    uint8_t* o = out + yy * out_w * bands;
    for (int xx = 0; xx < out_w; xx++) {
      int xmin = bounds[xx * 2], xmax = bounds[xx * 2 + 1];
      const int32_t* kk = k + xx * ksize;
      if (bands >= 3) {
        // one pixel's 3 or 4 samples per vector (a 3-band pixel reads the next pixel's first byte, times 0 use)
        v128_t acc = half;
        const uint8_t* p = row + xmin * bands;
        for (int x = 0; x < xmax; x++, p += bands) acc = wasm_i32x4_add(acc, wasm_i32x4_mul(load4(p), wasm_i32x4_splat(kk[x])));
        v128_t s = wasm_i32x4_shr(acc, PRECISION_BITS);
        v128_t b = wasm_u8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(s, s), wasm_i16x8_narrow_i32x4(s, s));
        o[0] = wasm_u8x16_extract_lane(b, 0);
        o[1] = wasm_u8x16_extract_lane(b, 1);
        o[2] = wasm_u8x16_extract_lane(b, 2);
        if (bands == 4) o[3] = wasm_u8x16_extract_lane(b, 3);
        o += bands;
      } else if (bands == 1) {
        // four taps per vector; coefficients past xmax are 0 (the caller pads k and in)
        v128_t acc = wasm_i32x4_splat(0);
        const uint8_t* p = row + xmin;
        int x = 0;
        for (; x + 4 <= xmax; x += 4) acc = wasm_i32x4_add(acc, wasm_i32x4_mul(load4(p + x), wasm_v128_load(kk + x)));
        int32_t ss = HALF + wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) + wasm_i32x4_extract_lane(acc, 2) + wasm_i32x4_extract_lane(acc, 3);
        for (; x < xmax; x++) ss += p[x] * kk[x];
        *o++ = clip8(ss);
      } else {
        for (int b = 0; b < bands; b++) {
          int32_t ss = HALF;
          const uint8_t* p = row + xmin * bands + b;
          for (int x = 0; x < xmax; x++, p += bands) ss += *p * kk[x];
          *o++ = clip8(ss);
        }
      }
    }
  }
}

/** Vertical pass: rows of `stride` bytes to out_h rows; k holds ksize coefficients per output row. */
void v8(const uint8_t* in, int stride, uint8_t* out, int out_h, const int32_t* k, int ksize, const int32_t* bounds) {
  const v128_t half = wasm_i32x4_splat(HALF);
  for (int yy = 0; yy < out_h; yy++) {
    int ymin = bounds[yy * 2], ymax = bounds[yy * 2 + 1];
    const int32_t* kk = k + yy * ksize;
    uint8_t* o = out + yy * stride;
    int x = 0;
    for (; x + 16 <= stride; x += 16) {
      v128_t a0 = half, a1 = half, a2 = half, a3 = half;
      for (int y = 0; y < ymax; y++) {
        v128_t v = wasm_v128_load(in + (ymin + y) * stride + x);
        v128_t w = wasm_i32x4_splat(kk[y]);
        v128_t lo = wasm_u16x8_extend_low_u8x16(v), hi = wasm_u16x8_extend_high_u8x16(v);
        a0 = wasm_i32x4_add(a0, wasm_i32x4_mul(wasm_u32x4_extend_low_u16x8(lo), w));
        a1 = wasm_i32x4_add(a1, wasm_i32x4_mul(wasm_u32x4_extend_high_u16x8(lo), w));
        a2 = wasm_i32x4_add(a2, wasm_i32x4_mul(wasm_u32x4_extend_low_u16x8(hi), w));
        a3 = wasm_i32x4_add(a3, wasm_i32x4_mul(wasm_u32x4_extend_high_u16x8(hi), w));
      }
      a0 = wasm_i32x4_shr(a0, PRECISION_BITS);
      a1 = wasm_i32x4_shr(a1, PRECISION_BITS);
      a2 = wasm_i32x4_shr(a2, PRECISION_BITS);
      a3 = wasm_i32x4_shr(a3, PRECISION_BITS);
      wasm_v128_store(o + x, wasm_u8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(a0, a1), wasm_i16x8_narrow_i32x4(a2, a3)));
    }
    for (; x < stride; x++) {
      int32_t ss = HALF;
      for (int y = 0; y < ymax; y++) ss += in[(ymin + y) * stride + x] * kk[y];
      o[x] = clip8(ss);
    }
  }
}
