/**
 * Interop with the official TypeScript SDK 1.x client over Streamable HTTP (2025-11-25).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { compile, startApp } from '../transport/fixture.js';
import type { App } from '../../runtime/src/app/create-app.js';
import type { McpServer, ServerOptions } from '../../runtime/src/server/types.js';

let app: App | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close().catch(() => undefined);
  await app?.close();
  app = undefined;
  client = undefined;
});

async function connect(
  capabilities: ConstructorParameters<typeof Client>[1] extends infer O ? (O extends { capabilities?: infer C } ? C : never) : never = {},
  options: ServerOptions = {},
): Promise<{ client: Client; server: McpServer; transport: StreamableHTTPClientTransport; url: string; requests: { method: string; lastEventId: string | null }[] }> {
  const started = await startApp(options);
  app = started.app;
  const requests: { method: string; lastEventId: string | null }[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    const h = new Headers(init?.headers);
    requests.push({ method: init?.method ?? 'GET', lastEventId: h.get('last-event-id') });
    return fetch(input, init);
  };
  const transport = new StreamableHTTPClientTransport(new URL(started.url), {
    fetch: recordingFetch,
    reconnectionOptions: { initialReconnectionDelay: 20, maxReconnectionDelay: 100, reconnectionDelayGrowFactor: 1.5, maxRetries: 5 },
  });
  client = new Client({ name: 'sdk1-test', version: '1.0.0' }, { capabilities });
  await client.connect(transport);
  return { client, server: started.server, transport, url: started.url, requests };
}

function waitFor<T>(register: (resolve: (v: T) => void) => void, ms = 3000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out waiting')), ms);
    register((v) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}

describe('SDK 1.x client over Streamable HTTP', () => {
  it('negotiates 2025-11-25 with a session and reads server info', async () => {
    const { client, transport } = await connect();
    expect(transport.sessionId).toMatch(/^[\x21-\x7e]{16,}$/);
    expect(client.getServerVersion()).toMatchObject({ name: 'test-server', version: '1.0.0', title: 'Test Server' });
    expect(client.getServerCapabilities()).toMatchObject({ tools: { listChanged: true }, resources: { subscribe: true }, logging: {} });
    expect(client.getInstructions()).toBe('Use the tools.');
    expect(transport.protocolVersion).toBe('2025-11-25');
  });

  it('lists tools with titles, annotations, icons and output schemas, and calls them', async () => {
    const { client } = await connect();
    const { tools } = await client.listTools();
    const add = tools.find((t) => t.name === 'math.add')!;
    expect(add).toMatchObject({ title: 'Add', annotations: { readOnlyHint: true }, icons: [{ src: 'https://example.com/add.png' }] });
    expect(add.outputSchema).toMatchObject({ type: 'object' });
    expect(tools.find((t) => t.name === 'admin.only')).toBeUndefined();
    const r = await client.callTool({ name: 'math.add', arguments: { a: 2, b: 40 } });
    expect(r.structuredContent).toEqual({ sum: 42 });
    const bad = await client.callTool({ name: 'math.add', arguments: { a: 'x', b: 1 } });
    expect(bad.isError).toBe(true);
    expect((bad.content as { text: string }[])[0]!.text).toContain('input.a: must be integer');
    const all = await client.callTool({ name: 'content.all', arguments: {} });
    expect((all.content as { type: string }[]).map((c) => c.type)).toEqual(['text', 'image', 'resource_link']);
    await expect(client.callTool({ name: 'nope', arguments: {} })).rejects.toThrow(/Unknown tool: nope/);
  });

  it('reports progress and logs on the POST stream', async () => {
    const { client } = await connect();
    await client.setLoggingLevel('info');
    const logs: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(String(n.params.data));
    });
    const progress: number[] = [];
    const r = await client.callTool({ name: 'count', arguments: { n: 3 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
    expect((r.content as { text: string }[])[0]!.text).toBe('counted to 3');
    expect(progress).toEqual([1, 2, 3]);
    expect(logs).toEqual(['step 1', 'step 2', 'step 3']);
    await client.setLoggingLevel('error');
    logs.length = 0;
    await client.callTool({ name: 'count', arguments: { n: 2 } });
    expect(logs).toEqual([]);
  });

  it('samples, elicits and lists roots through the client', async () => {
    const { client } = await connect({ sampling: {}, elicitation: { form: {} }, roots: { listChanged: true } });
    client.setRequestHandler(CreateMessageRequestSchema, async (req) => ({
      role: 'assistant',
      model: 'test-model',
      content: { type: 'text', text: `echo ${(req.params.messages[0]!.content as { text: string }).text}` },
    }));
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { name: 'Ada' } }));
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///a', name: 'a' }, { uri: 'file:///b' }] }));
    const s = await client.callTool({ name: 'ask.model', arguments: { question: 'hi' } });
    expect((s.content as { text: string }[])[0]!.text).toBe('model said: echo hi');
    const e = await client.callTool({ name: 'ask.user', arguments: {} });
    expect((e.content as { text: string }[])[0]!.text).toBe('hello Ada');
    const roots = await client.callTool({ name: 'list.roots', arguments: {} });
    expect((roots.content as { text: string }[])[0]!.text).toBe('file:///a,file:///b');
  });

  it('explains a missing client capability as a tool error', async () => {
    const { client } = await connect();
    const s = await client.callTool({ name: 'ask.model', arguments: { question: 'hi' } });
    expect(s.isError).toBe(true);
    expect((s.content as { text: string }[])[0]!.text).toContain('does not support sampling');
  });

  it('reads resources and templates, coercing template variables', async () => {
    const { client } = await connect();
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(['config://app', 'file:///logo.png']);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates[0]).toMatchObject({ uriTemplate: 'users://{user_id}/profile', name: 'profile' });
    const cfg = await client.readResource({ uri: 'config://app' });
    expect(cfg.contents[0]).toEqual({ uri: 'config://app', mimeType: 'application/json', text: '{"debug":true}' });
    const logo = await client.readResource({ uri: 'file:///logo.png' });
    expect(logo.contents[0]).toMatchObject({ blob: Buffer.from([137, 80, 78, 71]).toString('base64'), mimeType: 'image/png' });
    const profile = await client.readResource({ uri: 'users://42/profile' });
    expect(JSON.parse((profile.contents[0] as { text: string }).text)).toEqual({ id: 42, name: 'Alice', type: 'number' });
    await expect(client.readResource({ uri: 'users://zero/profile' })).rejects.toThrow(/params.user_id: must be integer/);
    await expect(client.readResource({ uri: 'nothing://here' })).rejects.toThrow(/Resource not found/);
    await expect(client.readResource({ uri: 'config://secret' })).rejects.toThrow(/Resource not found/);
  });

  it('gets prompts and completes prompt arguments and template variables', async () => {
    const { client } = await connect();
    const p = await client.getPrompt({ name: 'greet', arguments: { name: 'Bashar' } });
    expect(p.messages[0]).toEqual({ role: 'user', content: { type: 'text', text: 'Write a warm one-line greeting for Bashar.' } });
    await expect(client.getPrompt({ name: 'greet', arguments: {} })).rejects.toThrow(/arguments.name is required/);
    const c = await client.complete({ ref: { type: 'ref/prompt', name: 'greet' }, argument: { name: 'name', value: 'k' } });
    expect(c.completion.values).toEqual(['Khulna']);
    const ids = await client.complete({ ref: { type: 'ref/resource', uri: 'users://{user_id}/profile' }, argument: { name: 'user_id', value: '' } });
    expect(ids.completion.values).toHaveLength(100);
    expect(ids.completion).toMatchObject({ total: 150, hasMore: true });
  });

  it('paginates every list with opaque cursors', async () => {
    const { client } = await connect({}, { pageSize: 4 });
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor });
      names.push(...page.tools.map((t) => t.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 20);
    expect(pages).toBeGreaterThan(2);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('structured');
    await expect(client.listTools({ cursor: 'garbage' })).rejects.toThrow(/Invalid cursor/);
  });

  it('delivers list_changed and resource updates on the GET stream', async () => {
    const { client, server, transport } = await connect();
    // the SDK opens its GET stream after initialized: wait until the server holds it
    const sessions = (server as unknown as { sessions: { local: Map<string, { getStream?: { attached?: boolean } }> } }).sessions.local;
    for (let i = 0; i < 250 && sessions.get(transport.sessionId!)?.getStream?.attached !== true; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sessions.get(transport.sessionId!)?.getStream?.attached).toBe(true);
    const changed = waitFor<void>((done) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => done()));
    server.addTool({ name: 'late', inputSchema: { type: 'object' }, validateInput: compile({ type: 'object' }), handler: () => 'late' });
    await changed;
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('late');
    await client.subscribeResource({ uri: 'config://app' });
    const updated = waitFor<string>((done) => client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => done(n.params.uri)));
    await client.callTool({ name: 'touch', arguments: { uri: 'config://app' } });
    expect(await updated).toBe('config://app');
  });

  it('cancels a running call when the client aborts', async () => {
    const { client, server } = await connect();
    const ac = new AbortController();
    const call = client.callTool({ name: 'wait', arguments: {} }, undefined, { signal: ac.signal });
    const engine = server as unknown as { inflightCount: number };
    for (let i = 0; i < 250 && engine.inflightCount === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(engine.inflightCount).toBe(1);
    ac.abort('user gave up');
    await expect(call).rejects.toThrow();
    for (let i = 0; i < 50 && engine.inflightCount > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(engine.inflightCount).toBe(0);
  });

  it('resumes with Last-Event-ID after the server closes the stream mid-call', async () => {
    const { client, requests } = await connect();
    const logs: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(String(n.params.data));
    });
    const r = await client.callTool({ name: 'test_reconnection', arguments: {} });
    expect((r.content as { text: string }[])[0]!.text).toBe('reconnected');
    expect(logs).toEqual(['after reconnect']);
    const resumed = requests.filter((q) => q.method === 'GET' && q.lastEventId !== null);
    expect(resumed.length).toBeGreaterThanOrEqual(1);
    expect(resumed[0]!.lastEventId).toMatch(/\.[0-9a-z]+-[0-9a-z]+_1$/);
  });

  it('terminates the session with DELETE', async () => {
    const { transport, url } = await connect();
    const sid = transport.sessionId!;
    await transport.terminateSession();
    expect(transport.sessionId).toBeUndefined();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' }),
    });
    expect(res.status).toBe(404);
  });
});
