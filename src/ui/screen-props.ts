// Props every screen (and most panes) take: the room it has and the ways out of it.

export interface Size {
  /** Columns available. */
  readonly width: number;
  /** Rows available (for a screen: the terminal's; it leaves the last row free). */
  readonly height: number;
}

export interface Navigation {
  /** Go on to the next step (Enter). */
  readonly onNext: () => void;
  /** Go back one step (Esc). */
  readonly onBack: () => void;
  /** Leave the wizard (q). */
  readonly onQuit: () => void;
}
