# The parity corpus: notebook-style Python functions and the arguments to call them with. gen_parity.py runs each
# with real Python and numpy and records the results in fixtures/parity.json; parity.test.ts translates each case
# with nb2svc and checks that the TypeScript gives the same results. Every case's entry function is `f`.
# Tricky cases come first in each area. Keep each case deterministic.
import numpy as np

CASES = []


def case(area, name, source, *calls):
    CASES.append({"area": area, "name": name, "source": source.strip("\n") + "\n", "calls": [list(c) for c in calls]})


f32 = np.float32

# ---------------------------------------------------------------------------------------------------------------
# float32 rounding: every step rounds to float32, Python floats stay weak
case("float32", "chain of float32 arithmetic", """
import numpy as np
def f(xs):
    x = np.asarray(xs, dtype=np.float32)
    return ((x * 0.1 + 0.2) / 3.0 - x) * 7.0
""", ([0.1, 1.7, 123.456, -9.99, 1e-3],))
case("float32", "standardize with float32 constants", """
import numpy as np
MEAN = np.array([5.8433, 3.0573, 3.758, 1.1993], dtype=np.float32)
STD = np.array([0.8253, 0.4344, 1.7594, 0.7596], dtype=np.float32)
def f(features):
    x = np.asarray(features, dtype=np.float32)
    return ((x - MEAN) / STD).reshape(1, -1)
""", ([5.1, 3.5, 1.4, 0.2],), ([7.7, 2.6, 6.9, 2.3],))
case("float32", "float32 array times python float stays float32", """
import numpy as np
def f(v):
    x = np.array(v, dtype=np.float32)
    return x * 1.1, (x * 1.1).dtype == np.float32
""", ([1.0, 2.5, 3.3333],))
case("float32", "float32 meets float64 array", """
import numpy as np
def f(v):
    a = np.array(v, dtype=np.float32)
    b = np.array(v, dtype=np.float64)
    return a + b / 3
""", ([0.1, 0.2, 0.3],))
case("float32", "float32 softmax", """
import numpy as np
def f(logits):
    z = np.asarray(logits, dtype=np.float32)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
""", ([[1.0, 2.0, 3.0], [10.0, -5.0, 0.5]],))
case("float32", "float32 mean and std (pairwise sums)", """
import numpy as np
def f(n):
    x = (np.arange(n, dtype=np.float32) * np.float32(0.37)) % 5
    return x.mean(), x.std(), x.sum(), x.var()
""", (10,), (257,), (1000,))
case("float32", "np.float32 scalars", """
import numpy as np
def f(a, b):
    x = np.float32(a)
    y = np.float32(b)
    return x / y, x * 3, float(x + y)
""", (1.1, 3.3), (1e8, 7.0))
case("float32", "division by a float32 scalar constant", """
import numpy as np
PIXEL_MAX = np.float32(16.0)
def f(pixels):
    return (np.asarray(pixels, dtype=np.float32) / PIXEL_MAX).reshape(1, 1, 2, 2)
""", ([[0, 7], [15, 16]],))
case("float32", "casting float32 to int truncates toward zero", """
import numpy as np
def f(v):
    return np.asarray(v, dtype=np.float32).astype(np.int64)
""", ([1.9, -1.9, 0.5, -0.5, 255.99],))
case("float32", "uint8 overflow wraps", """
import numpy as np
def f(v):
    x = np.array(v, dtype=np.uint8)
    return x + np.uint8(10), x.astype(np.float32) / 255.0
""", ([0, 250, 255],))

# ---------------------------------------------------------------------------------------------------------------
# ties and sorting
case("sorting", "argsort with ties is stable", """
import numpy as np
def f(v):
    return np.argsort(np.asarray(v), kind="stable")
""", ([3, 1, 2, 1, 3, 1, 0],), ([0.5, 0.5, 0.5],))
case("sorting", "argsort default on small arrays with ties", """
import numpy as np
def f(v):
    return np.argsort(v)
""", ([2, 2, 1, 1, 0, 0],))
case("sorting", "descending top-k by reversed argsort", """
import numpy as np
def f(p, k):
    order = np.argsort(p)[::-1][:k]
    return [int(i) for i in order]
""", ([0.1, 0.7, 0.05, 0.15], 3))
case("sorting", "argmax returns the first maximum", """
import numpy as np
def f(v):
    a = np.asarray(v)
    return int(np.argmax(a)), int(a.argmin())
""", ([1, 3, 3, 0, 0],))
case("sorting", "sorted with key and reverse is stable", """
def f(words):
    return sorted(words, key=len), sorted(words, key=lambda w: w[-1], reverse=True)
""", (["bb", "a", "cc", "d", "eee"],))
case("sorting", "sorted on tuples and mixed numbers", """
def f(pairs):
    return sorted(pairs), sorted([3, 1.5, True, 0])
""", ([(2, "b"), (1, "z"), (2, "a")],))

# ---------------------------------------------------------------------------------------------------------------
# floor division and modulo keep Python's signs
case("floordiv", "ints", """
def f(a, b):
    return a // b, a % b, divmod(a, b)
""", (-7, 2), (7, -2), (-7, -2), (0, 3))
case("floordiv", "floats", """
def f(a, b):
    return a // b, a % b
""", (-7.5, 2.0), (7.5, -2.0), (-0.0, 1.0), (5.0, 0.3))
case("floordiv", "numpy arrays", """
import numpy as np
def f(v, d):
    a = np.asarray(v)
    return a // d, a % d, np.floor_divide(a, d), np.mod(a, d)
""", ([-7, -1, 0, 1, 7], 3), ([-7.5, 7.5], -2.0))
case("floordiv", "division by zero raises", """
def f(a):
    return 10 // a
""", (0,))
case("floordiv", "power", """
def f(a, b):
    return a ** b, 2 ** -1, (-8) ** 2
""", (3, 4), (2, 10))

# ---------------------------------------------------------------------------------------------------------------
# banker's rounding
case("round", "round() halves to even", """
def f(x):
    return round(x), round(-x), round(x + 1)
""", (0.5,), (1.5,), (2.5,), (-2.5,))
case("round", "round() with digits and binary representation", """
def f(x, n):
    return round(x, n)
""", (2.675, 2), (0.125, 2), (1.005, 2), (123.456, -1), (0.5, 0), (1234.5678, 3))
case("round", "np.round halves to even", """
import numpy as np
def f(v):
    a = np.asarray(v)
    return np.round(a), np.round(a, 1), np.floor(a), np.rint(a)
""", ([0.5, 1.5, 2.5, -0.5, 0.25, 0.35],))
case("round", "round of numpy scalars", """
import numpy as np
def f(v):
    p = np.asarray(v, dtype=np.float32)
    return round(float(p[0]), 4), round(float(p.max()), 2)
""", ([0.123456, 0.98765],))

