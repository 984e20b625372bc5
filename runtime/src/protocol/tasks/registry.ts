/**
 * The tasks of a server, shared by every instance through the {@link TaskStore} (memory by default,
 * Redis with MCP_REDIS_URL). The record (status, input requests, result) is in the store; what only the
 * running instance can hold (the handler's abort signal, its parked input promises) stays here and is
 * reached from other instances over the message bus: a `tasks/cancel` or `tasks/update` served anywhere
 * changes the record atomically, then tells the owner of the run to abort or resume. The owner holds a
 * lease on each of its running tasks (lease.ts): if it dies, the next read anywhere fails the task.
 */
import { randomUUID } from 'node:crypto';
import { INVALID_PARAMS, RpcError } from '../errors.js';
import type { ClientRequestMethod } from '../dispatch-types.js';
import type { LeaseLoss, MessageBus, StoredTask, TaskStore } from '../../store/types.js';
import { checkLeaseMs, DEFAULT_TASK_LEASE_MS, INSTANCE_LOST_MESSAGE, INSTANCE_SHUTDOWN_MESSAGE, isLapsed, LeaseKeeper, lostTask } from './lease.js';
import { TERMINAL, type PendingInput, type RunningTask, type TaskWire } from './types.js';

export interface TaskRegistryOptions {
  /** How long a task stays readable after its last change (default 10 minutes). */
  readonly ttlMs?: number;
  /** Suggested polling interval (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** Most tasks running on this instance at once (default 10 000); creation beyond it is refused. */
  readonly maxTasks?: number;
  /**
   * Lease on each running task (default 15 s, renewed every third of it): when this instance stops
   * renewing (it died), the next reader on any instance turns the task `failed`.
   */
  readonly leaseMs?: number;
  /** Told when a store write of a finished run failed for good (the record then expires as it is). */
  readonly onError?: (err: unknown, taskId: string) => void;
}

/** Options of one task at creation. */
export interface CreateTaskOptions {
  /** Retention asked for by the requestor (ms); capped at the registry's `ttlMs`, at least 1 s. */
  readonly ttlMs?: number;
}

/** A terminal transition with what the task keeps (see {@link TaskRegistry.finish}). */
export interface TaskOutcome {
  readonly status: 'completed' | 'failed';
  readonly result?: unknown;
  readonly error?: { code: number; message: string; data?: unknown };
  readonly statusMessage?: string;
}

/** Thrown into a parked handler when its task is cancelled. */
export class TaskCancelledError extends Error {
  constructor(reason = 'the task was cancelled') {
    super(reason);
    this.name = 'TaskCancelledError';
  }
}

/** Bus channel of task messages (cancel / answer for the instance running the handler). */
export const TASKS_CHANNEL = 'mcp:tasks';

type BusMessage = { k: 'cancel'; id: string; reason: string } | { k: 'answer'; id: string; answers: Record<string, unknown> };

/** Compare-and-set attempts before giving up on a contended record (each is one round trip). */
const CAS_ATTEMPTS = 16;
/** Attempts to record a finished run when the store is briefly unavailable, and the pause between them. */
const SETTLE_ATTEMPTS = 3;
const SETTLE_PAUSE_MS = 300;

type Change = (task: StoredTask) => StoredTask | undefined;

/**
 * @example
 * const tasks = new TaskRegistry(new MemoryTaskStore(), new MemoryMessageBus(), { ttlMs: 60_000 });
 * const { task, run } = await tasks.create('alice', 'slow_compute');
 * await tasks.complete(task.taskId, { content: [] });
 */
export class TaskRegistry {
  private readonly running = new Map<string, RunningTask>();
  private readonly watchers = new Map<string, Set<(task: StoredTask) => void>>();
  private readonly changeListeners = new Set<(task: StoredTask) => void>();
  private readonly ttlMs: number;
  private readonly pollIntervalMs: number;
  private readonly maxTasks: number;
  private readonly leases: LeaseKeeper;
  private subscription: Promise<() => Promise<void>> | undefined;
  private closed = false;

  constructor(
    private readonly store: TaskStore,
    private readonly bus: MessageBus,
    private readonly options: TaskRegistryOptions = {},
  ) {
    this.ttlMs = Math.max(1000, Math.round(options.ttlMs ?? 600_000));
    this.pollIntervalMs = Math.max(1, Math.round(options.pollIntervalMs ?? 500));
    this.maxTasks = Math.max(1, options.maxTasks ?? 10_000);
    const leaseMs = checkLeaseMs(options.leaseMs ?? DEFAULT_TASK_LEASE_MS);
    this.leases = new LeaseKeeper(store, leaseMs, this.ttlMs, (taskId, why) => this.onLeaseLost(taskId, why));
  }

  /** The lease duration in effect (ms). */
  get leaseMs(): number {
    return this.leases.leaseMs;
  }

