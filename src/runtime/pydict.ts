// Python dict and set: JavaScript Map/Set subclasses with Python key semantics. `1`, `1.0` (WeakFloat) and `True`
// are one key; tuples are keys by value; lists, dicts and sets are unhashable. The first key inserted is the one kept
// and iterated, as in Python ({True: 1, 1: 2} == {True: 2}).
import { PyError, WeakFloat, isTuple } from "./core.ts";
import { DICT_MARK, SET_MARK, typeName } from "./py-base.ts";
import { isNDArray, npItem } from "./py-np.ts";
import { entriesToJSON, toJSON } from "./py-tojson.ts";

const MISSING: unique symbol = Symbol("missing");

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

function unhashable(x: unknown): PyError {
  return new PyError("TypeError", `unhashable type: '${typeName(x)}'`);
}

/**
 * A numpy scalar (a 0-d array here) hashes and compares as the Python value it holds: `d[labels[0]]` finds the key
 * `2` (ZipMap dicts looked up with a predicted label), `np.str_` keys are strings. Undefined for anything else.
 */
function numpyScalar(x: unknown): number | boolean | string | undefined {
  if (!isNDArray(x) || x.ndim !== 0) return undefined;
  const v = x.tolist();
  return typeof v === "number" || typeof v === "boolean" || typeof v === "string" ? v : undefined;
}

/** A string that identifies a tuple element by Python equality (used only among tuples, never against strings). */
/** A numpy scalar (a 0-d array here) is hashable and equal to the Python value it holds: the key is that value. */
function scalarKey(x: unknown): unknown {
  return isNDArray(x) && x.ndim === 0 ? npItem(x) : x;
}

function encode(key: unknown): string {
  const x = scalarKey(key);
  switch (typeof x) {
    case "string":
      return JSON.stringify(x);
    case "number":
      return "n" + (x === 0 ? 0 : x);
    case "boolean":
      return x ? "n1" : "n0";
    case "function": {
      let id = objectIds.get(x);
      if (id === undefined) objectIds.set(x, (id = nextObjectId++));
      return "o" + id;
    }
  }
  if (x === null || x === undefined) return "N";
  if (x instanceof WeakFloat) return "n" + (x.value === 0 ? 0 : x.value);
  const scalar = numpyScalar(x);
  if (scalar !== undefined) return encode(scalar);
  if (Array.isArray(x)) {
    if (!isTuple(x)) throw unhashable(x);
    let s = "(";
    for (const e of x) s += encode(e) + ",";
    return s + ")";
  }
  if (x instanceof PyDict || x instanceof PySet || isNDArray(x)) throw unhashable(x);
  if (typeof x === "object") {
    let id = objectIds.get(x);
    if (id === undefined) objectIds.set(x, (id = nextObjectId++));
    return "o" + id;
  }
  return "s" + String(x);
}

/**
 * Finds the stored key equal (in Python's sense) to a given key. Strings, ints and identity-hashed objects are stored
 * as themselves; bools and WeakFloats are reached through their numeric value, tuples through their encoding.
 */
class KeyIndex {
  private alias: Map<number, unknown> | undefined;
  private tuples: Map<string, unknown> | undefined;

  /** `rawHas` is Map's or Set's own has, called on `self` (the dict or set, whose has is this lookup). */
  find(key: unknown, rawHas: (k: unknown) => boolean, self: Map<unknown, unknown> | Set<unknown>): unknown {
    const k = scalarKey(key);
    switch (typeof k) {
      case "string":
        return rawHas.call(self, k) ? k : MISSING;
      case "number": {
        const n = k === 0 ? 0 : k;
        if (rawHas.call(self, n)) return n;
        return this.alias?.get(n) ?? MISSING;
      }
      case "boolean": {
        const n = k ? 1 : 0;
        if (rawHas.call(self, n)) return n;
        return this.alias?.get(n) ?? MISSING;
      }
    }
    if (k === null || k === undefined) return rawHas.call(self, null) ? null : MISSING;
    if (k instanceof WeakFloat) {
      const n = k.value === 0 ? 0 : k.value;
      if (rawHas.call(self, n)) return n;
      return this.alias?.get(n) ?? MISSING;
    }
    if (Array.isArray(k)) {
      const enc = encode(k);
      return this.tuples?.get(enc) ?? MISSING;
    }
    const scalar = numpyScalar(k);
    if (scalar !== undefined) return this.find(scalar, rawHas, self);
    if (k instanceof PyDict || k instanceof PySet || isNDArray(k)) throw unhashable(k);
    return rawHas.call(self, k) ? k : MISSING;
  }

  /** The key to store for a key not present yet (registering how to find it again). */
  add(key: unknown): unknown {
    const k = scalarKey(key);
    switch (typeof k) {
      case "string":
        return k;
      case "number":
        return k === 0 ? 0 : k;
      case "boolean":
        (this.alias ??= new Map()).set(k ? 1 : 0, k);
        return k;
    }
    if (k === null || k === undefined) return null;
    if (k instanceof WeakFloat) {
      (this.alias ??= new Map()).set(k.value === 0 ? 0 : k.value, k);
      return k;
    }
    if (Array.isArray(k)) {
      (this.tuples ??= new Map()).set(encode(k), k);
      return k;
    }
    // a numpy scalar key is kept as its Python value (numpy 1.x prints both alike)
    const scalar = numpyScalar(k);
    if (scalar !== undefined) return this.add(scalar);
    return k;
  }

