// numpy runtime, shape manipulation: views (reshape, transpose, expand_dims, squeeze, flip, split) share the buffer
// as numpy's do; joins, pad, tile and repeat copy.
import { pyError, Slice, WeakFloat } from "./core.ts";
import {
  allocate,
  castValue,
  cStrides,
  isCContiguous,
  NDArray,
  shapeSize,
  type DType,
} from "./ndarray.ts";
import {
  asArray,
  astype,
  normAxes,
  normAxis,
  operand,
  promote,
  resultType,
  shapeStr,
  toDType,
  type Operand,
} from "./np-base.ts";
import { assignInto } from "./np-ufunc.ts";

/** Gather `a[maps[0][i0], maps[1][i1], ...]` (maps hold source indices per axis) into a new C-contiguous array. */
export function gatherMaps(a: NDArray, maps: readonly ArrayLike<number>[], outDtype: DType = a.dtype): NDArray {
  const shape = maps.map((m) => m.length);
  const n = shapeSize(shape);
  const out = allocate(outDtype, n);
  const res = new NDArray(out, shape, outDtype);
  if (n === 0) return res;
  const tables = maps.map((m, d) => {
    const t = new Float64Array(m.length);
    for (let i = 0; i < m.length; i++) t[i] = m[i] * a.strides[d];
    return t;
  });
  gatherTables(a, a.offset, tables, out, outDtype);
  return res;
}

/** Fill `out` (C order over the tables' lengths) with src values at base + sum of per-axis offsets. */
export function gatherTables(
  src: NDArray,
  base: number,
  tables: readonly ArrayLike<number>[],
  out: ArrayLike<number> & { [i: number]: number },
  outDtype: DType,
): void {
  const sd = src.data;
  const nd = tables.length;
  const conv = outDtype !== src.dtype;
  if (nd === 0) {
    out[0] = conv ? castValue(sd[base], src.dtype, outDtype) : sd[base];
    return;
  }
  const shape = tables.map((t) => t.length);
  if (shapeSize(shape) === 0) return;
  const last = nd - 1;
  const lt = tables[last];
  const len = lt.length;
  const idx = new Array<number>(nd).fill(0);
  const partial = new Float64Array(nd + 1);
  partial[0] = base;
  for (let d = 0; d < last; d++) partial[d + 1] = partial[d] + tables[d][0];
  let o = 0;
  for (;;) {
    const off = partial[last];
    if (conv) for (let i = 0; i < len; i++) out[o++] = castValue(sd[off + lt[i]], src.dtype, outDtype);
    else for (let i = 0; i < len; i++) out[o++] = sd[off + lt[i]];
    let k = last - 1;
    for (; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
    if (k < 0) return;
    for (let d = k; d < last; d++) partial[d + 1] = partial[d] + tables[d][idx[d]];
  }
}

// ---- views ---------------------------------------------------------------------------------------------------

/** numpy's _attempt_nocopy_reshape: strides for `newShape` over the same buffer, or null when a copy is needed. */
function nocopyStrides(a: NDArray, newShape: readonly number[]): number[] | null {
  const olddims: number[] = [];
  const oldstrides: number[] = [];
  for (let i = 0; i < a.ndim; i++) {
    if (a.shape[i] !== 1) {
      olddims.push(a.shape[i]);
      oldstrides.push(a.strides[i]);
    }
  }
  const newnd = newShape.length;
  const oldnd = olddims.length;
  const newstrides = new Array<number>(newnd).fill(0);
  let oi = 0;
  let oj = 1;
  let ni = 0;
  let nj = 1;
  while (ni < newnd && oi < oldnd) {
    let np = newShape[ni];
    let op = olddims[oi];
    while (np !== op) {
      if (np < op) np *= newShape[nj++];
      else op *= olddims[oj++];
    }
    for (let ok = oi; ok < oj - 1; ok++) if (oldstrides[ok] !== olddims[ok + 1] * oldstrides[ok + 1]) return null;
    newstrides[nj - 1] = oldstrides[oj - 1];
    for (let nk = nj - 1; nk > ni; nk--) newstrides[nk - 1] = newstrides[nk] * newShape[nk];
    ni = nj++;
    oi = oj++;
  }
  const lastStride = ni >= 1 ? newstrides[ni - 1] : 1;
  for (let nk = ni; nk < newnd; nk++) newstrides[nk] = lastStride;
  return newstrides;
}

/** Resolve a reshape target with at most one -1 against `size`. */
export function resolveShape(newshape: unknown, size: number): number[] {
  const raw = typeof newshape === "number" ? [newshape] : (toShapeLoose(newshape) as number[]);
  let unknown = -1;
  let known = 1;
  for (let i = 0; i < raw.length; i++) {
    const n = raw[i];
    if (n === -1) {
      if (unknown >= 0) throw pyError("ValueError", "can only specify one unknown dimension");
      unknown = i;
    } else if (n < 0) throw pyError("ValueError", "negative dimensions not allowed");
    else known *= n;
  }
  // raw is a fresh array (toShapeLoose's or the literal above), changed only once the shape is known to be good
  const out = raw;
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0)
      throw pyError("ValueError", `cannot reshape array of size ${size} into shape ${shapeStr(raw).replace("-1", "newaxis")}`);
    out[unknown] = size / known;
  } else if (known !== size) throw pyError("ValueError", `cannot reshape array of size ${size} into shape ${shapeStr(raw)}`);
  return out;
}

