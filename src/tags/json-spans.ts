// Where each value of a JSON text starts and ends, so that a notebook can be edited in place: what is not edited
// stays byte for byte as Jupyter wrote it (its key order, indentation, number spellings and escapes), which
// re-serialising the parsed JSON would not keep. jsonc-parser (in strict JSON mode) reads the text; this is the
// shape tags.ts edits through.
import { parseTree, printParseErrorCode, type Node as JsoncNode, type ParseError } from "jsonc-parser";

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
  const errors: ParseError[] = [];
  // a byte-order mark is not JSON; a space in its place keeps every offset
  const root = parseTree(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (first) throw new SyntaxError(`${printParseErrorCode(first.error)} at offset ${first.offset}`);
  if (!root) throw new SyntaxError("no JSON value at offset 0");
  return span(root);
}

function span(node: JsoncNode): JsonSpan {
  const start = node.offset;
  const end = node.offset + node.length;
  const children = node.children ?? [];
  if (node.type === "object") {
    const members = children.map((p): JsonMember => {
      const [key, value] = p.children!;
      return { key: key!.value as string, keyStart: key!.offset, value: span(value!) };
    });
    return { kind: "object", start, end, members };
  }
  if (node.type === "array") return { kind: "array", start, end, items: children.map(span) };
  return { kind: "scalar", start, end };
}

export function member(span: JsonSpan | undefined, key: string): JsonMember | undefined {
  return span?.kind === "object" ? span.members.find((m) => m.key === key) : undefined;
}
