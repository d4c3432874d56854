// pandas runtime, Index: the row labels of a Series or DataFrame and the column labels of a DataFrame. A RangeIndex
// (what `pd.DataFrame([record])` gets) is held as start/stop/step; any other index as its labels with pandas 1.5's
// class (Int64Index, Float64Index, Index of object or bool). Lookups hash labels with Python equality.
import { PyError, pyError, Slice, tuple } from "../core.ts";
import { NDArray } from "../ndarray.ts";
import { scalarArray } from "../np-base.ts";
import { bindArgs, compareStr, mkFloat, typeError } from "../py-base.ts";
import { callMethod } from "../py-builtins.ts";
import { repr as pyRepr } from "../pyformat.ts";
import { METHOD_NOT_FOUND } from "../pystr.ts";
import { sliceIndices } from "../py-ops.ts";
import { colItems, colToNDArray, DatetimeArray, isTimeArray, numericColumn, ObjectArray, type Column } from "./column.ts";
import { timeIndexMember } from "./datetimes.ts";
import { isNumericDType, isTimeDType } from "./dtypes.ts";
import { formatTimeLabels } from "./format.ts";
import { inferTimeColumn, type TimeDType } from "./timearrays.ts";
import { NaTType, Timedelta, Timestamp } from "./timescalars.ts";
import { NAT } from "./tscore.ts";
import { Series } from "./series.ts";
import { StringMethods } from "./strings.ts";
import { labelKey, numberOf, pyScalar, scalarKind } from "./values.ts";

export type IndexDType = "int64" | "float64" | "bool" | "object" | TimeDType;

export class Index implements Iterable<unknown> {
  private keyPositions: Map<string, number[]> | undefined;

  private constructor(
    readonly dtype: IndexDType,
    private readonly items: readonly unknown[] | null,
    readonly range: { readonly start: number; readonly stop: number; readonly step: number } | null,
    readonly name: unknown = null,
  ) {}

  /** `RangeIndex(start, stop, step)`. */
  static range(start: number, stop: number, step = 1, name: unknown = null): Index {
    return new Index("int64", null, { start, stop, step }, name);
  }

  /** `pd.Index(labels)`: Int64Index for ints, Float64Index for floats (and ints with floats), else object or bool. */
  static of(labels: readonly unknown[], name: unknown = null): Index {
    const values = labels.map(pyScalar);
    return new Index(inferIndexDType(values), values, null, name);
  }

  /** An index of a column's values (`pd.to_datetime(list)` gives a DatetimeIndex, a field of it an Int64Index). */
  static fromColumn(c: Column, name: unknown = null): Index {
    if (isTimeArray(c)) return new Index(c.dtype, colItems(c), null, name);
    if (c instanceof NDArray) {
      const d: IndexDType = c.dtype === "bool" ? "bool" : c.dtype === "float32" || c.dtype === "float64" ? "float64" : "int64";
      return new Index(d, colItems(c), null, name);
    }
    return new Index("object", colItems(c), null, name);
  }

  /** An index holding labels of a known dtype (a take of another index). */
  static withDType(dtype: IndexDType, labels: readonly unknown[], name: unknown = null): Index {
    return new Index(dtype, labels.slice(), null, name);
  }

  get pyTypeName(): string {
    return this.className;
  }

  get isRange(): boolean {
    return this.range !== null;
  }

  get className(): string {
    if (this.range) return "RangeIndex";
    if (isTimeDType(this.dtype)) return this.dtype === "timedelta64[ns]" ? "TimedeltaIndex" : "DatetimeIndex";
    if (this.dtype === "int64") return "Int64Index";
    if (this.dtype === "float64") return "Float64Index";
    return "Index";
  }

  get length(): number {
    if (this.range) {
      const { start, stop, step } = this.range;
      return Math.max(0, step > 0 ? Math.ceil((stop - start) / step) : Math.ceil((start - stop) / -step));
    }
    return this.items!.length;
  }

  /** The label at position i, as a Python value. */
  label(i: number): unknown {
    if (this.range) return this.range.start + i * this.range.step;
    return this.items![i];
  }

