// pandas runtime, DataFrame: columns of values sharing one row index, with column labels. It answers the runtime's
// Python object protocol and numpy's `__array__`/`__array_ufunc__`, with pandas 1.5.3's results for the operations
// inference code does (selection, conversion, missing values, mapping, derived columns, alignment to training
// columns).
import { isTuple, pyError, PyError, tuple } from "../core.ts";
import { allocate, isDType, NDArray, type DType } from "../ndarray.ts";
import { array as npArray } from "../np-base.ts";
import { binaryUfunc, unaryUfunc, type BinaryName, type UnaryName } from "../np-ufunc.ts";
import { bindArgs, typeError } from "../py-base.ts";
import { truthy } from "../py-ops.ts";
import { repr as pyRepr } from "../pyformat.ts";
import { PyDict } from "../pydict.ts";
import { search as reSearch } from "../pyre.ts";
import { METHOD_NOT_FOUND } from "../pystr.ts";
import {
  colAsType, colConcat, colCopy, colFull, colIsNA, colItems, colLength, colScalar, colTake, colToNDArray, inferColumn, numAt, numericColumn,
  objectArrayError, ObjectArray, type Column,
} from "./column.ts";
import { commonDType, dtypeArg, isNumericDType, isTimeDType, type PdDType } from "./dtypes.ts";
import { evaluate, type EvalFrame } from "./eval.ts";
import { formatFrame } from "./format.ts";
import { Index, iterLabels } from "./index.ts";
import { columnValue, frameGetitem, frameRow, frameSetitem, Indexer } from "./indexing.ts";
import { colMapFunction, colReplace, replacementPairs, type Replacement } from "./mapping.ts";
import { colFillna } from "./missing.ts";
import { columnOp, columnUnary, isComparison, type BinaryOp } from "./ops.ts";
import { colReduce, type ReductionName } from "./reduce.ts";
import { naFirstOf, sortOrder } from "./sort.ts";
import { ARITH_METHODS, boundAlong, clipBound, clipColumnBy, headTailRows, pipe, type ListBound, type RowBound, reductionArgs, roundColumn, Series } from "./series.ts";
import { labelKey, numberOf, pyScalar, scalarKind } from "./values.ts";

type Kw = Record<string, unknown>;
type Fn = (...args: unknown[]) => unknown;

export class DataFrame {
  readonly pyTypeName = "DataFrame";

  constructor(
    public cols: Column[],
    public columns: Index,
    public index: Index,
  ) {
    if (cols.length !== columns.length) {
      throw pyError("ValueError", `${columns.length} columns passed, passed data had ${cols.length} columns`);
    }
    for (const c of cols) {
      if (colLength(c) !== index.length) {
        throw pyError("ValueError", `Length of values (${colLength(c)}) does not match length of index (${index.length})`);
      }
    }
  }

  get nrows(): number {
    return this.index.length;
  }

  get ncols(): number {
    return this.cols.length;
  }

  /** Column `i` as a Series named by its label (it shares the column's values). */
  column(i: number): Series {
    return new Series(this.cols[i], this.index, this.columns.label(i));
  }

  takeRows(positions: readonly number[]): DataFrame {
    return new DataFrame(this.cols.map((c) => colTake(c, positions)), this.columns, this.index.take(positions));
  }

  sliceRows(start: number, step: number, count: number): DataFrame {
    const positions = Array.from({ length: count }, (_, i) => start + i * step);
    return new DataFrame(this.cols.map((c) => colTake(c, positions)), this.columns, this.index.slice(start, step, count));
  }

  takeColumns(positions: readonly number[]): DataFrame {
    return new DataFrame(positions.map((p) => this.cols[p]), this.columns.take(positions), this.index);
  }

  /** Replaces the column(s) labelled `label`, or appends a new one. */
  setColumn(label: unknown, col: Column): void {
    const p = this.columns.positionsOf(label);
    if (p.length) {
      for (const i of p) this.cols[i] = col;
      return;
    }
    const n = this.ncols;
    const r = this.columns.range;
    this.cols.push(col);
    this.columns =
      r && r.start === 0 && r.step === 1 && scalarKind(label) === "int" && numberOf(label) === n
        ? Index.range(0, n + 1)
        : Index.of([...this.columns.labels(), pyScalar(label)]);
  }

  copy(): DataFrame {
    return new DataFrame(this.cols.map(colCopy), this.columns, this.index);
  }

  private replaceWith(other: DataFrame): void {
    this.cols = other.cols;
    this.columns = other.columns;
    this.index = other.index;
  }

  /** The result of a method with `inplace`: this frame changed and None, or the new frame. */
  private finish(result: DataFrame, inplace: unknown): unknown {
    if (inplace === undefined || inplace === null || !truthy(inplace)) return result;
    this.replaceWith(result);
    return null;
  }

  private mapColumns(f: (c: Column, label: unknown, i: number) => Column): DataFrame {
    return new DataFrame(this.cols.map((c, i) => f(c, this.columns.label(i), i)), this.columns, this.index);
  }

  *[Symbol.iterator](): Iterator<unknown> {
    yield* this.columns;
  }

  // ---- numpy protocol --------------------------------------------------------------------------------------------