function toShapeLoose(s: unknown): number[] {
  if (s instanceof NDArray) return (s.ndim === 0 ? [s.item()] : (s.tolist() as number[])).map(Number);
  if (!Array.isArray(s)) throw pyError("TypeError", `'${typeof s}' object cannot be interpreted as an integer`);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const v: unknown = s[i];
    const n = v instanceof NDArray ? Number(v.item()) : v;
    if (typeof n !== "number" || !Number.isInteger(n))
      throw pyError("TypeError", `'${typeof n === "number" ? "float" : typeof n}' object cannot be interpreted as an integer`);
    out.push(n);
  }
  return out;
}

/** numpy.reshape(a, newshape): a view whenever the strides allow it, else a copy. */
export function reshape(a: unknown, newshape: unknown): NDArray {
  const x = asArray(a);
  const shape = resolveShape(newshape, x.size);
  if (x.size === 0 || isCContiguous(x.shape, x.strides)) return new NDArray(x.data, shape, x.dtype, cStrides(shape), x.offset);
  const st = nocopyStrides(x, shape);
  if (st) return new NDArray(x.data, shape, x.dtype, st, x.offset);
  const c = x.copy();
  return new NDArray(c.data, shape, c.dtype);
}

export function ravel(a: unknown): NDArray {
  return reshape(a, [-1]);
}

/** ndarray.flatten(): always a copy. */
export function flatten(a: unknown): NDArray {
  const x = asArray(a).copy();
  return new NDArray(x.data, [x.size], x.dtype);
}

export function transpose(a: unknown, axes: unknown = null): NDArray {
  const x = asArray(a);
  let perm: number[];
  if (axes === null || axes === undefined) perm = Array.from({ length: x.ndim }, (_, i) => x.ndim - 1 - i);
  else {
    const list = toShapeLoose(axes as unknown[]);
    if (list.length !== x.ndim) throw pyError("ValueError", "axes don't match array");
    perm = list.map((v) => normAxis(v, x.ndim));
    if (new Set(perm).size !== perm.length) throw pyError("ValueError", "repeated axis in transpose");
  }
  return new NDArray(
    x.data,
    perm.map((p) => x.shape[p]),
    x.dtype,
    perm.map((p) => x.strides[p]),
    x.offset,
  );
}

export function swapaxes(a: unknown, axis1: number, axis2: number): NDArray {
  const x = asArray(a);
  const i = normAxis(axis1, x.ndim);
  const j = normAxis(axis2, x.ndim);
  const perm = Array.from({ length: x.ndim }, (_, k) => k);
  perm[i] = j;
  perm[j] = i;
  return transpose(x, perm);
}

