import { describe, expect, it } from "vitest";
import { parsePython } from "../../src/python/parse.ts";
import type * as A from "../../src/python/pyast.ts";
import { bindCall } from "../../src/python/walk.ts";

/** `def f<signature>: pass` bound to the call `f<args>`, each argument as its source text; null when bindCall refuses. */
async function bound(signature: string, args: string): Promise<unknown> {
  const m = await parsePython(`def f${signature}:\n    pass\nf${args}\n`);
  expect(m.errors).toEqual([]);
  const b = bindCall((m.body[0] as A.FunctionDef).params, (m.body[1] as A.ExprStmt).value as A.Call);
  return b && { named: Object.fromEntries([...b.named].map(([k, e]) => [k, e.text])), extraArgs: b.extraArgs.map((e) => e.text), extraKeywords: b.extraKeywords.map((k) => k.arg) };
}

describe("bindCall: a call's arguments to a function's parameters, as Python binds them", () => {
  it("binds positional arguments in order and keywords by name, leaving defaults out", async () => {
    expect(await bound("(a, b, c=1, *, d=2)", "(x, c=y, d=z)")).toEqual({ named: { a: "x", c: "y", d: "z" }, extraArgs: [], extraKeywords: [] });
  });

  it("gives what *args and **kwargs take apart", async () => {
    expect(await bound("(a, *rest, **kw)", "(1, 2, 3, t=4)")).toEqual({ named: { a: "1" }, extraArgs: ["2", "3"], extraKeywords: ["t"] });
  });

  it("refuses what it cannot tell and what Python refuses", async () => {
    expect(await bound("(a)", "(*xs)")).toBeNull();
    expect(await bound("(a)", "(**d)")).toBeNull();
    expect(await bound("(a)", "(1, 2)")).toBeNull();
    expect(await bound("(a)", "(b=1)")).toBeNull();
    expect(await bound("(a)", "(1, a=2)")).toBeNull();
    expect(await bound("(a, /)", "(a=1)")).toBeNull();
  });
});
