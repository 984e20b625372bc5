/**
 * The protocol engine: classifies each message, dispatches requests through the revision's method
 * table and the call middleware, routes client responses to pending server-to-client requests,
 * and fans notifications out to sessions (across instances through the message bus).
 */
import { randomUUID } from 'node:crypto';
import type { CallerIdentity, ServiceContainer } from '../handler/context.js';
import { createLogger, type Logger } from '../logger/index.js';
import { createSecurity } from '../middleware/index.js';
import { composeCallChain } from '../middleware/pipeline.js';
import { wasCached } from '../middleware/cache/index.js';
import { HttpError, type CallInfo, type CallMiddleware, type CallRecord, type HttpGuard, type Observer } from '../middleware/types.js';
import type { CallTarget, MethodRequest, MethodSpec, RevisionModule } from '../protocol/dispatch-types.js';
import { CancelledError, ClientRequestError, Session } from './session.js';
import {
  INTERNAL_ERROR,
  METHOD_NOT_FOUND,
  REQUEST_CANCELLED,
  RpcError,
  SERVER_ERROR,
} from '../protocol/errors.js';
import { classify, failure, invalidRequest, success } from '../protocol/jsonrpc.js';
import { BASE_METHODS, BASE_NOTIFICATIONS } from '../protocol/methods/index.js';
import { SUPPORTED_REVISIONS, latestRevision } from '../protocol/revisions.js';
import type {
  CallToolResult,
  CompleteResult,
  GetPromptResult,
  JsonRpcErrorObject,
  JsonRpcResponse,
  ReadResourceResult,
  RequestId,
} from '../protocol/types.js';
import type {
  CompletionDefinition,
  PromptDefinition,
  RegistryDefinition,
  ResourceDefinition,
  ResourceTemplateDefinition,
  ServerInfo,
  ToolDefinition,
} from '../registry/types.js';
import { loadSettings } from '../settings/load.js';
import type { Settings } from '../settings/types.js';
import { createMemoryStores } from '../store/memory/index.js';
import { redisStoresFromSettings } from '../store/redis/index.js';
import type { Stores } from '../store/types.js';
import { ActiveRequest } from './active-request.js';
import { rev2026 } from '../protocol/rev2026/index.js';
import { LiveRegistry, visibleTo } from './live-registry.js';
import { SessionManager } from './session-manager.js';
import { InstanceBus, listChanged, type StreamMessage } from './instance-bus.js';
import { createServiceContainer } from './services.js';
import type { CallOptions, CompletionRef, McpServer, MessageContext, Outbound, ServerOptions } from './types.js';

/** Revision modules every server speaks besides the 2025 base table. */
const DEFAULT_REVISIONS: readonly RevisionModule[] = [rev2026];

/**
 * What call middleware sees of a request. A class (not an object literal with a getter and a closure):
 * one cheap allocation per call, and the AbortSignal is still created only when a middleware reads it.
 */
class RequestCallInfo implements CallInfo {
  readonly method: string;
  readonly params: Record<string, unknown> | undefined;
  readonly caller: CallerIdentity;
  readonly transport: 'http' | 'stdio';
  readonly ip: string | undefined;
  readonly target?: CallTarget;

  constructor(
    private readonly request: ActiveRequest,
    target: CallTarget | undefined,
  ) {
    const ctx = request.context;
    this.method = request.method;
    this.params = request.params;
    this.caller = ctx.caller;
    this.transport = ctx.transport;
    this.ip = ctx.ip;
    if (target !== undefined) this.target = target;
  }

  get signal(): AbortSignal {
    return this.request.signal;
  }

  /** Arrow property: middleware may call it detached (`const { abort } = call`). */
  readonly abort = (reason?: unknown): void => this.request.abort(reason);
}

/** The caller of in-process helpers when none is given. */
function anonymous(settings: Settings): CallerIdentity {
  return { id: 'anonymous', roles: settings.defaultRoles, scheme: 'none' };
}

