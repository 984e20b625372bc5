/**
 * Tasks in memory: one instance's tasks, each expiring `ttlMs` after its last write. Bounded: past
 * `maxEntries` the expired records go first, then the oldest finished ones, then the oldest.
 * Leases work as on Redis (one process cannot lose an instance, but registries sharing this store
 * take the same code path, and tests can let a lease lapse).
 */
import type { LeaseLoss, StoredTask, TaskStore, VersionedTask } from '../types.js';

interface Entry {
  task: StoredTask;
  version: number;
  expiresAt: number;
  /** End of the running task's lease (epoch ms); undefined when it holds none. */
  leaseUntil: number | undefined;
}

export interface MemoryTaskStoreOptions {
  /** Most records kept (default 10 000). */
  readonly maxEntries?: number;
}

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/**
 * @example
 * const tasks = new MemoryTaskStore();
 * await tasks.create(task, 60_000);
 * const found = await tasks.get(task.taskId, task.owner); // { task, version: 1 }
 */
export class MemoryTaskStore implements TaskStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  #secret: string | undefined;

  constructor(options: MemoryTaskStoreOptions = {}) {
    this.#maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  }

  get size(): number {
    return this.#entries.size;
  }

  create(task: StoredTask, ttlMs: number): Promise<boolean> {
    if (this.#live(task.taskId) !== undefined) return Promise.resolve(false);
    if (this.#entries.size >= this.#maxEntries) this.#evict();
    const now = Date.now();
    const leaseUntil = task.leaseMs !== undefined && !FINISHED.has(task.status) ? now + task.leaseMs : undefined;
    this.#entries.set(task.taskId, { task: structuredClone(task), version: 1, expiresAt: now + ttlMs, leaseUntil });
    return Promise.resolve(true);
  }

  get(taskId: string, owner?: string): Promise<VersionedTask | undefined> {
    const e = this.#live(taskId);
    if (e === undefined || (owner !== undefined && e.task.owner !== owner)) return Promise.resolve(undefined);
    // a copy: callers change theirs and write it back with replace()
    const found: VersionedTask = { task: structuredClone(e.task), version: e.version };
    if (e.task.leaseMs === undefined) return Promise.resolve(found);
    return Promise.resolve({ ...found, leased: e.leaseUntil !== undefined && e.leaseUntil > Date.now() });
  }

  replace(task: StoredTask, version: number, ttlMs: number): Promise<number | undefined> {
    const e = this.#live(task.taskId);
    if (e === undefined || e.version !== version) return Promise.resolve(undefined);
    e.task = structuredClone(task);
    e.version++;
    e.expiresAt = Date.now() + ttlMs;
    if (FINISHED.has(task.status)) e.leaseUntil = undefined;
    return Promise.resolve(e.version);
  }

  renewLeases(taskIds: readonly string[], leaseMs: number, ttlMs: number): Promise<ReadonlyMap<string, LeaseLoss>> {
    const lost = new Map<string, LeaseLoss>();
    const now = Date.now();
    for (const id of taskIds) {
      const e = this.#live(id);
      if (e === undefined) lost.set(id, 'gone');
      else if (FINISHED.has(e.task.status)) lost.set(id, 'ended');
      else {
        // a record without leaseMs (written without leases) is only kept alive
        if (e.task.leaseMs !== undefined) e.leaseUntil = now + leaseMs;
        e.expiresAt = now + ttlMs;
      }
    }
    return Promise.resolve(lost);
  }

  touch(taskId: string, ttlMs: number): Promise<void> {
    const e = this.#live(taskId);
    if (e !== undefined) e.expiresAt = Date.now() + ttlMs;
    return Promise.resolve();
  }

  sharedSecret(candidate: string): Promise<string> {
    this.#secret ??= candidate;
    return Promise.resolve(this.#secret);
  }

  #live(taskId: string): Entry | undefined {
    const e = this.#entries.get(taskId);
    if (e !== undefined && e.expiresAt <= Date.now()) {
      this.#entries.delete(taskId);
      return undefined;
    }
    return e;
  }

  #evict(): void {
    const now = Date.now();
    for (const [id, e] of this.#entries) if (e.expiresAt <= now) this.#entries.delete(id);
    if (this.#entries.size < this.#maxEntries) return;
    for (const [id, e] of this.#entries) {
      if (FINISHED.has(e.task.status)) {
        this.#entries.delete(id);
        return;
      }
    }
    const oldest = this.#entries.keys().next();
    if (oldest.done !== true) this.#entries.delete(oldest.value);
  }
}
