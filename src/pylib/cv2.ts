// The cv2 names translated code may use (see types.ts).
import type { LibraryTable } from "./types.ts";

export const CV2: LibraryTable = {};
