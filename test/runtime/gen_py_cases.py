#!/usr/bin/env python3
"""Generates test/runtime/fixtures/py-cases.json: expected results of the Python-semantics runtime, computed by
CPython 3.11 itself. Run from the repository root:

    python3 test/runtime/gen_py_cases.py                  # rewrite the fixture
    python3 test/runtime/gen_py_cases.py --unicode-tables # print src/runtime/py-unicode.ts

Each case is {name, fn, args, kwargs?, expected, after?, ulps?}. `fn` is a runtime function name, "method:<name>",
"re.<fn>", "math.<fn>" or "pattern.<method>" (args[0:2] compile the pattern). Values use a tagged JSON encoding:
floats {"$f": repr}, ints beyond 2**53 {"$int": digits}, tuples {"$t": [...]}, dicts {"$d": [[k, v], ...]},
sets {"$s": [...]}, ranges {"$range": [start, stop, step]}, callables {"$fn": name} (see FUNCS, mirrored in
py.test.ts), re.Match {"$match": {...}}, re.Pattern {"$pattern": [pattern, flags]}, slices {"$slice": [...]}.
`expected` is {"$raises": ExceptionName, "message": str} when the call raises. `after` is args[0] after the call
(for mutating methods). `ulps` allows that many units in the last place for libm-dependent math functions.
"""
import copy
import json
import math
import operator
import os
import random
import re
import sys
import unicodedata

assert sys.version_info[:2] == (3, 11), "expected results must come from CPython 3.11"

FUNCS = {
    "len": len,
    "neg": lambda x: -x,
    "abs": abs,
    "str": str,
    "bool": bool,
    "lower": str.lower,
    "first": lambda t: t[0],
    "second": lambda t: t[1],
    "mod3": lambda x: x % 3,
    "is_even": lambda x: x % 2 == 0,
    "is_pos": lambda x: x > 0,
    "add": lambda a, b: a + b,
    "square": lambda x: x * x,
    "upper_match": lambda m: m.group(0).upper(),
    "swap_groups": lambda m: m.group(2) + m.group(1),
    "match_len": lambda m: str(len(m.group(0))),
}
FUNC_NAMES = {id(v): k for k, v in FUNCS.items()}


class Fn:
    def __init__(self, name):
        self.name = name
        self.f = FUNCS[name]

    def __repr__(self):
        return self.name


def enc(x):
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, int):
        return x if abs(x) <= 2**53 else {"$int": str(x)}
    if isinstance(x, float):
        return {"$f": repr(x)}
    if isinstance(x, list):
        return [enc(v) for v in x]
    if isinstance(x, tuple):
        return {"$t": [enc(v) for v in x]}
    if isinstance(x, dict):
        return {"$d": [[enc(k), enc(v)] for k, v in x.items()]}
    if isinstance(x, (set, frozenset)):
        # Sorted so the fixture does not depend on string hash randomization (sets compare unordered anyway).
        return {"$s": sorted((enc(v) for v in x), key=lambda v: json.dumps(v, sort_keys=True))}
    if isinstance(x, range):
        return {"$range": [x.start, x.stop, x.step]}
    if isinstance(x, slice):
        return {"$slice": [x.start, x.stop, x.step]}
    if isinstance(x, Fn):
        return {"$fn": x.name}
    if isinstance(x, re.Match):
        ng = x.re.groups
        return {"$match": {
            "spans": [list(x.span(g)) for g in range(ng + 1)],
            "groups": [enc(g) for g in (x.group(0),) + x.groups()],
            "groupdict": enc(x.groupdict()),
            "lastindex": x.lastindex,
            "lastgroup": x.lastgroup,
        }}
    if isinstance(x, re.Pattern):
        return {"$pattern": [x.pattern, x.flags]}
    if callable(x) and id(x) in FUNC_NAMES:
        return {"$fn": FUNC_NAMES[id(x)]}
    raise TypeError(f"cannot encode {type(x)}: {x!r}")


def unwrap(x):
    """Replaces Fn placeholders by the Python callables."""
    if isinstance(x, Fn):
        return x.f
    if isinstance(x, list):
        return [unwrap(v) for v in x]
    if isinstance(x, tuple):
        return tuple(unwrap(v) for v in x)
    if isinstance(x, dict):
        return {k: unwrap(v) for k, v in x.items()}
    return x


def isinstance_names(x, names):
    types = {"int": int, "float": float, "str": str, "bool": bool, "list": list, "tuple": tuple, "dict": dict,
             "set": set, "NoneType": type(None)}
    return isinstance(x, tuple(types[n] for n in names))


def fstring_value(value, conversion="", spec=""):
    if conversion == "r":
        value = repr(value)
    elif conversion == "s":
        value = str(value)
    elif conversion == "a":
        value = ascii(value)
    return format(value, spec)


def mutating(op):
    def run(obj, *args):
        op(obj, *args)
    return run


PYFN = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "truediv": operator.truediv,
    "floordiv": operator.floordiv, "mod": operator.mod, "pow": pow, "neg": operator.neg, "pos": operator.pos,
    "invert": operator.invert, "bitand": operator.and_, "bitor": operator.or_, "bitxor": operator.xor,
    "lshift": operator.lshift, "rshift": operator.rshift, "eq": operator.eq, "ne": operator.ne, "lt": operator.lt,
    "le": operator.le, "gt": operator.gt, "ge": operator.ge, "contains": operator.contains, "truthy": bool,
    "not": operator.not_, "getitem": operator.getitem, "setitem": operator.setitem, "delitem": operator.delitem,
    "len": len, "abs": abs, "round": round, "int": int, "float": float, "str": str, "repr": repr, "ascii": ascii,
    "bool": bool, "sum": sum, "min": min, "max": max, "sorted": sorted,
    "reversed": lambda x: list(reversed(x)), "enumerate": lambda *a, **k: list(enumerate(*a, **k)),
    "zip": lambda *a, **k: list(zip(*a, **k)), "map": lambda f, *its: list(map(f, *its)),
    "filter": lambda f, it: list(filter(f, it)), "range": range, "list": list, "tuple": tuple, "set": set,
    "dict": dict, "isinstance": isinstance_names, "any": any, "all": all, "divmod": divmod, "chr": chr, "ord": ord,
    "hex": hex, "bin": bin, "oct": oct, "iter": lambda x: list(iter(x)), "callable": callable,
    "typeName": lambda x: type(x).__name__, "format": format, "fstringValue": fstring_value, "getattr": getattr,
    "is_": operator.is_,
}

CASES = []
NAMES = set()


def case(name, fn, *args, kwargs=None, after=False, ulps=0):
    if name in NAMES:
        n = 2
        while f"{name} #{n}" in NAMES:
            n += 1
        name = f"{name} #{n}"
    NAMES.add(name)
    call_args = copy.deepcopy(args)
    real = unwrap(list(call_args))
    kw = unwrap(kwargs or {})
    try:
        if fn.startswith("method:"):
            result = getattr(real[0], fn[7:])(*real[1:], **kw)
        elif fn.startswith("re."):
            result = getattr(re, fn[3:])(*real, **kw)
            if fn == "re.finditer":
                result = list(result)
        elif fn.startswith("math."):
            result = getattr(math, fn[5:])(*real, **kw)
        elif fn.startswith("pattern."):
            pat = re.compile(real[0], real[1])
            result = getattr(pat, fn[8:])(*real[2:], **kw)
            if fn == "pattern.finditer":
                result = list(result)
        else:
            result = PYFN[fn](*real, **kw)
    except Exception as e:  # noqa: BLE001 - the exception is the expected result
        tname = type(e).__name__
        if isinstance(e, re.error):
            tname = "re.error"
        expected = {"$raises": tname, "message": str(e)}
    else:
        if type(result).__name__ in ("dict_keys", "dict_values", "dict_items"):
            result = list(result)  # the runtime returns views as lists
        expected = enc(result)
    c = {"name": name, "fn": fn, "args": [enc(a) for a in args], "expected": expected}
    if kwargs:
        c["kwargs"] = {k: enc(v) for k, v in kwargs.items()}
    if after:
        c["after"] = enc(real[0])
    if ulps:
        c["ulps"] = ulps
    CASES.append(c)


# ---------------------------------------------------------------------------------------------------------------
# Float repr and str (shortest round-trip digits, exponent boundaries)