export function moveaxis(a: unknown, source: unknown, destination: unknown): NDArray {
  const x = asArray(a);
  const src = (Array.isArray(source) ? source : [source]).map((v) => normAxis(v as number, x.ndim));
  const dst = (Array.isArray(destination) ? destination : [destination]).map((v) => normAxis(v as number, x.ndim));
  if (src.length !== dst.length)
    throw pyError("ValueError", "`source` and `destination` arguments must have the same number of elements");
  const order = Array.from({ length: x.ndim }, (_, k) => k).filter((k) => !src.includes(k));
  const pairs = dst.map((d, i) => [d, src[i]] as const).sort((p, q) => p[0] - q[0]);
  for (const [d, s] of pairs) order.splice(d, 0, s);
  return transpose(x, order);
}

export function expand_dims(a: unknown, axis: unknown): NDArray {
  const x = asArray(a);
  const list = Array.isArray(axis) ? (axis as number[]) : [axis as number];
  const nd = x.ndim + list.length;
  const axes = normAxes(list, nd);
  const shape: number[] = [];
  const strides: number[] = [];
  let k = 0;
  for (let i = 0; i < nd; i++) {
    if (axes.includes(i)) {
      shape.push(1);
      strides.push(0);
    } else {
      shape.push(x.shape[k]);
      strides.push(x.strides[k]);
      k++;
    }
  }
  return new NDArray(x.data, shape, x.dtype, strides, x.offset);
}

export function squeeze(a: unknown, axis: unknown = null): NDArray {
  const x = asArray(a);
  let drop: number[];
  if (axis === null || axis === undefined) drop = x.shape.map((n, i) => (n === 1 ? i : -1)).filter((i) => i >= 0);
  else {
    drop = normAxes(axis, x.ndim);
    for (const d of drop)
      if (x.shape[d] !== 1) throw pyError("ValueError", "cannot select an axis to squeeze out which has size not equal to one");
  }
  const shape: number[] = [];
  const strides: number[] = [];
  for (let i = 0; i < x.ndim; i++) {
    if (!drop.includes(i)) {
      shape.push(x.shape[i]);
      strides.push(x.strides[i]);
    }
  }
  return new NDArray(x.data, shape, x.dtype, strides, x.offset);
}

/** numpy.flip: a view with negated strides. */
export function flip(m: unknown, axis: unknown = null): NDArray {
  const x = asArray(m);
  const axes = normAxes(axis, x.ndim);
  const strides = x.strides.slice();
  let off = x.offset;
  for (const d of axes) {
    if (x.shape[d] > 0) off += (x.shape[d] - 1) * strides[d];
    strides[d] = -strides[d];
  }
  return new NDArray(x.data, x.shape.slice(), x.dtype, strides, off);
}

export function flipud(m: unknown): NDArray {
  const x = asArray(m);
  if (x.ndim < 1) throw pyError("ValueError", "Input must be >= 1-d.");
  return flip(x, 0);
}

export function fliplr(m: unknown): NDArray {
  const x = asArray(m);
  if (x.ndim < 2) throw pyError("ValueError", "Input must be >= 2-d.");
  return flip(x, 1);
}

function atleast(x: NDArray, n: number): NDArray {
  if (x.ndim >= n) return x;
  if (n === 1) return reshape(x, [1]);
  if (n === 2) return x.ndim === 0 ? reshape(x, [1, 1]) : expand_dims(x, 0);
  return x.ndim === 0 ? reshape(x, [1, 1, 1]) : x.ndim === 1 ? reshape(x, [1, x.shape[0], 1]) : expand_dims(x, -1);
}

export function atleast_1d(...arys: unknown[]): NDArray | NDArray[] {
  const r = arys.map((a) => atleast(asArray(a), 1));
  return r.length === 1 ? r[0] : r;
}

export function atleast_2d(...arys: unknown[]): NDArray | NDArray[] {
  const r = arys.map((a) => atleast(asArray(a), 2));
  return r.length === 1 ? r[0] : r;
}

export function atleast_3d(...arys: unknown[]): NDArray | NDArray[] {
  const r = arys.map((a) => atleast(asArray(a), 3));
  return r.length === 1 ? r[0] : r;
}

