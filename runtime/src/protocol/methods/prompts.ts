/**
 * prompts/list and prompts/get.
 */
import type { CallTarget, MethodSpec } from '../dispatch-types.js';
import { INTERNAL_ERROR, INVALID_PARAMS, RpcError } from '../errors.js';
import { paginate } from '../pagination.js';
import { formatValidationErrors } from '../validation-errors.js';
import { normalizePromptReturn } from '../../handler/normalize.js';
import { NotImplementedError } from '../../handler/results.js';
import { CallContext } from '../../server/call-context.js';
import type { ActiveRequest } from '../../server/active-request.js';
import type { Engine } from '../../server/engine.js';
import type { PromptDefinition } from '../../registry/types.js';
import { optionalObject, requireString } from './params.js';

export const promptsList: MethodSpec = {
  handle(engine, request) {
    const all = engine.live.prompts.visible(request.context.caller);
    const { page, nextCursor } = paginate(all, request.params?.['cursor'], engine.pageSize);
    const prompts = page.map((e) => e.wire);
    return nextCursor === undefined ? { prompts } : { prompts, nextCursor };
  },
};

export function findPrompt(engine: Engine, name: string, caller: { roles: readonly string[] }): PromptDefinition {
  const entry = engine.live.prompts.byKey.get(name);
  if (entry === undefined || !engine.canUse(caller as never, entry.def)) throw new RpcError(INVALID_PARAMS, `Unknown prompt: ${name}`);
  return entry.def;
}

export const promptsGet: MethodSpec = {
  target(engine, request): CallTarget {
    const def = findPrompt(engine, requireString(request.params, 'name'), request.context.caller);
    return { kind: 'prompt', name: def.name, policy: def };
  },
  async handle(engine, request) {
    const def = findPrompt(engine, requireString(request.params, 'name'), request.context.caller);
    const args = optionalObject(request.params, 'arguments') ?? {};
    for (const [k, v] of Object.entries(args)) {
      if (typeof v !== 'string') throw new RpcError(INVALID_PARAMS, `Invalid arguments for prompt ${def.name}: arguments.${k} must be a string`);
    }
    for (const a of def.arguments) {
      if (a.required === true && args[a.name] === undefined) throw new RpcError(INVALID_PARAMS, `Invalid arguments for prompt ${def.name}: arguments.${a.name} is required`);
    }
    if (def.validateArguments !== undefined && !def.validateArguments(args)) {
      throw new RpcError(INVALID_PARAMS, `Invalid arguments for prompt ${def.name}: ${formatValidationErrors('arguments', def.validateArguments.errors)}`);
    }
    let out: unknown;
    try {
      out = await def.handler(args, new CallContext(engine, request as ActiveRequest));
    } catch (err) {
      if (err instanceof NotImplementedError) throw new RpcError(INTERNAL_ERROR, err.message);
      throw err;
    }
    return normalizePromptReturn(def, out);
  },
};
