/**
 * The 2025-11-25 tasks utility (experimental in that revision) on the wire: how a stored task looks
 * to a session client (`Task`, `CreateTaskResult`, `notifications/tasks/status`), the
 * `io.modelcontextprotocol/related-task` metadata, the `task` request parameter, and whom a task
 * belongs to. Pure functions: no engine, no store.
 */
import { INVALID_PARAMS, RpcError } from '../errors.js';
import type { StoredTask } from '../../store/types.js';

/** The only revision with this wire (2026-07-28 has the SEP-2663 extension instead). */
export const TASKS_REVISION = '2025-11-25';

/** `_meta` key tying a message to its task. */
export const RELATED_TASK = 'io.modelcontextprotocol/related-task';

/**
 * The `tasks` server capability: cancel and task-augmented `tools/call`, and `list` when the requestor
 * can be told apart from others (a session or an authenticated principal; the spec says a server that
 * cannot identify requestors should not offer tasks/list).
 */
export function tasksCapability(listable = true): Record<string, object> {
  return listable ? { list: {}, cancel: {}, requests: { tools: { call: {} } } } : { cancel: {}, requests: { tools: { call: {} } } };
}

/** True when tasks/list can be limited to this requestor's tasks (see {@link tasksCapability}). */
export function canList(context: { readonly caller: { readonly scheme?: string }; readonly session: unknown }): boolean {
  return context.session !== undefined || (context.caller.scheme !== undefined && context.caller.scheme !== 'none');
}

/** The 2025-11-25 `Task` object (`ttl`/`pollInterval` in ms; no result, error or input requests). */
export interface Task2025 {
  taskId: string;
  status: StoredTask['status'];
  statusMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
  ttl: number;
  pollInterval: number;
}

/**
 * @example
 * taskWire(stored); // { taskId, status: 'working', createdAt, lastUpdatedAt, ttl: 60000, pollInterval: 500 }
 */
export function taskWire(task: StoredTask): Task2025 {
  const w: Task2025 = {
    taskId: task.taskId,
    status: task.status,
    createdAt: task.createdAt,
    lastUpdatedAt: task.lastUpdatedAt,
    ttl: task.ttlMs,
    pollInterval: task.pollIntervalMs,
  };
  if (task.statusMessage !== undefined) w.statusMessage = task.statusMessage;
  return w;
}

/** The answer to a task-augmented request: `{ task }`. */
export function createTaskResult(task: StoredTask): { task: Task2025 } {
  return { task: taskWire(task) };
}

/** `notifications/tasks/status` with the full task (without related-task metadata, as the spec asks). */
export function taskStatusNotification(task: StoredTask): { jsonrpc: '2.0'; method: 'notifications/tasks/status'; params: Task2025 } {
  return { jsonrpc: '2.0', method: 'notifications/tasks/status', params: taskWire(task) };
}

/** `{ [RELATED_TASK]: { taskId } }` */
export function relatedTaskMeta(taskId: string): Record<string, { taskId: string }> {
  return { [RELATED_TASK]: { taskId } };
}

/**
 * A copy of `params` (a result, request or notification params object) whose `_meta` names the task;
 * other `_meta` keys are kept.
 *
 * @example
 * withRelatedTask({ content: [] }, 't1'); // { content: [], _meta: { 'io.modelcontextprotocol/related-task': { taskId: 't1' } } }
 */
export function withRelatedTask<T extends object>(params: T, taskId: string): T & { _meta: Record<string, unknown> } {
  const meta = (params as { _meta?: unknown })._meta;
  const base = typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {};
  return { ...params, _meta: { ...base, ...relatedTaskMeta(taskId) } };
}

/** What the requestor asked for in `params.task`. */
export interface TaskRequest {
  /** Requested retention from creation, ms (the server may shorten it). */
  readonly ttlMs?: number;
}

/**
 * `params.task` of a request: undefined when absent (a normal request), else the parsed request.
 * A malformed value is -32602 naming the field.
 *
 * @example
 * readTaskParam({ name: 'slow', task: { ttl: 60000 } }); // { ttlMs: 60000 }
 */
export function readTaskParam(params: Record<string, unknown> | undefined): TaskRequest | undefined {
  const t = params?.['task'];
  if (t === undefined || t === null) return undefined;
  if (typeof t !== 'object' || Array.isArray(t)) throw new RpcError(INVALID_PARAMS, 'Invalid params: task must be an object ({ ttl?: number })');
  const ttl = (t as Record<string, unknown>)['ttl'];
  if (ttl === undefined || ttl === null) return {};
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) throw new RpcError(INVALID_PARAMS, 'Invalid params: task.ttl must be a non-negative number of milliseconds');
  return { ttlMs: ttl };
}

/**
 * The retention a task gets: what was asked, within [minMs, maxMs] (the spec lets the receiver
 * override it; the reply carries the actual value).
 */
export function effectiveTtl(requested: number | undefined, minMs: number, maxMs: number): number {
  if (requested === undefined) return maxMs;
  return Math.min(maxMs, Math.max(minMs, Math.round(requested)));
}

/**
 * Who a 2025 task belongs to: the authenticated principal AND the session that created it (the spec
 * binds tasks to the authorization context; the session keeps unauthenticated clients apart). The
 * revision is part of the key, so a 2026-07-28 request of the same principal never sees these tasks.
 *
 * @example
 * taskOwner('alice', 'f3c1...'); // '2025-11-25\nalice\nf3c1...'
 */
export function taskOwner(principal: string, sessionId: string | undefined): string {
  return `${TASKS_REVISION}\n${principal}\n${sessionId ?? '-'}`;
}

/** Task ids this server issues (randomUUID): anything else is unknown without a store read. */
const TASK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The `taskId` parameter of tasks/get|result|cancel; -32602 when missing or not one of ours.
 */
export function requireTaskId(params: Record<string, unknown> | undefined): string {
  const id = params?.['taskId'];
  if (typeof id !== 'string' || id === '') throw new RpcError(INVALID_PARAMS, 'Invalid params: taskId must be a non-empty string');
  if (!TASK_ID.test(id)) throw new RpcError(INVALID_PARAMS, `Failed to retrieve task: Task not found: ${id.slice(0, 80)}`, { taskId: id.slice(0, 80) });
  return id;
}
