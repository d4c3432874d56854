// OneHotEncoder and OrdinalEncoder (sklearn/preprocessing/_encoders.py). Categories come from the pickle as numeric
// NDArrays (sorted, NaN last) or, for object arrays, JS arrays of their values (strings, numbers, None, NaN). A value
// is a category when Python's dict lookup would find it (1 == 1.0 == True, "1" != 1), NaN matches a NaN category
// and None a None category, as scikit-learn's `_check_unknown` and `_map_to_integer` decide.
// Layouts: 1.0 (no infrequent categories), 1.1-1.2 (`drop_idx_` already counts grouped infrequent categories),
// 1.3-1.5 (`_drop_idx_after_grouping` does, `drop_idx_` indexes `categories_`); `sparse` (<= 1.1) or
// `sparse_output` (>= 1.2).
import { PyError, WeakFloat } from "../core.ts";
import { NDArray, allocate, castValue, isDType, isFloatDType, type DType } from "../ndarray.ts";
import { array as npArray, promote } from "../np-base.ts";
import { PyDict } from "../pydict.ts";
import { floatRepr, intRepr, repr, str } from "../pyformat.ts";
import { Estimator, isNone, isScalarNaN, toNumber, typeError, valueError, type Kwargs } from "./base.ts";
import { checkFeatureNames, objectMatrix, type Column, type Table, toTable } from "./data.ts";
import { csrFromRows, CsrMatrix } from "./sparse.ts";

type Method = (args: unknown[], kwargs: Kwargs) => unknown;

/** One feature's fitted categories. */
type Categories = { readonly kind: "num"; readonly values: NDArray } | { readonly kind: "obj"; readonly values: readonly unknown[] };

const catLength = (c: Categories): number => (c.kind === "num" ? c.values.size : c.values.length);
const catAt = (c: Categories, i: number): unknown => (c.kind === "num" ? c.values.at(i) : c.values[i]);

/** A value as a lookup key with Python's equality: numbers (bools, numpy scalars) by value, None as null. */
function key(v: unknown): unknown {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof WeakFloat) return v.value;
  if (v instanceof NDArray && v.ndim === 0) return Number(v.item());
  if (v === undefined) return null;
  return v;
}

/** Python's str() of a category, as get_feature_names_out writes it (numpy float categories print as floats). */
function categoryStr(c: Categories, i: number): string {
  if (c.kind === "num") {
    const v = c.values.at(i);
    return isFloatDType(c.values.dtype) ? floatRepr(v) : c.values.dtype === "bool" ? (v ? "True" : "False") : intRepr(v);
  }
  return str(c.values[i]);
}

/** repr of a value inside a Python list, for "Found unknown categories [...]" messages. */
function itemRepr(v: unknown, numericDtype: DType | null): string {
  if (typeof v === "number" && numericDtype) return isFloatDType(numericDtype) ? floatRepr(v) : intRepr(v);
  return repr(v);
}

function categoriesOf(v: unknown, cls: string): Categories {
  if (v instanceof NDArray) {
    if (v.ndim !== 1) throw typeError(`${cls}.categories_ in the pickle holds an array that is not 1-D`);
    return { kind: "num", values: v };
  }
  if (Array.isArray(v)) return { kind: "obj", values: v.map((x) => (x instanceof WeakFloat ? x : x)) };
  throw typeError(`${cls}.categories_ in the pickle is not a list of arrays`);
}

/** Optional per-feature int arrays (`_infrequent_indices`, `_default_to_infrequent_mappings`). */
function intArrays(v: unknown, n: number, what: string): (number[] | null)[] {
  if (isNone(v)) return new Array<number[] | null>(n).fill(null);
  if (!Array.isArray(v) || v.length !== n) throw typeError(`${what} in the pickle is not a list of ${n} entries`);
  return v.map((x) => (isNone(x) ? null : Array.from(x instanceof NDArray ? x.values() : (x as number[]), Number)));
}

/** A dtype attribute (`dtype=np.float64`, read as its name) as a runtime dtype. */
function outputDType(v: unknown, cls: string): DType {
  if (v === "float16") return "float32";
  if (typeof v === "string" && isDType(v)) return v;
  if (v === "uint64") return "int64";
  throw typeError(`${cls}(dtype=${String(v)}) is not supported: the runtime's numeric dtypes are float32/64, int8-64, uint8-32 and bool`);
}

