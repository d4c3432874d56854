import { describe, expect, it } from "vitest";
import { stripMagics } from "../../src/python/magics.ts";
import { parsePython } from "../../src/python/parse.ts";
import type * as A from "../../src/python/pyast.ts";
import { decodeStringBody } from "../../src/python/strings.ts";

/** The AST without locations and source text, for compact expectations. */
function shape(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x, (k, v) => (["line", "col", "endLine", "endCol", "text", "nameLoc", "loc"].includes(k) ? undefined : v)));
}

async function expr(src: string): Promise<unknown> {
  const m = await parsePython(src);
  expect(m.errors).toEqual([]);
  return shape((m.body[0] as A.ExprStmt).value);
}

describe("parse", () => {
  it("converts calls with positional, keyword, starred and double-starred arguments", async () => {
    expect(await expr("f(a, *b, k=1, **kw)")).toEqual({
      type: "Call",
      func: { type: "Name", id: "f" },
      args: [
        { type: "Name", id: "a" },
        { type: "Starred", value: { type: "Name", id: "b" } },
      ],
      keywords: [
        { arg: "k", value: { type: "Constant", kind: "int", value: 1 } },
        { arg: null, value: { type: "Name", id: "kw" } },
      ],
    });
  });

  it("converts subscripts with slices, None, Ellipsis and tuples", async () => {
    expect(await expr("x[1:, None, ...]")).toMatchObject({
      type: "Subscript",
      slice: {
        type: "Tuple",
        elts: [
          { type: "Slice", lower: { value: 1 }, upper: null, step: null },
          { type: "Constant", kind: "none" },
          { type: "Constant", kind: "ellipsis" },
        ],
      },
    });
    expect(await expr("x[::-1]")).toMatchObject({ slice: { type: "Slice", lower: null, upper: null, step: { type: "UnaryOp", op: "-" } } });
    expect(await expr("x[a, b]")).toMatchObject({ slice: { type: "Tuple" } });
    expect(await expr("x[a]")).toMatchObject({ slice: { type: "Name", id: "a" } });
  });

  it("decodes string literals like CPython", async () => {
    expect(await expr(String.raw`"a\n\x41\u00e9\101" 'b' r"\d"`)).toEqual({ type: "Constant", kind: "str", value: "a\nAé" + "A" + "b\\d" });
    expect(decodeStringBody(String.raw`\q\N{EM DASH}`, false)).toBe("\\q\u2014");
  });

  it("converts f-strings with conversions, specs holding fields, and {{ }}", async () => {
    expect(await expr('f"{{a}} {x!r:>{w}.2f} {y=}"')).toEqual({
      type: "JoinedStr",
      parts: [
        "{a} ",
        {
          value: { type: "Name", id: "x" },
          conversion: "r",
          spec: { type: "JoinedStr", parts: [">", { value: { type: "Name", id: "w" }, conversion: "", spec: null }, ".2f"] },
        },
        " ",
        { value: { type: "Name", id: "y" }, conversion: "", spec: null, selfDoc: "y=" },
      ],
    });
  });

  it("flattens chained comparisons and boolean operators, and reads `not in` / `is not`", async () => {
    expect(await expr("a < b <= c")).toMatchObject({ type: "Compare", ops: ["<", "<="], comparators: [{ id: "b" }, { id: "c" }] });
    expect(await expr("a not in b")).toMatchObject({ ops: ["not in"] });
    expect(await expr("a is not None")).toMatchObject({ ops: ["is not"] });
    expect(await expr("a and b and c")).toMatchObject({ type: "BoolOp", op: "and", values: [{}, {}, {}] });
  });

  it("converts function definitions with every kind of parameter", async () => {
    const m = await parsePython('def f(a, /, b: int = 2, *args, c, d=1, **kw) -> list[int]:\n    "doc"\n    return a\n');
    const def = m.body[0] as A.FunctionDef;
    expect(def.params.map((p) => [p.name, p.kind, p.annotation?.text ?? null, p.default?.text ?? null])).toEqual([
      ["a", "positional-only", null, null],
      ["b", "positional", "int", "2"],
      ["args", "var-positional", null, null],
      ["c", "keyword-only", null, null],
      ["d", "keyword-only", null, "1"],
      ["kw", "var-keyword", null, null],
    ]);
    expect(def.returns).toMatchObject({ type: "Subscript", value: { id: "list" } });
    expect(def.docstring).toBe("doc");
  });

  it("converts statements: unpacking, augmented and chained assignment, for/else, try, with, del", async () => {
    const m = await parsePython(
      [
        "a, (b, *c) = x",
        "p = q = 1",
        "v += 1",
        "w: int = 5",
        "for i, j in z:\n    continue\nelse:\n    pass",
        "try:\n    pass\nexcept (ValueError, KeyError) as e:\n    raise\nfinally:\n    pass",
        "with torch.no_grad(), open('p') as fh:\n    pass",
        "del d[k]",
        "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass",
      ].join("\n"),
    );
    expect(m.errors).toEqual([]);
    expect(m.body.map((s) => s.type)).toEqual(["Assign", "Assign", "AugAssign", "AnnAssign", "For", "Try", "With", "Delete", "If"]);
    expect(shape((m.body[0] as A.Assign).targets[0])).toEqual({
      type: "Tuple",
      elts: [{ type: "Name", id: "a" }, { type: "Tuple", elts: [{ type: "Name", id: "b" }, { type: "Starred", value: { type: "Name", id: "c" } }] }],
    });
    expect((m.body[1] as A.Assign).targets.map((t) => (t as A.Name).id)).toEqual(["p", "q"]);
    expect((m.body[5] as A.Try).handlers[0]).toMatchObject({ name: "e", exceptionType: { type: "Tuple" } });
    expect((m.body[6] as A.With).items.map((i) => i.vars && (i.vars as A.Name).id)).toEqual([null, "fh"]);
    expect((m.body[8] as A.If).orelse[0]).toMatchObject({ type: "If", orelse: [{ type: "Pass" }] });
  });

  it("reports syntax errors with their location and keeps the rest", async () => {
    const m = await parsePython("x = 1\ny = (2,\nz = 3 +\n");
    expect(m.errors.length).toBeGreaterThan(0);
    expect(m.errors[0]!.line).toBeGreaterThanOrEqual(2);
    expect(m.body[0]).toMatchObject({ type: "Assign" });
  });

  it("keeps integers beyond 2**53 exactly as text", async () => {
    expect(await expr("123456789012345678901234567890")).toMatchObject({ kind: "int", bigValue: "123456789012345678901234567890" });
    expect(await expr("0x1F + 0o17 + 0b11 + 1_000")).toMatchObject({ left: { left: { left: { value: 31 }, right: { value: 15 } }, right: { value: 3 } }, right: { value: 1000 } });
  });
});

