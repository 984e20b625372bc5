import { describe, expect, it } from 'vitest';
import { MemoryTaskStore } from '../../store/memory/tasks.js';
import type { StoredTask } from '../../store/types.js';
import { indexId, OwnerIndex } from './owner-index.js';

function task(id: string, owner: string): StoredTask {
  const now = new Date().toISOString();
  return { taskId: id, owner, toolName: 't', status: 'working', createdAt: now, lastUpdatedAt: now, ttlMs: 60_000, pollIntervalMs: 100 };
}

describe('OwnerIndex', () => {
  it('keeps each owner\'s task ids in creation order, once', async () => {
    const store = new MemoryTaskStore();
    const index = new OwnerIndex(store);
    await index.add('a', 't1', 60_000);
    await index.add('b', 't2', 60_000);
    await index.add('a', 't3', 60_000);
    await index.add('a', 't1', 60_000);
    expect(await index.ids('a')).toEqual(['t1', 't3']);
    expect(await index.ids('b')).toEqual(['t2']);
    expect(await index.ids('c')).toEqual([]);
    // the record is the owner's: another owner cannot read it, even knowing its id
    expect(await store.get(indexId('a'), 'b')).toBeUndefined();
    expect(indexId('a')).toMatch(/^owner-index:[A-Za-z0-9_-]{43}$/);
  });

  it('concurrent additions are all kept (compare-and-set)', async () => {
    const index = new OwnerIndex(new MemoryTaskStore());
    await Promise.all(Array.from({ length: 10 }, (_, i) => index.add('a', `t${i}`, 60_000)));
    expect([...(await index.ids('a'))].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `t${i}`).sort());
  });

  it('limits live tasks per owner, pruning tasks that are gone first', async () => {
    const store = new MemoryTaskStore();
    const index = new OwnerIndex(store, { maxPerOwner: 2 });
    await store.create(task('live', 'a'), 60_000);
    await index.add('a', 'live', 60_000);
    await index.add('a', 'expired', 60_000); // never stored: counts as gone
    await index.add('a', 'new', 60_000);
    expect(await index.ids('a')).toEqual(['live', 'new']);
    await store.create(task('new', 'a'), 60_000);
    await expect(index.add('a', 'third', 60_000)).rejects.toThrow(/at most 2 live tasks per client/);
    await index.remove('a', ['new'], 60_000);
    expect(await index.ids('a')).toEqual(['live']);
  });

  it('keep() refreshes an index that holds the id and re-creates one that expired', async () => {
    const store = new MemoryTaskStore();
    const index = new OwnerIndex(store);
    await index.keep('a', 't1', 60_000); // no index yet: re-added
    expect(await index.ids('a')).toEqual(['t1']);
    await index.keep('a', 't1', 60_000); // present: touched, unchanged
    expect(await index.ids('a')).toEqual(['t1']);
  });
});
