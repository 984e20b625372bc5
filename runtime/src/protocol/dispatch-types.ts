/**
 * How methods are dispatched: a base table of method specs (the 2025 revisions) and optional
 * per-revision modules that add, replace or remove methods and post-process results.
 * A revision module (e.g. protocol/rev2026/) registers through `ServerOptions.revisions`.
 */
import type { LoggingLevel, RequestId } from './types.js';
import type { MessageContext } from '../server/types.js';
import type { Engine } from '../server/engine.js';
import type { ElementPolicy } from '../registry/types.js';

/** One request being served. `signal` is created on first read (most calls never need it). */
export interface MethodRequest {
  readonly id: RequestId;
  readonly method: string;
  readonly params: Record<string, unknown> | undefined;
  readonly context: MessageContext;
  readonly signal: AbortSignal;
}

/** The element a call targets, resolved before call middleware runs. */
export interface CallTarget {
  readonly kind: 'tool' | 'resource' | 'resourceTemplate' | 'prompt';
  readonly name: string;
  readonly policy: ElementPolicy;
}

export interface MethodSpec {
  /** Serve the request; return the result (or a promise). Throw RpcError/HttpError for errors. */
  handle(engine: Engine, request: MethodRequest, target: CallTarget | undefined): unknown;
  /** Resolve the targeted element (for middleware and policy). Throw RpcError when unknown. */
  target?(engine: Engine, request: MethodRequest): CallTarget | undefined;
  /** Skip call middleware (only for protocol plumbing such as initialize and ping). */
  readonly bare?: boolean;
}

export type NotificationHandler = (engine: Engine, params: Record<string, unknown> | undefined, context: MessageContext) => void | Promise<void>;

/** A protocol revision's differences from the base table. */
export interface RevisionModule {
  /** e.g. `2026-07-28`; added to the supported list. */
  readonly version: string;
  /**
   * A stateless revision (2026-07-28): selected per request from its envelope, never negotiated by
   * `initialize` and never offered to sessions.
   */
  readonly stateless?: boolean;
  /** Methods of this revision; `null` removes a base method (answers -32601). */
  readonly methods?: Readonly<Record<string, MethodSpec | null>>;
  readonly notifications?: Readonly<Record<string, NotificationHandler | null>>;
  /** Rewrite every successful result of this revision (e.g. add `resultType`). */
  postProcess?(method: string, result: unknown, request: MethodRequest, engine: Engine): unknown;
  /** Map an error to the JSON-RPC error object this revision sends (e.g. -32002 -> -32602). */
  mapError?(error: { code: number; message: string; data?: unknown }, request: MethodRequest): { code: number; message: string; data?: unknown };
}

/** The requests a handler may send to the client. */
export type ClientRequestMethod = 'elicitation/create' | 'sampling/createMessage' | 'roots/list';

/**
 * How a handler reaches the client when a revision module changes it (2026-07-28: input-required
 * results instead of server-to-client requests; tasks: parked until `tasks/update`). Set on the
 * request by the revision's method before the handler runs; the handler context delegates to it.
 */
export interface ClientBridge {
  /** The capabilities the client declared for this request. */
  readonly clientCapabilities: Readonly<Record<string, unknown>> | undefined;
  /** Minimum level of log notifications for this request; undefined sends none. */
  readonly logLevel: LoggingLevel | undefined;
  /** Ask the client; `key` names the input (see `InputRequestOptions.key`). */
  request(method: ClientRequestMethod, params: object, key: string | undefined): Promise<unknown>;
  /** Turn the call into a task now (see `HandlerContext.continueAsTask`); absent: not possible. */
  continueAsTask?(): Promise<boolean>;
}
