// Runs every case of fixtures/py-cases.json (expected results computed by CPython 3.11, see gen_py_cases.py)
// against the Python-semantics runtime, comparing results exactly (floats bit for bit unless a case allows ulps).
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { PyError, WeakFloat, weakFloat, tuple, isTuple, Slice, slice } from "../../src/runtime/core.ts";
import * as py from "../../src/runtime/py.ts";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Case {
  name: string;
  fn: string;
  args: Json[];
  kwargs?: Record<string, Json>;
  expected: Json;
  after?: Json;
  ulps?: number;
}

const cases: Case[] = JSON.parse(
  readFileSync(new URL("./fixtures/py-cases.json", import.meta.url), "utf8"),
) as Case[];

type Fn = (...args: unknown[]) => unknown;
const call = (obj: unknown, name: string, ...args: unknown[]): unknown => py.callMethod(obj, name, args);

/** Mirrors FUNCS in gen_py_cases.py. */
const FUNCS: Record<string, Fn> = {
  len: (x) => py.len(x),
  neg: (x) => py.neg(x),
  abs: (x) => py.abs(x),
  str: (x) => py.str(x),
  bool: (x) => py.bool(x),
  lower: (s) => call(s, "lower"),
  first: (t) => py.getitem(t, 0),
  second: (t) => py.getitem(t, 1),
  mod3: (x) => py.mod(x, 3),
  is_even: (x) => py.eq(py.mod(x, 2), 0),
  is_pos: (x) => py.gt(x, 0),
  add: (a, b) => py.add(a, b),
  square: (x) => py.mul(x, x),
  upper_match: (m) => call(call(m, "group", 0), "upper"),
  swap_groups: (m) => py.add(call(m, "group", 2), call(m, "group", 1)),
  match_len: (m) => py.str(py.len(call(m, "group", 0))),
};
const FUNC_NAMES = new Map<unknown, string>(Object.entries(FUNCS).map(([k, v]) => [v, k]));

function parseFloatRepr(s: string): number {
  if (s === "nan") return NaN;
  if (s === "inf") return Infinity;
  if (s === "-inf") return -Infinity;
  return Number(s);
}

/** Tagged JSON to a runtime value. */
function decode(x: Json): unknown {
  if (x === null || typeof x !== "object") return x;
  if (Array.isArray(x)) return x.map(decode);
  if ("$f" in x) {
    const v = parseFloatRepr(x.$f as string);
    return Number.isInteger(v) ? weakFloat(v) : v;
  }
  if ("$int" in x) return Number(BigInt(x.$int as string));
  if ("$t" in x) return tuple((x.$t as Json[]).map(decode));
  if ("$d" in x) return new py.PyDict((x.$d as [Json, Json][]).map(([k, v]) => [decode(k), decode(v)] as const));
  if ("$s" in x) return new py.PySet((x.$s as Json[]).map(decode));
  if ("$range" in x) {
    const [a, b, c] = x.$range as number[];
    return py.range(a, b, c);
  }
  if ("$slice" in x) {
    const [a, b, c] = x.$slice as (number | null)[];
    return slice(a, b, c);
  }
  if ("$fn" in x) return FUNCS[x.$fn as string];
  throw new Error(`cannot decode ${JSON.stringify(x)}`);
}

/** A runtime value to the tagged JSON the generator writes (floats kept as numbers for exact comparison). */
function encode(x: unknown): unknown {
  if (x === null || x === undefined) return null;
  if (typeof x === "boolean" || typeof x === "string") return x;
  if (typeof x === "number") {
    if (!Number.isInteger(x)) return { $f: x };
    return Math.abs(x) <= 2 ** 53 ? x : { $int: BigInt(x).toString() };
  }
  if (x instanceof WeakFloat) return { $f: x.value };
  if (Array.isArray(x)) return isTuple(x) ? { $t: x.map(encode) } : x.map(encode);
  if (x instanceof py.PyDict) return { $d: Array.from(x, ([k, v]) => [encode(k), encode(v)]) };
  if (x instanceof py.PySet) return { $s: Array.from(x, encode) };
  if (x instanceof py.PyRange) return { $range: [x.start, x.stop, x.step] };
  if (x instanceof Slice) return { $slice: [x.start, x.stop, x.step] };
  if (x instanceof py.Match) {
    const spans: number[][] = [];
    for (let g = 0; g <= x.re.groups; g++) spans.push([x.start(g), x.end(g)]);
    return {
      $match: {
        spans,
        groups: [encode(x.group(0)), ...(x.groups() as unknown[]).map(encode)],
        groupdict: encode(x.groupdict()),
        lastindex: x.lastindex,
        lastgroup: x.lastgroup,
      },
    };
  }
  if (x instanceof py.Pattern) return { $pattern: [x.pattern, x.flags] };
  if (typeof x === "function") return { $fn: FUNC_NAMES.get(x) ?? "?" };
  throw new Error(`cannot encode ${String(x)}`);
}