export class Engine implements McpServer {
  readonly info: ServerInfo;
  readonly settings: Settings;
  readonly stores: Stores;
  readonly logger: Logger;
  readonly services: ServiceContainer;
  readonly guards: readonly HttpGuard[];
  readonly middleware: readonly CallMiddleware[];
  /** The call middleware composed once (sync results pass through marked layers: composeCallChain). */
  private readonly runMiddleware: (info: CallInfo, last: () => unknown) => unknown;
  readonly observers: readonly Observer[];
  readonly stateless: boolean;
  readonly sseReplies: 'auto' | 'always';
  readonly pageSize: number;
  readonly sseRetryMs: number;
  readonly live: LiveRegistry;
  readonly sessions: SessionManager;
  readonly stdioCaller: CallerIdentity;
  /** Sessions that are not in the store (stdio, in-process). */
  readonly localSessions = new Set<Session>();
  private readonly revisions = new Map<string, RevisionModule>();
  private inflight = 0;
  private closingFlag = false;
  private closePromise: Promise<void> | undefined;
  /** Called by transports when close() begins (stop accepting). */
  readonly closeHooks = new Set<() => void | Promise<void>>();
  /** Hear `take`/`tail` messages about resumable POST streams from other instances (HTTP transport). */
  readonly streamListeners = new Set<(message: StreamMessage) => void>();
  /** See every server-wide notification this instance fans out (2026-07-28 listen streams). */
  readonly notificationTaps = new Set<(message: object) => void>();
  /**
   * Run after the message bus reconnected following a drop (several instances on Redis): whatever other
   * instances published meanwhile was missed, so holders of streams re-announce or re-read (see
   * {@link InstanceBus.catchUp}).
   */
  readonly busReconnectHooks = new Set<() => void>();
  /** What this instance tells the other instances and hears from them (message bus). */
  readonly instances: InstanceBus;

  constructor(registry: RegistryDefinition, options: ServerOptions = {}) {
    this.info = registry.server;
    this.settings = options.settings ?? loadSettings(process.env, registry.settings ?? {});
    this.logger = options.logger ?? createLogger(this.settings, { destination: 'stderr', base: { server: registry.server.name } });
    const memory = createMemoryStores({ cacheMaxEntries: this.settings.cacheMaxEntries });
    // MCP_REDIS_URL: every piece of shared state in Redis, so several instances serve the same clients.
    const shared = options.stores ?? redisStoresFromSettings(this.settings, this.logger);
    this.stores = shared ? { ...memory, ...shared } : memory;
    const security =
      options.defaultSecurity === false ? { guards: [], callMiddleware: [], observers: [] } : createSecurity(this.settings, this.stores, this.logger);
    this.guards = [...security.guards, ...(options.guards ?? [])];
    this.middleware = [...security.callMiddleware, ...(options.callMiddleware ?? [])];
    this.runMiddleware = composeCallChain(this.middleware);
    this.observers = [...security.observers, ...(options.observers ?? [])];
    this.stateless = options.stateless ?? false;
    this.sseReplies = options.sseReplies ?? 'auto';
    this.pageSize = Math.max(1, options.pageSize ?? 100);
    this.sseRetryMs = options.sseRetryMs ?? 1000;
    this.services = options.services ?? createServiceContainer();
    this.stdioCaller = options.stdioCaller ?? { id: 'stdio', roles: this.settings.defaultRoles, scheme: 'stdio' };
    for (const rev of [...DEFAULT_REVISIONS, ...(options.revisions ?? [])]) {
      this.revisions.set(rev.version, rev);
      // a stateless revision is chosen per request, never negotiated by initialize
      if (rev.stateless !== true && !SUPPORTED_REVISIONS.includes(rev.version)) {
        SUPPORTED_REVISIONS.push(rev.version);
        SUPPORTED_REVISIONS.sort();
      }
    }
    this.live = new LiveRegistry(registry);
    this.live.onChange = (kind) => this.instances.local(listChanged(kind));
    this.sessions = new SessionManager(this.stores.sessions, this.stores.bus, this.settings.sessionIdleMs, this.settings.maxSessions, this.logger, this.observers);
    this.instances = new InstanceBus(this);
  }

  get closing(): boolean {
    return this.closingFlag;
  }

  /** Revision module for a version, when one is registered. */
  revision(version: string): RevisionModule | undefined {
    return this.revisions.get(version);
  }

  // ---------------------------------------------------------------- messages

  handleMessage(message: unknown, context: MessageContext): Promise<JsonRpcResponse | undefined> {
    const c = classify(message);
    switch (c.kind) {
      case 'request':
        return this.onRequest(c.id, c.method, c.params, context);
      case 'notification':
        return this.onNotification(c.method, c.params, context).then(() => undefined);
      case 'response':
        this.onResponse(c.id, c.result, c.error, context);
        return Promise.resolve(undefined);
      case 'invalid':
        return Promise.resolve(invalidRequest(c.id, c.reason));
    }
  }