  /** `df.values` / `np.asarray(df, dtype)`: an (nrows, ncols) array in the columns' common dtype. */
  __array__(dtype?: DType | null): NDArray {
    const time = this.cols.findIndex((c) => isTimeDType(c.dtype));
    // pandas goes through an object array of Timestamps there, which no numeric dtype takes
    if (time >= 0) colToNDArray(this.cols[time], null, () => `column ${pyRepr(this.columns.label(time))}`);
    const common = dtype ?? commonDType(this.cols.map((c) => c.dtype));
    // columns of strings (`df[["city"]].values`, a model's per-column string input) are numpy's string array
    const strings = (c: Column) => c instanceof ObjectArray && c.items.every((v) => typeof v === "string");
    if ((dtype === undefined || dtype === null || dtype === "str") && this.nrows > 0 && this.ncols > 0 && this.cols.every(strings)) {
      return npArray(Array.from({ length: this.nrows }, (_, i) => this.cols.map((c) => (c as ObjectArray).items[i])));
    }
    if (!isNumericDType(common)) {
      const bad = this.cols.findIndex((c) => c instanceof ObjectArray);
      if (bad >= 0) throw objectArrayError(this.cols[bad] as ObjectArray, `column ${pyRepr(this.columns.label(bad))}`);
      throw pyError(
        "TypeError",
        "this frame mixes bool and numeric columns, which pandas converts to an object array and nb2svc's numpy runtime cannot hold: " +
          "pass a numeric dtype (np.asarray(df, dtype=np.float32), df.to_numpy(dtype=float))",
      );
    }
    const n = this.nrows;
    const m = this.ncols;
    const out = allocate(common, n * m);
    this.cols.forEach((c, j) => {
      const a = colToNDArray(c, common, () => `column ${pyRepr(this.columns.label(j))}`);
      for (let i = 0; i < n; i++) out[i * m + j] = numAt(a, i);
    });
    return new NDArray(out, [n, m], common);
  }

  __array_ufunc__(ufunc: string, inputs: readonly unknown[]): unknown {
    if (inputs.length === 1) return this.mapColumns((c) => unaryUfunc(ufunc as UnaryName, colToNDArray(c, null, () => "column")));
    const [a, b] = inputs;
    if (a instanceof DataFrame && b instanceof DataFrame) throw pyError("TypeError", `numpy.${ufunc} of two DataFrames is not supported`);
    return this.mapColumns((c) => {
      const x = colToNDArray(c, null, () => "column");
      return binaryUfunc(ufunc as BinaryName, a === this ? x : a, b === this ? x : b);
    });
  }

  __array_function__(func: string, args: readonly unknown[]): unknown {
    if (func === "round") return this.pyMethod("round", [args[0] ?? 0], {});
    if (func === "clip") return this.pyMethod("clip", [args[0] ?? null, args[1] ?? null], {});
    throw pyError("TypeError", `numpy.${func} of a DataFrame is not supported`);
  }

  // ---- Python protocol -------------------------------------------------------------------------------------------

  pyLen(): number {
    return this.nrows;
  }

  pyBool(): boolean {
    throw pyError("ValueError", "The truth value of a DataFrame is ambiguous. Use a.empty, a.bool(), a.item(), a.any() or a.all().");
  }

  pyContains(item: unknown): boolean {
    return this.columns.contains(item);
  }

  pyGetitem(key: unknown): unknown {
    return frameGetitem(this, key);
  }

  pySetitem(key: unknown, value: unknown): void {
    frameSetitem(this, key, value);
  }

  pyDelitem(key: unknown): void {
    const p = this.columns.positionsOf(key);
    if (p.length === 0) throw new PyError("KeyError", pyRepr(key));
    const keep = Array.from({ length: this.ncols }, (_, i) => i).filter((i) => !p.includes(i));
    this.replaceWith(this.takeColumns(keep));
  }

  pyBinary(op: BinaryOp, other: unknown, reflected: boolean): unknown {
    if (other instanceof DataFrame) return frameWithFrame(op, reflected ? other : this, reflected ? this : other);
    if (other instanceof Series) return frameWithRow(op, this, other, reflected);
    if (other instanceof NDArray && other.ndim === 2) {
      if (other.shape[0] !== this.nrows || other.shape[1] !== this.ncols) {
        throw pyError("ValueError", `Unable to coerce to DataFrame, shape must be (${this.nrows}, ${this.ncols}): given (${other.shape[0]}, ${other.shape[1]})`);
      }
      return this.mapColumns((c, _, j) => columnOp(op, c, { column: columnOfMatrix(other, j) }, reflected));
    }
    if ((other instanceof NDArray && other.ndim === 1) || (Array.isArray(other) && !isTuple(other))) {
      const items = other instanceof NDArray ? colItems(other) : (other as unknown[]);
      if (items.length !== this.ncols) {
        throw pyError("ValueError", `Unable to coerce to Series, length must be ${this.ncols}: given ${items.length}`);
      }
      return this.mapColumns((c, _, j) => columnOp(op, c, { scalar: items[j] }, reflected));
    }
    return this.mapColumns((c) => columnOp(op, c, { scalar: other }, reflected));
  }

  pyUnary(op: "-" | "+" | "~"): unknown {
    return this.mapColumns((c) => columnUnary(op, c));
  }

  /** The JSON form of a frame: its records (`to_dict(orient="records")`). */
  toJSON(): unknown {
    return this.records();
  }

  pyRepr(): string {
    return formatFrame(this);
  }

  private records(): PyDict[] {
    const items = this.cols.map(colItems);
    return Array.from({ length: this.nrows }, (_, i) => new PyDict(items.map((c, j) => [this.columns.label(j), c[i]] as const)));
  }

  // ---- attributes -------------------------------------------------------------------------------------------------

  pyAttr(name: string): unknown {
    switch (name) {
      case "columns":
        return this.columns;
      case "index":
        return this.index;
      case "shape":
        return tuple([this.nrows, this.ncols]);
      case "size":
        return this.nrows * this.ncols;
      case "ndim":
        return 2;
      case "empty":
        return this.nrows === 0 || this.ncols === 0;
      case "dtypes":
        return new Series(new ObjectArray(this.cols.map((c) => c.dtype)), this.columns);
      case "values":
        return this.__array__();
      case "T":
        return this.transposed();
      case "axes":
        return [this.index, this.columns];
      case "loc":
      case "iloc":
      case "at":
      case "iat":
        return new Indexer(name, this);
    }
    // a column read as an attribute (`df.age`)
    const p = this.columns.positionsOf(name);
    if (p.length === 1) return this.column(p[0]);
    return METHOD_NOT_FOUND;
  }