describe("IPython magics", () => {
  it("neutralises line magics, shell commands and help without moving lines or columns", async () => {
    const src = "%matplotlib inline\nimport numpy as np\n!pip install x\nfiles = !ls\nnp.zeros?\nfor i in range(3):\n    %time f(i)\nx = 1";
    const s = stripMagics(src);
    expect(s.magics.map((m) => [m.line, m.kind])).toEqual([
      [1, "line-magic"],
      [3, "shell"],
      [4, "shell"],
      [5, "help"],
      [7, "line-magic"],
    ]);
    const lines = s.python!.split("\n");
    expect(lines).toHaveLength(8);
    expect(lines[6]).toBe("    pass; f(i)");
    const m = await parsePython(s.python!);
    expect(m.errors).toEqual([]);
    const last = m.body[m.body.length - 1] as A.Assign;
    expect([last.line, last.col]).toEqual([8, 1]);
  });

  it("keeps %%time cells as Python and skips other cell magics", () => {
    expect(stripMagics("%%time\nx = 1").python).toBe("      \nx = 1");
    expect(stripMagics("%%bash\nls -la")).toMatchObject({ python: null, cellMagic: "bash" });
  });

  it("leaves % and ! inside triple-quoted strings alone", () => {
    const src = 'doc = """\n%not a magic\n!not a shell\n"""\n%who';
    const s = stripMagics(src);
    expect(s.magics.map((m) => m.line)).toEqual([5]);
    expect(s.python!.split("\n").slice(0, 4).join("\n")).toBe(src.split("\n").slice(0, 4).join("\n"));
  });
});
