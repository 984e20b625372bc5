/**
 * The 2025-11-25 tasks utility with the official SDK 1.x client (`client.experimental.tasks`) over
 * Streamable HTTP on 127.0.0.1: capability, task-augmented tools/call, tasks/get|result|list|cancel,
 * required/forbidden errors, isolation between principals and sessions, and older revisions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, CreateTaskResultSchema, ElicitRequestSchema, McpError, TaskStatusNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Engine } from '../../runtime/src/server/engine.js';
import type { App } from '../../runtime/src/app/create-app.js';
import { post } from '../transport/fixture.js';
import { aborted, startTaskApp } from './tasks-2025-fixture.js';

const apps: App[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => undefined);
  for (const a of apps.splice(0)) await a.close();
});

async function start(env: Record<string, string> = {}): Promise<string> {
  const { app, url } = await startTaskApp(env);
  apps.push(app);
  return url;
}

async function connect(url: string, options: { key?: string; capabilities?: Record<string, unknown>; version?: string } = {}): Promise<Client> {
  const headers: Record<string, string> = options.key !== undefined ? { 'x-api-key': options.key } : {};
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  const client = new Client({ name: 'tasks-2025-test', version: '1.0.0' }, { capabilities: options.capabilities ?? {} });
  if (options.version !== undefined) {
    // the SDK always asks for its latest revision; rewrite initialize to test an older one
    const send = transport.send.bind(transport);
    transport.send = (message, opts) => {
      const m = message as { method?: string; params?: Record<string, unknown> };
      if (m.method === 'initialize') m.params = { ...m.params, protocolVersion: options.version };
      return send(message, opts);
    };
  }
  clients.push(client);
  await client.connect(transport);
  return client;
}

async function codeOf(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof McpError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected an error');
}

async function createTask(client: Client, name: string, args: Record<string, unknown> = {}, ttl?: number): Promise<{ taskId: string; ttl: number | null; status: string; pollInterval?: number | undefined }> {
  const r = await client.request({ method: 'tools/call', params: { name, arguments: args } }, CreateTaskResultSchema, { task: ttl === undefined ? {} : { ttl } });
  return r.task;
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

describe('2025-11-25 tasks with the SDK 1.x client over HTTP', () => {
  it('declares the tasks capability and advertises taskSupport', async () => {
    const client = await connect(await start());
    expect(client.getServerCapabilities()?.tasks).toEqual({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
    const { tools } = await client.listTools();
    expect(tools.find((t) => t.name === 'slow')?.execution).toEqual({ taskSupport: 'optional' });
    expect(tools.find((t) => t.name === 'must.task')?.execution).toEqual({ taskSupport: 'required' });
    expect(tools.find((t) => t.name === 'echo')?.execution).toBeUndefined();
  });

  it('runs a slow tool as a task: callToolStream creates, polls and gets the result', async () => {
    const client = await connect(await start());
    await client.listTools(); // the SDK learns which tools take tasks
    const seen: string[] = [];
    let result: unknown;
    let taskId = '';
    const started = Date.now();
    for await (const m of client.experimental.tasks.callToolStream({ name: 'slow', arguments: { ms: 400, label: 'a' } }, CallToolResultSchema, { task: { ttl: 60_000 } })) {
      seen.push(m.type === 'taskStatus' ? `status:${m.task.status}` : m.type);
      if (m.type === 'taskCreated') {
        taskId = m.task.taskId;
        expect(m.task).toMatchObject({ status: 'working', ttl: 60_000 });
        expect(Date.now() - started).toBeLessThan(350); // CreateTaskResult before the handler ends
      }
      if (m.type === 'result') result = m.result;
      if (m.type === 'error') throw m.error;
    }
    expect(seen[0]).toBe('taskCreated');
    expect(seen).toContain('status:completed');
    expect(seen.at(-1)).toBe('result');
    expect(result).toMatchObject({
      content: [{ type: 'text', text: 'slept 400 a' }],
      _meta: { 'io.modelcontextprotocol/related-task': { taskId } },
    });
    const task = await client.experimental.tasks.getTask(taskId);
    expect(task).toMatchObject({ taskId, status: 'completed', ttl: 60_000 });
    expect(Date.parse(task.createdAt)).toBeLessThanOrEqual(Date.parse(task.lastUpdatedAt));
  });

  it('tasks/result blocks until the task is terminal', async () => {
    const client = await connect(await start());
    const task = await createTask(client, 'slow', { ms: 300, label: 'b' });
    expect(task.status).toBe('working');
    expect((await client.experimental.tasks.getTask(task.taskId)).status).toBe('working');
    const t0 = Date.now();
    const r = await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect(Date.now() - t0).toBeGreaterThan(150);
    expect(r.content).toEqual([{ type: 'text', text: 'slept 300 b' }]);
    expect((await client.experimental.tasks.getTask(task.taskId)).status).toBe('completed');
  });

  it('a tool error result makes the task failed; tasks/result still returns the CallToolResult', async () => {
    const client = await connect(await start());
    const task = await createTask(client, 'soft.fail');
    const done = await until(() => client.experimental.tasks.getTask(task.taskId), (t) => t.status !== 'working');
    expect(done).toMatchObject({ status: 'failed', statusMessage: 'quota exceeded' });
    const r = await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect(r).toMatchObject({ isError: true, content: [{ type: 'text', text: 'quota exceeded' }] });
  });

  it('a protocol error of the handler is what tasks/result answers', async () => {
    const client = await connect(await start());
    const task = await createTask(client, 'rpc.fail');
    const e = await codeOf(client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema));
    expect(e.code).toBe(-32050);
    expect(e.message).toContain('upstream refused the job');
    expect(await client.experimental.tasks.getTask(task.taskId)).toMatchObject({ status: 'failed', statusMessage: 'upstream refused the job' });
  });

  it('the tool timeout bounds a task: failed with -32001, the handler stopped', async () => {
    const client = await connect(await start({ MCP_TOOL_TIMEOUT_MS: '200' }));
    aborted.delete('t');
    const task = await createTask(client, 'slow', { ms: 5000, label: 't' });
    const e = await codeOf(client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema));
    expect(e.code).toBe(-32001);
    expect(await client.experimental.tasks.getTask(task.taskId)).toMatchObject({ status: 'failed', statusMessage: 'tool "slow" timed out after 200 ms' });
    await until(async () => aborted.has('t'), (v) => v, 2000);
  });

  it('lists only this client\'s tasks, with cursor pagination', async () => {
    const url = await start();
    const client = await connect(url);
    const other = await connect(url);
    const mine = [];
    for (let i = 0; i < 3; i++) mine.push((await createTask(client, 'slow', { ms: 10, label: `l${i}` })).taskId);
    await createTask(other, 'slow', { ms: 10 });
    const all = await client.experimental.tasks.listTasks();
    expect(all.tasks.map((t) => t.taskId)).toEqual(mine);
    expect(all.nextCursor).toBeUndefined();
    expect((await other.experimental.tasks.listTasks()).tasks).toHaveLength(1);
    const bad = await codeOf(client.experimental.tasks.listTasks('not-a-cursor'));
    expect(bad.code).toBe(-32602);
  });

  it('pages tasks/list with the server page size', async () => {
    const { app, url } = await startTaskApp({}, { pageSize: 2 });
    apps.push(app);
    const client = await connect(url);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await createTask(client, 'must.task')).taskId);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const r = await client.experimental.tasks.listTasks(cursor);
      expect(r.tasks.length).toBeLessThanOrEqual(2);
      seen.push(...r.tasks.map((t) => t.taskId));
      cursor = r.nextCursor;
      if (cursor === undefined) break;
    }
    expect(seen).toEqual(ids);
  });

  it('cancels a running task (the handler is stopped); cancelling a terminal task is -32602', async () => {
    const client = await connect(await start());
    aborted.delete('c');
    const task = await createTask(client, 'slow', { ms: 5000, label: 'c' });
    await new Promise((r) => setTimeout(r, 50));
    const cancelled = await client.experimental.tasks.cancelTask(task.taskId);
    expect(cancelled).toMatchObject({ taskId: task.taskId, status: 'cancelled' });
    await until(async () => aborted.has('c'), (v) => v, 2000);
    expect((await client.experimental.tasks.getTask(task.taskId)).status).toBe('cancelled');
    const again = await codeOf(client.experimental.tasks.cancelTask(task.taskId));
    expect(again).toMatchObject({ code: -32602 });
    expect(again.message).toContain("already in terminal status 'cancelled'");
    const result = await codeOf(client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema));
    expect(result.code).toBe(-32800);
    const unknown = await codeOf(client.experimental.tasks.getTask('00000000-0000-4000-8000-000000000000'));
    expect(unknown.code).toBe(-32602);
  });

  it('required and forbidden tools: -32601 naming the tool', async () => {
    const client = await connect(await start());
    const required = await codeOf(client.request({ method: 'tools/call', params: { name: 'must.task', arguments: {} } }, CallToolResultSchema));
    expect(required.code).toBe(-32601);
    expect(required.message).toContain('Tool must.task must be called as a task');
    const forbidden = await codeOf(client.request({ method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' } } }, CreateTaskResultSchema, { task: {} }));
    expect(forbidden.code).toBe(-32601);
    expect(forbidden.message).toContain('Tool echo cannot be called as a task');
    // the required tool as a task, and an optional tool called normally
    const created = await createTask(client, 'must.task');
    expect((await client.experimental.tasks.getTaskResult(created.taskId, CallToolResultSchema)).content).toEqual([{ type: 'text', text: 'done as a task' }]);
    const plain = await client.callTool({ name: 'slow', arguments: { ms: 1, label: 'p' } });
    expect(plain.content).toEqual([{ type: 'text', text: 'slept 1 p' }]);
  });

  it('a task is visible only to the principal and the session that created it', async () => {
    const url = await start({ MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'key-alice,key-bob' });
    const alice = await connect(url, { key: 'key-alice' });
    const bob = await connect(url, { key: 'key-bob' });
    const alice2 = await connect(url, { key: 'key-alice' });
    const task = await createTask(alice, 'slow', { ms: 200, label: 'private' });
    for (const other of [bob, alice2]) {
      expect((await codeOf(other.experimental.tasks.getTask(task.taskId))).code).toBe(-32602);
      expect((await codeOf(other.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema))).code).toBe(-32602);
      expect((await codeOf(other.experimental.tasks.cancelTask(task.taskId))).code).toBe(-32602);
      expect((await other.experimental.tasks.listTasks()).tasks).toEqual([]);
    }
    expect((await alice.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema)).content).toEqual([{ type: 'text', text: 'slept 200 private' }]);
  });

  it('progress and notifications/tasks/status reach the session GET stream while the task runs', async () => {
    const { app, server, url } = await startTaskApp();
    apps.push(app);
    const transport = new StreamableHTTPClientTransport(new URL(url));
    const client = new Client({ name: 'tasks-2025-test', version: '1.0.0' }, { capabilities: {} });
    clients.push(client);
    const statuses: string[] = [];
    client.setNotificationHandler(TaskStatusNotificationSchema, (n) => {
      statuses.push(n.params.status);
    });
    await client.connect(transport);
    // the SDK opens its GET stream after initialization: wait for it, bounded
    await until(async () => (server as Engine).sessions.local.get(transport.sessionId!)?.getStream !== undefined, (v) => v, 3000);
    const progress: unknown[] = [];
    const created = await client.request({ method: 'tools/call', params: { name: 'slow', arguments: { ms: 300, label: 'p' } } }, CreateTaskResultSchema, {
      task: {},
      onprogress: (p) => progress.push(p),
    });
    const r = await client.experimental.tasks.getTaskResult(created.task.taskId, CallToolResultSchema);
    expect(r.content).toEqual([{ type: 'text', text: 'slept 300 p' }]);
    await until(async () => statuses.length, (n) => n > 0, 2000);
    expect(statuses).toEqual(['completed']);
    expect(progress).toEqual([{ progress: 1, total: 2, message: 'half way', _meta: { 'io.modelcontextprotocol/related-task': { taskId: created.task.taskId } } }]);
  });

  it('elicitation inside a task: tasks/result carries the request, the answer resumes the handler', async () => {
    const client = await connect(await start(), { capabilities: { elicitation: {} } });
    const metas: unknown[] = [];
    client.setRequestHandler(ElicitRequestSchema, (req) => {
      metas.push(req.params._meta);
      return { action: 'accept', content: { ok: true } };
    });
    const task = await createTask(client, 'confirm');
    await until(() => client.experimental.tasks.getTask(task.taskId), (t) => t.status === 'input_required');
    const r = await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect(r.content).toEqual([{ type: 'text', text: 'answer accept {"ok":true}' }]);
    expect(metas).toEqual([{ 'io.modelcontextprotocol/related-task': { taskId: task.taskId } }]);
    expect((await client.experimental.tasks.getTask(task.taskId)).status).toBe('completed');
  });

  it('elicitation inside a task without the client capability fails the task with a clear message', async () => {
    const client = await connect(await start());
    const task = await createTask(client, 'confirm');
    const done = await until(() => client.experimental.tasks.getTask(task.taskId), (t) => t.status !== 'working');
    expect(done.status).toBe('failed');
    const r = await client.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
    expect(r.isError).toBe(true);
    expect(JSON.stringify(r.content)).toContain('the client does not support elicitation');
  });

  for (const version of ['2025-06-18', '2025-03-26']) {
    it(`a ${version} client sees no tasks capability; params.task is ignored and tasks/* are unknown`, async () => {
      const url = await start();
      const client = await connect(url, { version });
      expect(client.getServerCapabilities()?.tasks).toBeUndefined();
      const r = await client.request({ method: 'tools/call', params: { name: 'slow', arguments: { ms: 1, label: 'old' } } }, CallToolResultSchema, { task: {} });
      expect(r.content).toEqual([{ type: 'text', text: 'slept 1 old' }]);
      const req = await client.request({ method: 'tools/call', params: { name: 'must.task', arguments: {} } }, CallToolResultSchema);
      expect(req.content).toEqual([{ type: 'text', text: 'done as a task' }]);
      for (const method of ['tasks/get', 'tasks/result', 'tasks/list', 'tasks/cancel']) {
        const e = await codeOf(client.request({ method, params: { taskId: '00000000-0000-4000-8000-000000000000' } } as never, CallToolResultSchema));
        expect(e.code, method).toBe(-32601);
      }
    });
  }

  it('a server without task-capable tools declares no tasks capability and ignores params.task', async () => {
    const { createApp } = await import('../../runtime/src/app/create-app.js');
    const { testServer } = await import('../transport/fixture.js');
    const app = createApp(testServer());
    apps.push(app);
    const { url } = await app.listen(0, '127.0.0.1');
    const client = await connect(url);
    expect(client.getServerCapabilities()?.tasks).toBeUndefined();
    const r = await client.request({ method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } }, CallToolResultSchema, { task: {} });
    expect(r.content).toEqual([{ type: 'text', text: 'hi' }]);
    expect((await codeOf(client.experimental.tasks.listTasks())).code).toBe(-32601);
  });

  it('without a session (in-process callTool, as the REST routes use it) a required tool runs as a normal call', async () => {
    const { app, server } = await startTaskApp();
    apps.push(app);
    const r = await server.callTool('must.task', {});
    expect(r.content).toEqual([{ type: 'text', text: 'done as a task' }]);
    const plain = await (server as Engine).call('tools/call', { name: 'slow', arguments: { ms: 1, label: 'x' }, task: {} });
    expect(plain).toEqual({ content: [{ type: 'text', text: 'slept 1 x' }] });
  });

  it('raw wire: CreateTaskResult shape, malformed task param', async () => {
    const url = await start();
    const init = await post(url, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    const sid = init.headers.get('mcp-session-id')!;
    const h = { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' };
    await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, h);
    const created = await post(url, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'slow', arguments: { ms: 1 }, task: { ttl: 5000 } } }, h);
    const task = created.json().result.task;
    expect(Object.keys(created.json().result)).toEqual(['task']);
    expect(task).toEqual({ taskId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'working', createdAt: expect.any(String), lastUpdatedAt: expect.any(String), ttl: 5000, pollInterval: expect.any(Number) });
    const bad = await post(url, { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'slow', arguments: {}, task: { ttl: -1 } } }, h);
    expect(bad.json().error).toMatchObject({ code: -32602, message: expect.stringContaining('task.ttl') });
    const bogus = await post(url, { jsonrpc: '2.0', id: 4, method: 'tasks/get', params: { taskId: 'owner-index:abc' } }, h);
    expect(bogus.json().error.code).toBe(-32602);
  });
});
