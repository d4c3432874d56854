// The dependency rule of src/ (docs/architecture.md): each folder is a layer, a layer imports only layers below it,
// a stage reads another stage only through its types.ts, the runtime (copied into every generated service) imports
// nothing of the tool, and no module takes part in an import cycle. Every failure names the offending import, so the
// fix starts from the message.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";

/**
 * Lowest first. A module may import its own folder and folders on a lower line; folders on one line are peers and
 * do not import each other. A file directly in src/ is a folder of its own, named by its stem.
 */
const LAYERS: readonly (readonly string[])[] = [
  // copied into every service, so it can import nothing of the tool
  ["runtime"],
  // leaves: where the package's files are, reading the notebook's own files, the diagnostic log, the TypeScript
  // printer, the service's build options and the temporary files an interrupted nb2svc removes
  ["assets", "ts-morph-require", "notebook-files", "diagnostics", "codegen", "scratch"],
  // the child processes an interrupted nb2svc stops (their process groups, stopped as scratch removes its files)
  ["processes"],
  // the Python front end: source to AST, walks, scopes, string literals, magics, dtype arguments, the values Python
  // code denotes
  ["python"],
  // what Python libraries mean (tables for the translator, pickles read as values)
  ["pylib", "pickle"],
  ["load", "inspect"],
  ["analyze"],
  ["execute", "tags", "plan"],
  ["translate"],
  ["generate"],
  ["write"],
  ["bundle"],
  ["verify"],
  // the one place that knows the whole sequence, then what drives it
  ["driver"],
  ["config"],
  // what the commands and the wizard both show
  ["present"],
  ["cli", "ui"],
  ["cli.tsx"],
];

/**
 * Cycles among value imports that are allowed, each with why. Type-only imports are erased, so they cannot order
 * module initialisation and are not counted. An entry that no longer matches a cycle fails too, so the list only
 * shrinks.
 */
const ALLOWED_CYCLES: readonly { readonly files: readonly string[]; readonly why: string }[] = [
  {
    // pandas's own classes make each other (a frame's column is a Series, a Series' index is an Index, reset_index
    // gives a frame): one class family split by concern, initialised before any of it runs
    files: [
      "src/runtime/pandas/datetimes.ts",
      "src/runtime/pandas/frame.ts",
      "src/runtime/pandas/index.ts",
      "src/runtime/pandas/indexing.ts",
      "src/runtime/pandas/series.ts",
      "src/runtime/pandas/sort.ts",
      "src/runtime/pandas/strings.ts",
    ],
    why: "pandas's DataFrame, Series and Index construct each other",
  },
];

/** The pipeline's stages: one stage reads another's output through its types.ts only (docs/architecture.md). */
const STAGES: ReadonlySet<string> = new Set(["load", "inspect", "analyze", "execute", "tags", "plan", "translate", "generate", "write", "bundle", "verify"]);

/** Stage-to-stage imports of more than types, each with why. */
const ALLOWED_STAGE_IMPORTS: readonly { readonly from: string; readonly to: string; readonly why: string }[] = [
  {
    from: "src/analyze/evaluate.ts",
    to: "src/inspect/onnx-graph.ts",
    why: "`sess.get_inputs()[0].shape` in a notebook is the model file's signature, read as inspect reads it",
  },
  {
    from: "src/translate/infer.ts",
    to: "src/plan/schema.ts",
    why: "a parameter's annotation means the same JSON Schema to the translator as to the plan's request schema",
  },
];

interface Import {
  readonly from: string;
  readonly to: string;
  /** 1-based */
  readonly line: number;
  readonly typeOnly: boolean;
}

const root = packageRoot();
const rel = (abs: string) => path.relative(root, abs).split(path.sep).join("/");

function sourceFiles(): string[] {
  const src = path.join(root, "src");
  return readdirSync(src, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => rel(path.join(src, f)))
    .concat("cli.tsx")
    .sort();
}

/** The relative imports of a file (static, re-exports, dynamic `import("...")`), resolved to repository paths. */
function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(root, file), "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Import[] = [];
  const add = (spec: ts.Expression | undefined, node: ts.Node, typeOnly: boolean) => {
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith(".")) return;
    const to = rel(path.resolve(path.dirname(path.join(root, file)), spec.text));
    out.push({ from: file, to, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, node, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], node, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, node, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The layer a repository path belongs to: its folder under src/, or a file's stem for files directly in src/. */
function layerOf(file: string): string | null {
  if (file === "cli.tsx") return "cli.tsx";
  const m = /^src\/([^/]+)(\/)?/.exec(file);
  if (!m) return null;
  return m[2] ? m[1]! : m[1]!.replace(/\.[^.]+$/, "");
}

const rank = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i] as const)));
const files = sourceFiles();
const imports = files.flatMap(importsOf);
const where = (i: Import) => `${i.from}:${i.line} imports ${i.to}`;