/** A view of `a` restricted to [start, stop) along `axis`. */
export function sliceAxis(a: NDArray, axis: number, start: number, stop: number, step = 1): NDArray {
  const shape = a.shape.slice();
  const strides = a.strides.slice();
  const len = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  shape[axis] = len;
  strides[axis] = a.strides[axis] * step;
  return new NDArray(a.data, shape, a.dtype, strides, a.offset + (len > 0 ? start * a.strides[axis] : 0));
}

// ---- joining -------------------------------------------------------------------------------------------------

function arrayList(arrays: unknown, fname: string): NDArray[] {
  if (arrays instanceof NDArray) {
    if (arrays.ndim === 0) throw pyError("ValueError", "zero-dimensional arrays cannot be concatenated");
    const out: NDArray[] = [];
    for (let i = 0; i < arrays.shape[0]; i++) out.push(subArray(arrays, i));
    return out;
  }
  if (!Array.isArray(arrays)) throw pyError("TypeError", `${fname}() argument must be a sequence of arrays`);
  return arrays.map((a) => asArray(a));
}

/** The sub-array at index i of axis 0 (a view). */
export function subArray(a: NDArray, i: number): NDArray {
  return new NDArray(a.data, a.shape.slice(1), a.dtype, a.strides.slice(1), a.offset + i * a.strides[0]);
}

export function concatenate(arrays: unknown, axis: unknown = 0, dtype: unknown = null): NDArray {
  let arrs = arrayList(arrays, "concatenate");
  if (arrs.length === 0) throw pyError("ValueError", "need at least one array to concatenate");
  if (axis === null) arrs = arrs.map((a) => ravel(a));
  const ax = axis === null ? 0 : (axis as number);
  const first = arrs[0];
  if (first.ndim === 0) throw pyError("ValueError", "zero-dimensional arrays cannot be concatenated");
  const nd = first.ndim;
  const d = normAxis(ax, nd);
  let total = 0;
  let rt: DType = first.dtype;
  arrs.forEach((a, i) => {
    if (a.ndim !== nd)
      throw pyError(
        "ValueError",
        `all the input arrays must have same number of dimensions, but the array at index 0 has ${nd} dimension(s) and the array at index ${i} has ${a.ndim} dimension(s)`,
      );
    for (let k = 0; k < nd; k++)
      if (k !== d && a.shape[k] !== first.shape[k])
        throw pyError(
          "ValueError",
          `all the input array dimensions except for the concatenation axis must match exactly, but along dimension ${k}, the array at index 0 has size ${first.shape[k]} and the array at index ${i} has size ${a.shape[k]}`,
        );
    total += a.shape[d];
    rt = promote(rt, a.dtype);
  });
  const outDtype = toDType(dtype) ?? rt;
  const shape = first.shape.slice();
  shape[d] = total;
  const out = new NDArray(allocate(outDtype, shapeSize(shape)), shape, outDtype);
  let pos = 0;
  for (const a of arrs) {
    const n = a.shape[d];
    const view = sliceAxis(out, d, pos, pos + n);
    const from = a.dtype;
    assignInto(view, a, from === outDtype ? null : (v) => castValue(v, from, outDtype));
    pos += n;
  }
  return out;
}

export function stack(arrays: unknown, axis: unknown = 0): NDArray {
  const arrs = arrayList(arrays, "stack");
  if (arrs.length === 0) throw pyError("ValueError", "need at least one array to stack");
  const s0 = arrs[0].shape;
  for (const a of arrs)
    if (a.shape.length !== s0.length || a.shape.some((n, i) => n !== s0[i]))
      throw pyError("ValueError", "all input arrays must have the same shape");
  const nd = s0.length + 1;
  const ax = normAxis(axis as number, nd);
  return concatenate(
    arrs.map((a) => expand_dims(a, ax)),
    ax,
  );
}

export function vstack(tup: unknown): NDArray {
  return concatenate(
    arrayList(tup, "vstack").map((a) => atleast(a, 2)),
    0,
  );
}

export function hstack(tup: unknown): NDArray {
  const arrs = arrayList(tup, "hstack").map((a) => atleast(a, 1));
  return concatenate(arrs, arrs.length && arrs[0].ndim === 1 ? 0 : 1);
}

