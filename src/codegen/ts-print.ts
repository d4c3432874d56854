// TypeScript text for data and names from a notebook, built as TypeScript AST nodes and printed by the compiler's
// printer: strings, keys and identifiers are escaped by construction, never by gluing text.
import { ts } from "ts-morph";

const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: false });
const scratch = ts.createSourceFile("scratch.ts", "", ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);

export function printNode(node: ts.Node): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, scratch);
}

/**
 * The one formatter of every TypeScript file nb2svc generates: TypeScript's own (the language service's), at two
 * spaces, whatever indentation the printer or the translator used. Its edits are asked of one language service that
 * holds only the file being formatted (no program, no lib files), and applied to the text: the same result as
 * ts-morph's SourceFile.formatText, without a Project and a re-parse per file (a quarter of generate's time).
 */
export function formatTypeScript(text: string): string {
  formatting.text = text;
  formatting.version++;
  const edits = formatting.service.getFormattingEditsForDocument(FORMATTED, FORMAT_SETTINGS);
  // in order of position (edits at one position in the order given), as ts-morph applies them
  const parts: string[] = [];
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.span.start - b.span.start)) {
    parts.push(text.slice(at, e.span.start), e.newText);
    at = e.span.start + e.span.length;
  }
  parts.push(text.slice(at));
  const out = parts.join("").replace(/\r?\n/g, "\n");
  return out.endsWith("\n") ? out : `${out}\n`;
}

const FORMATTED = "formatted.ts";
/** ts-morph's defaults for formatText (fillDefaultFormatCodeSettings), at two spaces. */
const FORMAT_SETTINGS: ts.FormatCodeSettings = {
  ...ts.getDefaultFormatCodeSettings("\n"),
  convertTabsToSpaces: true,
  indentStyle: ts.IndentStyle.Smart,
  indentSize: 2,
  tabSize: 4,
  insertSpaceAfterCommaDelimiter: true,
  insertSpaceAfterConstructor: false,
  insertSpaceAfterSemicolonInForStatements: true,
  insertSpaceAfterKeywordsInControlFlowStatements: true,
  insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces: true,
  insertSpaceAfterOpeningAndBeforeClosingNonemptyBrackets: false,
  insertSpaceAfterOpeningAndBeforeClosingTemplateStringBraces: false,
  insertSpaceAfterOpeningAndBeforeClosingJsxExpressionBraces: false,
  insertSpaceBeforeFunctionParenthesis: false,
  insertSpaceBeforeAndAfterBinaryOperators: true,
  placeOpenBraceOnNewLineForFunctions: false,
  placeOpenBraceOnNewLineForControlBlocks: false,
  semicolons: ts.SemicolonPreference.Insert,
};

const formatting = (() => {
  const state = { text: "", version: 0, service: undefined as unknown as ts.LanguageService };
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => ({}),
    getScriptFileNames: () => [FORMATTED],
    getScriptVersion: () => String(state.version),
    getScriptSnapshot: (name) => (name === FORMATTED ? ts.ScriptSnapshot.fromString(state.text) : undefined),
    getCurrentDirectory: () => "/",
    getDefaultLibFileName: () => "lib.d.ts",
    fileExists: (name) => name === FORMATTED,
    readFile: (name) => (name === FORMATTED ? state.text : undefined),
  };
  state.service = ts.createLanguageService(host);
  return state;
})();

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

/**
 * A property name: bare when it is an identifier, a string literal otherwise (`"a-b"`); `__proto__` is a computed
 * name (`["__proto__"]`), which makes a key in object literals instead of setting the prototype.
 */
export function propertyName(name: string): ts.PropertyName {
  if (name === "__proto__") return f.createComputedPropertyName(f.createStringLiteral(name));
  return isIdentifierName(name) ? f.createIdentifier(name) : f.createStringLiteral(name);
}

/**
 * A JSON value as a TypeScript expression. Non-finite numbers become null, as JSON would write them. `replace` may
 * print some values (found by identity) as another expression, e.g. a reference to a constant that holds them.
 */
