// A highlighted row in a list: arrows and j/k move it, PgUp/PgDn by a page, Home/End to the ends.

import { useEffect, useState } from "react";
import { isDown, isUp } from "./keys.ts";
import { useKeys } from "./use-keys.ts";

export interface ListCursorOptions {
  /** Whether this list has the keyboard. */
  readonly active: boolean;
  /** Rows a page moves. */
  readonly page?: number;
  /** j/k move too (off where letters are typed as text). */
  readonly letters?: boolean;
  readonly initial?: number;
}

export function useListCursor(count: number, opts: ListCursorOptions): readonly [number, (i: number) => void] {
  const [index, setIndex] = useState(opts.initial ?? 0);
  const clamp = (i: number) => Math.max(0, Math.min(i, count - 1));
  useEffect(() => {
    if (index > 0 && index >= count) setIndex(Math.max(0, count - 1));
  }, [count, index]);
  useKeys(
    (input, key) => {
      const page = Math.max(1, opts.page ?? 10);
      if (isUp(input, key, opts.letters ?? true)) setIndex((i) => clamp(i - 1));
      else if (isDown(input, key, opts.letters ?? true)) setIndex((i) => clamp(i + 1));
      else if (key.pageUp) setIndex((i) => clamp(i - page));
      else if (key.pageDown) setIndex((i) => clamp(i + page));
      else if (key.home) setIndex(0);
      else if (key.end) setIndex(clamp(count - 1));
    }, opts.active && count > 0);
  return [clamp(index), (i: number) => setIndex(clamp(i))] as const;
}

/** The first row to show so that row `index` of `count` is visible in `height` rows (kept near the middle). */
export function windowStart(index: number, count: number, height: number): number {
  if (count <= height) return 0;
  return Math.max(0, Math.min(index - Math.floor(height / 2), count - height));
}
