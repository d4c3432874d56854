// Converting into a service nb2svc wrote before regenerates it: src/generated/ (and the runtime package and the
// model) are rewritten, the user's own files are kept, reported when they differ, and replaced only with --force.
// The case a user meets first: a route added in an owned file survives, and the regenerated service serves it.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { convert } from "../../src/driver/pipeline.ts";

const parent = mkdtempSync(path.join(os.tmpdir(), "nb2svc-regen-"));
afterAll(() => rmSync(parent, { recursive: true, force: true }));
const iris = path.join(packageRoot(), "examples", "iris", "iris.ipynb");

const VERSION_ROUTE = `// GET /version: which build of the service answers (added by the service's user).
import type { FastifyPluginCallback } from "fastify";

export const versionRoutes: FastifyPluginCallback = (app, _opts, done) => {
  app.get("/version", { schema: { operationId: "version", summary: "The build", response: { 200: { type: "object" } } } }, async () => ({ build: "user-42" }));
  done();
};
`;

async function freePort(): Promise<number> {
  return await new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts dist/server.js, waits until ready, returns what `get` answers, then stops it. */
async function serve(dir: string, paths: readonly string[]): Promise<Record<string, { status: number; body: string }>> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(dir, "dist", "server.js")], { cwd: dir, env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" }, stdio: "ignore" });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 150) throw new Error("the service did not become ready");
      await new Promise((r) => setTimeout(r, 100));
    }
    const out: Record<string, { status: number; body: string }> = {};
    for (const p of paths) {
      const r = await fetch(url + p);
      out[p] = { status: r.status, body: await r.text() };
    }
    return out;
  } finally {
    child.kill("SIGKILL");
  }
}

describe("regenerating a service", () => {
  const out = path.join(parent, "svc");

  it("keeps a route the user added in owned files, rewrites src/generated/, and serves both", async () => {
    const first = await convert(iris, { out, verify: false });
    expect(first.ok, JSON.stringify(first.diagnostics)).toBe(true);
    // the user's edits: a route of their own, registered in app.ts; and a hand edit in the generated folder
    writeFileSync(path.join(out, "src", "routes", "version.ts"), VERSION_ROUTE);
    const appFile = path.join(out, "src", "app.ts");
    const app = readFileSync(appFile, "utf8")
      .replace('import { predictRoutes } from "./routes/predict.ts";', 'import { predictRoutes } from "./routes/predict.ts";\nimport { versionRoutes } from "./routes/version.ts";')
      .replace("  app.register(oipRoutes);", "  app.register(oipRoutes);\n  app.register(versionRoutes);");
    expect(app).toContain("app.register(versionRoutes)");
    writeFileSync(appFile, app);
    const service = path.join(out, "src", "generated", "service.ts");
    const generated = readFileSync(service, "utf8");
    writeFileSync(service, generated + "\n// a hand edit that regeneration discards\n");
    writeFileSync(path.join(out, "src", "generated", "stale.ts"), "export const STALE = 1;\n");
    // a build output this nb2svc does not write (an older one split the server's bundle into dist/chunks/)
    mkdirSync(path.join(out, "dist", "chunks"));
    writeFileSync(path.join(out, "dist", "chunks", "metrics-OLD.js"), "export {};\n");
    // what `npm install` left stays where it is
    mkdirSync(path.join(out, "node_modules", "left-by-npm"), { recursive: true });

    const again = await convert(iris, { out, verify: false });
    expect(again.ok, JSON.stringify(again.diagnostics)).toBe(true);
    expect(readFileSync(appFile, "utf8")).toBe(app);
    expect(readFileSync(path.join(out, "src", "routes", "version.ts"), "utf8")).toBe(VERSION_ROUTE);
    expect(readFileSync(service, "utf8")).toBe(generated);
    expect(existsSync(path.join(out, "src", "generated", "stale.ts"))).toBe(false);
    expect(existsSync(path.join(out, "dist", "chunks"))).toBe(false);
    expect(existsSync(path.join(out, "node_modules", "left-by-npm"))).toBe(true);
    const kept = again.diagnostics.find((d) => d.code === "WRITE_KEPT");
    expect(kept?.message).toContain("src/app.ts");
    expect(kept?.message).not.toContain("version.ts");

    // the route is in the bundle and in the OpenAPI document built from the routes
    rmSync(path.join(out, "node_modules", "left-by-npm"), { recursive: true });
    rmSync(path.join(out, "node_modules"), { recursive: true });
    symlinkSync(path.join(packageRoot(), "node_modules"), path.join(out, "node_modules"), "dir");
    const answers = await serve(out, ["/version", "/openapi.json"]);
    expect(answers["/version"]).toEqual({ status: 200, body: '{"build":"user-42"}' });
    expect(JSON.parse(answers["/openapi.json"]!.body).paths["/version"].get.operationId).toBe("version");
    expect(JSON.parse(readFileSync(path.join(out, "openapi.json"), "utf8")).paths["/version"]).toBeDefined();
    rmSync(path.join(out, "node_modules"));
  }, 180_000);

  it("replaces the user's files that differ only with --force, keeping files nb2svc does not write", async () => {
    const forced = await convert(iris, { out, verify: false, force: true });
    expect(forced.ok, JSON.stringify(forced.diagnostics)).toBe(true);
    expect(forced.diagnostics.find((d) => d.code === "WRITE_REPLACED")?.message).toContain("src/app.ts");
    expect(readFileSync(path.join(out, "src", "app.ts"), "utf8")).toBe(readFileSync(path.join(packageRoot(), "templates", "service", "src", "app.ts"), "utf8"));
    expect(existsSync(path.join(out, "src", "routes", "version.ts"))).toBe(true);
  }, 180_000);
});
