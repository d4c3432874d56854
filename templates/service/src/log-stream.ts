// Where the server's JSON log lines go: stdout, joined per turn of the event loop, so that one write(2) carries the
// lines of every request answered in that turn. pino's default destination hands each line to libuv's thread pool
// instead: a thread wake-up per request, which on two cores cost more than the rest of the request's logging
// (docs/performance.md). Nothing is held longer than the current turn, and 'exit' writes what is left (after
// "stopped", or a crash); process.stdout is synchronous for files and pipes on Linux, so what is flushed is written.

/** What pino writes lines to (a Writable is one). */
export interface LineSink {
  write(line: string): unknown;
}

export class TurnBufferedLines implements LineSink {
  private buffered = "";
  private scheduled = false;
  private readonly flushSoon = () => this.flush();

  constructor(private readonly out: { write(text: string): unknown } = process.stdout) {
    process.on("exit", this.flushSoon);
  }

  write(line: string): boolean {
    this.buffered += line;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushSoon);
    }
    return true;
  }

  flush(): void {
    this.scheduled = false;
    if (this.buffered === "") return;
    const text = this.buffered;
    this.buffered = "";
    this.out.write(text);
  }
}
