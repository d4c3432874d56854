// Takes keys while `active` (see keyboard.ts for why this is not Ink's useInput directly). The handler and `active`
// of the latest render are the ones used.
import type { Key } from "ink";
import { useContext, useLayoutEffect, useRef } from "react";
import { KeyboardContext, type KeyHandlerRef } from "./keyboard.ts";

export function useKeys(handler: (input: string, key: Key) => void, active = true): void {
  const handlers = useContext(KeyboardContext);
  if (!handlers) throw new Error("useKeys needs a KeyboardProvider above it");
  const ref = useRef<KeyHandlerRef | null>(null);
  ref.current ??= { current: { handler, active } };
  ref.current.current = { handler, active };
  useLayoutEffect(() => {
    const entry = ref.current!;
    handlers.add(entry);
    return () => void handlers.delete(entry);
  }, [handlers]);
}
