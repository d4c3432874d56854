// cv2.resize as OpenCV 4.6 computes it on x86-64 (SSE2 baseline): nearest (resizeNN), bilinear and bicubic with
// 11-bit fixed-point coefficients for 8-bit images (including the SIMD vertical passes, whose rounding differs from
// the scalar tail and is reproduced column for column), area averaging (integer factors and the general float
// table), and the float paths for float images. Arrays are HxWxC, channels interleaved.
import { valueError } from "./errors.ts";

export const INTER_NEAREST = 0;
export const INTER_LINEAR = 1;
export const INTER_CUBIC = 2;
export const INTER_AREA = 3;
export const INTER_LANCZOS4 = 4;
export const INTER_LINEAR_EXACT = 5;
export const INTER_NEAREST_EXACT = 6;

const COEF_BITS = 11;
const COEF_SCALE = 1 << COEF_BITS;
const f32 = Math.fround;

/** cvRound: round half to even (lrint under the default rounding mode). */
function cvRound(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}
const sat8 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);
const sat16 = (v: number): number => (v < -32768 ? -32768 : v > 32767 ? 32767 : v);

export interface Plane {
  readonly data: Uint8Array | Float32Array | Float64Array;
  readonly width: number;
  readonly height: number;
  readonly cn: number;
}

export function resizePlane(src: Plane, dw: number, dh: number, invScaleX: number, invScaleY: number, interpolation: number): Plane {
  const { cn } = src;
  const u8 = src.data instanceof Uint8Array;
  const out = u8 ? new Uint8Array(dw * dh * cn) : src.data instanceof Float32Array ? new Float32Array(dw * dh * cn) : new Float64Array(dw * dh * cn);
  const dst: Plane = { data: out, width: dw, height: dh, cn };
  if (interpolation === INTER_NEAREST) {
    resizeNN(src, dst, invScaleX, invScaleY);
    return dst;
  }
  const scaleX = 1 / invScaleX;
  const scaleY = 1 / invScaleY;
  const iscaleX = satInt(scaleX);
  const iscaleY = satInt(scaleY);
  const areaFast = Math.abs(scaleX - iscaleX) < Number.EPSILON && Math.abs(scaleY - iscaleY) < Number.EPSILON;
  let interp = interpolation;
  if (interp === INTER_LINEAR && areaFast && iscaleX === 2 && iscaleY === 2) interp = INTER_AREA;
  if (interp === INTER_AREA && scaleX >= 1 && scaleY >= 1) {
    if (areaFast) resizeAreaFast(src, dst, iscaleX, iscaleY);
    else resizeArea(src, dst, scaleX, scaleY);
    return dst;
  }
  if (interp !== INTER_LINEAR && interp !== INTER_CUBIC && interp !== INTER_AREA) {
    throw valueError(`cv2.resize interpolation ${interpolation} is not supported by the nb2svc runtime (INTER_NEAREST, INTER_LINEAR, INTER_CUBIC, INTER_AREA are)`);
  }
  resizeGeneric(src, dst, scaleX, scaleY, invScaleX, invScaleY, interp);
  return dst;
}

/** saturate_cast<int>(double): cvRound. */
const satInt = (v: number): number => cvRound(v);

function resizeNN(src: Plane, dst: Plane, fx: number, fy: number): void {
  const { width: sw, height: sh, cn } = src;
  const ifx = 1 / fx;
  const ify = 1 / fy;
  const xofs = new Int32Array(dst.width);
  for (let x = 0; x < dst.width; x++) xofs[x] = Math.min(Math.floor(x * ifx), sw - 1);
  for (let y = 0; y < dst.height; y++) {
    const sy = Math.min(Math.floor(y * ify), sh - 1);
    for (let x = 0; x < dst.width; x++) {
      const s = (sy * sw + xofs[x]) * cn;
      const d = (y * dst.width + x) * cn;
      for (let c = 0; c < cn; c++) dst.data[d + c] = src.data[s + c];
    }
  }
}

