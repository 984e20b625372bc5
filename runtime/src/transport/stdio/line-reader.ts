/**
 * Newline-delimited input with a bound: a line longer than `maxLineBytes` is never held in memory.
 * Its bytes are dropped as they arrive and the line is reported once as oversize, so a peer that
 * writes without newlines cannot grow the process (readline would buffer the whole line first).
 * Lines end at `\n`, `\r\n` or a bare `\r`, as with readline (which this replaces).
 */
import type { Readable } from 'node:stream';

export interface LineHandlers {
  /** A complete line (without its terminator), decoded as UTF-8. */
  line(text: string): void;
  /** A line went past the limit; it is skipped up to its newline. Called once per such line. */
  oversize(): void;
  /** The input ended (or errored, or was stopped); a final unterminated line was delivered first. */
  end(): void;
}

export interface LineReader {
  /** Stop reading; `end` is called once. */
  close(): void;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Reads `input` line by line, holding at most `maxLineBytes` of one line.
 *
 * @example
 * const reader = readLines(process.stdin, 4 * 1024 * 1024, { line: handle, oversize: tooLong, end: finish });
 */
export function readLines(input: Readable, maxLineBytes: number, handlers: LineHandlers): LineReader {
  let parts: Buffer[] = [];
  let size = 0;
  // true while skipping the rest of an oversize line
  let skipping = false;
  // the previous chunk ended with `\r`: a leading `\n` belongs to it
  let afterCr = false;
  let ended = false;

  const emit = (): void => {
    const buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    handlers.line(buf.toString('utf8'));
  };

  const take = (piece: Buffer): void => {
    if (skipping || piece.length === 0) return;
    if (size + piece.length > maxLineBytes) {
      skipping = true;
      parts = [];
      size = 0;
      handlers.oversize();
      return;
    }
    parts.push(piece);
    size += piece.length;
  };

  const endLine = (): void => {
    if (skipping) skipping = false;
    else emit();
  };

  const onData = (chunk: Buffer | string): void => {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    if (afterCr && data.length > 0) {
      afterCr = false;
      if (data[0] === NEWLINE) start = 1;
    }
    let nl = data.indexOf(NEWLINE, start);
    let cr = data.indexOf(CR, start);
    while (nl !== -1 || cr !== -1) {
      const end = nl === -1 ? cr : cr === -1 ? nl : Math.min(nl, cr);
      take(data.subarray(start, end));
      endLine();
      start = end + 1;
      if (end === cr) {
        if (start === data.length) afterCr = true;
        else if (data[start] === NEWLINE) start++;
        cr = data.indexOf(CR, start);
      }
      if (nl !== -1 && nl < start) nl = data.indexOf(NEWLINE, start);
    }
    take(data.subarray(start));
  };

  const finish = (): void => {
    if (ended) return;
    ended = true;
    input.off('data', onData);
    input.off('end', finish);
    input.off('close', finish);
    input.off('error', finish);
    if (!skipping && size > 0) emit();
    handlers.end();
  };

  input.on('data', onData);
  input.once('end', finish);
  input.once('close', finish);
  input.once('error', finish);
  return {
    close() {
      input.pause();
      finish();
    },
  };
}
