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
const NEWLINE = 0x0a;

/** What pino writes lines to (a Writable is one). */
export interface LineSink {
  write(line: string): unknown;
}

export class TurnBufferedLines implements LineSink {
  private buffered = "";
  private scheduled = false;
  private readonly flushSoon = () => this.flush();

  constructor(private readonly out: { write(text: string | Uint8Array): unknown } = process.stdout) {
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
    // UTF-16 length is a lower bound of the UTF-8 length and a third of an upper bound: a short turn goes as it is
    if (text.length * 3 <= PIPE_BUF) {
      this.out.write(text);
      return;
    }
    // encoded once and cut at newline bytes (never part of a multi-byte character): measuring each line and encoding
    // each piece separately cost more than the rest of the flush (docs/performance.md)
    const bytes = Buffer.from(text);
    let start = 0;
    while (bytes.length - start > PIPE_BUF) {
      // the last whole line within PIPE_BUF bytes; a line longer than that alone goes whole
      let end = bytes.lastIndexOf(NEWLINE, start + PIPE_BUF - 1) + 1;
      if (end <= start) {
        const nl = bytes.indexOf(NEWLINE, start + PIPE_BUF);
        end = nl < 0 ? bytes.length : nl + 1;
      }
      this.out.write(bytes.subarray(start, end));
      start = end;
    }
    if (start < bytes.length) this.out.write(start === 0 ? bytes : bytes.subarray(start));
  }
}