  /**
   * How clip reads a list-like bound in column `j`: lined up with the columns (axis=1, and a list without an axis) or
   * the rows (axis=0); a Series bound needs the axis, as in pandas. Each bound is lined up once.
   */
  private clipBoundsAt(axis: unknown): (b: ListBound, j: number) => RowBound {
    const byRows = axis === 0 || axis === "index" || axis === "rows";
    const byColumns = axis === 1 || axis === "columns";
    if (axis !== undefined && axis !== null && !byRows && !byColumns) throw pyError("ValueError", `No axis named ${String(axis)} for object type DataFrame`);
    const lined = new Map<ListBound, (number | undefined)[]>();
    return (b, j) => {
      if (b.index !== null && !byRows && !byColumns) throw pyError("ValueError", "Must specify axis=0 or 1");
      const along = byRows ? this.index : this.columns;
      let v = lined.get(b);
      if (!v) {
        v = boundAlong(b, along, (given) => `Unable to coerce to Series, length must be ${along.length}: given ${given}`);
        lined.set(b, v);
      }
      const bounds = v;
      return byRows ? (i) => bounds[i] : () => bounds[j];
    };
  }

  private transposed(): DataFrame {
    const dtype = commonDType(this.cols.map((c) => c.dtype));
    const rows = Array.from({ length: this.nrows }, (_, i): Column => {
      if (dtype === "object") return new ObjectArray(this.cols.map((c) => colItems(c)[i]));
      if (!isNumericDType(dtype)) return colConcat(this.cols.map((c) => colTake(c, [i])), dtype);
      return numericColumn(dtype, this.cols.map((c) => numberOf(colScalar(c, i))!));
    });
    return new DataFrame(rows, this.index, this.columns);
  }

  // ---- methods ----------------------------------------------------------------------------------------------------

