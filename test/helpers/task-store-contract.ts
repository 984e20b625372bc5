/**
 * The behaviour every {@link TaskStore} must have, as a vitest suite run against each implementation
 * (runtime/src/store/memory/tasks.test.ts, runtime/src/store/redis/tasks.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { StoredTask, TaskStore } from '../../runtime/src/store/types.js';

let counter = 0;

/** A fresh working task owned by `owner`. */
export function sampleTask(owner = 'key:alice', extra: Partial<StoredTask> = {}): StoredTask {
  return {
    taskId: `task-${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}`,
    owner,
    toolName: 'slow_compute',
    status: 'working',
    createdAt: '2026-11-27T00:00:00.000Z',
    lastUpdatedAt: '2026-11-27T00:00:00.000Z',
    ttlMs: 60_000,
    pollIntervalMs: 100,
    ...extra,
  };
}

/** Run the contract against the stores `make` returns (each call may return the same or a new store). */
export function taskStoreContract(name: string, make: () => Promise<TaskStore>): void {
  describe(`${name} (TaskStore contract)`, () => {
    it('creates once, reads back the record with version 1, and hides it from other principals', async () => {
      const store = await make();
      const task = sampleTask('key:alice', { inputRequests: { a: { method: 'elicitation/create', params: { message: 'hi' } } } });
      expect(await store.create(task, 60_000)).toBe(true);
      expect(await store.create(task, 60_000)).toBe(false);
      expect(await store.get(task.taskId, 'key:alice')).toEqual({ task, version: 1 });
      expect(await store.get(task.taskId)).toEqual({ task, version: 1 });
      expect(await store.get(task.taskId, 'key:bob')).toBeUndefined();
      expect(await store.get('no-such-task')).toBeUndefined();
    });

    it('replaces only at the expected version (compare-and-set) and keeps the result with the task', async () => {
      const store = await make();
      const task = sampleTask();
      await store.create(task, 60_000);
      const done: StoredTask = { ...task, status: 'completed', result: { content: [{ type: 'text', text: 'ok' }], isError: false } };
      expect(await store.replace(done, 1, 60_000)).toBe(2);
      // a second writer that read version 1 loses
      expect(await store.replace({ ...task, status: 'cancelled' }, 1, 60_000)).toBeUndefined();
      expect(await store.get(task.taskId)).toEqual({ task: done, version: 2 });
      expect(await store.replace(sampleTask(), 1, 60_000)).toBeUndefined(); // unknown id: nothing created
    });

    it('lets exactly one of several concurrent writers win the same version', async () => {
      const store = await make();
      const task = sampleTask();
      await store.create(task, 60_000);
      const outcomes = await Promise.all(
        (['completed', 'failed', 'cancelled'] as const).map((status) => store.replace({ ...task, status }, 1, 60_000)),
      );
      expect(outcomes.filter((v) => v !== undefined)).toEqual([2]);
    });

    it('expires a record ttlMs after its last write; touch keeps it', async () => {
      const store = await make();
      const a = sampleTask();
      const b = sampleTask();
      await store.create(a, 150);
      await store.create(b, 150);
      await new Promise((r) => setTimeout(r, 90));
      await store.touch(b.taskId, 400);
      await new Promise((r) => setTimeout(r, 120));
      expect(await store.get(a.taskId)).toBeUndefined();
      expect((await store.get(b.taskId))?.task.taskId).toBe(b.taskId);
      expect(await store.replace({ ...a, status: 'completed' }, 1, 60_000)).toBeUndefined();
    });

    it('agrees on the first shared secret offered', async () => {
      const store = await make();
      const first = await store.sharedSecret('first-candidate');
      expect(await store.sharedSecret('second-candidate')).toBe(first);
    });
  });
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Leases ({@link TaskStore.renewLeases}): what lets a reader on any instance see that the instance
 * running a task stopped. Run against every store that keeps leases.
 */
export function taskLeaseContract(name: string, make: () => Promise<TaskStore>): void {
  describe(`${name} (task leases)`, () => {
    it('takes the lease with the record and reports it live until it lapses; its holder may take it again while the task runs', async () => {
      const store = await make();
      const task = sampleTask('key:alice', { leaseMs: 300 });
      await store.create(task, 60_000);
      expect(await store.get(task.taskId)).toEqual({ task, version: 1, leased: true });
      await pause(400);
      expect(await store.get(task.taskId)).toEqual({ task, version: 1, leased: false });
      // nobody acted on the lapse: the late renewal takes the lease again
      expect((await store.renewLeases!([task.taskId], 300, 60_000)).size).toBe(0);
      expect(await store.get(task.taskId)).toEqual({ task, version: 1, leased: true });
      // a reader failed it meanwhile: the renewal says it ended, and no lease comes back
      await pause(400);
      const failed: StoredTask = { ...task, status: 'failed', error: { code: -32603, message: 'lost' } };
      expect(await store.replace(failed, 1, 60_000)).toBe(2);
      expect([...(await store.renewLeases!([task.taskId], 300, 60_000))]).toEqual([[task.taskId, 'ended']]);
      expect(await store.get(task.taskId)).toEqual({ task: failed, version: 2, leased: false });
    });

    it('renews live leases and the records in one call, and says why the others were not renewed', async () => {
      const store = await make();
      const live = sampleTask('key:alice', { leaseMs: 400 });
      const ended = sampleTask('key:alice', { leaseMs: 400 });
      const plain = sampleTask(); // written without a lease: only kept alive
      await store.create(live, 600);
      await store.create(ended, 60_000);
      await store.create(plain, 600);
      expect(await store.replace({ ...ended, status: 'completed', result: {} }, 1, 60_000)).toBe(2);
      const started = Date.now();
      while (Date.now() - started < 700) {
        await pause(100);
        const lost = await store.renewLeases!([live.taskId, ended.taskId, plain.taskId, 'no-such-task'], 400, 600);
        expect(Object.fromEntries(lost)).toEqual({ [ended.taskId]: 'ended', 'no-such-task': 'gone' });
      }
      // past the first lease and the first record life: both were renewed
      expect(await store.get(live.taskId)).toMatchObject({ version: 1, leased: true });
      expect(await store.get(plain.taskId)).toEqual({ task: plain, version: 1 });
      const done = await store.get(ended.taskId);
      expect(done?.task.status).toBe('completed');
      expect(done?.leased).toBe(false); // a terminal task drops its lease
      expect((await store.renewLeases!([], 400, 600)).size).toBe(0);
    });

    it('a replace by another instance neither takes nor extends the lease', async () => {
      const store = await make();
      const task = sampleTask('key:alice', { leaseMs: 150 });
      await store.create(task, 60_000);
      await pause(100);
      expect(await store.replace({ ...task, status: 'input_required', inputRequests: { a: { method: 'roots/list', params: {} } } }, 1, 60_000)).toBe(2);
      await pause(100);
      expect(await store.get(task.taskId)).toMatchObject({ version: 2, leased: false });
    });

    it('a finished task is created without a lease', async () => {
      const store = await make();
      const task = sampleTask('key:alice', { status: 'completed', result: {}, leaseMs: 150 });
      await store.create(task, 60_000);
      expect(await store.get(task.taskId)).toEqual({ task, version: 1, leased: false });
    });
  });
}
