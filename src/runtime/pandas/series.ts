// pandas runtime, Series: one column of values with its index and name. It answers the runtime's Python object
// protocol (methods, attributes, subscripts, operators, len, iteration, repr, JSON) and numpy's (`__array__`,
// `__array_ufunc__`), with pandas 1.5.3's results: values, dtypes, index and exceptions.
import { isTuple, pyError, tuple } from "../core.ts";
import { isDType, NDArray, type DType } from "../ndarray.ts";
import { unaryUfunc, binaryUfunc, round as npRound, clip as npClip, type BinaryName, type UnaryName } from "../np-ufunc.ts";
import { bindArgs, typeError, typeName } from "../py-base.ts";
import { truthy } from "../py-ops.ts";
import { repr as pyRepr } from "../pyformat.ts";
import { PyDict } from "../pydict.ts";
import { entriesToJSON } from "../py-tojson.ts";
import { METHOD_NOT_FOUND } from "../pystr.ts";
import {
  colAsType, colCopy, colDType, colIsNA, colItems, colLength, colScalar, colTake, colToNDArray, inferColumn, numAt, numericColumn, ObjectArray,
  type Column,
} from "./column.ts";
import { dtypeArg, isFloatDType, isNumericDType } from "./dtypes.ts";
import { DataFrame } from "./frame.ts";
import { formatSeries } from "./format.ts";
import { Index, iterLabels } from "./index.ts";
import { Indexer, seriesGetitem, seriesSetitem } from "./indexing.ts";
import { colMapFunction, colMapLookup, colReplace, lookupOfDict, replacementPairs } from "./mapping.ts";
import { colFillna, colSet } from "./missing.ts";
import { columnOp, columnUnary, isComparison, operandColumn, type BinaryOp, type Operand } from "./ops.ts";
import { colReduce, type ReductionName } from "./reduce.ts";
import { naFirstOf, sortOrder, valueCounts } from "./sort.ts";
import { StringMethods } from "./strings.ts";
import { dtAccessor } from "./datetimes.ts";
import { DatetimeArray, isTimeArray } from "./timearrays.ts";
import { timestampFromString } from "./timescalars.ts";
import { NAT } from "./tscore.ts";
import { isNA, labelKey, numberOf, pyScalar } from "./values.ts";

type Kw = Record<string, unknown>;

export class Series implements Iterable<unknown> {
  readonly pyTypeName = "Series";

  constructor(
    public values: Column,
    public index: Index,
    public name: unknown = null,
  ) {
    if (colLength(values) !== index.length) {
      throw pyError("ValueError", `Length of values (${colLength(values)}) does not match length of index (${index.length})`);
    }
  }

  get length(): number {
    return colLength(this.values);
  }

  get dtype(): string {
    return colDType(this.values);
  }

  /** Same index and name, other values. */
  withValues(values: Column, name: unknown = this.name): Series {
    return new Series(values, this.index, name);
  }

  /** Rows at positions (the index taken along: an Int64Index for a RangeIndex). */
  take(positions: readonly number[]): Series {
    return new Series(colTake(this.values, positions), this.index.take(positions), this.name);
  }

  /** Rows start, start + step, ... (`s[1:3]`, head, tail): a RangeIndex stays one. */
  sliceRows(start: number, step: number, count: number): Series {
    const positions = Array.from({ length: count }, (_, i) => start + i * step);
    return new Series(colTake(this.values, positions), this.index.slice(start, step, count), this.name);
  }

  /** This Series' values at other labels (pandas' `reindex`): NaN where a label is absent. */
  reindexed(index: Index, fill: unknown = NaN): Series {
    if (index.equals(this.index)) return new Series(this.values, index, this.name);
    return new Series(colTake(this.values, this.index.indexer(index), fill), index, this.name);
  }

  *[Symbol.iterator](): Iterator<unknown> {
    // pandas iterates Python scalars (`.item()` of each numpy value)
    yield* colItems(this.values);
  }

  // ---- numpy protocol --------------------------------------------------------------------------------------------

  __array__(dtype?: DType | null): NDArray {
    return colToNDArray(this.values, dtype ?? null, () => `Series ${pyRepr(this.name)}`);
  }

