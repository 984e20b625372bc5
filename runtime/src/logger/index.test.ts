import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, MAX_LOG_STACK, MAX_LOG_STRING } from './index.js';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(c: Buffer, _e, cb) {
        chunks.push(c.toString());
        cb();
      },
    }),
    text: () => chunks.join(''),
  };
}

describe('createLogger', () => {
  it('writes JSON lines at the configured level', () => {
    const c = capture();
    const log = createLogger({ logFormat: 'json', logLevel: 'warn' }, { destination: c.stream });
    log.info({ a: 1 }, 'hidden');
    log.warn({ b: 2 }, 'shown');
    const lines = c.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, b: 2, msg: 'shown' });
  });

  it('writes readable lines in pretty mode, secrets redacted', () => {
    const c = capture();
    const log = createLogger({ logFormat: 'pretty', logLevel: 'info' }, { destination: c.stream });
    log.info({ headers: { authorization: 'Bearer abc123' } }, 'hello world');
    const text = c.text();
    expect(text).toContain('INFO');
    expect(text).toContain('hello world');
    expect(text).not.toContain('abc123');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('clips long strings in any line (two levels deep), keeps errors whole and still redacts', () => {
    const c = capture();
    const log = createLogger({ logFormat: 'json', logLevel: 'info' }, { destination: c.stream });
    const err = new Error('boom');
    log.error({ id: 'i'.repeat(1_000_000), nested: { method: 'm'.repeat(50_000), token: 't0k-secret' }, short: 'ok', err }, 'request failed');
    const text = c.text();
    expect(text.length).toBeLessThan(4 * MAX_LOG_STRING + 2000);
    const line = JSON.parse(text.trim());
    expect(line.id).toBe(`${'i'.repeat(MAX_LOG_STRING)}...(+${1_000_000 - MAX_LOG_STRING} chars)`);
    expect(line.nested.method.startsWith('m'.repeat(MAX_LOG_STRING) + '...(+')).toBe(true);
    expect(line.nested.token).toBe('[redacted]');
    expect(line.short).toBe('ok');
    expect(line.err.message).toBe('boom');
    expect(typeof line.err.stack).toBe('string');
  });

  it('keeps CR, LF and ANSI escapes inside one JSON or pretty line (no forged lines)', () => {
    for (const logFormat of ['json', 'pretty'] as const) {
      const c = capture();
      const log = createLogger({ logFormat, logLevel: 'info' }, { destination: c.stream });
      log.info({ path: '/a\r\n\u001b[31m{"level":30,"msg":"forged"}\u001b[0m' }, 'request');
      const text = c.text();
      expect(text).not.toContain('\u001b');
      expect(text).not.toContain('\r');
      expect(text.trim().split('\n').filter((l) => l.includes('forged'))).toHaveLength(1);
    }
  });

  it('clips an error whose message quotes a huge input, keeping its type and the start of its stack', () => {
    const c = capture();
    const log = createLogger({ logFormat: 'json', logLevel: 'info' }, { destination: c.stream });
    class InputError extends Error {
      readonly code = 'bad_input';
    }
    const err = new InputError(`cannot parse ${'q'.repeat(3_000_000)}`);
    log.warn({ err, tool: 'x' }, 'tool handler threw');
    const text = c.text();
    expect(text.length).toBeLessThan(MAX_LOG_STRING + MAX_LOG_STACK + 1000);
    const line = JSON.parse(text.trim());
    expect(line.err.type).toBe('InputError');
    expect(line.err.code).toBe('bad_input');
    expect(line.err.message.startsWith('cannot parse qqq')).toBe(true);
    expect(line.err.message).toContain('...(+');
    expect(line.err.stack.startsWith('Error: cannot parse')).toBe(true);
    expect(err.message.length).toBeGreaterThan(3_000_000); // the caller's error is untouched
  });
});

