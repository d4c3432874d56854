// CountVectorizer, TfidfVectorizer and TfidfTransformer (sklearn/feature_extraction/text.py) with a fitted
// vocabulary. Documents are analysed as scikit-learn does, with Python's string semantics: str.lower's Unicode case
// mapping, the token pattern run by the runtime's Python `re` (`(?u)\b\w\w+\b` by default, \w and \b with Python's
// meanings), accents stripped through NFKD, n-grams over code points. Counts per document are made in vocabulary
// order, then TF-IDF weights them (sublinear tf, idf) and normalises each row (l2 with a double accumulator).
import { PyError, WeakFloat } from "../core.ts";
import { NDArray, allocate, castValue, isFloatDType, type DType, type TypedArray } from "../ndarray.ts";
import { callMethod } from "../py-builtins.ts";
import { typeName } from "../py-base.ts";
import { PyDict, PySet } from "../pydict.ts";
import { compile, type Pattern } from "../pyre.ts";
import { strMethod } from "../pystr.ts";
import { Estimator, isNone, toNumber, typeError, valueError, type Kwargs } from "./base.ts";
import { Table, values1D } from "./data.ts";
import { CsrMatrix, csrFromDense } from "./sparse.ts";
import { ENGLISH_STOP_WORDS } from "./stop-words.ts";

type Method = (args: unknown[], kwargs: Kwargs) => unknown;

const combiningCache = new Map<string, boolean>();

/**
 * unicodedata.combining(c) != 0, from how canonical ordering moves the character: a mark with a non-zero combining
 * class is reordered around U+0301 (class 230) or U+0315 (class 232); a starter never is.
 */
function isCombining(c: string): boolean {
  let v = combiningCache.get(c);
  if (v === undefined) {
    const moved = (s: string) => s.normalize("NFD") !== s;
    v = moved("\u0301" + c) || moved(c + "\u0301") || moved("\u0315" + c);
    combiningCache.set(c, v);
  }
  return v;
}

/** strip_accents_unicode: unchanged when ASCII, else NFKD without the combining characters. */
export function stripAccentsUnicode(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  let out = "";
  for (const c of s.normalize("NFKD")) if (!isCombining(c)) out += c;
  return out;
}

/** strip_accents_ascii: NFKD, then only the ASCII characters. */
export function stripAccentsAscii(s: string): string {
  return s.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
}

const WHITE_SPACES = compile("\\s\\s+");

/** The analysis of one document into its features (scikit-learn's build_analyzer for the built-in analyzers). */
class Analyzer {
  private readonly kind: string;
  private readonly lowercase: boolean;
  private readonly accents: ((s: string) => string) | null;
  private readonly pattern: Pattern | null;
  private readonly stop: ReadonlySet<string> | null;
  private readonly minN: number;
  private readonly maxN: number;

  constructor(est: Estimator & { readonly pyTypeName: string }, attr: (n: string) => unknown) {
    const cls = est.pyTypeName;
    const analyzer = attr("analyzer") ?? "word";
    if (typeof analyzer !== "string") throw typeError(`${cls}(analyzer=callable) is not supported: the pickle only names the function`);
    if (!["word", "char", "char_wb"].includes(analyzer)) throw valueError(`${analyzer} is not a valid tokenization scheme/analyzer`);
    this.kind = analyzer;
    if (!isNone(attr("preprocessor"))) throw typeError(`${cls}(preprocessor=...) is not supported: the pickle only names the function`);
    if (analyzer === "word" && !isNone(attr("tokenizer"))) throw typeError(`${cls}(tokenizer=...) is not supported: the pickle only names the function`);
    const input = attr("input") ?? "content";
    if (input !== "content") throw typeError(`${cls}(input=${String(input)}) is not supported: the service gets the documents' text`);
    this.lowercase = attr("lowercase") !== false;
    const accents = attr("strip_accents");
    if (isNone(accents) || accents === false) this.accents = null;
    else if (accents === "ascii") this.accents = stripAccentsAscii;
    else if (accents === "unicode") this.accents = stripAccentsUnicode;
    else throw valueError(`Invalid value for "strip_accents": ${String(accents)}`);
    const range = attr("ngram_range");
    const r = Array.isArray(range) ? range.map((x) => toNumber(x)!) : [1, 1];
    this.minN = r[0]!;
    this.maxN = r[1]!;
    if (analyzer === "word") {
      const tp = attr("token_pattern");
      if (typeof tp !== "string") throw typeError(`${cls}.token_pattern in the pickle is not a string`);
      this.pattern = compile(tp);
      if (this.pattern.groups > 1) throw valueError("More than 1 capturing group in token pattern. Only a single group should be captured.");
      const sw = attr("stop_words");
      if (isNone(sw)) this.stop = null;
      else if (sw === "english") this.stop = ENGLISH_STOP_WORDS;
      else if (typeof sw === "string") throw valueError(`not a built-in stop list: ${sw}`);
      else if (Array.isArray(sw) || sw instanceof PySet) this.stop = new Set([...sw].map(String));
      else throw typeError(`${cls}.stop_words in the pickle is not a list`);
    } else {
      this.pattern = null;
      this.stop = null;
    }
  }

