// What the built CLI loads: --version, --help and an unknown option answer without the pipeline, whose TypeScript
// (ts-morph and the compiler it carries) is most of a start; a command that translates loads it, when it gets to
// translating: inspect (which translates so that it fails where convert would) of a notebook it cannot read does not. Every CommonJS
// module Node loads, through require() or an import, is listed in the module cache that a preload prints at exit.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nb2svc } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

const preload = path.join(tempDir("nb2svc-startup-"), "list-modules.cjs");
writeFileSync(
  preload,
  `const Module = require("node:module");\nprocess.on("exit", () => process.stderr.write("\\nLOADED " + JSON.stringify(Object.keys(Module._cache)) + "\\n"));\n`,
);

async function loaded(args: readonly string[]): Promise<{ code: number | null; modules: string[] }> {
  const r = await nb2svc(args, { nodeArgs: ["--require", preload] });
  const line = /^LOADED (.*)$/m.exec(r.stderr);
  expect(line, r.stderr).not.toBeNull();
  return { code: r.code, modules: JSON.parse(line![1]!) as string[] };
}

const typescript = (modules: readonly string[]): string[] => modules.filter((m) => /[\\/]node_modules[\\/](typescript|ts-morph|@ts-morph)[\\/]/.test(m));

describe("the CLI's start", () => {
  it.each(["--version", "--help", "convert --help", "--bogus"])("nb2svc %s loads no TypeScript", async (args) => {
    const r = await loaded(args.split(" "));
    expect(r.code).not.toBeNull();
    expect(typescript(r.modules)).toEqual([]);
  });

  it("nb2svc inspect of a notebook that stops before translation (not JSON) loads none", async () => {
    const r = await loaded(["inspect", path.join("test", "fixtures", "invalid-json", "notebook.ipynb"), "--json"]);
    expect(r.code).toBe(1);
    expect(typescript(r.modules)).toEqual([]);
  });

  it("nb2svc translate loads it (the check above sees what it looks for)", async () => {
    const r = await loaded(["translate", "examples/iris/iris.ipynb", "--function", "preprocess"]);
    expect(r.code).toBe(0);
    expect(typescript(r.modules).some((m) => /[\\/]ts-morph[\\/]/.test(m))).toBe(true);
    // the compiler: typescript's own package, or the copy @ts-morph/common carries
    expect(typescript(r.modules).some((m) => /[\\/]typescript[\\/]|typescript\.js$/.test(m))).toBe(true);
  });
});
