/**
 * The contract between generated code and the runtime: what `src/generated/registry.gen.ts`
 * builds from mcp.yaml and hands to {@link createMcpServer}. Schemas travel verbatim; validators
 * are precompiled (Ajv standalone), so the runtime never compiles a schema at start-up.
 */
import type { HandlerContext, ResourceContext, CompletionContext } from '../handler/context.js';
import type { ToolResult } from '../handler/results.js';
import type {
  ContentBlock,
  PromptMessage,
  ResourceContents,
  ToolAnnotations,
  Icon,
} from '../protocol/types.js';

export type Awaitable<T> = T | Promise<T>;

/** A JSON Schema object, published to clients exactly as written in mcp.yaml. */
export type JsonSchema = { readonly [key: string]: unknown };

/** One Ajv error, as a precompiled validator reports it. */
export interface ValidatorError {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A precompiled validator (Ajv standalone code): returns true or sets `errors`. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ValidatorError[] | null;
}

/** Policy shared by every element kind; each key is optional and overrides the server default. */
export interface ElementPolicy {
  /** Roles that may see and use the element; absent means everyone. */
  readonly roles?: readonly string[];
  /** Cache seconds for results (keyed by arguments and the caller's roles). */
  readonly ttl?: number;
  /** `<N>/<s|m|h|d>`, per caller (ip or key, by the rate-limit scope). */
  readonly rateLimit?: string;
  /** Per-call timeout in milliseconds. */
  readonly timeoutMs?: number;
}

/** What a tool handler may return. With an output schema: the structured value (or a ToolResult). */
export type ToolReturn<O> = [O] extends [never]
  ? string | ContentBlock | readonly ContentBlock[] | ToolResult
  : O | ToolResult<O>;

/** A tool handler: typed input in, typed output (or content) out. */
export type ToolHandler<I, O = never> = (input: I, ctx: HandlerContext) => Awaitable<ToolReturn<O>>;

/** A static resource handler. */
export type ResourceHandler = (ctx: ResourceContext) => Awaitable<ResourceBody>;

/** A resource template handler: receives the URI template variables, validated and typed. */
export type ResourceTemplateHandler<P> = (params: P, ctx: ResourceContext) => Awaitable<ResourceBody>;

/** A prompt handler: a single string is one user text message. */
export type PromptHandler<A> = (
  args: A,
  ctx: HandlerContext,
) => Awaitable<string | readonly PromptMessage[] | { description?: string; messages: readonly PromptMessage[] }>;

/** A completion provider: returns candidate values for a partially typed argument (at most 100 are sent). */
export type CompletionHandler = (
  value: string,
  ctx: CompletionContext,
) => Awaitable<readonly string[] | { values: readonly string[]; total?: number; hasMore?: boolean }>;

/**
 * A resource body: a string is text (with the declared mimeType), bytes are a blob,
 * or full contents items for multi-part resources.
 */
export type ResourceBody =
  | string
  | Uint8Array
  | { text: string; mimeType?: string }
  | { blob: string | Uint8Array; mimeType?: string }
  | readonly ResourceContents[];

export interface ToolDefinition<I = any, O = any> extends ElementPolicy {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly inputSchema: JsonSchema;
  readonly outputSchema?: JsonSchema;
  readonly annotations?: ToolAnnotations;
  readonly icons?: readonly Icon[];
  readonly meta?: Record<string, unknown>;
  /** Task support (2025-11-25+ tasks): forbidden (default), optional or required. */
  readonly taskSupport?: 'forbidden' | 'optional' | 'required';
  readonly validateInput: Validator;
  readonly validateOutput?: Validator;
  readonly handler: ToolHandler<I, O>;
}

export interface ResourceDefinition extends ElementPolicy {
  readonly name: string;
  readonly uri: string;
  readonly title?: string;
  readonly description?: string;
  readonly mimeType?: string;
  readonly size?: number;
  readonly icons?: readonly Icon[];
  readonly annotations?: Record<string, unknown>;
  readonly meta?: Record<string, unknown>;
  /** Clients may subscribe to updates of this resource. */
  readonly subscribe?: boolean;
  readonly handler: ResourceHandler;
}

export interface ResourceTemplateDefinition<P = any> extends ElementPolicy {
  readonly name: string;
  readonly uriTemplate: string;
  readonly title?: string;
  readonly description?: string;
  readonly mimeType?: string;
  readonly icons?: readonly Icon[];
  readonly annotations?: Record<string, unknown>;
  readonly meta?: Record<string, unknown>;
  readonly subscribe?: boolean;
  /** JSON Schema of the template variables (object with one property per variable). */
  readonly paramsSchema: JsonSchema;
  /** Validates the coerced variables (strings coerced to the declared types first). */
  readonly validateParams: Validator;
  /** Variable name -> completion provider name. */
  readonly complete?: Readonly<Record<string, string>>;
  readonly handler: ResourceTemplateHandler<P>;
}

export interface PromptArgumentDefinition {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly required?: boolean;
  /** Completion provider name. */
  readonly complete?: string;
}

export interface PromptDefinition<A = any> extends ElementPolicy {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly icons?: readonly Icon[];
  readonly meta?: Record<string, unknown>;
  readonly arguments: readonly PromptArgumentDefinition[];
  /** Validates the arguments object (all values are strings on the wire). */
  readonly validateArguments?: Validator;
  readonly handler: PromptHandler<A>;
}

export interface CompletionDefinition {
  readonly name: string;
  readonly description?: string;
  readonly handler: CompletionHandler;
}

export interface ServerInfo {
  readonly name: string;
  readonly version: string;
  readonly title?: string;
  readonly description?: string;
  readonly instructions?: string;
  readonly websiteUrl?: string;
  readonly icons?: readonly Icon[];
}

/**
 * Non-secret settings that mcp.yaml may hold (`settings:`); the environment overrides them.
 * Keys mirror the MCP_* variables (see settings/).
 */
export type SettingsDefaults = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** Everything a generated app declares. Built by `src/generated/registry.gen.ts`. */
export interface RegistryDefinition {
  readonly server: ServerInfo;
  readonly tools: readonly ToolDefinition[];
  readonly resources: readonly ResourceDefinition[];
  readonly resourceTemplates: readonly ResourceTemplateDefinition[];
  readonly prompts: readonly PromptDefinition[];
  readonly completions: readonly CompletionDefinition[];
  readonly settings?: SettingsDefaults;
}
