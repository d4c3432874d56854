// TypeScript identifiers for Python names: reserved words and the runtime's own names are renamed, and every name
// is unique in its scope, so a notebook can never capture or shadow what the generated code relies on.
import { ts } from "ts-morph";
import { isIdentifierText, RESERVED_WORDS } from "../codegen/ts-print.ts";

/** Names the generated module imports or relies on from the global scope. */
export const RUNTIME_NAMES: ReadonlySet<string> = new Set([
  "np",
  "py",
  "pyre",
  "pymath",
  "core",
  "glue",
  "NDArray",
  "PyDict",
  "PyDefaultDict",
  "PySet",
  "PyError",
  "undefined",
  "NaN",
  "Infinity",
  "globalThis",
  "Object",
  "Array",
  "Math",
  "JSON",
  "Number",
  "String",
  "Symbol",
  "Error",
  "arguments",
  "eval",
  "await",
  "yield",
  "let",
  "static",
  "implements",
  "interface",
  "package",
  "private",
  "protected",
  "public",
  "enum",
  "async",
  "of",
  "type",
  "constructor",
  "prototype",
]);

function isReserved(name: string): boolean {
  return RESERVED_WORDS.has(name) || RUNTIME_NAMES.has(name);
}

/** A valid TypeScript identifier close to a Python name (Python allows Unicode letters JavaScript may not). */
function sanitize(name: string): string {
  if (isIdentifierText(name)) return name;
  const out = Array.from(name, (ch, i) =>
    (i === 0 ? ts.isIdentifierStart(ch.codePointAt(0)!, ts.ScriptTarget.ES2022) : ts.isIdentifierPart(ch.codePointAt(0)!, ts.ScriptTarget.ES2022))
      ? ch
      : `_u${ch.codePointAt(0)!.toString(16)}_`,
  ).join("");
  return out;
}

/** Allocates identifiers in one scope; a child scope avoids its parent's names so that nothing is shadowed. */
export class NameScope {
  private readonly used = new Set<string>();
  private readonly map = new Map<string, string>();

  /** `module`: the scope of module-level names, where a function's own lookups stop (see lookupLocal). */
  constructor(
    private readonly parent: NameScope | null = null,
    readonly kind: "module" | "local" = parent ? "local" : "module",
  ) {}

  private taken(name: string): boolean {
    return this.used.has(name) || (this.parent?.taken(name) ?? false);
  }

  /** Binds a Python name to a fresh identifier in this scope (or returns the one it already has here). */
  bind(pyName: string): string {
    const existing = this.map.get(pyName);
    if (existing) return existing;
    const id = this.fresh(pyName);
    this.map.set(pyName, id);
    return id;
  }

  /** A fresh identifier for generated code (temporaries), based on a hint. */
  fresh(hint: string): string {
    let base = sanitize(hint);
    if (isReserved(base)) base += "_";
    let id = base;
    for (let i = 2; this.taken(id); i++) id = `${base}${i}`;
    this.used.add(id);
    return id;
  }

  /** The identifier a Python name has in this scope or an enclosing one. */
  lookup(pyName: string): string | undefined {
    return this.map.get(pyName) ?? this.parent?.lookup(pyName);
  }

  has(pyName: string): boolean {
    return this.map.has(pyName);
  }

  /** The identifier of a Python name bound in a function (or lambda or comprehension), not at module level. */
  lookupLocal(pyName: string): string | undefined {
    if (this.kind === "module") return undefined;
    return this.map.get(pyName) ?? this.parent?.lookupLocal(pyName);
  }
}
