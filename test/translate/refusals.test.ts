// What the translator refuses: each construct outside the subset gets a diagnostic with its line, column, the
// construct and a fix, and no refused function is emitted, even partly.
import { describe, expect, it } from "vitest";
import { refusalsOf } from "../helpers/translated.ts";

interface Expectation {
  readonly source: string;
  readonly code: string;
  readonly line: number;
  readonly column: number;
  readonly says: string;
}

const cases: Record<string, Expectation> = {
  eval: { source: "def f(s):\n    return eval(s)\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 12, says: "runs code that is only known at run time" },
  exec: { source: "def f(s):\n    exec(s)\n    return 1\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 5, says: "exec" },
  "file I/O with open": { source: "def f(p):\n    return open(p).read()\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 12, says: "must not read or write files" },
  "with open": { source: "def f(p):\n    with open(p) as fh:\n        return fh.read()\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 10, says: "context managers" },
  print: { source: "def f(x):\n    print(x)\n    return x\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 5, says: "writes no output" },
  "a generator": { source: "def f(n):\n    for i in range(n):\n        yield i\n", code: "TRANSLATE_UNSUPPORTED", line: 3, column: 9, says: "generators" },
  "a class": { source: "def f(x):\n    class A:\n        pass\n    return A\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 5, says: "classes are not translated" },
  "global assignment": { source: "N = 0\ndef f(x):\n    global N\n    N = N + x\n    return N\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 5, says: "assigns module-level names" },
  "in-place change of a constant": { source: "SEEN = []\ndef f(x):\n    SEEN.append(x)\n    return len(SEEN)\n", code: "TRANSLATE_UNSUPPORTED", line: 3, column: 5, says: "changes the module-level `SEEN` in place" },
  "item assignment into a constant": { source: "VOCAB = {'a': 0}\ndef f(w):\n    VOCAB[w] = len(VOCAB)\n    return VOCAB[w]\n", code: "TRANSLATE_UNSUPPORTED", line: 3, column: 5, says: "in place" },
  "an unknown library": { source: "import polars as pl\ndef f(x):\n    return pl.DataFrame(x)\n", code: "TRANSLATE_UNSUPPORTED", line: 3, column: 12, says: "`polars.DataFrame` is outside what nb2svc translates" },
  "torch beyond the tensor operations around a model": { source: "import torch\ndef f(x):\n    return torch.fft.fft(x)\n", code: "TRANSLATE_UNSUPPORTED", line: 3, column: 12, says: "do this step with numpy" },
  "random numbers": { source: "import numpy as np\ndef f(n):\n    return np.random.rand(n)\n", code: "TRANSLATE_UNSUPPORTED", line: 3, column: 12, says: "random" },
  "a regex JavaScript cannot run exactly": { source: "import re\ndef f(s):\n    return re.findall(r'a++b', s)\n", code: "TRANSLATE_UNSUPPORTED", line: 3, column: 23, says: "cannot be run exactly in JavaScript" },
  "an async function body": { source: "def f(xs):\n    return [await x for x in xs]\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 13, says: "await" },
  "nonlocal": { source: "def f():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n    inc()\n    return n\n", code: "TRANSLATE_UNSUPPORTED", line: 4, column: 9, says: "nonlocal" },
  "an attribute assignment": { source: "def f(o):\n    o.x = 1\n    return o\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 5, says: "assigning attributes" },
  "an import inside a function": { source: "def f(x):\n    import os\n    return x\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 5, says: "import at the top" },
  "a name defined nowhere": { source: "def f(x):\n    return x + THRESHOLD\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 16, says: "not defined in the notebook" },
  "a module used but never imported": { source: "def f(x):\n    return pd.Series(x)\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 12, says: "add `import pandas as pd`" },
  "integers beyond 2**53": { source: "def f(x):\n    return x + 123456789012345678901\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 16, says: "2**53" },
  "complex numbers": { source: "def f(x):\n    return x * 1j\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 16, says: "complex literals" },
  "*args": { source: "def f(*xs):\n    return len(xs)\n", code: "TRANSLATE_UNSUPPORTED", line: 1, column: 7, says: "variadic" },
  "a range inside np.r_": { source: "import numpy as np\ndef f(x):\n    return np.r_[0:3, x]\n", code: "TRANSLATE_UNSUPPORTED", line: 3, column: 18, says: "range inside `np.r_[...]`" },
  "a Pillow image method the runtime lacks": {
    source: "from PIL import Image\ndef f(data):\n    img = Image.open(data).convert('L')\n    img = img.rotate(15)\n    return img\n",
    code: "TRANSLATE_UNSUPPORTED",
    line: 4,
    column: 11,
    says: "Pillow's `Image.rotate` is not in nb2svc's image runtime",
  },
  "a Pillow image attribute the runtime lacks, on an ImageOps result": {
    source: "from PIL import Image, ImageOps\ndef f(data):\n    with Image.open(data) as im:\n        g = ImageOps.grayscale(im)\n        return g.n_frames if g.filename else 1\n",
    code: "TRANSLATE_UNSUPPORTED",
    line: 5,
    column: 30,
    says: "`Image.filename`",
  },
  "a Pillow image method on a parameter annotated Image.Image, after ImageEnhance": {
    source: "from PIL import Image, ImageEnhance\ndef f(img: Image.Image):\n    img = ImageEnhance.Contrast(img).enhance(1.5)\n    return img.getexif()\n",
    code: "TRANSLATE_UNSUPPORTED",
    line: 4,
    column: 12,
    says: "`Image.getexif`",
  },
  "a Pillow image method on a parameter annotated Image.Image": {
    source: "from PIL import Image\ndef f(img: Image.Image):\n    return img.rotate(90)\n",
    code: "TRANSLATE_UNSUPPORTED",
    line: 3,
    column: 12,
    says: "`Image.rotate`",
  },
  "Image.save in the function the service runs": {
    source: "from PIL import Image\ndef f(data):\n    img = Image.open(data).resize((8, 8))\n    img.save('debug.png')\n    return img\n",
    code: "TRANSLATE_UNSUPPORTED",
    line: 4,
    column: 5,
    says: "writes outside the service",
  },
  "type()": { source: "def f(x):\n    return type(x)\n", code: "TRANSLATE_UNSUPPORTED", line: 2, column: 12, says: "types are not values" },
};

describe("refusals", () => {
  for (const [name, e] of Object.entries(cases)) {
    it(name, async () => {
      const ds = await refusalsOf(e.source);
      expect(ds.length, "a diagnostic").toBeGreaterThan(0);
      const d = ds[0]!;
      expect([d.code, d.line, d.column]).toEqual([e.code, e.line, e.column]);
      expect(`${d.message} ${d.suggestion}`).toContain(e.says);
      expect(d.suggestion?.length ?? 0).toBeGreaterThan(5);
    });
  }

  it("forgets that a name held an image once it is unpacked from another value", async () => {
    const ds = await refusalsOf("from PIL import Image\ndef f(data):\n    img = Image.open(data)\n    img, n = data, 3\n    return img.rotate(n)\n");
    expect(ds.map((d) => d.message).filter((m) => m.includes("Image.rotate"))).toEqual([]);
  });

  it("reports every problem of a function, and refuses its callers too", async () => {
    const ds = await refusalsOf("def g(x):\n    print(x)\n    return eval(x)\n\ndef f(x):\n    return g(x) + 1\n");
    expect(ds.map((d) => [d.code, d.line])).toEqual([
      ["TRANSLATE_UNSUPPORTED", 2],
      ["TRANSLATE_UNSUPPORTED", 3],
      ["TRANSLATE_CALLS_REFUSED", 5],
    ]);
  });
});
