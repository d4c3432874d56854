// Fitted scikit-learn objects in the runtime: what every restored estimator shares. An estimator is rebuilt from its
// pickled attribute dict (`restoreX(state)`), answers translated code's method calls and attribute reads
// (`py.callMethod(scaler, "transform", [x])`, `py.getattr(enc, "categories_")`) through pyMethod/pyAttr, and never
// fits: fitting at serve time would learn from requests. Layouts read: scikit-learn 1.0 to 1.5 (see docs/sklearn.md).
import { PyError, WeakFloat } from "../core.ts";
import { NDArray } from "../ndarray.ts";
import { PyDict } from "../pydict.ts";
import { METHOD_NOT_FOUND } from "../pystr.ts";
import { splitKwargs } from "../py-base.ts";
import { array as npArray } from "../np-base.ts";
import { toNumeric2D } from "./data.ts";

export const valueError = (message: string): PyError => new PyError("ValueError", message);
export const typeError = (message: string): PyError => new PyError("TypeError", message);
export const notFitted = (cls: string): PyError =>
  new PyError("NotFittedError", `This ${cls} instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.`);

/** The scikit-learn releases whose pickled layouts the restore functions read, as major.minor. */
const FIRST = [1, 0];
const LAST = [1, 5];

/** Raises unless `state` comes from a scikit-learn release whose layout is read (its `_sklearn_version`). */
export function checkVersion(cls: string, state: PyDict): void {
  const v = state.get("_sklearn_version");
  if (typeof v !== "string") {
    throw valueError(`this ${cls} does not say which scikit-learn release fitted it (no _sklearn_version); the layouts of scikit-learn 1.0 to 1.5 are read`);
  }
  const m = /^(\d+)\.(\d+)/.exec(v);
  const ok = m !== null && cmp([Number(m[1]), Number(m[2])], FIRST) >= 0 && cmp([Number(m[1]), Number(m[2])], LAST) <= 0;
  if (!ok) throw valueError(`this ${cls} was fitted by scikit-learn ${v}; the layouts of scikit-learn 1.0 to 1.5 are read`);
}

const cmp = (a: readonly number[], b: readonly number[]): number => a[0]! - b[0]! || a[1]! - b[1]!;

/** Typed reads of a pickled attribute dict, with errors naming the attribute when the pickle holds something else. */
export class Attrs {
  constructor(
    readonly cls: string,
    readonly state: PyDict,
  ) {}

  has(name: string): boolean {
    return this.state.has(name);
  }

  /** The raw value; undefined when absent. */
  raw(name: string): unknown {
    return this.state.get(name);
  }

  private bad(name: string, want: string): PyError {
    return typeError(`${this.cls}.${name} in the pickle is not ${want}`);
  }

  /** A required attribute (a fitted one: absent means the object was never fitted). */
  required(name: string): unknown {
    if (!this.state.has(name)) throw notFitted(this.cls);
    return this.state.get(name);
  }

  str(name: string, dflt?: string): string {
    const v = this.state.has(name) ? this.state.get(name) : dflt;
    if (typeof v !== "string") throw this.bad(name, "a string");
    return v;
  }

  optStr(name: string): string | null {
    const v = this.state.get(name);
    if (v === null || v === undefined) return null;
    if (typeof v !== "string") throw this.bad(name, "a string or None");
    return v;
  }

  bool(name: string, dflt?: boolean): boolean {
    const v = this.state.has(name) ? this.state.get(name) : dflt;
    const n = v instanceof NDArray && v.ndim === 0 ? v.item() : v;
    if (typeof n === "boolean") return n;
    if (typeof n === "number") return n !== 0;
    throw this.bad(name, "a bool");
  }

  num(name: string, dflt?: number): number {
    const v = this.state.has(name) ? this.state.get(name) : dflt;
    const n = toNumber(v);
    if (n === undefined) throw this.bad(name, "a number");
    return n;
  }