  labels(): unknown[] {
    if (this.items) return this.items.slice();
    return Array.from({ length: this.length }, (_, i) => this.label(i));
  }

  *[Symbol.iterator](): Iterator<unknown> {
    for (let i = 0; i < this.length; i++) yield this.label(i);
  }

  withName(name: unknown): Index {
    return new Index(this.dtype, this.items, this.range, name);
  }

  private positionsByKey(): Map<string, number[]> {
    if (!this.keyPositions) {
      const m = new Map<string, number[]>();
      for (let i = 0; i < this.length; i++) {
        const k = labelKey(this.label(i));
        const p = m.get(k);
        if (p) p.push(i);
        else m.set(k, [i]);
      }
      this.keyPositions = m;
    }
    return this.keyPositions;
  }

  /** Positions holding `label` (empty when absent). */
  positionsOf(label: unknown): readonly number[] {
    if (this.range) {
      const n = numberOf(label);
      if (n === undefined || typeof label === "boolean" || !Number.isInteger(n)) return [];
      const { start, step } = this.range;
      const i = (n - start) / step;
      return Number.isInteger(i) && i >= 0 && i < this.length ? [i] : [];
    }
    return this.positionsByKey().get(labelKey(pyScalar(label))) ?? [];
  }

  contains(label: unknown): boolean {
    return this.positionsOf(label).length > 0;
  }

  get isUnique(): boolean {
    return this.range !== null || this.positionsByKey().size === this.length;
  }

  /** pandas' `get_indexer`: for each label its position, -1 where absent; refuses duplicate labels in this index. */
  indexer(labels: Iterable<unknown>): number[] {
    if (!this.isUnique) throw pyError("ValueError", "cannot reindex on an axis with duplicate labels");
    return Array.from(labels, (l) => this.positionsOf(l)[0] ?? -1);
  }

  equals(other: Index): boolean {
    if (this === other) return true;
    const n = this.length;
    if (n !== other.length) return false;
    if (this.range && other.range) return n === 0 || (this.range.start === other.range.start && (n === 1 || this.range.step === other.range.step));
    for (let i = 0; i < n; i++) if (labelKey(this.label(i)) !== labelKey(other.label(i))) return false;
    return true;
  }

  /** The labels at positions; a take of a RangeIndex is an Int64Index, as in pandas 1.5. */
  take(positions: readonly number[]): Index {
    return new Index(this.dtype, positions.map((p) => this.label(p)), null, this.name);
  }

  /** Positions start, start + step, ... (a slice): a RangeIndex stays one. */
  slice(start: number, step: number, count: number): Index {
    if (this.range) {
      const s = this.range.start + start * this.range.step;
      return Index.range(s, s + count * step * this.range.step, step * this.range.step, this.name);
    }
    const out: unknown[] = [];
    for (let i = 0, p = start; i < count; i++, p += step) out.push(this.items![p]);
    return new Index(this.dtype, out, null, this.name);
  }

  /** Positions kept in order: a RangeIndex stays one when they are evenly spaced (what `drop` of rows gives). */
  keep(positions: readonly number[]): Index {
    if (this.range && positions.length === 0) return this.slice(0, 1, 0);
    if (this.range && positions.length > 0) {
      const step = positions.length > 1 ? positions[1] - positions[0] : 1;
      if (step > 0 && positions.every((p, i) => p === positions[0] + i * step)) {
        return this.slice(positions[0], step, positions.length);
      }
    }
    return this.take(positions);
  }

  /** The sorted union of two indexes (pandas' outer join of differing indexes), labels of both kept once. */
  union(other: Index): Index {
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (const ix of [this, other]) {
      for (const l of ix) {
        const k = labelKey(l);
        if (!seen.has(k)) {
          seen.add(k);
          out.push(l);
        }
      }
    }
    const sorted = trySort(out);
    const name = namesAgree(this.name, other.name) ? this.name : null;
    return new Index(inferIndexDType(sorted ?? out), sorted ?? out, null, name);
  }

  /** The index as a column of values (for `reset_index`, `.index.values`). */
  toColumn(): Column {
    if (this.dtype === "object") return new ObjectArray(this.labels());
    if (isTimeDType(this.dtype)) return inferTimeColumn(this.labels()) ?? DatetimeArray.full(this.length, NAT, null);
    return numericColumn(this.dtype, this.labels().map((v) => numberOf(v)!));
  }

