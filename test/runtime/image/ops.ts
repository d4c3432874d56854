// Interprets the fixtures' little op language (gen_image_cases.py's `run`) on the runtime, calling every library
// function through its src/pylib table entry the way translated code does (positional arguments, then keywords
// bound by the entry's parameter names).
import { tuple } from "../../../src/runtime/core.ts";
import * as np from "../../../src/runtime/np.ts";
import { NDArray } from "../../../src/runtime/ndarray.ts";
import { PilImage } from "../../../src/runtime/image/image.ts";
import * as imageenhance from "../../../src/runtime/image/imageenhance.ts";
import * as imagefilter from "../../../src/runtime/image/imagefilter.ts";
import * as imageops from "../../../src/runtime/image/imageops.ts";
import * as pil from "../../../src/runtime/image/pil.ts";
import * as cv2 from "../../../src/runtime/image/cv2.ts";
import * as keras from "../../../src/runtime/image/keras.ts";
import * as tv from "../../../src/runtime/image/torchvision.ts";
import * as tvio from "../../../src/runtime/image/torchvision-io.ts";
import * as torch from "../../../src/runtime/torch.ts";
import { Transform } from "../../../src/runtime/image/torchvision.ts";
import { libraryEntry } from "../../../src/pylib/index.ts";
import { decodeArray, pyArg, readSource } from "./cases.ts";

const MODULES: Record<string, Record<string, unknown>> = { "image/pil": pil, "image/imageops": imageops, "image/imagefilter": imagefilter, "image/imageenhance": imageenhance, "image/cv2": cv2, "image/keras": keras, "image/torchvision": tv, "image/torchvision-io": tvio, torch };

/** Calls a table entry as translated code does. */
export function callEntry(qualified: string, args: unknown[], kwargs: Record<string, unknown> = {}): unknown {
  const e = libraryEntry(qualified);
  if (!e || e.kind !== "function") throw new Error(`no table entry ${qualified}`);
  const out: unknown[] = [...args];
  for (const [k, v] of Object.entries(kwargs)) {
    const i = e.params.indexOf(k);
    if (i < 0) throw new Error(`${qualified} has no parameter ${k}`);
    out[i] = v;
  }
  const f = MODULES[e.module]?.[e.name];
  if (typeof f !== "function") throw new Error(`${e.module} has no export ${e.name}`);
  return (f as (...a: unknown[]) => unknown)(...Array.from({ length: out.length }, (_, i) => out[i]));
}

/** ImageReadMode's member of that value, through its table entry (a constant). */
function readMode(value: number): unknown {
  const e = libraryEntry(`torchvision.io.ImageReadMode.${["UNCHANGED", "GRAY", "GRAY_ALPHA", "RGB", "RGB_ALPHA"][value]}`);
  if (e?.kind !== "constant") throw new Error(`no ImageReadMode ${value}`);
  return e.value;
}

const kwargsOf = (x: unknown): Record<string, unknown> => Object.fromEntries(Object.entries((x ?? {}) as Record<string, unknown>).map(([k, v]) => [k, pyArg(v)]));