export function column_stack(tup: unknown): NDArray {
  const arrs = arrayList(tup, "column_stack").map((a) => (a.ndim < 2 ? transpose(atleast(a, 2)) : a));
  return concatenate(arrs, 1);
}

/**
 * numpy's index-expression joins (`np.c_[a, b]`, `np.r_[a, b]`: AxisConcatenator), for items that are arrays,
 * nested lists or numbers (slices and string directives are refused when translating). Items get at least `ndmin`
 * dimensions; with `trans1d` 0 (c_), the axes they gain go first, so a 1-d array becomes a column. The dtype is
 * result_type of the arrays' dtypes and the Python numbers' values, as numpy 1.24 computes it, before the join
 * along `axis`.
 */
function axisConcatenate(items: unknown, axis: number, ndmin: number, trans1d: number, name: string): NDArray {
  if (!Array.isArray(items)) items = [items];
  const list = items as unknown[];
  if (list.length === 0) return new NDArray(allocate("float64", 0), [0], "float64");
  const ops: Operand[] = list.map((x) => {
    const o = operand(x);
    // arrays take part by their dtype only (numpy passes newobj.dtype), numbers by their value
    return o.py === null ? { arr: new NDArray(allocate(o.arr.dtype, 1), [1], o.arr.dtype), py: null } : o;
  });
  const dtype = resultType(ops);
  const objs = list.map((x, i) => {
    let a = astype(ops[i]!.py === null ? asArray(x) : ops[i]!.arr, dtype);
    const nd = a.ndim;
    if (nd < ndmin) {
      a = reshape(a, [...new Array<number>(ndmin - nd).fill(1), ...a.shape]);
      if (trans1d !== -1) {
        // numpy's axes shuffle: the item's own axes move to position trans1d
        const k2 = ndmin - nd;
        let k1 = trans1d;
        if (k1 < 0) k1 += k2 + 1;
        const defaxes = [...Array(ndmin).keys()];
        a = transpose(a, [...defaxes.slice(0, k1), ...defaxes.slice(k2), ...defaxes.slice(k1, k2)]);
      }
    }
    return a;
  });
  if (objs.some((a) => a.ndim === 0)) throw pyError("ValueError", `zero-dimensional arrays cannot be concatenated (np.${name})`);
  return concatenate(objs, axis);
}

/** `np.c_[a, b, ...]`: columns side by side (1-d arrays become columns), joined along the last axis. */
export function c_(items: unknown): NDArray {
  return axisConcatenate(items, -1, 2, 0, "c_");
}

/** `np.r_[a, b, ...]`: numbers and arrays joined along the first axis. */
export function r_(items: unknown): NDArray {
  return axisConcatenate(items, 0, 1, -1, "r_");
}

export function dstack(tup: unknown): NDArray {
  return concatenate(
    arrayList(tup, "dstack").map((a) => atleast(a, 3)),
    2,
  );
}

export function array_split(ary: unknown, indices_or_sections: unknown, axis: unknown = 0): NDArray[] {
  const a = asArray(ary);
  const d = normAxis(axis as number, a.ndim);
  const total = a.shape[d];
  let points: number[];
  if (Array.isArray(indices_or_sections) || indices_or_sections instanceof NDArray) {
    const idx = toShapeLoose(indices_or_sections);
    points = [0, ...idx, total];
  } else {
    const ns = Number(indices_or_sections);
    if (!Number.isInteger(ns)) throw pyError("TypeError", "indices_or_sections must be an integer or a sequence");
    if (ns <= 0) throw pyError("ValueError", "number sections must be larger than 0.");
    const each = Math.floor(total / ns);
    const extras = total % ns;
    points = [0];
    for (let i = 0; i < ns; i++) points.push(points[i] + (i < extras ? each + 1 : each));
  }
  const out: NDArray[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [st, en] = new Slice(points[i], points[i + 1], null).indices(total);
    out.push(sliceAxis(a, d, st, Math.max(st, en)));
  }
  return out;
}

