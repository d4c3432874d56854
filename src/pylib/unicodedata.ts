// Python's unicodedata functions translated code may call (see types.ts): the ones accent stripping uses.
import type { LibraryEntry, LibraryTable } from "./types.ts";

const fn = (name: string, params: readonly string[]): LibraryEntry => ({ kind: "function", module: "py-unicodedata", name, params, pure: true });

export const UNICODEDATA: LibraryTable = {
  "unicodedata.normalize": fn("normalize", ["form", "unistr"]),
  "unicodedata.category": fn("category", ["chr"]),
  "unicodedata.combining": fn("combining", ["chr"]),
};
