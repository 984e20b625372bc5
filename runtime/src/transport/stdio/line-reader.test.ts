import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLines } from './line-reader.js';

function collect(max: number) {
  const input = new PassThrough();
  const events: string[] = [];
  let ended!: () => void;
  const done = new Promise<void>((r) => (ended = r));
  const reader = readLines(input, max, {
    line: (t) => events.push(`line:${t}`),
    oversize: () => events.push('oversize'),
    end: () => {
      events.push('end');
      ended();
    },
  });
  return { input, events, done, reader };
}

describe('readLines', () => {
  it('splits lines across chunks, strips \\r, keeps multi-byte characters split between chunks', async () => {
    const { input, events, done } = collect(100);
    const euro = Buffer.from('€'); // 3 bytes
    input.write('{"a":1}\r\n{"b"');
    input.write(':2}\n');
    input.write(Buffer.concat([Buffer.from('x'), euro.subarray(0, 1)]));
    input.write(Buffer.concat([euro.subarray(1), Buffer.from('y\n')]));
    input.end('last');
    await done;
    expect(events).toEqual(['line:{"a":1}', 'line:{"b":2}', 'line:x€y', 'line:last', 'end']);
  });

  it('drops an oversize line as it streams in (reported once) and reads on after its newline', async () => {
    const { input, events, done } = collect(1024);
    const chunk = Buffer.alloc(600, 0x61);
    input.write(chunk);
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual([]);
    // Reported as soon as the limit is passed, long before any newline (readline would wait and buffer).
    input.write(chunk);
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['oversize']);
    for (let i = 0; i < 1000; i++) input.write(chunk);
    input.write('tail\nok\n');
    input.end();
    await done;
    expect(events).toEqual(['oversize', 'line:ok', 'end']);
  });

  it('accepts a line of exactly the limit (also with \\r\\n) and refuses one byte more', async () => {
    const { input, events, done } = collect(4);
    input.end('abcd\nabcd\r\nabcde\nz\n');
    await done;
    expect(events).toEqual(['line:abcd', 'line:abcd', 'oversize', 'line:z', 'end']);
  });

  it('ends lines at a bare \\r like readline, and a \\r\\n split across chunks is one terminator', async () => {
    const { input, events, done } = collect(100);
    input.write('a\rb\r');
    input.write('\nc\r\r\nd');
    input.end();
    await done;
    expect(events).toEqual(['line:a', 'line:b', 'line:c', 'line:', 'line:d', 'end']);
  });

  it('close() ends once and stops reading', async () => {
    const { input, events, done, reader } = collect(10);
    input.write('a\n');
    await new Promise((r) => setImmediate(r));
    reader.close();
    reader.close();
    input.write('b\n');
    await done;
    expect(events).toEqual(['line:a', 'end']);
  });
});
