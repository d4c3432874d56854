// Pipeline and ColumnTransformer (sklearn/pipeline.py, sklearn/compose/_column_transformer.py) over the restored
// transformers: each step's transform in order, or each transformer on its columns with the results stacked side
// by side (numbers promoted as numpy.hstack does, sparse as scipy.sparse.hstack when the fit chose sparse output).
import { PyError, Slice, tuple } from "../core.ts";
import { NDArray, allocate, castValue, isFloatDType, type DType } from "../ndarray.ts";
import { promote } from "../np-base.ts";
import { reshape, squeeze } from "../np-shape.ts";
import { callMethod, hasattr } from "../py-builtins.ts";
import { PyDict } from "../pydict.ts";
import { repr } from "../pyformat.ts";
import { Estimator, isNone, stringList, toNumber, typeError, valueError, type Kwargs } from "./base.ts";
import { isFrameLike, tableToNumeric, Table, toTable } from "./data.ts";
import { csrFromDense, CsrMatrix, hstackCsr } from "./sparse.ts";

type Method = (args: unknown[], kwargs: Kwargs) => unknown;

/** A (name, estimator) step, an estimator being a restored object or "passthrough" / "drop" / None. */
type Step = readonly [string, unknown];

function steps(v: unknown, what: string): Step[] {
  if (!Array.isArray(v)) throw typeError(`${what} in the pickle is not a list`);
  return v.map((s) => {
    if (!Array.isArray(s) || s.length < 2 || typeof s[0] !== "string") throw typeError(`${what} in the pickle is not a list of (name, estimator) pairs`);
    return [s[0], s[1]] as const;
  });
}

const isPassthrough = (t: unknown): boolean => isNone(t) || t === "passthrough";

export class Pipeline extends Estimator {
  constructor(state: PyDict) {
    super("Pipeline", state);
    for (const [name, est] of this.steps()) {
      if (!isPassthrough(est) && (est === null || typeof est !== "object")) throw typeError(`Pipeline step '${name}' in the pickle is not an estimator`);
    }
  }

  steps(): Step[] {
    return steps(this.a.required("steps"), "Pipeline.steps");
  }

  transform(X: unknown): unknown {
    let x = X;
    for (const [, est] of this.steps()) if (!isPassthrough(est)) x = callMethod(est, "transform", [x]);
    return x;
  }

  inverseTransform(X: unknown): unknown {
    let x = X;
    for (const [, est] of this.steps().reverse()) if (!isPassthrough(est)) x = callMethod(est, "inverse_transform", [x]);
    return x;
  }

  namesOut(inputFeatures: unknown): unknown {
    let names = inputFeatures;
    for (const [name, est] of this.steps()) {
      if (isPassthrough(est)) continue;
      if (!hasattr(est, "get_feature_names_out")) {
        throw new PyError("AttributeError", `Estimator ${name} does not provide get_feature_names_out. Did you mean to call pipeline[:-1].get_feature_names_out()?`);
      }
      names = callMethod(est, "get_feature_names_out", [names]);
    }
    return names;
  }

  /** `pipe[i]`, `pipe["name"]`, `pipe[a:b]` (a new Pipeline of those steps). */
  pyGetitem(key: unknown): unknown {
    const all = this.steps();
    if (key instanceof Slice) {
      const [start, stop, step] = key.indices(all.length);
      if (step !== 1) throw valueError("Pipeline slicing only supports a step of 1");
      const state = new PyDict(this.a.state);
      state.set("steps", all.slice(start, Math.max(start, stop)).map((s) => tuple([...s])));
      return new Pipeline(state);
    }
    if (typeof key === "string") {
      const found = all.find(([n]) => n === key);
      if (!found) throw new PyError("KeyError", repr(key));
      return found[1];
    }
    const i = toNumber(key);
    if (i === undefined || !Number.isInteger(i)) throw typeError(`Pipeline indices must be integers, slices or step names, not ${repr(key)}`);
    const j = i < 0 ? i + all.length : i;
    if (j < 0 || j >= all.length) throw new PyError("IndexError", "list index out of range");
    return all[j]![1];
  }

