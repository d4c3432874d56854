// Program slicing over the notebook's top-level code (or one function's body): which statements compute the model's
// input from one example (backward from the model call to the request boundary), and which turn the model's output
// into what a cell displays (forward from the model call). Read by recover.ts, which writes the slices as functions.
import type * as A from "../python/pyast.ts";
import type { Binding, ModuleScope, TopStmt } from "../python/scope.ts";
import { functionFacts } from "../python/scope.ts";
import { allCalls, childExprs, targetNames, walkExpr, walkStmts } from "../python/walk.ts";

/** The statements of one scope: the notebook's module level, or a function's body. */
export interface SliceFrame {
  readonly table: ModuleScope;
  /** The function whose body this is (its parameters are the frame's inputs); null at module level. */
  readonly fn: A.FunctionDef | null;
  /** The cell of a statement of this frame. */
  readonly cellOf: (t: TopStmt) => number;
  /** Qualified name of a callee (`np.array` -> `numpy.array`), through the notebook's imports. */
  readonly qualify: (e: A.Expr) => string | null;
}

/** Where the example enters the computation: what becomes a parameter of the recovered preprocessing function. */
export type BoundaryKind =
  /** A literal the notebook wrote (`sample = [5.1, 3.5, 1.4, 0.2]`, `{"sqft": 1850, ...}`). */
  | "literal"
  /** Rows of a data set (`X_test`, `X_test[:5]`, `df.iloc[[0]]`). */
  | "rows"
  /** A file the notebook reads one example from (`Image.open("cat.png")`). */
  | "file"
  /** Random numbers (`np.random.randn(1, 3, 224, 224)`). */
  | "random"
  /** A loop variable or anything else whose origin is not statically known (`for images, labels in loader:`). */
  | "opaque"
  /** A parameter of the function the model call is in. */
  | "param";

export interface Boundary {
  readonly kind: BoundaryKind;
  /** The parameter's name. */
  readonly name: string;
  /** The expression the parameter stands for (a literal, a row selection, the file argument), replaced by its name. */
  readonly expr: A.Expr | null;
  /** The binding the parameter takes the place of (its statement is dropped), when it replaces a whole binding. */
  readonly binding: Binding | null;
  /** For a row selection: the data set's variable. */
  readonly dataset?: string;
  /** For a row selection: `one` when it selects a single row and drops the row axis (`X[0]`, `df.iloc[0]`). */
  readonly selects?: "one" | "rows";
  /**
   * Rows cut from some columns of a frame (`df["sales"].values[-14:]`, `df[FEATURES].tail(12)`): a window of a series,
   * whose rows together are one example, never records of a table.
   */
  readonly window?: boolean;
  /** For a window that is a frame (`df[FEATURES].tail(12)`): its columns, which the rows are given again. */
  readonly columns?: readonly string[];
  /** For a file read: the call and what it reads. */
  readonly file?: { readonly call: A.Call; readonly media: "image" | "table" | "bytes"; readonly pathExpr: A.Expr };
}

const IMAGE_READS: ReadonlySet<string> = new Set([
  "PIL.Image.open",
  "cv2.imread",
  "keras.utils.load_img",
  "keras.preprocessing.image.load_img",
  "tensorflow.keras.utils.load_img",
  "tensorflow.keras.preprocessing.image.load_img",
  "torchvision.io.read_image",
  "torchvision.io.decode_image",
  "matplotlib.pyplot.imread",
  "matplotlib.image.imread",
  "skimage.io.imread",
  "imageio.imread",
  "imageio.v3.imread",
]);
const TABLE_READS: ReadonlySet<string> = new Set(["pandas.read_csv", "pandas.read_json", "pandas.read_parquet", "pandas.read_excel"]);
/** Calls that load a whole data set (training or test data), not one example. */
const DATA_LOADS = /^(sklearn\.datasets\.(load_|fetch_|make_)|numpy\.(load|loadtxt|genfromtxt)$|torchvision\.datasets\.|tensorflow\.keras\.datasets\.|keras\.datasets\.|datasets\.load_dataset$|sklearn\.model_selection\.train_test_split$|pandas\.read_)/;
const RANDOM = /^(numpy\.random\.|torch\.(rand|randn|randint|rand_like|randn_like|normal)$|tensorflow\.random\.)/;
/** Methods and functions that summarise data (statistics, fitting): their results are constants, never the example. */
const STATISTICS: ReadonlySet<string> = new Set(
  ("fit fit_transform partial_fit mean std var median min max sum prod quantile percentile nanmean nanstd describe value_counts " +
    "unique nunique cov corr corrcoef count mode argsort histogram bincount").split(" "),
);
/** Methods that select rows of a frame. */
const ROW_METHODS: ReadonlySet<string> = new Set(["head", "tail", "sample"]);
/** What a scikit-learn data set (a Bunch from load_*) says about its rows: names, known statically (datasets.ts). */
const BUNCH_METADATA: ReadonlySet<string> = new Set(["feature_names", "target_names"]);
/** Array and tensor constructors whose first argument is the data. */
const CONSTRUCTORS: ReadonlySet<string> = new Set([
  "numpy.array",
  "numpy.asarray",
  "numpy.float32",
  "numpy.float64",
  "numpy.expand_dims",
  "numpy.atleast_2d",
  "torch.tensor",
  "torch.Tensor",
  "torch.FloatTensor",
  "torch.LongTensor",
  "torch.as_tensor",
  "torch.from_numpy",
  "tensorflow.constant",
  "tensorflow.convert_to_tensor",
  "pandas.DataFrame",
  "pandas.Series",
  "list",
  "tuple",
]);

/** Names an expression reads (not those its comprehensions and lambdas bind). */
export function readsOf(e: A.Expr): string[] {
  return functionFacts({ ...e, type: "Lambda", params: [], body: e } as A.Lambda).freeNames as string[];
}

