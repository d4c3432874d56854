// The PyError a runtime call raises, for tests of the runtime's Python errors: any other exception is rethrown, and a
// call that raises nothing fails the test.
import { PyError } from "../../src/runtime/core.ts";

export function raises(f: () => unknown): PyError {
  try {
    f();
  } catch (e) {
    if (e instanceof PyError) return e;
    throw e;
  }
  throw new Error("did not raise");
}
