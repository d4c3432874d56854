// A pickle reader that runs nothing: it interprets the opcodes of protocols 0 to 5 (CPython's Lib/pickletools.py
// documents them) as a data format. GLOBAL and STACK_GLOBAL are checked against the allow-list (allowlist.ts) when
// they are read, and REDUCE, BUILD, NEWOBJ, NEWOBJ_EX, INST and OBJ only build the data the allowed global stands for
// (an array from bytes, an object from its attribute dict); any other use of them is refused with the global's name.
// Limits keep a hostile file from exhausting memory or the stack: sizes are checked against the bytes present,
// nesting and the values produced (shared references expanded) are bounded, and nothing recurses on the input.
import type { PyValue } from "../python/values.ts";
import { allowedGlobal, NUMPY_UFUNCS, type AllowedGlobal } from "./allowlist.ts";
import { invalid, limit, PickleError, refused, unsupported } from "./errors.ts";
import { unrebuilt } from "./unrebuilt.ts";
import { arrayFromBytes, arrayFromItems, descrName, parseDescr, shapeSize, scalarFromBytes, type NpDescr } from "./numpy.ts";

export interface ReadOptions {
  /** Deepest container nesting accepted (lists in dicts in objects ...). */
  readonly maxDepth?: number;
  /**
   * Most values (containers, scalars and array elements) the result may hold once shared references are expanded.
   * Default: 8 per input byte plus 1,000,000, which no honest pickle reaches (every value costs at least one byte).
   */
  readonly maxValues?: number;
  /** Longest text line (protocol 0 opcodes). */
  readonly maxLine?: number;
}

/** A value under construction: containers are mutable (APPEND, SETITEM, BUILD change them after they are made). */
type Node =
  | { readonly t: "none" }
  | { readonly t: "bool"; readonly v: boolean }
  | { readonly t: "int"; readonly v: bigint }
  | { readonly t: "float"; readonly v: number }
  | { readonly t: "str"; readonly v: string }
  | { readonly t: "bytes"; readonly v: Uint8Array; readonly mutable: boolean }
  | { readonly t: "list"; readonly items: Node[] }
  | { readonly t: "tuple"; readonly items: readonly Node[] }
  | { readonly t: "dict"; readonly map: Map<string, [Node, Node]> }
  | { readonly t: "set"; readonly frozen: boolean; readonly map: Map<string, Node> }
  | { readonly t: "global"; readonly name: string; readonly g: AllowedGlobal }
  | { readonly t: "object"; readonly cls: string; state: Node | null; readonly items?: Node[] }
  | { readonly t: "dtype"; descr: NpDescr }
  | { readonly t: "array"; value: PyValue | null; pendingItems?: Node[]; shape?: number[]; fortran?: boolean }
  | { readonly t: "slice"; readonly items: readonly Node[] }
  | { readonly t: "ufunc"; readonly name: string }
  | { readonly t: "function"; readonly name: string }
  | { readonly t: "wrapper"; state: Node | null }
  /** An object of a class nb2svc does not rebuild (allowlist.ts "unrebuilt"), by name: its arguments and state are dropped. */
  | { readonly t: "unrebuilt"; readonly name: string };

const NONE: Node = { t: "none" };
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Reads the bytes an inline array (joblib) needs; given by the caller that knows the file layout. */
export interface InlineArrays {
  /** Called on BUILD of joblib's NumpyArrayWrapper, at the stream position right after it. */
  readArray(wrapperState: Node, reader: PickleReader): Node;
}

