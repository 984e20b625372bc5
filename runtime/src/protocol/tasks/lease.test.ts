import { afterEach, describe, expect, it } from 'vitest';
import { MemoryMessageBus } from '../../store/memory/bus.js';
import { MemoryTaskStore } from '../../store/memory/tasks.js';
import type { LeaseLoss, StoredTask, TaskStore, VersionedTask } from '../../store/types.js';
import { silentLogger } from '../../logger/index.js';
import { createMcpServer, engineOf } from '../../server/create-server.js';
import { loadSettings } from '../../settings/load.js';
import { checkAnswer } from '../rev2026/mrtr.js';
import { checkLeaseMs, DEFAULT_TASK_LEASE_MS, INSTANCE_LOST_MESSAGE, LeaseKeeper } from './lease.js';
import { tasksOf } from './methods.js';
import { TaskCancelledError, TaskRegistry, type TaskRegistryOptions } from './registry.js';

/**
 * One instance's view of a shared store whose lease renewals can be frozen (a hung or dead process
 * stops renewing; every other call still goes through), counting the renewal calls.
 */
class FreezableStore implements TaskStore {
  frozen = false;
  renewals = 0;
  private thaw: (() => void)[] = [];
  constructor(private readonly inner: MemoryTaskStore) {}
  create(task: StoredTask, ttlMs: number): Promise<boolean> {
    return this.inner.create(task, ttlMs);
  }
  get(taskId: string, owner?: string): Promise<VersionedTask | undefined> {
    return this.inner.get(taskId, owner);
  }
  replace(task: StoredTask, version: number, ttlMs: number): Promise<number | undefined> {
    return this.inner.replace(task, version, ttlMs);
  }
  touch(taskId: string, ttlMs: number): Promise<void> {
    return this.inner.touch(taskId, ttlMs);
  }
  sharedSecret(candidate: string): Promise<string> {
    return this.inner.sharedSecret(candidate);
  }
  async renewLeases(taskIds: readonly string[], leaseMs: number, ttlMs: number): Promise<ReadonlyMap<string, LeaseLoss>> {
    this.renewals++;
    if (this.frozen) await new Promise<void>((resolve) => this.thaw.push(resolve));
    return this.inner.renewLeases(taskIds, leaseMs, ttlMs);
  }
  unfreeze(): void {
    this.frozen = false;
    for (const resolve of this.thaw.splice(0)) resolve();
  }
}

const open: TaskRegistry[] = [];
const stores: FreezableStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.unfreeze();
  await Promise.all(open.splice(0).map((r) => r.close()));
});

/** Two "instances" on one store and bus; A's renewals can be frozen. */
function pair(options: TaskRegistryOptions = {}): { a: TaskRegistry; b: TaskRegistry; aStore: FreezableStore; shared: MemoryTaskStore } {
  const shared = new MemoryTaskStore();
  const bus = new MemoryMessageBus();
  const aStore = new FreezableStore(shared);
  stores.push(aStore);
  const a = new TaskRegistry(aStore, bus, options);
  const b = new TaskRegistry(shared, bus, options);
  open.push(a, b);
  return { a, b, aStore, shared };
}

/** Poll `read` until `done`, bounded; returns the last value and when it was reached. */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const LEASE = 300;