function isLiteralData(e: A.Expr): boolean {
  switch (e.type) {
    case "List":
    case "Tuple":
    case "Dict":
    case "Set":
      return childExprs(e).every(isLiteralLeaf);
    default:
      return false;
  }
}

function isLiteralLeaf(e: A.Expr): boolean {
  if (e.type === "Constant") return e.kind !== "bytes" && e.kind !== "ellipsis";
  if (e.type === "UnaryOp") return (e.op === "-" || e.op === "+") && e.operand.type === "Constant";
  if (e.type === "List" || e.type === "Tuple" || e.type === "Dict" || e.type === "Set") return isLiteralData(e);
  // np.nan, float("nan"), None are data too
  if (e.type === "Attribute") return e.attr === "nan" || e.attr === "inf";
  if (e.type === "Call" && e.func.type === "Name" && e.func.id === "float" && e.args[0]?.type === "Constant") return true;
  return false;
}

/** A subscript selecting rows (an int, a slice, a list of ints), not columns (a string, a list of strings). */
function isRowIndex(e: A.Expr): boolean {
  switch (e.type) {
    case "Constant":
      return e.kind === "int";
    case "UnaryOp":
      return e.operand.type === "Constant" && e.operand.kind === "int";
    case "Slice":
      // x[-look_back:] counts back from the end by a setting
      return [e.lower, e.upper, e.step].every((x) => x === null || isRowIndex(x) || x.type === "Name" || (x.type === "UnaryOp" && x.operand.type === "Name"));
    case "List":
      return e.elts.length > 0 && e.elts.every(isRowIndex);
    case "Tuple":
      // X[0, :], X[:5, :]: the first index selects rows
      return e.elts.length > 0 && isRowIndex(e.elts[0]!) && e.elts.slice(1).every((x) => x.type === "Slice" && !x.lower && !x.upper);
    case "Name":
      return false;
    default:
      return false;
  }
}

/**
 * The frame under a column selection (`df["sales"]`, `df["sales"].values`, `df[["a", "b"]].to_numpy()`), with the
 * column's name when there is one; null for anything else.
 */
function columnOf(e: A.Expr): { frame: A.Expr; name: string | null } | null {
  let x = e;
  if (x.type === "Attribute" && x.attr === "values") x = x.value;
  else if (x.type === "Call" && x.args.length === 0 && x.func.type === "Attribute" && x.func.attr === "to_numpy") x = x.func.value;
  if (x.type !== "Subscript") return null;
  const key = x.slice;
  if (key.type === "Constant" && key.kind === "str") return { frame: x.value, name: key.value as string };
  if (key.type === "List" && key.elts.length > 0 && key.elts.every((k) => k.type === "Constant" && k.kind === "str")) return { frame: x.value, name: null };
  return null;
}

export interface BackwardSlice {
  /** Statements to keep, in frame order. */
  readonly statements: readonly TopStmt[];
  readonly boundaries: readonly Boundary[];
  /** Sub-expressions of kept statements replaced by a parameter's name. */
  readonly replacements: ReadonlyMap<A.Expr, string>;
  /** Module-level (or outer) names the kept statements read that are not on the path: the functions' constants. */
  readonly reads: ReadonlySet<string>;
  /** Kept statements written as other text (a split `X_train, X_test, ... = train_test_split(X, ...)` as `X_test = X`). */
  readonly rewritten: ReadonlyMap<A.Stmt, string>;
  /** Row selections the path went through to reach the table's rows (the examples the notebook picked). */
  readonly selections: readonly { readonly expr: A.Expr | null; readonly binding: Binding | null; readonly selects: "one" | "rows"; readonly pos: number }[];
}

/**
 * The backward slice of `roots` (expressions evaluated at position `pos` of `frame`): statements on the data path
 * from the example to them. A binding is on the path when its value is derived from an example source through
 * per-example operations; statistics and fitted objects are constants, read but not followed.
 */
export class BackwardSlicer {
  private readonly onPath = new Map<Binding, boolean>();
  private readonly kept = new Set<TopStmt>();
  private readonly boundaries: Boundary[] = [];
  private readonly replacements = new Map<A.Expr, string>();
  private readonly usedNames = new Set<string>();
  private readonly byStmt = new Map<A.Stmt, TopStmt>();
  /** Literal bindings reached: a literal also read off the path is a constant, not the example (decided at the end). */
  private readonly literalBindings: Binding[] = [];
  /**
   * Literals written inside an array constructor on the path (`np.array([0.485, 0.456, 0.406])`): the example when
   * nothing else is (`model(np.array([[5.1, 3.5, 1.4, 0.2]]))`), constants beside another example (an image file's
   * normalisation written inline).
   */
  private readonly inlineLiterals: Boundary[] = [];

  private readonly rewritten = new Map<A.Stmt, string>();
  private readonly selections: { expr: A.Expr | null; binding: Binding | null; selects: "one" | "rows"; pos: number }[] = [];

  constructor(
    private readonly frame: SliceFrame,
    /** True when a name at module level is a data set (a split, a loaded table): a row selection of it is the example. */
    private readonly isDataset: (name: string, pos: number) => boolean,
    /**
     * True when a data set's rows come, through per-row operations, from a table the request can stand for (a CSV
     * beside the notebook): the path then goes through its selections and splits back to the table, so a request is
     * one raw row and the notebook's per-row encoding of it is preprocessing.
     */
    private readonly throughRows: (name: string, pos: number) => boolean = () => false,
    /** A frame's column names where they are known statically (frames.ts), or null. */
    private readonly columnsOf: (name: string, pos: number) => readonly string[] | null = () => null,
  ) {
    for (const t of frame.table.statements) this.byStmt.set(t.stmt, t);
    // the `if` statements of a function's body, by the statements nested in them
    for (const s of frame.fn?.body ?? []) {
      if (s.type === "If") walkStmts([...s.body, ...s.orelse], (x) => this.enclosingIf.set(x, s));
    }
    // the outermost loops of the frame, by the statements nested in them (a loop's body follows it in order)
    for (const t of frame.table.statements) {
      if ((t.stmt.type !== "For" && t.stmt.type !== "While") || this.enclosingLoop.has(t.stmt)) continue;
      const loop = t;
      walkStmts([...t.stmt.body, ...t.stmt.orelse], (x) => this.enclosingLoop.set(x, loop));
    }
  }