  __array_ufunc__(ufunc: string, inputs: readonly unknown[]): unknown {
    if (inputs.length === 1) {
      const r = unaryUfunc(ufunc as UnaryName, this.__array__());
      return this.withValues(r as NDArray);
    }
    // two inputs: Series are aligned on their index first, as pandas does
    let [a, b] = inputs;
    let index = this.index;
    let name = this.name;
    if (a instanceof Series && b instanceof Series) {
      name = labelKey(a.name) === labelKey(b.name) ? a.name : null;
      if (!a.index.equals(b.index)) {
        index = a.index.union(b.index);
        [a, b] = [a.reindexed(index), b.reindexed(index)];
      }
    }
    const x = a instanceof Series ? a.__array__() : a;
    const y = b instanceof Series ? b.__array__() : b;
    return new Series(binaryUfunc(ufunc as BinaryName, x, y), index, name);
  }

  __array_function__(func: string, args: readonly unknown[]): unknown {
    if (func === "round") return this.pyMethod("round", [args[0] ?? 0], {});
    if (func === "clip") return this.pyMethod("clip", [args[0] ?? null, args[1] ?? null], {});
    throw pyError("TypeError", `numpy.${func} of a Series is not supported`);
  }

  // ---- Python protocol -------------------------------------------------------------------------------------------

  pyLen(): number {
    return this.length;
  }

  pyBool(): boolean {
    throw pyError("ValueError", "The truth value of a Series is ambiguous. Use a.empty, a.bool(), a.item(), a.any() or a.all().");
  }

  pyContains(item: unknown): boolean {
    return this.index.contains(item);
  }

  pyGetitem(key: unknown): unknown {
    return seriesGetitem(this, key);
  }

  pySetitem(key: unknown, value: unknown): void {
    seriesSetitem(this, key, value);
  }

  pyBinary(op: BinaryOp, other: unknown, reflected: boolean): unknown {
    if (other instanceof DataFrame) return other.pyBinary(op, this, !reflected);
    let left: Series = this;
    let operand: Operand;
    let name: unknown = this.name;
    if (other instanceof Series) {
      let right = other;
      if (!left.index.equals(right.index)) {
        if (isComparison(op)) throw pyError("ValueError", "Can only compare identically-labeled Series objects");
        const index = left.index.union(right.index);
        left = left.reindexed(index);
        right = right.reindexed(index);
      }
      operand = { column: right.values };
      name = labelKey(this.name) === labelKey(other.name) ? this.name : null;
    } else if (other instanceof NDArray && other.ndim === 1) {
      operand = { column: lengthChecked(other, this.length, op) };
    } else if (Array.isArray(other)) {
      operand = { column: lengthChecked(operandColumn(other), this.length, op) };
    } else {
      operand = { scalar: other };
    }
    return new Series(columnOp(op, left.values, operand, reflected), left.index, name);
  }

  pyUnary(op: "-" | "+" | "~"): unknown {
    return this.withValues(columnUnary(op, this.values));
  }

  /**
   * A Series labelled by strings (a record's fields, class names sorted by their score) answers {label: value}, in its
   * order, as pandas' to_dict() gives it: its values alone would lose what each one is. A Series on positions (a
   * RangeIndex, numbers) or with a label twice answers its values in order.
   */
  toJSON(): unknown {
    const items = colItems(this.values);
    if (this.index.isRange) return items;
    const labels = [...this.index];
    if (!labels.every((l) => typeof l === "string") || new Set(labels).size !== labels.length) return items;
    return entriesToJSON(labels.map((l, i) => [l, items[i]] as const));
  }

  pyRepr(): string {
    return formatSeries(this);
  }

  // ---- attributes and methods -------------------------------------------------------------------------------------

  pyAttr(name: string): unknown {
    switch (name) {
      case "values":
        return this.__array__();
      case "dtype":
      case "dtypes":
        return this.dtype;
      case "index":
        return this.index;
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
      case "hasnans":
        return colIsNA(this.values).includes(true);
      case "is_unique":
        return new Set(colItems(this.values).map(labelKey)).size === this.length;
      case "str":
        return new StringMethods(this);
      case "dt":
        return dtAccessor(this);
      case "loc":
      case "iloc":
      case "at":
      case "iat":
        return new Indexer(name, this);
      case "T":
        return this;
    }
    return METHOD_NOT_FOUND;
  }

