// A scroll position over lines of text: arrows and j/k by a line, PgUp/PgDn by a page, h/l and ←/→ sideways.

import { useEffect, useState } from "react";
import { isDown, isLeft, isRight, isUp } from "./keys.ts";
import { useKeys } from "./use-keys.ts";

export interface Scroll {
  readonly top: number;
  readonly left: number;
}

export interface ScrollOptions {
  readonly active: boolean;
  /** Lines to scroll through and the rows showing them. */
  readonly lines: number;
  readonly height: number;
  /** Columns a left/right press moves; 0 turns sideways scrolling off. */
  readonly sideways?: number;
  /** Starts again at the top when this changes (another text shown). */
  readonly resetKey?: string;
}

export function useScroll(opts: ScrollOptions): Scroll {
  const [scroll, setScroll] = useState<Scroll>({ top: 0, left: 0 });
  const maxTop = Math.max(0, opts.lines - opts.height);
  useEffect(() => setScroll({ top: 0, left: 0 }), [opts.resetKey]);
  useKeys(
    (input, key) => {
      const by = (d: number) => setScroll((s) => ({ ...s, top: Math.max(0, Math.min(s.top + d, maxTop)) }));
      if (isUp(input, key)) by(-1);
      else if (isDown(input, key)) by(1);
      else if (key.pageUp) by(-opts.height);
      else if (key.pageDown) by(opts.height);
      else if (key.home) setScroll({ top: 0, left: 0 });
      else if (key.end) by(opts.lines);
      else if (opts.sideways && isLeft(input, key)) setScroll((s) => ({ ...s, left: Math.max(0, s.left - opts.sideways!) }));
      else if (opts.sideways && isRight(input, key)) setScroll((s) => ({ ...s, left: s.left + opts.sideways! }));
    }, opts.active);
  return { top: Math.min(scroll.top, maxTop), left: scroll.left };
}