  /** `pipe.predict(X)` and the like: X through every step but the last, then the last step's method. */
  private final(name: string, args: unknown[], kwargs: Kwargs): unknown {
    const all = this.steps();
    const last = all[all.length - 1];
    if (!last || isPassthrough(last[1])) throw new PyError("AttributeError", `'Pipeline' object has no attribute '${name}'`);
    let x = args[0];
    for (const [, est] of all.slice(0, -1)) if (!isPassthrough(est)) x = callMethod(est, "transform", [x]);
    return callMethod(last[1], name, [x, ...args.slice(1)], kwargs);
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(Estimator.arg(a, k, 0, "input_features", null)),
      // a model ending the pipeline: a placeholder in the runtime (src/pickle/unrebuilt.ts), which raises naming it
      predict: (a, k) => this.final("predict", a, k),
      predict_proba: (a, k) => this.final("predict_proba", a, k),
      decision_function: (a, k) => this.final("decision_function", a, k),
      __getitem__: (a) => this.pyGetitem(a[0]),
      __len__: () => this.steps().length,
    };
  }

  protected override properties(): Record<string, () => unknown> {
    return {
      steps: () => this.steps().map((s) => tuple([...s])),
      named_steps: () => new PyDict(this.steps()),
    };
  }

  override nFeaturesIn(): number | null {
    const first = this.steps().find(([, e]) => !isPassthrough(e));
    return first ? ((first[1] as Estimator).nFeaturesIn?.() ?? null) : null;
  }
}

/** A column selector scikit-learn resolved at fit (`make_column_selector(...)`): data only, its indices were saved. */
export class ColumnSelector extends Estimator {
  constructor(state: PyDict) {
    super("make_column_selector", state, false);
  }

  protected methods(): Record<string, Method> {
    return {};
  }
}

/** The block a transformer produced, ready for stacking. */
type Block = { readonly kind: "num"; readonly a: NDArray } | { readonly kind: "sparse"; readonly m: CsrMatrix } | { readonly kind: "obj"; readonly rows: unknown[][] };

function block(out: unknown, name: string): Block {
  if (out instanceof CsrMatrix) return { kind: "sparse", m: out };
  if (out instanceof NDArray) {
    if (out.ndim !== 2) throw valueError(`The output of the '${name}' transformer should be 2D (scipy matrix, array, or pandas DataFrame).`);
    return { kind: "num", a: out };
  }
  if (out instanceof Table) {
    if (out.oneD) throw valueError(`The output of the '${name}' transformer should be 2D (scipy matrix, array, or pandas DataFrame).`);
    if (out.columns.every((c) => c.kind === "num")) return { kind: "num", a: tableToNumeric(out, "numeric") };
    return { kind: "obj", rows: Array.from({ length: out.nRows }, (_, i) => out.columns.map((_, j) => out.at(i, j))) };
  }
  if (Array.isArray(out) && out.every((r) => Array.isArray(r))) return { kind: "obj", rows: out as unknown[][] };
  throw valueError(`The output of the '${name}' transformer should be 2D (scipy matrix, array, or pandas DataFrame).`);
}

const blockRows = (b: Block): number => (b.kind === "num" ? b.a.shape[0]! : b.kind === "sparse" ? b.m.rows : b.rows.length);
const blockCols = (b: Block): number => (b.kind === "num" ? b.a.shape[1]! : b.kind === "sparse" ? b.m.cols : (b.rows[0]?.length ?? 0));

/** `res * weight` of `_transform_one`. */
function weighted(b: Block, w: number): Block {
  const scale = (v: number, d: DType) => castValue(v * w, "float64", isFloatDType(d) ? d : "float64");
  if (b.kind === "num") {
    const d: DType = isFloatDType(b.a.dtype) ? b.a.dtype : "float64";
    const v = b.a.values();
    const out = allocate(d, v.length);
    for (let k = 0; k < v.length; k++) out[k] = scale(v[k]!, b.a.dtype);
    return { kind: "num", a: new NDArray(out, [...b.a.shape], d) };
  }
  if (b.kind === "sparse") {
    const d: DType = isFloatDType(b.m.dtype) ? b.m.dtype : "float64";
    const data = allocate(d, b.m.data.length);
    for (let k = 0; k < data.length; k++) data[k] = scale(b.m.data[k]!, b.m.dtype);
    return { kind: "sparse", m: new CsrMatrix(b.m.rows, b.m.cols, data, b.m.indices, b.m.indptr, d) };
  }
  return { kind: "obj", rows: b.rows.map((r) => r.map((v) => (toNumber(v) ?? Number.NaN) * w)) };
}

export class ColumnTransformer extends Estimator {
  constructor(state: PyDict) {
    super("ColumnTransformer", state);
  }

