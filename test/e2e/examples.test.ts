// Each example end to end: convert (analyze, translate, generate, bundle, verify with the service's own tests; once
// per run, shared with the other e2e tests: test/helpers/examples.ts), then start the bundled server as `npm start`
// would and replay every golden over HTTP.
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { convertedExample, copyExampleService } from "../helpers/examples.ts";

const examples = readdirSync(path.join(packageRoot(), "examples"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

function close(a: unknown, e: unknown, tol = 2e-4): boolean {
  if (typeof e === "number") return typeof a === "number" && Math.abs(a - e) <= tol + 1e-4 * Math.abs(e);
  if (Array.isArray(e)) return Array.isArray(a) && a.length === e.length && e.every((x, i) => close(a[i], x, tol));
  if (e && typeof e === "object") {
    const ao = a as Record<string, unknown>;
    return !!a && typeof a === "object" && Object.keys(e).length === Object.keys(ao).length && Object.entries(e).every(([k, v]) => close(ao[k], v, tol));
  }
  return a === e;
}

async function startBundle(dir: string): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [path.join(dir, "dist", "server.js")], {
    cwd: dir,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
  const url = await new Promise<string>((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(() => reject(new Error("server did not start: " + buf)), 20_000);
    child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      const m = /"address":"([^"]+)"/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  for (let i = 0; i < 100; i++) {
    if ((await fetch(url + "/readyz")).ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

describe.each(examples)("example %s", (name) => {
  it("converts into a service whose own tests pass, and which serves the notebook's answers", async () => {
    // the examples run the service's whole suite (convert's default is the quick check)
    const result = await convertedExample(name);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.verify).toMatchObject({ ok: true, failed: 0 });
    // goldens, bad input, OIP, batching, readiness, limits, logging, OpenAPI conformance, client, manifests, bundle
    expect(result.verify!.passed).toBeGreaterThanOrEqual(50);
    const files = new Set(result.verify!.tests.map((t) => t.file));
    for (const f of ["golden", "bad-input", "oip", "batching", "lifecycle", "openapi", "client", "manifests", "bundle"]) expect(files).toContain(`test/${f}.test.ts`);
    const goldens = result.plan!.goldens;
    expect(goldens.length).toBeGreaterThanOrEqual(2);
    expect(readdirSync(result.out).sort()).toEqual(
      [
        ".dockerignore",
        "Dockerfile",
        "README.md",
        "bench",
        "client",
        "dist",
        "k8s",
        "model",
        "openapi.json",
        "package-lock.json",
        "package.json",
        "src",
        "test",
        "tsconfig.json",
        "vitest.config.ts",
      ].sort(),
    );

    // a copy of our own to run in: `npm start` runs dist/server.js; onnxruntime-node comes from node_modules (here
    // nb2svc's own)
    const { dir: out } = await copyExampleService(name);
    symlinkSync(path.join(packageRoot(), "node_modules"), path.join(out, "node_modules"), "dir");
    // the generated TypeScript type-checks under strict settings (`npm run typecheck` in the service)
    execFileSync(process.execPath, [path.join(packageRoot(), "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", out], { stdio: "pipe" });
    const server = await startBundle(out);
    try {
      for (const g of goldens) {
        const res = await fetch(server.url + "/predict", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(g.request) });
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(close(body, g.expected), `${JSON.stringify(body)} vs ${JSON.stringify(g.expected)}`).toBe(true);
      }
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // conversion with the full suite (another worker's, perhaps), tsc and the server: over 4 minutes at a load of 20
  }, 900_000);
});
