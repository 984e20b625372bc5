import { describe, expect, it } from 'vitest';
import { accepts, isJsonContentType } from './headers.js';
import { sseEvent, isSafeSseField } from './sse.js';

describe('accepts', () => {
  it.each([
    [undefined, true, true],
    ['*/*', true, true],
    ['application/json, text/event-stream', true, true],
    ['text/event-stream, application/json;q=0.9', true, true],
    ['application/json', true, false],
    ['text/event-stream', false, true],
    ['application/json, text/event-stream;q=0', true, false],
    ['application/*, text/*', true, true],
  ])('%s -> json %s, sse %s', (header, json, sse) => {
    expect(accepts(header)).toEqual({ json, sse });
  });
});

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['application/vnd.api+json', true],
    ['text/plain', false],
    [undefined, false],
  ])('%s -> %s', (v, ok) => expect(isJsonContentType(v)).toBe(ok));
});

describe('sseEvent', () => {
  it('frames data with id', () => {
    expect(sseEvent('{"a":1}', 's_1')).toBe('id: s_1\ndata: {"a":1}\n\n');
  });

  it('never lets an id or event name inject a line', () => {
    expect(sseEvent('x', 'a\nevent: evil', 'msg\r\nid: 2')).toBe('data: x\n\n');
    expect(isSafeSseField('ok_1')).toBe(true);
    expect(isSafeSseField('a\nb')).toBe(false);
  });

  it('splits multi-line data into data lines', () => {
    expect(sseEvent('a\nb\r\nc')).toBe('data: a\ndata: b\ndata: c\n\n');
  });
});