  remove(stored: unknown): void {
    if (typeof stored === "boolean") this.alias?.delete(stored ? 1 : 0);
    else if (stored instanceof WeakFloat) this.alias?.delete(stored.value === 0 ? 0 : stored.value);
    else if (Array.isArray(stored)) this.tuples?.delete(encode(stored));
  }

}

/**
 * Whether KeyIndex.add registers anything for a key (a bool or a float aliases an int, a tuple is found by its
 * encoding, a numpy scalar by what it holds): only then does a dict or set need an index of its own.
 */
const needsIndex = (key: unknown): boolean =>
  typeof key === "boolean" || key instanceof WeakFloat || Array.isArray(key) || isNDArray(key);

// A dict or set whose keys are all strings, ints or None (an answer's {"label": ..., "score": ...}) never registers
// anything in its KeyIndex: it gets one at its first bool, float, tuple or numpy-scalar key, and looks up in this
// empty one until then. Neither holds a closure of its own: each is a few objects fewer per dict built per request.
const NO_INDEX = new KeyIndex();
const MAP_HAS = Map.prototype.has;
const SET_HAS = Set.prototype.has;

/** Python dict. Missing keys read as `undefined` through get(); Python code gets KeyError via the runtime's getitem. */
export class PyDict extends Map<unknown, unknown> {
  private index: KeyIndex | undefined;

  constructor(entries?: Iterable<readonly [unknown, unknown]> | null) {
    super();
    if (!entries) return;
    if (Array.isArray(entries)) {
      // the translator's `new PyDict([[k, v], ...])`: pairs read by index, as destructuring reads an array
      for (let i = 0; i < entries.length; i++) {
        const e: unknown = entries[i];
        if (Array.isArray(e)) this.set(e[0], e[1]);
        else {
          const [k, v] = e as readonly [unknown, unknown];
          this.set(k, v);
        }
      }
    } else for (const [k, v] of entries) this.set(k, v);
  }

  private find(key: unknown): unknown {
    return (this.index ?? NO_INDEX).find(key, MAP_HAS, this);
  }

  /** The index to add a new key with (NO_INDEX only for keys it registers nothing for: it stays empty). */
  private indexFor(key: unknown): KeyIndex {
    return this.index ?? (needsIndex(key) ? (this.index = new KeyIndex()) : NO_INDEX);
  }

  /** The key as stored (the first one inserted among equal keys), or undefined. */
  storedKey(key: unknown): { key: unknown } | undefined {
    const s = this.find(key);
    return s === MISSING ? undefined : { key: s };
  }

  override get(key: unknown): unknown {
    if (typeof key === "string") return super.get(key);
    const s = this.find(key);
    return s === MISSING ? undefined : super.get(s);
  }

  override has(key: unknown): boolean {
    if (typeof key === "string") return super.has(key);
    return this.find(key) !== MISSING;
  }

  override set(key: unknown, value: unknown): this {
    // a string is its own stored key (what find and add give for it), as get and has take it
    if (typeof key === "string") {
      super.set(key, value);
      return this;
    }
    const s = this.find(key);
    super.set(s === MISSING ? this.indexFor(key).add(key) : s, value);
    return this;
  }

  override delete(key: unknown): boolean {
    const s = this.find(key);
    if (s === MISSING) return false;
    this.index?.remove(s);
    return super.delete(s);
  }

  override clear(): void {
    this.index = undefined;
    super.clear();
  }

  /** What `type(x).__name__` says; py-base's typeName reads it, so that module need not know this one. */
  get pyTypeName(): string {
    return "dict";
  }

  get [DICT_MARK](): true {
    return true;
  }

  /** Plain-object form for JSON (what JSON.stringify asks): keys become str(key). */
  toJSON(): Record<string, unknown> {
    return entriesToJSON(super.entries());
  }
}

/** Python set. */
/**
 * Python `collections.defaultdict` whose factory gives a constant (`lambda: UNK`, `int`): a missing key reads as
 * `fallback`. The key is not added, as Python would: a service keeps no state from one request to the next.
 */
export class PyDefaultDict extends PyDict {
  constructor(
    readonly fallback: unknown,
    entries?: Iterable<readonly [unknown, unknown]> | null,
  ) {
    super(entries);
  }
}

export class PySet extends Set<unknown> {
  private index: KeyIndex | undefined;

  constructor(items?: Iterable<unknown> | null) {
    super();
    if (items) for (const x of items) this.add(x);
  }

  private find(key: unknown): unknown {
    return (this.index ?? NO_INDEX).find(key, SET_HAS, this);
  }

  private indexFor(key: unknown): KeyIndex {
    return this.index ?? (needsIndex(key) ? (this.index = new KeyIndex()) : NO_INDEX);
  }

  override has(key: unknown): boolean {
    if (typeof key === "string") return super.has(key);
    return this.find(key) !== MISSING;
  }

  override add(key: unknown): this {
    const s = this.find(key);
    if (s === MISSING) super.add(this.indexFor(key).add(key));
    return this;
  }

  override delete(key: unknown): boolean {
    const s = this.find(key);
    if (s === MISSING) return false;
    this.index?.remove(s);
    return super.delete(s);
  }

  override clear(): void {
    this.index = undefined;
    super.clear();
  }

  get pyTypeName(): string {
    return "set";
  }

  get [SET_MARK](): true {
    return true;
  }

  toJSON(): unknown[] {
    return Array.from(this, toJSON);
  }
}
