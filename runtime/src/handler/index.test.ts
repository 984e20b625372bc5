import { describe, expect, it } from 'vitest';
import { NotImplementedError, ToolResult, audio, embeddedResource, image, resourceLink, text, toolError, toolResult } from './results.js';
import { normalizePromptReturn, normalizeResourceBody, normalizeToolReturn } from './normalize.js';
import type { ToolDefinition, PromptDefinition } from '../registry/types.js';

const tool = (extra: Partial<ToolDefinition> = {}): ToolDefinition =>
  ({ name: 't', inputSchema: { type: 'object' }, validateInput: () => true, handler: () => '', ...extra }) as ToolDefinition;

describe('result helpers', () => {
  it('build content blocks', () => {
    expect(text('hi')).toEqual({ type: 'text', text: 'hi' });
    expect(image(new Uint8Array([1, 2, 3]), 'image/png')).toEqual({ type: 'image', data: 'AQID', mimeType: 'image/png' });
    expect(audio('UklGRg==', 'audio/wav', { priority: 1 })).toEqual({ type: 'audio', data: 'UklGRg==', mimeType: 'audio/wav', annotations: { priority: 1 } });
    expect(resourceLink('file:///a', 'a', { mimeType: 'text/plain' })).toEqual({ type: 'resource_link', uri: 'file:///a', name: 'a', mimeType: 'text/plain' });
    expect(embeddedResource('config://x', '{"a":1}', 'application/json')).toEqual({ type: 'resource', resource: { uri: 'config://x', text: '{"a":1}', mimeType: 'application/json' } });
    expect(embeddedResource('bin://x', new Uint8Array([255]))).toEqual({ type: 'resource', resource: { uri: 'bin://x', blob: '/w==' } });
  });

  it('toolResult and toolError', () => {
    const r = toolResult({ content: 'done', structuredContent: { ok: true }, meta: { k: 1 } });
    expect(r).toBeInstanceOf(ToolResult);
    expect(r).toMatchObject({ content: [{ type: 'text', text: 'done' }], structuredContent: { ok: true }, isError: false, meta: { k: 1 } });
    expect(toolError('nope')).toMatchObject({ content: [{ type: 'text', text: 'nope' }], isError: true });
  });

  it('NotImplementedError names the file to edit', () => {
    expect(new NotImplementedError('tool', 'math.add', 'src/handlers/tools/math.add.ts').message).toBe('tool math.add is not implemented: edit src/handlers/tools/math.add.ts');
    expect(new NotImplementedError('resourceTemplate', 'p', 'f.ts').message).toBe('resource template p is not implemented: edit f.ts');
  });
});

describe('normalizeToolReturn', () => {
  it('turns plain returns into content', () => {
    expect(normalizeToolReturn(tool(), 'x')).toEqual({ content: [{ type: 'text', text: 'x' }] });
    expect(normalizeToolReturn(tool(), 42)).toEqual({ content: [{ type: 'text', text: '42' }] });
    expect(normalizeToolReturn(tool(), { a: 1 })).toEqual({ content: [{ type: 'text', text: '{"a":1}' }] });
    expect(normalizeToolReturn(tool(), text('t'))).toEqual({ content: [{ type: 'text', text: 't' }] });
    expect(normalizeToolReturn(tool(), undefined)).toEqual({ content: [] });
  });

  it('with an output schema: structuredContent plus a text copy, validated', () => {
    const validateOutput = Object.assign((d: unknown) => typeof (d as { n?: unknown }).n === 'number', { errors: [{ instancePath: '/n', keyword: 'type', params: {}, message: 'must be number' }] });
    const t = tool({ outputSchema: { type: 'object' }, validateOutput });
    expect(normalizeToolReturn(t, { n: 1 })).toEqual({ content: [{ type: 'text', text: '{"n":1}' }], structuredContent: { n: 1 } });
    expect(normalizeToolReturn(t, { n: 'x' })).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('output.n: must be number') }] });
    expect(normalizeToolReturn(t, toolResult({ structuredContent: { n: 2 } }))).toEqual({ content: [{ type: 'text', text: '{"n":2}' }], structuredContent: { n: 2 } });
    expect(normalizeToolReturn(t, toolError('bad'))).toEqual({ content: [{ type: 'text', text: 'bad' }], isError: true });
    expect(normalizeToolReturn(t, toolResult({ content: 'no structure' }))).toMatchObject({ isError: true });
  });
});

describe('normalizeResourceBody', () => {
  it('handles text, bytes, objects and full contents', () => {
    expect(normalizeResourceBody('a://x', 'text/plain', 'hi')).toEqual([{ uri: 'a://x', text: 'hi', mimeType: 'text/plain' }]);
    expect(normalizeResourceBody('a://x', undefined, new Uint8Array([1]))).toEqual([{ uri: 'a://x', blob: 'AQ==' }]);
    expect(normalizeResourceBody('a://x', 'text/plain', { text: '{}', mimeType: 'application/json' })).toEqual([{ uri: 'a://x', text: '{}', mimeType: 'application/json' }]);
    expect(normalizeResourceBody('a://x', undefined, [{ uri: 'a://y', text: 'y' }])).toEqual([{ uri: 'a://y', text: 'y' }]);
    expect(() => normalizeResourceBody('a://x', undefined, {} as never)).toThrow('neither text');
  });
});

describe('normalizePromptReturn', () => {
  const p = { name: 'p', description: 'd', arguments: [], handler: () => '' } as PromptDefinition;
  it('a string is one user message; objects keep their description', () => {
    expect(normalizePromptReturn(p, 'hi')).toEqual({ description: 'd', messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }] });
    expect(normalizePromptReturn(p, { description: 'x', messages: [] })).toEqual({ description: 'x', messages: [] });
    expect(() => normalizePromptReturn(p, 5)).toThrow();
  });
});
