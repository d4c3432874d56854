// Python's operators, once: the py runtime function that implements each (Python's semantics, dispatching to numpy
// for arrays) and the numpy ufunc it is on arrays. The translator, the py glue and numpy's operator dispatch all
// read this table.

export const BINARY_OPERATORS = {
  "+": { py: "add", ufunc: "add" },
  "-": { py: "sub", ufunc: "subtract" },
  "*": { py: "mul", ufunc: "multiply" },
  "/": { py: "truediv", ufunc: "divide" },
  "//": { py: "floordiv", ufunc: "floor_divide" },
  "%": { py: "mod", ufunc: "remainder" },
  "**": { py: "pow", ufunc: "power" },
  "@": { py: "matmul", ufunc: "matmul" },
  "&": { py: "bitand", ufunc: "bitwise_and" },
  "|": { py: "bitor", ufunc: "bitwise_or" },
  "^": { py: "bitxor", ufunc: "bitwise_xor" },
  "<<": { py: "lshift", ufunc: "left_shift" },
  ">>": { py: "rshift", ufunc: "right_shift" },
} as const;

export const COMPARISON_OPERATORS = {
  "==": { py: "eq", ufunc: "equal" },
  "!=": { py: "ne", ufunc: "not_equal" },
  "<": { py: "lt", ufunc: "less" },
  "<=": { py: "le", ufunc: "less_equal" },
  ">": { py: "gt", ufunc: "greater" },
  ">=": { py: "ge", ufunc: "greater_equal" },
  is: { py: "is_", ufunc: null },
  "is not": { py: "is_not", ufunc: null },
} as const;

export const UNARY_OPERATORS = {
  "-": { py: "neg", ufunc: "negative" },
  "+": { py: "pos", ufunc: "positive" },
  "~": { py: "invert", ufunc: "invert" },
} as const;

type Table = Readonly<Record<string, { readonly py: string; readonly ufunc: string | null }>>;

/** The numpy ufunc of a binary or comparison operator (`-` is subtract), or undefined. */
export function ufuncOf(op: string): string | undefined {
  const entry = (BINARY_OPERATORS as Table)[op] ?? (COMPARISON_OPERATORS as Table)[op];
  return entry?.ufunc ?? undefined;
}

/** The py runtime function of an operator (`-` is sub), or undefined. */
export function pyFunctionOf(op: string, table: "binary" | "comparison" | "unary"): string | undefined {
  const t = (table === "binary" ? BINARY_OPERATORS : table === "comparison" ? COMPARISON_OPERATORS : UNARY_OPERATORS) as Table;
  return t[op]?.py;
}
