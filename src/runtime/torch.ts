// PyTorch's tensor semantics for the few tensor operations notebooks apply around a model (`logits.argmax(dim=1)`,
// `torch.softmax(out, dim=1)`, `torch.max(out, 1)`, `x.unsqueeze(0)`, `.item()`), over the runtime's NDArray: a
// tensor is an NDArray here. The translator calls these for values it knows are tensors (results of `torch.*`
// calls and of the exported model, parameters annotated `torch.Tensor`); numpy semantics stay with np.ts.
import { pyError, tuple } from "./core.ts";
import { NDArray } from "./ndarray.ts";
import * as np from "./np.ts";
import { callMethod, getattr } from "./py-builtins.ts";
import { PyDict } from "./pydict.ts";
import { torchView } from "./torch-view.ts";

type Kw = Record<string, unknown>;

/** torch's dtype names as numpy's (`torch.float` is float32, `torch.long` int64). */
export const DTYPES: Readonly<Record<string, "float32" | "float64" | "int64" | "int32" | "uint8" | "bool">> = {
  float32: "float32",
  float: "float32",
  float64: "float64",
  double: "float64",
  int64: "int64",
  long: "int64",
  int32: "int32",
  int: "int32",
  uint8: "uint8",
  bool: "bool",
};

/** A torch dtype (`torch.float32`, as the translator passes it: "float32") as a numpy dtype name. */
function dtypeName(d: unknown): string {
  const name = typeof d === "string" ? d.replace(/^torch\./, "") : "";
  const out = DTYPES[name];
  if (!out) throw pyError("TypeError", `unsupported torch dtype ${String(d)}`);
  return out;
}

function asTensor(x: unknown): NDArray {
  return x instanceof NDArray ? x : np.asarray(x);
}

/** torch's default dtype for Python floats is float32 (numpy's is float64); ints are int64 in both. */
function fromData(data: unknown, dtype?: unknown): NDArray {
  if (dtype !== undefined && dtype !== null) return np.array(data, dtypeName(dtype));
  if (data instanceof NDArray) return data.copy();
  const a = np.array(data);
  return a.dtype === "float64" ? np.array(a, "float32") : a;
}

/** Reads `dim` (or numpy's `axis`) from keywords or the given positional value. */
function dimOf(positional: unknown, kw: Kw | undefined): number | null {
  const v = kw?.dim ?? kw?.axis ?? positional;
  return v === undefined || v === null ? null : Number(v);
}

/** A (values, indices) result, as torch.return_types: a tuple that also has `.values` and `.indices`. */
function valuesIndices(values: NDArray, indices: NDArray): unknown[] {
  const t = tuple([values, indices]);
  Object.defineProperty(t, "values", { value: values, enumerable: false });
  Object.defineProperty(t, "indices", { value: indices, enumerable: false });
  return t;
}

function reduceWithIndices(x: NDArray, dim: number, keepdim: boolean, which: "max" | "min"): unknown[] {
  const indices = which === "max" ? np.argmax(x, dim, keepdim) : np.argmin(x, dim, keepdim);
  const values = which === "max" ? np.max(x, dim, keepdim) : np.min(x, dim, keepdim);
  return valuesIndices(values as NDArray, indices as NDArray);
}

export function softmax(input: unknown, dim: unknown = null, dtype?: unknown): NDArray {
  let x = asTensor(input);
  if (dtype !== undefined && dtype !== null) x = np.array(x, dtypeName(dtype));
  const d = dim === null || dim === undefined ? (x.ndim <= 1 ? 0 : 1) : Number(dim);
  const shifted = np.subtract(x, np.max(x, d, true));
  const e = np.exp(shifted);
  return np.divide(e, np.sum(e, d, null, true)) as NDArray;
}

export function log_softmax(input: unknown, dim: unknown = null): NDArray {
  const x = asTensor(input);
  const d = dim === null || dim === undefined ? (x.ndim <= 1 ? 0 : 1) : Number(dim);
  const shifted = np.subtract(x, np.max(x, d, true)) as NDArray;
  return np.subtract(shifted, np.log(np.sum(np.exp(shifted), d, null, true))) as NDArray;
}