  pyMethod(name: string, args: unknown[], kwargs: Kw): unknown {
    const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required);
    switch (name) {
      case "tolist":
      case "to_list":
        b([]);
        return colItems(this.values);
      case "to_numpy": {
        const [dtype] = b(["dtype", "copy", "na_value"]);
        return this.toNumpy(dtype);
      }
      case "__array__": {
        const [dtype] = b(["dtype"]);
        return this.toNumpy(dtype);
      }
      case "to_dict": {
        b(["into"]);
        const d = new PyDict();
        const items = colItems(this.values);
        for (let i = 0; i < this.length; i++) d.set(this.index.label(i), items[i]);
        return d;
      }
      case "to_frame": {
        const [n] = b(["name"]);
        const label = n === undefined || n === null ? (this.name === null ? 0 : this.name) : n;
        return new DataFrame([this.values], Index.of([label]), this.index);
      }
      case "item": {
        b([]);
        if (this.length !== 1) throw pyError("ValueError", "can only convert an array of size 1 to a Python scalar");
        return colItems(this.values)[0];
      }
      case "squeeze":
        b(["axis"]);
        return this.length === 1 ? colScalar(this.values, 0) : this;
      case "astype": {
        const [dtype] = b(["dtype", "copy", "errors"], 1);
        return this.withValues(colAsType(this.values, dtypeArg(dtype)));
      }
      case "copy":
        b(["deep"]);
        return this.withValues(colCopy(this.values));
      case "head":
      case "tail": {
        const [n] = b(["n"]);
        const [start, count] = headTailRows(this.length, name, n);
        return this.sliceRows(start, 1, count);
      }
      case "isna":
      case "isnull":
      case "notna":
      case "notnull": {
        b([]);
        const neg = name.startsWith("not");
        return this.withValues(numericColumn("bool", colIsNA(this.values).map((v) => (v !== neg ? 1 : 0))));
      }
      case "fillna": {
        const [value, method, , inplace, limit] = b(["value", "method", "axis", "inplace", "limit", "downcast"]);
        refuseGiven(name, { method, limit });
        let out: Column;
        if (value instanceof Series) {
          const aligned = value.reindexed(this.index);
          out = colFillna(this.values, null, colItems(aligned.values));
        } else if (value instanceof PyDict) {
          const perRow = Array.from({ length: this.length }, (_, i) => value.get(this.index.label(i)));
          out = colFillna(this.values, null, perRow);
        } else {
          if (value === undefined || value === null) throw pyError("ValueError", "Must specify a fill 'value' or 'method'.");
          out = colFillna(this.values, value);
        }
        return this.finish(this.withValues(out), inplace);
      }
      case "dropna": {
        const [, inplace] = b(["axis", "inplace", "how"]);
        // a column that can hold NaN is always masked (its index becomes an Int64Index), others are copied
        if (!isFloatDType(this.values.dtype) && !(this.values instanceof ObjectArray) && !isTimeArray(this.values)) return this.finish(this.withValues(this.values), inplace);
        const na = colIsNA(this.values);
        const keep: number[] = [];
        na.forEach((m, i) => !m && keep.push(i));
        return this.finish(this.take(keep), inplace);
      }
      case "map": {
        const [arg, naAction] = b(["arg", "na_action"], 1);
        const ignore = naAction === "ignore";
        if (naAction !== undefined && naAction !== null && !ignore) {
          throw pyError("ValueError", `na_action must either be 'ignore' or None, ${pyRepr(naAction)} was passed`);
        }
        if (arg instanceof PyDict) return this.withValues(colMapLookup(this.values, lookupOfDict(arg), ignore));
        if (arg instanceof Series) return this.withValues(colMapLookup(this.values, { keys: arg.index.labels(), values: arg.values }, ignore));
        return this.withValues(colMapFunction(this.values, arg, ignore));
      }
      case "apply": {
        const [func, , extra] = b(["func", "convert_dtype", "args"], 1);
        const more = extra === undefined ? [] : Array.from(iterLabels(extra));
        if (func instanceof PyDict) return this.withValues(colMapLookup(this.values, lookupOfDict(func), false));
        return this.withValues(colMapFunction(this.values, func, false, more));
      }
      case "replace": {
        const [toReplace, value, inplace, , regex] = b(["to_replace", "value", "inplace", "limit", "regex", "method"]);
        if (regex !== undefined && truthy(regex)) throw pyError("TypeError", "replace(regex=True) is not supported by nb2svc's pandas runtime; use .str.replace");
        return this.finish(this.withValues(colReplace(this.values, replacementPairs(toReplace, value))), inplace);
      }
      case "pipe":
        return pipe(this, args, kwargs);
      case "clip": {
        const [lower, upper, axis, inplace] = b(["lower", "upper", "axis", "inplace"]);
        if (axis !== undefined && axis !== null && axis !== 0 && axis !== "index" && axis !== "rows") throw pyError("ValueError", `No axis named ${String(axis)} for object type Series`);
        const at = (bound: ListBound): RowBound => {
          const rows = boundAlong(bound, this.index, (given) => `Length of values (${given}) does not match length of index (${this.length})`);
          return (i) => rows[i];
        };
        return this.finish(this.withValues(clipColumnBy(this.values, clipBound(lower), clipBound(upper), at)), inplace);
      }
      case "round":
      case "__round__": {
        const [decimals] = b(["decimals"]);
        return this.withValues(roundColumn(this.values, decimals === undefined ? 0 : (numberOf(decimals) ?? 0)));
      }
      case "abs":
      case "__abs__":
        b([]);
        return this.withValues(columnUnary("abs", this.values));
      case "rename": {
        const [index, , , inplace] = b(["index", "axis", "copy", "inplace", "level", "errors"]);
        let out: Series;
        if (index instanceof PyDict || typeof index === "function") {
          const f = index instanceof PyDict ? (l: unknown) => (index.has(l) ? index.get(l) : l) : (index as (l: unknown) => unknown);
          out = new Series(this.values, Index.of(this.index.labels().map((l) => f(l))), this.name);
        } else {
          out = this.withValues(this.values, index === undefined ? null : index);
        }
        return this.finish(out, inplace);
      }
      case "sort_values":
      case "sort_index": {
        const [, ascending, inplace, , naPosition, ignoreIndex, key] = b(["axis", "ascending", "inplace", "kind", "na_position", "ignore_index", "key"]);
        if (key !== undefined && key !== null) throw pyError("TypeError", `${name}(key=...) is not supported by nb2svc's pandas runtime`);
        const keys = name === "sort_values" ? colItems(this.values) : this.index.labels();
        const order = sortOrder([keys], [ascending === undefined ? true : truthy(ascending)], naFirstOf(naPosition));
        const sorted = this.take(order);
        return this.finish(ignoreIndex !== undefined && truthy(ignoreIndex) ? new Series(sorted.values, Index.defaultOf(this.length), this.name) : sorted, inplace);
      }
      case "value_counts": {
        const [normalize, sort, ascending, bins, dropna] = b(["normalize", "sort", "ascending", "bins", "dropna"]);
        if (bins !== undefined && bins !== null) throw pyError("TypeError", "value_counts(bins=...) is not supported by nb2svc's pandas runtime");
        const flag = (v: unknown, d: boolean) => (v === undefined ? d : truthy(v));
        return valueCounts(this, flag(normalize, false), flag(sort, true), flag(ascending, false), flag(dropna, true));
      }
      case "set_axis": {
        const [labels, , inplace] = b(["labels", "axis", "inplace", "copy"], 1);
        const ix = labels instanceof Index ? labels : Index.of(Array.from(iterLabels(labels)));
        if (ix.length !== this.length) throw pyError("ValueError", `Length mismatch: Expected axis has ${this.length} elements, new values have ${ix.length} elements`);
        return this.finish(new Series(this.values, ix, this.name), inplace);
      }
      case "reset_index": {
        const [, drop, nm, inplace] = b(["level", "drop", "name", "inplace", "allow_duplicates"]);
        if (truthy(drop ?? false)) return this.finish(new Series(this.values, Index.defaultOf(this.length), this.name), inplace);
        if (truthy(inplace ?? false)) throw typeError("Cannot reset_index inplace on a Series to create a DataFrame");
        const label = nm !== undefined ? nm : this.name === null ? 0 : this.name;
        const indexLabel = this.index.name === null ? "index" : this.index.name;
        return new DataFrame([this.index.toColumn(), this.values], Index.of([indexLabel, label]), Index.defaultOf(this.length));
      }
      case "isin": {
        const [values] = b(["values"], 1);
        if (typeof values === "string") throw typeError("only list-like objects are allowed to be passed to isin(), you passed a [str]");
        // a datetime column reads date strings among the values, as pandas does
        const asTime = (v: unknown): unknown => {
          if (typeof v !== "string" || !(this.values instanceof DatetimeArray)) return v;
          try {
            return timestampFromString(v, this.values.tz);
          } catch {
            return v;
          }
        };
        const keys = new Set(Array.from(iterLabels(values), (v) => labelKey(asTime(pyScalar(v)))));
        return this.withValues(numericColumn("bool", colItems(this.values).map((v) => (keys.has(labelKey(v)) ? 1 : 0))));
      }
      case "between": {
        const [left, right, inclusive] = b(["left", "right", "inclusive"], 2);
        const inc = inclusive === undefined ? "both" : inclusive;
        const lo = this.pyBinary(inc === "both" || inc === "left" ? ">=" : ">", left, false) as Series;
        const hi = this.pyBinary(inc === "both" || inc === "right" ? "<=" : "<", right, false) as Series;
        return lo.pyBinary("&", hi, false);
      }
      case "where":
      case "mask": {
        const [cond, other] = b(["cond", "other", "inplace", "axis", "level"], 1);
        return whereSeries(this, cond, other === undefined ? NaN : other, name === "mask");
      }
      case "unique": {
        b([]);
        // pandas gives a numpy datetime64/timedelta64 array (whose items are np.datetime64, not Timestamps): a list
        // of Timestamps would answer `.hour` where pandas' values do not, so the runtime stops here instead
        if (isTimeArray(this.values)) {
          throw pyError(
            "TypeError",
            `Series.unique() of a ${this.values.dtype} column is an array of that dtype (numpy's, or pandas' DatetimeArray with a zone), which nb2svc's runtime does not have: ` +
              "use .nunique(), .value_counts(), or take numbers or text from it first (.dt.date, .dt.strftime(...), .astype(\"int64\"))",
          );
        }
        const seen = new Set<string>();
        const first: number[] = [];
        colItems(this.values).forEach((v, i) => {
          const k = labelKey(v);
          if (!seen.has(k)) {
            seen.add(k);
            first.push(i);
          }
        });
        const u = colTake(this.values, first);
        // numpy has no object arrays in the runtime: the unique values of such a column are a list
        return u instanceof NDArray ? u : colItems(u);
      }
      case "idxmax":
      case "idxmin":
      case "argmax":
      case "argmin": {
        b(["axis", "skipna"]);
        const pos = extremePosition(this.values, name.endsWith("max"));
        if (pos < 0) {
          if (name.startsWith("idx")) throw pyError("ValueError", `attempt to get ${name.slice(3)} of an empty sequence`);
          return -1;
        }
        return name.startsWith("idx") ? this.index.pyGetitem(pos) : colScalar(numericColumn("int64", [pos]), 0);
      }
      case "keys":
        b([]);
        return this.index;
      case "items":
      case "iteritems":
        b([]);
        return colItems(this.values).map((v, i) => tuple([this.index.label(i), v]));
      case "get": {
        const [key, dflt] = b(["key", "default"], 1);
        try {
          return seriesGetitem(this, key);
        } catch (e) {
          if (e instanceof Error && "type" in e && ["KeyError", "IndexError", "ValueError", "TypeError"].includes((e as { type: string }).type)) {
            return dflt === undefined ? null : dflt;
          }
          throw e;
        }
      }
      case "sum":
      case "prod":
      case "mean":
      case "max":
      case "min":
      case "std":
      case "var":
      case "median":
      case "count":
      case "nunique":
      case "any":
      case "all": {
        const [skipna, ddof, minCount] = reductionArgs(name, args, kwargs);
        return colReduce(this.values, name as ReductionName, { skipna, ddof, minCount });
      }
    }
    const arith = ARITH_METHODS[name];
    if (arith) {
      const [other, , fillValue] = b(["other", "level", "fill_value", "axis"], 1);
      return arithmeticWithFill(this, arith[0], other, arith[1], fillValue);
    }
    return METHOD_NOT_FOUND;
  }

  private toNumpy(dtype: unknown): NDArray {
    const d = dtype === undefined || dtype === null ? null : dtypeArg(dtype);
    if (d === "str" || d === "object") throw pyError("TypeError", "nb2svc's numpy runtime has no object or string arrays: use .tolist()");
    if (d !== null && !isDType(d)) throw pyError("TypeError", `nb2svc's numpy runtime has no ${d} arrays: take numbers from the column first (.dt.hour, .astype("int64"))`);
    return colToNDArray(this.values, d, () => `Series ${pyRepr(this.name)}`);
  }

  /** The result of a method with `inplace`: this Series changed and None, or the new Series. */
  private finish(result: Series, inplace: unknown): unknown {
    if (inplace === undefined || !truthy(inplace)) return result;
    this.values = result.values;
    this.index = result.index;
    this.name = result.name;
    return null;
  }
}

