// PCA.transform / inverse_transform (sklearn/decomposition/_pca.py, _base.py): centre with mean_, project on
// components_, divide by sqrt(explained_variance_) when whitening. The products are summed with compensation, so
// each result is the correctly rounded dot product; BLAS, which scikit-learn calls, sums in its own order and can
// differ by its own rounding error (about 1e-16 of the terms' magnitude).
import { NDArray, allocate, type DType } from "../ndarray.ts";
import type { PyDict } from "../pydict.ts";
import { Estimator, typeError, type Kwargs } from "./base.ts";
import { toNumeric2D } from "./data.ts";

type Method = (args: unknown[], kwargs: Kwargs) => unknown;

/** Neumaier-compensated sum of products: the exactly rounded dot product for all but pathological inputs. */
function dot(n: number, a: (k: number) => number, b: (k: number) => number): number {
  let s = 0;
  let c = 0;
  for (let k = 0; k < n; k++) {
    const p = a(k) * b(k);
    // the product's own rounding error, recovered with a split-free FMA substitute
    const pe = productError(a(k), b(k), p);
    const t = s + p;
    c += Math.abs(s) >= Math.abs(p) ? s - t + p : p - t + s;
    c += pe;
    s = t;
  }
  return s + c;
}

const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter

/** The rounding error of x*y (p = fl(x*y)), exactly: x*y = p + error (Dekker's two-product). */
function productError(x: number, y: number, p: number): number {
  if (!Number.isFinite(p)) return 0;
  const xs = SPLIT * x;
  const xh = xs - (xs - x);
  const xl = x - xh;
  const ys = SPLIT * y;
  const yh = ys - (ys - y);
  const yl = y - yh;
  return xl * yl - (((p - xh * yh) - xl * yh) - xh * yl);
}

export class PCA extends Estimator {
  constructor(state: PyDict) {
    super("PCA", state);
  }

  /**
   * scikit-learn 1.5 projects the mean instead of subtracting it from X, and clips whitening scales below eps
   * (rank-deficient fits); earlier releases centre X and divide as they are.
   */
  private clipsWhitening(): boolean {
    const m = /^(\d+)\.(\d+)/.exec(String(this.a.raw("_sklearn_version")));
    return m !== null && (Number(m[1]) > 1 || Number(m[2]) >= 5);
  }

  transform(X: unknown): NDArray {
    const x = this.numeric(X, "float", false);
    const comps = this.a.array("components_");
    const [n, m] = x.shape as [number, number];
    const [k, mc] = comps.shape as [number, number];
    if (mc !== m) throw typeError(`PCA.components_ in the pickle has ${mc} columns for ${m} features`);
    const mean = this.a.optArray("mean_");
    // X - mean_ promotes to mean_'s dtype (float32 data with a float32 fit stays float32)
    const d: DType = x.dtype === "float32" && (!mean || mean.dtype === "float32") && comps.dtype === "float32" ? "float32" : "float64";
    const r = d === "float32" ? Math.fround : (v: number) => v;
    const mv = mean ? mean.values() : null;
    const c = comps.values();
    const out = allocate(d, n * k);
    if (this.clipsWhitening()) {
      // 1.5: X @ components_.T - mean_ @ components_.T (the centring is projected, not applied to X)
      const shift = Array.from({ length: k }, (_, q) => (mv ? r(dot(m, (t) => mv[t]!, (t) => c[q * m + t]!)) : 0));
      for (let i = 0; i < n; i++) for (let q = 0; q < k; q++) out[i * k + q] = r(r(dot(m, (t) => x.data[i * m + t]!, (t) => c[q * m + t]!)) - shift[q]!);
    } else {
      // 1.0 to 1.4: (X - mean_) @ components_.T
      const centred = new Float64Array(n * m);
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) centred[i * m + j] = r(x.data[i * m + j]! - (mv ? mv[j]! : 0));
      for (let i = 0; i < n; i++) for (let q = 0; q < k; q++) out[i * k + q] = r(dot(m, (t) => centred[i * m + t]!, (t) => c[q * m + t]!));
    }
    if (this.a.bool("whiten", false)) {
      const ev = this.a.array("explained_variance_").values();
      const eps = d === "float32" ? 1.1920928955078125e-7 : 2.220446049250313e-16;
      for (let q = 0; q < k; q++) {
        let s = r(Math.sqrt(ev[q]!));
        if (this.clipsWhitening() && s < eps) s = eps;
        for (let i = 0; i < n; i++) out[i * k + q] = r(out[i * k + q]! / s);
      }
    }
    return new NDArray(out, [n, k], d);
  }

  inverseTransform(X: unknown): NDArray {
    const x = toNumeric2D(X, this.pyTypeName, { dtype: "float", allowNaN: false });
    const comps = this.a.array("components_");
    const [n, k] = x.shape as [number, number];
    const [kc, m] = comps.shape as [number, number];
    if (kc !== k) throw typeError(`matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size ${kc} is different from ${k})`);
    const c = comps.values();
    const scale = this.a.bool("whiten", false) ? Array.from(this.a.array("explained_variance_").values(), (v) => Math.sqrt(v)) : null;
    const mean = this.a.optArray("mean_")?.values();
    const out = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const v = dot(k, (q) => x.data[i * k + q]!, (q) => (scale ? scale[q]! * c[q * m + j]! : c[q * m + j]!));
        out[i * m + j] = v + (mean ? mean[j]! : 0);
      }
    }
    return new NDArray(out, [n, m], "float64");
  }

  namesOut(): string[] {
    const k = this.a.array("components_").shape[0]!;
    return Array.from({ length: k }, (_, i) => `pca${i}`);
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
      get_feature_names_out: () => this.namesOut(),
    };
  }
}

export const restorePCA = (s: PyDict): PCA => new PCA(s);
