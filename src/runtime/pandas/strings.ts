// pandas runtime, `s.str`: string methods applied to each value of an object Series with pandas 1.5.3's rules
// (`ObjectStringArrayMixin._str_map`): missing values stay as they are (None stays None, NaN stays NaN), a value the
// method cannot take (a number) becomes NaN, results are re-inferred (`str.len()` of a column with None is float64),
// and `na=` replaces the missing rows' results. Each method is Python's own str method, regexes are Python's.
import { PyError, pyError, Slice } from "../core.ts";
import { bindArgs, typeError } from "../py-base.ts";
import { callMethod } from "../py-builtins.ts";
import { getitem, truthy } from "../py-ops.ts";
import { repr as pyRepr } from "../pyformat.ts";
import { compiled, escape, IGNORECASE, type Pattern } from "../pyre.ts";
import { METHOD_NOT_FOUND } from "../pystr.ts";
import { colIsNA, colItems, emptyColumn, inferColumn, ObjectArray, type Column } from "./column.ts";
import type { PdDType } from "./dtypes.ts";
import { DataFrame } from "./frame.ts";
import { Index } from "./index.ts";
import { Series } from "./series.ts";
import { numberOf, scalarKind } from "./values.ts";

type Kw = Record<string, unknown>;

/** Python str methods that `s.str.<name>(...)` applies to each value with the same arguments. */
const PLAIN = new Set([
  "lower", "upper", "title", "capitalize", "swapcase", "casefold", "strip", "lstrip", "rstrip", "zfill", "center",
  "ljust", "rjust", "isalnum", "isalpha", "isdigit", "isspace", "islower", "isupper", "istitle", "isnumeric",
  "isdecimal", "find", "rfind", "index", "rindex", "removeprefix", "removesuffix", "expandtabs",
]);

/** The dtype of an empty result, by method (pandas passes it to `_str_map`). */
const EMPTY_DTYPE: Readonly<Record<string, PdDType>> = {
  len: "int64", count: "int64", find: "int64", rfind: "int64", index: "int64", rindex: "int64",
  contains: "bool", startswith: "bool", endswith: "bool", match: "bool", fullmatch: "bool",
  isalnum: "bool", isalpha: "bool", isdigit: "bool", isspace: "bool", islower: "bool", isupper: "bool",
  istitle: "bool", isnumeric: "bool", isdecimal: "bool",
};

/** pandas' `lib.infer_dtype` of the non-missing values, as far as the `.str` check needs it. */
function inferredType(items: readonly unknown[]): string {
  const kinds = new Set(items.filter((v) => !(v === null || v === undefined || (typeof v === "number" && v !== v))).map(scalarKind));
  if (kinds.size === 0) return "empty";
  if (kinds.size === 1) {
    const k = [...kinds][0];
    return k === "str" ? "string" : k === "int" ? "integer" : k === "float" ? "floating" : k === "bool" ? "boolean" : "mixed";
  }
  if (kinds.has("int") && !kinds.has("float") && [...kinds].some((k) => k !== "int")) return "mixed-integer";
  if (kinds.size === 2 && kinds.has("int") && kinds.has("float")) return "mixed-integer-float";
  return "mixed";
}

export class StringMethods {
  readonly pyTypeName = "StringMethods";

  /** `wrap` turns a result Series into what the accessor's owner gives (an Index for `index.str`). */
  constructor(
    private readonly series: Series,
    private readonly wrap: (s: Series) => unknown = (s) => s,
  ) {
    const ok = series.values instanceof ObjectArray && ["string", "empty", "mixed", "mixed-integer"].includes(inferredType(series.values.items));
    if (!ok) throw pyError("AttributeError", "Can only use .str accessor with string values!");
  }

  /**
   * f on each non-missing value; a TypeError or AttributeError from one value makes it NaN instead. The results
   * are re-inferred unless every row was missing; `na` (when given) then replaces the missing rows.
   */
  private map(method: string, f: (s: unknown) => unknown, na?: unknown): unknown {
    return this.wrap(this.mapSeries(method, f, na));
  }

  private mapSeries(method: string, f: (s: unknown) => unknown, na?: unknown): Series {
    const items = colItems(this.series.values);
    if (items.length === 0) return this.series.withValues(emptyColumn(EMPTY_DTYPE[method] ?? "object"));
    const missing = colIsNA(this.series.values);
    const out = items.map((v, i) => {
      if (missing[i]) return v;
      try {
        return f(v);
      } catch (e) {
        if (e instanceof PyError && (e.type === "TypeError" || e.type === "AttributeError")) return NaN;
        throw e;
      }
    });
    let col: Column = missing.every((m) => m) ? new ObjectArray(out) : inferColumn(out, "object");
    if (na !== undefined && !(typeof na === "number" && na !== na)) {
      const filled = colItems(col).map((v, i) => (missing[i] ? na : v));
      col = inferColumn(filled, "object");
    }
    return this.series.withValues(col);
  }