interface Encoded {
  readonly nRows: number;
  /** Category index per cell, row-major (n_samples x n_features). */
  readonly codes: Int32Array;
  /** False where the cell's value is unknown (handle_unknown other than "error"). */
  readonly known: Uint8Array;
}

/** What fit learnt, read once on first use (an unfitted encoder can sit in a ColumnTransformer's parameters). */
interface Fitted {
  readonly cats: Categories[];
  readonly infrequentEnabled: boolean;
  readonly infrequentIndices: (number[] | null)[];
  readonly infrequentMappings: (number[] | null)[];
}

abstract class BaseEncoder extends Estimator {
  private fittedState: Fitted | null = null;

  protected get fitted(): Fitted {
    if (this.fittedState) return this.fittedState;
    const cls = this.pyTypeName;
    const cats = this.a.list("categories_").map((c) => categoriesOf(c, cls));
    const enabled = this.a.bool("_infrequent_enabled", false);
    const n = cats.length;
    this.fittedState = {
      cats,
      infrequentEnabled: enabled,
      infrequentIndices: enabled ? intArrays(this.a.raw("_infrequent_indices"), n, `${cls}._infrequent_indices`) : new Array(n).fill(null),
      infrequentMappings: enabled ? intArrays(this.a.raw("_default_to_infrequent_mappings"), n, `${cls}._default_to_infrequent_mappings`) : new Array(n).fill(null),
    };
    return this.fittedState;
  }

  protected get cats(): Categories[] {
    return this.fitted.cats;
  }

  protected get infrequentEnabled(): boolean {
    return this.fitted.infrequentEnabled;
  }

  protected get infrequentIndices(): (number[] | null)[] {
    return this.fitted.infrequentIndices;
  }

  protected get infrequentMappings(): (number[] | null)[] {
    return this.fitted.infrequentMappings;
  }

  /** `_check_X`: the input's columns, each with its own dtype (a frame's, or the whole array's). */
  protected columns(X: unknown): Table {
    const t = toTable(X, this.pyTypeName);
    checkFeatureNames(this.a.featureNamesIn(), t.names);
    this.checkNFeatures(t.nCols);
    for (const c of t.columns) {
      if (c.kind === "num" && isFloatDType(c.values.dtype)) {
        const v = c.values.values();
        for (let i = 0; i < v.length; i++) {
          if (v[i] === Infinity || v[i] === -Infinity) throw valueError(`Input contains infinity or a value too large for dtype('${c.values.dtype}').`);
        }
      }
    }
    return t;
  }

  /** `_transform`: category codes and known-masks; unknown values raise under handle_unknown="error". */
  protected encode(t: Table, handleUnknown: string): Encoded {
    const n = t.nRows;
    const m = t.nCols;
    const codes = new Int32Array(n * m);
    const known = new Uint8Array(n * m).fill(1);
    for (let j = 0; j < m; j++) {
      const cats = this.cats[j]!;
      const index = new Map<unknown, number>();
      for (let i = catLength(cats) - 1; i >= 0; i--) index.set(key(catAt(cats, i)), i);
      const col: Column = t.columns[j]!;
      const unknown: unknown[] = [];
      const seen = new Set<unknown>();
      for (let i = 0; i < n; i++) {
        const v = col.kind === "num" ? (col.values.dtype === "bool" ? col.values.at(i) !== 0 : col.values.at(i)) : col.values[i];
        const code = index.get(key(v));
        if (code === undefined) {
          known[i * m + j] = 0;
          const k = key(v);
          if (!seen.has(k)) {
            seen.add(k);
            unknown.push(v);
          }
        } else codes[i * m + j] = code;
      }
      if (unknown.length && handleUnknown === "error") {
        // scikit-learn lists numbers sorted (numpy's setdiff1d), objects from a set with None then nan last
        const numeric = col.kind === "num" ? col.values.dtype : null;
        const listed = numeric
          ? unknown.slice().sort((a, b) => (Number.isNaN(a as number) ? 1 : Number.isNaN(b as number) ? -1 : (a as number) - (b as number)))
          : [...unknown.filter((u) => !isNone(u) && !isScalarNaN(u)), ...unknown.filter(isNone), ...unknown.filter(isScalarNaN)];
        throw valueError(`Found unknown categories [${listed.map((u) => itemRepr(u, numeric)).join(", ")}] in column ${j} during transform`);
      }
    }
    return { nRows: n, codes, known };
  }