/** Arithmetic and comparison methods: name -> operator and whether the Series is the right operand. */
export const ARITH_METHODS: Readonly<Record<string, readonly [BinaryOp, boolean]>> = {
  add: ["+", false],
  sub: ["-", false],
  subtract: ["-", false],
  mul: ["*", false],
  multiply: ["*", false],
  div: ["/", false],
  truediv: ["/", false],
  divide: ["/", false],
  floordiv: ["//", false],
  mod: ["%", false],
  pow: ["**", false],
  radd: ["+", true],
  rsub: ["-", true],
  rmul: ["*", true],
  rdiv: ["/", true],
  rtruediv: ["/", true],
  rfloordiv: ["//", true],
  rmod: ["%", true],
  rpow: ["**", true],
  eq: ["==", false],
  ne: ["!=", false],
  lt: ["<", false],
  le: ["<=", false],
  gt: [">", false],
  ge: [">=", false],
};

/** `s.add(other, fill_value=0)`: after alignment, a row missing on one side only takes the fill value there. */
function arithmeticWithFill(s: Series, op: BinaryOp, other: unknown, reflected: boolean, fillValue: unknown): unknown {
  if (fillValue === undefined || fillValue === null || !(other instanceof Series)) {
    if (fillValue !== undefined && fillValue !== null && !(other instanceof Series)) {
      return s.withValues(colFillna(s.values, fillValue)).pyBinary(op, other, reflected);
    }
    return s.pyBinary(op, other, reflected);
  }
  const index = s.index.equals(other.index) ? s.index : s.index.union(other.index);
  const a = s.reindexed(index);
  const b = other.reindexed(index);
  const naA = colIsNA(a.values);
  const naB = colIsNA(b.values);
  const fillA = naA.map((m, i) => (m && !naB[i] ? fillValue : undefined));
  const fillB = naB.map((m, i) => (m && !naA[i] ? fillValue : undefined));
  const a2 = a.withValues(colFillna(a.values, null, fillA));
  const b2 = b.withValues(colFillna(b.values, null, fillB));
  return a2.pyBinary(op, b2, reflected);
}