  /** Tasks whose handler runs on this instance. */
  get size(): number {
    return this.running.size;
  }

  /**
   * Store a new task owned by `owner` (durable before the caller hands out its id). With `done`, the task
   * is stored completed (a required-task tool that finished at once); otherwise it is `working` and this
   * instance holds its run.
   */
  async create(owner: string, toolName: string, done?: { result: unknown }, options: CreateTaskOptions = {}): Promise<{ task: StoredTask; run: RunningTask | undefined }> {
    if (this.closed) throw new RpcError(-32000, 'Server is shutting down; retry on another instance');
    if (done === undefined && this.running.size >= this.maxTasks) throw new RpcError(-32000, 'Server busy: too many tasks in progress; retry later');
    await this.listen();
    const now = new Date().toISOString();
    // a shorter retention may be asked for (2025-11-25 `task.ttl`), never a longer one
    const ttlMs = options.ttlMs === undefined ? this.ttlMs : Math.min(this.ttlMs, Math.max(1000, Math.round(options.ttlMs)));
    const task: StoredTask = {
      taskId: randomUUID(),
      owner,
      toolName,
      status: done === undefined ? 'working' : 'completed',
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs,
      pollIntervalMs: this.pollIntervalMs,
      ...(done !== undefined ? { result: done.result } : {}),
      // the lease is taken with the record, atomically: no reader can see a running task without one
      ...(done === undefined && this.leases.leases ? { leaseMs: this.leases.leaseMs } : {}),
    };
    if (!(await this.store.create(task, ttlMs))) throw new Error(`task id collision: ${task.taskId}`);
    if (done !== undefined) return { task, run: undefined };
    const run: RunningTask = { taskId: task.taskId, owner, pending: new Map(), controller: new AbortController() };
    this.running.set(task.taskId, run);
    this.leases.add(task.taskId);
    return { task, run };
  }

  /**
   * The caller's task; unknown ids and other principals' tasks are both -32602 (no probing). A running
   * task whose lease lapsed (its instance died) is turned `failed` here, and that is what is returned.
   */
  async get(taskId: unknown, owner: string): Promise<StoredTask> {
    if (typeof taskId !== 'string' || taskId === '') throw new RpcError(INVALID_PARAMS, 'Invalid params: taskId must be a non-empty string');
    const found = await this.read(taskId, owner);
    if (found === undefined) throw new RpcError(INVALID_PARAMS, `Unknown task: ${taskId}`, { taskId });
    return found;
  }

  /** Record the tool result (ignored when the task already ended, e.g. cancelled meanwhile). */
  complete(taskId: string, result: unknown): Promise<void> {
    return this.settle(taskId, (t) => ({ ...t, status: 'completed', result }));
  }

  /** Record a failure (ignored when the task already ended). */
  fail(taskId: string, error: { code: number; message: string; data?: unknown }): Promise<void> {
    return this.settle(taskId, (t) => ({ ...t, status: 'failed', error }));
  }

  /**
   * Record how a run ended with any terminal status and payload (2025-11-25: a tool result with
   * `isError` is a `failed` task that still has its result). Ignored when the task already ended.
   */
  finish(taskId: string, outcome: TaskOutcome): Promise<void> {
    return this.settle(taskId, (t) => {
      const next: StoredTask = { ...t, status: outcome.status };
      return {
        ...next,
        ...(outcome.result !== undefined ? { result: outcome.result } : {}),
        ...(outcome.error !== undefined ? { error: outcome.error } : {}),
        ...(outcome.statusMessage !== undefined ? { statusMessage: outcome.statusMessage } : {}),
      };
    });
  }