/** interpolateCubic with A = -0.75, every operation rounded to float as the C code computes it. */
function cubicCoeffs(x: number, out: Float32Array): void {
  const A = -0.75;
  const m = (a: number, b: number) => f32(a * b);
  const ad = (a: number, b: number) => f32(a + b);
  const x1 = ad(x, 1);
  const ox = f32(1 - x);
  out[0] = f32(m(ad(m(f32(m(A, x1) - 5 * A), x1), 8 * A), x1) - 4 * A);
  out[1] = ad(m(m(f32(m(A + 2, x) - (A + 3)), x), x), 1);
  out[2] = ad(m(m(f32(m(A + 2, ox) - (A + 3)), ox), ox), 1);
  out[3] = f32(f32(f32(1 - out[0]) - out[1]) - out[2]);
}

function resizeGeneric(src: Plane, dst: Plane, scaleX: number, scaleY: number, invScaleX: number, invScaleY: number, interp: number): void {
  const { width: sw, height: sh, cn } = src;
  const { width: dw, height: dh } = dst;
  const area = interp === INTER_AREA;
  const cubic = interp === INTER_CUBIC;
  const ksize = cubic ? 4 : 2;
  const ksize2 = ksize >> 1;
  const fixpt = src.data instanceof Uint8Array;
  const width = dw * cn;
  const xofs = new Int32Array(width);
  const alpha = new Float64Array(width * ksize);
  let xmin = 0;
  let xmax = dw;
  const cbuf = new Float32Array(4);
  const coef = (fx: number): void => {
    if (cubic) cubicCoeffs(fx, cbuf);
    else {
      cbuf[0] = f32(1 - fx);
      cbuf[1] = fx;
    }
  };
  for (let dx = 0; dx < dw; dx++) {
    let fx: number;
    let sx: number;
    if (!area) {
      fx = f32((dx + 0.5) * scaleX - 0.5);
      sx = Math.floor(fx);
      fx = f32(fx - sx);
    } else {
      sx = Math.floor(dx * scaleX);
      fx = f32(dx + 1 - (sx + 1) * invScaleX);
      fx = fx <= 0 ? 0 : f32(fx - Math.floor(fx));
    }
    if (sx < ksize2 - 1) {
      xmin = dx + 1;
      if (sx < 0 && !cubic) {
        fx = 0;
        sx = 0;
      }
    }
    if (sx + ksize2 >= sw) {
      xmax = Math.min(xmax, dx);
      if (sx >= sw - 1 && !cubic) {
        fx = 0;
        sx = sw - 1;
      }
    }
    coef(fx);
    for (let k = 0; k < cn; k++) {
      xofs[dx * cn + k] = sx * cn + k;
      for (let j = 0; j < ksize; j++) alpha[(dx * cn + k) * ksize + j] = fixpt ? sat16(cvRound(cbuf[j] * COEF_SCALE)) : cbuf[j];
    }
  }
  const yofs = new Int32Array(dh);
  const beta = new Float64Array(dh * ksize);
  for (let dy = 0; dy < dh; dy++) {
    let fy: number;
    let sy: number;
    if (!area) {
      fy = f32((dy + 0.5) * scaleY - 0.5);
      sy = Math.floor(fy);
      fy = f32(fy - sy);
    } else {
      sy = Math.floor(dy * scaleY);
      fy = f32(dy + 1 - (sy + 1) * invScaleY);
      fy = fy <= 0 ? 0 : f32(fy - Math.floor(fy));
    }
    yofs[dy] = sy;
    coef(fy);
    for (let j = 0; j < ksize; j++) beta[dy * ksize + j] = fixpt ? sat16(cvRound(cbuf[j] * COEF_SCALE)) : cbuf[j];
  }

  // horizontal pass of one source row (clamped), into typed rows: int32 for 8-bit (exact sums), float32 for float
  // images (the store rounds as C's float does); the last rows are reused as the window moves down
  const xlo = xmin * cn;
  const xhi = xmax * cn;
  const ia = fixpt ? Int32Array.from(alpha) : null;
  const fa = fixpt ? null : Float32Array.from(alpha);
  const u8 = fixpt ? (src.data as Uint8Array) : null;
  const fl = fixpt ? null : (src.data as Float32Array | Float64Array);
  const swc = sw * cn;
  const cacheY: number[] = [];
  const cacheRows: (Int32Array | Float32Array)[] = [];
  const hrow = (sy: number): Int32Array | Float32Array => {
    const y = Math.min(Math.max(sy, 0), sh - 1);
    const at = cacheY.indexOf(y);
    if (at >= 0) return cacheRows[at];
    const S = y * swc;
    let D: Int32Array | Float32Array;
    if (cacheRows.length > ksize) {
      // recycle the row that left the window
      D = cacheRows.shift()!;
      cacheY.shift();
    } else D = fixpt ? new Int32Array(width) : new Float32Array(width);
    if (ia && u8) hrow8(u8, S, D as Int32Array, ia, xofs, width, xlo, xhi, cn, swc, cubic);
    else hrowF(fl!, S, D as Float32Array, fa!, xofs, width, xlo, xhi, cn, swc, cubic);
    cacheY.push(y);
    cacheRows.push(D);
    return D;
  };

  const out = dst.data;
  for (let dy = 0; dy < dh; dy++) {
    const sy0 = yofs[dy] - (ksize2 - 1);
    const rows = Array.from({ length: ksize }, (_, k) => hrow(sy0 + k));
    const b = beta.subarray(dy * ksize, dy * ksize + ksize);
    const o = dy * width;
    if (fixpt) {
      if (!cubic) vLinear8(rows[0] as Int32Array, rows[1] as Int32Array, b[0], b[1], out as Uint8Array, o, width);
      else vCubic8(rows as Int32Array[], b, out as Uint8Array, o, width);
    } else {
      for (let x = 0; x < width; x++) {
        let v: number;
        if (!cubic) v = f32(f32(rows[0][x] * b[0]) + f32(rows[1][x] * b[1]));
        // the SIMD kernel's nesting: S0*b0 + (S1*b1 + (S2*b2 + S3*b3))
        else v = f32(f32(rows[0][x] * b[0]) + f32(f32(rows[1][x] * b[1]) + f32(f32(rows[2][x] * b[2]) + f32(rows[3][x] * b[3]))));
        out[o + x] = v;
      }
    }
  }
}

