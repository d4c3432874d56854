// Values inside fitted objects that have no plain-data form in a pickle: slices (a ColumnTransformer's column
// selection), numpy ufuncs (a FunctionTransformer's func). The pickle reader gives them as objects; these rebuild them.
import { PyError, Slice } from "../core.ts";
import * as np from "../np.ts";
import { typeError } from "./base.ts";

/** `slice(start, stop, step)` from its (start, stop, step) tuple. */
export function restoreSlice(state: unknown): Slice {
  if (!Array.isArray(state) || state.length !== 3) throw typeError("a slice in the pickle is not (start, stop, step)");
  const part = (v: unknown): number | null => {
    if (v === null || v === undefined) return null;
    if (typeof v !== "number" || !Number.isInteger(v)) throw typeError("a slice in the pickle has a bound that is not an int");
    return v;
  };
  return new Slice(part(state[0]), part(state[1]), part(state[2]));
}

/** The numpy ufuncs a pickle may name (src/pickle/allowlist.ts NUMPY_UFUNCS), as the runtime's functions. */
const UFUNCS: Readonly<Record<string, (x: unknown) => unknown>> = {
  log: np.log,
  log1p: np.log1p,
  log2: np.log2,
  log10: np.log10,
  exp: np.exp,
  expm1: np.expm1,
  exp2: np.exp2,
  sqrt: np.sqrt,
  cbrt: np.cbrt,
  square: np.square,
  abs: np.abs,
  absolute: np.absolute,
  fabs: np.fabs,
  negative: np.negative,
  positive: np.positive,
  sign: np.sign,
  floor: np.floor,
  ceil: np.ceil,
  trunc: np.trunc,
  rint: np.rint,
  sin: np.sin,
  cos: np.cos,
  tan: np.tan,
  arcsin: np.arcsin,
  arccos: np.arccos,
  arctan: np.arctan,
  sinh: np.sinh,
  cosh: np.cosh,
  tanh: np.tanh,
  arcsinh: np.arcsinh,
  arccosh: np.arccosh,
  arctanh: np.arctanh,
  reciprocal: np.reciprocal,
  isnan: np.isnan,
  isinf: np.isinf,
  isfinite: np.isfinite,
};

/** A numpy ufunc by name, as a function of one array argument. */
export function restoreUfunc(name: unknown): (x: unknown) => unknown {
  const f = typeof name === "string" ? UFUNCS[name] : undefined;
  if (!f) throw typeError(`numpy.${String(name)} is not a ufunc the runtime implements`);
  // one argument only: a second one would be numpy's `out=`, which a FunctionTransformer never passes
  return (x: unknown) => f(x);
}

/**
 * An object the pickle holds but nb2svc does not rebuild (src/pickle/unrebuilt.ts): a model saved with the
 * transformers the service uses. It may sit in a pipeline or a dict; any use of it raises, naming it.
 */
export class Unrebuilt {
  readonly pyTypeName: string;

  constructor(readonly cls: string) {
    this.pyTypeName = cls.split(".").pop()!;
  }

  private refuse(what: string): never {
    throw new PyError(
      "NotImplementedError",
      `${what} of the ${this.pyTypeName} read from the pickle: nb2svc does not rebuild ${this.cls} (only its transformers and data); run the model from its ONNX file`,
    );
  }

  pyAttr(name: string): never {
    return this.refuse(`attribute ${name}`);
  }

  pyMethod(name: string): never {
    return this.refuse(`${name}()`);
  }
}

export const restoreUnrebuilt = (cls: unknown): Unrebuilt => new Unrebuilt(String(cls));
