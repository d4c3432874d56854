// numpy's and pandas' dtype objects, as far as notebooks read them: the runtime holds a dtype as its name (`a.dtype`
// is "float32", a string array's is "<U5" as numpy prints it, a pandas column's "object" or "datetime64[ns]"), so
// `a.dtype.name`, `.kind`, `.char`, `.itemsize` and `.str` are answered from that name with numpy's values
// (numpy 1.24: `np.dtype("<U5").name` is "str160", `np.dtype(object).str` is "|O").

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

