// Subscribes to Ink's input once and hands each key to the handlers registered with useKeys (see keyboard.ts).
import { useInput } from "ink";
import { useState, type ReactNode } from "react";
import { KeyboardContext, type KeyHandlerRef } from "./keyboard.ts";

export interface KeyboardProviderProps {
  /** The components that take keys (through useKeys). */
  readonly children: ReactNode;
}

export function KeyboardProvider(props: KeyboardProviderProps): ReactNode {
  const [handlers] = useState(() => new Set<KeyHandlerRef>());
  useInput((input, key) => {
    // Ink batches this call: the states set here render once, after every handler has had the key
    for (const h of [...handlers]) if (handlers.has(h) && h.current.active) h.current.handler(input, key);
  });
  return <KeyboardContext.Provider value={handlers}>{props.children}</KeyboardContext.Provider>;
}
