/**
 * tools/list and tools/call.
 */
import type { MethodSpec } from '../dispatch-types.js';
import { INVALID_PARAMS, RpcError } from '../errors.js';
import { paginate } from '../pagination.js';
import { formatValidationErrors } from '../validation-errors.js';
import { errorResult, normalizeToolReturn } from '../../handler/normalize.js';
import { NotImplementedError } from '../../handler/results.js';
import { HttpError } from '../../middleware/types.js';
import { CallContext } from '../../server/call-context.js';
import { CancelledError } from '../../server/session.js';
import type { ActiveRequest } from '../../server/active-request.js';
import type { Engine } from '../../server/engine.js';
import type { ToolDefinition } from '../../registry/types.js';
import type { CallToolResult } from '../types.js';
import { requireString } from './params.js';
import { taskMode } from '../tasks/mode-2025.js';
import { startToolTask } from '../tasks/tool-task-2025.js';

export const toolsList: MethodSpec = {
  handle(engine, request) {
    const all = engine.live.tools.visible(request.context.caller);
    const { page, nextCursor } = paginate(all, request.params?.['cursor'], engine.pageSize);
    const tools = page.map((e) => e.wire);
    return nextCursor === undefined ? { tools } : { tools, nextCursor };
  },
};

function findTool(engine: Engine, request: { params: Record<string, unknown> | undefined; context: { caller: { roles: readonly string[] } } }): ToolDefinition {
  const name = requireString(request.params, 'name');
  const entry = engine.live.tools.byKey.get(name);
  if (entry === undefined || !engine.canUse(request.context.caller as never, entry.def)) throw new RpcError(INVALID_PARAMS, `Unknown tool: ${name}`);
  return entry.def;
}

export const toolsCall: MethodSpec = {
  target(engine, request) {
    const def = findTool(engine, request);
    // a task-augmented call answers with a task handle: never served from, nor stored in, the result cache
    if (taskMode(engine, def, request.params, request.context) !== undefined) {
      const { ttl: _cached, ...policy } = def;
      return { kind: 'tool', name: def.name, policy };
    }
    return { kind: 'tool', name: def.name, policy: def };
  },
  handle(engine, request, target) {
    const def = target !== undefined ? engine.live.tools.byKey.get(target.name)?.def ?? findTool(engine, request) : findTool(engine, request);
    const asked = taskMode(engine, def, request.params, request.context);
    // 2025-11-25 task-augmented call: the handler runs in the background, the client gets the task at once
    if (asked !== undefined) return startToolTask(engine, def, request as ActiveRequest, asked);
    const out = invokeTool(engine, def, request as ActiveRequest);
    if (request.context.protocolVersion >= '2025-06-18') return out;
    return out instanceof Promise ? out.then(forRevision20250326) : forRevision20250326(out);
  },
};

/**
 * 2025-03-26 has no `resource_link` content (nor structured output): a client of that revision may
 * reject the unknown block, so links become text naming the URI.
 */
export function forRevision20250326(result: CallToolResult): CallToolResult {
  if (!result.content.some((c) => c.type === 'resource_link')) return result;
  const content = result.content.map((c) => (c.type === 'resource_link' ? { type: 'text' as const, text: `${c.name}: ${c.uri}` } : c));
  return { ...result, content };
}

/** Validate input, run the handler, shape the result. Handler failures become `isError` results. */
export function invokeTool(engine: Engine, def: ToolDefinition, request: ActiveRequest): CallToolResult | Promise<CallToolResult> {
  const raw = request.params?.['arguments'];
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    return errorResult(`Invalid arguments for tool ${def.name}: input: must be object`);
  }
  const input = raw ?? {};
  if (!def.validateInput(input)) {
    return errorResult(`Invalid arguments for tool ${def.name}: ${formatValidationErrors('input', def.validateInput.errors)}`);
  }
  let out: unknown;
  try {
    out = def.handler(input, new CallContext(engine, request));
  } catch (err) {
    return toolFailure(engine, def, request, err);
  }
  if (out instanceof Promise) {
    return out.then(
      (v) => normalizeToolReturn(def, v),
      (err: unknown) => toolFailure(engine, def, request, err),
    );
  }
  return normalizeToolReturn(def, out);
}

function toolFailure(engine: Engine, def: ToolDefinition, request: ActiveRequest, err: unknown): CallToolResult {
  if (err instanceof NotImplementedError) return errorResult(err.message);
  if (err instanceof RpcError || err instanceof HttpError) throw err;
  if (request.aborted) {
    const reason = request.signal.reason;
    throw reason instanceof Error ? reason : new CancelledError('aborted');
  }
  engine.logger.warn({ err, tool: def.name }, 'tool handler threw');
  const message = err instanceof Error ? err.message : String(err);
  return errorResult(`Tool ${def.name} failed: ${message}`);
}
