import { afterEach, describe, expect, it } from 'vitest';
import { checkAnswer } from '../rev2026/mrtr.js';
import { TaskCancelledError, TaskRegistry } from './registry.js';

let reg: TaskRegistry | undefined;
afterEach(() => reg?.close());

describe('TaskRegistry', () => {
  it('creates, completes and shows a task only to its owner', () => {
    reg = new TaskRegistry({ ttlMs: 5000, pollIntervalMs: 10 });
    const t = reg.create('alice', 'job', {});
    expect(reg.envelope(t)).toMatchObject({ taskId: t.taskId, status: 'working', ttlMs: 5000, pollIntervalMs: 10 });
    expect(() => reg!.get(t.taskId, 'bob')).toThrow(/Unknown task/);
    reg.complete(t.taskId, { content: [] });
    expect(reg.detailed(reg.get(t.taskId, 'alice'))).toMatchObject({ status: 'completed', result: { content: [] } });
    reg.fail(t.taskId, { code: 1, message: 'late' }); // terminal: ignored
    expect(reg.get(t.taskId, 'alice').status).toBe('completed');
  });
  it('parks inputs until every key is answered, then resumes', async () => {
    reg = new TaskRegistry();
    const t = reg.create('alice', 'job', {});
    const a = reg.park(t, 'a', 'elicitation/create', {});
    const b = reg.park(t, 'b', 'elicitation/create', {});
    expect(reg.detailed(t)).toMatchObject({ status: 'input_required', inputRequests: { a: { method: 'elicitation/create' }, b: {} } });
    reg.answer(t, { a: { action: 'accept' }, zzz: { action: 'accept' } }, checkAnswer);
    expect(Object.keys(reg.detailed(t)['inputRequests'] as object)).toEqual(['b']);
    expect(() => reg!.answer(t, { b: 7 }, checkAnswer)).toThrow(/inputResponses.b/);
    reg.answer(t, { b: { action: 'decline' } }, checkAnswer);
    expect(t.status).toBe('working');
    await expect(Promise.all([a, b])).resolves.toEqual([{ action: 'accept' }, { action: 'decline' }]);
  });
  it('cancel aborts the run and rejects parked inputs; it is idempotent', async () => {
    reg = new TaskRegistry();
    const t = reg.create('alice', 'job', {});
    const parked = reg.park(t, 'a', 'roots/list', {});
    reg.cancel(t);
    expect(t.status).toBe('cancelled');
    expect(t.controller.signal.aborted).toBe(true);
    await expect(parked).rejects.toBeInstanceOf(TaskCancelledError);
    reg.cancel(t);
    expect(t.status).toBe('cancelled');
  });
  it('refuses new tasks past its bound', () => {
    reg = new TaskRegistry({ maxTasks: 1 });
    reg.create('a', 'job', {});
    expect(() => reg!.create('a', 'job', {})).toThrow(/too many tasks/);
  });
});
