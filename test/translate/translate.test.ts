import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { refusalsOf, translatePython } from "../helpers/translated.ts";

const json = (v: unknown) => JSON.parse(JSON.stringify(v));

describe("translate", () => {
  it("runs the examples' kind of preprocessing with numpy's float32 numbers", async () => {
    const { fns } = await translatePython(
      [
        "import numpy as np",
        "MEAN = np.array([5.8, 3.0], dtype=np.float32)",
        "STD = np.array([0.8, 0.4], dtype=np.float32)",
        "def preprocess(features):",
        "    x = np.asarray(features, dtype=np.float32)",
        "    x = (x - MEAN) / STD",
        "    return x.reshape(1, -1)",
      ].join("\n"),
    );
    const out = fns.preprocess!([5.1, 3.5]) as { dtype: string; shape: number[] };
    expect(out.dtype).toBe("float32");
    expect(out.shape).toEqual([1, 2]);
    // numpy: ((np.float32(5.1) - np.float32(5.8)) / np.float32(0.8)) computed in float32
    const f = Math.fround;
    expect(json(out)).toEqual([[f(f(f(5.1) - f(5.8)) / f(0.8)), f(f(f(3.5) - f(3.0)) / f(0.4))]]);
  });

  it("runs tokenizing, dict lookups with defaults, slicing and padding", async () => {
    const { fns } = await translatePython(
      [
        "import re",
        "import numpy as np",
        'VOCAB = {"<pad>": 0, "<unk>": 1, "good": 2, "movie": 3}',
        "MAX_LEN = 5",
        "def tokenize(text):",
        "    return re.findall(r\"[a-z0-9']+\", text.lower())",
        "def preprocess(text):",
        "    ids = [VOCAB.get(tok, 1) for tok in tokenize(text)][:MAX_LEN]",
        "    ids = ids + [0] * (MAX_LEN - len(ids))",
        "    return np.array([ids], dtype=np.int64)",
      ].join("\n"),
      ["preprocess"],
    );
    expect(json(fns.preprocess!("A GOOD movie, isn't it?"))).toEqual([[1, 2, 3, 1, 1]]);
    expect(json(fns.preprocess!(""))).toEqual([[0, 0, 0, 0, 0]]);
  });

  it("returns dicts, rounds like Python and keeps control flow", async () => {
    const { fns } = await translatePython(
      [
        "import numpy as np",
        "LABELS = ['neg', 'pos']",
        "def softmax(z):",
        "    e = np.exp(z - z.max(axis=-1, keepdims=True))",
        "    return e / e.sum(axis=-1, keepdims=True)",
        "def postprocess(logits, threshold=0.5):",
        "    p = softmax(np.asarray(logits))[0]",
        "    best = int(np.argmax(p))",
        "    if p[best] < threshold:",
        "        return {'label': None, 'confidence': round(float(p[best]), 2)}",
        "    for i, label in enumerate(LABELS):",
        "        if i == best:",
        "            break",
        "    else:",
        "        label = '?'",
        "    return {'label': label, 'confidence': round(float(p[best]), 4), 'rank': sorted(range(2), key=lambda i: -p[i])}",
      ].join("\n"),
      ["postprocess"],
    );
    expect(json(fns.postprocess!([[0.5, 2.0]]))).toEqual({ label: "pos", confidence: 0.8176, rank: [1, 0] });
    expect(json(fns.postprocess!([[0.5, 2.0]], 0.9))).toEqual({ label: null, confidence: 0.82 });
  });

  it("unpacks zip's and enumerate's items in loops and comprehensions without making tuples, and keeps them where they are seen", async () => {
    const { module, fns } = await translatePython(
      [
        "CLASSES = ['cat', 'dog', 'eel']",
        "def scores(probs):",
        "    return {c: round(p, 2) for c, p in zip(CLASSES, probs)}",
        "def ranked(probs):",
        "    out = []",
        "    for i, (c, p) in enumerate(zip(CLASSES, probs), start=1):",
        "        out.append([i, c, p])",
        "    return out",
        "def pairs(probs):",
        "    return [pair for pair in zip(CLASSES, probs)], [t for t in enumerate(probs)]",
        "def first_rest(rows):",
        "    return [(a, rest) for a, *rest in zip(rows, rows, rows)]",
      ].join("\n"),
    );
    // a target that unpacks each item takes plain arrays; an item seen as a value (or a starred target) stays a tuple
    expect(module.text).toContain("py.zipItems(CLASSES, probs)");
    expect(module.text).toContain("py.enumeratePairs(py.zip(CLASSES, probs), py.kw({");
    expect(module.text).toMatch(/for \(const item\w* of py\.iter\(py\.zip\(CLASSES, probs\)\)\)/);
    expect(module.text).toMatch(/py\.iter\(py\.enumerate\(probs\)\)/);
    expect(module.text).toMatch(/py\.iter\(py\.zip\(rows, rows, rows\)\)/);
    expect(json(fns.scores!([0.123, 0.456, 0.789]))).toEqual({ cat: 0.12, dog: 0.46, eel: 0.79 });
    expect(json(fns.ranked!([0.5, 0.25, 0.25]))).toEqual([[1, "cat", 0.5], [2, "dog", 0.25], [3, "eel", 0.25]]);
    expect(json(fns.pairs!([0.5, 0.25]))).toEqual([[["cat", 0.5], ["dog", 0.25]], [[0, 0.5], [1, 0.25]]]);
    expect(json(fns.first_rest!([1, 2]))).toEqual([[1, [1, 1]], [2, [2, 2]]]);
  });

  it("unpacks d.items()'s items in loops and comprehensions without making tuples, and keeps them where they are seen", async () => {
    const { module, fns } = await translatePython(
      [
        "def scores(probs):",
        "    return {k: round(v, 3) for k, v in probs.items()}",
        "def lines(ranges):",
        "    out = []",
        "    for label, (lo, hi) in ranges.items():",
        "        out.append(f'{label}: {lo:.1f}-{hi:.1f}')",
        "    return out",
        "def seen(d):",
        "    return [kv for kv in d.items()], [(k, rest) for k, *rest in d.items()]",
        "def triples(d):",
        "    return [a for a, b, c in d.items()]",
      ].join("\n"),
    );
    // a target of two that unpacks each item takes plain arrays; an item seen as a value, a starred target or a target
    // of three still gets dict.items()'s tuples, through the method call
    expect(module.text).toContain("py.iter(py.itemPairs(probs))");
    expect(module.text).toContain("py.iter(py.itemPairs(ranges))");
    expect(module.text.match(/py\.iter\(py\.callMethod\(d, "items", \[\]\)\)/g)).toHaveLength(3);
    // CPython's answers
    expect(json(fns.scores!({ cat: 0.12345, dog: 0.87655 }))).toEqual({ cat: 0.123, dog: 0.877 });
    expect(fns.lines!({ a: [0.25, 0.75], b: [1, 2] })).toEqual(["a: 0.2-0.8", "b: 1.0-2.0"]);
    expect(json(fns.seen!({ a: 1 }))).toEqual([[["a", 1]], [["a", [1]]]]);
    // the errors are the method call's and the unpacking's (CPython's)
    expect(() => fns.scores!([0.5])).toThrow("AttributeError: 'list' object has no attribute 'items'");
    expect(() => fns.lines!({ a: [1, 2, 3] })).toThrow("ValueError: too many values to unpack (expected 2)");
    expect(() => fns.triples!({ a: 1 })).toThrow("ValueError: not enough values to unpack (expected 3, got 2)");
  });

  it("calls str.maketrans and dict.fromkeys on the builtin types, with CPython's tables and errors", async () => {
    const { fns } = await translatePython(
      [
        "def strip(text):",
        "    return text.lower().translate(str.maketrans('', '', '!?.,'))",
        "def swap(text, a, b):",
        "    return text.translate(str.maketrans(a, b))",
        "def mapped(text, table):",
        "    return text.translate(str.maketrans(table))",
        "def table(a, b, c):",
        "    return str.maketrans(a, b, c)",
        "def zeros(keys):",
        "    return dict.fromkeys(keys, 0)",
      ].join("\n"),
    );
    expect(fns.strip!("Hello, World!")).toBe("hello world");
    expect(fns.swap!("abc", "ab", "xy")).toBe("xyc");
    expect(fns.mapped!("abc", json({ a: "1", b: null }))).toBe("1c");
    expect(json(fns.table!("ab", "xy", "a"))).toEqual({ 97: null, 98: 121 });
    expect(json(fns.zeros!(["a", "b"]))).toEqual({ a: 0, b: 0 });
    // CPython's messages
    expect(() => fns.swap!("abc", "ab", "x")).toThrow("ValueError: the first two maketrans arguments must have equal length");
    expect(() => fns.mapped!("abc", "ab")).toThrow("TypeError: if you give only one argument to maketrans it must be a dict");
    expect(() => fns.table!("a", "b", null)).toThrow("TypeError: maketrans() argument 3 must be str, not None");
    expect(() => fns.table!(1, "a", "")).toThrow("TypeError: first maketrans argument must be a string if there is a second argument");
    // calls CPython refuses whatever the values (keywords, four arguments) are refused at translation
    const refused = await refusalsOf("def f(t):\n    return str.maketrans(t, t, t, t)\n\ndef g(t):\n    return dict.fromkeys(t, value=0)\n");
    expect(refused.map((d) => [d.code, d.message.replace(/^.*: /, "")])).toEqual([
      ["TRANSLATE_UNSUPPORTED", "str.maketrans takes 1 to 3 arguments"],
      ["TRANSLATE_UNSUPPORTED", "dict.fromkeys() takes no keyword arguments"],
    ]);
  });

  it("reads the string module's constants with CPython's values, imported as a module or by name", async () => {
    const { fns } = await translatePython(
      [
        "import string",
        "from string import punctuation, digits as DIGITS",
        "KEEP = set(string.ascii_lowercase + ' ')",
        "TABLE = str.maketrans('', '', punctuation + DIGITS)",
        "def clean(text):",
        "    return text.lower().translate(str.maketrans('', '', string.punctuation))",
        "def bare(text):",
        "    return ''.join(c for c in text if c not in punctuation and c not in DIGITS)",
        "def tabled(text):",
        "    return text.translate(TABLE)",
        "def kept(text):",
        "    return ''.join(c for c in text.lower() if c in KEEP)",
        "def constants():",
        "    return [string.ascii_letters, string.ascii_lowercase, string.ascii_uppercase, string.digits, string.hexdigits,",
        "            string.octdigits, string.punctuation, string.whitespace, string.printable]",
      ].join("\n"),
    );
    expect(fns.clean!("Hello, World! (2024)")).toBe("hello world 2024");
    expect(fns.bare!("a-1 b.2")).toBe("a b");
    expect(fns.kept!("Hi, 5 you!")).toBe("hi  you");
    expect(fns.tabled!("a-1 b.2")).toBe("a b");
    // python3 -c 'import string; print([getattr(string, k) for k in (...)])'
    expect(fns.constants!()).toEqual([
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
      "abcdefghijklmnopqrstuvwxyz",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
      "0123456789",
      "0123456789abcdefABCDEF",
      "01234567",
      "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
      " \t\n\r\u000b\f",
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\u000b\f",
    ]);
  });

  it("compiles a pattern given its flags by keyword (the emoji pattern of tweet cleaning)", async () => {
    const { fns } = await translatePython(
      [
        "import re",
        'EMOJI = re.compile("["',
        '    u"\\U0001F600-\\U0001F64F"  # emoticons',
        '    u"\\U00002702-\\U000027B0"',
        '    "]+", flags=re.UNICODE)',
        "WORD = re.compile(pattern=r'^hello$', flags=re.I | re.M)",
        "def clean(text):",
        "    return EMOJI.sub(r'', text)",
        "def words(text):",
        "    return WORD.findall(text)",
      ].join("\n"),
    );
    // python3 -c 'import re; ...' (the same patterns)
    expect(fns.clean!("late again 😡😡 ✈ ok")).toBe("late again   ok");
    expect(fns.words!("Hello\nhello there\nHELLO")).toEqual(["Hello", "HELLO"]);
  });

  it("encodes and decodes text with utf-8, ascii and latin-1 and the strict, ignore and replace handlers", async () => {
    const { fns } = await translatePython(
      [
        "def to_ascii(text):",
        "    return text.encode('ascii', 'ignore').decode('utf-8')",
        "def round_trip(text, encoding, errors):",
        "    return text.encode(encoding, errors).decode(encoding)",
        "def utf8_bytes(text):",
        "    return list(text.encode())",
        "def decoded(text, errors):",
        "    return text.encode('latin-1').decode('utf-8', errors=errors)",
        "def strict_ascii(text):",
        "    return text.encode(encoding='ascii')",
      ].join("\n"),
    );
    // python3 -c '...' (the same calls)
    expect(fns.to_ascii!("héllo wörld ✈")).toBe("hllo wrld ");
    expect(fns.round_trip!("héllo", "ascii", "replace")).toBe("h?llo");
    expect(fns.round_trip!("é😡", "UTF_8", "strict")).toBe("é😡");
    expect(fns.round_trip!("héllo", "latin-1", "strict")).toBe("héllo");
    expect(fns.utf8_bytes!("é😡")).toEqual([195, 169, 240, 159, 152, 161]);
    // "a\xe9b" as bytes: 0xe9 starts a sequence 'b' does not continue; "\xed\xa0\x80" is a surrogate's form
    expect(fns.decoded!("a\xe9b", "replace")).toBe("a\ufffdb");
    expect(fns.decoded!("a\xe9b", "ignore")).toBe("ab");
    expect(fns.decoded!("\xed\xa0\x80x", "replace")).toBe("\ufffd\ufffd\ufffdx");
    expect(() => fns.decoded!("ab\xe2\x82", "strict")).toThrow("UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 2-3: unexpected end of data");
    expect(() => fns.strict_ascii!("héllo")).toThrow("UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9' in position 1: ordinal not in range(128)");
  });

  it("translates unicodedata's normalize, category and combining (accent stripping) with CPython's answers", async () => {
    const { fns } = await translatePython(
      [
        "import unicodedata",
        "from unicodedata import normalize, combining",
        "def strip(s):",
        "    return ''.join(c for c in unicodedata.normalize('NFD', s) if unicodedata.category(c) != 'Mn')",
        "def strip2(s):",
        "    return ''.join(c for c in normalize('NFKD', s) if not combining(c))",
        "def categories(s):",
        "    return [unicodedata.category(c) for c in s]",
        "def classes(s):",
        "    return [unicodedata.combining(c) for c in s]",
        "def nfc(s):",
        "    return unicodedata.normalize('NFC', s)",
        "def bad_form(s):",
        "    return unicodedata.normalize('NFX', s)",
        "def bad_char(s):",
        "    return unicodedata.category(s)",
      ].join("\n"),
    );
    // python3.11 -c 'import unicodedata as u; ...' (the same functions)
    expect(fns.strip!("Ślusàrski Crème brûlée")).toBe("Slusarski Creme brulee");
    expect(fns.strip2!("Ångström ﬁ ①")).toBe("Angstrom fi 1");
    expect(fns.categories!("aA1 _-(€\u0301\u2028\x00\u{e0001}\u{10ffff}")).toEqual(["Ll", "Lu", "Nd", "Zs", "Pc", "Pd", "Ps", "Sc", "Mn", "Zl", "Cc", "Cf", "Cn"]);
    expect(fns.classes!("a\u0301\u0327\u05b0\u3099")).toEqual([0, 230, 202, 10, 8]);
    expect(fns.nfc!("e\u0301")).toBe("é");
    expect(() => fns.bad_form!("a")).toThrow("ValueError: invalid normalization form");
    expect(() => fns.bad_char!("ab")).toThrow("TypeError: category() argument must be a unicode character, not str");
  });

  it("refuses eval, I/O, classes and generators with line, column and a fix, emitting nothing", async () => {
    const r = await refusalsOf("def f(x):\n    return eval(x)\n\ndef g(p):\n    with open(p) as fh:\n        return fh.read()\n\ndef h(n):\n    yield n\n");
    expect(r.map((d) => [d.code, d.line, d.column])).toEqual([
      ["TRANSLATE_UNSUPPORTED", 2, 12],
      ["TRANSLATE_UNSUPPORTED", 5, 10],
      ["TRANSLATE_UNSUPPORTED", 9, 5],
    ]);
    expect(r.every((d) => d.suggestion && d.suggestion.length > 5)).toBe(true);
  });

  it("refuses a category column made from a request's values at its line, with the saved categories as the fix", async () => {
    const r = await refusalsOf('import pandas as pd\n\ndef f(df):\n    df["city"] = df["city"].astype("category").cat.codes\n    return df\n');
    expect(r.map((d) => [d.code, d.line, d.column])).toEqual([["TRANSLATE_UNSUPPORTED", 4, 18]]);
    expect(r[0]!.message).toContain("every value would get code 0");
    expect(r[0]!.suggestion).toContain("pd.Categorical(x, categories=CATS).codes");
  });
});