def gen_repr():
    tricky = [0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 1e16, 1e15, 9999999999999998.0, 1e17, 123456789012345678.0,
              1e-4, 1e-5, 0.0001234, 0.00001234, 123456789.123, 1e22, 1e21, 1e23, 1.7976931348623157e308,
              5e-324, 2.5e-310, 2.2250738585072014e-308, -0.0, 0.0, float("inf"), -float("inf"), float("nan"),
              2.0, 100.0, 1e100, 0.3, 1.1, 2.675, 1.5, -1.5, 0.5, 3.0e-7, 4.35, 0.07, 1234.5, 9.999999999999999e15,
              1.0000000000000002, 0.9999999999999999, 299792458.0, 6.02214076e23, 6.62607015e-34, 1e-7, 12345678.9]
    for x in tricky:
        case(f"repr float {x!r}", "repr", x)
        case(f"str float {x!r}", "str", x)
    rnd = random.Random(1234)
    for i in range(80):
        e = rnd.randint(-30, 30)
        x = rnd.random() * 10.0 ** e * rnd.choice([1, -1])
        case(f"repr random float {i}", "repr", x)
    for x in [rnd.getrandbits(53) / 2 ** rnd.randint(0, 60) for _ in range(20)]:
        case(f"repr dyadic {x!r}", "repr", x)


# ---------------------------------------------------------------------------------------------------------------
# round()

def gen_round():
    vals = [(2.675, 2), (0.125, 2), (0.375, 2), (1.25, 1), (1.35, 1), (2.5, None), (3.5, None), (-2.5, None),
            (0.5, None), (1.5, None), (-0.5, None), (-1.5, None), (2.5, 0), (0.5, 0), (-0.0, None), (-0.4, None),
            (1e300, 2), (123.456, -1), (123.456, -2), (5, -1), (15, -1), (25, -1), (-25, -1), (1234.5678, 2),
            (1234.5678, 0), (0.1 + 0.2, 15), (1.005, 2), (2.345, 2), (8.875, 2), (0.045, 2), (1e-10, 5),
            (float("nan"), None), (float("inf"), None), (float("inf"), 2), (float("nan"), 2), (True, None),
            (7, None), (7, 2), (-7.5, None), (1.5, 1.0), ("a", None), (4.5, None), (5.5, None), (1e16, -5),
            (999.9999, 2), (0.285, 2), (0.615, 2), (1.0, 2)]
    for x, n in vals:
        if n is None:
            case(f"round {x!r}", "round", x)
        else:
            case(f"round {x!r} {n!r}", "round", x, n)
    rnd = random.Random(99)
    for i in range(30):
        x = round(rnd.uniform(-1000, 1000), rnd.randint(2, 6)) + rnd.choice([0, 0.0005, 0.005])
        n = rnd.randint(0, 4)
        case(f"round random {i}", "round", x, n)
    case("round ndigits keyword", "round", 2.675, kwargs={"ndigits": 2})


# ---------------------------------------------------------------------------------------------------------------
# Operators

def gen_ops():
    nums = [7, -7, 7.5, -7.5, 2, -2, 2.0, -2.5, 0, 0.0, 3, True]
    for a in [7, -7, 7.5, -7.5, 0.0, True]:
        for b in [2, -2, 2.0, -2.5, 0, 0.0, float("inf")]:
            for op in ["floordiv", "mod", "truediv", "divmod"]:
                case(f"{op} {a!r} {b!r}", op, a, b)
    for a, b in [(1.5, 2), (7, 7), (3, 1.5), (0.1, 0.2), (1e308, 10.0), (2, 3), (-3, 3), (True, True), (True, 2.5),
                 (1, 1.0), (2**52, 1), (-0.0, 0.0), (0.0, -0.0)]:
        for op in ["add", "sub", "mul", "truediv"]:
            case(f"{op} {a!r} {b!r}", op, a, b)
    for a, b in [(2, 10), (2, -1), (-2, 3), (2.0, 0.5), (0, 0), (0, -1), (0.0, -1), (10.0, 400),
                 (4, 0.5), (2, 0.5), (-1, float("inf")), (1, float("nan")), (float("nan"), 0), (2, 62), (3, 3.0),
                 (True, 2), (1.5, 2), (-2.0, 2), (-2.0, -3), (10, -2), (7, 2), (0.5, -2)]:
        case(f"pow {a!r} {b!r}", "pow", a, b)
    rnd = random.Random(17)
    for i in range(40):
        a, b = rnd.uniform(0, 20), rnd.choice([rnd.uniform(-10, 10), float(rnd.randint(-5, 5)), 0.5, 2.0, 3.0])
        case(f"pow random {i}", "pow", a, b, ulps=1)
        case(f"pow random negative base {i}", "pow", -a, float(rnd.randint(-4, 4)), ulps=1)
    case("pow mod", "pow", 3, 4, 5)
    case("pow mod negative exponent", "pow", 3, -1, 7)
    case("pow mod not invertible", "pow", 2, -1, 4)
    case("pow mod zero", "pow", 2, 3, 0)
    case("pow mod float", "pow", 2.0, 3, 5)
    case("pow mod negative modulus", "pow", 3, 4, -5)
    for a, b in [("ab", "cd"), ("ab", 1), (1, "ab"), ([1], [2]), ([1], (2,)), ((1,), (2,)), ((1,), [2]),
                 (None, 1), ("a", "")]:
        case(f"add {a!r} {b!r}", "add", a, b)
    for a, b in [("ab", 3), (3, "ab"), ("ab", 0), ("ab", -1), ([1, 2], 2), (2, [0]), ((1,), 3), ("ab", 1.5),
                 ("ab", True), ([1], "a"), ("a", "b"), ([None], 3)]:
        case(f"mul {a!r} {b!r}", "mul", a, b)
    for a, b in [([1], [1]), ({1, 2}, {2}), ("a", "a"), (5, None)]:
        case(f"sub {a!r} {b!r}", "sub", a, b)
    for x in [5, -5, 0, 2.5, -0.0, True, False, "a", [1]]:
        for op in ["neg", "pos", "invert"]:
            case(f"{op} {x!r}", op, x)
    for a, b in [(5, 3), (-5, 3), (5, -3), (2**40, 2**41 + 1), (-(2**40), 7), (True, False), (True, True),
                 (True, 3), (1.5, 1), ({1, 2}, {2, 3}), ({"a": 1}, {"b": 2})]:
        for op in ["bitand", "bitor", "bitxor"]:
            case(f"{op} {a!r} {b!r}", op, a, b)
    for a, b in [(1, 40), (-16, 2), (5, 0), (1, -1), (-1, 100), (3, 60), (2**50, 10), (True, 3), (-17, 3)]:
        case(f"lshift {a!r} {b!r}", "lshift", a, b)
        case(f"rshift {a!r} {b!r}", "rshift", a, b)


def gen_compare():
    pairs = [(1, 1.0), (1, True), ([1], (1,)), ([1, 2], [1, 2]), ((1, 2), (1, 2.0)), ("a", "a"), ("a", "b"),
             ([1, 2], [1, 3]), ([1, 2], [1]), ([], []), ((), ()), ("abc", "abd"), ("abc", "ab"), ("Z", "a"),
             ("\uffff", "\U0001F600"), ("é", "z"), (None, None), (None, 0), (1, "1"), ([1, "a"], [1, "b"]),
             ({1: 2}, {1: 2.0}), ({1: 2, 3: 4}, {3: 4, 1: 2}), ({1, 2}, {2, 1}), ({1}, {1, 2}), ({1, 2}, {1}),
             (float("nan"), float("nan")), (0.0, -0.0), (2, 2.5), (-1, -1.5), ([1, [2, 3]], [1, [2, 4]]),
             ((1, "a"), (1, 2)), ([None], [None]), ("", ""), (range(3), range(3)), (range(0), range(2, 2))]
    for a, b in pairs:
        for op in ["eq", "ne", "lt", "le", "gt", "ge"]:
            case(f"{op} {a!r} {b!r}", op, a, b)


def gen_contains_truthy():
    for c, x in [("hello", "ell"), ("hello", ""), ("hello", "z"), ("hello", 1), ([1, 2, 3], 2.0), ([1, 2], "1"),
                 ((1, [2]), [2]), ({"a": 1}, "a"), ({"a": 1}, 1), ({1: "x"}, 1.0), ({1: "x"}, True), ({1, 2}, 2),
                 ({(1, 2)}, (1, 2)), ({1}, [1]), (5, 1), (range(0, 10, 2), 4), (range(0, 10, 2), 5),
                 ("a😀b", "😀"), ([float("nan")], 0), (None, 1)]:
        case(f"contains {c!r} {x!r}", "contains", c, x)
    for x in [0, 1, -1, 0.0, -0.0, 0.5, float("nan"), "", " ", [], [0], (), (0,), {}, {0: 0}, set(), {0}, None,
              True, False, range(0), range(1)]:
        case(f"truthy {x!r}", "truthy", x)


