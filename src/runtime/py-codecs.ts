// str.encode and bytes.decode for the codecs text cleaning uses (utf-8, ascii, latin-1) with the error handlers
// strict, ignore and replace: `text.encode("ascii", "ignore").decode("utf-8")` drops what is not ASCII. Bytes are
// Uint8Arrays, as files opened "rb" give them (py-files.ts).
import { PyError } from "./core.ts";
import { bindArgs, typeError, typeName } from "./py-base.ts";

type Codec = "utf-8" | "ascii" | "latin-1";

const CODECS: Readonly<Record<string, Codec>> = {
  utf8: "utf-8", "utf-8": "utf-8", u8: "utf-8", utf: "utf-8", "cp65001": "utf-8",
  ascii: "ascii", "us-ascii": "ascii", "646": "ascii",
  "latin-1": "latin-1", latin1: "latin-1", latin: "latin-1", l1: "latin-1", "iso-8859-1": "latin-1", "iso8859-1": "latin-1", "8859": "latin-1", cp819: "latin-1",
};

/** The codec a Python encoding name names (case, `_` and spaces as Python's normalisation treats them). */
function codecOf(encoding: unknown): Codec {
  if (typeof encoding !== "string") throw typeError(`encode() argument 'encoding' must be str, not ${typeName(encoding)}`);
  const key = encoding.trim().toLowerCase().replace(/[_ ]/g, "-");
  const codec = CODECS[key] ?? CODECS[key.replace(/-/g, "")];
  if (!codec) throw new PyError("NotImplementedError", `the ${encoding} codec is not supported by the runtime (utf-8, ascii and latin-1 are)`);
  return codec;
}

type Handler = "strict" | "ignore" | "replace";

function handlerOf(errors: unknown): Handler {
  if (typeof errors !== "string") throw typeError(`encode() argument 'errors' must be str, not ${typeName(errors)}`);
  if (errors === "strict" || errors === "ignore" || errors === "replace") return errors;
  throw new PyError("NotImplementedError", `the ${errors} error handler is not supported by the runtime (strict, ignore and replace are)`);
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** How Python's repr shows one character in an encoding error. */
function charRepr(c: number): string {
  if (c < 0x100) return `'\\x${hex(c, 2)}'`;
  if (c < 0x10000) return `'\\u${hex(c, 4)}'`;
  return `'\\U${hex(c, 8)}'`;
}

function utf8Bytes(c: number, out: number[]): void {
  if (c < 0x80) out.push(c);
  else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
  else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
}

/** str.encode(encoding="utf-8", errors="strict"). */
export function encode(s: string, encoding: unknown = "utf-8", errors: unknown = "strict"): Uint8Array {
  const codec = codecOf(encoding);
  const handler = handlerOf(errors);
  const limit = codec === "ascii" ? 0x80 : codec === "latin-1" ? 0x100 : 0x110000;
  const out: number[] = [];
  let pos = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const surrogate = c >= 0xd800 && c < 0xe000;
    if (c < limit && !surrogate) {
      if (codec === "utf-8") utf8Bytes(c, out);
      else out.push(c);
    } else if (handler === "replace") out.push(63);
    else if (handler === "strict") {
      const why = codec === "utf-8" ? "surrogates not allowed" : `ordinal not in range(${limit})`;
      throw new PyError("UnicodeEncodeError", `'${codec === "latin-1" ? "latin-1" : codec}' codec can't encode character ${charRepr(c)} in position ${pos}: ${why}`);
    }
    pos++;
  }
  return Uint8Array.from(out);
}

/**
 * One UTF-8 sequence at `i`: its code point and length, or the length of its maximal invalid subpart (what CPython
 * replaces with one U+FFFD) and why it is invalid.
 */
function utf8At(b: Uint8Array, i: number): { cp: number; len: number } | { bad: number; why: string } {
  const b0 = b[i]!;
  if (b0 < 0x80) return { cp: b0, len: 1 };
  const need = b0 >= 0xc2 && b0 <= 0xdf ? 1 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xf0 && b0 <= 0xf4 ? 3 : -1;
  if (need < 0) return { bad: 1, why: "invalid start byte" };
  // the second byte's range narrows for overlong forms, surrogates and code points beyond U+10FFFF
  const lo = b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
  const hi = b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
  let cp = b0 & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
  for (let k = 1; k <= need; k++) {
    if (i + k >= b.length) return { bad: k, why: "unexpected end of data" };
    const x = b[i + k]!;
    if (x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) return { bad: k, why: "invalid continuation byte" };
    cp = (cp << 6) | (x & 63);
  }
  return { cp, len: need + 1 };
}

/** bytes.decode(encoding="utf-8", errors="strict"). */
export function decode(b: Uint8Array, encoding: unknown = "utf-8", errors: unknown = "strict"): string {
  const codec = codecOf(encoding);
  const handler = handlerOf(errors);
  let out = "";
  for (let i = 0; i < b.length; ) {
    const r: ReturnType<typeof utf8At> = codec === "utf-8" ? utf8At(b, i) : codec === "latin-1" || b[i]! < 0x80 ? { cp: b[i]!, len: 1 } : { bad: 1, why: "ordinal not in range(128)" };
    if ("cp" in r) {
      out += String.fromCodePoint(r.cp);
      i += r.len;
      continue;
    }
    if (handler === "strict") {
      const where = r.bad === 1 ? `byte 0x${hex(b[i]!, 2)} in position ${i}` : `bytes in position ${i}-${i + r.bad - 1}`;
      throw new PyError("UnicodeDecodeError", `'${codec}' codec can't decode ${where}: ${r.why}`);
    }
    if (handler === "replace") out += "\ufffd";
    i += r.bad;
  }
  return out;
}

/** `b.decode(encoding="utf-8", errors="strict")` as a method call binds it. */
export function decodeMethod(b: Uint8Array, args: unknown[], kwargs?: Record<string, unknown>): string {
  const [encoding, errors] = bindArgs("decode", args, kwargs, ["encoding", "errors"]);
  return decode(b, encoding ?? "utf-8", errors ?? "strict");
}