# ---------------------------------------------------------------------------------------------------------------
# regular expressions: Python's meanings, run exactly
case("regex", "\\w matches accented letters", """
import re
def f(text):
    return re.findall(r"\\w+", text)
""", ("café naïve résumé – 42_x",))
case("regex", "tokenizer with apostrophes", """
import re
def f(text):
    return re.findall(r"[a-z0-9']+", text.lower())
""", ("What a WONDERFUL film!!! I loved it. Didn't you?",))
case("regex", "\\b word boundaries with Unicode", """
import re
def f(text):
    return re.sub(r"\\bcat\\b", "dog", text)
""", ("cat catalog écat cat.",))
case("regex", "$ matches before a trailing newline", """
import re
def f(text):
    return bool(re.search(r"end$", text)), re.findall(r"^\\w+$", text, flags=re.M)
""", ("the end\n",), ("a\nbb\nccc",))
case("regex", "findall with one and several groups", """
import re
def f(text):
    return re.findall(r"(\\w)=(\\d+)", text), re.findall(r"(\\d+)", text), re.findall(r"x(y)?", "xyx")
""", ("a=1, b=22; c=333",))
case("regex", "split keeps captured separators", """
import re
def f(text):
    return re.split(r"(,|;)\\s*", text), re.split(r"\\s+", text.strip()), re.split(r"x*", "axbc")
""", ("a, b;c ,d",))
case("regex", "sub with named groups and a function", """
import re
def f(text):
    a = re.sub(r"(?P<word>[a-z]+)-(?P<num>\\d+)", r"\\g<num>:\\g<word>", text)
    b = re.sub(r"\\d+", lambda m: str(int(m.group(0)) * 2), text)
    return a, b
""", ("ab-12 cd-3",))
case("regex", "match anchors at the start; compiled patterns", """
import re
PAT = re.compile(r"(\\d{4})-(\\d{2})", re.I)
def f(text):
    m = PAT.match(text)
    n = re.match(r"\\d", "a1")
    return (m.group(1), m.group(2), m.span()) if m else None, n is None, PAT.findall(text)
""", ("2024-05 and 1999-12",), ("x2024-05",))
case("regex", "ignorecase and fullmatch", """
import re
def f(text):
    return bool(re.fullmatch(r"[a-z]+", text, re.IGNORECASE)), re.sub(r"(?i)hello", "bye", text)
""", ("HeLLo",), ("Hello world",))
case("regex", "escape and special characters", """
import re
def f(text):
    return re.split(re.escape("a.b*"), text), re.findall(r"[^\\s]+", "a\\tb\\u00a0c d")
""", ("xa.b*ya.b*z",))

# ---------------------------------------------------------------------------------------------------------------
# broadcasting
case("broadcast", "column plus row", """
import numpy as np
def f(a, b):
    return np.asarray(a)[:, None] + np.asarray(b)[None, :]
""", ([1, 2, 3], [10, 20]))
case("broadcast", "matrix minus vector and keepdims", """
import numpy as np
def f(m):
    x = np.asarray(m, dtype=np.float64)
    return x - x.mean(axis=0), x / x.sum(axis=1, keepdims=True)
""", ([[1, 2, 3], [4, 5, 6]],))
case("broadcast", "expand_dims and squeeze", """
import numpy as np
def f(v):
    a = np.expand_dims(np.asarray(v), 0)
    return a.shape, np.squeeze(a).shape, a.T.shape, np.expand_dims(a, -1).ndim
""", ([1, 2, 3],))
case("broadcast", "incompatible shapes raise", """
import numpy as np
def f(a, b):
    return np.asarray(a) + np.asarray(b)
""", ([1, 2, 3], [1, 2]))
case("broadcast", "scalar and 0-d arrays", """
import numpy as np
def f(v):
    a = np.asarray(v)
    s = a.sum()
    return a * s, s.ndim, (a + np.int64(1)).dtype == np.int64
""", ([1, 2],))

# ---------------------------------------------------------------------------------------------------------------
# empty inputs
case("empty", "empty lists and arrays", """
import numpy as np
def f(v):
    a = np.asarray(v, dtype=np.float32)
    return a.shape, a.sum(), len(v), v[:3], [x * 2 for x in v]
""", ([],))
case("empty", "max of empty raises", """
import numpy as np
def f(v):
    return np.max(np.asarray(v))
""", ([],))
case("empty", "empty strings and splits", """
def f(s):
    return s.split(), s.split(","), s.strip(), s[:5], len(s), s.upper()
""", ("",), ("   ",))
case("empty", "padding to a fixed length", """
import numpy as np
def f(ids, n):
    ids = ids[:n]
    ids = ids + [0] * (n - len(ids))
    return np.array([ids], dtype=np.int64)
""", ([], 4), ([5, 6, 7, 8, 9], 4), ([1], 3))
case("empty", "min with default and empty dict", """
def f(xs):
    d = {}
    return min(xs, default=-1), max(xs, key=abs, default=None), d.get("a", 0), list(d.items())
""", ([],), ([3, -7, 2],))

# ---------------------------------------------------------------------------------------------------------------
# NaN handling
case("nan", "nan in reductions", """
import numpy as np
def f(v):
    a = np.asarray(v)
    return np.max(a), np.nanmax(a), int(np.argmax(a)), np.nansum(a), np.isnan(a)
""", ([1.0, float("nan"), 3.0],))
case("nan", "nan comparisons in Python", """
def f(x):
    return x == x, x < 1, x != x, max(1.0, x), min(x, 1.0)
""", (float("nan"),))
case("nan", "nan_to_num and masks", """
import numpy as np
def f(v):
    a = np.asarray(v, dtype=np.float32)
    clean = np.nan_to_num(a, nan=0.0)
    return clean, a[~np.isnan(a)], np.where(np.isnan(a), -1.0, a)
""", ([1.5, float("nan"), -2.0, float("inf")],))
case("nan", "sorting with nan puts it last", """
import numpy as np
def f(v):
    a = np.asarray(v)
    return np.sort(a), np.argsort(a, kind="stable")
""", ([3.0, float("nan"), 1.0, 2.0],))