  optNum(name: string): number | null {
    const v = this.state.get(name);
    if (v === null || v === undefined) return null;
    const n = toNumber(v);
    if (n === undefined) throw this.bad(name, "a number or None");
    return n;
  }

  /** A fitted numeric array (required). */
  array(name: string): NDArray {
    const v = this.required(name);
    if (v instanceof NDArray) return v;
    if (Array.isArray(v)) return npArray(v);
    throw this.bad(name, "a numeric array");
  }

  optArray(name: string): NDArray | null {
    const v = this.state.get(name);
    if (v === null || v === undefined) return null;
    if (v instanceof NDArray) return v;
    if (Array.isArray(v)) return npArray(v);
    throw this.bad(name, "a numeric array or None");
  }

  list(name: string): unknown[] {
    const v = this.required(name);
    if (Array.isArray(v)) return v;
    if (v instanceof NDArray) return v.ndim === 0 ? [v] : (v.tolist() as unknown[]);
    throw this.bad(name, "a list");
  }

  optList(name: string): unknown[] | null {
    const v = this.state.get(name);
    if (v === null || v === undefined) return null;
    return this.list(name);
  }

  /** Feature names seen at fit (`feature_names_in_`), when the object was fitted on a frame with string columns. */
  featureNamesIn(): string[] | null {
    const v = this.state.get("feature_names_in_");
    if (v === null || v === undefined) return null;
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw this.bad("feature_names_in_", "a list of strings");
    return v as string[];
  }
}

/** A Python number held by the runtime (int, float, WeakFloat, bool, numpy scalar) as a JS number. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof WeakFloat) return v.value;
  if (v instanceof NDArray && v.ndim === 0) return Number(v.item());
  return undefined;
}

/** Python's `x is None` for runtime values. */
export const isNone = (v: unknown): boolean => v === null || v === undefined;

/** Python's is_scalar_nan: a float NaN (numpy float scalars too). */
export function isScalarNaN(v: unknown): boolean {
  if (typeof v === "number") return Number.isNaN(v);
  if (v instanceof NDArray && v.ndim === 0 && (v.dtype === "float32" || v.dtype === "float64")) return Number.isNaN(Number(v.item()));
  return false;
}

export type Kwargs = Record<string, unknown>;

/** The names scikit-learn gives the data argument of transform-like methods. */
const DATA_KEYWORDS = ["X", "Xt", "y", "Y", "raw_documents"];

/** What every restored estimator can be asked; `transform` and friends are implemented by each class. */
export abstract class Estimator {
  /** Python's class name, for error messages and `type(x).__name__`. */
  readonly pyTypeName: string;
  protected readonly a: Attrs;

  constructor(cls: string, state: PyDict, versioned = true) {
    this.pyTypeName = cls;
    if (versioned) checkVersion(cls, state);
    this.a = new Attrs(cls, state);
    const config = state.get("_sklearn_output_config");
    if (config instanceof PyDict && config.get("transform") === "pandas") {
      throw valueError(`${cls}.set_output(transform="pandas") is not supported: the runtime's transformers give numpy arrays; save the object without set_output`);
    }
  }

  /** The methods each class answers, beyond the attributes of its state. */
  protected abstract methods(): Readonly<Record<string, (args: unknown[], kwargs: Kwargs) => unknown>>;

  /** Computed attributes (properties in scikit-learn), beyond the pickled ones. */
  protected properties(): Readonly<Record<string, () => unknown>> {
    return {};
  }

