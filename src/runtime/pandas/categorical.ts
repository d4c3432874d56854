// pandas runtime, `pd.Categorical(values, categories=None, ordered=False)`: the integer codes of values among a list of
// categories, how notebooks encode a column with fixed levels (`pd.Categorical(df["weather"], categories=WEATHER).codes`,
// -1 for a missing or unknown value). A column of category dtype is not in the runtime: `.codes` is the way out of one.
import { pyError } from "../core.ts";
import { allocate, NDArray } from "../ndarray.ts";
import { sorted } from "../py-builtins.ts";
import { toArray } from "../py-ops.ts";
import { METHOD_NOT_FOUND } from "../pystr.ts";
import { colItems } from "./column.ts";
import { Index } from "./index.ts";
import { Series } from "./series.ts";
import { isNA, labelKey, pyScalar } from "./values.ts";

export class Categorical {
  readonly pyTypeName = "Categorical";

  constructor(
    readonly codes: NDArray,
    readonly categories: Index,
    readonly ordered: boolean,
  ) {}

  pyAttr(name: string): unknown {
    switch (name) {
      case "codes":
        return this.codes;
      case "categories":
        return this.categories;
      case "ordered":
        return this.ordered;
      default:
        return METHOD_NOT_FOUND;
    }
  }

  pyMethod(): unknown {
    return METHOD_NOT_FOUND;
  }

  pyLen(): number {
    return this.codes.size;
  }

  pyRepr(): string {
    return `<Categorical of ${this.codes.size} values, ${this.categories.length} categories>`;
  }
}

/**
 * `pd.Categorical(values, categories=None, ordered=False, dtype=None)`: without categories, the sorted distinct values
 * (in order of appearance when they cannot be sorted, as pandas falls back). Codes are int8 below 128 categories,
 * int16 beyond (pandas' smallest integer type that holds them).
 */
export function makeCategorical(values: unknown, categories?: unknown, ordered?: unknown, dtype?: unknown): Categorical {
  if (dtype !== undefined && dtype !== null) throw pyError("TypeError", "pd.Categorical(dtype=...) is not supported by nb2svc's pandas runtime; pass categories=[...]");
  const items = (values instanceof Series ? colItems(values.values) : toArray(values)).map(pyScalar);
  const present = items.filter((v) => !isNA(v));
  let cats: unknown[];
  if (categories === undefined || categories === null) {
    const distinct = [...new Map(present.map((v) => [labelKey(v), v])).values()];
    try {
      cats = sorted(distinct);
    } catch {
      cats = distinct;
    }
  } else {
    cats = (categories instanceof Index ? colItems(categories.toColumn()) : categories instanceof Series ? colItems(categories.values) : toArray(categories)).map(pyScalar);
    if (cats.some(isNA)) throw pyError("ValueError", "Categorical categories cannot be null");
    if (new Set(cats.map(labelKey)).size !== cats.length) throw pyError("ValueError", "Categorical categories must be unique");
  }
  const position = new Map(cats.map((c, i) => [labelKey(c), i]));
  const dt = cats.length < 128 ? "int8" : "int16";
  const out = allocate(dt, items.length);
  items.forEach((v, i) => {
    out[i] = isNA(v) ? -1 : (position.get(labelKey(v)) ?? -1);
  });
  return new Categorical(new NDArray(out, [items.length], dt), Index.of(cats), ordered === true);
}