# ---------------------------------------------------------------------------------------------------------------
# functions, arguments and control flow
case("control", "default and keyword arguments", """
def g(x, scale=2, offset=0):
    return x * scale + offset
def f(x):
    return g(x), g(x, 3), g(x, offset=1), g(x, scale=0.5, offset=-1)
""", (4,))
case("control", "nested helper calls and early return", """
def clean(s):
    return s.strip().lower()
def score(s):
    if not s:
        return 0
    return len(s)
def f(s):
    s = clean(s)
    if s.startswith("#"):
        return -1
    return score(s)
""", ("  Hello ",), ("#tag",), ("   ",))
case("control", "if elif else", """
def f(x):
    if x < 0:
        return "neg"
    elif x == 0:
        return "zero"
    elif 0 < x <= 10:
        return "small"
    else:
        return "big"
""", (-1,), (0,), (10,), (11.5,))
case("control", "for over range, enumerate, zip, dict items", """
def f(d, xs):
    out = []
    for i in range(1, 7, 2):
        out.append(i)
    for i, x in enumerate(xs, start=1):
        out.append(i * x)
    for a, b in zip(xs, reversed(xs)):
        out.append(a - b)
    for k, v in d.items():
        out.append(k + "=" + str(v))
    return out
""", ({"a": 1, "b": 2.5}, [1, 2, 3]))
case("control", "while with break and continue", """
def f(n):
    i = 0
    total = 0
    while True:
        i += 1
        if i % 3 == 0:
            continue
        if i > n:
            break
        total += i
    return total
""", (10,), (0,))
case("control", "for-else and while-else", """
def f(xs, target):
    for i, x in enumerate(xs):
        if x == target:
            found = i
            break
    else:
        found = -1
    n = 3
    while n > 0:
        n -= 1
    else:
        n = 100
    return found, n
""", ([1, 2, 3], 2), ([1, 2, 3], 9))
case("control", "tuples and unpacking", """
def f(pairs):
    (a, b), *rest = pairs
    first, *middle, last = [1, 2, 3, 4, 5]
    x, y = y0, x0 = 1, 2
    return a, b, rest, first, middle, last, x, y, x0, y0
""", ([(1, "one"), (2, "two"), (3, "three")],))
case("control", "lambdas and closures", """
def f(xs, k):
    add = lambda a, b=1: a + b
    def scale(v):
        return v * k
    return [scale(add(x)) for x in xs], list(map(lambda t: t * t, xs)), list(filter(None, [0, 1, "", "a"]))
""", ([1, 2, 3], 10))
case("control", "comprehensions with conditions and nesting", """
def f(n):
    squares = [i * i for i in range(n) if i % 2 == 0]
    pairs = [(i, j) for i in range(3) for j in range(i)]
    inverse = {v: k for k, v in {"a": 1, "b": 2}.items()}
    lengths = {len(w) for w in ["a", "bb", "cc", "ddd"]}
    return squares, pairs, inverse, sorted(lengths), sum(x for x in range(n))
""", (7,))
case("control", "chained comparisons evaluate once", """
def f(x):
    return 0 < x < 10, 1 <= x == 1 < 2, x > 5 > 1
""", (1,), (7,), (12,))
case("control", "and/or return operands; truthiness", """
def f(a, b):
    return a and b, a or b, not a, bool([]), bool(""), bool(0.0), bool(None), bool({}), bool([0]), "x" if a else "y"
""", (0, "b"), ([1], None), ("", 0))
case("control", "in and not in", """
def f(x):
    return x in [1, 2, 3], x not in (4, 5), "a" in "cat", x in {1: "a"}, "z" not in {"a": 1}
""", (1,), (4,))
case("control", "assignment expressions and augmented operators", """
def f(xs):
    total = 0
    for x in xs:
        total += x
        total *= 2
        total -= 1
    acc = []
    acc += [total]
    if (n := len(acc)) > 0:
        acc.append(n)
    return total, acc
""", ([1, 2, 3],))
case("control", "try and except", """
def parse(s):
    try:
        return int(s)
    except ValueError:
        return None
def f(items):
    out = []
    for s in items:
        try:
            out.append(10 // parse(s))
        except (TypeError, ZeroDivisionError) as e:
            out.append("err: " + str(e))
        finally:
            out.append("|")
    return out
""", (["5", "x", "0"],))
case("control", "raise a ValueError", """
def f(x):
    if x < 0:
        raise ValueError("negative input")
    return x
""", (3,), (-1,))
case("control", "recursion", """
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
def f(n):
    return fact(n)
""", (5,), (12,))

# ---------------------------------------------------------------------------------------------------------------
# builtins
case("builtins", "conversions", """
def f(s):
    return int(s), float(s), int(float(s)), str(int(s)), bool(int(s))
""", ("42",), (" -7 ",), ("0",))
case("builtins", "float parsing and repr", """
def f(s):
    x = float(s)
    return x, str(x), repr(x), int(x) if abs(x) < 1e15 else 0
""", ("1e-5",), ("0.1",), ("1e16",), ("-0.0",), ("inf",), ("123456789.125",))
case("builtins", "str of numbers", """
def f(x):
    return str(x), str(x / 2), str(float(x)), str(x * 1.0), str(True), str(None), str([1, 2.0, "a"]), str((1,)), str({"a": 1})
""", (3,), (10,))
case("builtins", "len sum min max abs", """
def f(xs):
    return len(xs), sum(xs), sum(xs, 10), min(xs), max(xs), abs(min(xs)), sum([0.1] * 10)
""", ([3, -1, 4.5, 1],))
case("builtins", "isinstance", """
import numpy as np
def f(x):
    return isinstance(x, int), isinstance(x, (float, str)), isinstance(x, list), isinstance(np.asarray([1]), np.ndarray), isinstance(True, int)
""", (1,), ("s",), ([1],), (1.5,))
case("builtins", "enumerate, zip, range, reversed", """
def f(xs):
    return list(enumerate(xs)), list(zip(xs, range(10), "abc")), list(range(10, 0, -3)), list(reversed(xs)), len(range(3, 20, 4))
""", (["a", "b", "c", "d"],))
case("builtins", "any, all, map, filter", """
def f(xs):
    return any(x > 3 for x in xs), all(xs), list(map(str, xs)), list(filter(lambda x: x % 2, xs)), any([]), all([])
""", ([1, 2, 3, 4],), ([0],))
case("builtins", "chr ord hex divmod pow", """
def f(n):
    return chr(n), ord(chr(n)), hex(n), bin(n), divmod(n, 7), pow(n, 2, 7), abs(-n)
""", (65,), (233,))

