/**
 * resources/list, resources/templates/list, resources/read, resources/subscribe and unsubscribe.
 */
import type { CallTarget, MethodRequest, MethodSpec } from '../dispatch-types.js';
import { INTERNAL_ERROR, INVALID_PARAMS, RESOURCE_NOT_FOUND, RpcError } from '../errors.js';
import { paginate } from '../pagination.js';
import { formatValidationErrors } from '../validation-errors.js';
import { normalizeResourceBody } from '../../handler/normalize.js';
import { NotImplementedError } from '../../handler/results.js';
import { CallContext } from '../../server/call-context.js';
import type { ActiveRequest } from '../../server/active-request.js';
import type { Engine } from '../../server/engine.js';
import type { ResourceDefinition, ResourceTemplateDefinition, JsonSchema } from '../../registry/types.js';
import type { MatchedVars } from '../../uri-template/index.js';
import { requireString } from './params.js';

export const resourcesList: MethodSpec = {
  handle(engine, request) {
    const all = engine.live.resources.visible(request.context.caller);
    const { page, nextCursor } = paginate(all, request.params?.['cursor'], engine.pageSize);
    const resources = page.map((e) => e.wire);
    return nextCursor === undefined ? { resources } : { resources, nextCursor };
  },
};

export const templatesList: MethodSpec = {
  handle(engine, request) {
    const all = engine.live.templates.visible(request.context.caller);
    const { page, nextCursor } = paginate(all, request.params?.['cursor'], engine.pageSize);
    const resourceTemplates = page.map((e) => e.wire);
    return nextCursor === undefined ? { resourceTemplates } : { resourceTemplates, nextCursor };
  },
};

/** A resolved read: a static resource, or a template with the URI's variables. */
type Resolved =
  | { readonly kind: 'resource'; readonly def: ResourceDefinition }
  | { readonly kind: 'resourceTemplate'; readonly def: ResourceTemplateDefinition; readonly vars: MatchedVars };

const resolved = new WeakMap<MethodRequest, Resolved>();

function notFound(uri: string): RpcError {
  return new RpcError(RESOURCE_NOT_FOUND, `Resource not found: ${uri}`, { uri });
}

/**
 * Static resources by exact URI first, then templates in declaration order. `'hidden'` when only entries the
 * caller may not use match, undefined when nothing does.
 */
function lookupResource(engine: Engine, uri: string, caller: { roles: readonly string[] }): Resolved | 'hidden' | undefined {
  const hit = engine.live.resources.byKey.get(uri);
  if (hit !== undefined) return engine.canUse(caller as never, hit.def) ? { kind: 'resource', def: hit.def } : 'hidden';
  let hidden = false;
  for (const t of engine.live.compiledTemplates()) {
    const vars = t.template.match(uri);
    if (vars === null) continue;
    if (engine.canUse(caller as never, t.def)) return { kind: 'resourceTemplate', def: t.def, vars };
    hidden = true;
  }
  return hidden ? 'hidden' : undefined;
}

/** The resource or template a URI names for this caller; hidden ones are not found, like unknown ones. */
export function resolveResource(engine: Engine, uri: string, caller: { roles: readonly string[] }): Resolved {
  const found = lookupResource(engine, uri, caller);
  if (found === undefined || found === 'hidden') throw notFound(uri);
  return found;
}

function typeOf(schema: JsonSchema, name: string): { type: unknown; items: unknown } {
  const props = schema['properties'] as Record<string, { type?: unknown; items?: { type?: unknown } }> | undefined;
  const prop = props?.[name];
  return { type: prop?.type, items: prop?.items?.type };
}

function coerceScalar(value: string, type: unknown): unknown {
  const types = Array.isArray(type) ? type : [type];
  if ((types.includes('integer') || types.includes('number')) && /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (types.includes('null') && value === 'null') return null;
  return value;
}

/** URI variables are strings: coerce them to the types the params schema declares. */
export function coerceParams(schema: JsonSchema, vars: MatchedVars): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(vars)) {
    const { type, items } = typeOf(schema, name);
    const isArray = type === 'array' || (Array.isArray(type) && type.includes('array'));
    if (isArray) {
      const list = Array.isArray(value) ? value : value === '' ? [] : value.split(',');
      out[name] = list.map((v) => coerceScalar(v, items));
    } else {
      out[name] = coerceScalar(Array.isArray(value) ? value.join(',') : value, type);
    }
  }
  return out;
}

export const resourcesRead: MethodSpec = {
  target(engine, request): CallTarget {
    const uri = requireString(request.params, 'uri');
    const r = resolveResource(engine, uri, request.context.caller);
    resolved.set(request, r);
    return { kind: r.kind, name: r.def.name, policy: r.def };
  },
  async handle(engine, request) {
    const uri = requireString(request.params, 'uri');
    const r = resolved.get(request) ?? resolveResource(engine, uri, request.context.caller);
    const ctx = new CallContext(engine, request as ActiveRequest, uri);
    let body;
    try {
      if (r.kind === 'resource') {
        body = await r.def.handler(ctx);
      } else {
        const params = coerceParams(r.def.paramsSchema, r.vars);
        if (!r.def.validateParams(params)) {
          throw new RpcError(INVALID_PARAMS, `Invalid parameters for resource template ${r.def.name}: ${formatValidationErrors('params', r.def.validateParams.errors)}`);
        }
        body = await r.def.handler(params, ctx);
      }
    } catch (err) {
      if (err instanceof NotImplementedError) throw new RpcError(INTERNAL_ERROR, err.message);
      throw err;
    }
    return { contents: normalizeResourceBody(uri, r.def.mimeType, body) };
  },
};

function subscriptionChange(add: boolean): MethodSpec {
  return {
    async handle(engine, request) {
      const uri = requireString(request.params, 'uri');
      const s = request.context.session;
      if (s === undefined) throw new RpcError(INVALID_PARAMS, 'Subscriptions need a session (the server runs stateless)');
      // A resource hidden from the caller by roles: answered like any URI (no oracle) but never subscribed,
      // so its updates never reach this session.
      if (add && lookupResource(engine, uri, request.context.caller) === 'hidden') return {};
      if (add) (s.subscriptions ??= new Set()).add(uri);
      else s.subscriptions?.delete(uri);
      // Awaited: the instance holding the GET stream must know before the client's next request.
      await engine.sessions.save(s, { subscriptions: [...(s.subscriptions ?? [])] });
      return {};
    },
  };
}

export const resourcesSubscribe = subscriptionChange(true);
export const resourcesUnsubscribe = subscriptionChange(false);
