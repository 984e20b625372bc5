/**
 * tasks/get, tasks/update and tasks/cancel (SEP-2663). Each needs the tasks extension declared on
 * the request (-32021 otherwise); a task is visible only to the principal that created it.
 */
import type { MethodSpec } from '../dispatch-types.js';
import { INVALID_PARAMS, RpcError } from '../errors.js';
import type { Engine } from '../../server/engine.js';
import { TASKS_EXTENSION } from '../rev2026/constants.js';
import { hasExtension, readEnvelope } from '../rev2026/envelope.js';
import { MissingClientCapabilityError } from '../rev2026/errors.js';
import { checkAnswer } from '../rev2026/mrtr.js';
import { statelessOptions } from '../rev2026/options.js';
import { MemoryTaskStore } from '../../store/memory/tasks.js';
import { TaskRegistry, type TaskRegistryOptions } from './registry.js';

const registries = new WeakMap<Engine, TaskRegistry>();

/**
 * The task registry of an engine (created on first use, closed with the engine), on the engine's task
 * store and message bus: in memory by default, shared by every instance on Redis.
 */
export function tasksOf(engine: Engine, options?: TaskRegistryOptions): TaskRegistry {
  let r = registries.get(engine);
  if (r === undefined) {
    const configured = statelessOptions(engine);
    const registry = new TaskRegistry(engine.stores.tasks ?? new MemoryTaskStore(), engine.stores.bus, {
      ttlMs: configured.taskTtlMs,
      pollIntervalMs: configured.taskPollIntervalMs,
      ...(engine.settings.taskLeaseMs !== undefined ? { leaseMs: engine.settings.taskLeaseMs } : {}),
      ...options,
      onError: (err, taskId) => engine.logger.error({ err, taskId }, 'could not record how a task ended; it expires as it is'),
    });
    engine.closeHooks.add(() => registry.close());
    registries.set(engine, registry);
    r = registry;
  }
  return r;
}

function requireTasks(params: Record<string, unknown> | undefined): void {
  const env = readEnvelope(params);
  if (!hasExtension(env.clientCapabilities, TASKS_EXTENSION)) {
    throw new MissingClientCapabilityError({ extensions: { [TASKS_EXTENSION]: {} } }, `Tasks methods need the ${TASKS_EXTENSION} extension declared in the request's client capabilities`);
  }
}

export const tasksGet: MethodSpec = {
  bare: true,
  async handle(engine, request) {
    requireTasks(request.params);
    const registry = tasksOf(engine);
    return registry.detailed(await registry.get(request.params?.['taskId'], request.context.caller.id));
  },
};

export const tasksUpdate: MethodSpec = {
  bare: true,
  async handle(engine, request) {
    requireTasks(request.params);
    const registry = tasksOf(engine);
    const responses = request.params?.['inputResponses'];
    if (typeof responses !== 'object' || responses === null || Array.isArray(responses)) {
      throw new RpcError(INVALID_PARAMS, 'Invalid params: inputResponses must be an object keyed by the task\'s input request ids');
    }
    await registry.answer(request.params?.['taskId'], request.context.caller.id, responses as Record<string, unknown>, checkAnswer);
    return {};
  },
};

export const tasksCancel: MethodSpec = {
  bare: true,
  async handle(engine, request) {
    requireTasks(request.params);
    await tasksOf(engine).cancel(request.params?.['taskId'], request.context.caller.id);
    return {};
  },
};
