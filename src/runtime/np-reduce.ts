// numpy runtime, reductions and their relatives (cumulative sums, sorting, unique, searchsorted, dot/matmul).
// Float sums follow numpy's order exactly: memory-order iteration, pairwise summation (blocks of 8, threshold 128)
// along the innermost reduced run in chunks of 8192 (numpy's buffer size), sequential accumulation otherwise, and
// float32 accumulating in float32. That makes sum/mean/var/std of float32 data bit-identical to numpy's.
import { pyError, tuple, WeakFloat } from "./core.ts";
import {
  allocate,
  castFloat,
  copyStrided,
  cStrides,
  DTYPE_INFO,
  isCContiguous,
  NDArray,
  shapeSize,
  wrapInt,
  type DType,
  type TypedArray,
} from "./ndarray.ts";
import { asArray, astype, normAxes, normAxis, promote, shapeStr, toDType } from "./np-base.ts";
import { binaryUfunc, comparePoints, map1, map2, unaryUfunc } from "./np-ufunc.ts";
import { ravel, reshape, transpose } from "./np-shape.ts";

// ---- plumbing ------------------------------------------------------------------------------------------------

function keepShape(x: NDArray, axes: readonly number[]): number[] {
  const out = x.shape.slice();
  for (let i = 0; i < axes.length; i++) out[axes[i]] = 1;
  return out;
}

/** x's shape without the reduced `axes`. */
function keptShape(x: NDArray, axes: readonly number[]): number[] {
  const out: number[] = [];
  for (let d = 0; d < x.ndim; d++) {
    let reduced = false;
    for (let i = 0; i < axes.length; i++) if (axes[i] === d) reduced = true;
    if (!reduced) out.push(x.shape[d]);
  }
  return out;
}

function finish(out: NDArray, x: NDArray, axes: readonly number[], keepdims: unknown): NDArray {
  // `out` is always a fresh C-contiguous result: reshaping it is only a new shape over the same buffer
  if (keepdims === true) return new NDArray(out.data, keepShape(x, axes), out.dtype, undefined, out.offset);
  return out;
}

/**
 * For a C-contiguous array reduced over its last axes (softmax's `axis=-1`, a whole-array reduction): the length of
 * one lane, which then starts at offset + j * len. -1 otherwise. Every reduction below takes this shortcut past the
 * general lane and memory-order machinery, which gives the same lanes in the same order; per request that machinery
 * cost more than the arithmetic on a model's few outputs.
 */
function trailingLane(x: NDArray, axes: readonly number[]): number {
  const nd = x.ndim;
  const k = axes.length;
  for (let i = 0; i < k; i++) if (axes[i] !== nd - k + i) return -1;
  if (!isCContiguous(x.shape, x.strides)) return -1;
  let len = 1;
  for (let d = nd - k; d < nd; d++) len *= x.shape[d];
  return len;
}

function isTrue(v: unknown): boolean {
  return v === true || (v instanceof NDArray && v.size === 1 && v.values()[0] !== 0);
}

/**
 * Lanes over the reduced axes in logical (C) order: one lane per output element (outputs in C order of the kept
 * axes). Each lane is `len` elements at data[offsets[j] + i * stride].
 */
interface Lanes {
  data: TypedArray;
  offsets: Float64Array;
  len: number;
  stride: number;
  outShape: number[];
}

function lanes(x: NDArray, axes: readonly number[]): Lanes {
  const lane = trailingLane(x, axes);
  if (lane >= 0) {
    const outShape = x.shape.slice(0, x.ndim - axes.length);
    const nOut = shapeSize(outShape);
    const offsets = new Float64Array(nOut);
    for (let j = 0; j < nOut; j++) offsets[j] = x.offset + j * lane;
    return { data: x.data, offsets, len: lane, stride: 1, outShape };
  }
  const kept = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  let v = transpose(x, [...kept, ...axes]);
  const nk = kept.length;
  const nd = v.ndim;
  let coalescible = true;
  let prev = -1;
  for (let k = nk; k < nd; k++) {
    if (v.shape[k] === 1) continue;
    if (prev >= 0 && v.strides[prev] !== v.strides[k] * v.shape[k]) coalescible = false;
    prev = k;
  }
  if (!coalescible) v = v.copy();
  let len = 1;
  let stride = 1;
  let found = false;
  for (let k = nd - 1; k >= nk; k--) {
    len *= v.shape[k];
    if (!found && v.shape[k] !== 1) {
      stride = v.strides[k];
      found = true;
    }
  }
  // With a copy, strides are C strides and the innermost non-unit reduced stride is the lane stride.
  const outShape = kept.map((d) => x.shape[d]);
  const nOut = shapeSize(outShape);
  const offsets = new Float64Array(nOut);
  const idx = new Array<number>(nk).fill(0);
  let off = v.offset;
  for (let j = 0; j < nOut; j++) {
    offsets[j] = off;
    for (let k = nk - 1; k >= 0; k--) {
      off += v.strides[k];
      if (++idx[k] < v.shape[k]) break;
      off -= v.strides[k] * v.shape[k];
      idx[k] = 0;
    }
  }
  return { data: v.data, offsets, len, stride, outShape };
}

// ---- pairwise summation ----------------------------------------------------------------------------------------

const PW_BLOCK = 128;
const BUFSIZE = 8192;

