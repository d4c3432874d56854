// The notebooks under a folder (see find-notebooks.ts), found once when the wizard starts; null while searching.
import { useEffect, useState } from "react";
import { findNotebooks } from "./find-notebooks.ts";

export function useNotebooks(root: string): readonly string[] | null {
  const [files, setFiles] = useState<readonly string[] | null>(null);
  useEffect(() => {
    let live = true;
    void findNotebooks(root).then((f) => live && setFiles(f));
    return () => {
      live = false;
    };
  }, [root]);
  return files;
}