  private regex(pat: unknown, flags: unknown, caseSensitive: boolean): Pattern {
    let f = numberOf(flags ?? 0) ?? 0;
    if (!caseSensitive) f |= IGNORECASE;
    return compiled(pat, f);
  }

  pyGetitem(key: unknown): unknown {
    if (key instanceof Slice) return this.map("slice", (s) => getitem(strOnly(s), key));
    return this.map("get", (s) => getIndexed(s, key));
  }

  pyMethod(name: string, args: unknown[], kwargs: Kw): unknown {
    const b = (names: readonly string[], required = 0) => bindArgs(name, args, kwargs, names, required);
    if (PLAIN.has(name)) return this.map(name, (s) => callMethod(strOnly(s), name, args, kwargs));
    switch (name) {
      case "len":
        b([]);
        return this.map(name, (s) => [...strOnlyOrList(s)].length);
      case "contains": {
        const [pat, cs, flags, na, regex] = b(["pat", "case", "flags", "na", "regex"], 1);
        const caseSensitive = cs === undefined ? true : truthy(cs);
        if (regex === undefined || truthy(regex)) {
          const re = this.regex(pat, flags, caseSensitive);
          return this.map(name, (s) => re.search(strOnly(s)) !== null, na);
        }
        const p = String(pat);
        if (caseSensitive) return this.map(name, (s) => strOnly(s).includes(p), na);
        const up = callMethod(p, "upper", []) as string;
        return this.map(name, (s) => (callMethod(strOnly(s), "upper", []) as string).includes(up), na);
      }
      case "startswith":
      case "endswith": {
        const [pat, na] = b(["pat", "na"], 1);
        if (typeof pat !== "string" && !Array.isArray(pat)) throw typeError(`expected a string or tuple, not ${scalarKind(pat) === "other" ? "object" : scalarKind(pat)}`);
        return this.map(name, (s) => callMethod(strOnly(s), name, [pat]), na);
      }
      case "match":
      case "fullmatch": {
        const [pat, cs, flags, na] = b(["pat", "case", "flags", "na"], 1);
        const re = this.regex(pat, flags, cs === undefined ? true : truthy(cs));
        return this.map(name, (s) => (name === "match" ? re.match(strOnly(s)) : re.fullmatch(strOnly(s))) !== null, na);
      }
      case "replace": {
        const [pat, repl, n, cs, flags, regex] = b(["pat", "repl", "n", "case", "flags", "regex"], 2);
        const count = n === undefined ? -1 : (numberOf(n) ?? -1);
        let f = numberOf(flags ?? 0) ?? 0;
        if (cs !== undefined && cs !== null && !truthy(cs)) f |= IGNORECASE;
        const useRegex = regex === undefined || regex === null || truthy(regex);
        if (!useRegex && typeof repl === "function") throw pyError("ValueError", "Cannot use a callable replacement when regex=False");
        // pandas 1.5 treats a one-character pattern literally unless flags or a callable ask for a regex
        if (useRegex && (String(pat).length > 1 || f !== 0 || typeof repl === "function")) {
          const re = compiled(regex === false ? escape(pat) : pat, f);
          return this.map(name, (s) => re.sub(repl, strOnly(s), count < 0 ? 0 : count));
        }
        if (!useRegex && f !== 0) {
          const re = compiled(escape(pat), f);
          return this.map(name, (s) => re.sub(repl, strOnly(s), count < 0 ? 0 : count));
        }
        return this.map(name, (s) => callMethod(strOnly(s), "replace", [pat, repl, count]));
      }
      case "extract": {
        const [pat, flags, expand] = b(["pat", "flags", "expand"], 1);
        if (expand !== undefined && typeof expand !== "boolean") throw pyError("ValueError", "expand must be True or False");
        return this.extract(this.regex(pat, flags, true), expand !== false);
      }
      case "findall": {
        const [pat, flags] = b(["pat", "flags"], 1);
        const re = this.regex(pat, flags, true);
        return this.map(name, (s) => re.findall(strOnly(s)));
      }
      case "count": {
        const [pat, flags] = b(["pat", "flags"], 1);
        const re = this.regex(pat, flags, true);
        return this.map(name, (s) => re.findall(strOnly(s)).length);
      }
      case "slice": {
        const [start, stop, step] = b(["start", "stop", "step"]);
        const sl = new Slice(intOrNull(start), intOrNull(stop), intOrNull(step));
        return this.map(name, (s) => getitem(strOnly(s), sl));
      }
      case "get": {
        const [i] = b(["i"], 1);
        return this.map(name, (s) => getIndexed(s, i));
      }
      case "split":
      case "rsplit": {
        const [pat, n, expand] = b(["pat", "n", "expand", "regex"]);
        const maxsplit = n === undefined || n === null || numberOf(n) === 0 ? -1 : numberOf(n)!;
        const parts = this.mapSeries(name, (s) => callMethod(strOnly(s), name, [pat ?? null, maxsplit]));
        if (expand === undefined || !truthy(expand)) return this.wrap(parts);
        return expandLists(parts);
      }
      case "cat": {
        const [others, sep, naRep] = b(["others", "sep", "na_rep", "join"]);
        if (others !== undefined && others !== null) throw pyError("TypeError", "str.cat(others=...) is not supported by nb2svc's pandas runtime; use + between columns");
        const missing = colIsNA(this.series.values);
        const items = colItems(this.series.values).flatMap((v, i) => (missing[i] ? (naRep === undefined || naRep === null ? [] : [naRep]) : [v]));
        return callMethod(sep === undefined || sep === null ? "" : sep, "join", [items]);
      }
      case "pad": {
        const [width, side, fillchar] = b(["width", "side", "fillchar"], 1);
        const method = side === "right" ? "ljust" : side === "both" ? "center" : "rjust";
        return this.map(name, (s) => callMethod(strOnly(s), method, [width, fillchar ?? " "]));
      }
      case "repeat": {
        const [repeats] = b(["repeats"], 1);
        return this.map(name, (s) => strOnly(s).repeat(Math.max(0, numberOf(repeats) ?? 0)));
      }
    }
    return METHOD_NOT_FOUND;
  }

