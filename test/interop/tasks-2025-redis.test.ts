/**
 * 2025-11-25 tasks on three instances sharing one real Redis (test/scale/cluster.ts): a task created
 * on one instance is read with tasks/get, tasks/list and tasks/result on the others, cancelled from
 * another instance (the handler stops where it runs), and stays invisible to another principal.
 * Raw requests to each instance, one session (sessions live in Redis). Needs `npm run build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../scale/cluster.js';
import { waitUntil } from '../scale/client.js';

let cluster: Cluster;
const ALICE = { 'x-api-key': 'alice-key' };
const BOB = { 'x-api-key': 'bob-key' };

beforeAll(async () => {
  cluster = await startCluster(3, { MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'alice-key,bob-key' });
});
afterAll(async () => {
  await cluster?.close();
});

interface Reply {
  status: number;
  result?: Record<string, any>;
  error?: { code: number; message: string; data?: unknown };
  sessionId: string | null;
}

let nextId = 1;

/** One 2025-11-25 request to one instance; JSON or SSE reply (the response is the last event). */
async function rpc(instance: number, method: string, params: Record<string, unknown>, headers: Record<string, string>, sessionId?: string): Promise<Reply> {
  const res = await fetch(cluster.instances[instance]!.url, {
    method: 'POST',
    headers: {
      ...headers,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(sessionId !== undefined ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let message: any = {};
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const datas = text.split('\n').filter((l) => l.startsWith('data:') && l.length > 5).map((l) => JSON.parse(l.slice(5)));
    message = datas.reverse().find((m) => 'result' in m || 'error' in m) ?? {};
  } else if (text !== '') message = JSON.parse(text);
  return { status: res.status, result: message.result, error: message.error, sessionId: res.headers.get('mcp-session-id') };
}

async function openSession(instance: number, key: Record<string, string>, capabilities: Record<string, unknown> = {}): Promise<string> {
  const init = await rpc(instance, 'initialize', { protocolVersion: '2025-11-25', capabilities, clientInfo: { name: 'tasks-2025-redis', version: '1' } }, key);
  expect(init.result?.['capabilities']?.['tasks']).toEqual({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
  const sid = init.sessionId!;
  const res = await fetch(cluster.instances[instance]!.url, {
    method: 'POST',
    headers: { ...key, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  expect(res.status).toBe(202);
  return sid;
}

describe('2025-11-25 tasks on three instances and Redis', () => {
  it('a task created on instance 0 is read on 1 and 2 (get, list, result), and is invisible to another principal', async () => {
    const sid = await openSession(0, ALICE);
    const created = await rpc(0, 'tools/call', { name: 'slow_task', arguments: { ms: 800, label: 'r1' }, task: { ttl: 60_000 } }, ALICE, sid);
    expect(created.error).toBeUndefined();
    const taskId = created.result?.['task']?.['taskId'] as string;
    expect(created.result?.['task']).toMatchObject({ status: 'working', ttl: 60_000 });

    const got = await rpc(1, 'tasks/get', { taskId }, ALICE, sid);
    expect(got.result).toMatchObject({ taskId, status: 'working' });
    const listed = await rpc(2, 'tasks/list', {}, ALICE, sid);
    expect(listed.result?.['tasks']?.map((t: { taskId: string }) => t.taskId)).toEqual([taskId]);

    const bobSid = await openSession(1, BOB);
    expect((await rpc(1, 'tasks/get', { taskId }, BOB, bobSid)).error?.code).toBe(-32602);
    expect((await rpc(2, 'tasks/list', {}, BOB, bobSid)).result?.['tasks']).toEqual([]);

    // blocks on instance 2 until instance 0 finishes the handler
    const result = await rpc(2, 'tasks/result', { taskId }, ALICE, sid);
    expect(result.error).toBeUndefined();
    expect(result.result).toMatchObject({
      content: [{ type: 'text', text: 'slow r1 done on instance-0' }],
      _meta: { 'io.modelcontextprotocol/related-task': { taskId } },
    });
    expect((await rpc(1, 'tasks/get', { taskId }, ALICE, sid)).result).toMatchObject({ status: 'completed' });
  });

  it('tasks/cancel on another instance stops the handler where it runs', async () => {
    const sid = await openSession(0, ALICE);
    const created = await rpc(0, 'tools/call', { name: 'slow_task', arguments: { ms: 10_000, label: 'r2' }, task: {} }, ALICE, sid);
    const taskId = created.result?.['task']?.['taskId'] as string;
    expect(taskId).toBeDefined();
    const cancelled = await rpc(1, 'tasks/cancel', { taskId }, ALICE, sid);
    expect(cancelled.result).toMatchObject({ taskId, status: 'cancelled' });
    await waitUntil(async () => cluster.instances[0]!.log().includes('TASK-ABORTED r2 on instance-0'), 5000, 'the handler on instance 0 to stop');
    const again = await rpc(2, 'tasks/cancel', { taskId }, ALICE, sid);
    expect(again.error).toMatchObject({ code: -32602 });
    expect((await rpc(2, 'tasks/result', { taskId }, ALICE, sid)).error?.code).toBe(-32800);
  });

  it('input inside a task: the request goes out on tasks/result of another instance, the answer reaches the handler on a third', async () => {
    const sid = await openSession(0, ALICE, { elicitation: {} });
    const headers = { ...ALICE, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' };
    const created = await rpc(0, 'tools/call', { name: 'confirm_task', arguments: {}, task: {} }, ALICE, sid);
    const taskId = created.result?.['task']?.['taskId'] as string;
    await waitUntil(async () => (await rpc(2, 'tasks/get', { taskId }, ALICE, sid)).result?.['status'] === 'input_required', 5000, 'input_required');

    // tasks/result on instance 1, read as a stream: it carries elicitation/create, then the result
    const id = nextId++;
    const res = await fetch(cluster.instances[1]!.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tasks/result', params: { taskId } }),
      signal: AbortSignal.timeout(15_000),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let asked: any;
    let final: any;
    for (let i = 0; i < 200 && final === undefined; i++) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('');
        if (data.trim() === '') continue;
        const m = JSON.parse(data);
        if (m.method === 'elicitation/create') {
          asked = m;
          // the client answers on another instance (2); the engine forwards it to the one waiting (1)
          const answer = await fetch(cluster.instances[2]!.url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { action: 'accept', content: { ok: true } } }) });
          expect(answer.status).toBe(202);
        } else if (m.id === id) final = m;
      }
    }
    await reader.cancel().catch(() => undefined);
    expect(asked?.params).toMatchObject({ message: 'Proceed?', _meta: { 'io.modelcontextprotocol/related-task': { taskId } } });
    expect(final?.result).toMatchObject({
      content: [{ type: 'text', text: 'confirmed accept {"ok":true} on instance-0' }],
      _meta: { 'io.modelcontextprotocol/related-task': { taskId } },
    });
  });
});
