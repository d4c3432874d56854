// LabelEncoder and LabelBinarizer (sklearn/preprocessing/_label.py): class names to indices or indicator columns
// and back. String classes (numpy '<U' arrays in scikit-learn) are JS arrays of strings here; numeric classes stay
// NDArrays. inverse_transform of string classes gives a JS array of strings.
import { PyError } from "../core.ts";
import { NDArray, allocate, castValue, isFloatDType, type DType } from "../ndarray.ts";
import { array as npArray } from "../np-base.ts";
import type { PyDict } from "../pydict.ts";
import { floatRepr, intRepr, repr, str } from "../pyformat.ts";
import { Estimator, isNone, toNumber, valueError, type Kwargs } from "./base.ts";
import { Table, values1D } from "./data.ts";
import { csrFromDense, CsrMatrix } from "./sparse.ts";

type Method = (args: unknown[], kwargs: Kwargs) => unknown;

/** Fitted classes: strings (from a '<U' or object array) or numbers (an NDArray). */
type Classes = { readonly kind: "str"; readonly values: readonly string[] } | { readonly kind: "num"; readonly values: NDArray };

function classesOf(v: unknown, cls: string): Classes {
  if (v instanceof NDArray) return { kind: "num", values: v };
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return { kind: "str", values: v as string[] };
  if (Array.isArray(v) && v.every((x) => typeof toNumber(x) === "number")) return { kind: "num", values: npArray(v) };
  throw valueError(`${cls}.classes_ in the pickle holds values other than strings or numbers`);
}

/** A 0-d numeric value's repr as numpy prints scalars of `dtype` inside a list. */
function scalarRepr(v: number, dtype: DType): string {
  return isFloatDType(dtype) ? floatRepr(v) : intRepr(v);
}

/** scikit-learn's column_or_1d: the values of a 1-D input (or of an (n, 1) column). */
function oneD(y: unknown): unknown[] {
  let v: unknown = y;
  // a Series-like object: its values (strings have no numeric array form)
  if (v !== null && typeof v === "object" && !(v instanceof NDArray) && !(v instanceof Table) && !Array.isArray(v)) {
    const list = values1D(v);
    if (list) v = list;
  }
  if (v instanceof Table) {
    if (v.nCols !== 1) throw valueError(`y should be a 1d array, got an array of shape (${v.nRows}, ${v.nCols}) instead.`);
    return Array.from({ length: v.nRows }, (_, i) => v.at(i, 0));
  }
  if (v instanceof NDArray) {
    if (v.ndim === 1 || (v.ndim === 2 && v.shape[1] === 1)) return Array.from(v.values(), (x) => (v.dtype === "bool" ? x !== 0 : x));
    throw valueError(`y should be a 1d array, got an array of shape (${v.shape.join(", ")}${v.ndim === 1 ? "," : ""}) instead.`);
  }
  if (Array.isArray(v)) {
    if (v.every((x) => Array.isArray(x) && x.length === 1)) return v.map((x) => (x as unknown[])[0]);
    if (v.some((x) => Array.isArray(x))) throw valueError(`y should be a 1d array, got an array of shape (${v.length}, ${(v[0] as unknown[]).length}) instead.`);
    return v.map((x) => (x instanceof NDArray && x.ndim === 0 ? x.item() : x));
  }
  if (typeof v === "string" || typeof v === "number") throw valueError(`y should be a 1d array, got an array of shape () instead.`);
  throw valueError("y should be a 1d array");
}

/** The index of each label among the classes, as scikit-learn's `_encode` (unseen labels raise). */
function encode(labels: readonly unknown[], classes: Classes): NDArray {
  const out = allocate("int64", labels.length);
  if (classes.kind === "str") {
    const index = new Map(classes.values.map((c, i) => [c, i]));
    labels.forEach((l, k) => {
      // column_or_1d converts the labels to the classes' string dtype
      const key = typeof l === "string" ? l : str(l);
      const i = index.get(key);
      if (i === undefined) throw valueError(`y contains previously unseen labels: ${repr(key)}`);
      out[k] = i;
    });
    return new NDArray(out, [labels.length], "int64");
  }
  const d = classes.values.dtype;
  const vals = Array.from(classes.values.values() as ArrayLike<number>);
  const index = new Map(vals.map((c, i) => [c, i]));
  const unseen = new Set<number>();
  const cast = labels.map((l) => {
    const n = typeof l === "string" ? Number.NaN : toNumber(l);
    if (n === undefined || (typeof l === "string" && !isFloatDType(d))) throw valueError(`invalid literal for int() with base 10: ${repr(l)}`);
    return castValue(n, "float64", d);
  });
  cast.forEach((v, k) => {
    const i = index.get(v);
    if (i === undefined) unseen.add(v);
    else out[k] = i;
  });
  if (unseen.size) {
    const diff = [...unseen].sort((a, b) => a - b);
    throw valueError(`y contains previously unseen labels: [${diff.map((x) => scalarRepr(x, d)).join(", ")}]`);
  }
  return new NDArray(out, [labels.length], "int64");
}

/** classes_[indices]: strings as a JS array, numbers as an NDArray of the classes' dtype. */
function take(classes: Classes, indices: readonly number[]): unknown {
  if (classes.kind === "str") return indices.map((i) => classes.values[i]!);
  const d = classes.values.dtype;
  const out = allocate(d, indices.length);
  indices.forEach((i, k) => (out[k] = classes.values.at(i)));
  return new NDArray(out, [indices.length], d);
}

const nClasses = (c: Classes): number => (c.kind === "str" ? c.values.length : c.values.size);

export class LabelEncoder extends Estimator {
  constructor(state: PyDict) {
    super("LabelEncoder", state);
  }

