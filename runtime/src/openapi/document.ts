/**
 * The OpenAPI 3.1 document of an mcp-gen server: the fixed parts (the `/mcp` endpoint, the legacy
 * routes, the REST operation around each element, JSON-RPC and MCP result schemas, error responses,
 * header parameters, security schemes) live here once; a generated project passes only its own parts
 * (info, a few fields per element, element schemas, auth mode). Output is deterministic: fixed parts
 * first, then the project's, in the order given.
 */
import type { AuthMode } from '../settings/types.js';
import {
  type McpOpenApiPrompt,
  type McpOpenApiResource,
  type McpOpenApiResourceTemplate,
  type McpOpenApiTool,
  promptPath,
  resourcePath,
  resourceTemplatePath,
  toolPath,
} from './element-paths.js';
import { mcpPaths } from './mcp-paths.js';
import { protocolSchemas } from './protocol-schemas.js';
import { sharedParameters, sharedResponses } from './responses.js';
import { securityFor, securitySchemes } from './security.js';
import type { OpenApiDocument, OpenApiDocumentObject, OpenApiInfo, OpenApiPathItem, OpenApiSchema, OpenApiServer, OpenApiTag } from './types.js';

/** The project-specific parts of the document (what `openapi.gen.ts` holds). */
export interface McpOpenApiParts {
  /** Title, version, description and extensions of the server. */
  readonly info: OpenApiInfo;
  /** Default `[{ url: '/', description: 'This server' }]`; /docs.json replaces it with the mount path. */
  readonly servers?: OpenApiServer[];
  /** The auth mode of mcp.yaml: picks the top-level `security` (/docs.json applies the live mode). Default `none`. */
  readonly authMode?: AuthMode;
  /** The OAuth issuer: when an http(s) URL, an `openIdConnect` scheme pointing at its discovery document is declared. */
  readonly oauthIssuer?: string;
  /** Tools, each `POST /tools/{name}`; the first one makes the `/mcp` request examples concrete. */
  readonly tools?: readonly McpOpenApiTool[];
  /** Static resources, each `GET /resources/{name}`. */
  readonly resources?: readonly McpOpenApiResource[];
  /** Resource templates, each `GET /resource-templates/{name}`. */
  readonly resourceTemplates?: readonly McpOpenApiResourceTemplate[];
  /** Prompts, each `POST /prompts/{name}`. */
  readonly prompts?: readonly McpOpenApiPrompt[];
  /**
   * More operations of the project, after the element routes. Without `tools`, the first operation
   * with an `x-mcp-tool` extension makes the `/mcp` request examples concrete.
   */
  readonly paths?: Readonly<Record<string, OpenApiPathItem>>;
  /** The project's component schemas; protocol schemas are added after them, only those referenced. */
  readonly schemas?: Readonly<Record<string, OpenApiSchema>>;
}

const TAGS: readonly OpenApiTag[] = [
  { name: 'MCP', description: 'The Model Context Protocol endpoint (JSON-RPC 2.0 over Streamable HTTP).' },
  { name: 'Tools', description: 'One REST route per tool: same validation, auth, roles, rate limits and cache as MCP.' },
  { name: 'Resources', description: 'Resource reads and resource template reads.' },
  { name: 'Prompts', description: 'Prompt gets.' },
  { name: 'Legacy', description: 'flask-mcp-server compatible routes.' },
];

const OPERATION_KEYS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The parts of the document that take time to build (1,000 tools: ~40 ms): built together, on first read. */
interface DocumentBody {
  readonly tags: OpenApiTag[];
  readonly paths: Record<string, OpenApiPathItem>;
  readonly components: NonNullable<OpenApiDocumentObject['components']>;
}

function documentBody(parts: McpOpenApiParts, schemes: ReturnType<typeof securitySchemes>, protocol: ReturnType<typeof protocolSchemas>): DocumentBody {
  const own = parts.paths ?? {};
  const paths: Record<string, OpenApiPathItem> = mcpPaths(parts.tools?.[0] ?? firstTool(own));
  for (const tool of parts.tools ?? []) paths[`/tools/${tool.name}`] = toolPath(tool);
  for (const resource of parts.resources ?? []) paths[`/resources/${resource.name}`] = resourcePath(resource);
  for (const template of parts.resourceTemplates ?? []) paths[`/resource-templates/${template.name}`] = resourceTemplatePath(template);
  for (const prompt of parts.prompts ?? []) paths[`/prompts/${prompt.name}`] = promptPath(prompt);
  Object.assign(paths, own);
  const schemas: Record<string, OpenApiSchema> = { ...parts.schemas };
  const responses = sharedResponses();
  for (const name of usedProtocolSchemas(protocol, [paths, responses, schemas])) {
    if (name in schemas) throw new Error(`openapi: schema ${name} of the project collides with a protocol schema of the same name`);
    schemas[name] = protocol[name]!;
  }
  const usedTags = new Set(Object.values(paths).flatMap((item) => OPERATION_KEYS.flatMap((key) => item[key]?.tags ?? [])));
  return {
    tags: TAGS.filter((tag) => usedTags.has(tag.name)).map((tag) => ({ ...tag })),
    paths,
    components: { schemas, responses, parameters: sharedParameters(), securitySchemes: schemes },
  };
}

