/**
 * The method table of 2026-07-28: `server/discover`, `subscriptions/listen`, the tasks methods, the
 * base methods wrapped for input-required results and caching hints, and the removed stateful RPCs.
 */
import type { MethodSpec } from '../dispatch-types.js';
import { BASE_METHODS } from '../methods/index.js';
import { resolveResource } from '../methods/resources.js';
import type { ActiveRequest } from '../../server/active-request.js';
import type { Engine } from '../../server/engine.js';
import { callTool2026 } from '../tasks/run.js';
import { tasksCancel, tasksGet, tasksOf, tasksUpdate } from '../tasks/methods.js';
import { listHints, readHints } from './cache-hints.js';
import { REMOVED_METHODS } from './constants.js';
import { serverDiscover } from './discover.js';
import { readEnvelope } from './envelope.js';
import { checkParamHeaders } from './headers.js';
import { subscriptionsListen } from './listen.js';
import { MrtrBridge } from './mrtr.js';
import { stateCodecOf, statelessOptions } from './options.js';

function base(method: string): MethodSpec {
  const spec = BASE_METHODS[method];
  if (spec === undefined) throw new Error(`base method ${method} is missing`);
  return spec;
}

/** A bridge for one call: answers from the retry, capabilities and log level from the envelope. */
async function bridgeFor(engine: Engine, request: ActiveRequest, name: string, args: unknown): Promise<MrtrBridge> {
  const env = readEnvelope(request.params);
  const p = request.params ?? {};
  return new MrtrBridge(await stateCodecOf(engine), request.method, name, args, { inputResponses: p['inputResponses'], requestState: p['requestState'] }, env.clientCapabilities, env.logLevel);
}

/** Run a base method with input-required support: a missing answer turns into an input-required result. */
async function withInputs(request: ActiveRequest, bridge: MrtrBridge, run: () => unknown): Promise<unknown> {
  request.bridge = bridge;
  try {
    const result = await run();
    return bridge.needsInput ? bridge.inputRequiredResult() : result;
  } catch (err) {
    if (bridge.needsInput) return bridge.inputRequiredResult();
    throw err;
  }
}

/** A list method with caching hints computed from what was listed. */
function cachedList(method: string, kind: 'tools' | 'prompts' | 'resources' | 'templates'): MethodSpec {
  const spec = base(method);
  return {
    ...spec,
    async handle(engine, request, target) {
      const result = (await spec.handle(engine, request, target)) as Record<string, unknown>;
      const live = kind === 'templates' ? engine.live.templates : engine.live[kind];
      const visible = live.visible(request.context.caller).map((e) => e.def);
      return { ...result, ...listHints(visible, statelessOptions(engine).listTtlMs) };
    },
  };
}

const toolsCall: MethodSpec = {
  target: base('tools/call').target!,
  async handle(engine, request, target) {
    const r = request as ActiveRequest;
    const name = target?.name ?? String(request.params?.['name']);
    const def = engine.live.tools.byKey.get(name)?.def;
    if (def === undefined) return base('tools/call').handle(engine, request, target);
    const args = request.params?.['arguments'];
    const headers = request.context.headers;
    if (headers !== undefined) checkParamHeaders(headers, def.inputSchema, args);
    const bridge = await bridgeFor(engine, r, def.name, args ?? {});
    return callTool2026(engine, def, r, bridge, tasksOf(engine), { graceMs: statelessOptions(engine).taskGraceMs });
  },
};

const promptsGet: MethodSpec = {
  target: base('prompts/get').target!,
  async handle(engine, request, target) {
    const r = request as ActiveRequest;
    const bridge = await bridgeFor(engine, r, String(request.params?.['name']), request.params?.['arguments'] ?? {});
    return withInputs(r, bridge, () => base('prompts/get').handle(engine, request, target));
  },
};

const resourcesRead: MethodSpec = {
  target: base('resources/read').target!,
  async handle(engine, request, target) {
    const r = request as ActiveRequest;
    const uri = String(request.params?.['uri']);
    const bridge = await bridgeFor(engine, r, uri, {});
    const result = (await withInputs(r, bridge, () => base('resources/read').handle(engine, request, target))) as Record<string, unknown>;
    if (result['resultType'] === 'input_required') return result;
    const def = resolveResource(engine, uri, request.context.caller).def;
    return { ...result, ...readHints(def, statelessOptions(engine).listTtlMs) };
  },
};

/** The 2026-07-28 table: entries here replace the base ones; `null` removes a method (404 / -32601). */
export const METHODS_2026: Readonly<Record<string, MethodSpec | null>> = {
  'server/discover': serverDiscover,
  'subscriptions/listen': subscriptionsListen,
  'tools/list': cachedList('tools/list', 'tools'),
  'prompts/list': cachedList('prompts/list', 'prompts'),
  'resources/list': cachedList('resources/list', 'resources'),
  'resources/templates/list': cachedList('resources/templates/list', 'templates'),
  'tools/call': toolsCall,
  'prompts/get': promptsGet,
  'resources/read': resourcesRead,
  'tasks/get': tasksGet,
  'tasks/update': tasksUpdate,
  'tasks/cancel': tasksCancel,
  // the legacy flask-style RPCs stay on the 2025 wire only
  'mcp.list': null,
  'mcp.call': null,
  ...Object.fromEntries(REMOVED_METHODS.map((m) => [m, null])),
};

