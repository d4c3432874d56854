// A statistic of a training frame read inside the inference path (`df["Age"].fillna(train["Age"].median())`): when
// the frame's rows are known exactly (rows.ts), the statistic is computed at conversion time, as pandas does, and the
// function reads it as a constant of its own (`train_Age_median`) instead of the whole frame.
import type { Parser } from "web-tree-sitter";
import { parseWith } from "../python/parse.ts";
import type * as A from "../python/pyast.ts";
import type { ModuleScope } from "../python/scope.ts";
import { chainRoot, stmtExprs, walkExpr, walkStmts } from "../python/walk.ts";
import { toJson } from "./evaluate.ts";
import type { Resolver } from "./resolve.ts";
import type { Constant, PyFunction } from "./types.ts";

/**
 * Rewrites the functions `names` of `byName` so that each known statistic of a module-level frame they read becomes a
 * module-level constant; returns those constants. A function whose rewrite does not parse is left as it was.
 */
export function foldStatistics(parser: Parser, names: readonly string[], byName: Map<string, PyFunction>, resolver: Resolver, scope: ModuleScope, order: number): Constant[] {
  const constants = new Map<string, Constant>();
  const byText = new Map<string, string>();
  for (const fname of names) {
    const fn = byName.get(fname);
    if (!fn) continue;
    const module = parseWith(parser, fn.source);
    if (module.errors.length) continue;
    const lineStarts = [0];
    for (let i = 0; i < fn.source.length; i++) if (fn.source[i] === "\n") lineStarts.push(i + 1);
    const edits: { from: number; to: number; name: string }[] = [];
    walkStmts(module.body, (s) => {
      for (const top of stmtExprs(s)) {
        walkExpr(top, (x) => {
          if (x.type !== "Call" || x.func.type !== "Attribute") return;
          const root = chainRoot(x.func.value);
          if (!root || !fn.globals.includes(root)) return;
          const from = (lineStarts[x.line - 1] ?? -1) + x.col - 1;
          if (from < 0 || fn.source.slice(from, from + x.text.length) !== x.text) return;
          // an enclosing statistic already replaced covers this one
          if (edits.some((e) => from >= e.from && from < e.to)) return;
          const value = resolver.rows().statistic(x, order);
          const json = value && toJson(value);
          if (!value || json === undefined) return;
          let name = byText.get(x.text);
          if (!name) {
            name = freshName(x, root, scope, byName, constants);
            byText.set(x.text, name);
            const b = scope.bindingAt(root, order);
            constants.set(name, {
              name,
              source: { kind: "literal", at: { cell: b?.cell ?? fn.cell, line: b?.stmt.line ?? fn.line, column: b?.stmt.col ?? 1 }, expression: x.text },
              value: json,
              data: value,
              numpy: null,
              tuple: false,
            });
          }
          edits.push({ from, to: from + x.text.length, name });
        });
      }
    });
    if (!edits.length) continue;
    let source = fn.source;
    for (const e of [...edits].sort((a, b) => b.from - a.from)) source = source.slice(0, e.from) + e.name + source.slice(e.to);
    const rewritten = parseWith(parser, source);
    if (rewritten.errors.length) continue;
    const read = new Set<string>();
    walkStmts(rewritten.body, (s) => {
      for (const top of stmtExprs(s)) walkExpr(top, (x) => x.type === "Name" && read.add(x.id));
    });
    const added = edits.map((e) => e.name).filter((n, i, all) => all.indexOf(n) === i);
    byName.set(fname, { ...fn, source, globals: [...fn.globals.filter((g) => read.has(g)), ...added.filter((n) => !fn.globals.includes(n))] });
  }
  return [...constants.values()];
}

/** `train["Age"].median()` -> train_Age_median, made unique among the module's names. */
function freshName(call: A.Call, root: string, scope: ModuleScope, byName: ReadonlyMap<string, PyFunction>, taken: ReadonlyMap<string, Constant>): string {
  const f = call.func as A.Attribute;
  const recv = f.value;
  const column = recv.type === "Subscript" && recv.slice.type === "Constant" && typeof recv.slice.value === "string" ? recv.slice.value : recv.type === "Attribute" ? recv.attr : "";
  const base = [root, column, f.attr].filter(Boolean).join("_").replace(/\W+/g, "_");
  let name = base;
  for (let i = 2; scope.bindings.has(name) || byName.has(name) || taken.has(name) || scope.imports.has(name); i++) name = `${base}_${i}`;
  return name;
}

