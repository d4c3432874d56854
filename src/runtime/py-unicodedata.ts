// Python's unicodedata functions that text cleaning calls: accents stripped with
// `"".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")` (or `not
// unicodedata.combining(c)`). normalize and category use JavaScript's own Unicode data (ICU's version, which may be
// newer than CPython 3.11's 14.0 for characters added since); combining classes come from CPython's table.
import { cpLen, typeError, typeName, valueError } from "./py-base.ts";
import { COMBINING } from "./py-unicode.ts";

const FORMS = new Set(["NFC", "NFD", "NFKC", "NFKD"]);

/** unicodedata.normalize(form, unistr). */
export function normalize(form: unknown, unistr: unknown): string {
  if (typeof form !== "string") throw typeError(`normalize() argument 1 must be str, not ${typeName(form)}`);
  if (typeof unistr !== "string") throw typeError(`normalize() argument 2 must be str, not ${typeName(unistr)}`);
  if (!FORMS.has(form)) throw valueError("invalid normalization form");
  return unistr.normalize(form);
}

/** The character a unicodedata function takes: one code point, as CPython checks it. */
function character(fname: string, c: unknown): number {
  if (typeof c !== "string" || cpLen(c) !== 1) throw typeError(`${fname}() argument must be a unicode character, not ${typeName(c)}`);
  return c.codePointAt(0)!;
}

const CATEGORIES = ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co"].map(
  (name) => [name, new RegExp(`^\\p{gc=${name}}$`, "u")] as const,
);

/** unicodedata.category(chr): the general category's two letters ("Cn" for an unassigned code point). */
export function category(chr: unknown): string {
  character("category", chr);
  const s = chr as string;
  for (const [name, re] of CATEGORIES) if (re.test(s)) return name;
  return "Cn";
}

/** COMBINING decoded: start, end and class of each run, in order. */
let runs: Int32Array | undefined;

function combiningRuns(): Int32Array {
  const parts = COMBINING.split(",");
  const out = new Int32Array(parts.length * 3);
  let prev = 0;
  parts.forEach((p, i) => {
    const [span, cls] = p.split("=");
    const [gap, len] = span!.split("+");
    const start = prev + parseInt(gap!, 16);
    const end = start + (len === undefined ? 0 : parseInt(len, 16));
    out.set([start, end, Number(cls)], 3 * i);
    prev = end;
  });
  return out;
}

/** unicodedata.combining(chr): the canonical combining class, 0 for a character that is not a combining mark. */
export function combining(chr: unknown): number {
  const c = character("combining", chr);
  const r = (runs ??= combiningRuns());
  let lo = 0;
  let hi = r.length / 3 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < r[3 * mid]!) hi = mid - 1;
    else if (c > r[3 * mid + 1]!) lo = mid + 1;
    else return r[3 * mid + 2]!;
  }
  return 0;
}
