// The torch functions translated code may use around a model (src/runtime/torch.ts): tensors are the runtime's
// arrays, with torch's names, keywords and default dtypes (see types.ts).
import type { LibraryFunction, LibraryTable } from "./types.ts";

const fn = (name: string, params: readonly string[]): LibraryFunction => ({ kind: "function", module: "torch", name, params, pure: true });

const FUNCTIONS: Readonly<Record<string, LibraryFunction>> = {
  softmax: fn("softmax", ["input", "dim", "dtype"]),
  log_softmax: fn("log_softmax", ["input", "dim"]),
  sigmoid: fn("sigmoid", ["input"]),
  argmax: fn("argmax", ["input", "dim", "keepdim"]),
  argmin: fn("argmin", ["input", "dim", "keepdim"]),
  max: fn("max", ["input", "dim", "keepdim"]),
  min: fn("min", ["input", "dim", "keepdim"]),
  topk: fn("topk", ["input", "k", "dim", "largest", "sorted"]),
  sort: fn("sort", ["input", "dim", "descending", "stable"]),
  argsort: fn("argsort", ["input", "dim", "descending", "stable"]),
  tensor: fn("tensor", ["data", "dtype"]),
  as_tensor: fn("as_tensor", ["data", "dtype"]),
  from_numpy: fn("from_numpy", ["ndarray"]),
  FloatTensor: fn("FloatTensor", ["data"]),
  DoubleTensor: fn("DoubleTensor", ["data"]),
  LongTensor: fn("LongTensor", ["data"]),
  IntTensor: fn("IntTensor", ["data"]),
  BoolTensor: fn("BoolTensor", ["data"]),
  stack: fn("stack", ["tensors", "dim"]),
  cat: fn("cat", ["tensors", "dim"]),
  concat: fn("cat", ["tensors", "dim"]),
  unsqueeze: fn("unsqueeze", ["input", "dim"]),
  squeeze: fn("squeeze", ["input", "dim"]),
  flatten: fn("flatten", ["input", "start_dim", "end_dim"]),
  clamp: fn("clamp", ["input", "min", "max"]),
  clip: fn("clamp", ["input", "min", "max"]),
  exp: fn("exp", ["input"]),
  log: fn("log", ["input"]),
  abs: fn("abs", ["input"]),
  round: fn("round", ["input", "decimals"]),
  sum: fn("sum", ["input", "dim", "keepdim"]),
  mean: fn("mean", ["input", "dim", "keepdim"]),
  sqrt: fn("sqrt", ["input"]),
  tanh: fn("tanh", ["input"]),
  relu: fn("relu", ["input"]),
  where: fn("where", ["condition", "input", "other"]),
  zeros_like: fn("zeros_like", ["input"]),
};

const FUNCTIONAL: Readonly<Record<string, LibraryFunction>> = {
  softmax: fn("softmax", ["input", "dim", "dtype"]),
  log_softmax: fn("log_softmax", ["input", "dim"]),
  sigmoid: fn("sigmoid", ["input"]),
  relu: fn("relu", ["input"]),
  normalize: fn("normalize", ["input", "p", "dim", "eps"]),
  // PyTorch's interpolation kernels, shared with torchvision's tensor resize
  interpolate: {
    kind: "function",
    module: "image/torchvision",
    name: "interpolate",
    params: ["input", "size", "scale_factor", "mode", "align_corners", "recompute_scale_factor", "antialias"],
    pure: true,
  },
};

export const TORCH: LibraryTable = {
  ...Object.fromEntries(Object.entries(FUNCTIONS).map(([k, v]) => [`torch.${k}`, v])),
  ...Object.fromEntries(Object.entries(FUNCTIONAL).map(([k, v]) => [`torch.nn.functional.${k}`, v])),
  "torch.special.expit": fn("sigmoid", ["input"]),
  // the old autograd wrapper (`Variable(transform(img).unsqueeze(0))`): a tensor since torch 0.4
  "torch.autograd.Variable": fn("Variable", ["data", "requires_grad", "volatile"]),
  "torch.autograd.variable.Variable": fn("Variable", ["data", "requires_grad", "volatile"]),
};