  pyMethod(name: string, args: unknown[], kwargs: Kw): unknown {
    const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required);
    switch (name) {
      case "copy":
        b(["deep"]);
        return this.copy();
      case "head":
      case "tail": {
        const [n] = b(["n"]);
        const [start, count] = headTailRows(this.nrows, name, n);
        return this.sliceRows(start, 1, count);
      }
      case "to_numpy":
      case "__array__": {
        const [dtype] = b(name === "to_numpy" ? ["dtype", "copy", "na_value"] : ["dtype"]);
        const d = dtype === undefined || dtype === null ? null : dtypeArg(dtype);
        if (d === "str" || d === "object") throw pyError("TypeError", "nb2svc's numpy runtime has no object or string arrays: use .values.tolist() on numeric frames, or .to_dict()");
        if (d !== null && !isDType(d)) throw pyError("TypeError", `nb2svc's numpy runtime has no ${d} arrays: take numbers from the column first (.dt.hour, .astype("int64"))`);
        return this.__array__(d);
      }
      case "to_dict":
        return this.toDict(b(["orient", "into"])[0]);
      case "astype": {
        const [dtype] = b(["dtype", "copy", "errors"], 1);
        if (dtype instanceof PyDict) {
          for (const k of dtype.keys()) {
            if (!this.columns.contains(k)) {
              throw new PyError("KeyError", pyRepr(`Only a column name can be used for the key in a dtype mappings argument. ${pyRepr(k)} not found in columns.`));
            }
          }
          return this.mapColumns((c, label) => (dtype.has(label) ? colAsType(c, dtypeArg(dtype.get(label))) : c));
        }
        const target = dtypeArg(dtype);
        return this.mapColumns((c) => colAsType(c, target));
      }
      case "isna":
      case "isnull":
      case "notna":
      case "notnull": {
        b([]);
        const neg = name.startsWith("not");
        return this.mapColumns((c) => numericColumn("bool", colIsNA(c).map((v) => (v !== neg ? 1 : 0))));
      }
      case "fillna": {
        const [value, method, axis, inplace, limit] = b(["value", "method", "axis", "inplace", "limit", "downcast"]);
        for (const [k, v] of Object.entries({ method, axis, limit })) {
          if (v !== undefined && v !== null) throw pyError("TypeError", `fillna(${k}=...) is not supported by nb2svc's pandas runtime`);
        }
        if (value === undefined || value === null) throw pyError("ValueError", "Must specify a fill 'value' or 'method'.");
        const perColumn = value instanceof PyDict ? (l: unknown) => value.get(l) : value instanceof Series ? (l: unknown) => (value.index.contains(l) ? value.pyGetitem(l) : undefined) : null;
        if (value instanceof DataFrame) throw pyError("TypeError", "fillna with a DataFrame is not supported by nb2svc's pandas runtime");
        const out = this.mapColumns((c, label) => {
          if (!perColumn) return colFillna(c, value);
          const v = perColumn(label);
          return v === undefined ? c : colFillna(c, pyScalar(v));
        });
        return this.finish(out, inplace);
      }
      case "dropna":
        return this.dropna(b(["axis", "how", "thresh", "subset", "inplace"]));
      case "replace": {
        const [toReplace, value, inplace, , regex] = b(["to_replace", "value", "inplace", "limit", "regex", "method"]);
        if (regex !== undefined && truthy(regex)) throw pyError("TypeError", "replace(regex=True) is not supported by nb2svc's pandas runtime; use .str.replace on a column");
        return this.finish(this.replace(toReplace, value), inplace);
      }
      case "apply":
        return this.apply(b(["func", "axis", "raw", "result_type", "args"], 1));
      case "applymap": {
        const [func, naAction] = b(["func", "na_action"], 1);
        return this.mapColumns((c) => colMapFunction(c, func, naAction === "ignore"));
      }
      case "pipe":
        return pipe(this, args, kwargs);
      case "clip": {
        const [lower, upper, axis, inplace] = b(["lower", "upper", "axis", "inplace"]);
        const [lo, hi, at] = [clipBound(lower), clipBound(upper), this.clipBoundsAt(axis)];
        return this.finish(this.mapColumns((c, _label, j) => clipColumnBy(c, lo, hi, (bound) => at(bound, j))), inplace);
      }
      case "round":
      case "__round__": {
        const [decimals] = b(["decimals"]);
        const per = decimals instanceof PyDict ? (l: unknown) => decimals.get(l) : decimals instanceof Series ? (l: unknown) => (decimals.index.contains(l) ? decimals.pyGetitem(l) : undefined) : () => decimals ?? 0;
        return this.mapColumns((c, label) => {
          const d = per(label);
          return d === undefined ? c : roundColumn(c, numberOf(d) ?? 0);
        });
      }
      case "abs":
      case "__abs__":
        b([]);
        return this.mapColumns((c) => columnUnary("abs", c));
      case "drop":
        return this.drop(b(["labels", "axis", "index", "columns", "level", "inplace", "errors"]));
      case "rename":
        return this.rename(b(["mapper", "index", "columns", "axis", "copy", "inplace", "level", "errors"]));
      case "reindex":
        return this.reindex(b(["labels", "index", "columns", "axis", "method", "copy", "level", "fill_value", "limit", "tolerance"]));
      case "sort_values": {
        const [by, axis, ascending, inplace, , naPosition, ignoreIndex, key] = b(["by", "axis", "ascending", "inplace", "kind", "na_position", "ignore_index", "key"], 1);
        if (key !== undefined && key !== null) throw pyError("TypeError", "sort_values(key=...) is not supported by nb2svc's pandas runtime");
        if (axis !== undefined && axis !== 0 && axis !== "index") throw pyError("TypeError", "sort_values(axis=1) is not supported by nb2svc's pandas runtime");
        const labels = typeof by === "string" || scalarKind(by) !== "other" ? [by] : Array.from(iterLabels(by));
        const asc = Array.isArray(ascending) ? ascending.map((a) => truthy(a)) : labels.map(() => (ascending === undefined ? true : truthy(ascending)));
        if (asc.length !== labels.length) throw pyError("ValueError", `Length of ascending (${asc.length}) != length of by (${labels.length})`);
        const keys = labels.map((l) => {
          const p = this.columns.positionsOf(l);
          if (p.length === 0) throw new PyError("KeyError", pyRepr(l));
          return colItems(this.cols[p[0]]);
        });
        const order = sortOrder(keys, asc, naFirstOf(naPosition));
        const sorted = this.takeRows(order);
        return this.finish(ignoreIndex !== undefined && truthy(ignoreIndex) ? new DataFrame(sorted.cols, sorted.columns, Index.defaultOf(this.nrows)) : sorted, inplace);
      }
      case "sort_index": {
        const [axis, , ascending, inplace, , naPosition, , ignoreIndex] = b(["axis", "level", "ascending", "inplace", "kind", "na_position", "sort_remaining", "ignore_index", "key"]);
        const byColumns = axis === 1 || axis === "columns";
        const order = sortOrder([(byColumns ? this.columns : this.index).labels()], [ascending === undefined ? true : truthy(ascending)], naFirstOf(naPosition));
        let sorted = byColumns ? this.takeColumns(order) : this.takeRows(order);
        if (ignoreIndex !== undefined && truthy(ignoreIndex)) {
          sorted = byColumns ? new DataFrame(sorted.cols, Index.range(0, this.ncols), sorted.index) : new DataFrame(sorted.cols, sorted.columns, Index.defaultOf(this.nrows));
        }
        return this.finish(sorted, inplace);
      }
      case "set_axis": {
        const [labels, axis, inplace] = b(["labels", "axis", "inplace", "copy"], 1);
        const ix = labels instanceof Index ? labels : Index.of(Array.from(iterLabels(labels)));
        const byColumns = axis === 1 || axis === "columns";
        const target = byColumns ? this.columns : this.index;
        if (ix.length !== target.length) {
          throw pyError("ValueError", `Length mismatch: Expected axis has ${target.length} elements, new values have ${ix.length} elements`);
        }
        return this.finish(new DataFrame(this.cols.slice(), byColumns ? ix : this.columns, byColumns ? this.index : ix), inplace);
      }
      case "reset_index": {
        const [, drop, inplace] = b(["level", "drop", "inplace", "col_level", "col_fill"]);
        if (truthy(drop ?? false)) return this.finish(new DataFrame(this.cols.slice(), this.columns, Index.defaultOf(this.nrows)), inplace);
        const label = this.index.name !== null ? this.index.name : this.columns.contains("index") ? "level_0" : "index";
        if (this.columns.contains(label)) throw pyError("ValueError", `cannot insert ${String(label)}, already exists`);
        return this.finish(new DataFrame([this.index.toColumn(), ...this.cols], Index.of([label, ...this.columns.labels()]), Index.defaultOf(this.nrows)), inplace);
      }
      case "eval":
      case "query": {
        // engine="numexpr" or "python" computes the same values; parser="python" would change precedence
        const [expr, inplace, parser] = b(["expr", "inplace", "parser", "engine"], 1);
        if (parser !== undefined && parser !== null && parser !== "pandas") throw typeError(`${name}(parser=${pyRepr(parser)}) is not supported by nb2svc's pandas runtime: its parser is pandas'`);
        const out = evaluate(evalFrame(this), String(expr));
        if (name === "query") return this.finish(frameGetitem(this, out) as DataFrame, inplace);
        return out instanceof FrameForEval ? this.finish(out.df, inplace) : out;
      }
      case "assign": {
        if (args.length) throw typeError(`assign() takes 1 positional argument but ${args.length + 1} were given`);
        const out = this.copy();
        for (const [k, v] of Object.entries(kwargs)) out.pySetitem(k, typeof v === "function" ? (v as Fn)(out) : v);
        return out;
      }
      case "join":
        return this.join(b(["other", "on", "how", "lsuffix", "rsuffix", "sort", "validate"], 1));
      case "get": {
        const [key, dflt] = b(["key", "default"], 1);
        try {
          return frameGetitem(this, key);
        } catch (e) {
          if (e instanceof PyError && ["KeyError", "ValueError", "IndexError"].includes(e.type)) return dflt === undefined ? null : dflt;
          throw e;
        }
      }
      case "keys":
        b([]);
        return this.columns;
      case "items":
      case "iteritems":
        b([]);
        return this.cols.map((_, i) => tuple([this.columns.label(i), this.column(i)]));
      case "iterrows":
        b([]);
        return Array.from({ length: this.nrows }, (_, i) => tuple([this.index.label(i), frameRow(this, i, undefined, true)]));
      case "select_dtypes":
        return this.selectDtypes(b(["include", "exclude"]));
      case "filter":
        return this.filter(b(["items", "like", "regex", "axis"]));
      case "insert": {
        const [loc, column, value, allowDup] = b(["loc", "column", "value", "allow_duplicates"], 3);
        if (this.columns.contains(column) && !truthy(allowDup ?? false)) throw pyError("ValueError", `cannot insert ${String(column)}, already exists`);
        const at = numberOf(loc);
        if (at === undefined || !Number.isInteger(at) || typeof loc === "boolean") throw typeError("loc must be int");
        if (at < 0 || at > this.ncols) throw pyError("IndexError", `index ${at} is out of bounds for axis 0 with size ${this.ncols}`);
        const col = columnValue(this, value);
        const labels = this.columns.labels();
        labels.splice(at, 0, column);
        const cols = this.cols.slice();
        cols.splice(at, 0, col);
        this.replaceWith(new DataFrame(cols, Index.of(labels), this.index));
        return null;
      }
      case "pop": {
        const [item] = b(["item"], 1);
        const s = frameGetitem(this, item);
        this.pyDelitem(item);
        return s;
      }
      case "isin": {
        const [values] = b(["values"], 1);
        return this.mapColumns((c, label) => {
          const vals = values instanceof PyDict ? (values.has(label) ? values.get(label) : []) : values;
          const keys = new Set(Array.from(iterLabels(vals), (v) => labelKey(pyScalar(v))));
          return numericColumn("bool", colItems(c).map((v) => (keys.has(labelKey(v)) ? 1 : 0)));
        });
      }
      case "transpose":
        b(["args", "copy"]);
        return this.transposed();
      case "squeeze": {
        b(["axis"]);
        if (this.ncols === 1 && this.nrows === 1) return colScalar(this.cols[0], 0);
        if (this.ncols === 1) return this.column(0);
        if (this.nrows === 1) return frameRow(this, 0);
        return this;
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
      case "all":
        return this.reduce(name as ReductionName, args, kwargs);
    }
    const arith = ARITH_METHODS[name];
    if (arith) {
      const [other, axis] = b(["other", "axis", "level", "fill_value"], 1);
      if (axis !== undefined && axis !== "columns" && axis !== 1) {
        if (other instanceof Series && (axis === "index" || axis === 0)) {
          const aligned = other.reindexed(this.index);
          return this.mapColumns((c) => columnOp(arith[0], c, { column: aligned.values }, arith[1]));
        }
      }
      return this.pyBinary(arith[0], other, arith[1]);
    }
    return METHOD_NOT_FOUND;
  }