function pw64(a: TypedArray, off: number, n: number, st: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[off + i * st];
    return res;
  }
  if (n <= PW_BLOCK) {
    let r0 = a[off];
    let r1 = a[off + st];
    let r2 = a[off + 2 * st];
    let r3 = a[off + 3 * st];
    let r4 = a[off + 4 * st];
    let r5 = a[off + 5 * st];
    let r6 = a[off + 6 * st];
    let r7 = a[off + 7 * st];
    let i = 8;
    const end = n - (n % 8);
    for (; i < end; i += 8) {
      const p = off + i * st;
      r0 += a[p];
      r1 += a[p + st];
      r2 += a[p + 2 * st];
      r3 += a[p + 3 * st];
      r4 += a[p + 4 * st];
      r5 += a[p + 5 * st];
      r6 += a[p + 6 * st];
      r7 += a[p + 7 * st];
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[off + i * st];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pw64(a, off, n2, st) + pw64(a, off + n2 * st, n - n2, st);
}

function pw32(a: TypedArray, off: number, n: number, st: number): number {
  const f = Math.fround;
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = f(res + a[off + i * st]);
    return res;
  }
  if (n <= PW_BLOCK) {
    let r0 = f(a[off]);
    let r1 = f(a[off + st]);
    let r2 = f(a[off + 2 * st]);
    let r3 = f(a[off + 3 * st]);
    let r4 = f(a[off + 4 * st]);
    let r5 = f(a[off + 5 * st]);
    let r6 = f(a[off + 6 * st]);
    let r7 = f(a[off + 7 * st]);
    let i = 8;
    const end = n - (n % 8);
    for (; i < end; i += 8) {
      const p = off + i * st;
      r0 = f(r0 + a[p]);
      r1 = f(r1 + a[p + st]);
      r2 = f(r2 + a[p + 2 * st]);
      r3 = f(r3 + a[p + 3 * st]);
      r4 = f(r4 + a[p + 4 * st]);
      r5 = f(r5 + a[p + 5 * st]);
      r6 = f(r6 + a[p + 6 * st]);
      r7 = f(r7 + a[p + 7 * st]);
    }
    let res = f(f(f(r0 + r1) + f(r2 + r3)) + f(f(r4 + r5) + f(r6 + r7)));
    for (; i < n; i++) res = f(res + a[off + i * st]);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f(pw32(a, off, n2, st) + pw32(a, off + n2 * st, n - n2, st));
}

/** acc + the pairwise sums of successive 8192-element chunks, as numpy's buffered reduction adds them. */
function chunkedSum(acc: number, a: TypedArray, off: number, n: number, st: number, f32: boolean): number {
  for (let c = 0; c < n; c += BUFSIZE) {
    const m = Math.min(BUFSIZE, n - c);
    acc = f32 ? Math.fround(acc + pw32(a, off + c * st, m, st)) : acc + pw64(a, off + c * st, m, st);
  }
  return acc;
}

/** The memory-order view numpy's iterator walks: axes by decreasing |stride|, negative strides flipped. */
function memoryOrder(x: NDArray): { order: number[]; view: NDArray } {
  const strides = x.strides.slice();
  let off = x.offset;
  for (let d = 0; d < x.ndim; d++) {
    if (strides[d] < 0) {
      off += (x.shape[d] - 1) * strides[d];
      strides[d] = -strides[d];
    }
  }
  const key = (d: number): number => (x.shape[d] === 1 ? Infinity : strides[d]);
  const order = x.shape.map((_, d) => d).sort((p, q) => key(q) - key(p) || p - q);
  const view = new NDArray(
    x.data,
    order.map((d) => x.shape[d]),
    x.dtype,
    order.map((d) => strides[d]),
    off,
  );
  return { order, view };
}

/**
 * numpy's add.reduce of floats over `axes`, accumulating in `acc` (float32 or float64). Returns the kept axes in
 * logical order.
 */
function sumFloat(x: NDArray, axes: readonly number[], acc: DType, keepdims = false): NDArray {
  const f32 = acc === "float32";
  if (f32 && x.dtype !== "float32") x = astype(x, "float32");
  const outShape = keptShape(x, axes);
  const nOut = shapeSize(outShape);
  const out = allocate(acc, nOut);
  // the result in its final shape (keepdims' 1s are only a shape: the values are in the same order)
  const res = new NDArray(out, keepdims ? keepShape(x, axes) : outShape, acc);
  if (x.size === 0 || nOut === 0) return res;
  const lane = trailingLane(x, axes);
  if (lane >= 0) {
    // memory order is C order here, so numpy sums each lane pairwise from its start, as the general path below does
    for (let j = 0; j < nOut; j++) out[j] = chunkedSum(0, x.data, x.offset + j * lane, lane, 1, f32);
    return res;
  }
  const red = new Set(axes);
  const outC = cStrides(outShape);
  const outStrideOf = new Array<number>(x.ndim).fill(0);
  let k = 0;
  for (let d = 0; d < x.ndim; d++) if (!red.has(d)) outStrideOf[d] = outC[k++];
  const { order, view } = memoryOrder(x);
  if (axes.length === x.ndim) {
    const n = x.size;
    let data: TypedArray;
    let off = 0;
    if (isCContiguous(view.shape, view.strides)) {
      data = view.data;
      off = view.offset;
    } else {
      data = allocate(x.dtype, n);
      copyStrided(view.data, view.offset, view.shape, view.strides, data);
    }
    out[0] = chunkedSum(0, data, off, n, 1, f32);
    return res;
  }
  // Unit axes play no part in the iteration.
  const P = order.map((d, i) => ({ n: view.shape[i], s: view.strides[i], red: red.has(d), os: outStrideOf[d] })).filter(
    (p) => p.n !== 1,
  );
  const data = view.data;
  if (P.length === 0) {
    out[0] = 0 + data[view.offset];
    return res;
  }
  const last = P.length - 1;
  if (P[last].red) {
    let t = last;
    while (t - 1 >= 0 && P[t - 1].red && P[t - 1].s === P[t].s * P[t].n) t--;
    let L = 1;
    for (let i = t; i <= last; i++) L *= P[i].n;
    const st = P[last].s;
    forEachOuter(P.slice(0, t), view.offset, (so, oo) => {
      out[oo] = chunkedSum(out[oo], data, so, L, st, f32);
    });
    return res;
  }
  // Innermost axis kept: numpy adds element by element along it, the reduced axes advancing sequentially.
  const len = P[last].n;
  const sl = P[last].s;
  const ol = P[last].os;
  forEachOuter(P.slice(0, last), view.offset, (so, oo) => {
    for (let i = 0, p = so, q = oo; i < len; i++, p += sl, q += ol) out[q] = out[q] + data[p];
  });
  return res;
}

/**
 * Calls `visit` with the source and output offsets of every position of the `outer` axes (the last fastest): an
 * odometer over their extents `n`, advancing the source by strides `s` and the output by strides `os`.
 */
function forEachOuter(
  outer: readonly { readonly n: number; readonly s: number; readonly os: number }[],
  sourceOffset: number,
  visit: (so: number, oo: number) => void,
): void {
  const no = outer.length;
  const idx = new Array<number>(no).fill(0);
  let so = sourceOffset;
  let oo = 0;
  for (;;) {
    visit(so, oo);
    let j = no - 1;
    for (; j >= 0; j--) {
      so += outer[j].s;
      oo += outer[j].os;
      if (++idx[j] < outer[j].n) break;
      so -= outer[j].s * outer[j].n;
      oo -= outer[j].os * outer[j].n;
      idx[j] = 0;
    }
    if (j < 0) break;
  }
}

/** numpy's default accumulator dtype for sum/prod/cumsum (unsigned ints: numpy uses uint64, here int64). */
function accDType(d: DType): DType {
  const k = DTYPE_INFO[d].kind;
  if (k === "U") throw pyError("TypeError", "ufunc 'add' did not contain a loop with signature matching types (dtype('<U'), dtype('<U')) -> None");
  if (k === "f") return d;
  return "int64";
}

/** Sum with the accumulator `acc`, numpy's order for floats; exact integer sums otherwise. */
function sumCore(x: NDArray, axes: readonly number[], acc: DType, keepdims = false): NDArray {
  if (DTYPE_INFO[acc].kind === "f") return sumFloat(x, axes, acc, keepdims);
  const L = lanes(x, axes);
  const out = allocate(acc, L.offsets.length);
  const { data, len, stride } = L;
  const fromFloat = DTYPE_INFO[x.dtype].kind === "f";
  for (let j = 0; j < L.offsets.length; j++) {
    let s = 0;
    const o = L.offsets[j];
    if (fromFloat) for (let i = 0; i < len; i++) s += castFloat(data[o + i * stride], acc);
    else for (let i = 0; i < len; i++) s += data[o + i * stride];
    // A bool accumulator is numpy's logical_or reduction; bool storage must stay 0/1.
    out[j] = acc === "bool" ? (s !== 0 ? 1 : 0) : s;
  }
  return new NDArray(out, keepdims ? keepShape(x, axes) : L.outShape, acc);
}

// ---- reductions ----------------------------------------------------------------------------------------------

export function sum(a: unknown, axis: unknown = null, dtype: unknown = null, keepdims: unknown = false): NDArray {
  const x = asArray(a);
  const axes = normAxes(axis, x.ndim);
  const acc = toDType(dtype) ?? accDType(x.dtype);
  return sumCore(x, axes, acc, isTrue(keepdims));
}

/** Multiply in an integer accumulator dtype with numpy's wrap-around. */
function mulWrap(p: number, v: number, acc: DType): number {
  const bits = DTYPE_INFO[acc].bits;
  if (bits === 64) {
    const r = p * v + 0;
    return Math.abs(r) <= 9007199254740992 ? r : Number(BigInt.asIntN(64, BigInt(p) * BigInt(v)));
  }
  if (bits === 32) return DTYPE_INFO[acc].kind === "u" ? Math.imul(p, v) >>> 0 : Math.imul(p, v);
  return wrapInt(p * v, acc);
}

/** Put the kept axes of a result computed in memory order (`order`) back into logical order. */
function toLogical(res: NDArray, order: readonly number[], axes: readonly number[]): NDArray {
  const keptP = order.filter((d) => !axes.includes(d));
  const sortedKept = keptP.slice().sort((p, q) => p - q);
  if (keptP.every((d, i) => d === sortedKept[i])) return res;
  return transpose(
    res,
    sortedKept.map((d) => keptP.indexOf(d)),
  ).copy();
}

export function prod(a: unknown, axis: unknown = null, dtype: unknown = null, keepdims: unknown = false): NDArray {
  const x = asArray(a);
  const axes = normAxes(axis, x.ndim);
  const acc = toDType(dtype) ?? accDType(x.dtype);
  const f32 = acc === "float32";
  const isInt = DTYPE_INFO[acc].kind !== "f";
  // numpy multiplies sequentially in memory order.
  const { order, view } = memoryOrder(x);
  const axesP = order.map((d, i) => (axes.includes(d) ? i : -1)).filter((i) => i >= 0);
  const L = lanes(view, axesP);
  const out = allocate(acc, L.offsets.length);
  const fromFloat = DTYPE_INFO[x.dtype].kind === "f";
  for (let j = 0; j < L.offsets.length; j++) {
    let p = 1;
    const o = L.offsets[j];
    for (let i = 0; i < L.len; i++) {
      let v = L.data[o + i * L.stride];
      if (isInt) {
        if (fromFloat) v = castFloat(v, acc);
        p = mulWrap(p, v, acc);
      } else if (f32) p = Math.fround(p * v);
      else p *= v;
    }
    out[j] = p;
  }
  const res = toLogical(new NDArray(out, L.outShape, acc), order, axes);
  return finish(res, x, axes, isTrue(keepdims));
}

function emptyReduceCheck(x: NDArray, axes: readonly number[], name: string): void {
  for (let i = 0; i < axes.length; i++)
    if (x.shape[axes[i]] === 0) throw pyError("ValueError", `zero-size array to reduction operation ${name} which has no identity`);
}

function extremum(a: unknown, axis: unknown, keepdims: unknown, isMax: boolean, ignoreNan: boolean): NDArray {
  const x = asArray(a);
  const ufunc = ignoreNan ? (isMax ? "fmax" : "fmin") : isMax ? "maximum" : "minimum";
  if (x.dtype === "str") throw pyError("TypeError", `ufunc '${ufunc}' did not contain a loop with signature matching types (dtype('<U'), dtype('<U')) -> None`);
  const axes = normAxes(axis, x.ndim);
  emptyReduceCheck(x, axes, ignoreNan ? (isMax ? "fmax" : "fmin") : isMax ? "maximum" : "minimum");
  // over trailing axes of a C-contiguous array (softmax's max over axis -1) lane j starts at offset + j * len: no
  // lane table to build
  const lane = trailingLane(x, axes);
  const L = lane >= 0 ? null : lanes(x, axes);
  const nOut = L === null ? (lane === 0 ? 0 : x.size / lane) : L.offsets.length;
  const out = allocate(x.dtype, nOut);
  const data = L === null ? x.data : L.data;
  const len = L === null ? lane : L.len;
  const stride = L === null ? 1 : L.stride;
  const isF = DTYPE_INFO[x.dtype].kind === "f";
  for (let j = 0; j < nOut; j++) {
    const o = L === null ? x.offset + j * lane : L.offsets[j];
    let m = data[o];
    // Ties take the later element, as numpy's SIMD reductions do (visible for -0.0 vs 0.0).
    if (isF && !ignoreNan) {
      for (let i = 1; i < len && m === m; i++) {
        const v = data[o + i * stride];
        if (isMax ? !(v < m) : !(v > m)) m = v;
      }
    } else if (isF) {
      for (let i = 1; i < len; i++) {
        const v = data[o + i * stride];
        if (m !== m || (isMax ? v >= m : v <= m)) m = v;
      }
    } else if (isMax) {
      for (let i = 1; i < len; i++) {
        const v = data[o + i * stride];
        if (v > m) m = v;
      }
    } else {
      for (let i = 1; i < len; i++) {
        const v = data[o + i * stride];
        if (v < m) m = v;
      }
    }
    out[j] = m;
  }
  const outShape = isTrue(keepdims) ? keepShape(x, axes) : L === null ? keptShape(x, axes) : L.outShape;
  return new NDArray(out, outShape, x.dtype);
}

export const amax = (a: unknown, axis: unknown = null, keepdims: unknown = false): NDArray =>
  extremum(a, axis, keepdims, true, false);
export const amin = (a: unknown, axis: unknown = null, keepdims: unknown = false): NDArray =>
  extremum(a, axis, keepdims, false, false);
export const nanmax = (a: unknown, axis: unknown = null, keepdims: unknown = false): NDArray =>
  extremum(a, axis, keepdims, true, true);
export const nanmin = (a: unknown, axis: unknown = null, keepdims: unknown = false): NDArray =>
  extremum(a, axis, keepdims, false, true);

/**
 * A string array as the ranks of its strings in code-point order (equal strings, equal ranks), with the sorted
 * distinct strings: orderings of strings (sort, argsort, unique, argmax) run on the ranks.
 */
function strRanks(x: NDArray): { ranks: NDArray; table: string[] } {
  const vals = x.values() as unknown as string[];
  const table = [...new Set(vals)].sort(comparePoints);
  const rank = new Map(table.map((v, i) => [v, i]));
  return { ranks: new NDArray(Float64Array.from(vals, (v) => rank.get(v)!), x.shape.slice(), "float64"), table };
}

/** Ranks back to the strings they stand for. */
function fromRanks(r: NDArray, table: readonly string[]): NDArray {
  const out = allocate("str", r.size);
  const vals = r.values();
  for (let i = 0; i < vals.length; i++) out[i] = table[vals[i]] as unknown as number;
  return new NDArray(out, r.shape.slice(), "str");
}

function argext(a: unknown, axis: unknown, keepdims: unknown, isMax: boolean): NDArray {
  let x = asArray(a);
  if (x.dtype === "str") x = strRanks(x).ranks;
  let axes: number[];
  if (axis === null || axis === undefined) {
    // a 1-d array is its own ravel (np.argmax(probs)): no reshape to parse
    if (x.ndim !== 1) x = ravel(x);
    axes = [0];
  } else axes = [normAxis(axis as number, x.ndim)];
  if (x.shape[axes[0]] === 0) throw pyError("ValueError", `attempt to get ${isMax ? "argmax" : "argmin"} of an empty sequence`);
  // as in extremum: lanes of a contiguous array's last axis need no table
  const lane = trailingLane(x, axes);
  const L = lane >= 0 ? null : lanes(x, axes);
  const nOut = L === null ? x.size / lane : L.offsets.length;
  const out = allocate("int64", nOut);
  const data = L === null ? x.data : L.data;
  const len = L === null ? lane : L.len;
  const stride = L === null ? 1 : L.stride;
  for (let j = 0; j < nOut; j++) {
    const o = L === null ? x.offset + j * lane : L.offsets[j];
    let m = data[o];
    let mi = 0;
    if (m === m) {
      for (let i = 1; i < len; i++) {
        const v = data[o + i * stride];
        if (isMax ? !(v <= m) : !(v >= m)) {
          m = v;
          mi = i;
          if (m !== m) break;
        }
      }
    }
    out[j] = mi;
  }
  const res = new NDArray(out, L === null ? keptShape(x, axes) : L.outShape, "int64");
  if (isTrue(keepdims)) {
    const orig = asArray(a);
    return reshape(res, axis === null || axis === undefined ? orig.shape.map(() => 1) : keepShape(orig, axes));
  }
  return res;
}

export const argmax = (a: unknown, axis: unknown = null, keepdims: unknown = false): NDArray => argext(a, axis, keepdims, true);
export const argmin = (a: unknown, axis: unknown = null, keepdims: unknown = false): NDArray => argext(a, axis, keepdims, false);

function anyAll(a: unknown, axis: unknown, keepdims: unknown, isAny: boolean): NDArray {
  const x = asArray(a);
  const axes = normAxes(axis, x.ndim);
  const L = lanes(x, axes);
  const out = allocate("bool", L.offsets.length);
  const { data, len, stride } = L;
  for (let j = 0; j < L.offsets.length; j++) {
    const o = L.offsets[j];
    let r = isAny ? 0 : 1;
    for (let i = 0; i < len; i++) {
      const nz = data[o + i * stride] !== 0;
      if (isAny && nz) {
        r = 1;
        break;
      }
      if (!isAny && !nz) {
        r = 0;
        break;
      }
    }
    out[j] = r;
  }
  return finish(new NDArray(out, L.outShape, "bool"), x, axes, isTrue(keepdims));
}

export const any = (a: unknown, axis: unknown = null, keepdims: unknown = false): NDArray => anyAll(a, axis, keepdims, true);
export const all = (a: unknown, axis: unknown = null, keepdims: unknown = false): NDArray => anyAll(a, axis, keepdims, false);

function reduceCount(x: NDArray, axes: readonly number[]): number {
  let n = 1;
  for (const d of axes) n *= x.shape[d];
  return n;
}

/** Divide in dtype d as numpy's true_divide(out=...) does: the double quotient rounded (or cast) to d. */
function divideBy(s: NDArray, n: number, d: DType): NDArray {
  if (DTYPE_INFO[d].kind === "f") return map1(s, d, (v) => v / n);
  return map1(s, d, (v) => castFloat(v / n, d));
}

function meanDType(x: NDArray, dtype: unknown): DType {
  const want = toDType(dtype);
  if (want) return want;
  return DTYPE_INFO[x.dtype].kind === "f" ? x.dtype : "float64";
}

export function mean(a: unknown, axis: unknown = null, dtype: unknown = null, keepdims: unknown = false): NDArray {
  const x = asArray(a);
  const axes = normAxes(axis, x.ndim);
  const d = meanDType(x, dtype);
  const acc = DTYPE_INFO[d].kind === "f" ? d : accDType(x.dtype);
  const s = sumCore(x, axes, acc);
  const out = divideBy(s, reduceCount(x, axes), d);
  return finish(out, x, axes, isTrue(keepdims));
}

function varImpl(a: unknown, axis: unknown, dtype: unknown, ddof: unknown, keepdims: unknown, root: boolean): NDArray {
  const x = asArray(a);
  const axes = normAxes(axis, x.ndim);
  const want = toDType(dtype);
  const d = want ?? (DTYPE_INFO[x.dtype].kind === "f" ? x.dtype : "float64");
  const n = reduceCount(x, axes);
  const dd = Number(ddof instanceof NDArray ? ddof.item() : ddof ?? 0);
  // Work in numpy's memory order so the deviations array is laid out (and summed) as numpy's is.
  const { order, view } = memoryOrder(x);
  const axesP = order.map((dim, i) => (axes.includes(dim) ? i : -1)).filter((i) => i >= 0);
  const meanKeep = reshape(divideBy(sumCore(view, axesP, d), n, d), keepShape(view, axesP));
  const rt = promote(x.dtype, d);
  const dev = binaryUfunc("subtract", view, meanKeep.dtype === rt ? meanKeep : astype(meanKeep, rt));
  const sq = binaryUfunc("multiply", dev, dev);
  let ret = sumCore(sq, axesP, d);
  const div = Math.max(n - dd, 0);
  ret = divideBy(ret, div, d);
  if (root) ret = unaryUfunc("sqrt", ret);
  return finish(toLogical(ret, order, axes), x, axes, isTrue(keepdims));
}

export const var_ = (a: unknown, axis: unknown = null, dtype: unknown = null, ddof: unknown = 0, keepdims: unknown = false): NDArray =>
  varImpl(a, axis, dtype, ddof, keepdims, false);
export const std = (a: unknown, axis: unknown = null, dtype: unknown = null, ddof: unknown = 0, keepdims: unknown = false): NDArray =>
  varImpl(a, axis, dtype, ddof, keepdims, true);

function replaceNan(x: NDArray): NDArray {
  if (DTYPE_INFO[x.dtype].kind !== "f") return x;
  return map1(x, x.dtype, (v) => (v !== v ? 0 : v));
}

export function nansum(a: unknown, axis: unknown = null, dtype: unknown = null, keepdims: unknown = false): NDArray {
  return sum(replaceNan(asArray(a)), axis, dtype, keepdims);
}

export function nanmean(a: unknown, axis: unknown = null, dtype: unknown = null, keepdims: unknown = false): NDArray {
  const x = asArray(a);
  if (DTYPE_INFO[x.dtype].kind !== "f") return mean(x, axis, dtype, keepdims);
  const axes = normAxes(axis, x.ndim);
  const d = toDType(dtype) ?? x.dtype;
  const tot = sumCore(replaceNan(x), axes, d);
  const cnt = sumCore(map1(x, "bool", (v) => (v === v ? 1 : 0)), axes, "int64");
  const out = map2(tot, cnt, d, (s, c) => s / c);
  return finish(out, x, axes, isTrue(keepdims));
}

/** numpy.median: the mean of the middle element(s) of each sorted lane; NaN if the lane holds a NaN. */
export function median(a: unknown, axis: unknown = null, keepdims: unknown = false): NDArray {
  const x = asArray(a);
  const axes = normAxes(axis, x.ndim);
  const d = DTYPE_INFO[x.dtype].kind === "f" ? x.dtype : "float64";
  const L = lanes(x, axes);
  const out = allocate(d, L.offsets.length);
  const buf = new Float64Array(L.len);
  const f32 = d === "float32";
  for (let j = 0; j < L.offsets.length; j++) {
    const o = L.offsets[j];
    let hasNan = false;
    for (let i = 0; i < L.len; i++) {
      const v = L.data[o + i * L.stride];
      if (v !== v) hasNan = true;
      buf[i] = v;
    }
    if (L.len === 0 || hasNan) {
      out[j] = NaN;
      continue;
    }
    buf.sort();
    const h = L.len >> 1;
    if (L.len % 2) out[j] = 0 + buf[h];
    else if (f32) out[j] = Math.fround(Math.fround(Math.fround(0 + buf[h - 1]) + buf[h]) / 2);
    else out[j] = (buf[h - 1] + buf[h]) / 2;
  }
  return finish(new NDArray(out, L.outShape, d), x, axes, isTrue(keepdims));
}

export function count_nonzero(a: unknown, axis: unknown = null, keepdims: unknown = false): NDArray | number {
  const x = asArray(a);
  if ((axis === null || axis === undefined) && !isTrue(keepdims)) {
    const v = x.values();
    let c = 0;
    for (let i = 0; i < v.length; i++) if (v[i] !== 0) c++;
    return c;
  }
  return sum(map1(x, "bool", (v) => (v !== 0 ? 1 : 0)), axis, "int64", keepdims);
}

// ---- cumulative ----------------------------------------------------------------------------------------------

function cumulative(a: unknown, axis: unknown, dtype: unknown, isProd: boolean): NDArray {
  let x = asArray(a);
  if (axis === null || axis === undefined) x = ravel(x);
  const d = axis === null || axis === undefined ? 0 : normAxis(axis as number, x.ndim);
  const acc = toDType(dtype) ?? accDType(x.dtype);
  if (x.ndim === 0) x = reshape(x, [1]);
  const L = lanes(x, [d]);
  // Write lanes into an array whose last axis is the accumulation axis, then move it back.
  const kept = x.shape.filter((_, k) => k !== d);
  const tmp = allocate(acc, x.size);
  const f32 = acc === "float32";
  const isInt = DTYPE_INFO[acc].kind !== "f";
  const fromFloat = DTYPE_INFO[x.dtype].kind === "f";
  for (let j = 0; j < L.offsets.length; j++) {
    const o = L.offsets[j];
    let s = isProd ? 1 : 0;
    for (let i = 0; i < L.len; i++) {
      let v = L.data[o + i * L.stride];
      if (isInt && fromFloat) v = castFloat(v, acc);
      if (isProd) s = isInt ? mulWrap(s, v, acc) : f32 ? Math.fround(s * v) : s * v;
      else s = isInt ? wrapInt(s + v, acc) : f32 ? Math.fround(s + v) : s + v;
      tmp[j * L.len + i] = s;
    }
  }
  const moved = new NDArray(tmp, [...kept, x.shape[d]], acc);
  const perm: number[] = [];
  for (let k = 0, kk = 0; k < x.ndim; k++) perm.push(k === d ? x.ndim - 1 : kk++);
  return transpose(moved, perm).copy();
}

export const cumsum = (a: unknown, axis: unknown = null, dtype: unknown = null): NDArray => cumulative(a, axis, dtype, false);
export const cumprod = (a: unknown, axis: unknown = null, dtype: unknown = null): NDArray => cumulative(a, axis, dtype, true);

export function diff(a: unknown, n: unknown = 1, axis: unknown = -1, prepend: unknown = undefined, append: unknown = undefined): NDArray {
  let x = asArray(a);
  const order = Number(n);
  if (order === 0) return x;
  if (order < 0) throw pyError("ValueError", `order must be non-negative but got ${order}`);
  if (x.ndim === 0) throw pyError("ValueError", "diff requires input that is at least one dimensional");
  const d = normAxis(axis as number, x.ndim);
  const parts: NDArray[] = [];
  const extend = (v: unknown): NDArray => {
    let p = asArray(v);
    if (p.ndim === 0) {
      const shape = x.shape.slice();
      shape[d] = 1;
      p = new NDArray(p.data, shape, p.dtype, shape.map(() => 0), p.offset);
    }
    return p;
  };
  if (prepend !== undefined && prepend !== null) parts.push(extend(prepend));
  parts.push(x);
  if (append !== undefined && append !== null) parts.push(extend(append));
  if (parts.length > 1) x = concatenateLocal(parts, d);
  for (let k = 0; k < order; k++) {
    const len = x.shape[d];
    const hi = sliceView(x, d, 1, len);
    const lo = sliceView(x, d, 0, Math.max(len - 1, 0));
    x = x.dtype === "bool" ? binaryUfunc("not_equal", hi, lo) : binaryUfunc("subtract", hi, lo);
  }
  return x;
}

function sliceView(a: NDArray, axis: number, start: number, stop: number): NDArray {
  const shape = a.shape.slice();
  const len = Math.max(0, stop - start);
  shape[axis] = len;
  return new NDArray(a.data, shape, a.dtype, a.strides.slice(), a.offset + (len > 0 ? start * a.strides[axis] : 0));
}

function concatenateLocal(parts: NDArray[], d: number): NDArray {
  let rt = parts[0].dtype;
  for (const p of parts) rt = promote(rt, p.dtype);
  const shape = parts[0].shape.slice();
  shape[d] = parts.reduce((s, p) => s + p.shape[d], 0);
  const out = new NDArray(allocate(rt, shapeSize(shape)), shape, rt);
  let pos = 0;
  for (const p of parts) {
    const view = sliceView(out, d, pos, pos + p.shape[d]);
    const src = p.dtype === rt ? p : astype(p, rt);
    const tmp = binaryUfunc("add", src, 0);
    copyInto(view, tmp.dtype === rt ? tmp : astype(tmp, rt));
    pos += p.shape[d];
  }
  return out;
}

function copyInto(dst: NDArray, src: NDArray): void {
  const vals = src.values();
  let i = 0;
  const nd = dst.ndim;
  const idx = new Array<number>(nd).fill(0);
  const n = dst.size;
  for (let j = 0; j < n; j++) {
    dst.data[dst.offsetOf(idx)] = vals[i++];
    for (let k = nd - 1; k >= 0; k--) {
      if (++idx[k] < dst.shape[k]) break;
      idx[k] = 0;
    }
  }
}

// ---- sorting -------------------------------------------------------------------------------------------------

/** The runs argsortLane insertion-sorts before merging them. */
const ARGSORT_RUN = 16;

/** Stable sort of lane indices by value, NaN last (numpy's order). */
function argsortLane(vals: Float64Array, n: number, idx: Int32Array, tmp: Int32Array): void {
  // NaNs go last in original order; the rest is merge-sorted.
  let m = 0;
  let k = 0;
  for (let i = 0; i < n; i++) if (vals[i] === vals[i]) idx[m++] = i;
  const nanStart = m;
  for (let i = 0; i < n; i++) if (vals[i] !== vals[i]) tmp[k++] = i;
  for (let i = 0; i < k; i++) idx[nanStart + i] = tmp[i];
  const RUN = ARGSORT_RUN;
  for (let lo = 0; lo < m; lo += RUN) {
    const hi = Math.min(lo + RUN, m);
    for (let i = lo + 1; i < hi; i++) {
      const x = idx[i];
      const v = vals[x];
      let j = i - 1;
      while (j >= lo && vals[idx[j]] > v) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = x;
    }
  }
  let src = idx;
  let dst = tmp;
  for (let width = RUN; width < m; width *= 2) {
    for (let lo = 0; lo < m; lo += 2 * width) {
      const mid = Math.min(lo + width, m);
      const hi = Math.min(lo + 2 * width, m);
      let i = lo;
      let j = mid;
      let o = lo;
      while (i < mid && j < hi) dst[o++] = vals[src[j]] < vals[src[i]] ? src[j++] : src[i++];
      while (i < mid) dst[o++] = src[i++];
      while (j < hi) dst[o++] = src[j++];
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== idx) for (let i = 0; i < m; i++) idx[i] = src[i];
}

/** Per-lane transformation along one axis; `fn` fills `out` (length len) from `vals`. */
function alongAxis(
  x: NDArray,
  d: number,
  outDtype: DType,
  fn: (vals: Float64Array, out: Float64Array, len: number) => void,
): NDArray {
  const L = lanes(x, [d]);
  const len = L.len;
  const tmp = allocate(outDtype, x.size);
  const vals = new Float64Array(len);
  const res = new Float64Array(len);
  for (let j = 0; j < L.offsets.length; j++) {
    const o = L.offsets[j];
    for (let i = 0; i < len; i++) vals[i] = L.data[o + i * L.stride];
    fn(vals, res, len);
    for (let i = 0; i < len; i++) tmp[j * len + i] = res[i];
  }
  const kept = x.shape.filter((_, k) => k !== d);
  const moved = new NDArray(tmp, [...kept, x.shape[d]], outDtype);
  // along the last axis the lanes were written in place already (a fresh array, as the copy below would be)
  if (d === x.ndim - 1) return moved;
  const perm: number[] = [];
  for (let k = 0, kk = 0; k < x.ndim; k++) perm.push(k === d ? x.ndim - 1 : kk++);
  return transpose(moved, perm).copy();
}

/** numpy.argsort: always stable (numpy's default quicksort is stable only up to 16 elements). */
export function argsort(a: unknown, axis: unknown = -1, kind: unknown = null): NDArray {
  void kind;
  let x = asArray(a);
  if (x.dtype === "str") x = strRanks(x).ranks;
  if (axis === null) x = ravel(x);
  if (x.ndim === 0) x = reshape(x, [1]);
  const d = axis === null ? 0 : normAxis(axis as number, x.ndim);
  if (x.ndim === 1) return argsort1d(x);
  let idx = new Int32Array(0);
  let tmp = new Int32Array(0);
  return alongAxis(x, d, "int64", (vals, out, len) => {
    if (idx.length !== len) {
      idx = new Int32Array(len);
      tmp = new Int32Array(len);
    }
    argsortLane(vals, len, idx, tmp);
    for (let i = 0; i < len; i++) out[i] = idx[i];
  });
}

/**
 * argsort of a 1-d array (a model's scores per class, `np.argsort(probs)[::-1]`): the order argsortLane gives, read
 * straight from the array's storage into the result, where the lane machinery copies every lane twice. Up to one
 * run (16 elements, numpy's insertion-sort size) it is argsortLane's insertion sort on the indices in place.
 */
const SORT_VALS = new Float64Array(ARGSORT_RUN);
const SORT_IDX = new Int32Array(ARGSORT_RUN);

function argsort1d(x: NDArray): NDArray {
  const n = x.shape[0];
  const data = x.data;
  const o = x.offset;
  const st = x.strides[0];
  const out = allocate("int64", n);
  if (n > ARGSORT_RUN) {
    const vals = new Float64Array(n);
    for (let i = 0; i < n; i++) vals[i] = data[o + i * st];
    const idx = new Int32Array(n);
    argsortLane(vals, n, idx, new Int32Array(n));
    for (let i = 0; i < n; i++) out[i] = idx[i];
    return new NDArray(out, [n], "int64");
  }
  // NaNs last in their original order, then an insertion sort of the others, as argsortLane does within one run; on
  // module scratch arrays of one type each (int indices, double values), where the storage of any dtype read by
  // index and int64 indices held as doubles made every comparison a generic load
  const vals = SORT_VALS;
  const idx = SORT_IDX;
  for (let i = 0; i < n; i++) vals[i] = data[o + i * st];
  let m = 0;
  for (let i = 0; i < n; i++) if (vals[i] === vals[i]) idx[m++] = i;
  for (let i = 0, k = m; i < n; i++) if (vals[i] !== vals[i]) idx[k++] = i;
  for (let i = 1; i < m; i++) {
    const xi = idx[i];
    const v = vals[xi];
    let j = i - 1;
    while (j >= 0 && vals[idx[j]] > v) {
      idx[j + 1] = idx[j];
      j--;
    }
    idx[j + 1] = xi;
  }
  for (let i = 0; i < n; i++) out[i] = idx[i];
  return new NDArray(out, [n], "int64");
}

/** numpy.sort: a sorted copy, NaN last. */
export function sort(a: unknown, axis: unknown = -1, kind: unknown = null): NDArray {
  void kind;
  let x = asArray(a);
  if (x.dtype === "str") {
    const { ranks, table } = strRanks(x);
    return fromRanks(sort(ranks, axis, kind), table);
  }
  if (axis === null) x = ravel(x);
  if (x.ndim === 0) throw pyError("AxisError", "axis -1 is out of bounds for array of dimension 0");
  const d = axis === null ? 0 : normAxis(axis as number, x.ndim);
  return alongAxis(x, d, x.dtype, (vals, out, len) => {
    out.set(vals.subarray(0, len));
    out.subarray(0, len).sort();
  });
}

/** ndarray.sort(): in place. */
export function sortInPlace(a: NDArray, axis: unknown = -1): void {
  const s = sort(a, axis);
  copyInto(a, s);
}

export function unique(
  ar: unknown,
  return_index: unknown = false,
  return_inverse: unknown = false,
  return_counts: unknown = false,
): NDArray | NDArray[] {
  const given = asArray(ar);
  if (given.dtype === "str") {
    const { ranks, table } = strRanks(given);
    const r = unique(ranks, return_index, return_inverse, return_counts);
    if (r instanceof NDArray) return fromRanks(r, table);
    return tuple([fromRanks(r[0]!, table), ...r.slice(1)]);
  }
  const x = ravel(given);
  const n = x.size;
  const vals = new Float64Array(x.values());
  const idx = new Int32Array(n);
  argsortLane(vals, n, idx, new Int32Array(n));
  const firsts: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = vals[idx[i]];
    if (i === 0) firsts.push(0);
    else {
      const p = vals[idx[i - 1]];
      const same = v === p || (v !== v && p !== p);
      if (!same) firsts.push(i);
    }
  }
  const u = allocate(x.dtype, firsts.length);
  firsts.forEach((f, k) => (u[k] = vals[idx[f]]));
  const uniq = new NDArray(u, [firsts.length], x.dtype);
  if (!isTrue(return_index) && !isTrue(return_inverse) && !isTrue(return_counts)) return uniq;
  const out: NDArray[] = [uniq];
  if (isTrue(return_index)) out.push(new NDArray(Float64Array.from(firsts, (f) => idx[f]), [firsts.length], "int64"));
  if (isTrue(return_inverse)) {
    const inv = new Float64Array(n);
    let g = -1;
    for (let i = 0; i < n; i++) {
      if (g + 1 < firsts.length && firsts[g + 1] === i) g++;
      inv[idx[i]] = g;
    }
    out.push(new NDArray(inv, [n], "int64"));
  }
  if (isTrue(return_counts)) {
    out.push(
      new NDArray(
        Float64Array.from(firsts, (f, k) => (k + 1 < firsts.length ? firsts[k + 1] : n) - f),
        [firsts.length],
        "int64",
      ),
    );
  }
  return tuple(out);
}

export function searchsorted(a: unknown, v: unknown, side: unknown = "left", sorter: unknown = null): NDArray {
  let arr = asArray(a);
  if (arr.ndim !== 1) throw pyError("ValueError", "object too deep for desired array");
  if (sorter !== null && sorter !== undefined) {
    const s = asArray(sorter).values();
    const base = arr.values();
    const sorted = allocate(arr.dtype, s.length);
    for (let i = 0; i < s.length; i++) sorted[i] = base[s[i]];
    arr = new NDArray(sorted, [s.length], arr.dtype);
  }
  const hay = arr.values();
  const n = hay.length;
  const vv = asArray(v);
  const right = side === "right";
  if (side !== "left" && side !== "right")
    throw pyError("ValueError", `side must be 'left' or 'right' (got '${String(side)}')`);
  const lt = (p: number, q: number): boolean => p < q || (q !== q && p === p);
  return map1(vv, "int64", (x) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (right ? !lt(x, hay[mid]) : lt(hay[mid], x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
}

/** numpy's check_array_monotonic: 1 increasing (or all equal), -1 decreasing, 0 neither. */
function monotonicity(v: ArrayLike<number>): number {
  let i = 1;
  while (i < v.length && v[i] === v[0]) i++;
  if (i >= v.length) return 1;
  const increasing = v[i - 1] < v[i];
  for (i += 1; i < v.length; i++) if (increasing ? v[i - 1] > v[i] : v[i - 1] < v[i]) return 0;
  return increasing ? 1 : -1;
}

/** numpy.digitize(x, bins, right=False): searchsorted with the other side, on reversed bins when they decrease. */
export function digitize(x: unknown, bins: unknown, right: unknown = false): NDArray {
  const b = asArray(bins);
  if (b.ndim !== 1) throw pyError("ValueError", b.ndim === 0 ? "object of too small depth for desired array" : "object too deep for desired array");
  const side = isTrue(right) ? "left" : "right";
  const edges = b.values();
  const mono = monotonicity(edges);
  if (mono === 0) throw pyError("ValueError", "bins must be monotonically increasing or decreasing");
  if (mono > 0) return searchsorted(b, x, side);
  const n = edges.length;
  const reversed = allocate(b.dtype, n);
  for (let i = 0; i < n; i++) reversed[i] = edges[n - 1 - i];
  return map1(searchsorted(new NDArray(reversed, [n], b.dtype), x, side), "int64", (i) => n - i);
}

// ---- products ------------------------------------------------------------------------------------------------

/** C[..., i, j] = sum_k A[..., i, k] * B[..., k, j] for 2-d operands (float accumulation in float64). */
function matmul2d(A: NDArray, B: NDArray, out: TypedArray, outOff: number, rt: DType): void {
  const [n, k] = A.shape;
  const m = B.shape[1];
  const a = A.values();
  const b = B.values();
  const row = new Float64Array(m);
  const isBool = rt === "bool";
  for (let i = 0; i < n; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p];
      if (av === 0) continue;
      const bo = p * m;
      if (isBool) for (let j = 0; j < m; j++) row[j] = row[j] || (b[bo + j] !== 0 ? 1 : 0);
      else for (let j = 0; j < m; j++) row[j] += av * b[bo + j];
    }
    for (let j = 0; j < m; j++) out[outOff + i * m + j] = row[j];
  }
}

export function matmul(x1: unknown, x2: unknown): NDArray {
  const a0 = asArray(x1);
  const b0 = asArray(x2);
  if (a0.ndim === 0 || b0.ndim === 0)
    throw pyError(
      "ValueError",
      `matmul: Input operand ${a0.ndim === 0 ? 0 : 1} does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)`,
    );
  const rt = promote(a0.dtype, b0.dtype);
  const a = a0.ndim === 1 ? reshape(a0, [1, a0.shape[0]]) : a0;
  const b = b0.ndim === 1 ? reshape(b0, [b0.shape[0], 1]) : b0;
  const n = a.shape[a.ndim - 2];
  const k = a.shape[a.ndim - 1];
  const k2 = b.shape[b.ndim - 2];
  const m = b.shape[b.ndim - 1];
  if (k !== k2)
    throw pyError(
      "ValueError",
      `matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size ${k2} is different from ${k})`,
    );
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const nb = Math.max(batchA.length, batchB.length);
  const batch: number[] = [];
  for (let i = 0; i < nb; i++) {
    const x = batchA[batchA.length - nb + i] ?? 1;
    const y = batchB[batchB.length - nb + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1)
      throw pyError(
        "ValueError",
        `operands could not be broadcast together with remapped shapes [original->remapped]: ${shapeStr(a0.shape)}->${shapeStr(a.shape)} ${shapeStr(b0.shape)}->${shapeStr(b.shape)}`,
      );
    batch.push(x === 1 ? y : x);
  }
  const nBatch = shapeSize(batch);
  const out = allocate(rt, nBatch * n * m);
  const idx = new Array<number>(nb).fill(0);
  const sub = (x: NDArray, bshape: number[]): NDArray => {
    let off = x.offset;
    const bd = x.ndim - 2;
    for (let i = 0; i < bd; i++) {
      const ii = idx[nb - bd + i];
      off += (bshape[i] === 1 ? 0 : ii) * x.strides[i];
    }
    return new NDArray(x.data, x.shape.slice(-2), x.dtype, x.strides.slice(-2), off);
  };
  for (let t = 0; t < nBatch; t++) {
    matmul2d(sub(a, batchA), sub(b, batchB), out, t * n * m, rt);
    for (let i = nb - 1; i >= 0; i--) {
      if (++idx[i] < batch[i]) break;
      idx[i] = 0;
    }
  }
  const shape = [...batch, ...(a0.ndim === 1 ? [] : [n]), ...(b0.ndim === 1 ? [] : [m])];
  return new NDArray(out, shape, rt);
}

export function dot(a: unknown, b: unknown): NDArray {
  const x = asArray(a);
  const y = asArray(b);
  if (x.ndim === 0 || y.ndim === 0) return binaryUfunc("multiply", a, b);
  if (x.ndim <= 2 && y.ndim <= 2) {
    if (x.shape[x.ndim - 1] !== y.shape[y.ndim === 1 ? 0 : y.ndim - 2])
      throw pyError(
        "ValueError",
        `shapes ${shapeStr(x.shape)} and ${shapeStr(y.shape)} not aligned: ${x.shape[x.ndim - 1]} (dim ${x.ndim - 1}) != ${y.shape[y.ndim === 1 ? 0 : y.ndim - 2]} (dim ${y.ndim === 1 ? 0 : y.ndim - 2})`,
      );
    return matmul(x, y);
  }
  if (y.ndim === 1) return matmul(x, y);
  // N-d . M-d: sum over the last axis of x and the second-to-last of y.
  const k = x.shape[x.ndim - 1];
  if (k !== y.shape[y.ndim - 2])
    throw pyError("ValueError", `shapes ${shapeStr(x.shape)} and ${shapeStr(y.shape)} not aligned`);
  const x2 = reshape(x, [-1, k]);
  const yt = moveAxisLocal(y, y.ndim - 2, 0);
  const y2 = reshape(yt.copy(), [k, -1]);
  const r = matmul(x2, y2);
  return reshape(r, [...x.shape.slice(0, -1), ...y.shape.slice(0, -2), y.shape[y.ndim - 1]]);
}

function moveAxisLocal(a: NDArray, src: number, dst: number): NDArray {
  const order = a.shape.map((_, i) => i).filter((i) => i !== src);
  order.splice(dst, 0, src);
  return transpose(a, order);
}

export function outer(a: unknown, b: unknown): NDArray {
  const x = ravel(asArray(a));
  const y = ravel(asArray(b));
  return binaryUfunc("multiply", reshape(x, [-1, 1]), reshape(y, [1, -1]));
}

export function inner(a: unknown, b: unknown): NDArray {
  const x = asArray(a);
  const y = asArray(b);
  if (x.ndim === 0 || y.ndim === 0) return binaryUfunc("multiply", a, b);
  return dot(x, y.ndim >= 2 ? moveAxisLocal(y, y.ndim - 1, y.ndim - 2) : y);
}

/** numpy.linalg.norm for vector norms (any ord) and the Frobenius / 1 / inf matrix norms. */
export function linalg_norm(x: unknown, ord: unknown = null, axis: unknown = null, keepdims: unknown = false): NDArray {
  let a = asArray(x);
  if (DTYPE_INFO[a.dtype].kind !== "f") a = astype(a, "float64");
  const kd = isTrue(keepdims);
  const o = ord instanceof WeakFloat ? ord.value : ord instanceof NDArray ? Number(ord.item()) : ord;
  if (axis === null || axis === undefined) {
    if (o === null || o === undefined || ((o === "fro" || o === "f") && a.ndim === 2) || (o === 2 && a.ndim === 1)) {
      const r = ravel(a);
      const s = sqrtScalar(dotSelf(r), a.dtype);
      return kd ? reshape(s, a.shape.map(() => 1)) : s;
    }
  }
  const axes =
    axis === null || axis === undefined
      ? a.shape.map((_, i) => i)
      : (Array.isArray(axis) ? (axis as number[]) : [axis as number]).map((v) => normAxis(v, a.ndim));
  if (axes.length === 1) {
    const ax = axes[0];
    const absx = unaryUfunc("absolute", a);
    if (o === Infinity) return amax(absx, ax, kd);
    if (o === -Infinity) return amin(absx, ax, kd);
    if (o === 0) return sum(astype(binaryUfunc("not_equal", a, 0), a.dtype), ax, null, kd);
    if (o === 1) return sum(absx, ax, null, kd);
    if (o === null || o === undefined || o === 2) return unaryUfunc("sqrt", sum(binaryUfunc("multiply", a, a), ax, null, kd));
    if (typeof o === "string") throw pyError("ValueError", `Invalid norm order '${o}' for vectors`);
    const p = Number(o);
    const s = sum(binaryUfunc("power", absx, p), ax, null, kd);
    return binaryUfunc("power", s, 1 / p);
  }
  if (axes.length === 2) {
    let [row, col] = axes;
    if (row === col) throw pyError("ValueError", "Duplicate axes given.");
    const absx = unaryUfunc("absolute", a);
    let r: NDArray;
    if (o === null || o === undefined || o === "fro" || o === "f") r = unaryUfunc("sqrt", sum(binaryUfunc("multiply", a, a), axes));
    else if (o === 1 || o === -1) {
      if (col > row) col -= 1;
      r = (o === 1 ? amax : amin)(sum(absx, row), col);
    } else if (o === Infinity || o === -Infinity) {
      if (row > col) row -= 1;
      r = (o === Infinity ? amax : amin)(sum(absx, col), row);
    } else throw pyError("ValueError", "Invalid norm order for matrices (only 'fro', 1, -1, inf, -inf are supported).");
    if (kd) r = reshape(r, a.shape.map((n, i) => (axes.includes(i) ? 1 : n)));
    return r;
  }
  throw pyError("ValueError", "Improper number of dimensions to norm.");
}

function dotSelf(r: NDArray): number {
  const v = r.values();
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}

function sqrtScalar(s: number, d: DType): NDArray {
  const data = allocate(d, 1);
  data[0] = Math.sqrt(d === "float32" ? Math.fround(s) : s);
  return new NDArray(data, [], d);
}
