// Every library table in one lookup: qualified Python name -> entry. Aliases (`tensorflow.keras.utils.load_img`
// beside `keras.utils.load_img`) are separate keys of the tables.
import { CV2 } from "./cv2.ts";
import { DATASETS } from "./datasets.ts";
import { KERAS } from "./keras.ts";
import { PANDAS } from "./pandas.ts";
import { PIL } from "./pil.ts";
import { SCIPY } from "./scipy.ts";
import { SKLEARN } from "./sklearn.ts";
import { STRING } from "./string.ts";
import { TORCH } from "./torch.ts";
import { TORCHVISION } from "./torchvision.ts";
import { UNICODEDATA } from "./unicodedata.ts";
import type { LibraryEntry } from "./types.ts";

export type { LibraryClass, LibraryConstant, LibraryEntry, LibraryFunction, LibraryTable, LibraryValue } from "./types.ts";

const TABLE: ReadonlyMap<string, LibraryEntry> = new Map(
  [TORCH, PIL, CV2, TORCHVISION, KERAS, SKLEARN, SCIPY, PANDAS, DATASETS, STRING, UNICODEDATA].flatMap((t) => Object.entries(t)),
);

export function libraryEntry(qualified: string): LibraryEntry | undefined {
  return TABLE.get(qualified);
}

/**
 * True when `module` (`PIL.ImageFilter`) holds library names and every one of them is pure (a constant, a value or a
 * pure function): reading the module itself then has no effect either.
 */
export function isPureLibraryModule(module: string): boolean {
  let any = false;
  for (const [q, e] of TABLE) {
    if (!q.startsWith(`${module}.`)) continue;
    if (!(e.kind === "constant" || e.kind === "value" || (e.kind === "function" && e.pure === true))) return false;
    any = true;
  }
  return any;
}

/** The namespace a generated module imports a runtime module under: `image/pil` -> `image_pil`. */
export function runtimeAlias(module: string): string {
  return module.replace(/[^A-Za-z0-9_]/g, "_");
}

/**
 * For a refusal of `root.name`: the functions and classes nb2svc translates under the module `root` (`pandas` ->
 * DataFrame, Series, get_dummies, ...; nested names as `Image.open`), or an empty list for a module it has none of.
 */
export function translatedNamesOf(root: string): string[] {
  // one name per entry: the shortest of its aliases (`preprocessing.StandardScaler`, not `preprocessing.data.StandardScaler`)
  const names = new Map<LibraryEntry, string>();
  for (const [q, entry] of TABLE) {
    if (!q.startsWith(`${root}.`) || (entry.kind !== "function" && entry.kind !== "class")) continue;
    const name = q.slice(root.length + 1);
    const seen = names.get(entry);
    if (seen === undefined || name.length < seen.length) names.set(entry, name);
  }
  return [...names.values()];
}
