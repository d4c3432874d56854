// numpy's and pandas' dtype objects, as far as notebooks read them: the runtime holds a dtype as its name (`a.dtype`
// is "float32", a string array's is "<U5" as numpy prints it, a pandas column's "object" or "datetime64[ns]"), so
// `a.dtype.name`, `.kind`, `.char`, `.itemsize` and `.str` are answered from that name with numpy's values
// (numpy 1.24: `np.dtype("<U5").name` is "str160", `np.dtype(object).str` is "|O").

import { toDType } from "./np-base.ts";

interface Info {
  readonly kind: string;
  readonly char: string;
  readonly itemsize: number;
  readonly str: string;
}

const INFO: Readonly<Record<string, Info>> = {
  float32: { kind: "f", char: "f", itemsize: 4, str: "<f4" },
  float64: { kind: "f", char: "d", itemsize: 8, str: "<f8" },
  int64: { kind: "i", char: "l", itemsize: 8, str: "<i8" },
  int32: { kind: "i", char: "i", itemsize: 4, str: "<i4" },
  int16: { kind: "i", char: "h", itemsize: 2, str: "<i2" },
  int8: { kind: "i", char: "b", itemsize: 1, str: "|i1" },
  uint8: { kind: "u", char: "B", itemsize: 1, str: "|u1" },
  uint16: { kind: "u", char: "H", itemsize: 2, str: "<u2" },
  uint32: { kind: "u", char: "I", itemsize: 4, str: "<u4" },
  bool: { kind: "b", char: "?", itemsize: 1, str: "|b1" },
  object: { kind: "O", char: "O", itemsize: 8, str: "|O" },
  "datetime64[ns]": { kind: "M", char: "M", itemsize: 8, str: "<M8[ns]" },
  "timedelta64[ns]": { kind: "m", char: "m", itemsize: 8, str: "<m8[ns]" },
  // pandas' CategoricalDtype
  category: { kind: "O", char: "O", itemsize: 8, str: "|O08" },
};

const UNICODE = /^<U(\d+)$/;

/** True when `s` is how the runtime holds a dtype (so its attributes are a dtype's). */
export function isDTypeName(s: string): boolean {
  return s in INFO || UNICODE.test(s);
}

/** The dtype attribute `name` of the dtype held as `dtype`, or undefined when a dtype has no such attribute. */
export function dtypeAttribute(dtype: string, name: string): unknown {
  const u = UNICODE.exec(dtype);
  if (u) {
    const width = Number(u[1]);
    switch (name) {
      case "name":
        // numpy names a unicode dtype after its size in bits
        return `str${width * 32}`;
      case "kind":
      case "char":
        return "U";
      case "itemsize":
        return width * 4;
      case "str":
        return dtype;
    }
    return undefined;
  }
  const info = INFO[dtype];
  if (!info) return undefined;
  switch (name) {
    case "name":
      return dtype;
    case "kind":
    case "char":
    case "itemsize":
    case "str":
      return info[name];
  }
  return undefined;
}


/** The dtype `x` names (a dtype name or alias string, a scalar type such as np.float32), or null when it names none. */
function dtypeNamed(x: unknown): string | null {
  if (typeof x === "string" && UNICODE.test(x)) return x;
  if (typeof x !== "string" && typeof x !== "function") return null;
  try {
    const d = toDType(x);
    return d === "str" ? null : d;
  } catch {
    return null;
  }
}

/**
 * numpy's `dtype == other` when one side is a dtype as the runtime holds it (its name: `a.dtype`, `np.dtype("f4")`):
 * the other side is turned into a dtype as np.dtype() would (`np.float32`, `"f4"`, `"float"`), and the two are equal
 * when they are the same dtype (numpy 1.24: `np.dtype("float32") == np.float32`, `== "f4"` are True). Undefined when
 * neither side is a dtype's name, so the caller compares as Python does. Two strings that are not both dtype
 * spellings (`"float32" == "abc"`) are never equal.
 */
export function dtypeEquals(a: unknown, b: unknown): boolean | undefined {
  const aName = typeof a === "string" && isDTypeName(a);
  const bName = typeof b === "string" && isDTypeName(b);
  if (!aName && !bName) return undefined;
  // a str that names a dtype is taken for the dtype (numpy's np.float32 == "float32", a type against a str, is
  // False, but the runtime cannot tell that str from a dtype)
  const [x, y] = [dtypeNamed(a), dtypeNamed(b)];
  return x !== null && x === y;
}

/** `np.dtype(obj)`: the dtype as the runtime holds one, its name ("float32" for np.float32, "f4", "<f4" or "single"). */
export function dtypeOf(obj: unknown): string {
  if (typeof obj === "string" && isDTypeName(obj)) return obj;
  const u = typeof obj === "string" ? /^[<>=|]?U(\d+)$/.exec(obj) : null;
  if (u) return `<U${u[1]}`;
  const d = toDType(obj);
  if (d === null) return "float64";
  return d === "str" ? "<U0" : d;
}
