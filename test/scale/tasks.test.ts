/**
 * 2026-07-28 tasks and input-required retries on three instances sharing one Redis, with no
 * MCP_STATE_SECRET and no sticky routing: any instance serves tasks/get|update|cancel and retries.
 * Raw 2026 requests: the 2.x client cannot decode `resultType: 'task'`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './cluster.js';
import { waitUntil } from './client.js';
import { rpc2026, type RpcReply } from './rpc-2026.js';

let cluster: Cluster;

const ALICE = { 'x-api-key': 'alice-key' };
const BOB = { 'x-api-key': 'bob-key' };

beforeAll(async () => {
  cluster = await startCluster(3, { MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'alice-key,bob-key' });
});
afterAll(async () => {
  await cluster?.close();
});

/** One 2026 request to `url` (an instance, or the proxy), as Alice unless told. */
const rpc = (url: string, method: string, params: Record<string, unknown>, key: Record<string, string> = ALICE): Promise<RpcReply> =>
  rpc2026(url, method, params, key);

const instanceUrl = (i: number): string => cluster.instances[i % 3]!.url;

/** Poll tasks/get on the given instances in turn until `done(status)`, bounded in time. Returns the last task. */
async function pollTask(taskId: string, on: readonly number[], done: (status: string) => boolean, timeoutMs = 10_000): Promise<Record<string, any>> {
  let last: Record<string, any> | undefined;
  let n = 0;
  await waitUntil(
    async () => {
      const r = await rpc(instanceUrl(on[n++ % on.length]!), 'tasks/get', { taskId });
      if (r.error !== undefined) throw new Error(`tasks/get failed: ${JSON.stringify(r.error)}`);
      last = r.result;
      return done(String(last?.['status']));
    },
    timeoutMs,
    `task ${taskId} to reach the expected status`,
  );
  return last!;
}