  private fitted(): (readonly [string, unknown, unknown])[] {
    const t = this.a.required("transformers_");
    if (!Array.isArray(t)) throw typeError("ColumnTransformer.transformers_ in the pickle is not a list");
    return t.map((x) => {
      if (!Array.isArray(x) || x.length < 3 || typeof x[0] !== "string") throw typeError("ColumnTransformer.transformers_ in the pickle is not a list of (name, transformer, columns)");
      return [x[0], x[1], x[2]] as const;
    });
  }

  /** `_transformer_to_input_indices` (1.1+), or the same computed from the column specs. */
  private inputIndices(name: string, spec: unknown, names: readonly string[] | null, n: number): number[] {
    const map = this.a.raw("_transformer_to_input_indices");
    if (map instanceof PyDict && map.has(name)) return (map.get(name) as unknown[]).map((i) => toNumber(i)!);
    return columnIndices(spec, names, n);
  }

  transform(X: unknown): unknown {
    const frame = isFrameLike(X) || (X instanceof Table && X.names !== null);
    const t = toTable(X, this.pyTypeName);
    const fittedNames = this.a.featureNamesIn();
    const byName = fittedNames !== null && frame;
    const all = this.fitted();
    if (byName) {
      const present = new Set(t.names!);
      const needed = new Set<string>();
      for (const [name, trans] of all) {
        if (trans !== "passthrough") continue;
        for (const i of this.inputIndices(name, null, fittedNames, fittedNames.length)) needed.add(fittedNames[i]!);
      }
      const missing = [...needed].filter((n) => !present.has(n));
      if (missing.length) throw valueError(`columns are missing: {${missing.map((m) => repr(m)).join(", ")}}`);
    } else this.checkNFeatures(t.nCols);
    const weights = this.a.raw("transformer_weights");
    const blocks: Block[] = [];
    for (const [name, trans, spec] of all) {
      if (trans === "drop" || isEmptySelection(spec)) continue;
      const scalar = typeof spec === "string" || typeof spec === "number";
      let indices: number[];
      if (byName) {
        const wanted = this.inputIndices(name, spec, fittedNames, fittedNames.length).map((i) => fittedNames[i]!);
        const missing = wanted.filter((w) => !t.names!.includes(w));
        if (missing.length) throw new PyError("KeyError", scalar ? repr(missing[0]) : JSON.stringify(`${repr(missing)} not in index`));
        indices = wanted.map((w) => t.names!.indexOf(w));
      } else {
        if (spec instanceof ColumnSelector) throw valueError("a make_column_selector selection needs the same kind of frame as at fit time");
        indices = columnIndices(spec, t.names, t.nCols);
      }
      const sel = t.select(indices, scalar);
      const out = trans === "passthrough" ? sel : callMethod(trans, "transform", [sel]);
      let b = block(out, name);
      const w = weights instanceof PyDict ? weights.get(name) : undefined;
      if (!isNone(w)) b = weighted(b, toNumber(w)!);
      blocks.push(b);
    }
    if (!blocks.length) return new NDArray(new Float64Array(0), [t.nRows, 0], "float64");
    return this.a.bool("sparse_output_", false) ? stackSparse(blocks) : stackDense(blocks);
  }

  namesOut(inputFeatures: unknown): string[] {
    const input = this.featureNamesIn(inputFeatures);
    const parts: [string, string[]][] = [];
    for (const [name, trans, spec] of this.fitted()) {
      if (trans === "drop" || isEmptySelection(spec)) continue;
      const names = this.inputIndices(name, spec, this.a.featureNamesIn(), input.length).map((i) => input[i]!);
      if (trans === "passthrough") {
        parts.push([name, names]);
        continue;
      }
      if (!hasattr(trans, "get_feature_names_out")) {
        throw new PyError("AttributeError", `Transformer ${name} (type ${(trans as { pyTypeName?: string }).pyTypeName ?? "object"}) does not provide get_feature_names_out.`);
      }
      parts.push([name, stringList(callMethod(trans, "get_feature_names_out", [names]), "feature names")]);
    }
    if (this.a.bool("verbose_feature_names_out", true)) return parts.flatMap(([name, ns]) => ns.map((n) => `${name}__${n}`));
    const counts = new Map<string, number>();
    for (const [, ns] of parts) for (const n of ns) counts.set(n, (counts.get(n) ?? 0) + 1);
    const overlap = [...counts].filter(([, c]) => c > 1).map(([n]) => n).sort();
    if (overlap.length) {
      const shown = overlap.length > 5 ? `[${overlap.slice(0, 5).map((n) => repr(n)).join(", ")}, ...]` : `[${overlap.map((n) => repr(n)).join(", ")}]`;
      throw valueError(`Output feature names: ${shown} are not unique. Please set verbose_feature_names_out=True to add prefixes to feature names`);
    }
    return parts.flatMap(([, ns]) => ns);
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(Estimator.arg(a, k, 0, "input_features", null)),
    };
  }

  protected override properties(): Record<string, () => unknown> {
    return {
      transformers_: () => this.fitted().map((x) => tuple([...x])),
      named_transformers_: () => new PyDict(this.fitted().map(([n, t]) => [n, t] as const)),
    };
  }
}