describe("constants", () => {
  it("embeds large arrays compactly and rebuilds them exactly", async () => {
    const { module, fns } = await translatePython(
      ["import numpy as np", "W = np.array([[i * 0.37 - 5 for i in range(40)] for j in range(10)], dtype=np.float32)", "def f(i, j):", "    return float(W[i, j]), W.shape, W.dtype == np.float32"].join("\n"),
    );
    expect(module.text).toContain("glue.arrayFromBase64(");
    const f = Math.fround;
    expect(json(fns.f!(3, 7))).toEqual([f(7 * 0.37 - 5), [10, 40], true]);
  });

  it("reads torch's dtype names as torch means them (torch.float is float32, torch.long int64)", async () => {
    const { fns } = await translatePython(
      ["import torch", "def f(v):", "    a = torch.tensor(v, dtype=torch.float)", "    b = torch.tensor(v, dtype=torch.long)", "    c = torch.tensor(v, dtype=torch.double)", "    return a, b, c"].join("\n"),
    );
    const [a, b, c] = fns.f!([1, 2]) as { dtype: string }[];
    expect([a!.dtype, b!.dtype, c!.dtype]).toEqual(["float32", "int64", "float64"]);
  });
});

describe("torchvision transforms kept in a dict (the transfer-learning tutorial's data_transforms)", () => {
  const source = [
    "import numpy as np",
    "import torch",
    "import torchvision.transforms as T",
    "data_transforms = {",
    '    "train": T.Compose([T.RandomResizedCrop(4), T.RandomHorizontalFlip(), T.ToTensor()]),',
    '    "val": T.Compose([T.ToTensor()]),',
    "}",
    "def preprocess(a):",
    '    x = data_transforms["val"](np.asarray(a, dtype=np.uint8))',
    '    return x.div(2).to("cpu").unsqueeze(0)',
    // (a key known only when it runs: a literal "train" is refused when converting, test/analyze/analyze.test.ts)
    "def augment(a, phase):",
    "    return data_transforms[phase](np.asarray(a, dtype=np.uint8))",
  ].join("\n");

  it("calls the transform picked by key, and treats torch-only methods of its result as tensor methods", async () => {
    const { fns } = await translatePython(source, ["preprocess", "augment"]);
    const out = fns.preprocess!([[[0], [255]]]) as { dtype: string; shape: number[] };
    expect(out.dtype).toBe("float32");
    expect(out.shape).toEqual([1, 1, 1, 2]);
    expect(json(out)).toEqual([[[[0, 0.5]]]]);
  });

  it("builds the random training transforms but refuses to apply one", async () => {
    const { fns } = await translatePython(source, ["preprocess", "augment"]);
    expect(json(fns.augment!([[[0], [255]]], "val"))).toEqual([[[0, 1]]]);
    expect(() => fns.augment!([[[0], [255]]], "train")).toThrow(/NotImplementedError: RandomResizedCrop is a random transform: it belongs to training/);
  });
});

