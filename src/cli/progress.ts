// Live progress of a convert on stderr. At a terminal: one line redrawn in place (the stage, how many of them, the
// checks or tests counted so far, the time since the start), erased at the end so that the diagnostics come first
// and the stage timings last. Elsewhere (a pipe, a CI log): one line per stage as it ends, and the checks counted on
// verify's line.
import type { StageEvent, StageName } from "../driver/pipeline.ts";
import type { TestOutcome } from "../verify/types.ts";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export class Progress {
  private readonly started = performance.now();
  private current: StageName | null = null;
  private done = 0;
  private passed = 0;
  private failed = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | null = null;
  private drawn = false;

  constructor(
    private readonly write: (s: string) => void,
    /** stderr is a terminal: redraw one line instead of printing one per stage. */
    private readonly live: boolean,
    /** How many stages will run, for "(3/9)". */
    private readonly total: number,
    /** "checks" (the quick verification) or "tests" (the full suite). */
    private readonly unit: "checks" | "tests",
  ) {}

  readonly onStage = (e: StageEvent): void => {
    if (e.phase === "start") {
      this.current = e.stage;
      if (this.live) {
        this.timer ??= setInterval(() => this.draw(), 100);
        this.timer.unref();
        this.draw();
      }
      return;
    }
    this.done++;
    this.current = null;
    if (!this.live) {
      const counted = e.stage === "verify" && this.passed + this.failed > 0 ? `  ${this.counts()}` : "";
      this.write(`  ${e.stage.padEnd(10)} ${formatMs(e.ms ?? 0).padStart(8)}${counted}\n`);
    }
  };

  readonly onTest = (t: TestOutcome): void => {
    if (t.status === "passed") this.passed++;
    else if (t.status === "failed") this.failed++;
    if (this.live) this.draw();
  };

  /** Erases the live line; nothing more is drawn after. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.live && this.drawn) this.write("\r\x1b[2K");
    this.drawn = false;
  }

  /** Seconds since the start. */
  elapsed(): number {
    return (performance.now() - this.started) / 1000;
  }

  private counts(): string {
    return `${this.passed} ${this.unit} passed${this.failed ? `, ${this.failed} failed` : ""}`;
  }

  private draw(): void {
    if (!this.current) return;
    const spinner = FRAMES[this.frame++ % FRAMES.length];
    const counted = this.current === "verify" ? `: ${this.counts()}` : "";
    this.write(`\r\x1b[2K${spinner} ${this.current} (${Math.min(this.done + 1, this.total)}/${this.total})${counted}  ${this.elapsed().toFixed(1)} s`);
    this.drawn = true;
  }
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
