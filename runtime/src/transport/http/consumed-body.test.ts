import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../middleware/types.js';
import { consumedBody } from './consumed-body.js';

const req = (rawBody?: unknown) => ({ rawBody }) as unknown as IncomingMessage;

describe('consumedBody', () => {
  it('prefers the bytes the host parser kept', () => {
    const kept = Buffer.from('{ "id" : 1 }');
    expect(consumedBody(req(kept), { id: 1 }, true)).toBe(kept);
    expect(consumedBody(req('{ "id" : 2 }'), { id: 2 }, true).toString()).toBe('{ "id" : 2 }');
  });

  it('takes bytes from a text or raw parser as they are', () => {
    expect(consumedBody(req(), '{"a": 1}', true).toString()).toBe('{"a": 1}');
    const raw = Buffer.from('{"b": 2}');
    expect(consumedBody(req(), raw, true)).toBe(raw);
  });

  it('serializes a parsed value again only when no guard checks the exact bytes', () => {
    expect(consumedBody(req(), { a: 1 }, false).toString()).toBe('{"a":1}');
    let thrown: unknown;
    try {
      consumedBody(req(), { a: 1 }, true);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(HttpError);
    expect(thrown).toMatchObject({ status: 500, code: 'raw_body_unavailable' });
  });
});
