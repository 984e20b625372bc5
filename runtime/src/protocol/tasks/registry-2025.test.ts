/** The registry's additions for the 2025-11-25 wire: per-task retention, finish(), watch(), onChange(). */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryMessageBus } from '../../store/memory/bus.js';
import { MemoryTaskStore } from '../../store/memory/tasks.js';
import type { StoredTask } from '../../store/types.js';
import { TaskRegistry } from './registry.js';

const open: TaskRegistry[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

function registry(ttlMs = 60_000): TaskRegistry {
  const r = new TaskRegistry(new MemoryTaskStore(), new MemoryMessageBus(), { ttlMs });
  open.push(r);
  return r;
}

describe('TaskRegistry for 2025-11-25', () => {
  it('gives a task the retention asked for, never more than the registry allows nor under 1 s', async () => {
    const r = registry(60_000);
    expect((await r.create('o', 't', undefined, { ttlMs: 5000 })).task.ttlMs).toBe(5000);
    expect((await r.create('o', 't', undefined, { ttlMs: 10 })).task.ttlMs).toBe(1000);
    expect((await r.create('o', 't', undefined, { ttlMs: 1e12 })).task.ttlMs).toBe(60_000);
    expect((await r.create('o', 't')).task.ttlMs).toBe(60_000);
    expect(r.maxTtlMs).toBe(60_000);
  });

  it('finish() records a failed task with its result and message; terminal tasks stay as they are', async () => {
    const r = registry();
    const { task } = await r.create('o', 't');
    await r.finish(task.taskId, { status: 'failed', result: { content: [], isError: true }, statusMessage: 'quota' });
    const got = await r.get(task.taskId, 'o');
    expect(got).toMatchObject({ status: 'failed', statusMessage: 'quota', result: { isError: true } });
    expect(r.size).toBe(0);
    await r.finish(task.taskId, { status: 'completed', result: { content: [] } });
    expect((await r.get(task.taskId, 'o')).status).toBe('failed');
  });

  it('watch() and onChange() hear changes written here; unsubscribe stops them', async () => {
    const r = registry();
    const { task, run } = await r.create('o', 't');
    const watched: string[] = [];
    const all: string[] = [];
    const unwatch = r.watch(task.taskId, (t: StoredTask) => watched.push(t.status));
    const off = r.onChange((t) => all.push(`${t.taskId === task.taskId ? 'mine' : 'other'}:${t.status}`));
    r.onChange(() => {
      throw new Error('a broken listener never breaks the write');
    });
    const parked = r.park(run!, 'k', 'elicitation/create', { message: 'ok?' });
    await new Promise((res) => setTimeout(res, 10));
    expect(watched).toEqual(['input_required']);
    await r.answer(task.taskId, 'o', { k: { action: 'accept' } }, () => undefined);
    expect(await parked).toEqual({ action: 'accept' });
    unwatch();
    await r.complete(task.taskId, { content: [] });
    expect(watched).toEqual(['input_required', 'working']);
    expect(all).toEqual(['mine:input_required', 'mine:working', 'mine:completed']);
    off();
  });

  it('exposes the store it uses', () => {
    const store = new MemoryTaskStore();
    const r = new TaskRegistry(store, new MemoryMessageBus());
    open.push(r);
    expect(r.taskStore).toBe(store);
  });
});