  localContext(options: { caller?: CallerIdentity; outbound?: Outbound } = {}): MessageContext {
    const caller = options.caller ?? anonymous(this.settings);
    const session = this.createLocalSession(caller);
    session.initialized = true; // in-process: no handshake, the caller is ready at once
    return { transport: 'stdio', caller, ip: undefined, protocolVersion: latestRevision(), session, outbound: options.outbound };
  }

  /** A session kept only in this process (stdio, tests). */
  createLocalSession(caller: CallerIdentity): Session {
    const s = new Session({ id: `local-${randomUUID()}`, principal: caller.id, protocolVersion: latestRevision() }, true);
    this.localSessions.add(s);
    return s;
  }

  releaseLocalSession(session: Session): void {
    this.localSessions.delete(session);
    session.close('closed');
  }

  private findMethod(method: string, version: string): MethodSpec | undefined {
    const rev = this.revisions.get(version);
    if (rev?.methods !== undefined && method in rev.methods) return rev.methods[method] ?? undefined;
    return BASE_METHODS[method];
  }

  private async onRequest(id: RequestId, method: string, params: Record<string, unknown> | undefined, context: MessageContext, signal?: AbortSignal): Promise<JsonRpcResponse | undefined> {
    if (this.closingFlag) return failure(id, SERVER_ERROR, 'Server is shutting down');
    const spec = this.findMethod(method, context.protocolVersion);
    if (spec === undefined) return failure(id, METHOD_NOT_FOUND, `Method not found: ${method}`);
    const request = new ActiveRequest(id, method, params, context, signal ?? context.signal);
    const session = context.session;
    session?.track(id, request);
    this.inflight++;
    const started = performance.now();
    let target: CallTarget | undefined;
    try {
      target = spec.target?.(this, request);
      let result: unknown;
      if (spec.bare === true || this.middleware.length === 0) result = await spec.handle(this, request, target);
      else result = await this.runMiddleware(this.callInfo(request, target), () => spec.handle(this, request, target));
      // Before postProcess: a revision may copy the result, and the cache marks the object it served.
      const cached = wasCached(result);
      const rev = this.revisions.get(context.protocolVersion);
      if (rev?.postProcess !== undefined) result = rev.postProcess(method, result, request, this);
      if (target !== undefined) this.callDone(target.kind, target.name, isErrorResult(result) ? 'error' : cached ? 'cached' : 'ok', started);
      if (request.aborted && isCancellation(request)) return undefined;
      return success(id, result);
    } catch (err) {
      if (target !== undefined) this.callDone(target.kind, target.name, outcomeOf(err), started);
      if (request.aborted && isCancellation(request) && !(err instanceof HttpError)) return undefined;
      return failure(id, ...this.errorObject(err, request));
    } finally {
      session?.untrack(id);
      this.inflight--;
    }
  }

  /** The JSON-RPC error for a thrown value: never a stack trace, internal details only in the server log. */
  errorObject(err: unknown, request: MethodRequest): [number, string, unknown?] {
    let e: JsonRpcErrorObject;
    if (err instanceof RpcError) e = err.toJSON();
    else if (err instanceof HttpError) {
      const data = typeof err.data === 'object' && err.data !== null ? { error: err.code, ...(err.data as object) } : { error: err.code };
      e = { code: err.rpcCode, message: err.message, data };
    } else if (err instanceof CancelledError) e = { code: REQUEST_CANCELLED, message: `Request cancelled: ${err.message}` };
    else {
      this.logger.error({ err, method: request.method, id: request.id }, 'request failed');
      e = { code: INTERNAL_ERROR, message: `Internal error while serving ${request.method}` };
    }
    const rev = this.revisions.get(request.context.protocolVersion);
    if (rev?.mapError !== undefined) e = rev.mapError(e, request);
    return e.data === undefined ? [e.code, e.message] : [e.code, e.message, e.data];
  }

  private callInfo(request: ActiveRequest, target: CallTarget | undefined): CallInfo {
    return new RequestCallInfo(request, target);
  }

  private callDone(kind: 'tool' | 'resource' | 'resourceTemplate' | 'prompt', name: string, outcome: CallRecord['outcome'], started: number): void {
    if (this.observers.length === 0) return;
    const record = { kind, name, outcome, durationMs: performance.now() - started };
    for (const o of this.observers) {
      try {
        o.callDone?.(record);
      } catch {
        // observers must not break calls
      }
    }
  }

