/**
 * completion/complete: prompt arguments and resource template variables, answered by the
 * completion provider the element names. At most 100 values go out, with `total` and `hasMore`.
 */
import type { MethodSpec } from '../dispatch-types.js';
import { INVALID_PARAMS, RpcError } from '../errors.js';
import type { CompletionContext } from '../../handler/context.js';
import type { CompleteResult } from '../types.js';
import { findPrompt } from './prompts.js';
import { optionalObject, requireString } from './params.js';

const MAX_VALUES = 100;
const EMPTY: CompleteResult = { completion: { values: [], hasMore: false } };

export const completionComplete: MethodSpec = {
  async handle(engine, request) {
    const ref = optionalObject(request.params, 'ref');
    const argument = optionalObject(request.params, 'argument');
    if (ref === undefined) throw new RpcError(INVALID_PARAMS, 'Invalid params: ref must be an object');
    if (argument === undefined) throw new RpcError(INVALID_PARAMS, 'Invalid params: argument must be an object');
    const argName = requireString(argument, 'name');
    const value = typeof argument['value'] === 'string' ? argument['value'] : '';
    const ctxArgs = (optionalObject(optionalObject(request.params, 'context'), 'arguments') ?? {}) as Record<string, string>;
    const caller = request.context.caller;
    let provider: string | undefined;
    let refOut: CompletionContext['ref'];
    if (ref['type'] === 'ref/prompt') {
      const prompt = findPrompt(engine, requireString(ref, 'name'), caller);
      const arg = prompt.arguments.find((a) => a.name === argName);
      if (arg === undefined) throw new RpcError(INVALID_PARAMS, `Prompt ${prompt.name} has no argument ${argName}`);
      provider = arg.complete;
      refOut = { type: 'ref/prompt', name: prompt.name };
    } else if (ref['type'] === 'ref/resource') {
      const uri = requireString(ref, 'uri');
      const t = engine.live.templates.entries().find((e) => e.def.uriTemplate === uri && engine.canUse(caller, e.def));
      if (t === undefined) {
        // a static resource has nothing to complete; one hidden from the caller is unknown to it
        const hit = engine.live.resources.byKey.get(uri);
        if (hit !== undefined && engine.canUse(caller, hit.def)) return EMPTY;
        throw new RpcError(INVALID_PARAMS, `Unknown resource template: ${uri}`);
      }
      provider = t.def.complete?.[argName];
      refOut = { type: 'ref/resource', uri };
    } else {
      throw new RpcError(INVALID_PARAMS, 'Invalid params: ref.type must be ref/prompt or ref/resource');
    }
    if (provider === undefined) return EMPTY;
    const def = engine.live.completions.get(provider);
    if (def === undefined) {
      engine.logger.warn({ provider }, 'completion provider is not registered');
      return EMPTY;
    }
    const ctx: CompletionContext = { argument: argName, arguments: ctxArgs, ref: refOut, caller, signal: request.signal };
    const out = await def.handler(value, ctx);
    const values = Array.isArray(out) ? (out as readonly string[]) : (out as { values: readonly string[] }).values;
    const extra = Array.isArray(out) ? {} : (out as { total?: number; hasMore?: boolean });
    const strings = values.filter((v): v is string => typeof v === 'string');
    const truncated = strings.length > MAX_VALUES;
    const completion: { values: string[]; total?: number; hasMore?: boolean } = { values: strings.slice(0, MAX_VALUES) };
    const total = extra.total ?? (truncated ? strings.length : undefined);
    if (total !== undefined) completion.total = total;
    completion.hasMore = extra.hasMore ?? truncated;
    return { completion };
  },
};