/** `_is_empty_column_selection`: an empty list, or an all-False mask. */
function isEmptySelection(spec: unknown): boolean {
  if (spec instanceof NDArray) return spec.dtype === "bool" ? !Array.from(spec.values()).some((v) => v !== 0) : spec.size === 0;
  if (Array.isArray(spec)) return spec.length === 0 || (spec.every((c) => typeof c === "boolean") && !spec.some(Boolean));
  return false;
}

/** `_get_column_indices(X, key)`: a column spec (int, str, slice, list, mask) as indices into X's columns. */
function columnIndices(spec: unknown, names: readonly string[] | null, n: number): number[] {
  const byName = (s: string): number => {
    if (!names) throw valueError("Specifying the columns using strings is only supported for pandas DataFrames");
    const i = names.indexOf(s);
    if (i < 0) throw valueError("A given column is not a column of the dataframe");
    return i;
  };
  const byIndex = (i: number): number => {
    if (!(i >= -n && i < n)) throw valueError(`all features must be in [0, ${n - 1}] or [-${n}, 0]`);
    return i < 0 ? i + n : i;
  };
  if (typeof spec === "string") return [byName(spec)];
  if (typeof spec === "number") return [byIndex(spec)];
  if (spec instanceof Slice) {
    const isStr = typeof spec.start === "string" || typeof spec.stop === "string";
    if (isStr) throw valueError("column slices by name are not supported; list the columns");
    const [start, stop, step] = spec.indices(n);
    const out: number[] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
    return out;
  }
  const items = spec instanceof NDArray ? (spec.tolist() as unknown[]) : Array.isArray(spec) ? spec : null;
  if (!items) throw typeError(`column selection ${repr(spec)} is not supported`);
  if (items.length === 0) return [];
  if (items.every((x) => typeof x === "boolean")) {
    if (items.length !== n) throw valueError(`boolean column mask has ${items.length} entries for ${n} columns`);
    return items.flatMap((b, i) => (b ? [i] : []));
  }
  if (items.every((x) => typeof x === "string")) return (items as string[]).map(byName);
  return items.map((x) => {
    const i = toNumber(x);
    if (i === undefined || !Number.isInteger(i)) throw typeError(`column selection ${repr(spec)} is not supported`);
    return byIndex(i);
  });
}

function stackDense(blocks: readonly Block[]): unknown {
  const n = blockRows(blocks[0]!);
  if (blocks.some((b) => blockRows(b) !== n)) throw valueError("all the input array dimensions except for the concatenation axis must match exactly");
  const dense = blocks.map((b) => (b.kind === "sparse" ? ({ kind: "num", a: b.m.toarray() } as const) : b));
  if (dense.some((b) => b.kind === "obj")) {
    return Array.from({ length: n }, (_, i) =>
      dense.flatMap((b) => (b.kind === "obj" ? b.rows[i]! : Array.from({ length: blockCols(b) }, (_, j) => cell((b as { a: NDArray }).a, i, j)))),
    );
  }
  let d: DType | null = null;
  for (const b of dense) d = d === null ? (b as { a: NDArray }).a.dtype : promote(d, (b as { a: NDArray }).a.dtype);
  const w = dense.reduce((s, b) => s + blockCols(b), 0);
  const out = allocate(d!, n * w);
  let offset = 0;
  for (const b of dense) {
    const a = (b as { a: NDArray }).a;
    const m = a.shape[1]!;
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * w + offset + j] = castValue(a.data[a.offset + i * a.strides[0]! + j * a.strides[1]!]!, a.dtype, d!);
    offset += m;
  }
  return new NDArray(out, [n, w], d!);
}

function cell(a: NDArray, i: number, j: number): unknown {
  const v = a.data[a.offset + i * a.strides[0]! + j * a.strides[1]!]!;
  return a.dtype === "bool" ? v !== 0 : v;
}