export class PickleReader {
  pos: number;
  private readonly view: DataView;
  private readonly maxDepth: number;
  private readonly maxLine: number;
  private budget: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    options: ReadOptions = {},
    private readonly inline?: InlineArrays,
  ) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.maxDepth = options.maxDepth ?? 200;
    this.maxLine = options.maxLine ?? 1 << 16;
    this.budget = options.maxValues ?? bytes.length * 8 + 1_000_000;
  }

  // ---- raw reads ---------------------------------------------------------------------------------------------

  private need(n: number, what: string): void {
    if (!Number.isSafeInteger(n) || n < 0 || this.pos + n > this.bytes.length) {
      throw invalid(`the file ends inside ${what} (needs ${n} bytes at offset ${this.pos}, ${Math.max(0, this.bytes.length - this.pos)} left)`, this.pos);
    }
  }

  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }

  private u16(): number {
    this.need(2, "a 2-byte argument");
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  private i32(): number {
    this.need(4, "a 4-byte argument");
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  private u32(): number {
    this.need(4, "a 4-byte length");
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  private u64(): number {
    this.need(8, "an 8-byte length");
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    // any length beyond the file is caught by take(); beyond 2**53 it cannot be a length at all
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`length ${v} at offset ${this.pos - 8} is larger than any file`, this.pos - 8);
    return Number(v);
  }

  private line(what: string): string {
    const start = this.pos;
    const end = this.bytes.indexOf(0x0a, start);
    if (end < 0) throw invalid(`the file ends inside ${what} (no end of line after offset ${start})`, start);
    if (end - start > this.maxLine) throw limit(`${what} at offset ${start} is longer than ${this.maxLine} bytes`, start);
    this.pos = end + 1;
    let s = "";
    for (let i = start; i < end; i++) s += String.fromCharCode(this.bytes[i]!);
    return s;
  }

  private utf8(b: Uint8Array, at: number): string {
    // most strings of a fitted object are short ASCII names: decode those without the decoder's call overhead
    if (b.length < 64) {
      let ascii = true;
      for (let i = 0; i < b.length; i++) if (b[i]! > 0x7f) ascii = false;
      if (ascii) return String.fromCharCode(...b);
    }
    try {
      return UTF8.decode(b);
    } catch {
      throw invalid(`string at offset ${at} is not valid UTF-8`, at);
    }
  }

  // ---- the machine -------------------------------------------------------------------------------------------

  /** Reads one pickle (PROTO ... STOP) from the current position; returns its value as a Node. */
  load(): Node {
    let stack: Node[] = [];
    const marks: Node[][] = [];
    const memo = new Map<number, Node>();
    const popMark = (op: string, at: number): Node[] => {
      const items = stack;
      const prev = marks.pop();
      if (!prev) throw invalid(`${op} at offset ${at} has no MARK before it`, at);
      stack = prev;
      return items;
    };
    const pop = (op: string, at: number): Node => {
      const v = stack.pop();
      if (v === undefined) throw invalid(`${op} at offset ${at} finds the stack empty`, at);
      return v;
    };
    const top = (op: string, at: number): Node => {
      const v = stack[stack.length - 1];
      if (v === undefined) throw invalid(`${op} at offset ${at} finds the stack empty`, at);
      return v;
    };
    const memoGet = (i: number, at: number): Node => {
      const v = memo.get(i);
      if (v === undefined) throw invalid(`memo entry ${i} read at offset ${at} was never stored`, at);
      return v;
    };
    for (;;) {
      const at = this.pos;
      const op = this.u8("an opcode");
      switch (op) {
        case 0x80: {
          // PROTO
          const proto = this.u8("PROTO's argument");
          if (proto > 5) throw unsupported(`pickle protocol ${proto} is newer than the protocols read (0 to 5)`, at);
          break;
        }
        case 0x95: // FRAME: frames only group opcodes; reading is sequential
          this.u64();
          break;
        case 0x2e: {
          // STOP
          const v = pop("STOP", at);
          if (stack.length || marks.length) throw invalid(`STOP at offset ${at} leaves values on the stack`, at);
          return v;
        }
        case 0x28: // MARK
          marks.push(stack);
          stack = [];
          break;
        case 0x30: // POP
          if (stack.length) stack.pop();
          else popMark("POP", at);
          break;
        case 0x31: // POP_MARK
          popMark("POP_MARK", at);
          break;
        case 0x32: // DUP
          stack.push(top("DUP", at));
          break;
        case 0x4e: // NONE
          stack.push(NONE);
          break;
        case 0x88: // NEWTRUE
          stack.push({ t: "bool", v: true });
          break;
        case 0x89: // NEWFALSE
          stack.push({ t: "bool", v: false });
          break;
        case 0x4a: // BININT
          stack.push({ t: "int", v: BigInt(this.i32()) });
          break;
        case 0x4b: // BININT1
          stack.push({ t: "int", v: BigInt(this.u8("BININT1's argument")) });
          break;
        case 0x4d: // BININT2
          stack.push({ t: "int", v: BigInt(this.u16()) });
          break;
        case 0x8a: // LONG1
          stack.push({ t: "int", v: this.long(this.u8("LONG1's length"), at) });
          break;
        case 0x8b: {
          // LONG4
          const n = this.i32();
          if (n < 0) throw invalid(`LONG4 at offset ${at} has a negative length`, at);
          stack.push({ t: "int", v: this.long(n, at) });
          break;
        }
        case 0x49: {
          // INT (text): "01"/"00" are True/False
          const s = this.line("INT");
          if (s === "01" || s === "00") stack.push({ t: "bool", v: s === "01" });
          else stack.push({ t: "int", v: this.textInt(s, at) });
          break;
        }
        case 0x4c: // LONG (text)
          stack.push({ t: "int", v: this.textInt(this.line("LONG").replace(/L$/, ""), at) });
          break;
        case 0x46: {
          // FLOAT (text)
          const s = this.line("FLOAT").trim();
          const v = /^[-+]?(nan|inf(inity)?)$/i.test(s) ? (s.toLowerCase().includes("nan") ? NaN : s.startsWith("-") ? -Infinity : Infinity) : Number(s);
          if (s === "" || (Number.isNaN(v) && !/nan/i.test(s))) throw invalid(`FLOAT at offset ${at} is not a number: ${JSON.stringify(s)}`, at);
          stack.push({ t: "float", v });
          break;
        }
        case 0x47: {
          // BINFLOAT: big-endian double
          this.need(8, "BINFLOAT");
          stack.push({ t: "float", v: this.view.getFloat64(this.pos, false) });
          this.pos += 8;
          break;
        }
        case 0x58: // BINUNICODE
          stack.push({ t: "str", v: this.utf8(this.take(this.u32(), "a string"), at) });
          break;
        case 0x8c: // SHORT_BINUNICODE
          stack.push({ t: "str", v: this.utf8(this.take(this.u8("a string length"), "a string"), at) });
          break;
        case 0x8d: // BINUNICODE8
          stack.push({ t: "str", v: this.utf8(this.take(this.u64(), "a string"), at) });
          break;
        case 0x56: // UNICODE (text, raw-unicode-escape)
          stack.push({ t: "str", v: rawUnicodeEscape(this.line("UNICODE")) });
          break;
        case 0x53: // STRING (text, a Python 2 str literal): Python 3 reads it as ASCII text
          stack.push({ t: "str", v: ascii(pyStringLiteral(this.line("STRING"), at), at) });
          break;
        case 0x54: // BINSTRING
          stack.push({ t: "str", v: ascii(this.take(this.i32Len(at), "a string"), at) });
          break;
        case 0x55: // SHORT_BINSTRING
          stack.push({ t: "str", v: ascii(this.take(this.u8("a string length"), "a string"), at) });
          break;
        case 0x42: // BINBYTES
          stack.push({ t: "bytes", v: this.take(this.u32(), "bytes"), mutable: false });
          break;
        case 0x43: // SHORT_BINBYTES
          stack.push({ t: "bytes", v: this.take(this.u8("a bytes length"), "bytes"), mutable: false });
          break;
        case 0x8e: // BINBYTES8
          stack.push({ t: "bytes", v: this.take(this.u64(), "bytes"), mutable: false });
          break;
        case 0x96: // BYTEARRAY8
          stack.push({ t: "bytes", v: this.take(this.u64(), "a bytearray"), mutable: true });
          break;
        case 0x97: // NEXT_BUFFER
          throw unsupported(`the pickle expects out-of-band buffers (NEXT_BUFFER at offset ${at}), which a file cannot carry`, at);
        case 0x98: // READONLY_BUFFER: marks the buffer on top read-only, which changes no value
          top("READONLY_BUFFER", at);
          break;
        case 0x5d: // EMPTY_LIST
          stack.push({ t: "list", items: [] });
          break;
        case 0x6c: {
          // LIST
          const items = popMark("LIST", at); // before reading `stack`: popMark replaces it
          stack.push({ t: "list", items });
          break;
        }
        case 0x29: // EMPTY_TUPLE
          stack.push({ t: "tuple", items: [] });
          break;
        case 0x74: {
          // TUPLE
          const items = popMark("TUPLE", at);
          stack.push({ t: "tuple", items });
          break;
        }
        case 0x85:
        case 0x86:
        case 0x87: {
          // TUPLE1..3
          const n = op - 0x84;
          if (stack.length < n) throw invalid(`TUPLE${n} at offset ${at} needs ${n} values on the stack`, at);
          stack.push({ t: "tuple", items: stack.splice(stack.length - n, n) });
          break;
        }
        case 0x7d: // EMPTY_DICT
          stack.push({ t: "dict", map: new Map() });
          break;
        case 0x64: {
          // DICT
          const items = popMark("DICT", at);
          const d: Node = { t: "dict", map: new Map() };
          this.setItems(d, items, at);
          stack.push(d);
          break;
        }
        case 0x8f: // EMPTY_SET
          stack.push({ t: "set", frozen: false, map: new Map() });
          break;
        case 0x91: {
          // FROZENSET
          const s: Node = { t: "set", frozen: true, map: new Map() };
          for (const x of popMark("FROZENSET", at)) s.map.set(hashKey(x, at), x);
          stack.push(s);
          break;
        }
        case 0x90: {
          // ADDITEMS
          const items = popMark("ADDITEMS", at);
          const s = top("ADDITEMS", at);
          if (s.t !== "set" || s.frozen) throw invalid(`ADDITEMS at offset ${at} adds to a ${nodeType(s)}, not a set`, at);
          for (const x of items) s.map.set(hashKey(x, at), x);
          break;
        }
        case 0x61: {
          // APPEND
          const x = pop("APPEND", at);
          this.append(top("APPEND", at), [x], at);
          break;
        }
        case 0x65: {
          // APPENDS
          const items = popMark("APPENDS", at);
          this.append(top("APPENDS", at), items, at);
          break;
        }
        case 0x73: {
          // SETITEM
          const v = pop("SETITEM", at);
          const k = pop("SETITEM", at);
          this.setItems(top("SETITEM", at), [k, v], at);
          break;
        }
        case 0x75: {
          // SETITEMS
          const items = popMark("SETITEMS", at);
          this.setItems(top("SETITEMS", at), items, at);
          break;
        }
        case 0x94: // MEMOIZE
          memo.set(memo.size, top("MEMOIZE", at));
          break;
        case 0x70: // PUT (text)
          memo.set(this.textIndex(this.line("PUT"), at), top("PUT", at));
          break;
        case 0x71: // BINPUT
          memo.set(this.u8("BINPUT's index"), top("BINPUT", at));
          break;
        case 0x72: // LONG_BINPUT
          memo.set(this.u32(), top("LONG_BINPUT", at));
          break;
        case 0x67: // GET (text)
          stack.push(memoGet(this.textIndex(this.line("GET"), at), at));
          break;
        case 0x68: // BINGET
          stack.push(memoGet(this.u8("BINGET's index"), at));
          break;
        case 0x6a: // LONG_BINGET
          stack.push(memoGet(this.u32(), at));
          break;
        case 0x63: {
          // GLOBAL "module\nname\n"
          const module = this.line("GLOBAL's module");
          const name = this.line("GLOBAL's name");
          stack.push(this.global(module, name, at));
          break;
        }
        case 0x93: {
          // STACK_GLOBAL
          const name = pop("STACK_GLOBAL", at);
          const module = pop("STACK_GLOBAL", at);
          if (module.t !== "str" || name.t !== "str") throw invalid(`STACK_GLOBAL at offset ${at} needs two strings`, at);
          stack.push(this.global(module.v, name.v, at));
          break;
        }
        case 0x52: {
          // REDUCE: callable(*args)
          const args = pop("REDUCE", at);
          const fn = pop("REDUCE", at);
          stack.push(this.reduce(fn, args, at));
          break;
        }
        case 0x81: {
          // NEWOBJ: cls.__new__(cls, *args)
          const args = pop("NEWOBJ", at);
          const cls = pop("NEWOBJ", at);
          stack.push(this.newObject(cls, args, null, "NEWOBJ", at));
          break;
        }
        case 0x92: {
          // NEWOBJ_EX: cls.__new__(cls, *args, **kwargs)
          const kwargs = pop("NEWOBJ_EX", at);
          const args = pop("NEWOBJ_EX", at);
          const cls = pop("NEWOBJ_EX", at);
          stack.push(this.newObject(cls, args, kwargs, "NEWOBJ_EX", at));
          break;
        }
        case 0x6f: {
          // OBJ: MARK cls args... OBJ
          const items = popMark("OBJ", at);
          const cls = items.shift();
          if (!cls) throw invalid(`OBJ at offset ${at} has no class`, at);
          stack.push(this.newObject(cls, { t: "tuple", items }, null, "OBJ", at));
          break;
        }
        case 0x69: {
          // INST "module\nname\n": MARK args... INST
          const module = this.line("INST's module");
          const name = this.line("INST's name");
          const cls = this.global(module, name, at);
          const items = popMark("INST", at);
          stack.push(this.newObject(cls, { t: "tuple", items }, null, "INST", at));
          break;
        }
        case 0x62: {
          // BUILD: obj.__setstate__(state) or obj.__dict__.update(state)
          const state = pop("BUILD", at);
          const obj = top("BUILD", at);
          const built = this.build(obj, state, at);
          if (built !== obj) stack[stack.length - 1] = built;
          break;
        }
        case 0x50:
        case 0x51:
          throw refused(`the pickle uses persistent IDs (${op === 0x50 ? "PERSID" : "BINPERSID"} at offset ${at}), which only a custom unpickler can resolve`, at);
        case 0x82:
        case 0x83:
        case 0x84:
          throw refused(`the pickle names a global through the copyreg extension registry (EXT${op === 0x82 ? 1 : op === 0x83 ? 2 : 4} at offset ${at}), which is not read`, at);
        default:
          throw invalid(`byte 0x${op.toString(16).padStart(2, "0")} at offset ${at} is not a pickle opcode`, at);
      }
    }
  }

  private i32Len(at: number): number {
    const n = this.i32();
    if (n < 0) throw invalid(`negative length at offset ${at}`, at);
    return n;
  }

  private long(n: number, at: number): bigint {
    if (n > 64) throw unsupported(`integer of ${n} bytes at offset ${at} is far beyond what a fitted object holds`, at);
    const b = this.take(n, "an integer");
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (n > 0 && b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
    return v;
  }

  private textInt(s: string, at: number): bigint {
    if (!/^\s*[-+]?\d{1,200}\s*$/.test(s)) throw invalid(`INT/LONG at offset ${at} is not an integer: ${JSON.stringify(s.slice(0, 40))}`, at);
    return BigInt(s.trim());
  }

  private textIndex(s: string, at: number): number {
    if (!/^\d{1,10}$/.test(s)) throw invalid(`memo index at offset ${at} is not a number: ${JSON.stringify(s.slice(0, 40))}`, at);
    return Number(s);
  }

  private global(module: string, name: string, at: number): Node {
    const g = allowedGlobal(module, name);
    if (!g) {
      throw refused(
        `the pickle references \`${module}.${name}\`, which nb2svc does not read: only fitted scikit-learn transformers, numpy arrays and plain data are read, and nothing in a pickle is ever run`,
        at,
      );
    }
    if (g.kind === "notebook-function") return { t: "function", name: `__main__.${g.name}` };
    if (g.kind === "np-ufunc") return { t: "ufunc", name: g.name };
    if (g.kind === "unrebuilt") return { t: "unrebuilt", name: g.name };
    return { t: "global", name: `${module}.${name}`, g };
  }

  private append(target: Node, items: readonly Node[], at: number): void {
    if (target.t === "list") target.items.push(...items);
    else if (target.t === "object" && target.items) target.items.push(...items);
    else if (target.t === "unrebuilt") return;
    else throw invalid(`APPEND at offset ${at} adds to a ${nodeType(target)}, not a list`, at);
  }

  private setItems(target: Node, items: readonly Node[], at: number): void {
    if (target.t === "unrebuilt") return;
    if (target.t !== "dict") throw invalid(`SETITEM at offset ${at} sets items of a ${nodeType(target)}, not a dict`, at);
    if (items.length % 2) throw invalid(`SETITEMS at offset ${at} has an odd number of values`, at);
    for (let i = 0; i < items.length; i += 2) {
      const k = items[i]!;
      const h = hashKey(k, at);
      const prev = target.map.get(h);
      // Python keeps the first key object among equal keys and the last value
      target.map.set(h, [prev ? prev[0] : k, items[i + 1]!]);
    }
  }

  /** What the allowed callable would return for these arguments, built without calling anything. */
  private reduce(fn: Node, args: Node, at: number): Node {
    // whatever an unrebuilt class or function would make is itself unrebuilt (nothing is called)
    if (fn.t === "unrebuilt") return fn;
    const name = fn.t === "global" ? fn.name : fn.t === "function" ? fn.name : null;
    if (fn.t !== "global") {
      throw refused(`the pickle calls ${name ? `\`${name}\`` : `a ${nodeType(fn)}`} (REDUCE at offset ${at}); nothing in a pickle is ever run`, at);
    }
    if (args.t !== "tuple") throw invalid(`REDUCE at offset ${at} has no argument tuple`, at);
    const a = args.items;
    const bad = (): never => {
      throw refused(`the pickle calls \`${fn.name}\` with arguments nb2svc does not read (REDUCE at offset ${at})`, at);
    };
    switch (fn.g.kind) {
      case "np-reconstruct": {
        // _reconstruct(ndarray, (0,), b"b"): the array's content comes with BUILD
        if (a[0]?.t !== "global" || a[0].g.kind !== "np-ndarray") {
          throw refused(`the pickle rebuilds an array of class ${a[0]?.t === "global" ? `\`${a[0].name}\`` : "other than numpy.ndarray"}, which is not read (REDUCE at offset ${at})`, at);
        }
        return { t: "array", value: null };
      }
      case "np-dtype": {
        if (a[0]?.t !== "str") return bad();
        return { t: "dtype", descr: parseDescr(a[0].v) };
      }
      case "np-scalar": {
        const d = a[0];
        if (d?.t !== "dtype") return bad();
        if (d.descr.kind === "O") return a[1] ?? bad();
        const raw = a[1];
        if (raw?.t === "bytes") return this.valueNode(scalarFromBytes(d.descr, raw.v));
        if (raw?.t === "str") return this.valueNode(scalarFromBytes(d.descr, latin1(raw.v, at)));
        return bad();
      }
      case "np-frombuffer": {
        // _frombuffer(buffer, dtype, shape, order)
        const [buf, d, shape, order] = a;
        if (buf?.t !== "bytes" || d?.t !== "dtype" || shape?.t !== "tuple" || order?.t !== "str") return bad();
        return { t: "array", value: arrayFromBytes(d.descr, intTuple(shape, at), order.v === "F", buf.v) };
      }
      case "np-ufunc-reconstruct": {
        const [mod, uname] = a;
        if (mod?.t !== "str" || uname?.t !== "str") return bad();
        if (!(mod.v === "numpy" || mod.v.startsWith("numpy.")) || !NUMPY_UFUNCS.has(uname.v)) {
          throw refused(`the pickle references the ufunc \`${mod.v}.${uname.v}\`, which nb2svc does not read (REDUCE at offset ${at})`, at);
        }
        return { t: "ufunc", name: uname.v };
      }
      case "codecs-encode": {
        // how protocols 0-2 write bytes: _codecs.encode(text, "latin1")
        const [s, enc] = a;
        if (s?.t !== "str" || enc?.t !== "str" || !/^latin[-_]?1$/i.test(enc.v)) return bad();
        return { t: "bytes", v: latin1(s.v, at), mutable: false };
      }
      case "bytes":
        if (a.length === 0) return { t: "bytes", v: new Uint8Array(0), mutable: false };
        return bad();
      case "bytearray": {
        if (a.length === 0) return { t: "bytes", v: new Uint8Array(0), mutable: true };
        if (a[0]?.t === "bytes" && a.length === 1) return { t: "bytes", v: a[0].v, mutable: true };
        if (a[0]?.t === "str" && a[1]?.t === "str" && /^latin[-_]?1$/i.test(a[1].v)) return { t: "bytes", v: latin1(a[0].v, at), mutable: true };
        return bad();
      }
      case "set":
      case "frozenset": {
        const s: Node = { t: "set", frozen: fn.g.kind === "frozenset", map: new Map() };
        if (a.length === 0) return s;
        if (a.length !== 1 || (a[0]!.t !== "list" && a[0]!.t !== "tuple")) return bad();
        for (const x of (a[0] as { items: readonly Node[] }).items) s.map.set(hashKey(x, at), x);
        return s;
      }
      case "slice": {
        if (a.length < 1 || a.length > 3 || a.some((x) => x.t !== "int" && x.t !== "none")) return bad();
        const items = a.length === 1 ? [NONE, a[0]!, NONE] : a.length === 2 ? [a[0]!, a[1]!, NONE] : [...a];
        return { t: "slice", items };
      }
      case "ordered-dict": {
        const d: Node = { t: "dict", map: new Map() };
        if (a.length === 0) return d;
        if (a.length === 1 && (a[0]!.t === "list" || a[0]!.t === "tuple")) {
          for (const pair of (a[0] as { items: readonly Node[] }).items) {
            if ((pair.t !== "tuple" && pair.t !== "list") || pair.items.length !== 2) return bad();
            this.setItems(d, pair.items, at);
          }
          return d;
        }
        return bad();
      }
      case "reconstructor": {
        // copyreg._reconstructor(cls, object, None): how protocols 0 and 1 make instances
        const [cls, base, st] = a;
        if (cls?.t === "function") throw notebookInstance(cls.name, "REDUCE", at);
        if (cls?.t !== "global" || (cls.g.kind !== "class" && cls.g.kind !== "list-class") || base?.t !== "global" || base.g.kind !== "object-type" || st?.t !== "none") {
          throw refused(`the pickle calls \`copyreg._reconstructor\` on ${cls?.t === "global" ? `\`${cls.name}\`` : "something"} nb2svc does not read (REDUCE at offset ${at})`, at);
        }
        return this.instance(cls.g);
      }
      default:
        throw refused(`the pickle calls \`${fn.name}\` (REDUCE at offset ${at}); nothing in a pickle is ever run, and only numpy's and Python's data reconstructors are read`, at);
    }
  }

  private instance(g: AllowedGlobal & { kind: "class" | "list-class" }): Node {
    return g.kind === "list-class" ? { t: "object", cls: g.cls, state: null, items: [] } : { t: "object", cls: g.cls, state: null };
  }

  private newObject(cls: Node, args: Node, kwargs: Node | null, op: string, at: number): Node {
    if (cls.t === "unrebuilt") return cls;
    if (cls.t === "function") throw notebookInstance(cls.name, op, at);
    if (cls.t !== "global" || (cls.g.kind !== "class" && cls.g.kind !== "list-class" && cls.g.kind !== "joblib-array")) {
      const what = cls.t === "global" ? `\`${cls.name}\`` : `a ${nodeType(cls)}`;
      throw refused(`the pickle creates an instance of ${what} (${op} at offset ${at}), which nb2svc does not read`, at);
    }
    const noArgs = args.t === "tuple" && args.items.length === 0 && (kwargs === null || (kwargs.t === "dict" && kwargs.map.size === 0));
    if (!noArgs) throw refused(`the pickle creates \`${cls.name}\` with constructor arguments (${op} at offset ${at}), which nb2svc does not read`, at);
    if (cls.g.kind === "joblib-array") return { t: "wrapper", state: null };
    return this.instance(cls.g);
  }

  private build(obj: Node, state: Node, at: number): Node {
    switch (obj.t) {
      case "object":
        if (obj.state !== null) throw invalid(`BUILD at offset ${at} sets the state of \`${obj.cls}\` twice`, at);
        // (dict, slots) from __reduce_ex__ with __slots__; scikit-learn objects have a dict only
        if (state.t === "tuple" && state.items.length === 2 && state.items[1]!.t === "none") state = state.items[0]!;
        if (state.t !== "dict") throw unsupported(`\`${obj.cls}\` has a state of type ${nodeType(state)}, not an attribute dict (BUILD at offset ${at})`, at);
        obj.state = state;
        return obj;
      case "dtype": {
        // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
        if (state.t !== "tuple" || state.items.length < 8) throw invalid(`numpy dtype state at offset ${at} is not the tuple numpy writes`, at);
        const [, order, sub, names, , elsize] = state.items;
        if (order?.t !== "str") throw invalid(`numpy dtype state at offset ${at} has no byte order`, at);
        const structured = sub?.t !== "none" || names?.t !== "none";
        let itemsize = obj.descr.itemsize;
        if (elsize?.t === "int" && elsize.v > 0n && (obj.descr.kind === "U" || obj.descr.kind === "S" || obj.descr.kind === "V")) itemsize = Number(elsize.v);
        obj.descr = { ...obj.descr, byteorder: order.v, itemsize, structured };
        return obj;
      }
      case "array": {
        if (obj.value !== null || obj.pendingItems) throw invalid(`BUILD at offset ${at} sets an array's content twice`, at);
        // (version, shape, dtype, is_fortran, data) or, before numpy's version field, the same without it
        if (state.t !== "tuple" || (state.items.length !== 5 && state.items.length !== 4)) throw invalid(`numpy array state at offset ${at} is not the tuple numpy writes`, at);
        const items = state.items.length === 5 ? state.items.slice(1) : state.items;
        const [shape, dtype, fortran, data] = items;
        if (shape?.t !== "tuple" || dtype?.t !== "dtype" || fortran?.t !== "bool" || !data) throw invalid(`numpy array state at offset ${at} is not the tuple numpy writes`, at);
        const dims = intTuple(shape, at);
        if (dtype.descr.kind === "O") {
          if (data.t !== "list") throw invalid(`object array state at offset ${at} holds no list of items`, at);
          shapeSize(dims);
          // the items may still change (a list is filled after it is memoized); they are read when converting
          obj.pendingItems = data.items;
          obj.shape = dims;
          obj.fortran = fortran.v;
          return obj;
        }
        const raw = data.t === "bytes" ? data.v : data.t === "str" ? latin1(data.v, at) : null;
        if (!raw) throw invalid(`numpy array state at offset ${at} holds no bytes`, at);
        obj.value = arrayFromBytes(dtype.descr, dims, fortran.v, raw);
        return obj;
      }
      case "wrapper": {
        if (!this.inline) {
          throw refused(`the pickle holds joblib's NumpyArrayWrapper outside a joblib file's top-level stream (BUILD at offset ${at})`, at);
        }
        if (state.t !== "dict") throw invalid(`joblib array wrapper at offset ${at} has no state dict`, at);
        return this.inline.readArray(state, this);
      }
      case "list":
        // a list subclass's attributes: nothing scikit-learn reads from them
        return obj;
      case "unrebuilt":
        return obj;
      default:
        throw refused(`the pickle sets the state of a ${nodeType(obj)} (BUILD at offset ${at}), which nb2svc does not read`, at);
    }
  }

  /** A finished PyValue (an array, a numpy scalar) carried as a node. */
  private valueNode(v: PyValue): Node {
    return { t: "array", value: v };
  }

  // ---- to PyValue --------------------------------------------------------------------------------------------

  /**
   * The Python value a node stands for, as the analysis holds values; fitted objects as `{k: "object"}`. A node
   * referenced several times is converted once and shared; its expanded size and height (what the consumers of the
   * value walk) are bounded, so a memo bomb stops at the budget without being expanded.
   */
  toValue(root: Node): PyValue {
    const active = new Set<Node>();
    const done = new Map<Node, { value: PyValue; size: number; height: number }>();
    const tooMany = () => limit("the pickle expands to more values than its size allows (shared references repeated too often)");
    const convert = (n: Node, depth: number): { value: PyValue; size: number; height: number } => {
      const seen = done.get(n);
      if (seen) {
        if (depth + seen.height > this.maxDepth) throw limit(`the pickle nests values deeper than ${this.maxDepth} levels`);
        return seen;
      }
      if (depth > this.maxDepth) throw limit(`the pickle nests values deeper than ${this.maxDepth} levels`);
      if (active.has(n)) throw unsupported("the pickle holds a value that contains itself, which has no plain-data form");
      active.add(n);
      let size = 1;
      let height = 0;
      const inner = (x: Node): PyValue => {
        const r = convert(x, depth + 1);
        size += r.size;
        height = Math.max(height, r.height + 1);
        if (size > this.budget) throw tooMany();
        return r.value;
      };
      const value = this.node(n, inner);
      if (n.t === "array" && !n.pendingItems && n.value) size = countValues(n.value);
      if (size > this.budget) throw tooMany();
      active.delete(n);
      const r = { value, size, height };
      done.set(n, r);
      return r;
    };
    return convert(root, 0).value;
  }

  /** One node's value, its children converted by `inner`. */
  private node(n: Node, inner: (x: Node) => PyValue): PyValue {
    switch (n.t) {
      case "none":
        return { k: "none" };
      case "bool":
        return { k: "bool", v: n.v };
      case "int": {
        if (n.v > BigInt(Number.MAX_SAFE_INTEGER) || n.v < -BigInt(Number.MAX_SAFE_INTEGER)) throw unsupported(`the integer ${n.v} is beyond 2**53, which the runtime cannot hold exactly`);
        return { k: "int", v: Number(n.v) };
      }
      case "float":
        return { k: "float", v: n.v };
      case "str":
        return { k: "str", v: n.v };
      case "bytes":
        throw unsupported("the pickle holds a bytes value outside an array, which has no form in translated code");
      case "list":
        return { k: "list", items: n.items.map(inner) };
      case "tuple":
        return { k: "tuple", items: n.items.map(inner) };
      case "set":
        return { k: "set", items: [...n.map.values()].map(inner) };
      case "dict":
        return { k: "dict", entries: [...n.map.values()].map(([k, v]) => [inner(k), inner(v)] as const) };
      case "object":
        if (n.items) return { k: "list", items: n.items.map(inner) };
        return { k: "object", cls: n.cls, state: n.state ? inner(n.state) : { k: "dict", entries: [] } };
      case "dtype":
        return { k: "str", v: descrName(n.descr) };
      case "global":
        if (n.g.kind === "dtype-type") return { k: "str", v: n.g.dtype };
        if (n.g.kind === "object-type") return { k: "str", v: "object" };
        throw unsupported(`the pickle holds \`${n.name}\` itself as a value, which has no plain-data form`);
      case "array": {
        if (n.pendingItems) return arrayFromItems(n.shape!, n.fortran ?? false, n.pendingItems.map(inner));
        if (!n.value) throw invalid("a numpy array in the pickle never received its content (no BUILD)");
        return n.value;
      }
      case "slice":
        return { k: "object", cls: "builtins.slice", state: { k: "tuple", items: n.items.map(inner) } };
      case "ufunc":
        return { k: "object", cls: "numpy.ufunc", state: { k: "str", v: n.name } };
      case "function":
        return { k: "object", cls: "builtins.function", state: { k: "str", v: n.name } };
      case "wrapper":
        throw invalid("joblib's array wrapper in the pickle never received its content");
      case "unrebuilt":
        return unrebuilt(n.name);
    }
  }
}

function countValues(v: PyValue): number {
  if (v.k !== "ndarray") return 1;
  const flat = Array.isArray(v.value) ? ([v.value] as unknown[]).flat(Infinity as 1).length : 1;
  return flat;
}

/**
 * An instance of a class the notebook defines: the allow-list lets any `__main__` name through as a function a
 * FunctionTransformer names (allowlist.ts), so a class of the notebook arrives here as a "function".
 */
function notebookInstance(qualified: string, op: string, at: number): PickleError {
  const cls = qualified.slice("__main__.".length);
  return new PickleError(
    "refused",
    `the pickle holds an instance of \`${cls}\`, a class the notebook defines (\`${qualified}\`, ${op} at offset ${at}); nb2svc reads pickles as data, never runs a class's code, and does not translate classes`,
    at,
    cls,
  );
}

function nodeType(n: Node): string {
  switch (n.t) {
    case "global":
      return `global \`${n.name}\``;
    case "object":
      return `\`${n.cls}\` object`;
    case "array":
      return "numpy array";
    case "dtype":
      return "numpy dtype";
    case "wrapper":
      return "joblib array wrapper";
    case "unrebuilt":
      return `\`${n.name}\``;
    default:
      return n.t;
  }
}

/** A key by Python equality and hash (1 == 1.0 == True); refuses unhashable keys as Python would. */
function hashKey(n: Node, at: number): string {
  switch (n.t) {
    case "none":
      return "N";
    case "bool":
      return `n${n.v ? 1 : 0}`;
    case "int":
      return `n${n.v}`;
    case "float":
      return Number.isInteger(n.v) && Math.abs(n.v) < 2 ** 63 ? `n${BigInt(n.v)}` : `f${n.v}`;
    case "str":
      return `s${n.v}`;
    case "bytes":
      if (n.mutable) break;
      return `b${Array.from(n.v).join(",")}`;
    case "tuple":
      return `(${n.items.map((x) => hashKey(x, at)).join(",")})`;
    case "set":
      if (!n.frozen) break;
      return `{${[...n.map.keys()].sort().join(",")}}`;
    case "array":
      if (n.value && n.value.k === "npscalar") return `n${typeof n.value.v === "boolean" ? Number(n.value.v) : n.value.v}`;
      break;
    case "global":
      return `g${n.name}`;
    case "ufunc":
    case "function":
      return `g${n.name}`;
    default:
      break;
  }
  throw invalid(`the pickle uses an unhashable ${nodeType(n)} as a dict key or set item (at offset ${at})`, at);
}

function intTuple(t: Node & { t: "tuple" }, at: number): number[] {
  return t.items.map((x) => {
    if (x.t !== "int" || x.v < 0n || x.v > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`array shape at offset ${at} is not a tuple of sizes`, at);
    return Number(x.v);
  });
}

function latin1(s: string, at: number): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) throw invalid(`latin-1 bytes at offset ${at} hold a character beyond U+00FF`, at);
    out[i] = c;
  }
  return out;
}