/**
 * Makes `key` of `target` an enumerable property computed on first read (then a plain data property, in the
 * same key position); writing it first just sets it. JSON.stringify, spreads and structuredClone see the value.
 */
function lazyProperty<T extends object>(target: T, key: PropertyKey, compute: () => unknown): void {
  const settle = (value: unknown): void => {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      settle(value);
      return value;
    },
    set: settle,
  });
}

/**
 * Builds the complete OpenAPI 3.1 document of an MCP server from its project-specific parts.
 * Throws when a project schema name is also the name of a protocol schema the document uses.
 * `tags`, `paths` and `components` are built on first read (a server loads its document at start-up
 * but reads it only for /docs.json), from `parts` as they are then: do not change them after this call.
 * The document is otherwise a plain object.
 *
 * @example
 * import { mcpOpenApiDocument, type OpenApiDocument } from '@mcp-gen/runtime/openapi';
 * export const openapi: OpenApiDocument = mcpOpenApiDocument({
 *   info: { title: 'demo', version: '1.0.0' },
 *   authMode: 'apikey',
 *   tools: [{ name: 'sum', description: 'Adds two numbers.', input: 'SumInput', inputRequired: true }],
 *   schemas: { SumInput: { type: 'object', required: ['a', 'b'] } },
 * });
 * openapi.paths?.['/tools/sum']?.post?.operationId; // 'tool.sum'
 */
export function mcpOpenApiDocument(parts: McpOpenApiParts): OpenApiDocument {
  const schemes = securitySchemes(parts.oauthIssuer);
  const protocol = protocolSchemas();
  let body: DocumentBody | undefined;
  const bodyOf = (): DocumentBody => (body ??= documentBody(parts, schemes, protocol));
  // A name collision can only involve a project schema named like a protocol schema: then build now, so the
  // error comes from this call, not from a later read.
  if (Object.keys(parts.schemas ?? {}).some((name) => Object.hasOwn(protocol, name))) bodyOf();
  const document = {
    openapi: '3.1.0',
    info: parts.info,
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: parts.servers ?? [{ url: '/', description: 'This server' }],
    security: securityFor(parts.authMode ?? 'none', schemes),
  } as OpenApiDocumentObject;
  lazyProperty(document, 'tags', () => bodyOf().tags);
  lazyProperty(document, 'paths', () => bodyOf().paths);
  lazyProperty(document, 'components', () => bodyOf().components);
  return toOpenApiTypes(document);
}

/**
 * The built document as openapi-types' `OpenAPIV3_1.Document`. The part types describe OpenAPI 3.1 as written
 * (e.g. `enum: string[]`, boolean schemas, `x-` fields) where openapi-types' 3.1 parts reuse narrower 3.0
 * shapes, so the types are bridged here, in one place; the object is returned unchanged.
 */
function toOpenApiTypes(document: OpenApiDocumentObject): OpenApiDocument {
  return document as unknown as OpenApiDocument;
}

/** The tool of the first operation marked `x-mcp-tool`, for the request examples of `/mcp`. */
function firstTool(paths: Readonly<Record<string, OpenApiPathItem>>): { name: string } | undefined {
  for (const item of Object.values(paths)) {
    for (const key of OPERATION_KEYS) {
      const name = item[key]?.['x-mcp-tool'];
      if (typeof name === 'string') return { name };
    }
  }
  return undefined;
}

/** Protocol schemas reachable from `roots` (in declaration order), so none is left unused. */
function usedProtocolSchemas(protocol: Record<string, unknown>, roots: readonly unknown[]): string[] {
  const prefix = '#/components/schemas/';
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(prefix)) {
        const name = value.slice(prefix.length).split('/')[0] ?? '';
        if (name in protocol && !used.has(name)) {
          used.add(name);
          visit(protocol[name]);
        }
      } else visit(value);
    }
  };
  roots.forEach(visit);
  return Object.keys(protocol).filter((name) => used.has(name));
}