  /** Statements nested in a loop of the frame (flattened like the `if`s), to the outermost such loop. */
  private readonly enclosingLoop = new Map<A.Stmt, TopStmt>();

  /** The position the slice starts from (the model call's). */
  private rootPos = -1;

  /** True when position `pos` is the loop's or one of the statements nested in it. */
  private inLoop(loop: TopStmt, pos: number): boolean {
    const t = this.frame.table.statements[pos];
    return pos === loop.order || (t !== undefined && this.enclosingLoop.get(t.stmt) === loop);
  }

  /**
   * The loop to keep whole for a statement on the path nested in it: a loop over settings around a change of the
   * example (`for c in num_cols: r[c] = np.clip(r[c], lo[c], hi[c])`), kept once with its iterable visited. Null
   * when the statement is in no loop, or in the loop the model call runs in (a loop over batches).
   */
  private loopAround(t: TopStmt): TopStmt | null {
    const loop = this.enclosingLoop.get(t.stmt);
    if (!loop || this.inLoop(loop, this.rootPos)) return null;
    if (!this.kept.has(loop)) {
      this.kept.add(loop);
      const s = loop.stmt as A.For | A.While;
      this.visit(s.type === "For" ? s.iter : s.test, loop.order, false);
    }
    return loop;
  }

  /** Statements nested in an `if` of the function's body (src/python/scope.ts flattens them), to that `if`. */
  private readonly enclosingIf = new Map<A.Stmt, A.If>();

  /**
   * The `if` of the function's body that fills in `name` when its test reads it (`if region is None: region =
   * "south"`), for a binding of `name` nested in it: the value may also come from before the `if` (the parameter).
   */
  private defaultFill(b: Binding): TopStmt | null {
    const s = this.enclosingIf.get(b.stmt);
    const top = s && this.byStmt.get(s);
    return top && readsOf(s.test).includes(b.name) ? top : null;
  }

  slice(roots: readonly A.Expr[], pos: number): BackwardSlice {
    this.rootPos = pos;
    for (const r of roots) this.visit(r, pos, true);
    this.settleLiterals(pos);
    if (this.boundaries.length === 0) {
      // nothing on the path is an example: the input was built by code from nothing but constants
      // (`img = np.zeros((28, 28)); img[5:23, 12:16] = 1`), and that value is the example
      const made = this.madeFromNothing(pos);
      if (made) {
        this.reset();
        this.forced = made;
        for (const r of roots) this.visit(r, pos, true);
        this.settleLiterals(pos);
      }
    }
    // a literal that turned out a constant (`MODEL_DIR = "artifacts"`, read by code off the path too) was followed
    // while it might have been the example: what was kept for its sake (`mean = np.load(f"{MODEL_DIR}/mean.npy")`)
    // is a constant too. The path again, with those literals constants from the start.
    const constants = this.literalBindings.filter((b) => this.onPath.get(b) === false);
    if (constants.length > 0 && this.boundaries.length > 0) {
      const forced = this.forced;
      this.reset();
      this.forced = forced;
      for (const b of constants) this.settled.add(b);
      for (const r of roots) this.visit(r, pos, true);
      this.settleLiterals(pos);
    }
    if (this.frame.fn) this.keepLocalsRead(roots, pos);
    const keptIfs = new Set(this.frame.table.statements.filter((t) => this.kept.has(t) && t.stmt.type === "If").map((t) => t.stmt));
    // a kept loop is written whole, like a kept `if`
    const statements = this.frame.table.statements.filter((t) => this.kept.has(t) && !keptIfs.has(this.enclosingIf.get(t.stmt)!) && !this.enclosingLoop.has(t.stmt));
    const reads = new Set<string>();
    const locals = new Set<string>([...this.boundaries.map((b) => b.name)]);
    // a kept `if` is written whole: the statements in it bind and read too
    const inner = (t: TopStmt): A.Stmt[] => {
      const out: A.Stmt[] = [];
      walkStmts([t.stmt], (x) => out.push(x));
      return out;
    };
    const exprsIn = (x: A.Stmt): A.Expr[] => (x.type === "If" || x.type === "While" ? [x.test] : x.type === "For" ? [x.iter] : exprsOf(x));
    for (const t of statements) for (const x of inner(t)) for (const n of boundNames(x)) locals.add(n);
    for (const t of statements) for (const x of inner(t)) for (const e of exprsIn(x)) for (const n of readsOf(e)) if (!locals.has(n)) reads.add(n);
    for (const r of roots) for (const n of readsOf(r)) if (!locals.has(n)) reads.add(n);
    return { statements, boundaries: this.boundaries, replacements: this.replacements, reads, rewritten: this.rewritten, selections: this.selections };
  }

  /** The binding whose value visitName is visiting. */
  private binding: Binding | null = null;

  /** A binding of the example, chosen after a first pass found none. */
  private forced: Binding | null = null;

  /** Literal bindings a first pass found to be constants (see slice). */
  private readonly settled = new Set<Binding>();