function ascii(b: Uint8Array, at: number): string {
  let s = "";
  for (const c of b) {
    if (c > 127) throw unsupported(`a Python 2 str at offset ${at} holds non-ASCII bytes (Python 3 reads them only with an encoding given)`, at);
    s += String.fromCharCode(c);
  }
  return s;
}

/** The bytes of a Python 2 str literal as protocol 0's STRING writes it (`'abc'`, with backslash escapes). */
function pyStringLiteral(line: string, at: number): Uint8Array {
  const q = line[0];
  if (line.length < 2 || (q !== "'" && q !== '"') || line[line.length - 1] !== q) throw invalid(`STRING at offset ${at} is not quoted`, at);
  const body = line.slice(1, -1);
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      out.push(c.charCodeAt(0) & 0xff);
      continue;
    }
    const e = body[++i];
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, "\\": 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11, "0": 0 };
    if (e === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e !== undefined && e in simple) out.push(simple[e]!);
    else throw invalid(`STRING at offset ${at} has an escape this reader does not know`, at);
  }
  return Uint8Array.from(out);
}

/** Python's raw-unicode-escape decoding: only `\uXXXX` and `\UXXXXXXXX` are escapes; other bytes are latin-1. */
function rawUnicodeEscape(line: string): string {
  return line.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, u4: string | undefined, u8: string | undefined) => {
    const cp = parseInt((u4 ?? u8)!, 16);
    if (cp > 0x10ffff) throw invalid("UNICODE holds a code point beyond U+10FFFF");
    return String.fromCodePoint(cp);
  });
}

export type { Node as PickleNode };
export { PickleError };