export function split(ary: unknown, indices_or_sections: unknown, axis: unknown = 0): NDArray[] {
  if (!Array.isArray(indices_or_sections) && !(indices_or_sections instanceof NDArray)) {
    const a = asArray(ary);
    const n = a.shape[normAxis(axis as number, a.ndim)];
    if (n % Number(indices_or_sections) !== 0)
      throw pyError("ValueError", "array split does not result in an equal division");
  }
  return array_split(ary, indices_or_sections, axis);
}

// ---- pad / tile / repeat -------------------------------------------------------------------------------------

function asPairs(x: unknown, ndim: number, asIndex: boolean): [number, number][] {
  if (x === null || x === undefined) return Array.from({ length: ndim }, () => [0, 0] as [number, number]);
  const arr = asArray(x instanceof WeakFloat ? x.value : x);
  let vals = Array.from(arr.values());
  if (asIndex) vals = vals.map((v) => Math.round(v));
  if (asIndex && vals.some((v) => v < 0)) throw pyError("ValueError", "index can't contain negative values");
  if (arr.ndim < 3) {
    if (arr.size === 1) return Array.from({ length: ndim }, () => [vals[0], vals[0]] as [number, number]);
    if (arr.size === 2 && !(arr.ndim === 2 && arr.shape[0] === 2 && arr.shape[1] === 1))
      return Array.from({ length: ndim }, () => [vals[0], vals[1]] as [number, number]);
  }
  const shape = arr.shape;
  const ok =
    shape.length <= 2 &&
    (shape.length < 2 || shape[0] === ndim || shape[0] === 1) &&
    (shape.length < 1 || shape[shape.length - 1] === 2 || shape[shape.length - 1] === 1);
  if (!ok)
    throw pyError(
      "ValueError",
      `operands could not be broadcast together with remapped shapes [original->remapped]: ${shapeStr(shape)} and requested shape (${ndim},2)`,
    );
  const out: [number, number][] = [];
  for (let i = 0; i < ndim; i++) {
    const row = shape.length === 2 ? (shape[0] === 1 ? 0 : i) : 0;
    const w = shape[shape.length - 1];
    const base = shape.length === 2 ? row * w : 0;
    out.push([vals[base], vals[base + (w === 2 ? 1 : 0)]]);
  }
  return out;
}

/** numpy.pad for modes constant, edge, reflect, symmetric, wrap. */
export function pad(array: unknown, pad_width: unknown, mode: unknown = "constant", constant_values: unknown = 0): NDArray {
  const a = asArray(array);
  const nd = a.ndim;
  const widths = asPairs(pad_width, nd, true);
  const m = String(mode);
  const outShape = a.shape.map((n, i) => n + widths[i][0] + widths[i][1]);
  if (m === "constant") {
    const consts = asPairs(constant_values, nd, false);
    const out = new NDArray(allocate(a.dtype, shapeSize(outShape)), outShape, a.dtype);
    // numpy pads axis by axis, so a corner takes the value of the last axis it pads.
    const fill = (v: number): number => castValue(v, Number.isInteger(v) ? "int64" : "float64", a.dtype);
    for (let d = 0; d < nd; d++) {
      let view = out;
      for (let k = d + 1; k < nd; k++) view = sliceAxis(view, k, widths[k][0], widths[k][0] + a.shape[k]);
      const before = sliceAxis(view, d, 0, widths[d][0]);
      const after = sliceAxis(view, d, outShape[d] - widths[d][1], outShape[d]);
      assignInto(before, scalarOf(fill(consts[d][0]), a.dtype), null);
      assignInto(after, scalarOf(fill(consts[d][1]), a.dtype), null);
    }
    let inner = out;
    for (let k = 0; k < nd; k++) inner = sliceAxis(inner, k, widths[k][0], widths[k][0] + a.shape[k]);
    assignInto(inner, a, null);
    return out;
  }
  const maps = a.shape.map((n, d) => {
    const [b, af] = widths[d];
    const len = n + b + af;
    const map = new Int32Array(len);
    if (n === 0 && len > 0) throw pyError("ValueError", "can't extend empty axis 0 using modes other than 'constant' or 'empty'");
    for (let i = 0; i < len; i++) map[i] = padIndex(i - b, n, m);
    return map;
  });
  return gatherMaps(a, maps);
}