  /** `_map_infrequent_categories`: grouped infrequent codes (cells of `ignore`'s categories keep theirs). */
  protected mapInfrequent(e: Encoded, handleUnknown: string, ignore: ReadonlyMap<number, number> = new Map()): void {
    if (!this.infrequentEnabled) return;
    const m = this.cats.length;
    for (let j = 0; j < m; j++) {
      const infrequent = this.infrequentIndices[j];
      if (!infrequent) continue;
      for (let i = 0; i < e.nRows; i++) {
        if (!e.known[i * m + j]) e.codes[i * m + j] = infrequent[0]!;
        if (handleUnknown === "infrequent_if_exist") e.known[i * m + j] = 1;
      }
    }
    for (let j = 0; j < m; j++) {
      const mapping = this.infrequentMappings[j];
      if (!mapping) continue;
      const skip = ignore.get(j);
      for (let i = 0; i < e.nRows; i++) {
        const c = e.codes[i * m + j]!;
        if (c !== skip) e.codes[i * m + j] = mapping[c]!;
      }
    }
  }

  /** `_compute_transformed_categories(i, remove_dropped=False)`: frequent categories then "infrequent_sklearn". */
  protected groupedCategories(i: number): { values: unknown[]; names: string[] } {
    const cats = this.cats[i]!;
    const mapping = this.infrequentMappings[i];
    const values: unknown[] = [];
    const names: string[] = [];
    const n = catLength(cats);
    const max = mapping ? Math.max(...mapping) : Infinity;
    for (let k = 0; k < n; k++) {
      if (mapping && !(mapping[k]! < max)) continue;
      values.push(catAt(cats, k));
      names.push(categoryStr(cats, k));
    }
    if (mapping) {
      values.push("infrequent_sklearn");
      names.push("infrequent_sklearn");
    }
    return { values, names };
  }

  protected dtypeOut(): DType {
    return outputDType(this.a.raw("dtype") ?? "float64", this.pyTypeName);
  }
}

export class OneHotEncoder extends BaseEncoder {
  /** The dropped category of each feature, as a grouped index (null: none), or null when nothing is dropped. */
  private get drop(): (number | null)[] | null {
    const raw = this.a.has("_drop_idx_after_grouping") ? this.a.raw("_drop_idx_after_grouping") : this.a.required("drop_idx_");
    if (isNone(raw)) return null;
    const items = raw instanceof NDArray ? Array.from(raw.values(), Number) : Array.isArray(raw) ? raw : null;
    if (!items || items.length !== this.cats.length) throw typeError("OneHotEncoder.drop_idx_ in the pickle is not one entry per feature");
    return items.map((x) => (isNone(x) ? null : toNumber(x)!));
  }

  constructor(state: PyDict) {
    super("OneHotEncoder", state);
    const combiner = this.a.raw("feature_name_combiner");
    if (!isNone(combiner) && combiner !== "concat") throw typeError("OneHotEncoder(feature_name_combiner=callable) is not supported: its names come from a function the pickle only names");
  }

  /** Output columns per feature (`_n_features_outs`). */
  private outs(): number[] {
    return this.cats.map((c, i) => {
      let n = catLength(c);
      const inf = this.infrequentIndices[i];
      if (inf) n -= inf.length - 1;
      if (this.drop && this.drop[i] !== null) n -= 1;
      return n;
    });
  }

  private handleUnknown(): string {
    return this.a.str("handle_unknown", "error");
  }

  transform(X: unknown): NDArray | CsrMatrix {
    const t = this.columns(X);
    const handle = this.handleUnknown();
    const e = this.encode(t, handle);
    this.mapInfrequent(e, handle);
    const m = this.cats.length;
    if (this.drop) {
      for (let i = 0; i < e.nRows; i++) {
        for (let j = 0; j < m; j++) {
          const d = this.drop[j] ?? catLength(this.cats[j]!);
          const k = i * m + j;
          const c = e.codes[k]!;
          if (c === this.drop[j]) e.known[k] = 0;
          if (c > d) e.codes[k] = c - 1;
        }
      }
    }
    const outs = this.outs();
    const offsets = [0];
    for (const o of outs) offsets.push(offsets[offsets.length - 1]! + o);
    const width = offsets[m]!;
    const rows: [number, number][][] = [];
    for (let i = 0; i < e.nRows; i++) {
      const r: [number, number][] = [];
      for (let j = 0; j < m; j++) if (e.known[i * m + j]) r.push([offsets[j]! + e.codes[i * m + j]!, 1]);
      rows.push(r);
    }
    const out = csrFromRows(width, rows, this.dtypeOut());
    const sparse = this.a.has("sparse_output") ? this.a.bool("sparse_output") : this.a.bool("sparse", true);
    return sparse ? out : out.toarray();
  }

