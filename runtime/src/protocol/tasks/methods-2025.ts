/**
 * tasks/get, tasks/result, tasks/list and tasks/cancel of the 2025-11-25 tasks utility, in the base
 * method table. Other negotiated revisions (2025-03-26, 2025-06-18) and servers without the `tasks`
 * capability answer -32601, as for any unknown method; 2026-07-28 has its own tasks/get and
 * tasks/cancel (SEP-2663) and no tasks/result or tasks/list.
 *
 * A task is visible only to the principal and session that created it (other callers: -32602, the
 * same answer as an unknown id, so ids cannot be probed).
 */
import type { ClientRequestMethod, MethodRequest, MethodSpec } from '../dispatch-types.js';
import { INVALID_PARAMS, METHOD_NOT_FOUND, REQUEST_CANCELLED, RpcError, SERVER_ERROR } from '../errors.js';
import { paginate } from '../pagination.js';
import { checkAnswer } from '../rev2026/mrtr.js';
import type { ActiveRequest } from '../../server/active-request.js';
import type { Engine } from '../../server/engine.js';
import { ClientRequestError } from '../../server/session.js';
import type { StoredTask } from '../../store/types.js';
import { tasksOf } from './methods.js';
import { tasksEnabled } from './mode-2025.js';
import { CLIENT_ERROR_ANSWER, ownerIndexOf, ownerOf } from './tool-task-2025.js';
import type { TaskRegistry } from './registry.js';
import { TERMINAL } from './types.js';
import { canList, requireTaskId, taskWire, TASKS_REVISION, withRelatedTask } from './wire-2025.js';

/** Longest pause between two store reads while tasks/result waits for another instance's change. */
const MAX_WAIT_POLL_MS = 1000;
const MIN_WAIT_POLL_MS = 50;

/** Served only on a 2025-11-25 session of a server that offers tasks; else -32601 like any unknown method. */
function only2025(handle: (engine: Engine, request: MethodRequest) => unknown): MethodSpec {
  return {
    bare: true,
    handle(engine, request) {
      if (request.context.protocolVersion !== TASKS_REVISION || request.context.session === undefined || !tasksEnabled(engine)) throw new RpcError(METHOD_NOT_FOUND, `Method not found: ${request.method}`);
      return handle(engine, request);
    },
  };
}

async function readTask(engine: Engine, request: MethodRequest): Promise<{ registry: TaskRegistry; owner: string; task: StoredTask }> {
  const taskId = requireTaskId(request.params);
  const registry = tasksOf(engine);
  const owner = ownerOf(request.context);
  try {
    return { registry, owner, task: await registry.get(taskId, owner) };
  } catch (err) {
    if (err instanceof RpcError && err.code === INVALID_PARAMS) throw new RpcError(INVALID_PARAMS, `Failed to retrieve task: Task not found: ${taskId}`, { taskId });
    throw err;
  }
}

export const tasksGet2025: MethodSpec = only2025(async (engine, request) => taskWire((await readTask(engine, request)).task));

export const tasksList2025: MethodSpec = only2025(async (engine, request) => {
  if (!canList(request.context)) throw new RpcError(METHOD_NOT_FOUND, 'Method not found: tasks/list (offered only to a session or an authenticated client)');
  const ids = await ownerIndexOf(engine).ids(ownerOf(request.context));
  const { page, nextCursor } = paginate(ids, request.params?.['cursor'], engine.pageSize);
  const registry = tasksOf(engine);
  const owner = ownerOf(request.context);
  // expired tasks are skipped (a page may come out short; the cursor stays valid)
  const found = await Promise.all(page.map((id) => registry.get(id, owner).catch((err: unknown) => (err instanceof RpcError && err.code === INVALID_PARAMS ? undefined : Promise.reject(err)))));
  const tasks = found.filter((t): t is StoredTask => t !== undefined).map(taskWire);
  return nextCursor === undefined ? { tasks } : { tasks, nextCursor };
});