function padIndex(i: number, n: number, mode: string): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case "edge":
      return i < 0 ? 0 : n - 1;
    case "wrap":
      return ((i % n) + n) % n;
    case "reflect": {
      if (n === 1) return 0;
      const p = 2 * (n - 1);
      const r = ((i % p) + p) % p;
      return r < n ? r : p - r;
    }
    case "symmetric": {
      const p = 2 * n;
      const r = ((i % p) + p) % p;
      return r < n ? r : p - 1 - r;
    }
    default:
      throw pyError("ValueError", `mode '${mode}' is not supported`);
  }
}

function scalarOf(v: number, d: DType): NDArray {
  const data = allocate(d, 1);
  data[0] = v;
  return new NDArray(data, [], d);
}

export function tile(A: unknown, reps: unknown): NDArray {
  const a = asArray(A);
  let tup = Array.isArray(reps) ? toShapeLoose(reps) : reps instanceof NDArray ? toShapeLoose(reps) : [Number(reps)];
  const d = tup.length;
  let c = a;
  if (c.ndim < d) c = reshape(c, [...new Array<number>(d - c.ndim).fill(1), ...c.shape]);
  if (d < c.ndim) tup = [...new Array<number>(c.ndim - d).fill(1), ...tup];
  const maps = c.shape.map((n, i) => {
    const len = n * tup[i];
    const map = new Int32Array(len);
    for (let j = 0; j < len; j++) map[j] = j % n;
    return map;
  });
  return gatherMaps(c, maps);
}

export function repeat(a: unknown, repeats: unknown, axis: unknown = null): NDArray {
  let x = asArray(a);
  if (axis === null || axis === undefined) x = ravel(x);
  const d = axis === null || axis === undefined ? 0 : normAxis(axis as number, x.ndim);
  const n = x.shape[d];
  const r = asArray(repeats);
  let counts: number[];
  if (r.size === 1) counts = new Array<number>(n).fill(Number(r.values()[0]));
  else if (r.ndim === 1 && r.size === n) counts = Array.from(r.values());
  else throw pyError("ValueError", `operands could not be broadcast together with shape (${n},) (${r.size},)`);
  if (counts.some((c) => c < 0)) throw pyError("ValueError", "repeats may not contain negative values.");
  const total = counts.reduce((s, c) => s + c, 0);
  const map = new Int32Array(total);
  let k = 0;
  counts.forEach((c, i) => {
    for (let j = 0; j < c; j++) map[k++] = i;
  });
  const maps = x.shape.map((len, i) => (i === d ? map : Int32Array.from({ length: len }, (_, j) => j)));
  return gatherMaps(x, maps);
}

export function copy(a: unknown): NDArray {
  return asArray(a).copy();
}

/** A shape as Python prints the tuple: (4,), (4, 3). */
const shapeTuple = (shape: readonly number[]): string => `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;

export function broadcastArrays(...args: unknown[]): NDArray[] {
  const arrs = args.map((a) => asArray(a));
  const nd = Math.max(0, ...arrs.map((a) => a.ndim));
  const shape = new Array<number>(nd).fill(1);
  // numpy's multi-iterator: per dimension, the first argument longer than 1 sets it; a mismatch names both
  for (let i = 0; i < nd; i++) {
    let from = -1;
    arrs.forEach((a, j) => {
      const n = a.shape[a.ndim - nd + i] ?? 1;
      if (n === 1) return;
      if (from < 0) {
        shape[i] = n;
        from = j;
      } else if (n !== shape[i]) {
        throw pyError(
          "ValueError",
          `shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg ${from} with shape ${shapeTuple(arrs[from].shape)} and arg ${j} with shape ${shapeTuple(a.shape)}.`,
        );
      }
    });
  }
  return arrs.map((a) => {
    const strides = new Array<number>(shape.length).fill(0);
    for (let i = 0; i < a.ndim; i++) {
      const dd = shape.length - a.ndim + i;
      strides[dd] = a.shape[i] === 1 && shape[dd] !== 1 ? 0 : a.strides[i];
    }
    return new NDArray(a.data, shape.slice(), a.dtype, strides, a.offset);
  });
}