# ---------------------------------------------------------------------------------------------------------------
# f-strings and formatting
case("format", "fixed, percent, alignment", """
def f(x, label):
    return f"{x:.3f}", f"{x:.1%}", f"{label:>5}|", f"{label:<6}|", f"{label:^9}|", f"{x:08.2f}"
""", (0.12345, "cat"), (12.5, "a"))
case("format", "signs, thousands, exponent, general", """
def f(x):
    return f"{x:+.2e}", f"{x:,.2f}", f"{x:_}", f"{x:g}", f"{x:.3g}", f"{x!r}", f"{int(x):,}"
""", (1234567.891,), (-0.000123,))
case("format", "ints and conversions", """
def f(n, s):
    return f"{n:05d}", f"{n:x}", f"{n:#b}", f"{s!r}", f"{n=}", f"{s:.2}", f"{n:>{4}}"
""", (42, "héllo"),)
case("format", "format() and str.format", """
def f(x):
    return format(x, ".2f"), "{:.1f} and {}".format(x, "y"), "{name}: {v:.0%}".format(name="p", v=x), "%.2f%%" % (x * 100)
""", (0.4567,))
case("format", "rounding of exact halves when formatting", """
def f(x):
    return f"{x:.2f}", f"{x:.1f}", f"{x:.0f}"
""", (2.675,), (0.125,), (0.5,), (1.5,), (1.45,))

# ---------------------------------------------------------------------------------------------------------------
# str methods
case("str", "case and whitespace", """
def f(s):
    return s.lower(), s.upper(), s.strip(), s.lstrip(), s.rstrip("! "), s.title(), s.capitalize(), s.swapcase()
""", ("  Hello WORLD!! ",), ("straße ÉTÉ",))
case("str", "split and join", """
def f(s):
    return s.split(), s.split(","), s.split(",", 1), s.rsplit(",", 1), "-".join(s.split()), s.splitlines()
""", ("a, b,c\nd e",), ("one",))
case("str", "replace, find, count, partition", """
def f(s):
    return s.replace("a", "o"), s.replace("a", "", 1), s.find("na"), s.rfind("na"), s.count("a"), s.partition("n"), s.rpartition("n")
""", ("banana",), ("xyz",))
case("str", "startswith, endswith, is* predicates", """
def f(s):
    return s.startswith("ab"), s.startswith(("x", "a")), s.endswith("9"), s.isdigit(), s.isalpha(), s.isalnum(), s.isspace(), s.isupper()
""", ("abc9",), ("123",), ("²",), ("  ",), ("ABC",))
case("str", "padding and slicing by code points", """
def f(s):
    return s.zfill(5), s.center(7, "*"), s.ljust(4, "."), s[::-1], s[1:3], s[-1], len(s)
""", ("ab",), ("😀é",))
case("str", "string multiplication, concatenation and comparison", """
def f(a, b):
    return a * 3, a + b, a < b, sorted([b, a]), (a + b)[1:-1], a in b
""", ("ab", "abc"),)

# ---------------------------------------------------------------------------------------------------------------
# dicts
case("dict", "get, setdefault, items, keys", """
def f(words):
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    first = {}
    for i, w in enumerate(words):
        first.setdefault(w, i)
    return counts, first, list(counts.keys()), list(counts.values()), sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
""", (["b", "a", "b", "c", "a", "b"],))
case("dict", "vocabulary lookup with unknown tokens", """
VOCAB = {"<pad>": 0, "<unk>": 1, "good": 2, "bad": 3}
def f(tokens):
    return [VOCAB.get(t, VOCAB["<unk>"]) for t in tokens], "good" in VOCAB, len(VOCAB)
""", (["good", "movie", "bad"],))
case("dict", "missing key raises KeyError", """
def f(k):
    return {"a": 1}[k]
""", ("a",), ("b",))
case("dict", "pop, update, int keys and order", """
def f(x):
    d = {2: "two", 1: "one", "k": x}
    d.update({1: "uno", 3: "tres"})
    v = d.pop(2)
    d[True] = "true"
    return d, v, d.pop("nope", None), list(d)
""", (0,))
case("dict", "dict of lists and nested access", """
def f(data):
    out = {k: [x * 2 for x in v] for k, v in data.items() if v}
    return out, data["a"][-1], {**data, "z": []}
""", ({"a": [1, 2], "b": [], "c": [3]},))

# ---------------------------------------------------------------------------------------------------------------
# math
case("math", "functions", """
import math
def f(x):
    return math.sqrt(x), math.log(x), math.log(x, 2), math.log10(x), math.exp(-x), math.floor(-x), math.ceil(x), math.log1p(x)
""", (2.5,), (100.0,))
case("math", "constants and predicates", """
import math
def f(x):
    return math.pi * x, math.isclose(x, 1.0000000001), math.isnan(x), math.isinf(x * math.inf), math.fsum([0.1] * 10), math.tanh(x)
""", (1.0,), (0.0,))
case("math", "domain error", """
import math
def f(x):
    return math.sqrt(x)
""", (-1.0,))
case("math", "trigonometry and hypot", """
import math
def f(x, y):
    return math.hypot(x, y), math.atan2(y, x), math.degrees(math.atan2(y, x)), math.cos(x), math.sin(y)
""", (3.0, 4.0))

