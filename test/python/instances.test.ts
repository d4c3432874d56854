// flattenInstances: a notebook class made once, rewritten as the module-level code it amounts to, every line kept.
import { describe, expect, it } from "vitest";
import { flattenInstances } from "../../src/python/instances.ts";
import { getParser } from "../../src/python/parse.ts";

async function flatten(...cells: string[]) {
  const parser = await getParser();
  const out = flattenInstances(cells.map((source, index) => ({ index, source })), parser);
  return { ...out, cells: cells.map((c, i) => out.sources.get(i) ?? c) };
}

const PREDICTOR = `class Predictor:
    """Wraps the session."""

    LABELS = ["a", "b"]

    def __init__(self, model_path, stats_path, scale=2.0):
        self.session = ort.InferenceSession(model_path)
        with open(stats_path) as f:
            stats = json.load(f)
        self.mean = np.array(stats["mean"]) * scale

    def preprocess(self, x):
        return (np.asarray(x) - self.mean)[None, :]

    def predict(self, x):
        out = self.session.run(None, {"x": self.preprocess(x)})[0]
        return self.LABELS[int(out.argmax())]`;

describe("flattening a notebook class made once", () => {
  it("runs __init__ at the class's place with its arguments, and makes methods functions of the instance's attributes", async () => {
    const { cells, flattened } = await flatten("import json\nimport numpy as np\nimport onnxruntime as ort", PREDICTOR, 'p = Predictor("m.onnx", "stats.json")\np.predict([1.0, 2.0])');
    expect(cells[1]!.split("\n")).toEqual([
      "",
      "",
      "",
      'p_LABELS = ["a", "b"]',
      "",
      'p_init_model_path = "m.onnx"; p_init_stats_path = "stats.json"; p_init_scale = 2.0',
      "p_session = ort.InferenceSession(p_init_model_path)",
      "with open(p_init_stats_path) as p_init_f:",
      "    p_init_stats = json.load(p_init_f)",
      'p_mean = np.array(p_init_stats["mean"]) * p_init_scale',
      "",
      "def p_preprocess(x):",
      "    return (np.asarray(x) - p_mean)[None, :]",
      "",
      "def p_predict(x):",
      '    out = p_session.run(None, {"x": p_preprocess(x)})[0]',
      "    return p_LABELS[int(out.argmax())]",
    ]);
    // the instance's creation is gone; its calls call the functions, on the same lines
    expect(cells[2]).toBe("\np_predict([1.0, 2.0])");
    expect(flattened).toMatchObject([{ cls: "Predictor", instance: "p", cell: 2, line: 1, functions: ["p_preprocess", "p_predict"] }]);
  });

  it("calls __call__ for the instance called, and binds keyword arguments", async () => {
    const { cells } = await flatten("class Scaler:\n    def __init__(self, k=1):\n        self.k = k\n\n    def __call__(self, x):\n        return x * self.k", "s = Scaler(k=3)\nprint(s(2))");
    expect(cells[0]).toBe("\ns_init_k = 3\ns_k = s_init_k\n\ndef s_call(x):\n    return x * s_k");
    expect(cells[1]).toBe("\nprint(s_call(2))");
  });

  it("makes a @staticmethod and a class attribute, read through the instance or the class, module-level names", async () => {
    const cls = "class Model:\n    CLASSES = ['x', 'y']\n\n    @staticmethod\n    def softmax(z):\n        e = np.exp(z - z.max())\n        return e / e.sum()\n\n    def label(self, z):\n        return Model.CLASSES[int(self.softmax(z).argmax())]";
    const { cells } = await flatten(cls, "m = Model()\nm.label(np.array([1.0, 2.0]))");
    expect(cells[0]!.split("\n")).toEqual([
      "",
      "m_CLASSES = ['x', 'y']",
      "",
      "",
      "def m_softmax(z):",
      "    e = np.exp(z - z.max())",
      "    return e / e.sum()",
      "",
      "def m_label(z):",
      "    return m_CLASSES[int(m_softmax(z).argmax())]",
    ]);
  });

  it("makes a class of settings read as CFG.x (never made) module-level constants", async () => {
    const cfg = "class CFG:\n    \"\"\"Settings.\"\"\"\n    size = 8\n    scale: float = 16.0\n    area = size * size\n    path = 'm.onnx'";
    const { cells, flattened } = await flatten(cfg, "x = np.zeros(CFG.area) / CFG.scale\nsess = ort.InferenceSession(CFG.path)");
    expect(cells[0]!.split("\n")).toEqual(["", "", "CFG_size = 8", "CFG_scale: float = 16.0", "CFG_area = CFG_size * CFG_size", "CFG_path = 'm.onnx'"]);
    expect(cells[1]).toBe("x = np.zeros(CFG_area) / CFG_scale\nsess = ort.InferenceSession(CFG_path)");
    expect(flattened).toMatchObject([{ kind: "namespace", cls: "CFG", cell: 0, line: 1 }]);
    // set, or used as a value: left as it is
    for (const use of ["CFG.size = 9", "print(vars(CFG))", "CFG.other"]) expect((await flatten(cfg, use)).flattened, use).toEqual([]);
  });

  it("reads a @dataclass of settings: its fields hold the call's arguments or their defaults, at their own lines", async () => {
    const cfg = "@dataclass\nclass Config:\n    model_path: str\n    img_size: int = 32\n    mean: float = 0.5\n\n    def scale(self, x):\n        return (x - self.mean) * self.img_size";
    const { cells, flattened } = await flatten("MODEL = 'm.onnx'", cfg, "cfg = Config(MODEL, img_size=64)\ncfg.scale(1.0)");
    expect(cells[1]!.split("\n")).toEqual(["", "", "cfg_model_path: str = MODEL", "cfg_img_size: int = 64", "cfg_mean: float = 0.5", "", "def cfg_scale(x):", "    return (x - cfg_mean) * cfg_img_size"]);
    expect(cells[2]).toBe("\ncfg_scale(1.0)");
    expect(flattened).toMatchObject([{ kind: "instance", cls: "Config", instance: "cfg" }]);
    // shown as it is (print(cfg), a cell ending with cfg): the shown text stays the output's
    const shown = await flatten("MODEL = 'm.onnx'", cfg, "cfg = Config(MODEL)\nprint(cfg)", "cfg");
    expect(shown.cells.slice(2)).toEqual(['\nprint("<Config instance>")', '"<Config instance>"']);
    // never made, read as Config.x: a namespace
    const ns = await flatten("@dataclass(frozen=True)\nclass Config:\n    img_size: int = 32", "y = Config.img_size * 2");
    expect(ns.cells).toEqual(["\n\nConfig_img_size: int = 32", "y = Config_img_size * 2"]);
    // a field without a default and no argument, field(...), or another decorator: left as it is
    for (const [c, made] of [
      ["@dataclass\nclass C:\n    a: int\n    def f(self):\n        return self.a", "c = C()\nc.f()"],
      ["@dataclass\nclass C:\n    a: list = field(default_factory=list)\n    def f(self):\n        return self.a", "c = C()\nc.f()"],
      ["@total_ordering\nclass C:\n    a = 1\n    def f(self):\n        return self.a", "c = C()\nc.f()"],
    ] as const) {
      expect((await flatten(c, made)).flattened, c).toEqual([]);
    }
  });

  it("reads a class made by a classmethod factory, and made again under the same name: __init__ and the factories return the attributes", async () => {
    const cls = [
      "class Tokenizer:",
      '    PAD, UNK = "<pad>", "<unk>"',
      "",
      "    def __init__(self, vocab, max_len=8):",
      "        self.vocab = vocab",
      "        self.max_len = max_len  # words kept",
      "",
      "    @classmethod",
      "    def from_texts(cls, texts):",
      "        words = sorted({w for t in texts for w in t.split()})",
      "        return cls({w: i for i, w in enumerate([cls.PAD, cls.UNK] + words)})",
      "",
      "    @classmethod",
      "    def load(cls, path):",
      "        with open(path) as f:",
      "            d = json.load(f)",
      '        return cls(d["vocab"], d["max_len"])',
      "",
      "    def __len__(self):",
      "        return len(self.vocab)",
      "",
      "    def encode(self, text):",
      "        return [self.vocab.get(w, self.vocab[self.UNK]) for w in text.split()][: self.max_len]",
    ].join("\n");
    const { cells, flattened } = await flatten(cls, "tok = Tokenizer.from_texts(texts)\nn = len(tok)", 'tok = Tokenizer.load("tok.json")\nids = tok.encode("a b")');
    expect(cells[0]!.split("\n")).toEqual([
      "",
      'tok_PAD, tok_UNK = "<pad>", "<unk>"',
      "",
      "def tok_init(vocab, max_len=8):",
      "    tok_vocab = vocab",
      "    tok_max_len = max_len; return tok_vocab, tok_max_len  # words kept",
      "",
      "",
      "def tok_from_texts(texts):",
      "    words = sorted({w for t in texts for w in t.split()})",
      "    return tok_init({w: i for i, w in enumerate([tok_PAD, tok_UNK] + words)})",
      "",
      "",
      "def tok_load(path):",
      "    with open(path) as f:",
      "        d = json.load(f)",
      '    return tok_init(d["vocab"], d["max_len"])',
      "",
      "def tok_len():",
      "    return len(tok_vocab)",
      "",
      "def tok_encode(text):",
      "    return [tok_vocab.get(w, tok_vocab[tok_UNK]) for w in text.split()][: tok_max_len]",
    ]);
    // each creation binds the attributes, as Python rebinds the instance
    expect(cells[1]).toBe("tok_vocab, tok_max_len = tok_from_texts(texts)\nn = tok_len()");
    expect(cells[2]).toBe('tok_vocab, tok_max_len = tok_load("tok.json")\nids = tok_encode("a b")');
    expect(flattened).toMatchObject([{ cls: "Tokenizer", instance: "tok", cell: 1, line: 1 }]);
    // made by its constructor twice: the same
    const twice = await flatten("class A:\n    def __init__(self, k):\n        self.k = k\n\n    def f(self, x):\n        return x * self.k", "a = A(2)\na = A(3)\na.f(1)");
    expect(twice.cells[1]).toBe("a_k = a_init(2)\na_k = a_init(3)\na_f(1)");
    // cls used otherwise, a factory's result kept under another name, __init__ ending with a block: left as it is
    for (const [c, made] of [
      ["class C:\n    def __init__(self, v):\n        self.v = v\n    @classmethod\n    def make(cls):\n        return register(cls)", "c = C.make()"],
      ["class C:\n    def __init__(self, v):\n        self.v = v\n    @classmethod\n    def make(cls):\n        return cls(1)", "c = C.make()\nd = C.make()"],
      ["class C:\n    def __init__(self, v):\n        if v:\n            self.v = v\n    @classmethod\n    def make(cls):\n        return cls(1)", "c = C.make()"],
    ] as const) {
      expect((await flatten(c, made)).flattened, c).toEqual([]);
    }
  });

  it("leaves a class it cannot express exactly as it is", async () => {
    const method = "    def f(self, x):\n        return x";
    const cases: [string, string[]][] = [
      ["a subclass", ["class A(Base):\n" + method, "a = A()"]],
      ["two instances", ["class A:\n" + method, "a = A()\nb = A()"]],
      ["a method setting an attribute", ["class A:\n    def f(self, x):\n        self.last = x\n        return x", "a = A()"]],
      ["self passed on", ["class A:\n    def f(self, x):\n        return g(self, x)", "a = A()"]],
      ["the instance used as a value", ["class A:\n" + method, "a = A()\nsave(a)"]],
      ["an argument bound after the class", ["class A:\n    def __init__(self, p):\n        self.p = p\n" + method, "PATH = 'm.onnx'\na = A(PATH)"]],
      ["a global read by __init__ bound after the class", ["class A:\n    def __init__(self):\n        self.p = PATH\n" + method, "PATH = 'm.onnx'\na = A()"]],
      ["a name the rewrite would take", ["class A:\n" + method, "a = A()\na_f = 1"]],
      ["a property", ["class A:\n    @property\n    def f(self):\n        return 1", "a = A()"]],
      ["an unknown attribute", ["class A:\n" + method, "a = A()\na.g(1)"]],
    ];
    for (const [why, cells] of cases) {
      const out = await flatten(...cells);
      expect(out.flattened, why).toEqual([]);
      expect(out.sources.size, why).toBe(0);
    }
  });

  it("does not take the names a comprehension in __init__ binds for module names bound after the class", async () => {
    const cls = "class A:\n    def __init__(self, path):\n        with open(path) as f:\n            self.labels = [line.strip() for line in f]\n        self.pick = lambda i: self.labels[i]\n\n    def f(self, i):\n        return self.labels[i]";
    const { flattened } = await flatten(cls, "a = A('labels.txt')\nline = 3\na.f(0)");
    expect(flattened).toHaveLength(1);
  });

  it("keeps the instance's module-level arguments bound before the class", async () => {
    const { cells, flattened } = await flatten("PATH = 'm.onnx'", "class A:\n    def __init__(self, p):\n        self.p = p\n\n    def f(self):\n        return self.p", "a = A(PATH)\na.f()");
    expect(flattened).toHaveLength(1);
    expect(cells[1]).toBe("\na_init_p = PATH\na_p = a_init_p\n\ndef a_f():\n    return a_p");
  });
});