describe("the layers of src/", () => {
  it("every folder of src/ has a place in the layer order", () => {
    const unplaced = [...new Set(files.map(layerOf))].filter((l) => l === null || !rank.has(l));
    expect(unplaced, "add each to LAYERS in test/architecture/layers.test.ts, below what imports it").toEqual([]);
  });

  it("the runtime imports nothing of the tool (it is copied into every service as it is)", () => {
    const bad = imports.filter((i) => layerOf(i.from) === "runtime" && layerOf(i.to) !== "runtime").map(where);
    expect(bad).toEqual([]);
  });

  it("modules import only src/ (nothing from docs/, test/ or tools/)", () => {
    const bad = imports.filter((i) => layerOf(i.to) === null).map(where);
    expect(bad).toEqual([]);
  });

  it("a layer imports only its own folder and the layers below it", () => {
    expect(layerViolations(imports)).toEqual([]);
  });

  it("a stage reads another stage only through its types.ts (its output), not its functions", () => {
    expect(stageViolations(imports)).toEqual([]);
    const stale = ALLOWED_STAGE_IMPORTS.filter((a) => !imports.some((i) => i.from === a.from && i.to === a.to)).map((a) => a.why);
    expect(stale, "remove these from ALLOWED_STAGE_IMPORTS: the import is gone").toEqual([]);
  });

  it("no module takes part in an import cycle (value imports; type-only imports are erased)", () => {
    const cycles = valueCycles(files, imports);
    const allowed = new Set(ALLOWED_CYCLES.map((c) => [...c.files].sort().join(" ")));
    const found = new Set(cycles.map((c) => c.files.join(" ")));
    const bad = cycles.filter((c) => !allowed.has(c.files.join(" "))).map((c) => `a cycle of ${c.files.length} modules:\n  ${c.edges.join("\n  ")}`);
    expect(bad).toEqual([]);
    const stale = ALLOWED_CYCLES.filter((c) => !found.has([...c.files].sort().join(" "))).map((c) => c.why);
    expect(stale, "remove these from ALLOWED_CYCLES: the cycle is gone or has changed").toEqual([]);
  });

  it("the checks catch what they are for (planted imports)", () => {
    const planted = (from: string, to: string, typeOnly = false): Import => ({ from, to, line: 1, typeOnly });
    expect(layerViolations([planted("src/ui/a.ts", "src/cli/b.ts"), planted("src/translate/a.ts", "src/generate/b.ts"), planted("src/generate/a.ts", "src/translate/b.ts")])).toEqual([
      "src/ui/a.ts:1 imports src/cli/b.ts: ui may not import cli (a peer)",
      "src/translate/a.ts:1 imports src/generate/b.ts: translate may not import generate (a higher layer)",
    ]);
    expect(stageViolations([planted("src/generate/a.ts", "src/analyze/evaluate.ts"), planted("src/generate/a.ts", "src/plan/types.ts")])).toEqual([
      "src/generate/a.ts:1 imports src/analyze/evaluate.ts: generate may read analyze only through its types.ts",
    ]);
    const ring = ["src/runtime/a.ts", "src/runtime/b.ts", "src/runtime/c.ts"];
    const cycles = valueCycles(ring, [planted(ring[0]!, ring[1]!), planted(ring[1]!, ring[2]!), planted(ring[2]!, ring[0]!)]);
    expect(cycles.map((c) => c.files)).toEqual([ring]);
    expect(valueCycles(ring, [planted(ring[0]!, ring[1]!), planted(ring[1]!, ring[0]!, true)])).toEqual([]);
  });
});

/** Imports of a layer that is not below the importing one, as messages. */
function layerViolations(list: readonly Import[]): string[] {
  return list
    .filter((i) => {
      const a = layerOf(i.from);
      const b = layerOf(i.to);
      if (a === null || b === null || a === b || !rank.has(a) || !rank.has(b)) return false;
      return rank.get(b)! >= rank.get(a)!;
    })
    .map((i) => {
      const a = layerOf(i.from)!;
      const b = layerOf(i.to)!;
      return `${where(i)}: ${a} may not import ${b} (${rank.get(a) === rank.get(b) ? "a peer" : "a higher layer"})`;
    });
}

/** Imports from one stage of another stage's modules other than its types.ts, as messages. */
function stageViolations(list: readonly Import[]): string[] {
  return list
    .filter((i) => {
      const a = layerOf(i.from);
      const b = layerOf(i.to);
      if (a === null || b === null || a === b || !STAGES.has(a) || !STAGES.has(b)) return false;
      if (i.to === `src/${b}/types.ts`) return false;
      return !ALLOWED_STAGE_IMPORTS.some((x) => x.from === i.from && x.to === i.to);
    })
    .map((i) => `${where(i)}: ${layerOf(i.from)} may read ${layerOf(i.to)} only through its types.ts`);
}

/** The import cycles among value imports: each cycle's files (sorted) and the imports that close it. */
function valueCycles(nodes: readonly string[], list: readonly Import[]): { files: string[]; edges: string[] }[] {
  const graph = new Map<string, Import[]>(nodes.map((f) => [f, []]));
  for (const i of list) if (!i.typeOnly && graph.has(i.to)) graph.get(i.from)!.push(i);
  return stronglyConnected(graph)
    .filter((c) => c.length > 1)
    .map((c) => {
      const members = new Set(c);
      return { files: [...c].sort(), edges: c.flatMap((f) => graph.get(f)!.filter((i) => members.has(i.to)).map(where)) };
    });
}

/** Tarjan's strongly connected components, iteratively (deep import chains would overflow a recursive walk). */
function stronglyConnected(graph: ReadonlyMap<string, readonly Import[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const edges = graph.get(top.node)!;
      if (top.edge < edges.length) {
        const to = edges[top.edge++]!.to;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        out.push(component);
      }
    }
  }
  return out;
}
