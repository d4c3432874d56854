// The routes' request validators compiled at build time (src/generated/validators.ts): the bundle stage writes the
// same bytes as the service's own `npm run build` (its first step, as its package.json has it), for a tabular and an
// array example; each service's own suite checks what they answer (test/validators.test.ts). An e2e test: it reads
// the run's conversions of the examples, and runs esbuild and node as the build script does.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { VALIDATORS_ENTRY } from "../../src/codegen/bundle-options.ts";
import { copyExampleService } from "../helpers/examples.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "nb2svc-validators-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(["iris", "digits"])("%s", (name) => {
  it("has every route's validators written by the bundle stage, byte for byte as `npm run build` writes them", async () => {
    // a copy of the run's one conversion of the example (test/helpers/examples.ts): the build below rewrites a file
    const { dir: out, example } = await copyExampleService(name, path.join(tmp, name));
    expect(example.ok, JSON.stringify(example.diagnostics)).toBe(true);
    const file = path.join(out, ...VALIDATORS_ENTRY.outfile.split("/"));
    const written = readFileSync(file, "utf8");
    for (const route of ["POST /predict body", "POST /v2/models/:model_name/infer body", "GET /v2/models/:model_name params"]) expect(written).toContain(route);
    // the build script's steps up to the server's bundle, run on a service whose validators are none again
    const build = (JSON.parse(readFileSync(path.join(out, "package.json"), "utf8")) as { scripts: { build: string } }).scripts.build;
    const steps = build.split(" && ");
    const emit = steps.slice(0, steps.findIndex((s) => s.startsWith("esbuild src/server.ts")));
    expect(emit.join(" && ")).toContain(VALIDATORS_ENTRY.entry);
    writeFileSync(file, 'import type { PrecompiledValidator } from "../validators.ts";\nexport const VALIDATORS: readonly PrecompiledValidator[] = [];\n');
    symlinkSync(path.join(packageRoot(), "node_modules"), path.join(out, "node_modules"), "dir");
    const bin = path.join(packageRoot(), "node_modules", ".bin");
    execFileSync("sh", ["-c", emit.join(" && ")], { cwd: out, stdio: "pipe", env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } });
    expect(readFileSync(file, "utf8")).toBe(written);
  });
});