  private preprocess(doc: unknown): string {
    if (typeof doc === "number" && Number.isNaN(doc)) throw valueError("np.nan is an invalid document, expected byte or unicode string.");
    if (typeof doc !== "string") {
      if (this.lowercase || this.kind !== "word") throw new PyError("AttributeError", `'${typeName(doc)}' object has no attribute '${this.lowercase ? "lower" : "split"}'`);
      throw typeError("expected string or bytes-like object");
    }
    let s = this.lowercase ? (strMethod(doc, "lower", []) as string) : doc;
    if (this.accents) s = this.accents(s);
    return s;
  }

  analyze(doc: unknown): string[] {
    const text = this.preprocess(doc);
    if (this.kind === "word") {
      let tokens = (callMethod(this.pattern!, "findall", [text]) as unknown[]).map(String);
      if (this.stop) tokens = tokens.filter((w) => !this.stop!.has(w));
      return this.wordNgrams(tokens);
    }
    const normal = callMethod(WHITE_SPACES, "sub", [" ", text]) as string;
    return this.kind === "char" ? this.charNgrams(normal) : this.charWbNgrams(normal);
  }

  private wordNgrams(tokens: string[]): string[] {
    let minN = this.minN;
    const maxN = this.maxN;
    if (maxN === 1) return tokens;
    const original = tokens;
    let out: string[];
    if (minN === 1) {
      out = original.slice();
      minN += 1;
    } else out = [];
    const n = original.length;
    for (let k = minN; k <= Math.min(maxN, n); k++) for (let i = 0; i <= n - k; i++) out.push(original.slice(i, i + k).join(" "));
    return out;
  }

  private charNgrams(text: string): string[] {
    const cps = Array.from(text);
    let minN = this.minN;
    let out: string[];
    if (minN === 1) {
      out = cps.slice();
      minN += 1;
    } else out = [];
    for (let k = minN; k <= Math.min(this.maxN, cps.length); k++) for (let i = 0; i <= cps.length - k; i++) out.push(cps.slice(i, i + k).join(""));
    return out;
  }

  private charWbNgrams(text: string): string[] {
    const out: string[] = [];
    for (const word of strMethod(text, "split", []) as string[]) {
      const w = Array.from(" " + word + " ");
      for (let k = this.minN; k <= this.maxN; k++) {
        let offset = 0;
        out.push(w.slice(offset, offset + k).join(""));
        while (offset + k < w.length) {
          offset += 1;
          out.push(w.slice(offset, offset + k).join(""));
        }
        if (offset === 0) break; // a word shorter than n is counted once
      }
    }
    return out;
  }
}

/** The documents of a transform call: any iterable of strings except a string itself. */
function documents(raw: unknown): unknown[] {
  if (typeof raw === "string") throw valueError("Iterable over raw text documents expected, string object received.");
  if (raw instanceof Table && raw.nCols !== 1) throw valueError("a text vectorizer takes one column of documents");
  const docs = values1D(raw);
  if (!docs) throw typeError(`'${typeName(raw)}' object is not iterable`);
  return docs.map((d) => (d instanceof WeakFloat ? d.value : d));
}