# ---------------------------------------------------------------------------------------------------------------
# numpy: creation and dtypes
case("numpy-create", "array and asarray dtypes", """
import numpy as np
def f(v):
    return np.array(v), np.asarray(v, dtype=np.float32), np.array(v, dtype=np.int32), np.array(v, dtype=bool), np.array(v, dtype="float64")
""", ([1, 2, 3],), ([0.5, 1.5],))
case("numpy-create", "zeros ones full like", """
import numpy as np
def f(n):
    a = np.zeros((2, n), dtype=np.float32)
    return a, np.ones(n), np.full((n,), 7, dtype=np.int64), np.zeros_like(a), np.ones_like(a, dtype=np.int32), np.full_like(a, 0.5)
""", (3,))
case("numpy-create", "arange and linspace", """
import numpy as np
def f(n):
    return np.arange(n), np.arange(1, n, 2), np.arange(0, 1, 0.25), np.linspace(0, 1, n), np.linspace(-1, 1, n, endpoint=False, dtype=np.float32)
""", (5,))
case("numpy-create", "mixed-type lists promote", """
import numpy as np
def f(v):
    a = np.array(v)
    return a, a.dtype == np.float64
""", ([1, 2.5, True],))
case("numpy-create", "ragged lists raise", """
import numpy as np
def f(v):
    return np.array(v, dtype=np.float32)
""", ([[1, 2], [3]],))
case("numpy-create", "promotion of int arrays with Python floats", """
import numpy as np
def f(v):
    a = np.array(v, dtype=np.int64)
    return a * 1.5, a / 2, a // 2, a + True, (a * 2).dtype == np.int64
""", ([1, 2, 3],))

# numpy: elementwise
case("numpy-elementwise", "exp log log1p sqrt abs", """
import numpy as np
def f(v):
    a = np.asarray(v, dtype=np.float32)
    return np.exp(a), np.log(np.abs(a) + 1), np.log1p(np.abs(a)), np.sqrt(np.abs(a)), np.abs(a)
""", ([-2.0, 0.0, 0.5, 3.0],))
case("numpy-elementwise", "clip maximum minimum where", """
import numpy as np
def f(v, lo, hi):
    a = np.asarray(v)
    return np.clip(a, lo, hi), np.maximum(a, 0), np.minimum(a, 1.5), np.where(a > 0, a, 0), np.where(a > 1, 1.0, -1.0)
""", ([-3, 0.5, 2, 7], 0, 5))
case("numpy-elementwise", "round floor ceil sign", """
import numpy as np
def f(v):
    a = np.asarray(v, dtype=np.float32)
    return np.round(a, 2), np.floor(a), np.ceil(a), np.sign(a), np.trunc(a)
""", ([-1.555, 2.345, 0.005, -0.5],))
case("numpy-elementwise", "comparisons and logical operators", """
import numpy as np
def f(v):
    a = np.asarray(v)
    m = (a > 1) & (a < 4)
    return m, ~m, (a == 2) | (a == 5), np.logical_not(m), a[m], np.count_nonzero(m)
""", ([0, 1, 2, 3, 4, 5],))
case("numpy-elementwise", "sigmoid and tanh activations", """
import numpy as np
def f(v):
    x = np.asarray(v, dtype=np.float32)
    return 1.0 / (1.0 + np.exp(-x)), np.tanh(x), np.maximum(x, 0.0) + 0.01 * np.minimum(x, 0.0)
""", ([-3.0, -0.5, 0.0, 0.5, 3.0],))

# numpy: reductions
case("numpy-reduce", "sum mean std var with axis and keepdims", """
import numpy as np
def f(m):
    a = np.asarray(m, dtype=np.float64)
    return a.sum(), a.sum(axis=0), a.mean(axis=1), a.std(axis=0), a.var(axis=1, keepdims=True), np.mean(a, axis=(0, 1))
""", ([[1, 2, 3], [4, 5, 9]],))
case("numpy-reduce", "min max argmax argmin any all", """
import numpy as np
def f(m):
    a = np.asarray(m)
    return a.min(), a.max(axis=1), a.argmax(axis=0), np.argmin(a, axis=1), (a > 4).any(axis=1), (a > 0).all(), np.any(a < 0)
""", ([[3, 8, 1], [9, 2, 7]],))
case("numpy-reduce", "integer sums and means", """
import numpy as np
def f(v):
    a = np.array(v, dtype=np.int32)
    return a.sum(), a.mean(), a.sum().dtype == np.int64, np.sum(a, keepdims=True)
""", ([1, 2, 3, 4],))
case("numpy-reduce", "std with ddof and median", """
import numpy as np
def f(v):
    a = np.asarray(v, dtype=np.float64)
    return np.std(a, ddof=1), np.median(a), np.var(a), np.prod(a), np.cumsum(a)
""", ([2.0, 4.0, 4.0, 5.0, 9.0],))

# numpy: shapes
case("numpy-shape", "reshape with -1, transpose, flatten", """
import numpy as np
def f(v):
    a = np.asarray(v)
    b = a.reshape(2, -1)
    return b, b.T, b.transpose(), a.reshape(-1, 1).shape, b.flatten(), b.ravel(), a.reshape((3, 2))
""", ([1, 2, 3, 4, 5, 6],))
case("numpy-shape", "concatenate and stack", """
import numpy as np
def f(a, b):
    x = np.asarray(a)
    y = np.asarray(b)
    return np.concatenate([x, y]), np.stack([x, y]), np.stack([x, y], axis=1), np.concatenate([x[None], y[None]], axis=0), np.vstack([x, y]), np.hstack([x, y])
""", ([1, 2], [3, 4]))
case("numpy-shape", "np.c_ and np.r_ index joins", """
import numpy as np
def f(rows, ages):
    X = np.asarray(rows, dtype=np.float32)
    age = np.asarray(ages)
    a = np.c_[X, np.log1p(age), X[:, 0] / X[:, 1]]
    b = np.c_[np.ones(len(age)), age]
    c = np.r_[age, 7, age * 2]
    d = np.r_[X[0], 1.5]
    return a, str(a.dtype), b, c, str(c.dtype), d, str(d.dtype), np.c_[age], np.c_[[1, 2], [3.5, 4]]
""", ([[540.0, 162.0], [332.5, 228.0]], [28, 90]))
case("numpy-shape", "NCHW image reshape", """
import numpy as np
def f(pixels):
    x = np.asarray(pixels, dtype=np.float32) / 16.0
    return x.reshape(1, 1, 2, 3), x.reshape(1, 1, 2, 3).shape
""", ([[0, 8, 16], [4, 12, 2]],))
case("numpy-shape", "reshape to a wrong size raises", """
import numpy as np
def f(v):
    return np.asarray(v).reshape(1, 1, 8, 8)
""", ([1, 2, 3],))
case("numpy-shape", "shape, ndim, size, item, tolist", """
import numpy as np
def f(m):
    a = np.asarray(m, dtype=np.float32)
    return a.shape, a.ndim, a.size, a[0, 1].item(), a.tolist(), a[1].tolist(), np.float32(a[0][0]).item()
""", ([[1.5, 2.25], [3.0, 4.125]],))
case("numpy-shape", "pad and tile", """
import numpy as np
def f(v, n):
    a = np.asarray(v)
    return np.pad(a, (0, n - len(a))), np.pad(a, (1, 1), constant_values=-1), np.tile(a, 2), np.repeat(a, 2)
""", ([1, 2], 5))

