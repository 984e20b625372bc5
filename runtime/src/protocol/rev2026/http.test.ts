/**
 * The 2026-07-28 HTTP envelope on the shared /mcp endpoint, with a real server on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app/create-app.js';
import { createApp } from '../../app/create-app.js';
import { silentLogger } from '../../logger/index.js';
import { createMcpServer } from '../../server/create-server.js';
import { loadSettings } from '../../settings/load.js';
import type { Validator } from '../../registry/types.js';
import { isStatelessRequest } from './http.js';

const any = Object.assign(() => true, { errors: null }) as Validator;
let app: App;
let url: string;

beforeAll(async () => {
  const server = createMcpServer(
    {
      server: { name: 'rev2026-http', version: '1.0.0' },
      tools: [{ name: 'echo', inputSchema: { type: 'object' }, validateInput: any, handler: () => 'ok' }],
      resources: [],
      resourceTemplates: [],
      prompts: [],
      completions: [],
    },
    { settings: loadSettings({ MCP_LOG_LEVEL: 'silent' }), logger: silentLogger() },
  );
  app = createApp(server);
  ({ url } = await app.listen(0, '127.0.0.1'));
});
afterAll(() => app.close());

const REV = '2026-07-28';
const meta = { 'io.modelcontextprotocol/protocolVersion': REV, 'io.modelcontextprotocol/clientCapabilities': {} };

async function post(body: unknown, headers: Record<string, string>): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) };
}

const std = (method: string, extra: Record<string, string> = {}) => ({ 'mcp-protocol-version': REV, 'mcp-method': method, ...extra });

describe('2026-07-28 on /mcp', () => {
  it('selects the revision per request', () => {
    expect(isStatelessRequest({}, { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta } })).toBe(true);
    expect(isStatelessRequest({ 'mcp-protocol-version': REV }, { jsonrpc: '2.0', id: 1, method: 'x' })).toBe(true);
    expect(isStatelessRequest({ 'mcp-protocol-version': '2025-11-25' }, { jsonrpc: '2.0', id: 1, method: 'x' })).toBe(false);
    expect(isStatelessRequest({ 'mcp-session-id': 's', 'mcp-protocol-version': REV }, { jsonrpc: '2.0', id: 1, method: 'x' })).toBe(false);
    expect(isStatelessRequest({}, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25' } })).toBe(false);
  });

  it('serves a conformant request with resultType, without a session', async () => {
    const r = await post({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: {}, _meta: meta } }, std('tools/call', { 'mcp-name': 'echo' }));
    expect(r.status).toBe(200);
    expect(r.json.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: 'ok' }] });
  });

  it('answers envelope problems with 400 and the spec codes, echoing the id', async () => {
    const noHeader = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: meta } }, { 'mcp-method': 'tools/list' });
    expect([noHeader.status, noHeader.json.error.code, noHeader.json.id]).toEqual([400, -32020, 2]);
    const noMeta = await post({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} }, std('tools/list'));
    expect([noMeta.status, noMeta.json.error.code]).toEqual([400, -32602]);
    const v = 'v999';
    const unsupported = await post({ jsonrpc: '2.0', id: 4, method: 'tools/list', params: { _meta: { ...meta, 'io.modelcontextprotocol/protocolVersion': v } } }, std('tools/list', { 'mcp-protocol-version': v }));
    expect(unsupported.status).toBe(400);
    expect(unsupported.json.error).toMatchObject({ code: -32022, data: { supported: [REV], requested: v } });
    const mismatch = await post({ jsonrpc: '2.0', id: 5, method: 'tools/list', params: { _meta: meta } }, std('prompts/list'));
    expect([mismatch.status, mismatch.json.error.code]).toEqual([400, -32020]);
  });

  it('removed and unknown methods are 404 / -32601; batches are refused', async () => {
    for (const m of ['initialize', 'ping', 'logging/setLevel', 'resources/subscribe', 'tasks/list', 'nope']) {
      const r = await post({ jsonrpc: '2.0', id: 6, method: m, params: { _meta: meta } }, std(m));
      expect([m, r.status, r.json.error.code]).toEqual([m, 404, -32601]);
    }
    const batch = await post([{ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta } }], std('tools/list'));
    expect(batch.status).toBe(400);
  });

  it('GET and DELETE are 405 for the stateless revision', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(url, { method, headers: { accept: 'text/event-stream', 'mcp-protocol-version': REV } });
      expect(res.status).toBe(405);
      await res.text();
    }
  });

  it('notifications are accepted with 202', async () => {
    const r = await post({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } }, std('notifications/cancelled'));
    expect(r.status).toBe(202);
  });
});