  private async onNotification(method: string, params: Record<string, unknown> | undefined, context: MessageContext): Promise<void> {
    const rev = this.revisions.get(context.protocolVersion);
    const handler = rev?.notifications !== undefined && method in rev.notifications ? rev.notifications[method] : BASE_NOTIFICATIONS[method];
    if (handler === undefined || handler === null) return; // unknown notifications are ignored, as JSON-RPC says
    try {
      await handler(this, params, context);
    } catch (err) {
      this.logger.warn({ err, method }, 'notification handler failed');
    }
  }

  private onResponse(id: RequestId, result: unknown, error: JsonRpcErrorObject | undefined, context: MessageContext): void {
    const session = context.session;
    if (session !== undefined && session.settle(id, result, error)) return;
    if (session !== undefined && !session.local) {
      // the request may have been sent by another instance serving this session
      this.instances.forward(session.id, { k: 'response', id, result, error });
      return;
    }
    this.logger.debug({ id, session: session?.id }, 'response for an unknown request ignored');
  }

  /**
   * True when the session's `initialized` reached another instance that this instance has not heard of yet
   * (the store's change feed is asynchronous): the store decides.
   */
  async initializedElsewhere(session: Session): Promise<boolean> {
    if (session.local) return false;
    const record = await this.stores.sessions.get(session.id).catch(() => undefined);
    if (record?.initialized !== true) return false;
    session.initialized = true;
    return true;
  }

