// JSON text to an exact Python value, as Python's `json.loads` gives it: key order kept (JavaScript objects move
// integer-like keys first), `1.0` a float and `1` an int, NaN and Infinity accepted.
import type { PyValue } from "./types.ts";

/** Parses JSON text; undefined when it is not valid JSON (in Python's dialect). */
export function parseJsonValue(text: string): PyValue | undefined {
  const p = new JsonParser(text);
  try {
    p.ws();
    const v = p.value(0);
    p.ws();
    return p.done() ? v : undefined;
  } catch {
    return undefined;
  }
}

const MAX_DEPTH = 512;

class JsonParser {
  private i = 0;
  constructor(private readonly s: string) {}

  done(): boolean {
    return this.i === this.s.length;
  }

  ws(): void {
    while (this.i < this.s.length && " \t\n\r".includes(this.s[this.i]!)) this.i++;
  }

  private fail(): never {
    throw new SyntaxError(`invalid JSON at ${this.i}`);
  }

  private eat(lit: string): boolean {
    if (this.s.startsWith(lit, this.i)) {
      this.i += lit.length;
      return true;
    }
    return false;
  }

  value(depth: number): PyValue {
    if (depth > MAX_DEPTH) this.fail();
    const c = this.s[this.i];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return { k: "str", v: this.string() };
    if (this.eat("true")) return { k: "bool", v: true };
    if (this.eat("false")) return { k: "bool", v: false };
    if (this.eat("null")) return { k: "none" };
    if (this.eat("NaN")) return { k: "float", v: NaN };
    if (this.eat("Infinity")) return { k: "float", v: Infinity };
    if (this.eat("-Infinity")) return { k: "float", v: -Infinity };
    return this.number();
  }

  private object(depth: number): PyValue {
    this.i++;
    const entries: [PyValue, PyValue][] = [];
    const index = new Map<string, number>();
    this.ws();
    if (this.eat("}")) return { k: "dict", entries };
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail();
      const key = this.string();
      this.ws();
      if (!this.eat(":")) this.fail();
      this.ws();
      const v = this.value(depth + 1);
      // a repeated key keeps its first position and takes the last value, as in a Python dict
      const at = index.get(key);
      if (at === undefined) {
        index.set(key, entries.length);
        entries.push([{ k: "str", v: key }, v]);
      } else entries[at] = [entries[at]![0], v];
      this.ws();
      if (this.eat("}")) return { k: "dict", entries };
      if (!this.eat(",")) this.fail();
    }
  }

  private array(depth: number): PyValue {
    this.i++;
    const items: PyValue[] = [];
    this.ws();
    if (this.eat("]")) return { k: "list", items };
    for (;;) {
      this.ws();
      items.push(this.value(depth + 1));
      this.ws();
      if (this.eat("]")) return { k: "list", items };
      if (!this.eat(",")) this.fail();
    }
  }

  private string(): string {
    const m = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
    m.lastIndex = this.i;
    const r = m.exec(this.s);
    if (!r) this.fail();
    this.i += r[0].length;
    return JSON.parse(r[0]) as string;
  }

  private number(): PyValue {
    const m = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const r = m.exec(this.s);
    if (!r || r[0] === "" || r[0] === "-") this.fail();
    this.i += r[0].length;
    const v = Number(r[0]);
    return r[1] !== undefined || r[2] !== undefined ? { k: "float", v } : { k: "int", v };
  }
}
