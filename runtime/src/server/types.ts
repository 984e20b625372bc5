/**
 * The engine's public face: what `createMcpServer` returns and what transports, route installers and
 * tests use. Transport-agnostic: HTTP and stdio both call {@link McpServer.handleMessage}.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../logger/index.js';
import type { CallerIdentity, ServiceContainer } from '../handler/context.js';
import type { CallMiddleware, HttpGuard, Observer } from '../middleware/types.js';
import type {
  PromptDefinition,
  ResourceDefinition,
  ResourceTemplateDefinition,
  ServerInfo,
  ToolDefinition,
  CompletionDefinition,
} from '../registry/types.js';
import type { Settings } from '../settings/types.js';
import type { Stores } from '../store/types.js';
import type {
  CallToolResult,
  CompleteResult,
  GetPromptResult,
  JsonRpcResponse,
  ReadResourceResult,
} from '../protocol/types.js';
import type { RevisionModule } from '../protocol/dispatch-types.js';
import type { Session } from './session.js';

/** Options of {@link createMcpServer}. Everything is optional. */
export interface ServerOptions {
  /** Settings; default `loadSettings(process.env, registry.settings)`. */
  readonly settings?: Settings;
  /** Stores to use instead of the in-memory ones (e.g. Redis); missing ones are memory stores. */
  readonly stores?: Partial<Stores>;
  /** Server log; default a pino logger built from settings (stderr). */
  readonly logger?: Logger;
  /** Extra HTTP guards, run after the default security guards (the reference's `middlewares=[...]`). */
  readonly guards?: readonly HttpGuard[];
  /** Extra call middleware, run inside the default ones. */
  readonly callMiddleware?: readonly CallMiddleware[];
  /** Extra observers (logs, metrics). */
  readonly observers?: readonly Observer[];
  /** Set false to skip the default security layer (auth, origin, rate limit...); default true. */
  readonly defaultSecurity?: boolean;
  /** No sessions: every POST stands alone; GET and DELETE answer 405. Default false. */
  readonly stateless?: boolean;
  /** `auto` (default): JSON replies, SSE only when a handler streams; `always`: every request reply is SSE. */
  readonly sseReplies?: 'auto' | 'always';
  /** Items per page of every list method (default 100). */
  readonly pageSize?: number;
  /** The provider service container handlers see as `ctx.services`. */
  readonly services?: ServiceContainer;
  /** Extra protocol revision modules (e.g. 2026-07-28). */
  readonly revisions?: readonly RevisionModule[];
  /** SSE `retry:` hint in milliseconds sent with priming events (2025-11-25). Default 1000. */
  readonly sseRetryMs?: number;
  /** Identity of the stdio peer; default `{ id: 'stdio', roles: settings.defaultRoles, scheme: 'stdio' }`. */
  readonly stdioCaller?: CallerIdentity;
}

/** Options of the caller-aware helpers (legacy routes, REST routes, tests). */
export interface CallOptions {
  /** Default: anonymous with the default roles. */
  readonly caller?: CallerIdentity;
  readonly signal?: AbortSignal;
  readonly transport?: 'http' | 'stdio';
  readonly ip?: string;
  readonly meta?: Record<string, unknown>;
}

/** A reference to what a completion is for. */
export type CompletionRef = { readonly type: 'ref/prompt'; readonly name: string } | { readonly type: 'ref/resource'; readonly uri: string };

/** Where a message's related notifications and server-to-client requests go (a POST's SSE stream, stdout). */
export interface Outbound {
  /** Send one JSON-RPC message (already an object; the transport serializes it once). */
  send(message: object): void;
  /** Close the connection now so the client reconnects and resumes (SSE with event store); false when impossible. */
  closeConnection?(retryMs?: number): boolean;
}

