// numpy runtime, subscripts: basic indexing (ints, slices, None, ...) makes views; advanced indexing (integer and
// boolean arrays) gathers copies, with numpy's rule that advanced indices separated by a basic index move the
// broadcast index dimensions to the front.
import { boundSlice, Ellipsis, isTuple, pyError, Slice, sliceBounds, WeakFloat } from "./core.ts";
import { allocate, castValue, DTYPE_INFO, NDArray, shapeSize, type DType } from "./ndarray.ts";
import { array, broadcastShapes, broadcastStrides, broadcastTo, pyScalarTo, scalarArray, shapeStr } from "./np-base.ts";
import { assignInto } from "./np-ufunc.ts";
import { gatherTables } from "./np-shape.ts";

type Item =
  | { k: "int"; v: number }
  | { k: "slice"; s: Slice }
  | { k: "new" }
  | { k: "ell" }
  | { k: "arr"; a: NDArray }
  | { k: "bool"; a: NDArray };

const INVALID =
  "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices";

function sliceBound(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof NDArray && v.ndim === 0 && DTYPE_INFO[v.dtype].kind !== "f") return Number(v.item());
  throw pyError("TypeError", "slice indices must be integers or None or have an __index__ method");
}

function parseItem(x: unknown): Item {
  if (typeof x === "number") {
    if (!Number.isInteger(x)) throw pyError("IndexError", INVALID);
    return { k: "int", v: x };
  }
  if (typeof x === "boolean") {
    const d = allocate("bool", 1);
    d[0] = x ? 1 : 0;
    return { k: "bool", a: new NDArray(d, [], "bool") };
  }
  if (x instanceof Slice) return { k: "slice", s: new Slice(sliceBound(x.start), sliceBound(x.stop), sliceBound(x.step)) };
  if (x === null || x === undefined) return { k: "new" };
  if (x === Ellipsis) return { k: "ell" };
  if (x instanceof NDArray) {
    const kind = DTYPE_INFO[x.dtype].kind;
    if (kind === "b") return { k: "bool", a: x };
    if (kind === "f") throw pyError("IndexError", "arrays used as indices must be of integer (or boolean) type");
    if (x.ndim === 0) return { k: "int", v: x.data[x.offset] };
    return { k: "arr", a: x };
  }
  if (Array.isArray(x)) {
    const a = x.length === 0 ? new NDArray(allocate("int64", 0), [0], "int64") : array(x);
    const kind = DTYPE_INFO[a.dtype].kind;
    if (kind === "b") return { k: "bool", a };
    if (kind === "f") throw pyError("IndexError", INVALID);
    return { k: "arr", a };
  }
  if (x instanceof WeakFloat) throw pyError("IndexError", INVALID);
  throw pyError("IndexError", INVALID);
}

function nonzeroIndices(a: NDArray): NDArray[] {
  const nd = a.ndim;
  const vals = a.values();
  let count = 0;
  for (let i = 0; i < vals.length; i++) if (vals[i] !== 0) count++;
  const outs = Array.from({ length: nd }, () => new Float64Array(count));
  const idx = new Array<number>(nd).fill(0);
  let j = 0;
  for (let i = 0; i < vals.length; i++) {
    if (vals[i] !== 0) {
      for (let d = 0; d < nd; d++) outs[d][j] = idx[d];
      j++;
    }
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < a.shape[d]) break;
      idx[d] = 0;
    }
  }
  return outs.map((o) => new NDArray(o, [count], "int64"));
}

type Resolved =
  | { kind: "view"; view: NDArray; scalar: boolean }
  | { kind: "fancy"; base: number; tables: Float64Array[]; shape: number[] };

