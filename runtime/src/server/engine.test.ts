import { describe, expect, it } from 'vitest';
import { testRegistry, testSettings, compile } from '../../../test/transport/fixture.js';
import { silentLogger } from '../logger/index.js';
import { HttpError, acceptsSyncNext, type CallMiddleware, type CallRecord } from '../middleware/types.js';
import type { RevisionModule } from '../protocol/dispatch-types.js';
import { UrlElicitationRequiredError } from '../protocol/errors.js';
import { Engine } from './engine.js';
import type { ServerOptions } from './types.js';

function engine(options: ServerOptions = {}): Engine {
  return new Engine(testRegistry(), { settings: testSettings(), logger: silentLogger(), defaultSecurity: false, ...options });
}

const req = (id: number, method: string, params?: object) => ({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });

describe('Engine.handleMessage', () => {
  it('answers initialize, ping and lists through a local context', async () => {
    const e = engine();
    const ctx = e.localContext();
    const init = await e.handleMessage(req(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } }), ctx);
    expect(init).toMatchObject({ id: 1, result: { protocolVersion: '2025-06-18', serverInfo: { name: 'test-server' } } });
    expect(ctx.protocolVersion).toBe('2025-06-18');
    expect(await e.handleMessage(req(2, 'ping'), ctx)).toEqual({ jsonrpc: '2.0', id: 2, result: {} });
    await e.close();
  });

  it('classifies malformed messages', async () => {
    const e = engine();
    const ctx = e.localContext();
    expect(await e.handleMessage(42, ctx)).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await e.handleMessage({ jsonrpc: '2.0', id: {}, method: 'ping' }, ctx)).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await e.handleMessage({ jsonrpc: '2.0', id: 1, method: 'ping', params: [1] }, ctx)).toMatchObject({ id: 1, error: { code: -32600 } });
    expect(await e.handleMessage({ jsonrpc: '2.0', method: 'notifications/unknown' }, ctx)).toBeUndefined();
    expect(await e.handleMessage({ jsonrpc: '2.0', id: 7, result: {} }, ctx)).toBeUndefined();
    await e.close();
  });

  it('validates params and names the field', async () => {
    const e = engine();
    const ctx = e.localContext();
    expect(await e.handleMessage(req(1, 'tools/call', {}), ctx)).toMatchObject({ error: { code: -32602, message: 'Invalid params: name must be a string' } });
    expect(await e.handleMessage(req(1, 'logging/setLevel', { level: 'loud' }), ctx)).toMatchObject({ error: { code: -32602 } });
    expect(await e.handleMessage(req(1, 'initialize', {}), ctx)).toMatchObject({ error: { code: -32602 } });
    await e.close();
  });

  it('runs call middleware outermost first, with the resolved target', async () => {
    const seen: string[] = [];
    const outer: CallMiddleware = async (call, next) => {
      seen.push(`outer:${call.method}:${call.target?.kind ?? '-'}:${call.target?.name ?? '-'}`);
      return next();
    };
    const deny: CallMiddleware = async (call, next) => {
      if (call.target?.name === 'echo') throw new HttpError(429, 'rate_limited', 'slow down', {}, -32029, { retryAfter: 1 });
      return next();
    };
    const e = engine({ callMiddleware: [outer, deny] });
    const ctx = e.localContext();
    await e.handleMessage(req(1, 'tools/call', { name: 'math.add', arguments: { a: 1, b: 1 } }), ctx);
    await e.handleMessage(req(2, 'resources/read', { uri: 'users://3/profile' }), ctx);
    expect(seen).toEqual(['outer:tools/call:tool:math.add', 'outer:resources/read:resourceTemplate:profile']);
    expect(await e.handleMessage(req(3, 'tools/call', { name: 'echo', arguments: { text: 'x' } }), ctx)).toEqual({
      jsonrpc: '2.0',
      id: 3,
      error: { code: -32029, message: 'slow down', data: { error: 'rate_limited', retryAfter: 1 } },
    });
    await e.close();
  });

  it('gives unmarked middleware a promise from next(), marked middleware the value a sync handler returned', async () => {
    const fromNext: string[] = [];
    const yours: CallMiddleware = (_call, next) => {
      const r = next();
      fromNext.push(`yours:${r instanceof Promise ? 'promise' : 'value'}`);
      return r;
    };
    const builtIn = acceptsSyncNext((_call, next) => {
      const r = next();
      fromNext.push(`built-in:${r instanceof Promise ? 'promise' : 'value'}`);
      return r;
    });
    const throwing = acceptsSyncNext(() => {
      throw new HttpError(403, 'forbidden', 'no', {}, -32003);
    });
    const e = engine({ callMiddleware: [yours, builtIn] });
    const ctx = e.localContext();
    // math.add answers without awaiting: the built-in layer sees the result itself, yours a promise of it
    expect(await e.handleMessage(req(1, 'tools/call', { name: 'math.add', arguments: { a: 1, b: 2 } }), ctx)).toMatchObject({ result: { structuredContent: { sum: 3 } } });
    expect(fromNext).toEqual(['built-in:value', 'yours:promise']);
    await e.close();
    // a marked middleware that throws synchronously still becomes a JSON-RPC error, never an exception
    const e2 = engine({ callMiddleware: [yours, throwing] });
    expect(await e2.handleMessage(req(2, 'tools/call', { name: 'math.add', arguments: { a: 1, b: 2 } }), e2.localContext())).toMatchObject({ error: { code: -32003, message: 'no' } });
    await e2.close();
  });

  it('reports every element call to observers', async () => {
    const records: CallRecord[] = [];
    const e = engine({ observers: [{ callDone: (r) => records.push(r) }] });
    await e.callTool('math.add', { a: 1, b: 2 });
    await e.callTool('soft.error', {});
    await expect(e.getPrompt('broken', {})).rejects.toThrow('Internal error');
    expect(records.map((r) => `${r.kind}:${r.name}:${r.outcome}`)).toEqual(['tool:math.add:ok', 'tool:soft.error:error', 'prompt:broken:error']);
    await e.close();
  });

  it('cancels an in-flight request on notifications/cancelled and sends no reply', async () => {
    const e = engine();
    const ctx = e.localContext();
    const pending = e.handleMessage(req(9, 'tools/call', { name: 'wait', arguments: {} }), ctx);
    await new Promise((r) => setTimeout(r, 20));
    await e.handleMessage({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 9, reason: 'stop' } }, ctx);
    expect(await pending).toBeUndefined();
    expect(e.inflightCount).toBe(0);
    await e.close();
  });

  it('turns a URL elicitation requirement into -32042 with the elicitations', async () => {
    const e = engine();
    e.addTool({
      name: 'needs.login',
      inputSchema: { type: 'object' },
      validateInput: compile({ type: 'object' }),
      handler: () => {
        throw new UrlElicitationRequiredError([{ mode: 'url', message: 'Log in', url: 'https://example.com/login', elicitationId: 'e1' }]);
      },
    });
    const r = await e.handleMessage(req(1, 'tools/call', { name: 'needs.login', arguments: {} }), e.localContext());
    expect(r).toMatchObject({ error: { code: -32042, data: { elicitations: [{ elicitationId: 'e1', url: 'https://example.com/login' }] } } });
    await e.close();
  });

  it('pushes list_changed to sessions with a stream when the live registry changes', async () => {
    const e = engine();
    const sent: object[] = [];
    const ctx = e.localContext();
    ctx.session!.getStream = { send: (m) => sent.push(m), close: () => undefined, closed: false };
    e.addPrompt({ name: 'p2', arguments: [], handler: () => 'x' });
    e.removePrompt('p2');
    e.addResource({ name: 'r2', uri: 'x://r2', handler: () => 'x' });
    e.removeTool('echo');
    expect(sent.map((m) => (m as { method: string }).method)).toEqual([
      'notifications/prompts/list_changed',
      'notifications/prompts/list_changed',
      'notifications/resources/list_changed',
      'notifications/tools/list_changed',
    ]);
    expect(e.tools().some((t) => t.name === 'echo')).toBe(false);
    await e.close();
  });

  it('applies roles in the caller-aware helpers', async () => {
    const e = engine();
    const admin = { id: 'a', roles: ['admin'], scheme: 'apikey' };
    expect(e.listTools().some((t) => t.name === 'admin.only')).toBe(false);
    expect(e.listTools(admin).some((t) => t.name === 'admin.only')).toBe(true);
    await expect(e.callTool('admin.only', {})).rejects.toThrow('Unknown tool: admin.only');
    expect((await e.callTool('admin.only', {}, { caller: admin })).content).toEqual([{ type: 'text', text: 'secret' }]);
    await expect(e.readResource('config://secret')).rejects.toMatchObject({ code: -32002 });
    await e.close();
  });

  it('lets a revision module add, remove and post-process methods', async () => {
    const rev: RevisionModule = {
      version: '2099-01-01',
      methods: { ping: null, 'custom/hello': { handle: () => ({ hello: true }) } },
      postProcess: (method, result) => ({ ...(result as object), via: method }),
      mapError: (error) => (error.code === -32002 ? { ...error, code: -32602 } : error),
    };
    const e = engine({ revisions: [rev] });
    const ctx = e.localContext();
    ctx.protocolVersion = '2099-01-01';
    expect(await e.handleMessage(req(1, 'ping'), ctx)).toMatchObject({ error: { code: -32601 } });
    expect(await e.handleMessage(req(2, 'custom/hello'), ctx)).toMatchObject({ result: { hello: true, via: 'custom/hello' } });
    expect(await e.handleMessage(req(3, 'resources/read', { uri: 'none://x' }), ctx)).toMatchObject({ error: { code: -32602 } });
    ctx.protocolVersion = '2025-11-25';
    expect(await e.handleMessage(req(4, 'ping'), ctx)).toEqual({ jsonrpc: '2.0', id: 4, result: {} });
    await e.close();
  });

  it('close() waits for in-flight calls, then refuses new ones', async () => {
    const e = engine({ settings: testSettings({ MCP_SHUTDOWN_GRACE_MS: '2000' }) });
    const ctx = e.localContext();
    const slow = e.handleMessage(req(1, 'tools/call', { name: 'count', arguments: { n: 3, delayMs: 30 } }), ctx);
    await new Promise((r) => setTimeout(r, 10));
    const closed = e.close();
    expect(await e.handleMessage(req(2, 'ping'), ctx)).toMatchObject({ error: { message: 'Server is shutting down' } });
    await closed;
    expect(await slow).toMatchObject({ result: { content: [{ text: 'counted to 3' }] } });
  });
});