  /**
   * `visit()`, undone (the slicer as it was before, and false) when all it found were whole tables or data sets (file
   * reads of a table, rows of a data set) and no literal example.
   */
  private unlessOnlyTables(visit: () => boolean): boolean {
    const saved = {
      onPath: new Map(this.onPath), kept: new Set(this.kept), boundaries: this.boundaries.length, replacements: new Map(this.replacements),
      usedNames: new Set(this.usedNames), literals: this.literalBindings.length, inline: this.inlineLiterals.length, rewritten: new Map(this.rewritten), selections: this.selections.length,
    };
    const on = visit();
    const added = this.boundaries.slice(saved.boundaries);
    const tablesOnly = added.length > 0 && added.every((b) => (b.kind === "file" && b.file?.media === "table") || b.kind === "rows");
    if (!tablesOnly || this.literalBindings.length > saved.literals || this.inlineLiterals.length > saved.inline) return on;
    const refill = <K, V>(m: Map<K, V>, from: Map<K, V>) => {
      m.clear();
      for (const [k, v] of from) m.set(k, v);
    };
    refill(this.onPath, saved.onPath);
    refill(this.replacements, saved.replacements);
    refill(this.rewritten, saved.rewritten);
    this.kept.clear();
    for (const t of saved.kept) this.kept.add(t);
    this.usedNames.clear();
    for (const n of saved.usedNames) this.usedNames.add(n);
    this.boundaries.length = saved.boundaries;
    this.selections.length = saved.selections;
    return false;
  }

  private reset(): void {
    this.onPath.clear();
    this.params.clear();
    this.kept.clear();
    this.boundaries.length = 0;
    this.replacements.clear();
    this.usedNames.clear();
    this.literalBindings.length = 0;
    this.inlineLiterals.length = 0;
    this.rewritten.clear();
    this.selections.length = 0;
  }

  /**
   * The binding the path visited that reads no other variable (only imports and literals: `np.zeros(...)`,
   * `torch.ones(...)`, `np.full(...)`), or picks rows of one (`x[-24:]`), and that no code off the path reads: the
   * example the notebook built. The one closest to the model call when there are several.
   */
  private madeFromNothing(pos: number): Binding | null {
    let best: Binding | null = null;
    // the statements the path visited (none kept yet: nothing was an example)
    const visited = new Set([...this.onPath.keys()].map((b) => b.stmt));
    for (const b of this.onPath.keys()) {
      if (b.kind !== "assign" || !b.value || b.element?.length || b.order >= pos) continue;
      // rows picked from data the path does not follow (`window = scaled[-24:]`, scaled a fitted transform's
      // output) are the example too
      const picked = b.value.type === "Subscript" && b.value.value.type === "Name" ? b.value.value.id : null;
      if (b.value.type !== "Call" && !picked) continue;
      const reads = readsOf(b.value).filter((n) => {
        if (n === picked) return false;
        const at = this.frame.table.bindingAt(n, b.order);
        if (at === undefined || at === null || at.kind === "import" || at.kind === "def" || at.kind === "class") return false;
        // a setting (`WINDOW = 24`) is a constant, not data
        return !(at.kind === "assign" && at.value && !at.element?.length && literalInside(at.value, this.frame.qualify));
      });
      if (reads.length) continue;
      const next = (this.frame.table.bindings.get(b.name) ?? []).find((x) => x.order > b.order)?.order ?? pos;
      const readers = this.frame.table.statements.filter((t) => t.order > b.order && t.order < Math.min(next, pos) && this.reads(t.stmt, b.name));
      if (readers.some((t) => !visited.has(t.stmt) && t.stmt.type !== "Expr" && !isMutationOf(t.stmt, b.name))) continue;
      if (!best || b.order > best.order) best = b;
    }
    return best;
  }

  /**
   * A literal is the example when no other code reads it (`sample = [5.1, ...]` read only by the inference cell);
   * a literal that training code or a function reads too (`MEAN = [...]`, `FEATURES = [...]`) is a constant.
   * Displays (`print(sample)`) do not count. When every literal is read elsewhere and nothing else is the example,
   * the one bound closest to the model call is.
   */
  private settleLiterals(pos: number): void {
    const examples: Binding[] = [];
    // in a function's body whose parameters reach the model, the request is those: a literal the body writes is a
    // setting of the function (`offsets = np.array([0])` beside `ids = encode(text)` for an EmbeddingBag)
    const byParams = this.frame.fn !== null && this.boundaries.some((x) => x.kind === "param");
    for (const b of byParams ? [] : this.literalBindings) {
      const next = (this.frame.table.bindings.get(b.name) ?? []).find((x) => x.order > b.order)?.order ?? pos;
      const readers = this.frame.table.statements.filter((t) => t.order > b.order && t.order < Math.min(next, pos) && this.reads(t.stmt, b.name));
      // changing the example in place (`house["city"] = le.transform([house["city"]])[0]`) is part of the path
      const offPath = readers.some((t) => !this.kept.has(t) && t.stmt.type !== "Expr" && !isMutationOf(t.stmt, b.name));
      if (!offPath) examples.push(b);
    }
    if (examples.length === 0 && this.boundaries.length === 0 && this.inlineLiterals.length === 0 && this.literalBindings.length > 0) {
      examples.push(this.literalBindings.reduce((a, b) => (b.order > a.order ? b : a)));
    }
    for (const b of this.literalBindings) {
      const example = examples.includes(b);
      this.onPath.set(b, example);
      if (!example) continue;
      const inner = b.value && literalInside(b.value, this.frame.qualify);
      this.addBoundary({ kind: "literal", name: b.name, expr: inner ?? b.value, binding: b });
      const top = this.byStmt.get(b.stmt);
      // np.array([[...]], dtype=np.float32): the statement stays, with the literal replaced by the parameter
      if (inner && inner !== b.value && top) this.kept.add(top);
      // (an example built from nothing is its value after those changes: they made it)
      if (b !== this.forced) this.keepMutations(b.name, b.order, pos);
    }
    if (this.boundaries.length === 0) for (const b of this.inlineLiterals) this.addBoundary(b);
  }

  private reads(s: A.Stmt, name: string): boolean {
    if (s.type === "FunctionDef") return functionFacts(s).freeNames.includes(name);
    if (s.type === "For") return readsOf(s.iter).includes(name);
    return exprsOf(s).some((e) => readsOf(e).includes(name));
  }