function resolve(a: NDArray, key: unknown): Resolved {
  const raw = isTuple(key) ? (key as unknown[]).map(parseItem) : [parseItem(key)];
  let consumed = 0;
  let ellipses = 0;
  let advanced = false;
  for (const it of raw) {
    if (it.k === "int" || it.k === "slice" || it.k === "arr") consumed++;
    else if (it.k === "bool") consumed += it.a.ndim;
    else if (it.k === "ell") ellipses++;
    if (it.k === "arr" || it.k === "bool") advanced = true;
  }
  if (ellipses > 1) throw pyError("IndexError", "an index can only have a single ellipsis ('...')");
  if (consumed > a.ndim)
    throw pyError("IndexError", `too many indices for array: array is ${a.ndim}-dimensional, but ${consumed} were indexed`);
  const items: Item[] = [];
  const full = (): Item => ({ k: "slice", s: new Slice(null, null, null) });
  for (const it of raw) {
    if (it.k === "ell") for (let i = 0; i < a.ndim - consumed; i++) items.push(full());
    else items.push(it);
  }
  if (ellipses === 0) for (let i = 0; i < a.ndim - consumed; i++) items.push(full());

  if (!advanced) {
    const shape: number[] = [];
    const strides: number[] = [];
    let off = a.offset;
    let d = 0;
    let onlyInts = true;
    for (const it of items) {
      if (it.k === "int") {
        const n = a.shape[d];
        const v = it.v < 0 ? it.v + n : it.v;
        if (v < 0 || v >= n) throw pyError("IndexError", `index ${it.v} is out of bounds for axis ${d} with size ${n}`);
        off += v * a.strides[d];
        d++;
      } else if (it.k === "slice") {
        onlyInts = false;
        const n = a.shape[d];
        const [start, , step] = it.s.indices(n);
        const len = it.s.sliceLength(n);
        if (len > 0) off += start * a.strides[d];
        shape.push(len);
        strides.push(a.strides[d] * step);
        d++;
      } else {
        onlyInts = false;
        shape.push(1);
        strides.push(0);
      }
    }
    return { kind: "view", view: new NDArray(a.data, shape, a.dtype, strides, off), scalar: onlyInts && ellipses === 0 };
  }

  // Advanced: ints become 0-d index arrays, boolean arrays their nonzero() index arrays.
  type Dim = { len: number; stride: number };
  const dims: Dim[] = [];
  const adv: { arr: NDArray; n: number; stride: number; axis: number }[] = [];
  const advPos: number[] = [];
  let base = a.offset;
  let d = 0;
  let pos = 0;
  for (const it of items) {
    if (it.k === "slice") {
      const n = a.shape[d];
      const [start, , step] = it.s.indices(n);
      const len = it.s.sliceLength(n);
      if (len > 0) base += start * a.strides[d];
      dims.push({ len, stride: a.strides[d] * step });
      d++;
      pos++;
    } else if (it.k === "new") {
      dims.push({ len: 1, stride: 0 });
      pos++;
    } else if (it.k === "int") {
      const data = new Float64Array([it.v]);
      adv.push({ arr: new NDArray(data, [], "int64"), n: a.shape[d], stride: a.strides[d], axis: d });
      advPos.push(pos++);
      d++;
    } else if (it.k === "arr") {
      adv.push({ arr: it.a, n: a.shape[d], stride: a.strides[d], axis: d });
      advPos.push(pos++);
      d++;
    } else if (it.k === "bool") {
      const m = it.a;
      if (m.ndim === 0) {
        // a[True] / a[False]: a new axis of length 1 / 0, indexed like an advanced index.
        const data = new Float64Array(m.data[m.offset] !== 0 ? [0] : []);
        adv.push({ arr: new NDArray(data, [data.length], "int64"), n: 1, stride: 0, axis: d });
        advPos.push(pos++);
        continue;
      }
      for (let k = 0; k < m.ndim; k++) {
        if (m.shape[k] !== a.shape[d + k])
          throw pyError(
            "IndexError",
            `boolean index did not match indexed array along dimension ${d + k}; dimension is ${a.shape[d + k]} but corresponding boolean dimension is ${m.shape[k]}`,
          );
      }
      const nz = nonzeroIndices(m);
      for (let k = 0; k < m.ndim; k++) {
        adv.push({ arr: nz[k], n: a.shape[d + k], stride: a.strides[d + k], axis: d + k });
        advPos.push(pos++);
      }
      d += m.ndim;
    }
  }
  let B: number[];
  try {
    B = broadcastShapes(...adv.map((x) => x.arr.shape));
  } catch {
    throw pyError(
      "IndexError",
      "shape mismatch: indexing arrays could not be broadcast together with shapes " +
        adv.map((x) => shapeStr(x.arr.shape)).join(" ") +
        " ",
    );
  }
  const nB = shapeSize(B);
  const table = new Float64Array(nB);
  for (const x of adv) {
    const st = broadcastStrides(x.arr, B);
    const src = x.arr.data;
    const nd = B.length;
    const idx = new Array<number>(nd).fill(0);
    let off = x.arr.offset;
    for (let j = 0; j < nB; j++) {
      const raw = src[off];
      const v = raw < 0 ? raw + x.n : raw;
      if (v < 0 || v >= x.n) throw pyError("IndexError", `index ${raw} is out of bounds for axis ${x.axis} with size ${x.n}`);
      table[j] += v * x.stride;
      for (let k = nd - 1; k >= 0; k--) {
        off += st[k];
        if (++idx[k] < B[k]) break;
        off -= st[k] * B[k];
        idx[k] = 0;
      }
    }
  }
  let contiguous = true;
  for (let i = 1; i < advPos.length; i++) if (advPos[i] !== advPos[i - 1] + 1) contiguous = false;
  const basic = dims;
  const basicTable = (x: { len: number; stride: number }): Float64Array => {
    const t = new Float64Array(x.len);
    for (let i = 0; i < x.len; i++) t[i] = i * x.stride;
    return t;
  };
  const tables: Float64Array[] = [];
  const shape: number[] = [];
  if (contiguous) {
    // Basic dims before the advanced block are those created by items before the first advanced position.
    const first = advPos[0];
    let p = 0;
    let bi = 0;
    for (const it of itemsPositions(items)) {
      if (p === first) {
        tables.push(table);
        shape.push(...B);
      }
      if (!it) {
        tables.push(basicTable(basic[bi]));
        shape.push(basic[bi].len);
        bi++;
      }
      p++;
    }
    if (p === first) {
      tables.push(table);
      shape.push(...B);
    }
  } else {
    tables.push(table);
    shape.push(...B);
    for (const x of basic) {
      tables.push(basicTable(x));
      shape.push(x.len);
    }
  }
  return { kind: "fancy", base, tables, shape };
}