  pyMethod(name: string, args: unknown[], kwargs: Kwargs): unknown {
    const m = this.methods()[name];
    if (m) {
      // the data argument passed by keyword: transform(X=...), inverse_transform(Xt=...), transform(y=...)
      const dataKw = args.length === 0 ? DATA_KEYWORDS.find((k) => k in kwargs) : undefined;
      if (dataKw) {
        const { [dataKw]: data, ...rest } = kwargs;
        return m([data], rest);
      }
      return m(args, kwargs);
    }
    if (name === "fit" || name === "fit_transform" || name === "partial_fit" || name === "set_params") {
      throw new PyError(
        "NotImplementedError",
        `${this.pyTypeName}.${name}() would change the fitted ${this.pyTypeName} while serving; the service keeps the state the notebook fitted and saved: call transform`,
      );
    }
    if (name === "get_params") return this.params();
    return METHOD_NOT_FOUND;
  }

  pyAttr(name: string): unknown {
    const p = this.properties()[name];
    if (p) return p();
    // a bound method (`f = scaler.transform`, hasattr(est, "get_feature_names_out"))
    const m = this.methods()[name];
    if (m) {
      return (...args: unknown[]) => {
        const [pos, kw] = splitKwargs(args);
        return m(pos, kw);
      };
    }
    // only public and fitted attributes: the pickled private ones are this runtime's business
    if (!name.startsWith("_") && this.a.has(name)) return this.a.raw(name);
    return METHOD_NOT_FOUND;
  }

  /** The constructor parameters (state keys without a trailing or leading underscore), as get_params() gives. */
  protected params(): PyDict {
    const out = new PyDict();
    for (const [k, v] of this.a.state) {
      if (typeof k === "string" && !k.startsWith("_") && !k.endsWith("_")) out.set(k, v);
    }
    return out;
  }

  /** The positional argument `i` or keyword `name` of a call, or `dflt`. */
  protected static arg(args: unknown[], kwargs: Kwargs, i: number, name: string, dflt?: unknown): unknown {
    if (i < args.length) return args[i];
    if (name in kwargs) return kwargs[name];
    return dflt;
  }

  /** The number of input features the object was fitted on (`n_features_in_`), when it knows it. */
  nFeaturesIn(): number | null {
    return this.a.optNum("n_features_in_");
  }

  /** scikit-learn's `_validate_data(X, reset=False)` for numeric data: names, dtype, finiteness, feature count. */
  protected numeric(X: unknown, dtype: "float" | "numeric", allowNaN: boolean): NDArray {
    return toNumeric2D(X, this.pyTypeName, { dtype, allowNaN, nFeatures: this.nFeaturesIn(), featureNamesIn: this.a.featureNamesIn() });
  }

  /** scikit-learn's `_check_n_features(X, reset=False)`. */
  protected checkNFeatures(n: number): void {
    const want = this.nFeaturesIn();
    if (want !== null && n !== want) {
      throw valueError(`X has ${n} features, but ${this.pyTypeName} is expecting ${want} features as input.`);
    }
  }

  /** scikit-learn's `_check_feature_names_in`: the input feature names, given or seen at fit, or x0, x1, ... */
  protected featureNamesIn(inputFeatures: unknown): string[] {
    const seen = this.a.featureNamesIn();
    const n = this.nFeaturesIn();
    if (!isNone(inputFeatures)) {
      const given = stringList(inputFeatures, "input_features");
      if (seen && (seen.length !== given.length || seen.some((s, i) => s !== given[i]))) throw valueError("input_features is not equal to feature_names_in_");
      if (n !== null && given.length !== n) throw valueError(`input_features should have length equal to number of features (${n}), got ${given.length}`);
      return given;
    }
    if (seen) return seen;
    if (n === null) throw valueError("Unable to generate feature names without n_features_in_");
    return Array.from({ length: n }, (_, i) => `x${i}`);
  }
}

/** A list of strings from a Python value (list, tuple, object array as list). */
export function stringList(v: unknown, what: string): string[] {
  const items = Array.isArray(v) ? v : v instanceof NDArray ? (v.tolist() as unknown[]) : null;
  if (!items) throw typeError(`${what} must be a list of strings`);
  return items.map((x) => {
    if (typeof x !== "string") throw typeError(`${what} must be a list of strings`);
    return x;
  });
}