def gen_subscripts():
    seqs = [[10, 20, 30, 40, 50], (1, 2, 3), "héllo😀wörld", "abc"]
    keys = [0, 1, -1, -2, 4, 5, -6, 10, True, slice(1, 3), slice(None, None, -1), slice(None, None, 2),
            slice(-2, None), slice(3, 1, -1), slice(None, 2), slice(10, 20), slice(-10, 2), slice(1, -1, 3),
            slice(None, None, -2), slice(4, None, -3), "a", 1.0]
    for s in seqs:
        for k in keys:
            case(f"getitem {s!r} {k!r}", "getitem", s, k)
    case("getitem zero step", "getitem", [1, 2], slice(None, None, 0))
    d = {"a": 1, 2: "two", (1, 2): "tuple", None: "none", 1.5: "f"}
    for k in ["a", 2, 2.0, (1, 2), None, 1.5, "b", [1], True]:
        case(f"getitem dict {k!r}", "getitem", d, k)
    case("getitem int", "getitem", 5, 0)
    case("getitem None", "getitem", None, 0)
    for k, v in [(0, "x"), (-1, "x"), (5, "x"), (slice(1, 3), ["a", "b", "c"]), (slice(None, None, 2), ["p", "q"]),
                 (slice(None, None, 2), ["p"]), (slice(0, 0), [7, 8]), (slice(None, None, -1), "abcd"),
                 (slice(3, 1), [9])]:
        case(f"setitem list {k!r} {v!r}", "setitem", [1, 2, 3, 4], k, v, after=True)
    case("setitem dict new key", "setitem", {"a": 1}, "b", 2, after=True)
    case("setitem dict 1.0 over 1", "setitem", {1: "a"}, 1.0, "b", after=True)
    case("setitem dict True over 1", "setitem", {1: "a", 2: "b"}, True, "c", after=True)
    case("setitem tuple", "setitem", (1, 2), 0, 5)
    case("setitem str", "setitem", "ab", 0, "x")
    case("setitem unhashable", "setitem", {}, [1], 1)
    for k in [0, -1, 5, slice(1, 3), slice(None, None, 2), slice(None, None, -2)]:
        case(f"delitem list {k!r}", "delitem", [1, 2, 3, 4, 5], k, after=True)
    case("delitem dict", "delitem", {"a": 1, "b": 2}, "a", after=True)
    case("delitem dict missing", "delitem", {"a": 1}, "z")
    case("delitem tuple", "delitem", (1, 2), 0)


# ---------------------------------------------------------------------------------------------------------------
# Builtins

def gen_builtins():
    for x in ["", "abc", "😀", "a😀b", "é", [], [1, 2], (1,), {"a": 1}, {1, 2, 2}, range(10), range(0, 10, 3), 5,
              None]:
        case(f"len {x!r}", "len", x)
    for x in [-5, 5, -2.5, -0.0, True, False, float("-inf"), "a", 0]:
        case(f"abs {x!r}", "abs", x)
    for s in ["42", " 42 ", "-42", "+42", "1_000", "1__000", "_1", "1_", "0x1f", "00", "007", "", " ", "abc", "1.5",
              "٣٤", "\u00a012\u2003", "1e3", "- 1", "--1", "9007199254740992", "0b101", "1 2"]:
        case(f"int {s!r}", "int", s)
    for s, b in [("0x1f", 16), ("0x1f", 0), ("1f", 16), ("ff", 16), ("FF", 16), ("z", 36), ("12", 2), ("0b101", 0),
                 ("0o17", 0), ("017", 0), ("0", 0), ("0_0", 0), ("10", 1), ("10", 37), ("0x_1f", 16),
                 ("101", 2), ("777", 8), ("-0x10", 16)]:
        case(f"int {s!r} base {b}", "int", s, b)
    case("int base keyword", "int", "ff", kwargs={"base": 16})
    for x in [3.9, -3.9, 0.5, -0.5, True, float("nan"), float("inf"), 1e20, None, [1], 2.0]:
        case(f"int {x!r}", "int", x)
    case("int non-string with base", "int", 5, 10)
    case("int no args", "int")
    for s in ["1.5", " 1.5 ", "1e5", "1E-5", "-1.5e+10", "inf", "-inf", "+Infinity", "nan", "NaN", " -iNF ", "1_0.5",
              "1__0", "1_", ".5", "5.", ".", "", "abc", "0x10", "1e", "1.5.5", "٣.٥", "1e400", "-0", "00012",
              "1_000.000_1", "infinity", "infinit"]:
        case(f"float {s!r}", "float", s)
    for x in [1, -3, True, 2.5, None, "  7  "]:
        case(f"float {x!r}", "float", x)
    case("float no args", "float")
    for x in ["abc", "it's", 'say "hi"', "both ' and \"", "tab\there", "new\nline", "back\\slash", "\x00\x7f",
              "é😀", "\u200b", "\u2028", "\x85\xa0", "\ud800", [1, "a", 2.0, None, True], (1,), (), (1, 2),
              {"a": [1, (2,)]}, {1.0: 2}, set(), {1}, [[]], {(): ()}, [float("nan"), float("-inf"), -0.0],
              range(5), range(1, 10, 2), 10**20, -(2**60)]:
        case(f"repr {x!r}", "repr", x)
        case(f"str {x!r}", "str", x)
    case("ascii", "ascii", "é😀\n")
    for x in [0, 1, "", "a", [], [0], None, 0.0, {}]:
        case(f"bool {x!r}", "bool", x)
    sums = [[0.1] * 10, [1e100, 1.0, -1e100], [1, 2, 3], [1, 2.5], [True, True], [], [0.1, 0.2, 0.3],
            [1e16, 1.0, 1.0], [float("inf"), 1], [float("inf"), -float("inf")], [-0.0], [3, -3.0]]
    for s in sums:
        case(f"sum {s!r}", "sum", s)
    case("sum start", "sum", [1, 2], 10)
    case("sum start float", "sum", [1, 2], 0.5)
    case("sum lists", "sum", [[1], [2, 3]], [])
    case("sum strings", "sum", ["a", "b"], "")
    case("sum mixed", "sum", [1, "a"])
    case("sum tuples", "sum", [(1,), (2,)], ())
    case("sum start keyword", "sum", [1, 2], kwargs={"start": 5})
    for args, kw in [(([3, 1, 2],), {}), ((3, 1, 2), {}), (([],), {}), (([],), {"default": None}),
                     ((["bb", "a", "ccc"],), {"key": Fn("len")}), ((["a", "b", "c"],), {"key": Fn("len")}),
                     (([1, -5, 3],), {"key": Fn("abs")}), (([2.0, 2],), {}), (([2, 2.0],), {}),
                     ((1, 2), {"default": 0}), (([1, "a"],), {}), (("hello",), {}), (([[1, 2], [1, 1]],), {}),
                     (([],), {"default": 7, "key": Fn("len")}), (([(1, "b"), (1, "a")],), {"key": Fn("first")}),
                     ((5,), {}), (((),), {}), ((), {}), (({"b": 1, "a": 2},), {}), (([3, 1],), {"key": None})]:
        case(f"min {args!r} {kw!r}", "min", *args, kwargs=kw or None)
        case(f"max {args!r} {kw!r}", "max", *args, kwargs=kw or None)
    data = [("b", 2), ("a", 2), ("c", 1), ("d", 1), ("a", 1)]
    for args, kw in [((data,), {}), ((data,), {"key": Fn("second")}), ((data,), {"key": Fn("second"), "reverse": True}),
                     ((data,), {"reverse": True}), (([3, 1, 2, 1.0, True],), {}), (([3, 1, 2],), {"reverse": True}),
                     ((["b", "A", "a", "B", "é", "😀", "\uffff"],), {}), ((["b", "A", "a"],), {"key": Fn("lower")}),
                     (([1, "a"],), {}), (([[2], [1, 2], [1]],), {}), (("hello",), {}), (({"b": 1, "a": 2},), {}),
                     (([-3, 2, -1],), {"key": Fn("abs")}), (([0.5, -0.0, 0.0, -1],), {}),
                     (([(1, None), (1, None)],), {}), (([(1, None), (0, None)],), {}), (({3, 1, 2},), {}),
                     (([5, 3, 8, 1],), {"key": Fn("mod3")}), (([5, 3, 8, 1],), {"key": Fn("mod3"), "reverse": True}),
                     (([None, 1],), {}), (([],), {})]:
        case(f"sorted {args!r} {kw!r}", "sorted", *args, kwargs=kw or None)
    case("sorted positional key", "sorted", [1], Fn("neg"))
    for x in [[1, 2, 3], (1, 2), "a😀b", {"a": 1, "b": 2}, range(3), {1, 2}, 5]:
        case(f"reversed {x!r}", "reversed", x)
    case("enumerate", "enumerate", ["a", "b"])
    case("enumerate start", "enumerate", "xy", 5)
    case("enumerate start keyword", "enumerate", "xy", kwargs={"start": -1})
    case("enumerate dict", "enumerate", {"k": 1})
    case("zip", "zip", [1, 2, 3], "ab")
    case("zip three", "zip", [1, 2], (3, 4), {"x": 1, "y": 2})
    case("zip none", "zip")
    case("zip one", "zip", [1, 2])
    case("zip strict ok", "zip", [1, 2], [3, 4], kwargs={"strict": True})
    case("zip strict fail", "zip", [1, 2], [3], kwargs={"strict": True})
    case("zip not iterable", "zip", [1], 5)
    case("map", "map", Fn("square"), [1, 2, 3])
    case("map two", "map", Fn("add"), [1, 2, 3], [10, 20])
    case("map str", "map", Fn("str"), [1, 2.0, None])
    case("filter", "filter", Fn("is_even"), range(10))
    case("filter None", "filter", None, [0, 1, "", "a", [], [0], None])
    for args in [(5,), (2, 8), (10, 0, -3), (0,), (-3,), (1, 10, 4), (5, 1), (1, 5, 0), (1.5,), (0, 10, 3)]:
        case(f"range {args!r}", "range", *args)
        case(f"list range {args!r}", "list", range(*args) if 0 not in args[2:] and not any(isinstance(a, float) for a in args) else [])
    case("getitem range", "getitem", range(0, 10, 3), -1)
    case("getitem range slice", "getitem", range(0, 10, 3), slice(1, None))
    case("getitem range out", "getitem", range(3), 3)
    for x in ["abc", (1, 2), {"a": 1, "b": 2}, {3}, range(3), "", [1, [2]], 5]:
        case(f"list {x!r}", "list", x)
        case(f"tuple {x!r}", "tuple", x)
    case("list no args", "list")
    case("set", "set", [1, 1.0, True, 2, "a", "a"])
    case("set string", "set", "abca")
    case("set unhashable", "set", [[1]])
    case("dict pairs", "dict", [("a", 1), ("b", 2)])
    case("dict key unification", "dict", [(1, "a"), (1.0, "b"), (True, "c"), (2, "d")])
    case("dict key unification float first", "dict", [(1.0, "a"), (1, "b"), (True, "c")])
    case("dict key unification bool first", "dict", [(True, "a"), (1, "b")])
    case("dict tuple keys", "dict", [((1, 2), "a"), ((1.0, 2), "b"), ((1, 2, 3), "c")])
    case("dict from dict", "dict", {"a": 1})
    case("dict kwargs", "dict", kwargs={"a": 1, "b": 2})
    case("dict pairs and kwargs", "dict", [("a", 1)], kwargs={"a": 3, "b": 2})
    case("dict bad element", "dict", [1])
    case("dict bad length", "dict", [(1, 2, 3)])
    case("dict from strings", "dict", ["ab", "cd"])
    case("dict none key", "dict", [(None, 1), ("None", 2)])
    case("dict proto key", "dict", [("__proto__", 1), ("constructor", 2)])
    for x, names in [(1, ["int"]), (True, ["int"]), (True, ["bool"]), (1.0, ["int"]), (1.0, ["float"]),
                     (1.5, ["int", "float"]), ("a", ["str"]), ([1], ["list"]), ((1,), ["list"]), ((1,), ["tuple"]),
                     ({}, ["dict"]), (set(), ["set"]), (None, ["NoneType"]), (None, ["int", "str"]),
                     (float("nan"), ["float"])]:
        case(f"isinstance {x!r} {names}", "isinstance", x, names)
    for x in [[], [0, 1], [1, 1], "", "ab", [0, ""], {0: 1}, range(0)]:
        case(f"any {x!r}", "any", x)
        case(f"all {x!r}", "all", x)
    for x in [0, 65, 233, 0x1F600, 0x10FFFF, 0x110000, -1, 1.5, True]:
        case(f"chr {x!r}", "chr", x)
    for x in ["a", "é", "😀", "", "ab", 5, "\ud800"]:
        case(f"ord {x!r}", "ord", x)
    for x in [0, 255, -255, 2**40, True, 1.5, -1]:
        for f in ["hex", "bin", "oct"]:
            case(f"{f} {x!r}", f, x)
    for x in [1, 1.0, 1.5, True, "s", None, [], (), {}, set(), range(1)]:
        case(f"typeName {x!r}", "typeName", x)
    for x in [len, 5, None]:
        case(f"callable {x!r}", "callable", Fn("len") if x is len else x)
    for x in ["ab😀", {"a": 1, "b": 2}, (1, 2), range(3), {5}]:
        case(f"iter {x!r}", "iter", x)
    case("iter int", "iter", 5)
    for x, attr in [(5, "real"), (5, "imag"), (2.5, "real"), (2.5, "imag"), (True, "real"), (5, "numerator"),
                    (5, "foo"), ("a", "foo"), (range(1, 5, 2), "step")]:
        case(f"getattr {x!r} {attr}", "getattr", x, attr)


