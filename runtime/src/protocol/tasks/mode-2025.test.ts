import { describe, expect, it } from 'vitest';
import { RpcError } from '../errors.js';
import type { ToolDefinition } from '../../registry/types.js';
import { taskMode, tasksEnabled } from './mode-2025.js';

const def = (name: string, taskSupport?: ToolDefinition['taskSupport']): ToolDefinition =>
  ({ name, inputSchema: { type: 'object' }, validateInput: () => true, handler: () => '', ...(taskSupport ? { taskSupport } : {}) }) as unknown as ToolDefinition;

function engineWith(...tools: ToolDefinition[]) {
  let entries = tools.map((d) => ({ def: d }));
  return {
    live: { tools: { entries: () => entries } },
    replace(...next: ToolDefinition[]) {
      entries = next.map((d) => ({ def: d }));
    },
  };
}

const v = (protocolVersion: string) => ({ protocolVersion, session: {} as never });

function code(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    if (err instanceof RpcError) return err.code;
    throw err;
  }
  return 0;
}

describe('taskMode (2025-11-25 tool-level negotiation)', () => {
  const slow = def('slow', 'optional');
  const must = def('must', 'required');
  const plain = def('plain');
  const engine = engineWith(slow, must, plain);

  it('runs a task only when asked on 2025-11-25 for a tool that allows it', () => {
    expect(taskMode(engine, slow, { task: { ttl: 1000 } }, v('2025-11-25'))).toEqual({ ttlMs: 1000 });
    expect(taskMode(engine, slow, {}, v('2025-11-25'))).toBeUndefined();
    expect(taskMode(engine, must, { task: {} }, v('2025-11-25'))).toEqual({});
  });

  it('answers -32601 naming the tool for forbidden+task and required without task', () => {
    expect(code(() => taskMode(engine, plain, { task: {} }, v('2025-11-25')))).toBe(-32601);
    expect(code(() => taskMode(engine, must, {}, v('2025-11-25')))).toBe(-32601);
    expect(() => taskMode(engine, must, undefined, v('2025-11-25'))).toThrow(/Tool must must be called as a task/);
    expect(() => taskMode(engine, plain, { task: {} }, v('2025-11-25'))).toThrow(/Tool plain cannot be called as a task/);
  });

  it('ignores params.task on older revisions (plain calls, also for required tools)', () => {
    for (const old of ['2025-03-26', '2025-06-18']) {
      expect(taskMode(engine, slow, { task: {} }, v(old))).toBeUndefined();
      expect(taskMode(engine, must, {}, v(old))).toBeUndefined();
      expect(taskMode(engine, plain, { task: {} }, v(old))).toBeUndefined();
    }
  });

  it('ignores params.task without a session (in-process calls, REST routes, sessionless HTTP)', () => {
    expect(taskMode(engine, slow, { task: {} }, { protocolVersion: '2025-11-25', session: undefined })).toBeUndefined();
    expect(taskMode(engine, must, {}, { protocolVersion: '2025-11-25', session: undefined })).toBeUndefined();
  });

  it('ignores params.task when no tool allows tasks (no capability declared)', () => {
    const none = engineWith(plain);
    expect(tasksEnabled(none)).toBe(false);
    expect(taskMode(none, plain, { task: {} }, v('2025-11-25'))).toBeUndefined();
    none.replace(plain, slow);
    expect(tasksEnabled(none)).toBe(true); // recomputed when the tool list changes
  });
});
