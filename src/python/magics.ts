// IPython syntax that is not Python (`%line`, `%%cell`, `!shell`, `x = !cmd`, `obj?`), replaced by Python of the
// same shape before parsing so that line and column numbers stay those of the cell.

export interface Magic {
  /** 1-based line in the cell. */
  readonly line: number;
  readonly text: string;
  readonly kind: "line-magic" | "cell-magic" | "shell" | "help";
}

export interface StrippedCell {
  /** Python source with magics neutralised, or null when a cell magic makes the whole cell non-Python. */
  readonly python: string | null;
  readonly magics: readonly Magic[];
  /** For a non-Python cell: the cell magic's name (`bash`, `writefile`). */
  readonly cellMagic?: string;
}

/** Cell magics whose body is still Python, run by IPython as usual. */
const PYTHON_CELL_MAGICS: ReadonlySet<string> = new Set(["time", "timeit", "capture", "prun", "debug", "memit"]);
/** Line magics that run the Python expression after them; the expression is kept for analysis. */
const EXPRESSION_LINE_MAGICS: ReadonlySet<string> = new Set(["time", "timeit", "prun", "memit"]);

export function stripMagics(source: string): StrippedCell {
  const lines = source.split("\n");
  const magics: Magic[] = [];
  let first = 0;
  while (first < lines.length && lines[first]!.trim() === "") first++;
  const head = lines[first]?.trimStart() ?? "";
  if (head.startsWith("%%")) {
    const name = /^%%(\w+)/.exec(head)?.[1] ?? "";
    magics.push({ line: first + 1, text: head.trim(), kind: "cell-magic" });
    if (!PYTHON_CELL_MAGICS.has(name)) return { python: null, magics, cellMagic: name };
    lines[first] = " ".repeat(lines[first]!.length);
  }
  const inString = tripleQuotedLines(lines);
  for (let i = 0; i < lines.length; i++) {
    if (inString[i]) continue;
    const line = lines[i]!;
    const indent = /^\s*/.exec(line)![0];
    const rest = line.slice(indent.length);
    if (rest.startsWith("%%")) continue; // a second cell magic line is a syntax error in IPython too
    if (rest.startsWith("%") || rest.startsWith("!")) {
      // IPython reads a magic on to its next lines after a trailing backslash, or while brackets are open
      const continued: string[] = [];
      let depth = bracketDepth(rest);
      let last = rest;
      while (i + 1 + continued.length < lines.length && (/\\\s*$/.test(last) || depth > 0)) {
        last = lines[i + 1 + continued.length]!;
        continued.push(last);
        depth += bracketDepth(last);
      }
      magics.push({ line: i + 1, text: [rest, ...continued].join("\n"), kind: rest.startsWith("!") ? "shell" : "line-magic" });
      const m = /^%(\w+)(\s+)(.*)$/.exec(rest);
      const kept = m && EXPRESSION_LINE_MAGICS.has(m[1]!) && !m[3]!.startsWith("-") && !/\\\s*$/.test(rest);
      if (kept) {
        // `%time x = f()` runs `x = f()`: `pass; ` takes the magic's place, so the statement keeps its column
        // and the line keeps the block's indentation; its continuation lines are Python too
        lines[i] = indent + padded("pass;", 1 + m[1]!.length + m[2]!.length) + m[3];
      } else {
        lines[i] = padded(indent + "pass", line.length);
        for (let k = 1; k <= continued.length; k++) lines[i + k] = " ".repeat(lines[i + k]!.length);
      }
      i += continued.length;
      continue;
    }
    // `x = !ls` and `x = %who_ls`: keep the assignment, replace the magic with None
    const assign = /^([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*)([!%].*)$/.exec(rest);
    if (assign && !assign[1]!.includes("==")) {
      magics.push({ line: i + 1, text: assign[2]!, kind: assign[2]!.startsWith("!") ? "shell" : "line-magic" });
      lines[i] = padded(indent + assign[1] + "None", line.length);
      continue;
    }
    // `obj?` and `obj??` ask for help
    if (/^[A-Za-z_][\w.]*\?\??\s*$/.test(rest) || /^\?\??[A-Za-z_][\w.]*\s*$/.test(rest)) {
      magics.push({ line: i + 1, text: rest.trim(), kind: "help" });
      lines[i] = padded(indent + "pass", line.length);
    }
  }
  return { python: lines.join("\n"), magics };
}

/** Opening minus closing brackets on a line, outside strings (a light scan, as for magics' continuation lines). */
function bracketDepth(line: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "#") break;
    if (c === '"' || c === "'") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
  }
  return depth;
}

function padded(s: string, length: number): string {
  return s.length >= length ? s : s + " ".repeat(length - s.length);
}

/**
 * Marks lines that start inside a triple-quoted string, where `%` or `!` at the start of a line is text. A light
 * scan: it follows quotes, escapes and comments, which is all that decides where a triple-quoted string is.
 */
function tripleQuotedLines(lines: readonly string[]): boolean[] {
  const out: boolean[] = [];
  let open: string | null = null;
  for (const line of lines) {
    out.push(open !== null);
    let i = 0;
    while (i < line.length) {
      const ch = line[i]!;
      if (open) {
        if (ch === "\\") {
          i += 2;
          continue;
        }
        if (line.startsWith(open, i)) {
          i += 3;
          open = null;
          continue;
        }
        i++;
        continue;
      }
      if (ch === "#") break;
      if (ch === '"' || ch === "'") {
        const triple = ch.repeat(3);
        if (line.startsWith(triple, i)) {
          open = triple;
          i += 3;
          continue;
        }
        // a one-line string: skip to its closing quote
        i++;
        while (i < line.length && line[i] !== ch) i += line[i] === "\\" ? 2 : 1;
        i++;
        continue;
      }
      i++;
    }
  }
  return out;
}
