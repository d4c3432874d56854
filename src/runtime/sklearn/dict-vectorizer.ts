// DictVectorizer (sklearn/feature_extraction/_dict_vectorizer.py): records (dicts) to feature columns by the fitted
// vocabulary. String values become "name=value" indicator features, lists of strings one indicator each, numbers
// (None is NaN, booleans 0/1) their own value; features not in the vocabulary are dropped, as scikit-learn does.
import { PyError, WeakFloat } from "../core.ts";
import { NDArray, type DType } from "../ndarray.ts";
import { typeName } from "../py-base.ts";
import { PyDict, PySet } from "../pydict.ts";
import { repr, str } from "../pyformat.ts";
import { Estimator, isNone, toNumber, typeError, valueError, type Kwargs } from "./base.ts";
import { CsrMatrix, csrFromDense, csrFromRows } from "./sparse.ts";

type Method = (args: unknown[], kwargs: Kwargs) => unknown;

/** The (key, value) pairs of a mapping: a PyDict, a Map or a plain object. */
function items(x: unknown): [unknown, unknown][] | null {
  if (x instanceof Map) return [...x];
  if (x !== null && typeof x === "object" && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype) return Object.entries(x);
  return null;
}

const pyType = (v: unknown): string => `<class '${typeName(v)}'>`;

export class DictVectorizer extends Estimator {
  constructor(state: PyDict) {
    super("DictVectorizer", state);
  }

  private vocabulary(): Map<string, number> {
    const v = this.a.required("vocabulary_");
    if (!(v instanceof PyDict)) throw typeError("DictVectorizer.vocabulary_ in the pickle is not a dict");
    const m = new Map<string, number>();
    for (const [k, i] of v) m.set(str(k), toNumber(i)!);
    return m;
  }

  private dtype(): DType {
    const d = this.a.raw("dtype") ?? "float64";
    if (d === "float64" || d === "float32" || d === "int64" || d === "int32" || d === "bool") return d;
    throw typeError(`DictVectorizer(dtype=${String(d)}) is not supported`);
  }

  transform(X: unknown): NDArray | CsrMatrix {
    const records = items(X) ? [X] : Array.isArray(X) ? X : null;
    if (!records) throw typeError(`'${typeName(X)}' object is not iterable`);
    const vocab = this.vocabulary();
    const sep = this.a.str("separator", "=");
    const rows: [number, number][][] = [];
    for (const rec of records) {
      const pairs = items(rec);
      if (!pairs) throw new PyError("AttributeError", `'${typeName(rec)}' object has no attribute 'items'`);
      const row: [number, number][] = [];
      const add = (name: string, v: number) => {
        const j = vocab.get(name);
        if (j !== undefined) row.push([j, v]);
      };
      for (const [f, v] of pairs) {
        if (typeof v === "string") add(`${str(f)}${sep}${v}`, 1);
        else if (isNone(v) || typeof v === "number" || typeof v === "boolean" || v instanceof WeakFloat || (v instanceof NDArray && v.ndim === 0)) {
          add(str(f), isNone(v) ? Number.NaN : toNumber(v)!);
        } else if ((Array.isArray(v) || v instanceof PySet) && !items(v)) {
          for (const vv of v) {
            if (typeof vv !== "string") throw typeError(`Unsupported type ${pyType(vv)} in iterable value. Only iterables of string are supported.`);
            add(`${str(f)}${sep}${vv}`, 1);
          }
        } else {
          throw typeError(`Unsupported value Type ${pyType(v)} for ${str(f)}: ${repr(v)}.\n${pyType(v)} objects are not supported.`);
        }
      }
      rows.push(row.sort((x, y) => x[0] - y[0]));
    }
    if (!rows.length) throw valueError("Sample sequence X is empty.");
    const m = csrFromRows(vocab.size, rows, this.dtype());
    return this.a.bool("sparse", true) ? m : m.toarray();
  }

  inverseTransform(X: unknown): PyDict[] {
    const names = this.namesOut();
    const m = X instanceof CsrMatrix ? X : csrFromDense(X instanceof NDArray ? X : new NDArray(new Float64Array(0), [0, 0], "float64"));
    const out: PyDict[] = [];
    for (let i = 0; i < m.rows; i++) {
      const d = new PyDict();
      for (let p = m.indptr[i]!; p < m.indptr[i + 1]!; p++) {
        const v = m.data[p]!;
        if (v !== 0) d.set(names[m.indices[p]!], Number.isInteger(v) ? new WeakFloat(v) : v);
      }
      out.push(d);
    }
    return out;
  }

  namesOut(): string[] {
    return this.a.list("feature_names_").map((n) => str(n));
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
      get_feature_names_out: () => this.namesOut(),
    };
  }
}

export const restoreDictVectorizer = (s: PyDict): DictVectorizer => new DictVectorizer(s);
