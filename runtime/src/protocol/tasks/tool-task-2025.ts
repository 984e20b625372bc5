/**
 * A task-augmented `tools/call` on 2025-11-25 (sessions, HTTP and stdio): the task is stored on the
 * shared {@link TaskRegistry} (memory or Redis), the client gets `CreateTaskResult` at once, and the
 * handler runs in the background on this instance, detached from the request that created it.
 *
 * While it runs, the handler reaches the client like this:
 * - progress and log messages go to the session's GET stream (the creating POST has been answered),
 *   with the related-task `_meta`;
 * - `ctx.elicit` / `ctx.sample` / `ctx.listRoots` park the task as `input_required`; the client's
 *   `tasks/result` (on any instance) sends the request on its stream and delivers the answer back
 *   here over the message bus (see methods-2025.ts).
 */
import type { ClientBridge, ClientRequestMethod } from '../dispatch-types.js';
import { INTERNAL_ERROR, RpcError } from '../errors.js';
import type { CallToolResult, LoggingLevel } from '../types.js';
import { invokeTool } from '../methods/tools.js';
import { HttpError } from '../../middleware/types.js';
import { ActiveRequest } from '../../server/active-request.js';
import type { Engine } from '../../server/engine.js';
import type { Session } from '../../server/session.js';
import type { MessageContext, Outbound } from '../../server/types.js';
import type { ToolDefinition } from '../../registry/types.js';
import type { StoredTask } from '../../store/types.js';
import { tasksOf } from './methods.js';
import { OwnerIndex } from './owner-index.js';
import type { TaskRegistry } from './registry.js';
import type { RunningTask } from './types.js';
import { createTaskResult, taskOwner, taskStatusNotification, TASKS_REVISION, withRelatedTask, type Task2025, type TaskRequest } from './wire-2025.js';

/** Same code the timeout middleware answers a timed-out synchronous call with. */
const TIMEOUT_CODE = -32001;

/** Marks an answer that is the client's JSON-RPC error to a parked request (set by tasks/result). */
export const CLIENT_ERROR_ANSWER = 'mcp-gen/client-error';

const indexes = new WeakMap<Engine, OwnerIndex>();
const notifying = new WeakSet<Engine>();

/** The per-owner task index of an engine (for tasks/list), on the registry's store. */
export function ownerIndexOf(engine: Engine): OwnerIndex {
  let index = indexes.get(engine);
  if (index === undefined) {
    index = new OwnerIndex(tasksOf(engine).taskStore);
    indexes.set(engine, index);
  }
  return index;
}

/** Who owns the tasks a request creates or reads: its principal and its session. */
export function ownerOf(context: Pick<MessageContext, 'caller' | 'session'>): string {
  return taskOwner(context.caller.id, context.session?.id);
}

/** The session id inside a 2025 owner key (undefined for other owners or sessionless callers). */
function sessionOfOwner(owner: string): string | undefined {
  const parts = owner.split('\n');
  if (parts.length !== 3 || parts[0] !== TASKS_REVISION || parts[2] === '-') return undefined;
  return parts[2];
}

/**
 * `notifications/tasks/status` (optional in the spec) to the owner's session when this instance
 * writes a change and holds that session's GET stream. Clients must poll anyway; this only saves a poll.
 */
function notifyStatusChanges(engine: Engine, registry: TaskRegistry): void {
  if (notifying.has(engine)) return;
  notifying.add(engine);
  registry.onChange((task: StoredTask) => {
    const sid = sessionOfOwner(task.owner);
    if (sid === undefined) return;
    const session = engine.sessions.local.get(sid) ?? [...engine.localSessions].find((s) => s.id === sid);
    const stream = session?.getStream;
    if (session === undefined || !session.initialized || stream === undefined || stream.closed) return;
    stream.send(taskStatusNotification(task));
  });
}

/** Related messages of a running task: the session's GET stream (if any), tagged with the task. */
class TaskOutbound implements Outbound {
  constructor(
    private readonly session: Session | undefined,
    private readonly taskId: string,
  ) {}

  send(message: object): void {
    const stream = this.session?.getStream;
    if (stream === undefined || stream.closed) return;
    const m = message as { params?: object };
    stream.send({ ...message, params: withRelatedTask(m.params ?? {}, this.taskId) });
  }
}

/** How the handler of a running 2025 task asks the client: the task parks until tasks/result answers. */
class TaskBridge implements ClientBridge {
  private next = 0;

  constructor(
    private readonly registry: TaskRegistry,
    private readonly run: RunningTask,
    private readonly session: Session | undefined,
  ) {}

  get clientCapabilities(): Readonly<Record<string, unknown>> | undefined {
    return this.session?.clientCapabilities;
  }

  /** The session's level; no level set means every message (2025 semantics). */
  get logLevel(): LoggingLevel | undefined {
    return this.session?.logLevel ?? 'debug';
  }

