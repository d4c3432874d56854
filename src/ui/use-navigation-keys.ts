// The keys every screen shares: Enter goes on, Esc goes back, q quits. A screen turns them off while a prompt or a
// chooser has the keyboard, and turns q off where letters are typed as text.

import { isQuit } from "./keys.ts";
import { useKeys } from "./use-keys.ts";

export interface NavigationHandlers {
  readonly onNext?: () => void;
  readonly onBack?: () => void;
  readonly onQuit?: () => void;
}

export interface NavigationOptions {
  readonly active: boolean;
  /** q quits (off where q is typed as text). */
  readonly quitWithQ?: boolean;
}

export function useNavigationKeys(h: NavigationHandlers, opts: NavigationOptions): void {
  useKeys(
    (input, key) => {
      if (key.return) h.onNext?.();
      else if (key.escape) h.onBack?.();
      else if ((opts.quitWithQ ?? true) && isQuit(input, key)) h.onQuit?.();
    }, opts.active);
}
