/**
 * Interop with the official 2.x client (`@modelcontextprotocol/client`) over Streamable HTTP at
 * protocol revision 2026-07-28: no initialize, per-request `_meta`, input-required results fulfilled
 * by the client's own handlers, caching hints, subscriptions/listen, tasks, `Mcp-Param-*` headers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { App } from '../../runtime/src/app/create-app.js';
import { cancelledRuns, sleep, startClient2App } from './client2-fixture.js';

const REV = '2026-07-28';
let app: App | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close().catch(() => undefined);
  await app?.close();
  app = undefined;
  client = undefined;
});

interface Wire {
  method: string;
  headers: Headers;
  body: any;
}

type Caps = NonNullable<NonNullable<ConstructorParameters<typeof Client>[1]>['capabilities']>;

/** Start the fixture and connect a 2.x client pinned to 2026-07-28; every POST is recorded. */
async function connect(capabilities: Caps = {}, handlers: (c: Client) => void = () => undefined): Promise<{ client: Client; url: string; wire: Wire[] }> {
  const started = await startClient2App();
  app = started.app;
  const wire: Wire[] = [];
  const recording: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    let body: unknown;
    try {
      body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    } catch {
      body = undefined;
    }
    wire.push({ method: init?.method ?? 'GET', headers, body });
    return fetch(input, init);
  };
  client = new Client({ name: 'client2-test', version: '2.0.0' }, { capabilities, versionNegotiation: { mode: { pin: REV } } });
  handlers(client);
  await client.connect(new StreamableHTTPClientTransport(new URL(started.url), { fetch: recording }));
  return { client, url: started.url, wire };
}

const META = (caps: Record<string, unknown> = {}) => ({
  'io.modelcontextprotocol/protocolVersion': REV,
  'io.modelcontextprotocol/clientCapabilities': caps,
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
});

/** A raw stateless POST with conformant headers. */
async function rawPost(url: string, method: string, params: Record<string, unknown>, extra: Record<string, string> = {}): Promise<{ status: number; json: any; type: string | null }> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': REV,
    'mcp-method': method,
    ...extra,
  };
  const name = params['name'] ?? params['uri'] ?? params['taskId'];
  if (typeof name === 'string' && !('mcp-name' in extra)) headers['mcp-name'] = name;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 7, method, params }) });
  const text = await res.text();
  const type = res.headers.get('content-type');
  if (type?.includes('text/event-stream')) {
    const events = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
    return { status: res.status, json: events.at(-1), type };
  }
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text), type };
}