/** Per expanded index position: true for an advanced index, false for one making a basic output dimension. */
function itemsPositions(items: Item[]): boolean[] {
  const out: boolean[] = [];
  for (const it of items) {
    if (it.k === "slice" || it.k === "new") out.push(false);
    else if (it.k === "bool") {
      const n = it.a.ndim === 0 ? 1 : it.a.ndim;
      for (let i = 0; i < n; i++) out.push(true);
    } else out.push(true);
  }
  return out;
}

/** A boolean mask with exactly a's shape (`a[a > 0]`), the commonest advanced index, or null. */
function fullMask(a: NDArray, key: unknown): NDArray | null {
  const k = isTuple(key) && (key as unknown[]).length === 1 ? (key as unknown[])[0] : key;
  if (!(k instanceof NDArray) || k.dtype !== "bool" || k.ndim !== a.ndim || a.ndim === 0) return null;
  for (let i = 0; i < a.ndim; i++) if (k.shape[i] !== a.shape[i]) return null;
  return k;
}

/**
 * `a[i]` with an int (a Python int or a numpy integer scalar) and `a[start:stop:step]` with int or None bounds, the
 * keys of a postprocessing's `probs[0]`, `order[::-1]`, `top[:3]`: the view resolve() makes, without its item list.
 * null for any other key.
 */
function simpleKey(a: NDArray, key: unknown): NDArray | null {
  if (a.ndim === 0) return null;
  let i: number;
  if (typeof key === "number") i = key;
  else if (key instanceof NDArray && key.ndim === 0 && (DTYPE_INFO[key.dtype].kind === "i" || DTYPE_INFO[key.dtype].kind === "u")) i = key.data[key.offset];
  else if (key instanceof Slice) return simpleSlice(a, key);
  else return null;
  if (!Number.isInteger(i)) return null;
  const n = a.shape[0];
  const v = i < 0 ? i + n : i;
  if (v < 0 || v >= n) throw pyError("IndexError", `index ${i} is out of bounds for axis 0 with size ${n}`);
  const off = a.offset + v * a.strides[0];
  if (a.ndim > 1) return new NDArray(a.data, a.shape.slice(1), a.dtype, a.strides.slice(1), off);
  // a[i] of a 1-d array is a numpy scalar: a 0-d copy, as resolve's scalar view copied
  return scalarArray(a.data[off], a.dtype);
}

