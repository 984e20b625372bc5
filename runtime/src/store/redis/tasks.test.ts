import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../../test/helpers/redis-server.js';
import { sampleTask, taskLeaseContract, taskStoreContract } from '../../../../test/helpers/task-store-contract.js';
import { connectRedisStores, type RedisStores } from './index.js';
import { INSTANCE_LOST_MESSAGE } from '../../protocol/tasks/lease.js';
import { TaskRegistry } from '../../protocol/tasks/registry.js';

let redis: RedisServer;
const opened: RedisStores[] = [];
let prefixes = 0;

async function open(prefix = `tasks${++prefixes}:`): Promise<RedisStores> {
  const stores = await connectRedisStores(redis.url, { keyPrefix: prefix });
  opened.push(stores);
  return stores;
}

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await redis?.dispose();
});

taskStoreContract('RedisTaskStore', async () => (await open()).tasks);
taskLeaseContract('RedisTaskStore', async () => (await open()).tasks);

describe('RedisTaskStore across instances', () => {
  it('two connections on one prefix see the same task, versions and secret; another prefix sees nothing', async () => {
    const a = await open('shared-a:');
    const b = await open('shared-a:');
    const other = await open('shared-b:');
    const task = sampleTask();
    await a.tasks.create(task, 60_000);
    const seen = await b.tasks.get(task.taskId, task.owner);
    expect(seen?.version).toBe(1);
    expect(await b.tasks.replace({ ...task, status: 'cancelled' }, 1, 60_000)).toBe(2);
    expect(await a.tasks.replace({ ...task, status: 'completed' }, 1, 60_000)).toBeUndefined();
    expect((await a.tasks.get(task.taskId))?.task.status).toBe('cancelled');
    expect(await other.tasks.get(task.taskId)).toBeUndefined();
    const secret = await a.tasks.sharedSecret('from-a');
    expect(secret).toBe('from-a');
    expect(await b.tasks.sharedSecret('from-b')).toBe('from-a');
    expect(await other.tasks.sharedSecret('from-other')).toBe('from-other');
  });

  it('sets PEXPIRE on the hash (no immortal task keys)', async () => {
    const stores = await open('ttl-check:');
    const task = sampleTask();
    await stores.tasks.create(task, 30_000);
    const { Redis } = await import('ioredis');
    const raw = new Redis(redis.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
    try {
      const ttl = await raw.pttl(`ttl-check:task:${task.taskId}`);
      expect(ttl).toBeGreaterThan(20_000);
      expect(ttl).toBeLessThanOrEqual(30_000);
      expect(await raw.hget(`ttl-check:task:${task.taskId}`, 'o')).toBe(task.owner);
    } finally {
      raw.disconnect();
    }
  });

  it('a task whose instance lost Redis for good is failed by a reader on another instance within its lease', async () => {
    const a = await open('lease:');
    const b = await open('lease:');
    const registryA = new TaskRegistry(a.tasks, a.bus, { leaseMs: 600 });
    const registryB = new TaskRegistry(b.tasks, b.bus, { leaseMs: 600 });
    try {
      const { task } = await registryA.create('alice', 'job');
      const { Redis } = await import('ioredis');
      const raw = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      try {
        const leaseTtl = await raw.pttl(`lease:task-lease:${task.taskId}`);
        expect(leaseTtl).toBeGreaterThan(300);
        expect(leaseTtl).toBeLessThanOrEqual(600);
      } finally {
        raw.disconnect();
      }
      // still renewed 1 s (several leases) later
      await new Promise((r) => setTimeout(r, 1000));
      expect((await registryB.get(task.taskId, 'alice')).status).toBe('working');
      await a.close(); // instance A is cut off: its renewals fail from now on
      const cutAt = Date.now();
      let seen = await registryB.get(task.taskId, 'alice');
      while (seen.status === 'working' && Date.now() - cutAt < 3000) {
        await new Promise((r) => setTimeout(r, 25));
        seen = await registryB.get(task.taskId, 'alice');
      }
      expect(Date.now() - cutAt).toBeLessThan(600 + 1500);
      expect(registryB.detailed(seen)).toMatchObject({
        status: 'failed',
        statusMessage: INSTANCE_LOST_MESSAGE,
        error: { code: -32603, message: INSTANCE_LOST_MESSAGE, data: { reason: 'instance_lost' } },
      });
      expect((await b.tasks.get(task.taskId))?.version).toBe(2);
    } finally {
      await registryA.close();
      await registryB.close();
    }
  });

  it('rejects with 503 store_unavailable while Redis is down', async () => {
    const stores = await open('down:');
    const task = sampleTask();
    await stores.tasks.create(task, 60_000);
    await redis.stop();
    try {
      await expect(stores.tasks.get(task.taskId)).rejects.toMatchObject({ status: 503 });
    } finally {
      await redis.start();
    }
    await stores.whenReady(5000);
  });
});