  private freshName(base: string): string {
    let name = base.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(\d)/, "_$1") || "x";
    for (let i = 2; this.usedNames.has(name); i++) name = `${base}_${i}`;
    this.usedNames.add(name);
    return name;
  }

  private addBoundary(b: Boundary): Boundary {
    const existing = this.boundaries.find((x) => (b.binding && x.binding === b.binding) || (b.expr && x.expr === b.expr));
    if (existing) return existing;
    const named = { ...b, name: this.freshName(b.name) };
    this.boundaries.push(named);
    // a parameter replaces its expression inside a kept statement, or the whole binding (whose statement goes)
    if (named.expr && (!named.binding || named.expr !== named.binding.value)) this.replacements.set(named.expr, named.name);
    return named;
  }

  /** The boundaries made for the function's parameters, by parameter. */
  private readonly params = new Map<string, Boundary>();

  /** Names bound by the comprehensions being visited. */
  private readonly shadowed: string[] = [];

  /** Visits a data operand; true when it depends on the example. */
  private visit(e: A.Expr, pos: number, data: boolean): boolean {
    switch (e.type) {
      case "Name":
        return !this.shadowed.includes(e.id) && this.visitName(e.id, pos, data);
      case "Constant":
        return false;
      case "ListComp":
      case "SetComp":
      case "GeneratorExp":
      case "DictComp": {
        // the names a comprehension binds are its own, not the frame's (`[r[c] for c in cols]` after a `for c` loop)
        const bound = e.generators.flatMap((g) => targetNames(g.target));
        this.shadowed.push(...bound);
        let any = false;
        for (const c of childExprs(e)) any = this.visit(c, pos, data) || any;
        this.shadowed.length -= bound.length;
        return any;
      }
      case "List":
      case "Tuple":
      case "Dict":
      case "Set": {
        let any = false;
        for (const c of childExprs(e)) any = this.visit(c, pos, data) || any;
        return any;
      }
      case "Subscript": {
        // X_test[:5], df.iloc[[0]]: a row selection of a data set is the example
        const indexer = e.value.type === "Attribute" && (e.value.attr === "iloc" || e.value.attr === "loc");
        // df["sales"].values[-14:]: rows of one column of a data set (a time series' last window)
        const column = indexer ? null : columnOf(e.value);
        const base = indexer && e.value.type === "Attribute" ? e.value.value : (column?.frame ?? e.value);
        // (`mean[None, :]` adds an axis to the whole array: a saved statistic broadcast, no rows picked)
        const tupleRows = e.slice.type === "Tuple" && !column && !addsAxis(e.slice.elts[0]);
        if (base.type === "Name" && this.isDataset(base.id, pos) && (indexer || isRowIndex(e.slice) || tupleRows)) {
          const one = isSingleIndex(e.slice.type === "Tuple" ? e.slice.elts[0]! : e.slice);
          if (column) {
            const whole = this.binding?.value === e ? this.binding : null;
            this.addBoundary({ kind: "rows", name: whole?.name ?? column.name ?? base.id, expr: e, binding: whole, dataset: base.id, selects: one ? "one" : "rows", window: true });
            return true;
          }
          if (this.throughRows(base.id, pos)) {
            // df_test.iloc[[3]] of a table the request stands for: the request's one row, in the selection's shape
            this.selections.push({ expr: e, binding: null, selects: one ? "one" : "rows", pos });
            this.replacements.set(e, one ? (base !== e.value ? `${base.id}.iloc[0]` : `${base.id}[0]`) : base.id);
            return this.visitName(base.id, pos, true);
          }
          this.addBoundary({ kind: "rows", name: base.id, expr: e, binding: null, dataset: base.id, selects: one ? "one" : "rows" });
          return true;
        }
        const v = this.visit(e.value, pos, data);
        // an index that depends on the example (x[mask]) is data too
        const s = this.visit(e.slice, pos, false);
        return v || s;
      }
      case "Call":
        return this.visitCall(e, pos);
      case "Attribute":
        // a data set's description (`diabetes.feature_names`, `iris.target_names`) is a constant, not its rows
        if (BUNCH_METADATA.has(e.attr) && e.value.type === "Name" && this.isDataset(e.value.id, pos)) return false;
        // a frame's column names (`house[X.columns]`, `reindex(columns=X_train.columns)`) say which columns, not
        // which rows: known statically, they are written out, and the frame's data is no part of the path
        if (e.attr === "columns" && e.value.type === "Name") {
          const cols = this.columnsOf(e.value.id, pos);
          if (cols) {
            this.replacements.set(e, `[${cols.map((c) => JSON.stringify(c)).join(", ")}]`);
            return false;
          }
          // not known statically: the names are the frame's data only when the frame is made from the example; a
          // frame that only reaches a whole table (`FEATURES = list(make_features(train).columns)`) is a value the
          // notebook computed, not a second request
          return this.unlessOnlyTables(() => this.visit(e.value, pos, data));
        }
        return this.visit(e.value, pos, data);
      case "Lambda":
        return false;
      default: {
        let any = false;
        for (const c of childExprs(e)) any = this.visit(c, pos, data) || any;
        return any;
      }
    }
  }

  private visitCall(e: A.Call, pos: number): boolean {
    const q = this.frame.qualify(e.func);
    if (q && IMAGE_READS.has(q) && e.args[0]) {
      this.addBoundary({ kind: "file", name: nameForFile(e.args[0], "image"), expr: e.args[0], binding: null, file: { call: e, media: "image", pathExpr: e.args[0] } });
      return true;
    }
    // load_digit("samples/7.png"): a notebook function that opens its parameter as an image, given a path the
    // notebook wrote, reads the example from that file: the request is the image, and the call stays preprocessing
    const opened = e.func.type === "Name" ? this.imageArgument(e, e.func.id, pos) : null;
    if (opened) {
      this.addBoundary({ kind: "file", name: nameForFile(opened.arg, opened.param), expr: opened.arg, binding: null, file: { call: e, media: "image", pathExpr: opened.arg } });
      return true;
    }
    if (q && TABLE_READS.has(q) && e.args[0]) {
      this.addBoundary({ kind: "file", name: "records", expr: e, binding: null, file: { call: e, media: "table", pathExpr: e.args[0] } });
      return true;
    }
    if (q && RANDOM.test(q)) {
      this.addBoundary({ kind: "random", name: "x", expr: e, binding: null });
      return true;
    }
    if (e.func.type === "Attribute" && ROW_METHODS.has(e.func.attr) && e.func.value.type === "Name" && this.isDataset(e.func.value.id, pos)) {
      if (this.throughRows(e.func.value.id, pos)) {
        // df.sample(frac=1, random_state=8), df.head(3): the request's row, whatever rows the notebook picked
        this.selections.push({ expr: e, binding: null, selects: "rows", pos });
        this.replacements.set(e, e.func.value.id);
        return this.visitName(e.func.value.id, pos, true);
      }
      this.addBoundary({ kind: "rows", name: e.func.value.id, expr: e, binding: null, dataset: e.func.value.id, selects: "rows" });
      return true;
    }
    // df[FEATURES].tail(SEQ_LEN): the last rows of some columns of a data set, as `df["sales"].values[-14:]` (a time
    // series' last window): the example is those rows (the first rows, `head(3)`, stay records of a table scored)
    const picked = e.func.type === "Attribute" && e.func.attr === "tail" ? this.columnsPicked(e.func.value, pos) : null;
    if (picked && picked.frame.type === "Name" && this.isDataset(picked.frame.id, pos)) {
      const whole = this.binding?.value === e ? this.binding : null;
      this.addBoundary({ kind: "rows", name: whole?.name ?? picked.frame.id, expr: e, binding: whole, dataset: picked.frame.id, selects: "rows", window: true, columns: picked.columns });
      return true;
    }
    const method = e.func.type === "Attribute" ? e.func.attr : null;
    const fname = q?.split(".").pop() ?? null;
    if ((method && STATISTICS.has(method)) || (q && /^(numpy|torch)\./.test(q) && fname && STATISTICS.has(fname) && !hasPerRowAxis(e))) {
      return false;
    }
    // a literal given to an array constructor is the example's data: np.array([[5.1, 3.5, 1.4, 0.2]])
    if (q && CONSTRUCTORS.has(q) && e.args[0] && isLiteralData(e.args[0])) {
      this.inlineLiterals.push({ kind: "literal", name: q === "pandas.DataFrame" ? "record" : "x", expr: literalInside(e, this.frame.qualify) ?? e.args[0], binding: null });
      return true;
    }
    let any = false;
    if (e.func.type === "Attribute") any = this.visit(e.func.value, pos, true) || any;
    for (const a of e.args) any = this.visit(a.type === "Starred" ? a.value : a, pos, true) || any;
    // keywords are options (dtype=, axis=, columns=), except a few that carry data
    for (const k of e.keywords) if (k.arg === "X" || k.arg === "x" || k.arg === "input" || k.arg === "data") any = this.visit(k.value, pos, true) || any;
    return any;
  }

  /**
   * For a call of a module-level notebook function that passes one of its parameters to an image reader
   * (`Image.open(path)`, `cv2.imread(path)`, also as `with Image.open(path) as img:`): the argument given for it, when
   * that is a path the notebook wrote (a string, or a name bound to one), and the parameter's name.
   */
  private imageArgument(e: A.Call, name: string, pos: number): { arg: A.Expr; param: string } | null {
    if (this.frame.table.bindingAt(name, pos)?.kind !== "def") return null;
    const def = this.frame.table.functions.get(name)?.def;
    if (!def) return null;
    const opened = new Set<string>();
    for (const c of allCalls(def.body)) {
      const q = this.frame.qualify(c.func);
      const first = c.args[0];
      if (q && IMAGE_READS.has(q) && first?.type === "Name") opened.add(first.id);
    }
    for (const [i, p] of def.params.entries()) {
      if (!opened.has(p.name)) continue;
      const arg = e.args[i] ?? e.keywords.find((k) => k.arg === p.name)?.value;
      if (!arg || arg.type === "Starred") return null;
      if (arg.type === "Constant" && arg.kind === "str") return { arg, param: p.name };
      if (arg.type === "Name") {
        const b = this.frame.table.bindingAt(arg.id, pos);
        if (b?.kind === "assign" && !b.element?.length && b.value?.type === "Constant" && b.value.kind === "str") return { arg, param: p.name };
      }
      return null;
    }
    return null;
  }

  /** `df[["a", "b"]]`, or `df[FEATURES]` with `FEATURES = ["a", "b"]` a literal list: the frame and the column names. */
  private columnsPicked(e: A.Expr, pos: number): { frame: A.Expr; columns: string[] } | null {
    if (e.type !== "Subscript") return null;
    const b = e.slice.type === "Name" ? this.frame.table.bindingAt(e.slice.id, pos) : undefined;
    const key = e.slice.type === "Name" ? (b?.kind === "assign" && !b.element?.length ? b.value : null) : e.slice;
    if (key?.type !== "List" || key.elts.length === 0 || !key.elts.every((k) => k.type === "Constant" && k.kind === "str")) return null;
    return { frame: e.value, columns: key.elts.map((k) => (k as A.Constant).value as string) };
  }

  /** `data`: the name is a data operand (not an index, a column list or an option), so a literal it holds may be the example. */
  private visitName(name: string, pos: number, data = true): boolean {
    const { table, fn } = this.frame;
    const b = table.bindingAt(name, pos);
    if (!b) {
      if (fn && fn.params.some((p) => p.name === name)) {
        // (one input however many times the body reads it: `req["a"]`, then `req["b"]`)
        if (!this.params.has(name)) this.params.set(name, this.addBoundary({ kind: "param", name, expr: null, binding: null }));
        return true;
      }
      return false;
    }
    if (b.kind === "import" || b.kind === "def" || b.kind === "class") return false;
    const memo = this.onPath.get(b);
    if (memo !== undefined) return memo;
    // assume not on the path while visiting (cycles such as `x = f(x)` resolve through the earlier binding)
    this.onPath.set(b, false);
    let on = false;
    const top = this.byStmt.get(b.stmt);
    if (b === this.forced) {
      this.literalBindings.push(b);
      this.onPath.delete(b);
      return true;
    }
    const fill = this.defaultFill(b);
    if (fill) {
      // the whole `if` stays, its test and body as written; the value before it (the parameter) is the path, and the
      // default it fills in is a setting, never the example
      const before = this.visitName(name, fill.order, data);
      // a default computed from another parameter (`threshold = np.median(values)`) brings that one along
      const computed = b.value !== null && this.visit(b.value, b.order, false);
      this.onPath.set(b, before || computed);
      if (before || computed) this.kept.add(fill);
      return before || computed;
    }
    if (b.kind === "assign" && b.value) {
      const literal = literalInside(b.value, this.frame.qualify);
      if (literal && !b.element?.length && this.settled.has(b)) {
        // a constant a function's body binds stays in the function: the module has no such name
        if (this.frame.fn && top) this.kept.add(top);
        this.onPath.set(b, false);
        return false;
      }
      if (literal && !b.element?.length) {
        // a number, or a literal used as an index or an option, is a setting: a constant
        if (!data || (literal.type === "Constant" && literal.kind !== "str") || literal.type === "UnaryOp") {
          this.onPath.set(b, false);
          return false;
        }
        // decided once the whole path is known
        this.literalBindings.push(b);
        this.onPath.delete(b);
        return true;
      }
      if (b.element?.length === 1 && b.value.type === "Call" && this.frame.qualify(b.value.func) === "sklearn.model_selection.train_test_split" && this.throughRows(name, pos)) {
        // X_test = rows of X: the request's row goes through what made X from the table
        const source = b.value.args[Math.floor(b.element[0]! / 2)];
        const top = this.byStmt.get(b.stmt);
        if (source && top) {
          this.selections.push({ expr: null, binding: b, selects: "rows", pos });
          this.rewritten.set(b.stmt, `${name} = ${source.text}`);
          this.onPath.set(b, true);
          this.kept.add(top);
          this.visit(source, b.order, true);
          return true;
        }
      }
      if (b.element?.length && b.value.type === "Call" && this.frame.qualify(b.value.func) === "sklearn.model_selection.train_test_split") {
        // X_test from train_test_split: rows of a data set
        this.addBoundary({ kind: "rows", name, expr: null, binding: b, dataset: name, selects: "rows" });
        this.onPath.set(b, true);
        return true;
      }
      if (b.value.type === "Call" && this.isWholeDataLoad(b.value)) {
        this.addBoundary({ kind: "rows", name, expr: null, binding: b, dataset: name, selects: "rows" });
        this.onPath.set(b, true);
        return true;
      }
      // the binding whose value is being visited: a boundary that is its whole value is named after it
      const outer = this.binding;
      this.binding = b.element?.length ? null : b;
      on = this.visit(b.value, b.order, true);
      this.binding = outer;
    } else if (b.kind === "augassign") {
      const stmt = b.stmt as A.AugAssign;
      const before = this.visitName(name, b.order, data);
      const rhs = this.visit(stmt.value, b.order, true);
      on = before || rhs;
    } else if (b.kind === "for") {
      // `for c in num_cols: r[c] = ...` read inside a loop kept around a change of the example: the loop variable
      // takes the iterable's values there
      const outer = top && (this.enclosingLoop.get(top.stmt) ?? top);
      const reader = this.frame.table.statements[pos];
      if (outer && reader && pos !== top.order && this.inLoop(outer, pos) && this.loopAround(reader)) {
        this.onPath.delete(b);
        return this.visit((top.stmt as A.For).iter, top.order, false);
      }
      // `for images, labels in loader:` — one batch of a data set, values unknown
      this.addBoundary({ kind: "opaque", name, expr: null, binding: b });
      this.onPath.set(b, true);
      return true;
    } else {
      return false;
    }
    this.onPath.set(b, on);
    if (on && top) {
      this.kept.add(top);
      this.loopAround(top);
      this.keepMutations(name, b.order, pos);
    }
    return on;
  }

  /**
   * In a function's body, a local the kept statements read that the example does not flow into (`all_items =
   * np.arange(n_items)` beside `np.full(n_items, u)`) is no module constant nb2svc could resolve: it is computed
   * there, so its statement is kept too (see keepLocals).
   */
  private keepLocalsRead(roots: readonly A.Expr[], pos: number): void {
    const reads = roots.flatMap((r) => readsOf(r).map((name) => ({ name, at: pos })));
    for (const t of this.kept) for (const e of exprsOf(t.stmt)) reads.push(...readsOf(e).map((name) => ({ name, at: t.order })));
    keepLocals(this.frame, reads, this.kept);
  }

  /** In-place changes of an on-path variable between its binding and its use (`x[:, 0] /= 100`, `df["r"] = ...`). */
  private keepMutations(name: string, from: number, to: number): void {
    const positions = this.frame.table.mutations.get(name) ?? [];
    for (const p of positions) {
      if (p <= from || p >= to) continue;
      const t = this.frame.table.statements[p];
      if (!t || this.kept.has(t)) continue;
      this.kept.add(t);
      this.loopAround(t);
      for (const e of exprsOf(t.stmt)) this.visit(e, t.order, true);
    }
  }

  /**
   * `X = load_digits().data` used directly as the model's input: its rows are the example. (np.load is not: it as often
   * reads saved statistics, constants; a row selection of what it loaded is still an example.)
   */
  private isWholeDataLoad(c: A.Call): boolean {
    const q = this.frame.qualify(c.func);
    return q !== null && DATA_LOADS.test(q) && !TABLE_READS.has(q) && !/^numpy\./.test(q);
  }
}

