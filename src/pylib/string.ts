// The constants of Python's `string` module (CPython's exact values), which text-cleaning code uses as character
// sets: `text.translate(str.maketrans("", "", string.punctuation))`, `c in string.digits`.
import type { LibraryTable } from "./types.ts";

const CONSTANTS: Readonly<Record<string, string>> = {
  ascii_lowercase: "abcdefghijklmnopqrstuvwxyz",
  ascii_uppercase: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  ascii_letters: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
  digits: "0123456789",
  hexdigits: "0123456789abcdefABCDEF",
  octdigits: "01234567",
  punctuation: "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
  whitespace: " \t\n\r\v\f",
  printable: "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\v\f",
};

export const STRING: LibraryTable = Object.fromEntries(Object.entries(CONSTANTS).map(([k, v]) => [`string.${k}`, { kind: "constant", value: v }]));
