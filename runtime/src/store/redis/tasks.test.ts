import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../../test/helpers/redis-server.js';
import { sampleTask, taskStoreContract } from '../../../../test/helpers/task-store-contract.js';
import { connectRedisStores, type RedisStores } from './index.js';

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