it("serves an ImageFolder's class names read from its folders (train_data.classes[i])", async () => {
  const { fns } = await translatePython(
    ["from torchvision import datasets", 'train_data = datasets.ImageFolder("data/train")', "def postprocess(i):", "    return train_data.classes[i], train_data.class_to_idx['dog']"].join("\n"),
    ["postprocess"],
    (dir) => {
      for (const c of ["dog", "cat"]) mkdirSync(path.join(dir, "data", "train", c), { recursive: true });
    },
  );
  expect(json(fns.postprocess!(0))).toEqual(["cat", 1]);
});

it("makes torch's legacy typed tensors (torch.LongTensor(indexed).unsqueeze(1)) with their dtypes, whatever the data", async () => {
  const { fns } = await translatePython(
    [
      "import torch",
      "def ids(indexed):",
      "    return torch.LongTensor(indexed).unsqueeze(1)",
      "def typed(a):",
      "    return [torch.FloatTensor(a), torch.DoubleTensor(a), torch.IntTensor(a), torch.BoolTensor(a)]",
      "def sized(n):",
      "    return torch.FloatTensor(n)",
    ].join("\n"),
    ["ids", "typed", "sized"],
  );
  const out = fns.ids!([4, 1, 7]) as { dtype: string; shape: number[] };
  expect([out.dtype, out.shape, json(out)]).toEqual(["int64", [3, 1], [[4], [1], [7]]]);
  // python3 -c 'import torch; a = [0, 2]; print([(t.dtype, t.tolist()) for t in (torch.FloatTensor(a), ...)])'
  const typed = fns.typed!([0, 2]) as { dtype: string }[];
  expect(typed.map((t) => [t.dtype, json(t)])).toEqual([
    ["float32", [0, 2]],
    ["float64", [0, 2]],
    ["int32", [0, 2]],
    ["bool", [false, true]],
  ]);
  expect(() => fns.sized!(3)).toThrow("torch.FloatTensor(size) makes an uninitialised tensor");
});

it("takes torch.autograd.Variable(t) for the tensor itself, as torch has since 0.4", async () => {
  const { fns } = await translatePython(
    ["import torch", "from torch.autograd import Variable", "def preprocess(a):", "    return Variable(torch.tensor(a), requires_grad=False).unsqueeze(0)"].join("\n"),
    ["preprocess"],
  );
  const out = fns.preprocess!([1.5, 2]) as { dtype: string; shape: number[] };
  expect([out.dtype, out.shape, json(out)]).toEqual(["float32", [1, 2], [[1.5, 2]]]);
});
