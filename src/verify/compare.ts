// How close an answer must be to the notebook's: numbers within |a - e| <= atol + rtol * |e|, everything else equal
// (the same rule the service's own tests apply, in test/helpers.ts there).
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** Where `actual` differs from `expected` (JSON values), as `$.path: why` lines; empty when they agree. */
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
    return [...keys].flatMap((k) => (!(k in e) ? [`${at}.${k}: unexpected`] : !(k in a) ? [`${at}.${k}: missing`] : differences(a[k], e[k], tol, `${at}.${k}`)));
  }
  return Object.is(actual, expected) ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