describe('tasks on three instances', () => {
  it('a task created on one instance is polled to completion through the others, and its result read on every one', async () => {
    const before = cluster.proxy.hops.length;
    const created = await rpc(cluster.url, 'tools/call', { name: 'slow_task', arguments: { ms: 1200, label: 'poll' } });
    expect(created.error).toBeUndefined();
    expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
    const taskId = created.result!['taskId'] as string;
    const owner = cluster.proxy.hops[before]!.upstream;
    expect(owner).toBeGreaterThanOrEqual(0);

    // through the proxy: the polls are spread over all three instances
    const pollsFrom = cluster.proxy.hops.length;
    let final: Record<string, any> | undefined;
    await waitUntil(
      async () => {
        final = (await rpc(cluster.url, 'tasks/get', { taskId })).result;
        return final?.['status'] === 'completed';
      },
      10_000,
      'the task to complete',
    );
    const pollers = new Set(cluster.proxy.hops.slice(pollsFrom).map((h) => h.upstream));
    expect(pollers.size).toBeGreaterThanOrEqual(2);
    expect(final).toMatchObject({ resultType: 'complete', taskId, status: 'completed' });
    for (let i = 0; i < 3; i++) {
      const r = await rpc(instanceUrl(i), 'tasks/get', { taskId });
      expect(r.result?.['result']).toMatchObject({ content: [{ type: 'text', text: `slow poll done on instance-${owner}` }] });
    }
  });

  it('a cancel sent to another instance stops the handler on the instance running it', async () => {
    const created = await rpc(instanceUrl(0), 'tools/call', { name: 'slow_task', arguments: { ms: 30_000, label: 'cancel-me' } });
    const taskId = created.result?.['taskId'] as string;
    expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
    expect((await rpc(instanceUrl(2), 'tasks/get', { taskId })).result).toMatchObject({ status: 'working' });

    const ack = await rpc(instanceUrl(1), 'tasks/cancel', { taskId });
    expect(ack).toMatchObject({ status: 200, result: { resultType: 'complete' } });
    await waitUntil(() => cluster.instances[0]!.log().includes('TASK-ABORTED cancel-me on instance-0'), 5000, 'instance-0 to abort the handler');
    expect(cluster.instances[1]!.log()).not.toContain('TASK-ABORTED cancel-me');
    const seen = await rpc(instanceUrl(2), 'tasks/get', { taskId });
    expect(seen.result).toMatchObject({ status: 'cancelled' });
    expect(seen.result).not.toHaveProperty('result');
    // idempotent, from yet another instance
    expect((await rpc(instanceUrl(2), 'tasks/cancel', { taskId })).result).toMatchObject({ resultType: 'complete' });
  });

  it('a task waiting for input is answered with tasks/update on another instance and completes', async () => {
    const created = await rpc(instanceUrl(0), 'tools/call', { name: 'confirm_task', arguments: {} });
    expect(created.result).toMatchObject({ resultType: 'task' });
    const taskId = created.result!['taskId'] as string;
    const waiting = await pollTask(taskId, [1, 2], (s) => s === 'input_required');
    expect(waiting['inputRequests']).toMatchObject({ confirm: { method: 'elicitation/create', params: { message: 'Proceed?' } } });

    const ack = await rpc(instanceUrl(2), 'tasks/update', { taskId, inputResponses: { confirm: { action: 'accept', content: { ok: true } } } });
    expect(ack.result).toMatchObject({ resultType: 'complete' });
    const done = await pollTask(taskId, [1, 2], (s) => s === 'completed');
    expect(done['result']).toMatchObject({ content: [{ type: 'text', text: 'confirmed accept {"ok":true} on instance-0' }] });
  });

  it('an input-required retry lands on another instance and completes (requestState secret agreed in Redis)', async () => {
    const first = await rpc(instanceUrl(0), 'tools/call', { name: 'ask', arguments: {} });
    expect(first.result).toMatchObject({ resultType: 'input_required' });
    const [key] = Object.keys(first.result!['inputRequests'] as object);
    const requestState = first.result!['requestState'] as string;
    const answer = { [key!]: { action: 'accept', content: { name: 'Ada' } } };

    const retry = await rpc(instanceUrl(1), 'tools/call', { name: 'ask', arguments: {}, inputResponses: answer, requestState });
    expect(retry.error).toBeUndefined();
    expect(retry.result).toMatchObject({ resultType: 'complete', content: [{ type: 'text', text: 'hello Ada from instance-1' }] });

    // the state is still signed: an altered one is refused on every instance
    const forged = `${requestState.slice(0, -2)}${requestState.endsWith('AA') ? 'BB' : 'AA'}`;
    const refused = await rpc(instanceUrl(2), 'tools/call', { name: 'ask', arguments: {}, inputResponses: answer, requestState: forged });
    expect(refused.error).toMatchObject({ code: -32602 });
  });

  it('a task is invisible to another API key on every instance', async () => {
    const created = await rpc(instanceUrl(0), 'tools/call', { name: 'slow_task', arguments: { ms: 3000, label: 'private' } });
    const taskId = created.result?.['taskId'] as string;
    expect(typeof taskId).toBe('string');
    for (let i = 0; i < 3; i++) {
      const get = await rpc(instanceUrl(i), 'tasks/get', { taskId }, BOB);
      expect(get.error).toMatchObject({ code: -32602, message: `Unknown task: ${taskId}` });
      const cancel = await rpc(instanceUrl(i), 'tasks/cancel', { taskId }, BOB);
      expect(cancel.error).toMatchObject({ code: -32602 });
      const update = await rpc(instanceUrl(i), 'tasks/update', { taskId, inputResponses: {} }, BOB);
      expect(update.error).toMatchObject({ code: -32602 });
    }
    expect((await rpc(instanceUrl(1), 'tasks/get', { taskId })).result).toMatchObject({ status: 'working' });
    expect(cluster.instances[0]!.log()).not.toContain('TASK-ABORTED private');
  });
});
