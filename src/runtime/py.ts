// The Python half of the runtime shipped into every generated service: Python semantics for translated code.
// Operators and builtins are plain functions (`add(a, b)`, `len(x)`); keyword arguments of builtins travel as a
// trailing `kw({...})`; methods go through `callMethod(obj, name, args, kwargs)`. The re and math modules are the
// namespaces `re` and `math`.
export {
  truthy, is_, is_not, iter, toArray, equals, eq, ne, lt, le, gt, ge, compare, add, sub, mul, truediv, floordiv, mod,
  divmod, floatPow, matmul, bitand, bitor, bitxor, lshift, rshift, neg, pos, invert, not, contains, not_in, getitem,
  setitem, delitem, len, sliceIndices,
} from "./py-ops.ts";
export {
  abs, round, int, float, bool, pow, hex, oct, bin, chr, ord, sum, min, max, sorted, reversed, enumerate, zip, map,
  filter, any, all, range, list, tuple, set, dict, dict_fromkeys, isinstance, callable, callMethod, getattr, hasattr,
} from "./py-builtins.ts";
export { repr, str, ascii, format, fstringValue, floatRepr, intRepr, percentFormat, roundFloat } from "./pyformat.ts";
export { strFormat, maketrans as str_maketrans } from "./pystr.ts";
export { PyDict, PySet } from "./pydict.ts";
export { PyRange, Kwargs, kw, typeName, isFloat, isInt } from "./py-base.ts";
export { fromJS, toJSON } from "./py-json.ts";
export { convertPattern, Pattern, Match } from "./pyre.ts";
export * as re from "./pyre.ts";
export * as math from "./pymath.ts";
