/**
 * `subscriptions/listen` (2026-07-28): a long-lived request whose response stream carries the
 * notifications the client opted into (list changes, resource updates), replacing the 2025 GET
 * stream and resources/subscribe. Every message on it carries the subscription id (the listen
 * request's JSON-RPC id) in `_meta`; the first one is the acknowledgement.
 */
import type { MethodSpec } from '../dispatch-types.js';
import { INVALID_PARAMS, RpcError, SERVER_ERROR } from '../errors.js';
import type { Engine } from '../../server/engine.js';
import type { Outbound } from '../../server/types.js';
import { META_SUBSCRIPTION_ID } from './constants.js';

/** What one listen stream asked for. */
export interface SubscriptionFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

interface Listener {
  readonly id: string | number;
  readonly filter: SubscriptionFilter;
  readonly out: Outbound;
  /** Ends the listen request with its graceful result (server shutdown). */
  readonly end: () => void;
}

/** The listen streams open on one engine; fed by the engine's notification taps. */
class ListenHub {
  readonly listeners = new Set<Listener>();

  constructor(engine: Engine) {
    engine.notificationTaps.add((message) => this.deliver(message));
    // The bus was down (several instances): updates raised elsewhere were missed; the engine re-sends the
    // list changes through the taps, each listener's subscribed URIs are re-announced here.
    engine.busReconnectHooks.add(() => {
      for (const l of this.listeners) {
        for (const uri of l.filter.resourceSubscriptions ?? []) {
          l.out.send({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri, _meta: { [META_SUBSCRIPTION_ID]: l.id } } });
        }
      }
    });
    engine.closeHooks.add(() => {
      for (const l of this.listeners) l.end();
    });
  }

  private deliver(message: object): void {
    if (this.listeners.size === 0) return;
    const m = message as { method?: string; params?: Record<string, unknown> };
    for (const l of this.listeners) {
      if (!wants(l.filter, m)) continue;
      const params = { ...(m.params ?? {}), _meta: { ...((m.params?.['_meta'] as object | undefined) ?? {}), [META_SUBSCRIPTION_ID]: l.id } };
      l.out.send({ jsonrpc: '2.0', method: m.method, params });
    }
  }
}

function wants(f: SubscriptionFilter, m: { method?: string; params?: Record<string, unknown> }): boolean {
  switch (m.method) {
    case 'notifications/tools/list_changed':
      return f.toolsListChanged === true;
    case 'notifications/prompts/list_changed':
      return f.promptsListChanged === true;
    case 'notifications/resources/list_changed':
      return f.resourcesListChanged === true;
    case 'notifications/resources/updated': {
      const uri = m.params?.['uri'];
      return typeof uri === 'string' && (f.resourceSubscriptions?.includes(uri) ?? false);
    }
    default:
      return false;
  }
}

/** Open listen streams one instance serves at most (each holds a connection). */
const MAX_LISTENERS = 10_000;

const hubs = new WeakMap<Engine, ListenHub>();

function hubOf(engine: Engine): ListenHub {
  let h = hubs.get(engine);
  if (h === undefined) {
    h = new ListenHub(engine);
    hubs.set(engine, h);
  }
  return h;
}

/** Read `params.notifications`; unknown members are ignored, wrong types are -32602. */
export function readFilter(params: Record<string, unknown> | undefined): SubscriptionFilter {
  const n = params?.['notifications'];
  if (typeof n !== 'object' || n === null || Array.isArray(n)) throw new RpcError(INVALID_PARAMS, 'Invalid params: notifications must be an object (the subscription filter)');
  const raw = n as Record<string, unknown>;
  const filter: SubscriptionFilter = {};
  for (const k of ['toolsListChanged', 'promptsListChanged', 'resourcesListChanged'] as const) {
    const v = raw[k];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw new RpcError(INVALID_PARAMS, `Invalid params: notifications.${k} must be a boolean`);
    if (v) filter[k] = true;
  }
  const subs = raw['resourceSubscriptions'];
  if (subs !== undefined) {
    if (!Array.isArray(subs) || subs.some((s) => typeof s !== 'string')) throw new RpcError(INVALID_PARAMS, 'Invalid params: notifications.resourceSubscriptions must be an array of URIs');
    if (subs.length > 0) filter.resourceSubscriptions = [...new Set(subs as string[])];
  }
  return filter;
}

/** The listen method: acknowledge, then stay open until the client leaves or the server stops. */
export const subscriptionsListen: MethodSpec = {
  // plumbing, not a call: no per-call middleware (timeouts would cut the stream)
  bare: true,
  handle(engine, request) {
    const filter = readFilter(request.params);
    const out = request.context.outbound;
    if (out === undefined) throw new RpcError(INVALID_PARAMS, 'subscriptions/listen needs a streaming transport');
    const hub = hubOf(engine);
    if (hub.listeners.size >= MAX_LISTENERS) throw new RpcError(SERVER_ERROR, `Server busy: ${MAX_LISTENERS} subscriptions are open; retry later`);
    const meta = { [META_SUBSCRIPTION_ID]: request.id };
    return new Promise<unknown>((resolve) => {
      const done = (): void => {
        hub.listeners.delete(listener);
        resolve({ _meta: meta });
      };
      const listener: Listener = { id: request.id, filter, out, end: done };
      out.send({ jsonrpc: '2.0', method: 'notifications/subscriptions/acknowledged', params: { _meta: meta, notifications: filter } });
      hub.listeners.add(listener);
      const signal = request.signal;
      if (signal.aborted) done();
      else signal.addEventListener('abort', done, { once: true });
    });
  },
};
