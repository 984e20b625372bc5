/**
 * Task leases: the instance running a task's handler keeps a short lease on it in the TaskStore, so
 * that a task whose instance died (crash, SIGKILL, lost host) ends `failed` within about one lease
 * instead of staying `working` until its ttlMs. One timer per instance renews every lease it holds in
 * one store round trip; whoever reads a running task whose lease lapsed fails it (compare-and-set), and
 * the holder, if it was only unresponsive, learns at its next renewal that the task ended. A lapse that
 * nobody observed is harmless: the holder's next renewal takes the lease again.
 */
import { INTERNAL_ERROR } from '../errors.js';
import type { LeaseLoss, StoredTask, TaskStore, VersionedTask } from '../../store/types.js';
import { TERMINAL } from './types.js';

/** Default lease: long enough to ride out a GC pause or a Redis fail-over, short next to a poll loop. */
export const DEFAULT_TASK_LEASE_MS = 15_000;
/** Shortest lease accepted (renewed every third of it). */
export const MIN_TASK_LEASE_MS = 300;
/** Longest lease accepted. */
export const MAX_TASK_LEASE_MS = 3_600_000;

/** Status message of a task whose instance stopped renewing its lease. */
export const INSTANCE_LOST_MESSAGE = 'The server instance running this task stopped before it finished; call the tool again';
/** Status message of a task whose instance shut down gracefully while it ran. */
export const INSTANCE_SHUTDOWN_MESSAGE = 'The server instance running this task shut down before it finished; call the tool again';

/** Check a lease duration (ms): a whole number within [MIN_TASK_LEASE_MS, MAX_TASK_LEASE_MS]. */
export function checkLeaseMs(leaseMs: number): number {
  if (!Number.isInteger(leaseMs) || leaseMs < MIN_TASK_LEASE_MS || leaseMs > MAX_TASK_LEASE_MS) {
    throw new RangeError(`task leaseMs must be a whole number of ms from ${MIN_TASK_LEASE_MS} to ${MAX_TASK_LEASE_MS}, got ${String(leaseMs)}`);
  }
  return leaseMs;
}

/** True when a read found a running task whose lease is no longer renewed. */
export function isLapsed(found: VersionedTask): boolean {
  return !TERMINAL.has(found.task.status) && found.task.leaseMs !== undefined && found.leased === false;
}

/**
 * The task turned `failed` because its instance is gone: `statusMessage` for people, `error` (required
 * for `failed` by the tasks spec) with -32603 and `data.reason` for programs that decide to retry.
 */
export function lostTask(task: StoredTask, message: string, reason: 'instance_lost' | 'instance_shutdown'): StoredTask {
  const { inputRequests: _dropped, ...rest } = task;
  return {
    ...rest,
    status: 'failed',
    statusMessage: message,
    lastUpdatedAt: new Date().toISOString(),
    error: { code: INTERNAL_ERROR, message, data: { reason } },
  };
}

/**
 * Renews the leases of the tasks running on this instance: one interval timer for all of them, running
 * only while there is at least one, never overlapping itself. A store without leases only has the
 * records' ttlMs extended (the behaviour before leases).
 *
 * @example
 * const keeper = new LeaseKeeper(store, 15_000, 600_000, (id, why) => stopRun(id, why));
 * keeper.add(task.taskId); // renewed every 5 s until keeper.delete(task.taskId)
 */
export class LeaseKeeper {
  private readonly ids = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  /** How often the leases (and records) are renewed. */
  readonly everyMs: number;

  constructor(
    private readonly store: TaskStore,
    readonly leaseMs: number,
    private readonly ttlMs: number,
    private readonly onLost: (taskId: string, why: LeaseLoss) => void,
  ) {
    // a third of the shorter of lease and record life: two renewals may fail before either runs out
    this.everyMs = Math.max(50, Math.floor(Math.min(leaseMs, ttlMs) / 3));
  }

  /** Whether the store keeps leases (tasks then carry `leaseMs`). */
  get leases(): boolean {
    return this.store.renewLeases !== undefined;
  }

  add(taskId: string): void {
    this.ids.add(taskId);
    if (this.timer === undefined) {
      this.timer = setInterval(() => void this.renew(), this.everyMs);
      this.timer.unref();
    }
  }

  delete(taskId: string): void {
    this.ids.delete(taskId);
    if (this.ids.size === 0) this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One renewal of everything held (exposed for tests; the timer calls it). */
  async renew(): Promise<void> {
    if (this.busy || this.ids.size === 0) return; // a slow store: the next beat goes on
    this.busy = true;
    try {
      const ids = [...this.ids];
      if (this.store.renewLeases === undefined) {
        await Promise.all(ids.map((id) => this.store.touch(id, this.ttlMs)));
        return;
      }
      const lost = await this.store.renewLeases(ids, this.leaseMs, this.ttlMs);
      for (const [id, why] of lost) {
        if (!this.ids.has(id)) continue; // finished meanwhile
        this.ids.delete(id);
        this.onLost(id, why);
      }
      if (this.ids.size === 0) this.stop();
    } catch {
      // store unavailable: the next beat retries; if that lasts a whole lease, readers fail the tasks
    } finally {
      this.busy = false;
    }
  }
}