function lengthChecked(c: Column, n: number, op: BinaryOp): Column {
  const m = colLength(c);
  if (m === n) return c;
  if (isComparison(op)) throw pyError("ValueError", `('Lengths must match to compare', (${n},), (${m},))`);
  throw pyError("ValueError", `operands could not be broadcast together with shapes (${n},) (${m},) `);
}

function refuseGiven(method: string, args: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(args)) {
    if (v !== undefined && v !== null) throw pyError("TypeError", `${method}(${k}=...) is not supported by nb2svc's pandas runtime`);
  }
}

/**
 * `obj.pipe(func, *args)`: func(obj, *args). The translator makes `pipe` of a named function with keywords (or of
 * `(func, "data")`) the direct call; a function value here has no parameter names to bind keywords to.
 */
export function pipe(obj: Series | DataFrame, args: readonly unknown[], kwargs: Record<string, unknown>): unknown {
  const [func, ...rest] = args;
  if (func === undefined) throw typeError("pipe() missing 1 required positional argument: 'func'");
  if (isTuple(func)) throw typeError("pipe((func, keyword), ...) is translated only for a notebook function or a pandas function named in the call");
  if (Object.keys(kwargs).length) throw typeError("pipe(func, keyword=...) of a function value is not supported by nb2svc's runtime: call func(obj, ...) directly");
  if (typeof func !== "function") throw typeError(`'${typeName(func)}' object is not callable`);
  return (func as (...a: unknown[]) => unknown)(obj, ...rest);
}

