/**
 * Tasks (SEP-2663, the `io.modelcontextprotocol/tasks` extension on 2026-07-28): a tool call the
 * server chose to finish in the background. The client polls `tasks/get`, answers input requests
 * with `tasks/update` and may `tasks/cancel`, on any instance: the record lives in the TaskStore.
 */
import type { ClientRequestMethod } from '../dispatch-types.js';
import type { StoredTaskStatus } from '../../store/types.js';

export type TaskStatus = StoredTaskStatus;

export const TERMINAL: ReadonlySet<TaskStatus> = new Set(['completed', 'failed', 'cancelled']);

/** An input the running task waits for (held by the instance running the handler). */
export interface PendingInput {
  readonly method: ClientRequestMethod;
  readonly params: object;
  resolve(answer: unknown): void;
  reject(err: Error): void;
}

/** What the instance running a task's handler keeps in process. */
export interface RunningTask {
  readonly taskId: string;
  readonly owner: string;
  readonly pending: Map<string, PendingInput>;
  /** Aborted when the task is cancelled (on any instance), its lease is lost, or the server shuts down. */
  readonly controller: AbortController;
}

/** The flat task envelope shared by CreateTaskResult and tasks/get. */
export interface TaskWire {
  taskId: string;
  status: TaskStatus;
  statusMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
  ttlMs: number;
  pollIntervalMs: number;
}