const isBound = (b: unknown): boolean => b === null || (typeof b === "number" && Number.isInteger(b));
/** A slice basic indexing takes as it is: int or None bounds and step, a step that is not 0 (the rest resolve() decides). */
const isPlainSlice = (s: Slice): boolean => isBound(s.start) && isBound(s.stop) && isBound(s.step) && s.step !== 0;

function simpleSlice(a: NDArray, s: Slice): NDArray | null {
  if (!isPlainSlice(s)) return null;
  const step = s.step ?? 1;
  const len = boundSlice(s.start, s.stop, step, a.shape[0]);
  const shape = a.shape.slice();
  const strides = a.strides.slice();
  shape[0] = len;
  strides[0] = a.strides[0] * step;
  return new NDArray(a.data, shape, a.dtype, strides, len > 0 ? a.offset + sliceBounds.start * a.strides[0] : a.offset);
}

/**
 * A key of ints, slices with int or None bounds, None and one Ellipsis (`x[None, :]`, `img[:, :, ::-1]`,
 * `x[..., 0]`), a tuple or alone: the view resolve() makes for it, without its item objects, fresh Slices and
 * expanded item list. null for any other key, and for keys resolve() rejects (it then says why). `get`: an index of
 * ints only, no Ellipsis, gives a 0-d copy, as getitem's scalar.
 */
function basicIndex(a: NDArray, key: unknown, get: boolean): NDArray | null {
  let one: unknown;
  let keys: readonly unknown[];
  if (isTuple(key)) keys = key as unknown[];
  else if (key === null || key === Ellipsis) {
    one = key;
    keys = NO_KEYS;
  } else return null;
  const nk = one === undefined ? keys.length : 1;
  let consumed = 0;
  let ellipsis = false;
  for (let i = 0; i < nk; i++) {
    const k = one === undefined ? keys[i] : one;
    if (typeof k === "number") {
      if (!Number.isInteger(k)) return null;
      consumed++;
    } else if (k instanceof Slice) {
      if (!isPlainSlice(k)) return null;
      consumed++;
    } else if (k === Ellipsis) {
      if (ellipsis) return null;
      ellipsis = true;
    } else if (k !== null) return null;
  }
  if (consumed > a.ndim) return null;
  const shape: number[] = [];
  const strides: number[] = [];
  let off = a.offset;
  let d = 0;
  let onlyInts = true;
  for (let i = 0; i < nk; i++) {
    const k = one === undefined ? keys[i] : one;
    if (typeof k === "number") {
      const n = a.shape[d];
      const v = k < 0 ? k + n : k;
      if (v < 0 || v >= n) throw pyError("IndexError", `index ${k} is out of bounds for axis ${d} with size ${n}`);
      off += v * a.strides[d];
      d++;
    } else if (k instanceof Slice) {
      onlyInts = false;
      const step = k.step ?? 1;
      const len = boundSlice(k.start, k.stop, step, a.shape[d]);
      if (len > 0) off += sliceBounds.start * a.strides[d];
      shape.push(len);
      strides.push(a.strides[d] * step);
      d++;
    } else if (k === Ellipsis) {
      for (let j = 0; j < a.ndim - consumed; j++, d++) {
        shape.push(a.shape[d]);
        strides.push(a.strides[d]);
      }
    } else {
      onlyInts = false;
      shape.push(1);
      strides.push(0);
    }
  }
  // the axes no key reached, as resolve's trailing full slices
  for (; d < a.ndim; d++) {
    onlyInts = false;
    shape.push(a.shape[d]);
    strides.push(a.strides[d]);
  }
  const view = new NDArray(a.data, shape, a.dtype, strides, off);
  return get && onlyInts && !ellipsis ? view.copy() : view;
}

const NO_KEYS: readonly unknown[] = [];