  /** A new RangeIndex 0..n-1 unless this one already is one (what `reset_index` and `ignore_index` give). */
  static defaultOf(n: number): Index {
    return Index.range(0, n, 1);
  }

  // ---- Python protocol -----------------------------------------------------------------------------------------

  pyLen(): number {
    return this.length;
  }

  pyContains(item: unknown): boolean {
    return this.contains(item);
  }

  pyGetitem(key: unknown): unknown {
    if (key instanceof Slice) {
      const [start, , step, count] = sliceIndices(key, this.length);
      return this.slice(start, step, count);
    }
    const i = numberOf(key);
    if (i !== undefined && typeof key !== "boolean" && Number.isInteger(i)) {
      const n = this.length;
      const p = i < 0 ? i + n : i;
      if (p < 0 || p >= n) throw pyError("IndexError", `index ${i} is out of bounds for axis 0 with size ${n}`);
      // a RangeIndex gives Python ints, other numeric indexes numpy scalars (they index a numpy array)
      if (this.range || !isNumericDType(this.dtype)) return this.label(p);
      return scalarArray(numberOf(this.label(p))!, this.dtype);
    }
    // an array or list of positions, or a boolean mask: the labels taken (numpy's fancy indexing)
    const keys = key instanceof NDArray && key.ndim === 1 ? (key.tolist() as unknown[]) : Array.isArray(key) ? key : null;
    if (keys) {
      const n = this.length;
      if (keys.length > 0 && keys.every((k) => typeof k === "boolean")) {
        if (keys.length !== n) throw pyError("IndexError", `boolean index did not match indexed array along dimension 0; dimension is ${n} but corresponding boolean dimension is ${keys.length}`);
        return this.take(keys.flatMap((k, i) => (k ? [i] : [])));
      }
      return this.take(keys.map((k) => {
        const v = numberOf(k);
        if (v === undefined || !Number.isInteger(v) || typeof k === "boolean") throw pyError("IndexError", "arrays used as indices must be of integer (or boolean) type");
        const p = v < 0 ? v + n : v;
        if (p < 0 || p >= n) throw pyError("IndexError", `index ${v} is out of bounds for axis 0 with size ${n}`);
        return p;
      }));
    }
    throw pyError("IndexError", "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices");
  }

  pyAttr(name: string): unknown {
    if (isTimeDType(this.dtype) && name !== "values" && name !== "name" && name !== "dtype") {
      const r = timeIndexMember(this, name, [], {}, false);
      if (r !== METHOD_NOT_FOUND) return r;
    }
    switch (name) {
      case "values":
        return this.toArray();
      case "dtype":
        return this.dtype;
      case "name":
        return this.name;
      case "shape":
        return tuple([this.length]);
      case "size":
        return this.length;
      case "ndim":
        return 1;
      case "empty":
        return this.length === 0;
      case "is_unique":
        return this.isUnique;
      case "str":
        // `df.columns.str.lower()`: an Index again, or a numpy bool array for predicates, as pandas gives
        return new StringMethods(new Series(this.toColumn(), Index.defaultOf(this.length)), (s) =>
          s.values instanceof NDArray && s.values.dtype === "bool" ? s.values : Index.of(colItems(s.values), this.name),
        );
      case "start":
      case "stop":
      case "step":
        if (this.range) return this.range[name];
        return METHOD_NOT_FOUND;
    }
    return METHOD_NOT_FOUND;
  }

