/**
 * subscriptions/listen over real HTTP: acknowledgement first, only the requested notification types,
 * every message tagged with the subscription id, and the stream ends when the client leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app/create-app.js';
import { silentLogger } from '../../logger/index.js';
import { createMcpServer, engineOf } from '../../server/create-server.js';
import type { McpServer } from '../../server/types.js';
import { loadSettings } from '../../settings/load.js';

let app: App;
let server: McpServer;
let url: string;

beforeAll(async () => {
  server = createMcpServer(
    { server: { name: 'listen', version: '1.0.0' }, tools: [], resources: [], resourceTemplates: [], prompts: [], completions: [] },
    { settings: loadSettings({ MCP_LOG_LEVEL: 'silent' }), logger: silentLogger() },
  );
  app = createApp(server);
  ({ url } = await app.listen(0, '127.0.0.1'));
});
afterAll(() => app.close());

const REV = '2026-07-28';
const meta = { 'io.modelcontextprotocol/protocolVersion': REV, 'io.modelcontextprotocol/clientCapabilities': {} };

/** Open a listen stream; collect its messages until `count` arrived or `ms` passed, then hang up. */
async function listen(id: number, notifications: object, count: number, ms: number, whileOpen: () => Promise<void>): Promise<any[]> {
  const controller = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    signal: controller.signal,
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': REV, 'mcp-method': 'subscriptions/listen' },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'subscriptions/listen', params: { notifications, _meta: meta } }),
  });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const messages: any[] = [];
  let buffer = '';
  let triggered = false;
  const deadline = setTimeout(() => controller.abort(), ms);
  try {
    while (messages.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const l of lines) if (l.startsWith('data: ')) messages.push(JSON.parse(l.slice(6)));
      if (!triggered && messages.length > 0) {
        triggered = true;
        await whileOpen();
      }
    }
  } catch {
    // aborted at the deadline
  } finally {
    clearTimeout(deadline);
    controller.abort();
  }
  return messages;
}

describe('subscriptions/listen', () => {
  it('acknowledges first, then delivers only what was asked for, tagged with the subscription id', async () => {
    const got = await listen(41, { resourceSubscriptions: ['test://a'], toolsListChanged: true }, 3, 3000, async () => {
      await server.notifyResourceUpdated('test://b'); // not subscribed
      await server.notifyListChanged('prompts'); // not requested
      await server.notifyResourceUpdated('test://a');
      await server.notifyListChanged('tools');
    });
    expect(got.map((m) => m.method)).toEqual(['notifications/subscriptions/acknowledged', 'notifications/resources/updated', 'notifications/tools/list_changed']);
    expect(got[0].params.notifications).toEqual({ resourceSubscriptions: ['test://a'], toolsListChanged: true });
    expect(got[1].params.uri).toBe('test://a');
    for (const m of got) expect(m.params._meta['io.modelcontextprotocol/subscriptionId']).toBe(41);
  });

  it('rejects a malformed filter with -32602', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': REV, 'mcp-method': 'subscriptions/listen' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscriptions/listen', params: { notifications: { toolsListChanged: 'yes' }, _meta: meta } }),
    });
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32602);
  });

  it('the listen request ends when the client hangs up', async () => {
    const engine = engineOf(server);
    let during = -1;
    await listen(42, { promptsListChanged: true }, 1, 2000, async () => {
      during = engine.inflightCount;
    });
    expect(during).toBe(1);
    for (let i = 0; i < 100 && engine.inflightCount > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(engine.inflightCount).toBe(0);
  });
});