  inverseTransform(X: unknown): unknown {
    const x = X instanceof CsrMatrix ? X.toarray() : npArray(X);
    if (x.ndim !== 2) throw valueError(`Expected 2D array, got ${x.ndim === 1 ? "1D" : "scalar"} array instead`);
    const [n, w] = x.shape as [number, number];
    const outs = this.outs();
    const total = outs.reduce((a, b) => a + b, 0);
    if (w !== total) throw valueError(`Shape of the passed X data is not correct. Expected ${total} columns, got ${w}.`);
    const at = (i: number, j: number) => x.data[x.offset + i * x.strides[0]! + j * x.strides[1]!]!;
    const handle = this.handleUnknown();
    const m = this.cats.length;
    const result: unknown[][] = Array.from({ length: n }, () => new Array<unknown>(m));
    const unknownCells: [number, number][] = [];
    let j = 0;
    for (let f = 0; f < m; f++) {
      const grouped = this.groupedCategories(f).values;
      const drop = this.drop?.[f] ?? null;
      const withoutDropped = drop === null ? grouped : grouped.filter((_, k) => k !== drop);
      const k = withoutDropped.length;
      const originalDrop = this.a.has("_drop_idx_after_grouping") ? dropIndexAt(this.a.raw("drop_idx_"), f) : drop;
      if (k === 0) {
        for (let i = 0; i < n; i++) result[i]![f] = catAt(this.cats[f]!, originalDrop!);
        continue;
      }
      const allZero: number[] = [];
      for (let i = 0; i < n; i++) {
        let best = 0;
        let sum = 0;
        for (let c = 0; c < k; c++) {
          const v = at(i, j + c);
          sum += v;
          if (v > at(i, j + best)) best = c;
        }
        result[i]![f] = withoutDropped[best];
        if (sum === 0) allZero.push(i);
      }
      if (handle === "ignore" || (handle === "infrequent_if_exist" && !this.infrequentIndices[f])) {
        for (const i of allZero) {
          if (drop === null) unknownCells.push([i, f]);
          else result[i]![f] = catAt(this.cats[f]!, originalDrop!);
        }
      } else if (allZero.length) {
        if (drop === null) {
          throw valueError(`Samples [${allZero.join(" ")}] can not be inverted when drop=None and handle_unknown='error' because they contain all zeros`);
        }
        for (const i of allZero) result[i]![f] = grouped[drop];
      }
      j += k;
    }
    for (const [i, f] of unknownCells) result[i]![f] = null;
    return this.asOutput(result, unknownCells.length > 0, true);
  }

  /** Decoded rows: a numeric array when every category (and cell) is numeric, else lists of Python values. */
  protected asOutput(rows: unknown[][], forceObject: boolean, grouped: boolean): unknown {
    const numeric = !forceObject && this.cats.every((c, i) => c.kind === "num" && !(grouped && this.infrequentMappings[i]));
    if (!numeric) return rows;
    let d: DType | null = null;
    for (const c of this.cats) d = d === null ? (c.values as NDArray).dtype : promote(d, (c.values as NDArray).dtype);
    const dt = d ?? "float64";
    const m = this.cats.length;
    const out = allocate(dt, rows.length * m);
    rows.forEach((r, i) => r.forEach((v, f) => (out[i * m + f] = castValue(v as number, "float64", dt))));
    return new NDArray(out, [rows.length, m], dt);
  }

  namesOut(inputFeatures: unknown): string[] {
    const input = this.featureNamesIn(inputFeatures);
    const out: string[] = [];
    this.cats.forEach((_, f) => {
      const names = this.groupedCategories(f).names;
      const drop = this.drop?.[f] ?? null;
      names.forEach((nm, k) => {
        if (k !== drop) out.push(`${input[f]}_${nm}`);
      });
    });
    return out;
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(Estimator.arg(a, k, 0, "input_features", null)),
    };
  }

  protected override properties(): Record<string, () => unknown> {
    return {
      infrequent_categories_: () => {
        if (!this.infrequentEnabled) throw new PyError("AttributeError", "'OneHotEncoder' object has no attribute 'infrequent_categories_'");
        return this.cats.map((c, i) => {
          const idx = this.infrequentIndices[i];
          return idx ? (c.kind === "num" ? npArray(idx.map((k) => c.values.at(k)), c.values.dtype) : idx.map((k) => c.values[k])) : null;
        });
      },
    };
  }
}

