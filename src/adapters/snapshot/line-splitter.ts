/** One line of a file: its text, or only its length when it is over the limit. */
export type SplitLine = { text: string; bytes: number } | { text: null; bytes: number };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a stream of bytes into lines (at "\n"; a "\r" before it is dropped) without ever holding
 * more than `maxBytes` of one line: a longer line's bytes are counted and let go as they arrive,
 * and the line comes out as its length alone. readline, by contrast, builds every line whole in
 * memory: one 200 MB line ran the import's reader thread out of heap and ended the whole import.
 * A line's text is decoded as UTF-8 from its own bytes, so a character split between two chunks
 * is decoded whole.
 */
export class LineSplitter {
  /** Pieces of the current line from earlier chunks (subarrays, not copies), while it is under the limit. */
  private pieces: Buffer[] = [];
  /** Bytes of the current line so far, also when over the limit. */
  private lineBytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** The lines that end in `chunk`, in order; the rest of it is kept for the next chunk. */
  push(chunk: Buffer): SplitLine[] {
    const lines: SplitLine[] = [];
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      const wasOver = this.lineBytes > this.maxBytes;
      this.lineBytes += end - start;
      if (this.lineBytes > this.maxBytes) {
        if (!wasOver) this.pieces = [];
      } else if (newline === -1 && end > start) {
        this.pieces.push(chunk.subarray(start, end));
      }
      if (newline === -1) return lines;
      lines.push(this.finishLine(chunk.subarray(start, end)));
      start = newline + 1;
    }
  }

  /** The last line, when the input does not end in a newline. */
  end(): SplitLine | null {
    if (this.lineBytes === 0 && this.pieces.length === 0) return null;
    return this.finishLine(Buffer.alloc(0));
  }

  private finishLine(last: Buffer): SplitLine {
    const bytes = this.lineBytes;
    const pieces = this.pieces;
    this.pieces = [];
    this.lineBytes = 0;
    if (bytes > this.maxBytes) return { text: null, bytes };
    const whole = pieces.length === 0 ? last : Buffer.concat([...pieces, last]);
    const length = whole.length > 0 && whole[whole.length - 1] === CARRIAGE_RETURN ? whole.length - 1 : whole.length;
    return { text: whole.toString('utf8', 0, length), bytes };
  }
}