describe('2.x client over Streamable HTTP (2026-07-28)', () => {
  it('negotiates 2026-07-28 with server/discover: no initialize, no session, server identity in _meta', async () => {
    const { client: c, wire } = await connect();
    expect(c.getProtocolEra()).toBe('modern');
    expect(c.getNegotiatedProtocolVersion()).toBe(REV);
    const first = wire[0]!;
    expect(first.body.method).toBe('server/discover');
    expect(wire.some((w) => w.body?.method === 'initialize')).toBe(false);
    const d = await c.discover();
    expect(d.supportedVersions).toContain(REV);
    expect(d.capabilities.tools).toBeDefined();
    expect((d.capabilities as { extensions?: Record<string, unknown> }).extensions?.['io.modelcontextprotocol/tasks']).toEqual({});
    expect(d.instructions).toBe('Fixture for the 2.x client tests.');
    expect(c.getServerVersion()?.name).toBe('client2-fixture');
    for (const w of wire) {
      expect(w.headers.get('mcp-session-id')).toBeNull();
      expect(w.headers.get('mcp-protocol-version')).toBe(REV);
    }
  });

  it('lists and calls tools with structured output; headers and _meta travel on every request', async () => {
    const { client: c, wire } = await connect();
    const { tools } = await c.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['weather', 'ask.name', 'slow', 'region.echo']));
    const r = await c.callTool({ name: 'weather', arguments: { city: 'Oslo' } });
    expect(r.structuredContent).toEqual({ city: 'Oslo', tempC: 10 });
    expect(r.isError ?? false).toBe(false);
    const call = wire.find((w) => w.body?.method === 'tools/call')!;
    expect(call.headers.get('mcp-method')).toBe('tools/call');
    expect(call.headers.get('mcp-name')).toBe('weather');
    expect(call.body.params._meta['io.modelcontextprotocol/protocolVersion']).toBe(REV);
  });

  it('sends the Mcp-Param header the tool declares with x-mcp-header, and the server accepts it', async () => {
    const { client: c, wire } = await connect();
    await c.listTools();
    const r = await c.callTool({ name: 'region.echo', arguments: { region: 'eu-west-1' } });
    expect((r.content[0] as { text: string }).text).toBe('region eu-west-1');
    const call = wire.find((w) => w.body?.method === 'tools/call')!;
    expect(call.headers.get('mcp-param-region')).toBe('eu-west-1');
  });

  it('fulfils an elicitation input-required result through the client handler and retries', async () => {
    const asked: string[] = [];
    const { client: c, wire } = await connect({ elicitation: {} }, (cl) =>
      cl.setRequestHandler('elicitation/create', async (req) => {
        asked.push((req.params as { message: string }).message);
        return { action: 'accept', content: { name: 'Ada' } };
      }),
    );
    const r = await c.callTool({ name: 'ask.name', arguments: {} });
    expect((r.content[0] as { text: string }).text).toBe('hello Ada');
    expect(asked).toEqual(['Your name?']);
    const calls = wire.filter((w) => w.body?.method === 'tools/call');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body.params.inputResponses.name.content).toEqual({ name: 'Ada' });
    expect(typeof calls[1]!.body.params.requestState).toBe('string');
  });

  it('runs a multi-round call: three inputs at once (elicitation, sampling, roots), then one more', async () => {
    const { client: c, wire } = await connect({ elicitation: {}, sampling: {}, roots: {} }, (cl) => {
      cl.setRequestHandler('elicitation/create', async (req) => {
        const props = Object.keys((req.params as { requestedSchema: { properties: object } }).requestedSchema.properties);
        return { action: 'accept', content: props.includes('colour') ? { colour: 'teal' } : { name: 'Lin' } };
      });
      cl.setRequestHandler('sampling/createMessage', async () => ({ role: 'assistant', content: { type: 'text', text: 'hi!' }, model: 'm' }));
      cl.setRequestHandler('roots/list', async () => ({ roots: [{ uri: 'file:///a' }, { uri: 'file:///b' }] }));
    });
    const r = await c.callTool({ name: 'ask.all', arguments: {} });
    expect((r.content[0] as { text: string }).text).toBe('Lin|hi!|2|teal');
    expect(wire.filter((w) => w.body?.method === 'tools/call')).toHaveLength(3);
  });

  it('input-required works on prompts/get and resources/read too', async () => {
    const { client: c } = await connect({ elicitation: {} }, (cl) =>
      cl.setRequestHandler('elicitation/create', async (req) => {
        const props = Object.keys((req.params as { requestedSchema: { properties: object } }).requestedSchema.properties);
        return { action: 'accept', content: props.includes('topic') ? { topic: 'tides' } : { chapter: 3 } };
      }),
    );
    const p = await c.getPrompt({ name: 'interview', arguments: {} });
    expect((p.messages[0]!.content as { text: string }).text).toBe('Interview about tides');
    const g = await c.readResource({ uri: 'docs://guide' });
    expect((g.contents[0] as { text: string }).text).toBe('chapter 3');
  });

  it('a client without the capability gets -32021 (MissingRequiredClientCapability) naming it', async () => {
    const { client: c } = await connect({});
    await expect(c.callTool({ name: 'ask.name', arguments: {} })).rejects.toMatchObject({ code: -32021 });
  });

  it('resources, templates, prompts and completions, with caching hints on lists and reads', async () => {
    const { client: c } = await connect();
    const res = await c.listResources();
    expect(res.resources.map((r) => r.uri)).toEqual(['config://app', 'docs://guide']);
    expect(res).toMatchObject({ ttlMs: 0, cacheScope: 'public' });
    const tpl = await c.listResourceTemplates();
    expect(tpl.resourceTemplates[0]!.uriTemplate).toBe('users://{id}');
    const read = await c.readResource({ uri: 'config://app' });
    expect(read).toMatchObject({ ttlMs: 60_000, cacheScope: 'private' });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toEqual({ debug: false });
    const user = await c.readResource({ uri: 'users://12' });
    expect(JSON.parse((user.contents[0] as { text: string }).text)).toEqual({ id: 12, name: 'user 12' });
    const prompt = await c.getPrompt({ name: 'greet', arguments: { name: 'Bo' } });
    expect((prompt.messages[0]!.content as { text: string }).text).toBe('Say hello to Bo.');
    const comp = await c.complete({ ref: { type: 'ref/prompt', name: 'greet' }, argument: { name: 'name', value: 'al' } });
    expect(comp.completion.values).toEqual(['alice', 'albert']);
    const comp2 = await c.complete({ ref: { type: 'ref/resource', uri: 'users://{id}' }, argument: { name: 'id', value: '12' } });
    expect(comp2.completion.values).toEqual(['12', '123']);
  });

  it('a missing resource is -32602 with the URI in data (not -32002)', async () => {
    const { client: c } = await connect();
    await expect(c.readResource({ uri: 'config://nope' })).rejects.toMatchObject({ code: -32602 });
  });

  it('progress notifications stream on the request; log messages only when the request asks for a level', async () => {
    const { client: c, url } = await connect();
    const progress: number[] = [];
    const r = await c.callTool({ name: 'count', arguments: { n: 3 } }, { onprogress: (p) => progress.push(p.progress) });
    expect((r.content[0] as { text: string }).text).toBe('counted to 3');
    expect(progress).toEqual([1, 2, 3]);
    // the client opts into logs per request with the logLevel key of _meta
    const logs: string[] = [];
    c.setNotificationHandler('notifications/message', (n) => {
      logs.push(String(n.params.data));
    });
    await c.callTool({ name: 'count', arguments: { n: 2 }, _meta: { 'io.modelcontextprotocol/logLevel': 'info' } });
    expect(logs).toEqual(['step 1', 'step 2']);
    await c.callTool({ name: 'count', arguments: { n: 2 } });
    expect(logs).toHaveLength(2);
    // raw: without a log level no notifications/message; with one they arrive on the SSE stream
    const quiet = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': REV, 'mcp-method': 'tools/call', 'mcp-name': 'count' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'count', arguments: { n: 2 }, _meta: META() } }),
    });
    expect(await quiet.text()).not.toContain('notifications/message');
    const loud = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': REV, 'mcp-method': 'tools/call', 'mcp-name': 'count' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'count', arguments: { n: 2 }, _meta: { ...META(), 'io.modelcontextprotocol/logLevel': 'info' } } }),
    });
    expect(loud.headers.get('content-type')).toContain('text/event-stream');
    expect(loud.headers.get('x-accel-buffering')).toBe('no');
    const text = await loud.text();
    expect(text.match(/notifications\/message/g)).toHaveLength(2);
  });

  it('listen() receives list_changed on a subscriptions/listen stream, tagged with the subscription id', async () => {
    const { client: c } = await connect();
    const got: string[] = [];
    c.setNotificationHandler('notifications/tools/list_changed', () => {
      got.push('tools');
    });
    const sub = await c.listen({ toolsListChanged: true });
    await c.callTool({ name: 'tools.changed', arguments: {} });
    const deadline = Date.now() + 3000;
    while (got.length === 0 && Date.now() < deadline) await sleep(20);
    expect(got).toEqual(['tools']);
    await sub.close();
  });

  it('tasks: a slow task-capable call becomes a task (raw: the 2.4 client has no tasks extension); a fast one stays synchronous', async () => {
    const { client: c, url } = await connect();
    const caps = { extensions: { 'io.modelcontextprotocol/tasks': {} } };
    const created = await rawPost(url, 'tools/call', { name: 'slow', arguments: { ms: 400 }, _meta: META(caps) });
    expect(created.json.result).toMatchObject({ resultType: 'task', status: 'working', pollIntervalMs: 20 });
    expect(created.json.result.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(created.json.result.ttlMs).toBeGreaterThan(0);
    const taskId: string = created.json.result.taskId;
    let task = (await rawPost(url, 'tasks/get', { taskId, _meta: META(caps) })).json.result;
    for (let i = 0; i < 100 && task.status !== 'completed'; i++) {
      await sleep(20);
      task = (await rawPost(url, 'tasks/get', { taskId, _meta: META(caps) })).json.result;
    }
    expect(task).toMatchObject({ taskId, status: 'completed', resultType: 'complete' });
    expect(task.result.content[0].text).toBe('slept 400 ms');
    // without the extension the same tool just runs synchronously (here through the 2.x client)
    const sync = await c.callTool({ name: 'slow', arguments: { ms: 150 } });
    expect((sync.content[0] as { text: string }).text).toBe('slept 150 ms');
    // with it, a fast run still answers synchronously (the immediate-result shortcut)
    const fast = await rawPost(url, 'tools/call', { name: 'slow', arguments: { ms: 1 }, _meta: META(caps) });
    expect(fast.json.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: 'slept 1 ms' }] });
  });

  it('tasks: input parks the task until tasks/update; tasks/cancel stops a running task', async () => {
    const { url } = await connect();
    const caps = { elicitation: {}, extensions: { 'io.modelcontextprotocol/tasks': {} } };
    const created = await rawPost(url, 'tools/call', { name: 'confirm', arguments: {}, _meta: META(caps) });
    expect(created.json.result).toMatchObject({ resultType: 'task', status: 'working' });
    const taskId: string = created.json.result.taskId;
    let t = await rawPost(url, 'tasks/get', { taskId, _meta: META(caps) });
    for (let i = 0; i < 50 && t.json.result.status !== 'input_required'; i++) {
      await sleep(20);
      t = await rawPost(url, 'tasks/get', { taskId, _meta: META(caps) });
    }
    expect(t.json.result).toMatchObject({ status: 'input_required', resultType: 'complete', inputRequests: { sure: { method: 'elicitation/create' } } });
    const ack = await rawPost(url, 'tasks/update', { taskId, inputResponses: { sure: { action: 'accept', content: { ok: true } } }, _meta: META(caps) });
    expect(ack.json.result).toEqual(expect.objectContaining({ resultType: 'complete' }));
    expect(ack.json.result.status).toBeUndefined();
    for (let i = 0; i < 50 && t.json.result.status !== 'completed'; i++) {
      await sleep(20);
      t = await rawPost(url, 'tasks/get', { taskId, _meta: META(caps) });
    }
    expect(t.json.result.result.content[0].text).toBe('confirmed');

    const long = await rawPost(url, 'tools/call', { name: 'slow', arguments: { ms: 5000, label: 'to-cancel' }, _meta: META(caps) });
    const longId: string = long.json.result.taskId;
    const cancel = await rawPost(url, 'tasks/cancel', { taskId: longId, _meta: META(caps) });
    expect(cancel.json.result.resultType).toBe('complete');
    const after = await rawPost(url, 'tasks/get', { taskId: longId, _meta: META(caps) });
    expect(after.json.result.status).toBe('cancelled');
    for (let i = 0; i < 50 && !cancelledRuns.includes('to-cancel'); i++) await sleep(10);
    expect(cancelledRuns).toContain('to-cancel');
  });

  it('tasks are private to their creator and need the extension declared', async () => {
    const { url } = await connect();
    const caps = { extensions: { 'io.modelcontextprotocol/tasks': {} } };
    const noExt = await rawPost(url, 'tasks/get', { taskId: 'x', _meta: META({}) });
    expect(noExt.status).toBe(400);
    expect(noExt.json.error.code).toBe(-32021);
    expect(noExt.json.error.data.requiredCapabilities.extensions['io.modelcontextprotocol/tasks']).toEqual({});
    const unknown = await rawPost(url, 'tasks/get', { taskId: 'nope', _meta: META(caps) });
    expect(unknown.json.error.code).toBe(-32602);
    const required = await rawPost(url, 'tools/call', { name: 'confirm', arguments: {}, _meta: META({ elicitation: {} }) });
    expect(required.status).toBe(400);
    expect(required.json.error.code).toBe(-32021);
  });

  it('closing the response stream cancels the request', async () => {
    const { url } = await connect();
    const controller = new AbortController();
    const pending = fetch(url, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': REV, 'mcp-method': 'tools/call', 'mcp-name': 'slow' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'slow', arguments: { ms: 5000, label: 'closed-stream' }, _meta: META() } }),
    }).catch(() => undefined);
    await sleep(100);
    controller.abort();
    await pending;
    for (let i = 0; i < 100 && !cancelledRuns.includes('closed-stream'); i++) await sleep(10);
    expect(cancelledRuns).toContain('closed-stream');
  });
});
