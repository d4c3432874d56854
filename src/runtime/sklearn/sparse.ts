// scipy.sparse's CSR matrix, as far as fitted transformers produce and consume it: OneHotEncoder's, the text
// vectorizers' and DictVectorizer's default outputs (which notebooks turn dense with `.toarray()` / `.todense()`),
// ColumnTransformer's sparse stacking, and TfidfTransformer's pickled `_idf_diag`.
import { tuple } from "../core.ts";
import { NDArray, allocate, castValue, type DType } from "../ndarray.ts";
import { toDType } from "../np-base.ts";
import type { PyDict } from "../pydict.ts";
import { METHOD_NOT_FOUND } from "../pystr.ts";
import { Attrs, typeError, valueError } from "./base.ts";

export class CsrMatrix {
  readonly pyTypeName = "csr_matrix";

  /**
   * Row i's stored entries are `indices[indptr[i] .. indptr[i+1]]` (columns) with `data` (values, of `dtype`),
   * in the order they were made (scipy keeps them sorted by column after `sort_indices`; these are).
   */
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly data: ArrayLike<number> & { length: number },
    readonly indices: readonly number[] | Int32Array,
    readonly indptr: readonly number[] | Int32Array,
    readonly dtype: DType,
  ) {}

  get nnz(): number {
    return this.indptr[this.rows]!;
  }

  /** The dense array (`toarray()`): duplicates summed, as scipy does. */
  toarray(): NDArray {
    const out = allocate(this.dtype, this.rows * this.cols);
    for (let i = 0; i < this.rows; i++) {
      for (let p = this.indptr[i]!; p < this.indptr[i + 1]!; p++) {
        const k = i * this.cols + this.indices[p]!;
        out[k] = this.dtype === "float32" ? Math.fround(out[k]! + this.data[p]!) : out[k]! + this.data[p]!;
      }
    }
    return new NDArray(out, [this.rows, this.cols], this.dtype);
  }

  /** `astype(dtype)`: the same structure with converted values. */
  astype(dtype: DType): CsrMatrix {
    if (dtype === this.dtype) return this;
    const d = allocate(dtype, this.data.length);
    for (let i = 0; i < d.length; i++) d[i] = castValue(this.data[i]!, this.dtype, dtype);
    return new CsrMatrix(this.rows, this.cols, d, this.indices, this.indptr, dtype);
  }

  pyAttr(name: string): unknown {
    switch (name) {
      case "shape":
        return tuple([this.rows, this.cols]);
      case "nnz":
        return this.nnz;
      case "ndim":
        return 2;
      case "dtype":
        return this.dtype;
      case "A":
        return this.toarray();
      case "data":
        return new NDArray(Float64Array.from(this.data), [this.data.length], "float64");
      case "indices":
        return new NDArray(Float64Array.from(this.indices), [this.indices.length], "int64");
      case "indptr":
        return new NDArray(Float64Array.from(this.indptr), [this.indptr.length], "int64");
      default:
        return METHOD_NOT_FOUND;
    }
  }

  pyMethod(name: string, args: unknown[]): unknown {
    switch (name) {
      case "toarray":
      case "todense":
        // todense() gives a numpy.matrix; the runtime has no matrix type, and a 2-D array prints and indexes the same
        // for the row selections and conversions notebooks apply to it
        return this.toarray();
      case "getnnz":
        return this.nnz;
      case "tocsr":
      case "copy":
        return this;
      case "astype":
        return this.astype(toDType(args[0]) ?? this.dtype);
      default:
        return METHOD_NOT_FOUND;
    }
  }
}

/** A CSR matrix from rows of (column, value) entries. */
export function csrFromRows(cols: number, rows: readonly (readonly (readonly [number, number])[])[], dtype: DType): CsrMatrix {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of rows) {
    for (const [j, v] of r) {
      indices.push(j);
      values.push(v);
    }
    indptr.push(indices.length);
  }
  const data = allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) data[i] = castValue(values[i]!, "float64", dtype);
  return new CsrMatrix(rows.length, cols, data, indices, indptr, dtype);
}

/** A dense 2-D array as CSR (explicit zeros dropped, as scipy's constructor does). */
export function csrFromDense(a: NDArray): CsrMatrix {
  if (a.ndim !== 2) throw valueError("expected a 2-D array");
  const [n, m] = a.shape as [number, number];
  const rows: [number, number][][] = [];
  for (let i = 0; i < n; i++) {
    const r: [number, number][] = [];
    for (let j = 0; j < m; j++) {
      const v = a.data[a.offset + i * a.strides[0]! + j * a.strides[1]!]!;
      if (v !== 0) r.push([j, v]);
    }
    rows.push(r);
  }
  return csrFromRows(m, rows, a.dtype);
}

/** scipy.sparse.hstack(...).tocsr() of CSR blocks with the same number of rows. */
export function hstackCsr(blocks: readonly CsrMatrix[], dtype: DType): CsrMatrix {
  const n = blocks[0]?.rows ?? 0;
  const rows: [number, number][][] = Array.from({ length: n }, () => []);
  let offset = 0;
  for (const b of blocks) {
    if (b.rows !== n) throw valueError(`blocks[0,:] has incompatible row dimensions. Got blocks[0,1].shape[0] == ${b.rows}, expected ${n}.`);
    for (let i = 0; i < n; i++) for (let p = b.indptr[i]!; p < b.indptr[i + 1]!; p++) rows[i]!.push([offset + b.indices[p]!, castValue(b.data[p]!, b.dtype, "float64")]);
    offset += b.cols;
  }
  return csrFromRows(offset, rows, dtype);
}

/** A CSR matrix (or array) from scipy's pickled attribute dict. */
export function restoreCsrMatrix(state: PyDict): CsrMatrix {
  const a = new Attrs("csr_matrix", state);
  const shape = a.raw("_shape") ?? a.raw("shape");
  if (!Array.isArray(shape) || shape.length !== 2) throw typeError("csr_matrix in the pickle has no shape");
  const data = a.array("data");
  const indices = Array.from(a.array("indices").values(), Number);
  const indptr = Array.from(a.array("indptr").values(), Number);
  const [rows, cols] = shape.map(Number) as [number, number];
  if (indptr.length !== rows + 1 || indices.length !== data.size || indptr[rows] !== data.size) throw valueError("csr_matrix in the pickle is inconsistent");
  if (indices.some((j) => j < 0 || j >= cols)) throw valueError("csr_matrix in the pickle has a column index out of range");
  return new CsrMatrix(rows, cols, data.values(), indices, indptr, data.dtype);
}