/** HResizeLinear / HResizeCubic for 8-bit rows, with 11-bit integer coefficients (exact int32 sums). */
function hrow8(s: Uint8Array, S: number, D: Int32Array, a: Int32Array, xofs: Int32Array, width: number, xlo: number, xhi: number, cn: number, swc: number, cubic: boolean): void {
  if (!cubic) {
    let dx = 0;
    for (; dx < xhi; dx++) {
      const p = S + xofs[dx];
      // a zero weight may sit on a pixel past the row's end (a one-pixel-wide source): C reads it, times 0
      const a1 = a[dx * 2 + 1];
      D[dx] = s[p] * a[dx * 2] + (a1 === 0 ? 0 : s[p + cn] * a1);
    }
    for (; dx < width; dx++) D[dx] = s[S + xofs[dx]] * COEF_SCALE;
    return;
  }
  for (let dx = 0; dx < width; dx++) {
    const p = S + xofs[dx] - cn;
    const k = dx * 4;
    if (dx >= xlo && dx < xhi) D[dx] = s[p] * a[k] + s[p + cn] * a[k + 1] + s[p + 2 * cn] * a[k + 2] + s[p + 3 * cn] * a[k + 3];
    else D[dx] = borderCubic(s, S, xofs[dx] - cn, a, k, cn, swc, true);
  }
}

