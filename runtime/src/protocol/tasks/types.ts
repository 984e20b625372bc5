/**
 * Tasks (SEP-2663, the `io.modelcontextprotocol/tasks` extension on 2026-07-28): a tool call the
 * server chose to finish in the background. The client polls `tasks/get`, answers input requests
 * with `tasks/update` and may `tasks/cancel`.
 */
import type { ClientRequestMethod } from '../dispatch-types.js';

export type TaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

export const TERMINAL: ReadonlySet<TaskStatus> = new Set(['completed', 'failed', 'cancelled']);

/** An input the running task waits for. */
export interface PendingInput {
  readonly method: ClientRequestMethod;
  readonly params: object;
  resolve(answer: unknown): void;
  reject(err: Error): void;
}

/** Server-side state of one task (in memory, owned by the principal that created it). */
export interface TaskRecord {
  readonly taskId: string;
  /** Principal id of the creator: nobody else sees the task. */
  readonly owner: string;
  readonly toolName: string;
  status: TaskStatus;
  statusMessage?: string;
  readonly createdAt: string;
  lastUpdatedAt: string;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  /** When the record may be dropped (epoch ms); refreshed while the task runs. */
  expiresAt: number;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
  readonly pending: Map<string, PendingInput>;
  readonly controller: AbortController;
  /** Capabilities the client declared when it created the task (for input requests). */
  readonly clientCapabilities: Readonly<Record<string, unknown>>;
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
