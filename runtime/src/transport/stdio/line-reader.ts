/**
 * Newline-delimited input with a bound: a line longer than `maxLineBytes` is never held in memory.
 * Its bytes are dropped as they arrive and the line is reported once as oversize, so a peer that
 * writes without newlines cannot grow the process (readline would buffer the whole line first).
 */
import type { Readable } from 'node:stream';

export interface LineHandlers {
  /** A complete line (without `\n` or a trailing `\r`), decoded as UTF-8. */
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
  let ended = false;

  const emit = (): void => {
    let buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    if (buf.length > 0 && buf[buf.length - 1] === CR) buf = buf.subarray(0, buf.length - 1);
    parts = [];
    size = 0;
    handlers.line(buf.toString('utf8'));
  };

  const take = (piece: Buffer): void => {
    if (skipping || piece.length === 0) return;
    // `\r` of a `\r\n` may push a line exactly at the limit over it: allow one byte for it.
    if (size + piece.length > maxLineBytes + 1) {
      skipping = true;
      parts = [];
      size = 0;
      handlers.oversize();
      return;
    }
    parts.push(piece);
    size += piece.length;
  };

  const onData = (chunk: Buffer | string): void => {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let nl = data.indexOf(NEWLINE, start); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
      take(data.subarray(start, nl));
      if (skipping) skipping = false;
      else emit();
      start = nl + 1;
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
