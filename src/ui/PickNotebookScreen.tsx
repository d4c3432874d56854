// Step 1: which notebook. Lists the .ipynb files under the current folder; typing filters them (so letters are
// text here: q and j/k too; arrows move, Ctrl-C quits).
import { Box, Text } from "ink";
import { useState, type ReactNode } from "react";
import { matchesFilter } from "./find-notebooks.ts";
import { isErase, typedText } from "./keys.ts";
import { Screen, FRAME_ROWS } from "./Screen.tsx";
import { SelectList } from "./SelectList.tsx";
import { Spinner } from "./Spinner.tsx";
import { useListCursor } from "./use-list-cursor.ts";
import { useNavigationKeys } from "./use-navigation-keys.ts";
import { useTheme } from "./use-theme.ts";
import { useKeys } from "./use-keys.ts";
import type { Size } from "./screen-props.ts";

export interface PickNotebookScreenProps extends Size {
  /** Notebooks relative to `root`; null while they are being found. */
  readonly notebooks: readonly string[] | null;
  /** The folder searched, as shown to the person. */
  readonly root: string;
  /** Called with the chosen notebook, relative to `root`. */
  readonly onPick: (notebook: string) => void;
}

export function PickNotebookScreen(props: PickNotebookScreenProps): ReactNode {
  const t = useTheme();
  const [filter, setFilter] = useState("");
  const shown = (props.notebooks ?? []).filter((f) => matchesFilter(f, filter));
  const listHeight = props.height - FRAME_ROWS - 3;
  const [index, setIndex] = useListCursor(shown.length, { active: true, letters: false, page: listHeight - 1 });
  useKeys((input, key) => {
    if (isErase(input, key)) {
      setFilter((f) => f.slice(0, -1));
      setIndex(0);
      return;
    }
    const typed = typedText(input, key);
    if (typed) {
      setFilter((f) => f + typed);
      setIndex(0);
    }
  });
  useNavigationKeys(
    {
      onNext: () => shown[index] !== undefined && props.onPick(shown[index]!),
      onBack: () => {
        setFilter("");
        setIndex(0);
      },
    },
    { active: true, quitWithQ: false },
  );
  const total = props.notebooks?.length ?? 0;
  return (
    <Screen
      step="pick"
      width={props.width}
      height={props.height}
      hints={[
        ["type", "to filter"],
        ["↑↓", "move"],
        ["Enter", "open"],
        ["Esc", "clear filter"],
        ["Ctrl-C", "quit"],
      ]}
      status={props.notebooks === null ? <Spinner label="searching" /> : null}
    >
      <Text bold wrap="truncate-end">
        Pick the notebook to turn into a service
        <Text color={t.muted}>{props.notebooks === null ? "" : ` (${total} under ${props.root})`}</Text>
      </Text>
      <Text wrap="truncate-end">
        <Text color={t.muted}>filter </Text>
        {filter}
        <Text color={t.accent}>▌</Text>
      </Text>
      <Box height={1} />
      <SelectList
        items={shown.map((f) => ({ key: f, label: f }))}
        index={index}
        active
        width={props.width}
        height={listHeight}
        empty={props.notebooks === null ? "" : total === 0 ? "no .ipynb file here: start nb2svc in the folder of your notebook" : `no notebook matches "${filter}"`}
      />
    </Screen>
  );
}
