// The torchvision names translated code may use (see types.ts).
import type { LibraryTable } from "./types.ts";

export const TORCHVISION: LibraryTable = {};
