// Fitted scikit-learn objects against scikit-learn 1.2.1: every case of fixtures/cases.json (gen_sklearn_cases.py)
// is read from its joblib file with the pickle reader, rebuilt through its restore function as a translated module
// does, and each recorded call must give scikit-learn's answer: dtype and shape exactly, ints and strings exactly,
// float64 within 1e-12 relative, float32 within 1e-6 (plus, for matrix products, the case's absolute tolerance of
// 1e-12 of the terms' magnitude, since BLAS sums in its own order), and the same exception type and message.
// The compressed joblib file and the pickles of protocols 2, 4 and 5 must read to the same value.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readPickleFile, unreadSklearnLayout } from "../../src/pickle/index.ts";
import { PyError } from "../../src/runtime/core.ts";
import { callMethod, getattr } from "../../src/runtime/py-builtins.ts";
import { decode, expectSame, FIXTURES, loadCases, rebuild } from "./helpers.ts";

const { sklearn, cases } = loadCases();

const read = (file: string) => readPickleFile(readFileSync(path.join(FIXTURES, file)));

/** A call's method: a name, or attributes then a name (`transformer_.inverse_transform`), as gen_sklearn_cases.py runs it. */
function call(obj: unknown, method: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
  const names = method.split(".");
  const target = names.slice(0, -1).reduce((o, a) => getattr(o, a), obj);
  return callMethod(target, names[names.length - 1]!, args, kwargs);
}

describe(`fitted scikit-learn ${sklearn} objects read from joblib files transform like scikit-learn`, () => {
  for (const c of cases) {
    it(c.name, async () => {
      const { value, compression } = read(c.files.joblib!);
      expect(compression).toBe("none");
      expect(value.k === "object" && value.cls).toBe(c.cls);
      expect(unreadSklearnLayout(value)).toBeNull();
      for (const [variant, file] of Object.entries(c.files)) {
        if (variant === "joblib") continue;
        const other = read(file);
        expect(other.value, `${variant} reads to the same value`).toEqual(value);
        expect(other.compression).toBe(variant === "joblib-zlib" ? "zlib" : "none");
      }
      const obj = await rebuild(value);
      c.calls.forEach((c_, i) => {
        const where = `${c.name}.${c_.method} #${i}`;
        const args = c_.args.map(decode);
        const kwargs = Object.fromEntries(Object.entries(c_.kwargs).map(([k, v]) => [k, decode(v)]));
        const expected = c_.expected as { error?: { type: string; message: string } };
        if (expected && typeof expected === "object" && "error" in expected && expected.error) {
          let thrown: unknown;
          try {
            call(obj, c_.method, args, kwargs);
          } catch (e) {
            thrown = e;
          }
          expect(thrown, `${where}: expected ${expected.error.type}`).toBeInstanceOf(PyError);
          expect((thrown as PyError).type, where).toBe(expected.error.type);
          expect((thrown as PyError).message, where).toBe(`${expected.error.type}: ${expected.error.message}`);
          return;
        }
        const out = call(obj, c_.method, args, kwargs);
        expectSame(out, c_.expected, where, c_.atol ?? 0);
      });
      for (const [name, want] of Object.entries(c.attrs)) expectSame(getattr(obj, name), want, `${c.name}.${name}`);
    });
  }
});