/** The same for float rows: each product and sum rounded to float32, as the C float loop computes them. */
function hrowF(s: Float32Array | Float64Array, S: number, D: Float32Array, a: Float32Array, xofs: Int32Array, width: number, xlo: number, xhi: number, cn: number, swc: number, cubic: boolean): void {
  if (!cubic) {
    let dx = 0;
    for (; dx < xhi; dx++) {
      const p = S + xofs[dx];
      const a1 = a[dx * 2 + 1];
      D[dx] = f32(f32(s[p] * a[dx * 2]) + (a1 === 0 ? 0 : f32(s[p + cn] * a1)));
    }
    for (; dx < width; dx++) D[dx] = s[S + xofs[dx]];
    return;
  }
  for (let dx = 0; dx < width; dx++) {
    const p = S + xofs[dx] - cn;
    const k = dx * 4;
    if (dx >= xlo && dx < xhi) D[dx] = f32(f32(f32(f32(s[p] * a[k]) + f32(s[p + cn] * a[k + 1])) + f32(s[p + 2 * cn] * a[k + 2])) + f32(s[p + 3 * cn] * a[k + 3]));
    else D[dx] = borderCubic(s, S, xofs[dx] - cn, a, k, cn, swc, false);
  }
}

/** HResizeCubic's border columns: taps outside the row fold back onto the first or last pixel of their channel. */
function borderCubic(s: ArrayLike<number>, S: number, sx0: number, a: ArrayLike<number>, k: number, cn: number, swc: number, exact: boolean): number {
  let v = 0;
  for (let j = 0; j < 4; j++) {
    let sxj = sx0 + j * cn;
    while (sxj < 0) sxj += cn;
    while (sxj >= swc) sxj -= cn;
    v = exact ? v + s[S + sxj] * a[k + j] : f32(v + f32(s[S + sxj] * a[k + j]));
  }
  return v;
}

/**
 * VResizeLinear<uchar> as the SIMD kernel computes it, for every column (measured: OpenCV 4.6's x86-64 build gives
 * this rounding across the whole row, tail included): (S >> 4) * beta in 16-bit lanes, the high halves added with
 * saturation, then (v + 2) >> 2.
 */
function vLinear8(S0: Int32Array, S1: Int32Array, b0: number, b1: number, out: Uint8Array, o: number, width: number): void {
  // S <= 255 * 2048, so S >> 4 fits int16 and the two high halves cannot saturate their sum: the lane clamps
  // reduce to the final one
  for (let i = 0; i < width; i++) {
    const v = (((S0[i] >> 4) * b0) >> 16) + (((S1[i] >> 4) * b1) >> 16);
    const r = (v + 2) >> 2;
    out[o + i] = r < 0 ? 0 : r > 255 ? 255 : r;
  }
}

/** VResizeCubic<uchar> with VResizeCubicVec_32s8u: 8 columns at a time in float32, the rest in fixed point. */
function vCubic8(rows: Int32Array[], b: Float64Array, out: Uint8Array, o: number, width: number): void {
  const scale = f32(1 / (COEF_SCALE * COEF_SCALE));
  const bf = [f32(b[0] * scale), f32(b[1] * scale), f32(b[2] * scale), f32(b[3] * scale)];
  const [S0, S1, S2, S3] = rows;
  let x = 0;
  for (; x <= width - 8; x += 8) {
    for (let i = x; i < x + 8; i++) {
      const t3 = f32(S3[i] * bf[3]);
      const t2 = f32(f32(S2[i] * bf[2]) + t3);
      const t1 = f32(f32(S1[i] * bf[1]) + t2);
      const v = f32(f32(S0[i] * bf[0]) + t1);
      out[o + i] = sat8(sat16(cvRound(v)));
    }
  }
  for (; x < width; x++) out[o + x] = sat8((S0[x] * b[0] + S1[x] * b[1] + S2[x] * b[2] + S3[x] * b[3] + (1 << 21)) >> 22);
}

/**
 * Integer-factor area averaging (ResizeAreaFast): the 2x2 8-bit SIMD path rounds half up ((sum + 2) >> 2) over its
 * columns; everything else is saturate_cast(sum * (1.f / area)), rounding half to even.
 */
