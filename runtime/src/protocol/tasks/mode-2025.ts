/**
 * Whether a 2025-11-25 `tools/call` runs as a task: the server's `tasks` capability (declared when
 * any tool allows tasks), the tool's `taskSupport` and the request's `params.task`. Kept free of the
 * engine and the task registry: `tools/call` and `initialize` import it on their hot paths.
 */
import { METHOD_NOT_FOUND, RpcError } from '../errors.js';
import type { MessageContext } from '../../server/types.js';
import type { ToolDefinition } from '../../registry/types.js';
import { readTaskParam, TASKS_REVISION, type TaskRequest } from './wire-2025.js';

/** What the engine offers this check (structural: no import of the engine). */
interface ToolsView {
  readonly live: { readonly tools: { entries(): readonly { readonly def: ToolDefinition }[] } };
}

/** Per tools array (replaced on every change of the live registry): does any tool allow tasks? */
const enabledCache = new WeakMap<object, boolean>();

/**
 * True when the server offers 2025-11-25 tasks: at least one tool has `taskSupport` optional or
 * required. Cached until the tool list changes.
 */
export function tasksEnabled(engine: ToolsView): boolean {
  const entries = engine.live.tools.entries();
  let on = enabledCache.get(entries);
  if (on === undefined) {
    on = entries.some((e) => e.def.taskSupport === 'optional' || e.def.taskSupport === 'required');
    enabledCache.set(entries, on);
  }
  return on;
}

/**
 * The task a `tools/call` asks for, when it must run as one; undefined for a normal call. Other
 * revisions, calls without a session, and servers without the `tasks` capability ignore
 * `params.task` (the spec: a receiver
 * that did not declare the capability processes the request normally). Errors (-32601, as the
 * tool-level negotiation rules say): a task for a `forbidden` tool, no task for a `required` one.
 *
 * @example
 * const asked = taskMode(engine, def, request.params, request.context); // { ttlMs: 60000 } | undefined
 */
export function taskMode(engine: ToolsView, def: ToolDefinition, params: Record<string, unknown> | undefined, context: Pick<MessageContext, 'protocolVersion' | 'session'>): TaskRequest | undefined {
  // sessions only: in-process calls, REST routes and sessionless HTTP have no tasks capability
  if (context.protocolVersion !== TASKS_REVISION || context.session === undefined) return undefined;
  const support = def.taskSupport ?? 'forbidden';
  const hasTask = params?.['task'] !== undefined && params['task'] !== null;
  if (!hasTask && support !== 'required') return undefined; // the common case: one property read
  if (!tasksEnabled(engine)) return undefined;
  const asked = readTaskParam(params);
  if (asked === undefined) {
    throw new RpcError(METHOD_NOT_FOUND, `Tool ${def.name} must be called as a task (taskSupport: required): add params.task, e.g. { "task": {} }`, { tool: def.name, taskSupport: 'required' });
  }
  if (support === 'forbidden') {
    throw new RpcError(METHOD_NOT_FOUND, `Tool ${def.name} cannot be called as a task (taskSupport: forbidden): call it without params.task`, { tool: def.name, taskSupport: 'forbidden' });
  }
  return asked;
}
