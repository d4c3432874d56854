// How the pandas runtime reads dates and durations, against pandas 1.5.3 itself (fixtures/datetime-parse.json from
// gen_datetime_parse.py): every string through pd.to_datetime (default, dayfirst, yearfirst, utc, coerce), strptime
// formats, pd.Timestamp(str), numbers with unit=, pd.Timedelta(str) and pd.to_timedelta of numbers. A result must
// be the same int64 nanoseconds and zone, NaT, or the same exception class and message.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../../src/assets.ts";
import { PyError, WeakFloat } from "../../../src/runtime/core.ts";
import * as pd from "../../../src/runtime/pandas/api.ts";
import { Series } from "../../../src/runtime/pandas/series.ts";
import { DatetimeArray, TimedeltaArray } from "../../../src/runtime/pandas/timearrays.ts";
import { NaTType, Timedelta, Timestamp } from "../../../src/runtime/pandas/timescalars.ts";

type Expect = { ns: string; tz: string | null } | { nat: true } | { td: string } | { raises: string; message: string } | { object: string[] } | { other: string };

interface Fixture {
  meta: { year: number };
  to_datetime: { text: string; opts: Record<string, unknown>; result: Expect }[];
  format: { text: string; format: string; errors: string; exact?: boolean; result: Expect }[];
  timestamp: { text: string; result: Expect }[];
  unit: { values: unknown[]; unit: string; errors: string; result: Expect | { values: Expect[]; dtype: string } }[];
  timedelta: { text: string; result: Expect }[];
  to_timedelta: { values: unknown[]; unit: string; result: Expect | { values: Expect[] } }[];
}

const fixture = JSON.parse(readFileSync(path.join(packageRoot(), "test", "runtime", "pandas", "fixtures", "datetime-parse.json"), "utf8")) as Fixture;

/** An argument as the fixture writes it: floats tagged {"f": x} (a Python float even when integral). */
function arg(v: unknown): unknown {
  if (v !== null && typeof v === "object" && "f" in v) {
    const x = (v as { f: number | string }).f;
    return x === "nan" ? NaN : Number.isInteger(x) ? new WeakFloat(x as number) : x;
  }
  return v;
}

/** A value as the fixture writes it. */
function encode(v: unknown): Expect {
  if (v instanceof NaTType) return { nat: true };
  if (v instanceof Timestamp) return { ns: String(v.value), tz: v.tz === null ? null : v.tz.name };
  if (v instanceof Timedelta) return { td: String(v.value) };
  return { other: String(v) };
}

function attempt(f: () => unknown): Expect | { values: Expect[]; dtype?: string } {
  try {
    const r = f();
    return r as Expect;
  } catch (e) {
    if (!(e instanceof PyError)) throw e;
    return { raises: e.type, message: e.message.slice(e.type.length + 2) };
  }
}

/** The first value of a converted Series (pandas' object results are refused by the runtime). */
function first(s: unknown): Expect {
  const v = (s as Series).values;
  if (v instanceof DatetimeArray || v instanceof TimedeltaArray) return encode(v.item(0));
  return { other: `not a datetime column: ${(s as Series).dtype}` };
}

/**
 * Mismatches as readable lines. Refused on purpose (docs/pandas.md): pandas' object results, and a column whose
 * zone is a dateutil object (an offset of a day or more, which pytz does not take).
 */
function check(label: string, actual: unknown, expected: unknown, out: string[], columnZones = false): void {
  const e = expected as Record<string, unknown>;
  const dateutilColumn = columnZones && typeof e.tz === "string" && /^tz(offset|utc|local)/.test(e.tz);
  if ("object" in e || dateutilColumn) {
    const a = actual as { raises?: string };
    if (a.raises !== "NotImplementedError") out.push(`${label}: pandas gives ${"object" in e ? "an object column" : `a ${String(e.tz)} column`}; expected the runtime's refusal, got ${JSON.stringify(actual)}`);
    return;
  }
  if (JSON.stringify(actual) !== JSON.stringify(expected)) out.push(`${label}: ${JSON.stringify(actual)}\n    expected ${JSON.stringify(expected)}`);
}

describe("pd.to_datetime of strings, as pandas 1.5.3 reads them", () => {
  it(`${fixture.to_datetime.length} strings and options`, () => {
    const out: string[] = [];
    for (const c of fixture.to_datetime) {
      const o = c.opts;
      const r = attempt(() => first(pd.to_datetime(pd.Series([c.text]), o.errors, o.dayfirst, o.yearfirst, o.utc)));
      check(`to_datetime(${JSON.stringify(c.text)}, ${JSON.stringify(o)})`, r, c.result, out, true);
    }
    expect(out.join("\n")).toBe("");
  });

  it(`${fixture.format.length} strings with format=`, () => {
    const out: string[] = [];
    for (const c of fixture.format) {
      const r = attempt(() => first(pd.to_datetime(pd.Series([c.text]), c.errors, undefined, undefined, undefined, c.format, c.exact)));
      check(`to_datetime(${JSON.stringify(c.text)}, format=${JSON.stringify(c.format)}, errors=${c.errors})`, r, c.result, out);
    }
    expect(out.join("\n")).toBe("");
  });

  it(`pd.Timestamp of ${fixture.timestamp.length} strings`, () => {
    const out: string[] = [];
    for (const c of fixture.timestamp) check(`Timestamp(${JSON.stringify(c.text)})`, attempt(() => encode(pd.Timestamp(c.text))), c.result, out);
    expect(out.join("\n")).toBe("");
  });

  it(`${fixture.unit.length} numbers with unit=`, () => {
    const out: string[] = [];
    for (const c of fixture.unit) {
      const values = c.values.map(arg);
      const r = attempt(() => {
        const s = pd.to_datetime(pd.Series(values), c.errors, undefined, undefined, undefined, undefined, undefined, c.unit) as Series;
        const v = s.values as DatetimeArray;
        return { values: Array.from({ length: v.length }, (_, i) => encode(v.item(i))), dtype: s.dtype };
      });
      check(`to_datetime(${JSON.stringify(c.values)}, unit=${c.unit}, errors=${c.errors})`, r, c.result, out);
    }
    expect(out.join("\n")).toBe("");
  });
});

describe("durations, as pandas 1.5.3 reads them", () => {
  it(`pd.Timedelta of ${fixture.timedelta.length} strings`, () => {
    const out: string[] = [];
    for (const c of fixture.timedelta) check(`Timedelta(${JSON.stringify(c.text)})`, attempt(() => encode(pd.Timedelta(c.text))), c.result, out);
    expect(out.join("\n")).toBe("");
  });

  it(`pd.to_timedelta of ${fixture.to_timedelta.length} number lists with units`, () => {
    const out: string[] = [];
    for (const c of fixture.to_timedelta) {
      const values = c.values.map(arg);
      const r = attempt(() => {
        const s = pd.to_timedelta(pd.Series(values), c.unit) as Series;
        const v = s.values as TimedeltaArray;
        return { values: Array.from({ length: v.length }, (_, i) => encode(v.item(i))) };
      });
      check(`to_timedelta(${JSON.stringify(c.values)}, unit=${c.unit})`, r, c.result, out);
    }
    expect(out.join("\n")).toBe("");
  });
});