function stackSparse(blocks: readonly Block[]): CsrMatrix {
  const parts = blocks.map((b) => {
    if (b.kind === "sparse") return b.m;
    if (b.kind === "num") return csrFromDense(b.a);
    throw valueError("For a sparse output, all columns should be a numeric or convertible to a numeric.");
  });
  let d: DType | null = null;
  for (const p of parts) d = d === null ? p.dtype : promote(d, p.dtype);
  return hstackCsr(parts, d ?? "float64");
}

/**
 * FeatureUnion: each transformer of `transformer_list` on the same input ("drop" skipped, `transformer_weights`
 * applied), outputs side by side: a CSR matrix when any output is sparse (word and character TF-IDF), else an array.
 */
export class FeatureUnion extends Estimator {
  constructor(state: PyDict) {
    super("FeatureUnion", state);
  }

  private parts(): Step[] {
    return steps(this.a.required("transformer_list"), "FeatureUnion.transformer_list").filter(([, t]) => t !== "drop" && !isNone(t));
  }

  transform(X: unknown): unknown {
    const weights = this.a.raw("transformer_weights");
    const blocks: Block[] = [];
    for (const [name, trans] of this.parts()) {
      // "passthrough" is a FunctionTransformer without validation: X itself
      const out = trans === "passthrough" ? toTable(X, this.pyTypeName) : callMethod(trans, "transform", [X]);
      let b = block(out, name);
      const w = weights instanceof PyDict ? weights.get(name) : undefined;
      if (!isNone(w)) b = weighted(b, toNumber(w)!);
      blocks.push(b);
    }
    if (!blocks.length) return new NDArray(new Float64Array(0), [toTable(X, this.pyTypeName).nRows, 0], "float64");
    return blocks.some((b) => b.kind === "sparse") ? stackSparse(blocks) : stackDense(blocks);
  }

  /** Each transformer's names prefixed with its name (`word__refund`). */
  namesOut(inputFeatures: unknown): string[] {
    return this.parts().flatMap(([name, trans]) => {
      if (trans === "passthrough") return this.featureNamesIn(inputFeatures).map((f) => `${name}__${f}`);
      return (callMethod(trans, "get_feature_names_out", [inputFeatures]) as unknown[]).map((f) => `${name}__${String(f)}`);
    });
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      get_feature_names_out: (a, k) => this.namesOut(Estimator.arg(a, k, 0, "input_features", null)),
    };
  }

  protected override properties(): Record<string, () => unknown> {
    return { transformer_list: () => this.parts().map((s) => tuple([...s])), named_transformers: () => new PyDict(this.parts()) };
  }
}

/**
 * TransformedTargetRegressor (sklearn/compose/_target.py) saved whole: its fitted `transformer_` (a FunctionTransformer
 * when it was given func/inverse_func) is rebuilt and read as `ttr.transformer_`; `regressor_` is the model, which
 * runs from its ONNX file, so `predict` raises naming it (src/pickle/unrebuilt.ts) unless it was rebuilt.
 */
export class TransformedTargetRegressor extends Estimator {
  constructor(state: PyDict) {
    super("TransformedTargetRegressor", state);
  }

  /** `predict`: the regressor's prediction through `transformer_.inverse_transform`, 1-D when y was. */
  private predict(args: unknown[], kwargs: Kwargs): unknown {
    const pred = callMethod(this.a.required("regressor_"), "predict", args, kwargs) as NDArray;
    const trans = callMethod(this.a.required("transformer_"), "inverse_transform", [pred.ndim === 1 ? reshape(pred, [-1, 1]) : pred]) as NDArray;
    if (this.a.num("_training_dim", 1) === 1 && trans.ndim === 2 && trans.shape[1] === 1) return squeeze(trans, 1);
    return trans;
  }

  protected methods(): Record<string, Method> {
    return { predict: (a, k) => this.predict(a, k) };
  }
}

export const restorePipeline = (s: PyDict): Pipeline => new Pipeline(s);
export const restoreFeatureUnion = (s: PyDict): FeatureUnion => new FeatureUnion(s);
export const restoreColumnTransformer = (s: PyDict): ColumnTransformer => new ColumnTransformer(s);
export const restoreTransformedTargetRegressor = (s: PyDict): TransformedTargetRegressor => new TransformedTargetRegressor(s);
export const restoreMakeColumnSelector = (s: PyDict): ColumnSelector => new ColumnSelector(s);
