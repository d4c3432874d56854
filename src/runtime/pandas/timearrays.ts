// pandas runtime, the two column kinds of time: datetime64[ns] (naive, or in a UTC/fixed-offset zone: pandas'
// DatetimeTZDtype) and timedelta64[ns], each a BigInt64Array of nanoseconds with NaT as int64's minimum, as pandas
// holds them. Items are handed out as pd.Timestamp / pd.Timedelta / pd.NaT, as `tolist()` gives them.
import { dateRepr, fieldsOf, floorMod, isoFormat, NAT, NS_DAY, NS_S, timedeltaText, type Tz } from "./tscore.ts";
import { boxTimedelta, boxTimestamp, datetimeNs, NaTType, Timedelta, timedeltaNs, Timestamp } from "./timescalars.ts";

export type DatetimeDType = "datetime64[ns]" | `datetime64[ns, ${string}]`;
export type TimeDType = DatetimeDType | "timedelta64[ns]";

export const isTimeDType = (d: string): d is TimeDType => d.startsWith("datetime64[ns") || d === "timedelta64[ns]";

export const datetimeDType = (tz: Tz | null): DatetimeDType => (tz === null ? "datetime64[ns]" : `datetime64[ns, ${tz.name}]`);

/** A datetime64[ns] column: nanoseconds since the epoch in UTC, and the zone its wall clock is read in. */
export class DatetimeArray {
  constructor(
    readonly data: BigInt64Array,
    readonly tz: Tz | null,
  ) {}

  get dtype(): DatetimeDType {
    return datetimeDType(this.tz);
  }

  get length(): number {
    return this.data.length;
  }

  copy(): DatetimeArray {
    return new DatetimeArray(this.data.slice(), this.tz);
  }

  item(i: number): Timestamp | NaTType {
    return boxTimestamp(this.data[i], this.tz);
  }

  isNA(i: number): boolean {
    return this.data[i] === NAT;
  }

  take(positions: readonly number[]): DatetimeArray {
    const out = new BigInt64Array(positions.length);
    positions.forEach((p, i) => (out[i] = p < 0 ? NAT : this.data[p]));
    return new DatetimeArray(out, this.tz);
  }

  /** From Python values that are Timestamps (of this zone), NaT, None or NaN; null when one is anything else. */
  static fromItems(items: readonly unknown[], tz: Tz | null): DatetimeArray | null {
    const out = new BigInt64Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      const ns = datetimeNs(v);
      if (ns === undefined) return null;
      if (v instanceof Timestamp && (v.tz === null) !== (tz === null)) return null;
      if (v instanceof Timestamp && tz !== null && (v.tz!.name !== tz.name || v.tz!.minutes !== tz.minutes)) return null;
      out[i] = ns;
    }
    return new DatetimeArray(out, tz);
  }

  static full(n: number, ns: bigint, tz: Tz | null): DatetimeArray {
    return new DatetimeArray(new BigInt64Array(n).fill(ns), tz);
  }
}

/** A timedelta64[ns] column. */
export class TimedeltaArray {
  readonly tz = null;

  constructor(readonly data: BigInt64Array) {}

  get dtype(): "timedelta64[ns]" {
    return "timedelta64[ns]";
  }

  get length(): number {
    return this.data.length;
  }

  copy(): TimedeltaArray {
    return new TimedeltaArray(this.data.slice());
  }

  item(i: number): Timedelta | NaTType {
    return boxTimedelta(this.data[i]);
  }

  isNA(i: number): boolean {
    return this.data[i] === NAT;
  }

  take(positions: readonly number[]): TimedeltaArray {
    const out = new BigInt64Array(positions.length);
    positions.forEach((p, i) => (out[i] = p < 0 ? NAT : this.data[p]));
    return new TimedeltaArray(out);
  }

  static fromItems(items: readonly unknown[]): TimedeltaArray | null {
    const out = new BigInt64Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const ns = timedeltaNs(items[i]);
      if (ns === undefined) return null;
      out[i] = ns;
    }
    return new TimedeltaArray(out);
  }

  static full(n: number, ns: bigint): TimedeltaArray {
    return new TimedeltaArray(new BigInt64Array(n).fill(ns));
  }
}

export type TimeArray = DatetimeArray | TimedeltaArray;

export const isTimeArray = (x: unknown): x is TimeArray => x instanceof DatetimeArray || x instanceof TimedeltaArray;

/**
 * pandas' inference for Python values that are all times (`maybe_convert_objects` with datetimes): Timestamps of
 * one zone (with NaT/None/NaN) make a datetime64 column, Timedeltas a timedelta64 one, only NaT a datetime64[ns] one;
 * null when the values are not all of one such kind.
 */
export function inferTimeColumn(items: readonly unknown[]): TimeArray | null {
  let first: Timestamp | Timedelta | null = null;
  let sawNaT = false;
  for (const v of items) {
    if (v instanceof Timestamp || v instanceof Timedelta) {
      if (first === null) first = v;
    } else if (v instanceof NaTType) sawNaT = true;
  }
  if (first === null) return sawNaT && items.every((v) => datetimeNs(v) === NAT) ? DatetimeArray.full(items.length, NAT, null) : null;
  if (first instanceof Timestamp) return DatetimeArray.fromItems(items, first.tz);
  return TimedeltaArray.fromItems(items);
}

/**
 * A time column's values as pandas prints them in a table: naive datetimes share one format (dates only when every
 * value is at midnight, else seconds with the finest fraction any value needs), zoned ones are each `str()`, and
 * timedeltas show the clock unless every value is whole days; NaT is "NaT". No leading space (not numbers). It is also
 * what `astype(str)` gives (`_format_native_types`).
 */
export function formatTimeColumn(c: DatetimeArray | TimedeltaArray): string[] {
  if (c instanceof TimedeltaArray) {
    const evenDays = c.data.every((v) => v === NAT || floorMod(v, NS_DAY) === 0n);
    return Array.from(c.data, (v) => (v === NAT ? "NaT" : timedeltaText(v, evenDays ? null : "long")));
  }
  if (c.tz !== null) return Array.from(c.data, (v) => (v === NAT ? "NaT" : isoFormat(v, c.tz, " ")));
  const present = Array.from(c.data).filter((v) => v !== NAT);
  if (present.every((v) => floorMod(v, NS_DAY) === 0n)) return Array.from(c.data, (v) => (v === NAT ? "NaT" : dateRepr(fieldsOf(v))));
  // the column's resolution: nanoseconds, micro, milli or whole seconds
  const sub = present.map((v) => Number(floorMod(v, NS_S)));
  const digits = sub.some((x) => x % 1000 !== 0) ? 9 : sub.some((x) => x % 1_000_000 !== 0) ? 6 : sub.some((x) => x !== 0) ? 3 : 0;
  return Array.from(c.data, (v) => {
    if (v === NAT) return "NaT";
    const f = fieldsOf(v);
    let s = `${dateRepr(f)} ${pad2(f.hour)}:${pad2(f.minute)}:${pad2(f.second)}`;
    const ns = Number(floorMod(v, NS_S));
    if (digits === 9) s += "." + String(ns).padStart(9, "0");
    else if (digits === 6) s += "." + String(Math.floor(ns / 1000)).padStart(6, "0");
    else if (digits === 3) s += "." + String(Math.floor(ns / 1_000_000)).padStart(3, "0");
    return s;
  });
}

const pad2 = (n: number): string => String(n).padStart(2, "0");
