// Where each value of a JSON text starts and ends, so that a notebook can be edited in place: what is not edited
// stays byte for byte as Jupyter wrote it (its key order, indentation, number spellings and escapes), which
// re-serialising the parsed JSON would not keep.

export type JsonSpan =
  | { readonly kind: "object"; readonly start: number; readonly end: number; readonly members: readonly JsonMember[] }
  | { readonly kind: "array"; readonly start: number; readonly end: number; readonly items: readonly JsonSpan[] }
  | { readonly kind: "scalar"; readonly start: number; readonly end: number };

export interface JsonMember {
  readonly key: string;
  /** Offset of the key's opening quote. */
  readonly keyStart: number;
  readonly value: JsonSpan;
}

/** Spans of a JSON text; `end` offsets are exclusive. Throws on text that is not JSON. */
export function jsonSpans(text: string): JsonSpan {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at offset ${i}`);
  };
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t")) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail("unterminated string");
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): JsonSpan => {
    ws();
    const start = i;
    const c = text[i];
    if (c === "{") {
      i++;
      const members: JsonMember[] = [];
      ws();
      if (text[i] === "}") {
        i++;
        return { kind: "object", start, end: i, members };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a key");
        const keyStart = i;
        const key = string();
        ws();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        members.push({ key, keyStart, value: value() });
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return { kind: "object", start, end: i, members };
        } else fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const items: JsonSpan[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return { kind: "array", start, end: i, items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return { kind: "array", start, end: i, items };
        } else fail("expected ',' or ']'");
      }
    }
    if (c === '"') {
      string();
      return { kind: "scalar", start, end: i };
    }
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!m) fail("unexpected character");
    i += m![0].length;
    return { kind: "scalar", start, end: i };
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  const root = value();
  ws();
  if (i !== text.length) fail("text after the JSON value");
  return root;
}

export function member(span: JsonSpan | undefined, key: string): JsonMember | undefined {
  return span?.kind === "object" ? span.members.find((m) => m.key === key) : undefined;
}