# ---------------------------------------------------------------------------------------------------------------
# str methods

def gen_str_methods():
    def m(name, s, *args, **kwargs):
        case(f"str.{name} {s!r} {args!r} {kwargs!r}", "method:" + name, s, *args, kwargs=kwargs or None)

    for s in ["Hello World", "ÀÉÎ ß ǅ", "İstanbul", "ΑΣ ΑΣΑ Σ ΣΑ. ΑΣ\u0301", "ﬁ ŉ", "ᾳ", "ꭰ Ꭰ", "ẞ", "straße",
              "ǆemal ǅ Ǆ", "they're bill's friends", "hello 3rd-world", "123abc", "", "ΣΣ", "aΣ", "A1B2 c3"]:
        for name in ["lower", "upper", "casefold", "title", "capitalize", "swapcase", "islower", "isupper",
                     "istitle"]:
            m(name, s)
    for s in ["123", "١٢٣", "²³", "½", "①", "一二三", "٣.٥", "", "abc", "abc123", "é", "\u0301", " \t\n",
              "\x1c\x1d\x1e\x1f", "\x85\u2028\u3000", "\ufeff", "a b", "ß", "Ⅻ", "𝟙𝟚", "_", "x1", "1x", "\u00a0"]:
        for name in ["isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isspace", "isascii",
                     "isprintable", "isidentifier"]:
            m(name, s)
    for s in ["  a b  ", "\t\na\x1c\x85b\u2028 c\u3000", "", "   ", "a,b,,c", "a  b  c  ", "xxhixx",
              "\ufeffa b\ufeff", "one two three four"]:
        m("split", s)
        m("rsplit", s)
        m("strip", s)
        m("lstrip", s)
        m("rstrip", s)
        for mx in [0, 1, 2]:
            m("split", s, None, mx)
            m("rsplit", s, None, mx)
    for s, sep in [("a,b,,c", ","), ("a,b,,c,", ","), (",", ","), ("", ","), ("abcabc", "bc"), ("aaa", "aa"),
                   ("a", ""), ("a😀b😀c", "😀"), ("a::b::c", "::")]:
        m("split", s, sep)
        m("rsplit", s, sep)
        m("split", s, sep, 1)
        m("rsplit", s, sep, 1)
        m("partition", s, sep)
        m("rpartition", s, sep)
    m("split", "a b c", maxsplit=1)
    m("split", "a,b,c", sep=",", maxsplit=1)
    m("split", "a b", 5)
    m("strip", "xxhixx", "x")
    m("strip", "abcxcba", "abc")
    m("lstrip", "😀😀a😀", "😀")
    m("rstrip", "a\n\r\n", "\n\r")
    m("strip", "a", 5)
    for s in ["a\nb\r\nc\rd\x0be\x0cf\x1cg\x85h\u2028i\u2029j", "a\n", "\n\n", "", "abc", "a\r\n"]:
        m("splitlines", s)
        m("splitlines", s, True)
    m("splitlines", "a\nb", keepends=True)
    m("join", ",", ["a", "b", "c"])
    m("join", "", [])
    m("join", "-", "abc")
    m("join", ", ", {"x": 1, "y": 2})
    m("join", ",", ["a", 1])
    m("join", ",", ("😀", "é"))
    for s, old, new, *cnt in [("aaa", "a", "b"), ("aaa", "a", "b", 2), ("abc", "", "-"), ("abc", "", "-", 2),
                              ("a😀b", "", "|"), ("hello", "l", ""), ("hello", "z", "y"), ("aaaa", "aa", "b"),
                              ("abc", "b", "x", 0), ("abc", "b", "x", -1), ("", "", "x")]:
        m("replace", s, old, new, *cnt)
    for s, p, *rest in [("hello", "he"), ("hello", "lo"), ("hello", ("x", "he")), ("hello", ""), ("hello", "ell", 1),
                        ("hello", "ell", 1, 3), ("hello", "ell", 1, 4), ("hello", "", 6), ("hello", "", 5),
                        ("hello", "o", -1), ("hello", "h", -10), ("a😀b", "😀", 1), ("a😀b", "b", 2), ("hello", 1),
                        ("hello", ("h", 1)), ("", "")]:
        m("startswith", s, p, *rest)
        m("endswith", s, p, *rest)
    for s, sub, *rest in [("hello", "l"), ("hello", "z"), ("hello", ""), ("hello", "", 5), ("hello", "", 6),
                          ("hello", "l", 3), ("hello", "l", -2), ("hello", "l", 0, 2), ("a😀b😀c", "😀"),
                          ("a😀b😀c", "c"), ("a😀b😀c", "😀", 2), ("aaaa", "aa"), ("", "")]:
        for name in ["find", "rfind", "index", "rindex", "count"]:
            m(name, s, sub, *rest)
    m("find", "abc", 1)
    for s, w, *f in [("ab", 6), ("ab", 5, "*"), ("abc", 6), ("abc", 2), ("é😀", 5, "-"), ("ab", 5, "xy"),
                     ("ab", 5, "")]:
        for name in ["center", "ljust", "rjust"]:
            m(name, s, w, *f)
    for s, w in [("42", 5), ("-42", 5), ("+42", 5), ("", 3), ("abc", 2), ("-", 3), ("😀", 3)]:
        m("zfill", s, w)
    for s, *t in [("a\tb\tc", ), ("ab\tc", 4), ("\tx\n\ty", 2), ("a\tb", 0), ("😀\tx", 4), ("12345678\tx",)]:
        m("expandtabs", s, *t)
    for s, p in [("prefix_rest", "prefix_"), ("rest", "x"), ("abc", ""), ("abcabc", "abc")]:
        m("removeprefix", s, p)
        m("removesuffix", s, p)
    m("translate", "hello", {ord("l"): "L", ord("o"): None, ord("h"): 72})
    m("translate", "abc", str.maketrans("ab", "xy", "c"))
    case("str.maketrans", "method:maketrans", "", "ab", "xy")
    case("str.maketrans dict", "method:maketrans", "", {"a": "1", 98: "2"})
    m("foo", "abc")
    case("str.__len__", "method:__len__", "a😀")


