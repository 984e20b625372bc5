import { afterEach, describe, expect, it } from 'vitest';
import { MemoryMessageBus } from '../../store/memory/bus.js';
import { MemoryTaskStore } from '../../store/memory/tasks.js';
import { checkAnswer } from '../rev2026/mrtr.js';
import { INSTANCE_SHUTDOWN_MESSAGE } from './lease.js';
import { TaskCancelledError, TaskRegistry, type TaskRegistryOptions } from './registry.js';

const open: TaskRegistry[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

/** Two "instances": registries on one store and one bus, as with Redis. */
function pair(options: TaskRegistryOptions = {}): [TaskRegistry, TaskRegistry] {
  const store = new MemoryTaskStore();
  const bus = new MemoryMessageBus();
  const a = new TaskRegistry(store, bus, options);
  const b = new TaskRegistry(store, bus, options);
  open.push(a, b);
  return [a, b];
}

const until = async (what: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !what(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('TaskRegistry', () => {
  it('creates, completes and shows a task only to its owner, on every instance', async () => {
    const [a, b] = pair({ ttlMs: 5000, pollIntervalMs: 10 });
    const { task, run } = await a.create('alice', 'job');
    expect(run?.controller.signal.aborted).toBe(false);
    expect(a.envelope(task)).toMatchObject({ taskId: task.taskId, status: 'working', ttlMs: 5000, pollIntervalMs: 10 });
    await expect(b.get(task.taskId, 'bob')).rejects.toThrow(/Unknown task/);
    await expect(b.get('', 'alice')).rejects.toThrow(/taskId must be a non-empty string/);
    await a.complete(task.taskId, { content: [] });
    expect(a.size).toBe(0);
    expect(b.detailed(await b.get(task.taskId, 'alice'))).toMatchObject({ status: 'completed', result: { content: [] } });
    await a.fail(task.taskId, { code: 1, message: 'late' }); // terminal: ignored
    expect((await b.get(task.taskId, 'alice')).status).toBe('completed');
  });

  it('stores an already finished task for a required-task tool', async () => {
    const [a, b] = pair();
    const { task, run } = await a.create('alice', 'job', { result: { content: [], isError: true } });
    expect(run).toBeUndefined();
    expect(b.detailed(await b.get(task.taskId, 'alice'))).toMatchObject({ status: 'completed', result: { isError: true } });
  });

  it('parks inputs until every key is answered on another instance, then resumes the run', async () => {
    const [a, b] = pair();
    const { task, run } = await a.create('alice', 'job');
    const first = a.park(run!, 'a', 'elicitation/create', { message: 'A?' });
    const second = a.park(run!, 'b', 'elicitation/create', { message: 'B?' });
    await new Promise((r) => setTimeout(r, 20)); // let both parks reach the store
    const seen = b.detailed(await b.get(task.taskId, 'alice'));
    expect(seen).toMatchObject({ status: 'input_required', inputRequests: { a: { method: 'elicitation/create', params: { message: 'A?' } }, b: {} } });
    expect(await b.answer(task.taskId, 'alice', { a: { action: 'accept', content: { n: 1 } }, zzz: { action: 'accept' } }, checkAnswer)).toEqual(['a']);
    expect(Object.keys(b.detailed(await b.get(task.taskId, 'alice'))['inputRequests'] as object)).toEqual(['b']);
    await expect(b.answer(task.taskId, 'alice', { b: 7 }, checkAnswer)).rejects.toThrow(/inputResponses.b/);
    await expect(b.answer(task.taskId, 'bob', { b: { action: 'decline' } }, checkAnswer)).rejects.toThrow(/Unknown task/);
    await b.answer(task.taskId, 'alice', { b: { action: 'decline' } }, checkAnswer);
    expect((await a.get(task.taskId, 'alice')).status).toBe('working');
    await expect(Promise.all([first, second])).resolves.toEqual([{ action: 'accept', content: { n: 1 } }, { action: 'decline' }]);
    // answered keys are gone: a repeated answer is not delivered twice
    expect(await b.answer(task.taskId, 'alice', { b: { action: 'accept' } }, checkAnswer)).toEqual([]);
  });

  it('cancel on another instance aborts the run and rejects parked inputs; it is idempotent', async () => {
    const [a, b] = pair();
    const { task, run } = await a.create('alice', 'job');
    const parked = a.park(run!, 'a', 'roots/list', {});
    await b.cancel(task.taskId, 'alice');
    await until(() => run!.controller.signal.aborted);
    expect(run!.controller.signal.aborted).toBe(true);
    await expect(parked).rejects.toBeInstanceOf(TaskCancelledError);
    const stored = await b.get(task.taskId, 'alice');
    expect(stored).toMatchObject({ status: 'cancelled', statusMessage: 'cancelled by the client' });
    expect(stored.inputRequests).toBeUndefined();
    await b.cancel(task.taskId, 'alice');
    await a.complete(task.taskId, { content: [] }); // the handler finishing late changes nothing
    expect((await a.get(task.taskId, 'alice')).status).toBe('cancelled');
    await expect(b.cancel(task.taskId, 'bob')).rejects.toThrow(/Unknown task/);
  });

  it('a finished task cannot be cancelled, and exactly one of racing transitions wins', async () => {
    const [a, b] = pair();
    const { task } = await a.create('alice', 'job');
    await Promise.all([a.complete(task.taskId, { content: [] }), b.cancel(task.taskId, 'alice'), a.fail(task.taskId, { code: -32603, message: 'x' })]);
    const final = await b.get(task.taskId, 'alice');
    expect(['completed', 'cancelled', 'failed']).toContain(final.status);
    const again = await b.get(task.taskId, 'alice');
    await b.cancel(task.taskId, 'alice');
    expect(await b.get(task.taskId, 'alice')).toEqual(again);
  });

  it('keeps a running task readable past ttlMs while its handler runs; a finished one expires', async () => {
    const [a, b] = pair({ ttlMs: 1000 });
    const { task: running } = await a.create('alice', 'job');
    const { task: finished } = await a.create('alice', 'job');
    await a.complete(finished.taskId, { content: [] });
    await new Promise((r) => setTimeout(r, 1300));
    expect((await b.get(running.taskId, 'alice')).status).toBe('working');
    await expect(b.get(finished.taskId, 'alice')).rejects.toThrow(/Unknown task/);
  });

  it('refuses new running tasks past its bound, and fails its runs at once on close', async () => {
    const [a, b] = pair({ maxTasks: 1 });
    const { task, run } = await a.create('alice', 'job');
    await expect(a.create('alice', 'job')).rejects.toThrow(/too many tasks/);
    await a.close();
    expect(run!.controller.signal.aborted).toBe(true);
    expect(b.detailed(await b.get(task.taskId, 'alice'))).toMatchObject({
      status: 'failed',
      statusMessage: INSTANCE_SHUTDOWN_MESSAGE,
      error: { code: -32603, message: INSTANCE_SHUTDOWN_MESSAGE, data: { reason: 'instance_shutdown' } },
    });
    await expect(a.create('alice', 'job')).rejects.toThrow(/shutting down/);
  });
});