  private toDict(orient: unknown): unknown {
    const o = orient === undefined ? "dict" : orient;
    const items = this.cols.map(colItems);
    switch (o) {
      case "dict":
        return new PyDict(items.map((c, j) => [this.columns.label(j), new PyDict(c.map((v, i) => [this.index.label(i), v] as const))] as const));
      case "list":
        return new PyDict(items.map((c, j) => [this.columns.label(j), c] as const));
      case "records":
        return this.records();
      case "index":
        return new PyDict(Array.from({ length: this.nrows }, (_, i) => [this.index.label(i), new PyDict(items.map((c, j) => [this.columns.label(j), c[i]] as const))] as const));
      case "series":
        return new PyDict(this.cols.map((_, j) => [this.columns.label(j), this.column(j)] as const));
    }
    throw pyError("ValueError", `orient '${String(o)}' not understood`);
  }

  private dropna([axis, how, thresh, subset, inplace]: unknown[]): unknown {
    const byColumns = axis === 1 || axis === "columns";
    if (axis !== undefined && axis !== null && !byColumns && axis !== 0 && axis !== "index") {
      throw pyError("ValueError", `No axis named ${String(axis)} for object type DataFrame`);
    }
    const h = how === undefined ? "any" : how;
    if (h !== "any" && h !== "all") throw pyError("ValueError", `invalid how option: ${String(h)}`);
    if (thresh !== undefined && how !== undefined) throw typeError("You cannot set both the how and thresh arguments at the same time.");
    const na = this.cols.map(colIsNA);
    let consider = byColumns ? Array.from({ length: this.nrows }, (_, i) => i) : Array.from({ length: this.ncols }, (_, j) => j);
    if (subset !== undefined && subset !== null) {
      const labels = typeof subset === "string" || scalarKind(subset) !== "other" ? [subset] : Array.from(iterLabels(subset));
      const ix = byColumns ? this.index : this.columns;
      const missing = labels.filter((l) => !ix.contains(l));
      if (missing.length) throw new PyError("KeyError", pyRepr(missing));
      consider = labels.flatMap((l) => ix.positionsOf(l));
    }
    const keep: number[] = [];
    const count = byColumns ? this.ncols : this.nrows;
    for (let k = 0; k < count; k++) {
      const flags = consider.map((o) => (byColumns ? na[k][o] : na[o][k]));
      const present = flags.filter((f) => !f).length;
      const ok = thresh !== undefined && thresh !== null ? present >= (numberOf(thresh) ?? 0) : h === "any" ? present === flags.length : present > 0;
      if (ok) keep.push(k);
    }
    let out: DataFrame;
    if (keep.length === count) out = new DataFrame(this.cols.slice(), this.columns, this.index);
    else out = byColumns ? this.takeColumns(keep) : this.takeRows(keep);
    return this.finish(out, inplace);
  }