# numpy: indexing
case("numpy-index", "basic slicing and negative indices", """
import numpy as np
def f(m):
    a = np.asarray(m)
    return a[0], a[-1], a[:, 1], a[1:, ::-1], a[-1, -1], a[..., 0], a[:, None, 0].shape
""", ([[1, 2, 3], [4, 5, 6], [7, 8, 9]],))
case("numpy-index", "fancy indexing with lists and masks", """
import numpy as np
def f(v, idx):
    a = np.asarray(v)
    return a[idx], a[[True, False] * (len(v) // 2)], a[a % 2 == 0], a[np.array(idx)]
""", ([10, 11, 12, 13], [3, 0, 0]))
case("numpy-index", "assignment through indices and masks", """
import numpy as np
def f(v):
    a = np.array(v, dtype=np.float32)
    a[0] = 9
    a[a < 0] = 0
    a[1:3] += 1.5
    b = a.copy()
    b[-1] = -1
    return a, b
""", ([-1.0, 2.0, -3.0, 4.0],))
case("numpy-index", "views share data", """
import numpy as np
def f(v):
    a = np.array(v)
    row = a[0]
    row[0] = 100
    return a, row
""", ([[1, 2], [3, 4]],))
case("numpy-index", "index out of range raises", """
import numpy as np
def f(v, i):
    return np.asarray(v)[i]
""", ([1, 2, 3], 5))
case("numpy-index", "mixed basic and advanced indexing", """
import numpy as np
def f(m):
    a = np.asarray(m)
    return a[[0, 2], 1], a[1, [0, 0, 2]], a[:, [2, 0]], a[[0, 1], [1, 2]]
""", ([[1, 2, 3], [4, 5, 6], [7, 8, 9]],))

# numpy: scalars and conversion back to Python
case("numpy-scalars", "numpy scalars in Python code", """
import numpy as np
def f(v):
    p = np.asarray(v, dtype=np.float32)
    best = int(np.argmax(p))
    conf = float(p[best])
    return best, conf, round(conf, 3), p[best] > 0.5, str(int(p.sum() * 10)), f"{p[best]:.2f}"
""", ([0.1, 0.7, 0.2],))
case("numpy-scalars", "labels indexed by numpy ints", """
import numpy as np
LABELS = ["setosa", "versicolor", "virginica"]
def f(scores):
    i = np.argmax(scores)
    return LABELS[i], LABELS[int(i)], [LABELS[j] for j in np.argsort(scores)[::-1]]
""", ([0.2, 0.5, 0.3],))
case("numpy-scalars", "tolist of float32 and int64", """
import numpy as np
def f(v):
    a = np.asarray(v, dtype=np.float32)
    return a.tolist(), (a * 3).astype(np.int64).tolist(), [float(x) for x in a], [round(float(x), 2) for x in a]
""", ([0.1, 0.25, 1.0 / 3],))

# ---------------------------------------------------------------------------------------------------------------
# torch conversions around arrays are identity on the inference path
case("torch", "tensor and numpy round trips", """
import numpy as np
import torch
def f(v):
    x = np.asarray(v, dtype=np.float32)
    t = torch.from_numpy(x)
    return t.detach().numpy() * 2, torch.tensor(x).numpy().sum()
""", ([1.0, 2.0],))

# ---------------------------------------------------------------------------------------------------------------
# end-to-end style pre- and postprocessing
case("pipelines", "iris-like postprocess", """
import numpy as np
LABELS = ["setosa", "versicolor", "virginica"]
def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
def f(logits):
    probs = softmax(np.asarray(logits, dtype=np.float32))[0]
    best = int(np.argmax(probs))
    return {"label": LABELS[best], "confidence": round(float(probs[best]), 4), "probs": {l: round(float(p), 3) for l, p in zip(LABELS, probs)}}
""", ([[7.37, -2.1, -10.4]],), ([[0.0, 0.0, 0.0]],))
case("pipelines", "digits-like top-3", """
import numpy as np
def f(logits):
    z = np.asarray(logits, dtype=np.float32)[0]
    p = np.exp(z - z.max())
    p = p / p.sum()
    top = np.argsort(p)[::-1][:3]
    return {"digit": int(top[0]), "top3": [{"digit": int(i), "probability": round(float(p[i]), 4)} for i in top]}
""", ([[0.1, 3.2, -1.0, 2.9, 0.0, 0.5, 1.0, -2.0, 0.3, 3.1]],))
case("pipelines", "text normalisation", """
import re
STOP = {"the", "a", "an"}
def normalise(text):
    text = text.lower().strip()
    text = re.sub(r"[^\\w\\s']", " ", text)
    return [w for w in text.split() if w not in STOP]
def f(text):
    words = normalise(text)
    return " ".join(words), len(words), words[:3]
""", ("The movie, an utter   DELIGHT! Isn't it?",), ("",))
case("pipelines", "bag of words vector", """
import numpy as np
VOCAB = {"good": 0, "bad": 1, "movie": 2}
def f(tokens):
    v = np.zeros(len(VOCAB), dtype=np.float32)
    for t in tokens:
        if t in VOCAB:
            v[VOCAB[t]] += 1
    n = np.linalg.norm(v)
    return v / n if n > 0 else v
""", (["good", "good", "movie", "plot"],), ([],))
case("pipelines", "thresholded multi-label output", """
import numpy as np
TAGS = ("sports", "politics", "tech")
THRESHOLD = 0.5
def f(logits):
    p = 1 / (1 + np.exp(-np.asarray(logits)))
    return [t for t, s in zip(TAGS, p) if s >= THRESHOLD], p.round(3).tolist()
""", ([2.0, -1.0, 0.1],))
case("pipelines", "bucketing numeric features", """
BOUNDS = [0, 18, 35, 65]
def bucket(age):
    for i, b in enumerate(BOUNDS):
        if age < b:
            return i
    return len(BOUNDS)
def f(rows):
    return [[bucket(r["age"]), 1.0 if r.get("member") else 0.0, min(r["spend"], 1000) / 1000] for r in rows]
""", ([{"age": 17, "spend": 50}, {"age": 70, "member": True, "spend": 2500}],))

