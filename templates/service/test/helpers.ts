// Test helpers: a real HTTP server on a free loopback port, and the tolerance check for the notebook's numbers.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildApp, type App } from "../src/app.ts";
import { SERVICE } from "../src/service.ts";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const modelPath = path.join(root, "model", SERVICE.model.file);

export interface Running extends App {
  readonly url: string;
  post(route: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown; headers: Headers }>;
}

export async function startService(): Promise<Running> {
  const built = buildApp({ modelPath });
  await built.model.load();
  const address = await built.app.listen({ host: "127.0.0.1", port: 0 });
  return {
    ...built,
    url: address,
    async post(route, body, headers = { "content-type": "application/json" }) {
      const res = await fetch(address + route, {
        method: "POST",
        headers,
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text, the test says what it expected
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
  };
}

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** Differences between `actual` and `expected`: numbers within tolerance, everything else equal. Empty when close. */
export function differences(actual: unknown, expected: unknown, tol: Tolerance, at = "$"): string[] {
  if (typeof expected === "number" && typeof actual === "number") {
    return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected) ? [] : [`${at}: ${actual} is not within tolerance of ${expected}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected a list, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) return [`${at}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((e, i) => differences(actual[i], e, tol, `${at}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
    return [...keys].flatMap((k) =>
      !(k in e) ? [`${at}.${k}: unexpected`] : !(k in a) ? [`${at}.${k}: missing`] : differences(a[k], e[k], tol, `${at}.${k}`),
    );
  }
  return Object.is(actual, expected) ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
