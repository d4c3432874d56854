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

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** Whether Ink recognised a key in the event (an arrow, Enter, a Ctrl combination...), not only characters. */
const named = (key: Key): boolean => Object.entries(key).some(([k, v]) => v === true && k !== "shift");

/**
 * One read from the terminal as the keys it holds, in order. Ink splits escape sequences (arrows) apart but hands
 * everything else that arrived together as one input: several Backspaces typed fast (or sent by a program), text and
 * then Enter. Printable characters stay together (a paste is one input); each control character is its own key.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  if (input.length <= 1 || named(key) || !/[\x00-\x1f\x7f]/.test(input)) return [[input, key]];
  const keys: [string, Key][] = [];
  let text = "";
  const flush = () => {
    if (text) keys.push([text, { ...NO_KEY, shift: /^[A-Z]$/.test(text) }]);
    text = "";
  };
  for (const c of input) {
    const code = c.codePointAt(0)!;
    if (code >= 0x20 && code !== 0x7f) {
      text += c;
      continue;
    }
    flush();
    if (c === "\x7f") keys.push(["", { ...NO_KEY, delete: true }]);
    else if (c === "\b") keys.push(["", { ...NO_KEY, backspace: true }]);
    else if (c === "\r" || c === "\n") keys.push(["", { ...NO_KEY, return: true }]);
    else if (c === "\t") keys.push(["", { ...NO_KEY, tab: true }]);
    else if (code >= 1 && code <= 26) keys.push([String.fromCharCode(code + 96), { ...NO_KEY, ctrl: true }]);
  }
  flush();
  return keys;
}