def gen_list_dict_set_methods():
    def lm(name, obj, *args, **kwargs):
        case(f"{type(obj).__name__}.{name} {obj!r} {args!r} {kwargs!r}", "method:" + name, obj, *args,
             kwargs=kwargs or None, after=True)

    lm("append", [1], 2)
    lm("append", [], [1])
    lm("extend", [1], [2, 3])
    lm("extend", [1], "ab")
    lm("extend", [1], {"k": 1})
    lm("extend", [1], 5)
    for i in [0, 1, -1, -10, 10]:
        lm("insert", [1, 2, 3], i, "x")
        lm("pop", [1, 2, 3], i)
    lm("pop", [1, 2, 3])
    lm("pop", [])
    lm("remove", [1, 2, 1], 1)
    lm("remove", [1, 2], 1.0)
    lm("remove", [1, 2], 3)
    lm("index", [1, 2, 3, 2], 2)
    lm("index", [1, 2, 3, 2], 2, 2)
    lm("index", [1, 2, 3, 2], 2, -1)
    lm("index", [1, 2, 3], 4)
    lm("index", [1, 2, 3], 3, 0, 2)
    lm("count", [1, 1.0, True, "1"], 1)
    lm("reverse", [1, 2, 3])
    lm("sort", [3, 1, 2])
    lm("sort", [("b", 1), ("a", 1), ("c", 0)], key=Fn("second"))
    lm("sort", [("b", 1), ("a", 1), ("c", 0)], key=Fn("second"), reverse=True)
    lm("sort", [3, "a"])
    lm("sort", [2, 1], Fn("neg"))
    lm("copy", [1, [2]])
    lm("clear", [1, 2])
    lm("index", (1, 2), 2)
    lm("index", (1, 2), 3)
    lm("count", (1, 2, 1), 1)
    lm("append", (1,), 2)
    lm("get", {"a": 1}, "a")
    lm("get", {"a": 1}, "b")
    lm("get", {"a": 1}, "b", 0)
    lm("get", {1: "x"}, 1.0)
    lm("get", {1: "x"}, [1])
    lm("get", {}, )
    lm("setdefault", {"a": 1}, "a", 5)
    lm("setdefault", {"a": 1}, "b", 5)
    lm("setdefault", {"a": 1}, "c")
    lm("keys", {"b": 1, "a": 2})
    lm("values", {"b": 1, "a": 2})
    lm("items", {"b": 1, "a": 2})
    lm("pop", {"a": 1, "b": 2}, "a")
    lm("pop", {"a": 1}, "z")
    lm("pop", {"a": 1}, "z", None)
    lm("popitem", {"a": 1, "b": 2})
    lm("popitem", {})
    lm("update", {"a": 1}, {"b": 2, "a": 3})
    lm("update", {"a": 1}, [("c", 3)])
    lm("update", {"a": 1}, x=5)
    lm("update", {1: "a"}, {1.0: "b", True: "c"})
    lm("copy", {"a": [1]})
    lm("clear", {"a": 1})
    lm("fromkeys", {}, ["a", "b"])
    lm("fromkeys", {}, "xy", 0)
    lm("add", {1}, 2)
    lm("add", {1}, 1.0)
    lm("discard", {1, 2}, 2)
    lm("discard", {1, 2}, 3)
    lm("remove", {1, 2}, 3)
    lm("remove", {1, 2}, 1)
    lm("union", {1}, [2], (3, 1))
    lm("intersection", {1, 2, 3}, [2, 3, 4])
    lm("intersection", {1, 2, 3}, [2, 3], {3})
    lm("difference", {1, 2, 3}, [2])
    lm("symmetric_difference", {1, 2, 3}, [3, 4])
    lm("issubset", {1, 2}, [1, 2, 3])
    lm("issubset", {1, 4}, [1, 2, 3])
    lm("issuperset", {1, 2, 3}, [1, 2])
    lm("isdisjoint", {1, 2}, [3])
    lm("update", {1}, [2], "ab")
    lm("pop", set())
    lm("bit_length", 255)
    lm("bit_length", -256)
    lm("is_integer", 2.0)
    lm("is_integer", 2.5)
    lm("as_integer_ratio", 0.75)
    lm("as_integer_ratio", 5)
    lm("foo", [1])
    lm("foo", {})


# ---------------------------------------------------------------------------------------------------------------
# Formatting

def gen_format():
    values = [0, 1, -1, 42, 1234567, -1234567, 3.14159, -0.0, 0.1234, 1e16, 1.5e-7, 2.5, 0.125, 12345.678,
              float("nan"), float("-inf"), True, "abc", "é😀", 1e-5, 100.0, 255, 65]
    specs = ["", ">5", "<5", "^10", "*^9", "0>8", "+", " ", ",", "_", ".3f", ".1%", ".2e", "+.2e", "g", ".3g",
             "#x", "#o", "#b", "x", "X", "08.3f", "010,", ",.2f", "e", "%", "n", "c", "d", "s", ".0f", "#.0f",
             "z.1f", "#g", ".10g", "G", "E", "F", "=+8", ".2", "#", "-^+12,.2f", "010", "_x", "#010_b", ".1",
             ".17g", ".20f", ".0e", "0=10", "x<+#10_x", "05", "020_", ".5s", ">10.2s"]
    for v in values:
        for s in specs:
            case(f"format {v!r} {s!r}", "format", v, s)
    for v, s in [(0.5, ".0f"), (1.5, ".0f"), (2.5, ".0f"), (0.125, ".2f"), (0.375, ".2f"), (2.675, ".2f"),
                 (1.0005, ".3f"), (1e-7, ".3"), (123456.0, ".3"), (1234.5, ".3g"), (0.00012345, ".2g"),
                 (9.9999, ".3g"), (9.9999, ".3f"), (99.5, ".0f"), (-0.5, ".0f"), (5e-324, ".3e"),
                 (1.7976931348623157e308, ",.0f"), (1e23, "f"), (0.1, ".55f"), (2 ** -30, "e"), (1e-300, ".3%"),
                 (123.456, "15.4e"), (-123.456, "015.4e"), (1e100, "g"), (1e-100, "G"), (0.0001, "g"),
                 (0.00001, "g"), (123456789.0, "g"), (1234567.0, "n"), (-1e-10, "z.3f"), (-0.0, "z"),
                 (float("inf"), "010"), (float("nan"), "+F"), (12345.6789, "_.3f"), (12345, "_o"),
                 (10 ** 17, ","), (-(10 ** 17), "_d"), (0, "#b"), (-255, "#X"), (1114111, "c"), (1114112, "c")]:
        case(f"format {v!r} {s!r} (rounding)", "format", v, s)
    for v, conv, spec in [("x", "r", ">10"), ("x", "s", "^5"), ("é", "a", ""), (3.5, "r", ""), (1.0, "s", ">6"),
                          ([1, "a"], "r", ""), ([1, "a"], "", ""), (None, "", ""), (None, "", ">6"),
                          (None, "r", ">6"), (2.0, "", ".2f"), (10, "", "#x"), ({"a": 1}, "", "")]:
        case(f"fstring {v!r}!{conv}:{spec}", "fstringValue", v, conv, spec)

    def fm(tpl, *args, **kwargs):
        case(f"str.format {tpl!r} {args!r} {kwargs!r}", "method:format", tpl, *args, kwargs=kwargs or None)

    fm("{} {}", 1, "a")
    fm("{0} {1} {0}", "x", "y")
    fm("{a}-{b}", a=1, b=2.0)
    fm("{:>5}|{:<5}|{:^5}", 1, 2, 3)
    fm("{0:.2f} {0:.1%}", 0.12345)
    fm("{{}} {{{0}}}", 5)
    fm("{!r} {!s} {!a}", "é", "é", "é")
    fm("{0[1]} {1[a]}", [10, 20], {"a": "A"})
    fm("{0.real}", 5)
    fm("{:{w}.{p}f}", 3.14159, w=10, p=2)
    fm("{} {1}", 1, 2)
    fm("{1}", 1)
    fm("{a}")
    fm("}")
    fm("{")
    fm("{0")
    fm("{!x}", 1)
    fm("{:d}", "a")
    fm("{0:{1}}", "x", ">4")
    fm("{x[0]}", x=(7,))
    fm("{:,}", 10 ** 9)
    fm("{:>{}}", "a", 3)
    fm("😀{}😀", "é")

    def pf(fmt, val):
        case(f"percent {fmt!r} % {val!r}", "mod", fmt, val)

    for fmt, val in [("%d", 5), ("%5.1f%%", 12.345), ("%s and %r", ("a", "a")), ("%-6d|", 42), ("%+d", 5),
                     ("% d", 5), ("%#x", 255), ("%#o", 8), ("%e", 12345.678), ("%g", 0.00001234),
                     ("%10.4s|", "abcdefg"), ("%*d", (5, 42)), ("%.*f", (2, 3.14159)), ("%d", 3.99), ("%d", True),
                     ("%s", None), ("%i", -3.5), ("%x", -255), ("%X", 255), ("abc", ()), ("abc", 5),
                     ("%(a)s %(b)r", {"a": 1, "b": "x"}), ("%s", [1, 2]), ("%s %s", [1, 2]), ("%d", "a"),
                     ("%f", "a"), ("%d %d", (1,)), ("%d", (1, 2)), ("%.3d", 5), ("%05s", "a"), ("%x", 3.5),
                     ("%c", "ab"), ("%c", 65), ("%z", 1), ("%", ()), ("%.2f", 2.675), ("%08.3f", -3.14159),
                     ("%-08.3f|", -3.14159), ("%s", 1.0), ("%r", 1e16), ("%.0f", 0.5), ("%5s|%-5s|", ("a", "b")),
                     ("%3d%%", 50), ("%.2e", 0.0), ("%s", (1,))]:
        pf(fmt, val)


