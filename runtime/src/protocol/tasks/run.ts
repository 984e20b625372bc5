/**
 * Server-directed task creation for `tools/call` (2026-07-28 + tasks extension). A tool that allows
 * tasks runs as an ordinary call first; if it has not finished within a short grace period (or its
 * handler calls `ctx.continueAsTask()`), the client gets a task handle and the handler keeps running
 * in the background, detached from the HTTP request. Input it asks for before that point is an
 * input-required result (multi round-trip); after it, the task parks as `input_required`.
 */
import type { ClientBridge, ClientRequestMethod } from '../dispatch-types.js';
import { INTERNAL_ERROR, RpcError } from '../errors.js';
import type { LoggingLevel } from '../types.js';
import { invokeTool } from '../methods/tools.js';
import { HttpError } from '../../middleware/types.js';
import { ActiveRequest } from '../../server/active-request.js';
import type { Engine } from '../../server/engine.js';
import type { MessageContext, Outbound } from '../../server/types.js';
import type { ToolDefinition } from '../../registry/types.js';
import { TASKS_EXTENSION } from '../rev2026/constants.js';
import { hasExtension } from '../rev2026/envelope.js';
import { MissingClientCapabilityError } from '../rev2026/errors.js';
import type { MrtrBridge } from '../rev2026/mrtr.js';
import type { TaskRegistry } from './registry.js';
import type { RunningTask } from './types.js';
import type { StoredTask } from '../../store/types.js';

/** Related messages go to the request's stream until the call becomes a task, then nowhere. */
class SwitchableOutbound implements Outbound {
  constructor(public target: Outbound | undefined) {}
  send(message: object): void {
    this.target?.send(message);
  }
}

/** Before escalation: the multi round-trip bridge. After: answers from earlier rounds, else park the task. */
class PhasedBridge implements ClientBridge {
  task: RunningTask | undefined;
  /** Set by the runner: request escalation now; resolves once the task exists. */
  escalate: (() => Promise<boolean>) | undefined;
  /** While the task is being stored: input asked meanwhile waits for it (then parks the task). */
  creating: Promise<boolean> | undefined;

  constructor(
    private readonly mrtr: MrtrBridge,
    private readonly registry: TaskRegistry,
  ) {}

  get clientCapabilities(): Readonly<Record<string, unknown>> {
    return this.mrtr.clientCapabilities;
  }

  get logLevel(): LoggingLevel | undefined {
    return this.mrtr.logLevel;
  }

  request(method: ClientRequestMethod, params: object, key: string | undefined): Promise<unknown> {
    const task = this.task;
    if (task === undefined && this.creating !== undefined) return this.creating.then(() => this.requestNow(method, params, key));
    return this.requestNow(method, params, key);
  }

