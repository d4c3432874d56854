// The runtime entry points generated code calls, in one place: the emitter refers to runtime functions only through
// these, so a rename in the runtime is one edit here.
import { ts } from "ts-morph";
import { BINARY_OPERATORS, COMPARISON_OPERATORS, UNARY_OPERATORS } from "../runtime/operators.ts";

const f = ts.factory;

/** Runtime namespaces as the generated module imports them. */
export type RuntimeNs = "py" | "np" | "pyre" | "pymath" | "core" | "glue";

export function rt(ns: RuntimeNs, name: string): ts.Expression {
  return f.createPropertyAccessExpression(f.createIdentifier(ns), f.createIdentifier(name));
}

export function rtCall(ns: RuntimeNs, name: string, args: readonly ts.Expression[]): ts.CallExpression {
  return f.createCallExpression(rt(ns, name), undefined, args);
}

/** Python operators to the py runtime's functions (the table is the runtime's own). */
export const BINARY: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(BINARY_OPERATORS).map(([op, e]) => [op, e.py]));
export const COMPARE: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(COMPARISON_OPERATORS).map(([op, e]) => [op, e.py]));
export const UNARY: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(UNARY_OPERATORS).map(([op, e]) => [op, e.py]));

/** Python builtins the runtime implements, called as `py.<name>(...args, py.kw({...}))`. */
export const BUILTINS: ReadonlySet<string> = new Set([
  "abs",
  "all",
  "any",
  "bin",
  "bool",
  "callable",
  "chr",
  "dict",
  "divmod",
  "enumerate",
  "filter",
  "float",
  "format",
  "getattr",
  "hasattr",
  "hex",
  "int",
  "isinstance",
  "len",
  "list",
  "map",
  "max",
  "min",
  "oct",
  "ord",
  "pow",
  "range",
  "repr",
  "reversed",
  "round",
  "set",
  "sorted",
  "str",
  "sum",
  "tuple",
  "zip",
  "ascii",
]);

/** Builtins nb2svc refuses, with the reason a person needs. */
export const REFUSED_BUILTINS: Readonly<Record<string, string>> = {
  eval: "it runs code that is only known at run time",
  exec: "it runs code that is only known at run time",
  compile: "it runs code that is only known at run time",
  open: "a service must not read or write files per request (only `open(path, \"rb\")` of a file the request carries, such as an image, is translated)",
  input: "a service cannot ask for input",
  print: "a service writes no output per request (the function's result is the response)",
  globals: "it exposes the notebook's module state",
  locals: "it exposes the function's frame",
  vars: "it exposes an object's internals",
  __import__: "it imports code at run time",
  setattr: "it mutates objects",
  delattr: "it mutates objects",
  type: "types are not values in the translated code",
  iter: "iterators are not translated; use a list",
  next: "iterators are not translated; use a list and an index",
  id: "object identity has no stable meaning in the service",
  hash: "hash values differ between Python and the service",
  super: "classes are not translated",
  object: "classes are not translated",
};
