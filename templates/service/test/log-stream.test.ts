// The server's log destination: a turn's lines leave in one write, or, past a pipe's atomic size, in writes of whole
// lines up to 4096 bytes each (several workers share one stdout), in order, and nothing is held past the turn.
import { expect, it } from "vitest";
import { TurnBufferedLines } from "../src/log-stream.ts";

/** What was written, each write decoded (a long turn is written as bytes). */
function sink(): { writes: string[]; write(text: string | Uint8Array): void } {
  const writes: string[] = [];
  return { writes, write: (t) => void writes.push(typeof t === "string" ? t : Buffer.from(t).toString("utf8")) };
}

const turn = () => new Promise((r) => setImmediate(r));

it("joins the lines of one turn into one write", async () => {
  const out = sink();
  const lines = new TurnBufferedLines(out);
  lines.write('{"a":1}\n');
  lines.write('{"a":2}\n');
  expect(out.writes).toEqual([]);
  await turn();
  expect(out.writes).toEqual(['{"a":1}\n{"a":2}\n']);
});

it("splits a turn's lines into writes of whole lines of at most 4096 bytes, in order", async () => {
  const out = sink();
  const lines = new TurnBufferedLines(out);
  // 100 lines of 150 bytes, some with multi-byte characters (bytes, not UTF-16 units, count)
  const sent = Array.from({ length: 100 }, (_, i) => `${JSON.stringify({ i, pad: (i % 3 ? "x" : "é").repeat(130) })}\n`);
  for (const l of sent) lines.write(l);
  await turn();
  expect(out.writes.length).toBeGreaterThan(3);
  for (const w of out.writes) {
    expect(Buffer.byteLength(w)).toBeLessThanOrEqual(4096);
    expect(w.endsWith("\n")).toBe(true);
  }
  expect(out.writes.join("")).toBe(sent.join(""));
});

it("writes a single line longer than 4096 bytes whole", async () => {
  const out = sink();
  const lines = new TurnBufferedLines(out);
  const long = `${JSON.stringify({ pad: "y".repeat(5000) })}\n`;
  lines.write('{"before":1}\n');
  lines.write(long);
  lines.write('{"after":1}\n');
  await turn();
  expect(out.writes).toEqual(['{"before":1}\n', long, '{"after":1}\n']);
});