# ---------------------------------------------------------------------------------------------------------------
# more float32 and numpy scalar subtleties
case("float32", "Python sum over a float32 array adds float32 scalars", """
import numpy as np
def f(v):
    a = np.asarray(v, dtype=np.float32)
    return sum(a), sum(a.tolist()), np.sum(a)
""", ([0.1, 0.2, 0.3, 1e7, -1e7],))
case("float32", "str and repr of numpy floats", """
import numpy as np
def f(x):
    a = np.float32(x)
    b = np.float64(x)
    return str(a), repr(float(a)), str(b), f"{a}", f"{a:.3f}", str(np.float32(1.0)), str(np.int64(7))
""", (0.1,), (1 / 3,), (123456.789,))
case("float32", "per-channel image normalisation (CHW)", """
import numpy as np
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32).reshape(3, 1, 1)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(3, 1, 1)
def f(hwc):
    x = np.asarray(hwc, dtype=np.float32) / 255.0
    x = x.transpose(2, 0, 1)
    return ((x - MEAN) / STD)[None, ...]
""", ([[[255, 0, 128], [12, 34, 56]], [[0, 0, 0], [255, 255, 255]]],))
case("float32", "mean with a float64 accumulator", """
import numpy as np
def f(v):
    a = np.asarray(v, dtype=np.float32)
    return np.mean(a, dtype=np.float64), a.mean(), np.float64(a.mean())
""", ([0.1] * 7,))

# ---------------------------------------------------------------------------------------------------------------
# more control flow and data structures
case("control", "nested unpacking in loops", """
def f(xs, ys):
    out = []
    for i, (a, b) in enumerate(zip(xs, ys)):
        out.append(i * a + b)
    for (k, v), n in zip({"a": 1, "b": 2}.items(), range(5)):
        out.append(k * (v + n))
    return out
""", ([1, 2, 3], [10, 20, 30]))
case("control", "closures capture variables, not values", """
def f(n):
    fs = [lambda x, i=i: x + i for i in range(n)]
    g = [lambda x: x + i for i in range(n)]
    return [h(10) for h in fs], [h(10) for h in g]
""", (3,))
case("control", "conditional expression chains and nested ifs", """
def grade(s):
    return "A" if s >= 90 else "B" if s >= 80 else "C" if s >= 70 else "F"
def f(scores):
    out = []
    for s in scores:
        if s is None:
            out.append("-")
        elif isinstance(s, str):
            out.append(s.upper())
        else:
            out.append(grade(s))
    return out
""", ([95, 85, None, "x", 10, 70],))
case("control", "list methods mutate in place", """
def f(xs):
    a = list(xs)
    a.append(9)
    a.extend([7, 8])
    a.insert(0, -1)
    last = a.pop()
    first = a.pop(0)
    a.remove(9)
    a.reverse()
    b = sorted(a)
    a.sort(reverse=True)
    return a, b, last, first, a.index(7), a.count(7), xs
""", ([3, 1, 2],))
case("control", "sets", """
def f(a, b):
    x = set(a)
    y = set(b)
    x.add(100)
    return sorted(x | y), sorted(x & y), sorted(x - y), sorted(x ^ y), 2 in x, len(x), {v % 3 for v in a} == {0, 1, 2}
""", ([1, 2, 3, 4], [3, 4, 5]))
case("control", "tuple keys and dict of tuples", """
def f(pairs):
    d = {(a, b): a * b for a, b in pairs}
    return d[(2, 3)], (1, 1) in d, sorted(d), max(d, key=d.get)
""", ([(1, 1), (2, 3), (4, 1)],))
case("control", "exceptions raised by Python operations", """
def f(kind):
    if kind == "index":
        return [1, 2][5]
    if kind == "type":
        return "a" + 1
    if kind == "attr":
        return (1).nope
    if kind == "value":
        return int("abc")
    if kind == "zero":
        return 1 / 0
    return "ok"
""", ("index",), ("type",), ("attr",), ("value",), ("zero",), ("none",))
case("control", "negative indices and slices with steps", """
def f(xs, s):
    return xs[-1], xs[-2:], xs[::2], xs[::-2], xs[1:-1], xs[5:1:-1], s[-3:], s[::-1], s[100:], "".join(reversed(s))
""", ([0, 1, 2, 3, 4, 5, 6], "abcdef"))
case("control", "while with a compound condition", """
def f(xs, limit):
    i = 0
    total = 0
    while i < len(xs) and total + xs[i] <= limit:
        total += xs[i]
        i += 1
    return i, total
""", ([3, 4, 5, 6], 10), ([], 1))
case("control", "nested functions using outer names", """
def f(words, suffix):
    def decorate(w):
        return prefix + w + suffix
    prefix = ">"
    return [decorate(w) for w in words]
""", (["a", "b"], "!"))

# ---------------------------------------------------------------------------------------------------------------
# more builtins, formatting and strings
case("builtins", "int with bases and round returning int", """
def f(s):
    return int(s, 16), int("101", 2), int("0o17", 0), round(2.5), str(round(2.5)), round(7, -1), round(15, -1)
""", ("1A",), ("ff",))
case("builtins", "printf-style formatting", """
def f(n, x):
    return "%d items" % n, "%s and %r" % ("a", "b"), "%5.2f|%-6s|%03d" % (x, "ab", n), "%x %o %e" % (n, n, x)
""", (42, 3.14159),)
case("builtins", "max and min with keys over dicts", """
def f(scores):
    best = max(scores, key=scores.get)
    worst = min(scores.items(), key=lambda kv: kv[1])
    return best, worst, sorted(scores, key=lambda k: (-scores[k], k)), max(scores.values()) - min(scores.values())
""", ({"a": 3, "b": 7, "c": 7, "d": 1},))
case("builtins", "any/all with generator expressions over strings", """
def f(s):
    return any(c.isdigit() for c in s), all(c.isalpha() for c in s), sum(1 for c in s if c.isupper()), [c for c in s if c in "aeiou"]
""", ("Hello World 2",), ("abc",))
case("str", "str.format with nested fields and alignment", """
def f(label, p, w):
    return "{:>{w}}: {:.{prec}%}".format(label, p, w=w, prec=1), "{0}-{0}-{1}".format(label, p), "{:*^9}".format(label)
""", ("cat", 0.4567, 6),)
case("str", "f-strings with expressions inside", """
def f(d, xs):
    return f"{d['a'] + 1}", f"{len(xs)} items: {', '.join(str(x) for x in xs)}", f"{xs[-1]:>4}", f"{'yes' if d else 'no'}"
""", ({"a": 41}, [1, 2, 3]))
case("str", "translate-style replacements and character tests", """
PUNCT = "!?.,;:"
def f(s):
    clean = "".join(ch for ch in s if ch not in PUNCT)
    return clean, clean.split(), s.count("!"), s.index("?") if "?" in s else -1, s.lower().replace("  ", " ")
""", ("Wow!! Really?  Yes.",))
case("str", "unicode case mapping", """
def f(s):
    return s.upper(), s.lower(), s.casefold(), s.title(), len(s), s[::-1]
""", ("ǅemo ß İstanbul ﬁne",))