/** What a transport tells the engine about one incoming message. */
export interface MessageContext {
  readonly transport: 'http' | 'stdio';
  readonly caller: CallerIdentity;
  readonly ip: string | undefined;
  /** Revision in effect: from the header, the session, or the initialize just answered. */
  protocolVersion: string;
  /** The in-process session; set by initialize on stateful transports. */
  session: Session | undefined;
  /** Related messages go here; undefined when the transport cannot stream (plain JSON only). */
  readonly outbound: Outbound | undefined;
  /** HTTP request headers, for revision modules that read them. */
  readonly headers?: IncomingHttpHeaders;
  /** Set by initialize on stateful HTTP: the transport must create a session and send its id. */
  wantsSession?: boolean;
  /** Aborts the request when the transport loses it (2026-07-28: closing the response stream cancels). */
  readonly signal?: AbortSignal;
}

/**
 * The protocol engine.
 *
 * @example
 * const server = createMcpServer(registry);
 * const reply = await server.handleMessage({ jsonrpc: '2.0', id: 1, method: 'ping' }, server.localContext());
 */
export interface McpServer {
  readonly info: ServerInfo;
  readonly settings: Settings;
  readonly stores: Stores;
  readonly logger: Logger;
  readonly services: ServiceContainer;
  /** HTTP guards in order (defaults, then the user's). */
  readonly guards: readonly HttpGuard[];
  readonly observers: readonly Observer[];
  readonly stateless: boolean;
  readonly sseReplies: 'auto' | 'always';
  /** True once close() began. */
  readonly closing: boolean;

  /** Handle one parsed JSON-RPC message; resolves to the response for requests, undefined otherwise. */
  handleMessage(message: unknown, context: MessageContext): Promise<JsonRpcResponse | undefined>;
  /** A context for in-process use (tests, embedding): a local session, given caller, no streaming. */
  localContext(options?: { caller?: CallerIdentity; outbound?: Outbound }): MessageContext;

  // live registry
  addTool(def: ToolDefinition): void;
  removeTool(name: string): boolean;
  addResource(def: ResourceDefinition): void;
  removeResource(uri: string): boolean;
  addResourceTemplate(def: ResourceTemplateDefinition): void;
  removeResourceTemplate(name: string): boolean;
  addPrompt(def: PromptDefinition): void;
  removePrompt(name: string): boolean;
  addCompletion(def: CompletionDefinition): void;
  /** Current definitions (read-only snapshots). */
  tools(): readonly ToolDefinition[];
  resources(): readonly ResourceDefinition[];
  resourceTemplates(): readonly ResourceTemplateDefinition[];
  prompts(): readonly PromptDefinition[];
  completions(): readonly CompletionDefinition[];

  // caller-aware helpers (same roles, validation, middleware and observers as /mcp)
  listTools(caller?: CallerIdentity): readonly ToolDefinition[];
  listResources(caller?: CallerIdentity): readonly ResourceDefinition[];
  listResourceTemplates(caller?: CallerIdentity): readonly ResourceTemplateDefinition[];
  listPrompts(caller?: CallerIdentity): readonly PromptDefinition[];
  callTool(name: string, args: unknown, options?: CallOptions): Promise<CallToolResult>;
  readResource(uri: string, options?: CallOptions): Promise<ReadResourceResult>;
  getPrompt(name: string, args: Record<string, string> | undefined, options?: CallOptions): Promise<GetPromptResult>;
  complete(ref: CompletionRef, argument: { name: string; value: string }, options?: CallOptions & { context?: Record<string, string> }): Promise<CompleteResult>;

  /** Tell every session subscribed to `uri` (all instances) that it changed. */
  notifyResourceUpdated(uri: string): Promise<void>;
  /** Tell every connected client (all instances) that a list changed. */
  notifyListChanged(kind: 'tools' | 'resources' | 'prompts'): Promise<void>;

  /** Graceful shutdown: refuse new work, let in-flight calls finish (settings.shutdownGraceMs), close streams and stores. */
  close(): Promise<void>;
}