/** The first row and the row count of `head(n)`/`tail(n)` (n < 0: all but the last/first -n rows). */
export function headTailRows(length: number, which: string, n: unknown): [start: number, count: number] {
  const k = n === undefined || n === null ? 5 : numberOf(n);
  if (k === undefined || !Number.isInteger(k) || typeof n === "boolean") throw typeError(`cannot do positional indexing with these indexers [${pyRepr(n)}] of type ${typeof n}`);
  const count = k >= 0 ? Math.min(k, length) : Math.max(0, length + k);
  return [which === "head" ? 0 : length - count, count];
}

/** `clip(lower, upper)` of one column: numpy's clip for numbers (pandas keeps NaN), Python comparisons for objects. */
export function clipColumn(c: Column, lower: unknown, upper: unknown): Column {
  const lo = lower === null || isNaNScalar(lower) ? null : lower;
  const hi = upper === null || isNaNScalar(upper) ? null : upper;
  if (lo === null && hi === null) return c;
  if (isNumericDType(c.dtype)) return npClip(c, lo, hi);
  // pandas' _clip_with_scalar: where(s <= upper, upper), then where(s >= lower, lower), missing rows kept
  const index = Index.defaultOf(colLength(c));
  const na = colIsNA(c);
  let out = c;
  for (const [op, bound] of [["<=", hi], [">=", lo]] as const) {
    if (bound === null) continue;
    const ok = (new Series(out, index).pyBinary(op, bound, false) as Series).values as NDArray;
    out = new ObjectArray(colItems(out).map((v, i) => (ok.data[i] || na[i] ? v : bound)));
  }
  return out;
}