  /** Send a request to the client (sampling, elicitation, roots) on the current stream and await its answer. */
  requestClient(request: ActiveRequest, method: string, params: object): Promise<unknown> {
    const session = request.context.session;
    if (session === undefined) return Promise.reject(new Error(`${method} needs a session (the server runs stateless)`));
    // lifecycle: until notifications/initialized only pings and logging may go to the client
    if (!session.initialized) {
      return this.initializedElsewhere(session).then((yes) =>
        yes ? this.requestClient(request, method, params) : Promise.reject(new Error(`${method}: the client has not sent notifications/initialized yet (only pings and logging may be sent before it)`)),
      );
    }
    const out = request.context.outbound ?? session.getStream;
    if (out === undefined) return Promise.reject(new Error(`${method}: no stream to reach the client on`));
    const { id, promise } = session.expect();
    const signal = request.signal;
    if (signal.aborted) {
      session.forget(id);
      return Promise.reject(signal.reason instanceof Error ? signal.reason : new CancelledError('aborted'));
    }
    const withMeta = { ...params } as Record<string, unknown>;
    out.send({ jsonrpc: '2.0', id, method, params: withMeta });
    const onAbort = (): void => {
      session.settle(id, undefined, { code: REQUEST_CANCELLED, message: 'request aborted' });
      out.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'the originating request was aborted' } });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return promise.finally(() => signal.removeEventListener('abort', onAbort));
  }

  // ---------------------------------------------------------------- notifications out

  /** Tell this resource's subscribers, on every instance. */
  notifyResourceUpdated(uri: string): Promise<void> {
    return this.instances.notifyResourceUpdated(uri);
  }

  /** Tell every session a list changed, on every instance. */
  notifyListChanged(kind: 'tools' | 'resources' | 'prompts'): Promise<void> {
    return this.instances.notifyListChanged(kind);
  }

  // ---------------------------------------------------------------- live registry

  addTool(def: ToolDefinition): void {
    this.live.addTool(def);
  }
  removeTool(name: string): boolean {
    return this.live.removeTool(name);
  }
  addResource(def: ResourceDefinition): void {
    this.live.addResource(def);
  }
  removeResource(uri: string): boolean {
    return this.live.removeResource(uri);
  }
  addResourceTemplate(def: ResourceTemplateDefinition): void {
    this.live.addResourceTemplate(def);
  }
  removeResourceTemplate(name: string): boolean {
    return this.live.removeResourceTemplate(name);
  }
  addPrompt(def: PromptDefinition): void {
    this.live.addPrompt(def);
  }
  removePrompt(name: string): boolean {
    return this.live.removePrompt(name);
  }
  addCompletion(def: CompletionDefinition): void {
    this.live.addCompletion(def);
  }
  tools(): readonly ToolDefinition[] {
    return this.live.tools.entries().map((e) => e.def);
  }
  resources(): readonly ResourceDefinition[] {
    return this.live.resources.entries().map((e) => e.def);
  }
  resourceTemplates(): readonly ResourceTemplateDefinition[] {
    return this.live.templates.entries().map((e) => e.def);
  }
  prompts(): readonly PromptDefinition[] {
    return this.live.prompts.entries().map((e) => e.def);
  }
  completions(): readonly CompletionDefinition[] {
    return [...this.live.completions.values()];
  }

  // ---------------------------------------------------------------- caller-aware helpers

  listTools(caller: CallerIdentity = anonymous(this.settings)): readonly ToolDefinition[] {
    return this.live.tools.visible(caller).map((e) => e.def);
  }
  listResources(caller: CallerIdentity = anonymous(this.settings)): readonly ResourceDefinition[] {
    return this.live.resources.visible(caller).map((e) => e.def);
  }
  listResourceTemplates(caller: CallerIdentity = anonymous(this.settings)): readonly ResourceTemplateDefinition[] {
    return this.live.templates.visible(caller).map((e) => e.def);
  }
  listPrompts(caller: CallerIdentity = anonymous(this.settings)): readonly PromptDefinition[] {
    return this.live.prompts.visible(caller).map((e) => e.def);
  }

  /** Dispatch one request without a session, exactly as /mcp would (roles, validation, middleware, observers). */
  async dispatchDirect(method: string, params: Record<string, unknown>, options: CallOptions = {}): Promise<JsonRpcResponse> {
    const context: MessageContext = {
      transport: options.transport ?? 'http',
      caller: options.caller ?? anonymous(this.settings),
      ip: options.ip,
      protocolVersion: latestRevision(),
      session: undefined,
      outbound: undefined,
    };
    const p = options.meta !== undefined ? { ...params, _meta: options.meta } : params;
    const reply = await this.onRequest(0, method, p, context, options.signal);
    return reply ?? failure(0, REQUEST_CANCELLED, 'Request cancelled');
  }

  /** Run one method and unwrap the result; JSON-RPC errors are thrown as {@link RpcError}. */
  async call<T>(method: string, params: Record<string, unknown>, options: CallOptions = {}): Promise<T> {
    const reply = await this.dispatchDirect(method, params, options);
    if ('error' in reply) throw new RpcError(reply.error.code, reply.error.message, reply.error.data);
    return reply.result as T;
  }

  callTool(name: string, args: unknown, options?: CallOptions): Promise<CallToolResult> {
    return this.call('tools/call', { name, arguments: args ?? {} }, options);
  }
  readResource(uri: string, options?: CallOptions): Promise<ReadResourceResult> {
    return this.call('resources/read', { uri }, options);
  }
  getPrompt(name: string, args: Record<string, string> | undefined, options?: CallOptions): Promise<GetPromptResult> {
    return this.call('prompts/get', { name, arguments: args ?? {} }, options);
  }
  complete(ref: CompletionRef, argument: { name: string; value: string }, options: CallOptions & { context?: Record<string, string> } = {}): Promise<CompleteResult> {
    const params: Record<string, unknown> = { ref, argument };
    if (options.context !== undefined) params['context'] = { arguments: options.context };
    return this.call('completion/complete', params, options);
  }

  /** True when the caller may use an element (roles). */
  canUse(caller: CallerIdentity, policy: { roles?: readonly string[] }): boolean {
    return visibleTo(caller, policy);
  }

  // ---------------------------------------------------------------- shutdown

  close(): Promise<void> {
    this.closePromise ??= this.shutdown();
    return this.closePromise;
  }

  private async shutdown(): Promise<void> {
    this.closingFlag = true;
    for (const hook of this.closeHooks) {
      try {
        await hook();
      } catch (err) {
        this.logger.warn({ err }, 'close hook failed');
      }
    }
    const deadline = Date.now() + this.settings.shutdownGraceMs;
    while (this.inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await this.sessions.close();
    for (const s of this.localSessions) s.close('server shutting down');
    this.localSessions.clear();
    await this.instances.close();
    await this.stores.close().catch((err: unknown) => this.logger.warn({ err }, 'closing stores failed'));
  }

  /** Requests being served now. */
  get inflightCount(): number {
    return this.inflight;
  }
}

function isErrorResult(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { isError?: unknown }).isError === true;
}

function isCancellation(request: ActiveRequest): boolean {
  return request.signal.reason instanceof CancelledError;
}

function outcomeOf(err: unknown): 'error' | 'rejected' | 'timeout' | 'cancelled' {
  if (err instanceof HttpError) return err.code === 'request_timeout' ? 'timeout' : 'rejected';
  if (err instanceof CancelledError) return 'cancelled';
  if (err instanceof ClientRequestError) return 'error';
  return 'error';
}

