// The wizard's keys, in one place: arrows and j/k move, Enter goes on, Tab switches pane, Esc goes back, q quits
// (Ctrl-C too, everywhere). Where a screen takes typed text, letters are text and only the non-letter keys act.
import type { Key } from "ink";

export const isUp = (input: string, key: Key, letters = true): boolean => key.upArrow || (letters && input === "k");
export const isDown = (input: string, key: Key, letters = true): boolean => key.downArrow || (letters && input === "j");
export const isLeft = (input: string, key: Key, letters = true): boolean => key.leftArrow || (letters && input === "h");
export const isRight = (input: string, key: Key, letters = true): boolean => key.rightArrow || (letters && input === "l");
export const isCtrlC = (input: string, key: Key): boolean => key.ctrl && input === "c";
export const isQuit = (input: string, key: Key): boolean => input === "q" && !key.ctrl && !key.meta;
/** Backspace: terminals send DEL (0x7f), which Ink names `delete`, or BS, which it names `backspace`. */
export const isErase = (_input: string, key: Key): boolean => key.backspace || key.delete;

/** A character typed as text (not a key with a meaning of its own). */
export function typedText(input: string, key: Key): string {
  if (key.ctrl || key.meta || key.tab || key.return || key.escape || key.backspace || key.delete) return "";
  if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end) return "";
  // pasted text arrives as one input; keep its printable characters only
  return [...input].filter((c) => c >= " " && c !== "\x7f").join("");
}
