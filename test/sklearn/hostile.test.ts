// The pickle reader against hostile and broken files (fixtures/hostile, gen_hostile_pickles.py): payloads that
// Python's own pickle runs (the generator checks each one creates its marker file) are refused by name and create
// nothing; memory and stack bombs hit a limit; truncated, garbage and unsupported files get a clear error; pickles
// of scikit-learn releases whose layout is not read are read as data and then refused by their version.
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PickleError, readPickleFile, unreadSklearnLayout } from "../../src/pickle/index.ts";
import { FIXTURES } from "./helpers.ts";

interface Hostile {
  file: string;
  kind: "refused" | "invalid" | "limit" | "unsupported" | "layout" | "function";
  message: string;
  marker?: string;
}

const DIR = path.join(FIXTURES, "hostile");
const cases: Hostile[] = JSON.parse(readFileSync(path.join(DIR, "hostile.json"), "utf8"));

describe("hostile and broken pickles", () => {
  it("covers code execution, resource exhaustion, broken files and unread versions", () => {
    const kinds = new Set(cases.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(["function", "invalid", "layout", "limit", "refused", "unsupported"]);
    expect(cases.filter((c) => c.marker).length).toBeGreaterThanOrEqual(6);
  });

  for (const c of cases) {
    it(`${c.file}: ${c.kind} (${c.message})`, () => {
      if (c.marker) rmSync(c.marker, { force: true });
      const bytes = readFileSync(path.join(DIR, c.file));
      const started = Date.now();
      let error: unknown;
      let value: unknown;
      try {
        value = readPickleFile(bytes, c.file === "zlib_bomb.joblib" ? { maxDecompressedBytes: 16 << 20 } : {}).value;
      } catch (e) {
        error = e;
      }
      // nothing ran: the payload's marker file was not created
      if (c.marker) expect(existsSync(c.marker), `${c.marker} must not exist`).toBe(false);
      expect(Date.now() - started).toBeLessThan(5000);
      if (c.kind === "function") {
        // read as data (the function is only a name); the analysis refuses it (translate.test.ts)
        expect(error).toBeUndefined();
        expect(JSON.stringify(value)).toContain(`"cls":"builtins.function","state":{"k":"str","v":"__main__.${c.message}"}`);
        return;
      }
      if (c.kind === "layout") {
        expect(error).toBeUndefined();
        const why = unreadSklearnLayout(value as never);
        expect(why).toContain(c.message);
        expect(why).toContain("1.0 to 1.5");
        return;
      }
      expect(error, "reading must fail").toBeInstanceOf(PickleError);
      const pe = error as PickleError;
      expect(pe.kind).toBe(c.kind);
      expect(pe.message).toContain(c.message);
    });
  }

  it("names the global and says nothing is run", () => {
    try {
      readPickleFile(readFileSync(path.join(DIR, "posix_system_p2.pkl")));
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toBe(
        "the pickle references `posix.system`, which nb2svc does not read: only fitted scikit-learn transformers, numpy arrays and plain data are read, and nothing in a pickle is ever run",
      );
      expect((e as PickleError).offset).toBe(2);
    }
  });
});