  private replace(toReplace: unknown, value: unknown): DataFrame {
    if (toReplace instanceof PyDict && [...toReplace.values()].length > 0 && [...toReplace.values()].every((v) => v instanceof PyDict)) {
      // {column: {old: new}}
      return this.mapColumns((c, label) => (toReplace.has(label) ? colReplace(c, replacementPairs(toReplace.get(label), undefined)) : c));
    }
    if (toReplace instanceof PyDict && value !== undefined && value !== null) {
      // {column: old} with a value (or {column: new})
      return this.mapColumns((c, label) => {
        if (!toReplace.has(label)) return c;
        const to = value instanceof PyDict ? value.get(label) : value;
        if (to === undefined) return c;
        return colReplace(c, replacementPairs(toReplace.get(label), to));
      });
    }
    const pairs: Replacement[] = replacementPairs(toReplace, value);
    return this.mapColumns((c) => colReplace(c, pairs));
  }

  private apply([func, axis, raw, resultType, extra]: unknown[]): unknown {
    if (typeof func !== "function") throw typeError(`'${typeof func}' object is not callable`);
    if (raw !== undefined && truthy(raw)) throw pyError("TypeError", "apply(raw=True) is not supported by nb2svc's pandas runtime");
    if (resultType !== undefined && resultType !== null) throw pyError("TypeError", "apply(result_type=...) is not supported by nb2svc's pandas runtime");
    const more = extra === undefined ? [] : Array.from(iterLabels(extra));
    const byRows = axis === 1 || axis === "columns";
    if (axis !== undefined && !byRows && axis !== 0 && axis !== "index") throw pyError("ValueError", `No axis named ${String(axis)} for object type DataFrame`);
    const count = byRows ? this.nrows : this.ncols;
    const results = Array.from({ length: count }, (_, k) => (func as Fn)(byRows ? frameRow(this, k, undefined, true) : this.column(k), ...more));
    const labels = byRows ? this.index : this.columns;
    if (results.length > 0 && results.every((r) => r instanceof Series)) {
      // each result a Series: they become the rows (axis=1) or the columns (axis=0) of a frame
      const series = results as Series[];
      let ix = series[0].index;
      for (const s of series) if (!s.index.equals(ix)) ix = ix.union(s.index);
      const aligned = series.map((s) => s.reindexed(ix));
      if (!byRows) return new DataFrame(aligned.map((s) => s.values), this.columns, ix);
      const cols = Array.from({ length: ix.length }, (_, j) => inferColumn(aligned.map((s) => colScalar(s.values, j)), "object"));
      return new DataFrame(
        cols.map((c) => {
          const d = commonDType(aligned.map((s) => s.values.dtype));
          return d === "object" ? c : colAsType(c, d);
        }),
        ix,
        this.index,
      );
    }
    return new Series(inferColumn(results, "float64"), labels);
  }

  private drop([labels, axis, index, columns, , inplace, errors]: unknown[]): unknown {
    const listOf = (x: unknown) => (typeof x === "string" || scalarKind(x) !== "other" || x === null ? [x] : Array.from(iterLabels(x)));
    let rowLabels: unknown[] = [];
    let colLabels: unknown[] = [];
    if (labels !== undefined && labels !== null) {
      if (index !== undefined || columns !== undefined) throw pyError("ValueError", "Cannot specify both 'labels' and 'index'/'columns'");
      if (axis === 1 || axis === "columns") colLabels = listOf(labels);
      else if (axis === undefined || axis === 0 || axis === "index") rowLabels = listOf(labels);
      else throw pyError("ValueError", `No axis named ${String(axis)} for object type DataFrame`);
    } else {
      if (index === undefined && columns === undefined) throw pyError("ValueError", "Need to specify at least one of 'labels', 'index' or 'columns'");
      if (index !== undefined && index !== null) rowLabels = listOf(index);
      if (columns !== undefined && columns !== null) colLabels = listOf(columns);
    }
    const ignore = errors === "ignore";
    const keepOf = (ix: Index, drop: unknown[]): number[] => {
      const missing = drop.filter((l) => !ix.contains(l));
      if (missing.length && !ignore) throw new PyError("KeyError", pyRepr(`${pyRepr(missing.map(pyScalar))} not found in axis`));
      const gone = new Set(drop.flatMap((l) => ix.positionsOf(l)));
      return Array.from({ length: ix.length }, (_, i) => i).filter((i) => !gone.has(i));
    };
    let out: DataFrame = this;
    if (colLabels.length) out = out.takeColumns(keepOf(out.columns, colLabels));
    if (rowLabels.length) {
      const keep = keepOf(out.index, rowLabels);
      out = new DataFrame(out.cols.map((c) => colTake(c, keep)), out.columns, out.index.keep(keep));
    }
    if (out === this) out = new DataFrame(this.cols.slice(), this.columns, this.index);
    return this.finish(out, inplace);
  }

  private rename([mapper, index, columns, axis, , inplace, , errors]: unknown[]): unknown {
    let colMap = columns;
    let rowMap = index;
    if (mapper !== undefined && mapper !== null) {
      if (axis === 1 || axis === "columns") colMap = mapper;
      else rowMap = mapper;
    }
    const relabel = (ix: Index, m: unknown): Index => {
      if (m === undefined || m === null) return ix;
      if (m instanceof PyDict) {
        if (errors === "raise") {
          const missing = [...m.keys()].filter((k) => !ix.contains(k));
          if (missing.length) throw new PyError("KeyError", pyRepr(`${pyRepr(missing)} not found in axis`));
        }
        return Index.of(ix.labels().map((l) => (m.has(l) ? m.get(l) : l)));
      }
      if (typeof m === "function") return Index.of(ix.labels().map((l) => (m as Fn)(l)));
      throw typeError(`'${typeof m}' object is not callable`);
    };
    const out = new DataFrame(this.cols.slice(), relabel(this.columns, colMap), relabel(this.index, rowMap));
    return this.finish(out, inplace);
  }