describe('task leases (TaskRegistry)', () => {
  it('a running task whose instance stops renewing turns failed on the next read elsewhere, with a clear message', async () => {
    const { a, b, aStore } = pair({ leaseMs: LEASE });
    const { task, run } = await a.create('alice', 'job');
    expect(task.leaseMs).toBe(LEASE);
    expect(b.envelope(task)).not.toHaveProperty('leaseMs'); // not on the wire
    aStore.frozen = true;
    const frozenAt = Date.now();
    const seen = await until(() => b.get(task.taskId, 'alice'), (t) => t.status !== 'working', 3000);
    const after = Date.now() - frozenAt;
    expect(after).toBeGreaterThanOrEqual(LEASE - 120); // not before the lease could have lapsed (last renewal <= 100 ms earlier)
    expect(after).toBeLessThan(LEASE + 1500);
    expect(b.detailed(seen)).toEqual({
      taskId: task.taskId,
      status: 'failed',
      statusMessage: INSTANCE_LOST_MESSAGE,
      createdAt: task.createdAt,
      lastUpdatedAt: seen.lastUpdatedAt,
      ttlMs: task.ttlMs,
      pollIntervalMs: task.pollIntervalMs,
      error: { code: -32603, message: INSTANCE_LOST_MESSAGE, data: { reason: 'instance_lost' } },
    });
    // A was only hung: the reader's note over the bus stops its handler
    await until(() => Promise.resolve(run!.controller.signal.aborted), (x) => x, 2000);
    expect(run!.controller.signal.reason).toBeInstanceOf(TaskCancelledError);
    expect((run!.controller.signal.reason as Error).message).toBe(INSTANCE_LOST_MESSAGE);
    // and what it records afterwards changes nothing
    await a.complete(task.taskId, { content: [] });
    expect((await b.get(task.taskId, 'alice')).status).toBe('failed');
  });

  it('of many concurrent readers exactly one writes the failure; all of them answer with it', async () => {
    const { a, b, aStore, shared } = pair({ leaseMs: LEASE });
    const { task } = await a.create('alice', 'job');
    aStore.frozen = true;
    await until(() => shared.get(task.taskId), (v) => v?.leased === false, 3000);
    const c = new TaskRegistry(shared, new MemoryMessageBus(), { leaseMs: LEASE });
    open.push(c);
    const reads = await Promise.all([b, c, b, c, b, c].map((r) => r.get(task.taskId, 'alice')));
    expect(new Set(reads.map((t) => `${t.status}|${t.lastUpdatedAt}`)).size).toBe(1);
    expect(reads[0]).toMatchObject({ status: 'failed', statusMessage: INSTANCE_LOST_MESSAGE });
    expect((await shared.get(task.taskId))?.version).toBe(2);
  });

  it('tasks/update and tasks/cancel on a lapsed task see it failed and change nothing', async () => {
    const { a, b, aStore, shared } = pair({ leaseMs: LEASE });
    const { task, run } = await a.create('alice', 'job');
    const parked = a.park(run!, 'k', 'elicitation/create', { message: 'ok?' });
    await until(() => b.get(task.taskId, 'alice'), (t) => t.status === 'input_required', 2000);
    aStore.frozen = true;
    await until(() => shared.get(task.taskId), (v) => v?.leased === false, 3000);
    expect(await b.answer(task.taskId, 'alice', { k: { action: 'accept' } }, checkAnswer)).toEqual([]);
    await b.cancel(task.taskId, 'alice');
    const final = await shared.get(task.taskId);
    expect(final).toMatchObject({ version: 3, task: { status: 'failed', statusMessage: INSTANCE_LOST_MESSAGE } });
    expect(final?.task.inputRequests).toBeUndefined();
    await expect(parked).rejects.toBeInstanceOf(TaskCancelledError);
  });

  it('a live instance keeps its task working across many leases with one timer, and completes it', async () => {
    const { a, b, aStore } = pair({ leaseMs: LEASE });
    const one = await a.create('alice', 'job');
    const two = await a.create('alice', 'job');
    await new Promise((r) => setTimeout(r, LEASE * 3));
    expect((await b.get(one.task.taskId, 'alice')).status).toBe('working');
    expect((await b.get(two.task.taskId, 'alice')).status).toBe('working');
    // every 100 ms one call renews both: about 9 in 900 ms (one timer, not one per task)
    expect(aStore.renewals).toBeGreaterThanOrEqual(3);
    expect(aStore.renewals).toBeLessThanOrEqual(12);
    await a.complete(one.task.taskId, { content: [] });
    await a.complete(two.task.taskId, { content: [] });
    expect((await b.get(one.task.taskId, 'alice')).status).toBe('completed');
    const idle = aStore.renewals;
    await new Promise((r) => setTimeout(r, 250));
    expect(aStore.renewals).toBe(idle); // nothing running: the timer stopped
  });

  it('a lease renewed late, before anybody read the task, is taken again: the task keeps running', async () => {
    const { a, b, aStore, shared } = pair({ leaseMs: LEASE });
    const { task, run } = await a.create('alice', 'job');
    aStore.frozen = true; // e.g. a blocked event loop, or a store that answered too late
    await until(() => shared.get(task.taskId), (v) => v?.leased === false, 3000);
    aStore.unfreeze();
    await until(() => shared.get(task.taskId), (v) => v?.leased === true, 2000);
    expect(run!.controller.signal.aborted).toBe(false);
    expect((await b.get(task.taskId, 'alice')).status).toBe('working');
    await a.complete(task.taskId, { content: [] });
    expect((await b.get(task.taskId, 'alice')).status).toBe('completed');
  });

  it('an instance that missed the note that a reader failed its task stops the handler at its next renewal', async () => {
    const shared = new MemoryTaskStore();
    const aStore = new FreezableStore(shared);
    stores.push(aStore);
    // separate buses: the reader's note never reaches A (pub/sub lost while Redis was away)
    const a = new TaskRegistry(aStore, new MemoryMessageBus(), { leaseMs: LEASE });
    const b = new TaskRegistry(shared, new MemoryMessageBus(), { leaseMs: LEASE });
    open.push(a, b);
    const { task, run } = await a.create('alice', 'job');
    aStore.frozen = true;
    await until(() => b.get(task.taskId, 'alice'), (t) => t.status === 'failed', 3000);
    expect(run!.controller.signal.aborted).toBe(false);
    aStore.unfreeze();
    await until(() => Promise.resolve(run!.controller.signal.aborted), (x) => x, 2000);
    expect(a.size).toBe(0);
    expect((await b.get(task.taskId, 'alice')).statusMessage).toBe(INSTANCE_LOST_MESSAGE);
  });

  it('a store without leases: tasks carry no lease and are kept alive by touch', async () => {
    const shared = new MemoryTaskStore();
    const plain: TaskStore = {
      create: (t, ttl) => shared.create(t, ttl),
      get: (id, owner) => shared.get(id, owner),
      replace: (t, v, ttl) => shared.replace(t, v, ttl),
      touch: (id, ttl) => shared.touch(id, ttl),
      sharedSecret: (c) => shared.sharedSecret(c),
    };
    const r = new TaskRegistry(plain, new MemoryMessageBus(), { ttlMs: 1000, leaseMs: LEASE });
    open.push(r);
    const { task } = await r.create('alice', 'job');
    expect(task).not.toHaveProperty('leaseMs');
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect((await r.get(task.taskId, 'alice')).status).toBe('working');
  });

  it('validates the lease and renews every third of the shorter of lease and record life', () => {
    expect(() => checkLeaseMs(299)).toThrow(/from 300 to 3600000, got 299/);
    expect(() => checkLeaseMs(1.5e3 + 0.5)).toThrow(/whole number/);
    expect(checkLeaseMs(15_000)).toBe(15_000);
    const store = new MemoryTaskStore();
    expect(new LeaseKeeper(store, 15_000, 600_000, () => undefined).everyMs).toBe(5000);
    expect(new LeaseKeeper(store, 15_000, 1200, () => undefined).everyMs).toBe(400);
    expect(() => new TaskRegistry(store, new MemoryMessageBus(), { leaseMs: 10 })).toThrow(RangeError);
  });

  it('a server takes its lease from settings.taskLeaseMs, else the default', async () => {
    const registry = { server: { name: 'lease', version: '1.0.0' }, tools: [], resources: [], resourceTemplates: [], prompts: [], completions: [] };
    const base = loadSettings({ MCP_LOG_LEVEL: 'silent' });
    const plain = createMcpServer(registry, { settings: base, logger: silentLogger() });
    const tuned = createMcpServer(registry, { settings: { ...base, taskLeaseMs: 4000 }, logger: silentLogger() });
    try {
      expect(tasksOf(engineOf(plain)).leaseMs).toBe(DEFAULT_TASK_LEASE_MS);
      expect(tasksOf(engineOf(tuned)).leaseMs).toBe(4000);
    } finally {
      await Promise.all([plain.close(), tuned.close()]);
    }
  });
});