# ---------------------------------------------------------------------------------------------------------------
# more numpy
case("numpy-reduce", "argsort of negatives, cumsum, diff", """
import numpy as np
def f(v):
    a = np.asarray(v)
    return np.argsort(-a, kind="stable"), np.cumsum(a), np.diff(a), np.diff(a, n=2)
""", ([3, 1, 4, 1, 5, 9, 2],))
case("numpy-reduce", "where with one argument and unique", """
import numpy as np
def f(v):
    a = np.asarray(v)
    idx = np.where(a > 2)
    return idx, idx[0].tolist(), np.unique(a), np.nonzero(a)[0]
""", ([3, 0, 5, 3, 1, 0],))
case("numpy-shape", "concatenate and stack along other axes", """
import numpy as np
def f(a, b):
    x = np.asarray(a)
    y = np.asarray(b)
    return np.concatenate([x, y], axis=1), np.stack([x, y], axis=-1).shape, np.concatenate([x.ravel(), y.ravel()])
""", ([[1, 2], [3, 4]], [[5], [6]]))
case("numpy-create", "astype conversions", """
import numpy as np
def f(v):
    a = np.asarray(v, dtype=np.float64)
    return a.astype(bool), a.astype(np.int32), (a > 0).astype(np.float32), a.astype(np.uint8), np.asarray(a, dtype=np.int64)
""", ([0.0, -1.7, 2.9, 255.5, 256.0],))
case("numpy-elementwise", "integer arrays and true division", """
import numpy as np
def f(v):
    a = np.asarray(v)
    return a / 2, a / a.max(), (a * 1.0).dtype == np.float64, a ** 2, np.sqrt(a), -a
""", ([1, 2, 4],))
case("numpy-index", "boolean masks built from comparisons of two arrays", """
import numpy as np
def f(x, y):
    a = np.asarray(x)
    b = np.asarray(y)
    m = a > b
    return a[m], b[~m], np.where(m, a, b), m.sum(), m.mean()
""", ([1, 5, 3, 7], [2, 4, 3, 1]))
case("numpy-index", "setitem with broadcasting and fancy indices", """
import numpy as np
def f(n):
    a = np.zeros((n, 3), dtype=np.float32)
    a[:, 0] = 1
    a[[0, 2], 1] = [5, 6]
    a[1] = np.arange(3)
    a[a > 4] *= -1
    return a
""", (3,))
case("numpy-shape", "one-hot encoding", """
import numpy as np
def f(labels, n):
    out = np.zeros((len(labels), n), dtype=np.float32)
    out[np.arange(len(labels)), labels] = 1.0
    return out, np.eye(n, dtype=np.int64)[labels]
""", ([2, 0, 1, 2], 3))
case("numpy-reduce", "norms and dot products", """
import numpy as np
def f(a, b):
    x = np.asarray(a, dtype=np.float64)
    y = np.asarray(b, dtype=np.float64)
    return np.dot(x, y), x @ y, np.linalg.norm(x), float(np.dot(x, y) / (np.linalg.norm(x) * np.linalg.norm(y)))
""", ([1, 2, 3], [4, 5, 6]))

# ---------------------------------------------------------------------------------------------------------------
# more end-to-end styles
case("pipelines", "tokenizer returning ids and an attention mask", """
import re
import numpy as np
VOCAB = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "hello": 4, "world": 5}
MAX_LEN = 8
def f(text):
    tokens = ["[CLS]"] + re.findall(r"\\w+", text.lower())[: MAX_LEN - 2] + ["[SEP]"]
    ids = [VOCAB.get(t, VOCAB["[UNK]"]) for t in tokens]
    mask = [1] * len(ids)
    pad = MAX_LEN - len(ids)
    return np.array([ids + [0] * pad], dtype=np.int64), np.array([mask + [0] * pad], dtype=np.int64)
""", ("Hello, world! Hello again",), ("",))
case("pipelines", "feature dict to a vector with defaults", """
import numpy as np
FEATURES = ["age", "income", "score"]
DEFAULTS = {"age": 30.0, "income": 50000.0, "score": 0.5}
SCALE = {"age": 100.0, "income": 1e5, "score": 1.0}
def f(record):
    row = [float(record.get(k, DEFAULTS[k])) / SCALE[k] for k in FEATURES]
    return np.array([row], dtype=np.float32)
""", ({"age": 42, "score": 0.9},), ({},))
case("pipelines", "regression output with clipping and rounding", """
import numpy as np
def f(pred):
    y = float(np.asarray(pred).reshape(-1)[0])
    y = min(max(y, 0.0), 100.0)
    return {"value": round(y, 2), "bucket": int(y // 10), "label": f"{y:.1f} units"}
""", ([[42.456]],), ([[-3.0]],), ([[1e9]],))
case("pipelines", "multi-output model: class and box", """
import numpy as np
CLASSES = ["cat", "dog"]
def f(outputs):
    logits, boxes = outputs
    i = int(np.argmax(logits[0]))
    x0, y0, x1, y1 = [round(float(v), 1) for v in boxes[0]]
    return {"class": CLASSES[i], "box": [x0, y0, x1, y1], "area": round((x1 - x0) * (y1 - y0), 1)}
""", ([[[0.2, 0.9]], [[10.04, 20.06, 30.0, 44.44]]],))
case("control", "a list default is created once and shared", """
def collect(x, acc=[]):
    acc.append(x)
    return len(acc)
def f(a, b):
    return collect(a), collect(b), collect(a, [])
""", (1, 2))
