// TypeScript text for data and names from a notebook, built as TypeScript AST nodes and printed by the compiler's
// printer: strings, keys and identifiers are escaped by construction, never by gluing text.
import { ts } from "ts-morph";

const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: false });
const scratch = ts.createSourceFile("scratch.ts", "", ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);

export function printNode(node: ts.Node): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, scratch);
}

export function printStatements(nodes: readonly ts.Statement[]): string {
  return nodes.map(printNode).join("\n");
}

const f = ts.factory;

/** JavaScript's reserved words (strict mode included): never usable as identifiers. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield await"
  ).split(" "),
);

/** True when `text` has the shape of an identifier (reserved words included). */
export function isIdentifierText(text: string): boolean {
  const cps = Array.from(text, (c) => c.codePointAt(0)!);
  return (
    cps.length > 0 &&
    ts.isIdentifierStart(cps[0]!, ts.ScriptTarget.ES2022) &&
    cps.slice(1).every((c) => ts.isIdentifierPart(c, ts.ScriptTarget.ES2022))
  );
}

/** True when `name` can be written as an identifier (and is not a reserved word). */
export function isIdentifierName(name: string): boolean {
  return isIdentifierText(name) && !RESERVED_WORDS.has(name);
}

/** A property name: bare when it is an identifier, a string literal otherwise (`"a-b"`, `"__proto__"`). */
export function propertyName(name: string): ts.PropertyName {
  return isIdentifierName(name) && name !== "__proto__" ? f.createIdentifier(name) : f.createStringLiteral(name);
}

/** A JSON value as a TypeScript expression. Non-finite numbers become null, as JSON would write them. */
export function jsonExpression(value: unknown): ts.Expression {
  if (value === null || value === undefined) return f.createNull();
  if (typeof value === "boolean") return value ? f.createTrue() : f.createFalse();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return f.createNull();
    const lit = f.createNumericLiteral(Math.abs(value).toString());
    return value < 0 || Object.is(value, -0) ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, lit) : lit;
  }
  if (typeof value === "string") return f.createStringLiteral(value);
  if (Array.isArray(value)) return f.createArrayLiteralExpression(value.map(jsonExpression), value.length > 8);
  if (typeof value === "object") {
    const props = Object.entries(value as Record<string, unknown>).map(([k, v]) =>
      f.createPropertyAssignment(propertyName(k), jsonExpression(v)),
    );
    return f.createObjectLiteralExpression(props, props.length > 0);
  }
  throw new TypeError(`not JSON: ${typeof value}`);
}

export function jsonText(value: unknown): string {
  return printNode(jsonExpression(value));
}

/** `value as const`, for data modules whose literal types the service's code relies on. */
export function constText(value: unknown): string {
  return printNode(f.createAsExpression(jsonExpression(value), f.createTypeReferenceNode("const")));
}

/** A TypeScript type for values a JSON Schema accepts. */
export function schemaType(schema: unknown): string {
  return printNode(schemaTypeNode(schema));
}

function schemaTypeNode(schema: unknown): ts.TypeNode {
  const s = (schema ?? {}) as Record<string, unknown>;
  if (Array.isArray(s.anyOf)) return f.createUnionTypeNode(s.anyOf.map(schemaTypeNode));
  switch (s.type) {
    case "number":
    case "integer":
      return f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword);
    case "string":
      return f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword);
    case "boolean":
      return f.createKeywordTypeNode(ts.SyntaxKind.BooleanKeyword);
    case "null":
      return f.createLiteralTypeNode(f.createNull());
    case "array":
      return f.createTypeOperatorNode(ts.SyntaxKind.ReadonlyKeyword, f.createArrayTypeNode(schemaTypeNode(s.items)));
    case "object": {
      const value = s.additionalProperties && typeof s.additionalProperties === "object" ? schemaTypeNode(s.additionalProperties) : f.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword);
      return f.createTypeReferenceNode("Readonly", [f.createTypeReferenceNode("Record", [f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword), value])]);
    }
    default:
      return f.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword);
  }
}
