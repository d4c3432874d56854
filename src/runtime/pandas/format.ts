// pandas runtime, repr/str of a Series or DataFrame as pandas 1.5.3 prints it with its default display options in
// Jupyter (precision 6, max_rows 60 shown as 5 + 5, max_columns 20 shown as 10 + 10, width 80 with wrapped column
// blocks, max_colwidth 50): each column formatted as a whole (floats share their decimals, large or tiny ones switch
// to exponent form), columns right-justified under their labels, the index left-justified.
import { WeakFloat } from "../core.ts";
import { NDArray } from "../ndarray.ts";
import { callMethod } from "../py-builtins.ts";
import { format as pyFormat, str as pyStr } from "../pyformat.ts";
import { colItems, colLength, colTake, DatetimeArray, isTimeArray, numAt, TimedeltaArray, type Column } from "./column.ts";
import { isFloatDType, isIntDType, isNumericDType, isTimeDType } from "./dtypes.ts";
import { formatTimeColumn } from "./timearrays.ts";
import { dateRepr, fieldsOf, floorMod, isoFormat, NAT, NS_DAY, timedeltaText } from "./tscore.ts";
import type { DataFrame } from "./frame.ts";
import type { Index } from "./index.ts";
import type { Series } from "./series.ts";
import { isNA } from "./values.ts";

const PRECISION = 6;
const MAX_ROWS = 60;
const MIN_ROWS = 10;
const MAX_COLUMNS = 20;
const WIDTH = 80;
const MAX_COLWIDTH = 50;

const len = (s: string): number => [...s].length;
const ljust = (s: string, w: number): string => s + " ".repeat(Math.max(0, w - len(s)));
const rjust = (s: string, w: number): string => " ".repeat(Math.max(0, w - len(s))) + s;

/** pandas' `pprint_thing` of a value inside a table: str(), with tabs and newlines escaped. */
function thing(v: unknown): string {
  return pyStr(v).replace(/\t/g, "\\t").replace(/\r/g, "\\r").replace(/\n/g, "\\n");
}

const NUMBER_WITH_DECIMAL = /^\s*[+-]?[0-9]+\.[0-9]*$/;

/** pandas' `_trim_zeros_float`: the same number of trailing zeros off every decimal number, keeping one digit. */
function trimZerosFloat(values: string[]): string[] {
  let out = values;
  const shouldTrim = (xs: string[]) => {
    const nums = xs.filter((x) => NUMBER_WITH_DECIMAL.test(x));
    return nums.length > 0 && nums.every((x) => x.endsWith("0"));
  };
  while (shouldTrim(out)) out = out.map((x) => (NUMBER_WITH_DECIMAL.test(x) ? x.slice(0, -1) : x));
  return out.map((x) => (NUMBER_WITH_DECIMAL.test(x) && x.endsWith(".") ? x + "0" : x));
}

/** pandas' FloatArrayFormatter at fixed width: `{: .6f}` trimmed together, or `{: .6e}` for tiny or huge values. */
function formatFloats(values: readonly number[], leadingSpace: boolean): string[] {
  const sp = leadingSpace ? " " : "";
  const fixed = trimZerosFloat(values.map((v) => (v !== v ? "NaN" : pyFormat(v, `${sp}.${PRECISION}f`))));
  const maxlen = fixed.reduce((m, x) => Math.max(m, len(x)), 0);
  const tooLong = maxlen > PRECISION + 6;
  const abs = values.map(Math.abs);
  const large = abs.some((a) => a > 1e6);
  const small = abs.some((a) => a < 10 ** -PRECISION && a > 0);
  if (small || (tooLong && large)) {
    return trimZerosFloat(values.map((v) => (v !== v ? "NaN" : pyFormat(v, `${sp}.${PRECISION}e`))));
  }
  return fixed;
}

/** One float in an object column (`_trim_zeros_single_float` of `{: .6f}`). */
function objectFloat(v: number): string {
  let s = pyFormat(v, ` .${PRECISION}f`).replace(/0+$/, "");
  if (s.endsWith(".")) s += "0";
  return s;
}

const isPyFloat = (v: unknown): boolean =>
  v instanceof WeakFloat || (typeof v === "number" && !Number.isInteger(v)) || (v instanceof NDArray && v.ndim === 0 && isFloatDType(v.dtype));