  async request(method: ClientRequestMethod, params: object, key: string | undefined): Promise<unknown> {
    const caps = this.session?.clientCapabilities;
    const need = method === 'elicitation/create' ? 'elicitation' : method === 'sampling/createMessage' ? 'sampling' : 'roots';
    const declared = caps?.[need] as Record<string, unknown> | undefined;
    if (declared === undefined) throw new Error(`the client does not support ${need} (no ${need} capability)`);
    if (method === 'elicitation/create' && (params as { mode?: unknown }).mode === 'url' && declared['url'] === undefined) {
      throw new Error('the client does not support URL-mode elicitation');
    }
    const name = key ?? `input-${++this.next}`;
    const answer = await this.registry.park(this.run, name, method, params);
    const failed = (answer as Record<string, unknown> | null)?.[CLIENT_ERROR_ANSWER] as { code?: unknown; message?: unknown } | undefined;
    if (failed !== undefined) {
      throw new RpcError(typeof failed.code === 'number' ? failed.code : INTERNAL_ERROR, `${method} failed on the client: ${String(failed.message ?? 'error')}`);
    }
    return answer;
  }

  continueAsTask(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

/** The error a failed task reports: protocol errors keep their code, anything else is -32603. */
function taskError(engine: Engine, toolName: string, err: unknown): { code: number; message: string; data?: unknown } {
  if (err instanceof RpcError) return err.toJSON();
  if (err instanceof HttpError) return { code: err.rpcCode, message: err.message };
  engine.logger.error({ err, tool: toolName }, 'task failed');
  return { code: INTERNAL_ERROR, message: `Internal error while running ${toolName}` };
}

/** The first text block of an error result, for the failed task's statusMessage. */
function errorText(result: CallToolResult, toolName: string): string {
  const t = result.content.find((c) => c.type === 'text') as { text?: string } | undefined;
  const text = typeof t?.text === 'string' && t.text !== '' ? t.text : `Tool ${toolName} returned an error`;
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

/**
 * Create the task for a task-augmented `tools/call` and start the handler in the background.
 *
 * @returns `{ task }` (CreateTaskResult), as soon as the task is stored (durable: any instance finds it)
 * @example
 * const created = await startToolTask(engine, def, request, { ttlMs: 60_000 });
 */
export async function startToolTask(engine: Engine, def: ToolDefinition, request: ActiveRequest, asked: TaskRequest): Promise<{ task: Task2025 }> {
  const registry = tasksOf(engine);
  notifyStatusChanges(engine, registry);
  const owner = ownerOf(request.context);
  const { task, run } = await registry.create(owner, def.name, undefined, asked.ttlMs !== undefined ? { ttlMs: asked.ttlMs } : {});
  const local = run!;
  try {
    // the index lives as long as the longest task could: one short task never hides a longer one
    await ownerIndexOf(engine).add(owner, task.taskId, registry.maxTtlMs);
  } catch (err) {
    // not listable (too many tasks, store trouble): the task must not run unseen
    await registry.fail(task.taskId, { code: INTERNAL_ERROR, message: 'the task could not be recorded' }).catch(() => undefined);
    throw err;
  }

  const session = request.context.session;
  const { signal: _requestSignal, ...rest } = request.context;
  const runContext: MessageContext = { ...rest, outbound: new TaskOutbound(session, task.taskId) };
  const controller = new AbortController();
  local.controller.signal.addEventListener('abort', () => controller.abort(local.controller.signal.reason), { once: true });
  const runRequest = new ActiveRequest(request.id, request.method, request.params, runContext, controller.signal);
  runRequest.bridge = new TaskBridge(registry, local, session);

  // The call's timeout (element timeoutMs, else MCP_TOOL_TIMEOUT_MS) keeps bounding it as a task.
  const limitMs = def.timeoutMs ?? engine.settings.toolTimeoutMs;
  let limit: NodeJS.Timeout | undefined;
  if (limitMs > 0) {
    limit = setTimeout(() => {
      const message = `tool "${def.name}" timed out after ${limitMs} ms`;
      void registry.finish(task.taskId, { status: 'failed', error: { code: TIMEOUT_CODE, message, data: { timeoutMs: limitMs } }, statusMessage: message });
      controller.abort(new Error(`timed out after ${limitMs} ms`));
    }, limitMs);
    limit.unref();
  }
  const settle = async (): Promise<void> => {
    try {
      const result = await invokeTool(engine, def, runRequest);
      if (result.isError === true) await registry.finish(task.taskId, { status: 'failed', result, statusMessage: errorText(result, def.name) });
      else await registry.finish(task.taskId, { status: 'completed', result });
    } catch (err) {
      // cancelled or timed out: the record already says so (fail is a no-op on a terminal task)
      if (controller.signal.aborted) await registry.fail(task.taskId, { code: INTERNAL_ERROR, message: 'the task was stopped' });
      else {
        const error = taskError(engine, def.name, err);
        await registry.finish(task.taskId, { status: 'failed', error, statusMessage: error.message }); // spec: SHOULD say why
      }
    } finally {
      clearTimeout(limit);
    }
    // listable for as long as the finished task is readable, even after a run longer than the index lived
    await ownerIndexOf(engine).keep(owner, task.taskId, registry.maxTtlMs).catch((err: unknown) => engine.logger.warn({ err, taskId: task.taskId }, 'could not refresh the task list of a client'));
  };
  // detached from the request; the next turn, so the CreateTaskResult goes out first
  setImmediate(() => {
    settle().catch((err: unknown) => engine.logger.error({ err, taskId: task.taskId }, 'could not record how a task ended'));
  });
  return createTaskResult(task);
}
