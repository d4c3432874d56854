// Subscribes to Ink's input once and hands each key to the handlers registered with useKeys (see keyboard.ts). Keys
// that arrived in one read (a burst of Backspaces) are handed over one at a time, each against the render the key
// before it left, as if typed one by one.
import { useInput, type Key } from "ink";
import { useRef, useState, type ReactNode } from "react";
import { KeyboardContext, type KeyHandlerRef } from "./keyboard.ts";
import { splitKeys } from "./keys.ts";

export interface KeyboardProviderProps {
  /** The components that take keys (through useKeys). */
  readonly children: ReactNode;
}

export function KeyboardProvider(props: KeyboardProviderProps): ReactNode {
  const [handlers] = useState(() => new Set<KeyHandlerRef>());
  const queue = useRef<[string, Key][]>([]);
  const draining = useRef(false);

  /**
   * One key to every active handler, with the handlers of one render: taken before any is called, so that a state
   * change made by one (which may render at once, outside Ink's batch) does not hand the same key to the next render.
   */
  const dispatch = (input: string, key: Key) => {
    const active = [...handlers].filter((h) => h.current.active).map((h) => [h, h.current.handler] as const);
    for (const [h, handler] of active) if (handlers.has(h)) handler(input, key);
  };
  // the rest of a burst, one key per turn of the event loop: each renders before the next is handled
  const drain = () => {
    if (draining.current) return;
    draining.current = true;
    const step = () => {
      const next = queue.current.shift();
      if (!next) {
        draining.current = false;
        return;
      }
      dispatch(...next);
      setTimeout(step, 0);
    };
    setTimeout(step, 0);
  };

  useInput((input, key) => {
    const keys = splitKeys(input, key);
    if (queue.current.length === 0 && !draining.current) {
      // Ink batches this call: the states set here render once, after every handler has had the key
      dispatch(...keys.shift()!);
    }
    if (keys.length === 0) return;
    queue.current.push(...keys);
    drain();
  });
  return <KeyboardContext.Provider value={handlers}>{props.children}</KeyboardContext.Provider>;
}