function transformOf(spec: [string, unknown]): Transform {
  const [name, arg] = spec;
  if (name === "Compose") return callEntry("torchvision.transforms.Compose", [(arg as [string, unknown][]).map(transformOf)]) as Transform;
  const kw = Object.fromEntries(Object.entries(arg as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
  return callEntry(`torchvision.transforms.${name}`, [], kw) as Transform;
}

export function runOps(ops: unknown[][]): unknown {
  let x: unknown = null;
  for (const op of ops) {
    const [name, ...args] = op as [string, ...unknown[]];
    switch (name) {
      case "open":
        x = callEntry("PIL.Image.open", [callEntry("io.BytesIO", [readSource(args[0] as string)])]);
        break;
      case "fromarray":
        x = callEntry("PIL.Image.fromarray", [decodeArray(args[0] as { b64: string; dtype: string; shape: number[] }), args[1] ?? undefined]);
        break;
      case "new":
        x = callEntry("PIL.Image.new", [args[0], tuple(args[1] as number[]), Array.isArray(args[2]) ? tuple(args[2] as number[]) : args[2]]);
        break;
      case "method": {
        const target = x as PilImage;
        x = target.pyMethod(args[0] as string, (args[1] as unknown[]).map(pyArg), kwargsOf(args[2]));
        // thumbnail changes the image in place and returns None
        if (args[0] === "thumbnail") x = target;
        break;
      }
      case "attr":
        x = (x as PilImage).pyAttr(args[0] as string);
        break;
      case "ImageOps":
        x = callEntry(`PIL.ImageOps.${args[0] as string}`, [x, ...(args[1] as unknown[]).map(pyArg)], kwargsOf(args[2]));
        break;
      case "enhance": {
        const enhancer = callEntry(`PIL.ImageEnhance.${args[0] as string}`, [x]) as { pyMethod(n: string, a: unknown[], k: Record<string, unknown>): unknown };
        x = enhancer.pyMethod("enhance", [args[1]], {});
        break;
      }
      case "item":
        x = (x as unknown[])[args[0] as number];
        break;
      case "list":
        // getdata's sequence is a list in the runtime already
        break;
      case "filter": {
        // a filter class passed uncalled (`img.filter(ImageFilter.SHARPEN)`) is the table entry's function itself
        const [fname, fargs, fkw] = args as [string, unknown[] | null, Record<string, unknown> | undefined];
        const entry = libraryEntry(`PIL.ImageFilter.${fname}`);
        if (entry?.kind !== "function") throw new Error(`no ImageFilter.${fname}`);
        const filter = fargs === null ? MODULES[entry.module]![entry.name] : callEntry(`PIL.ImageFilter.${fname}`, fargs.map((v) => (Array.isArray(v) ? [...v] : v)), kwargsOf(fkw));
        x = (x as PilImage).pyMethod("filter", [filter], {});
        break;
      }
      case "asarray":
        x = args[0] ? np.asarray(x, args[0]) : np.asarray(x);
        break;
      case "tv":
        x = transformOf(args[0] as [string, unknown]).pyMethod("__call__", [x]);
        break;
      case "tensor":
        break;
      case "tvF":
        x = callEntry(`torchvision.transforms.functional.${args[0] as string}`, [x, ...(args[1] as unknown[]).map((v) => (Array.isArray(v) ? [...v] : v))], kwargsOf(args[2]));
        break;
      case "paste": {
        const im = callEntry("PIL.Image.open", [callEntry("io.BytesIO", [readSource(args[0] as string)])]) as PilImage;
        const kind = args[2] as string | null;
        const mask = kind === null ? null : kind === "self" ? im : kind === "alpha" ? (im.pyMethod("split", [], {}) as PilImage[]).at(-1) : im.pyMethod("convert", [kind], {});
        (x as PilImage).pyMethod("paste", [im, args[1] === null ? null : tuple(args[1] as number[]), mask], {});
        break;
      }
      case "interp": {
        const kw = args[0] as Record<string, unknown>;
        x = callEntry("torch.nn.functional.interpolate", [callEntry("torch.unsqueeze", [x, 0])], kwargsOf(kw));
        break;
      }
      case "tvio":
        x = callEntry("torchvision.io.decode_image", [callEntry("torchvision.io.read_file", [readSource(args[0] as string)]), readMode(args[1] as number)]);
        break;
      case "cv2.imdecode":
        x = callEntry("cv2.imdecode", [callEntry("numpy.frombuffer", [readSource(args[0] as string), "uint8"]), args[1]]);
        break;
      case "cv2.images":
        x = (args as [string, number][]).map(([s, flags]) => callEntry("cv2.imdecode", [callEntry("numpy.frombuffer", [readSource(s), "uint8"]), flags]));
        break;
      case "cv2":
        x = callEntry(`cv2.${args[0] as string}`, [x, ...(args[1] as unknown[]).map(pyArg)], kwargsOf(args[2]));
        break;
      case "astype":
        x = np.asarray(x, args[0]);
        break;
      case "keras": {
        const fname = args[0] as string;
        const kw = kwargsOf(args[args.length - 1]);
        if (fname === "load_img") x = callEntry("keras.utils.load_img", [readSource(args[1] as string)], kw);
        else if (fname === "img_to_array") x = callEntry("keras.utils.img_to_array", [x], kw);
        else x = callEntry("keras.applications.imagenet_utils.preprocess_input", [x], kw);
        break;
      }
      default:
        throw new Error(`op ${name}`);
    }
  }
  return x;
}

export { NDArray };
