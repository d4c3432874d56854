// Colours of the wizard. With NO_COLOR (or colour off) every colour is undefined, so Ink prints plain text; what a
// colour says is always also said by a symbol (✓ ✗ ›) or a word, so nothing is lost without it.
import { createContext } from "react";

export interface Theme {
  readonly color: boolean;
  readonly accent: string | undefined;
  readonly ok: string | undefined;
  readonly error: string | undefined;
  readonly warning: string | undefined;
  readonly info: string | undefined;
  /** Secondary text; dimmed with colour, plain without. */
  readonly muted: string | undefined;
}

export function theme(color: boolean): Theme {
  return color
    ? { color, accent: "cyan", ok: "green", error: "red", warning: "yellow", info: "blue", muted: "gray" }
    : { color, accent: undefined, ok: undefined, error: undefined, warning: undefined, info: undefined, muted: undefined };
}

export const ThemeContext = createContext<Theme>(theme(false));