  private reindex([labels, index, columns, axis, method, , , fillValue]: unknown[]): DataFrame {
    if (method !== undefined && method !== null) throw pyError("TypeError", "reindex(method=...) is not supported by nb2svc's pandas runtime");
    let rows = index;
    let cols = columns;
    if (labels !== undefined && labels !== null) {
      if (axis === 1 || axis === "columns") cols = labels;
      else rows = labels;
    }
    const fill = fillValue === undefined ? NaN : fillValue;
    let out: DataFrame = new DataFrame(this.cols.slice(), this.columns, this.index);
    if (cols !== undefined && cols !== null) {
      const target = cols instanceof Index ? cols : Index.of(Array.from(iterLabels(cols)));
      const pos = this.columns.indexer(target);
      out = new DataFrame(
        pos.map((p) => (p < 0 ? colFull(out.nrows, fill) : out.cols[p])),
        target,
        out.index,
      );
    }
    if (rows !== undefined && rows !== null) {
      const target = rows instanceof Index ? rows : Index.of(Array.from(iterLabels(rows)));
      const pos = out.index.indexer(target);
      out = new DataFrame(out.cols.map((c) => colTake(c, pos, fill)), out.columns, target);
    }
    return out;
  }

  private join([other, on, how, lsuffix, rsuffix, sort]: unknown[]): DataFrame {
    if (on !== undefined && on !== null) throw pyError("TypeError", "join(on=...) is not supported by nb2svc's pandas runtime; join on the index");
    if (sort !== undefined && truthy(sort)) throw pyError("TypeError", "join(sort=True) is not supported by nb2svc's pandas runtime");
    let right: DataFrame;
    if (other instanceof Series) {
      if (other.name === null) throw pyError("ValueError", "Other Series must have a name");
      right = new DataFrame([other.values], Index.of([other.name]), other.index);
    } else if (other instanceof DataFrame) {
      right = other;
    } else {
      throw typeError("join() takes a DataFrame or a named Series");
    }
    const h = how === undefined ? "left" : how;
    let index: Index;
    if (h === "left") index = this.index;
    else if (h === "right") index = right.index;
    else if (h === "inner") {
      const keep = this.index.labels().filter((l) => right.index.contains(l));
      index = Index.of(keep);
      if (keep.length === this.nrows) index = this.index;
    } else if (h === "outer") index = this.index.equals(right.index) ? this.index : this.index.union(right.index);
    else throw pyError("ValueError", `join type '${String(h)}' not understood`);
    const ls = lsuffix === undefined ? "" : String(lsuffix);
    const rs = rsuffix === undefined ? "" : String(rsuffix);
    const overlap = this.columns.labels().filter((l) => right.columns.contains(l));
    if (overlap.length && !ls && !rs) throw pyError("ValueError", `columns overlap but no suffix specified: ${Index.of(overlap).pyRepr()}`);
    const rename = (l: unknown, suffix: string) => (overlap.some((o) => labelKey(o) === labelKey(l)) ? `${String(l)}${suffix}` : l);
    const leftPos = this.index.indexer(index);
    const rightPos = right.index.indexer(index);
    return new DataFrame(
      [...this.cols.map((c) => colTake(c, leftPos)), ...right.cols.map((c) => colTake(c, rightPos))],
      Index.of([...this.columns.labels().map((l) => rename(l, ls)), ...right.columns.labels().map((l) => rename(l, rs))]),
      index,
    );
  }

  private selectDtypes([include, exclude]: unknown[]): DataFrame {
    const toList = (x: unknown): unknown[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);
    const inc = toList(include).map(dtypeSelector);
    const exc = toList(exclude).map(dtypeSelector);
    if (inc.length === 0 && exc.length === 0) throw pyError("ValueError", "at least one of include or exclude must be nonempty");
    const keep: number[] = [];
    this.cols.forEach((c, j) => {
      const d = c.dtype;
      if (inc.length && !inc.some((f) => f(d))) return;
      if (exc.some((f) => f(d))) return;
      keep.push(j);
    });
    return this.takeColumns(keep);
  }

  private filter([items, like, regex, axis]: unknown[]): DataFrame {
    const given = [items, like, regex].filter((x) => x !== undefined && x !== null).length;
    if (given > 1) throw typeError("Keyword arguments `items`, `like`, or `regex` are mutually exclusive");
    if (given === 0) throw typeError("Must pass either `items`, `like`, or `regex`");
    const byRows = axis === 0 || axis === "index";
    const ix = byRows ? this.index : this.columns;
    let keep: number[];
    if (items !== undefined && items !== null) {
      const wanted = Array.from(iterLabels(items));
      keep = wanted.flatMap((l) => ix.positionsOf(l));
    } else if (like !== undefined && like !== null) {
      keep = ix.labels().flatMap((l, i) => (String(l).includes(String(like)) ? [i] : []));
    } else {
      keep = ix.labels().flatMap((l, i) => (reSearch(regex, String(l)) !== null ? [i] : []));
    }
    return byRows ? this.takeRows(keep) : this.takeColumns(keep);
  }

  private reduce(name: ReductionName, args: unknown[], kwargs: Kw): unknown {
    const axisArg = args.length ? args[0] : kwargs.axis;
    const byRows = axisArg === 1 || axisArg === "columns";
    const numericOnly = kwargs.numeric_only;
    const [skipna, ddof, minCount] = reductionArgs(name, args.slice(1), Object.fromEntries(Object.entries(kwargs).filter(([k]) => k !== "axis" && k !== "numeric_only")));
    const opts = { skipna, ddof, minCount };
    const usable = (j: number) => !(numericOnly === true && !isNumericDType(this.cols[j].dtype)) && !(numericOnly === true && this.cols[j].dtype === "bool" && name !== "count");
    const cols = Array.from({ length: this.ncols }, (_, j) => j).filter(usable);
    if (byRows) {
      let sub = this.takeColumns(cols);
      const rowResult = (f: DataFrame) => Array.from({ length: f.nrows }, (_, i) => colReduce(frameRow(f, i).values, name, opts));
      let results: unknown[];
      try {
        results = rowResult(sub);
      } catch (e) {
        if (!(e instanceof PyError) || e.type !== "TypeError" || numericOnly !== undefined) throw e;
        // pandas' numeric_only=None: retry without the columns that cannot be reduced
        sub = sub.takeColumns(Array.from({ length: sub.ncols }, (_, j) => j).filter((j) => isNumericDType(sub.cols[j].dtype)));
        results = rowResult(sub);
      }
      return new Series(resultColumn(results), this.index);
    }
    const labels: unknown[] = [];
    const results: unknown[] = [];
    for (const j of cols) {
      try {
        results.push(colReduce(this.cols[j], name, opts));
        labels.push(this.columns.label(j));
      } catch (e) {
        // pandas 1.5 drops the columns a reduction fails on ("nuisance columns") unless numeric_only is given
        if (!(e instanceof PyError) || e.type !== "TypeError" || numericOnly !== undefined) throw e;
      }
    }
    const out = new Series(resultColumn(results), Index.of(labels));
    // pandas follows numpy for an empty frame: its sums and products are float64, object columns too
    if (this.nrows === 0 && (name === "sum" || name === "prod")) return out.withValues(colAsType(out.values, "float64"));
    return out;
  }
}

