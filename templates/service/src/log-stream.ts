// Where the server's JSON log lines go: stdout, joined per turn of the event loop, so that one write(2) carries the
// lines of every request answered in that turn. pino's default destination hands each line to libuv's thread pool
// instead: a thread wake-up per request, which on two cores cost more than the rest of the request's logging
// (docs/performance.md). Nothing is held longer than the current turn, and 'exit' writes what is left (after
// "stopped", or a crash); process.stdout is synchronous for files and pipes on Linux, so what is flushed is written.
// With WORKERS > 1 several processes write to the one stdout (a container runtime's pipe): a write(2) to a pipe is
// atomic only up to PIPE_BUF (4096 bytes on Linux), so a turn's lines go out in writes of whole lines up to that size,
// and two workers' lines never interleave mid-line.

/** POSIX's PIPE_BUF on Linux: writes to a pipe up to this many bytes are not interleaved with other writers'. */
const PIPE_BUF = 4096;

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
    // bytes: UTF-16 length is a lower bound of the UTF-8 length, so cut by Buffer.byteLength only near the limit
    if (text.length * 3 <= PIPE_BUF || Buffer.byteLength(text) <= PIPE_BUF) {
      this.out.write(text);
      return;
    }
    let start = 0;
    let bytes = 0;
    let at = 0;
    while (at < text.length) {
      const nl = text.indexOf("\n", at);
      const end = nl < 0 ? text.length : nl + 1;
      const line = Buffer.byteLength(text.slice(at, end));
      if (bytes > 0 && bytes + line > PIPE_BUF) {
        this.out.write(text.slice(start, at));
        start = at;
        bytes = 0;
      }
      bytes += line;
      at = end;
    }
    if (start < text.length) this.out.write(text.slice(start));
  }
}
