/**
 * @mcp-gen/runtime: the runtime of mcp-gen apps. MCP over Streamable HTTP and stdio, sessions,
 * SSE with resumption, auth, roles, rate limits, cache, logs. Generated code imports only from here
 * (and `@mcp-gen/runtime/validation`, `@mcp-gen/runtime/redis`).
 */

// engine and transports
export { createMcpServer } from './server/create-server.js';
export type { McpServer, ServerOptions, CallOptions, CompletionRef, MessageContext, Outbound } from './server/types.js';
export { createApp, type App, type AppOptions } from './app/create-app.js';
export { createMcpRouter, type McpRouterOptions } from './app/router.js';
export { defineApp, type DefineAppOptions, type DefinedApp } from './app/define-app.js';
export { runCli, type CliOptions } from './cli/run-cli.js';
// OpenAPI 3.1: the document type and the builder of the fixed MCP parts (openapi.gen.ts composes them)
export * from './openapi/index.js';
export { serveStdio, type StdioOptions, type StdioConnection } from './transport/stdio/index.js';
export { createMcpHttpHandler, type McpHttpHandler, type McpRoute } from './transport/http/mcp-endpoint.js';

// handler API
export type {
  HandlerContext,
  ResourceContext,
  CompletionContext,
  CallerIdentity,
  ClientLogger,
  ServiceContainer,
} from './handler/context.js';
export {
  ToolResult,
  toolResult,
  toolError,
  text,
  image,
  audio,
  resourceLink,
  embeddedResource,
  NotImplementedError,
} from './handler/results.js';
// agent skills (SEP-2640): skill folders served as skill:// resources
export {
  loadSkills,
  loadSkillsAtStartup,
  skillResources,
  SKILLS_EXTENSION,
  SkillLoadError,
  type SkillsOptions,
  type LoadedSkill,
  type SkillEntry,
} from './skills/index.js';
export { ResourceTemplate, UriTemplateError, type TemplateValue, type MatchedVars } from './uri-template/index.js';

// registry contract
export type * from './registry/types.js';
export { lazyHandler, preloadHandlers, HandlerLoadError, type HandlerModule } from './registry/lazy-handler.js';
export type * from './protocol/types.js';
export { LOGGING_LEVELS } from './protocol/types.js';
export {
  RpcError,
  UrlElicitationRequiredError,
  PARSE_ERROR,
  INVALID_REQUEST,
  METHOD_NOT_FOUND,
  INVALID_PARAMS,
  INTERNAL_ERROR,
  RESOURCE_NOT_FOUND,
  URL_ELICITATION_REQUIRED,
} from './protocol/errors.js';
export { SUPPORTED_REVISIONS, latestRevision } from './protocol/revisions.js';
export type { RevisionModule, MethodSpec, MethodRequest, CallTarget, NotificationHandler, ClientBridge, ClientRequestMethod } from './protocol/dispatch-types.js';
export type { InputRequestOptions } from './handler/context.js';
// protocol 2026-07-28 (stateless) and the tasks extension
export { REV_2026, MissingClientCapabilityError, type StatelessOptions } from './protocol/rev2026/index.js';
export { configureStateless } from './protocol/rev2026/configure.js';

// middleware, settings, stores
export { HttpError } from './middleware/types.js';
export type { HttpGuard, GuardRequest, CallMiddleware, CallInfo, Observer, RequestRecord, CallRecord } from './middleware/types.js';
export { createSecurity, type Security, type SecurityOptions } from './middleware/index.js';
/**
 * The building blocks of {@link createSecurity}, for composing your own pipeline (the reference's
 * `middlewares=[mw_auth, mw_ratelimit, mw_cors]`): HTTP guards go in `ServerOptions.guards`, call
 * middleware in `ServerOptions.callMiddleware`, observers in `ServerOptions.observers`.
 *
 * @example
 * import { createMcpServer, corsGuard, apiKeyGuard, rateLimitGuard, loadSettings, createMemoryStores } from '@mcp-gen/runtime';
 * const settings = loadSettings(process.env, registry.settings);
 * const stores = createMemoryStores();
 * const server = createMcpServer(registry, {
 *   settings, stores, defaultSecurity: false,
 *   guards: [corsGuard(settings)!, apiKeyGuard(settings), rateLimitGuard(settings, stores.rateLimits)],
 * });
 */
export {
  apiKeyGuard,
  hmacGuard,
  oauthGuard,
  rateLimitGuard,
  elementRateLimit,
  corsGuard,
  originGuard,
  hostGuard,
  bodySizeGuard,
  cacheMiddleware,
  timeoutMiddleware,
  concurrencyMiddleware,
  rolesMiddleware,
  canUse,
  filterVisible,
  signRequest,
  wasCached,
  createMetrics,
  type Metrics,
  loggingObserver,
  readBodyLimited,
  assertJsonDepth,
  protectedResourceMetadata,
  isPublicPath,
} from './middleware/index.js';
export { loadSettings, SettingsError, describeSettings } from './settings/load.js';
export type { Settings, AuthMode, RateLimitSpec, OAuthSettings } from './settings/types.js';
export type * from './store/types.js';
export { createMemoryStores } from './store/memory/index.js';
export { createLogger, silentLogger, type Logger } from './logger/index.js';

// HTTP route installers (Express side of createApp)
export type { RouteInstaller, RouteInstallerOptions } from './http/route-installer.js';
export { installOpsRoutes } from './http/ops/index.js';
export { installDocsRoutes } from './http/docs/index.js';
export { installRestRoutes } from './http/rest/index.js';
export { loadProviders, registerProviders, bootProviders, shutdownProviders, ProviderError, type ServiceProvider, type LoadedProvider } from './providers/index.js';