/** The labels of a DatetimeIndex/TimedeltaIndex in its repr: each `str()` (dates only when all are midnight). */
export function formatTimeLabels(c: Column): string[] {
  if (c instanceof TimedeltaArray) {
    const evenDays = c.data.every((v) => v === NAT || floorMod(v, NS_DAY) === 0n);
    return Array.from(c.data, (v) => (v === NAT ? "NaT" : `'${timedeltaText(v, evenDays ? null : "long")}'`));
  }
  if (!(c instanceof DatetimeArray)) return colItems(c).map((v) => pyStr(v));
  const datesOnly = c.tz === null && c.data.every((v) => v === NAT || floorMod(v, NS_DAY) === 0n);
  return Array.from(c.data, (v) => `'${v === NAT ? "NaT" : datesOnly ? dateRepr(fieldsOf(v)) : isoFormat(v, c.tz, " ")}'`);
}

/** A column's values as strings, before justification (`format_array`). */
function formatColumn(c: Column, leadingSpace: boolean): string[] {
  const n = colLength(c);
  if (isTimeArray(c)) return formatTimeColumn(c);
  if (c instanceof NDArray) {
    if (isFloatDType(c.dtype)) {
      const vals = Array.from({ length: n }, (_, i) => numAt(c, i));
      return formatFloats(c.dtype === "float32" ? vals.map(float32Shortest) : vals, leadingSpace);
    }
    if (isIntDType(c.dtype)) return Array.from({ length: n }, (_, i) => `${leadingSpace ? " " : ""}${numAt(c, i)}`);
  }
  const items = colItems(c);
  return items.map((v) => {
    if (isPyFloat(v) && !isNA(v)) return objectFloat(typeof v === "number" ? v : v instanceof WeakFloat ? v.value : Number((v as NDArray).item()));
    const s = v === null || v === undefined ? "None" : isNA(v) ? "NaN" : thing(v);
    return leadingSpace ? ` ${s}` : s;
  });
}

/** numpy prints float32 values by their shortest float32 digits; pandas formats those with %f. */
function float32Shortest(v: number): number {
  if (!Number.isFinite(v)) return v;
  for (let p = 1; p <= 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return s;
  }
  return v;
}

/** pandas' `_make_fixed_width`: right-justified to the longest (at least `minimum`), cut at max_colwidth. */
function fixedWidth(values: string[], justify: "left" | "right", minimum = 0): string[] {
  let w = Math.max(minimum, ...values.map(len));
  if (w > MAX_COLWIDTH) w = MAX_COLWIDTH;
  const cut = values.map((x) => (len(x) > w ? [...x].slice(0, w - 3).join("") + "..." : x));
  return cut.map((x) => (justify === "left" ? ljust(x, w) : rjust(x, w)));
}

/** `Index.format()`: labels as text, left-justified by the caller. */
function formatIndex(ix: Index): string[] {
  if (isTimeDType(ix.dtype)) return formatTimeColumn(ix.toColumn() as DatetimeArray | TimedeltaArray);
  if (ix.dtype === "object" || ix.dtype === "bool") return ix.labels().map((l) => (isNA(l) && l !== null ? "NaN" : thing(l)));
  if (ix.dtype === "float64") return formatFloats(ix.labels().map((l) => Number(l)), false).map((s) => s.trimStart());
  return ix.labels().map((l) => String(l));
}

/** pandas' `adjoin`: columns side by side, each left-justified to its width plus `space` (the last to its own). */
function adjoin(space: number, ...lists: string[][]): string {
  const widths = lists.map((l, i) => Math.max(0, ...l.map(len)) + (i < lists.length - 1 ? space : 0));
  const rows = Math.max(...lists.map((l) => l.length));
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push(lists.map((l, i) => ljust(l[r] ?? "", widths[i])).join(""));
  return out.join("\n");
}

/** Rows shown: all, or the first and last 5 when there are more than 60 (then `cut` is where the dots go). */
function shownRows(n: number): { rows: number[]; cut: number | null } {
  if (n <= MAX_ROWS) return { rows: Array.from({ length: n }, (_, i) => i), cut: null };
  const half = Math.floor(MIN_ROWS / 2);
  return { rows: [...Array.from({ length: half }, (_, i) => i), ...Array.from({ length: half }, (_, i) => n - half + i)], cut: half };
}