/** Reduction results (numpy scalars or Python values) as one column in their common dtype, as pandas builds it. */
function resultColumn(results: readonly unknown[]): Column {
  const dtypes: PdDType[] = results.map((r) => (r instanceof NDArray ? (r.dtype as PdDType) : scalarKind(r) === "float" ? "float64" : scalarKind(r) === "int" ? "int64" : scalarKind(r) === "bool" ? "bool" : "object"));
  const d = results.length ? commonDType(dtypes) : "float64";
  if (!isNumericDType(d)) return new ObjectArray(results.slice());
  return numericColumn(d, results.map((r) => numberOf(r)!));
}

function columnOfMatrix(a: NDArray, j: number): NDArray {
  const n = a.shape[0];
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = a.data[a.offset + i * a.strides[0] + j * a.strides[1]];
  return numericColumn(a.dtype, out);
}

/** `df op df2`: both aligned on rows and columns (outer), a column present on one side only is all NaN. */
function frameWithFrame(op: BinaryOp, left: DataFrame, right: DataFrame): DataFrame {
  const sameCols = left.columns.equals(right.columns);
  const sameRows = left.index.equals(right.index);
  if (isComparison(op) && (!sameCols || !sameRows)) {
    throw pyError("ValueError", "Can only compare identically-labeled (both index and columns) DataFrame objects");
  }
  const columns = sameCols ? left.columns : left.columns.union(right.columns);
  const index = sameRows ? left.index : left.index.union(right.index);
  const lr = sameRows ? null : left.index.indexer(index);
  const rr = sameRows ? null : right.index.indexer(index);
  const cols = Array.from({ length: columns.length }, (_, j) => {
    const label = columns.label(j);
    const lp = left.columns.positionsOf(label);
    const rp = right.columns.positionsOf(label);
    if (!lp.length || !rp.length) return colFull(index.length, NaN);
    const a = lr ? colTake(left.cols[lp[0]], lr) : left.cols[lp[0]];
    const b = rr ? colTake(right.cols[rp[0]], rr) : right.cols[rp[0]];
    return columnOp(op, a, { column: b }, false);
  });
  return new DataFrame(cols, columns, index);
}

/** `df op s`: the Series runs along the columns (its labels matched to the frame's column labels). */
function frameWithRow(op: BinaryOp, df: DataFrame, s: Series, reflected: boolean): DataFrame {
  const same = df.columns.equals(s.index);
  if (isComparison(op) && !same) {
    throw pyError("ValueError", "Operands are not aligned. Do `left, right = left.align(right, axis=1, copy=False)` before operating.");
  }
  const columns = same ? df.columns : df.columns.union(s.index);
  const cols = Array.from({ length: columns.length }, (_, j) => {
    const label = columns.label(j);
    const lp = df.columns.positionsOf(label);
    const rp = s.index.positionsOf(label);
    if (!lp.length || !rp.length) return colFull(df.nrows, NaN);
    return columnOp(op, df.cols[lp[0]], { scalar: colScalar(s.values, rp[0]) }, reflected);
  });
  return new DataFrame(cols, columns, df.index);
}

/** `select_dtypes` selectors: names ("number", "object", "float64"), and the builtins int/float/bool as dtypes. */
function dtypeSelector(x: unknown): (d: PdDType) => boolean {
  // pandas' "number" (np.number) takes timedelta64 columns too, not datetime64 ones
  if (x === "number") return (d) => (isNumericDType(d) && d !== "bool") || d === "timedelta64[ns]";
  if (x === "integer" || x === "int" || x === "signedinteger") return (d) => isNumericDType(d) && d !== "bool" && /int/.test(d) && (x !== "int" || d === "int64");
  if (x === "floating") return (d) => d === "float32" || d === "float64";
  if (x === "datetime" || x === "datetime64" || x === "datetime64[ns]" || x === "M8[ns]" || x === "<M8[ns]") return (d) => d === "datetime64[ns]";
  if (x === "datetimetz") return (d) => d.startsWith("datetime64[ns, ");
  if (x === "timedelta" || x === "timedelta64") return (d) => d === "timedelta64[ns]";
  if (x === "category") return () => false;
  const t = dtypeArg(x);
  if (t === "str") throw typeError("string dtypes are not allowed, use 'object' instead");
  return (d) => d === t;
}

/** A frame as `eval` reads it: columns by name, and an assignment that gives a new frame. */
class FrameForEval implements EvalFrame {
  constructor(readonly df: DataFrame) {}

  column(name: string): unknown {
    return frameGetitem(this.df, name);
  }

  hasColumn(name: string): boolean {
    return this.df.columns.contains(name);
  }

  withColumn(name: string, value: unknown): EvalFrame {
    const out = this.df.copy();
    out.pySetitem(name, value);
    return new FrameForEval(out);
  }
}

const evalFrame = (df: DataFrame): FrameForEval => new FrameForEval(df);