/**
 * Adds to `kept` the statements of a function's body (`frame`) that bind the locals read (`name` read at position
 * `at`), with the locals those read and the changes made to them in place before they are read. Returns the names
 * read that no statement of the body binds there (parameters, module-level names).
 */
export function keepLocals(frame: SliceFrame, reads: readonly { readonly name: string; readonly at: number }[], kept: Set<TopStmt>): Set<string> {
  const unbound = new Set<string>();
  const pending = [...reads];
  const readAt = (t: TopStmt) => {
    for (const e of exprsOf(t.stmt)) for (const name of readsOf(e)) pending.push({ name, at: t.order });
  };
  const topOf = (s: A.Stmt) => frame.table.statements.find((t) => t.stmt === s);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const b = frame.table.bindingAt(next.name, next.at);
    if (!b) unbound.add(next.name);
    const top = b && (b.kind === "assign" || b.kind === "augassign") ? topOf(b.stmt) : undefined;
    if (!b || !top || kept.has(top)) continue;
    kept.add(top);
    readAt(top);
    for (const p of frame.table.mutations.get(b.name) ?? []) {
      const m = frame.table.statements[p];
      if (!m || p <= b.order || p >= next.at || kept.has(m)) continue;
      kept.add(m);
      readAt(m);
    }
  }
  return unbound;
}