/** Expected tagged JSON with float reprs parsed, so both sides hold numbers. */
function normalizeExpected(x: Json): unknown {
  if (x === null || typeof x !== "object") return x;
  if (Array.isArray(x)) return x.map(normalizeExpected);
  if ("$f" in x) return { $f: parseFloatRepr(x.$f as string) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) out[k] = normalizeExpected(v);
  return out;
}

function ulpDistance(a: number, b: number): number {
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  const ia = buf.getBigInt64(0);
  const ib = buf.getBigInt64(8);
  const oa = ia < 0n ? -(ia & 0x7fffffffffffffffn) : ia;
  const ob = ib < 0n ? -(ib & 0x7fffffffffffffffn) : ib;
  const d = oa - ob;
  return Number(d < 0n ? -d : d);
}

const canonical = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));

/** Structural equality; "$f" numbers exactly (NaN equals NaN, -0 differs from 0) or within `ulps`; sets unordered. */
function same(actual: unknown, expected: unknown, ulps: number): boolean {
  if (typeof expected !== "object" || expected === null) return Object.is(actual, expected);
  if (typeof actual !== "object" || actual === null) return false;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => same(actual[i], e, ulps));
  }
  if (Array.isArray(actual)) return false;
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  if ("$f" in e) {
    if (!("$f" in a)) return false;
    const x = a.$f as number;
    const y = e.$f as number;
    if (Object.is(x, y)) return true;
    return ulps > 0 && Number.isFinite(x) && Number.isFinite(y) && ulpDistance(x, y) <= ulps;
  }
  if ("$s" in e) {
    if (!("$s" in a)) return false;
    const xs = (a.$s as unknown[]).map(canonical).sort();
    const ys = (e.$s as unknown[]).map(canonical).sort();
    return xs.length === ys.length && xs.every((v, i) => v === ys[i]);
  }
  const keys = Object.keys(e);
  if (keys.length !== Object.keys(a).length) return false;
  return keys.every((k) => k in a && same(a[k], e[k], ulps));
}

function withKw(args: unknown[], kwargs: Record<string, unknown> | undefined): unknown[] {
  return kwargs ? [...args, py.kw(kwargs)] : args;
}

const RUNTIME = py as unknown as Record<string, unknown>;
const RE = py.re as unknown as Record<string, unknown>;
const MATH = py.math as unknown as Record<string, unknown>;

function run(c: Case, args: unknown[], kwargs: Record<string, unknown> | undefined): unknown {
  const { fn } = c;
  if (fn.startsWith("method:")) return py.callMethod(args[0], fn.slice(7), args.slice(1), kwargs);
  if (fn.startsWith("re.")) return (RE[fn.slice(3)] as Fn)(...withKw(args, kwargs));
  if (fn.startsWith("math.")) return (MATH[fn.slice(5)] as Fn)(...withKw(args, kwargs));
  if (fn.startsWith("pattern.")) {
    const p = py.re.compile(args[0], args[1]);
    return py.callMethod(p, fn.slice(8), args.slice(2), kwargs);
  }
  switch (fn) {
    case "iter":
      return Array.from(py.iter(args[0]));
    case "getattr":
      return py.getattr(args[0], args[1] as string);
    case "isinstance":
      return py.isinstance(args[0], args[1] as string[]);
  }
  const f = RUNTIME[fn];
  if (typeof f !== "function") throw new Error(`no runtime function ${fn}`);
  return (f as Fn)(...withKw(args, kwargs));
}

