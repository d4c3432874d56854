// Writing the person's choices into the notebook as cell tags (src/tags), then reading the tagged notebook again to
// check that its tags alone lead analysis to the same functions.
import { useState } from "react";
import type { Analysis } from "../analyze/types.ts";
import type { Notebook } from "../load/types.ts";
import { tagEdits, writeTags } from "../tags/tags.ts";
import type { WizardPipeline } from "./pipeline.ts";

export type TagState =
  | { readonly status: "idle" }
  | { readonly status: "writing" }
  | { readonly status: "done"; readonly file: string; readonly cells: readonly number[]; readonly caveat: string | null }
  | { readonly status: "failed"; readonly error: string };

export interface TagWriter {
  readonly state: TagState;
  readonly write: (dest: string, replaceOriginal: boolean) => void;
}

export function useTagWriter(pipeline: WizardPipeline, notebook: Notebook | null, analysis: Analysis | null): TagWriter {
  const [state, setState] = useState<TagState>({ status: "idle" });
  const write = (dest: string, replaceOriginal: boolean) => {
    if (!notebook || !analysis) return;
    setState({ status: "writing" });
    void (async () => {
      try {
        const edits = tagEdits(analysis, new Map(notebook.cells.map((c) => [c.index, c.tags])));
        const cells = await writeTags(notebook.path, edits, { dest, replaceOriginal });
        const again = (await pipeline.preview(dest, {})).analysis;
        const differ = (["preprocess", "postprocess"] as const).filter((k) => again?.[k] !== analysis[k]);
        const caveat = differ.length
          ? `the tags alone choose ${differ.map((k) => `${again?.[k] ?? "nothing"} as ${k}`).join(" and ")} (another tag or a # nb2svc: line wins); nb2svc.json keeps your choice`
          : null;
        setState({ status: "done", file: dest, cells, caveat });
      } catch (e) {
        setState({ status: "failed", error: (e as Error).message });
      }
    })();
  };
  return { state, write };
}