# ---------------------------------------------------------------------------------------------------------------
# re

def gen_re():
    def r(fn, *args, **kwargs):
        case(f"re.{fn} {args!r} {kwargs!r}", "re." + fn, *args, kwargs=kwargs or None)

    text = "The café costs 3,50€ — naïve résumé at 10:45; x_1 ①② 日本語"
    for p in [r"\w+", r"\d+", r"\s+", r"\b\w", r"\w\b", r"\B\w+", r"[^\w\s]+", r"\W+", r"[\w-]+", r"[^\W\d]+",
              r"[\S]+", r"[^\S ]", r"\D+", r"[\d,]+", r"[a-z]+", r"(?i)[a-z]+", r"(?a)\w+", r"(?a)\b\w+",
              r"é", r"(?i)CAFÉ", r"[éè]", r"\u00e9", r"\x43", r"\N{LATIN SMALL LETTER E}"]:
        r("findall", p, text)
    r("findall", r"\w+", text, re.ASCII)
    r("findall", r"\w+", text, flags=re.A)
    for p, s in [(r"$", "a\n"), (r"a$", "a\n"), (r"a$", "a\n\n"), (r"a\Z", "a\n"), (r"^\w", "ab\ncd"),
                 (r"(?m)^\w", "ab\ncd\r\nef"), (r"(?m)\w$", "ab\ncd\r\nef"), (r".", "a\rb\u2028c\n"),
                 (r"(?s).", "a\nb"), (r"\A\w", "ab\ncd"), (r"(?m)\A\w", "ab\ncd"), (r"(?m)$", "a\nb\n"),
                 (r"^", "ab"), (r"(?m)^", "a\nb\n"), (r"\b", "ab cd"), (r"\B", "ab cd"), (r"\B", ""),
                 (r"\b", ""), (r"(a)|b", "ab"), (r"(a)(b)?", "ab a"), (r"(?:a|b)+", "abxba"), (r"|a", "a"),
                 (r"a??", "aa"), (r"a*?", "aa"), (r"x*", "abxd"), (r"\s*", "a b"), (r"", "abc"),
                 (r"(\w+)@(\w+)\.com", "joe@x.com, ann@y.com"), (r"(?P<k>\w+)=(?P<v>\d*)", "a=1 b= c=3"),
                 (r"[\]a-]+", "a]-b"), (r"[^]a]+", "]]bca"), (r"a{2,3}", "aaaaa"), (r"a{,2}", "aaa"),
                 (r"a{}", "a{}"), (r"a{1", "a{1"), (r"a{,}", "aaa"), (r"\d{2}(?=px)", "12px 34em 56px"),
                 (r"(?<=\$)\d+", "$12 and 34"), (r"(?<!\$)\b\d+", "$12 and 34"), (r"(\w)\1", "aabbcd"),
                 (r"(?P<c>\w)(?P=c)", "xxyz"), (r"😀+", "a😀😀b😀"), (r"[😀-😂]", "😁x"), (r".", "a😀"),
                 (r"(?x) a b  # comment\n c", "abc"), (r"(?x)[ ]a", " a"), (r"(?x)a\ b", "a b"),
                 (r"\t\n\x41\101\0", "\t\nAA\0"), (r"[\t\x41-\x43]+", "\tABCD"), (r"(?i)straße", "STRASSE"),
                 (r"(?i)ǅ", "ǆ"), (r"(?i)σ", "ς Σ σ"), (r"\d+(?:\.\d+)?", "1.5 22 3."),
                 (r"(a)(?:b)(c)", "abc abc"), (r"((a)b)", "ab"), (r"(a)|(b)", "b"), (r"[.]", "a.b"),
                 (r"\.", "a.b"), (r"a|", "ab"), (r"\\", "a\\b"), (r"[\\]", "a\\b"), (r"[\d\s]+", "1 2a"),
                 (r"[^\d\s]+", "1 2ab"), (r"[\W\d]+", "a1!b"), (r"[^\W\d]+", "a1!b")]:
        r("findall", p, s)
        r("search", p, s)
    for p, s in [(r"\w+", "hello world"), (r"\w+", "!hello"), (r"(\d+)-(\d+)", "10-20 rest"), (r"", ""),
                 (r"a|ab", "ab"), (r"(?P<x>a)(?P<y>b)?", "ac")]:
        r("match", p, s)
        r("fullmatch", p, s)
    r("fullmatch", r"a|ab", "ab")
    r("fullmatch", r"\d+", "123\n")
    r("match", r"(?i)HELLO", "hello")
    r("match", "a", "A", re.I)
    r("match", "a", "A", flags=re.IGNORECASE)
    r("search", "^b", "a\nb", re.M)
    r("search", "a.b", "a\nb", re.S)
    r("search", "a b", "ab", re.X)
    for p, repl, s, *rest in [(r"a", "x", "banana"), (r"a", "x", "banana", 2), (r"(\w+) (\w+)", r"\2 \1", "hello world"),
                              (r"(?P<w>\w+)", r"<\g<w>|\g<1>|\g<0>>", "ab cd"), (r"a", r"\n\t\\\-", "a"),
                              (r"x*", "-", "abxd"), (r"", "-", "abc"), (r"$", "!", "a\n"), (r"(a)|b", r"[\1]", "ab"),
                              (r"a", r"\q", "a"), (r"(a)", r"\2", "a"), (r"(a)", r"\g<x>", "a"), (r"(a)", r"\g<2>", "a"),
                              (r"(a)", r"\g<1a>", "a"), (r"\s+", " ", "  a \t b\n"), (r"😀", "x", "a😀b😀"),
                              (r"(?m)^", "> ", "a\nb\n"), (r"a|", "-", "ab"), (r"|a", "-", "ab"),
                              (r"(\d)", r"\10", "5"), (r"(\d)", r"\g<1>0", "5"), (r"a", r"\101", "a"),
                              (r"a", r"\0", "a"), (r"a", "x", "aaa", 0), (r"a", "x", "aaa", -1),
                              (r"(?i)é", "E", "ÉéÈ"), (r"\b", "|", "ab cd"), (r"(a)(b)?", r"[\2]", "a"),
                              (r"\w+", Fn("upper_match"), "hello big world"), (r"(\w)(\w)", Fn("swap_groups"), "abcd"),
                              (r"a+", Fn("match_len"), "caaabaa"), (r"a", Fn("len"), "a")]:
        r("sub", p, repl, s, *rest)
        r("subn", p, repl, s, *rest)
    r("sub", "a", "b", "aaa", count=1)
    r("sub", "A", "b", "aaa", flags=re.I)
    for p, s, *rest in [(r"\s+", " a b  c "), (r"(\s)+", "a b  c"), (r",", "a,b,c,d", 2), (r"x*", "axbc"),
                        (r"", "abc"), (r"(a)|b", "xaybz"), (r"(?:,|(;))", "a,b;c"), (r"\b", "ab cd"),
                        (r"\W+", "Words, words, words."), (r"(\W+)", "Words, words, words."),
                        (r"\W+", "Words, words, words.", 1), (r"[a-f]+", "0a3B9", 0, re.I), (r"😀", "a😀b"),
                        (r"$", "a\nb\n"), (r"(?m)^", "a\nb"), (r"\d", "a1b2c3", -1), (r"|", "ab")]:
        r("split", p, s, *rest)
    r("split", ",", "a,b,c", maxsplit=1)
    for p, s in [(r"a(b)(c)?", "xabx"), (r"(?P<first>\w+) (?P<last>\w+)", "Jane Doe"), (r"😀(.)", "a😀bc"),
                 (r"b", "😀😀b"), (r"(a)(b)", "ab"), (r"((a)b)", "ab"), (r"(a)()", "a"), (r"(?:(a)|(b))+", "ab"),
                 (r"(x)?y", "y")]:
        r("search", p, s)
        r("finditer", p, s + " " + s)
    for p in ["*a", "a**", "^*", "a*+", "(?>a)", "a(?i)b", "a\\", "\\q", "(a", "a)", "[a", r"(a\1)", r"\2(a)",
              "(?P<n>a)(?P=m)", "(?<n>a)", "[z-a]", "(?(1)a|b)", "(?i:a)b", "(?z)", "(?i", "a{2,1}", "x{2}{3}",
              "(?P<1>a)", r"\8", "[\\d-z]", r"\x4", "(?-a:a)", "(?#comment)a"]:
        r("search", p, "aab")
    r("search", "a", "a", re.L)
    r("escape", "a.b-c d#e~f&g*h")
    r("escape", "é😀\n")
    r("compile", "(?i)(?m)a")
    r("compile", "a", re.I | re.M)

    def pm(method, pattern, flags, *args, **kwargs):
        case(f"pattern.{method} {pattern!r} {flags} {args!r} {kwargs!r}", "pattern." + method, pattern, flags, *args,
             kwargs=kwargs or None)

    pm("search", r"\d+", 0, "ab12cd34", 3)
    pm("search", r"^\d+", 0, "ab12cd34", 2)
    pm("search", r"\d+$", 0, "ab12cd34", 0, 4)
    pm("match", r"\d+", 0, "ab12cd34", 2)
    pm("findall", r"\d", 0, "1234567", 2, 5)
    pm("fullmatch", r"\d+", 0, "ab12cd", 2, 4)
    pm("split", r",", 0, "a,b,c", 1)
    pm("sub", r"\d", 0, "#", "a1b22", 2)
    pm("finditer", r"\w", re.A, "aé1", pos=1)


