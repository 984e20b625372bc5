/**
 * flask-mcp-server's JSON-RPC methods, kept so its README examples work as written:
 * `mcp.list` (the whole registry the caller may see) and `mcp.call` ({ kind, name, args }).
 */
import type { CallTarget, MethodRequest, MethodSpec } from '../dispatch-types.js';
import { INVALID_PARAMS, RESOURCE_NOT_FOUND, RpcError } from '../errors.js';
import { ActiveRequest } from '../../server/active-request.js';
import type { Engine } from '../../server/engine.js';
import { ResourceTemplate } from '../../uri-template/index.js';
import { promptsGet } from './prompts.js';
import { resourcesRead } from './resources.js';
import { toolsCall } from './tools.js';
import { optionalObject, requireString } from './params.js';

/** The registry as the caller may see it. */
export function legacyList(engine: Engine, caller: { id: string; roles: readonly string[]; scheme: string }): Record<string, unknown> {
  return {
    tools: engine.live.tools.visible(caller).map((e) => e.wire),
    resources: engine.live.resources.visible(caller).map((e) => e.wire),
    resourceTemplates: engine.live.templates.visible(caller).map((e) => e.wire),
    prompts: engine.live.prompts.visible(caller).map((e) => e.wire),
    completions: [...engine.live.completions.values()].map((c) => (c.description === undefined ? { name: c.name } : { name: c.name, description: c.description })),
  };
}

export const mcpList: MethodSpec = {
  handle: (engine, request) => legacyList(engine, request.context.caller),
};

const translated = new WeakMap<MethodRequest, { spec: MethodSpec; request: ActiveRequest }>();

/** Rewrite `{ kind, name, args }` into the MCP method it stands for. */
function translate(engine: Engine, request: MethodRequest): { spec: MethodSpec; request: ActiveRequest } {
  const known = translated.get(request);
  if (known !== undefined) return known;
  const kind = requireString(request.params, 'kind');
  const name = requireString(request.params, 'name');
  const args = optionalObject(request.params, 'args') ?? {};
  let spec: MethodSpec;
  let method: string;
  let params: Record<string, unknown>;
  if (kind === 'tool') {
    spec = toolsCall;
    method = 'tools/call';
    params = { name, arguments: args };
  } else if (kind === 'prompt') {
    spec = promptsGet;
    method = 'prompts/get';
    params = { name, arguments: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) };
  } else if (kind === 'resource') {
    spec = resourcesRead;
    method = 'resources/read';
    params = { uri: resourceUri(engine, name, args) };
  } else {
    throw new RpcError(INVALID_PARAMS, `Invalid params: kind must be tool, prompt or resource (got ${JSON.stringify(kind)})`);
  }
  const out = { spec, request: new ActiveRequest(request.id, method, params, request.context) };
  translated.set(request, out);
  return out;
}

/** A resource by URI, by name, or a template by name expanded with `args`. */
function resourceUri(engine: Engine, name: string, args: Record<string, unknown>): string {
  if (engine.live.resources.byKey.has(name)) return name;
  for (const e of engine.live.resources.entries()) if (e.def.name === name) return e.def.uri;
  for (const e of engine.live.templates.entries()) {
    if (e.def.name === name) return new ResourceTemplate(e.def.uriTemplate).expand(args as Record<string, string>);
  }
  if (typeof args['uri'] === 'string') return args['uri'];
  throw new RpcError(RESOURCE_NOT_FOUND, `Resource not found: ${name}`, { name });
}

export const mcpCall: MethodSpec = {
  target(engine, request): CallTarget | undefined {
    const t = translate(engine, request);
    return t.spec.target?.(engine, t.request);
  },
  handle(engine, request, target) {
    const t = translate(engine, request);
    return t.spec.handle(engine, t.request, target);
  },
};
