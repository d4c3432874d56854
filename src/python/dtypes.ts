// What a dtype argument in Python code means (`np.float32`, `"f4"`, `float`, `torch.long`), through the runtime's
// own dtype tables, so that analyze and translate read it as the service will compute it.
import { toDType } from "../runtime/np-base.ts";
import { DTYPES as TORCH_DTYPES } from "../runtime/torch.ts";
import type * as A from "./pyast.ts";
import type { DType } from "./values.ts";

const ANALYSIS_DTYPES: ReadonlySet<string> = new Set<DType>(["float32", "float64", "int64", "int32", "uint8", "bool"]);

/** A numpy dtype name or alias (`"f4"`, `float`, `np.intc`) as a DType, through the runtime's own table; null for others. */
export function numpyDType(name: string): DType | null {
  try {
    const d = toDType(name);
    return d && ANALYSIS_DTYPES.has(d) ? (d as DType) : null;
  } catch {
    return null;
  }
}

/** A dtype argument (`np.float32`, `"float32"`, `float`, `torch.float32`) as a DType, or null. */
export function dtypeOf(e: A.Expr, ctx: { readonly qualify: (e: A.Expr) => string | null }): DType | null {
  if (e.type === "Constant" && e.kind === "str") return numpyDType(String(e.value).replace(/^[<>=|]/, ""));
  if (e.type === "Name" && ["float", "int", "bool"].includes(e.id)) return numpyDType(e.id);
  const q = ctx.qualify(e);
  if (!q) return null;
  const m = /^(numpy|torch)\.(\w+)$/.exec(q);
  if (!m) return null;
  // torch.float is float32 and torch.int int32, where numpy's float is float64 and int int64
  return m[1] === "torch" ? (TORCH_DTYPES[m[2]!] ?? null) : numpyDType(m[2]!);
}