  private requestNow(method: ClientRequestMethod, params: object, key: string | undefined): Promise<unknown> {
    const task = this.task;
    if (task === undefined) return this.mrtr.request(method, params, key);
    try {
      const hit = this.mrtr.lookup(method, params, key);
      if (hit.found) return Promise.resolve(hit.answer);
      return this.registry.park(task, hit.key, method, params);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  continueAsTask(): Promise<boolean> {
    if (this.task !== undefined) return Promise.resolve(true);
    return this.escalate?.() ?? Promise.resolve(false);
  }
}

export interface TaskRunOptions {
  /** How long a task-capable call may run before it becomes a task (ms). */
  readonly graceMs: number;
}

/** Same code the timeout middleware answers a timed-out synchronous call with. */
const TIMEOUT_CODE = -32001;

type Outcome = { readonly kind: 'settled'; readonly ok: boolean; readonly value: unknown } | { readonly kind: 'escalate' };

/** The error object a failed task reports: protocol errors keep their code, anything else is -32603. */
function taskError(engine: Engine, toolName: string, err: unknown): { code: number; message: string; data?: unknown } {
  if (err instanceof RpcError) return err.toJSON();
  if (err instanceof HttpError) return { code: err.rpcCode, message: err.message };
  engine.logger.error({ err, tool: toolName }, 'task failed');
  return { code: INTERNAL_ERROR, message: `Internal error while running ${toolName}` };
}

/** `{ resultType: 'task', ...envelope }`: the flat CreateTaskResult. */
function createTaskResult(registry: TaskRegistry, task: StoredTask): Record<string, unknown> {
  return { ...registry.envelope(task), resultType: 'task' };
}

/**
 * Run `tools/call` for a tool, creating a task when the tool and the client allow it.
 *
 * @returns the tool result, an input-required result, or a CreateTaskResult
 */
export async function callTool2026(engine: Engine, def: ToolDefinition, request: ActiveRequest, mrtr: MrtrBridge, registry: TaskRegistry, options: TaskRunOptions): Promise<unknown> {
  const support = def.taskSupport ?? 'forbidden';
  const negotiated = hasExtension(mrtr.clientCapabilities, TASKS_EXTENSION);
  if (support === 'required' && !negotiated) {
    throw new MissingClientCapabilityError({ extensions: { [TASKS_EXTENSION]: {} } }, `Tool ${def.name} runs only as a task: the request must declare the ${TASKS_EXTENSION} extension`);
  }
  if (support === 'forbidden' || !negotiated) {
    request.bridge = mrtr;
    try {
      const result = await invokeTool(engine, def, request);
      return mrtr.needsInput ? mrtr.inputRequiredResult() : result;
    } catch (err) {
      if (mrtr.needsInput) return mrtr.inputRequiredResult();
      throw err;
    }
  }

  // The run gets its own signal and stream: both are cut loose from the HTTP request on escalation.
  const controller = new AbortController();
  const onRequestAbort = (): void => controller.abort(request.signal.reason);
  request.signal.addEventListener('abort', onRequestAbort, { once: true });
  const outbound = new SwitchableOutbound(request.context.outbound);
  const runContext: MessageContext = { ...request.context, outbound };
  const runRequest = new ActiveRequest(request.id, request.method, request.params, runContext, controller.signal);
  const bridge = new PhasedBridge(mrtr, registry);
  runRequest.bridge = bridge;

  let decide!: (o: Outcome) => void;
  const outcome = new Promise<Outcome>((resolve) => (decide = resolve));
  let createdSignal: ((ok: boolean) => void) | undefined;
  const taskReady = new Promise<boolean>((resolve) => (createdSignal = resolve));
  let settled = false;
  const escalate = (): void => {
    if (!settled) bridge.creating = taskReady;
    decide({ kind: 'escalate' });
  };
  bridge.escalate = () => {
    escalate();
    return taskReady;
  };
  const timer = setTimeout(escalate, options.graceMs);
  const run = Promise.resolve().then(() => invokeTool(engine, def, runRequest));
  run.then(
    (value) => {
      settled = true;
      decide({ kind: 'settled', ok: true, value });
    },
    (value: unknown) => {
      settled = true;
      decide({ kind: 'settled', ok: false, value });
    },
  );
  const first = await outcome;
  clearTimeout(timer);

  if (first.kind === 'settled') {
    request.signal.removeEventListener('abort', onRequestAbort);
    createdSignal?.(false);
    if (mrtr.needsInput) return mrtr.inputRequiredResult();
    if (!first.ok) throw first.value;
    if (support === 'optional') return first.value;
    // a required-task tool always answers with a task, even one that is already done
    const { task } = await registry.create(request.context.caller.id, def.name, { result: first.value });
    return createTaskResult(registry, task);
  }

  // Escalate: durable before the handle goes out, so an immediate tasks/get finds it (on any instance).
  let created: { task: StoredTask; run: RunningTask | undefined };
  try {
    created = await registry.create(request.context.caller.id, def.name);
  } catch (err) {
    // no task could be stored (store down, too many tasks): the run stops and the caller gets the error
    request.signal.removeEventListener('abort', onRequestAbort);
    controller.abort(err);
    createdSignal?.(false);
    run.catch(() => undefined);
    throw err;
  }
  const { task } = created;
  const local = created.run!;
  request.signal.removeEventListener('abort', onRequestAbort);
  outbound.target = undefined;
  bridge.task = local;
  local.controller.signal.addEventListener('abort', () => controller.abort(local.controller.signal.reason), { once: true });
  // The call's timeout (element timeoutMs, else MCP_TOOL_TIMEOUT_MS) keeps bounding it as a task.
  const limitMs = def.timeoutMs ?? engine.settings.toolTimeoutMs;
  if (limitMs > 0) {
    const limit = setTimeout(() => {
      void registry.fail(task.taskId, { code: TIMEOUT_CODE, message: `tool "${def.name}" timed out after ${limitMs} ms`, data: { timeoutMs: limitMs } });
      controller.abort(new Error(`timed out after ${limitMs} ms`));
    }, limitMs);
    limit.unref();
    void run.finally(() => clearTimeout(limit)).catch(() => undefined);
  }
  // fail/complete are no-ops once the task ended (cancelled or timed out meanwhile, on any instance)
  run.then(
    (result) => {
      if (mrtr.needsInput) return registry.fail(task.taskId, { code: INTERNAL_ERROR, message: `Tool ${def.name} asked for input in a way the task could not serve` });
      return registry.complete(task.taskId, result);
    },
    (err: unknown) => {
      if (local.controller.signal.aborted) return registry.fail(task.taskId, { code: INTERNAL_ERROR, message: 'the task was stopped' });
      return registry.fail(task.taskId, taskError(engine, def.name, err));
    },
  );
  createdSignal?.(true);
  return createTaskResult(registry, task);
}