/** Cases whose CPython error message the runtime words differently (the exception type still has to match). */
const LOOSE_MESSAGE: readonly RegExp[] = [
  /^dict\.get \{\} \(\)/, // CPython: "get expected at least 1 argument, got 0"
  /^re\.search \('\(\?\(1\)a\|b\)'/, // conditionals are refused before the group reference is checked
];

/**
 * Patterns CPython accepts and the runtime refuses with re.error, because JavaScript's RegExp cannot express them
 * (convertPattern reports the same error at translation time). Their cases assert the refusal.
 */
const UNSUPPORTED_RE: readonly RegExp[] = [
  /^re\.findall \('\\\\N\{/, // \N{NAME} escapes need the Unicode name database
  /^re\.search \('a\*\+'/, // possessive quantifier
  /^re\.search \('\(\?>a\)'/, // atomic group
  /^re\.search \('\(\?i:a\)b'/, // scoped IGNORECASE
];

/**
 * Known semantic differences: JavaScript resets the captures of a repeated group on each iteration, CPython keeps
 * the last value a group captured in an earlier iteration.
 */
const KNOWN_DIFFERENT: readonly RegExp[] = [/^re\.(search|finditer) \('\(\?:\(a\)\|\(b\)\)\+'/];

function area(c: Case): string {
  if (c.fn.startsWith("method:")) return "methods";
  if (c.fn.startsWith("re.") || c.fn.startsWith("pattern.")) return "re";
  if (c.fn.startsWith("math.")) return "math";
  if (c.fn === "format" || c.fn === "fstringValue") return "format";
  if (/^(add|sub|mul|truediv|floordiv|mod|divmod|pow|neg|pos|invert|bit\w+|lshift|rshift)$/.test(c.fn)) return "operators";
  if (/^(eq|ne|lt|le|gt|ge|contains|truthy|not|is_)$/.test(c.fn)) return "comparisons";
  if (/^(getitem|setitem|delitem)$/.test(c.fn)) return "subscripts";
  return "builtins";
}

const byArea = new Map<string, Case[]>();
for (const c of cases) {
  const a = area(c);
  if (!byArea.has(a)) byArea.set(a, []);
  byArea.get(a)!.push(c);
}

test("fixture has at least 500 cases", () => {
  expect(cases.length).toBeGreaterThanOrEqual(500);
});

for (const [name, list] of byArea) {
  describe(`py runtime vs CPython 3.11: ${name} (${list.length} cases)`, () => {
    for (const c of list) {
      const known = KNOWN_DIFFERENT.some((re) => re.test(c.name));
      (known ? test.fails : test)(c.name, () => {
        const args = c.args.map(decode);
        if (UNSUPPORTED_RE.some((re) => re.test(c.name))) {
          expect(() => run(c, args, undefined)).toThrow(/^re\.error: .*not supported/);
          return;
        }
        const kwargs = c.kwargs
          ? Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, decode(v)]))
          : undefined;
        const exp = c.expected as Record<string, unknown> | null;
        if (exp !== null && typeof exp === "object" && !Array.isArray(exp) && "$raises" in exp) {
          let thrown: unknown;
          try {
            const r = run(c, args, kwargs);
            thrown = new Error(`returned ${JSON.stringify(encode(r))}`);
          } catch (e) {
            thrown = e;
          }
          expect(thrown, String(thrown)).toBeInstanceOf(PyError);
          const err = thrown as PyError;
          expect(err.type).toBe(exp.$raises);
          if (!LOOSE_MESSAGE.some((re) => re.test(c.name))) {
            expect(err.message).toBe(`${String(exp.$raises)}: ${String(exp.message)}`);
          }
          return;
        }
        const result = encode(run(c, args, kwargs));
        const expected = normalizeExpected(c.expected);
        if (!same(result, expected, process.env.PY_EXACT ? 0 : (c.ulps ?? 0))) expect(result).toEqual(expected);
        if (c.after !== undefined) {
          const after = encode(args[0]);
          const want = normalizeExpected(c.after);
          if (!same(after, want, 0)) expect(after).toEqual(want);
        }
      });
    }
  });
}
