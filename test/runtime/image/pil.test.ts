// PIL parity: every PIL case of fixtures/cases.json.gz (decoding of every format, convert, resize with every
// filter, reduce, thumbnail, crop, transpose, ImageOps, fromarray, getpixel, split) compared with Pillow 9.4's
// result: pixels exactly, JPEG decoding within 1 level per channel (the maximum difference is printed).
import { defineCases } from "./runner.ts";

const LIBS = /^(tv|tvF|tvio|interp|cv2|keras|pipeline)[./]/;
defineCases("PIL parity with Pillow 9.4", (c) => !LIBS.test(c.id));
