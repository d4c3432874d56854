// Whether a server's answer is the notebook's: JSON equality with the goldens' numeric tolerance.

export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

export function sameAnswer(actual: unknown, expected: unknown, tol: Tolerance): boolean {
  if (typeof expected === "number" && typeof actual === "number") return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => sameAnswer(actual[i], e, tol));
  }
  if (expected && typeof expected === "object") {
    if (!actual || typeof actual !== "object" || Array.isArray(actual)) return false;
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const keys = Object.keys(e);
    return keys.length === Object.keys(a).length && keys.every((k) => sameAnswer(a[k], e[k], tol));
  }
  return actual === expected;
}