function dropIndexAt(v: unknown, f: number): number | null {
  const items = v instanceof NDArray ? Array.from(v.values(), Number) : Array.isArray(v) ? v : null;
  const x = items?.[f];
  return isNone(x) ? null : toNumber(x)!;
}

export class OrdinalEncoder extends BaseEncoder {
  constructor(state: PyDict) {
    super("OrdinalEncoder", state);
  }

  /** Feature -> index of its missing-value (NaN) category. */
  private get missing(): Map<number, number> {
    const out = new Map<number, number>();
    const raw = this.a.raw("_missing_indices");
    if (raw instanceof PyDict) {
      for (const [k, v] of raw) out.set(toNumber(k)!, toNumber(v)!);
    } else {
      // before the attribute existed, NaN categories were the missing ones
      this.cats.forEach((c, i) => {
        for (let k = 0; k < catLength(c); k++) if (isScalarNaN(catAt(c, k))) out.set(i, k);
      });
    }
    return out;
  }

  transform(X: unknown): NDArray {
    const t = this.columns(X);
    const handle = this.a.str("handle_unknown", "error");
    const e = this.encode(t, handle);
    this.mapInfrequent(e, handle, this.missing);
    const dt = this.dtypeOut();
    const m = this.cats.length;
    const out = allocate(dt, e.nRows * m);
    for (let k = 0; k < out.length; k++) out[k] = e.codes[k]!;
    const put = (k: number, v: unknown) => {
      const x = toNumber(v) ?? Number.NaN;
      if (Number.isNaN(x) && !isFloatDType(dt)) throw valueError("cannot convert float NaN to integer");
      out[k] = castValue(x, "float64", dt);
    };
    for (const [f, idx] of this.missing) {
      for (let i = 0; i < e.nRows; i++) if (e.codes[i * m + f] === idx) put(i * m + f, this.a.raw("encoded_missing_value") ?? Number.NaN);
    }
    if (handle === "use_encoded_value") {
      for (let k = 0; k < out.length; k++) if (!e.known[k]) put(k, this.a.raw("unknown_value"));
    }
    return new NDArray(out, [e.nRows, m], dt);
  }

  inverseTransform(X: unknown): unknown {
    const x = npArray(X, "float64");
    if (x.ndim !== 2) throw valueError(`Expected 2D array, got ${x.ndim === 1 ? "1D" : "scalar"} array instead`);
    const [n, w] = x.shape as [number, number];
    const m = this.cats.length;
    if (w !== m) throw valueError(`Shape of the passed X data is not correct. Expected ${m} columns, got ${w}.`);
    const handle = this.a.str("handle_unknown", "error");
    const unknownValue = toNumber(this.a.raw("unknown_value"));
    const missingValue = toNumber(this.a.raw("encoded_missing_value") ?? Number.NaN)!;
    const same = (a: number, b: number | undefined) => b !== undefined && (a === b || (Number.isNaN(a) && Number.isNaN(b)));
    let anyUnknown = false;
    const rows = objectMatrix(n, m, (i, f) => {
      let label = x.data[i * m + f]!;
      const miss = this.missing.get(f);
      if (miss !== undefined && same(label, missingValue)) label = miss;
      if (handle === "use_encoded_value" && same(label, unknownValue)) {
        anyUnknown = true;
        return null;
      }
      const idx = Math.trunc(label);
      if (!(idx >= -catLength(this.cats[f]!) && idx < catLength(this.cats[f]!))) {
        throw new PyError("IndexError", `index ${idx} is out of bounds for axis 0 with size ${catLength(this.cats[f]!)}`);
      }
      return catAt(this.cats[f]!, idx < 0 ? idx + catLength(this.cats[f]!) : idx);
    });
    if (anyUnknown || this.cats.some((c) => c.kind === "obj")) return rows;
    let d: DType | null = null;
    for (const c of this.cats) d = d === null ? (c.values as NDArray).dtype : promote(d, (c.values as NDArray).dtype);
    return npArray(rows, d ?? "float64");
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
      get_feature_names_out: (a, k) => this.featureNamesIn(Estimator.arg(a, k, 0, "input_features", null)),
    };
  }
}

export const restoreOneHotEncoder = (s: PyDict): OneHotEncoder => new OneHotEncoder(s);
export const restoreOrdinalEncoder = (s: PyDict): OrdinalEncoder => new OrdinalEncoder(s);
