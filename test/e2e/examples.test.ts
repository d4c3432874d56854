// Each example end to end: convert (analyze, translate, generate, bundle, verify with the service's own tests; once
// per run, shared with the other e2e tests: test/helpers/examples.ts), then start the bundled server as `npm start`
// would and replay every golden over HTTP.
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { convertedExample, copyExampleService, FULL_SUITE_EXAMPLE, TEMPLATE_PROCESS_TESTS } from "../helpers/examples.ts";

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
    // the examples run the service's own suite (convert's default is the quick check); one of them the whole suite,
    // the others all but the template's process tests (test/helpers/examples.ts)
    const result = await convertedExample(name);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.verify).toMatchObject({ ok: true, failed: 0 });
    // goldens, bad input, OIP, batching, logging, OpenAPI conformance, client, manifests (and with the whole suite:
    // readiness, limits, the bundle's drain, WORKERS)
    const files = new Set(result.verify!.tests.map((t) => t.file));
    for (const f of ["golden", "bad-input", "oip", "batching", "openapi", "client", "manifests", "metrics", "settings"]) expect(files).toContain(`test/${f}.test.ts`);
    const full = name === FULL_SUITE_EXAMPLE;
    for (const f of TEMPLATE_PROCESS_TESTS) expect(files.has(f), f).toBe(full);
    expect(result.verify!.passed).toBeGreaterThanOrEqual(full ? 50 : 35);
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
        "packages",
        "src",
        "test",
        "tsconfig.json",
        "vitest.config.ts",
      ].sort(),
    );

    // a copy of our own to run in: `npm start` runs dist/server.js; onnxruntime-node comes from node_modules (here
    // nb2svc's own)
    const { dir: out } = await copyExampleService(name);

    // what nb2svc regenerates is in src/generated/ (and carries the banner); the rest of src/ is the user's
    expect(readdirSync(path.join(out, "src")).sort()).toEqual(
      [
        "app-script.ts",
        "app.ts",
        "batcher.ts",
        "build-validators.ts",
        "cluster.ts",
        "docs.ts",
        "errors.ts",
        "generated",
        "images.ts",
        "log-stream.ts",
        "metrics.ts",
        "model.ts",
        "oip.ts",
        "onnxruntime-warmup.ts",
        "openapi.ts",
        "plugins",
        "prom-client-parts.d.ts",
        "request-log.ts",
        "routes",
        "server.ts",
        "settings.ts",
        "tensors.ts",
        "validators.ts",
      ].sort(),
    );
    for (const f of readdirSync(path.join(out, "src", "generated")).filter((x) => x.endsWith(".ts"))) {
      expect(readFileSync(path.join(out, "src", "generated", f), "utf8"), f).toMatch(/^\/\/ Generated by nb2svc /);
    }
    expect(readFileSync(path.join(out, "src", "app.ts"), "utf8")).not.toContain("Generated by nb2svc");
    expect(JSON.parse(readFileSync(path.join(out, "packages", "runtime", "package.json"), "utf8"))).toMatchObject({ name: "@nb2svc/runtime", sideEffects: false });

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