  /**
   * `s.str.extract(pat, expand=)` as pandas 1.5 does: each value's first match's groups (NaN for a group that did not
   * take part, for no match, for a missing value or a non-string), as object columns named by the groups' names or
   * numbers; with `expand=False` and one group, a Series named after the group (or the Series when unnamed) that
   * keeps missing values as they are.
   */
  private extract(re: Pattern, expand: boolean): unknown {
    if (re.groups === 0) throw pyError("ValueError", "pattern contains no capture groups");
    const items = colItems(this.series.values);
    const missing = colIsNA(this.series.values);
    const rows = items.map((v, i) => {
      const m = missing[i] || typeof v !== "string" ? null : re.search(v);
      return m ? m.groups().map((g) => (g === null ? NaN : g)) : Array.from({ length: re.groups }, () => NaN);
    });
    const names = new Map([...re.groupindexMap].map(([name, k]) => [k, name]));
    // one group, not expanded: pandas' _str_map, which keeps a missing value as it is (None stays None)
    if (!expand && re.groups === 1) return this.wrap(this.series.withValues(new ObjectArray(rows.map((r, i) => (missing[i] ? items[i] : r[0]))), names.get(1) ?? this.series.name));
    const cols = Array.from({ length: re.groups }, (_, j) => new ObjectArray(rows.map((r) => r[j])));
    return new DataFrame(cols, Index.of(cols.map((_, j) => names.get(j + 1) ?? j)), this.series.index);
  }

  pyRepr(): string {
    return "<pandas.core.strings.accessor.StringMethods object>";
  }
}

/** A string value; anything else raises TypeError, which `map` turns into NaN as pandas' fallback does. */
function strOnly(v: unknown): string {
  if (typeof v !== "string") throw typeError(`descriptor requires a 'str' object but received a '${scalarKind(v)}'`);
  return v;
}

/** `str.len()` and `str.get()` also take lists and tuples, as pandas' len() and x[i] do. */
function strOnlyOrList(v: unknown): Iterable<unknown> {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v;
  throw typeError(`object of type '${scalarKind(v)}' has no len()`);
}

/** `str.get(i)`: the i-th character (or item of a list), NaN when out of range. */
function getIndexed(v: unknown, i: unknown): unknown {
  const items = typeof v === "string" ? [...v] : Array.isArray(v) ? v : null;
  if (items === null) throw typeError("not indexable");
  const k = numberOf(i);
  if (k === undefined) throw typeError(`list indices must be integers or slices, not ${pyRepr(i)}`);
  const p = k < 0 ? k + items.length : k;
  return p >= 0 && p < items.length ? items[p] : NaN;
}

const intOrNull = (v: unknown): number | null => (v === undefined || v === null ? null : (numberOf(v) ?? null));

/** `str.split(expand=True)`: the lists spread over columns 0, 1, ..., shorter rows padded with None. */
function expandLists(parts: Series): DataFrame {
  const rows = colItems(parts.values);
  const width = rows.reduce<number>((m, r) => Math.max(m, Array.isArray(r) ? r.length : 0), 0);
  const cols = Array.from({ length: width }, (_, j) =>
    new ObjectArray(rows.map((r) => (Array.isArray(r) ? (j < r.length ? r[j] : null) : r))),
  );
  return new DataFrame(cols, Index.range(0, width), parts.index);
}
