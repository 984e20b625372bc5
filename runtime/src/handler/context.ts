/**
 * The handler context: everything a user's handler may use of the protocol and of the caller.
 * One object per call; fields are cheap to build (functions close over the live session).
 */
import type {
  CreateMessageRequestParams,
  CreateMessageResult,
  ElicitRequestParams,
  ElicitResult,
  LoggingLevel,
  Root,
} from '../protocol/types.js';

/** Who is calling: set by the auth middleware, `anonymous` when auth mode is `none`. */
export interface CallerIdentity {
  /** Stable principal id: key id, JWT `sub`, `hmac`, or `anonymous`. */
  readonly id: string;
  readonly roles: readonly string[];
  /** How the caller authenticated: none | apikey | hmac | oauth | stdio. */
  readonly scheme: string;
  /** Verified token claims (oauth) or key metadata. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** Logging to the client (`notifications/message`), filtered by the level the client set. */
export interface ClientLogger {
  debug(message: string | object, data?: unknown): void;
  info(message: string | object, data?: unknown): void;
  notice(message: string | object, data?: unknown): void;
  warning(message: string | object, data?: unknown): void;
  error(message: string | object, data?: unknown): void;
  critical(message: string | object, data?: unknown): void;
  alert(message: string | object, data?: unknown): void;
  emergency(message: string | object, data?: unknown): void;
  /** Send at an explicit level, with an optional logger name. */
  log(level: LoggingLevel, data: unknown, logger?: string): void;
}

/**
 * What a tool, prompt or resource handler receives besides its typed input.
 *
 * @example
 * export default (async ({ n }, ctx) => {
 *   for (let i = 0; i <= n; i++) {
 *     ctx.signal.throwIfAborted();
 *     await ctx.progress(i, n, `step ${i}`);
 *   }
 *   ctx.log.info('done');
 *   return { done: true };
 * }) satisfies Tools['count'];
 */
export interface HandlerContext {
  /** JSON-RPC id of the request being served (undefined for legacy REST calls). */
  readonly requestId: string | number | undefined;
  /** Aborted on cancellation (`notifications/cancelled`, stream closed in 2026-07-28), timeout or shutdown. */
  readonly signal: AbortSignal;
  /** The authenticated caller. */
  readonly caller: CallerIdentity;
  /** Negotiated protocol revision, e.g. `2025-11-25`. */
  readonly protocolVersion: string;
  /** Session id when the transport is stateful. */
  readonly sessionId: string | undefined;
  /** The request's `_meta` as sent by the client. */
  readonly meta: Readonly<Record<string, unknown>> | undefined;
  /** Client logging (`notifications/message`). */
  readonly log: ClientLogger;
  /** Report progress when the client sent a progress token; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /**
   * Ask the user for input (`elicitation/create`, form or URL mode). On the stateless 2026-07-28
   * revision this becomes an input-required result keyed by `options.key`; the handler is run again
   * with the answer when the client retries (so code before it must be safe to repeat).
   */
  elicit(params: ElicitRequestParams, options?: InputRequestOptions): Promise<ElicitResult>;
  /** Ask the client's model (`sampling/createMessage`). Same 2026-07-28 behaviour as {@link elicit}. */
  sample(params: CreateMessageRequestParams, options?: InputRequestOptions): Promise<CreateMessageResult>;
  /** The client's roots (`roots/list`). Same 2026-07-28 behaviour as {@link elicit}. */
  listRoots(options?: InputRequestOptions): Promise<readonly Root[]>;
  /**
   * The capabilities the client declared: at initialize (2025 revisions) or on this very request
   * (2026-07-28 `_meta`). Undefined when unknown.
   */
  readonly clientCapabilities: Readonly<Record<string, unknown>> | undefined;
  /**
   * Finish this tool call in the background as a task (2026-07-28 tasks extension): the client gets a
   * task handle now and polls for the result. Resolves true once the call is a task (later input
   * requests then park the task until `tasks/update`), false when tasks are not possible here (the
   * tool forbids them or the client did not opt in), in which case the call simply goes on.
   */
  continueAsTask(): Promise<boolean>;
  /** Tell subscribers that a resource changed (`notifications/resources/updated`). */
  notifyResourceUpdated(uri: string): Promise<void>;
  /** Tell clients that a list changed (`notifications/<kind>/list_changed`). */
  notifyListChanged(kind: 'tools' | 'resources' | 'prompts'): Promise<void>;
  /** The provider service container (see providers). */
  readonly services: ServiceContainer;
  /**
   * Close the current SSE stream now (the client reconnects with `Last-Event-ID` and still gets every
   * later message, including the result). Only when the reply is a resumable SSE stream (2025-11-25
   * with an event store); returns false otherwise. Use it to free a connection during a long call.
   */
  closeSseStream(retryMs?: number): boolean;
}

/** Options of a request to the client (elicitation, sampling, roots). */
export interface InputRequestOptions {
  /**
   * Stable name of this input within the call (2026-07-28 input-required results use it as the
   * `inputRequests` key). Default: `<method>-<n>` in call order, e.g. `elicitation-1`.
   */
  readonly key?: string;
}

/** Context of a resource read: the concrete URI being read. */
export interface ResourceContext extends HandlerContext {
  readonly uri: string;
}

/** Context of a completion request. */
export interface CompletionContext {
  /** The argument or template variable being completed. */
  readonly argument: string;
  /** Values already given for the other arguments (`context.arguments`). */
  readonly arguments: Readonly<Record<string, string>>;
  /** What is being completed: a prompt or a resource template. */
  readonly ref: { readonly type: 'ref/prompt'; readonly name: string } | { readonly type: 'ref/resource'; readonly uri: string };
  readonly caller: CallerIdentity;
  readonly signal: AbortSignal;
}

/** A tiny service container for providers (`register(container, registry)`). */
export interface ServiceContainer {
  set<T>(name: string, value: T): void;
  get<T>(name: string): T;
  has(name: string): boolean;
}
