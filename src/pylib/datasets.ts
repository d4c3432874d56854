// scikit-learn's Bunch, for constants that hold a data set's names (`iris = load_iris()`, then
// `iris.target_names[i]`): rebuilt by src/runtime/bunch.ts (see types.ts).
import type { LibraryTable } from "./types.ts";

const BUNCH = { kind: "class", module: "bunch", restore: "restoreBunch" } as const;

export const DATASETS: LibraryTable = {
  "sklearn.utils._bunch.Bunch": BUNCH,
  "sklearn.utils.Bunch": BUNCH,
};