const isNaNScalar = (v: unknown): boolean => typeof v === "number" && v !== v;

/** A list-like bound of clip: its values as numbers (NaN where missing) and, for a Series, its labels. */
export interface ListBound {
  readonly values: readonly number[];
  readonly index: Index | null;
}

/** One bound per row of a column: a number, NaN for no bound, undefined for a label the bound Series lacks. */
export type RowBound = (row: number) => number | undefined;

const isListLike = (v: unknown): boolean => Array.isArray(v) || v instanceof Series || v instanceof Index || (v instanceof NDArray && v.ndim > 0);

/**
 * A bound of clip as pandas reads it: null for none (None, NaN, or a list-like whose values are all missing), a
 * ListBound for a list-like (a Series, list, tuple, 1-d array), else the scalar.
 */
export function clipBound(b: unknown): unknown {
  if (b === undefined || b === null) return null;
  if (!isListLike(b)) return b;
  if (b instanceof NDArray && b.ndim > 1) throw typeError("clip with a 2-d bound is not supported by nb2svc's pandas runtime");
  const values = (b instanceof Series ? colItems(b.values) : Array.from(iterLabels(b))).map((v) => {
    const x = isNA(v) ? NaN : numberOf(pyScalar(v));
    if (x === undefined) throw typeError(`clip bounds must be numbers, not ${pyRepr(v)}`);
    return x;
  });
  if (values.every((x) => x !== x)) return null;
  return { values, index: b instanceof Series ? b.index : null } satisfies ListBound;
}

export const isListBound = (b: unknown): b is ListBound => b !== null && typeof b === "object" && "values" in b && "index" in b && !(b instanceof Series);

/** A list-like bound lined up with `labels`: by label for a Series (undefined for a label it lacks), else by position. */
export function boundAlong(b: ListBound, labels: Index, lengthError: (given: number) => string): (number | undefined)[] {
  const { values, index } = b;
  if (index !== null) return labels.labels().map((l) => {
    const p = index.positionsOf(l);
    return p.length ? values[p[0]] : undefined;
  });
  if (values.length !== labels.length) throw pyError("ValueError", lengthError(values.length));
  return values.slice();
}

/** `clip` of one column by bounds from clipBound; list-like ones are read per row through `at`. */
export function clipColumnBy(c: Column, lower: unknown, upper: unknown, at: (b: ListBound) => RowBound): Column {
  if (!isListBound(lower) && !isListBound(upper)) return clipColumn(c, lower, upper);
  let out = c;
  if (lower !== null) out = isListBound(lower) ? clipToBounds(out, at(lower), false) : clipColumn(out, lower, null);
  if (upper !== null) out = isListBound(upper) ? clipToBounds(out, at(upper), true) : clipColumn(out, null, upper);
  return out;
}

