/**
 * The tasks of one server instance: creation, status changes, input parking, cancellation and
 * expiry (`ttlMs` after the last update). Bounded in number so a client cannot exhaust memory.
 */
import { randomUUID } from 'node:crypto';
import { INVALID_PARAMS, RpcError } from '../errors.js';
import type { ClientRequestMethod } from '../dispatch-types.js';
import { TERMINAL, type PendingInput, type TaskRecord, type TaskStatus, type TaskWire } from './types.js';

export interface TaskRegistryOptions {
  /** How long a task stays readable after its last change (default 10 minutes). */
  readonly ttlMs?: number;
  /** Suggested polling interval (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** Most live tasks kept at once (default 10 000); creation beyond it is refused. */
  readonly maxTasks?: number;
}

/** Thrown into a parked handler when its task is cancelled. */
export class TaskCancelledError extends Error {
  constructor(reason = 'the task was cancelled') {
    super(reason);
    this.name = 'TaskCancelledError';
  }
}

/**
 * @example
 * const tasks = new TaskRegistry({ ttlMs: 60_000 });
 * const t = tasks.create('alice', 'slow_compute', {});
 * tasks.complete(t.taskId, { content: [] });
 */
export class TaskRegistry {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly ttlMs: number;
  private readonly pollIntervalMs: number;
  private readonly maxTasks: number;
  private readonly sweeper: NodeJS.Timeout;
  /** Told about every status change (for `notifications/tasks`). */
  onChange: ((task: TaskRecord) => void) | undefined;

  constructor(options: TaskRegistryOptions = {}) {
    this.ttlMs = Math.max(1000, Math.round(options.ttlMs ?? 600_000));
    this.pollIntervalMs = Math.max(1, Math.round(options.pollIntervalMs ?? 500));
    this.maxTasks = Math.max(1, options.maxTasks ?? 10_000);
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, this.ttlMs));
    this.sweeper.unref();
  }

  get size(): number {
    return this.tasks.size;
  }

  create(owner: string, toolName: string, clientCapabilities: Readonly<Record<string, unknown>>): TaskRecord {
    if (this.tasks.size >= this.maxTasks) this.sweep();
    if (this.tasks.size >= this.maxTasks) throw new RpcError(-32000, 'Server busy: too many tasks in progress; retry later');
    const now = new Date();
    const task: TaskRecord = {
      taskId: randomUUID(),
      owner,
      toolName,
      status: 'working',
      createdAt: now.toISOString(),
      lastUpdatedAt: now.toISOString(),
      ttlMs: this.ttlMs,
      pollIntervalMs: this.pollIntervalMs,
      expiresAt: now.getTime() + this.ttlMs,
      pending: new Map(),
      controller: new AbortController(),
      clientCapabilities,
    };
    this.tasks.set(task.taskId, task);
    return task;
  }

  /** The caller's task; unknown ids and other principals' tasks are both -32602 (no probing). */
  get(taskId: unknown, owner: string): TaskRecord {
    if (typeof taskId !== 'string' || taskId === '') throw new RpcError(INVALID_PARAMS, 'Invalid params: taskId must be a non-empty string');
    const t = this.tasks.get(taskId);
    if (t === undefined || t.owner !== owner || (t.status !== 'working' && t.expiresAt < Date.now())) throw new RpcError(INVALID_PARAMS, `Unknown task: ${taskId}`, { taskId });
    return t;
  }

  private touch(task: TaskRecord, status: TaskStatus): void {
    task.status = status;
    const now = Date.now();
    task.lastUpdatedAt = new Date(now).toISOString();
    task.expiresAt = now + task.ttlMs;
    this.onChange?.(task);
  }

  complete(taskId: string, result: unknown): void {
    const t = this.tasks.get(taskId);
    if (t === undefined || TERMINAL.has(t.status)) return;
    t.result = result;
    t.pending.clear();
    this.touch(t, 'completed');
  }

  fail(taskId: string, error: { code: number; message: string; data?: unknown }): void {
    const t = this.tasks.get(taskId);
    if (t === undefined || TERMINAL.has(t.status)) return;
    t.error = error;
    t.pending.clear();
    this.touch(t, 'failed');
  }

  /** Cancel a running task (abort its handler, reject its parked inputs). Terminal tasks stay as they are. */
  cancel(task: TaskRecord, reason = 'cancelled by the client'): void {
    if (TERMINAL.has(task.status)) return;
    task.statusMessage = reason;
    const waiting = [...task.pending.values()];
    task.pending.clear();
    this.touch(task, 'cancelled');
    task.controller.abort(new TaskCancelledError(reason));
    for (const p of waiting) p.reject(new TaskCancelledError(reason));
  }

  /** Park the task until the client answers `key` with tasks/update. */
  park(task: TaskRecord, key: string, method: ClientRequestMethod, params: object): Promise<unknown> {
    if (TERMINAL.has(task.status)) return Promise.reject(new TaskCancelledError(`the task is ${task.status}`));
    return new Promise<unknown>((resolve, reject) => {
      const entry: PendingInput = { method, params, resolve, reject };
      task.pending.set(key, entry);
      this.touch(task, 'input_required');
    });
  }

  /** Deliver answers; each answered key is removed. Returns the keys that were waiting. */
  answer(task: TaskRecord, responses: Readonly<Record<string, unknown>>, check: (method: ClientRequestMethod, key: string, answer: unknown) => void): string[] {
    const delivered: [PendingInput, unknown][] = [];
    for (const [key, answer] of Object.entries(responses)) {
      const p = task.pending.get(key);
      if (p === undefined) continue; // not asked (or already answered): ignored
      check(p.method, key, answer);
      delivered.push([p, answer]);
    }
    const keys: string[] = [];
    for (const [key] of Object.entries(responses)) {
      if (task.pending.delete(key)) keys.push(key);
    }
    if (keys.length > 0 && !TERMINAL.has(task.status)) this.touch(task, task.pending.size > 0 ? 'input_required' : 'working');
    for (const [p, answer] of delivered) p.resolve(answer);
    return keys;
  }

  /** The wire envelope (flat; no `result`/`error`/`inputRequests`). */
  envelope(task: TaskRecord): TaskWire {
    const w: TaskWire = {
      taskId: task.taskId,
      status: task.status,
      createdAt: task.createdAt,
      lastUpdatedAt: task.lastUpdatedAt,
      ttlMs: task.ttlMs,
      pollIntervalMs: task.pollIntervalMs,
    };
    if (task.statusMessage !== undefined) w.statusMessage = task.statusMessage;
    return w;
  }

  /** tasks/get: the envelope plus what the status calls for. */
  detailed(task: TaskRecord): Record<string, unknown> {
    const d: Record<string, unknown> = { ...this.envelope(task) };
    if (task.status === 'completed') d['result'] = task.result;
    else if (task.status === 'failed') d['error'] = task.error;
    else if (task.status === 'input_required') {
      const inputRequests: Record<string, unknown> = {};
      for (const [k, p] of task.pending) inputRequests[k] = { method: p.method, params: p.params };
      d['inputRequests'] = inputRequests;
    }
    return d;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, t] of this.tasks) {
      // a running task lives as long as its handler; ttlMs counts from its last change otherwise
      if (t.status === 'working' || t.expiresAt >= now) continue;
      if (!TERMINAL.has(t.status)) this.cancel(t, 'the task expired');
      this.tasks.delete(id);
    }
  }

  /** Cancel everything (server shutdown). */
  close(): void {
    clearInterval(this.sweeper);
    for (const t of this.tasks.values()) this.cancel(t, 'the server is shutting down');
  }
}
