// The wizard end to end, as a person meets it: the real CLI (dist/cli.js) in an 80x24 pseudo-terminal (tmux),
// started in a copy of an example folder, walked to the end with keystrokes. It must leave a service whose own
// tests passed and an nb2svc.json from which `nb2svc convert --config nb2svc.json --yes` makes the same files, byte
// for byte.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/assets.ts";
import { nb2svc } from "../helpers/cli.ts";
import { copyExample, tick } from "./helpers.ts";
import { NOT_REPRODUCIBLE } from "../helpers/reproducible.ts";

const TMUX = "/usr/bin/tmux";
// a server of our own (its own socket), so that nothing else running tmux is touched
const SOCKET = `nb2svc-e2e-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync(TMUX, ["-L", SOCKET, ...args], { encoding: "utf8" });
const screen = (): string => tmux("capture-pane", "-p", "-t", "wizard");
const send = (...keys: string[]): void => void tmux("send-keys", "-t", "wizard", ...keys);

async function waitForScreen(ok: (s: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = screen();
    if (ok(s)) return s;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; the screen:\n${s}`);
    await tick(100);
  }
}

/** Every file under `dir`, relative, with its bytes. */
function tree(dir: string, rel = ""): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(dir, r)).isDirectory()) for (const [k, v] of tree(dir, r)) out.set(k, v);
    else out.set(r, readFileSync(path.join(dir, r)));
  }
  return out;
}

afterAll(() => {
  try {
    const socket = tmux("display-message", "-p", "#{socket_path}").trim();
    tmux("kill-server");
    rmSync(socket, { force: true });
  } catch {
    // already gone
  }
});

// tools/setup-e2e.sh installs tmux; without it the wizard's terminal tests cannot run, and this says so
it.runIf(!existsSync(TMUX))("has tmux", () => expect.fail(`needs ${TMUX}: run tools/setup-e2e.sh`));