export function sigmoid(input: unknown): NDArray {
  const x = asTensor(input);
  return np.divide(1, np.add(1, np.exp(np.negative(x)))) as NDArray;
}

export function argmax(input: unknown, dim: unknown = null, keepdim: unknown = false): NDArray {
  return np.argmax(asTensor(input), dim === undefined ? null : dim, keepdim === true) as NDArray;
}

export function argmin(input: unknown, dim: unknown = null, keepdim: unknown = false): NDArray {
  return np.argmin(asTensor(input), dim === undefined ? null : dim, keepdim === true) as NDArray;
}

/** torch.max(x): the largest value; torch.max(x, dim): (values, indices); torch.max(a, b): elementwise. */
export function max(input: unknown, dim: unknown = undefined, keepdim: unknown = false): unknown {
  const x = asTensor(input);
  if (dim instanceof NDArray) return np.maximum(x, dim);
  if (dim === undefined || dim === null) return np.max(x);
  return reduceWithIndices(x, Number(dim), keepdim === true, "max");
}

export function min(input: unknown, dim: unknown = undefined, keepdim: unknown = false): unknown {
  const x = asTensor(input);
  if (dim instanceof NDArray) return np.minimum(x, dim);
  if (dim === undefined || dim === null) return np.min(x);
  return reduceWithIndices(x, Number(dim), keepdim === true, "min");
}

/** torch.topk: the k largest (or smallest) along dim, sorted, as (values, indices). */
export function topk(input: unknown, k: unknown, dim: unknown = -1, largest: unknown = true): unknown[] {
  return sortAlong(asTensor(input), Number(dim ?? -1), largest !== false, Number(k));
}

/** torch.sort: (values, indices) along dim, ascending unless `descending`. */
export function sort(input: unknown, dim: unknown = -1, descending: unknown = false): unknown[] {
  return sortAlong(asTensor(input), Number(dim ?? -1), descending === true);
}

/** torch.argsort: the indices that sort along dim, ascending unless `descending` (ties: the lower index first). */
export function argsort(input: unknown, dim: unknown = -1, descending: unknown = false): NDArray {
  return sortAlong(asTensor(input), Number(dim ?? -1), descending === true)[1] as NDArray;
}

/**
 * Sorts along `dim` (descending when `descending`), keeping the first `k` of each lane, as (values, indices); ties
 * keep the lower index first, as torch's stable sort does.
 */
function sortAlong(x: NDArray, dim: number, descending: boolean, k?: number): unknown[] {
  const axis = dim < 0 ? x.ndim + dim : dim;
  if (axis < 0 || axis >= x.ndim) throw pyError("IndexError", `Dimension out of range (expected to be in range of [${-x.ndim}, ${x.ndim - 1}], but got ${dim})`);
  const moved = np.moveaxis(x, axis, -1) as NDArray;
  const n = moved.shape[moved.ndim - 1]!;
  const take = k === undefined ? n : k;
  if (take > n) throw pyError("RuntimeError", "selected index k out of range");
  const lanes = moved.size / Math.max(n, 1);
  const flat = (np.reshape(np.ascontiguousarray(moved), [lanes, n]) as NDArray).values();
  const values = new Float64Array(lanes * take);
  const indices = new Float64Array(lanes * take);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let r = 0; r < lanes; r++) {
    const lane = (i: number) => Number(flat[r * n + i]);
    const o = order.slice().sort((a, b) => (descending ? lane(b) - lane(a) : lane(a) - lane(b)) || a - b);
    for (let j = 0; j < take; j++) {
      values[r * take + j] = lane(o[j]!);
      indices[r * take + j] = o[j]!;
    }
  }
  const shape = [...moved.shape.slice(0, -1), take];
  const v = np.moveaxis(np.reshape(np.array(Array.from(values), x.dtype), shape), -1, axis) as NDArray;
  const i = np.moveaxis(np.reshape(np.array(Array.from(indices), "int64"), shape), -1, axis) as NDArray;
  return valuesIndices(np.ascontiguousarray(v), np.ascontiguousarray(i));
}

