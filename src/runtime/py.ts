// The Python half of the runtime shipped into every generated service: Python semantics for translated code.
//
// Calling conventions the translator relies on:
// - Operators are functions of their operands in source order: add(a, b), floordiv(a, b), eq(a, b), ...; `x in c`
//   is contains(c, x) (operator.contains order); `not x` is not(x); `x is y` is is_(x, y). Comparisons return
//   bools except for NDArray operands (arrays); equals/compare give plain bools.
// - Subscripts: getitem(obj, key), setitem(obj, key, value), delitem(obj, key), with core.ts Slice keys.
// - Builtins are functions with Python's positional parameters; keyword arguments go in a trailing kw({...}):
//   sorted(xs, kw({ key: f, reverse: true })), min(xs, kw({ default: null })), int(s, kw({ base: 16 })),
//   dict(kw({ a: 1 })), re.sub(p, r, s, kw({ count: 1 })), math.isclose(a, b, kw({ rel_tol: 1e-6 })).
// - Methods: callMethod(obj, "name", [positional...], { keyword: value }) on str/list/tuple/dict/set/int/float,
//   re.Match/re.Pattern, and NDArray (forwarded to np.ndarrayMethod). getattr(obj, name) reads attributes and
//   returns bound methods. dict.fromkeys is dict_fromkeys(iterable, value); str.maketrans is str_maketrans.
// - range(...) is a lazy PyRange (iterable, len/getitem/contains, repr "range(0, 3)"); zip, enumerate, map, filter,
//   reversed, re.finditer, dict.keys/values/items return arrays (snapshots, not live views or iterators);
//   zipItems, enumeratePairs and itemPairs(obj) are zip's, enumerate's and obj.items()'s items as plain arrays, for a
//   loop target that unpacks them.
// - Strings: str(x), repr(x), format(value, spec), fstringValue(value, conversion, spec) for `{value!r:spec}`,
//   strFormat(template, args, kwargs) for str.format, mod(str, values) for printf-style `%`.
// - Errors are core.ts PyErrors with Python's exception name (re.error is "re.error") and CPython's message.
// - The JSON boundary: fromJS(request JSON) and toJSON(result).
export {
  truthy, is_, is_not, iter, toArray, equals, eq, ne, lt, le, gt, ge, compare, add, sub, mul, truediv, floordiv, mod,
  divmod, floatPow, matmul, bitand, bitor, bitxor, lshift, rshift, neg, pos, invert, not, contains, not_in, getitem,
  setitem, delitem, len, sliceIndices,
} from "./py-ops.ts";
export {
  abs, round, int, float, bool, pow, hex, oct, bin, chr, ord, sum, min, max, sorted, reversed, enumerate, zip, map,
  enumeratePairs, zipItems, itemPairs,
  filter, any, all, range, list, tuple, set, dict, dict_fromkeys, isinstance, callable, callMethod, getattr, hasattr,
  strFormat,
} from "./py-builtins.ts";
export { repr, str, ascii, format, fstringValue, floatRepr, intRepr, percentFormat, roundFloat } from "./pyformat.ts";
export { maketrans as str_maketrans } from "./pystr.ts";
export { PyDefaultDict, PyDict, PySet } from "./pydict.ts";
export { PyRange, Kwargs, kw, typeName, isFloat, isInt } from "./py-base.ts";
export { fromJS, toJSON } from "./py-json.ts";
export { openBytes } from "./py-files.ts";
export { convertPattern, Pattern, Match } from "./pyre.ts";
export * as re from "./pyre.ts";
export * as math from "./pymath.ts";