export const tasksCancel2025: MethodSpec = only2025(async (engine, request) => {
  const { registry, owner, task } = await readTask(engine, request);
  const terminal = (status: string): RpcError => new RpcError(INVALID_PARAMS, `Cannot cancel task: already in terminal status '${status}'`, { taskId: task.taskId, status });
  if (TERMINAL.has(task.status)) throw terminal(task.status);
  await registry.cancel(task.taskId, owner, 'The task was cancelled by request.');
  const after = await registry.get(task.taskId, owner);
  // it may have ended on its own between the read and the cancel
  if (after.status !== 'cancelled') throw terminal(after.status);
  return taskWire(after);
});

/**
 * tasks/result: blocks until the task is terminal, then answers exactly what the tools/call would
 * have (its CallToolResult, or its JSON-RPC error), with the related-task `_meta`. While the task is
 * `input_required`, its requests (elicitation, sampling, roots) are sent on this request's stream
 * and each answer is delivered to the instance running the handler.
 */
export const tasksResult2025: MethodSpec = only2025(async (engine, request) => {
  const first = await readTask(engine, request);
  const { registry, owner } = first;
  let task = first.task;
  const sent = new Set<string>();
  const active = request as ActiveRequest;
  while (!TERMINAL.has(task.status)) {
    if (task.status === 'input_required') {
      for (const [key, asked] of Object.entries(task.inputRequests ?? {})) {
        if (sent.has(key)) continue;
        sent.add(key);
        void relay(engine, active, registry, owner, task.taskId, key, asked.method as ClientRequestMethod, asked.params);
      }
    }
    if (engine.closing) throw new RpcError(SERVER_ERROR, 'Server is shutting down; call tasks/result again (the task goes on elsewhere or is failed)', { taskId: task.taskId });
    await changeOf(registry, task, request.signal);
    ({ task } = await readTask(engine, request));
  }
  return payload(task);
});

/** What the underlying tools/call answers, for a terminal task. */
function payload(task: StoredTask): unknown {
  if (task.status === 'cancelled') {
    throw new RpcError(REQUEST_CANCELLED, `Task ${task.taskId} was cancelled${task.statusMessage !== undefined ? `: ${task.statusMessage}` : ''}`, { taskId: task.taskId });
  }
  if (task.result !== undefined && task.result !== null && typeof task.result === 'object') return withRelatedTask(task.result, task.taskId);
  const e = task.error ?? { code: -32603, message: `Task ${task.taskId} failed` };
  throw new RpcError(e.code, e.message, e.data);
}

/** Resolve on the next change written here, after a poll interval (changes elsewhere), or reject on abort. */
function changeOf(registry: TaskRegistry, task: StoredTask, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      unwatch();
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      done();
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const wait = Math.min(MAX_WAIT_POLL_MS, Math.max(MIN_WAIT_POLL_MS, task.pollIntervalMs));
    const timer = setTimeout(() => {
      done();
      resolve();
    }, wait);
    const unwatch = registry.watch(task.taskId, () => {
      done();
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Ask the client one input of a parked task on this request's stream; deliver the answer to the task. */
async function relay(engine: Engine, request: ActiveRequest, registry: TaskRegistry, owner: string, taskId: string, key: string, method: ClientRequestMethod, params: object): Promise<void> {
  let answer: unknown;
  try {
    answer = await engine.requestClient(request, method, withRelatedTask(params, taskId));
    checkAnswer(method, key, answer);
  } catch (err) {
    if (request.aborted) return; // this tasks/result is gone: the next one asks again
    const code = err instanceof ClientRequestError || err instanceof RpcError ? err.code : -32603;
    answer = { [CLIENT_ERROR_ANSWER]: { code, message: err instanceof Error ? err.message : String(err) } };
  }
  try {
    await registry.answer(taskId, owner, { [key]: answer }, () => undefined);
  } catch (err) {
    engine.logger.warn({ err, taskId }, 'could not deliver an answer to a task');
  }
}