export function tensor(data: unknown, dtype?: unknown): NDArray {
  return fromData(data, dtype);
}

export function as_tensor(data: unknown, dtype?: unknown): NDArray {
  if (data instanceof NDArray && (dtype === undefined || dtype === null)) return data;
  return fromData(data, dtype);
}

export function from_numpy(a: unknown): NDArray {
  return asTensor(a);
}

/** A legacy typed constructor on data (`torch.LongTensor([ids])`); given sizes instead, its memory is uninitialised. */
function typedTensor(name: string, data: unknown, dtype: string): NDArray {
  if (typeof data === "number" || typeof data === "bigint") {
    throw pyError("NotImplementedError", `torch.${name}(size) makes an uninitialised tensor; pass the data (torch.${name}([...]))`);
  }
  return np.array(data, dtype) as NDArray;
}

export const FloatTensor = (data: unknown): NDArray => typedTensor("FloatTensor", data, "float32");
export const DoubleTensor = (data: unknown): NDArray => typedTensor("DoubleTensor", data, "float64");
export const LongTensor = (data: unknown): NDArray => typedTensor("LongTensor", data, "int64");
export const IntTensor = (data: unknown): NDArray => typedTensor("IntTensor", data, "int32");
export const BoolTensor = (data: unknown): NDArray => typedTensor("BoolTensor", data, "bool");

/** `torch.autograd.Variable(t)`: since torch 0.4 it returns the tensor itself (gradients are not served). */
export function Variable(data: unknown, _requires_grad?: unknown, _volatile?: unknown): NDArray {
  return asTensor(data);
}

export function stack(tensors: unknown, dim: unknown = 0): NDArray {
  return np.stack(tensors, dim ?? 0) as NDArray;
}

export function cat(tensors: unknown, dim: unknown = 0): NDArray {
  return np.concatenate(tensors, dim ?? 0) as NDArray;
}

export function unsqueeze(input: unknown, dim: unknown): NDArray {
  return np.expand_dims(asTensor(input), Number(dim)) as NDArray;
}

export function squeeze(input: unknown, dim: unknown = null): NDArray {
  const x = asTensor(input);
  if (dim === null || dim === undefined) return np.squeeze(x) as NDArray;
  const d = Number(dim) < 0 ? x.ndim + Number(dim) : Number(dim);
  // torch leaves a dimension that is not 1 alone (numpy raises)
  return x.shape[d] === 1 ? (np.squeeze(x, d) as NDArray) : x;
}

export function flatten(input: unknown, start_dim: unknown = 0, end_dim: unknown = -1): NDArray {
  const x = asTensor(input);
  const nd = x.ndim;
  if (nd === 0) return np.reshape(x, [1]) as NDArray;
  const s = Number(start_dim) < 0 ? nd + Number(start_dim) : Number(start_dim);
  const e = Number(end_dim) < 0 ? nd + Number(end_dim) : Number(end_dim);
  const shape = [...x.shape.slice(0, s), x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1), ...x.shape.slice(e + 1)];
  return np.reshape(x, shape) as NDArray;
}

export function clamp(input: unknown, min_: unknown = null, max_: unknown = null): NDArray {
  return np.clip(asTensor(input), min_ ?? null, max_ ?? null) as NDArray;
}

export function exp(input: unknown): NDArray {
  return np.exp(asTensor(input)) as NDArray;
}

export function log(input: unknown): NDArray {
  return np.log(asTensor(input)) as NDArray;
}

export function abs(input: unknown): NDArray {
  return np.abs(asTensor(input)) as NDArray;
}

export function round(input: unknown, decimals: unknown = 0): NDArray {
  return np.round(asTensor(input), decimals ?? 0) as NDArray;
}

export function sum(input: unknown, dim: unknown = null, keepdim: unknown = false): NDArray {
  return np.sum(asTensor(input), dim ?? null, null, keepdim === true) as NDArray;
}

export function mean(input: unknown, dim: unknown = null, keepdim: unknown = false): NDArray {
  return np.mean(asTensor(input), dim ?? null, null, keepdim === true) as NDArray;
}

export function sqrt(input: unknown): NDArray {
  return np.sqrt(asTensor(input)) as NDArray;
}