function dtypeOf(v: unknown, dflt: DType): DType {
  if (isNone(v)) return dflt;
  if (v === "float16") return "float32";
  if (typeof v === "string" && ["float64", "float32", "int64", "int32", "int16", "int8", "uint8", "uint16", "uint32", "bool"].includes(v)) return v as DType;
  throw typeError(`dtype ${String(v)} is not supported for text features`);
}

export class CountVectorizer extends Estimator {
  private analyzer: Analyzer | null = null;
  private vocab: Map<string, number> | null = null;

  constructor(state: PyDict, cls = "CountVectorizer") {
    super(cls, state);
  }

  private getAnalyzer(): Analyzer {
    this.analyzer ??= new Analyzer(this, (n) => this.a.raw(n));
    return this.analyzer;
  }

  protected vocabulary(): Map<string, number> {
    if (this.vocab) return this.vocab;
    const v = this.a.raw("vocabulary_");
    if (!(v instanceof PyDict)) throw valueError("Vocabulary not fitted or provided");
    const m = new Map<string, number>();
    for (const [k, i] of v) m.set(String(k), toNumber(i)!);
    if (m.size === 0) throw valueError("Vocabulary is empty");
    this.vocab = m;
    return m;
  }

  /** `_count_vocab(raw_documents, fixed_vocab=True)` then binary: the document-term counts in `dtype`. */
  counts(raw: unknown, dtype: DType): CsrMatrix {
    const docs = documents(raw);
    const vocab = this.vocabulary();
    const analyzer = this.getAnalyzer();
    const indptr = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const binary = this.a.bool("binary", false);
    for (const doc of docs) {
      const counter = new Map<number, number>();
      for (const f of analyzer.analyze(doc)) {
        const j = vocab.get(f);
        if (j !== undefined) counter.set(j, (counter.get(j) ?? 0) + 1);
      }
      const row = [...counter].sort((x, y) => x[0] - y[0]);
      for (const [j, c] of row) {
        indices.push(j);
        values.push(binary ? 1 : c);
      }
      indptr.push(indices.length);
    }
    const data = allocate(dtype, values.length);
    for (let k = 0; k < values.length; k++) data[k] = castValue(values[k]!, "int64", dtype);
    return new CsrMatrix(docs.length, vocab.size, data, indices, indptr, dtype);
  }

  transform(raw: unknown): CsrMatrix {
    return this.counts(raw, dtypeOf(this.a.raw("dtype"), "int64"));
  }

  namesOut(): string[] {
    const vocab = this.vocabulary();
    const out = new Array<string>(vocab.size);
    for (const [t, i] of vocab) out[i] = t;
    return out;
  }

  inverseTransform(X: unknown): string[][] {
    const names = this.namesOut();
    const m = X instanceof CsrMatrix ? X : csrFromDense(X instanceof NDArray ? X : (callMethod(X, "__array__", []) as NDArray));
    const out: string[][] = [];
    for (let i = 0; i < m.rows; i++) {
      const cols: number[] = [];
      for (let p = m.indptr[i]!; p < m.indptr[i + 1]!; p++) if (m.data[p] !== 0) cols.push(m.indices[p]!);
      out.push(cols.sort((x, y) => x - y).map((j) => names[j]!));
    }
    return out;
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      inverse_transform: (a) => this.inverseTransform(a[0]),
      get_feature_names_out: () => this.namesOut(),
      build_analyzer: () => (doc: unknown) => this.getAnalyzer().analyze(doc),
    };
  }
}

/** idf weights from a TfidfTransformer's state: `idf_` (1.3+) or the diagonal of `_idf_diag` (before), in their dtype. */
function idfOf(est: { raw(n: string): unknown }, n: number): NDArray | null {
  const direct = est.raw("idf_");
  if (direct instanceof NDArray) return direct;
  const diag = est.raw("_idf_diag");
  if (!(diag instanceof CsrMatrix)) return null;
  const out = allocate(diag.dtype, n);
  for (let i = 0; i < diag.rows; i++) for (let p = diag.indptr[i]!; p < diag.indptr[i + 1]!; p++) if (diag.indices[p] === i) out[i] = diag.data[p]!;
  return new NDArray(out, [n], diag.dtype);
}