function dtypeFooter(s: Series, truncated: boolean): string {
  const parts: string[] = [];
  if (s.name !== null) parts.push(`Name: ${thing(s.name)}`);
  if (truncated) parts.push(`Length: ${s.length}`);
  parts.push(`dtype: ${s.dtype}`);
  return parts.join(", ");
}

export function formatSeries(s: Series): string {
  if (s.length === 0) return `Series([], ${dtypeFooter(s, false)})`;
  const { rows, cut } = shownRows(s.length);
  const values = fixedWidth(formatColumn(colTake(s.values, rows), true), "right");
  const index = formatIndex(s.index.take(rows));
  if (cut !== null) {
    const w = len(values[cut - 1]);
    values.splice(cut, 0, callMethod(w > 3 ? "..." : "..", "center", [w]) as string);
    index.splice(cut, 0, "");
  }
  const header = s.index.name !== null ? thing(s.index.name) + "\n" : "";
  return header + adjoin(3, index, values) + "\n" + dtypeFooter(s, cut !== null);
}

export function formatFrame(df: DataFrame): string {
  const dimensions = `\n\n[${df.nrows} rows x ${df.ncols} columns]`;
  if (df.nrows === 0 || df.ncols === 0) {
    const cols = `[${df.columns.labels().map(thing).join(", ")}]`;
    const idx = `[${df.index.labels().map(thing).join(", ")}]`;
    return `Empty DataFrame\nColumns: ${cols}\nIndex: ${idx}` + (df.ncols > MAX_COLUMNS || df.nrows > MAX_ROWS ? dimensions : "");
  }
  const { rows, cut } = shownRows(df.nrows);
  let colPositions = Array.from({ length: df.ncols }, (_, j) => j);
  let colCut: number | null = null;
  if (df.ncols > MAX_COLUMNS) {
    const half = MAX_COLUMNS / 2;
    colPositions = [...colPositions.slice(0, half), ...colPositions.slice(df.ncols - half)];
    colCut = half;
  }
  const index = ["", ...formatIndex(df.index.take(rows))];
  const strcols: string[][] = [fixedWidth(index, "left")];
  for (const j of colPositions) {
    // numeric columns' labels get the leading space their values have
    const header = (isNumericDType(df.cols[j].dtype) ? " " : "") + thing(df.columns.label(j));
    const values = fixedWidth(formatColumn(colTake(df.cols[j], rows), true), "right", len(header));
    const w = Math.max(len(header), ...values.map(len));
    strcols.push([rjust(header, w), ...values]);
  }
  if (colCut !== null) strcols.splice(colCut + 1, 0, new Array<string>(index.length).fill(" ..."));
  if (cut !== null) {
    strcols.forEach((col, ix) => {
      const isDotCol = colCut !== null && ix === colCut + 1;
      let cwidth = len(col[cut]);
      const dots = cwidth > 3 || isDotCol ? "..." : "..";
      if (isDotCol) cwidth = 4;
      col.splice(cut + 1, 0, ix === 0 ? ljust(dots, cwidth) : rjust(dots, cwidth));
    });
  }
  let text = joinMultiline(strcols, cut !== null ? rows.length + 2 : rows.length + 1);
  if (cut !== null || colCut !== null) text += dimensions;
  return text;
}

/** pandas' `_join_multiline`: column blocks that fit the width, each after the index, "\" closing all but the last. */
function joinMultiline(strcols: string[][], nrows: number): string {
  const [idx, ...cols] = strcols;
  const lwidth = WIDTH - (Math.max(...idx.map(len)) + 1);
  const widths = cols.map((c) => Math.max(0, ...c.map(len)));
  const bins: number[] = [];
  let curr = 0;
  widths.forEach((w, i) => {
    const adjoined = w + 1;
    curr += adjoined;
    const wrap = (i === widths.length - 1 ? curr + 1 > lwidth : curr + 2 > lwidth) && i > 0;
    if (wrap) {
      bins.push(i);
      curr = adjoined;
    }
  });
  bins.push(cols.length);
  const blocks: string[] = [];
  let start = 0;
  bins.forEach((end, i) => {
    const row = [idx, ...cols.slice(start, end)];
    if (bins.length > 1) {
      if (end <= cols.length && i < bins.length - 1) row.push([" \\", ...new Array<string>(nrows - 1).fill("  ")]);
      else row.push(new Array<string>(nrows).fill(" "));
    }
    blocks.push(adjoin(1, ...row));
    start = end;
  });
  return blocks.join("\n\n");
}