/** Python `a[key]` for an ndarray. */
export function getitem(a: NDArray, key: unknown): NDArray {
  const simple = simpleKey(a, key);
  if (simple !== null) return simple;
  const basic = basicIndex(a, key, true);
  if (basic !== null) return basic;
  const mask = fullMask(a, key);
  if (mask) {
    const mv = mask.values();
    const av = a.values();
    let count = 0;
    for (let i = 0; i < mv.length; i++) if (mv[i] !== 0) count++;
    const out = allocate(a.dtype, count);
    for (let i = 0, j = 0; j < count; i++) if (mv[i] !== 0) out[j++] = av[i];
    return new NDArray(out, [count], a.dtype);
  }
  const r = resolve(a, key);
  if (r.kind === "view") return r.scalar ? r.view.copy() : r.view;
  const n = shapeSize(r.shape);
  const out = allocate(a.dtype, n);
  if (n > 0) gatherTables(a, r.base, r.tables, out, a.dtype);
  return new NDArray(out, r.shape, a.dtype);
}

/** Convert an assigned value to an array of dtype `d` (numpy's setitem casting). */
function valueArray(value: unknown, d: DType): { arr: NDArray; conv: ((v: number) => number) | null } {
  if (typeof value === "number" || typeof value === "boolean" || value instanceof WeakFloat) {
    return { arr: scalarArray(pyScalarTo(value, d), d), conv: null };
  }
  const arr = value instanceof NDArray ? value : array(value);
  const from = arr.dtype;
  return { arr, conv: from === d ? null : (v: number) => castValue(v, from, d) };
}

/** Python `a[key] = value` for an ndarray: broadcasts value, casts it to a's dtype. */
export function setitem(a: NDArray, key: unknown, value: unknown): void {
  const { arr, conv } = valueArray(value, a.dtype);
  const mask = arr.size === 1 && a.isContiguous ? fullMask(a, key) : null;
  if (mask) {
    const mv = mask.values();
    const raw = arr.data[arr.offset];
    const v = conv ? conv(raw) : raw;
    const d = a.data;
    const off = a.offset;
    for (let i = 0; i < mv.length; i++) if (mv[i] !== 0) d[off + i] = v;
    return;
  }
  const basic = basicIndex(a, key, false);
  if (basic !== null) {
    assignInto(basic, arr, conv);
    return;
  }
  const r = resolve(a, key);
  if (r.kind === "view") {
    assignInto(r.view, arr, conv);
    return;
  }
  const n = shapeSize(r.shape);
  if (n === 0) {
    broadcastTo(arr, r.shape);
    return;
  }
  let src: NDArray;
  try {
    src = broadcastTo(arr.data === a.data ? arr.copy() : arr, r.shape);
  } catch {
    throw pyError(
      "ValueError",
      `shape mismatch: value array of shape ${shapeStr(arr.shape)} could not be broadcast to indexing result of shape ${shapeStr(r.shape)}`,
    );
  }
  const vals = src.values();
  const dd = a.data;
  const tables = r.tables;
  const nd = tables.length;
  const shape = tables.map((t) => t.length);
  const idx = new Array<number>(nd).fill(0);
  for (let j = 0; j < n; j++) {
    let off = r.base;
    for (let k = 0; k < nd; k++) off += tables[k][idx[k]];
    dd[off] = conv ? conv(vals[j]) : vals[j];
    for (let k = nd - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
}

/** numpy.nonzero: a tuple of int64 index arrays. */
export function nonzeroArrays(a: NDArray): NDArray[] {
  const x = a.ndim === 0 ? new NDArray(a.data, [1], a.dtype, [0], a.offset) : a;
  return nonzeroIndices(x);
}

/** numpy.argwhere: (N, ndim) int64 indices of nonzero elements. */
export function argwhereArray(a: NDArray): NDArray {
  const nz = a.ndim === 0 ? [] : nonzeroIndices(a);
  const count = a.ndim === 0 ? (a.data[a.offset] !== 0 ? 1 : 0) : nz[0].size;
  const nd = a.ndim;
  const out = new Float64Array(count * nd);
  for (let j = 0; j < count; j++) for (let d = 0; d < nd; d++) out[j * nd + d] = nz[d].data[j];
  return new NDArray(out, [count, nd], "int64");
}
