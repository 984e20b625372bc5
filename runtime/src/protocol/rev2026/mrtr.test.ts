import { describe, expect, it } from 'vitest';
import { RpcError } from '../errors.js';
import { InputRequiredSignal, MrtrBridge } from './mrtr.js';
import { RequestStateCodec } from './request-state.js';

const codec = new RequestStateCodec();
const caps = { elicitation: {}, sampling: {}, roots: {} };
const ask = { message: 'Name?', requestedSchema: { type: 'object' as const, properties: {} } };

/** A handler asking for two things in sequence, replayed the way the runtime does. */
async function handler(b: MrtrBridge): Promise<string> {
  const a = (await b.request('elicitation/create', ask, 'first')) as { content: { v: string } };
  const r = (await b.request('roots/list', {}, undefined)) as { roots: unknown[] };
  return `${a.content.v}:${r.roots.length}`;
}

async function round(retry: { inputResponses?: unknown; requestState?: unknown }, args: unknown = {}) {
  const b = new MrtrBridge(codec, 'tools/call', 't', args, { inputResponses: retry.inputResponses, requestState: retry.requestState }, caps, undefined);
  try {
    return { done: await handler(b) };
  } catch (err) {
    if (err instanceof InputRequiredSignal) return { ir: b.inputRequiredResult() };
    throw err;
  }
}

describe('MrtrBridge', () => {
  it('asks round by round, carrying earlier answers in the signed state', async () => {
    const r1 = await round({});
    expect(r1.ir?.inputRequests).toEqual({ first: { method: 'elicitation/create', params: ask } });
    const r2 = await round({ inputResponses: { first: { action: 'accept', content: { v: 'x' } } }, requestState: r1.ir!.requestState });
    expect(Object.keys(r2.ir!.inputRequests)).toEqual(['roots-1']);
    // round 3 only answers the new question: the first answer comes from the state
    const r3 = await round({ inputResponses: { 'roots-1': { roots: [{ uri: 'file:///' }] } }, requestState: r2.ir!.requestState });
    expect(r3.done).toBe('x:1');
  });
  it('re-asks on wrong keys, ignores extra keys, rejects malformed answers and foreign state', async () => {
    expect((await round({ inputResponses: { wrong: { action: 'accept' } } })).ir?.inputRequests['first']).toBeDefined();
    const r1 = await round({});
    const extra = await round({ inputResponses: { first: { action: 'accept', content: { v: 'y' } }, junk: { a: 1 } }, requestState: r1.ir!.requestState });
    expect(extra.ir?.inputRequests['roots-1']).toBeDefined();
    await expect(round({ inputResponses: { first: 5 } })).rejects.toBeInstanceOf(RpcError);
    await expect(round({ inputResponses: null })).rejects.toBeInstanceOf(RpcError);
    await expect(round({ inputResponses: { first: { nope: true } } })).rejects.toMatchObject({ code: -32602 });
    await expect(round({ requestState: r1.ir!.requestState }, { other: 'args' })).rejects.toMatchObject({ code: -32602 });
  });
  it('fails with -32021 when the client did not declare the capability', async () => {
    const b = new MrtrBridge(codec, 'tools/call', 't', {}, { inputResponses: undefined, requestState: undefined }, {}, undefined);
    await expect(b.request('sampling/createMessage', {}, undefined)).rejects.toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } } });
    await expect(b.request('elicitation/create', { mode: 'url' }, undefined)).rejects.toMatchObject({ code: -32021 });
  });
});