export function tanh(input: unknown): NDArray {
  return np.tanh(asTensor(input)) as NDArray;
}

export function relu(input: unknown): NDArray {
  return np.maximum(asTensor(input), 0) as NDArray;
}

export function where(condition: unknown, input: unknown, other: unknown): NDArray {
  return np.where(condition, input, other) as NDArray;
}

export function zeros_like(input: unknown): NDArray {
  return np.zeros_like(asTensor(input)) as NDArray;
}

/** torch.nn.functional.normalize: x / max(||x||_p, eps) along dim. */
export function normalize(input: unknown, p: unknown = 2, dim: unknown = 1, eps: unknown = 1e-12): NDArray {
  const x = asTensor(input);
  const order = Number(p ?? 2);
  const norm = order === 2 ? np.sqrt(np.sum(np.multiply(x, x), Number(dim), null, true)) : np.sum(np.abs(x), Number(dim), null, true);
  return np.divide(x, np.maximum(norm, Number(eps))) as NDArray;
}

/** A tensor method, with torch's names and keywords (`dim`, `keepdim`); numpy's methods for the rest. */
export function tensorMethod(self: unknown, name: string, args: unknown[] = [], kw: Kw = {}): unknown {
  if (!(self instanceof NDArray)) return callMethod(self, name, args, kw);
  const x = self;
  const a0 = args[0];
  switch (name) {
    case "item":
      if (x.size !== 1) throw pyError("RuntimeError", `a Tensor with ${x.size} elements cannot be converted to Scalar`);
      return callMethod(x, "item", [], {});
    case "numpy":
    case "detach":
    case "cpu":
    case "cuda":
    case "contiguous":
    case "requires_grad_":
      return x;
    case "clone":
      return x.copy();
    case "tolist":
      return callMethod(x, "tolist", [], {});
    case "float":
      return np.array(x, "float32");
    case "double":
      return np.array(x, "float64");
    case "long":
      return np.array(x, "int64");
    case "int":
      return np.array(x, "int32");
    case "bool":
      return np.array(x, "bool");
    case "to":
    case "type": {
      const target = kw.dtype ?? args.find((v) => typeof v === "string" && v.replace(/^torch\./, "") in DTYPES);
      return target === undefined ? x : np.array(x, dtypeName(target));
    }
    case "argmax":
      return argmax(x, dimOf(a0, kw), kw.keepdim ?? args[1] ?? false);
    case "argmin":
      return argmin(x, dimOf(a0, kw), kw.keepdim ?? args[1] ?? false);
    case "max":
    case "min": {
      const d = dimOf(a0, kw);
      if (d === null) return name === "max" ? np.max(x) : np.min(x);
      return reduceWithIndices(x, d, (kw.keepdim ?? args[1]) === true, name);
    }
    case "softmax":
      return softmax(x, dimOf(a0, kw));
    case "log_softmax":
      return log_softmax(x, dimOf(a0, kw));
    case "sigmoid":
      return sigmoid(x);
    case "exp":
    case "log":
    case "abs":
    case "sqrt":
    case "tanh":
      return ({ exp, log, abs, sqrt, tanh } as Record<string, (v: unknown) => NDArray>)[name]!(x);
    case "relu":
      return relu(x);
    case "round":
      return round(x, kw.decimals ?? a0 ?? 0);
    case "sum":
      return sum(x, dimOf(a0, kw), kw.keepdim ?? args[1] ?? false);
    case "mean":
      return mean(x, dimOf(a0, kw), kw.keepdim ?? args[1] ?? false);
    case "topk":
      return topk(x, a0 ?? kw.k, kw.dim ?? args[1] ?? -1, kw.largest ?? args[2] ?? true);
    case "unsqueeze":
    case "unsqueeze_":
      return unsqueeze(x, a0 ?? kw.dim);
    case "squeeze":
    case "squeeze_":
      return squeeze(x, dimOf(a0, kw));
    case "flatten":
      return flatten(x, kw.start_dim ?? a0 ?? 0, kw.end_dim ?? args[1] ?? -1);
    case "view":
      return torchView(x, args);
    case "reshape": {
      const shape = args.length === 1 && (Array.isArray(a0) || a0 instanceof NDArray) ? a0 : args;
      return np.reshape(x, shape) as NDArray;
    }
    case "permute": {
      const dims = args.length === 1 && Array.isArray(a0) ? a0 : args;
      return np.transpose(x, dims) as NDArray;
    }
    case "t":
      return x.T;
    case "size": {
      if (a0 === undefined && kw.dim === undefined) return tuple([...x.shape]);
      const d = Number(a0 ?? kw.dim);
      return x.shape[d < 0 ? x.ndim + d : d];
    }
    case "dim":
      return x.ndim;
    case "numel":
      return x.size;
    case "clamp":
    case "clip":
      return clamp(x, kw.min ?? a0 ?? null, kw.max ?? args[1] ?? null);
    case "eq":
      return np.equal(x, a0);
    case "gt":
      return np.greater(x, a0);
    case "lt":
      return np.less(x, a0);
    case "div":
    case "divide":
    case "true_divide":
    case "mul":
    case "multiply":
    case "add":
    case "sub":
    case "subtract":
      return arithmetic(x, name, a0 ?? kw.other, kw);
    case "sort":
      return sortAlong(x, Number(kw.dim ?? a0 ?? -1), (kw.descending ?? args[1]) === true);
    case "argsort":
      return sortAlong(x, Number(kw.dim ?? a0 ?? -1), (kw.descending ?? args[1]) === true)[1];
    default:
      return callMethod(x, name, args, kw);
  }
}