  private classes(): Classes {
    return classesOf(this.a.required("classes_"), this.pyTypeName);
  }

  transform(y: unknown): NDArray {
    const labels = oneD(y);
    if (labels.length === 0) return new NDArray(new Float64Array(0), [0], "float64");
    return encode(labels, this.classes());
  }

  inverseTransform(y: unknown): unknown {
    const classes = this.classes();
    const raw = oneD(y);
    if (raw.length === 0) return new NDArray(new Float64Array(0), [0], "float64");
    const n = nClasses(classes);
    const values = raw.map((v) => toNumber(v) ?? Number.NaN);
    const diff = [...new Set(values.filter((v) => !(Number.isInteger(v) && v >= 0 && v < n)))].sort((a, b) => a - b);
    if (diff.length) {
      const isFloat = raw.some((v) => typeof v === "number" && !Number.isInteger(v)) || (y instanceof NDArray && isFloatDType(y.dtype));
      throw valueError(`y contains previously unseen labels: ${npArray(diff, isFloat ? "float64" : "int64").toString()}`);
    }
    if (y instanceof NDArray && isFloatDType(y.dtype)) throw new PyError("IndexError", "arrays used as indices must be of integer (or boolean) type");
    return take(classes, values);
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
    };
  }
}

/** scikit-learn's type_of_target for the labels binarize accepts: "binary", "multiclass" or an unsupported kind. */
function targetType(labels: readonly unknown[]): string {
  if (labels.some((l) => typeof l === "number" && !Number.isInteger(l))) return "continuous";
  return new Set(labels.map((l) => (typeof l === "string" ? `s${l}` : `n${toNumber(l)}`))).size <= 2 ? "binary" : "multiclass";
}

export class LabelBinarizer extends Estimator {
  constructor(state: PyDict) {
    super("LabelBinarizer", state);
  }

  private classes(): Classes {
    const t = this.a.required("y_type_");
    if (t !== "binary" && t !== "multiclass") throw valueError(`LabelBinarizer fitted on ${String(t)} targets is not supported (binary and multiclass labels are)`);
    return classesOf(this.a.required("classes_"), this.pyTypeName);
  }

  transform(y: unknown): NDArray | CsrMatrix {
    const classes = this.classes();
    const labels = oneD(y);
    if (labels.length === 0) throw valueError(`y has 0 samples: ${repr(y)}`);
    const neg = this.a.num("neg_label", 0);
    let pos = this.a.num("pos_label", 1);
    if (neg >= pos) throw valueError(`neg_label=${neg} must be strictly less than pos_label=${pos}.`);
    const posSwitch = pos === 0;
    if (posSwitch) pos = -neg;
    let kind = targetType(labels);
    if (kind === "continuous") throw valueError("continuous target data is not supported with label binarization");
    const n = nClasses(classes);
    if (kind === "binary" && n === 1) {
      const out = allocate("int64", labels.length).fill(neg);
      return new NDArray(out, [labels.length, 1], "int64");
    }
    if (kind === "binary" && n >= 3) kind = "multiclass";
    const index = new Map<unknown, number>();
    for (let i = 0; i < n; i++) index.set(classes.kind === "str" ? classes.values[i] : classes.values.at(i), i);
    const out = allocate("int64", labels.length * n);
    labels.forEach((l, r) => {
      const key = classes.kind === "str" ? l : toNumber(l);
      const i = index.get(key);
      for (let j = 0; j < n; j++) out[r * n + j] = i === j ? pos : neg;
      if (posSwitch) for (let j = 0; j < n; j++) if (out[r * n + j] === pos) out[r * n + j] = 0;
    });
    let Y = new NDArray(out, [labels.length, n], "int64");
    if (kind === "binary") {
      const col = allocate("int64", labels.length);
      for (let r = 0; r < labels.length; r++) col[r] = out[r * n + n - 1]!;
      Y = new NDArray(col, [labels.length, 1], "int64");
    }
    return this.a.bool("sparse_output", false) ? csrFromDense(Y) : Y;
  }

  inverseTransform(Y: unknown, threshold: unknown): unknown {
    const classes = this.classes();
    const y = Y instanceof CsrMatrix ? Y.toarray() : npArray(Y);
    if (y.ndim !== 2) throw valueError("Y must be a 2-D array");
    const [rows, cols] = y.shape as [number, number];
    const at = (i: number, j: number) => y.data[y.offset + i * y.strides[0]! + j * y.strides[1]!]!;
    if (this.a.str("y_type_") === "multiclass") {
      const idx = Array.from({ length: rows }, (_, i) => {
        let best = 0;
        for (let j = 1; j < cols; j++) if (at(i, j) > at(i, best)) best = j;
        return best;
      });
      return take(classes, idx);
    }
    const t = isNone(threshold) ? (this.a.num("pos_label", 1) + this.a.num("neg_label", 0)) / 2 : toNumber(threshold)!;
    const n = nClasses(classes);
    if (cols === 2) return take(classes, Array.from({ length: rows }, (_, i) => (at(i, 1) > t ? 1 : 0)));
    if (n === 1) return take(classes, new Array<number>(rows).fill(0));
    return take(classes, Array.from({ length: rows * cols }, (_, k) => (at(Math.floor(k / cols), k % cols) > t ? 1 : 0)));
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a, k) => this.inverseTransform(a[0], Estimator.arg(a, k, 1, "threshold", null)),
    };
  }
}

export const restoreLabelEncoder = (s: PyDict): LabelEncoder => new LabelEncoder(s);
export const restoreLabelBinarizer = (s: PyDict): LabelBinarizer => new LabelBinarizer(s);
