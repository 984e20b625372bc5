import { describe, expect, it } from 'vitest';
import { RpcError } from '../errors.js';
import type { StoredTask } from '../../store/types.js';
import {
  canList,
  createTaskResult,
  effectiveTtl,
  readTaskParam,
  requireTaskId,
  taskOwner,
  taskStatusNotification,
  tasksCapability,
  taskWire,
  withRelatedTask,
} from './wire-2025.js';

const stored: StoredTask = {
  taskId: '786512e2-9e0d-44bd-8f29-789f320fe840',
  owner: 'o',
  toolName: 'slow',
  status: 'working',
  createdAt: '2025-11-25T10:30:00.000Z',
  lastUpdatedAt: '2025-11-25T10:40:00.000Z',
  ttlMs: 60_000,
  pollIntervalMs: 500,
  leaseMs: 15_000,
};

function rpc(fn: () => unknown): RpcError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RpcError) return err;
    throw err;
  }
  throw new Error('expected an RpcError');
}

describe('2025-11-25 task wire', () => {
  it('maps a stored task to the Task object (ttl/pollInterval in ms, nothing internal)', () => {
    expect(taskWire(stored)).toEqual({
      taskId: stored.taskId,
      status: 'working',
      createdAt: stored.createdAt,
      lastUpdatedAt: stored.lastUpdatedAt,
      ttl: 60_000,
      pollInterval: 500,
    });
    const failed = taskWire({ ...stored, status: 'failed', statusMessage: 'quota', result: { content: [] }, error: { code: 1, message: 'x' } });
    expect(failed).toMatchObject({ status: 'failed', statusMessage: 'quota' });
    expect(Object.keys(failed)).not.toContain('result');
    expect(Object.keys(failed)).not.toContain('error');
    expect(createTaskResult(stored)).toEqual({ task: taskWire(stored) });
  });

  it('status notifications carry the full task and no related-task meta', () => {
    const n = taskStatusNotification({ ...stored, status: 'completed' });
    expect(n).toEqual({ jsonrpc: '2.0', method: 'notifications/tasks/status', params: { ...taskWire(stored), status: 'completed' } });
    expect(JSON.stringify(n)).not.toContain('related-task');
  });

  it('adds related-task meta and keeps other _meta keys', () => {
    expect(withRelatedTask({ content: [] }, 't1')).toEqual({ content: [], _meta: { 'io.modelcontextprotocol/related-task': { taskId: 't1' } } });
    expect(withRelatedTask({ a: 1, _meta: { x: 2 } }, 't2')._meta).toEqual({ x: 2, 'io.modelcontextprotocol/related-task': { taskId: 't2' } });
  });

  it('reads params.task', () => {
    expect(readTaskParam({ name: 'x' })).toBeUndefined();
    expect(readTaskParam({ task: null })).toBeUndefined();
    expect(readTaskParam({ task: {} })).toEqual({});
    expect(readTaskParam({ task: { ttl: 60_000 } })).toEqual({ ttlMs: 60_000 });
    expect(rpc(() => readTaskParam({ task: 'yes' })).code).toBe(-32602);
    expect(rpc(() => readTaskParam({ task: [] })).code).toBe(-32602);
    expect(rpc(() => readTaskParam({ task: { ttl: -1 } })).message).toContain('task.ttl');
    expect(rpc(() => readTaskParam({ task: { ttl: 'long' } })).code).toBe(-32602);
  });

  it('clamps the retention', () => {
    expect(effectiveTtl(undefined, 1000, 600_000)).toBe(600_000);
    expect(effectiveTtl(5, 1000, 600_000)).toBe(1000);
    expect(effectiveTtl(9e15, 1000, 600_000)).toBe(600_000);
    expect(effectiveTtl(60_000.4, 1000, 600_000)).toBe(60_000);
  });

  it('binds owners to revision, principal and session', () => {
    expect(taskOwner('alice', 's1')).not.toBe(taskOwner('alice', 's2'));
    expect(taskOwner('alice', 's1')).not.toBe(taskOwner('bob', 's1'));
    expect(taskOwner('alice', undefined)).toBe('2025-11-25\nalice\n-');
    expect(taskOwner('alice', 's1')).not.toBe('alice'); // never a 2026-07-28 owner (the bare principal)
  });

  it('offers tasks/list only to identifiable requestors', () => {
    expect(tasksCapability()).toEqual({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
    expect(tasksCapability(false)).toEqual({ cancel: {}, requests: { tools: { call: {} } } });
    expect(canList({ caller: { scheme: 'none' }, session: {} })).toBe(true);
    expect(canList({ caller: { scheme: 'apikey' }, session: undefined })).toBe(true);
    expect(canList({ caller: { scheme: 'none' }, session: undefined })).toBe(false);
  });

  it('accepts only task ids this server issues', () => {
    expect(requireTaskId({ taskId: stored.taskId })).toBe(stored.taskId);
    expect(rpc(() => requireTaskId({})).message).toContain('taskId must be a non-empty string');
    expect(rpc(() => requireTaskId({ taskId: 7 })).code).toBe(-32602);
    const e = rpc(() => requireTaskId({ taskId: 'owner-index:abc' }));
    expect(e.code).toBe(-32602);
    expect(e.message).toContain('Task not found');
  });
});
