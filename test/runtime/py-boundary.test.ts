// The parts of the Python-semantics runtime that have no CPython twin to generate expectations from: the JSON
// boundary, PyDict/PySet key semantics, the WeakFloat value model, keyword-argument passing and convertPattern's
// output for the translator.
import { describe, expect, test } from "vitest";
import { PyError, WeakFloat, weakFloat, tuple, isTuple } from "../../src/runtime/core.ts";
import * as py from "../../src/runtime/py.ts";
import * as np from "../../src/runtime/np.ts";

describe("JSON boundary", () => {
  test("fromJS turns objects into dicts recursively and keeps arrays as lists", () => {
    const v = py.fromJS({ a: [1, { b: 2.5 }], c: null, d: "x", e: true }) as py.PyDict;
    expect(v).toBeInstanceOf(py.PyDict);
    expect(py.repr(v)).toBe("{'a': [1, {'b': 2.5}], 'c': None, 'd': 'x', 'e': True}");
    expect(py.getitem(py.getitem(py.getitem(v, "a"), 1), "b")).toBe(2.5);
  });

  test("fromJS copies a list of plain values (the request's list is never the notebook's), undefined becomes None", () => {
    const sent = [[0, 1.5, -2], ["a", true, null]];
    const v = py.fromJS(sent) as unknown[][];
    expect(v).toEqual(sent);
    expect(v).not.toBe(sent);
    expect(v[0]).not.toBe(sent[0]);
    py.callMethod(v[0], "append", [3]);
    expect(sent[0]).toEqual([0, 1.5, -2]);
    expect(py.fromJS([1, undefined, "x"])).toEqual([1, null, "x"]);
    expect(py.repr(py.fromJS([1, [2, { b: 3 }], "s"]))).toBe("[1, [2, {'b': 3}], 's']");
  });

  test("fromJS copies nested lists row by row, holes and undefined as None, and leaves the request's arrays alone", () => {
    const rows = [[1, 2], [3, 4]];
    const got = py.fromJS(rows) as number[][];
    expect(got).toEqual(rows);
    expect(got).not.toBe(rows);
    expect(got[0]).not.toBe(rows[0]);
    // biome-ignore lint/suspicious/noSparseArray: a hole, as glue code could pass one
    expect(py.fromJS([1, , [2], undefined])).toEqual([1, null, [2], null]);
    expect(py.repr(py.fromJS([[1.5], { a: [true, null] }]))).toBe("[[1.5], {'a': [True, None]}]");
  });

  test("fromJS treats a __proto__ key as data", () => {
    const v = py.fromJS(JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}')) as py.PyDict;
    expect(Array.from(v.keys())).toEqual(["__proto__", "constructor"]);
    expect(py.repr(v)).toBe("{'__proto__': {'x': 1}, 'constructor': 2}");
  });

  test("toJSON converts dicts, tuples, sets, ranges, WeakFloats and non-finite floats", () => {
    const d = new py.PyDict([
      ["t", tuple([1, weakFloat(2)])],
      [1, new py.PySet(["a"])],
      [weakFloat(2), [NaN, Infinity, -Infinity, 0.5]],
      [tuple([1, 2]), py.range(3)],
      [null, true],
    ]);
    expect(py.toJSON(d)).toEqual({ t: [1, 2], "1": ["a"], "2.0": [null, null, null, 0.5], "(1, 2)": [0, 1, 2], None: true });
    // Plain objects list integer-like keys first, whatever the dict's insertion order (a known difference from
    // Python's json.dumps).
    expect(JSON.stringify(py.toJSON(d))).toBe(
      '{"1":["a"],"t":[1,2],"2.0":[null,null,null,0.5],"(1, 2)":[0,1,2],"None":true}',
    );
  });

  test("toJSON keeps a __proto__ key as an own property", () => {
    const d = new py.PyDict([["__proto__", 1]]);
    const o = py.toJSON(d) as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(o, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(JSON.stringify(o)).toBe('{"__proto__":1}');
  });

  test("a PyDict serializes through JSON.stringify directly", () => {
    expect(JSON.stringify(new py.PyDict([["a", weakFloat(1)], ["b", tuple([NaN])]]))).toBe('{"a":1,"b":[null]}');
  });
});

describe("PyDict and PySet key semantics", () => {
  test("a numpy scalar is the key of the Python value it holds (ZipMap's dicts indexed by an argmax)", () => {
    const d = new py.PyDict([[0, 0.25], [1, 0.75]]);
    const label = np.argmax(np.array([0.25, 0.75]));
    expect(py.getitem(d, label)).toBe(0.75);
    const names = new py.PyDict([["a", 1]]);
    expect(py.getitem(names, np.getitem(np.array(["a", "b"]), 0))).toBe(1);
    expect(() => py.getitem(d, np.array([0, 1]))).toThrow("unhashable type: 'numpy.ndarray'");
  });

  test("1, 1.0 and True are one key; the first key inserted is kept", () => {
    const d = new py.PyDict();
    d.set(true, "a");
    d.set(1, "b");
    d.set(weakFloat(1), "c");
    expect(d.size).toBe(1);
    expect(Array.from(d.keys())).toEqual([true]);
    expect(d.get(1)).toBe("c");
    expect(py.repr(d)).toBe("{True: 'c'}");
    expect(d.delete(weakFloat(1))).toBe(true);
    expect(d.size).toBe(0);
    d.set(1, "x");
    expect(d.get(true)).toBe("x");
  });

  test("a dict or set of plain keys shares one empty index: another's bool, float, tuple and numpy-scalar keys stay its own", () => {
    const plain = new py.PyDict([["a", 1], [2, "two"], [null, "none"]]);
    const plainSet = new py.PySet(["a", 2, null]);
    // every key kind that registers something in an index, added to other dicts and sets first
    const others = [new py.PyDict(), new py.PySet()] as const;
    for (const k of [true, false, weakFloat(1), weakFloat(0), weakFloat(2), tuple([1, "a"]), np.array(true, "bool"), np.array(1.0, "float64")]) {
      others[0].set(k, "x");
      others[1].add(k);
    }
    for (const c of [plain, plainSet]) {
      expect(c.has(1)).toBe(false);
      expect(c.has(0)).toBe(false);
      expect(c.has(true)).toBe(false);
      expect(c.has(tuple([1, "a"]))).toBe(false);
      expect(c.has(2)).toBe(true);
      expect(c.has(weakFloat(2))).toBe(true);
      expect(c.has(null)).toBe(true);
    }
    expect(plain.get(1)).toBeUndefined();
    // the plain dict takes a bool key once it has an index of its own, and 1 finds it
    plain.set(true, "t");
    expect(plain.get(1)).toBe("t");
    expect(Array.from(plain.keys())).toEqual(["a", 2, null, true]);
    plain.clear();
    expect(plain.has(1)).toBe(false);
    plain.set(1, "one");
    expect(plain.get(true)).toBe("one");
    expect(Array.from(plain.keys())).toEqual([1]);
  });

  test("a dict built from pairs that are not arrays unpacks them as before (a string of two characters)", () => {
    expect(py.repr(new py.PyDict(["ab", ["c", 1]] as unknown as [unknown, unknown][]))).toBe("{'a': 'b', 'c': 1}");
    expect(py.repr(new py.PyDict(new Map<unknown, unknown>([["k", 1]])))).toBe("{'k': 1}");
  });

  test("0, -0.0 and False are one key", () => {
    const d = new py.PyDict([[0, "a"]]);
    expect(d.get(weakFloat(-0))).toBe("a");
    expect(d.get(false)).toBe("a");
  });

  test("tuples are keys by value, lists are unhashable", () => {
    const d = new py.PyDict([[tuple([1, "a", tuple([2])]), "t"]]);
    expect(d.get(tuple([weakFloat(1), "a", tuple([2])]))).toBe("t");
    expect(d.has(tuple([1, "a"]))).toBe(false);
    expect(() => d.get([1])).toThrow(PyError);
    expect(() => d.set(tuple([[1]]), 1)).toThrow(/unhashable type: 'list'/);
    expect(() => new py.PySet([new py.PyDict()])).toThrow(/unhashable type: 'dict'/);
  });

  test("numpy scalars (0-d arrays) are keys by the Python value they hold; arrays stay unhashable", async () => {
    const np = await import("../../src/runtime/np.ts");
    const labels = np.array([2, 0]);
    // a ZipMap row looked up with the predicted label: proba[0][label[0]]
    const zipped = new py.PyDict([[0, 0.1], [1, 0.2], [2, 0.7]]);
    expect(py.getitem(zipped, py.getitem(labels, 0))).toBe(0.7);
    const d = new py.PyDict();
    d.set(py.getitem(np.array([1.5]), 0), "f");
    expect(d.get(weakFloat(1.5))).toBe("f");
    expect(py.repr(d)).toBe("{1.5: 'f'}");
    expect(new py.PySet([py.getitem(labels, 0), 2, tuple([py.getitem(labels, 1)])]).has(tuple([0]))).toBe(true);
    expect(() => d.get(labels)).toThrow(/unhashable type: 'numpy.ndarray'/);
  });

  test("string keys never collide with tuple encodings", () => {
    const d = new py.PyDict();
    d.set(tuple(["a"]), 1);
    d.set('("a",)', 2);
    d.set("(\"a\",)", 3);
    expect(d.size).toBe(2);
    expect(d.get(tuple(["a"]))).toBe(1);
  });

  test("None is a key", () => {
    const d = new py.PyDict([[null, 1], ["None", 2]]);
    expect(d.get(null)).toBe(1);
    expect(d.size).toBe(2);
  });

  test("sets unify numeric keys too", () => {
    const s = py.set([1, weakFloat(1), true, 2]);
    expect(s.size).toBe(2);
    expect(py.contains(s, weakFloat(2))).toBe(true);
  });
});

describe("value model", () => {
  test("float-ness survives arithmetic through WeakFloat", () => {
    expect(py.mul(1.5, 2)).toEqual(weakFloat(3));
    expect(py.truediv(7, 7)).toEqual(weakFloat(1));
    expect(py.float(3)).toEqual(weakFloat(3));
    expect(py.add(1, 2)).toBe(3);
    expect(py.str(py.add(weakFloat(2), 1))).toBe("3.0");
    expect(py.str(py.sum([0.5, 0.5]))).toBe("1.0");
    expect(py.str(py.math.sqrt(16))).toBe("4.0");
    expect(py.str(py.math.floor(weakFloat(4)))).toBe("4");
    expect(py.str(py.neg(weakFloat(0)))).toBe("-0.0");
    expect(py.str(py.mul(0, -1))).toBe("0");
  });

  test("code points, not UTF-16 units", () => {
    expect(py.len("😀")).toBe(1);
    expect(py.getitem("a😀b", 1)).toBe("😀");
    expect(py.callMethod("a😀b😀", "find", ["b"])).toBe(2);
    const m = py.re.search("b", "😀😀b")!;
    expect(m.start()).toBe(2);
  });

  test("range is a lazy sequence", () => {
    const r = py.range(0, 10, 3);
    expect(r).toBeInstanceOf(py.PyRange);
    expect(py.len(r)).toBe(4);
    expect(Array.from(r)).toEqual([0, 3, 6, 9]);
    expect(py.getitem(r, -1)).toBe(9);
    expect(py.contains(r, 6)).toBe(true);
    expect(py.repr(r)).toBe("range(0, 10, 3)");
    expect(py.list(py.range(3))).toEqual([0, 1, 2]);
  });

  test("zip/enumerate/map/filter/reversed return lists", () => {
    const z = py.zip([1, 2], "ab");
    expect(Array.isArray(z) && isTuple(z[0])).toBe(true);
    expect(py.repr(py.enumerate(["x"]))).toBe("[(0, 'x')]");
  });
});

describe("keyword arguments", () => {
  test("builtins take a trailing kw({...})", () => {
    expect(py.sorted([3, 1, 2], py.kw({ reverse: true }))).toEqual([3, 2, 1]);
    expect(py.max(["a", "ccc", "bb"], py.kw({ key: py.len }))).toBe("ccc");
    expect(py.min([], py.kw({ default: null }))).toBe(null);
    expect(py.round(2.675, py.kw({ ndigits: 2 }))).toBe(2.67);
    expect(py.int("ff", py.kw({ base: 16 }))).toBe(255);
    expect(py.repr(py.dict(py.kw({ a: 1 })))).toBe("{'a': 1}");
    expect(py.re.sub("a", "b", "aaa", py.kw({ count: 2 }))).toBe("bba");
    expect(py.math.isclose(1, 1.05, py.kw({ rel_tol: 0.1 }))).toBe(true);
    expect(() => py.sorted([1], py.kw({ cmp: null }))).toThrow(/invalid keyword argument/);
  });

  test("methods take a kwargs object", () => {
    const xs = [[1, "b"], [0, "a"]].map((p) => tuple(p));
    py.callMethod(xs, "sort", [], { key: (t: unknown) => py.getitem(t, 1), reverse: true });
    expect(py.repr(xs)).toBe("[(1, 'b'), (0, 'a')]");
    expect(py.callMethod("a b c", "split", [], { maxsplit: 1 })).toEqual(["a", "b c"]);
    expect(py.callMethod("{x:>3}", "format", [], { x: 1 })).toBe("  1");
  });

  test("getattr returns bound methods", () => {
    const d = new py.PyDict([["a", 2], ["b", 1]]);
    expect(py.min(d, py.kw({ key: py.getattr(d, "get") }))).toBe("b");
    expect(py.getattr(5, "real")).toBe(5);
    expect(() => py.getattr(5, "nope")).toThrow(/'int' object has no attribute 'nope'/);
  });
});

describe("convertPattern", () => {
  test("named groups, backreferences and Unicode classes", () => {
    const r = py.convertPattern("(?P<w>\\w+) (?P=w)", 0);
    expect(r).toEqual({ source: "(?<w>[\\p{L}\\p{N}_]+) (?:\\k<w>)", flags: "u" });
    if ("source" in r) expect(new RegExp(r.source, r.flags).test("été été")).toBe(true);
  });

  test("flags map to JavaScript flags, MULTILINE/DOTALL are spelled out", () => {
    expect(py.convertPattern("a", py.re.I)).toEqual({ source: "a", flags: "iu" });
    const m = py.convertPattern("^a$", py.re.M);
    expect(m).toEqual({ source: "(?<![^\\n])a(?![^\\n])", flags: "u" });
    expect(py.convertPattern(".", py.re.S)).toEqual({ source: "[\\s\\S]", flags: "u" });
    expect(py.convertPattern("(?x) a  b # c", 0)).toEqual({ source: "ab", flags: "u" });
  });

  test("$ matches before a final newline, \\Z only at the end", () => {
    const dollar = py.convertPattern("a$", 0);
    const z = py.convertPattern("a\\Z", 0);
    if (!("source" in dollar) || !("source" in z)) throw new Error("conversion failed");
    expect(new RegExp(dollar.source, dollar.flags).test("a\n")).toBe(true);
    expect(new RegExp(z.source, z.flags).test("a\n")).toBe(false);
  });

  test("refuses what JavaScript cannot express, and Python's own errors", () => {
    expect(py.convertPattern("a*+", 0)).toMatchObject({ index: 2 });
    expect(py.convertPattern("(?>a)", 0)).toMatchObject({ error: expect.stringMatching(/atomic/) });
    expect(py.convertPattern("(?(1)a|b)", 0)).toMatchObject({ error: expect.stringMatching(/conditional/) });
    expect(py.convertPattern("a(?i)b", 0)).toEqual({ error: "global flags not at the start of the expression", index: 1 });
    expect(py.convertPattern("(?i:a)b", 0)).toMatchObject({ error: expect.stringMatching(/IGNORECASE/) });
    expect(py.convertPattern("*", 0)).toEqual({ error: "nothing to repeat", index: 0 });
  });
});

describe("errors", () => {
  test("are PyErrors with Python's type and message", () => {
    try {
      py.getitem(new py.PyDict(), "k");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PyError);
      expect((e as PyError).type).toBe("KeyError");
      expect((e as PyError).message).toBe("KeyError: 'k'");
    }
  });

  test("a defaultdict of a constant factory reads a missing key as the constant, without adding it", () => {
    const d = new py.PyDefaultDict(1, [["<pad>", 0], ["<unk>", 1], ["good", 2]]);
    expect([py.getitem(d, "good"), py.getitem(d, "gizmo"), d.size, py.callMethod(d, "get", ["gizmo"])]).toEqual([2, 1, 3, null]);
  });
});

describe("request-sized work", () => {
  // how fast it is, is bench/runtime-ops.ts's to say; here, that it computes the right thing at this size
  test("200,000 mixed-type operations, a 20,000-word regex search and substitution, 20,000 formats", () => {
    let acc: unknown = 0;
    for (let i = 0; i < 200_000; i++) acc = py.add(acc, py.mul(i, weakFloat(0.5) as unknown as number));
    const s = "word ".repeat(20_000);
    const words = py.re.findall("\\w+", s);
    const out = py.re.sub("(\\w+)", "<\\1>", s);
    for (let i = 0; i < 20_000; i++) py.format(i / 7, ".3f");
    expect(acc).toBeInstanceOf(WeakFloat);
    expect(words.length).toBe(20_000);
    expect(out.length).toBe(s.length + 40_000);
  });
});