  /**
   * Hear every change of `taskId` this instance writes (status, input requests), at once; changes made
   * by other instances are seen by reading the store. Returns the unsubscribe function.
   */
  watch(taskId: string, listener: (task: StoredTask) => void): () => void {
    let set = this.watchers.get(taskId);
    if (set === undefined) this.watchers.set(taskId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.watchers.get(taskId) === set) this.watchers.delete(taskId);
    };
  }

  /** Hear every change this instance writes to any task (e.g. to send status notifications). */
  onChange(listener: (task: StoredTask) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** The store the tasks live in (shared by every instance on Redis). */
  get taskStore(): TaskStore {
    return this.store;
  }

  /** The longest retention a task gets (ms). */
  get maxTtlMs(): number {
    return this.ttlMs;
  }

  /**
   * Cancel the caller's task wherever it runs: the record turns `cancelled` (terminal tasks stay as
   * they are: idempotent) and the instance running it aborts the handler and rejects its parked inputs.
   */
  async cancel(taskId: unknown, owner: string, reason = 'cancelled by the client'): Promise<void> {
    const task = await this.get(taskId, owner);
    const changed = await this.mutate(task.taskId, owner, (t) => (TERMINAL.has(t.status) ? undefined : this.stamp({ ...t, status: 'cancelled', statusMessage: reason }, true)));
    if (changed !== undefined) await this.bus.publish(TASKS_CHANNEL, JSON.stringify({ k: 'cancel', id: task.taskId, reason } satisfies BusMessage));
  }

  /** Park the running task until the client answers `key` with tasks/update (on any instance). */
  park(run: RunningTask, key: string, method: ClientRequestMethod, params: object): Promise<unknown> {
    if (run.controller.signal.aborted) return Promise.reject(new TaskCancelledError('the task has ended'));
    return new Promise<unknown>((resolve, reject) => {
      // registered before the record says input_required, so an answer can never arrive first
      const entry: PendingInput = { method, params, resolve, reject };
      run.pending.set(key, entry);
      this.mutate(run.taskId, run.owner, (t) =>
        TERMINAL.has(t.status) ? undefined : this.stamp({ ...t, status: 'input_required', inputRequests: { ...t.inputRequests, [key]: { method, params } } }, false),
      ).then(
        (changed) => {
          if (changed === undefined && run.pending.delete(key)) reject(new TaskCancelledError('the task has ended'));
        },
        (err: unknown) => {
          if (run.pending.delete(key)) reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  /**
   * tasks/update: deliver answers to the caller's task. Each answered key leaves the record atomically
   * (so it is delivered once even when two instances get the same answer) and goes to the instance
   * running the handler. Unasked keys are ignored. Returns the delivered keys.
   */
  async answer(taskId: unknown, owner: string, responses: Readonly<Record<string, unknown>>, check: (method: ClientRequestMethod, key: string, answer: unknown) => void): Promise<string[]> {
    const task = await this.get(taskId, owner);
    for (const [key, answer] of Object.entries(responses)) {
      const asked = task.inputRequests?.[key];
      if (asked !== undefined) check(asked.method as ClientRequestMethod, key, answer);
    }
    let delivered: string[] = [];
    await this.mutate(task.taskId, owner, (t) => {
      const left = { ...t.inputRequests };
      delivered = Object.keys(responses).filter((k) => k in left);
      if (delivered.length === 0) return undefined;
      for (const k of delivered) delete left[k];
      const next: StoredTask = { ...t, inputRequests: left };
      return TERMINAL.has(t.status) ? next : this.stamp({ ...next, status: Object.keys(left).length > 0 ? 'input_required' : 'working' }, false);
    });
    if (delivered.length > 0) {
      const answers = Object.fromEntries(delivered.map((k) => [k, responses[k]]));
      await this.bus.publish(TASKS_CHANNEL, JSON.stringify({ k: 'answer', id: task.taskId, answers } satisfies BusMessage));
    }
    return delivered;
  }

  /** The wire envelope (flat; no `result`/`error`/`inputRequests`). */
  envelope(task: StoredTask): TaskWire {
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
  detailed(task: StoredTask): Record<string, unknown> {
    const d: Record<string, unknown> = { ...this.envelope(task) };
    if (task.status === 'completed') d['result'] = task.result;
    else if (task.status === 'failed') d['error'] = task.error;
    else if (task.status === 'input_required') d['inputRequests'] = { ...task.inputRequests };
    return d;
  }

  /**
   * Server shutdown: the tasks running here end `failed` at once (the client is told to call again,
   * instead of polling until a lease lapses), their handlers are aborted, and listening stops.
   */
  async close(): Promise<void> {
    this.closed = true;
    const runs = [...this.running.values()];
    this.leases.stop();
    await Promise.all(
      runs.map((r) =>
        this.mutate(r.taskId, undefined, (t) => (TERMINAL.has(t.status) ? undefined : lostTask(t, INSTANCE_SHUTDOWN_MESSAGE, 'instance_shutdown'))).catch(
          (err: unknown) => this.options.onError?.(err, r.taskId), // store down: the lease lapses and a reader fails it
        ),
      ),
    );
    for (const r of runs) this.abortRun(r, 'the server is shutting down');
    const off = await this.subscription?.catch(() => undefined);
    await off?.().catch(() => undefined);
  }

  // ------------------------------------------------------------------ internals

  /** Subscribe to the task channel once (retried on the next creation if the bus was down). */
  private listen(): Promise<unknown> {
    this.subscription ??= this.bus.subscribe(TASKS_CHANNEL, (m) => this.onMessage(m));
    const s = this.subscription;
    s.catch(() => {
      if (this.subscription === s) this.subscription = undefined;
    });
    return s;
  }

  private onMessage(raw: string): void {
    let m: BusMessage;
    try {
      m = JSON.parse(raw) as BusMessage;
    } catch {
      return;
    }
    const run = typeof m?.id === 'string' ? this.running.get(m.id) : undefined;
    if (run === undefined) return; // not running here
    if (m.k === 'cancel') this.abortRun(run, typeof m.reason === 'string' ? m.reason : 'cancelled');
    else if (m.k === 'answer' && typeof m.answers === 'object' && m.answers !== null) {
      for (const [key, answer] of Object.entries(m.answers)) {
        const p = run.pending.get(key);
        if (p === undefined) continue;
        run.pending.delete(key);
        p.resolve(answer);
      }
    }
  }

  /** Stop a run held here: abort its signal, reject its parked inputs, stop keeping it alive. */
  private abortRun(run: RunningTask, reason: string): void {
    this.release(run);
    const waiting = [...run.pending.values()];
    run.pending.clear();
    run.controller.abort(new TaskCancelledError(reason));
    for (const p of waiting) p.reject(new TaskCancelledError(reason));
  }

  private release(run: RunningTask): void {
    this.leases.delete(run.taskId);
    this.running.delete(run.taskId);
  }

  /**
   * Read a task; a running one whose lease lapsed is failed first (compare-and-set: of two readers
   * one writes, the other reads the result) and the instance that held it, if it still lives, is told
   * to stop the handler.
   */
  private async read(taskId: string, owner: string | undefined): Promise<StoredTask | undefined> {
    for (let i = 0; i < CAS_ATTEMPTS; i++) {
      const cur = await this.store.get(taskId, owner);
      if (cur === undefined) return undefined;
      if (!isLapsed(cur)) return cur.task;
      const failed = lostTask(cur.task, INSTANCE_LOST_MESSAGE, 'instance_lost');
      if ((await this.store.replace(failed, cur.version, failed.ttlMs)) !== undefined) {
        this.changed(failed);
        const note: BusMessage = { k: 'cancel', id: taskId, reason: INSTANCE_LOST_MESSAGE };
        await this.bus.publish(TASKS_CHANNEL, JSON.stringify(note)).catch(() => undefined); // best effort: its renewals notice too
        return failed;
      }
    }
    throw new RpcError(-32000, `Task ${taskId} is changing too fast; retry`);
  }

  /**
   * A lease this instance holds could not be renewed: the task ended elsewhere (cancelled, or failed by
   * a reader while this instance was unresponsive: the bus note may have been missed) or its record
   * expired. Either way nobody waits for this run any more.
   */
  private onLeaseLost(taskId: string, why: LeaseLoss): void {
    const run = this.running.get(taskId);
    if (run !== undefined) this.abortRun(run, why === 'ended' ? 'the task has ended' : 'the task record expired');
  }

  /** Tell this instance's watchers of a change it wrote (a throwing listener never breaks the write). */
  private changed(task: StoredTask): void {
    const set = this.watchers.get(task.taskId);
    for (const l of [...(set ?? []), ...this.changeListeners]) {
      try {
        l(task);
      } catch {
        // listeners are observers
      }
    }
  }

  /** New status timestamps; a terminal task drops its input requests. */
  private stamp(task: StoredTask, terminal: boolean): StoredTask {
    const next: StoredTask = { ...task, lastUpdatedAt: new Date().toISOString() };
    if (!terminal) return next;
    const { inputRequests: _dropped, ...rest } = next;
    return rest;
  }

  /** Record how a run ended: retried briefly while the store is unavailable, then reported. */
  private async settle(taskId: string, change: (t: StoredTask) => StoredTask): Promise<void> {
    const run = this.running.get(taskId);
    if (run !== undefined) this.release(run);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.mutate(taskId, undefined, (t) => (TERMINAL.has(t.status) ? undefined : this.stamp(change(t), true)));
        break;
      } catch (err) {
        if (attempt >= SETTLE_ATTEMPTS) {
          this.options.onError?.(err, taskId);
          break;
        }
        await new Promise((r) => setTimeout(r, SETTLE_PAUSE_MS));
      }
    }
    if (run !== undefined) {
      // parked inputs of a finished run will never be answered
      for (const p of run.pending.values()) p.reject(new TaskCancelledError('the task has ended'));
      run.pending.clear();
    }
  }

  /**
   * Read-change-write with the store's version check, retried while another instance wins the race.
   * Returns the stored task, or undefined when `change` declined or the task is gone.
   */
  private async mutate(taskId: string, owner: string | undefined, change: Change): Promise<StoredTask | undefined> {
    for (let i = 0; i < CAS_ATTEMPTS; i++) {
      const cur = await this.store.get(taskId, owner);
      if (cur === undefined) return undefined;
      const next = change(cur.task);
      if (next === undefined) return undefined;
      if ((await this.store.replace(next, cur.version, next.ttlMs)) !== undefined) {
        this.changed(next);
        return next;
      }
    }
    throw new RpcError(-32000, `Task ${taskId} is changing too fast; retry`);
  }
}
