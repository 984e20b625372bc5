import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './index.js';

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
});