/**
 * sklearn.preprocessing.normalize of a CSR matrix's rows in place (`norm` l2 / l1 / None): the sum of squares or of
 * absolute values per row, rows summing to zero left as they are.
 */
function normalizeRows(data: TypedArray, indptr: ArrayLike<number>, rows: number, norm: unknown, d: DType): void {
  if (isNone(norm)) return;
  if (norm !== "l2" && norm !== "l1") throw valueError(`'${String(norm)}' is not a supported norm`);
  const r = d === "float32" ? Math.fround : (v: number) => v;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let p = indptr[i]!; p < indptr[i + 1]!; p++) s += norm === "l2" ? r(data[p]! * data[p]!) : Math.abs(data[p]!);
    if (s === 0) continue;
    if (norm === "l2") s = Math.sqrt(s);
    for (let p = indptr[i]!; p < indptr[i + 1]!; p++) data[p] = r(data[p]! / s);
  }
}

export class TfidfTransformer extends Estimator {
  constructor(state: PyDict) {
    super("TfidfTransformer", state);
  }

  idf(): NDArray {
    const n = this.nFeaturesIn() ?? 0;
    const v = idfOf({ raw: (k) => this.a.raw(k) }, n);
    if (!v) throw new PyError("AttributeError", "idf vector is not fitted");
    return v;
  }

  transform(X: unknown): CsrMatrix {
    let m = X instanceof CsrMatrix ? X : csrFromDense(X instanceof NDArray ? X : (callMethod(X, "__array__", []) as NDArray));
    if (!isFloatDType(m.dtype)) m = m.astype("float64");
    else m = m.astype(m.dtype === "float32" ? "float32" : "float64");
    this.checkNFeatures(m.cols);
    const d = m.dtype;
    const r = d === "float32" ? Math.fround : (v: number) => v;
    const data = allocate(d, m.data.length);
    for (let k = 0; k < data.length; k++) data[k] = m.data[k]!;
    if (this.a.bool("sublinear_tf", false)) for (let k = 0; k < data.length; k++) data[k] = r(r(Math.log(data[k]!)) + 1);
    if (this.a.bool("use_idf", true)) {
      const idf = this.idf().values();
      const idfD = d === "float32" ? Float32Array.from(idf) : idf;
      for (let k = 0; k < data.length; k++) data[k] = r(data[k]! * idfD[m.indices[k]!]!);
    }
    normalizeRows(data, m.indptr, m.rows, this.a.raw("norm"), d);
    return new CsrMatrix(m.rows, m.cols, data, m.indices, m.indptr, d);
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      get_feature_names_out: (a, k) => this.featureNamesIn(Estimator.arg(a, k, 0, "input_features", null)),
    };
  }

  protected override properties(): Record<string, () => unknown> {
    return { idf_: () => this.idf() };
  }
}

export class TfidfVectorizer extends CountVectorizer {
  constructor(state: PyDict) {
    super(state, "TfidfVectorizer");
  }

  private tfidf(): TfidfTransformer {
    const t = this.a.raw("_tfidf");
    if (!(t instanceof TfidfTransformer)) throw new PyError("NotFittedError", "The TF-IDF vectorizer is not fitted");
    return t;
  }

  override transform(raw: unknown): CsrMatrix {
    const tfidf = this.tfidf();
    return tfidf.transform(this.counts(raw, dtypeOf(this.a.raw("dtype"), "float64")));
  }

  protected override methods(): Record<string, Method> {
    return { ...super.methods(), transform: (a) => this.transform(a[0]) };
  }

  protected override properties(): Record<string, () => unknown> {
    return { idf_: () => this.tfidf().idf() };
  }
}