  pyMethod(name: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
    const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required);
    if (isTimeDType(this.dtype)) {
      const r = timeIndexMember(this, name, args, kwargs, true);
      if (r !== METHOD_NOT_FOUND) return r;
    }
    switch (name) {
      case "tolist":
      case "to_list":
        b([]);
        return this.labels();
      case "to_numpy":
        b(["dtype", "copy", "na_value"]);
        return this.toArray();
      case "copy":
        b(["name", "deep"]);
        return new Index(this.dtype, this.items, this.range, this.name);
      case "get_loc": {
        const [key] = b(["key"], 1);
        const p = this.positionsOf(key);
        if (p.length === 0) throw pyError("KeyError", pyRepr(key));
        return p.length === 1 ? p[0] : p.slice();
      }
      case "get_indexer": {
        const [target] = b(["target"], 1);
        return numericColumn("int64", this.indexer(iterLabels(target)));
      }
      case "isin": {
        const [values] = b(["values"], 1);
        const keys = new Set(Array.from(iterLabels(values), labelKey));
        return numericColumn("bool", this.labels().map((l) => (keys.has(labelKey(l)) ? 1 : 0)));
      }
      case "union": {
        const [other] = b(["other", "sort"], 1);
        return this.union(other instanceof Index ? other : Index.of(Array.from(iterLabels(other))));
      }
      case "difference": {
        const [other] = b(["other", "sort"], 1);
        const drop = new Set(Array.from(iterLabels(other), labelKey));
        const seen = new Set<string>();
        const kept = this.labels().filter((l) => {
          const k = labelKey(l);
          if (drop.has(k) || seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        return Index.withDType(this.dtype, trySort(kept) ?? kept, this.name);
      }
      case "drop": {
        // `df.select_dtypes(include="object").columns.drop("date")`: every position of each label goes
        const [labels, errors] = b(["labels", "errors"], 1);
        const scalar = typeof labels === "string" || labels === null || numberOf(labels) !== undefined;
        const wanted = scalar ? [pyScalar(labels)] : Array.from(iterLabels(labels), pyScalar);
        const have = new Set(this.labels().map(labelKey));
        const missing = wanted.filter((l) => !have.has(labelKey(l)));
        if (missing.length && errors !== "ignore") throw new PyError("KeyError", pyRepr(`${pyRepr(missing)} not found in axis`));
        const drop = new Set(wanted.map(labelKey));
        return Index.withDType(this.dtype, this.labels().filter((l) => !drop.has(labelKey(l))), this.name);
      }
      case "__array__":
        return this.toArray();
    }
    return METHOD_NOT_FOUND;
  }

  /** `index.values`: a numpy array (object indexes have no numpy form in the runtime: their labels as a list). */
  toArray(): unknown {
    if (this.dtype === "object") {
      throw pyError("TypeError", "the index has object dtype, which nb2svc's numpy runtime cannot hold: use .tolist()");
    }
    if (isTimeDType(this.dtype)) return colToNDArray(this.toColumn(), null, () => `the ${this.className}`);
    const col = this.toColumn() as NDArray;
    return col;
  }

  __array__(): NDArray {
    return this.toArray() as NDArray;
  }

  toJSON(): unknown {
    return this.labels();
  }

  pyRepr(): string {
    if (this.range) {
      const { start, stop, step } = this.range;
      const name = this.name === null ? "" : `, name=${pyRepr(this.name)}`;
      return `RangeIndex(start=${start}, stop=${stop}, step=${step}${name})`;
    }
    const cls = this.className;
    if (isTimeDType(this.dtype)) {
      const data = formatObjectSummary(formatTimeLabels(this.toColumn()), cls, true);
      const attrs = [`dtype='${this.dtype}'`];
      if (this.name !== null) attrs.push(`name=${pyRepr(this.name)}`);
      attrs.push("freq=None");
      return `${cls}(${data}${attrs.join(", ")})`;
    }
    const justify = !this.items!.every((v) => typeof v === "string");
    const data = formatObjectSummary(this.items!.map(formatLabel), cls, justify);
    const attrs = [`dtype='${this.dtype}'`];
    if (this.name !== null) attrs.push(`name=${pyRepr(this.name)}`);
    if (this.length > 100) attrs.push(`length=${this.length}`);
    return `${cls}(${data}${attrs.join(", ")})`;
  }
}

/** The labels of an iterable key (list, Index, Series, array). */
export function iterLabels(x: unknown): Iterable<unknown> {
  if (x instanceof Index) return x;
  if (Array.isArray(x)) return x;
  if (x instanceof NDArray) return x.ndim === 0 ? [x] : (x.tolist() as unknown[]);
  if (x !== null && typeof x === "object" && Symbol.iterator in x) return x as Iterable<unknown>;
  if (typeof x === "string" || numberOf(x) !== undefined || x === null) {
    throw typeError(`Index(...) must be called with a collection of some kind, ${pyRepr(x)} was passed`);
  }
  return callMethod(x, "tolist") as unknown[];
}

function inferIndexDType(values: readonly unknown[]): IndexDType {
  if (values.length === 0) return "object";
  if (values.some((v) => v instanceof Timestamp || v instanceof Timedelta || v instanceof NaTType)) {
    const t = inferTimeColumn(values);
    return t === null ? "object" : t.dtype;
  }
  let floats = 0;
  let bools = 0;
  for (const v of values) {
    const k = scalarKind(v);
    if (k === "int") continue;
    if (k === "float") floats++;
    else if (k === "bool") bools++;
    else return "object";
  }
  if (bools === values.length) return "bool";
  if (bools > 0) return "object";
  return floats > 0 ? "float64" : "int64";
}

const namesAgree = (a: unknown, b: unknown): boolean => a === b || labelKey(a) === labelKey(b);

/** Sorted labels when they can be ordered (numbers, or strings), else null: pandas keeps the order then. */
function trySort(labels: readonly unknown[]): unknown[] | null {
  if (labels.every((l) => numberOf(l) !== undefined && typeof l !== "boolean")) {
    return labels.slice().sort((a, b) => numberOf(a)! - numberOf(b)!);
  }
  if (labels.every((l) => typeof l === "string")) return (labels.slice() as string[]).sort(compareStr);
  return null;
}

/** How pandas prints one label inside an Index repr: strings quoted (not escaped like repr), others as str(). */
function formatLabel(v: unknown): string {
  if (typeof v === "string") return `'${v.replace(/\t/g, "\\t").replace(/\r/g, "\\r").replace(/\n/g, "\\n")}'`;
  if (typeof v === "number" && Number.isInteger(v)) return String(v);
  return pyRepr(typeof v === "number" ? mkFloat(v) : v);
}

const DISPLAY_WIDTH = 80;
const MAX_SEQ_ITEMS = 100;

/** pandas' `format_object_summary` for a flat index at the default display width (80) and max_seq_items (100). */
function formatObjectSummary(values: readonly string[], name: string, justify: boolean): string {
  const space1 = "\n" + " ".repeat(name.length + 1);
  const space2 = "\n" + " ".repeat(name.length + 2);
  const n = values.length;
  const close = ", ";
  if (n === 0) return `[]${close}`;
  if (n === 1) return `[${values[0]}]${close}`;
  if (n === 2) return `[${values[0]}, ${values[1]}]${close}`;
  const truncated = n > MAX_SEQ_ITEMS;
  let head: string[] = [];
  let tail: string[];
  if (truncated) {
    const k = Math.min(Math.floor(MAX_SEQ_ITEMS / 2), 10);
    head = values.slice(0, k);
    tail = values.slice(n - k);
  } else {
    tail = values.slice();
  }
  const width = (xs: readonly string[]) => xs.reduce((m, x) => Math.max(m, [...x].length), 0);
  if (justify && (truncated || !(head.join(", ").length < DISPLAY_WIDTH && tail.join(", ").length < DISPLAY_WIDTH))) {
    const w = Math.max(width(head), width(tail));
    head = head.map((x) => x.padStart(w));
    tail = tail.map((x) => x.padStart(w));
  }
  let summary = "";
  let line = space2;
  const extend = (value: string, limit: number) => {
    if ([...line.trimEnd()].length + [...value.trimEnd()].length >= limit) {
      summary += line.trimEnd();
      line = space2;
    }
    line += value;
  };
  for (const h of head) extend(h + ", ", DISPLAY_WIDTH);
  if (truncated) {
    summary += line.trimEnd() + space2 + "...";
    line = space2;
  }
  for (let i = 0; i < tail.length - 1; i++) extend(tail[i] + ", ", DISPLAY_WIDTH);
  extend(tail[tail.length - 1], DISPLAY_WIDTH - 2);
  summary += line;
  summary += "],";
  summary += summary.length > DISPLAY_WIDTH ? space1 : " ";
  return "[" + summary.slice(space2.length);
}
