// torch's Tensor.view(*shape): shared by the tensor methods (torch.ts) and an array's `view` (np.ts). Arrays stand for
// tensors too, and numpy's ndarray.view takes a dtype or a type, never integers, so integers given to an array's view
// can only be torch's.
import { isTuple, pyError, WeakFloat } from "./core.ts";
import { NDArray } from "./ndarray.ts";
import { isDTypeName } from "./np-dtype.ts";
import { reshape } from "./np-shape.ts";

/**
 * `x.view(1, -1)`, `x.view((1, -1))`: the tensor with torch's shape (one -1 inferred; the size must match). The
 * values are reshape's: the runtime's strides are not torch's, so torch's refusal to view a non-contiguous tensor
 * is not reproduced.
 */
export function torchView(x: NDArray, args: readonly unknown[]): NDArray {
  const sizes = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  const shape = sizes.map(torchInt);
  if (args.length === 0 || shape.some((n) => n === null)) throw invalidViewArguments(args);
  return reshape(x, torchInferShape(shape as number[], x.size));
}

/** An integer as torch takes one for a size: a Python int or a 0-d integer tensor (bools and floats are refused). */
function torchInt(x: unknown): number | null {
  if (typeof x === "number") return Number.isInteger(x) ? x : null;
  if (x instanceof NDArray && x.ndim === 0 && /^u?int/.test(x.dtype)) return Number(x.item());
  return null;
}

function invalidViewArguments(args: readonly unknown[]): Error {
  if (args.length === 1 && typeof args[0] === "string" && isDTypeName(args[0])) {
    return pyError("NotImplementedError", "view(dtype) reinterprets the tensor's memory as another dtype: not supported by the runtime");
  }
  // the first line of torch's message (it goes on to list the signatures view takes)
  return pyError("TypeError", `view() received an invalid combination of arguments - got (${args.map(torchTypeName).join(", ")}), but expected one of: (torch.dtype dtype), (tuple of SymInts size)`);
}

function torchTypeName(x: unknown): string {
  if (x === null || x === undefined) return "NoneType";
  if (x instanceof NDArray) return "Tensor";
  if (x instanceof WeakFloat) return "float";
  if (Array.isArray(x)) return isTuple(x) ? "tuple" : "list";
  if (typeof x === "number") return Number.isInteger(x) ? "int" : "float";
  if (typeof x === "boolean") return "bool";
  return typeof x === "string" ? "str" : typeof x;
}

/** torch's infer_size: the shape with its one -1 worked out from the element count, or torch's RuntimeError. */
function torchInferShape(shape: readonly number[], numel: number): number[] {
  let infer = -1;
  let known = 1;
  shape.forEach((s, i) => {
    if (s === -1) {
      if (infer >= 0) throw pyError("RuntimeError", "only one dimension can be inferred");
      infer = i;
    } else if (s >= 0) known *= s;
    else throw pyError("RuntimeError", `invalid shape dimension ${s}`);
  });
  const shown = `[${shape.join(", ")}]`;
  if (numel !== known && !(infer >= 0 && known > 0 && numel % known === 0)) throw pyError("RuntimeError", `shape '${shown}' is invalid for input of size ${numel}`);
  const out = [...shape];
  if (infer >= 0) {
    if (known === 0) throw pyError("RuntimeError", `cannot reshape tensor of 0 elements into shape ${shown} because the unspecified dimension size -1 can be any value and is ambiguous`);
    out[infer] = numel / known;
  }
  return out;
}