# ---------------------------------------------------------------------------------------------------------------
# math

def gen_math():
    def mt(fn, *args, ulps=0, **kwargs):
        case(f"math.{fn} {args!r} {kwargs!r}", "math." + fn, *args, kwargs=kwargs or None, ulps=ulps)

    for x in [0, 1, 2, 4, 2.25, 1e-300, 1e300, -1, -0.0, float("inf"), float("nan"), True]:
        mt("sqrt", x)
    for x in [-2.5, -2.0, -0.5, -0.0, 0.5, 2.5, 3, True, 1e20, float("inf"), float("nan"), "a"]:
        mt("floor", x)
        mt("ceil", x)
        mt("trunc", x)
        mt("fabs", x)
    for x in [1, 2.718281828459045, 10, 100, 1000, 1e-300, 0.5, 0, -1, float("inf"), float("nan"), 1024, 2 ** 0.5]:
        mt("log", x, ulps=1)
        mt("log2", x, ulps=1)
        mt("log10", x, ulps=1)
    for x, b in [(8, 2), (100, 10), (1000, 10), (1, 10), (2, 1), (0, 2), (2, 0), (27, 3), (2, 0.5)]:
        mt("log", x, b, ulps=1)
    for x in [0, 1e-10, -1e-10, 1, -0.5, -1, -2, 1e300, float("inf")]:
        mt("log1p", x, ulps=1)
        mt("expm1", x, ulps=1)
    for x in [0, 1, -1, 0.5, 10, 709, 710, -745, -1000, float("inf"), -float("inf"), float("nan")]:
        mt("exp", x, ulps=1)
    for x in [0, 0.5, 1, -1, 1.5707963267948966, 3.141592653589793, 100, 1e10, float("inf"), float("nan"), 2]:
        for fn in ["sin", "cos", "tan", "atan", "sinh", "cosh", "tanh", "asin", "acos"]:
            mt(fn, x, ulps=2)
    for x in [800, -800]:
        mt("sinh", x)
        mt("cosh", x)
    for y, x in [(1, 1), (1, -1), (-1, -1), (0, -0.0), (-0.0, -0.0), (0, 0), (1, 0), (float("inf"), float("inf"))]:
        mt("atan2", y, x, ulps=1)
    for x, y in [(2, 10), (2, 0.5), (-2, 3), (-2, 0.5), (0, -1), (0, 0), (1, float("nan")), (float("nan"), 0),
                 (float("inf"), -1), (-float("inf"), 3), (-1, float("inf")), (10, 400), (2, -1074), (1.5, 2),
                 (-8, 1 / 3), (4, 0.5), (2.5, 3.5)]:
        mt("pow", x, y, ulps=1)
    rnd = random.Random(3)
    for i in range(40):
        mt("exp", rnd.uniform(-700, 700), ulps=1)
        mt("log", rnd.uniform(0, 10) * 10.0 ** rnd.randint(-300, 300), ulps=1)
        mt("pow", rnd.uniform(0, 50), rnd.uniform(-30, 30), ulps=1)
    for args in [(3, 4), (1e308, 1e308), (5e-324, 5e-324), (1, 2, 3), (), (1,), (-3, 4), (float("inf"), float("nan")),
                 (float("nan"), 1), (0.1, 0.2), (1e-200, 1e-200, 1e-200), (3, 4, 12, 84)]:
        mt("hypot", *args)
    rnd = random.Random(7)
    for i in range(15):
        mt("hypot", rnd.uniform(-100, 100), rnd.uniform(-1e3, 1e3))
    for xs in [[0.1] * 10, [1e100, 1.0, -1e100], [1e-16, 1, 1e16], [float("inf"), 1], [float("inf"), -float("inf")],
               [float("nan"), 1], [], [1, 2, 3], [0.1, 0.2, 0.3], [1e308, 1e308], [2.0 ** 53, -0.5, -2.0 ** -54],
               [-0.0], [3, 0.5, True]]:
        mt("fsum", xs)
    rnd = random.Random(11)
    for i in range(10):
        mt("fsum", [rnd.uniform(-1, 1) * 10 ** rnd.randint(-20, 20) for _ in range(20)])
    for a, b, kw in [(1.0, 1.0 + 1e-10, {}), (1.0, 1.1, {}), (1.0, 1.1, {"rel_tol": 0.2}), (0.0, 1e-10, {}),
                     (0.0, 1e-10, {"abs_tol": 1e-9}), (float("inf"), float("inf"), {}), (float("nan"), float("nan"), {}),
                     (1, 2, {"rel_tol": -1}), (1e300, 1e300 * (1 + 1e-10), {})]:
        mt("isclose", a, b, **kw)
    for x in [1.0, float("nan"), float("inf"), -float("inf"), 0]:
        mt("isnan", x)
        mt("isinf", x)
        mt("isfinite", x)
    for x, y in [(1, -0.0), (-1, 0.0), (3, -2), (float("inf"), -1), (-0.0, 1)]:
        mt("copysign", x, y)
    for x, y in [(7, 3), (-7, 3), (7, -3), (7.5, 2), (-7.5, 2), (1, 0), (float("inf"), 2), (5, float("inf")),
                 (-0.0, 1)]:
        mt("fmod", x, y)
    for x in [0, 90, 180, -45, 1, 3.141592653589793, 1e10]:
        mt("degrees", x)
        mt("radians", x)
    for args in [(12, 18), (0, 5), (-12, 18), (), (7,), (12, 18, 27), (0, 0)]:
        mt("gcd", *args)
    mt("gcd", 1.5, 2)
    for n in [0, 1, 5, 10, 18, 20, -1]:
        mt("factorial", n)
    mt("factorial", 2.0)
    for n, k in [(5, 2), (10, 0), (10, 10), (3, 5), (50, 25), (-1, 2), (5, -1)]:
        mt("comb", n, k)
    for xs, kw in [([1, 2, 3, 4], {}), ([], {}), ([0.5, 4], {}), ([2, 3], {"start": 10}), ([1.5, 2], {})]:
        mt("prod", xs, **kw)
    for x in [2.5, -3.5, 0.0, float("inf")]:
        mt("modf", x)
    for x, i in [(1.5, 3), (1, -1075), (1, 1024), (3, 0)]:
        mt("ldexp", x, i)
    for n in [0, 1, 15, 16, 17, 10 ** 12]:
        mt("isqrt", n)