const ARITHMETIC: Readonly<Record<string, (a: unknown, b: unknown) => unknown>> = {
  div: np.divide,
  divide: np.divide,
  true_divide: np.divide,
  mul: np.multiply,
  multiply: np.multiply,
  add: np.add,
  sub: np.subtract,
  subtract: np.subtract,
};

/**
 * `x.div(255)`, `x.mul(s)`, `x.add(y, alpha=)`, `x.sub(m)`: numpy's ufunc, with torch's promotion where it differs:
 * an integer tensor divided, or combined with a Python float, is float32 (torch's default dtype), not float64.
 */
function arithmetic(x: NDArray, name: string, other: unknown, kw: Kw): NDArray {
  if (other === undefined) throw pyError("TypeError", `${name}() missing 1 required positional argument: "other"`);
  const ufunc = ARITHMETIC[name]!;
  const mode = kw.rounding_mode;
  if (mode !== undefined && mode !== null) {
    if (ufunc !== np.divide || mode !== "floor") throw pyError("NotImplementedError", `${name}(rounding_mode=${JSON.stringify(mode)}) is not supported: use rounding_mode="floor" or torch.floor`);
    return np.floor_divide(x, other) as NDArray;
  }
  const alpha = kw.alpha;
  const rhs = alpha === undefined || alpha === null ? other : typeof other === "number" && typeof alpha === "number" ? other * alpha : np.multiply(other, alpha);
  const out = ufunc(x, rhs) as NDArray;
  // numpy made float64 of an integer tensor and a Python number or an integer tensor; torch makes its default float
  const integral = x.dtype !== "float32" && x.dtype !== "float64";
  const float64Operand = rhs instanceof NDArray && rhs.dtype === "float64";
  return integral && out.dtype === "float64" && !float64Operand ? np.array(out, "float32") : out;
}

/** A tensor attribute: `.shape`, `.dtype`, `.values`/`.indices` of a (values, indices) result, `.T`, `.data`. */
export function tensorAttr(self: unknown, name: string): unknown {
  if (Array.isArray(self) && (name === "values" || name === "indices")) {
    const v = (self as unknown as Record<string, unknown>)[name];
    if (v instanceof NDArray) return v;
  }
  if (self instanceof NDArray) {
    if (name === "data") return self;
    if (name === "requires_grad" || name === "is_cuda") return false;
    if (name === "device") return "cpu";
  }
  return getattr(self, name);
}

/** `torch.no_grad()` and friends are context managers that change nothing here. */
export function no_grad(): PyDict {
  return new PyDict();
}
