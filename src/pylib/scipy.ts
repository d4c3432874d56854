// The scipy.special functions translated code may use (src/runtime/scipy-special.ts); scipy.sparse's matrices are
// in sklearn.ts, beside the estimators that make them.
import type { LibraryEntry, LibraryTable } from "./types.ts";

const fn = (name: string, params: readonly string[]): LibraryEntry => ({ kind: "function", module: "scipy-special", name, params, pure: true });

export const SCIPY: LibraryTable = {
  "scipy.special.softmax": fn("softmax", ["x", "axis"]),
  "scipy.special.expit": fn("expit", ["x"]),
};