# ---------------------------------------------------------------------------------------------------------------
# Randomized batches (fixed seeds): format specs, slicing, splitting, searching, sorting stability

def gen_random():
    rnd = random.Random(2024)

    def rand_value():
        k = rnd.randint(0, 6)
        if k == 0:
            return rnd.randint(-10 ** 7, 10 ** 7)
        if k == 1:
            return rnd.randint(-8, 8) / rnd.choice([2, 4, 8, 16, 1024])  # exact binary halves: rounding ties
        if k == 2:
            return rnd.uniform(-1, 1) * 10.0 ** rnd.randint(-12, 20)
        if k == 3:
            return round(rnd.uniform(-1000, 1000), rnd.randint(0, 4))
        if k == 4:
            return float(rnd.randint(-10 ** 6, 10 ** 6))
        if k == 5:
            return rnd.choice([0.5, 1.5, 2.5, 0.125, 0.375, 2.675, 1.005, 0.045, 1e-7, 9.995, 99.95, 0.0])
        return rnd.uniform(0, 1)

    def rand_spec(v):
        spec = ""
        if rnd.random() < 0.3:
            spec += rnd.choice(["", "*", "0", "x"]) + rnd.choice("<>^=")
        if rnd.random() < 0.3:
            spec += rnd.choice("+- ")
        if isinstance(v, float) and rnd.random() < 0.1:
            spec += "z"
        if rnd.random() < 0.15:
            spec += "#"
        if rnd.random() < 0.2:
            spec += "0"
        if rnd.random() < 0.5:
            spec += str(rnd.randint(1, 20))
        if rnd.random() < 0.25:
            spec += rnd.choice(",_")
        types = "eEfFgG%n" if isinstance(v, float) else "bdoxXn" + "eEfFgG%"
        t = rnd.choice(types + "  ").strip()
        if (isinstance(v, float) or t in "eEfFgG%") and rnd.random() < 0.7:
            spec += "." + str(rnd.randint(0, 12))
        return spec + t

    for i in range(400):
        v = rand_value()
        case(f"format random {i}", "format", v, rand_spec(v))
    for i in range(60):
        v = rand_value()
        case(f"round random value {i}", "round", v, rnd.randint(-3, 6))
        case(f"repr random value {i}", "repr", v)
        if isinstance(v, float):
            case(f"percent random {i}", "mod", "%." + str(rnd.randint(0, 8)) + rnd.choice("efg"), v)

    def rand_bound():
        return rnd.choice([None, rnd.randint(-12, 12)])

    seq = list(range(10))
    text = "ab😀cdé\u00a0f g"
    for i in range(120):
        sl = slice(rand_bound(), rand_bound(), rnd.choice([None, 1, 2, 3, -1, -2, -3]))
        case(f"slice random list {i}", "getitem", seq, sl)
        case(f"slice random str {i}", "getitem", text, sl)
    for i in range(40):
        sl = slice(rand_bound(), rand_bound(), rnd.choice([None, 1, 2, -1, -2]))
        vals = list("xyz"[: rnd.randint(0, 3)])
        case(f"slice assign random {i}", "setitem", list(range(8)), sl, vals, after=True)
        case(f"slice delete random {i}", "delitem", list(range(8)), sl, after=True)

    pieces = ["a", "b", ",", " ", "  ", "\t", "\n", ",,", "ab", "\u3000", "x,"]
    for i in range(80):
        st = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
        mx = rnd.choice([-1, 0, 1, 2, 3])
        sep = rnd.choice([None, ",", " ", "ab", ",,"])
        case(f"split random {i}", "method:split", st, sep, mx)
        case(f"rsplit random {i}", "method:rsplit", st, sep, mx)
        sub = rnd.choice(["a", "b", ",", "", "ab", " "])
        a, b = rand_bound(), rand_bound()
        for name in ["find", "rfind", "count", "startswith", "endswith"]:
            case(f"{name} random {i}", "method:" + name, st, sub, a, b)
        case(f"strip random {i}", "method:strip", st, rnd.choice([None, "a", ", ", "ab\t"]))
        case(f"replace random {i}", "method:replace", st, sub, "_", rnd.choice([-1, 0, 1, 2]))

    for i in range(30):
        data = [(rnd.randint(0, 3), rnd.choice("abcd"), j) for j in range(rnd.randint(0, 12))]
        case(f"sorted stability random {i}", "sorted", data, kwargs={"key": Fn("first"), "reverse": rnd.random() < 0.5})
        case(f"sorted tuples random {i}", "sorted", [t[:2] for t in data])

    for i in range(60):
        digits = "".join(rnd.choice("0123456789_") for _ in range(rnd.randint(1, 6)))
        st = rnd.choice(["", " ", "+", "-"]) + digits + rnd.choice(["", ".", ".5", "e3", "e-2", "_", " "])
        case(f"int parse random {i}", "int", st)
        case(f"float parse random {i}", "float", st)


def main():
    gen_repr()
    gen_round()
    gen_ops()
    gen_compare()
    gen_contains_truthy()
    gen_subscripts()
    gen_builtins()
    gen_str_methods()
    gen_list_dict_set_methods()
    gen_format()
    gen_re()
    gen_math()
    gen_random()
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "py-cases.json")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("[\n")
        fh.write(",\n".join(json.dumps(c, ensure_ascii=True) for c in CASES))
        fh.write("\n]\n")
    print(f"{len(CASES)} cases -> {out}")


# ---------------------------------------------------------------------------------------------------------------
# src/runtime/py-unicode.ts

def unicode_tables():
    def ranges(pred):
        out = []
        start = None
        for c in range(0x110000):
            ok = pred(chr(c))
            if ok and start is None:
                start = c
            if not ok and start is not None:
                out.append((start, c - 1))
                start = None
        if start is not None:
            out.append((start, 0x10FFFF))
        return out

    def enc_ranges(rs):
        parts = []
        prev = 0
        for a, b in rs:
            parts.append(f"{a - prev:x}" + ("" if b == a else f"+{b - a:x}"))
            prev = b
        return ",".join(parts)

    def strmap(f):
        d = {}
        for c in range(0x110000):
            if 0xD800 <= c < 0xE000:
                continue
            v = f(chr(c))
            if v is not None:
                d[f"{c:x}"] = v
        return d

    lines = ["// Generated by `python3 test/runtime/gen_py_cases.py --unicode-tables` from CPython 3.11's unicodedata",
             f"// (Unicode {unicodedata.unidata_version}): the character properties JavaScript's \\p{{...}} classes "
             "cannot express.", ""]
    for name, doc, p in [("DECIMAL", "str.isdecimal()", str.isdecimal),
                         ("DIGIT_ONLY", "str.isdigit() and not str.isdecimal()",
                          lambda c: c.isdigit() and not c.isdecimal()),
                         ("NUMERIC_ONLY", "str.isnumeric() and not str.isdigit()",
                          lambda c: c.isnumeric() and not c.isdigit())]:
        lines.append(f"/** Code point ranges where {doc}: hex gap from the previous range's end, \"+\" hex length - 1. */")
        lines.append(f'export const {name} = "{enc_ranges(ranges(p))}";')
    combining = []
    prev = 0
    for a, b in ranges(unicodedata.combining):
        # split each range into runs of one class
        start = a
        for c in range(a, b + 2):
            if c == b + 1 or unicodedata.combining(chr(c)) != unicodedata.combining(chr(start)):
                combining.append(f"{start - prev:x}" + ("" if c - 1 == start else f"+{c - 1 - start:x}")
                                 + f"={unicodedata.combining(chr(start))}")
                prev = c - 1
                start = c
    lines.append("/** unicodedata.combining(): runs of one nonzero class, hex gap from the previous run's end, \"+\" hex "
                 "length - 1, \"=\" the class. */")
    lines.append(f'export const COMBINING = "{",".join(combining)}";')
    lines.append("")
    lines.append("/** Characters whose str.title() differs from str.upper(). */")
    lines.append("export const TITLE: Readonly<Record<string, string>> = " + json.dumps(
        strmap(lambda c: c.title() if c.title() != c.upper() else None), ensure_ascii=True) + ";")
    lines.append("")
    lines.append("/** Characters whose str.casefold() differs from str.lower(). */")
    lines.append("export const CASEFOLD: Readonly<Record<string, string>> = " + json.dumps(
        strmap(lambda c: c.casefold() if c.casefold() != c.lower() else None), ensure_ascii=True) + ";")
    print("\n".join(lines))


if __name__ == "__main__":
    if "--unicode-tables" in sys.argv:
        unicode_tables()
    else:
        main()
