// nb2svc.json: the schema is what validates it, paths are relative to the file, the writer's output reads back to
// the same settings, and `convert --config` takes them (command-line options winning).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { configText, convertOptions, ConfigError, mergeConfig, parseConfig, readConfig, writeConfig, type Config } from "../../src/config/config.ts";
import { nb2svc } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

const tmp = () => tempDir("nb2svc-config-");
const schema = JSON.parse(readFileSync(path.join(packageRoot(), "docs", "nb2svc.schema.json"), "utf8"));

describe("nb2svc.json", () => {
  it("resolves paths against the file's folder and drops $schema and version", async () => {
    const dir = tmp();
    const file = path.join(dir, "nb2svc.json");
    writeFileSync(file, JSON.stringify({ $schema: "x", version: 1, notebook: "nb/a.ipynb", out: "../svc", model: "m.onnx", name: "a", port: 9000, batching: { maxBatchRows: 8 }, container: false }));
    expect(await readConfig(file)).toEqual({
      notebook: path.join(dir, "nb", "a.ipynb"),
      out: path.join(path.dirname(dir), "svc"),
      model: path.join(dir, "m.onnx"),
      name: "a",
      port: 9000,
      batching: { maxBatchRows: 8 },
      container: false,
    });
  });

  it.each([
    [{ prot: 8080 }, 'unknown setting "prot"'],
    [{ port: 70000 }, '"port" must be <= 65535'],
    [{ port: "8080" }, '"port" must be integer'],
    [{ name: "My Service" }, '"name" must be lowercase letters, digits and dashes'],
    [{ version: 2 }, '"version" must be 1'],
    [{ batching: { enabled: true, size: 3 } }, 'unknown setting "batching.size"'],
    [{ preprocess: "pre process" }, '"preprocess" must be a Python function name'],
    [[1], "the config must be a JSON object"],
  ])("refuses %j: %s", async (json, message) => {
    await expect(parseConfig(json, "nb2svc.json", "/x")).rejects.toThrow(ConfigError);
    await expect(parseConfig(json, "nb2svc.json", "/x")).rejects.toThrow(message);
  });

  it("writes every setting in a fixed order with relative paths, and reads back what it wrote", async () => {
    const dir = tmp();
    const config: Config = {
      verify: true,
      kubernetes: false,
      batching: { maxQueueRows: 10, enabled: true, maxDelayMs: 1.5, maxBatchRows: 4 },
      notebook: path.join(dir, "a.ipynb"),
      out: path.join(dir, "out", "svc"),
      name: "a",
      model: path.join(dir, "models", "a.onnx"),
      preprocess: "pre",
      postprocess: "post",
      port: 1234,
      container: true,
    };
    const text = configText(config, dir);
    expect(text).toBe(
      `{
  "version": 1,
  "notebook": "a.ipynb",
  "out": "out/svc",
  "name": "a",
  "model": "models/a.onnx",
  "preprocess": "pre",
  "postprocess": "post",
  "port": 1234,
  "batching": {
    "enabled": true,
    "maxBatchRows": 4,
    "maxDelayMs": 1.5,
    "maxQueueRows": 10
  },
  "container": true,
  "kubernetes": false,
  "verify": true
}
`,
    );
    const file = path.join(dir, "nb2svc.json");
    expect(await writeConfig(file, config)).toBe(text);
    expect(await readConfig(file)).toEqual(config);
  });

  it("lets command-line settings win, merging batching setting by setting", () => {
    const merged = mergeConfig({ name: "a", port: 1, batching: { enabled: true, maxBatchRows: 8 } }, { port: 2, name: undefined, batching: { enabled: false } });
    expect(merged).toEqual({ name: "a", port: 2, batching: { enabled: false, maxBatchRows: 8 } });
    expect(convertOptions({ out: "/o", ...merged }, { force: true })).toEqual({ out: "/o", force: true, verify: true, name: "a", port: 2, batching: { enabled: false, maxBatchRows: 8 }, container: true, kubernetes: true });
  });

  it("documents every setting in the schema and in docs/config.md", () => {
    const doc = readFileSync(path.join(packageRoot(), "docs", "config.md"), "utf8");
    const keys = (props: Record<string, { description?: string; properties?: Record<string, unknown> }>, prefix = ""): string[] =>
      Object.entries(props).flatMap(([k, v]) => [prefix + k, ...(v.properties ? keys(v.properties as typeof props, `${prefix}${k}.`) : [])]);
    for (const key of keys(schema.properties)) {
      const leaf = key.split(".").pop()!;
      expect(doc, key).toContain(`\`${leaf}\``);
    }
    for (const [k, v] of Object.entries(schema.properties as Record<string, { description?: string }>)) if (k !== "batching") expect(v.description, k).toBeTruthy();
  });
});