/**
 * The literal data a binding's value is (`[5.1, 3.5]`, `{"sqft": 1850}`, `"a great film"`) or wraps in an array
 * constructor (`np.array([[5.1, 3.5]], dtype=np.float32)`); null for anything else.
 */
function literalInside(e: A.Expr, qualify: (e: A.Expr) => string | null): A.Expr | null {
  if (isLiteralData(e)) return e;
  if (e.type === "Constant" && (e.kind === "str" || e.kind === "int" || e.kind === "float")) return e;
  if (e.type === "UnaryOp" && e.operand.type === "Constant") return e;
  if (e.type === "Call" && e.args[0] && isLiteralData(e.args[0])) {
    const q = qualify(e.func);
    // pd.DataFrame([{"sqft": 1850, ...}]): the one record is the example (a request is that record)
    if (q === "pandas.DataFrame" && e.args[0].type === "List" && e.args[0].elts.length === 1 && e.args[0].elts[0]!.type === "Dict") return e.args[0].elts[0]!;
    if (q && CONSTRUCTORS.has(q)) return e.args[0];
  }
  return null;
}

/** `None`, `np.newaxis`: an index that adds an axis of length 1. */
function addsAxis(e: A.Expr | undefined): boolean {
  return (e?.type === "Constant" && e.kind === "none") || (e?.type === "Attribute" && e.attr === "newaxis");
}

