/**
 * One typed REST operation per declared element: `POST /tools/{name}`, `GET /resources/{name}`,
 * `GET /resource-templates/{name}?<variables>` and `POST /prompts/{name}` (served by the runtime's REST
 * routes through the same validation, auth, roles, rate limits and cache as /mcp). A project describes
 * its elements in a few fields; the operation around them is the same for every project, so it is built here.
 */
import { openApiErrorRefs } from './responses.js';
import type { OpenApiOperation, OpenApiPathItem } from './types.js';

/** What every element description may say; shown in the operation's summary and description. */
export interface McpOpenApiElement {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly roles?: readonly string[];
  /** e.g. `10/m`. */
  readonly rateLimit?: string;
  /** Cache lifetime in seconds. */
  readonly ttl?: number;
}

/** A tool: `POST /tools/{name}`. Schema fields are names under `components.schemas`. */
export interface McpOpenApiTool extends McpOpenApiElement {
  readonly input: string;
  /** The body is required (the input schema requires properties). Default false. */
  readonly inputRequired?: boolean;
  /** The output schema; without one the 200 answer is a ToolResult. */
  readonly output?: string;
  readonly annotations?: Readonly<Record<string, unknown>>;
}

/** A static resource: `GET /resources/{name}`. */
export interface McpOpenApiResource extends McpOpenApiElement {
  readonly uri: string;
  readonly mimeType?: string;
}

/** A resource template: `GET /resource-templates/{name}?<variables>`; `params` names the variables' schema. */
export interface McpOpenApiResourceTemplate extends McpOpenApiElement {
  readonly uriTemplate: string;
  readonly variables: readonly string[];
  readonly params: string;
}

/** A prompt: `POST /prompts/{name}`; `arguments` names the arguments' schema. */
export interface McpOpenApiPrompt extends McpOpenApiElement {
  readonly arguments: string;
  /** Some argument is required. Default false. */
  readonly argumentsRequired?: boolean;
}

/** Escapes a name for use as one JSON Pointer segment (RFC 6901). */
const pointerSegment = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');
const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${pointerSegment(name)}` });
const jsonBody = (schema: string) => ({ 'application/json': { schema: schemaRef(schema) } });

function describe(element: McpOpenApiElement, extra: string): Pick<OpenApiOperation, 'summary' | 'description'> {
  const lines = [...(element.description ? [element.description] : []), extra];
  if (element.roles && element.roles.length > 0) lines.push(`Roles: ${element.roles.map((r) => `\`${r}\``).join(', ')}.`);
  if (element.rateLimit) lines.push(`Rate limit: ${element.rateLimit} per caller.`);
  if (element.ttl) lines.push(`Cached for ${element.ttl}s.`);
  return { summary: element.title ?? element.name, description: lines.join('\n\n') };
}

/** `POST /tools/{name}`: input schema as body, output schema (or a ToolResult) as the 200 answer. */
export function toolPath(tool: McpOpenApiTool): OpenApiPathItem {
  return {
    post: {
      operationId: `tool.${tool.name}`,
      tags: ['Tools'],
      ...describe(tool, `MCP tool \`${tool.name}\`.`),
      requestBody: { required: tool.inputRequired === true, content: jsonBody(tool.input) },
      responses: {
        '200': {
          description: tool.output ? 'The structured result (the tool\'s output schema).' : 'The tool result.',
          content: jsonBody(tool.output ?? 'ToolResult'),
        },
        ...openApiErrorRefs([400, 401, 403, 404, 422, 429, 500]),
      },
      'x-mcp-tool': tool.name,
      ...(tool.annotations ? { 'x-mcp-annotations': tool.annotations } : {}),
    },
  };
}

/** `GET /resources/{name}`: the contents of a static resource. */
export function resourcePath(resource: McpOpenApiResource): OpenApiPathItem {
  return {
    get: {
      operationId: `resource.${resource.name}`,
      tags: ['Resources'],
      ...describe(resource, `Reads \`${resource.uri}\`${resource.mimeType ? ` (${resource.mimeType})` : ''}.`),
      responses: {
        '200': { description: 'The resource contents.', content: jsonBody('ReadResourceResult') },
        ...openApiErrorRefs([401, 403, 404, 429, 500]),
      },
      'x-mcp-uri': resource.uri,
    },
  };
}

/**
 * `GET /resource-templates/{name}?var=...`: the variables travel as an exploded form-style query
 * object, so the params schema is used as declared (`?id=7&lang=en`).
 */
export function resourceTemplatePath(template: McpOpenApiResourceTemplate): OpenApiPathItem {
  return {
    get: {
      operationId: `template.${template.name}`,
      tags: ['Resources'],
      ...describe(
        template,
        `Reads \`${template.uriTemplate}\`; the URI template variables (${template.variables.map((v) => `\`${v}\``).join(', ')}) are query parameters.`,
      ),
      parameters: [
        {
          name: 'params',
          in: 'query',
          required: template.variables.length > 0,
          style: 'form',
          explode: true,
          description: 'The URI template variables, one query parameter each.',
          schema: schemaRef(template.params),
        },
      ],
      responses: {
        '200': { description: 'The resource contents.', content: jsonBody('ReadResourceResult') },
        ...openApiErrorRefs([400, 401, 403, 404, 429, 500]),
      },
      'x-mcp-uri-template': template.uriTemplate,
    },
  };
}

/** `POST /prompts/{name}`: the arguments object as body, the prompt messages as the answer. */
export function promptPath(prompt: McpOpenApiPrompt): OpenApiPathItem {
  return {
    post: {
      operationId: `prompt.${prompt.name}`,
      tags: ['Prompts'],
      ...describe(prompt, `MCP prompt \`${prompt.name}\`.`),
      requestBody: { required: prompt.argumentsRequired === true, content: jsonBody(prompt.arguments) },
      responses: {
        '200': { description: 'The prompt messages.', content: jsonBody('GetPromptResult') },
        ...openApiErrorRefs([400, 401, 403, 404, 429, 500]),
      },
      'x-mcp-prompt': prompt.name,
    },
  };
}