describe("convert --config", () => {
  it("refuses an invalid config as a usage error naming the setting", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "nb2svc.json"), JSON.stringify({ notebook: "x.ipynb", out: "svc", port: 0 }));
    const r = await nb2svc(["convert", "--config", path.join(dir, "nb2svc.json"), "--yes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nb2svc.json: "port" must be >= 1');
  });

  it("takes the notebook and settings from the config; options on the command line win", async () => {
    const dir = tmp();
    const config = path.join(dir, "nb2svc.json");
    writeFileSync(config, JSON.stringify({ notebook: path.relative(dir, path.join(packageRoot(), "examples", "digits", "digits.ipynb")), out: "svc", name: "from-config", port: 9000, kubernetes: false }));
    const r = await nb2svc(["convert", "--config", config, "--yes", "--json", "--no-verify", "--name", "from-flag"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ ok: true, out: "svc", service: { name: "from-flag" } });
    expect(report.files.some((f: string) => f.startsWith("k8s/"))).toBe(false);
    expect(report.files).toContain("Dockerfile");
    const sources = report.files.filter((f: string) => f.startsWith("src/")).map((f: string) => readFileSync(path.join(dir, "svc", f), "utf8"));
    expect(sources.some((s: string) => /\b9000\b/.test(s))).toBe(true);
  });
});

describe("convert --config from another folder", () => {
  it("reads the notebook and writes --out relative to the config file, not to where it runs", async () => {
    const dir = tmp();
    const copy = path.join(dir, "project");
    mkdirSync(copy);
    for (const f of ["iris.ipynb", "iris.onnx", "iris_stats.json"]) copyFileSync(path.join(packageRoot(), "examples", "iris", f), path.join(copy, f));
    writeFileSync(path.join(copy, "nb2svc.json"), JSON.stringify({ version: 1, notebook: "iris.ipynb", out: "iris-svc" }));
    const elsewhere = tmp();
    const r = await nb2svc(["convert", "--config", path.join(copy, "nb2svc.json"), "--yes", "--no-verify", "--json"], { cwd: elsewhere });
    expect(r.code, r.stdout).toBe(0);
    expect(existsSync(path.join(copy, "iris-svc", "dist", "server.js"))).toBe(true);
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});

describe("the example GitHub Actions workflow", () => {
  it("converts with the saved choices on every push, then runs the service's tests", () => {
    const wf = readFileSync(path.join(packageRoot(), "docs", "github-actions.yml"), "utf8");
    expect(wf).toMatch(/^on:\n {2}push:/m);
    expect(wf).toMatch(/nb2svc convert --config nb2svc\.json --yes$/m);
    expect(wf).toMatch(/run: npm ci && npm test$/m);
    // installing nb2svc runs no install script (onnxruntime-node's would download CUDA libraries)
    expect(wf).toMatch(/npx --yes --ignore-scripts --package "\$NB2SVC" nb2svc convert/);
    // YAML does not allow tabs for indentation
    expect(wf).not.toMatch(/^\t/m);
  });
});
