// nb2svc as a user installs it, outside this repository: its package (what `npm pack` makes: package.json's files and
// the shrinkwrap its prepack script writes) installed with `npm install -g --ignore-scripts` into a temporary prefix,
// then run in a temporary folder on a copy of an example. Install and command output hold no warning; the service
// README's demo runs as pasted; its typed client installs into another project; and a replay writes the same service,
// byte for byte, into a folder elsewhere.
import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dependencyDir, packageRoot } from "../../src/assets.ts";
import { NOT_REPRODUCIBLE } from "../helpers/reproducible.ts";

const exec = promisify(execFile);
const root = packageRoot();
const work = mkdtempSync(path.join(os.tmpdir(), "nb2svc-install-"));
const prefix = path.join(work, "prefix");
const installed = path.join(prefix, "bin", "nb2svc");

/** npm's warnings and errors, and nb2svc's: none is expected anywhere here. */
const WARNING = /\bwarn(ing)?\b|\bERR!|EBADENGINE|deprecated/i;

async function run(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout, stderr } = await exec(cmd, [...args], { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, maxBuffer: 64 << 20, timeout: 300_000 });
    return stdout + stderr;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(" ")} failed: ${err.message}\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Every file under `dir` (node_modules aside), relative, with its bytes. */
function tree(dir: string, rel = ""): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    if (name === "node_modules") continue;
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(dir, r)).isDirectory()) for (const [k, v] of tree(dir, r)) out.set(k, v);
    else out.set(r, readFileSync(path.join(dir, r)));
  }
  return out;
}

/** The package as `npm pack` makes it: package.json's `files`, and npm-shrinkwrap.json as its prepack script writes it. */
async function pack(): Promise<string> {
  const staging = path.join(work, "package");
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { files: string[]; scripts: Record<string, string> };
  // the copy below stands for the prepack script, which writes into the repository: check it does this
  expect(pkg.scripts.prepack).toContain("copyFileSync('package-lock.json','npm-shrinkwrap.json')");
  for (const f of [...pkg.files, "package.json", "README.md"]) {
    // a negated entry ("!src/runtime/tsconfig.json") names files npm leaves out: npm pack applies it to the copy
    if (f === "npm-shrinkwrap.json" || f.startsWith("!")) continue;
    cpSync(path.join(root, f), path.join(staging, f), { recursive: true });
  }
  cpSync(path.join(root, "package-lock.json"), path.join(staging, "npm-shrinkwrap.json"));
  const out = await run("npm", ["pack", "--ignore-scripts", "--pack-destination", work], staging);
  const tgz = readdirSync(work).find((f) => f.endsWith(".tgz"));
  expect(tgz, out).toBeDefined();
  return path.join(work, tgz!);
}

/**
 * Runs a shell snippet as if pasted, in its own process group: returns its output once bash exits; whatever it left
 * running (a server it failed to stop) is killed afterwards, after the test has seen that it is still there.
 */
function pasted(script: string, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => reject(new Error(`the pasted demo ran over 120 s:\n${output}`)), 120_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // nothing left
        }
      }, 2000).unref();
      if (code === 0) resolve(output);
      else reject(new Error(`the pasted demo exited ${code}:\n${output}`));
    });
  });
}

let tgz: string;
let installOutput: string;

beforeAll(async () => {
  tgz = await pack();
  installOutput = await run("npm", ["install", "-g", "--ignore-scripts", "--prefer-offline", "--prefix", prefix, tgz], work);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("nb2svc installed from its package, used outside the repository", () => {
  it("installs without a warning and converts an example into a service that works as its README says", async () => {
    expect(installOutput).not.toMatch(WARNING);
    expect(existsSync(installed)).toBe(true);
    expect((await run(installed, ["--version"], work)).trim()).toMatch(/^\d+\.\d+\.\d+$/);

    const project = path.join(work, "project");
    cpSync(path.join(root, "examples", "sentiment"), path.join(project, "sentiment"), { recursive: true });
    const port = await freePort();
    const converted = await run(installed, ["convert", "sentiment/sentiment.ipynb", "--out", "sentiment-svc", "--port", String(port)], project);
    expect(converted).not.toMatch(WARNING);
    expect(converted).toMatch(/checks: \d+ passed, 0 failed/);
    const svc = path.join(project, "sentiment-svc");

    // the README's demo, pasted as it is: installs, starts, waits for readiness, asks, stops
    const readme = readFileSync(path.join(svc, "README.md"), "utf8");
    const demo = /## Try it\n[^]*?```sh\n([^]*?)```/.exec(readme)?.[1];
    expect(demo).toBeDefined();
    const goldens = JSON.parse(readFileSync(path.join(svc, "src", "generated", "goldens.json"), "utf8")) as { goldens: { expected: { label: string } }[] };
    const output = await pasted(demo!, svc);
    expect(output).not.toMatch(WARNING);
    const answer = /^\{"label".*\}$/m.exec(output)?.[0];
    expect(answer, output).toBeDefined();
    expect(JSON.parse(answer!)).toMatchObject({ label: goldens.goldens[0]!.expected.label });
    // and it stopped the service
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    // the typed client, installed by path into another project as the README says, typed and working
    const client = path.join(work, "client-user");
    mkdirSync(client);
    writeFileSync(path.join(client, "package.json"), JSON.stringify({ name: "client-user", private: true, type: "module" }));
    expect(await run("npm", ["install", "--prefer-offline", path.join(svc, "client")], client)).not.toMatch(WARNING);
    writeFileSync(
      path.join(client, "use.ts"),
      `import { Client, ServiceError } from "sentiment-client";\nconst c = new Client(process.argv[2]!);\nconst a = await c.predict({ text: "What a wonderful film" });\nconsole.log(JSON.stringify(a), ServiceError.name);\n`,
    );
    const tsc = path.join(dependencyDir("typescript")!, "bin", "tsc");
    await run(process.execPath, [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--lib", "es2022,dom", "--types", "node", "--typeRoots", path.join(root, "node_modules", "@types"), "use.ts"], client);
    writeFileSync(path.join(client, "use.mjs"), readFileSync(path.join(client, "use.ts"), "utf8").replace("process.argv[2]!", "process.argv[2]"));
    const server = spawn(process.execPath, ["dist/server.js"], { cwd: svc, env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent" }, stdio: "ignore" });
    try {
      for (let i = 0; i < 200 && !(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
      const used = await run(process.execPath, ["use.mjs", `http://127.0.0.1:${port}`], client);
      expect(used).toMatch(/^\{"label":"(positive|negative)","score":[\d.]+\} ServiceError/);
    } finally {
      server.kill("SIGTERM");
    }

    // a replay into a folder elsewhere, at another depth, from another folder: the same files, byte for byte (the
    // bundles name the packages they hold by the service's own node_modules paths)
    const elsewhere = path.join(work, "a", "b", "c");
    mkdirSync(elsewhere, { recursive: true });
    await run(installed, ["convert", path.join(project, "sentiment", "sentiment.ipynb"), "--out", path.join(elsewhere, "svc"), "--port", String(port), "--no-verify"], root);
    const mine = tree(svc);
    const theirs = tree(path.join(elsewhere, "svc"));
    expect([...theirs.keys()]).toEqual([...mine.keys()]);
    for (const [file, bytes] of mine) if (!NOT_REPRODUCIBLE.has(file)) expect(theirs.get(file)!.equals(bytes), file).toBe(true);
  }, 600_000);
});