export function jsonExpression(value: unknown, replace?: (value: unknown) => ts.Expression | undefined): ts.Expression {
  const replaced = replace?.(value);
  if (replaced) return replaced;
  if (value === null || value === undefined) return f.createNull();
  if (typeof value === "boolean") return value ? f.createTrue() : f.createFalse();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return f.createNull();
    const lit = f.createNumericLiteral(Math.abs(value).toString());
    return value < 0 || Object.is(value, -0) ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, lit) : lit;
  }
  if (typeof value === "string") return f.createStringLiteral(value);
  if (Array.isArray(value)) return f.createArrayLiteralExpression(value.map((v) => jsonExpression(v, replace)), value.length > 8);
  if (typeof value === "object") {
    const props = Object.entries(value as Record<string, unknown>).map(([k, v]) =>
      // `{"__proto__": x}` would set the prototype; `{["__proto__"]: x}` makes a key
      f.createPropertyAssignment(
        propertyName(k),
        jsonExpression(v, replace),
      ),
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
export function schemaType(schema: unknown, custom?: (schema: Record<string, unknown>) => ts.TypeNode | undefined): string {
  return printNode(schemaTypeNode(schema, custom));
}

/**
 * A request field's TypeScript type, as the service's PredictRequest declares it (an image field is the file's
 * bytes, whichever way the request carried it); the translated entry function takes the same.
 */
export function requestFieldType(field: { readonly schema: unknown; readonly media?: "image" }): string {
  return schemaType(field.schema, (s) => (field.media === "image" && isImageSchema(s) ? ts.factory.createTypeReferenceNode("Uint8Array") : undefined));
}

/** An image field's schema (a string with an image contentMediaType): what nb2svc writes for image parameters. */
export function isImageSchema(schema: Record<string, unknown>): boolean {
  return schema.type === "string" && typeof schema.contentMediaType === "string" && schema.contentMediaType.startsWith("image/");
}

/**
 * The type node for a JSON Schema (the subset nb2svc writes): `type` (one or several), `const`, `enum`, `anyOf`,
 * `items`, `prefixItems`, `properties` with `required`, `additionalProperties`. Anything else is `unknown`. `custom`
 * gives the type of the schemas it recognises (an image field is bytes where the code holds it, not its JSON form).
 */
export function schemaTypeNode(schema: unknown, custom?: (schema: Record<string, unknown>) => ts.TypeNode | undefined): ts.TypeNode {
  const s = (schema ?? {}) as Record<string, unknown>;
  // `custom` names the type of the schemas it knows, at every depth
  return custom?.(s) ?? typeOfSchema(s, (x) => schemaTypeNode(x, custom));
}

function typeOfSchema(s: Record<string, unknown>, schemaTypeNode: (schema: unknown) => ts.TypeNode): ts.TypeNode {
  if ("const" in s) return literalType(s.const);
  if (Array.isArray(s.enum)) return f.createUnionTypeNode(s.enum.map(literalType));
  if (Array.isArray(s.anyOf)) return f.createUnionTypeNode(s.anyOf.map(schemaTypeNode));
  if (Array.isArray(s.type)) return f.createUnionTypeNode(s.type.map((t) => schemaTypeNode({ ...s, type: t })));
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
    case "array": {
      if (Array.isArray(s.prefixItems)) {
        return f.createTypeOperatorNode(ts.SyntaxKind.ReadonlyKeyword, f.createTupleTypeNode(s.prefixItems.map(schemaTypeNode)));
      }
      return f.createTypeOperatorNode(ts.SyntaxKind.ReadonlyKeyword, f.createArrayTypeNode(schemaTypeNode(s.items)));
    }
    case "object": {
      const extra = s.additionalProperties;
      const value =
        extra && typeof extra === "object" ? schemaTypeNode(extra) : f.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword);
      const props = s.properties && typeof s.properties === "object" ? Object.entries(s.properties as Record<string, unknown>) : [];
      if (props.length === 0) {
        return f.createTypeReferenceNode("Readonly", [f.createTypeReferenceNode("Record", [f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword), value])]);
      }
      const required = new Set(Array.isArray(s.required) ? (s.required as unknown[]) : []);
      const members: ts.TypeElement[] = props.map(([name, sub]) =>
        f.createPropertySignature(
          [f.createModifier(ts.SyntaxKind.ReadonlyKeyword)],
          propertyName(name),
          required.has(name) ? undefined : f.createToken(ts.SyntaxKind.QuestionToken),
          schemaTypeNode(sub),
        ),
      );
      if (extra !== false) {
        // keys the schema does not name may be there too (an index signature must admit every named property)
        members.push(
          f.createIndexSignature(
            [f.createModifier(ts.SyntaxKind.ReadonlyKeyword)],
            [f.createParameterDeclaration(undefined, undefined, "key", undefined, f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword))],
            f.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword),
          ),
        );
      }
      return f.createTypeLiteralNode(members);
    }
    default:
      return f.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword);
  }
}

function literalType(value: unknown): ts.TypeNode {
  if (value === null) return f.createLiteralTypeNode(f.createNull());
  if (typeof value === "string") return f.createLiteralTypeNode(f.createStringLiteral(value));
  if (typeof value === "boolean") return f.createLiteralTypeNode(value ? f.createTrue() : f.createFalse());
  if (typeof value === "number" && Number.isFinite(value)) {
    const lit = f.createNumericLiteral(Math.abs(value).toString());
    return f.createLiteralTypeNode(value < 0 ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, lit) : lit);
  }
  return f.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword);
}