describe.skipIf(!existsSync(TMUX))("the wizard in a terminal", () => {
  it("gives the terminal back on Ctrl-C, exiting 130", async () => {
    const { dir } = copyExample("digits");
    const exitFile = path.join(dir, ".exit-code");
    tmux("new-session", "-d", "-s", "interrupt", "-x", "80", "-y", "24", "-c", dir, `'${process.execPath}' '${path.join(packageRoot(), "dist", "cli.js")}'; code=$?; stty -a > '${exitFile}.stty'; echo $code > '${exitFile}'; sleep 600`);
    const pane = () => tmux("capture-pane", "-p", "-t", "interrupt");
    for (let i = 0; i < 100 && !pane().includes("› digits.ipynb"); i++) await tick(100);
    expect(pane()).toContain("› digits.ipynb");
    tmux("send-keys", "-t", "interrupt", "C-c");
    for (let i = 0; i < 50 && !existsSync(exitFile); i++) await tick(100);
    expect(readFileSync(exitFile, "utf8").trim()).toBe("130");
    expect(pane()).toContain("nb2svc: stopped; nothing was written");
    expect(pane()).not.toContain("[Notebook]");
    // raw mode is off again (line editing and echo are back), the cursor is shown and the screen is the normal one
    const stty = readFileSync(`${exitFile}.stty`, "utf8");
    expect(stty).toMatch(/(^|\s)icanon(\s|$)/);
    expect(stty).toMatch(/(^|\s)echo(\s|$)/);
    expect(tmux("display-message", "-p", "-t", "interrupt", "#{cursor_flag} #{alternate_on}").trim()).toBe("1 0");
  }, 60_000);

  it("walks from the notebook to a tested service and an nb2svc.json that replays to the same files", async () => {
    const { dir } = copyExample("iris");
    const cli = path.join(packageRoot(), "dist", "cli.js");
    const exitFile = path.join(dir, ".exit-code");
    tmux(
      "new-session", "-d", "-s", "wizard", "-x", "80", "-y", "24", "-c", dir,
      // CI=true as in a CI job: Ink must still draw every frame for a person at a terminal (cli.tsx)
      `env NO_COLOR=1 CI=true '${process.execPath}' '${cli}'; echo $? > '${exitFile}'; sleep 600`,
    );

    const picker = await waitForScreen((s) => s.includes("› iris.ipynb"), "the notebook picker");
    expect(picker).toContain("nb2svc [Notebook] › Overview");
    send("Enter");
    await waitForScreen((s) => s.includes("✓ no problems found") && / {2}8 \[5\] +preprocess/.test(s), "the overview");
    // NO_COLOR: bold stays, colours go (tmux shows the default colour resets 39/49 only)
    expect(tmux("capture-pane", "-p", "-e", "-t", "wizard")).not.toMatch(/\x1b\[[0-9;]*\b(3[0-7]|9[0-7]|38;5|38;2)m/);
    send("Enter");
    await waitForScreen((s) => s.includes("features float32  [batch, 4]"), "the model");
    // Esc goes back a screen, and Enter forward again
    send("Escape");
    await waitForScreen((s) => s.includes("[Overview]"), "the overview again");
    send("Enter");
    await waitForScreen((s) => s.includes("features float32  [batch, 4]"), "the model again");
    send("Enter");
    await waitForScreen((s) => s.includes("Inference path: all translated") && s.includes("│ function preprocess("), "the preprocessing");
    send("Enter");
    await waitForScreen((s) => s.includes("[ Generate the service ]") && /› service name\s+iris▌/.test(s), "the options");
    // typed, then erased by a burst of Backspaces that reaches the wizard in one read (as a fast typist's or a
    // program's would): every one of them erases
    tmux("send-keys", "-t", "wizard", "-l", "xyz");
    await waitForScreen((s) => /› service name\s+irisxyz▌/.test(s), "the typed name");
    tmux("send-keys", "-t", "wizard", "-l", "\x7f\x7f\x7f");
    await waitForScreen((s) => /› service name\s+iris▌/.test(s), "the name after three Backspaces in one read");
    send("Enter");
    await waitForScreen((s) => /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] \w+/.test(s) || s.includes("Done"), "the stages running");
    const done = await waitForScreen((s) => s.includes("✓ Saved your choices") || s.includes("Stopped"), "the end of generation", 180_000);
    expect(done).toMatch(/Checks: \d+ passed, 0 failed/);
    expect(done).toContain("✓ Wrote iris-svc:");
    expect(done).toContain("  npx nb2svc convert --config nb2svc.json --yes --force");
    expect(done).toContain("  cd iris-svc && npm ci --omit=dev && npm start");
    for (const line of done.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    send("q");

    // the terminal is back to its normal screen, with the next commands printed whole
    const after = await waitForScreen((s) => s.includes("next:"), "the report after the wizard");
    expect(after).not.toContain("nb2svc [Notebook]");
    // the terminal wraps long lines at 80 columns
    const unwrapped = after.replace(/\n/g, "");
    expect(unwrapped).toContain("saved your choices to nb2svc.json; replay them with: npx nb2svc convert --config nb2svc.json --yes --force");
    expect(unwrapped).toContain(`curl -s localhost:8080/predict -H 'content-type: application/json' -d '{"features":[5.1,3.5,1.4,0.2]}'`);
    for (let i = 0; i < 50 && !existsSync(exitFile); i++) await tick(100);
    expect(readFileSync(exitFile, "utf8").trim()).toBe("0");

    // CI's replay: the same files, byte for byte
    const config = JSON.parse(readFileSync(path.join(dir, "nb2svc.json"), "utf8"));
    expect(config).toMatchObject({ version: 1, notebook: "iris.ipynb", out: "iris-svc", name: "iris", preprocess: "preprocess", postprocess: "postprocess", verify: true });
    renameSync(path.join(dir, "iris-svc"), path.join(dir, "wizard-svc"));
    const replay = await nb2svc(["convert", "--config", "nb2svc.json", "--yes"], { cwd: dir, timeoutMs: 180_000 });
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(/checks: \d+ passed, 0 failed/);
    const wizardFiles = tree(path.join(dir, "wizard-svc"));
    const replayFiles = tree(path.join(dir, "iris-svc"));
    expect([...replayFiles.keys()]).toEqual([...wizardFiles.keys()]);
    for (const [file, bytes] of wizardFiles) if (!NOT_REPRODUCIBLE.has(file)) expect(replayFiles.get(file)!.equals(bytes), file).toBe(true);
  }, 300_000);
});
