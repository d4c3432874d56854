// The bundle (dist/server.js, what `npm start` and the container run) serves the notebook's first example and
// exits 0 on SIGTERM.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { differences, root } from "./helpers.ts";

const bundle = path.join(root, "dist", "server.js");
const { tolerance, goldens } = JSON.parse(readFileSync(path.join(root, "test", "goldens.json"), "utf8")) as {
  tolerance: { rtol: number; atol: number };
  goldens: { request: unknown; expected: unknown }[];
};

it("serves from the bundle and stops cleanly on SIGTERM", async () => {
  expect(existsSync(bundle), "run `npm run build` first").toBe(true);
  const child = spawn(process.execPath, [bundle], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const lines: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening" line: ${lines.join("\n")}`)), 20_000);
      let buf = "";
      child.stdout.on("data", (d: Buffer) => {
        buf += d.toString();
        for (;;) {
          const nl = buf.indexOf("\n");
          if (nl < 0) break;
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          lines.push(line);
          const msg = JSON.parse(line) as { msg?: string; address?: string };
          if (msg.msg === "listening" && msg.address) {
            clearTimeout(timer);
            resolve(msg.address);
          }
        }
      });
    });
    let ready = false;
    for (let i = 0; i < 200 && !ready; i++) {
      ready = (await fetch(url + "/readyz")).status === 200;
      if (!ready) await new Promise((r) => setTimeout(r, 50));
    }
    expect(ready).toBe(true);
    if (goldens[0]) {
      const res = await fetch(url + "/predict", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(goldens[0].request),
      });
      expect(res.status).toBe(200);
      expect(differences(await res.json(), goldens[0].expected, tolerance)).toEqual([]);
    }
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  } finally {
    child.kill("SIGKILL");
  }
}, 30_000);
