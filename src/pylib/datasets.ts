// scikit-learn's Bunch, for constants that hold a data set's names (`iris = load_iris()`, then
// `iris.target_names[i]`): rebuilt by src/runtime/bunch.ts (see types.ts). A torchvision ImageFolder's names
// (`train_data.classes[i]`, `.class_to_idx`, read from its folders by src/analyze/evaluate.ts) are served the same way.
import type { LibraryTable } from "./types.ts";

const BUNCH = { kind: "class", module: "bunch", restore: "restoreBunch" } as const;

export const DATASETS: LibraryTable = {
  "sklearn.utils._bunch.Bunch": BUNCH,
  "sklearn.utils.Bunch": BUNCH,
  "torchvision.datasets.folder.ImageFolder": BUNCH,
};
