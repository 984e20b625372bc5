/**
 * A task whose instance dies must not stay `working`: the instance running it holds a lease in Redis
 * (default 15 s, renewed every 5 s). Killed with SIGKILL, its task is failed by the first tasks/get on
 * another instance once the lease lapses; stopped with SIGTERM, it fails its tasks itself, at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from './cluster.js';
import { rpc2026 } from './rpc-2026.js';

/** The runtime's default lease (runtime/src/protocol/tasks/lease.ts DEFAULT_TASK_LEASE_MS). */
const LEASE_MS = 15_000;
/** Renewal period: a third of the lease. The last renewal before a kill is at most this old. */
const RENEW_MS = LEASE_MS / 3;
const ALICE = { 'x-api-key': 'alice-key' };
const LOST = /stopped before it finished; call the tool again/;
const SHUTDOWN = /shut down before it finished; call the tool again/;

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster(3, { MCP_AUTH_MODE: 'apikey', MCP_API_KEYS: 'alice-key' });
});
afterAll(async () => {
  await cluster?.close();
});

const url = (i: number): string => cluster.instances[i]!.url;

async function startTask(on: number, label: string): Promise<string> {
  const created = await rpc2026(url(on), 'tools/call', { name: 'slow_task', arguments: { ms: 120_000, label } }, ALICE);
  expect(created.error).toBeUndefined();
  expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
  return created.result!['taskId'] as string;
}

async function taskOn(i: number, taskId: string): Promise<Record<string, any>> {
  const r = await rpc2026(url(i), 'tasks/get', { taskId }, ALICE);
  if (r.error !== undefined) throw new Error(`tasks/get on instance-${i}: ${JSON.stringify(r.error)}`);
  return r.result!;
}

describe('tasks of an instance that dies', { timeout: 90_000 }, () => {
  it('SIGKILL: another instance reads the task failed within the lease (+ margin), never before it could lapse', async () => {
    const taskId = await startTask(0, 'killed');
    expect(await taskOn(1, taskId)).toMatchObject({ status: 'working' });

    await cluster.instances[0]!.kill();
    const killedAt = Date.now();
    // Poll the two survivors in turn (about every 250 ms), bounded by lease + 8 s of margin.
    let seen: Record<string, any> = {};
    let polls = 0;
    while (Date.now() - killedAt < LEASE_MS + 8000) {
      seen = await taskOn(1 + (polls++ % 2), taskId);
      if (seen['status'] !== 'working') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const after = Date.now() - killedAt;
    expect(seen).toMatchObject({
      resultType: 'complete',
      taskId,
      status: 'failed',
      statusMessage: expect.stringMatching(LOST),
      error: { code: -32603, message: expect.stringMatching(LOST), data: { reason: 'instance_lost' } },
    });
    expect(seen).not.toHaveProperty('result');
    // the last renewal was at most RENEW_MS before the kill, so the lease cannot lapse sooner than this
    expect(after).toBeGreaterThanOrEqual(LEASE_MS - RENEW_MS - 500);
    expect(Date.parse(seen['lastUpdatedAt'] as string)).toBeGreaterThanOrEqual(killedAt - 1000);
    // every instance now agrees, and the record does not change again
    const again = await taskOn(2, taskId);
    expect(again).toEqual(await taskOn(1, taskId));
    expect(again['lastUpdatedAt']).toBe(seen['lastUpdatedAt']);
    // a cancel of the failed task is an idempotent ack and changes nothing
    expect((await rpc2026(url(1), 'tasks/cancel', { taskId }, ALICE)).result).toMatchObject({ resultType: 'complete' });
    expect(await taskOn(2, taskId)).toMatchObject({ status: 'failed' });
  });

  it('SIGTERM: the stopping instance fails its running task at once and stops the handler', async () => {
    const taskId = await startTask(1, 'terminated');
    expect(await taskOn(2, taskId)).toMatchObject({ status: 'working' });

    const stoppedAt = Date.now();
    expect(await cluster.instances[1]!.stop()).toBe(0);
    const seen = await taskOn(2, taskId);
    expect(Date.now() - stoppedAt).toBeLessThan(LEASE_MS - RENEW_MS); // no lease had to lapse
    expect(seen).toMatchObject({
      status: 'failed',
      statusMessage: expect.stringMatching(SHUTDOWN),
      error: { code: -32603, message: expect.stringMatching(SHUTDOWN), data: { reason: 'instance_shutdown' } },
    });
    expect(cluster.instances[1]!.log()).toContain('TASK-ABORTED terminated on instance-1');
  });
});
