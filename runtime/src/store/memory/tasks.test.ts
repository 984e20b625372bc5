import { describe, expect, it } from 'vitest';
import { sampleTask, taskLeaseContract, taskStoreContract } from '../../../../test/helpers/task-store-contract.js';
import { MemoryTaskStore } from './tasks.js';

taskStoreContract('MemoryTaskStore', () => Promise.resolve(new MemoryTaskStore()));
taskLeaseContract('MemoryTaskStore', () => Promise.resolve(new MemoryTaskStore()));

describe('MemoryTaskStore bounds', () => {
  it('evicts finished tasks before running ones when full', async () => {
    const store = new MemoryTaskStore({ maxEntries: 2 });
    const running = sampleTask();
    const finished = sampleTask('key:alice', { status: 'completed', result: {} });
    await store.create(running, 60_000);
    await store.create(finished, 60_000);
    const third = sampleTask();
    await store.create(third, 60_000);
    expect(store.size).toBe(2);
    expect(await store.get(finished.taskId)).toBeUndefined();
    expect(await store.get(running.taskId)).toBeDefined();
    expect(await store.get(third.taskId)).toBeDefined();
  });
  it('hands out copies: changing a read record does not change the store', async () => {
    const store = new MemoryTaskStore();
    const task = sampleTask();
    await store.create(task, 60_000);
    const read = await store.get(task.taskId);
    (read!.task as { status: string }).status = 'failed';
    expect((await store.get(task.taskId))?.task.status).toBe('working');
  });
});