/**
 * pandas' `_clip_with_one_bound`: `where(self <= bound | isna(self), bound)` with missing bounds filled by ±inf in the
 * condition only, so a NaN bound leaves the row alone and a label the bound lacks gives NaN (where's alignment).
 */
function clipToBounds(c: Column, at: RowBound, upper: boolean): Column {
  if (!isNumericDType(c.dtype) || c.dtype === "bool") throw typeError(`clip of a ${c.dtype} column by a list-like bound is not supported by nb2svc's pandas runtime`);
  const n = colLength(c);
  const out = new Array<number>(n);
  let whole = true;
  for (let i = 0; i < n; i++) {
    const v = numAt(c as NDArray, i);
    const t = at(i);
    const r = t === undefined ? NaN : v !== v || t !== t || (upper ? v <= t : v >= t) ? v : t;
    out[i] = r;
    if (!Number.isInteger(r)) whole = false;
  }
  // an int column stays int when every value is whole: where upcasts to float64, then downcasts ("infer")
  return numericColumn(isFloatDType(c.dtype) || whole ? (c.dtype as DType) : "float64", out);
}

/** `round(decimals)`: numpy's round for numbers (ints unchanged), object columns unchanged. */
export function roundColumn(c: Column, decimals: number): Column {
  if (!isNumericDType(c.dtype) || c.dtype === "bool") return c;
  if (!Number.isInteger(decimals)) throw typeError("'float' object cannot be interpreted as an integer");
  return npRound(c, decimals);
}

function extremePosition(c: Column, max: boolean): number {
  if (isTimeArray(c)) {
    let best = -1;
    c.data.forEach((v, i) => {
      if (v !== NAT && (best < 0 || (max ? v > c.data[best] : v < c.data[best]))) best = i;
    });
    return best;
  }
  const items = colItems(c);
  let best = -1;
  let bestValue: number | undefined;
  items.forEach((v, i) => {
    const x = numberOf(v);
    if (x === undefined || x !== x) return;
    if (bestValue === undefined || (max ? x > bestValue : x < bestValue)) {
      best = i;
      bestValue = x;
    }
  });
  return best;
}

function whereSeries(s: Series, cond: unknown, other: unknown, invert: boolean): Series {
  const mask = cond instanceof Series ? cond.reindexed(s.index, false).values : cond instanceof NDArray ? cond : inferColumn(Array.from(iterLabels(cond)));
  const keep = colItems(mask).map((v) => truthy(v) !== invert);
  if (keep.length !== s.length) throw pyError("ValueError", "Array conditional must be same shape as self");
  const positions: number[] = [];
  keep.forEach((k, i) => !k && positions.push(i));
  const others = other instanceof Series ? colItems(other.reindexed(s.index).values) : null;
  return s.withValues(colFillWhere(s.values, positions, others ? positions.map((p) => others[p]) : positions.map(() => other)));
}

/** `where` puts NaN or `other` where the condition is False: the column widens like on assignment. */
function colFillWhere(c: Column, positions: number[], values: unknown[]): Column {
  if (positions.length === 0) return c;
  return colSet(c, positions, values);
}

/** Positional and keyword arguments of a reduction: skipna, ddof (std/var), min_count (sum/prod). */
export function reductionArgs(name: string, args: unknown[], kwargs: Kw): [boolean, number, number] {
  const names = name === "std" || name === "var" ? ["axis", "skipna", "level", "ddof", "numeric_only"] : name === "sum" || name === "prod" ? ["axis", "skipna", "level", "numeric_only", "min_count"] : name === "count" || name === "nunique" ? ["axis", "level", "numeric_only", "dropna"] : ["axis", "skipna", "level", "numeric_only"];
  const v = bindArgs(name, args, kwargs, names);
  const get = (k: string) => v[names.indexOf(k)];
  const skipna = get("skipna");
  const ddof = get("ddof");
  const minCount = get("min_count");
  return [skipna === undefined || skipna === null ? true : truthy(skipna), ddof === undefined ? 1 : (numberOf(ddof) ?? 1), minCount === undefined ? 0 : (numberOf(minCount) ?? 0)];
}