/** `0`, `-1`: one row, whose axis the selection drops (a slice or a list keeps it). */
function isSingleIndex(e: A.Expr): boolean {
  return (e.type === "Constant" && e.kind === "int") || (e.type === "UnaryOp" && e.operand.type === "Constant" && e.operand.kind === "int");
}

function hasPerRowAxis(e: A.Call): boolean {
  const axis = e.keywords.find((k) => k.arg === "axis" || k.arg === "dim")?.value ?? e.args[1];
  return axis?.type === "Constant" && axis.kind === "int" && axis.value !== 0;
}

function nameForFile(e: A.Expr, fallback: string): string {
  if (e.type === "Name" && !/^(path|p|f|file|fname|filename)$/i.test(e.id)) return e.id.replace(/_?(path|file|filename|fname)$/i, "") || fallback;
  return fallback;
}

/** Names a simple statement binds. */
export function boundNames(s: A.Stmt): string[] {
  const out: string[] = [];
  const target = (t: A.Expr) => {
    if (t.type === "Name") out.push(t.id);
    else if (t.type === "Tuple" || t.type === "List") t.elts.forEach(target);
    else if (t.type === "Starred") target(t.value);
  };
  if (s.type === "Assign") s.targets.forEach(target);
  else if (s.type === "AugAssign" || s.type === "AnnAssign") target(s.target);
  else if (s.type === "For") target(s.target);
  else if (s.type === "With") s.items.forEach((i) => i.vars && target(i.vars));
  walkStmtExprs(s, (x) => {
    if (x.type === "NamedExpr") out.push(x.target.id);
  });
  return out;
}

/** The expressions a simple statement evaluates (assignment targets' subscripts included). */
export function exprsOf(s: A.Stmt): A.Expr[] {
  switch (s.type) {
    case "Assign":
      return [...s.targets.filter((t) => t.type !== "Name"), s.value];
    case "AugAssign":
      return [s.target, s.value];
    case "AnnAssign":
      return s.value ? [s.value] : [];
    case "Expr":
      return [s.value];
    case "Return":
      return s.value ? [s.value] : [];
    default:
      return [];
  }
}

function walkStmtExprs(s: A.Stmt, visit: (e: A.Expr) => void): void {
  for (const e of exprsOf(s)) walkExpr(e, visit);
}

/** `x[...] = v`, `x[...] += v`: a statement that changes `name` in place (part of building the example). */
function isMutationOf(s: A.Stmt, name: string): boolean {
  const target = s.type === "Assign" && s.targets.length === 1 ? s.targets[0]! : s.type === "AugAssign" ? s.target : null;
  let root = target;
  while (root && (root.type === "Subscript" || root.type === "Attribute")) root = root.value;
  return root !== null && root !== target && root.type === "Name" && root.id === name;
}
