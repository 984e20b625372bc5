/**
 * Which tasks a requestor has, for `tasks/list` (2025-11-25) on any instance. The {@link TaskStore}
 * reads tasks by id only, so each owner gets one more record in the same store: the ids of its
 * tasks in creation order, changed with the store's compare-and-set like any task. Entries whose
 * task is gone (expired) are dropped when a listing or a full index finds them.
 */
import { createHash } from 'node:crypto';
import { RpcError, SERVER_ERROR } from '../errors.js';
import type { StoredTask, TaskStore } from '../../store/types.js';

/** Prefix of index record ids: never a task id we issue (those are UUIDs). */
const INDEX_PREFIX = 'owner-index:';
const CAS_ATTEMPTS = 16;

interface IndexBody {
  /** Task ids, oldest first. */
  readonly ids: readonly string[];
}

export interface OwnerIndexOptions {
  /** Most live tasks one owner may have (default 1 000): the spec asks for a per-requestor limit. */
  readonly maxPerOwner?: number;
}

/**
 * @example
 * const index = new OwnerIndex(store);
 * await index.add(owner, taskId, 600_000);
 * const { ids } = await index.ids(owner);
 */
export class OwnerIndex {
  readonly maxPerOwner: number;

  constructor(
    private readonly store: TaskStore,
    options: OwnerIndexOptions = {},
  ) {
    this.maxPerOwner = Math.max(1, options.maxPerOwner ?? 1000);
  }

  /** The owner's task ids, oldest first (some may have expired since). */
  async ids(owner: string): Promise<readonly string[]> {
    const cur = await this.store.get(indexId(owner), owner);
    return cur === undefined ? [] : bodyOf(cur.task).ids;
  }

  /**
   * Record a new task of `owner`; the index lives at least `ttlMs` more. A full index is first pruned
   * of tasks that are gone; still full: -32000 (too many tasks for this requestor).
   */
  async add(owner: string, taskId: string, ttlMs: number): Promise<void> {
    await this.change(owner, ttlMs, async (ids) => {
      if (ids.includes(taskId)) return undefined;
      let kept = ids;
      if (kept.length >= this.maxPerOwner) kept = await this.live(owner, kept);
      if (kept.length >= this.maxPerOwner) {
        throw new RpcError(SERVER_ERROR, `Too many tasks: at most ${this.maxPerOwner} live tasks per client; wait for some to expire or cancel them`);
      }
      return [...kept, taskId];
    });
  }

  /**
   * A task of `owner` ended: keep the index readable for `ttlMs` more (the task record was just
   * refreshed for that long), re-adding the id if the index expired while the task ran.
   */
  async keep(owner: string, taskId: string, ttlMs: number): Promise<void> {
    const id = indexId(owner);
    const cur = await this.store.get(id, owner);
    if (cur !== undefined && bodyOf(cur.task).ids.includes(taskId)) await this.store.touch(id, Math.max(ttlMs, cur.task.ttlMs));
    else await this.add(owner, taskId, ttlMs);
  }

  /** Drop ids whose tasks are gone. */
  async remove(owner: string, gone: readonly string[], ttlMs: number): Promise<void> {
    if (gone.length === 0) return;
    await this.change(owner, ttlMs, (ids) => {
      const next = ids.filter((id) => !gone.includes(id));
      return Promise.resolve(next.length === ids.length ? undefined : next);
    });
  }

  /** The ids among `ids` whose task still exists (one store read each, in parallel). */
  private async live(owner: string, ids: readonly string[]): Promise<string[]> {
    const found = await Promise.all(ids.map((id) => this.store.get(id, owner)));
    return ids.filter((_, i) => found[i] !== undefined);
  }

  /** Read-change-write on the owner's index record (created on first use). */
  private async change(owner: string, ttlMs: number, update: (ids: readonly string[]) => Promise<readonly string[] | undefined>): Promise<void> {
    const id = indexId(owner);
    for (let i = 0; i < CAS_ATTEMPTS; i++) {
      const cur = await this.store.get(id, owner);
      const before = cur === undefined ? [] : bodyOf(cur.task).ids;
      const after = await update(before);
      if (after === undefined) return;
      const life = Math.max(ttlMs, cur?.task.ttlMs ?? 0);
      const record = indexRecord(id, owner, after, life, cur?.task.createdAt);
      if (cur === undefined) {
        if (await this.store.create(record, life)) return;
      } else if ((await this.store.replace(record, cur.version, life)) !== undefined) return;
    }
    throw new RpcError(SERVER_ERROR, 'The task list of this client is changing too fast; retry');
  }
}

/** Store id of an owner's index (a hash: owner keys hold principal and session ids). */
export function indexId(owner: string): string {
  return INDEX_PREFIX + createHash('sha256').update(owner).digest('base64url');
}

function bodyOf(task: StoredTask): IndexBody {
  const r = task.result as Partial<IndexBody> | undefined;
  return { ids: Array.isArray(r?.ids) ? r.ids.filter((x): x is string => typeof x === 'string') : [] };
}

/** The index as a stored (terminal, lease-free) record, so every TaskStore can hold it unchanged. */
function indexRecord(id: string, owner: string, ids: readonly string[], ttlMs: number, createdAt: string | undefined): StoredTask {
  const now = new Date().toISOString();
  return {
    taskId: id,
    owner,
    toolName: '',
    status: 'completed',
    createdAt: createdAt ?? now,
    lastUpdatedAt: now,
    ttlMs,
    pollIntervalMs: 0,
    result: { ids } satisfies IndexBody,
  };
}