function resizeAreaFast(src: Plane, dst: Plane, sx: number, sy: number): void {
  const { width: sw, height: sh, cn } = src;
  const { width: dw, height: dh } = dst;
  const area = sx * sy;
  const scale = f32(1 / area);
  const u8 = src.data instanceof Uint8Array;
  const w = dw * cn;
  // the SIMD path covers whole vectors of the row (2x2 only, 8-bit only)
  let vecEnd = 0;
  if (u8 && sx === 2 && sy === 2) {
    if (cn === 1 || cn === 4) vecEnd = Math.floor(w / 8) * 8;
    else if (cn === 3) vecEnd = Math.floor(w / 48) * 48;
  }
  for (let dy = 0; dy < dh; dy++) {
    const y0 = dy * sy;
    for (let dx = 0; dx < w; dx++) {
      const c = dx % cn;
      const x0 = Math.floor(dx / cn) * sx;
      let sum = 0;
      let count = 0;
      for (let yy = y0; yy < Math.min(y0 + sy, sh); yy++) {
        for (let xx = x0; xx < Math.min(x0 + sx, sw); xx++) {
          sum = u8 ? sum + src.data[(yy * sw + xx) * cn + c] : f32(sum + src.data[(yy * sw + xx) * cn + c]);
          count++;
        }
      }
      let v: number;
      if (count === area) v = dx < vecEnd ? (sum + 2) >> 2 : u8 ? cvRound(f32(sum * scale)) : f32(sum * scale);
      else v = u8 ? cvRound(f32(sum / count)) : f32(sum / count);
      dst.data[(dy * dw) * cn + dx] = u8 ? sat8(v) : v;
    }
  }
}

interface AreaTap {
  di: number;
  si: number;
  alpha: number;
}

function areaTab(ssize: number, dsize: number, cn: number, scale: number): AreaTap[] {
  const tab: AreaTap[] = [];
  for (let dx = 0; dx < dsize; dx++) {
    const fsx1 = dx * scale;
    const fsx2 = fsx1 + scale;
    const cellWidth = Math.min(scale, ssize - fsx1);
    let sx1 = Math.ceil(fsx1);
    let sx2 = Math.floor(fsx2);
    sx2 = Math.min(sx2, ssize - 1);
    sx1 = Math.min(sx1, sx2);
    if (sx1 - fsx1 > 1e-3) tab.push({ di: dx * cn, si: (sx1 - 1) * cn, alpha: f32((sx1 - fsx1) / cellWidth) });
    for (let sx = sx1; sx < sx2; sx++) tab.push({ di: dx * cn, si: sx * cn, alpha: f32(1 / cellWidth) });
    if (fsx2 - sx2 > 1e-3) tab.push({ di: dx * cn, si: sx2 * cn, alpha: f32(Math.min(Math.min(fsx2 - sx2, 1), cellWidth) / cellWidth) });
  }
  return tab;
}

/** ResizeArea_Invoker: float weights from computeResizeAreaTab, float sums, saturate_cast at the end. */
function resizeArea(src: Plane, dst: Plane, scaleX: number, scaleY: number): void {
  const { width: sw, height: sh, cn } = src;
  const { width: dw, height: dh } = dst;
  const xtab = areaTab(sw, dw, cn, scaleX);
  const ytab = areaTab(sh, dh, 1, scaleY);
  const w = dw * cn;
  const u8 = src.data instanceof Uint8Array;
  const buf = new Float32Array(w);
  const sum = new Float32Array(w);
  let prevDy = -1;
  const flush = (dy: number) => {
    for (let dx = 0; dx < w; dx++) dst.data[dy * w + dx] = u8 ? sat8(cvRound(sum[dx])) : sum[dx];
  };
  for (let j = 0; j < ytab.length; j++) {
    const beta = ytab[j].alpha;
    const dy = ytab[j].di;
    const S = ytab[j].si * sw * cn;
    buf.fill(0);
    for (const t of xtab) for (let c = 0; c < cn; c++) buf[t.di + c] = f32(buf[t.di + c] + f32(src.data[S + t.si + c] * t.alpha));
    if (dy !== prevDy) {
      if (prevDy >= 0) flush(prevDy);
      for (let dx = 0; dx < w; dx++) sum[dx] = f32(beta * buf[dx]);
      prevDy = dy;
    } else for (let dx = 0; dx < w; dx++) sum[dx] = f32(sum[dx] + f32(beta * buf[dx]));
  }
  if (prevDy >= 0) flush(prevDy);
}
