// Runs an Emscripten-built decoder (mozjpeg's libjpeg-turbo, libwebp; from @jsquash) synchronously: the module is
// compiled once from the embedded binary and instantiated inside the glue's `instantiateWasm` hook, so `decode` is
// ready when the factory returns. The C libraries report fatal errors by calling exit(), which throws out of the
// glue and may leave memory allocated: the instance is then dropped and a fresh one made for the next image.

/** The ImageData-like result of the @jsquash decoders: RGBA, 8 bits per sample. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray | Uint8Array;
}

// The WebAssembly JS API, typed here: the project compiles without the DOM library that declares it.
type WasmModule = object;
interface WasmInstance {
  readonly exports: object;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => WasmInstance;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface EmscriptenModuleArg {
  instantiateWasm(imports: object, ok: (instance: WasmInstance, module: WasmModule) => void): object;
  print(s: string): void;
  printErr(s: string): void;
  decode?: (data: Uint8Array, ...options: boolean[]) => RgbaImage | null;
}

type Factory = (arg: EmscriptenModuleArg) => Promise<unknown>;

export interface WasmDecoderResult {
  readonly image: RgbaImage | null;
  /** What the library printed (warnings such as libjpeg's "Premature end of JPEG file"). */
  readonly messages: readonly string[];
  /** The library called exit(): a fatal error, described by `messages`. */
  readonly failed: boolean;
}

export class WasmDecoder {
  private module: WasmModule | null = null;
  private decodeFn: EmscriptenModuleArg["decode"] | null = null;
  private messages: string[] = [];

  constructor(
    private readonly factory: unknown,
    private readonly base64: string,
  ) {}

  private instance(): NonNullable<EmscriptenModuleArg["decode"]> {
    if (this.decodeFn) return this.decodeFn;
    const module = (this.module ??= new wasm.Module(Buffer.from(this.base64, "base64")));
    const arg: EmscriptenModuleArg = {
      instantiateWasm(imports, ok) {
        const inst = new wasm.Instance(module, imports);
        ok(inst, module);
        return inst.exports;
      },
      print: (s) => this.messages.push(s),
      printErr: (s) => this.messages.push(s),
    };
    // the promise settles with the same module; its rejection (after an exit()) is expected and ignored
    (this.factory as Factory)(arg).catch(() => undefined);
    if (typeof arg.decode !== "function") throw new Error("image decoder failed to initialise");
    this.decodeFn = arg.decode;
    return this.decodeFn;
  }

  decode(bytes: Uint8Array, ...options: boolean[]): WasmDecoderResult {
    const fn = this.instance();
    this.messages = [];
    try {
      const image = fn(bytes, ...options);
      return { image, messages: this.messages, failed: false };
    } catch {
      this.decodeFn = null;
      return { image: null, messages: this.messages, failed: true };
    }
  }
}
