// VerifyReport: made by verify from running a written service's own tests; read by the CLI, the wizard and reports.

export interface TestOutcome {
  readonly name: string;
  readonly file: string;
  readonly status: "passed" | "failed" | "skipped";
  readonly durationMs: number;
  readonly message?: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly durationMs: number;
  readonly tests: readonly TestOutcome[];
  /** The test runner's own output when it could not report results (a crash, a timeout). */
  readonly output?: string;
}
