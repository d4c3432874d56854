// Reads what a notebook displayed (Python and numpy reprs: dicts, lists, tuples, `array([...], dtype=float32)`,
// `np.float64(0.5)`, `tensor([...])`) back into JSON, by parsing it as a Python expression with the same parser.
import type { Parser } from "web-tree-sitter";
import { parseWith } from "../python/parse.ts";
import type * as A from "../python/pyast.ts";
import type { Json } from "./types.ts";
import { dottedName } from "../python/walk.ts";

/** JSON for a displayed Python value, or undefined when the text is not a repr nb2svc can read back exactly. */
export function parseRepr(parser: Parser, text: string): Json | undefined {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.length > 1_000_000) return undefined;
  const module = parseWith(parser, `(\n${trimmed}\n)`);
  if (module.errors.length > 0 || module.body.length !== 1) return undefined;
  const stmt = module.body[0]!;
  if (stmt.type !== "Expr") return undefined;
  return reprValue(stmt.value);
}

const ARRAY_CALLS = new Set(["array", "np.array", "numpy.array", "tensor", "torch.tensor", "masked_array"]);
const SCALAR_CALLS =
  /^(?:np\.|numpy\.)?(?:float16|float32|float64|float_|int8|int16|int32|int64|uint8|uint16|uint32|uint64|bool_|str_|longlong|intc|double|single)$/;


function reprValue(e: A.Expr): Json | undefined {
  switch (e.type) {
    case "Constant":
      // a repr writes each string as one literal: adjacent literals are numpy's print of a string array
      // (`['cat' 'dog']`), which Python would read as one concatenated string
      if (e.kind === "str" && !isSingleLiteral(e.text)) return undefined;
      if (e.kind === "int" || e.kind === "float" || e.kind === "str" || e.kind === "bool" || e.kind === "none") {
        return e.bigValue ? undefined : e.value;
      }
      return undefined;
    case "Name":
      // NaN and infinities have no JSON form; the service writes them as null too
      return e.id === "nan" || e.id === "inf" ? null : undefined;
    case "UnaryOp": {
      const v = reprValue(e.operand);
      if (e.op === "-" && typeof v === "number") return -v;
      if (e.op === "-" && v === null && e.operand.type === "Name") return null;
      if (e.op === "+" && typeof v === "number") return v;
      return undefined;
    }
    case "List":
    case "Tuple":
    case "Set": {
      const out: Json[] = [];
      for (const x of e.elts) {
        const v = reprValue(x);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    case "Dict": {
      const out: { [k: string]: Json } = Object.create(null);
      for (let i = 0; i < e.keys.length; i++) {
        const k = e.keys[i];
        if (!k) return undefined;
        const key = reprValue(k);
        const value = reprValue(e.values[i]!);
        if (key === undefined || value === undefined || (typeof key === "object" && key !== null)) return undefined;
        out[typeof key === "string" ? key : pyKeyString(key)] = value;
      }
      return out;
    }
    case "Call": {
      const name = dottedName(e.func);
      if (!name) return undefined;
      if (ARRAY_CALLS.has(name) && e.args[0]) return reprValue(e.args[0]);
      if (SCALAR_CALLS.test(name) && e.args.length === 1) return reprValue(e.args[0]!);
      if ((name === "OrderedDict" || name === "collections.OrderedDict") && e.args.length <= 1) {
        if (!e.args[0]) return {};
        const pairs = reprValue(e.args[0]);
        if (!Array.isArray(pairs)) return undefined;
        const out: { [k: string]: Json } = Object.create(null);
        for (const p of pairs) {
          if (!Array.isArray(p) || p.length !== 2) return undefined;
          const [k, v] = p;
          if (typeof k === "object" && k !== null) return undefined;
          out[typeof k === "string" ? k : pyKeyString(k as number | boolean | null)] = v!;
        }
        return out;
      }
      if ((name === "Counter" || name === "defaultdict") && e.args.length >= 1) return reprValue(e.args[e.args.length - 1]!);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Python's str() of a dict key, which is what json.dumps writes for int, float, bool and None keys. */
function pyKeyString(k: number | boolean | null): string {
  if (k === null) return "null";
  if (typeof k === "boolean") return k ? "true" : "false";
  return String(k);
}

/** Whether a string constant's text is one quoted literal (with an optional prefix), not several side by side. */
function isSingleLiteral(text: string): boolean {
  const m = /^[a-zA-Z]*('''|"""|'|")/.exec(text);
  if (!m) return false;
  const q = m[1]!;
  let i = m[0].length;
  while (i < text.length) {
    if (text[i] === "\\") i += 2;
    else if (text.startsWith(q, i)) return i + q.length === text.length;
    else i++;
  }
  return false;
}
