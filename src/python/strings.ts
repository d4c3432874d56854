// Python string literals: splitting prefix/quotes from the body and decoding escape sequences as CPython does.

export function splitStringLiteral(text: string): { prefix: string; quote: string; body: string } {
  const m = /^([A-Za-z]*)('''|"""|'|")/.exec(text);
  if (!m) return { prefix: "", quote: "", body: text };
  const prefix = m[1]!;
  const quote = m[2]!;
  const end = text.endsWith(quote) && text.length >= prefix.length + 2 * quote.length ? text.length - quote.length : text.length;
  return { prefix, quote, body: text.slice(prefix.length + quote.length, end) };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\n": "",
};

/** A few names for `\N{...}`; anything else is kept verbatim (and translate refuses it). */
const UNICODE_NAMES: Readonly<Record<string, string>> = {
  "NO-BREAK SPACE": "\u00a0",
  "EM DASH": "\u2014",
  "EN DASH": "\u2013",
  "HORIZONTAL ELLIPSIS": "\u2026",
  "BULLET": "\u2022",
  "DEGREE SIGN": "\u00b0",
  "ZERO WIDTH SPACE": "\u200b",
  "LEFT SINGLE QUOTATION MARK": "\u2018",
  "RIGHT SINGLE QUOTATION MARK": "\u2019",
  "LEFT DOUBLE QUOTATION MARK": "\u201c",
  "RIGHT DOUBLE QUOTATION MARK": "\u201d",
};

/** Decodes the body of a (non-raw) Python str literal; raw bodies are returned unchanged. */
export function decodeStringBody(body: string, raw: boolean): string {
  if (raw || !body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\" || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[i + 1]!;
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i++;
      continue;
    }
    if (/[0-7]/.test(next)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1))!;
      out += String.fromCodePoint(parseInt(m[0], 8));
      i += m[0].length;
      continue;
    }
    const hex = next === "x" ? 2 : next === "u" ? 4 : next === "U" ? 8 : 0;
    if (hex) {
      const digits = body.slice(i + 2, i + 2 + hex);
      if (digits.length === hex && /^[0-9a-fA-F]+$/.test(digits)) {
        out += String.fromCodePoint(parseInt(digits, 16));
        i += 1 + hex;
        continue;
      }
    }
    if (next === "N") {
      const m = /^\{([^}]*)\}/.exec(body.slice(i + 2));
      const name = m?.[1]?.toUpperCase();
      if (name && name in UNICODE_NAMES) {
        out += UNICODE_NAMES[name];
        i += 1 + m![0].length;
        continue;
      }
    }
    // unknown escapes stay as written, backslash included (CPython does the same, with a warning)
    out += ch;
  }
  return out;
}