/**
 * MurmurHash3_x86_32 of the UTF-8 bytes of `s` as a signed 32-bit integer: sklearn.utils.murmurhash3_32(s, seed),
 * the hash HashingVectorizer gives each feature.
 */
export function murmurhash3_32(s: string, seed = 0): number {
  const bytes = new TextEncoder().encode(s);
  const n = bytes.length;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const mixK = (k: number): number => Math.imul(((Math.imul(k, c1) << 15) | (Math.imul(k, c1) >>> 17)), c2);
  const blocks = n & ~3;
  for (let i = 0; i < blocks; i += 4) {
    h ^= mixK(bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  // the 1 to 3 trailing bytes, little-endian
  let k = 0;
  for (let i = n - 1; i >= blocks; i--) k = (k << 8) | bytes[i]!;
  if (n > blocks) h ^= mixK(k);
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * HashingVectorizer: stateless, so its parameters are all there is (whether the notebook pickled it or built it
 * with literal arguments). Each feature the analyzer yields goes to column `abs(murmurhash3_32(f)) % n_features`,
 * counted +1 (or -1 when `alternate_sign` and the hash is negative), duplicates summed (zeros kept, as scipy's
 * sum_duplicates keeps them); then `binary` sets every stored value to 1 and `norm` normalises the rows.
 */
export class HashingVectorizer extends Estimator {
  private analyzer: Analyzer | null = null;

  constructor(state: PyDict) {
    // no fitted attributes: the parameters are the same in every release read, so no layout to check
    super("HashingVectorizer", state, false);
  }

  private nFeatures(): number {
    const n = this.a.raw("n_features") ?? 2 ** 20;
    if (typeof n !== "number" || !Number.isInteger(n)) throw typeError(`n_features must be of type int, got ${typeName(n)}`);
    if (n < 1) throw valueError(`Invalid number of features (${n}).`);
    return n;
  }

  transform(raw: unknown): CsrMatrix {
    const docs = documents(raw);
    const n = this.nFeatures();
    this.analyzer ??= new Analyzer(this, (k) => this.a.raw(k));
    const alternate = this.a.bool("alternate_sign", true);
    const dtype = dtypeOf(this.a.raw("dtype"), "float64");
    const indptr = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const doc of docs) {
      const row = new Map<number, number>();
      for (const f of this.analyzer.analyze(doc)) {
        const h = murmurhash3_32(f);
        // abs(-2**31) overflows int32: scikit-learn defines that column as (2**31 - 1 - (n - 1)) % n
        const j = h === -2147483648 ? (2147483647 - (n - 1)) % n : Math.abs(h) % n;
        row.set(j, (row.get(j) ?? 0) + (alternate && h < 0 ? -1 : 1));
      }
      for (const [j, v] of [...row].sort((x, y) => x[0] - y[0])) {
        indices.push(j);
        values.push(v);
      }
      indptr.push(indices.length);
    }
    const norm = this.a.has("norm") ? this.a.raw("norm") : "l2";
    // normalize converts integer data to float64 first
    const out = isNone(norm) || isFloatDType(dtype) ? dtype : "float64";
    const data = allocate(out, values.length);
    const binary = this.a.bool("binary", false);
    for (let k = 0; k < values.length; k++) data[k] = binary ? 1 : castValue(values[k]!, "int64", out);
    normalizeRows(data, indptr, docs.length, norm, out);
    return new CsrMatrix(docs.length, n, data, indices, indptr, out);
  }

  protected methods(): Record<string, Method> {
    return {
      transform: (a) => this.transform(a[0]),
      build_analyzer: () => (doc: unknown) => (this.analyzer ??= new Analyzer(this, (k) => this.a.raw(k))).analyze(doc),
    };
  }
}

export const restoreCountVectorizer = (s: PyDict): CountVectorizer => new CountVectorizer(s);
export const restoreTfidfVectorizer = (s: PyDict): TfidfVectorizer => new TfidfVectorizer(s);
export const restoreTfidfTransformer = (s: PyDict): TfidfTransformer => new TfidfTransformer(s);
export const restoreHashingVectorizer = (s: PyDict): HashingVectorizer => new HashingVectorizer(s);
