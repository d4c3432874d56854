// The wizard's keyboard: one subscription to Ink's input (KeyboardProvider) hands each key to the handlers of the
// components on screen (useKeys), in the order they were mounted. Handlers are registered and removed in layout
// effects, which React runs as it commits, so a prompt that just appeared takes the very next key and one that just
// went takes none. Each key is handled against one render: the state changes it makes are rendered after every
// handler has seen it, so a key that closes a chooser does not also act on the screen under it.
import type { Key } from "ink";
import { createContext } from "react";

export interface KeyHandler {
  readonly handler: (input: string, key: Key) => void;
  readonly active: boolean;
}

/** A registered handler; `current` is replaced at each render of its component. */
export interface KeyHandlerRef {
  current: KeyHandler;
}

export const KeyboardContext = createContext<Set<KeyHandlerRef> | null>(null);
